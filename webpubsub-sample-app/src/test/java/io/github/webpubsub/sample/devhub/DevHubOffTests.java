package io.github.webpubsub.sample.devhub;

import java.net.URI;

import io.github.webpubsub.sample.RealResource;
import io.github.webpubsub.token.ClientUrlFactory;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole sample, configured for a real Web PubSub resource: the development hub is not there at all.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { RealResource.CONNECTION_STRING_PROPERTY,
        RealResource.CAROL_PASSWORD_PROPERTY, RealResource.CAROL_ROLES_PROPERTY })
class DevHubOffTests {

    @LocalServerPort
    private int port;

    @Autowired
    private ApplicationContext context;

    @Test
    void hasNoHubBeans() {
        assertThat(DevHubConfiguration.serves(this.context.getEnvironment())).isFalse();
        assertThat(this.context.getBeanNamesForType(DevHubConfiguration.class)).isEmpty();
        assertThat(this.context.getBeanNamesForType(DevHubWebSocketHandler.class)).isEmpty();
        assertThat(this.context.containsBean("webSocketHandlerMapping")).isFalse();
    }

    @Test
    void doesNotServeTheHubPath() {
        String token = ClientUrlFactory.builder().connectionString(RealResource.CONNECTION_STRING).hub("chat").build()
            .create((request) -> request.userId("alice")).token();
        URI local = URI.create("ws://localhost:" + this.port + "/client/hubs/chat?access_token=" + token);

        assertThat(HubTestClient.refused(local, DevHubWebSocketHandler.RELIABLE_JSON_SUBPROTOCOL).status()).isEqualTo(404);
    }

}
