package io.github.webpubsub.sample.generator;

import java.net.http.HttpResponse;
import java.time.Instant;

import io.github.webpubsub.sample.RunningSampleTests;
import io.github.webpubsub.sample.SampleClient;
import io.github.webpubsub.sample.VerifiedToken;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The API behind the Client URL Generator page, called by an administrator as the page calls it (session cookie and
 * CSRF token).
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
        String baseUrl = "ws://localhost:" + PORT + "/client/hubs/chat";
        assertThat(body.path("baseUrl").asString()).isEqualTo(baseUrl);
        assertThat(body.path("url").asString()).isEqualTo(baseUrl + "?access_token=" + body.path("token").asString());
        assertThat(body.path("hub").asString()).isEqualTo("chat");
        VerifiedToken token = VerifiedToken.verify(body.path("token").asString());
        assertThat(token.header().path("alg").asString()).isEqualTo("HS256");
        assertThat(token.claims().path("sub").asString()).isEqualTo("device-42");
        assertThat(token.claims().path("aud").asString()).isEqualTo("http://localhost:" + PORT + "/client/hubs/chat");
        assertThat(token.strings("role")).containsExactly("webpubsub.joinLeaveGroup.lobby", "webpubsub.sendToGroups.room-*");
        assertThat(token.strings("webpubsub.group")).containsExactly("lobby", "news");
        long iat = token.claims().path("iat").asLong();
        assertThat(token.claims().path("exp").asLong() - iat).isEqualTo(15 * 60);
        assertThat(iat).isCloseTo(Instant.now().getEpochSecond(), within(30L));
        assertThat(Instant.parse(body.path("expiresAt").asString()).getEpochSecond())
            .isEqualTo(token.claims().path("exp").asLong());
    }

    @Test
    void emptyFieldsGetTheDefaultsAndAnAnonymousClient() {
        HttpResponse<String> response = this.admin.postWithCsrfToken("/generator/api/client-url",
                "{\"hub\": \"\", \"userId\": \"\", \"roles\": [], \"groups\": [], \"protocol\": \"\"}");

        JsonNode body = JSON.readTree(response.body());
        VerifiedToken token = VerifiedToken.verify(body.path("token").asString());
        assertThat(token.claims().has("sub")).isFalse();
        assertThat(token.claims().has("role")).isFalse();
        assertThat(token.claims().has("webpubsub.group")).isFalse();
        assertThat(token.claims().path("exp").asLong() - token.claims().path("iat").asLong()).isEqualTo(3600);
        assertThat(body.path("hub").asString()).isEqualTo("chat");
    }

    @Test
    void socketIoUrlsComeWithTheEndpointAndPathSocketIoClientsTake() {
        JsonNode body = JSON.readTree(this.admin.postWithCsrfToken("/generator/api/client-url",
                "{\"userId\": \"bob\", \"hub\": \"game\", \"protocol\": \"socketio\"}").body());

        assertThat(body.path("protocol").asString()).isEqualTo("socketio");
        assertThat(body.path("endpoint").asString()).isEqualTo("http://localhost:" + PORT + "/");
        assertThat(body.path("path").asString()).isEqualTo("/clients/socketio/hubs/game");
        assertThat(VerifiedToken.verify(body.path("token").asString()).claims().path("aud").asString())
            .isEqualTo("http://localhost:" + PORT + "/clients/socketio/hubs/game");
    }

    @Test
    void refusedRequestIs400WithTheFactorysMessage() {
        assertProblem("{\"userId\": \"x\", \"roles\": [\"webpubsub.sendtogroup\"]}",
                "'webpubsub.sendtogroup' is not a Web PubSub role");
        assertProblem("{\"userId\": \"x\", \"lifetime\": \"PT25H\"}", "Token lifetime PT25H exceeds the maximum PT24H");
        assertProblem("{\"userId\": \"   \"}", "userId is blank");
        assertProblem("{\"hub\": \"9lives\"}", "9lives");
        assertProblem("{\"protocol\": \"ftp\"}", "Protocol 'ftp' is not a Web PubSub client protocol: use one of "
                + "default, mqtt, socketio");
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
