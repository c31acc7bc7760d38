package io.github.webpubsub.token;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TimeZone;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.azure.messaging.webpubsub.models.WebPubSubClientAccessToken;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static io.github.webpubsub.token.TestKeys.ACCESS_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Interop with the official Java SDK {@code com.azure:azure-messaging-webpubsub}: for the
 * same input, the same URL (tokens elided) and the same claims, and each token verifies
 * with the other library's key handling. Inputs where the SDK differs from the
 * specification on purpose are not in this table; {@link OfficialSdkDifferencesTests} and
 * {@link OfficialSdkMistakesTests} document them.
 */
class OfficialSdkInteropTests {

    /**
     * The SDK's clock cannot be injected, so its exp can only be compared within the time
     * the two calls take.
     */
    private static final long EXP_TOLERANCE_SECONDS = 2;

    private static final String LONG_KEY = ACCESS_KEY + ACCESS_KEY;

    private static final String MULTI_BYTE_KEY = "é".repeat(16) + "ABCDEFGH";

    private static TimeZone originalZone;

    /**
     * The SDK computes exp in local time (SPEC section 8): in a zone whose clocks change
     * within a token's lifetime it would be an hour off. UTC keeps this table about
     * everything else.
     */
    @BeforeAll
    static void runTheSdkInUtc() {
        originalZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    }

    @AfterAll
    static void restoreTheDefaultZone() {
        TimeZone.setDefault(originalZone);
    }

    static Stream<Case> cases() {
        String host = "https://example.webpubsub.azure.com";
        List<String> manyGroups = IntStream.range(0, 50).mapToObj(i -> "group-" + i).toList();
        return Stream.of(Case.of("https, anonymous", cs(host)),
                Case.of("https with trailing slash, user", cs(host + "/")).userId("alice"),
                Case.of("path prefix, MQTT, user and roles", cs("https://proxy.example.com/webpubsub"))
                    .protocol(ClientProtocol.MQTT)
                    .userId("device-42")
                    .roles("webpubsub.sendToGroup.telemetry"),
                Case.of("path prefix with trailing slash, Socket.IO, groups", cs("https://proxy.example.com/a/b/"))
                    .protocol(ClientProtocol.SOCKETIO)
                    .groups("lobby", "news"),
                Case.of("Port 8443, user, roles, groups", cs(host) + "Port=8443;")
                    .userId("alice")
                    .roles("webpubsub.joinLeaveGroup.lobby", "webpubsub.sendToGroup.lobby")
                    .groups("lobby"),
                Case.of("Port 443 kept", cs(host) + "Port=443;"),
                Case.of("Port 443 with path prefix, MQTT", cs("https://proxy.example.com/mqtt-gw") + "Port=443;")
                    .protocol(ClientProtocol.MQTT)
                    .userId("sensor"),
                Case.of("http on localhost with a port, user", cs("http://localhost:8080")).userId("alice"),
                Case.of("http, Port replacing the port, Socket.IO", cs("http://localhost:8080/") + "Port=9090;")
                    .protocol(ClientProtocol.SOCKETIO)
                    .userId("bob")
                    .groups("room-1"),
                Case.of("http without port, MQTT", cs("http://webpubsub.internal.example"))
                    .protocol(ClientProtocol.MQTT),
                Case.of("http, Port 80, MQTT, roles", cs("http://127.0.0.1/wps") + "Port=80;")
                    .protocol(ClientProtocol.MQTT)
                    .roles("webpubsub.joinLeaveGroup"),
                Case.of("lifetime 5 minutes", cs(host)).userId("alice").lifetime(Duration.ofMinutes(5)),
                Case.of("lifetime 24 hours", cs(host)).lifetime(Duration.ofHours(24)),
                Case.of("lifetime 30 seconds", cs(host)).userId("short-lived").lifetime(Duration.ofSeconds(30)),
                Case.of("roles on any group", cs(host)).roles("webpubsub.joinLeaveGroup", "webpubsub.sendToGroup"),
                Case.of("roles on groups and patterns", cs(host))
                    .userId("alice")
                    .roles("webpubsub.sendToGroup.a", "webpubsub.joinLeaveGroups.tenant-7.*",
                            "webpubsub.sendToGroups.b.**", "webpubsub.sendToGroups.room-?",
                            "webpubsub.joinLeaveGroups.literal\\*star"),
                Case.of("non-ASCII user and groups", cs(host))
                    .userId("Zoë 🚀 李")
                    .groups("grüppe", "a group.with dots", "日本語")
                    .roles("webpubsub.sendToGroup.grüppe"),
                Case.of("values that need JSON escaping", cs(host))
                    .userId("a\"b\\c/d\u00e9e")
                    .groups("quote\"group", "back\\slash"),
                Case.of("explicit port in the endpoint", cs("https://example.webpubsub.azure.com:8443"))
                    .userId("alice"),
                Case.of("Port replacing an explicit port",
                        cs("https://example.webpubsub.azure.com:8443/") + "Port=9443;")
                    .groups("lobby"),
                Case.of("lower-case names, unknown keys, empty segments",
                        " endpoint = " + host + " ;; accesskey = " + ACCESS_KEY
                                + " ; version = 1.0 ; ClientEndpoint=x;")
                    .userId("alice"),
                Case.of("Socket.IO with prefix, port, user, roles, groups, 10 minutes",
                        cs("https://proxy.example.com/sio/") + "Port=8443;")
                    .protocol(ClientProtocol.SOCKETIO)
                    .userId("carol")
                    .roles("webpubsub.sendToGroup.chat")
                    .groups("chat")
                    .lifetime(Duration.ofMinutes(10)),
                Case.of("key of 88 characters", "Endpoint=" + host + ";AccessKey=" + LONG_KEY + ";")
                    .userId("alice")
                    .key(LONG_KEY),
                Case.of("key of multi-byte characters", "Endpoint=" + host + ";AccessKey=" + MULTI_BYTE_KEY + ";")
                    .key(MULTI_BYTE_KEY),
                Case.of("fifty groups", cs(host)).userId("alice").groups(manyGroups.toArray(String[]::new)),
                Case.of("hub name case kept", cs(host)).hub("ChatRoom_1").userId("alice"),
                Case.of("MQTT with every claim", cs(host + "/") + "Port=1883;")
                    .protocol(ClientProtocol.MQTT)
                    .hub("iot")
                    .userId("device-7")
                    .roles("webpubsub.sendToGroups.devices.*", "webpubsub.joinLeaveGroup")
                    .groups("devices.7", "all")
                    .lifetime(Duration.ofHours(2)));
    }

