package io.github.webpubsub.spring.localhub;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Dials a Client Access URL with the JDK's WebSocket client, as a client of the service
 * would.
 */
final class WebSocketClients {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private WebSocketClients() {
    }

    /**
     * Connects with the reliable JSON subprotocol and returns the first frame the hub
     * sends (its {@code connected} message), or the HTTP status of a refused handshake as
     * {@code "HTTP <status>"}.
     */
    static String firstFrame(URI url) {
        return firstFrameThenSend(url, null);
    }

    /**
     * Connects as {@link #firstFrame(URI)} does, and sends a frame after the first one
     * came, if given.
     */
    static String firstFrameThenSend(URI url, String frame) {
        CompletableFuture<String> first = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {

            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                this.text.append(data);
                if (last) {
                    first.complete(this.text.toString());
                }
                webSocket.request(1);
                return null;
            }

        };
        try {
            WebSocket webSocket = HTTP.newWebSocketBuilder()
                .subprotocols("json.reliable.webpubsub.azure.v1")
                .buildAsync(url, listener)
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            try {
                String connected = first.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (frame != null) {
                    webSocket.sendText(frame, true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
                return connected;
            }
            finally {
                webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        catch (ExecutionException ex) {
            if (ex.getCause() instanceof WebSocketHandshakeException refused) {
                return "HTTP " + refused.getResponse().statusCode();
            }
            throw new IllegalStateException("The WebSocket failed", ex);
        }
        catch (InterruptedException | TimeoutException ex) {
            throw new IllegalStateException("The WebSocket did not answer within " + TIMEOUT, ex);
        }
    }

}
