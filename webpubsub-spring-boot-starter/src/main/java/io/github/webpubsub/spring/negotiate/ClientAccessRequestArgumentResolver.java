package io.github.webpubsub.spring.negotiate;

import io.github.webpubsub.token.ClientAccessRequest;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Supplies a {@link WebPubSubNegotiate @WebPubSubNegotiate} method's {@link ClientAccessRequest.Builder} parameter:
 * the request that {@link NegotiateInterceptor} prefilled, for the method to customise before it is issued.
 */
final class ClientAccessRequestArgumentResolver implements HandlerMethodArgumentResolver {

    private final NegotiateEndpoints endpoints;

    ClientAccessRequestArgumentResolver(NegotiateEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == ClientAccessRequest.Builder.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        // Claimed for every handler method, so that a builder parameter elsewhere fails with this message rather
        // than being bound from request parameters as a model attribute.
        if (this.endpoints.find(parameter.getMethod()) == null) {
            throw new IllegalStateException("A ClientAccessRequest.Builder parameter is supplied only to "
                    + "@WebPubSubNegotiate methods, and " + parameter.getExecutable() + " is none. Inject the "
                    + "ClientUrlFactory and call ClientAccessRequest.builder() instead.");
        }
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        ClientAccessRequest.Builder builder = (request != null) ? NegotiateInterceptor.prefilled(request) : null;
        if (builder == null) {
            throw new IllegalStateException("No prefilled ClientAccessRequest for " + parameter.getExecutable()
                    + ": the negotiate interceptor did not run.");
        }
        return builder;
    }

}
