package io.github.webpubsub.spring.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

import io.github.webpubsub.token.InvalidWebPubSubSettingException;
import io.github.webpubsub.token.WebPubSubConnectionString;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

import static io.github.webpubsub.spring.autoconfigure.WebPubSubPropertyNames.ACCESS_KEY;
import static io.github.webpubsub.spring.autoconfigure.WebPubSubPropertyNames.ACCESS_KEY_FILE;
import static io.github.webpubsub.spring.autoconfigure.WebPubSubPropertyNames.CONNECTION_STRING;
import static io.github.webpubsub.spring.autoconfigure.WebPubSubPropertyNames.ENABLED;
import static io.github.webpubsub.spring.autoconfigure.WebPubSubPropertyNames.ENDPOINT;
import static io.github.webpubsub.spring.autoconfigure.WebPubSubPropertyNames.SERVICE_CONNECTOR_VARIABLE;

/**
 * Adapts {@link WebPubSubProperties} to {@link WebPubSubConnectionDetails}:
 * {@code webpubsub.connection-string}, or {@code webpubsub.endpoint} with
 * {@code webpubsub.access-key} or {@code webpubsub.access-key-file}, or
 * {@code webpubsub.endpoint} alone (key-less mode, no access key), or, when neither a
 * connection string nor an endpoint is configured, the
 * {@code AZURE_WEBPUBSUB_CONNECTIONSTRING} variable that Azure Service Connector sets.
 * The values are read when asked for, so an application that defines its own
 * {@code ClientUrlFactory} does not need them.
 *
 * <p>
 * Each {@link #getAccessKey()} reads the key file afresh, and the bound properties as
 * they are then (Spring Cloud's refresh rebinds them), so that
 * {@code webpubsub.key-rotation.check-interval} sees a rotated key. A connection string
 * is parsed once per text: again only when it changed.
 *
 * <p>
 * Settings that contradict each other, and a malformed connection string, are reported as
 * a {@link WebPubSubConfigurationException} that names the property. The endpoint and key
 * values themselves are checked where the factory is built, whatever their source.
 */
class PropertiesWebPubSubConnectionDetails implements WebPubSubConnectionDetails {

    private final WebPubSubProperties properties;

    private final Environment environment;

    /**
     * The connection string parsed last; replaced, never changed, so that readers need no
     * lock.
     */
    private volatile @Nullable ParsedConnectionString lastParsed;

    PropertiesWebPubSubConnectionDetails(WebPubSubProperties properties, Environment environment) {
        this.properties = properties;
        this.environment = environment;
    }

    @Override
    public URI getEndpoint() {
        return resolve().endpoint();
    }

    @Override
    public @Nullable String getAccessKey() {
        Resolved resolved = resolve();
        return (resolved.accessKeyFile() != null) ? resolved.accessKeyFile().read() : resolved.accessKey();
    }

    /**
     * Returns the name of the setting that supplies the endpoint, for messages.
     */
    String endpointProperty() {
        return resolve().endpointProperty();
    }

    /**
     * Returns the name of the setting that supplies (or should supply) the access key,
     * for messages.
     */
    String accessKeyProperty() {
        return resolve().accessKeyProperty();
    }

    /**
     * Tells whether the access key comes from the file that
     * {@code webpubsub.access-key-file} names.
     */
    boolean accessKeyFromFile() {
        return resolve().accessKeyFile() != null;
    }

