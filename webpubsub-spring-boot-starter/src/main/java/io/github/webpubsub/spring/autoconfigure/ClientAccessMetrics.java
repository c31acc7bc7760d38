package io.github.webpubsub.spring.autoconfigure;

import io.github.webpubsub.token.ClientAccess;
import io.github.webpubsub.token.ClientAccessRequest;
import org.jspecify.annotations.Nullable;

/**
 * Records the outcome of each request to the auto-configured factory. Free of any metrics
 * library, so that the factory's bean method can ask for it whether or not Micrometer is
 * on the class path.
 */
interface ClientAccessMetrics {

    /**
     * Records nothing: the factory's collaborator when no meter registry is available.
     */
    ClientAccessMetrics NOOP = new ClientAccessMetrics() {

        @Override
        public void issued(ClientAccess access) {
        }

        @Override
        public void failed(@Nullable ClientAccessRequest request) {
        }

    };

    /**
     * Records an issued token.
     * @param access what was issued
     */
    void issued(ClientAccess access);

    /**
     * Records a request that was refused.
     * @param request the request as far as it was customized, or {@code null} if the
     * caller passed none
     */
    void failed(@Nullable ClientAccessRequest request);

}
