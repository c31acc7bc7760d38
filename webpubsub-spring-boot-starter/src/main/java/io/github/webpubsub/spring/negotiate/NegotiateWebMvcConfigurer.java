package io.github.webpubsub.spring.negotiate;

import java.util.List;

import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Adds the negotiate interceptor, which acts only on {@link WebPubSubNegotiate @WebPubSubNegotiate} methods, and
 * the resolver of their {@code ClientAccessRequest.Builder} parameter.
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

}