    private Resolved resolve() {
        boolean connectionString = StringUtils.hasText(this.properties.getConnectionString());
        boolean endpoint = StringUtils.hasText(this.properties.getEndpoint());
        boolean accessKey = StringUtils.hasText(this.properties.getAccessKey());
        boolean accessKeyFile = StringUtils.hasText(this.properties.getAccessKeyFile());
        if (accessKeyFile && accessKey) {
            throw new WebPubSubConfigurationException(ACCESS_KEY_FILE,
                    "Both '" + ACCESS_KEY_FILE + "' and '" + ACCESS_KEY + "' are set, so it is unclear which key "
                            + "signs the tokens.",
                    "Keep either '" + ACCESS_KEY_FILE + "' or '" + ACCESS_KEY + "', and remove the other.");
        }
        if (accessKeyFile && connectionString) {
            throw new WebPubSubConfigurationException(ACCESS_KEY_FILE,
                    "Both '" + ACCESS_KEY_FILE + "' and '" + CONNECTION_STRING + "' are set, so it is unclear which "
                            + "key signs the tokens.",
                    "To read the key from the file, replace '" + CONNECTION_STRING + "' with '" + ENDPOINT
                            + "' (the Endpoint part of the connection string); otherwise remove '" + ACCESS_KEY_FILE
                            + "'.");
        }
        if (connectionString && (endpoint || accessKey)) {
            String other = endpoint ? ENDPOINT : ACCESS_KEY;
            throw new WebPubSubConfigurationException(CONNECTION_STRING,
                    "Both '" + CONNECTION_STRING + "' and '" + other + "' are set, so it is unclear which resource "
                            + "to use.",
                    "Keep either '" + CONNECTION_STRING + "', or '" + ENDPOINT + "' with '" + ACCESS_KEY
                            + "', and remove the other.");
        }
        if (connectionString) {
            return fromConnectionString(given(this.properties.getConnectionString()), CONNECTION_STRING);
        }
        if (endpoint && accessKeyFile) {
            return new Resolved(parseEndpoint(given(this.properties.getEndpoint())), null,
                    AccessKeyFile.of(given(this.properties.getAccessKeyFile()), ACCESS_KEY_FILE), ENDPOINT,
                    ACCESS_KEY_FILE);
        }
        if (endpoint) {
            String key = accessKey ? this.properties.getAccessKey() : null;
            return new Resolved(parseEndpoint(given(this.properties.getEndpoint())), key, null, ENDPOINT, ACCESS_KEY);
        }
        String serviceConnector = this.environment.getProperty(SERVICE_CONNECTOR_VARIABLE);
        if (accessKey || accessKeyFile) {
            String keyProperty = accessKey ? ACCESS_KEY : ACCESS_KEY_FILE;
            String orUseVariable = StringUtils.hasText(serviceConnector) ? ", or remove '" + keyProperty
                    + "' to use the connection string in the " + SERVICE_CONNECTOR_VARIABLE + " variable" : "";
            throw new WebPubSubConfigurationException(ENDPOINT,
                    "'" + keyProperty + "' is set but '" + ENDPOINT + "' is not, so there is no resource to sign "
                            + "for.",
                    "Set '" + ENDPOINT + "' to the endpoint shown on the resource's Keys page, such as "
                            + "https://example.webpubsub.azure.com" + orUseVariable + ".");
        }
        if (StringUtils.hasText(serviceConnector)) {
            return fromConnectionString(serviceConnector, SERVICE_CONNECTOR_VARIABLE);
        }
        throw new WebPubSubConfigurationException(CONNECTION_STRING,
                "No Web PubSub resource is configured: '" + CONNECTION_STRING + "', '" + ENDPOINT + "' and the "
                        + SERVICE_CONNECTOR_VARIABLE + " environment variable are all unset.",
                "Set '" + CONNECTION_STRING + "' to the connection string shown on the resource's Keys page, or '"
                        + ENDPOINT + "' with '" + ACCESS_KEY + "' (or '" + ACCESS_KEY_FILE + "'), or '" + ENDPOINT
                        + "' alone to have the service mint the tokens for a Microsoft Entra ID identity (key-less "
                        + "mode). To run without Web PubSub, set '" + ENABLED + "' to false.");
    }

    private Resolved fromConnectionString(String connectionString, String property) {
        ParsedConnectionString parsed = this.lastParsed;
        if (parsed == null || !parsed.text().equals(connectionString)) {
            // Threads that parse the same new text at once each store an equal value.
            parsed = ParsedConnectionString.parse(connectionString, property);
            this.lastParsed = parsed;
        }
        return new Resolved(parsed.endpoint(), parsed.accessKey(), null, property, property);
    }

    /** A property that {@code resolve()} found to have text. */
    private static String given(@Nullable String property) {
        return Objects.requireNonNull(property);
    }

    private static URI parseEndpoint(String endpoint) {
        if (endpoint.toLowerCase(Locale.ROOT).contains("accesskey=")) {
            throw new WebPubSubConfigurationException(ENDPOINT,
                    "'" + ENDPOINT + "' holds a connection string rather than an endpoint.", "Move the value to '"
                            + CONNECTION_STRING + "' and remove '" + ENDPOINT + "' and '" + ACCESS_KEY + "'.");
        }
        try {
            return new URI(endpoint.trim());
        }
        catch (URISyntaxException ex) {
            // The exception's own message quotes the input, so only the position is
            // passed on.
            throw new WebPubSubConfigurationException(ENDPOINT,
                    "'" + ENDPOINT + "' is not a valid URI (error at index " + ex.getIndex() + ").",
                    "Set '" + ENDPOINT + "' to the endpoint shown on the resource's Keys page, such as "
                            + "https://example.webpubsub.azure.com.");
        }
    }

    @Override
    public String toString() {
        return "PropertiesWebPubSubConnectionDetails[" + this.properties + "]";
    }

    /**
     * A connection string and its values, parsed from it once.
     *
     * @param text the connection string as configured
     */
    private record ParsedConnectionString(String text, URI endpoint, String accessKey) {

        static ParsedConnectionString parse(String text, String property) {
            try {
                WebPubSubConnectionString parsed = WebPubSubConnectionString.parse(text);
                return new ParsedConnectionString(text, parsed.endpoint(), parsed.accessKey());
            }
            catch (InvalidWebPubSubSettingException ex) {
                // The core's messages describe the problem without quoting the connection
                // string or its key.
                throw new WebPubSubConfigurationException(property, "'" + property + "' is invalid. " + ex.getMessage(),
                        "Copy the connection string from the Keys page of the Web PubSub resource into '" + property
                                + "'.");
            }
        }

        @Override
        public String toString() {
            return "ParsedConnectionString[endpoint=" + this.endpoint + ", accessKey=******]";
        }

    }

    /**
     * The connection values and the names of the settings they came from.
     *
     * @param accessKey the access key, or {@code null} when it is in a file or absent
     * (key-less mode)
     * @param accessKeyFile the file that holds the access key, or {@code null}
     */
    private record Resolved(URI endpoint, @Nullable String accessKey, @Nullable AccessKeyFile accessKeyFile,
            String endpointProperty, String accessKeyProperty) {

        @Override
        public String toString() {
            return "Resolved[endpoint=" + this.endpoint + ", accessKey=******]";
        }

    }

}
