package io.github.webpubsub.localhub;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.github.webpubsub.localhub.InvalidAccessTokenException.Reason;
import io.github.webpubsub.token.ClientAccess;
import io.github.webpubsub.token.ClientUrlFactory;
import io.github.webpubsub.token.WebPubSubConnectionString;
import io.github.webpubsub.token.WebPubSubRole;
import io.github.webpubsub.token.WebPubSubRole.Permission;
import io.jsonwebtoken.Jwts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ClientAccessToken}: it accepts what the service accepts and reads the
 * claims as the service does. Tokens that the project's factory cannot make are signed
 * here with {@link Mac}, independently of the code under test.
 */
class ClientAccessTokenTests {

    private static final String KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqr";

    private static final String OTHER_KEY = "rqponmlkjihgfedcbaZYXWVUTSRQPONMLKJIHGFEDCBA";

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static final WebPubSubConnectionString CONNECTION = WebPubSubConnectionString
        .parse("Endpoint=http://localhost:8080;AccessKey=" + KEY + ";Version=1.0;");

    private static final URI AUDIENCE = URI.create("http://localhost:8080/client/hubs/chat");

    @Test
    void acceptsAUrlOfTheFactoryAndReadsItsClaims() {
        ClientAccess access = factory(CONNECTION, NOW).create((request) -> request.userId("alice")
            .roles(WebPubSubRole.joinLeaveGroup("lobby"), WebPubSubRole.sendToGroups("room-*"))
            .groups("lobby", "user-alice"));

        ClientAccessToken token = ClientAccessToken.verify(access.urlText(), KEY, CLOCK);

        assertThat(token.userId()).isEqualTo("alice");
        assertThat(token.roles()).containsExactly("webpubsub.joinLeaveGroup.lobby", "webpubsub.sendToGroups.room-*");
        assertThat(token.groups()).containsExactly("lobby", "user-alice");
        assertThat(token.grants(Permission.JOIN_LEAVE_GROUP, "lobby")).isTrue();
        assertThat(token.grants(Permission.SEND_TO_GROUP, "lobby")).isFalse();
        assertThat(token.grants(Permission.SEND_TO_GROUP, "room-7")).isTrue();
        assertThat(token.grants(Permission.SEND_TO_GROUP, "room-7.annex")).as("* stops at a dot").isFalse();
        assertThat(token.hub()).isEqualTo("chat");
        assertThat(token.audience()).isEqualTo(AUDIENCE);
        assertThat(token.issuedAt()).isEqualTo(NOW);
        assertThat(token.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(token.header()).containsOnly(Map.entry("alg", "HS256"), Map.entry("typ", "JWT"));
        assertThat(token.claims()).containsEntry("aud", AUDIENCE.toString()).doesNotContainKey("nbf");
        assertThat(token.token()).isEqualTo(access.token());
        assertThat(token.toString()).doesNotContain(access.token());
    }

    @Test
    void readsTheAudienceOfASecureUrlAsHttps() {
        WebPubSubConnectionString service = WebPubSubConnectionString
            .parse("Endpoint=https://contoso.webpubsub.azure.com;AccessKey=" + KEY + ";Version=1.0;");
        String url = factory(service, NOW).create((request) -> request.userId("alice")).urlText();

        assertThat(url).startsWith("wss://");
        assertThat(ClientAccessToken.verify(url, KEY, CLOCK).audience())
            .isEqualTo(URI.create("https://contoso.webpubsub.azure.com/client/hubs/chat"));
    }

    @Test
    void anonymousTokenHasNoUserIdRolesOrGroups() {
        ClientAccessToken token = verify(factory(CONNECTION, NOW).create((request) -> {
        }).token());

        assertThat(token.userId()).isNull();
        assertThat(token.roles()).isEmpty();
        assertThat(token.groups()).isEmpty();
    }

    @Test
    void refusesTokenSignedWithAnotherKey() {
        WebPubSubConnectionString other = WebPubSubConnectionString
            .parse("Endpoint=http://localhost:8080;AccessKey=" + OTHER_KEY + ";Version=1.0;");
        String token = factory(other, NOW).create((request) -> request.userId("alice")).token();

        assertRefused(token, Reason.SIGNATURE, "not signed with HS256 and this hub's access key");
    }

    @Test
    void refusesAlteredClaims() {
        String token = factory(CONNECTION, NOW).create((request) -> request.userId("alice")).token();
        String[] parts = token.split("\\.");
        String altered = encode(decode(parts[1]).replace("\"alice\"", "\"admin\""));

        assertRefused(parts[0] + "." + altered + "." + parts[2], Reason.SIGNATURE, "not signed with HS256");
    }

    @Test
    void refusesUnsignedToken() {
        String header = encode("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String claims = encode(claimsJson(AUDIENCE.toString(), NOW.plusSeconds(3600)));

        assertRefused(header + "." + claims + ".", Reason.MALFORMED, "not a signed JWS");
    }

    @Test
    void refusesTokenSignedWithHs512EvenWithTheRightKey() throws Exception {
        String signingInput = encode("{\"alg\":\"HS512\",\"typ\":\"JWT\"}") + "."
                + encode(claimsJson(AUDIENCE.toString(), NOW.plusSeconds(3600)));
        Mac mac = Mac.getInstance("HmacSHA512");
        mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
        String signature = Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));

        assertRefused(signingInput + "." + signature, Reason.SIGNATURE, "not signed with HS256");
    }

