package io.github.webpubsub.spring.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * Configuration properties of the Web PubSub client access starter, under
 * {@code webpubsub}. Give either a connection string, or an endpoint and an access key
 * (key mode), or an endpoint alone (key-less mode: the service mints the tokens,
 * authorised with a Microsoft Entra ID identity); with none of them, the
 * {@code AZURE_WEBPUBSUB_CONNECTIONSTRING} environment variable that Azure Service
 * Connector sets is used.
 *
 * <pre>{@code
 * webpubsub:
 *   endpoint: https://contoso.webpubsub.azure.com   # no key: key-less mode
 *   hub: chat
 *   token:
 *     lifetime: 15m
 *   credential:
 *     managed-identity-client-id: ${AZURE_CLIENT_ID}
 * }</pre>
 *
 * <p>
 * The token lifetimes and the service-call settings default to those of
 * {@code ClientUrlFactory.Builder}. {@link #toString()} never shows the connection string
 * or the access key.
 */
@ConfigurationProperties("webpubsub")
public class WebPubSubProperties {

    /**
     * Whether to auto-configure the Web PubSub client access beans.
     */
    private boolean enabled = true;

    /**
     * Connection string of the Web PubSub resource, as its Keys page shows it
     * (Endpoint=https://example.webpubsub.azure.com;AccessKey=...;Version=1.0;). Set
     * either this, or endpoint and access-key.
     */
    private @Nullable String connectionString;

    // A String, not a URI: a URI that fails to bind makes Boot print the value, and a
    // connection string pasted here
    // would print its key. The value is parsed, without echoing it, when the factory is
    // built.
    /**
     * Endpoint of the Web PubSub resource, such as https://example.webpubsub.azure.com.
     * Set with access-key, instead of connection-string; set alone for key-less mode,
     * where the service mints the tokens for a Microsoft Entra ID identity.
     */
    private @Nullable String endpoint;

    /**
     * Access key of the Web PubSub resource (either of the two on its Keys page), which
     * signs client access tokens. Set with endpoint, instead of connection-string.
     */
    private @Nullable String accessKey;

    // A String, like the endpoint: a path that fails to bind would be printed, and it
    // might be a key pasted here.
    /**
     * File holding the access key, such as a Kubernetes secret mounted as a volume; one
     * trailing newline is ignored. Set with endpoint, instead of access-key or
     * connection-string. Read at startup, and again at each key-rotation.check-interval.
     */
    private @Nullable String accessKeyFile;

    /**
     * Default hub, used by requests that name none: a letter, then up to 127 letters,
     * digits or underscores.
     */
    private @Nullable String hub;

    private final Token token = new Token();

    private final Service service = new Service();

    private final Credential credential = new Credential();

    private final KeyRotation keyRotation = new KeyRotation();

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

    public @Nullable String getAccessKeyFile() {
        return this.accessKeyFile;
    }

    public void setAccessKeyFile(@Nullable String accessKeyFile) {
        this.accessKeyFile = accessKeyFile;
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

    public Service getService() {
        return this.service;
    }

    public Credential getCredential() {
        return this.credential;
    }

    public KeyRotation getKeyRotation() {
        return this.keyRotation;
    }

    @Override
    public String toString() {
        return "WebPubSubProperties[enabled=" + this.enabled + ", connectionString=" + mask(this.connectionString)
                + ", endpoint=" + this.endpoint + ", accessKey=" + mask(this.accessKey) + ", accessKeyFile="
                + mask(this.accessKeyFile) + ", hub=" + this.hub + ", token=" + this.token + ", service=" + this.service
                + ", credential=" + this.credential + ", keyRotation=" + this.keyRotation + "]";
    }

    private static @Nullable String mask(@Nullable String secret) {
        return (secret != null) ? "******" : null;
    }

    /**
     * Lifetimes of client access tokens.
     */
    public static class Token {

        /**
         * Lifetime of tokens whose request names none. If a duration suffix is not
         * specified, seconds will be used.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration lifetime = Duration.ofHours(1);

        /**
         * Longest lifetime a request may ask for, at most 365d. If a duration suffix is
         * not specified, seconds will be used.
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

    /**
     * How key-less mode calls the service's Generate Client Token API. Not used in key
     * mode, which calls no service.
     */
    public static class Service {

        // A String, like the endpoint: it is parsed, without echoing it, when the factory
        // is built.
        /**
         * Reverse proxy, such as Azure API Management, that carries the calls to the
         * service's REST API in key-less mode, for example
         * https://example.azure-api.net/webpubsub. Its scheme, host, port and path
         * replace the endpoint's for those calls only; client URLs still name the
         * endpoint.
         */
        private @Nullable String reverseProxyEndpoint;

        /**
         * Longest wait for a connection to the service. If a duration suffix is not
         * specified, seconds will be used.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration connectTimeout = Duration.ofSeconds(5);

        /**
         * Longest wait for one attempt's complete answer; at most the deadline. If a
         * duration suffix is not specified, seconds will be used.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration readTimeout = Duration.ofSeconds(10);

        /**
         * Longest time for one token call to the service, retries and Retry-After waits
         * included. If a duration suffix is not specified, seconds will be used.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration deadline = Duration.ofSeconds(15);

        /**
         * Retries of a 429 or 5xx answer, from 0 to 10. Timeouts, refused connections and
         * other answers are never retried.
         */
        private int maxRetries = 3;

        public @Nullable String getReverseProxyEndpoint() {
            return this.reverseProxyEndpoint;
        }

        public void setReverseProxyEndpoint(@Nullable String reverseProxyEndpoint) {
            this.reverseProxyEndpoint = reverseProxyEndpoint;
        }

        public Duration getConnectTimeout() {
            return this.connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public Duration getReadTimeout() {
            return this.readTimeout;
        }

        public void setReadTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
        }

        public Duration getDeadline() {
            return this.deadline;
        }

        public void setDeadline(Duration deadline) {
            this.deadline = deadline;
        }

        public int getMaxRetries() {
            return this.maxRetries;
        }

        public void setMaxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
        }

        @Override
        public String toString() {
            return "Service[reverseProxyEndpoint=" + this.reverseProxyEndpoint + ", connectTimeout="
                    + this.connectTimeout + ", readTimeout=" + this.readTimeout + ", deadline=" + this.deadline
                    + ", maxRetries=" + this.maxRetries + "]";
        }

    }

    /**
     * Replacing the signing key while the application runs, in key mode.
     */
    public static class KeyRotation {

        /**
         * Interval at which the access key is read again from its source
         * (access-key-file, the properties as Spring Cloud's refresh rebinds them, or a
         * WebPubSubConnectionDetails bean) and, when it changed, becomes the signing key
         * without a restart. Off unless set. If a duration suffix is not specified,
         * seconds will be used.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private @Nullable Duration checkInterval;

        public @Nullable Duration getCheckInterval() {
            return this.checkInterval;
        }

        public void setCheckInterval(@Nullable Duration checkInterval) {
            this.checkInterval = checkInterval;
        }

        @Override
        public String toString() {
            return "KeyRotation[checkInterval=" + this.checkInterval + "]";
        }

    }

    /**
     * The Microsoft Entra ID identity of key-less mode, when the starter builds
     * azure-identity's DefaultAzureCredential. With a BearerTokenProvider or
     * TokenCredential bean of the application's own, which these would not configure,
     * setting them fails startup.
     */
    public static class Credential {

        /**
         * Client ID of the user-assigned managed identity to use, a GUID; leave unset for
         * the system-assigned identity.
         */
        private @Nullable String managedIdentityClientId;

        /**
         * Microsoft Entra tenant to authenticate in, when the developer tools signed in
         * to several (Azure CLI, Azure Developer CLI, IDEs). Managed identities always
         * use their own tenant.
         */
        private @Nullable String tenantId;

        public @Nullable String getManagedIdentityClientId() {
            return this.managedIdentityClientId;
        }

        public void setManagedIdentityClientId(@Nullable String managedIdentityClientId) {
            this.managedIdentityClientId = managedIdentityClientId;
        }

        public @Nullable String getTenantId() {
            return this.tenantId;
        }

        public void setTenantId(@Nullable String tenantId) {
            this.tenantId = tenantId;
        }

        @Override
        public String toString() {
            return "Credential[managedIdentityClientId=" + this.managedIdentityClientId + ", tenantId=" + this.tenantId
                    + "]";
        }

    }

}
