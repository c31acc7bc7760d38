package io.github.webpubsub.spring.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at startup when the Web PubSub settings are missing, contradictory or invalid,
 * or a {@code @WebPubSubNegotiate} endpoint cannot work: the starter's one startup
 * configuration exception, which its failure analyzer turns into Spring Boot's failure
 * report. It names the property at fault and says how to fix it. Neither the message nor
 * the action ever contains a connection string or an access key.
 */
public final class WebPubSubConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String summary;

    private final @Nullable String propertyName;

    private final @Nullable String alternativePropertyName;

    private final String action;

    /**
     * Creates an exception.
     * @param propertyName the property at fault, or {@code null} when the value came from
     * a bean rather than a property
     * @param description what is wrong, naming the property; never the secret value
     * @param action how to fix it
     */
    WebPubSubConfigurationException(@Nullable String propertyName, String description, String action) {
        this("Web PubSub client access is misconfigured.", propertyName, null, description, action);
    }

    /**
     * Creates an exception for one feature's own report, such as that of the starter's
     * negotiate endpoints. Public for the starter's packages; applications have no need
     * to create one.
     * @param summary the report's first sentence, saying which feature cannot work
     * @param propertyName the property at fault, or {@code null} when the problem is in a
     * bean or in code
     * @param alternativePropertyName another spelling of the property as a configuration
     * file may hold it, used to find where it is set, or {@code null}
     * @param description what is wrong, naming the property; never the secret value
     * @param action how to fix it
     */
    public WebPubSubConfigurationException(String summary, @Nullable String propertyName,
            @Nullable String alternativePropertyName, String description, String action) {
        super(description);
        this.summary = summary;
        this.propertyName = propertyName;
        this.alternativePropertyName = alternativePropertyName;
        this.action = action;
    }

    /**
     * Returns the first sentence of the failure report, which says which feature cannot
     * work.
     * @return for example {@code Web PubSub client access is misconfigured.}
     */
    public String getSummary() {
        return this.summary;
    }

    /**
     * Returns the property at fault.
     * @return for example {@code webpubsub.access-key}, or {@code null} when the value
     * came from a bean
     */
    public @Nullable String getPropertyName() {
        return this.propertyName;
    }

    /**
     * Returns another spelling of the property, as a configuration file may hold it.
     * @return the alternative name, or {@code null}
     */
    public @Nullable String getAlternativePropertyName() {
        return this.alternativePropertyName;
    }

    /**
     * Returns how to fix the configuration.
     * @return the action, in a sentence or two
     */
    public String getAction() {
        return this.action;
    }

}
