package io.github.webpubsub.spring.negotiate;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import io.github.webpubsub.spring.autoconfigure.WebPubSubConfigurationException;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;

/**
 * Stops startup when {@link WebPubSubNegotiate @WebPubSubNegotiate} is used without the
 * Spring Security of the application's web stack: an endpoint that hands out tokens must
 * know who asks, and left unmapped it would answer 404 with no hint why.
 */
final class SpringSecurityRequiredCheck implements SmartInitializingSingleton, ApplicationContextAware {

    private final Function<List<String>, WebPubSubConfigurationException> failure;

    private @Nullable ApplicationContext context;

    /**
     * Creates a check.
     * @param failure the startup failure, given the annotated methods
     */
    SpringSecurityRequiredCheck(Function<List<String>, WebPubSubConfigurationException> failure) {
        this.failure = failure;
    }

    @Override
    public void setApplicationContext(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<String> methods = NegotiateMethod.findAll(Objects.requireNonNull(this.context, "ApplicationContext"))
            .stream()
            .map(NegotiateMethod::displayName)
            .toList();
        if (!methods.isEmpty()) {
            throw this.failure.apply(methods);
        }
    }

}
