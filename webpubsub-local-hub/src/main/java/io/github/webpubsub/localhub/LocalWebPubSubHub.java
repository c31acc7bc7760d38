package io.github.webpubsub.localhub;

import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.github.webpubsub.token.BearerToken;
import io.github.webpubsub.token.BearerTokenProvider;
import io.github.webpubsub.token.support.LoopbackHosts;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;

/**
 * A stand-in for Azure Web PubSub on this machine, for development and tests: clients
 * connect to it with the Client Access URLs a server hands out, and the server (or the
 * official SDKs) calls its REST API, as with the service. It listens on the loopback
 * address only, on a listener of its own, and needs no framework.
 *
 * <pre>{@code
 * try (LocalWebPubSubHub hub = LocalWebPubSubHub.builder().port(0).start()) {
 *     ClientUrlFactory factory = ClientUrlFactory.builder()
 *             .connectionString(hub.connectionString())
 *             .hub("chat")
 *             .build();
 *     String url = factory.create((request) -> request.userId("alice")).urlText();
 *     // ... a client connects to url and sends an event ...
 *     ClientMessage message = hub.awaitMessage((m) -> m.isEvent("hello"), Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>
 * What it speaks, as the service documents it:
 * <ul>
 * <li>{@code /client/hubs/{hub}} over WebSocket: the access token is checked before the
 * upgrade (HS256 with the access key, {@code exp} required, {@code aud} the address the
 * client dialled), else {@code 401} with the service's challenge; then
 * {@code json.reliable.webpubsub.azure.v1} and {@code json.webpubsub.azure.v1} (the
 * token's roles, including wildcard pattern roles, and groups; acks; {@code sequenceId}s
 * and recovery of a dropped reliable connection with {@code awps_connection_id} and
 * {@code awps_reconnection_token}; {@code connected} and {@code disconnected} messages),
 * or plain WebSocket frames when the client asks for no subprotocol;</li>
 * <li>the data-plane REST API (api-version 2024-12-01 and the GA versions before it),
 * authenticated with a JWT signed with the access key whose {@code aud} is the request
 * URL: send to the hub, a user, a group or a connection, group membership, closing
 * connections, existence checks, permissions and {@code :generateToken}.</li>
 * </ul>
 *
 * <p>
 * What clients send upstream (events, group messages, plain frames) is kept for tests:
 * {@link #awaitMessage(Predicate, Duration)} and {@link #receivedMessages()}.
 * {@link #toString()} masks the key.
 */
public final class LocalWebPubSubHub implements AutoCloseable {

    /**
     * How long a dropped reliable connection waits for its client to recover it, unless
     * configured.
     */
    public static final Duration DEFAULT_RECONNECTION_WINDOW = Duration.ofSeconds(30);

    private static final System.Logger logger = System.getLogger(LocalWebPubSubHub.class.getName());

    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

    /** The answer to a request from another machine. */
    static final String FORBIDDEN = "The local hub answers this machine only. Against Azure Web PubSub, clients on "
            + "other machines connect to the service instead.";

    private final URI endpoint;

    private final AccessKeys keys;

    private final Connections connections;

    private final ReceivedMessages received;

    private final Clock clock;

    private final List<DisposableServer> servers;

    private final LoopResources loops;

    private final ScheduledExecutorService scheduler;

    private LocalWebPubSubHub(URI endpoint, AccessKeys keys, Connections connections, ReceivedMessages received,
            Clock clock, List<DisposableServer> servers, LoopResources loops, ScheduledExecutorService scheduler) {
        this.endpoint = endpoint;
        this.keys = keys;
        this.connections = connections;
        this.received = received;
        this.clock = clock;
        this.servers = servers;
        this.loops = loops;
        this.scheduler = scheduler;
    }

    /**
     * Starts a hub on a free port of {@code 127.0.0.1}, with a random access key.
     * @return the running hub
     */
    public static LocalWebPubSubHub start() {
        return builder().start();
    }

    /**
     * Starts building a hub.
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Tells whether the hub can serve an endpoint: plain {@code http} on this machine
     * ({@code localhost}, {@code 127.0.0.0/8} or {@code [::1]}). Host names are never
     * resolved.
     * @param endpoint an endpoint, such as {@code http://localhost:8081}
     * @return {@code true} if {@link Builder#endpoint(URI)} takes it
     */
    public static boolean canServe(URI endpoint) {
        return endpoint != null && "http".equalsIgnoreCase(endpoint.getScheme())
                && LoopbackHosts.isLoopback(endpoint.getHost());
    }

