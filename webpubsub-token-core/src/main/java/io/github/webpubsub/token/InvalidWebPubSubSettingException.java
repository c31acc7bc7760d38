package io.github.webpubsub.token;

import java.util.Objects;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * A setting of {@link ClientUrlFactory.Builder} or {@link WebPubSubConnectionString} is
 * missing, contradicts another, or is invalid. {@link #setting()} says which one is at
 * fault, so that a framework can name its own configuration property rather than repeat
 * the checks; the message says what is wrong and how to fix it, and never contains an
 * access key.
 *
 * <pre>{@code
 * try {
 *     return ClientUrlFactory.builder().connectionString(connectionString).hub(hub).build();
 * }
 * catch (InvalidWebPubSubSettingException ex) {
 *     String property = switch (ex.setting()) {
 *         case HUB -> "app.webpubsub.hub";
 *         default -> "app.webpubsub.connection-string";
 *     };
 *     throw new IllegalStateException("Check '" + property + "'. " + ex.getMessage(), ex);
 * }
 * }</pre>
 */
public final class InvalidWebPubSubSettingException extends WebPubSubException {

    private static final long serialVersionUID = 1L;

    /** The settings a {@link ClientUrlFactory} is built from. */
    public enum Setting {

        /**
         * {@link ClientUrlFactory.Builder#connectionString(WebPubSubConnectionString)},
         * or the parsed text.
         */
        CONNECTION_STRING,

        /** {@link ClientUrlFactory.Builder#endpoint(java.net.URI)}. */
        ENDPOINT,

        /**
         * {@link ClientUrlFactory.Builder#accessKey(String)}, or the key given to
         * {@link AccessKeyCredential#of(String)} or
         * {@link AccessKeyCredential#update(String)}.
         */
        ACCESS_KEY,

        /** {@link ClientUrlFactory.Builder#bearerTokenProvider(BearerTokenProvider)}. */
        BEARER_TOKEN_PROVIDER,

        /** {@link ClientUrlFactory.Builder#hub(String)}, the default hub. */
        HUB,

        /** {@link ClientUrlFactory.Builder#defaultLifetime(java.time.Duration)}. */
        DEFAULT_LIFETIME,

        /** {@link ClientUrlFactory.Builder#maxLifetime(java.time.Duration)}. */
        MAX_LIFETIME,

        /** {@link ClientUrlFactory.Builder#clock(java.time.Clock)}. */
        CLOCK,

        /** {@link ClientUrlFactory.Builder#reverseProxyEndpoint(java.net.URI)}. */
        REVERSE_PROXY_ENDPOINT,

        /** {@link ClientUrlFactory.Builder#connectTimeout(java.time.Duration)}. */
        CONNECT_TIMEOUT,

        /** {@link ClientUrlFactory.Builder#readTimeout(java.time.Duration)}. */
        READ_TIMEOUT,

        /** {@link ClientUrlFactory.Builder#serviceDeadline(java.time.Duration)}. */
        SERVICE_DEADLINE,

        /** {@link ClientUrlFactory.Builder#maxRetries(int)}. */
        MAX_RETRIES

    }

    /** The builder setting at fault. */
    private final Setting setting;

    private final String problem;

    /**
     * Creates an exception.
     * @param setting the setting at fault
     * @param message what is wrong and how to fix it; never a secret
     */
    InvalidWebPubSubSettingException(Setting setting, String message) {
        this(setting, message, message, null);
    }

    /**
     * Creates an exception for a check that failed with another exception.
     * @param setting the setting at fault
     * @param message what is wrong and how to fix it; never a secret
     * @param cause the failed check, or {@code null}
     */
    InvalidWebPubSubSettingException(Setting setting, String message, @Nullable Throwable cause) {
        this(setting, message, message, cause);
    }

    private InvalidWebPubSubSettingException(Setting setting, String problem, String message,
            @Nullable Throwable cause) {
        super(message, cause);
        if (setting == null) {
            throw new IllegalArgumentException("Setting is null. Give the Setting that is at fault.");
        }
        this.setting = setting;
        this.problem = problem;
    }

    /**
     * Creates an exception whose fix speaks of the builder's methods, such as
     * {@code Duration.ofHours(1)} or {@code reverseProxyEndpoint(..)}: {@link #problem()}
     * leaves that fix out, for frameworks that state their own.
     * @param problem what is wrong, for any reader
     * @param builderFix how a caller of {@link ClientUrlFactory.Builder} fixes it
     */
    static InvalidWebPubSubSettingException withBuilderFix(Setting setting, String problem, String builderFix) {
        return new InvalidWebPubSubSettingException(setting, problem, problem + " " + builderFix, null);
    }

    /**
     * Runs a check that is shared with request validation (hub names, endpoints, keys)
     * and so throws {@link InvalidClientAccessRequestException} or plain
     * {@link IllegalArgumentException}, and attributes its failure to a setting, keeping
     * the message.
     */
    static <T> T attribute(Setting setting, Supplier<T> check) {
        try {
            return check.get();
        }
        catch (InvalidWebPubSubSettingException ex) {
            throw ex;
        }
        catch (InvalidClientAccessRequestException | IllegalArgumentException ex) {
            throw new InvalidWebPubSubSettingException(setting,
                    Objects.requireNonNullElse(ex.getMessage(), "The value is invalid."), ex);
        }
    }

    /**
     * Returns the setting at fault. When two settings contradict each other, it is the
     * one whose removal or change the message suggests first.
     * @return the setting
     */
    public Setting setting() {
        return this.setting;
    }

    /**
     * Returns what is wrong, without the fix that the message adds for callers of
     * {@link ClientUrlFactory.Builder} where that fix names builder methods or Java
     * values. A framework that sets the builder from its own configuration states this
     * problem with a fix in its own terms, such as a property and a value to give it.
     *
     * <pre>{@code
     * catch (InvalidWebPubSubSettingException ex) {
     *     // "Maximum token lifetime PT-1H is not positive.", without "Give ... Duration.ofHours(24)."
     *     report("'app.token.max-lifetime' is invalid. " + ex.problem(), "Set it to a duration such as 24h.");
     * }
     * }</pre>
     * @return the problem, never a secret; the whole message when it names no builder
     * method
     */
    public String problem() {
        return this.problem;
    }

}
