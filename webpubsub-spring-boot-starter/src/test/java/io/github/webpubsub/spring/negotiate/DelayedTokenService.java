package io.github.webpubsub.spring.negotiate;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The Generate Client Token API on the loopback address, answering every call with a
 * token after a delay, each call on its own thread so that slow calls overlap as they do
 * at the real service.
 */
final class DelayedTokenService implements AutoCloseable {

    static final String TOKEN = base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "."
            + base64Url("{\"exp\":" + Instant.parse("2031-05-06T07:08:09Z").getEpochSecond() + "}") + ".c2lnbmF0dXJl";

    private final HttpServer server;

    private final ExecutorService executor = Executors.newCachedThreadPool();

    private final Duration delay;

    private final AtomicInteger calls = new AtomicInteger();

    DelayedTokenService(Duration delay) {
        this.delay = delay;
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        this.server.setExecutor(this.executor);
        this.server.createContext("/api/hubs/", this::answer);
        this.server.start();
    }

    /** The service's endpoint, for {@code webpubsub.endpoint}. */
    String endpoint() {
        return "http://127.0.0.1:" + this.server.getAddress().getPort();
    }

    int calls() {
        return this.calls.get();
    }

    @Override
    public void close() {
        this.server.stop(0);
        this.executor.shutdownNow();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            this.calls.incrementAndGet();
            Thread.sleep(this.delay.toMillis());
            byte[] body = ("{\"token\":\"" + TOKEN + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

}