    /**
     * Returns a token provider for key-less mode against a hub that
     * {@linkplain Builder#acceptUnverifiedEntraIdTokens(boolean) accepts unverified Entra
     * ID tokens}: its tokens look like Microsoft Entra ID's for Web PubSub ({@code aud}
     * {@code https://webpubsub.azure.com}, valid for an hour) but nobody signed them, so
     * nothing else accepts them. For tests of key-less code without an Azure sign-in.
     *
     * <pre>{@code
     * ClientUrlFactory factory = ClientUrlFactory.builder()
     *         .endpoint(hub.endpoint())
     *         .bearerTokenProvider(LocalWebPubSubHub.unsignedEntraIdTokens())
     *         .hub("chat")
     *         .build();
     * }</pre>
     * @return the provider
     */
    public static BearerTokenProvider unsignedEntraIdTokens() {
        return (scope) -> {
            Instant expiry = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
            Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
            String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
            String claims = "{\"aud\":\"https://webpubsub.azure.com\",\"iss\":\"local-hub\",\"exp\":"
                    + expiry.getEpochSecond() + "}";
            String token = base64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                    + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "."
                    + base64.encodeToString("unsigned".getBytes(StandardCharsets.UTF_8));
            return new BearerToken(token, expiry);
        };
    }

    /**
     * Returns the endpoint clients and servers reach the hub at.
     * @return for example {@code http://127.0.0.1:51234}
     */
    public URI endpoint() {
        return this.endpoint;
    }

    /**
     * Returns the access key the hub signs and checks with now. Treat it as a secret, as
     * a real one.
     * @return the key
     */
    public String accessKey() {
        return this.keys.current();
    }

    /**
     * Returns the hub's connection string, as the Keys page of a resource shows one.
     * @return {@code Endpoint=http://127.0.0.1:<port>;AccessKey=<key>;Version=1.0;}; it
     * holds the key
     */
    public String connectionString() {
        return "Endpoint=" + this.endpoint + ";AccessKey=" + accessKey() + ";Version=1.0;";
    }

    /**
     * Verifies a Client Access URL for this hub, as the hub would when a client dials it.
     * @param clientAccessUrl the URL
     * @return the verified token, to look at its user, roles and groups
     * @throws InvalidAccessTokenException if the hub would refuse the token; the message
     * says why
     */
    public ClientAccessToken verify(String clientAccessUrl) {
        return ClientAccessToken.verify(clientAccessUrl, accessKey(), this.clock);
    }

    /**
     * Returns what clients have sent so far (at most the latest 10,000), oldest first.
     * @return a snapshot
     */
    public List<ClientMessage> receivedMessages() {
        return this.received.all();
    }

    /**
     * Forgets what clients have sent so far, for example between tests.
     */
    public void clearReceivedMessages() {
        this.received.clear();
    }

    /**
     * Waits for a client to send a message that matches, and returns the first one, sent
     * before or during the wait.
     *
     * <pre>{@code
     * ClientMessage message = hub.awaitMessage((m) -> m.isEvent("order-placed"), Duration.ofSeconds(5));
     * assertThat(message.userId()).isEqualTo("alice");
     * }</pre>
     * @param condition what the message must be
     * @param timeout how long to wait
     * @return the message
     * @throws IllegalStateException if none came within the timeout, or the wait was
     * interrupted; the message lists what did come
     */
    public ClientMessage awaitMessage(Predicate<? super ClientMessage> condition, Duration timeout) {
        try {
            return this.received.await(condition, timeout)
                .orElseThrow(() -> new IllegalStateException(
                        "No client message matched within " + timeout + "; received: " + this.received.all()));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a client message", ex);
        }
    }

    /**
     * Returns the client connections at this moment, including reliable ones waiting to
     * be recovered.
     * @return a snapshot
     */
    public List<ConnectedClient> connectedClients() {
        return this.connections.all().stream().map(ConnectedClient::of).toList();
    }

