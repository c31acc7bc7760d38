package io.github.webpubsub.spring.autoconfigure;

import io.github.webpubsub.token.BearerTokenProvider;
import io.github.webpubsub.token.ClientAccess;
import io.github.webpubsub.token.ClientUrlFactory;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * An application in key-less mode, run in its own JVM by
 * {@link ManagedIdentityKeylessModeTests} so that it sees the environment variables App
 * Service sets ({@code IDENTITY_ENDPOINT}, {@code IDENTITY_HEADER}): azure-identity reads
 * them from the process environment. It issues client URLs and prints them, one per line.
 *
 * <p>
 * Arguments: the Web PubSub endpoint, the client ID of the user-assigned managed
 * identity, the number of URLs.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class KeylessApplication {

    static final String ACCESS_LINE = "ACCESS ";

    static final String PROVIDER_LINE = "PROVIDER ";

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(KeylessApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        try (ConfigurableApplicationContext context = application.run("--webpubsub.endpoint=" + args[0],
                "--webpubsub.hub=chat", "--webpubsub.credential.managed-identity-client-id=" + args[1])) {
            ClientUrlFactory factory = context.getBean(ClientUrlFactory.class);
            int count = Integer.parseInt(args[2]);
            for (int i = 0; i < count; i++) {
                String userId = "user-" + i;
                ClientAccess access = factory.create((request) -> request.userId(userId));
                System.out.println(ACCESS_LINE + userId + " " + access.url());
            }
            System.out.println(PROVIDER_LINE + context.getBean(BearerTokenProvider.class));
        }
    }

}
