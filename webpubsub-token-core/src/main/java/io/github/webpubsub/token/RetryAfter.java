package io.github.webpubsub.token;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code Retry-After} header (RFC 9110, section 10.2.3): a number of seconds,
 * or an HTTP date.
 */
final class RetryAfter {

    private RetryAfter() {
    }

    /**
     * Returns how long the service asked to wait.
     * @param header the header value, or {@code null}
     * @param now the current time, for an HTTP date
     * @return the wait (zero for a date in the past), or empty if there is no header or
     * it cannot be read
     */
    static Optional<Duration> parse(@Nullable String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.chars().allMatch((c) -> c >= '0' && c <= '9')) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            }
            catch (NumberFormatException ex) {
                // More seconds than a long holds: longer than any deadline.
                return Optional.of(Duration.ofSeconds(Long.MAX_VALUE));
            }
        }
        try {
            Instant retryAt = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, retryAt);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        }
        catch (DateTimeParseException ex) {
            return Optional.empty();
        }
    }

}
