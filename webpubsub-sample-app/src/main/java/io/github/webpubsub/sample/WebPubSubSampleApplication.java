package io.github.webpubsub.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The reference application: users sign in ({@link io.github.webpubsub.sample.security}),
 * chat through Web PubSub with URLs from {@code /negotiate}
 * ({@link io.github.webpubsub.sample.chat}), and administrators issue URLs of their
 * choice in the Client URL Generator ({@link io.github.webpubsub.sample.generator}).
 *
 * <p>
 * With no configuration no Web PubSub resource is configured, and the local hub
 * ({@code webpubsub-local-hub}) stands in for the service on a loopback port of its own,
 * so it runs with no Azure resource. Set {@code WEBPUBSUB_CONNECTION_STRING} to a real
 * resource's connection string to use the service instead.
 */
@SpringBootApplication
public class WebPubSubSampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(WebPubSubSampleApplication.class, args);
    }

}
