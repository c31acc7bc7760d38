package io.github.webpubsub.spring.autoconfigure;

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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Azure on 127.0.0.1, as far as key-less mode meets it: an App Service managed identity
 * endpoint ({@value #MSI_PATH}, answering like App Service's {@code IDENTITY_ENDPOINT})
 * and the Web PubSub Generate Client Token API
 * ({@code POST .../api/hubs/<hub>/:generateToken}). Every request is recorded.
 */
final class LoopbackAzure implements AutoCloseable {

    static final String MSI_PATH = "/msi/token";

    /**
     * The value App Service puts in {@code IDENTITY_HEADER}; requests must send it back
     * as {@code X-IDENTITY-HEADER}.
     */
    static final String IDENTITY_HEADER = "loopback-identity-header-secret";

    /** The Microsoft Entra ID access token the managed identity endpoint hands out. */
    static final String IDENTITY_TOKEN = "eyJ0eXAiOiJKV1QifQ.managed-identity-access-token.c2lnbmF0dXJl";

    private final HttpServer server;

    private final ExecutorService executor = Executors.newCachedThreadPool();

    private final List<Recorded> requests = new CopyOnWriteArrayList<>();

    private final CountDownLatch closing = new CountDownLatch(1);

    /** The status the token API answers with; 200 mints a token, 0 never answers. */
    private final AtomicInteger tokenApiStatus = new AtomicInteger(200);

    private LoopbackAzure() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.setExecutor(this.executor);
        this.server.createContext("/", this::handle);
        this.server.start();
    }

    static LoopbackAzure start() {
        try {
            return new LoopbackAzure();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Returns {@code http://127.0.0.1:<port>}. */
    URI uri() {
        return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
    }

    /**
     * Returns the managed identity endpoint, as App Service sets it in
     * {@code IDENTITY_ENDPOINT}.
     */
    URI identityEndpoint() {
        return uri().resolve(MSI_PATH);
    }

    /**
     * Makes the token API answer every request with a status and no token, or never
     * answer (0).
     */
    void tokenApiAnswers(int status) {
        this.tokenApiStatus.set(status);
    }

    List<Recorded> identityRequests() {
        return this.requests.stream().filter((request) -> request.path().equals(MSI_PATH)).toList();
    }

    List<Recorded> tokenApiRequests() {
        return this.requests.stream().filter((request) -> request.path().endsWith("/:generateToken")).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            URI uri = exchange.getRequestURI();
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders()
                .forEach((name, values) -> headers.put(name.toLowerCase(), List.copyOf(values)));
            Recorded request = new Recorded(exchange.getRequestMethod(), uri.getRawPath(), query(uri), headers);
            this.requests.add(request);
            if (request.path().equals(MSI_PATH)) {
                answerIdentity(exchange, request);
            }
            else if (request.path().endsWith("/:generateToken")) {
                answerToken(exchange, request);
            }
            else {
                send(exchange, 404, "{}");
            }
        }
    }

    private void answerIdentity(HttpExchange exchange, Recorded request) throws IOException {
        if (!IDENTITY_HEADER.equals(request.header("x-identity-header"))) {
            send(exchange, 401, "{\"error\":\"invalid_request\",\"error_description\":\"missing identity header\"}");
            return;
        }
        // App Service's answer: expires_on in epoch seconds, as a string.
        long expiresOn = Instant.now().plusSeconds(3600).getEpochSecond();
        send(exchange, 200,
                "{\"access_token\":\"" + IDENTITY_TOKEN + "\",\"expires_on\":\"" + expiresOn + "\",\"resource\":\""
                        + request.query("resource") + "\",\"token_type\":\"Bearer\",\"client_id\":\""
                        + request.query("client_id") + "\"}");
    }

    private void answerToken(HttpExchange exchange, Recorded request) throws IOException {
        int status = this.tokenApiStatus.get();
        if (status == 0) {
            try {
                this.closing.await(30, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        if (status != 200) {
            send(exchange, status, "{\"code\":\"Unavailable\",\"message\":\"try later\"}");
            return;
        }
        String hub = request.path().replaceFirst(".*/api/hubs/([^/]+)/:generateToken$", "$1");
        long minutes = Long.parseLong(request.query("minutesToExpire"));
        Instant now = Instant.now();
        String userId = request.query("userId");
        String payload = "{\"aud\":\"https://contoso.webpubsub.azure.com/client/hubs/" + hub + "\",\"iat\":"
                + now.getEpochSecond() + ",\"exp\":" + now.plusSeconds(minutes * 60).getEpochSecond()
                + ((userId != null) ? ",\"sub\":\"" + userId + "\"" : "") + "}";
        send(exchange, 200, "{\"token\":\"" + jwt(payload) + "\"}");
    }

    /**
     * Returns a JWT-shaped token with a given payload; the service's signature is not
     * checked by its callers.
     */
    static String jwt(String payloadJson) {
        Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
        return base64url.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64url.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + "."
                + base64url.encodeToString("service-signature".getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
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

    @Override
    public void close() {
        this.closing.countDown();
        this.server.stop(0);
        this.executor.shutdownNow();
    }

    /**
     * A request as the server saw it: header names in lower case, query values decoded.
     */
    record Recorded(String method, String path, Map<String, List<String>> queryParameters,
            Map<String, List<String>> headers) {

        String header(String name) {
            List<String> values = this.headers.get(name);
            return (values != null) ? String.join(",", values) : null;
        }

        String query(String name) {
            List<String> values = this.queryParameters.get(name);
            return (values != null) ? values.get(0) : null;
        }

    }

}
