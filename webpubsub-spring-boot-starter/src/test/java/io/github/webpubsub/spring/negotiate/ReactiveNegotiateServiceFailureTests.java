package io.github.webpubsub.spring.negotiate;

import java.time.Duration;
import java.util.Map;

import io.github.webpubsub.token.ClientUrlFactory;
import io.github.webpubsub.token.WebPubSubServiceException;
import io.github.webpubsub.token.WebPubSubServiceException.Reason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.github.webpubsub.spring.negotiate.NegotiateTokens.CONNECTION_STRING;
import static io.github.webpubsub.spring.negotiate.NegotiateTokens.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code ClientUrlFactory} whose service call fails, in a WebFlux application on Netty:
 * the endpoint answers 503, or 502 for a malformed service answer, with the same problem
 * detail and headers as on Spring MVC ({@link NegotiateServiceFailureTests}, whose
 * factory and controller it reuses).
 */
@SpringBootTest(classes = ReactiveNegotiateServiceFailureTests.FailingServiceApplication.class,
        webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.main.web-application-type=reactive")
class ReactiveNegotiateServiceFailureTests {

    private static final String SERVICE_MESSAGE = "The Web PubSub service at https://contoso.webpubsub.azure.com "
            + "refused the Microsoft Entra ID token with HTTP 403 for hub 'chat'.";

    @LocalServerPort
    private int port;

    @Autowired
    private NegotiateServiceFailureTests.FailingClientUrlFactory factory;

    @BeforeEach
    void serviceWorks() {
        this.factory.fail(null);
    }

    @ParameterizedTest
    @CsvSource({ "UNAUTHORIZED, 503", "NOT_FOUND, 503", "REJECTED, 503", "UNAVAILABLE, 503",
            "MALFORMED_RESPONSE, 502" })
    void serviceFailureIsAnsweredWithAProblemDetail(Reason reason, int status) {
        this.factory.fail(WebPubSubServiceException.of(reason, 403, SERVICE_MESSAGE));
        String body = WebTestClient.bindToServer()
            .baseUrl("http://127.0.0.1:" + this.port)
            .responseTimeout(Duration.ofSeconds(30))
            .build()
            .get()
            .uri("/negotiate")
            .headers((headers) -> headers.setBasicAuth("alice", "secret"))
            .exchange()
            .expectStatus()
            .isEqualTo(status)
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectHeader()
            .valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
            .expectHeader()
            .valueEquals(HttpHeaders.PRAGMA, "no-cache")
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
        Map<String, Object> problem = json(body);
        assertThat(problem).containsEntry("status", status)
            .containsEntry("reason", reason.name())
            .containsEntry("detail", NegotiateFlow.detail(reason))
            .containsEntry("instance", "/negotiate")
            .containsOnlyKeys("title", "status", "detail", "instance", "reason");
        assertThat(body).doesNotContain("contoso").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(NegotiateServiceFailureTests.FailingServiceApplication.Negotiation.class)
    static class FailingServiceApplication {

        @Bean
        NegotiateServiceFailureTests.FailingClientUrlFactory clientUrlFactory() {
            return new NegotiateServiceFailureTests.FailingClientUrlFactory(
                    ClientUrlFactory.builder().connectionString(CONNECTION_STRING).hub("chat").build());
        }

        @Bean
        ReactiveUserDetailsService users() {
            return (name) -> Mono.just(User.withUsername("alice").password("{noop}secret").roles("USER").build());
        }

    }

}
