package io.github.webpubsub.token;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTests {

    private static final Instant NOW = Instant.parse("2015-10-21T07:28:00Z");

    @Test
    void readsSeconds() {
        assertThat(RetryAfter.parse("120", NOW)).hasValue(Duration.ofMinutes(2));
        assertThat(RetryAfter.parse(" 0 ", NOW)).hasValue(Duration.ZERO);
    }

    @Test
    void readsAnHttpDate() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:30 GMT", NOW)).hasValue(Duration.ofSeconds(30));
    }

    @Test
    void aDateInThePastMeansNoWait() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:00:00 GMT", NOW)).hasValue(Duration.ZERO);
    }

    @Test
    void aNumberTooLargeForALongIsLongerThanAnyDeadline() {
        assertThat(RetryAfter.parse("99999999999999999999999", NOW)).hasValue(Duration.ofSeconds(Long.MAX_VALUE));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", " ", "-1", "1.5", "soon", "21 Oct 2015" })
    void ignoresWhatItCannotRead(String header) {
        assertThat(RetryAfter.parse(header, NOW)).isEmpty();
    }

    @Test
    void ignoresAMissingHeader() {
        assertThat(RetryAfter.parse(null, NOW)).isEmpty();
    }

}
