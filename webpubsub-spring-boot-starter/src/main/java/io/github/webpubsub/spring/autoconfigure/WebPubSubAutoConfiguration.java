package io.github.webpubsub.spring.autoconfigure;

import io.github.webpubsub.token.ClientUrlFactory;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for Azure Web PubSub client access: a {@link ClientUrlFactory}
 * built from the {@code webpubsub.*} properties (or a {@link WebPubSubConnectionDetails} bean), customized by
 * {@link ClientUrlFactoryBuilderCustomizer} and {@link ClientAccessRequestCustomizer} beans. With Micrometer and a
 * meter registry, it counts the tokens it issues; with the actuator, it masks the secrets in {@code /env} and
 * {@code /configprops}. A plain application with only this starter gets the factory and nothing else.
 *
 * <p>Set {@code webpubsub.enabled=false} to switch it off.
 */
@AutoConfiguration(
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(ClientUrlFactory.class)
@ConditionalOnBooleanProperty(name = "webpubsub.enabled", matchIfMissing = true)
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
            WebPubSubConnectionDetails connectionDetails) {
        return new StandardClientUrlFactoryBuilderCustomizer(properties, connectionDetails);
    }

    @Bean
    @ConditionalOnMissingBean(ClientUrlFactory.class)
    AutoConfiguredClientUrlFactory clientUrlFactory(ObjectProvider<ClientUrlFactoryBuilderCustomizer> builderCustomizers,
            ObjectProvider<ClientAccessRequestCustomizer> requestCustomizers,
            ObjectProvider<ClientAccessMetrics> metrics) {
        ClientUrlFactory.Builder builder = ClientUrlFactory.builder();
        builderCustomizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
        ClientUrlFactory factory;
        try {
            factory = builder.build();
        }
        catch (IllegalArgumentException ex) {
            // The properties were checked by the standard customizer; a later customizer set something invalid.
            throw new WebPubSubConfigurationException(null,
                    "The ClientUrlFactory could not be built after the ClientUrlFactoryBuilderCustomizer beans ran. "
                            + ex.getMessage(),
                    "Check what your ClientUrlFactoryBuilderCustomizer beans set on the builder.");
        }
        return new AutoConfiguredClientUrlFactory(factory, requestCustomizers.orderedStream().toList(),
                metrics.getIfAvailable(() -> ClientAccessMetrics.NONE));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    static class WebPubSubMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean(ClientAccessMetrics.class)
        MicrometerClientAccessMetrics webPubSubClientAccessMetrics(MeterRegistry registry,
                WebPubSubProperties properties) {
            String hub = StringUtils.hasText(properties.getHub()) ? properties.getHub() : null;
            return new MicrometerClientAccessMetrics(registry, hub);
        }

    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(SanitizingFunction.class)
    static class WebPubSubActuatorConfiguration {

        // Not @ConditionalOnMissingBean: another SanitizingFunction must not switch off the masking of these secrets.
        @Bean
        WebPubSubSanitizingFunction webPubSubSanitizingFunction() {
            return new WebPubSubSanitizingFunction();
        }

    }

}
