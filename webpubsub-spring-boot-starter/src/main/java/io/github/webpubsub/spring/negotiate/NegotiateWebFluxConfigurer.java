package io.github.webpubsub.spring.negotiate;

import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/**
 * Adds the resolver of a WebFlux negotiate method's {@code ClientAccessRequest.Builder}
 * parameter, which refuses the parameter outside negotiate methods.
 */
final class NegotiateWebFluxConfigurer implements WebFluxConfigurer {

    @Override
    public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
        configurer.addCustomResolver(new ReactiveClientAccessRequestArgumentResolver());
    }

}
