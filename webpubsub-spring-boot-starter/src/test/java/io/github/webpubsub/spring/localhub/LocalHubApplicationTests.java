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
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole secured servlet application with the local hub on its class path and no Web
 * PubSub configuration, tested as users test theirs: the hub is a bean to inject, clients
 * reach it with the URLs the application issues, and the application's own security chain
 * (here Boot's default: everything needs a login) is not in the way.
 */
@SpringBootTest(classes = LocalHubApplicationTests.TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "webpubsub.hub=chat")
class LocalHubApplicationTests {

    @Autowired
    private LocalWebPubSubHub hub;

    @Autowired
    private ClientUrlFactory clientUrlFactory;

    @LocalServerPort
    private int applicationPort;

    @Test
    void autoConfigurationIsRegisteredInTheImportsFile() {
        assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()))
            .contains(LocalHubAutoConfiguration.class.getName());
    }

    @Test
    void clientsOfTheApplicationReachTheHubOutsideTheApplicationsSecurity() throws Exception {
        HttpResponse<Void> application = HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.applicationPort + "/anything")).build(),
                    HttpResponse.BodyHandlers.discarding());
        assertThat(application.statusCode()).as("the application's own security").isEqualTo(401);
        URI url = this.clientUrlFactory.create((request) -> request.userId("alice")).url();

        WebSocketClients.firstFrameThenSend(url,
                "{\"type\":\"event\",\"event\":\"hello\",\"dataType\":\"text\",\"data\":\"from a test\"}");

        ClientMessage message = this.hub.awaitMessage((m) -> m.isEvent("hello"), Duration.ofSeconds(10));
        assertThat(message.userId()).isEqualTo("alice");
        assertThat(message.text()).isEqualTo("from a test");
        assertThat(url.getPort()).isEqualTo(this.hub.endpoint().getPort()).isNotEqualTo(this.applicationPort);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class TestApplication {

    }

}
