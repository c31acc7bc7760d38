package io.github.webpubsub.spring.autoconfigure;

/**
 * The names of the {@code webpubsub.*} properties that this package reads or names in its
 * failure reports, as {@link WebPubSubProperties} binds them, in one place: each constant
 * is the property's name after {@code webpubsub.}, in capitals, with dots and dashes as
 * underscores.
 *
 * <p>
 * Package-private, so that the names do not become API. The negotiate and local hub
 * packages keep the names they need in one class each ({@code NegotiatePropertyNames},
 * {@code LocalHubPropertyNames}); the metadata tests of each package check every name
 * against the generated configuration metadata, so that no copy can drift.
 */
final class WebPubSubPropertyNames {

    static final String ENABLED = "webpubsub.enabled";

    static final String CONNECTION_STRING = "webpubsub.connection-string";

    static final String ENDPOINT = "webpubsub.endpoint";

    static final String ACCESS_KEY = "webpubsub.access-key";

    static final String ACCESS_KEY_FILE = "webpubsub.access-key-file";

    static final String HUB = "webpubsub.hub";

    static final String KEY_ROTATION_CHECK_INTERVAL = "webpubsub.key-rotation.check-interval";

    static final String TOKEN_LIFETIME = "webpubsub.token.lifetime";

    static final String TOKEN_MAX_LIFETIME = "webpubsub.token.max-lifetime";

    static final String SERVICE_REVERSE_PROXY_ENDPOINT = "webpubsub.service.reverse-proxy-endpoint";

    static final String SERVICE_CONNECT_TIMEOUT = "webpubsub.service.connect-timeout";

    static final String SERVICE_READ_TIMEOUT = "webpubsub.service.read-timeout";

    static final String SERVICE_DEADLINE = "webpubsub.service.deadline";

    static final String SERVICE_MAX_RETRIES = "webpubsub.service.max-retries";

    static final String CREDENTIAL_MANAGED_IDENTITY_CLIENT_ID = "webpubsub.credential.managed-identity-client-id";

    static final String CREDENTIAL_TENANT_ID = "webpubsub.credential.tenant-id";

    /**
     * Not a property of the starter's: the environment variable that Azure Service
     * Connector sets when it connects an app to a Web PubSub resource, read when neither
     * a connection string nor an endpoint is configured.
     */
    static final String SERVICE_CONNECTOR_VARIABLE = "AZURE_WEBPUBSUB_CONNECTIONSTRING";

    private WebPubSubPropertyNames() {
    }

}
