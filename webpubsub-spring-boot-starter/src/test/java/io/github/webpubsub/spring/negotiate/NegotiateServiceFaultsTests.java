package io.github.webpubsub.spring.negotiate;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.webpubsub.token.BearerToken;
import io.github.webpubsub.token.BearerTokenProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static io.github.webpubsub.spring.negotiate.NegotiateTokens.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key-less mode configured by properties, on a real server (Tomcat limited to four
 * request threads), against a service on the loopback address that stalls, fails or
 * recovers on demand: a negotiate endpoint answers 503 with a problem detail within
 * {@code webpubsub.service.read-timeout} (stall, never retried) or
 * {@code webpubsub.service.deadline} (500s, retried {@code max-retries} times), never
 * hangs or holds its thread longer, and answers 200 again as soon as the service does.
 * {@code scripts/faults-keyless.sh} does the same under load with the sample application;
 * {@link NegotiateKeylessServiceTests} covers the other answers of the service.
 */
@SpringBootTest(classes = NegotiateServiceFaultsTests.FaultsApplication.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "webpubsub.hub=chat", "webpubsub.service.read-timeout=500ms",
                "webpubsub.service.deadline=1500ms", "webpubsub.service.max-retries=2", "server.tomcat.threads.max=4",
                "server.tomcat.threads.min-spare=1", "spring.security.user.name=alice",
                "spring.security.user.password=secret" })
class NegotiateServiceFaultsTests {

    private static final Duration READ_TIMEOUT = Duration.ofMillis(500);

    private static final Duration DEADLINE = Duration.ofMillis(1500);

    /** Room for scheduling on a busy machine; far less than any hang. */
    private static final Duration MARGIN = Duration.ofSeconds(1);

    private static final SwitchableService service = new SwitchableService();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void keylessEndpoint(DynamicPropertyRegistry registry) {
        registry.add("webpubsub.endpoint", () -> "http://127.0.0.1:" + service.port());
    }

    @AfterAll
    static void stopService() {
        service.stop();
    }

    @BeforeEach
    void serviceIsHealthy() {
        service.answer(SwitchableService.Mode.HEALTHY);
    }

