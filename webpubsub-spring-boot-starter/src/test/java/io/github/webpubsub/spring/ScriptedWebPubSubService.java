package io.github.webpubsub.spring;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The Web PubSub Generate Client Token API ({@code POST /api/hubs/<hub>/:generateToken})
 * on 127.0.0.1, answering each hub with one scripted answer, good or bad: the hub name
 * says which. The last request of each hub is kept, so that a test can see what the
 * service was asked for.
 */
final class ScriptedWebPubSubService implements AutoCloseable {

    static final Instant EXPIRY = Instant.parse("2031-05-06T07:08:09Z");

    /** What the service mints for hub {@code chat}. */
    static final String CLIENT_TOKEN = jwt("{\"aud\":\"https://contoso.webpubsub.azure.com/client/hubs/chat\","
            + "\"exp\":" + EXPIRY.getEpochSecond() + "}", "service-signature-of-the-client-token");

    /** A token cut after its payload. */
    static final String TWO_PART_TOKEN = CLIENT_TOKEN.substring(0, CLIENT_TOKEN.lastIndexOf('.'));

    static final String TOKEN_WITHOUT_EXP = jwt("{\"aud\":\"https://contoso.webpubsub.azure.com/client/hubs/noexp\"}",
            "service-signature-of-a-token-without-exp");

    static final String TOKEN_EXPIRING_AFTER_9999 = jwt("{\"exp\":1e300}", "service-signature-of-a-far-future-token");

    /** A token the service quotes in an error message. */
    static final String TOKEN_IN_ERROR_MESSAGE = jwt("{\"exp\":" + EXPIRY.getEpochSecond() + ",\"sub\":\"mallory\"}",
            "service-signature-of-a-quoted-token");

    /**
     * Every client token this service hands out or quotes: none may reach a message or a
     * log.
     */
    static final List<String> TOKENS = List.of(CLIENT_TOKEN, TWO_PART_TOKEN, TOKEN_WITHOUT_EXP,
            TOKEN_EXPIRING_AFTER_9999, TOKEN_IN_ERROR_MESSAGE);

    /** The service's own words in a 400 answer. */
    static final String REJECTION = "The value of 'minutesToExpire' is out of range";

    /** Larger than the 64 KiB that the client reads of a successful answer. */
    static final int HUGE_BODY_BYTES = 70 * 1024;

    private final HttpServer server;

    private final ExecutorService executor = Executors.newCachedThreadPool();

    private final CountDownLatch closing = new CountDownLatch(1);

    private final Map<String, Map<String, List<String>>> lastQueries = new ConcurrentHashMap<>();

    private ScriptedWebPubSubService() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // Threads of their own: a stalled answer must not hold up the others.
        this.server.setExecutor(this.executor);
        this.server.createContext("/", this::answer);
        this.server.start();
    }

    static ScriptedWebPubSubService start() {
        try {
            return new ScriptedWebPubSubService();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Returns {@code http://127.0.0.1:<port>}.
     */
    URI uri() {
        return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
    }

    /**
     * Returns the decoded query parameters of the last request for a hub.
     */
    Map<String, List<String>> lastQuery(String hub) {
        Map<String, List<String>> query = this.lastQueries.get(hub);
        if (query == null) {
            throw new AssertionError("The service was not called for hub " + hub);
        }
        return query;
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getRawPath();
            if (!"POST".equals(exchange.getRequestMethod())
                    || !path.matches("/api/hubs/[A-Za-z0-9_]+/:generateToken")) {
                send(exchange, 404, "application/json", "{\"code\":\"NotFound\"}");
                return;
            }
            String hub = path.split("/")[3];
            this.lastQueries.put(hub, query(exchange.getRequestURI()));
            switch (hub) {
                case "chat" -> send(exchange, 200, "{\"token\":\"" + CLIENT_TOKEN + "\"}");
                case "empty" -> send(exchange, 200, "{}");
                case "notjson" -> send(exchange, 200, "text/html", "<html><body>Welcome to nginx!</body></html>");
                case "numeric" -> send(exchange, 200, "{\"token\":42}");
                case "twoparts" -> send(exchange, 200, "{\"token\":\"" + TWO_PART_TOKEN + "\"}");
                case "noexp" -> send(exchange, 200, "{\"token\":\"" + TOKEN_WITHOUT_EXP + "\"}");
                case "farfuture" -> send(exchange, 200, "{\"token\":\"" + TOKEN_EXPIRING_AFTER_9999 + "\"}");
                case "huge" -> send(exchange, 200,
                        "{\"token\":\"" + CLIENT_TOKEN + "\",\"padding\":\"" + "x".repeat(HUGE_BODY_BYTES) + "\"}");
                case "rejected" ->
                    send(exchange, 400, "{\"code\":\"InvalidArgument\",\"message\":\"" + REJECTION + "\"}");
                case "quoting" -> send(exchange, 400, "{\"error\":{\"code\":\"InvalidArgument\",\"message\":"
                        + "\"Token " + TOKEN_IN_ERROR_MESSAGE + " is not accepted here\"}}");
                case "unauthorized" -> send(exchange, 401, "");
                case "forbidden" -> send(exchange, 403, "{\"code\":\"Forbidden\"}");
                case "moved" -> {
                    exchange.getResponseHeaders().set("Location", "https://elsewhere.example.com" + path);
                    send(exchange, 302, "");
                }
                case "throttled" -> send(exchange, 429, "{\"code\":\"TooManyRequests\"}");
                case "failing" -> send(exchange, 500, "{\"code\":\"InternalServerError\"}");
                case "stalling" -> stall();
                default -> send(exchange, 404, "{\"code\":\"NotFound\"}");
            }
        }
    }

    private void stall() {
        try {
            this.closing.await(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        send(exchange, status, "application/json", json);
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, (bytes.length > 0) ? bytes.length : -1);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, List<String>> query(URI uri) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int equals = pair.indexOf('=');
                String name = URLDecoder.decode((equals >= 0) ? pair.substring(0, equals) : pair,
                        StandardCharsets.UTF_8);
                String value = (equals >= 0) ? URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8)
                        : "";
                query.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
            }
        }
        return query;
    }

    /**
     * Returns a JWT-shaped token: the service's signature is not checked by its callers.
     */
    private static String jwt(String payloadJson, String signature) {
        Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
        return base64url.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64url.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + "."
                + base64url.encodeToString(signature.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        this.closing.countDown();
        this.server.stop(0);
        this.executor.shutdownNow();
    }

}
