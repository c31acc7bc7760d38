package io.github.webpubsub.spring.negotiate;

import java.time.Clock;
import java.time.ZoneOffset;

import io.github.webpubsub.spring.autoconfigure.ClientUrlFactoryBuilderCustomizer;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * The controllers of {@link NegotiateTestApplication}, unchanged, in a WebFlux
 * application secured by reactive Spring Security: HTTP Basic and form login (whose entry
 * point redirects), anonymous callers with Spring Security's anonymous authentication,
 * CSRF on, an authorisation rule of its own for {@code /admin/**}, and the authority
 * tables of {@code negotiate.yml}. Tokens are stamped with a fixed clock. Run with
 * {@code spring.main.web-application-type=reactive}: with Spring MVC also on the test
 * class path, Spring Boot would otherwise run a servlet application.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableWebFluxSecurity
@Import({ NegotiateTestApplication.ChatNegotiation.class, NegotiateTestApplication.PrefixedNegotiation.class,
        NegotiateTestApplication.ComposedNegotiation.class, NegotiateTestApplication.CrossOriginNegotiation.class,
        NegotiateTestApplication.TeamNegotiation.class, NegotiateTestApplication.OrdinaryController.class })
class ReactiveNegotiateTestApplication {

    /** The password of every user. */
    static final String PASSWORD = "secret";

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
        return http
            .authorizeExchange(
                    (exchanges) -> exchanges.pathMatchers("/admin/**").hasRole("ADMIN").anyExchange().permitAll())
            .httpBasic(Customizer.withDefaults())
            .formLogin(Customizer.withDefaults())
            .anonymous(Customizer.withDefaults())
            .build();
    }

    @Bean
    MapReactiveUserDetailsService users() {
        return new MapReactiveUserDetailsService(user("alice", "ROLE_USER"), user("root", "ROLE_ADMIN"),
                user("bob", "ROLE_AUDITOR", "FACTOR_PASSWORD"), user("a*", "ROLE_GUEST"),
                user("x".repeat(1020), "ROLE_USER"));
    }

    private static org.springframework.security.core.userdetails.UserDetails user(String name, String... authorities) {
        return User.withUsername(name).password("{noop}" + PASSWORD).authorities(authorities).build();
    }

    @Bean
    ClientUrlFactoryBuilderCustomizer fixedClock() {
        return (builder) -> builder.clock(Clock.fixed(NegotiateTestApplication.NOW, ZoneOffset.UTC));
    }

}
