package io.github.webpubsub.spring.autoconfigure;

import java.time.Duration;

/**
 * Writes a duration the way a property value is written, such as {@code 30s}, {@code 15m}
 * or {@code 365d}: in the largest unit that holds it whole. Reports then speak the way
 * their reader configured the value, rather than in Java's {@code PT30S}.
 */
final class DurationText {

    private static final long SECONDS_PER_MINUTE = 60;

    private static final long SECONDS_PER_HOUR = 3600;

    private static final long SECONDS_PER_DAY = 86400;

    private DurationText() {
    }

    /**
     * Returns the duration in the largest unit that holds it whole.
     * @param duration the duration
     * @return for example {@code 24h}, {@code 100ms}, {@code -1s} or {@code 0s}
     */
    static String of(Duration duration) {
        try {
            return duration.isNegative() ? "-" + positive(duration.negated()) : positive(duration);
        }
        catch (ArithmeticException ex) {
            // Beyond what a unit suffix can say in a long: Java's own form, which Boot
            // reads too.
            return duration.toString();
        }
    }

    private static String positive(Duration duration) {
        long seconds = duration.getSeconds();
        int nanos = duration.getNano();
        if (nanos == 0) {
            if (seconds == 0) {
                return "0s";
            }
            if (seconds % SECONDS_PER_DAY == 0) {
                return (seconds / SECONDS_PER_DAY) + "d";
            }
            if (seconds % SECONDS_PER_HOUR == 0) {
                return (seconds / SECONDS_PER_HOUR) + "h";
            }
            return (seconds % SECONDS_PER_MINUTE == 0) ? (seconds / SECONDS_PER_MINUTE) + "m" : seconds + "s";
        }
        if (nanos % 1_000_000 == 0) {
            return Math.addExact(Math.multiplyExact(seconds, 1000), nanos / 1_000_000) + "ms";
        }
        if (nanos % 1_000 == 0) {
            return Math.addExact(Math.multiplyExact(seconds, 1_000_000), nanos / 1_000) + "us";
        }
        return Math.addExact(Math.multiplyExact(seconds, 1_000_000_000), nanos) + "ns";
    }

}
