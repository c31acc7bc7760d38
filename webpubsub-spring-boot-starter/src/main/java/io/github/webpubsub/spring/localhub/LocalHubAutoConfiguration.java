package io.github.webpubsub.spring.localhub;

import io.github.webpubsub.localhub.LocalWebPubSubHub;
import io.github.webpubsub.spring.autoconfigure.WebPubSubAutoConfiguration;
import io.github.webpubsub.spring.autoconfigure.WebPubSubConnectionDetails;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the local hub, a stand-in for
 * Azure Web PubSub on the loopback address, when {@code webpubsub-local-hub} is on the
 * class path (typically in development and test scope):
 * <ul>
 * <li>with no endpoint configured at all, it takes a free port of {@code 127.0.0.1} (or
 * {@code webpubsub.local-hub.port}) and a random key, and hands both to the starter's
 * factory as the {@link WebPubSubConnectionDetails};</li>
 * <li>with an endpoint that is plain {@code http} on this machine, such as
 * {@code Endpoint=http://localhost:8081;AccessKey=...}, it serves there with the
 * configured key (and follows a rotated one); without a key (key-less mode) only with
 * {@code webpubsub.local-hub.accept-unverified-entra-id-tokens};</li>
 * <li>with any other endpoint it stays off.</li>
 * </ul>
 * The hub has a listener of its own, so it works alike in servlet and reactive
 * applications and is outside their security chain: it authenticates by token, as the
 * service does. Tests inject the {@link LocalWebPubSubHub} bean to wait for what clients
 * send. Set {@code webpubsub.local-hub.enabled=false} to switch it off.
 */
@AutoConfiguration(before = WebPubSubAutoConfiguration.class)
@ConditionalOnClass(LocalWebPubSubHub.class)
@ConditionalOnBooleanProperty(name = LocalHubPropertyNames.ENABLED, matchIfMissing = true)
@ConditionalOnBooleanProperty(name = LocalHubPropertyNames.LOCAL_HUB_ENABLED, matchIfMissing = true)
@EnableConfigurationProperties(LocalHubProperties.class)
public final class LocalHubAutoConfiguration {

    private static final Log logger = LogFactory.getLog(LocalHubAutoConfiguration.class);

    /**
     * No endpoint configured: the hub takes a free port and a random key, and is the
     * application's connection.
     */
    @Configuration(proxyBeanMethods = false)
    @Conditional(OnNoConfiguredEndpointCondition.class)
    @ConditionalOnMissingBean(WebPubSubConnectionDetails.class)
    static class UnconfiguredEndpointConfiguration {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        LocalWebPubSubHub webPubSubLocalHub(LocalHubProperties properties) {
            LocalWebPubSubHub hub = LocalWebPubSubHub.builder()
                .port(properties.getPort())
                .reconnectionWindow(properties.getReconnectionWindow())
                .start();
            logger.info("Local Web PubSub hub serving " + hub.maskedConnectionString() + " on the loopback address, "
                    + "with a random key, as no Web PubSub endpoint is configured");
            return hub;
        }

        @Bean
        LocalHubConnectionDetails webPubSubConnectionDetails(LocalWebPubSubHub webPubSubLocalHub) {
            return new LocalHubConnectionDetails(webPubSubLocalHub);
        }

    }

    /**
     * A loopback endpoint configured: the hub serves there, with the key the application
     * signs with.
     */
    @Configuration(proxyBeanMethods = false)
    @Conditional(OnLoopbackEndpointCondition.class)
    static class LoopbackEndpointConfiguration {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        LocalWebPubSubHub webPubSubLocalHub(LocalHubProperties properties,
                WebPubSubConnectionDetails connectionDetails) {
            LocalWebPubSubHub.Builder builder = LocalWebPubSubHub.builder()
                .endpoint(connectionDetails.getEndpoint())
                .reconnectionWindow(properties.getReconnectionWindow())
                .acceptUnverifiedEntraIdTokens(properties.isAcceptUnverifiedEntraIdTokens());
            boolean keyless = connectionDetails.getAccessKey() == null;
            if (!keyless) {
                // Asked again at each check, so that a key rotated while the application
                // runs is followed.
                builder.accessKey(connectionDetails::getAccessKey);
            }
            LocalWebPubSubHub hub = builder.start();
            logger.info("Local Web PubSub hub serving " + hub.maskedConnectionString() + " on the loopback address, "
                    + (keyless ? "with a random key, accepting unverified Microsoft Entra ID tokens (key-less mode)"
                            : "with the configured access key"));
            return hub;
        }

    }

}
