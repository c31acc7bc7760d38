package io.github.webpubsub.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import io.github.webpubsub.localhub.ClientAccessToken;
import io.github.webpubsub.localhub.LocalWebPubSubHub;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample in key-less mode by configuration alone: profile {@code keyless} and
 * {@code WEBPUBSUB_ENDPOINT}. Its {@code /negotiate} asks the service (here a local hub
 * of the test's own, which takes the test identity's Entra ID token unverified) for the
 * signed-in user's token, with what {@code application.yml} grants; the sample starts no
 * local hub of its own in key-less mode. On Azure the identity would be the app's managed
 * identity through azure-identity; this test gives a {@link BearerTokenProvider} bean
 * instead, which the starter prefers (scripts/faults-keyless.sh runs the real one against
 * a stand-in managed identity). As against any real resource, the users are configured:
 * no demo user exists.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { RealResource.CAROL_PASSWORD_PROPERTY, "sample.users.carol.roles=USER" })
@ActiveProfiles("keyless")
class KeylessProfileTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final LocalWebPubSubHub service = LocalWebPubSubHub.builder()
        .acceptUnverifiedEntraIdTokens(true)
        .start();

    @LocalServerPort
    private int port;

    @Autowired
    private ApplicationContext context;

    @DynamicPropertySource
    static void endpoint(DynamicPropertyRegistry registry) {
        registry.add("WEBPUBSUB_ENDPOINT", () -> service.endpoint().toString());
    }

    @AfterAll
    static void stopService() {
        service.close();
    }

    @Test
    void negotiateHandsOutTheTokenTheServiceMintedForTheSignedInUser() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/negotiate"))
                .header("Authorization",
                        "Basic " + Base64.getEncoder()
                            .encodeToString(("carol:" + RealResource.CAROL_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("baseUrl").asString())
            .isEqualTo("ws://127.0.0.1:" + service.endpoint().getPort() + "/client/hubs/chat");
        // Minted by the service, for what the sample asked: carol's grants from
        // application.yml.
        ClientAccessToken token = service.verify(body.path("url").asString());
        assertThat(token.userId()).isEqualTo("carol");
        assertThat(token.groups()).containsExactly("user-carol");
        assertThat(token.roles()).containsExactlyInAnyOrder("webpubsub.joinLeaveGroup.lobby",
                "webpubsub.sendToGroup.lobby", "webpubsub.joinLeaveGroup.user-carol",
                "webpubsub.sendToGroup.user-carol");
        assertThat(body.path("expiresAt").asString()).isEqualTo(token.expiresAt().toString());
    }

    @Test
    void demoUsersDoNotExist() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/negotiate"))
                .header("Authorization",
                        "Basic " + Base64.getEncoder().encodeToString("alice:alice".getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void theSampleStartsNoLocalHubInKeylessMode() {
        assertThat(this.context.getBeanNamesForType(LocalWebPubSubHub.class)).isEmpty();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Identity {

        /**
         * Entra ID tokens for Web PubSub, unsigned: the test's service takes them at
         * their word.
         */
        @Bean
        BearerTokenProvider testIdentity() {
            return LocalWebPubSubHub.unsignedEntraIdTokens();
        }

    }

}
