package io.github.webpubsub.sample.devhub;

import java.net.URI;
import java.time.Clock;

import io.github.webpubsub.spring.autoconfigure.WebPubSubConnectionDetails;
import io.github.webpubsub.token.WebPubSubConnectionString;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The local development hub: while {@code webpubsub.connection-string} (or {@code webpubsub.endpoint}) names an
 * endpoint on this machine (the sample's default), the application serves {@code /client/hubs/{hub}} over WebSocket and stands in for Azure Web
 * PubSub, so that the sample runs with no Azure resource. With a real endpoint none of this is created: no mapping,
 * no log line.
 *
 * <p>It is a development stand-in, not a service: one process, no persistence, no connection recovery, no upstream
 * event handlers, no REST API. What it does do, it does as the service documents it; see the package description.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(OnLocalEndpointCondition.class)
@EnableWebSocket
public class DevHubConfiguration {

    /**
     * Where the hub is mapped, relative to the application's context path. Clients authenticate there with their
     * access token, so web security must let these requests through (the hub checks the token itself).
     */
    public static final String PATH = "/client/hubs/*";

    private static final Log logger = LogFactory.getLog(DevHubConfiguration.class);

    /**
     * Checks tokens with the key the application signs with, asked from the starter's connection details at each
     * connection, so that a key rotated at runtime is followed (see {@link AccessTokenValidator}). Without the
     * starter (the hub's own tests), with the configured connection string's key.
     */
    @Bean
    AccessTokenValidator devHubAccessTokenValidator(Environment environment,
            ObjectProvider<WebPubSubConnectionDetails> connectionDetails) {
        WebPubSubConnectionDetails details = connectionDetails.getIfAvailable();
        if (details == null) {
            return new AccessTokenValidator(connectionString(environment), Clock.systemUTC());
        }
        return new AccessTokenValidator(details.getEndpoint(), details::getAccessKey, Clock.systemUTC());
    }

    @Bean
    Groups devHubGroups() {
        return new Groups();
    }

    @Bean
    DevHubWebSocketHandler devHubWebSocketHandler(Groups devHubGroups, JsonMapper jsonMapper) {
        return new DevHubWebSocketHandler(devHubGroups, jsonMapper);
    }

    @Bean
    WebSocketConfigurer devHubWebSocketConfigurer(Environment environment, AccessTokenValidator devHubAccessTokenValidator,
            DevHubWebSocketHandler devHubWebSocketHandler) {
        URI endpoint = OnLocalEndpointCondition.configuredEndpoint(environment).orElseThrow();
        return (registry) -> {
            registry.addHandler(devHubWebSocketHandler, PATH)
                .addInterceptors(new DevHubHandshakeInterceptor(devHubAccessTokenValidator))
                // The token is the credential, as with the service: pages of any origin may connect.
                .setAllowedOriginPatterns("*");
            logger.info("Local development hub serving " + webSocketAddress(endpoint)
                    + "/client/hubs/{hub}: a development stand-in for Azure Web PubSub");
        };
    }

    private static WebPubSubConnectionString connectionString(Environment environment) {
        // The condition has checked that the property is there and valid.
        return WebPubSubConnectionString.parse(OnLocalEndpointCondition.configuredConnectionString(environment).orElseThrow());
    }

    private static String webSocketAddress(URI endpoint) {
        String scheme = endpoint.getScheme().equals("https") ? "wss" : "ws";
        return UriComponentsBuilder.fromUri(endpoint).scheme(scheme).build().toUriString();
    }

}
