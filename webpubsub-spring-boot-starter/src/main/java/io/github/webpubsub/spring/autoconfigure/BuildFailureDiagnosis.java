package io.github.webpubsub.spring.autoconfigure;

import io.github.webpubsub.token.ClientUrlFactory;
import io.github.webpubsub.token.InvalidWebPubSubSettingException;
import org.jspecify.annotations.Nullable;

import static io.github.webpubsub.spring.autoconfigure.StandardClientUrlFactoryBuilderCustomizer.ENDPOINT_EXAMPLE;
import static io.github.webpubsub.spring.autoconfigure.StandardClientUrlFactoryBuilderCustomizer.maxLifetimeFix;
import static io.github.webpubsub.spring.autoconfigure.WebPubSubPropertyNames.HUB;
import static io.github.webpubsub.spring.autoconfigure.WebPubSubPropertyNames.SERVICE_CONNECT_TIMEOUT;
import static io.github.webpubsub.spring.autoconfigure.WebPubSubPropertyNames.SERVICE_DEADLINE;
import static io.github.webpubsub.spring.autoconfigure.WebPubSubPropertyNames.SERVICE_MAX_RETRIES;
import static io.github.webpubsub.spring.autoconfigure.WebPubSubPropertyNames.SERVICE_READ_TIMEOUT;
import static io.github.webpubsub.spring.autoconfigure.WebPubSubPropertyNames.SERVICE_REVERSE_PROXY_ENDPOINT;
import static io.github.webpubsub.spring.autoconfigure.WebPubSubPropertyNames.TOKEN_LIFETIME;
import static io.github.webpubsub.spring.autoconfigure.WebPubSubPropertyNames.TOKEN_MAX_LIFETIME;

/**
 * Turns the core's refusal to build the factory into a report that names the setting at
 * fault: a property (or connection details method) when the properties alone fail the
 * same way, else the builder customizers. The core names the
 * {@link InvalidWebPubSubSettingException#setting() setting} it refused; this maps it to
 * the property that sets it, and says how to fix that property.
 */
final class BuildFailureDiagnosis {

    private final StandardClientUrlFactoryBuilderCustomizer standardCustomizer;

    private final WebPubSubConnectionDetails connectionDetails;

    /**
     * Creates the diagnosis.
     * @param standardCustomizer what applies the properties alone, to build from them
     * again
     * @param connectionDetails where the endpoint and the access key come from
     */
    BuildFailureDiagnosis(StandardClientUrlFactoryBuilderCustomizer standardCustomizer,
            WebPubSubConnectionDetails connectionDetails) {
        this.standardCustomizer = standardCustomizer;
        this.connectionDetails = connectionDetails;
    }

    /**
     * Explains why {@link ClientUrlFactory.Builder#build()} refused the settings.
     * @param failure what the build threw
     * @return the exception to throw
     */
    WebPubSubConfigurationException explain(InvalidWebPubSubSettingException failure) {
        ClientUrlFactory.Builder fromPropertiesAlone = ClientUrlFactory.builder();
        this.standardCustomizer.customize(fromPropertiesAlone);
        try {
            fromPropertiesAlone.build();
        }
        catch (InvalidWebPubSubSettingException ex) {
            WebPubSubConfigurationException explained = explainPropertyFailure(ex);
            if (explained != null) {
                return explained;
            }
        }
        return customizersFailed(failure);
    }

    /**
     * Reports a failure that only the builder customizers can have caused: one the
     * properties alone do not cause, or one the core does not attribute to a setting.
     * @param failure what the build threw
     * @return the exception to throw
     */
    static WebPubSubConfigurationException customizersFailed(RuntimeException failure) {
        return new WebPubSubConfigurationException(null,
                "The ClientUrlFactory could not be built after the ClientUrlFactoryBuilderCustomizer beans ran. "
                        + failure.getMessage(),
                "Check what your ClientUrlFactoryBuilderCustomizer beans set on the builder.");
    }

