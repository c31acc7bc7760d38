package io.github.webpubsub.spring.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Turns a {@link WebPubSubConfigurationException} (of the starter's settings, or of a
 * negotiate endpoint) into Spring Boot's startup failure report: the problem, where the
 * property is set, and the fix. Unlike Boot's report for an invalid property value, it
 * never prints the value, which may be a connection string or an access key.
 */
class WebPubSubConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<WebPubSubConfigurationException> {

    private final @Nullable Environment environment;

    WebPubSubConfigurationFailureAnalyzer(@Nullable Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, WebPubSubConfigurationException cause) {
        StringBuilder description = new StringBuilder(cause.getSummary()).append(' ');
        description.append(cause.getMessage());
        Origin origin = originOf(cause.getPropertyName());
        if (origin == null) {
            origin = originOf(cause.getAlternativePropertyName());
        }
        if (origin != null) {
            description.append(String.format("%n%n    Property: %s%n    Origin: %s", cause.getPropertyName(), origin));
        }
        return new FailureAnalysis(description.toString(), cause.getAction(), cause);
    }

    /**
     * Finds where a property is set (a file and line, an environment variable), without
     * reading its value.
     */
    private @Nullable Origin originOf(@Nullable String propertyName) {
        if (propertyName == null || !(this.environment instanceof ConfigurableEnvironment configurable)) {
            return null;
        }
        // Relaxed names: webpubsub.access-key may be set as WEBPUBSUB_ACCESSKEY or
        // webpubsub.accessKey; a name with
        // upper-case map keys (authority-roles.ROLE_USER[0]) is adapted rather than
        // refused.
        ConfigurationPropertyName name = ConfigurationPropertyName.isValid(propertyName)
                ? ConfigurationPropertyName.of(propertyName) : ConfigurationPropertyName.adapt(propertyName, '.');
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(configurable)) {
            ConfigurationProperty property = source.getConfigurationProperty(name);
            if (property != null) {
                return property.getOrigin();
            }
        }
        // Names outside the relaxed scheme, such as the AZURE_WEBPUBSUB_CONNECTIONSTRING
        // variable.
        for (PropertySource<?> source : configurable.getPropertySources()) {
            if (source.containsProperty(propertyName)) {
                return PropertySourceOrigin.get(source, propertyName);
            }
        }
        return null;
    }

}
