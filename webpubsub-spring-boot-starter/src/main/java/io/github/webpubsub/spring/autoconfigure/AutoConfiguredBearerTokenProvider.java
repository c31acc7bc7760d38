package io.github.webpubsub.spring.autoconfigure;

import io.github.webpubsub.token.BearerTokenProvider;

/**
 * A {@link BearerTokenProvider} that the starter configured, rather than the application.
 * Free of azure-core types, so that the starter can tell its own providers apart without
 * azure-core on the class path.
 */
interface AutoConfiguredBearerTokenProvider extends BearerTokenProvider {

    /**
     * Whether the {@code webpubsub.credential.*} properties configured this provider's
     * credential.
     * @return {@code true} for the {@code DefaultAzureCredential} the starter built,
     * {@code false} for a credential of the application's
     */
    boolean usesCredentialProperties();

}