    @Test
    void stalledServiceIsAnswered503WithinTheReadTimeoutAndNotRetried() {
        service.answer(SwitchableService.Mode.STALL);

        Answer answer = get("/negotiate");

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.contentType()).isEqualTo("application/problem+json");
        assertThat(answer.contentLength()).as("sent whole, not in chunks")
            .isEqualTo(Integer.toString(answer.body().getBytes(StandardCharsets.UTF_8).length));
        assertThat(json(answer.body())).containsEntry("status", 503).containsEntry("reason", "UNAVAILABLE");
        assertThat(answer.took()).isBetween(READ_TIMEOUT.minusMillis(50), READ_TIMEOUT.plus(MARGIN));
        assertThat(service.calls()).as("timeouts are not retried").isEqualTo(1);
    }

    @Test
    void failingServiceIsRetriedAsConfiguredThenAnswered503WithinTheDeadline() {
        service.answer(SwitchableService.Mode.ERROR);

        Answer answer = get("/negotiate");

        assertThat(answer.status()).isEqualTo(503);
        assertThat(json(answer.body())).containsEntry("reason", "UNAVAILABLE");
        assertThat(answer.took()).isLessThan(DEADLINE.plus(MARGIN));
        assertThat(service.calls()).as("one call and max-retries retries").isEqualTo(3);
    }

    @Test
    void moreStalledCallersThanServerThreadsAreAllAnsweredAndTheServerKeepsServing() throws Exception {
        service.answer(SwitchableService.Mode.STALL);
        int callers = 12;
        ExecutorService clients = Executors.newFixedThreadPool(callers);
        try {
            long start = System.nanoTime();
            List<CompletableFuture<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> get("/negotiate"), clients));
            }
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            Duration all = Duration.ofNanos(System.nanoTime() - start);

            assertThat(answers).allSatisfy((answer) -> assertThat(answer.join().status()).isEqualTo(503));
            // Four threads, each freed at the read timeout: three rounds of stalled
            // calls, not a hang.
            assertThat(all).isLessThan(READ_TIMEOUT.multipliedBy(callers / 4).plus(MARGIN.multipliedBy(2)));
            Answer me = get("/me");
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.took()).isLessThan(READ_TIMEOUT);
        }
        finally {
            clients.shutdownNow();
        }
    }

    @Test
    void negotiateAnswers200AgainAsSoonAsTheServiceRecovers() {
        service.answer(SwitchableService.Mode.STALL);
        assertThat(get("/negotiate").status()).isEqualTo(503);
        service.answer(SwitchableService.Mode.ERROR);
        assertThat(get("/negotiate").status()).isEqualTo(503);

        service.answer(SwitchableService.Mode.HEALTHY);
        Answer answer = get("/negotiate");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentLength()).as("sent whole, not in chunks")
            .isEqualTo(Integer.toString(answer.body().getBytes(StandardCharsets.UTF_8).length));
        assertThat(json(answer.body())).containsEntry("token", SwitchableService.TOKEN)
            .containsEntry("baseUrl", "ws://127.0.0.1:" + service.port() + "/client/hubs/chat");
        assertThat(answer.took()).isLessThan(MARGIN);
    }

    private Answer get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
            .header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8)))
            .timeout(Duration.ofSeconds(20))
            .build();
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Content-Length").orElse(null), response.body(),
                    Duration.ofNanos(System.nanoTime() - start));
        }
        catch (IOException ex) {
            throw new IllegalStateException("GET " + path + " failed", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * An answer and how long it took.
     *
     * @param contentLength the Content-Length header, {@code null} if the answer was sent
     * in chunks
     */
    record Answer(int status, String contentType, String contentLength, String body, Duration took) {
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(FaultsApplication.Endpoints.class)
    static class FaultsApplication {

        /**
         * The application's Microsoft Entra ID identity; key-less mode comes from
         * webpubsub.endpoint alone.
         */
        @Bean
        BearerTokenProvider identity() {
            return (scope) -> new BearerToken("entra-id-token", Instant.now().plus(Duration.ofHours(1)));
        }

        @RestController
        static class Endpoints {

            @WebPubSubNegotiate("/negotiate")
            void negotiate() {
            }

            @GetMapping("/me")
            Map<String, String> me() {
                return Map.of("name", "alice");
            }

        }

    }

    /**
     * The Generate Client Token API on the loopback address, answering as told: a token,
     * nothing at all (the request is held until the next switch or the end of the test),
     * or HTTP 500. Counts the calls since the last switch.
     */
    static final class SwitchableService {

        static final String TOKEN = base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "."
                + base64Url("{\"exp\":" + Instant.parse("2031-05-06T07:08:09Z").getEpochSecond() + "}")
                + ".c2lnbmF0dXJl";

        enum Mode {

            HEALTHY, STALL, ERROR

        }

        private final HttpServer server;

        private final ExecutorService executor = Executors.newCachedThreadPool();

        private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.HEALTHY);

        private final AtomicReference<CountDownLatch> released = new AtomicReference<>(new CountDownLatch(1));

        private final AtomicInteger calls = new AtomicInteger();

        SwitchableService() {
            try {
                this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            }
            catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
            this.server.setExecutor(this.executor);
            this.server.createContext("/api/hubs/", this::handle);
            this.server.start();
        }

        int port() {
            return this.server.getAddress().getPort();
        }

        int calls() {
            return this.calls.get();
        }

        /**
         * Switches the answers, lets the stalled requests go, and starts counting calls
         * afresh.
         */
        void answer(Mode next) {
            this.mode.set(next);
            this.calls.set(0);
            this.released.getAndSet(new CountDownLatch(1)).countDown();
        }

        void stop() {
            this.released.get().countDown();
            this.server.stop(0);
            this.executor.shutdownNow();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                CountDownLatch release = this.released.get();
                Mode current = this.mode.get();
                this.calls.incrementAndGet();
                switch (current) {
                    case HEALTHY -> send(exchange, 200, "{\"token\":\"" + TOKEN + "\"}");
                    case ERROR -> send(exchange, 500, "{\"code\":\"InternalServerError\"}");
                    case STALL -> {
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        }
                        catch (InterruptedException ex) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }
            }
        }

        private static void send(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }

        private static String base64Url(String json) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        }

    }

}
