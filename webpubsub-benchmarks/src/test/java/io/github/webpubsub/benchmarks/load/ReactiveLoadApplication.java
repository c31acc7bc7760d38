package io.github.webpubsub.benchmarks.load;

import java.util.Map;

import io.github.webpubsub.spring.negotiate.WebPubSubNegotiate;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sample application's negotiate endpoint and trivial endpoint in a WebFlux
 * application, for {@code scripts/load-negotiate-webflux.sh} and
 * {@code scripts/load-keyless.sh}: form login with a session (signed in once, as the load
 * scripts do with the sample), {@code GET /api/me} answering {@code {"name","admin"}} as
 * the sample's does, {@code GET|POST /negotiate} with the sample's hub and authority
 * tables, and the same development key, so that the scripts check its tokens as they
 * check the sample's. Configuration: {@code reactive-load.yml}; profile {@code keyless}
 * with {@code WEBPUBSUB_ENDPOINT} for key-less mode, as the sample.
 *
 * <p>
 * Run from the module's test class path (the scripts build it):
 *
 * <pre>
 * java -cp "webpubsub-benchmarks/target/test-classes:$(cat webpubsub-benchmarks/target/test-classpath.txt)" \
 *     io.github.webpubsub.benchmarks.load.ReactiveLoadApplication --server.port=8080
 * </pre>
 */
@SpringBootApplication
public class ReactiveLoadApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(ReactiveLoadApplication.class);
        // Spring MVC is not on this class path, but say it anyway: this is the WebFlux
        // run.
        application.setWebApplicationType(WebApplicationType.REACTIVE);
        application.setDefaultProperties(Map.of("spring.config.name", "reactive-load"));
        application.run(args);
    }

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
        return http
            .authorizeExchange(
                    (exchanges) -> exchanges.pathMatchers("/login").permitAll().anyExchange().authenticated())
            .formLogin(Customizer.withDefaults())
            .build();
    }

    /** The sample's user alice, with the sample's bcrypt hash of her password (alice). */
    @Bean
    MapReactiveUserDetailsService users() {
        return new MapReactiveUserDetailsService(User.withUsername("alice")
            .password("{bcrypt}$2a$10$LIjCJkkeaowv8GRSuiS8Iu9cmAnnvB24/wBIqED0CGt6yqQTWpXqa")
            .roles("USER")
            .build());
    }

    @RestController
    static class Endpoints {

        @WebPubSubNegotiate(path = "/negotiate", hub = "chat")
        void chat() {
        }

        /** The trivial authenticated endpoint, as the sample's {@code GET /api/me}. */
        @GetMapping("/api/me")
        SignedInUser me(Authentication authentication) {
            boolean admin = AuthorityUtils.authorityListToSet(authentication.getAuthorities()).contains("ROLE_ADMIN");
            return new SignedInUser(authentication.getName(), admin);
        }

    }

    record SignedInUser(String name, boolean admin) {
    }

}
