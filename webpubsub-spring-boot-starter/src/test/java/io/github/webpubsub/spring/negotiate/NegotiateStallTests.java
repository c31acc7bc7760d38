package io.github.webpubsub.spring.negotiate;

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
import java.util.concurrent.TimeUnit;

import io.github.webpubsub.token.BearerToken;
import io.github.webpubsub.token.BearerTokenProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key-less mode while the service takes 3 s per token: 64 concurrent negotiate calls,
 * eight times the request threads of Tomcat, hold no thread while they wait, so a trivial
 * endpoint of the same application keeps answering at once, and all 64 end with 200. The
 * same on Spring MVC (Tomcat, 8 threads) and on WebFlux (Netty).
 */
class NegotiateStallTests {

    private static final Duration SERVICE_DELAY = Duration.ofSeconds(3);

    private static final int CALLERS = 64;

    /**
     * "At once", with room for a loaded machine; a held thread pool would take the
     * service's 3 s.
     */
    private static final Duration PROMPT = Duration.ofMillis(1000);

    private static final DelayedTokenService service = new DelayedTokenService(SERVICE_DELAY);

    @DynamicPropertySource
    static void keylessEndpoint(DynamicPropertyRegistry registry) {
        registry.add("webpubsub.endpoint", service::endpoint);
    }

    @AfterAll
    static void stopService() {
        service.close();
    }

    @Nested
    @SpringBootTest(classes = StallApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
            properties = { "webpubsub.hub=chat", "server.tomcat.threads.max=8", "server.tomcat.threads.min-spare=8" })
    class SpringMvc extends Contract {

    }

    @Nested
    @SpringBootTest(classes = StallApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
            properties = { "webpubsub.hub=chat", "spring.main.web-application-type=reactive" })
    class WebFlux extends Contract {

    }

    abstract static class Contract {

        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        @LocalServerPort
        private int port;

        @Test
        void waitingCallersHoldNoRequestThreadAndAllGetTheirUrl() throws Exception {
            assertThat(get("/me").join().statusCode()).isEqualTo(200);
            int callsBefore = service.calls();
            List<CompletableFuture<HttpResponse<String>>> negotiations = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                negotiations.add(get("/negotiate"));
            }
            awaitCalls(callsBefore + CALLERS);

            List<Duration> trivial = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                assertThat(get("/me").get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
                trivial.add(Duration.ofNanos(System.nanoTime() - start));
            }
            assertThat(negotiations).as("the service is still working on calls meanwhile")
                .anyMatch((negotiation) -> !negotiation.isDone());
            assertThat(trivial).allSatisfy((took) -> assertThat(took).isLessThan(PROMPT));

            CompletableFuture.allOf(negotiations.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertThat(negotiations).allSatisfy((answer) -> {
                assertThat(answer.join().statusCode()).isEqualTo(200);
                assertThat(NegotiateTokens.json(answer.join().body())).containsEntry("token",
                        DelayedTokenService.TOKEN);
            });
        }

        /**
         * Waits until the service has every call: at once when no call holds a thread; 21
         * s and more if each held one of Tomcat's 8 threads for the service's 3 s.
         */
        private static void awaitCalls(int calls) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(12);
            while (service.calls() < calls && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(service.calls()).as("every negotiate call reached the service").isGreaterThanOrEqualTo(calls);
        }

        private CompletableFuture<HttpResponse<String>> get(String path) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
                .header("Authorization",
                        "Basic " + Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(30))
                .build();
            return this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        }

    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(StallApplication.Endpoints.class)
    static class StallApplication {

        /**
         * The application's Microsoft Entra ID identity; key-less mode comes from
         * webpubsub.endpoint alone.
         */
        @Bean
        BearerTokenProvider identity() {
            return (scope) -> new BearerToken("entra-id-token", Instant.now().plus(Duration.ofHours(1)));
        }

        /**
         * One user, with a plain password that is not re-encoded (which would cost a hash
         * per request).
         */
        @Bean
        UserDetailsService users() {
            return (name) -> alice();
        }

        @Bean
        ReactiveUserDetailsService reactiveUsers() {
            return (name) -> Mono.just(alice());
        }

        private static UserDetails alice() {
            return User.withUsername("alice").password("{noop}secret").roles("USER").build();
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

}