    private static String cs(String endpoint) {
        return "Endpoint=" + endpoint + ";AccessKey=" + ACCESS_KEY + ";Version=1.0;";
    }

    @Test
    void theTableHasAtLeastTwentyCombinations() {
        assertThat(cases().count()).isGreaterThanOrEqualTo(20);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ourUrlEqualsTheSdksWithTheTokensElided(Case input) {
        ClientAccess ours = input.ours();
        WebPubSubClientAccessToken theirs = input.theirs();

        assertThat(ours.url().toString()).endsWith("?access_token=" + ours.token());
        assertThat(ours.url().toString().replace(ours.token(), "<token>"))
            .isEqualTo(theirs.getUrl().replace(theirs.getToken(), "<token>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ourClaimsEqualTheSdksExceptIatAndExpWhichIsExactlyIatPlusLifetime(Case input) {
        ClientAccess ours = input.ours();
        WebPubSubClientAccessToken theirs = input.theirs();
        ObjectNode ourClaims = ClientTokens.verifiedClaims(ours.token(), input.key, Instant.now());
        ObjectNode theirClaims = ClientTokens.decode(theirs.getToken()).claims();

        long iat = ourClaims.remove("iat").longValue();
        long ourExp = ourClaims.remove("exp").longValue();
        long theirExp = theirClaims.remove("exp").longValue();
        Duration lifetime = (input.lifetime != null) ? input.lifetime : Duration.ofHours(1);

        assertThat(ourExp).isEqualTo(iat + lifetime.toSeconds());
        assertThat(theirExp).isCloseTo(ourExp, within(EXP_TOLERANCE_SECONDS));
        assertThat(theirClaims.has("iat")).as("the SDK writes no iat").isFalse();
        assertThat(ourClaims).isEqualTo(theirClaims);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ourTokenVerifiesWithTheSdksMacVerifier(Case input) throws Exception {
        SignedJWT ours = SignedJWT.parse(input.ours().token());

        assertThat(ours.verify(new MACVerifier(input.key.getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(ours.verify(new MACVerifier(TestKeys.OTHER_ACCESS_KEY.getBytes(StandardCharsets.UTF_8)))).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theSdksTokenVerifiesWithOurIndependentMacCheck(Case input) {
        String theirs = input.theirs().getToken();

        assertThat(ClientTokens.isSignedWith(theirs, input.key)).isTrue();
        assertThat(ClientTokens.isSignedWith(theirs, TestKeys.OTHER_ACCESS_KEY)).isFalse();
        ClientTokens.verifiedClaims(theirs, input.key, Instant.now());
    }

    /**
     * One row of the table: the same input for both libraries.
     */
    static final class Case {

        private final String name;

        private final String connectionString;

        private String key = ACCESS_KEY;

        private String hub = "chat";

        private ClientProtocol protocol = ClientProtocol.DEFAULT;

        private String userId;

        private List<String> roles = List.of();

        private List<String> groups = List.of();

        private Duration lifetime;

        private Case(String name, String connectionString) {
            this.name = name;
            this.connectionString = connectionString;
        }

        static Case of(String name, String connectionString) {
            return new Case(name, connectionString);
        }

        Case key(String key) {
            this.key = key;
            return this;
        }

        Case hub(String hub) {
            this.hub = hub;
            return this;
        }

        Case protocol(ClientProtocol protocol) {
            this.protocol = protocol;
            return this;
        }

        Case userId(String userId) {
            this.userId = userId;
            return this;
        }

        Case roles(String... roles) {
            this.roles = List.of(roles);
            return this;
        }

        Case groups(String... groups) {
            this.groups = List.of(groups);
            return this;
        }

        Case lifetime(Duration lifetime) {
            this.lifetime = lifetime;
            return this;
        }

        ClientAccess ours() {
            ClientUrlFactory factory = ClientUrlFactory.builder().connectionString(this.connectionString).build();
            return factory.create(ClientAccessRequest.builder()
                .hub(this.hub)
                .protocol(this.protocol)
                .userId(this.userId)
                .roles(this.roles)
                .groups(this.groups)
                .lifetime(this.lifetime)
                .build());
        }

        WebPubSubClientAccessToken theirs() {
            return OfficialSdk.clientAccessToken(this.connectionString, this.hub, this.protocol, this.userId,
                    this.roles.isEmpty() ? null : this.roles, this.groups.isEmpty() ? null : this.groups,
                    this.lifetime);
        }

        @Override
        public String toString() {
            return this.name;
        }

    }

}
