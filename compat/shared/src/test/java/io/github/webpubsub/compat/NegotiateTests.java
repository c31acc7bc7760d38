package io.github.webpubsub.compat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

import static io.github.webpubsub.compat.ClientTokens.ACCESS_KEY;
import static io.github.webpubsub.compat.ClientTokens.verifiedClaims;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The negotiate endpoints of the application in key mode, called over HTTP: answers,
 * verified claims, and what the starter adds beside them (the token counter, masked
 * secrets).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NegotiateTests {

    private static final String BASE_URL = "wss://contoso.webpubsub.azure.com/client/hubs/chat";

    @Autowired
    private Environment environment;

    @Autowired
    private MeterRegistry meterRegistry;

    @Test
    void negotiateAnswersTheSignedInUserWithASignedClientAccessUrl() {
        HttpResponse<String> response = application().getAsAlice("/negotiate");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        Map<String, Object> body = RunningApplication.json(response.body());
        assertThat(body).containsOnlyKeys("baseUrl", "url", "token", "expiresAt");
        String token = (String) body.get("token");
        assertThat(body).containsEntry("baseUrl", BASE_URL).containsEntry("url", BASE_URL + "?access_token=" + token);
        Map<String, Object> claims = verifiedClaims(token);
        assertThat(claims).containsOnlyKeys("aud", "iat", "exp", "sub", "role", "webpubsub.group")
            .containsEntry("aud", "https://contoso.webpubsub.azure.com/client/hubs/chat")
            .containsEntry("sub", "alice")
            .containsEntry("role", List.of("webpubsub.joinLeaveGroup.lobby", "webpubsub.sendToGroup.user-alice"));
        assertThat(list(claims.get("webpubsub.group"))).containsExactlyInAnyOrder("user-alice", "lobby");
        long exp = ((Number) claims.get("exp")).longValue();
        assertThat(exp - ((Number) claims.get("iat")).longValue()).as("15 minutes").isEqualTo(900);
        assertThat(body).containsEntry("expiresAt", Instant.ofEpochSecond(exp).toString());
    }

    @Test
    void pathVariablesFillTheRoleTemplatesAndTheMethodBodyAddsAGroup() {
        HttpResponse<String> response = application().getAsAlice("/rooms/blue/negotiate");
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> claims = verifiedClaims((String) RunningApplication.json(response.body()).get("token"));
        assertThat(list(claims.get("role"))).containsExactlyInAnyOrder("webpubsub.joinLeaveGroup.lobby",
                "webpubsub.sendToGroup.user-alice", "webpubsub.sendToGroup.room-blue");
        assertThat(list(claims.get("webpubsub.group"))).containsExactlyInAnyOrder("user-alice", "room-blue");
        long lifetime = ((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue();
        assertThat(lifetime).as("webpubsub.token.lifetime, 1 hour by default").isEqualTo(3600);
    }

    @Test
    void callerWithoutCredentialsGetsNoUrl() {
        HttpResponse<String> response = application().getAnonymously("/negotiate");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).doesNotContain("access_token");
    }

    @Test
    void issuedTokensAreCountedPerHubAndProtocol() {
        double before = issuedTokens();
        assertThat(application().getAsAlice("/negotiate").statusCode()).isEqualTo(200);
        assertThat(issuedTokens()).isEqualTo(before + 1);
    }

    @Test
    void actuatorMasksTheConnectionStringAlthoughValuesAreShown() {
        HttpResponse<String> response = application().getAsAlice("/actuator/env/webpubsub.connection-string");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"value\":\"******\"").doesNotContain(ACCESS_KEY);
        HttpResponse<String> hub = application().getAsAlice("/actuator/env/webpubsub.hub");
        assertThat(hub.body()).as("a value that is no secret is shown").contains("\"value\":\"chat\"");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object claim) {
        return (List<Object>) claim;
    }

    private double issuedTokens() {
        Counter counter = this.meterRegistry.find("webpubsub.client.tokens")
            .tags("outcome", "issued", "hub", "chat", "protocol", "default")
            .counter();
        return (counter != null) ? counter.count() : 0;
    }

    private RunningApplication application() {
        return RunningApplication.of(this.environment);
    }

}