    @Test
    void refusesTokenForAnotherHostPortHubOrPath() {
        for (String audience : List.of("http://example.webpubsub.azure.com/client/hubs/chat",
                "http://localhost:9090/client/hubs/chat", "http://localhost:8080/client/hubs/other",
                "http://localhost:8080/client/hubs/Chat", "http://localhost:8080/clients/socketio/hubs/chat",
                "https://localhost:8080/client/hubs/chat")) {
            assertRefused(signed(claimsJson(audience, NOW.plusSeconds(60))), Reason.AUDIENCE,
                    "audience '" + audience + "' is not " + AUDIENCE);
        }
    }

    @Test
    void comparesTheAudienceAsAnAddress() {
        String token = signed(claimsJson("HTTP://LocalHost:8080/client/hubs/chat", NOW.plusSeconds(60)));

        assertThat(verify(token).userId()).isNull();
    }

    @Test
    void defaultPortOfTheSchemeMatchesAnOmittedOne() {
        String token = signed(claimsJson("http://localhost:80/client/hubs/chat", NOW.plusSeconds(60)));

        assertThat(ClientAccessToken.verify(token, URI.create("http://localhost/client/hubs/chat"), KEY, CLOCK))
            .isNotNull();
    }

    @Test
    void acceptsAnAudienceArrayThatNamesTheAddress() {
        String token = signed("{\"aud\":[\"https://elsewhere\",\"" + AUDIENCE + "\"],\"exp\":"
                + NOW.plusSeconds(60).getEpochSecond() + "}");

        assertThat(verify(token).claims().get("aud")).isEqualTo(List.of("https://elsewhere", AUDIENCE.toString()));
    }

    @Test
    void refusesExpiredTokenWithTheServiceDescription() {
        String token = factory(CONNECTION, NOW.minus(Duration.ofHours(2))).create((request) -> request.userId("alice"))
            .token();

        InvalidAccessTokenException refusal = assertRefused(token, Reason.EXPIRED,
                "The access token expired at 2026-03-01T11:00:00Z");
        assertThat(refusal.serviceDescription()).isEqualTo("The token expired at '03/01/2026 11:00:00'");
    }

    @Test
    void toleratesThirtySecondsOfClockSkew() {
        String expiredRecently = signed(claimsJson(AUDIENCE.toString(), NOW.minusSeconds(29)));
        String expiredLongerAgo = signed(claimsJson(AUDIENCE.toString(), NOW.minusSeconds(31)));

        assertThat(verify(expiredRecently)).isNotNull();
        assertRefused(expiredLongerAgo, Reason.EXPIRED, "expired");
    }

    @Test
    void refusesTokenWithoutExp() {
        String token = signed("{\"aud\":\"" + AUDIENCE + "\",\"iat\":" + NOW.getEpochSecond() + "}");

        assertRefused(token, Reason.NO_EXPIRATION, "no exp claim");
    }

