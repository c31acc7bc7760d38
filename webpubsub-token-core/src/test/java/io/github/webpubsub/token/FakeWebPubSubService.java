package io.github.webpubsub.token;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the Web PubSub REST API on 127.0.0.1: records every request and answers
 * with scripted replies, in order; once the script is used up it answers with
 * {@link #DEFAULT_TOKEN}.
 */
final class FakeWebPubSubService implements AutoCloseable {

    /** {@code exp} of {@link #DEFAULT_TOKEN}: 2030-01-01T00:00:00Z. */
    static final long DEFAULT_EXP = 1_893_456_000L;

    static final String DEFAULT_TOKEN = jwt("{\"aud\":\"https://example.webpubsub.azure.com/client/hubs/chat\","
            + "\"exp\":" + DEFAULT_EXP + ",\"iat\":1893452400}");

    private final HttpServer server;

    private final ExecutorService executor = Executors.newCachedThreadPool();

    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    private final ConcurrentLinkedDeque<Reply> script = new ConcurrentLinkedDeque<>();

    private final CountDownLatch closing = new CountDownLatch(1);

    private FakeWebPubSubService() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.setExecutor(this.executor);
        this.server.createContext("/", this::handle);
        this.server.start();
    }

    static FakeWebPubSubService start() {
        try {
            return new FakeWebPubSubService();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Returns a JWT-shaped token with a given payload; the signature is not checked by
     * anyone here.
     */
    static String jwt(String payloadJson) {
        Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
        return base64url.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64url.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + "."
                + base64url.encodeToString("signature-bytes".getBytes(StandardCharsets.UTF_8));
    }

    /** Returns {@code http://127.0.0.1:<port>}. */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
    }

    FakeWebPubSubService enqueue(Reply... replies) {
        this.script.addAll(List.of(replies));
        return this;
    }

    List<RecordedRequest> requests() {
        return List.copyOf(this.requests);
    }

    RecordedRequest onlyRequest() {
        if (this.requests.size() != 1) {
            throw new AssertionError("Expected exactly one request, got " + this.requests.size());
        }
        return this.requests.get(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        this.requests.add(new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI(),
                exchange.getRequestHeaders(), body));
        Reply reply = this.script.poll();
        if (reply == null) {
            reply = Reply.token(DEFAULT_TOKEN);
        }
        try {
            reply.answer(exchange, this.closing);
        }
        catch (IOException ex) {
            // The client gave up first (a timeout or an oversized body): nothing left to
            // answer.
        }
        finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        this.closing.countDown();
        this.server.stop(0);
        this.executor.shutdownNow();
    }

    /**
     * Decodes a raw query string strictly as RFC 3986 percent-encoding: a {@code +} stays
     * a plus.
     * @return the parameters in order; repeated names keep every value
     */
    static Map<String, List<String>> decodeQuery(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            parameters.computeIfAbsent(pair.substring(0, equals), (name) -> new ArrayList<>())
                .add(URLDecoder.decode(pair.substring(equals + 1).replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        return parameters;
    }

    /**
     * One request as the server saw it.
     */
    record RecordedRequest(String method, URI uri, Headers headers, byte[] body) {

        String rawPath() {
            return this.uri.getRawPath();
        }

        String rawQuery() {
            return this.uri.getRawQuery();
        }

        String header(String name) {
            return this.headers.getFirst(name);
        }

        /**
         * Query parameters in order, values percent-decoded; repeated names keep every
         * value.
         */
        Map<String, List<String>> queryParameters() {
            return decodeQuery(rawQuery());
        }

    }

    /**
     * A scripted answer.
     */
    interface Reply {

        void answer(HttpExchange exchange, CountDownLatch closing) throws IOException;

        static Reply token(String token) {
            return json(200, "{\"token\":\"" + token + "\"}");
        }

        static Reply json(int status, String json) {
            return body(status, "application/json", json);
        }

        static Reply body(int status, String contentType, String body) {
            return withHeaders(status, Map.of("Content-Type", contentType), body);
        }

        static Reply status(int status) {
            return withHeaders(status, Map.of(), "");
        }

        static Reply withHeaders(int status, Map<String, String> headers, String body) {
            return (exchange, closing) -> {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                headers.forEach(exchange.getResponseHeaders()::add);
                exchange.sendResponseHeaders(status, (bytes.length == 0) ? -1 : bytes.length);
                exchange.getResponseBody().write(bytes);
            };
        }

        /** Never answers (until the server closes). */
        static Reply stall() {
            return (exchange, closing) -> await(closing);
        }

        /** Sends 200 and the start of a body, then stalls. */
        static Reply stallMidBody() {
            return (exchange, closing) -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                out.write("{\"token\":\"eyJ".getBytes(StandardCharsets.UTF_8));
                out.flush();
                await(closing);
            };
        }

        /**
         * Sends 200 with a body of {@code size} bytes, chunked (no Content-Length) or
         * declared.
         */
        static Reply hugeBody(int size, boolean declareLength) {
            return (exchange, closing) -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, declareLength ? size : 0);
                OutputStream out = exchange.getResponseBody();
                byte[] chunk = new byte[8192];
                java.util.Arrays.fill(chunk, (byte) ' ');
                out.write('{');
                for (int written = 1; written < size; written += chunk.length) {
                    out.write(chunk, 0, Math.min(chunk.length, size - written));
                }
            };
        }

        /** Closes the connection without any answer. */
        static Reply dropConnection() {
            return (exchange, closing) -> {
                // Closing before the response headers are sent makes the server drop the
                // connection.
            };
        }

        private static void await(CountDownLatch closing) {
            try {
                closing.await(Duration.ofMinutes(1).toMillis(), TimeUnit.MILLISECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }

    }

}