    /**
     * Waits until a client connection matches, for example until a user has joined a
     * group.
     *
     * <pre>{@code
     * hub.awaitClient((c) -> "alice".equals(c.userId()) && c.groups().contains("lobby"), Duration.ofSeconds(5));
     * }</pre>
     * @param condition what the connection must be
     * @param timeout how long to wait
     * @return the first connection that matched
     * @throws IllegalStateException if none matched within the timeout, or the wait was
     * interrupted
     */
    public ConnectedClient awaitClient(Predicate<? super ConnectedClient> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (ConnectedClient client : connectedClients()) {
                if (condition.test(client)) {
                    return client;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "No client connection matched within " + timeout + "; connected: " + connectedClients());
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for a client connection", ex);
            }
        }
    }

    /**
     * Cuts a client's WebSocket without a close frame, as a network failure would: a test
     * hook. A reliable client may then recover its connection within the reconnection
     * window; others are gone.
     * @param connectionId the connection
     * @throws IllegalArgumentException if there is no such connection
     */
    public void dropConnection(String connectionId) {
        HubConnection connection = this.connections.all()
            .stream()
            .filter((candidate) -> candidate.id().equals(connectionId))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("No connection " + connectionId));
        connection.drop();
    }

    /**
     * Closes every client connection and stops listening.
     */
    @Override
    public void close() {
        for (HubConnection connection : this.connections.all()) {
            connection.close(1001, "The local hub is shutting down.");
            this.connections.remove(connection);
        }
        for (DisposableServer server : this.servers) {
            server.disposeNow(Duration.ofSeconds(5));
        }
        this.scheduler.shutdownNow();
        this.loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
        logger.log(Level.DEBUG, () -> "Local Web PubSub hub at " + this.endpoint + " stopped");
    }

    /**
     * Returns the hub's connection string with the key masked, for logs.
     * @return {@code Endpoint=http://127.0.0.1:<port>;AccessKey=******;Version=1.0;}
     */
    public String maskedConnectionString() {
        return "Endpoint=" + this.endpoint + ";AccessKey=******;Version=1.0;";
    }

    @Override
    public String toString() {
        return "LocalWebPubSubHub[" + maskedConnectionString() + "]";
    }

    /**
     * Builds and starts a {@link LocalWebPubSubHub}.
     */
    public static final class Builder {

        private @Nullable URI endpoint;

        private Supplier<String> accessKey;

        private Clock clock = Clock.systemUTC();

        private Duration reconnectionWindow = DEFAULT_RECONNECTION_WINDOW;

        private boolean acceptUnverifiedEntraIdTokens;

        private Builder() {
            String random = AccessKeys.random();
            this.accessKey = () -> random;
        }

        /**
         * Serves at an endpoint: plain {@code http} on this machine, such as the endpoint
         * of the application's connection string. {@code localhost} listens on both
         * {@code 127.0.0.1} and {@code ::1}.
         * @param endpoint for example {@code http://localhost:8081}; without a port, port
         * 80
         * @return this builder
         * @throws IllegalArgumentException if the hub cannot serve it; the message says
         * why
         */
        public Builder endpoint(URI endpoint) {
            Objects.requireNonNull(endpoint, "endpoint");
            if (!"http".equalsIgnoreCase(endpoint.getScheme())) {
                throw new IllegalArgumentException("The local hub serves plain http: give an http:// endpoint, such "
                        + "as http://localhost:8081.");
            }
            if (!LoopbackHosts.isLoopback(endpoint.getHost())) {
                throw new IllegalArgumentException("The local hub serves this machine only: give an endpoint on "
                        + "localhost, 127.0.0.1 or [::1], not " + endpoint.getHost() + ".");
            }
            if (endpoint.getRawUserInfo() != null || endpoint.getRawQuery() != null || endpoint.getRawFragment() != null
                    || (endpoint.getRawPath() != null && !endpoint.getRawPath().isEmpty()
                            && !endpoint.getRawPath().equals("/"))) {
                throw new IllegalArgumentException("The local hub serves at the root of an address: give an "
                        + "endpoint without path, query or user info, such as http://localhost:8081.");
            }
            this.endpoint = endpoint;
            return this;
        }

        /**
         * Serves on a port of {@code 127.0.0.1}.
         * @param port the port; 0 for a free one (the default)
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("A port is 0 (any free port) to 65535, not " + port + ".");
            }
            this.endpoint = URI.create("http://127.0.0.1:" + port);
            return this;
        }

        /**
         * Signs and checks with an access key, instead of a random one.
         * @param accessKey at least 32 bytes, like a real key (44 characters)
         * @return this builder
         */
        public Builder accessKey(String accessKey) {
            Objects.requireNonNull(accessKey, "accessKey");
            this.accessKey = () -> accessKey;
            return this;
        }

        /**
         * Signs and checks with the key a source holds, read again at each check, as an
         * application whose key is rotated while it runs. A new key is adopted once it is
         * usable and reads the same twice in a row; tokens signed with the key before it
         * stay valid until they expire.
         * @param accessKey reads the current key
         * @return this builder
         */
        public Builder accessKey(Supplier<String> accessKey) {
            this.accessKey = Objects.requireNonNull(accessKey, "accessKey");
            return this;
        }

        /**
         * Uses a clock for token lifetimes.
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets how long a dropped reliable connection waits for its client to recover it.
         * @param reconnectionWindow more than zero; 30 seconds unless set
         * @return this builder
         */
        public Builder reconnectionWindow(Duration reconnectionWindow) {
            if (reconnectionWindow == null || reconnectionWindow.isNegative() || reconnectionWindow.isZero()) {
                throw new IllegalArgumentException("The reconnection window must be more than zero.");
            }
            this.reconnectionWindow = reconnectionWindow;
            return this;
        }

        /**
         * Whether the REST API also accepts Microsoft Entra ID access tokens for Web
         * PubSub ({@code aud} {@code https://webpubsub.azure.com}) without verifying
         * them, so that key-less code (which calls {@code :generateToken} with such a
         * token) runs against the hub. Nothing here can check Entra ID's signature: any
         * process on this machine may then call the REST API. Off unless set.
         * @param accept {@code true} to accept them
         * @return this builder
         */
        public Builder acceptUnverifiedEntraIdTokens(boolean accept) {
            this.acceptUnverifiedEntraIdTokens = accept;
            return this;
        }

        /**
         * Starts the hub.
         * @return the running hub
         * @throws IllegalArgumentException if the access key is unusable
         * @throws IllegalStateException if the port cannot be bound, for example because
         * it is taken
         */
        public LocalWebPubSubHub start() {
            URI requested = (this.endpoint != null) ? this.endpoint : URI.create("http://127.0.0.1:0");
            AccessKeys keys = AccessKeys.of(this.accessKey);
            Connections connections = new Connections();
            ReceivedMessages received = new ReceivedMessages();
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
                Thread thread = new Thread(task, "webpubsub-local-hub-timer");
                thread.setDaemon(true);
                return thread;
            });
            ClientEndpoint clients = new ClientEndpoint(connections, keys, received, this.clock, scheduler,
                    this.reconnectionWindow);
            RestApi rest = new RestApi(connections, keys,
                    new RestAuthentication(keys, this.clock, this.acceptUnverifiedEntraIdTokens), this.clock);
            LoopResources loops = LoopResources.create("webpubsub-local-hub", 1, 2, true);
            List<DisposableServer> servers = new ArrayList<>();
            try {
                int port = (requested.getPort() >= 0) ? requested.getPort() : 80;
                for (InetAddress address : Loopback.bindAddresses(requested.getHost())) {
                    bind(servers, address, port, loops, clients, rest);
                    port = servers.get(0).port();
                }
            }
            catch (RuntimeException ex) {
                servers.forEach(DisposableServer::disposeNow);
                scheduler.shutdownNow();
                loops.dispose();
                throw new IllegalStateException("The local hub cannot listen at " + requested + ": " + ex.getMessage(),
                        ex);
            }
            URI endpoint = URI.create("http://" + authority(requested.getHost()) + ":" + servers.get(0).port());
            LocalWebPubSubHub hub = new LocalWebPubSubHub(endpoint, keys, connections, received, this.clock,
                    List.copyOf(servers), loops, scheduler);
            logger.log(Level.DEBUG, () -> "Local Web PubSub hub serving " + hub.maskedConnectionString()
                    + (this.acceptUnverifiedEntraIdTokens ? ", accepting unverified Entra ID tokens" : ""));
            return hub;
        }

        private static void bind(List<DisposableServer> servers, InetAddress address, int port, LoopResources loops,
                ClientEndpoint clients, RestApi rest) {
            try {
                servers.add(HttpServer.create()
                    .runOn(loops)
                    .bindAddress(() -> new InetSocketAddress(address, port))
                    .handle((request, response) -> dispatch(request, response, clients, rest))
                    .bindNow(Duration.ofSeconds(10)));
            }
            catch (RuntimeException ex) {
                if (servers.isEmpty()) {
                    throw ex;
                }
                // localhost's second address (::1 where IPv6 is off): clients fall back
                // to the first.
                logger.log(Level.DEBUG, "The local hub does not listen on " + address + ": " + ex.getMessage());
            }
        }

        private static String authority(String host) {
            return (host.indexOf(':') >= 0 && !host.startsWith("[")) ? "[" + host + "]" : host;
        }

        private static Publisher<Void> dispatch(HttpServerRequest request, HttpServerResponse response,
                ClientEndpoint clients, RestApi rest) {
            if (!Loopback.isFromThisMachine(request.remoteAddress(), request.requestHeaders().getAll("Forwarded"),
                    request.requestHeaders().getAll("X-Forwarded-For"))) {
                // Listening on loopback already keeps others out; this holds even behind
                // a port forward, or a
                // reverse proxy on this machine that passes on clients from elsewhere.
                return ClientEndpoint.plain(response, HttpResponseStatus.FORBIDDEN, FORBIDDEN);
            }
            String path;
            try {
                path = URI.create(request.uri()).getRawPath();
            }
            catch (IllegalArgumentException ex) {
                return ClientEndpoint.plain(response, HttpResponseStatus.BAD_REQUEST, "The request URI is invalid.");
            }
            if (path != null && path.startsWith(ClientEndpoint.PATH_PREFIX)) {
                return clients.handle(request, response);
            }
            if (path != null && path.startsWith(RestApi.PATH_PREFIX)) {
                return rest.handle(request, response);
            }
            return ClientEndpoint.plain(response, HttpResponseStatus.NOT_FOUND, "The local Web PubSub hub serves "
                    + "clients at /client/hubs/{hub} and the REST API at /api/hubs/{hub}/...");
        }

    }

}
