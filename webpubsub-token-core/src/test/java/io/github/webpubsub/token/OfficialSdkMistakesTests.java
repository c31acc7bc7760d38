package io.github.webpubsub.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.TimeZone;

import com.azure.messaging.webpubsub.models.WebPubSubClientAccessToken;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static io.github.webpubsub.token.TestKeys.ACCESS_KEY;
import static io.github.webpubsub.token.TestKeys.NOW;
import static io.github.webpubsub.token.TestKeys.assertNoPartOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * SPEC section 8, "Things the official SDKs get wrong (do better)": one test per item,
 * named after it. Where the official Java SDK 1.4.0 still shows the mistake, the test
 * asserts that too, so the difference stays documented.
 */
class OfficialSdkMistakesTests {

    private static final String HOST = "https://example.webpubsub.azure.com";

    @Test
    void aShortKeyIsRejectedInsteadOfYieldingANullTokenAndAUrlEndingAccessTokenNull() {
        String shortKey = ACCESS_KEY.substring(0, 20);
        String connectionString = "Endpoint=" + HOST + ";AccessKey=" + shortKey + ";Version=1.0;";

        WebPubSubClientAccessToken theirs = OfficialSdk.clientAccessToken(connectionString, "chat");
        WebPubSubException ours = catchThrowableOfType(WebPubSubException.class,
                () -> ClientUrlFactory.builder().connectionString(connectionString).hub("chat").build());

        assertThat(theirs.getToken()).isNull();
        assertThat(theirs.getUrl()).endsWith("access_token=null");
        assertThat(ours).hasMessageContaining("Access key is 20 bytes long; HS256 needs at least 32");
        assertNoPartOf(shortKey, ours.getMessage());
    }

    @Test
    void expiryIsComputedFromTheClocksInstantNotFromLocalTimeSoItHoldsAcrossDaylightSavingChanges() {
        // Berlin moves its clocks forward at 01:00 UTC; local-time arithmetic would
        // expire this token an hour early.
        Instant justBefore = Instant.parse("2030-03-31T00:30:00Z");
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        TimeZone original = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone(berlin));
        try {
            ClientAccess access = TestKeys.factoryBuilder()
                .clock(Clock.fixed(justBefore, berlin))
                .build()
                .create(request -> request.lifetime(Duration.ofHours(2)));
            ObjectNode claims = ClientTokens.verifiedClaims(access.token(), ACCESS_KEY, justBefore);

            assertThat(claims.get("exp").longValue() - claims.get("iat").longValue()).isEqualTo(7200);
            assertThat(access.expiresAt()).isEqualTo(Instant.parse("2030-03-31T02:30:00Z"));
        }
        finally {
            TimeZone.setDefault(original);
        }
    }

    @Test
    void httpIsMappedToWsAsASchemeNotByReplacingTheFirstHttpInTheString() {
        String connectionString = "Endpoint=HTTP://httpbin.example.com;AccessKey=" + ACCESS_KEY + ";";

        WebPubSubClientAccessToken theirs = OfficialSdk.clientAccessToken(connectionString, "chat");
        ClientAccess ours = TestKeys.factory(connectionString).create(request -> {
        });

        assertThat(theirs.getUrl()).startsWith("HTTP://wsbin.example.com/client/hubs/chat?access_token=");
        assertThat(ours.baseUrl()).hasToString("ws://httpbin.example.com/client/hubs/chat");
    }

    @Test
    void anEndpointWithAQueryIsRejectedInsteadOfGettingTheHubPathAppendedAfterTheQuery() {
        String connectionString = "Endpoint=" + HOST + "?tenant=7;AccessKey=" + ACCESS_KEY + ";";

        WebPubSubClientAccessToken theirs = OfficialSdk.clientAccessToken(connectionString, "chat");

        assertThat(theirs.getUrl())
            .startsWith("wss://example.webpubsub.azure.com?tenant=7/client/hubs/chat?access_token=");
        assertThatExceptionOfType(WebPubSubException.class)
            .isThrownBy(() -> WebPubSubConnectionString.parse(connectionString))
            .withMessageContaining("Endpoint of the connection string must not have a query");
    }

    /**
     * The item is about the REST (Microsoft Entra ID) mode's whole minutes; in access-key
     * mode the same rule means a lifetime under a minute, or with a fraction of a second,
     * is never shortened.
     */
    @Test
    void aSubMinuteLifetimeIsNotTruncatedToZero() {
        ClientAccess thirtySeconds = TestKeys.factory().create(request -> request.lifetime(Duration.ofSeconds(30)));
        ClientAccess halfASecond = TestKeys.factory().create(request -> request.lifetime(Duration.ofMillis(500)));

        assertThat(thirtySeconds.expiresAt()).isEqualTo(Instant.ofEpochSecond(NOW.getEpochSecond() + 30));
        assertThat(halfASecond.expiresAt()).isEqualTo(Instant.ofEpochSecond(NOW.getEpochSecond() + 1));
    }

    @Test
    void theAudienceKeepsItsSlashWhenAPortIsSet() {
        String connectionString = "Endpoint=" + HOST + ";AccessKey=" + ACCESS_KEY + ";Port=8443;";

        ClientAccess ours = TestKeys.factory(connectionString).create(request -> {
        });
        WebPubSubClientAccessToken theirs = OfficialSdk.clientAccessToken(connectionString, "chat");

        String expected = "https://example.webpubsub.azure.com:8443/client/hubs/chat";
        assertThat(ClientTokens.verifiedClaims(ours.token(), ACCESS_KEY, NOW).get("aud").asText()).isEqualTo(expected);
        // Fixed in the Java SDK since; kept here so a regression on either side shows.
        assertThat(ClientTokens.decode(theirs.getToken()).claims().get("aud").asText()).isEqualTo(expected);
    }

    @Test
    void theRoleClaimIsAJsonArrayNotAStringifiedArrayThatSilentlyGrantsNothing() {
        ObjectNode claims = ClientTokens.verifiedClaims(TestKeys.factory()
            .create(request -> request.roles("webpubsub.sendToGroup.lobby", "webpubsub.joinLeaveGroup.lobby"))
            .token(), ACCESS_KEY, NOW);

        assertThat(claims.get("role").isArray()).isTrue();
        assertThat(ClientTokens.texts(claims.get("role"))).containsExactly("webpubsub.sendToGroup.lobby",
                "webpubsub.joinLeaveGroup.lobby");
        assertThatExceptionOfType(WebPubSubException.class)
            .isThrownBy(() -> ClientAccessRequest.builder().roles("[\"webpubsub.sendToGroup.lobby\"]"))
            .withMessageContaining("is not a Web PubSub role");
    }

    @Test
    void theKeyIsNeverUsedAsKeyId() {
        ClientTokens.DecodedToken token = ClientTokens.decode(TestKeys.factory().create(request -> {
        }).token());

        assertThat(token.header().has("kid")).isFalse();
        assertNoPartOf(ACCESS_KEY, token.headerJson());
        assertNoPartOf(ACCESS_KEY, token.claims().toString());
    }

}
