package io.github.webpubsub.spring.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Durations in reports read as property values: the largest whole unit, in a form Spring
 * Boot parses back.
 */
class DurationTextTests {

    @ParameterizedTest
    @CsvSource({ "PT0S, 0s", "PT30S, 30s", "PT15M, 15m", "PT24H, 1d", "PT1H, 1h", "PT36H, 36h", "PT0.1S, 100ms",
            "PT1.5S, 1500ms", "PT0.000001S, 1us", "PT0.000000001S, 1ns", "PT-1H, -1h", "PT-0.5S, -500ms",
            "PT8760H, 365d", "PT2400000H, 100000d", "PT90S, 90s" })
    void writesTheLargestWholeUnit(Duration duration, String text) {
        assertThat(DurationText.of(duration)).isEqualTo(text);
        assertThat(DurationStyle.detectAndParse(text)).isEqualTo(duration);
    }

    @ParameterizedTest
    @CsvSource({ "PT1000000000H0.000000001S", "PT-1000000000H-0.000000001S" })
    void fallsBackToJavasFormBeyondALongOfUnits(Duration duration) {
        assertThat(DurationText.of(duration)).isEqualTo(duration.toString());
        assertThat(DurationStyle.detectAndParse(DurationText.of(duration))).isEqualTo(duration);
    }

}
