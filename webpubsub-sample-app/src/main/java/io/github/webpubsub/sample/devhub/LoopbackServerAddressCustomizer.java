package io.github.webpubsub.sample.devhub;

import java.net.InetAddress;
import java.net.URI;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.env.Environment;

/**
 * While the local development hub serves, the web server listens on a loopback address only (the endpoint's own
 * loopback literal, else {@code 127.0.0.1}), so that no other machine reaches the application, its demo users or its
 * hub. An explicit {@code server.address} is left as it is: whoever sets it has chosen to be reachable.
 */
final class LoopbackServerAddressCustomizer implements WebServerFactoryCustomizer<ConfigurableWebServerFactory> {

    static final String SERVER_ADDRESS = "server.address";

    private static final Log logger = LogFactory.getLog(LoopbackServerAddressCustomizer.class);

    private final Environment environment;

    private final URI endpoint;

    /**
     * Creates the customizer.
     * @param environment tells whether {@code server.address} is set
     * @param endpoint the hub's endpoint, a loopback address
     */
    LoopbackServerAddressCustomizer(Environment environment, URI endpoint) {
        this.environment = environment;
        this.endpoint = endpoint;
    }

    @Override
    public void customize(ConfigurableWebServerFactory factory) {
        if (Binder.get(this.environment).bind(SERVER_ADDRESS, String.class).isBound()) {
            return;
        }
        InetAddress address = Loopback.serverAddress(this.endpoint);
        factory.setAddress(address);
        logger.info("The server listens on " + address.getHostAddress() + " only, for the local development hub; "
                + "set '" + SERVER_ADDRESS + "' to listen elsewhere.");
    }

}
