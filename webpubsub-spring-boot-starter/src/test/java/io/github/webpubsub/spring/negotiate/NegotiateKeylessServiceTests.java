package io.github.webpubsub.spring.negotiate;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.webpubsub.token.BearerToken;
import io.github.webpubsub.token.ClientUrlFactory;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.bind.annotation.RestController;

import static io.github.webpubsub.spring.negotiate.NegotiateTokens.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The core's key-less factory against a local stand-in for the service (a JDK
 * {@link HttpServer} on the loopback address): the service's token reaches the caller,
 * and its failures become 503 and 502 answers.
 */
@SpringBootTest(classes = NegotiateKeylessServiceTests.KeylessApplication.class)
@AutoConfigureMockMvc
@WithMockUser("alice")
class NegotiateKeylessServiceTests {

    private static final Instant EXPIRY = Instant.parse("2031-05-06T07:08:09Z");

    @Autowired
    private MockMvc mvc;

    @Autowired
    private FakeService service;

    @Test
    void serviceTokenReachesTheCaller() throws Exception {
        Map<String, Object> body = answer("/chat", 200);
        assertThat(body).containsEntry("token", FakeService.TOKEN)
            .containsEntry("expiresAt", EXPIRY.toString())
            .containsEntry("baseUrl", "ws://127.0.0.1:" + this.service.port() + "/client/hubs/chat");
        URI call = this.service.calls.get(this.service.calls.size() - 1);
        assertThat(call.getPath()).isEqualTo("/api/hubs/chat/:generateToken");
        assertThat(call.getQuery()).contains("userId=alice").contains("clientType=default");
    }

    @Test
    void serviceErrorIsAnswered503() throws Exception {
        assertThat(answer("/broken", 503)).containsEntry("reason", "UNAVAILABLE").containsEntry("status", 503);
    }

    @Test
    void serviceRefusingTheIdentityIsAnswered503() throws Exception {
        assertThat(answer("/forbidden", 503)).containsEntry("reason", "UNAUTHORIZED");
    }

    @Test
    void garbledServiceAnswerIsAnswered502() throws Exception {
        Map<String, Object> problem = answer("/garbled", 502);
        assertThat(problem).containsEntry("reason", "MALFORMED_RESPONSE").containsEntry("status", 502);
        assertThat(problem.toString()).doesNotContain("not-a-token");
    }

    private Map<String, Object> answer(String path, int status) throws Exception {
        // Key-less mode answers asynchronously, unless the service was faster than the
        // endpoint could ask.
        MvcResult started = this.mvc.perform(get(path)).andReturn();
        MvcResult result = started.getRequest().isAsyncStarted() ? this.mvc.perform(asyncDispatch(started)).andReturn()
                : started;
        status().is(status).match(result);
        content()
            .contentTypeCompatibleWith(
                    (status == 200) ? MediaType.APPLICATION_JSON : MediaType.APPLICATION_PROBLEM_JSON)
            .match(result);
        return json(result.getResponse().getContentAsString());
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(KeylessApplication.Negotiation.class)
    static class KeylessApplication {

        @Bean(destroyMethod = "stop")
        FakeService fakeService() throws IOException {
            return new FakeService();
        }

        @Bean
        ClientUrlFactory clientUrlFactory(FakeService service) {
            return ClientUrlFactory.builder()
                .endpoint(URI.create("http://127.0.0.1:" + service.port()))
                .bearerTokenProvider(
                        (scope) -> new BearerToken("entra-id-token", Instant.now().plus(Duration.ofHours(1))))
                .maxRetries(0)
                .build();
        }

        @RestController
        static class Negotiation {

            @WebPubSubNegotiate(path = "/chat", hub = "chat")
            void chat() {
            }

            @WebPubSubNegotiate(path = "/broken", hub = "broken")
            void broken() {
            }

            @WebPubSubNegotiate(path = "/forbidden", hub = "forbidden")
            void forbidden() {
            }

            @WebPubSubNegotiate(path = "/garbled", hub = "garbled")
            void garbled() {
            }

        }

    }

    /**
     * Answers the Generate Client Token API by hub: {@code chat} with a token,
     * {@code broken} with 500, {@code forbidden} with 403, {@code garbled} with a body
     * that holds no token.
     */
    static final class FakeService {

        static final String TOKEN = base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "."
                + base64Url("{\"exp\":" + EXPIRY.getEpochSecond() + "}") + ".c2lnbmF0dXJl";

        private final HttpServer server;

        private final List<URI> calls = new CopyOnWriteArrayList<>();

        FakeService() throws IOException {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
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
            this.calls.add(exchange.getRequestURI());
            String hub = exchange.getRequestURI().getPath().split("/")[3];
            switch (hub) {
                case "chat" -> send(exchange, 200, "{\"token\":\"" + TOKEN + "\"}");
                case "forbidden" -> send(exchange, 403, "");
                case "garbled" -> send(exchange, 200, "{\"token\":\"not-a-token\"}");
                default -> send(exchange, 500, "{\"code\":\"InternalServerError\"}");
            }
        }

        private static void send(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, (bytes.length > 0) ? bytes.length : -1);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }

        private static String base64Url(String json) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        }

    }

}
