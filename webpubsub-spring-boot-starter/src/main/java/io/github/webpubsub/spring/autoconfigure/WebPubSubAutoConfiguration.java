package io.github.webpubsub.spring.autoconfigure;

import java.util.Objects;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.DefaultAzureCredentialBuilder;
import io.github.webpubsub.token.AccessKeyCredential;
import io.github.webpubsub.token.BearerTokenProvider;
import io.github.webpubsub.token.ClientUrlFactory;
import io.github.webpubsub.token.InvalidWebPubSubSettingException;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for Azure Web PubSub client access:
 * a {@link ClientUrlFactory} built from the {@code webpubsub.*} properties (or a
 * {@link WebPubSubConnectionDetails} bean), customized by
 * {@link ClientUrlFactoryBuilderCustomizer} and {@link ClientAccessRequestCustomizer}
 * beans. With Micrometer and a meter registry, it counts the tokens it issues; with the
 * actuator, it masks the secrets in {@code /env} and {@code /configprops}. A plain
 * application with only this starter gets the factory and nothing else.
 *
 * <p>
 * An endpoint without an access key selects key-less mode, where the service mints the
 * tokens for a Microsoft Entra ID identity: the application's {@link BearerTokenProvider}
 * bean, else its azure-core {@code TokenCredential} bean, else azure-identity's
 * {@code DefaultAzureCredential} (customized by
 * {@link DefaultAzureCredentialBuilderCustomizer} beans) when azure-identity is on the
 * class path.
 *
 * <p>
 * In key mode, tokens are signed with an {@link AccessKeyCredential} bean, the
 * application's or one created from the access key, which the application may
 * {@link AccessKeyCredential#update(String) update} to rotate the key without a restart;
 * with {@code webpubsub.key-rotation.check-interval}, the starter reads the key again at
 * that interval (from {@code webpubsub.access-key-file}, for example) and updates it
 * itself.
 *
 * <p>
 * Set {@code webpubsub.enabled=false} to switch it off.
 */
// After the meter registry (named as in Boot 4 and in Boot 3), and after Spring Cloud
// Azure's TokenCredential (under
// either of the names its versions have used), so that the conditions below see their
// beans. Names, not class
// literals: each name exists on one line only.
@AutoConfiguration(afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "com.azure.spring.cloud.autoconfigure.implementation.context.AzureTokenCredentialAutoConfiguration",
        "com.azure.spring.cloud.autoconfigure.context.AzureTokenCredentialAutoConfiguration" })
