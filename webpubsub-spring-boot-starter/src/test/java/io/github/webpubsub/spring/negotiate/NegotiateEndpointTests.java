package io.github.webpubsub.spring.negotiate;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import io.github.webpubsub.token.ClientAccessRequest;
import io.github.webpubsub.token.ClientProtocol;
import io.github.webpubsub.token.WebPubSubRole;
import org.junit.jupiter.api.Test;

import org.springframework.core.annotation.AliasFor;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link NegotiateEndpoint}, without an application context: how the attributes
 * of {@link WebPubSubNegotiate @WebPubSubNegotiate} are checked, and what they add to a
 * request.
 */
class NegotiateEndpointTests {

    private static final Duration MAX_LIFETIME = Duration.ofHours(24);

    @Test
    void attributesPrefillTheRequest() {
        NegotiateEndpoint endpoint = endpoint("room", Set.of("room"));
        ClientAccessRequest.Builder request = ClientAccessRequest.builder();
        endpoint.prefill(request, new PlaceholderValues("alice", Map.of("room", "blue")));
        ClientAccessRequest built = request.build();
        assertThat(built.hub()).contains("chat");
        assertThat(built.lifetime()).contains(Duration.ofMinutes(15));
        assertThat(built.protocol()).isEqualTo(ClientProtocol.SOCKETIO);
        assertThat(built.roles()).containsExactly(WebPubSubRole.sendToGroup("room-blue"),
                WebPubSubRole.joinLeaveGroups("user-alice.*"));
        assertThat(built.groups()).containsExactly("lobby", "room-blue");
        assertThat(endpoint.allowAnonymous()).isFalse();
    }

    @Test
    void defaultsLeaveHubAndLifetimeToTheFactory() {
        ClientAccessRequest.Builder request = ClientAccessRequest.builder();
        endpoint("plain", Set.of()).prefill(request, new PlaceholderValues("alice", Map.of()));
        ClientAccessRequest built = request.build();
        assertThat(built.hub()).isEmpty();
        assertThat(built.lifetime()).isEmpty();
        assertThat(built.protocol()).isEqualTo(ClientProtocol.DEFAULT);
        assertThat(built.roles()).isEmpty();
        assertThat(built.groups()).isEmpty();
    }

    @Test
    void templatesWithTheUserIdAreLeftOutForAnonymousCallers() {
        NegotiateEndpoint endpoint = endpoint("anonymous", Set.of());
        ClientAccessRequest.Builder request = ClientAccessRequest.builder();
        endpoint.prefill(request, new PlaceholderValues(null, Map.of()));
        assertThat(request.build().groups()).containsExactly("public");
        assertThat(endpoint.allowAnonymous()).isTrue();
    }

    @Test
    void composedAnnotationIsMerged() {
        NegotiateEndpoint endpoint = endpoint("composed", Set.of());
        ClientAccessRequest.Builder request = ClientAccessRequest.builder();
        endpoint.prefill(request, new PlaceholderValues("alice", Map.of()));
        assertThat(request.build().hub()).contains("news");
        assertThat(request.build().groups()).containsExactly("headlines");
        assertThat(annotation("composed").path()).containsExactly("/news/negotiate");
    }

    @Test
    void valueThatMakesAGroupInvalidNamesItsOrigin() {
        NegotiateEndpoint endpoint = endpoint("room", Set.of("room"));
        assertThatExceptionOfType(InvalidClaimValueException.class)
            .isThrownBy(() -> endpoint.prefill(ClientAccessRequest.builder(),
                    new PlaceholderValues("alice", Map.of("room", "blue\nred"))))
            .withMessage("The path variable 'room' (\"blue?red\") gives an invalid role. Group name has a control "
                    + "character at index 9. Use 1 to 1024 printable characters, for example 'lobby'.");
    }

    @Test
    void valueThatMakesAGroupTooLongIsShownShortened() {
        NegotiateEndpoint endpoint = endpoint("user", Set.of());
        String userId = "u".repeat(1020);
        assertThatExceptionOfType(InvalidClaimValueException.class)
            .isThrownBy(() -> endpoint.prefill(ClientAccessRequest.builder(), new PlaceholderValues(userId, Map.of())))
            .withMessageStartingWith("The user id (\"" + "u".repeat(32) + "\"... (1020 characters)) gives an "
                    + "invalid group. Group name has 1025 characters; at most 1024 are allowed.")
            .withMessageNotContaining("u".repeat(33));
    }

    @Test
    void valuesOfATemplateWithTwoPlaceholdersAreBothNamed() {
        NegotiateEndpoint endpoint = endpoint("twoPlaceholders", Set.of("room"));
        assertThatExceptionOfType(InvalidClaimValueException.class)
            .isThrownBy(() -> endpoint.prefill(ClientAccessRequest.builder(),
                    new PlaceholderValues("v".repeat(600), Map.of("room", "r".repeat(600)))))
            .withMessageStartingWith("The path variable 'room' (\"" + "r".repeat(32) + "\"... (600 characters)) with "
                    + "the user id (\"" + "v".repeat(32) + "\"... (600 characters)) gives an invalid group. Group name "
                    + "has 1201 characters");
    }

    @Test
    void invalidHubIsReported() {
        assertThat(problems("invalidHub", Set.of())).singleElement().satisfies((problem) -> {
            assertThat(problem.attribute()).isEqualTo("hub");
            assertThat(problem.description())
                .startsWith("'hub' is invalid. Hub name 'chat room' has an invalid character at index 4.");
        });
    }

