package io.github.webpubsub.sample.generator;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;

import io.github.webpubsub.localhub.ClientAccessToken;
import io.github.webpubsub.sample.RunningSampleTests;
import io.github.webpubsub.sample.SampleClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The API behind the Client URL Generator page, called by an administrator as the page
 * calls it (session cookie and CSRF token).
 */
class ClientUrlGeneratorApiTests extends RunningSampleTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SampleClient admin = SampleClient.basic(ADMIN);

    @Test
    void issuesAUrlWithExactlyTheRequestedClaims() {
        HttpResponse<String> response = this.admin.postWithCsrfToken("/generator/api/client-url", """
                {"userId": "device-42", "roles": ["webpubsub.joinLeaveGroup.lobby", "webpubsub.sendToGroups.room-*"],
                 "groups": ["lobby", "news"], "lifetime": "PT15M", "protocol": "default"}""");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        String baseUrl = "ws://localhost:" + HUB_PORT + "/client/hubs/chat";
        assertThat(body.path("baseUrl").asString()).isEqualTo(baseUrl);
        assertThat(body.path("url").asString()).isEqualTo(baseUrl + "?access_token=" + body.path("token").asString());
        assertThat(body.path("hub").asString()).isEqualTo("chat");
        ClientAccessToken token = verify(body.path("url").asString());
        assertThat(token.header()).containsEntry("alg", "HS256");
        assertThat(token.userId()).isEqualTo("device-42");
        assertThat(token.claims()).containsEntry("aud", "http://localhost:" + HUB_PORT + "/client/hubs/chat");
        assertThat(token.roles()).containsExactly("webpubsub.joinLeaveGroup.lobby", "webpubsub.sendToGroups.room-*");
        assertThat(token.groups()).containsExactly("lobby", "news");
        long iat = token.issuedAt().getEpochSecond();
        assertThat(token.expiresAt().getEpochSecond() - iat).isEqualTo(15 * 60);
        assertThat(iat).isCloseTo(Instant.now().getEpochSecond(), within(30L));
        assertThat(Instant.parse(body.path("expiresAt").asString()).getEpochSecond())
            .isEqualTo(token.expiresAt().getEpochSecond());
    }

    @Test
    void emptyFieldsGetTheDefaultsAndAnAnonymousClient() {
        HttpResponse<String> response = this.admin.postWithCsrfToken("/generator/api/client-url",
                "{\"hub\": \"\", \"userId\": \"\", \"roles\": [], \"groups\": [], \"protocol\": \"\"}");

        JsonNode body = JSON.readTree(response.body());
        ClientAccessToken token = verify(body.path("url").asString());
        assertThat(token.claims()).doesNotContainKeys("sub", "role", "webpubsub.group");
        assertThat(token.expiresAt().getEpochSecond() - token.issuedAt().getEpochSecond()).isEqualTo(3600);
        assertThat(body.path("hub").asString()).isEqualTo("chat");
    }

    @Test
    void socketIoUrlsComeWithTheEndpointAndPathSocketIoClientsTake() {
        JsonNode body = JSON.readTree(
                this.admin
                    .postWithCsrfToken("/generator/api/client-url",
                            "{\"userId\": \"bob\", \"hub\": \"game\", \"protocol\": \"socketio\"}")
                    .body());

        assertThat(body.path("protocol").asString()).isEqualTo("socketio");
        assertThat(body.path("endpoint").asString()).isEqualTo("http://localhost:" + HUB_PORT + "/");
        assertThat(body.path("path").asString()).isEqualTo("/clients/socketio/hubs/game");
        URI socketIo = URI.create("http://localhost:" + HUB_PORT + "/clients/socketio/hubs/game");
        assertThat(ClientAccessToken.verify(body.path("token").asString(), socketIo, KEY, Clock.systemUTC()).claims())
            .containsEntry("aud", socketIo.toString());
    }

    @Test
    void refusedRequestIs400WithTheFactorysMessage() {
        assertProblem("{\"userId\": \"x\", \"roles\": [\"webpubsub.sendtogroup\"]}",
                "'webpubsub.sendtogroup' is not a Web PubSub role");
        assertProblem("{\"userId\": \"x\", \"lifetime\": \"PT25H\"}", "Token lifetime PT25H exceeds the maximum PT24H");
        assertProblem("{\"userId\": \"   \"}", "userId is blank");
        assertProblem("{\"hub\": \"9lives\"}", "9lives");
        assertProblem("{\"protocol\": \"ftp\"}",
                "'ftp' is no Web PubSub client protocol. Use default, mqtt or socketio.");
    }

    @Test
    void tellsThePageTheDefaults() {
        assertThat(JSON.readTree(this.admin.get("/generator/api/defaults").body()))
            .isEqualTo(JSON.readTree("{\"hub\":\"chat\",\"lifetimeSeconds\":3600,\"maxLifetimeSeconds\":86400}"));
    }

    private void assertProblem(String request, String message) {
        HttpResponse<String> response = this.admin.postWithCsrfToken("/generator/api/client-url", request);

        assertThat(response.statusCode()).as(request).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("title").asString()).isEqualTo("Invalid client URL request");
        assertThat(problem.path("detail").asString()).as(request).contains(message);
        assertThat(response.body()).doesNotContain(KEY);
    }

}
