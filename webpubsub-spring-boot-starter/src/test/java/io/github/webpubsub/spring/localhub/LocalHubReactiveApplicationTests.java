package io.github.webpubsub.spring.localhub;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.github.webpubsub.localhub.ClientMessage;
import io.github.webpubsub.localhub.LocalWebPubSubHub;
import io.github.webpubsub.token.ClientUrlFactory;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The twin of {@link LocalHubApplicationTests} for a secured WebFlux application on
 * Reactor Netty: the hub, a Reactor Netty server of its own, serves next to the
 * application's and outside its security chain, alike.
 */
@SpringBootTest(classes = LocalHubReactiveApplicationTests.TestApplication.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "spring.main.web-application-type=reactive", "webpubsub.hub=chat" })
class LocalHubReactiveApplicationTests {

    @Autowired
    private LocalWebPubSubHub hub;

    @Autowired
    private ClientUrlFactory clientUrlFactory;

    @Autowired
    private ApplicationContext context;

    @LocalServerPort
    private int applicationPort;

    @Test
    void clientsOfTheReactiveApplicationReachTheHubOutsideTheApplicationsSecurity() throws Exception {
        assertThat(this.context.getClass().getName()).as("a WebFlux application").contains("Reactive");
        HttpResponse<Void> application = HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.applicationPort + "/anything")).build(),
                    HttpResponse.BodyHandlers.discarding());
        assertThat(application.statusCode()).as("the application's own security").isEqualTo(401);
        URI url = this.clientUrlFactory.create((request) -> request.userId("bob")).url();

        WebSocketClients.firstFrameThenSend(url,
                "{\"type\":\"event\",\"event\":\"hello\",\"dataType\":\"text\",\"data\":\"from WebFlux\"}");

        ClientMessage message = this.hub.awaitMessage((m) -> m.isEvent("hello"), Duration.ofSeconds(10));
        assertThat(message.userId()).isEqualTo("bob");
        assertThat(message.text()).isEqualTo("from WebFlux");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class TestApplication {

    }

}
