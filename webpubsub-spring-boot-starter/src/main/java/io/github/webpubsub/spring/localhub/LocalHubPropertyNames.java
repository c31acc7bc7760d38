package io.github.webpubsub.spring.localhub;

/**
 * The names of the {@code webpubsub.*} properties that this package reads, in one place:
 * each constant is the property's name after {@code webpubsub.}, in capitals, with dots
 * and dashes as underscores.
 *
 * <p>
 * Package-private, so that the names do not become API; the ones it shares with the
 * auto-configuration package (the connection settings and {@code webpubsub.enabled}) are
 * repeated here rather than made public there, since the local hub reads the environment
 * the way the starter does. The package's metadata test checks every name against the
 * generated configuration metadata, so that no copy can drift.
 */
final class LocalHubPropertyNames {

    static final String ENABLED = "webpubsub.enabled";

    static final String CONNECTION_STRING = "webpubsub.connection-string";

    static final String ENDPOINT = "webpubsub.endpoint";

    static final String ACCESS_KEY = "webpubsub.access-key";

    static final String ACCESS_KEY_FILE = "webpubsub.access-key-file";

    static final String LOCAL_HUB_ENABLED = "webpubsub.local-hub.enabled";

    static final String LOCAL_HUB_ACCEPT_UNVERIFIED_ENTRA_ID_TOKENS = "webpubsub.local-hub."
            + "accept-unverified-entra-id-tokens";

    /**
     * Not a property of the starter's: the environment variable that Azure Service
     * Connector sets, which the starter reads when neither a connection string nor an
     * endpoint is configured.
     */
    static final String SERVICE_CONNECTOR_VARIABLE = "AZURE_WEBPUBSUB_CONNECTIONSTRING";

    private LocalHubPropertyNames() {
    }

}
