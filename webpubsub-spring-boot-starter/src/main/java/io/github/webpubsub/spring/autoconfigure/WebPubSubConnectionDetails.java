package io.github.webpubsub.spring.autoconfigure;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where the Web PubSub resource is and how to sign for it. By default these come from the
 * {@code webpubsub.*} properties (or the {@code AZURE_WEBPUBSUB_CONNECTIONSTRING}
 * environment variable); define a bean of this type to take them from somewhere else,
 * such as a secret store or a test fixture. An endpoint without an access key selects
 * key-less mode. Implementations must keep the key out of {@code toString()}.
 *
 * <pre class="code">
 * &#64;Bean
 * WebPubSubConnectionDetails webPubSubConnectionDetails(SecretStore secrets) {
 *     return new WebPubSubConnectionDetails() {
 *         public URI getEndpoint() { return URI.create("https://example.webpubsub.azure.com"); }
 *         public String getAccessKey() { return secrets.get("webpubsub-key"); }
 *     };
 * }
 * </pre>
 */
public interface WebPubSubConnectionDetails extends ConnectionDetails {

    /**
     * Returns the endpoint of the resource.
     * @return for example {@code https://example.webpubsub.azure.com}
     */
    URI getEndpoint();

    /**
     * Returns the access key that signs client access tokens. Treat it as a secret. With
     * {@code webpubsub.key-rotation.check-interval}, this is called again at each
     * interval, and a key that differs from the one in use replaces it without a restart:
     * return the key as it is now.
     * @return one of the resource's access keys, or {@code null} for key-less mode, where
     * the service mints the tokens for a Microsoft Entra ID identity
     */
    @Nullable String getAccessKey();

}
