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
 * endpoint on this machine (the sample's default), the application serves {@code /client/hubs/{hub}} over WebSocket
 * and stands in for Azure Web PubSub, so that the sample runs with no Azure resource. With a real endpoint none of
 * this is created: no mapping, no log line.
 *
 * <p>It serves this machine only: the server listens on a loopback address unless {@code server.address} is set
 * ({@link LoopbackServerAddressCustomizer}), and a handshake from another address is refused with {@code 403}
 * whatever the server listens on ({@link LocalClientsOnlyInterceptor}). Unless a key is configured, the sample's
 * default connection string signs with a key that is new at each start
 * ({@link RandomAccessKeyEnvironmentPostProcessor}).
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
        return new AccessTokenValidator(details.getEndpoint(), details::getAccessKey,
                OnLocalEndpointCondition.accessKeySource(environment), Clock.systemUTC());
    }

    /**
     * Tells whether the local development hub serves in an application with this environment: the decision of the
     * condition on this configuration, for parts of the application that depend on it (such as demo users).
     * @param environment the application's environment
     * @return {@code true} while the configured endpoint is this machine and an access key signs the tokens
     */
    public static boolean serves(Environment environment) {
        return OnLocalEndpointCondition.outcome(environment).isMatch();
    }

    @Bean
    LoopbackServerAddressCustomizer devHubLoopbackServerAddressCustomizer(Environment environment) {
        return new LoopbackServerAddressCustomizer(environment,
                OnLocalEndpointCondition.configuredEndpoint(environment).orElseThrow());
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
                .addInterceptors(new LocalClientsOnlyInterceptor(),
                        new DevHubHandshakeInterceptor(devHubAccessTokenValidator))
                // As with the service, the token is the one credential (no cookie counts), so pages of any origin
                // may connect with a token their server gave them; without one they get 401 whatever their origin.
                .setAllowedOriginPatterns("*");
            logger.info("Local development hub serving " + webSocketAddress(endpoint) + "/client/hubs/{hub} to "
                    + "clients on this machine: a development stand-in for Azure Web PubSub. Connection string: "
                    + maskedConnectionString(endpoint) + " (" + keyOrigin(environment) + ")");
        };
    }

    private static String maskedConnectionString(URI endpoint) {
        return "Endpoint=" + endpoint + ";AccessKey=******;Version=1.0;";
    }

    /** Says where the key comes from: the random key of this start, or a setting. */
    private static String keyOrigin(Environment environment) {
        String randomKey = environment.getProperty(RandomAccessKeyEnvironmentPostProcessor.PROPERTY);
        String key = OnLocalEndpointCondition.configuredConnectionString(environment)
            .map((connectionString) -> WebPubSubConnectionString.parse(connectionString).accessKey()).orElse(null);
        if (randomKey != null && randomKey.equals(key)) {
            return "a random access key, new at each start; set WEBPUBSUB_CONNECTION_STRING to choose one";
        }
        return "the access key of " + OnLocalEndpointCondition.accessKeySource(environment);
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
