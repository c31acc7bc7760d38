package io.github.webpubsub.sample;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import io.github.webpubsub.localhub.ClientAccessToken;
import io.github.webpubsub.spring.autoconfigure.WebPubSubConnectionDetails;
import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.util.TestSocketUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample started with no configuration at all, as the quick start runs it: the local
 * hub stands in for the service on a loopback port of its own, with an access key that is
 * new at each start, and the server that lets the demo users sign in listens on this
 * machine only.
 */
@ExtendWith(OutputCaptureExtension.class)
class LocalHubDefaultsTests {

    /**
     * The development key that the repository once held, and that anyone could therefore
     * sign with.
     */
    private static final String FORMER_COMMITTED_KEY = "LocalDevHubKeyForDevelopmentOnlyNotASecret0=";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void servesThisMachineOnlyWithARandomKeyThatTheApplicationSignsWith(CapturedOutput output) throws Exception {
        int port = TestSocketUtils.findAvailableTcpPort();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(WebPubSubSampleApplication.class)
            .run("--server.port=" + port)) {
            WebPubSubConnectionDetails connection = context.getBean(WebPubSubConnectionDetails.class);
            String key = connection.getAccessKey();
            assertThat(key).isNotEqualTo(FORMER_COMMITTED_KEY);
            assertThat(connection.getEndpoint().getHost()).isEqualTo("127.0.0.1");

            TomcatWebServer server = (TomcatWebServer) ((WebServerApplicationContext) context).getWebServer();
            assertThat(((AbstractProtocol<?>) server.getTomcat().getConnector().getProtocolHandler()).getAddress())
                .as("the demo users' server")
                .isEqualTo(InetAddress.getByName("127.0.0.1"));

            HttpResponse<String> negotiated = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/negotiate"))
                    .header("Authorization",
                            "Basic " + Base64.getEncoder()
                                .encodeToString("alice:alice".getBytes(StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(negotiated.statusCode()).isEqualTo(200);
            String url = JSON.readTree(negotiated.body()).get("url").asString();
            assertThat(ClientAccessToken.verify(url, key).userId()).as("signed with the random key").isEqualTo("alice");
            WebSocket socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .subprotocols("json.webpubsub.azure.v1")
                .buildAsync(URI.create(url), new WebSocket.Listener() {
                })
                .join();
            assertThat(socket.getSubprotocol()).isEqualTo("json.webpubsub.azure.v1");
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();

            assertThat(output)
                .contains("Local Web PubSub hub serving Endpoint=" + connection.getEndpoint()
                        + ";AccessKey=******;Version=1.0; on the loopback address, with a random key")
                .contains("The server listens on 127.0.0.1 only, while the demo users sign in; set 'server.address' "
                        + "to listen elsewhere.")
                .contains("No users are configured: the demo users alice, bob and admin sign in, while the sample "
                        + "serves its local development hub (configure 'sample.users' to replace them).")
                .doesNotContain(key);
        }
    }

}
