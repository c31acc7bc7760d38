package io.github.webpubsub.token;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.github.webpubsub.token.InvalidWebPubSubSettingException.Setting;
import org.jspecify.annotations.Nullable;

import static io.github.webpubsub.token.InvalidWebPubSubSettingException.attribute;

/**
 * Issues Client Access URLs for Azure Web PubSub, with tokens signed locally with an
 * access key, or minted by the service in key-less mode (see {@link Builder}). A factory
 * is immutable (only the key of an {@link AccessKeyCredential} it was given can change)
 * and safe to share between threads; build one per resource and reuse it.
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
     * @throws InvalidClientAccessRequestException if the request asks for something this
     * factory cannot issue, such as a lifetime above the maximum, or no hub when the
     * factory has no default hub
     * @throws WebPubSubServiceException in key-less mode, if the service did not mint a
     * well-formed token
     */
    ClientAccess create(ClientAccessRequest request);

    /**
     * Returns the hub of requests that name none, so that a framework can tell at startup
     * whether a request without a hub will be refused. A factory that wraps another
     * returns the other's.
     * @return the default hub, or empty if each request must name its hub (also when the
     * factory does not say)
     */
    default Optional<String> defaultHub() {
        return Optional.empty();
    }

    /**
     * Issues a Client Access URL and token for a request described by a lambda.
     *
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
     * Issues a Client Access URL and token for a request without blocking the calling
     * thread, for servers that must not hold a thread while the service works (WebFlux,
     * Spring MVC's async requests).
     * <ul>
     * <li>In key mode the token is signed right here, on the calling thread (it takes
     * microseconds), and the future is complete on return: check
     * {@link CompletableFuture#isDone()} to answer without any async machinery.</li>
     * <li>In key-less mode the service call is asynchronous: the Microsoft Entra ID token
     * comes from the factory's own thread (the provider may block), the request from the
     * JDK HTTP client's {@code sendAsync}, waits between retries from a timer. The same
     * timeouts, deadline, retries and checks apply as in {@link #create}.</li>
     * </ul>
     * This method never throws for an invalid request or a failed service call: the
     * future fails with the exception {@link #create} would throw, as it is, never
     * wrapped. The future completes on whichever thread finished the work (the HTTP
     * client's, a timer's, or the Entra ID token's); chain blocking work with an
     * {@code ..Async} method and an executor of your own.
     *
     * <pre>{@code
     * factory.createAsync(ClientAccessRequest.builder().userId("alice").groups("lobby").build())
     *         .whenComplete((access, failure) -> {
     *             if (failure instanceof InvalidClientAccessRequestException) {
     *                 // 400: a value of the request is invalid
     *             }
     *             else if (failure instanceof WebPubSubServiceException ex) {
     *                 // 503, or 502 for ex.reason() == MALFORMED_RESPONSE
     *             }
     *             else {
     *                 // access.url() ...
     *             }
     *         });
     * }</pre> With Reactor: {@code Mono.fromFuture(() -> factory.createAsync(request))}.
     * @param request what the client may do
     * @return the URL, token and expiry, once issued; never {@code null}
     */
    default CompletableFuture<ClientAccess> createAsync(ClientAccessRequest request) {
        // Right for a factory that only computes, or delegates to one; the built
        // factories call the service without
        // blocking in key-less mode.
        try {
            return CompletableFuture.completedFuture(create(request));
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }

    /**
     * Issues a Client Access URL and token for a request described by a lambda, without
     * blocking the calling thread (see {@link #createAsync(ClientAccessRequest)}). An
     * exception of the lambda, such as an invalid value refused by the builder, fails the
     * future.
     *
     * <pre>{@code
     * CompletableFuture<ClientAccess> access = factory.createAsync(request -> request.userId("alice"));
     * }</pre>
     * @param request customises a new request
     * @return the URL, token and expiry, once issued; never {@code null}
     */
    default CompletableFuture<ClientAccess> createAsync(Consumer<ClientAccessRequest.Builder> request) {
        ClientAccessRequest built;
        try {
            ClientAccessRequest.Builder builder = ClientAccessRequest.builder();
            request.accept(builder);
            built = builder.build();
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
        return createAsync(built);
    }

    /**
     * Starts building a factory.
     * @return a new builder
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link ClientUrlFactory} in one of two modes.
     * <ul>
     * <li>Key mode signs tokens locally with an access key: give either a connection
     * string, or an endpoint and an access key, or an endpoint and an
     * {@link AccessKeyCredential} to rotate the key while the application runs.</li>
     * <li>Key-less mode has the service mint tokens through its Generate Client Token
     * REST API, authorised with a Microsoft Entra ID token: give an endpoint and a
     * {@link BearerTokenProvider}. The identity needs the <em>Web PubSub Service
     * Owner</em> role on the resource. A failed service call throws
     * {@link WebPubSubServiceException} (or fails the future of
     * {@link ClientUrlFactory#createAsync createAsync} with it).</li>
     * </ul>
     * The settings whose Javadoc starts with <em>Key-less mode</em> configure the service
     * calls; key mode makes none, so {@link #build()} refuses any of them that is set
     * there, rather than ignoring it.
     *
     * <pre>{@code
     * ClientUrlFactory factory = ClientUrlFactory.builder()
     *         .endpoint(URI.create("https://<name>.webpubsub.azure.com"))
     *         .bearerTokenProvider(provider)          // for example backed by azure-identity
     *         .hub("chat")
     *         .readTimeout(Duration.ofSeconds(5))     // optional: the service-call settings below
     *         .build();
     * }</pre>
     */
    final class Builder {

        /** Default token lifetime, as in the official SDKs. */
        public static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

        /** Default upper bound of token lifetimes. */
        public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(24);

        /**
         * Upper bound of the maximum and the default lifetime: 365 days. A client token
         * cannot be revoked before it expires (only by rotating the access key), so a
         * longer one is a mistake, not a choice; and the bound keeps every token's
         * arithmetic ({@code exp}, {@code minutesToExpire}) far from overflowing.
         */
        public static final Duration LIFETIME_LIMIT = Duration.ofDays(365);

        /** Key-less mode: default longest wait for a connection to the service. */
        public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

        /** Key-less mode: default longest wait for one attempt's complete answer. */
        public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

        /**
         * Key-less mode: default longest time for a whole service call, retries and waits
         * included.
         */
        public static final Duration DEFAULT_SERVICE_DEADLINE = Duration.ofSeconds(15);

        /** Key-less mode: default number of retries after a 429 or 5xx answer. */
        public static final int DEFAULT_MAX_RETRIES = 3;

        private @Nullable WebPubSubConnectionString connectionString;

        private @Nullable URI endpoint;

        private @Nullable String accessKey;

        private @Nullable AccessKeyCredential accessKeyCredential;

        private @Nullable String hub;

        private Clock clock = Clock.systemUTC();

        private Duration defaultLifetime = DEFAULT_LIFETIME;

        private Duration maxLifetime = DEFAULT_MAX_LIFETIME;

        private @Nullable BearerTokenProvider bearerTokenProvider;

        // The key-less settings stay null until set, so that key mode can refuse any that
        // is set.

        private @Nullable URI reverseProxyEndpoint;

        private @Nullable Duration connectTimeout;

        private @Nullable Duration readTimeout;

        private @Nullable Duration serviceDeadline;

        private @Nullable Integer maxRetries;

        private Builder() {
        }

        /**
         * Sets the connection string. Give either this, or {@link #endpoint(URI)} and
         * {@link #accessKey(String)}.
         * @param connectionString the parsed connection string
         * @return this builder
         */
        public Builder connectionString(WebPubSubConnectionString connectionString) {
            this.connectionString = connectionString;
            return this;
        }

        /**
         * Parses and sets the connection string. Give either this, or
         * {@link #endpoint(URI)} and {@link #accessKey(String)}.
         * @param connectionString
         * {@code Endpoint=https://<name>.webpubsub.azure.com;AccessKey=<key>;Version=1.0;}
         * @return this builder
         * @throws InvalidWebPubSubSettingException if the connection string is malformed
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
         * Sets the access key that signs tokens (key mode). It stays the same for the
         * factory's life; to replace it while the application runs, give an
         * {@link AccessKeyCredential} instead. Replaces a credential set before.
         * @param accessKey one of the resource's two access keys
         * @return this builder
         */
        public Builder accessKey(String accessKey) {
            this.accessKey = accessKey;
            this.accessKeyCredential = null;
            return this;
        }

        /**
         * Sets the credential whose access key signs tokens (key mode): the factory signs
         * each token with the key the credential holds at that moment, so that
         * {@link AccessKeyCredential#update(String)} rotates the key without building a
         * new factory. Replaces an access key set before.
         *
         * <pre>{@code
         * AccessKeyCredential credential = AccessKeyCredential.of(key1);
         * ClientUrlFactory factory = ClientUrlFactory.builder().endpoint(endpoint).accessKey(credential).build();
         * credential.update(key2);   // from now on, tokens are signed with key2
         * }</pre>
         * @param credential the credential, already validated
         * @return this builder
         */
        public Builder accessKey(AccessKeyCredential credential) {
            this.accessKeyCredential = credential;
            this.accessKey = null;
            return this;
        }

        /**
         * Sets the default hub, used by requests that name none.
         * @param hub a hub name, for example {@code chat}
         * @return this builder
         */
        public Builder hub(@Nullable String hub) {
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
         * @param defaultLifetime a positive duration, at most the maximum and at most
         * {@link #LIFETIME_LIMIT}; one hour unless set
         * @return this builder
         */
        public Builder defaultLifetime(Duration defaultLifetime) {
            this.defaultLifetime = defaultLifetime;
            return this;
        }

        /**
         * Sets the longest lifetime a request may ask for.
         * @param maxLifetime a positive duration, at most {@link #LIFETIME_LIMIT} (365
         * days); 24 hours unless set
         * @return this builder
         */
        public Builder maxLifetime(Duration maxLifetime) {
            this.maxLifetime = maxLifetime;
            return this;
        }

        /**
         * Selects key-less mode: the service mints the tokens, and this provider's
         * Microsoft Entra ID tokens (for the scope
         * {@value BearerTokenProvider#WEB_PUBSUB_SCOPE}) authorise the calls. Give it
         * with {@link #endpoint(URI)}, without an access key or connection string.
         * <p>
         * The factory caches the provider's token until two minutes before it expires,
         * and calls the provider on a daemon thread of its own
         * ({@code webpubsub-bearer-token}), one call at a time, never on a caller's
         * thread: all calls that need a token wait for that one fetch, each at most until
         * its service deadline. A failure fails every call waiting for it, and later
         * calls at once for 5 seconds; then the provider is asked again. So a provider
         * that is slow or down costs each call at most its deadline, and is called about
         * once per 5 seconds, not once per call.
         * @param bearerTokenProvider supplies access tokens of an identity with the Web
         * PubSub Service Owner role
         * @return this builder
         */
        public Builder bearerTokenProvider(BearerTokenProvider bearerTokenProvider) {
            this.bearerTokenProvider = bearerTokenProvider;
            return this;
        }

        /**
         * Key-less mode: sends the service calls through a reverse proxy such as Azure
         * API Management. Its scheme, host, port and path prefix replace the endpoint's
         * for the REST call only; client URLs still name the endpoint.
         * @param reverseProxyEndpoint for example
         * {@code https://<apim>.azure-api.net/webpubsub}; {@code null} for none
         * @return this builder
         */
        public Builder reverseProxyEndpoint(@Nullable URI reverseProxyEndpoint) {
            this.reverseProxyEndpoint = reverseProxyEndpoint;
            return this;
        }

        /**
         * Key-less mode: sets the longest wait for a connection (TCP and TLS) to the
         * service. The read timeout and the service deadline bound each attempt,
         * connecting included, as well.
         * @param connectTimeout a positive duration; {@code null} for the default, 5
         * seconds
         * @return this builder
         */
        public Builder connectTimeout(@Nullable Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /**
         * Key-less mode: sets the longest wait for one attempt's complete answer, from
         * sending the request to the last byte of the body. A timed-out attempt is not
         * retried.
         * @param readTimeout a positive duration, at most the service deadline;
         * {@code null} for the default, 10 seconds
         * @return this builder
         */
        public Builder readTimeout(@Nullable Duration readTimeout) {
            this.readTimeout = readTimeout;
            return this;
        }

        /**
         * Key-less mode: sets the longest time one token call may take: the wait for the
         * Microsoft Entra ID token (when none is cached), every attempt and every wait
         * between attempts. A retry that would end after it is not made.
         * @param serviceDeadline a positive duration; {@code null} for the default, 15
         * seconds
         * @return this builder
         */
        public Builder serviceDeadline(@Nullable Duration serviceDeadline) {
            this.serviceDeadline = serviceDeadline;
            return this;
        }

        /**
         * Key-less mode: sets how many times an answer 429 or 5xx, or a connection broken
         * mid-exchange, is retried. Retries wait for the service's {@code Retry-After},
         * or else back off exponentially from 250 milliseconds (with jitter, at most 2
         * seconds). Other answers, timeouts and refused connections are never retried.
         * @param maxRetries 0 to 10; 3 unless set
         * @return this builder
         */
        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        /**
         * Validates the settings and builds the factory.
         * @return the factory
         * @throws InvalidWebPubSubSettingException if a setting is missing, contradictory
         * or invalid; its {@link InvalidWebPubSubSettingException#setting() setting()}
         * names the one at fault
         */
        public ClientUrlFactory build() {
            if (this.clock == null) {
                throw new InvalidWebPubSubSettingException(Setting.CLOCK,
                        "Clock is null. Leave it unset for Clock.systemUTC().");
            }
            TokenLifetimes lifetimes = new TokenLifetimes(this.defaultLifetime, this.maxLifetime);
            String hub = this.hub;
            String defaultHub = (hub != null) ? attribute(Setting.HUB, () -> ClaimValues.requireValidHub(hub)) : null;
            BearerTokenProvider provider = this.bearerTokenProvider;
            if (provider != null) {
                return keyless(lifetimes, defaultHub, provider);
            }
            requireNoKeylessSetting();
            AccessKeyCredential credential = this.accessKeyCredential;
            if (credential != null) {
                requireOnlyEndpointWithCredential();
                URI endpointUri = this.endpoint;
                ServiceEndpoint endpoint = attribute(Setting.ENDPOINT,
                        () -> ServiceEndpoint.of(endpointUri, "Endpoint"));
                return new DefaultClientUrlFactory(endpoint, new AccessKeyTokenIssuer(credential, this.clock),
                        defaultHub, lifetimes);
            }
            WebPubSubConnectionString connection = connection();
            Setting keySetting = (this.connectionString != null) ? Setting.CONNECTION_STRING : Setting.ACCESS_KEY;
            AccessKeySigner signer = attribute(keySetting, () -> AccessKeySigner.of(connection.accessKey()));
            return new DefaultClientUrlFactory(connection.serviceEndpoint(),
                    new AccessKeyTokenIssuer(AccessKeyCredential.of(signer), this.clock), defaultHub, lifetimes);
        }

        /**
         * The one rule for the settings of key-less mode: set in key mode, where no
         * service call is made, each fails the build rather than being silently ignored.
         */
        private void requireNoKeylessSetting() {
            refuseInKeyMode(this.reverseProxyEndpoint, Setting.REVERSE_PROXY_ENDPOINT, "A reverse proxy endpoint",
                    "reverseProxyEndpoint");
            refuseInKeyMode(this.connectTimeout, Setting.CONNECT_TIMEOUT, "A connect timeout", "connectTimeout");
            refuseInKeyMode(this.readTimeout, Setting.READ_TIMEOUT, "A read timeout", "readTimeout");
            refuseInKeyMode(this.serviceDeadline, Setting.SERVICE_DEADLINE, "A service deadline", "serviceDeadline");
            refuseInKeyMode(this.maxRetries, Setting.MAX_RETRIES, "A maximum number of retries", "maxRetries");
        }

        private static void refuseInKeyMode(@Nullable Object value, Setting setting, String what, String method) {
            if (value != null) {
                throw InvalidWebPubSubSettingException.withBuilderFix(setting,
                        what + " is set, but it only applies "
                                + "to the service calls of key-less mode, and key mode signs tokens locally.",
                        "Remove " + method + "(..), or use bearerTokenProvider(..) instead of an access key.");
            }
        }

        private void requireOnlyEndpointWithCredential() {
            if (this.connectionString != null) {
                throw new InvalidWebPubSubSettingException(Setting.CONNECTION_STRING,
                        "Both a connection string and "
                                + "an access key credential are set. Give endpoint(..) with accessKey(credential), or "
                                + "connectionString(..) alone.");
            }
            if (this.endpoint == null) {
                throw new InvalidWebPubSubSettingException(Setting.ENDPOINT,
                        "An access key credential is set but no "
                                + "endpoint. Add endpoint(..) with the resource's endpoint, for example "
                                + "https://<name>.webpubsub.azure.com.");
            }
        }

        private WebPubSubConnectionString connection() {
            boolean parts = this.endpoint != null || this.accessKey != null;
            if (this.connectionString != null && parts) {
                throw new InvalidWebPubSubSettingException(Setting.CONNECTION_STRING, "Both a connection string and "
                        + "an endpoint or access key are set. Give either connectionString(..), or endpoint(..) with "
                        + "accessKey(..).");
            }
            if (this.connectionString != null) {
                return this.connectionString;
            }
            if (this.endpoint == null && this.accessKey == null) {
                throw new InvalidWebPubSubSettingException(Setting.ENDPOINT,
                        "No Web PubSub resource is configured. "
                                + "Give connectionString(..), or endpoint(..) with accessKey(..), or endpoint(..) with "
                                + "bearerTokenProvider(..) for key-less mode (Microsoft Entra ID).");
            }
            if (this.endpoint == null) {
                throw new InvalidWebPubSubSettingException(Setting.ENDPOINT,
                        "An access key is set but no endpoint. "
                                + "Add endpoint(..) with the resource's endpoint, for example "
                                + "https://<name>.webpubsub.azure.com.");
            }
            if (this.accessKey == null) {
                throw new InvalidWebPubSubSettingException(Setting.ACCESS_KEY, "An endpoint is set but no access key "
                        + "and no bearer token provider. Add accessKey(..) with one of the resource's access keys, or "
                        + "bearerTokenProvider(..) for key-less mode (Microsoft Entra ID).");
            }
            return WebPubSubConnectionString.of(this.endpoint, this.accessKey);
        }

        private ClientUrlFactory keyless(TokenLifetimes lifetimes, @Nullable String defaultHub,
                BearerTokenProvider provider) {
            if (this.connectionString != null) {
                throw new InvalidWebPubSubSettingException(Setting.CONNECTION_STRING, "Both a connection string and "
                        + "a bearer token provider are set. Give connectionString(..) for key mode, or endpoint(..) "
                        + "with bearerTokenProvider(..) for key-less mode (Microsoft Entra ID), not both.");
            }
            if (this.accessKey != null || this.accessKeyCredential != null) {
                throw new InvalidWebPubSubSettingException(Setting.ACCESS_KEY, "Both an access key and a bearer token "
                        + "provider are set. Give accessKey(..) for key mode, or bearerTokenProvider(..) for key-less "
                        + "mode (Microsoft Entra ID), not both.");
            }
            if (this.endpoint == null) {
                throw new InvalidWebPubSubSettingException(Setting.ENDPOINT,
                        "A bearer token provider is set but no "
                                + "endpoint. Add endpoint(..) with the resource's endpoint, for example "
                                + "https://<name>.webpubsub.azure.com.");
            }
            ServiceEndpoint serviceEndpoint = keylessEndpoint(this.endpoint, "Endpoint", Setting.ENDPOINT);
            ServiceEndpoint restEndpoint = (this.reverseProxyEndpoint != null)
                    ? keylessEndpoint(this.reverseProxyEndpoint, "Reverse proxy endpoint",
                            Setting.REVERSE_PROXY_ENDPOINT)
                    : serviceEndpoint;
            ServiceCallPolicy policy = new ServiceCallPolicy(orDefault(this.connectTimeout, DEFAULT_CONNECT_TIMEOUT),
                    orDefault(this.readTimeout, DEFAULT_READ_TIMEOUT),
                    orDefault(this.serviceDeadline, DEFAULT_SERVICE_DEADLINE),
                    orDefault(this.maxRetries, DEFAULT_MAX_RETRIES), ServiceCallPolicy.DEFAULT_INITIAL_BACKOFF,
                    ServiceCallPolicy.DEFAULT_MAX_BACKOFF);
            return new DefaultClientUrlFactory(serviceEndpoint,
                    ServiceTokenIssuer.create(restEndpoint, provider, policy, this.clock), defaultHub, lifetimes);
        }

        private static <T> T orDefault(@Nullable T value, T defaultValue) {
            return (value != null) ? value : defaultValue;
        }

        private static ServiceEndpoint keylessEndpoint(URI endpoint, String what, Setting setting) {
            return attribute(setting, () -> requireHttpsUnlessLoopback(ServiceEndpoint.of(endpoint, what), what));
        }

        /**
         * In key-less mode the endpoint receives a Microsoft Entra ID token (or the
         * clients it is handed to connect to it), which must not cross a network in clear
         * text. Loopback addresses never leave the machine.
         */
        private static ServiceEndpoint requireHttpsUnlessLoopback(ServiceEndpoint endpoint, String what) {
            if (endpoint.base().getScheme().equals("http") && !endpoint.isLoopback()) {
                throw new IllegalArgumentException(what + " uses plain http, which would expose the Microsoft Entra "
                        + "ID token of key-less mode on the network. Use https; plain http is accepted only for a "
                        + "loopback address (localhost, 127.0.0.0/8, [::1]) in local tests.");
            }
            return endpoint;
        }

    }

}
