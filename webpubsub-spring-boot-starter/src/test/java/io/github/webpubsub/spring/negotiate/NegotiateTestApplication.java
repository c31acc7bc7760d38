package io.github.webpubsub.spring.negotiate;

import java.beans.PropertyEditorSupport;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;

import io.github.webpubsub.spring.autoconfigure.ClientUrlFactoryBuilderCustomizer;
import io.github.webpubsub.token.ClientAccessRequest;
import io.github.webpubsub.token.ClientProtocol;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A secured Spring MVC application with negotiate endpoints, as users write one (its
 * controllers serve {@link ReactiveNegotiateTestApplication} unchanged): form login
 * (whose entry point redirects), CSRF on, an authorisation rule of its own for
 * {@code /admin/**}, method security, a user id taken from JWT and OIDC claims, and the
 * authority tables of {@code negotiate.yml}. Tokens are stamped with a fixed clock.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableMethodSecurity
@Import({ NegotiateTestApplication.ChatNegotiation.class, NegotiateTestApplication.PrefixedNegotiation.class,
        NegotiateTestApplication.ComposedNegotiation.class, NegotiateTestApplication.CrossOriginNegotiation.class,
        NegotiateTestApplication.TeamNegotiation.class, NegotiateTestApplication.OrdinaryController.class })
class NegotiateTestApplication {

    static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) {
        return http
            .authorizeHttpRequests(
                    (requests) -> requests.requestMatchers("/admin/**").hasRole("ADMIN").anyRequest().permitAll())
            .formLogin(Customizer.withDefaults())
            .build();
    }

    @Bean
    ClientUrlFactoryBuilderCustomizer fixedClock() {
        return (builder) -> builder.clock(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Bean
    NegotiateUserIdResolver userIdFromClaims() {
        return (authentication) -> {
            if (authentication.getPrincipal() instanceof Jwt jwt) {
                return jwt.getClaimAsString("oid");
            }
            if (authentication.getPrincipal() instanceof OidcUser oidcUser) {
                return oidcUser.getPreferredUsername();
            }
            return authentication.getName();
        };
    }

    @RestController
    static class ChatNegotiation {

        @WebPubSubNegotiate(path = "/negotiate", hub = "chat", groups = "lobby")
        void chat() {
        }

        @WebPubSubNegotiate(path = "/rooms/{room}/negotiate", hub = "chat",
                roles = { "webpubsub.sendToGroup.room-{room}", "webpubsub.joinLeaveGroups.room-{room}.*" },
                lifetime = "15m")
        void room(@PathVariable String room, ClientAccessRequest.Builder request) {
            request.groups("room-" + room);
        }

        @WebPubSubNegotiate(path = "/socketio/negotiate", hub = "chat", protocol = ClientProtocol.SOCKETIO)
        void socketIo() {
        }

        @WebPubSubNegotiate(path = "/mqtt/negotiate", protocol = ClientProtocol.MQTT)
        void mqtt() {
        }

        @WebPubSubNegotiate(path = "/public/negotiate", hub = "news", groups = { "public", "user-{userId}" },
                allowAnonymous = true)
        void news() {
        }

        @WebPubSubNegotiate(path = "/users/negotiate", roles = "webpubsub.joinLeaveGroups.user-{userId}.*")
        void user() {
        }

        @WebPubSubNegotiate("/admin/negotiate")
        void admin() {
        }

        @WebPubSubNegotiate(path = "/topics/{topic}/negotiate", hub = "chat")
        void topic(@PathVariable String topic, @RequestParam(required = false) Duration lifetime,
                ClientAccessRequest.Builder request) {
            request.groups("topic-" + topic).lifetime(lifetime);
        }

        @PreAuthorize("#room == 'open'")
        @WebPubSubNegotiate("/vaults/{room}/negotiate")
        void vault(@PathVariable String room) {
        }

    }

    @RestController
    @RequestMapping("/api/v1")
    static class PrefixedNegotiation {

        @WebPubSubNegotiate("/negotiate")
        void negotiate() {
        }

    }

    @Controller
    static class ComposedNegotiation {

        @ChatNegotiate("/composed/negotiate")
        void composed() {
        }

    }

    @RestController
    @CrossOrigin(origins = "https://chat.example")
    static class CrossOriginNegotiation {

        @WebPubSubNegotiate("/cors/negotiate")
        void negotiate() {
        }

    }

    /**
     * Binds its path variables with an editor of its own, from an {@code @InitBinder}
     * method.
     */
    @RestController
    static class TeamNegotiation {

        @InitBinder
        void teamNamesInCapitals(WebDataBinder binder) {
            binder.registerCustomEditor(String.class, new PropertyEditorSupport() {

                @Override
                public void setAsText(String text) {
                    setValue(text.toUpperCase(Locale.ROOT));
                }

            });
        }

        @WebPubSubNegotiate(path = "/teams/{team}/negotiate", hub = "chat")
        void team(@PathVariable String team, ClientAccessRequest.Builder request) {
            request.groups("team-" + team);
        }

    }

    /**
     * Asks for a request builder outside a negotiate endpoint, which is a mistake.
     */
    @RestController
    static class OrdinaryController {

        @GetMapping("/ordinary")
        String ordinary(ClientAccessRequest.Builder request) {
            return request.toString();
        }

    }

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @WebPubSubNegotiate(hub = "chat", groups = "composed", lifetime = "10m")
    @interface ChatNegotiate {

        @AliasFor(annotation = WebPubSubNegotiate.class, attribute = "path")
        String[] value();

    }

}
