package io.github.webpubsub.spring.negotiate;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.github.webpubsub.token.ClientAccessRequest;
import io.github.webpubsub.token.InvalidClientAccessRequestException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.HandlerAdapter;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.HandlerResult;
import org.springframework.web.server.ServerWebExchange;

/**
 * Runs the {@link NegotiateFlow} of each {@link WebPubSubNegotiate @WebPubSubNegotiate}
 * method that WebFlux mapped, ahead of WebFlux's own adapter: the caller's
 * {@code Authentication} from Spring Security's {@link ReactiveSecurityContextHolder},
 * the prefilled request, the method invoked with it by WebFlux's own adapter (so that its
 * other arguments are resolved as for any handler method), the factory, the answer. Other
 * handlers are left to WebFlux.
 *
 * <p>
 * Nothing here blocks: in key-less mode the answer follows the service's answer, on the
 * HTTP client's thread; in key mode it is written at once. The handler stays the
 * controller's method, so CORS configuration, web filters, {@code @ExceptionHandler}
 * methods and advice apply as to any of its methods.
 */
final class ReactiveNegotiateHandlerAdapter implements HandlerAdapter, Ordered {

    private volatile Map<Method, NegotiateFlow> flows = Map.of();

    /** Set with the flows; until then this adapter supports no handler. */
    private volatile @Nullable HandlerAdapter webFlux;

    /**
     * Takes the mapped methods, and the adapter that invokes them: WebFlux's
     * {@code RequestMappingHandlerAdapter}.
     */
    void initialize(Map<Method, NegotiateFlow> flows, HandlerAdapter webFlux) {
        this.webFlux = webFlux;
        this.flows = Map.copyOf(flows);
    }

    @Override
    public int getOrder() {
        // Ahead of WebFlux's RequestMappingHandlerAdapter, which is not ordered and so
        // last.
        return 0;
    }

    @Override
    public boolean supports(Object handler) {
        return handler instanceof HandlerMethod method && this.flows.containsKey(method.getMethod());
    }

    @Override
    public Mono<HandlerResult> handle(ServerWebExchange exchange, Object handler) {
        HandlerMethod method = (HandlerMethod) handler;
        // supports(..) admitted only the methods that have a flow.
        NegotiateFlow flow = Objects.requireNonNull(this.flows.get(method.getMethod()));
        String path = exchange.getRequest().getPath().value();
        Map<String, String> pathVariables = exchange
            .getAttributeOrDefault(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, Map.of());
        return ReactiveSecurityContextHolder.getContext()
            .mapNotNull(SecurityContext::getAuthentication)
            .map(Optional::of)
            .defaultIfEmpty(Optional.empty())
            .flatMap((authentication) -> {
                NegotiateFlow.Start start = flow.prefill(authentication.orElse(null), pathVariables, path);
                return (start.refusal() != null) ? send(exchange, start.refusal())
                        : invoke(exchange, method, flow, start.prefilled(), path);
            });
    }

    /**
     * Invokes the method through WebFlux's adapter, with the prefilled request in the
     * subscriber context for its {@code ClientAccessRequest.Builder} argument, then
     * issues the request and sends the answer. The result of an {@code @ExceptionHandler}
     * method that handled the method's exception goes back to WebFlux, which renders it.
     */
    private Mono<HandlerResult> invoke(ServerWebExchange exchange, HandlerMethod method, NegotiateFlow flow,
            ClientAccessRequest.Builder prefilled, String path) {
        HandlerAdapter webFlux = this.webFlux;
        if (webFlux == null) {
            return Mono.error(new IllegalStateException("Negotiate endpoints are not mapped yet"));
        }
        return webFlux.handle(exchange, method)
            .contextWrite(ReactiveClientAccessRequestArgumentResolver.withRequest(prefilled))
            .map(Optional::of)
            .defaultIfEmpty(Optional.empty())
            .flatMap((result) -> {
                if (result.isPresent() && !returnedBy(result.get(), method)) {
                    return Mono.just(result.get());
                }
                if (result.isEmpty() && exchange.getResponse().isCommitted()) {
                    return Mono.empty();
                }
                CompletableFuture<NegotiateAnswer> answer = flow.issue(prefilled, path);
                return answer.isDone() ? send(exchange, NegotiateFlow.now(answer))
                        : Mono.fromFuture(answer).flatMap((later) -> send(exchange, later));
            })
            .onErrorResume(InvalidClientAccessRequestException.class,
                    (ex) -> send(exchange, NegotiateFlow.invalidRequest(ex, path)));
    }

    private static boolean returnedBy(HandlerResult result, HandlerMethod method) {
        return result.getHandler() instanceof HandlerMethod invoked && invoked.getMethod().equals(method.getMethod());
    }

    /**
     * Sends an answer whole, with its length.
     */
    static Mono<HandlerResult> send(ServerWebExchange exchange, NegotiateAnswer answer) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(answer.status());
        HttpHeaders headers = response.getHeaders();
        headers.set(HttpHeaders.CACHE_CONTROL, NegotiateAnswer.CACHE_CONTROL);
        headers.set(HttpHeaders.PRAGMA, NegotiateAnswer.PRAGMA);
        headers.setContentType(answer.contentType());
        headers.setContentLength(answer.body().length);
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(answer.body())))
            .then(Mono.empty());
    }

}
