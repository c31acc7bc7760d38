package io.github.webpubsub.token;

import java.util.function.Supplier;

/**
 * A setting of {@link ClientUrlFactory.Builder} or {@link WebPubSubConnectionString} is missing, contradicts another,
 * or is invalid. {@link #setting()} says which one is at fault, so that a framework can name its own configuration
 * property rather than repeat the checks; the message says what is wrong and how to fix it, and never contains an
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
public final class InvalidWebPubSubSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The settings a {@link ClientUrlFactory} is built from. */
    public enum Setting {

        /** {@link ClientUrlFactory.Builder#connectionString(WebPubSubConnectionString)}, or the parsed text. */
        CONNECTION_STRING,

        /** {@link ClientUrlFactory.Builder#endpoint(java.net.URI)}. */
        ENDPOINT,

        /**
         * {@link ClientUrlFactory.Builder#accessKey(String)}, or the key given to {@link AccessKeyCredential#of(String)}
         * or {@link AccessKeyCredential#update(String)}.
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

    /**
     * Creates an exception.
     * @param setting the setting at fault
     * @param message what is wrong and how to fix it; never a secret
     */
    public InvalidWebPubSubSettingException(Setting setting, String message) {
        this(setting, message, null);
    }

    /**
     * Creates an exception for a check that failed with another exception.
     * @param setting the setting at fault
     * @param message what is wrong and how to fix it; never a secret
     * @param cause the failed check, or {@code null}
     */
    public InvalidWebPubSubSettingException(Setting setting, String message, Throwable cause) {
        super(message, cause);
        if (setting == null) {
            throw new IllegalArgumentException("Setting is null. Give the Setting that is at fault.");
        }
        this.setting = setting;
    }

    /**
     * Runs a check that is shared with request validation (hub names, endpoints, keys) and so throws plain
     * {@link IllegalArgumentException}s, and attributes its failure to a setting, keeping the message.
     */
    static <T> T attribute(Setting setting, Supplier<T> check) {
        try {
            return check.get();
        }
        catch (InvalidWebPubSubSettingException ex) {
            throw ex;
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidWebPubSubSettingException(setting, ex.getMessage(), ex);
        }
    }

    /**
     * Returns the setting at fault. When two settings contradict each other, it is the one whose removal or change
     * the message suggests first.
     * @return the setting
     */
    public Setting setting() {
        return this.setting;
    }

}
