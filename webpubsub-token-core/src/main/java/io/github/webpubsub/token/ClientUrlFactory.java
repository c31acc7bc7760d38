package io.github.webpubsub.token;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Issues Client Access URLs for Azure Web PubSub. A factory is immutable and safe to share between threads; build
 * one per resource and reuse it.
 *
 * <pre>{@code
 * ClientUrlFactory factory = ClientUrlFactory.builder()
 *         .connectionString(WebPubSubConnectionString.parse(connectionString))
 *         .hub("chat")
 *         .build();
 * ClientAccess access = factory.create(ClientAccessRequest.builder()
 *         .userId("alice")
 *         .roles(WebPubSubRole.sendToGroup("lobby"))
 *         .groups("lobby")
 *         .build());
 * access.url(); // wss://<name>.webpubsub.azure.com/client/hubs/chat?access_token=eyJ...
 * }</pre>
 */
public interface ClientUrlFactory {

    /**
     * Issues a Client Access URL and token for a request.
     * @param request what the client may do
     * @return the URL, token and expiry; never {@code null}
     * @throws IllegalArgumentException if the request asks for something this factory cannot issue, such as a
     * lifetime above the maximum, or no hub when the factory has no default hub
     */
    ClientAccess create(ClientAccessRequest request);

    /**
     * Issues a Client Access URL and token for a request described by a lambda.
     * <pre>{@code
     * ClientAccess access = factory.create(request -> request.userId("alice").groups("lobby"));
     * }</pre>
     * @param request customises a new request
     * @return the URL, token and expiry; never {@code null}
     */
    default ClientAccess create(Consumer<ClientAccessRequest.Builder> request) {
        ClientAccessRequest.Builder builder = ClientAccessRequest.builder();
        request.accept(builder);
        return create(builder.build());
    }

    /**
     * Starts building a factory.
     * @return a new builder
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link ClientUrlFactory} that signs tokens with an access key: give either a connection string, or an
     * endpoint and an access key.
     */
    final class Builder {

        /** Default token lifetime, as in the official SDKs. */
        public static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

        /** Default upper bound of token lifetimes. */
        public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(24);

        private WebPubSubConnectionString connectionString;

        private URI endpoint;

        private String accessKey;

        private String hub;

        private Clock clock = Clock.systemUTC();

        private Duration defaultLifetime = DEFAULT_LIFETIME;

        private Duration maxLifetime = DEFAULT_MAX_LIFETIME;

        private Builder() {
        }

        /**
         * Sets the connection string. Give either this, or {@link #endpoint(URI)} and {@link #accessKey(String)}.
         * @param connectionString the parsed connection string
         * @return this builder
         */
        public Builder connectionString(WebPubSubConnectionString connectionString) {
            this.connectionString = connectionString;
            return this;
        }

        /**
         * Parses and sets the connection string. Give either this, or {@link #endpoint(URI)} and
         * {@link #accessKey(String)}.
         * @param connectionString {@code Endpoint=https://<name>.webpubsub.azure.com;AccessKey=<key>;Version=1.0;}
         * @return this builder
         * @throws IllegalArgumentException if the connection string is malformed
         */
        public Builder connectionString(String connectionString) {
            return connectionString(WebPubSubConnectionString.parse(connectionString));
        }

        /**
         * Sets the service endpoint.
         * @param endpoint for example {@code https://<name>.webpubsub.azure.com}
         * @return this builder
         */
        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /**
         * Sets the access key that signs tokens.
         * @param accessKey one of the resource's two access keys
         * @return this builder
         */
        public Builder accessKey(String accessKey) {
            this.accessKey = accessKey;
            return this;
        }

        /**
         * Sets the default hub, used by requests that name none.
         * @param hub a hub name, for example {@code chat}
         * @return this builder
         */
        public Builder hub(String hub) {
            this.hub = hub;
            return this;
        }

        /**
         * Sets the clock that stamps {@code iat} and {@code exp}.
         * @param clock the clock; {@link Clock#systemUTC()} unless set
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Sets the lifetime of tokens whose request names none.
         * @param defaultLifetime a positive duration, at most the maximum; one hour unless set
         * @return this builder
         */
        public Builder defaultLifetime(Duration defaultLifetime) {
            this.defaultLifetime = defaultLifetime;
            return this;
        }

        /**
         * Sets the longest lifetime a request may ask for.
         * @param maxLifetime a positive duration; 24 hours unless set
         * @return this builder
         */
        public Builder maxLifetime(Duration maxLifetime) {
            this.maxLifetime = maxLifetime;
            return this;
        }

        /**
         * Validates the settings and builds the factory.
         * @return the factory
         * @throws IllegalArgumentException if a setting is missing, contradictory or invalid
         */
        public ClientUrlFactory build() {
            if (this.clock == null) {
                throw new IllegalArgumentException("Clock is null. Leave it unset for Clock.systemUTC().");
            }
            TokenLifetimes lifetimes = new TokenLifetimes(this.defaultLifetime, this.maxLifetime);
            String defaultHub = (this.hub != null) ? ClaimValues.requireValidHub(this.hub) : null;
            WebPubSubConnectionString connection = connection();
            return new DefaultClientUrlFactory(connection.serviceEndpoint(),
                    new AccessKeyTokenIssuer(AccessKeySigner.of(connection.accessKey()), this.clock), defaultHub,
                    lifetimes);
        }

        private WebPubSubConnectionString connection() {
            boolean parts = this.endpoint != null || this.accessKey != null;
            if (this.connectionString != null && parts) {
                throw new IllegalArgumentException("Both a connection string and an endpoint or access key are set. "
                        + "Give either connectionString(..), or endpoint(..) with accessKey(..).");
            }
            if (this.connectionString != null) {
                return this.connectionString;
            }
            if (this.endpoint == null && this.accessKey == null) {
                throw new IllegalArgumentException("No Web PubSub resource is configured. Give connectionString(..), "
                        + "or endpoint(..) with accessKey(..).");
            }
            if (this.endpoint == null) {
                throw new IllegalArgumentException("An access key is set but no endpoint. Add endpoint(..) with the "
                        + "resource's endpoint, for example https://<name>.webpubsub.azure.com.");
            }
            if (this.accessKey == null) {
                throw new IllegalArgumentException("An endpoint is set but no access key. Add accessKey(..) with one "
                        + "of the resource's access keys.");
            }
            return WebPubSubConnectionString.of(this.endpoint, this.accessKey);
        }

    }

}