    @Test
    void lifetimesAreParsedInBootsSyntaxWithSecondsByDefault() {
        ClientAccessRequest.Builder request = ClientAccessRequest.builder();
        endpoint("secondsLifetime", Set.of()).prefill(request, new PlaceholderValues("alice", Map.of()));
        assertThat(request.build().lifetime()).contains(Duration.ofSeconds(90));
    }

    @Test
    void invalidLifetimesAreReported() {
        assertThat(problems("unparsableLifetime", Set.of())).singleElement()
            .satisfies((problem) -> assertThat(problem.description())
                .isEqualTo("'lifetime' (\"an hour\") is not a duration."));
        assertThat(problems("negativeLifetime", Set.of())).singleElement()
            .satisfies(
                    (problem) -> assertThat(problem.description()).isEqualTo("'lifetime' (\"-5m\") is not positive."));
        assertThat(problems("longLifetime", Set.of())).singleElement().satisfies((problem) -> {
            assertThat(problem.description()).isEqualTo("'lifetime' (\"2d\") exceeds 'webpubsub.token.max-lifetime' "
                    + "(PT24H), so every request would be refused.");
            assertThat(problem.action()).contains("raise 'webpubsub.token.max-lifetime'");
        });
    }

    @Test
    void everyInvalidTemplateIsReported() {
        assertThat(problems("invalidTemplates", Set.of("room"))).extracting(NegotiateEndpoint.Problem::attribute)
            .containsExactly("roles[0]", "roles[2]", "groups[1]", "groups[2]");
    }

    @Test
    void placeholderMustBeTheUserIdOrAVariableOfEveryPath() {
        assertThat(problems("room", Set.of("id"))).extracting(NegotiateEndpoint.Problem::description)
            .containsExactly(
                    "'roles[0]' (\"webpubsub.sendToGroup.room-{room}\") has the placeholder {room}, which "
                            + "is neither {userId} nor a variable of every mapped path (the path variables are id).",
                    "'groups[1]' (\"room-{room}\") has the placeholder {room}, which is neither {userId} nor a "
                            + "variable of every mapped path (the path variables are id).");
        assertThat(problems("room", Set.of())).first()
            .satisfies((problem) -> assertThat(problem.description()).contains("(the path has no variables)"));
    }

    @Test
    void pathVariableNamedUserIdCannotStandNextToTheUserIdPlaceholder() {
        assertThat(problems("user", Set.of("userId"))).singleElement()
            .satisfies((problem) -> assertThat(problem.description()).contains("always the caller's user id"));
        assertThat(NegotiateEndpoint.of("plain", annotation("plain"), Set.of("userId"), MAX_LIFETIME)).isNotNull();
    }

    private static NegotiateEndpoint endpoint(String method, Set<String> pathVariables) {
        return NegotiateEndpoint.of(method, annotation(method), pathVariables, MAX_LIFETIME);
    }

    private static java.util.List<NegotiateEndpoint.Problem> problems(String method, Set<String> pathVariables) {
        try {
            endpoint(method, pathVariables);
        }
        catch (NegotiateEndpoint.InvalidEndpointException ex) {
            return ex.problems();
        }
        throw new AssertionError(method + " is valid");
    }

    private static WebPubSubNegotiate annotation(String methodName) {
        Method method = ReflectionUtils.findMethod(Endpoints.class, methodName);
        WebPubSubNegotiate annotation = AnnotatedElementUtils.findMergedAnnotation(method, WebPubSubNegotiate.class);
        assertThat(annotation).as(methodName).isNotNull();
        return annotation;
    }

    @SuppressWarnings("unused")
    static class Endpoints {

        @WebPubSubNegotiate(path = "/rooms/{room}/negotiate", hub = "chat", lifetime = "15m",
                protocol = ClientProtocol.SOCKETIO, groups = { "lobby", "room-{room}" },
                roles = { "webpubsub.sendToGroup.room-{room}", "webpubsub.joinLeaveGroups.user-{userId}.*" })
        void room() {
        }

        @WebPubSubNegotiate("/negotiate")
        void plain() {
        }

        @WebPubSubNegotiate(path = "/public/negotiate", groups = { "public", "user-{userId}" },
                roles = "webpubsub.sendToGroup.user-{userId}", allowAnonymous = true)
        void anonymous() {
        }

        @NewsNegotiate("/news/negotiate")
        void composed() {
        }

        @WebPubSubNegotiate(path = "/negotiate", groups = "user-{userId}")
        void user() {
        }

        @WebPubSubNegotiate(path = "/rooms/{room}/negotiate", groups = "{room}-{userId}")
        void twoPlaceholders() {
        }

        @WebPubSubNegotiate(path = "/negotiate", hub = "chat room")
        void invalidHub() {
        }

        @WebPubSubNegotiate(path = "/negotiate", lifetime = "90")
        void secondsLifetime() {
        }

        @WebPubSubNegotiate(path = "/negotiate", lifetime = "an hour")
        void unparsableLifetime() {
        }

        @WebPubSubNegotiate(path = "/negotiate", lifetime = "-5m")
        void negativeLifetime() {
        }

        @WebPubSubNegotiate(path = "/negotiate", lifetime = "2d")
        void longLifetime() {
        }

        @WebPubSubNegotiate(path = "/rooms/{room}/negotiate",
                roles = { "webpubsub.sendToGroup.{room", "webpubsub.sendToGroup.{room}", "webpubsub.{room}" },
                groups = { "{room}", "", "\tlobby" })
        void invalidTemplates() {
        }

    }

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @WebPubSubNegotiate(hub = "news", groups = "headlines")
    @interface NewsNegotiate {

        @AliasFor(annotation = WebPubSubNegotiate.class, attribute = "path")
        String[] value();

    }

}