    /**
     * Reports an access key that the core refused.
     * @param source where the key came from
     * @param ex the core's refusal
     * @return the exception to throw
     */
    static WebPubSubConfigurationException invalidAccessKey(SettingSource source, InvalidWebPubSubSettingException ex) {
        return invalid(source, ex, "Copy a full access key (44 characters) from the Keys page of the Web PubSub "
                + "resource into " + source.label() + ".");
    }

    private @Nullable WebPubSubConfigurationException explainPropertyFailure(InvalidWebPubSubSettingException ex) {
        return switch (ex.setting()) {
            case ENDPOINT -> invalid(endpointSource(), ex, "Use the endpoint shown on the resource's Overview page, "
                    + "such as " + ENDPOINT_EXAMPLE + ", in " + endpointSource().label() + ".");
            case ACCESS_KEY, CONNECTION_STRING ->
                invalidAccessKey(SettingSource.accessKeyOf(this.connectionDetails), ex);
            case HUB -> invalid(SettingSource.property(HUB), ex,
                    "Set '" + HUB + "' to a hub name such as chat, or remove it and name the hub in each request.");
            case DEFAULT_LIFETIME -> invalid(SettingSource.property(TOKEN_LIFETIME), ex,
                    "Set '" + TOKEN_LIFETIME + "' to a positive duration such as 15m, at most '" + TOKEN_MAX_LIFETIME
                            + "', or raise '" + TOKEN_MAX_LIFETIME + "'.");
            case MAX_LIFETIME -> invalid(SettingSource.property(TOKEN_MAX_LIFETIME), ex, maxLifetimeFix());
            case REVERSE_PROXY_ENDPOINT -> invalid(SettingSource.property(SERVICE_REVERSE_PROXY_ENDPOINT), ex,
                    (this.connectionDetails.getAccessKey() != null)
                            ? "Remove '" + SERVICE_REVERSE_PROXY_ENDPOINT + "': with an access key, tokens are "
                                    + "signed locally and no service is called. To have the service mint them "
                                    + "through the proxy, remove the access key instead (key-less mode)."
                            : StandardClientUrlFactoryBuilderCustomizer.REVERSE_PROXY_ENDPOINT_FIX);
            case CONNECT_TIMEOUT -> invalid(SettingSource.property(SERVICE_CONNECT_TIMEOUT), ex, "Set '"
                    + SERVICE_CONNECT_TIMEOUT + "' to a positive duration such as 5s, or remove it for the default.");
            case READ_TIMEOUT -> invalid(SettingSource.property(SERVICE_READ_TIMEOUT), ex,
                    "Set '" + SERVICE_READ_TIMEOUT + "' to a positive duration such as 10s, at most '"
                            + SERVICE_DEADLINE + "', or lengthen '" + SERVICE_DEADLINE + "'.");
            case SERVICE_DEADLINE -> invalid(SettingSource.property(SERVICE_DEADLINE), ex,
                    "Set '" + SERVICE_DEADLINE + "' to a positive duration such as 15s, or remove it for the default.");
            case MAX_RETRIES -> invalid(SettingSource.property(SERVICE_MAX_RETRIES), ex,
                    "Set '" + SERVICE_MAX_RETRIES + "' to a number from 0 to 10, or remove it for the default of 3.");
            // Not set from properties: a customizer set them.
            case BEARER_TOKEN_PROVIDER, CLOCK -> null;
        };
    }

    private SettingSource endpointSource() {
        return SettingSource.endpointOf(this.connectionDetails);
    }

    private static WebPubSubConfigurationException invalid(SettingSource source, InvalidWebPubSubSettingException ex,
            String action) {
        // The core's messages never quote endpoints, keys or connection strings. Its
        // problem alone: the action says
        // how to fix it in properties, where the core's own fix would speak of builder
        // methods.
        return new WebPubSubConfigurationException(source.property(), source.label() + " is invalid. " + ex.problem(),
                action);
    }

}
