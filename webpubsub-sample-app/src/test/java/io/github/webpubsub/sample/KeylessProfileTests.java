package io.github.webpubsub.sample;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.webpubsub.sample.devhub.DevHubConfiguration;
import io.github.webpubsub.token.BearerToken;
import io.github.webpubsub.token.BearerTokenProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.aot.DisabledInAotMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample in key-less mode by configuration alone: profile {@code keyless} and {@code WEBPUBSUB_ENDPOINT}. Its
 * {@code /negotiate} asks the service (here a stand-in on the loopback address) for the signed-in user's token,
 * with what {@code application.yml} grants, and the local development hub is off. On Azure the identity would be
 * the app's managed identity through azure-identity; this test gives a {@link BearerTokenProvider} bean instead,
 * which the starter prefers (scripts/faults-keyless.sh runs the real one against a stand-in managed identity).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("keyless")
// Not in the AOT test run (profile aot-tests): the stand-in starts with this class, and its HTTP server's thread
// would keep the AOT processor's JVM from ever ending.
@DisabledInAotMode
class KeylessProfileTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String ENTRA_ID_TOKEN = "entra-id-access-token-for-the-test";

    private static final Instant EXPIRY = Instant.parse("2031-01-02T03:04:05Z");

    private static final StandInService service = new StandInService();

    @LocalServerPort
    private int port;

    @Autowired
    private ApplicationContext context;

    @DynamicPropertySource
    static void endpoint(DynamicPropertyRegistry registry) {
        registry.add("WEBPUBSUB_ENDPOINT", () -> "http://127.0.0.1:" + service.port());
    }

    @AfterAll
    static void stopService() {
        service.stop();
    }

    @Test
    void negotiateHandsOutTheTokenTheServiceMintedForTheSignedInUser() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/negotiate"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString("alice:alice".getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("token").asString()).isEqualTo(StandInService.TOKEN);
        assertThat(body.path("baseUrl").asString()).isEqualTo("ws://127.0.0.1:" + service.port() + "/client/hubs/chat");
        assertThat(body.path("expiresAt").asString()).isEqualTo(EXPIRY.toString());
        assertThat(service.calls).singleElement().satisfies((call) -> {
            assertThat(call.authorization()).isEqualTo("Bearer " + ENTRA_ID_TOKEN);
            assertThat(call.uri().getPath()).isEqualTo("/api/hubs/chat/:generateToken");
            assertThat(URLDecoder.decode(call.uri().getRawQuery(), StandardCharsets.UTF_8).split("&"))
                .contains("userId=alice", "group=user-alice", "role=webpubsub.joinLeaveGroup.lobby",
                        "role=webpubsub.sendToGroup.lobby", "role=webpubsub.joinLeaveGroup.user-alice",
                        "role=webpubsub.sendToGroup.user-alice");
        });
    }

    @Test
    void localDevelopmentHubIsOff() {
        assertThat(this.context.getBeanNamesForType(DevHubConfiguration.class)).isEmpty();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Identity {

        @Bean
        BearerTokenProvider testIdentity() {
            return (scope) -> new BearerToken(ENTRA_ID_TOKEN, Instant.now().plus(Duration.ofHours(1)));
        }

    }

    /**
     * The Generate Client Token API on the loopback address: answers every call with one token and records it.
     */
    static final class StandInService {

        static final String TOKEN = base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "."
                + base64Url("{\"sub\":\"alice\",\"exp\":" + EXPIRY.getEpochSecond() + "}") + ".c2lnbmF0dXJl";

        private final HttpServer server;

        private final List<Call> calls = new CopyOnWriteArrayList<>();

        StandInService() {
            try {
                this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            }
            catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
            this.server.createContext("/api/hubs/", this::answer);
            this.server.start();
        }

        int port() {
            return this.server.getAddress().getPort();
        }

        void stop() {
            this.server.stop(0);
        }

        private void answer(HttpExchange exchange) throws IOException {
            this.calls.add(new Call(exchange.getRequestURI(), exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = ("{\"token\":\"" + TOKEN + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }

        private static String base64Url(String json) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        }

        record Call(URI uri, String authorization) {
        }

    }

}
