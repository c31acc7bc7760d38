package io.github.webpubsub.spring.negotiate;

import io.github.webpubsub.token.ClientAccessRequest;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;

/**
 * Supplies a WebFlux {@link WebPubSubNegotiate @WebPubSubNegotiate} method's
 * {@link ClientAccessRequest.Builder} parameter: the request that
 * {@link ReactiveNegotiateHandlerAdapter} prefilled, from the subscriber context of the
 * method's invocation, as Spring Security's reactive resolvers take the principal from
 * theirs. Any other method that asks for one is refused with a message that says what to
 * do instead.
 */
final class ReactiveClientAccessRequestArgumentResolver implements HandlerMethodArgumentResolver {

    private static final Class<?> KEY = ClientAccessRequest.Builder.class;

    static Context withRequest(ClientAccessRequest.Builder request) {
        return Context.of(KEY, request);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == ClientAccessRequest.Builder.class;
    }

    @Override
    public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
            ServerWebExchange exchange) {
        return Mono.deferContextual((context) -> context.hasKey(KEY) ? Mono.just(context.get(KEY))
                : Mono.error(ClientAccessRequestArgumentResolver.notANegotiateMethod(parameter.getExecutable())));
    }

}
