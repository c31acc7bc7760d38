package io.github.webpubsub.spring.negotiate;

import java.util.Map;

import io.github.webpubsub.token.ClientAccess;
import io.github.webpubsub.token.ClientAccessRequest;
import io.github.webpubsub.token.ClientProtocol;
import io.github.webpubsub.token.ClientUrlFactory;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletResponse;

import static io.github.webpubsub.spring.negotiate.NegotiateTokens.CONNECTION_STRING;
import static io.github.webpubsub.spring.negotiate.NegotiateTokens.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link NegotiateAnswer}, as Spring MVC sends it: the client access JSON is
 * written whole, with its length, and left for the container to send in one piece (never
 * flushed, which would commit the answer in chunked encoding).
 */
class NegotiateAnswerTests {

    private final ClientUrlFactory factory = ClientUrlFactory.builder()
        .connectionString(CONNECTION_STRING)
        .hub("chat")
        .build();

    @Test
    void clientAccessIsWrittenWithItsLengthAndNotFlushed() throws Exception {
        ClientAccess access = this.factory.create(ClientAccessRequest.builder().userId("alice").build());
        MockHttpServletResponse response = new MockHttpServletResponse();

        ServletNegotiateHandlerAdapter.send(response, NegotiateAnswer.access(access));

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentType()).isEqualTo("application/json");
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(response.getHeader("Pragma")).isEqualTo("no-cache");
        assertThat(response.getContentLength()).isEqualTo(response.getContentAsByteArray().length);
        assertThat(response.isCommitted()).as("not flushed").isFalse();
        assertThat(json(response.getContentAsString())).containsExactly(
                Map.entry("baseUrl", access.baseUrl().toString()), Map.entry("url", access.url().toString()),
                Map.entry("token", access.token()), Map.entry("expiresAt", access.expiresAt().toString()));
    }

    @Test
    void socketIoAccessNamesEndpointAndPath() throws Exception {
        ClientAccess access = this.factory
            .create(ClientAccessRequest.builder().protocol(ClientProtocol.SOCKETIO).build());
        MockHttpServletResponse response = new MockHttpServletResponse();

        ServletNegotiateHandlerAdapter.send(response, NegotiateAnswer.access(access));

        assertThat(json(response.getContentAsString())).containsExactly(
                Map.entry("endpoint", access.endpoint().toString()), Map.entry("path", access.path()),
                Map.entry("token", access.token()), Map.entry("expiresAt", access.expiresAt().toString()));
    }

    @Test
    void valuesAreEscapedAsJsonRequires() {
        String value = "quote \" backslash \\ newline \n nul \u0000 separators \u2028\u2029 text é 😀";
        StringBuilder json = new StringBuilder("{");

        NegotiateAnswer.member(json, "first", value);
        NegotiateAnswer.member(json, "second", "plain");
        String text = json.append('}').toString();

        assertThat(text).contains("\\\"", "\\\\", "\\u000a", "\\u0000", "\\u2028", "\\u2029", "é 😀")
            .doesNotContain("\n", "\u2028");
        assertThat(json(text)).containsExactly(Map.entry("first", value), Map.entry("second", "plain"));
    }

}
