package io.github.webpubsub.spring.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * Configuration properties of the Web PubSub client access starter, under {@code webpubsub}. Give either a
 * connection string, or an endpoint and an access key; with neither, the {@code AZURE_WEBPUBSUB_CONNECTIONSTRING}
 * environment variable that Azure Service Connector sets is used.
 *
 * <pre>{@code
 * webpubsub:
 *   connection-string: ${WEBPUBSUB_CONNECTION_STRING}
 *   hub: chat
 *   token:
 *     lifetime: 15m
 * }</pre>
 *
 * <p>The token lifetimes default to those of {@code ClientUrlFactory.Builder}. {@link #toString()} never shows the
 * connection string or the access key.
 */
@ConfigurationProperties("webpubsub")
public class WebPubSubProperties {

    /**
     * Whether to auto-configure the Web PubSub client access beans.
     */
    private boolean enabled = true;

    /**
     * Connection string of the Web PubSub resource, as its Keys page shows it
     * (Endpoint=https://example.webpubsub.azure.com;AccessKey=...;Version=1.0;). Set either this, or endpoint and
     * access-key.
     */
    private @Nullable String connectionString;

    // A String, not a URI: a URI that fails to bind makes Boot print the value, and a connection string pasted here
    // would print its key. The value is parsed, without echoing it, when the factory is built.
    /**
     * Endpoint of the Web PubSub resource, such as https://example.webpubsub.azure.com. Set with access-key, instead
     * of connection-string.
     */
    private @Nullable String endpoint;

    /**
     * Access key of the Web PubSub resource (either of the two on its Keys page), which signs client access tokens.
     * Set with endpoint, instead of connection-string.
     */
    private @Nullable String accessKey;

    /**
     * Default hub, used by requests that name none: a letter, then up to 127 letters, digits or underscores.
     */
    private @Nullable String hub;

    private final Token token = new Token();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public @Nullable String getConnectionString() {
        return this.connectionString;
    }

    public void setConnectionString(@Nullable String connectionString) {
        this.connectionString = connectionString;
    }

    public @Nullable String getEndpoint() {
        return this.endpoint;
    }

    public void setEndpoint(@Nullable String endpoint) {
        this.endpoint = endpoint;
    }

    public @Nullable String getAccessKey() {
        return this.accessKey;
    }

    public void setAccessKey(@Nullable String accessKey) {
        this.accessKey = accessKey;
    }

    public @Nullable String getHub() {
        return this.hub;
    }

    public void setHub(@Nullable String hub) {
        this.hub = hub;
    }

    public Token getToken() {
        return this.token;
    }

    @Override
    public String toString() {
        return "WebPubSubProperties[enabled=" + this.enabled + ", connectionString=" + mask(this.connectionString)
                + ", endpoint=" + this.endpoint + ", accessKey=" + mask(this.accessKey) + ", hub=" + this.hub
                + ", token=" + this.token + "]";
    }

    private static @Nullable String mask(@Nullable String secret) {
        return (secret != null) ? "******" : null;
    }

    /**
     * Lifetimes of client access tokens.
     */
    public static class Token {

        /**
         * Lifetime of tokens whose request names none. If a duration suffix is not specified, seconds will be used.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration lifetime = Duration.ofHours(1);

        /**
         * Longest lifetime a request may ask for. If a duration suffix is not specified, seconds will be used.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration maxLifetime = Duration.ofHours(24);

        public Duration getLifetime() {
            return this.lifetime;
        }

        public void setLifetime(Duration lifetime) {
            this.lifetime = lifetime;
        }

        public Duration getMaxLifetime() {
            return this.maxLifetime;
        }

        public void setMaxLifetime(Duration maxLifetime) {
            this.maxLifetime = maxLifetime;
        }

        @Override
        public String toString() {
            return "Token[lifetime=" + this.lifetime + ", maxLifetime=" + this.maxLifetime + "]";
        }

    }

}
