package io.github.webpubsub.spring.negotiate;

import java.util.List;

import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Adds the resolver that refuses a {@code ClientAccessRequest.Builder} parameter outside
 * negotiate methods.
 */
final class NegotiateWebMvcConfigurer implements WebMvcConfigurer {

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new ClientAccessRequestArgumentResolver());
    }

}
