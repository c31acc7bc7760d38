package io.github.webpubsub.sample.devhub;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hub's first check: a handshake comes from this machine, or is refused with 403 before the token is looked at.
 */
@ExtendWith(OutputCaptureExtension.class)
class LocalClientsOnlyInterceptorTests {

    private final LocalClientsOnlyInterceptor interceptor = new LocalClientsOnlyInterceptor();

    private final MockHttpServletResponse response = new MockHttpServletResponse();

    private final Map<String, Object> attributes = new HashMap<>();

    @Test
    void refusesAHandshakeFromAnotherMachineWith403AndSaysWhy(CapturedOutput output) throws Exception {
        boolean admitted = handshake(request("10.1.2.3"));

        assertThat(admitted).isFalse();
        assertThat(this.response.getStatus()).isEqualTo(403);
        assertThat(this.response.getContentType()).isEqualTo("text/plain;charset=UTF-8");
        assertThat(this.response.getContentAsString(StandardCharsets.UTF_8)).isEqualTo("The local development hub "
                + "accepts clients on this machine only (a loopback address). Against Azure Web PubSub, clients on "
                + "other machines connect to the service instead.");
        assertThat(this.attributes).isEmpty();
        assertThat(output).contains("Refused a client of the local development hub from /10.1.2.3:");
    }

    @ParameterizedTest
    @ValueSource(strings = { "127.0.0.1", "127.0.1.1", "0:0:0:0:0:0:0:1" })
    void admitsAHandshakeFromThisMachineToTheTokenCheck(String remoteAddress) throws Exception {
        assertThat(handshake(request(remoteAddress))).isTrue();
        assertThat(this.response.getStatus()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = { "10.1.2.3", "127.0.0.1, 10.1.2.3", "unknown", "localhost", "2001:db8::7" })
    void refusesAClientThatALocalProxyForwardedFromElsewhere(String forwardedFor) throws Exception {
        MockHttpServletRequest request = request("127.0.0.1");
        request.addHeader("X-Forwarded-For", forwardedFor);

        assertThat(handshake(request)).isFalse();
        assertThat(this.response.getStatus()).isEqualTo(403);
    }

    @ParameterizedTest
    @ValueSource(strings = { "for=192.0.2.60;proto=http;by=127.0.0.1", "for=\"[2001:db8:cafe::17]:4711\"",
            "for=unknown", "for=_hidden", "for=127.0.0.1, for=198.51.100.17" })
    void refusesAClientThatAForwardedHeaderNamesElsewhere(String forwarded) throws Exception {
        MockHttpServletRequest request = request("127.0.0.1");
        request.addHeader("Forwarded", forwarded);

        assertThat(handshake(request)).isFalse();
        assertThat(this.response.getStatus()).isEqualTo(403);
    }

    @Test
    void admitsAClientThatALocalProxyForwardedFromThisMachine() throws Exception {
        MockHttpServletRequest request = request("127.0.0.1");
        request.addHeader("X-Forwarded-For", "127.0.0.1, ::1");
        request.addHeader("Forwarded", "For=\"[::1]:4711\";proto=http, for=127.0.0.1:5000");

        assertThat(handshake(request)).isTrue();
    }

    private boolean handshake(MockHttpServletRequest request) throws Exception {
        ServletServerHttpResponse response = new ServletServerHttpResponse(this.response);
        boolean admitted = this.interceptor.beforeHandshake(new ServletServerHttpRequest(request), response,
                new TextWebSocketHandler(), this.attributes);
        response.flush();
        return admitted;
    }

    private static MockHttpServletRequest request(String remoteAddress) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/client/hubs/chat");
        request.setRemoteAddr(remoteAddress);
        request.setRemotePort(50123);
        return request;
    }

}
