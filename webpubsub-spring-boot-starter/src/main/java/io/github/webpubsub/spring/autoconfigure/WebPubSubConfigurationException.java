package io.github.webpubsub.spring.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at startup when the Web PubSub settings are missing, contradictory or invalid. It names the property at
 * fault and says how to fix it; Spring Boot turns it into a failure report. Neither the message nor the action ever
 * contains a connection string or an access key.
 */
public final class WebPubSubConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final @Nullable String propertyName;

    private final String action;

    /**
     * Creates an exception.
     * @param propertyName the property at fault, or {@code null} when the value came from a bean rather than a
     * property
     * @param description what is wrong, naming the property; never the secret value
     * @param action how to fix it
     */
    WebPubSubConfigurationException(@Nullable String propertyName, String description, String action) {
        super(description);
        this.propertyName = propertyName;
        this.action = action;
    }

    /**
     * Returns the property at fault.
     * @return for example {@code webpubsub.access-key}, or {@code null} when the value came from a bean
     */
    public @Nullable String getPropertyName() {
        return this.propertyName;
    }

    /**
     * Returns how to fix the configuration.
     * @return the action, in a sentence or two
     */
    public String getAction() {
        return this.action;
    }

}
