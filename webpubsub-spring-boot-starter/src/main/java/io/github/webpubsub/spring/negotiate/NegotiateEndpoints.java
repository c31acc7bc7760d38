package io.github.webpubsub.spring.negotiate;

import java.lang.reflect.Method;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The {@link WebPubSubNegotiate @WebPubSubNegotiate} methods that were mapped, by the method Spring MVC invokes,
 * and how their answers are written. Filled once by {@link NegotiateEndpointRegistrar} before the application
 * serves requests; read by the interceptor, argument resolver and return value handler on every request.
 */
final class NegotiateEndpoints {

    private volatile Map<Method, NegotiateEndpoint> endpoints = Map.of();

    private volatile @Nullable NegotiateResponses responses;

    void initialize(Map<Method, NegotiateEndpoint> endpoints, NegotiateResponses responses) {
        this.endpoints = Map.copyOf(endpoints);
        this.responses = responses;
    }

    /**
     * Returns the endpoint of a handler method, or {@code null} if it is not one.
     */
    @Nullable NegotiateEndpoint find(@Nullable Method method) {
        return (method != null) ? this.endpoints.get(method) : null;
    }

    NegotiateResponses responses() {
        NegotiateResponses responses = this.responses;
        if (responses == null) {
            throw new IllegalStateException("Negotiate endpoints are not initialized yet");
        }
        return responses;
    }

    int size() {
        return this.endpoints.size();
    }

}
