package io.github.webpubsub.compat;

import java.io.IOException;
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

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The Web PubSub Generate Client Token API ({@code POST /api/hubs/<hub>/:generateToken})
 * on 127.0.0.1, answering every call with {@link #CLIENT_TOKEN} and keeping the last
 * call, so that a test sees what the service was asked. (The main build's fakes are
 * package-private test classes of its modules, which a user's application, as these
 * compatibility projects are, cannot see.)
 */
final class LoopbackWebPubSubService implements AutoCloseable {

    static final Instant EXPIRY = Instant.parse("2031-05-06T07:08:09Z");

    /**
     * What the service mints: JWT-shaped; only the service itself would check its
     * signature.
     */
    static final String CLIENT_TOKEN = jwt(
            "{\"aud\":\"minted-by-the-service\",\"exp\":" + EXPIRY.getEpochSecond() + "}");

    private final HttpServer server;

    private volatile Call lastCall;

    private LoopbackWebPubSubService() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.createContext("/", this::answer);
        this.server.start();
    }

    static LoopbackWebPubSubService start() {
        try {
            return new LoopbackWebPubSubService();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Returns {@code http://127.0.0.1:<port>}. */
    URI uri() {
        return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
    }

    Call lastCall() {
        Call call = this.lastCall;
        if (call == null) {
            throw new AssertionError("The service was not called");
        }
        return call;
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            URI uri = exchange.getRequestURI();
            this.lastCall = new Call(exchange.getRequestMethod(), uri.getRawPath(), query(uri.getRawQuery()),
                    exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = ("{\"token\":\"" + CLIENT_TOKEN + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    /**
     * Decodes a query as RFC 3986 percent-encoding (a {@code +} stays a plus), keeping
     * repeated names.
     */
    private static Map<String, List<String>> query(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String pair : (rawQuery != null) ? rawQuery.split("&") : new String[0]) {
            int equals = pair.indexOf('=');
            parameters.computeIfAbsent(pair.substring(0, equals), (name) -> new ArrayList<>())
                .add(URLDecoder.decode(pair.substring(equals + 1).replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        return parameters;
    }

    private static String jwt(String payload) {
        Base64.Encoder base64Url = Base64.getUrlEncoder().withoutPadding();
        return base64Url.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64Url.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
                + base64Url.encodeToString("signature-of-the-service".getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        this.server.stop(0);
    }

    /**
     * One call as the service saw it.
     */
    record Call(String method, String path, Map<String, List<String>> query, String authorization) {

    }

}
