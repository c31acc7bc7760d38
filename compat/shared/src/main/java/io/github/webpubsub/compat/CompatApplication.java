package io.github.webpubsub.compat;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A user's application with the starter as its only Web PubSub dependency: Spring Boot's
 * default security (one user from {@code spring.security.user.*}, HTTP Basic), the
 * actuator, and a controller with negotiate endpoints. The same sources are built by
 * every project under {@code compat/}, each on another Spring Boot line and web stack.
 */
@SpringBootApplication
public class CompatApplication {

    public static void main(String[] args) {
        SpringApplication.run(CompatApplication.class, args);
    }

}
