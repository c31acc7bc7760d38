package io.github.webpubsub.localhub;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
 * A bare WebSocket client of the hub (the JDK's), so that tests see exactly what the hub
 * sends, frame by frame.
 */
final class HubTestClient implements WebSocket.Listener, AutoCloseable {

    static final String RELIABLE = "json.reliable.webpubsub.azure.v1";

    static final String JSON_SUBPROTOCOL = "json.webpubsub.azure.v1";

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Text frames as strings, binary frames as byte arrays. */
    private final BlockingQueue<Object> frames = new LinkedBlockingQueue<>();

    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

    private final StringBuilder partialText = new StringBuilder();

    private final ByteArrayOutputStream partialBinary = new ByteArrayOutputStream();

    private WebSocket webSocket;

    private HubTestClient() {
    }

    /** Connects with a Client Access URL, asking for one subprotocol, or none. */
    static HubTestClient connect(URI url, String subprotocol) {
        return connect(url, subprotocol, null);
    }

    /**
     * Connects with a Client Access URL, asking for one subprotocol, with a bearer token
     * header if given, and other headers (names and values, alternately).
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
     * Connects with a request that the hub must refuse before the upgrade, with headers
     * (names and values, alternately), and returns its HTTP response.
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

    /**
     * The connection id of a JSON subprotocol client, from its {@code connected} message.
     */
    private String connectionId;

    /**
     * Returns the connection id the {@code connected} message told; read that message
     * first.
     */
    String connectionId() {
        if (this.connectionId == null) {
            return fail("No connected message read yet");
        }
        return this.connectionId;
    }

    String subprotocol() {
        return this.webSocket.getSubprotocol();
    }

    void send(String frame) {
        this.webSocket.sendText(frame, true).join();
    }

    /** Sends bytes in a binary WebSocket message. */
    void sendBinary(byte[] bytes) {
        this.webSocket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** Sends a frame as UTF-8 in a binary WebSocket message. */
    void sendBinary(String frame) {
        sendBinary(frame.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Returns the next frame the hub sent, as text, failing if none comes within the
     * timeout.
     */
    String nextText() {
        Object frame = nextFrame();
        if (!(frame instanceof String text)) {
            return fail("Expected a text frame, got a binary one");
        }
        return text;
    }

    /** Returns the next frame the hub sent, as bytes of a binary frame. */
    byte[] nextBinary() {
        Object frame = nextFrame();
        if (!(frame instanceof byte[] bytes)) {
            return fail("Expected a binary frame, got text: " + frame);
        }
        return bytes;
    }

    private Object nextFrame() {
        try {
            Object frame = this.frames.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) {
                return fail("No frame from the hub within " + TIMEOUT);
            }
            return frame;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** Returns the next frame the hub sent, as JSON. */
    JsonNode next() {
        JsonNode frame = JSON.readTree(nextText());
        if (frame.path("event").asString().equals("connected")) {
            this.connectionId = frame.path("connectionId").asString();
        }
        return frame;
    }

    /** Returns the next frame, checking its type. */
    JsonNode next(String type) {
        JsonNode frame = next();
        assertThat(frame.path("type").asString()).as("type of %s", frame).isEqualTo(type);
        return frame;
    }

    /**
     * Proves that nothing is queued before the hub's answer to a ping: frames on a
     * connection keep their order.
     */
    void assertNothingElseReceived() {
        send("{\"type\":\"ping\"}");
        assertThat(next()).as("next frame").hasToString("{\"type\":\"pong\"}");
    }

    /**
     * Proves that no frame comes within a short time; for plain clients, which have no
     * ping.
     */
    void assertNoFrameWithin(Duration wait) throws InterruptedException {
        assertThat(this.frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS)).as("frame").isNull();
    }

    /** Waits until the hub closes the connection and returns the close code. */
    int awaitClose() {
        try {
            return this.closeCode.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException ex) {
            return fail("The connection failed instead of being closed", ex.getCause());
        }
        catch (InterruptedException | TimeoutException ex) {
            return fail("The hub did not close the connection within " + TIMEOUT);
        }
    }

    /** Waits until the connection has ended, closed or cut. */
    void awaitEnd() {
        try {
            this.closeCode.handle((code, error) -> code).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException | ExecutionException | TimeoutException ex) {
            fail("The connection did not end within " + TIMEOUT);
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        this.partialText.append(data);
        if (last) {
            this.frames.add(this.partialText.toString());
            this.partialText.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        this.partialBinary.writeBytes(bytes);
        if (last) {
            this.frames.add(this.partialBinary.toByteArray());
            this.partialBinary.reset();
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
            try {
                // A close frame, so that the hub ends the connection rather than keeping
                // it for recovery.
                this.webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                this.closeCode.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            catch (ExecutionException | TimeoutException ex) {
                // Gone already.
            }
        }
        if (this.webSocket != null) {
            this.webSocket.abort();
        }
    }

    /** The HTTP answer to a refused connection. */
    record Refusal(int status, String body, String wwwAuthenticate) {
    }

}
