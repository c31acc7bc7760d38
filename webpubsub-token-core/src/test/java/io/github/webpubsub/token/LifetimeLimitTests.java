package io.github.webpubsub.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.webpubsub.token.InvalidWebPubSubSettingException.Setting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Lifetimes have an upper bound, {@link ClientUrlFactory.Builder#LIFETIME_LIMIT} (365
 * days), checked when the factory is built: a maximum or default lifetime beyond it is
 * refused naming the setting, and no request can then ask for a lifetime whose arithmetic
 * overflows ({@code exp} in key mode, {@code minutesToExpire} in key-less mode).
 */
class LifetimeLimitTests {

    private static final Duration YEAR = Duration.ofDays(365);

    static Stream<Arguments> lifetimesOverTheLimit() {
        return Stream.of(Arguments.of(YEAR.plusNanos(1), "PT8760H0.000000001S"),
                Arguments.of(Duration.ofDays(366), "PT8784H"),
                Arguments.of(Duration.ofSeconds(Long.MAX_VALUE), "PT2562047788015215H30M7S"),
                Arguments.of(ChronoUnit.FOREVER.getDuration(), "PT2562047788015215H30M7.999999999S"));
    }

    @ParameterizedTest
    @MethodSource("lifetimesOverTheLimit")
    void aMaximumLifetimeOverTheLimitIsRefusedNamingTheSetting(Duration lifetime, String text) {
        assertThatExceptionOfType(InvalidWebPubSubSettingException.class)
            .isThrownBy(() -> TestKeys.factoryBuilder().maxLifetime(lifetime).build())
            .withMessage("Maximum token lifetime " + text + " exceeds the limit of PT8760H (365 days). Give a "
                    + "maximum lifetime of at most 365 days; a client token cannot be revoked before it expires.")
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo(Setting.MAX_LIFETIME));
    }

    @ParameterizedTest
    @MethodSource("lifetimesOverTheLimit")
    void aDefaultLifetimeOverTheLimitIsRefusedNamingTheSetting(Duration lifetime, String text) {
        // The default cannot exceed the maximum, which cannot exceed the limit: the
        // message names the nearer bound.
        assertThatExceptionOfType(InvalidWebPubSubSettingException.class)
            .isThrownBy(() -> TestKeys.factoryBuilder().defaultLifetime(lifetime).build())
            .withMessage("Default token lifetime " + text + " exceeds the maximum PT24H. Shorten the default or "
                    + "raise the maximum.")
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo(Setting.DEFAULT_LIFETIME));
    }

    @Test
    void keylessModeIsBoundedByTheSameLimit() {
        ClientUrlFactory.Builder keyless = ClientUrlFactory.builder()
            .endpoint(TestKeys.ENDPOINT)
            .bearerTokenProvider((scope) -> new BearerToken("entra-token", Instant.now().plusSeconds(3600)))
            .maxLifetime(Duration.ofDays(10_000));

        assertThatExceptionOfType(InvalidWebPubSubSettingException.class).isThrownBy(keyless::build)
            .withMessageStartingWith("Maximum token lifetime PT240000H exceeds the limit of PT8760H (365 days).")
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo(Setting.MAX_LIFETIME));
    }

    @Test
    void theLimitIs365Days() {
        assertThat(ClientUrlFactory.Builder.LIFETIME_LIMIT).isEqualTo(YEAR);
    }

    @Test
    void keyModeSignsATokenOfExactlyTheLimit() {
        ClientUrlFactory factory = TestKeys.factoryBuilder().maxLifetime(YEAR).defaultLifetime(YEAR).build();

        ObjectNode claims = ClientTokens.verifiedClaims(factory.create((request) -> {
        }).token(), TestKeys.ACCESS_KEY, TestKeys.NOW);

        assertThat(claims.get("exp").longValue() - claims.get("iat").longValue()).isEqualTo(365L * 24 * 3600);
    }

    @Test
    void keyModeSignsAYearLongTokenEvenAtTheEndOfTheClocksRange() {
        // The latest instant a Web PubSub token can state is far below Instant.MAX: a
        // year more never overflows.
        Instant late = Instant.parse("9998-12-31T23:59:59Z");
        ClientUrlFactory factory = TestKeys.factoryBuilder()
            .maxLifetime(YEAR)
            .clock(Clock.fixed(late, ZoneOffset.UTC))
            .build();

        ClientAccess access = factory.create((request) -> request.lifetime(YEAR));

        assertThat(access.expiresAt()).isEqualTo(late.plus(YEAR));
    }

    @ParameterizedTest
    @MethodSource("lifetimesOverTheLimit")
    void aRequestOverTheMaximumIsRefusedNeverOverflowed(Duration lifetime, String text) {
        ClientUrlFactory factory = TestKeys.factoryBuilder().maxLifetime(YEAR).build();

        assertThatExceptionOfType(InvalidClientAccessRequestException.class)
            .isThrownBy(() -> factory.create((request) -> request.lifetime(lifetime)))
            .withMessage("Token lifetime " + text + " exceeds the maximum PT8760H. Ask for a shorter lifetime, or "
                    + "raise the factory's maximum lifetime.");
        assertThat(factory.createAsync((request) -> request.lifetime(lifetime))).isCompletedExceptionally();
    }

    @Test
    void keylessModeAsksForTheLimitInWholeMinutes() {
        try (FakeWebPubSubService service = FakeWebPubSubService.start()) {
            ClientUrlFactory factory = ClientUrlFactory.builder()
                .endpoint(service.endpoint())
                .bearerTokenProvider((scope) -> new BearerToken("entra-token", Instant.now().plusSeconds(3600)))
                .hub("chat")
                .maxLifetime(YEAR)
                .build();

            factory.create((request) -> request.lifetime(YEAR));

            assertThat(service.onlyRequest().queryParameters()).containsEntry("minutesToExpire", List.of("525600"));
        }
    }

}
