package io.github.webpubsub.spring.negotiate;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * With {@code webpubsub.enabled=false} an annotated method of a WebFlux application is
 * not mapped: its path answers 404, never an empty 200.
 */
@SpringBootTest(classes = ReactiveNegotiateTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "spring.config.name=negotiate", "spring.main.web-application-type=reactive",
                "webpubsub.enabled=false" })
class ReactiveNegotiateDisabledTests {

    @LocalServerPort
    private int port;

    @Test
    void annotatedPathsAreNotMapped() {
        WebTestClient client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
        for (String path : new String[] { "/negotiate", "/rooms/blue/negotiate", "/api/v1/negotiate" }) {
            client.get()
                .uri(path)
                .headers((headers) -> headers.setBasicAuth("alice", ReactiveNegotiateTestApplication.PASSWORD))
                .exchange()
                .expectStatus()
                .isNotFound();
        }
    }

}
