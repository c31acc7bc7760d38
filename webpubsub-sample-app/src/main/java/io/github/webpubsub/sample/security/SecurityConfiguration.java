package io.github.webpubsub.sample.security;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may do what. Pages sign in with a form, API clients (such as a device asking {@code /negotiate} for its URL)
 * with HTTP Basic; both may be used on every path.
 * <ul>
 * <li>Styles and scripts, and the error page: open.</li>
 * <li>{@code /generator} and its API: administrators only, as the portal's generator is.</li>
 * <li>Everything else, {@code /negotiate} included: any signed-in user. Anonymous browsers are sent to the login
 * page; anonymous API clients get {@code 401} with a Basic challenge ({@code 401} without the challenge for scripts
 * that send {@code X-Requested-With: XMLHttpRequest}, so that the browser shows no password dialog).</li>
 * </ul>
 * CSRF protection stays on for every state-changing request. The pages read the token from the
 * {@code XSRF-TOKEN} cookie and send it in the {@code X-XSRF-TOKEN} header ({@link
 * org.springframework.security.config.annotation.web.configurers.CsrfConfigurer#spa() spa()}); API clients use
 * {@code GET /negotiate}, which changes nothing and needs no token.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SampleUserProperties.class)
public class SecurityConfiguration {

    @Bean
    SecurityFilterChain sampleSecurityFilterChain(HttpSecurity http) {
        http.authorizeHttpRequests((requests) -> requests
                .requestMatchers("/css/**", "/js/**", "/favicon.svg", "/error").permitAll()
                .requestMatchers("/generator", "/generator/**").hasRole("ADMIN")
                .anyRequest().authenticated())
            .formLogin(Customizer.withDefaults())
            .httpBasic(Customizer.withDefaults())
            .csrf((csrf) -> csrf.spa());
        return http.build();
    }

    /**
     * The users of {@code sample.users}. Their passwords are stored hashed ({@code {bcrypt}}), so each HTTP Basic
     * request costs one bcrypt check, by design about 0.1 s of CPU: fine for clients that ask once per connection,
     * while anything that calls often should sign in once and keep the session cookie.
     */
    @Bean
    InMemoryUserDetailsManager sampleUsers(SampleUserProperties properties) {
        if (properties.users().isEmpty()) {
            throw new IllegalStateException("No users are configured: add some under 'sample.users' (see the README)");
        }
        List<UserDetails> users = properties.users().entrySet().stream().sorted(Map.Entry.comparingByKey())
            .map((entry) -> User.withUsername(entry.getKey())
                .password(entry.getValue().password())
                .roles(entry.getValue().roles().toArray(String[]::new))
                .build())
            .toList();
        return new InMemoryUserDetailsManager(users);
    }

}
