package io.github.webpubsub.spring.negotiate;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Turns a {@link WebPubSubNegotiateConfigurationException} into Spring Boot's startup failure report: the problem,
 * where a property at fault is set, and the fix.
 */
class WebPubSubNegotiateFailureAnalyzer extends AbstractFailureAnalyzer<WebPubSubNegotiateConfigurationException> {

    private final @Nullable Environment environment;

    WebPubSubNegotiateFailureAnalyzer(@Nullable Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, WebPubSubNegotiateConfigurationException cause) {
        StringBuilder description = new StringBuilder("A Web PubSub negotiate endpoint cannot work. ");
        description.append(cause.getMessage());
        Origin origin = originOf(cause.getPropertyName());
        if (origin == null && cause.getAlternativePropertyName() != null) {
            origin = originOf(ConfigurationPropertyName.adapt(cause.getAlternativePropertyName(), '.'));
        }
        if (origin != null) {
            description.append(String.format("%n%n    Property: %s%n    Origin: %s", cause.getPropertyName(), origin));
        }
        return new FailureAnalysis(description.toString(), cause.getAction(), cause);
    }

    private @Nullable Origin originOf(@Nullable String propertyName) {
        if (propertyName == null || !ConfigurationPropertyName.isValid(propertyName)) {
            return null;
        }
        return originOf(ConfigurationPropertyName.of(propertyName));
    }

    /**
     * Finds where a property is set (a file and line, an environment variable).
     */
    private @Nullable Origin originOf(ConfigurationPropertyName name) {
        if (!(this.environment instanceof ConfigurableEnvironment configurable)) {
            return null;
        }
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(configurable)) {
            ConfigurationProperty property = source.getConfigurationProperty(name);
            if (property != null) {
                return property.getOrigin();
            }
        }
        return null;
    }

}
