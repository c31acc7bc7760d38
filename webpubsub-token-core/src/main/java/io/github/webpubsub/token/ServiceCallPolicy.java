package io.github.webpubsub.token;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import io.github.webpubsub.token.InvalidWebPubSubSettingException.Setting;
import org.jspecify.annotations.Nullable;

/**
 * How patiently key-less mode calls the service: connect and read timeouts per attempt, a
 * deadline for the whole call, and how often and how long apart 429 and 5xx answers are
 * retried. Checked once, when the factory is built.
 *
 * @param connectTimeout the longest wait for a connection to the service; the attempt's
 * read timeout and the deadline bound it too
 * @param readTimeout the longest wait for one attempt's complete answer, from sending the
 * request to its last byte
 * @param deadline the longest time one token call may take, retries and waits included
 * @param maxRetries how many times a 429 or 5xx answer is retried
 * @param initialBackoff the wait before the first retry when the service gives no
 * {@code Retry-After}; doubled for each further retry
 * @param maxBackoff the longest wait between two attempts when the service gives no
 * {@code Retry-After}
 */
record ServiceCallPolicy(Duration connectTimeout, Duration readTimeout, Duration deadline, int maxRetries,
        Duration initialBackoff, Duration maxBackoff) {

    static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(250);

    static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(2);

    /** More retries than this would only delay the answer to a client that is waiting. */
    static final int MAX_RETRIES_LIMIT = 10;

    ServiceCallPolicy {
        requirePositive(connectTimeout, Setting.CONNECT_TIMEOUT, "Connect timeout", "Duration.ofSeconds(5)");
        requirePositive(readTimeout, Setting.READ_TIMEOUT, "Read timeout", "Duration.ofSeconds(10)");
        requirePositive(deadline, Setting.SERVICE_DEADLINE, "Service deadline", "Duration.ofSeconds(15)");
        requirePositive(initialBackoff, null, "Initial backoff", "Duration.ofMillis(250)");
        requirePositive(maxBackoff, null, "Maximum backoff", "Duration.ofSeconds(2)");
        if (readTimeout.compareTo(deadline) > 0) {
            throw InvalidWebPubSubSettingException
                .withBuilderFix(Setting.READ_TIMEOUT,
                        "Read timeout " + readTimeout + " exceeds the service deadline " + deadline
                                + ", which bounds the whole call.",
                        "Shorten the read timeout or lengthen the deadline.");
        }
        if (maxRetries < 0 || maxRetries > MAX_RETRIES_LIMIT) {
            throw InvalidWebPubSubSettingException.withBuilderFix(Setting.MAX_RETRIES,
                    "Max retries " + maxRetries + " is outside 0.." + MAX_RETRIES_LIMIT + ".",
                    "Give 0 to disable retries, or a small number such as 3.");
        }
    }

    /**
     * Returns the wait before a retry when the service names none: exponential
     * ({@code initialBackoff * 2^retry}, capped at {@code maxBackoff}) with "equal
     * jitter", a random wait between half and all of that, so that many servers that
     * failed together do not retry together.
     * @param retry 0 for the first retry
     * @return the wait
     */
    Duration backoff(int retry) {
        long cap = this.maxBackoff.toNanos();
        long exponential = this.initialBackoff.toNanos() << Math.min(retry, 16);
        long ceiling = (exponential <= 0 || exponential > cap) ? cap : exponential;
        long half = ceiling / 2;
        return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
    }

    /**
     * @param setting the builder setting the value comes from, or {@code null} for the
     * fixed backoff values
     */
    private static void requirePositive(Duration value, @Nullable Setting setting, String what, String example) {
        if (value == null || value.isNegative() || value.isZero()) {
            String problem = what + " " + value + " is not positive.";
            String fix = "Give a positive duration such as " + example + ".";
            throw (setting != null) ? InvalidWebPubSubSettingException.withBuilderFix(setting, problem, fix)
                    : new IllegalArgumentException(problem + " " + fix);
        }
    }

}
