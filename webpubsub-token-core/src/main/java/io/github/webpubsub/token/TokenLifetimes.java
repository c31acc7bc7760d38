package io.github.webpubsub.token;

import java.time.Duration;

import io.github.webpubsub.token.InvalidWebPubSubSettingException.Setting;
import org.jspecify.annotations.Nullable;

/**
 * The default and the maximum lifetime of tokens, checked against each other and against
 * {@link ClientUrlFactory.Builder#LIFETIME_LIMIT} once: no lifetime a request can then
 * ask for makes a token's arithmetic overflow.
 */
record TokenLifetimes(Duration defaultLifetime, Duration maxLifetime) {

    TokenLifetimes {
        if (maxLifetime == null || maxLifetime.isNegative() || maxLifetime.isZero()) {
            throw InvalidWebPubSubSettingException.withBuilderFix(Setting.MAX_LIFETIME,
                    "Maximum token lifetime " + maxLifetime + " is not positive.",
                    "Give a positive duration such as Duration.ofHours(24).");
        }
        if (defaultLifetime == null || defaultLifetime.isNegative() || defaultLifetime.isZero()) {
            throw InvalidWebPubSubSettingException.withBuilderFix(Setting.DEFAULT_LIFETIME,
                    "Default token lifetime " + defaultLifetime + " is not positive.",
                    "Give a positive duration such as Duration.ofHours(1).");
        }
        requireWithinLimit(maxLifetime, Setting.MAX_LIFETIME, "Maximum token lifetime", "maximum");
        // The default is at most the maximum, so within the limit too.
        if (defaultLifetime.compareTo(maxLifetime) > 0) {
            throw InvalidWebPubSubSettingException.withBuilderFix(Setting.DEFAULT_LIFETIME,
                    "Default token lifetime " + defaultLifetime + " exceeds the maximum " + maxLifetime + ".",
                    "Shorten the default or raise the maximum.");
        }
    }

    private static void requireWithinLimit(Duration lifetime, Setting setting, String what, String which) {
        Duration limit = ClientUrlFactory.Builder.LIFETIME_LIMIT;
        if (lifetime.compareTo(limit) > 0) {
            String days = limit.toDays() + " days";
            throw InvalidWebPubSubSettingException.withBuilderFix(setting,
                    what + " " + lifetime + " exceeds the limit of " + limit + " (" + days + ").", "Give a " + which
                            + " lifetime of at most " + days + "; a client token cannot be revoked before it expires.");
        }
    }

    /**
     * Returns the lifetime for a request.
     * @param requested the request's lifetime, or {@code null} for the default
     * @return the lifetime
     * @throws InvalidClientAccessRequestException if the requested lifetime exceeds the
     * maximum
     */
    Duration resolve(@Nullable Duration requested) {
        if (requested == null) {
            return this.defaultLifetime;
        }
        if (requested.compareTo(this.maxLifetime) > 0) {
            throw new InvalidClientAccessRequestException("Token lifetime " + requested + " exceeds the maximum "
                    + this.maxLifetime + ". Ask for a shorter lifetime, or raise the factory's maximum lifetime.");
        }
        return requested;
    }

    /**
     * Returns a lifetime in whole seconds, rounded up, so that a token never expires
     * before it was asked to.
     */
    static long ceilSeconds(Duration lifetime) {
        return (lifetime.getNano() > 0) ? lifetime.getSeconds() + 1 : lifetime.getSeconds();
    }

}
