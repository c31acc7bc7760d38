package io.github.webpubsub.token;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.TimeZone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.github.webpubsub.token.TestKeys.ACCESS_KEY;
import static io.github.webpubsub.token.TestKeys.NOW;
import static io.github.webpubsub.token.TestKeys.assertNoPartOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * SPEC section 4: the token signed with the access key.
 */
class ClientTokenTests {

    private static ObjectNode claimsOf(ClientAccess access) {
        return ClientTokens.verifiedClaims(access.token(), ACCESS_KEY, NOW);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Nested
    class Header {

        @Test
        void theHeaderIsExactlyAlgHs256AndTypJwt() {
            ClientTokens.DecodedToken token = ClientTokens.decode(TestKeys.factory().create(request -> {
            }).token());

            assertThat(token.header()).isEqualTo(ClientTokens.json("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"));
            assertThat(token.headerJson()).isEqualTo("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        }

        @Test
        void theHeaderHasNoKeyId() {
            ClientTokens.DecodedToken token = ClientTokens.decode(TestKeys.factory().create(request -> {
            }).token());

            assertThat(token.header().has("kid")).isFalse();
        }

        @Test
        void aKeyOf64CharactersOrMoreStillGivesHs256() {
            String longKey = ACCESS_KEY + ACCESS_KEY;
            ClientAccess access = TestKeys.factoryBuilder().accessKey(longKey).build().create(request -> {
            });
            ClientTokens.DecodedToken token = ClientTokens.decode(access.token());

            assertThat(token.header().get("alg").asText()).isEqualTo("HS256");
            assertThat(token.signature()).hasSize(32);
            ClientTokens.verifiedClaims(access.token(), longKey, NOW);
        }

    }

    @Nested
    class Signature {

        @Test
        void theSignatureIsHmacSha256OfTheSigningInputKeyedWithTheUtf8BytesOfTheAccessKey() {
            String token = TestKeys.factory().create(request -> request.userId("alice")).token();
            ClientTokens.DecodedToken decoded = ClientTokens.decode(token);

            byte[] expected = ClientTokens.hmacSha256(ACCESS_KEY.getBytes(StandardCharsets.UTF_8),
                    decoded.signingInput().getBytes(StandardCharsets.US_ASCII));

            assertThat(decoded.signature()).isEqualTo(expected);
        }

        @Test
        void theAccessKeyIsNotBase64Decoded() {
            byte[] decodedKey = Base64.getDecoder().decode(ACCESS_KEY);
            String token = TestKeys.factory().create(request -> {
            }).token();

            assertThat(decodedKey).hasSizeGreaterThanOrEqualTo(32);
            assertThat(ClientTokens.isSignedWith(token, decodedKey)).isFalse();
            assertThat(ClientTokens.isSignedWith(token, ACCESS_KEY)).isTrue();
        }

        @Test
        void anotherKeyDoesNotVerifyTheToken() {
            String token = TestKeys.factory().create(request -> {
            }).token();

            assertThat(ClientTokens.isSignedWith(token, TestKeys.OTHER_ACCESS_KEY)).isFalse();
        }

        @Test
        void aKeyOfMultiByteCharactersIsSignedWithItsUtf8Bytes() {
            String key = "é".repeat(16);
            ClientAccess access = TestKeys.factoryBuilder().accessKey(key).build().create(request -> {
            });

            assertThat(key.getBytes(StandardCharsets.UTF_8)).hasSize(32);
            assertThat(ClientTokens.isSignedWith(access.token(), key.getBytes(StandardCharsets.ISO_8859_1))).isFalse();
            ClientTokens.verifiedClaims(access.token(), key, NOW);
        }

        @ParameterizedTest
        @ValueSource(ints = { 1, 16, 31 })
        void aKeyUnder32BytesIsRejectedWithAClearMessage(int length) {
            String shortKey = ACCESS_KEY.substring(0, length);

            WebPubSubException ex = catchThrowableOfType(WebPubSubException.class,
                    () -> TestKeys.factoryBuilder().accessKey(shortKey).build());

            assertThat(ex).hasMessage("Access key is " + length + " bytes long; HS256 needs at least 32. It looks "
                    + "truncated. Copy a full access key (44 characters) from the Keys page of the Web PubSub "
                    + "resource.");
        }

        @Test
        void aKeyOf32BytesIsAccepted() {
            String key = ACCESS_KEY.substring(0, 32);

            ClientTokens.verifiedClaims(TestKeys.factoryBuilder().accessKey(key).build().create(request -> {
            }).token(), key, NOW);
        }

        @ParameterizedTest
        @ValueSource(strings = { " ", "\t", "\n" })
        void aKeyWithSurroundingWhitespaceIsRejectedBecauseItWouldChangeTheSignature(String whitespace) {
            WebPubSubException ex = catchThrowableOfType(WebPubSubException.class,
                    () -> TestKeys.factoryBuilder().accessKey(ACCESS_KEY + whitespace).build());

            assertThat(ex).hasMessageContaining("starts or ends with whitespace");
            assertNoPartOf(ACCESS_KEY, ex.getMessage());
        }

        @ParameterizedTest
        @ValueSource(strings = { " ", "\t", "\n", "\r\n", "\u00a0", "\u0000" })
        void aKeyWithWhitespaceOrAControlCharacterInsideIsRejected(String inside) {
            String key = ACCESS_KEY.substring(0, 20) + inside + ACCESS_KEY.substring(20);

            WebPubSubException ex = catchThrowableOfType(WebPubSubException.class,
                    () -> TestKeys.factoryBuilder().accessKey(key).build());

            assertThat(ex).hasMessage("Access key has whitespace or a control character at index 20, which a key "
                    + "never has; tokens signed with it would be refused. Copy a full access key (44 characters) from "
                    + "the Keys page of the Web PubSub resource.");
            assertNoPartOf(ACCESS_KEY, ex.getMessage());
        }

    }

    @Nested
    class Claims {

        @Test
        void anAnonymousTokenHasExactlyAudIatAndExp() {
            ObjectNode claims = claimsOf(TestKeys.factory().create(request -> {
            }));

            assertThat(fieldNames(claims)).containsExactlyInAnyOrder("aud", "iat", "exp");
        }

        @Test
        void theAudienceIsAJsonStringNotAnArray() {
            JsonNode aud = claimsOf(TestKeys.factory().create(request -> {
            })).get("aud");

            assertThat(aud.isTextual()).isTrue();
            assertThat(aud.asText()).isEqualTo("https://example.webpubsub.azure.com/client/hubs/chat");
        }

        @Test
        void iatAndExpAreIntegerSecondsFromTheInjectedClock() {
            ObjectNode claims = claimsOf(TestKeys.factory().create(request -> {
            }));

            assertThat(claims.get("iat").isIntegralNumber()).isTrue();
            assertThat(claims.get("exp").isIntegralNumber()).isTrue();
            // The clock stands at 10:20:30.750: iat is the whole second it is in.
            assertThat(claims.get("iat").longValue()).isEqualTo(NOW.getEpochSecond());
        }

        @Test
        void expiresAtIsTheExpClaim() {
            ClientAccess access = TestKeys.factory().create(request -> {
            });

            assertThat(access.expiresAt()).isEqualTo(Instant.ofEpochSecond(claimsOf(access).get("exp").longValue()));
        }

        @Test
        void thereIsNoNotBeforeClaim() {
            ObjectNode claims = claimsOf(TestKeys.factory()
                .create(request -> request.userId("alice").roles(WebPubSubRole.sendToAnyGroup()).groups("lobby")));

            assertThat(claims.has("nbf")).isFalse();
        }

        @Test
        void subIsTheUserId() {
            ObjectNode claims = claimsOf(TestKeys.factory().create(request -> request.userId("alice")));

            assertThat(claims.get("sub").isTextual()).isTrue();
            assertThat(claims.get("sub").asText()).isEqualTo("alice");
        }

        @Test
        void thereIsNoSubWithoutUserId() {
            ObjectNode claims = claimsOf(TestKeys.factory().create(request -> request.userId(null).groups("lobby")));

            assertThat(claims.has("sub")).isFalse();
        }

        @Test
        void roleIsAJsonArrayOfTheRolesInOrder() {
            ObjectNode claims = claimsOf(TestKeys.factory()
                .create(request -> request.roles("webpubsub.sendToGroup.b", "webpubsub.joinLeaveGroup")
                    .roles(WebPubSubRole.sendToGroups("a.*"))));

            assertThat(ClientTokens.texts(claims.get("role"))).containsExactly("webpubsub.sendToGroup.b",
                    "webpubsub.joinLeaveGroup", "webpubsub.sendToGroups.a.*");
        }

        @Test
        void thereIsNoRoleClaimWithoutRoles() {
            ObjectNode claims = claimsOf(TestKeys.factory().create(request -> request.userId("alice").groups("lobby")));

            assertThat(claims.has("role")).isFalse();
        }

        @Test
        void webpubsubGroupIsAJsonArrayOfTheGroupsInOrder() {
            ObjectNode claims = claimsOf(
                    TestKeys.factory().create(request -> request.groups("b", "a").groups(List.of("c"))));

            assertThat(ClientTokens.texts(claims.get("webpubsub.group"))).containsExactly("b", "a", "c");
        }

        @Test
        void thereIsNoGroupClaimWithoutGroups() {
            ObjectNode claims = claimsOf(TestKeys.factory()
                .create(request -> request.userId("alice").roles(WebPubSubRole.joinLeaveAnyGroup())));

            assertThat(claims.has("webpubsub.group")).isFalse();
        }

        @Test
        void valuesThatNeedJsonEscapingAreSignedExactlyAsGiven() {
            String userId = "Zoë \"the quote\" \\ back/slash 🚀 \u00e9 \u00a0 <script>";
            String group = "grüppe \"x\" \\ \u00f1 ✓";

            ObjectNode claims = claimsOf(TestKeys.factory()
                .create(request -> request.userId(userId).groups(group).roles(WebPubSubRole.sendToGroup(group))));

            assertThat(claims.get("sub").asText()).isEqualTo(userId);
            assertThat(ClientTokens.texts(claims.get("webpubsub.group"))).containsExactly(group);
            assertThat(ClientTokens.texts(claims.get("role"))).containsExactly("webpubsub.sendToGroup." + group);
        }

    }

    @Nested
    class Lifetime {

        private long lifetimeSeconds(ClientAccess access) {
            ObjectNode claims = claimsOf(access);
            return claims.get("exp").longValue() - claims.get("iat").longValue();
        }

        @Test
        void theDefaultLifetimeIsOneHour() {
            assertThat(lifetimeSeconds(TestKeys.factory().create(request -> {
            }))).isEqualTo(3600);
            assertThat(ClientUrlFactory.Builder.DEFAULT_LIFETIME).isEqualTo(Duration.ofHours(1));
        }

        @Test
        void theRequestsLifetimeOverridesTheDefault() {
            assertThat(lifetimeSeconds(TestKeys.factory().create(request -> request.lifetime(Duration.ofMinutes(5)))))
                .isEqualTo(300);
        }

        @Test
        void theFactorysDefaultLifetimeIsConfigurable() {
            ClientUrlFactory factory = TestKeys.factoryBuilder().defaultLifetime(Duration.ofMinutes(10)).build();

            assertThat(lifetimeSeconds(factory.create(request -> {
            }))).isEqualTo(600);
        }

        @Test
        void aSubMinuteLifetimeIsKept() {
            assertThat(lifetimeSeconds(TestKeys.factory().create(request -> request.lifetime(Duration.ofSeconds(30)))))
                .isEqualTo(30);
        }

        @ParameterizedTest
        @CsvSource({ "PT0.000000001S, 1", "PT0.5S, 1", "PT1S, 1", "PT1.001S, 2", "PT1.5S, 2", "PT59.999S, 60" })
        void aLifetimeWithAFractionOfASecondIsRoundedUp(Duration lifetime, long seconds) {
            ClientAccess access = TestKeys.factory().create(request -> request.lifetime(lifetime));

            assertThat(lifetimeSeconds(access)).isEqualTo(seconds);
            assertThat(access.expiresAt()).isEqualTo(Instant.ofEpochSecond(NOW.getEpochSecond() + seconds));
        }

        @ParameterizedTest
        @ValueSource(strings = { "PT0S", "PT-1S", "PT-0.001S" })
        void aLifetimeThatIsNotPositiveIsRejected(Duration lifetime) {
            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> ClientAccessRequest.builder().lifetime(lifetime))
                .withMessage("Token lifetime " + lifetime + " is not positive. Ask for a positive lifetime, such as "
                        + "5 minutes (PT5M), or none for the default.");
        }

        @Test
        void theMaximumLifetimeIs24HoursByDefaultAndMayBeAskedFor() {
            assertThat(lifetimeSeconds(TestKeys.factory().create(request -> request.lifetime(Duration.ofHours(24)))))
                .isEqualTo(86_400);
            assertThat(ClientUrlFactory.Builder.DEFAULT_MAX_LIFETIME).isEqualTo(Duration.ofHours(24));
        }

        @Test
        void aLifetimeAboveTheMaximumIsRejected() {
            ClientUrlFactory factory = TestKeys.factory();
            ClientAccessRequest request = ClientAccessRequest.builder()
                .lifetime(Duration.ofHours(24).plusNanos(1))
                .build();

            assertThatExceptionOfType(WebPubSubException.class).isThrownBy(() -> factory.create(request))
                .withMessageContaining("exceeds the maximum PT24H")
                .withMessageContaining("raise the factory's maximum lifetime");
        }

        @Test
        void theMaximumLifetimeIsConfigurable() {
            ClientUrlFactory factory = TestKeys.factoryBuilder().maxLifetime(Duration.ofHours(48)).build();

            assertThat(lifetimeSeconds(factory.create(request -> request.lifetime(Duration.ofHours(30)))))
                .isEqualTo(30 * 3600);
            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> factory.create(request -> request.lifetime(Duration.ofHours(49))))
                .withMessageContaining("exceeds the maximum PT48H");
        }

        @Test
        void aDefaultLifetimeAboveTheMaximumIsRejectedWhenTheFactoryIsBuilt() {
            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> TestKeys.factoryBuilder()
                    .defaultLifetime(Duration.ofHours(2))
                    .maxLifetime(Duration.ofHours(1))
                    .build())
                .withMessageContaining("Default token lifetime PT2H exceeds the maximum PT1H");
        }

        @ParameterizedTest
        @ValueSource(strings = { "PT0S", "PT-1H" })
        void aMaximumOrDefaultLifetimeThatIsNotPositiveIsRejected(Duration lifetime) {
            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> TestKeys.factoryBuilder().maxLifetime(lifetime).build())
                .withMessageContaining("Maximum token lifetime " + lifetime + " is not positive");
            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> TestKeys.factoryBuilder().defaultLifetime(lifetime).build())
                .withMessageContaining("Default token lifetime " + lifetime + " is not positive");
        }

        @Test
        void missingLifetimeSettingsAreRejected() {
            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> TestKeys.factoryBuilder().maxLifetime(null).build())
                .withMessageContaining("Maximum token lifetime null is not positive");
            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> TestKeys.factoryBuilder().defaultLifetime(null).build())
                .withMessageContaining("Default token lifetime null is not positive");
        }

    }

    @Nested
    class DaylightSavingTime {

        /**
         * Seconds before each change of Europe/Berlin in 2030 (clocks forward on 31 March
         * at 01:00 UTC, back on 27 October at 01:00 UTC), with the JVM's default zone set
         * to Berlin too: exp is exactly iat + lifetime.
         */
        @ParameterizedTest
        @CsvSource({ "2030-03-31T00:59:59Z, PT2H", "2030-03-31T00:30:00Z, PT24H", "2030-10-27T00:59:59Z, PT1H",
                "2030-10-27T00:15:00Z, PT24H" })
        void aFixedClockJustBeforeADaylightSavingChangeGivesExactlyIatPlusLifetime(Instant instant, Duration lifetime) {
            ZoneId berlin = ZoneId.of("Europe/Berlin");
            assertThat(berlin.getRules().nextTransition(instant).getInstant())
                .as("a DST change of Europe/Berlin lies within the lifetime")
                .isBetween(instant, instant.plus(lifetime));
            TimeZone original = TimeZone.getDefault();
            TimeZone.setDefault(TimeZone.getTimeZone(berlin));
            try {
                ClientAccess access = TestKeys.factoryBuilder()
                    .clock(Clock.fixed(instant, berlin))
                    .build()
                    .create(request -> request.lifetime(lifetime));
                ObjectNode claims = ClientTokens.verifiedClaims(access.token(), ACCESS_KEY, instant);

                assertThat(claims.get("iat").longValue()).isEqualTo(instant.getEpochSecond());
                assertThat(claims.get("exp").longValue()).isEqualTo(instant.getEpochSecond() + lifetime.toSeconds());
                assertThat(access.expiresAt()).isEqualTo(instant.plus(lifetime));
                // What a local-time computation would give instead: an hour off.
                Instant localTimeExpiry = ZonedDateTime.ofInstant(instant, berlin)
                    .toLocalDateTime()
                    .plus(lifetime)
                    .atZone(berlin)
                    .toInstant();
                assertThat(access.expiresAt()).isNotEqualTo(localTimeExpiry);
            }
            finally {
                TimeZone.setDefault(original);
            }
        }

        @Test
        void theClockZoneDoesNotMatter() {
            ClientAccess utc = TestKeys.factoryBuilder()
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .build()
                .create(request -> {
                });
            ClientAccess kiritimati = TestKeys.factoryBuilder()
                .clock(Clock.fixed(NOW, ZoneId.of("Pacific/Kiritimati")))
                .build()
                .create(request -> {
                });

            assertThat(kiritimati.token()).isEqualTo(utc.token());
        }

    }

}
