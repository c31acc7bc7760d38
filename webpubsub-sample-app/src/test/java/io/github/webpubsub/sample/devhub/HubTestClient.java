package io.github.webpubsub.sample.devhub;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A bare WebSocket client of the hub (the JDK's), speaking the JSON subprotocol frame by frame, so that tests see
 * exactly what the hub sends.
 */
final class HubTestClient implements WebSocket.Listener, AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();

    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

    private final StringBuilder partial = new StringBuilder();

    private WebSocket webSocket;

    private HubTestClient() {
    }

    /** Connects with a Client Access URL, asking for one subprotocol. */
    static HubTestClient connect(URI url, String subprotocol) {
        return connect(url, subprotocol, null);
    }

    /**
     * Connects with a Client Access URL, asking for one subprotocol, with a bearer token header if given, and other
     * headers (names and values, alternately).
     */
    static HubTestClient connect(URI url, String subprotocol, String bearerToken, String... headers) {
        HubTestClient client = new HubTestClient();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT);
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        if (subprotocol != null) {
            builder.subprotocols(subprotocol);
        }
        if (bearerToken != null) {
            builder.header("Authorization", "Bearer " + bearerToken);
        }
        try {
            client.webSocket = builder.buildAsync(url, client).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException | ExecutionException | TimeoutException ex) {
            throw new IllegalStateException("Could not connect to the hub", ex);
        }
        return client;
    }

    /**
     * Connects with a request that the hub must refuse before the upgrade, with headers (names and values,
     * alternately), and returns its HTTP response.
     */
    static Refusal refused(URI url, String subprotocol, String... headers) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT);
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        if (subprotocol != null) {
            builder.subprotocols(subprotocol);
        }
        try {
            builder.buildAsync(url, new HubTestClient()).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException ex) {
            if (ex.getCause() instanceof WebSocketHandshakeException refusal) {
                HttpResponse<?> response = refusal.getResponse();
                String body = (response.body() instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8)
                        : String.valueOf(response.body());
                return new Refusal(response.statusCode(), body,
                        response.headers().firstValue("WWW-Authenticate").orElse(null));
            }
            throw new IllegalStateException("The connection failed, but not with an HTTP answer", ex);
        }
        catch (InterruptedException | TimeoutException ex) {
            throw new IllegalStateException(ex);
        }
        return fail("The hub accepted the connection");
    }

    String subprotocol() {
        return this.webSocket.getSubprotocol();
    }

    void send(String frame) {
        this.webSocket.sendText(frame, true).join();
    }

    /** Sends a frame as UTF-8 in a binary WebSocket message. */
    void sendBinary(String frame) {
        this.webSocket.sendBinary(ByteBuffer.wrap(frame.getBytes(StandardCharsets.UTF_8)), true).join();
    }

    /** Returns the next frame the hub sent, failing if none comes within the timeout. */
    JsonNode next() {
        try {
            String frame = this.frames.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) {
                return fail("No frame from the hub within " + TIMEOUT);
            }
            return JSON.readTree(frame);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** Returns the next frame, checking its type. */
    JsonNode next(String type) {
        JsonNode frame = next();
        assertThat(frame.path("type").asString()).as("type of %s", frame).isEqualTo(type);
        return frame;
    }

    /** Proves that nothing is queued before the hub's answer to a ping: frames on a connection keep their order. */
    void assertNothingElseReceived() {
        send("{\"type\":\"ping\"}");
        assertThat(next()).as("next frame").hasToString("{\"type\":\"pong\"}");
    }

    /** Waits until the hub closes the connection and returns the close code. */
    int awaitClose() {
        try {
            return this.closeCode.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException | ExecutionException | TimeoutException ex) {
            return fail("The hub did not close the connection within " + TIMEOUT);
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        this.partial.append(data);
        if (last) {
            this.frames.add(this.partial.toString());
            this.partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        this.closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        this.closeCode.completeExceptionally(error);
    }

    @Override
    public void close() {
        if (this.webSocket != null && !this.webSocket.isOutputClosed()) {
            this.webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (this.webSocket != null) {
            this.webSocket.abort();
        }
    }

    /** The HTTP answer to a refused connection. */
    record Refusal(int status, String body, String wwwAuthenticate) {
    }

}
