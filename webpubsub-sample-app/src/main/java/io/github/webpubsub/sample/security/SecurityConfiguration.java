package io.github.webpubsub.sample.security;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may do what. Pages sign in with a form, API clients (such as a device asking
 * {@code /negotiate} for its URL) with HTTP Basic; both may be used on every path.
 * <ul>
 * <li>Styles and scripts, and the error page: open.</li>
 * <li>{@code /generator} and its API: administrators only, as the portal's generator
 * is.</li>
 * <li>Everything else, {@code /negotiate} included: any signed-in user. Anonymous
 * browsers are sent to the login page; anonymous API clients get {@code 401} with a Basic
 * challenge ({@code 401} without the challenge for scripts that send
 * {@code X-Requested-With: XMLHttpRequest}, so that the browser shows no password
 * dialog).</li>
 * </ul>
 * CSRF protection stays on for every state-changing request. The pages read the token
 * from the {@code XSRF-TOKEN} cookie and send it in the {@code X-XSRF-TOKEN} header
 * ({@link org.springframework.security.config.annotation.web.configurers.CsrfConfigurer#spa()
 * spa()}); API clients use {@code GET /negotiate}, which changes nothing and needs no
 * token.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SampleUserProperties.class)
public class SecurityConfiguration {

    @Bean
    SecurityFilterChain sampleSecurityFilterChain(HttpSecurity http) {
        http.authorizeHttpRequests((requests) -> requests.requestMatchers("/css/**", "/js/**", "/favicon.svg", "/error")
            .permitAll()
            .requestMatchers("/generator", "/generator/**")
            .hasRole("ADMIN")
            .anyRequest()
            .authenticated())
            .formLogin(Customizer.withDefaults())
            .httpBasic(Customizer.withDefaults())
            .csrf((csrf) -> csrf.spa());
        return http.build();
    }

    private static final Log logger = LogFactory.getLog(SecurityConfiguration.class);

    static final String SERVER_ADDRESS = "server.address";

    /**
     * The local hub, on the class path at run time only, as an application should have
     * it.
     */
    private static final String LOCAL_HUB = "io.github.webpubsub.localhub.LocalWebPubSubHub";

    /**
     * The users of {@code sample.users}, or the demo users while the local hub serves
     * ({@link SampleUsers}). Their passwords are stored hashed ({@code {bcrypt}}), so
     * each HTTP Basic request costs one bcrypt check, by design about 0.1 s of CPU: fine
     * for clients that ask once per connection, while anything that calls often should
     * sign in once and keep the session cookie.
     */
    @Bean
    InMemoryUserDetailsManager sampleUsers(SampleUserProperties properties, ListableBeanFactory beans) {
        // The encoder sign-in uses when the application defines none.
        PasswordEncoder passwordEncoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        Map<String, SampleUserProperties.User> selected = SampleUsers.select(properties, localHubServes(beans),
                passwordEncoder);
        List<UserDetails> users = selected.entrySet()
            .stream()
            .sorted(Map.Entry.comparingByKey())
            .map((entry) -> User.withUsername(entry.getKey())
                .password(entry.getValue().password())
                .roles(entry.getValue().roles().toArray(String[]::new))
                .build())
            .toList();
        return new InMemoryUserDetailsManager(users);
    }

    /**
     * While the demo users sign in, the server listens on {@code 127.0.0.1} only, so that
     * no other machine can sign in with their well-known passwords. An explicit
     * {@code server.address} is left as it is: whoever sets it has chosen to be
     * reachable.
     */
    @Bean
    WebServerFactoryCustomizer<ConfigurableWebServerFactory> demoUsersOnThisMachineOnly(SampleUserProperties properties,
            ListableBeanFactory beans, Environment environment) {
        return (factory) -> {
            boolean demoUsers = properties.users().isEmpty() && localHubServes(beans);
            if (!demoUsers || Binder.get(environment).bind(SERVER_ADDRESS, String.class).isBound()) {
                return;
            }
            factory.setAddress(InetAddress.getLoopbackAddress());
            logger.info("The server listens on " + InetAddress.getLoopbackAddress().getHostAddress() + " only, "
                    + "while the demo users sign in; set '" + SERVER_ADDRESS + "' to listen elsewhere.");
        };
    }

    /**
     * Tells whether the local hub stands in for the service: the local hub module made
     * its hub the application's endpoint (no endpoint configured, or one on this
     * machine), so that no token reaches a real resource.
     */
    static boolean localHubServes(ListableBeanFactory beans) {
        ClassLoader classLoader = SecurityConfiguration.class.getClassLoader();
        return ClassUtils.isPresent(LOCAL_HUB, classLoader)
                && beans.getBeanNamesForType(ClassUtils.resolveClassName(LOCAL_HUB, classLoader)).length > 0;
    }

}