@ConditionalOnClass(ClientUrlFactory.class)
@ConditionalOnBooleanProperty(name = WebPubSubPropertyNames.ENABLED, matchIfMissing = true)
@EnableConfigurationProperties(WebPubSubProperties.class)
public final class WebPubSubAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(WebPubSubConnectionDetails.class)
    PropertiesWebPubSubConnectionDetails webPubSubConnectionDetails(WebPubSubProperties properties,
            Environment environment) {
        return new PropertiesWebPubSubConnectionDetails(properties, environment);
    }

    @Bean
    StandardClientUrlFactoryBuilderCustomizer standardClientUrlFactoryBuilderCustomizer(WebPubSubProperties properties,
            WebPubSubConnectionDetails connectionDetails, ObjectProvider<BearerTokenProvider> bearerTokenProviders,
            ObjectProvider<AccessKeyCredential> accessKeyCredential, ConfigurableListableBeanFactory beanFactory) {
        KeyOrKeylessMode mode = new KeyOrKeylessMode(properties, connectionDetails,
                new KeylessIdentity(bearerTokenProviders, beanFactory), accessKeyCredential,
                applicationDefinesAccessKeyCredential(beanFactory));
        return new StandardClientUrlFactoryBuilderCustomizer(properties, connectionDetails, mode);
    }

    /**
     * Tells whether the application defines the {@link AccessKeyCredential} bean: the
     * starter's backs off when it does, and its configuration class tells which of the
     * two is defined.
     */
    private static boolean applicationDefinesAccessKeyCredential(ConfigurableListableBeanFactory beanFactory) {
        return hasBean(beanFactory, AccessKeyCredential.class)
                && !hasBean(beanFactory, WebPubSubAccessKeyCredentialConfiguration.class);
    }

    /** Tells whether a bean of a type is defined, without creating any bean. */
    private static boolean hasBean(ConfigurableListableBeanFactory beanFactory, Class<?> type) {
        return beanFactory.getBeanNamesForType(type, true, false).length > 0;
    }

    // Started with the context and stopped when it closes (SmartLifecycle).
    @Bean
    @Conditional(OnKeyRotationCheckIntervalCondition.class)
    AccessKeyRefresher webPubSubAccessKeyRefresher(WebPubSubProperties properties,
            WebPubSubConnectionDetails connectionDetails, ObjectProvider<AccessKeyCredential> accessKeyCredential,
            ConfigurableListableBeanFactory beanFactory) {
        return new KeyModeBeans(connectionDetails).createAccessKeyRefresher(
                // Set: the bean's condition requires it.
                Objects.requireNonNull(properties.getKeyRotation().getCheckInterval()), accessKeyCredential,
                applicationDefinesAccessKeyCredential(beanFactory));
    }

    @Bean
    @ConditionalOnMissingBean(ClientUrlFactory.class)
    AutoConfiguredClientUrlFactory clientUrlFactory(
            ObjectProvider<ClientUrlFactoryBuilderCustomizer> builderCustomizers,
            StandardClientUrlFactoryBuilderCustomizer standardCustomizer, WebPubSubConnectionDetails connectionDetails,
            ObjectProvider<ClientAccessRequestCustomizer> requestCustomizers,
            ObjectProvider<ClientAccessMetrics> metrics) {
        ClientUrlFactory.Builder builder = ClientUrlFactory.builder();
        builderCustomizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
        ClientUrlFactory factory;
        try {
            factory = builder.build();
        }
        catch (InvalidWebPubSubSettingException ex) {
            throw new BuildFailureDiagnosis(standardCustomizer, connectionDetails).explain(ex);
        }
        catch (IllegalArgumentException ex) {
            // Not attributed to a setting by the core: only a customizer can have caused
            // it.
            throw BuildFailureDiagnosis.customizersFailed(ex);
        }
        return new AutoConfiguredClientUrlFactory(factory, requestCustomizers.orderedStream().toList(),
                metrics.getIfAvailable(() -> ClientAccessMetrics.NOOP));
    }

    /**
     * The access key that key mode signs with, replaceable at runtime. Lazy: created in
     * key mode only, from the connection details' access key, when the factory or the
     * application asks for it.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(AccessKeyCredential.class)
    static class WebPubSubAccessKeyCredentialConfiguration {

        @Bean
        @Lazy
        AccessKeyCredential webPubSubAccessKeyCredential(WebPubSubConnectionDetails connectionDetails) {
            return new KeyModeBeans(connectionDetails).createAccessKeyCredential();
        }

    }

    /**
     * Key-less mode with the application's azure-core {@code TokenCredential} (for
     * example Spring Cloud Azure's): the identity the application already uses for Azure.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(TokenCredential.class)
    static class WebPubSubTokenCredentialConfiguration {

        // Lazy: created only when key-less mode asks for it.
        @Bean
        @Lazy
        @ConditionalOnMissingBean(BearerTokenProvider.class)
        @ConditionalOnSingleCandidate(TokenCredential.class)
        TokenCredentialBearerTokenProvider webPubSubTokenCredentialBearerTokenProvider(TokenCredential credential) {
            return TokenCredentialBearerTokenProvider.of(credential);
        }

    }

    /**
     * Key-less mode with azure-identity's {@code DefaultAzureCredential}: the managed
     * identity on Azure, the developer's sign-in (Azure CLI, IDEs) locally.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(DefaultAzureCredentialBuilder.class)
    static class WebPubSubDefaultAzureCredentialConfiguration {

        // Lazy: key mode never builds a credential it does not use.
        @Bean
        @Lazy
        @ConditionalOnMissingBean({ BearerTokenProvider.class, TokenCredential.class })
        TokenCredentialBearerTokenProvider webPubSubDefaultAzureCredentialBearerTokenProvider(
                WebPubSubProperties properties, ObjectProvider<DefaultAzureCredentialBuilderCustomizer> customizers) {
            DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder();
            new CredentialProperties(properties.getCredential()).applyTo(builder);
            customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
            try {
                return TokenCredentialBearerTokenProvider.configuredByProperties(builder.build());
            }
            catch (IllegalArgumentException | IllegalStateException ex) {
                throw new WebPubSubConfigurationException(null,
                        "DefaultAzureCredential could not be built for key-less mode. " + ex.getMessage(),
                        "Check the webpubsub.credential.* properties and what your "
                                + "DefaultAzureCredentialBuilderCustomizer beans set on the builder.");
            }
        }

    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    static class WebPubSubMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean(ClientAccessMetrics.class)
        MicrometerClientAccessMetrics webPubSubClientAccessMetrics(MeterRegistry registry,
                WebPubSubProperties properties, ObjectProvider<KnownHubs> knownHubs) {
            String hub = StringUtils.hasText(properties.getHub()) ? properties.getHub() : null;
            return new MicrometerClientAccessMetrics(registry, hub, knownHubs);
        }

    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(SanitizingFunction.class)
    static class WebPubSubActuatorConfiguration {

        // Not @ConditionalOnMissingBean: another SanitizingFunction must not switch off
        // the masking of these secrets.
        @Bean
        WebPubSubSanitizingFunction webPubSubSanitizingFunction() {
            return new WebPubSubSanitizingFunction();
        }

    }

}
