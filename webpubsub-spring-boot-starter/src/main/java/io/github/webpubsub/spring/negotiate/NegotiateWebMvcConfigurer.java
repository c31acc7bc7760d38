package io.github.webpubsub.spring.negotiate;

import java.util.List;

import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Adds the negotiate interceptor, which acts only on {@link WebPubSubNegotiate @WebPubSubNegotiate} methods, the
 * resolver of their {@code ClientAccessRequest.Builder} parameter, and the resolver that answers their invalid
 * request values with 400.
 */
final class NegotiateWebMvcConfigurer implements WebMvcConfigurer {

    private final NegotiateInterceptor interceptor;

    private final NegotiateEndpoints endpoints;

    NegotiateWebMvcConfigurer(NegotiateInterceptor interceptor, NegotiateEndpoints endpoints) {
        this.interceptor = interceptor;
        this.endpoints = endpoints;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this.interceptor);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new ClientAccessRequestArgumentResolver(this.endpoints));
    }

    @Override
    public void extendHandlerExceptionResolvers(List<HandlerExceptionResolver> resolvers) {
        // First, ahead of an application's @ExceptionHandler(Exception.class), which would make it a 500.
        resolvers.add(0, new NegotiateExceptionResolver(this.endpoints));
    }

}
