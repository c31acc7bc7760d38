package io.github.webpubsub.benchmarks.load;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Azure on the loopback address, as far as key-less mode meets it, with faults on demand:
 * the Web PubSub Generate Client Token API and an App Service managed identity endpoint,
 * for {@code scripts/faults-keyless.sh}.
 *
 * <ul>
 * <li>{@code GET /msi/token?resource=..}: what App Service's {@code IDENTITY_ENDPOINT}
 * answers: a Microsoft Entra ID access token valid for an hour, if the request carries
 * the {@code X-IDENTITY-HEADER} given at start (App Service's
 * {@code IDENTITY_HEADER}).</li>
 * <li>{@code POST
 * /api/hubs/{hub}/:generateToken?api-version=..&userId=..&role=..&group=..&minutesToExpire=..}:
 * with that access token as bearer, answers as the current {@link Mode} says; healthy,
 * with {@code {"token":"<jwt>"}}, an HS256 client token for the request's claims.</li>
 * <li>{@code POST /control/mode/{healthy|stall|error|malformed}}: switches the mode.
 * Every switch is appended to the events file:
 * {@code <epoch microseconds> <new mode> <token calls in the previous mode>}, so that a
 * load run can be cut into phases afterwards. The first line is the start, in
 * {@link Mode#HEALTHY}.</li>
 * <li>{@code GET /control/stats}: the mode and the token calls in it so far.</li>
 * </ul>
 * With {@code --healthy-delay-ms <ms>} every healthy answer comes that long after the
 * request, as the real service's do, so that a load run shows what waiting for the
 * service costs a server ({@code scripts/load-keyless.sh}).
 *
 * Usage, from the benchmarks jar (prints {@code listening on http://127.0.0.1:<port>},
 * runs until killed):
 *
 * <pre>
 * java -cp webpubsub-benchmarks/target/benchmarks.jar io.github.webpubsub.benchmarks.load.FakeWebPubSubService \
 *     --identity-header &lt;value of IDENTITY_HEADER&gt; --events &lt;file&gt; [--port &lt;port&gt;] \
 *     [--healthy-delay-ms &lt;ms&gt;]
 * </pre>
 */
public final class FakeWebPubSubService implements AutoCloseable {

    static final String IDENTITY_PATH = "/msi/token";

    static final String MODE_PATH = "/control/mode/";

    static final String STATS_PATH = "/control/stats";

    /**
     * Signs the client tokens of this stand-in; 44 characters like a real access key, and
     * public like this class.
     */
    static final String SIGNING_KEY = "FakeWebPubSubServiceKeyForLoadTestsOnly0000";

    /**
     * A stalled request is let go at the next switch, or after this long at most, so that
     * no thread waits forever.
     */
    private static final Duration LONGEST_STALL = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How the token API answers.
     */
    enum Mode {

        /** A client token. */
        HEALTHY,

        /**
         * Nothing: the request is held until the next switch (or a minute), then the
         * connection is closed.
         */
        STALL,

        /** HTTP 500 with an error body, as the service does when it fails. */
        ERROR,

        /** HTTP 200 whose body holds no well-formed token. */
        MALFORMED;

        static Mode parse(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

    }

    private final HttpServer server;

    private final ExecutorService executor = Executors.newCachedThreadPool((task) -> {
        Thread thread = new Thread(task, "fake-web-pubsub");
        thread.setDaemon(true);
        return thread;
    });

    private final String identityHeader;

    private final Path events;

    private final Duration healthyDelay;

    /**
     * The Microsoft Entra ID access token the identity endpoint issues, and the token API
     * requires.
     */
    private final String accessToken = "fake-entra-id-access-token-" + Long.toHexString(System.nanoTime());

    private final AtomicLong tokenCalls = new AtomicLong();

    private final AtomicLong identityCalls = new AtomicLong();

    private final Object switchLock = new Object();

    private volatile Period period = new Period(Mode.HEALTHY, new CountDownLatch(1));

    private FakeWebPubSubService(int port, String identityHeader, Path events, Duration healthyDelay)
            throws IOException {
        this.identityHeader = identityHeader;
        this.events = events;
        this.healthyDelay = healthyDelay;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        this.server.setExecutor(this.executor);
        this.server.createContext("/", this::handle);
        this.server.start();
        record(Mode.HEALTHY, 0);
    }

    /**
     * Starts the service on a loopback port.
     * @param port the port, or 0 for any free one
     * @param identityHeader the secret that identity requests must send back in
     * {@code X-IDENTITY-HEADER}
     * @param events the file the mode switches are appended to
     * @return the running service
     */
    static FakeWebPubSubService start(int port, String identityHeader, Path events) {
        return start(port, identityHeader, events, Duration.ZERO);
    }

    /**
     * Starts the service on a loopback port, answering healthy token requests after a
     * delay.
     * @param healthyDelay how long each healthy answer takes
     * @return the running service
     */
    static FakeWebPubSubService start(int port, String identityHeader, Path events, Duration healthyDelay) {
        try {
            return new FakeWebPubSubService(port, identityHeader, events, healthyDelay);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> options = options(args);
        String identityHeader = options.get("--identity-header");
        String events = options.get("--events");
        if (identityHeader == null || identityHeader.isBlank() || events == null) {
            System.err.println("Usage: FakeWebPubSubService --identity-header <value> --events <file> [--port <port>] "
                    + "[--healthy-delay-ms <ms>]");
            System.exit(2);
        }
        // The JDK server writes headers and body separately: without TCP_NODELAY, Nagle's
        // algorithm and the
        // client's delayed ACK would add about 40 ms to every answer, which the real
        // service does not.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        FakeWebPubSubService service = start(Integer.parseInt(options.getOrDefault("--port", "0")), identityHeader,
                Path.of(events), Duration.ofMillis(Long.parseLong(options.getOrDefault("--healthy-delay-ms", "0"))));
        Runtime.getRuntime().addShutdownHook(new Thread(service::close));
        System.out.println("listening on " + service.uri());
        Thread.currentThread().join();
    }

    /** Returns {@code http://127.0.0.1:<port>}. */
    URI uri() {
        return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
    }

    String accessToken() {
        return this.accessToken;
    }

    /**
     * Switches the mode, releases the requests stalled so far, and appends the switch to
     * the events file.
     * @return the token calls answered (or stalled) in the previous mode
     */
    long switchTo(Mode next) {
        synchronized (this.switchLock) {
            long calls = this.tokenCalls.getAndSet(0);
            Period previous = this.period;
            this.period = new Period(next, new CountDownLatch(1));
            previous.end().countDown();
            record(next, calls);
            return calls;
        }
    }

    private void record(Mode next, long previousCalls) {
        String line = micros(Instant.now()) + " " + next.label() + " " + previousCalls + "\n";
        try {
            Files.writeString(this.events, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            if (path.equals(IDENTITY_PATH) && method.equals("GET")) {
                answerIdentity(exchange);
            }
            else if (path.startsWith("/api/hubs/") && path.endsWith("/:generateToken") && method.equals("POST")) {
                answerToken(exchange,
                        path.substring("/api/hubs/".length(), path.length() - "/:generateToken".length()));
            }
            else if (path.startsWith(MODE_PATH) && method.equals("POST")) {
                answerSwitch(exchange, path.substring(MODE_PATH.length()));
            }
            else if (path.equals(STATS_PATH) && method.equals("GET")) {
                send(exchange, 200, Map.of("mode", this.period.mode().label(), "tokenCalls", this.tokenCalls.get(),
                        "identityCalls", this.identityCalls.get()));
            }
            else {
                send(exchange, 404, Map.of("code", "NotFound", "message", "no such operation"));
            }
        }
    }

    private void answerIdentity(HttpExchange exchange) throws IOException {
        this.identityCalls.incrementAndGet();
        if (!this.identityHeader.equals(exchange.getRequestHeaders().getFirst("X-IDENTITY-HEADER"))) {
            send(exchange, 401, Map.of("error", "invalid_request", "error_description", "X-IDENTITY-HEADER is wrong"));
            return;
        }
        Map<String, List<String>> query = query(exchange.getRequestURI());
        // App Service's answer: expires_on in epoch seconds, as a string.
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", this.accessToken);
        body.put("expires_on", Long.toString(Instant.now().plus(Duration.ofHours(1)).getEpochSecond()));
        body.put("resource", first(query, "resource"));
        body.put("token_type", "Bearer");
        body.put("client_id", "00000000-0000-0000-0000-000000000000");
        send(exchange, 200, body);
    }

    private void answerToken(HttpExchange exchange, String hub) throws IOException {
        this.tokenCalls.incrementAndGet();
        if (!("Bearer " + this.accessToken).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            send(exchange, 401, Map.of("code", "Unauthorized", "message", "missing or wrong bearer token"));
            return;
        }
        Map<String, List<String>> query = query(exchange.getRequestURI());
        if (first(query, "api-version") == null) {
            send(exchange, 400, Map.of("code", "BadRequest", "message", "api-version is required"));
            return;
        }
        Period current = this.period;
        switch (current.mode()) {
            case HEALTHY -> {
                pause(this.healthyDelay);
                send(exchange, 200, Map.of("token", clientToken(hub, query)));
            }
            case STALL -> stall(current.end());
            case ERROR -> send(exchange, 500, Map.of("code", "InternalServerError", "message", "injected fault"));
            case MALFORMED -> send(exchange, 200, Map.of("token", "not-a-jwt"));
        }
    }

    private void answerSwitch(HttpExchange exchange, String name) throws IOException {
        Mode next;
        try {
            next = Mode.parse(name);
        }
        catch (IllegalArgumentException ex) {
            send(exchange, 400, Map.of("message", "unknown mode '" + name + "': healthy, stall, error or malformed"));
            return;
        }
        long previousCalls = switchTo(next);
        send(exchange, 200, Map.of("mode", next.label(), "previousCalls", previousCalls));
    }

    private static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Holds the request, answering nothing; closing the exchange afterwards drops the
     * connection.
     */
    private static void stall(CountDownLatch end) {
        try {
            end.await(LONGEST_STALL.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Returns an HS256 client token for the request's claims, as the service mints them:
     * {@code aud} this service's client URL for the hub, {@code iat}, {@code exp} after
     * {@code minutesToExpire}, {@code sub} the user id, {@code role} and
     * {@code webpubsub.group} arrays when given.
     */
    String clientToken(String hub, Map<String, List<String>> query) {
        long issuedAt = Instant.now().getEpochSecond();
        String minutes = first(query, "minutesToExpire");
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("aud", uri() + "/client/hubs/" + hub);
        claims.put("iat", issuedAt);
        claims.put("exp", issuedAt + 60 * ((minutes != null) ? Long.parseLong(minutes) : 60));
        if (first(query, "userId") != null) {
            claims.put("sub", first(query, "userId"));
        }
        if (query.containsKey("role")) {
            claims.put("role", query.get("role"));
        }
        if (query.containsKey("group")) {
            claims.put("webpubsub.group", query.get("group"));
        }
        Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
        String signingInput = base64url.encodeToString(json(Map.of("alg", "HS256", "typ", "JWT"))) + "."
                + base64url.encodeToString(json(claims));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SIGNING_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signingInput + "."
                    + base64url.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HmacSHA256 is not available", ex);
        }
    }

    private static void send(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
        byte[] bytes = json(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        }
        catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static Map<String, List<String>> query(URI uri) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int equals = pair.indexOf('=');
                String name = (equals >= 0) ? pair.substring(0, equals) : pair;
                String value = (equals >= 0) ? pair.substring(equals + 1) : "";
                query.computeIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8), (key) -> new ArrayList<>())
                    .add(URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return (values != null && !values.isEmpty()) ? values.get(0) : null;
    }

    static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    @Override
    public void close() {
        this.period.end().countDown();
        this.server.stop(0);
        this.executor.shutdownNow();
    }

    /**
     * A mode and the latch counted down when it ends, which releases the requests it
     * stalled; one value, so that a request never sees the mode of one period with the
     * latch of another.
     */
    private record Period(Mode mode, CountDownLatch end) {
    }

}