    @Test
    void honoursNotBefore() {
        String token = Jwts.builder()
            .audience()
            .single(AUDIENCE.toString())
            .expiration(Date.from(NOW.plusSeconds(3600)))
            .notBefore(Date.from(NOW.plusSeconds(120)))
            .signWith(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"), Jwts.SIG.HS256)
            .compact();

        assertRefused(token, Reason.NOT_YET_VALID, "not valid before 2026-03-01T12:02:00Z");
    }

    @Test
    void refusesMalformedTokens() {
        assertRefused("not-a-token", Reason.MALFORMED, "not a well-formed JWS");
        assertRefused("a.b.c", Reason.MALFORMED, "not a well-formed JWS");
        assertRefused("", Reason.MISSING, "No access token");
        assertRefused(null, Reason.MISSING, "No access token");
    }

    @Test
    void urlWithoutAccessTokenIsRefused() {
        assertThatExceptionOfType(InvalidAccessTokenException.class)
            .isThrownBy(() -> ClientAccessToken.verify("wss://localhost:8080/client/hubs/chat", KEY, CLOCK))
            .withMessage("No access token: the URL has no access_token parameter.");
    }

    @Test
    void malformedUrlIsRefusedWithoutEchoingIt() {
        assertThatIllegalArgumentException().isThrownBy(
                () -> ClientAccessToken.verify("wss://localhost:8080/client/hubs/chat?access_token=a b", KEY, CLOCK))
            .withMessage("The Client Access URL is not a valid URI (error at index 52)");
    }

    @Test
    void messagesNeverContainTheTokenOrTheKey() {
        String token = factory(CONNECTION, NOW.minus(Duration.ofHours(2))).create((request) -> request.userId("alice"))
            .token();

        assertThatExceptionOfType(InvalidAccessTokenException.class).isThrownBy(() -> verify(token))
            .satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(token.split("\\.")[2]).doesNotContain(KEY));
    }

    @Test
    void readsRoleAndGroupClaimsGivenAsSingleStringsAndSkipsUnknownRoles() {
        String token = signed("{\"aud\":\"" + AUDIENCE + "\",\"exp\":" + NOW.plusSeconds(60).getEpochSecond()
                + ",\"sub\":\"bob\",\"role\":[\"webpubsub.sendtogroup\",\"webpubsub.sendToGroup.lobby\"],"
                + "\"webpubsub.group\":\"lobby\"}");

        ClientAccessToken verified = verify(token);

        assertThat(verified.roles()).containsExactly("webpubsub.sendtogroup", "webpubsub.sendToGroup.lobby");
        assertThat(verified.webPubSubRoles()).containsExactly(WebPubSubRole.sendToGroup("lobby"));
        assertThat(verified.groups()).containsExactly("lobby");
    }

    private static ClientAccessToken verify(String token) {
        return ClientAccessToken.verify(token, AUDIENCE, KEY, CLOCK);
    }

    private static InvalidAccessTokenException assertRefused(String token, Reason reason, String message) {
        InvalidAccessTokenException[] refusal = new InvalidAccessTokenException[1];
        assertThatExceptionOfType(InvalidAccessTokenException.class).isThrownBy(() -> verify(token))
            .withMessageContaining(message)
            .satisfies((ex) -> {
                assertThat(ex.reason()).isEqualTo(reason);
                refusal[0] = ex;
            });
        return refusal[0];
    }

    private static ClientUrlFactory factory(WebPubSubConnectionString connection, Instant now) {
        return ClientUrlFactory.builder()
            .connectionString(connection)
            .hub("chat")
            .clock(Clock.fixed(now, ZoneOffset.UTC))
            .build();
    }

    private static String claimsJson(String audience, Instant expiresAt) {
        return "{\"aud\":\"" + audience + "\",\"iat\":" + NOW.getEpochSecond() + ",\"exp\":"
                + expiresAt.getEpochSecond() + "}";
    }

    /** Signs claims as the service expects, independently of the code under test. */
    static String signed(String claimsJson) {
        return signed(claimsJson, KEY);
    }

    static String signed(String claimsJson, String key) {
        try {
            String signingInput = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + encode(claimsJson);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signingInput + "."
                    + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

}
