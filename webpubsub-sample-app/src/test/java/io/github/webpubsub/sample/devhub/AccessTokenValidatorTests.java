package io.github.webpubsub.sample.devhub;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.github.webpubsub.token.ClientUrlFactory;
import io.github.webpubsub.token.WebPubSubConnectionString;
import io.github.webpubsub.token.WebPubSubRole;
import io.github.webpubsub.token.WebPubSubRole.Permission;
import io.jsonwebtoken.Jwts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AccessTokenValidatorTests {

    private static final String KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqr";

    private static final String OTHER_KEY = "rqponmlkjihgfedcbaZYXWVUTSRQPONMLKJIHGFEDCBA";

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static final WebPubSubConnectionString CONNECTION = WebPubSubConnectionString
        .parse("Endpoint=http://localhost:8080;AccessKey=" + KEY + ";Version=1.0;");

    private static final String AUDIENCE = "http://localhost:8080/client/hubs/chat";

    private final AccessTokenValidator validator = new AccessTokenValidator(CONNECTION, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void acceptsTokenOfTheFactoryAndReadsItsClaims() {
        String token = factory(CONNECTION, NOW).create((request) -> request.userId("alice")
            .roles(WebPubSubRole.joinLeaveGroup("lobby"), WebPubSubRole.sendToGroups("room-*"))
            .groups("lobby", "user-alice")).token();

        ClientIdentity identity = this.validator.validate(token, "chat");

        assertThat(identity.userId()).isEqualTo("alice");
        assertThat(identity.roles()).containsExactly(WebPubSubRole.joinLeaveGroup("lobby"), WebPubSubRole.sendToGroups("room-*"));
        assertThat(identity.groups()).containsExactly("lobby", "user-alice");
        assertThat(identity.may(Permission.JOIN_LEAVE_GROUP, "lobby")).isTrue();
        assertThat(identity.may(Permission.SEND_TO_GROUP, "lobby")).isFalse();
        assertThat(identity.may(Permission.SEND_TO_GROUP, "room-7")).isTrue();
    }

    @Test
    void anonymousTokenHasNoUserIdRolesOrGroups() {
        String token = factory(CONNECTION, NOW).create((request) -> { }).token();

        ClientIdentity identity = this.validator.validate(token, "chat");

        assertThat(identity.userId()).isNull();
        assertThat(identity.roles()).isEmpty();
        assertThat(identity.groups()).isEmpty();
    }

    @Test
    void refusesTokenSignedWithAnotherKey() {
        WebPubSubConnectionString other = WebPubSubConnectionString.parse(
                "Endpoint=http://localhost:8080;AccessKey=" + OTHER_KEY + ";Version=1.0;");
        String token = factory(other, NOW).create((request) -> request.userId("alice")).token();

        assertRefused(token, "chat", "not signed with HS256 and this hub's access key");
    }

    @Test
    void refusesAlteredClaims() {
        String token = factory(CONNECTION, NOW).create((request) -> request.userId("alice")).token();
        String[] parts = token.split("\\.");
        String altered = encode(decode(parts[1]).replace("\"alice\"", "\"admin\""));

        assertRefused(parts[0] + "." + altered + "." + parts[2], "chat", "not signed with HS256 and this hub's access key");
    }

    @Test
    void refusesUnsignedToken() {
        String header = encode("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String claims = encode(claimsJson(AUDIENCE, NOW.plusSeconds(3600)));

        assertRefused(header + "." + claims + ".", "chat", "not a signed JWS");
    }

    @Test
    void refusesTokenSignedWithHs512EvenWithTheRightKey() throws Exception {
        String signingInput = encode("{\"alg\":\"HS512\",\"typ\":\"JWT\"}") + "."
                + encode(claimsJson(AUDIENCE, NOW.plusSeconds(3600)));
        Mac mac = Mac.getInstance("HmacSHA512");
        mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
        String signature = Base64.getUrlEncoder().withoutPadding()
            .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));

        assertRefused(signingInput + "." + signature, "chat", "not signed with HS256 and this hub's access key");
    }

    @Test
    void refusesTokenForAnotherHost() {
        WebPubSubConnectionString otherHost = WebPubSubConnectionString.parse(
                "Endpoint=http://example.webpubsub.azure.com;AccessKey=" + KEY + ";Version=1.0;");
        String token = factory(otherHost, NOW).create((request) -> request.userId("alice")).token();

        assertRefused(token, "chat", "audience [http://example.webpubsub.azure.com/client/hubs/chat] is not this hub, "
                + AUDIENCE);
    }

    @Test
    void refusesTokenForAnotherPort() {
        WebPubSubConnectionString otherPort = WebPubSubConnectionString.parse(
                "Endpoint=http://localhost:9090;AccessKey=" + KEY + ";Version=1.0;");
        String token = factory(otherPort, NOW).create((request) -> request.userId("alice")).token();

        assertRefused(token, "chat", "is not this hub");
    }

    @Test
    void refusesTokenForAnotherHub() {
        String token = factory(CONNECTION, NOW).create((request) -> request.hub("other").userId("alice")).token();

        assertRefused(token, "chat", "audience [http://localhost:8080/client/hubs/other] is not this hub");
    }

    @Test
    void refusesTokenForAnotherPathOnTheSameHost() {
        String token = signed(claimsJson("http://localhost:8080/clients/socketio/hubs/chat", NOW.plusSeconds(60)));

        assertRefused(token, "chat", "is not this hub");
    }

    @Test
    void comparesTheAudienceAsAnAddress() {
        String token = signed(claimsJson("HTTP://LocalHost:8080/client/hubs/chat", NOW.plusSeconds(60)));

        assertThat(this.validator.validate(token, "chat").userId()).isNull();
    }

    @Test
    void defaultPortOfTheSchemeMatchesAnOmittedOne() {
        WebPubSubConnectionString withoutPort = WebPubSubConnectionString.parse(
                "Endpoint=http://localhost;AccessKey=" + KEY + ";Version=1.0;");
        AccessTokenValidator validator = new AccessTokenValidator(withoutPort, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(validator.validate(signed(claimsJson("http://localhost:80/client/hubs/chat", NOW.plusSeconds(60))), "chat"))
            .isNotNull();
    }

    @Test
    void hubNamesAreCaseSensitive() {
        String token = factory(CONNECTION, NOW).create((request) -> request.hub("Chat")).token();

        assertRefused(token, "chat", "is not this hub");
    }

    @Test
    void refusesExpiredToken() {
        String token = factory(CONNECTION, NOW.minus(Duration.ofHours(2))).create((request) -> request.userId("alice")).token();

        assertRefused(token, "chat", "The access token expired at 2026-03-01T11:00:00Z");
    }

    @Test
    void toleratesThirtySecondsOfClockSkew() {
        String expiredRecently = signed(claimsJson(AUDIENCE, NOW.minusSeconds(29)));
        String expiredLongerAgo = signed(claimsJson(AUDIENCE, NOW.minusSeconds(31)));

        assertThat(this.validator.validate(expiredRecently, "chat")).isNotNull();
        assertRefused(expiredLongerAgo, "chat", "expired");
    }

    @Test
    void refusesTokenWithoutExp() {
        String token = signed("{\"aud\":\"" + AUDIENCE + "\",\"iat\":" + NOW.getEpochSecond() + "}");

        assertRefused(token, "chat", "no exp claim");
    }

    @Test
    void honoursNotBefore() {
        String token = Jwts.builder()
            .audience().single(AUDIENCE)
            .expiration(Date.from(NOW.plusSeconds(3600)))
            .notBefore(Date.from(NOW.plusSeconds(120)))
            .signWith(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"), Jwts.SIG.HS256)
            .compact();

        assertRefused(token, "chat", "not valid before 2026-03-01T12:02:00Z");
    }

    @Test
    void refusesMalformedTokens() {
        assertRefused("not-a-token", "chat", "not a well-formed JWS");
        assertRefused("a.b.c", "chat", "not a well-formed JWS");
        assertRefused("", "chat", "No access token");
        assertRefused(null, "chat", "No access token");
    }

    @Test
    void messagesNeverContainTheTokenOrTheKey() {
        String token = factory(CONNECTION, NOW.minus(Duration.ofHours(2))).create((request) -> request.userId("alice")).token();

        assertThatExceptionOfType(InvalidAccessTokenException.class).isThrownBy(() -> this.validator.validate(token, "chat"))
            .satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(token.split("\\.")[2]).doesNotContain(KEY));
    }

    @Test
    void acceptsRoleAndGroupClaimsGivenAsSingleStringsAndSkipsUnknownRoles() {
        String token = signed("{\"aud\":\"" + AUDIENCE + "\",\"exp\":" + NOW.plusSeconds(60).getEpochSecond()
                + ",\"sub\":\"bob\",\"role\":[\"webpubsub.sendtogroup\",\"webpubsub.sendToGroup.lobby\"],"
                + "\"webpubsub.group\":\"lobby\"}");

        ClientIdentity identity = this.validator.validate(token, "chat");

        assertThat(identity.roles()).containsExactly(WebPubSubRole.sendToGroup("lobby"));
        assertThat(identity.groups()).isEqualTo(List.of("lobby"));
    }

    @Test
    void requiresAValidHubName() {
        assertThat(AccessTokenValidator.isValidHub("chat_2")).isTrue();
        assertThat(AccessTokenValidator.isValidHub("2chat")).isFalse();
        assertThat(AccessTokenValidator.isValidHub("")).isFalse();
        assertThat(AccessTokenValidator.isValidHub("a".repeat(129))).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> this.validator.validate("a.b.c", "../chat"));
    }

    private void assertRefused(String token, String hub, String reason) {
        assertThatExceptionOfType(InvalidAccessTokenException.class).isThrownBy(() -> this.validator.validate(token, hub))
            .withMessageContaining(reason);
    }

    private static ClientUrlFactory factory(WebPubSubConnectionString connection, Instant now) {
        return ClientUrlFactory.builder().connectionString(connection).hub("chat").clock(Clock.fixed(now, ZoneOffset.UTC)).build();
    }

    private static String claimsJson(String audience, Instant expiresAt) {
        return "{\"aud\":\"" + audience + "\",\"iat\":" + NOW.getEpochSecond() + ",\"exp\":" + expiresAt.getEpochSecond() + "}";
    }

    /** Signs claims as the service expects, independently of the code under test. */
    private static String signed(String claimsJson) {
        try {
            String signingInput = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + encode(claimsJson);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding()
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
