package io.github.webpubsub.compat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.webpubsub.token.BearerToken;
import io.github.webpubsub.token.BearerTokenProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key-less mode: with an endpoint and no key, the service mints the tokens (here a
 * stand-in on the loopback address) for the application's Microsoft Entra ID identity
 * (here a {@link BearerTokenProvider} bean).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KeylessNegotiateTests {

    private static final LoopbackWebPubSubService service = LoopbackWebPubSubService.start();

    private static final String ENTRA_ID_TOKEN = "entra-id-access-token-of-the-application";

    @Autowired
    private Environment environment;

    @DynamicPropertySource
    static void keylessMode(DynamicPropertyRegistry registry) {
        registry.add("webpubsub.connection-string", () -> "");
        registry.add("webpubsub.endpoint", () -> service.uri().toString());
    }

    @AfterAll
    static void stopService() {
        service.close();
    }

    @Test
    void negotiateAnswersWithTheTokenTheServiceMintedForTheCaller() {
        HttpResponse<String> response = RunningApplication.of(this.environment).getAsAlice("/rooms/blue/negotiate");
        assertThat(response.statusCode()).isEqualTo(200);
        String baseUrl = "ws://127.0.0.1:" + service.uri().getPort() + "/client/hubs/chat";
        assertThat(RunningApplication.json(response.body())).containsOnly(Map.entry("baseUrl", baseUrl),
                Map.entry("url", baseUrl + "?access_token=" + LoopbackWebPubSubService.CLIENT_TOKEN),
                Map.entry("token", LoopbackWebPubSubService.CLIENT_TOKEN),
                Map.entry("expiresAt", LoopbackWebPubSubService.EXPIRY.toString()));
        LoopbackWebPubSubService.Call call = service.lastCall();
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.path()).isEqualTo("/api/hubs/chat/:generateToken");
        assertThat(call.authorization()).isEqualTo("Bearer " + ENTRA_ID_TOKEN);
        assertThat(call.query()).containsEntry("api-version", List.of("2024-01-01"))
            .containsEntry("userId", List.of("alice"))
            .containsEntry("minutesToExpire", List.of("60"))
            .containsEntry("clientType", List.of("default"));
        assertThat(call.query().get("role")).containsExactlyInAnyOrder("webpubsub.joinLeaveGroup.lobby",
                "webpubsub.sendToGroup.user-alice", "webpubsub.sendToGroup.room-blue");
        assertThat(call.query().get("group")).containsExactlyInAnyOrder("user-alice", "room-blue");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class EntraIdIdentity {

        @Bean
        BearerTokenProvider bearerTokenProvider() {
            return (scope) -> {
                assertThat(scope).isEqualTo(BearerTokenProvider.WEB_PUBSUB_SCOPE);
                return new BearerToken(ENTRA_ID_TOKEN, Instant.now().plusSeconds(3600));
            };
        }

    }

}
