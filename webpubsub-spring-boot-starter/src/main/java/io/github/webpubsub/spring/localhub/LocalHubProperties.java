package io.github.webpubsub.spring.localhub;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * Configuration properties of the local hub, under {@code webpubsub.local-hub}: a
 * stand-in for Azure Web PubSub that serves on the loopback address when
 * {@code webpubsub-local-hub} is on the class path and the configured endpoint is a
 * loopback {@code http} address, or when no endpoint is configured at all.
 *
 * <pre>{@code
 * webpubsub:
 *   local-hub:
 *     port: 8081          # only when no endpoint is configured; 0 (the default) takes a free port
 * }</pre>
 */
@ConfigurationProperties("webpubsub.local-hub")
public class LocalHubProperties {

    /**
     * Whether to serve the local hub when the configured endpoint is a loopback http
     * address, or when no endpoint is configured at all.
     */
    private boolean enabled = true;

    /**
     * Port of the local hub on 127.0.0.1 when no endpoint is configured; 0 takes a free
     * port. A configured loopback endpoint names its own port.
     */
    private int port;

    /**
     * Whether the local hub's REST API accepts Microsoft Entra ID access tokens without
     * verifying them, so that key-less mode (webpubsub.endpoint on a loopback address,
     * without an access key) runs against it. Any process on this machine may then call
     * the REST API.
     */
    private boolean acceptUnverifiedEntraIdTokens;

    /**
     * How long a dropped reliable client connection waits for its client to recover it.
     * If a duration suffix is not specified, seconds will be used.
     */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration reconnectionWindow = Duration.ofSeconds(30);

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getPort() {
        return this.port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public boolean isAcceptUnverifiedEntraIdTokens() {
        return this.acceptUnverifiedEntraIdTokens;
    }

    public void setAcceptUnverifiedEntraIdTokens(boolean acceptUnverifiedEntraIdTokens) {
        this.acceptUnverifiedEntraIdTokens = acceptUnverifiedEntraIdTokens;
    }

    public Duration getReconnectionWindow() {
        return this.reconnectionWindow;
    }

    public void setReconnectionWindow(Duration reconnectionWindow) {
        this.reconnectionWindow = reconnectionWindow;
    }

}
