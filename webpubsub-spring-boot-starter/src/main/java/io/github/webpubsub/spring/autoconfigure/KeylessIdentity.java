package io.github.webpubsub.spring.autoconfigure;

import java.util.Arrays;
import java.util.List;

import io.github.webpubsub.token.BearerTokenProvider;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Finds the Microsoft Entra ID identity of key-less mode: the application's
 * {@link BearerTokenProvider} bean, else the one the starter configured from an
 * azure-core {@code TokenCredential} bean or from azure-identity's
 * {@code DefaultAzureCredential}. Those are lazy beans, so that key mode never builds a
 * credential it does not use.
 */
final class KeylessIdentity {

    static final String AZURE_IDENTITY_DEPENDENCY = "com.azure:azure-identity";

    private static final String DEFAULT_AZURE_CREDENTIAL_BUILDER = "com.azure.identity.DefaultAzureCredentialBuilder";

    private static final String TOKEN_CREDENTIAL = "com.azure.core.credential.TokenCredential";

    private final ObjectProvider<BearerTokenProvider> providers;

    private final ConfigurableListableBeanFactory beanFactory;

    KeylessIdentity(ObjectProvider<BearerTokenProvider> providers, ConfigurableListableBeanFactory beanFactory) {
        this.providers = providers;
        this.beanFactory = beanFactory;
    }

    /**
     * Returns the provider for key-less mode.
     * @param endpoint where the endpoint came from, for the report
     * @param accessKey where the access key would come from, for the report
     * @return the provider
     * @throws WebPubSubConfigurationException if there is none, saying which dependency
     * to add or bean to define
     */
    BearerTokenProvider provider(SettingSource endpoint, SettingSource accessKey) {
        // Several application beans without a @Primary one fail here, with Spring's
        // report naming them.
        BearerTokenProvider provider = this.providers.getIfAvailable();
        if (provider != null) {
            return provider;
        }
        String selected = (endpoint.property() != null) ? endpoint.label() + " is set without " + accessKey.label()
                : endpoint.label() + " returned an endpoint and " + accessKey.label() + " returned null";
        String missing = isPresent(DEFAULT_AZURE_CREDENTIAL_BUILDER)
                ? "the application defines " + tokenCredentialBeans().length + " TokenCredential beans and none of "
                        + "them is @Primary, so the starter cannot tell which one to use"
                : "azure-identity is not on the class path and the application defines no BearerTokenProvider bean";
        throw new WebPubSubConfigurationException(endpoint.property(),
                selected + ", which selects key-less mode "
                        + "(Microsoft Entra ID), but there is no identity to authorise the calls to the service: "
                        + missing + ".",
                "Add the dependency " + AZURE_IDENTITY_DEPENDENCY + " (the starter then uses DefaultAzureCredential: "
                        + "the app's managed identity on Azure, your developer sign-in locally), or define a "
                        + "BearerTokenProvider bean, or a single (or @Primary) TokenCredential bean. To sign tokens "
                        + "with an access key instead, set " + accessKey.label() + ".");
    }

    /**
     * Returns the names of the application's own {@link BearerTokenProvider} beans,
     * without creating any bean.
     */
    List<String> applicationProviderNames() {
        return Arrays.stream(this.beanFactory.getBeanNamesForType(BearerTokenProvider.class, true, false))
            .filter((name) -> !this.beanFactory.isTypeMatch(name, AutoConfiguredBearerTokenProvider.class))
            .toList();
    }

    private String[] tokenCredentialBeans() {
        Class<?> type = load(TOKEN_CREDENTIAL);
        return (type != null) ? this.beanFactory.getBeanNamesForType(type, true, false) : new String[0];
    }

    private boolean isPresent(String className) {
        return load(className) != null;
    }

    private @Nullable Class<?> load(String className) {
        ClassLoader classLoader = this.beanFactory.getBeanClassLoader();
        return ClassUtils.isPresent(className, classLoader) ? ClassUtils.resolveClassName(className, classLoader)
                : null;
    }

}
