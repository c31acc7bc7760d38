package io.github.webpubsub.spring.negotiate;

import java.lang.reflect.Executable;

import io.github.webpubsub.token.ClientAccessRequest;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.jspecify.annotations.Nullable;

/**
 * Refuses a {@link ClientAccessRequest.Builder} parameter of a Spring MVC handler method
 * that is no {@link WebPubSubNegotiate @WebPubSubNegotiate} method, with a message that
 * says what to do instead; without it, Spring MVC would bind the builder from request
 * parameters as a model attribute. A negotiate method's builder never reaches this
 * resolver: {@link ServletNegotiateHandlerAdapter} passes the prefilled request itself.
 */
final class ClientAccessRequestArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == ClientAccessRequest.Builder.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest, @Nullable WebDataBinderFactory binderFactory) {
        throw notANegotiateMethod(parameter.getExecutable());
    }

    static IllegalStateException notANegotiateMethod(Executable method) {
        return new IllegalStateException("A ClientAccessRequest.Builder parameter is supplied only to "
                + "@WebPubSubNegotiate methods, and " + method + " is none. Inject the ClientUrlFactory and call "
                + "ClientAccessRequest.builder() instead.");
    }

}
