package io.github.webpubsub.spring.negotiate;

import java.util.Map;
import java.util.Set;

import io.github.webpubsub.token.ClientAccessRequest;
import org.junit.jupiter.api.Test;

import org.springframework.util.ReflectionUtils;
import org.springframework.web.bind.annotation.GetMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the parts of {@link NegotiateEndpointRegistrar} that need no application
 * context: path variables of mapped patterns, and the signature checks.
 */
class NegotiateEndpointRegistrarTests {

    @Test
    void variablesOfAllPatternSyntaxesAreFound() {
        assertThat(NegotiateEndpointRegistrar.variables("/rooms/{room}/negotiate")).containsExactly("room");
        assertThat(NegotiateEndpointRegistrar.variables("/rooms/{room:[a-z]{2,8}}/{id:\\d+}"))
            .containsExactlyInAnyOrder("room", "id");
        assertThat(NegotiateEndpointRegistrar.variables("/files/{*path}")).containsExactly("path");
        assertThat(NegotiateEndpointRegistrar.variables("/negotiate")).isEmpty();
    }

    @Test
    void onlyVariablesOfEveryPatternCount() {
        assertThat(NegotiateEndpointRegistrar.pathVariables(Set.of("/a/{room}/{tenant}", "/b/{room}")))
            .containsExactly("room");
        assertThat(NegotiateEndpointRegistrar.pathVariables(Set.of())).isEmpty();
    }

    @Test
    void voidMethodWithOneBuilderIsFine() {
        assertThat(NegotiateEndpointRegistrar.signatureProblems(method("fine"))).isEmpty();
    }

    @Test
    void returnValueAndTwoBuildersAreProblems() {
        assertThat(NegotiateEndpointRegistrar.signatureProblems(method("wrong")))
            .extracting(NegotiateEndpoint.Problem::attribute)
            .containsExactly("return type", "parameters");
    }

    @Test
    void requestMappingOnTheSameMethodIsAProblem() {
        assertThat(NegotiateEndpointRegistrar.signatureProblems(method("mappedTwice")))
            .extracting(NegotiateEndpoint.Problem::attribute)
            .containsExactly("@RequestMapping");
    }

    private static java.lang.reflect.Method method(String name) {
        return ReflectionUtils.findMethod(Signatures.class, name, (Class<?>[]) null);
    }

    @SuppressWarnings("unused")
    static class Signatures {

        void fine(String room, ClientAccessRequest.Builder request) {
        }

        Map<String, Object> wrong(ClientAccessRequest.Builder first, ClientAccessRequest.Builder second) {
            return Map.of();
        }

        @GetMapping("/negotiate")
        void mappedTwice() {
        }

    }

}
