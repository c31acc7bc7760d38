package io.github.webpubsub.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The reference application. With no configuration its Web PubSub endpoint is the application itself, which then
 * also serves a local development hub ({@link io.github.webpubsub.sample.devhub}), so it runs with no Azure resource.
 * Set {@code WEBPUBSUB_CONNECTION_STRING} to a real resource's connection string to use the service instead.
 */
@SpringBootApplication
public class WebPubSubSampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(WebPubSubSampleApplication.class, args);
    }

}
