package io.github.webpubsub.sample;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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
 * The sample started with no configuration at all, as the quick start runs it: it serves its local development hub
 * to this machine only, and signs (and checks) tokens with an access key that is new at each start.
 */
@ExtendWith(OutputCaptureExtension.class)
class LocalHubDefaultsTests {

    /** The development key that the repository once held, and that anyone could therefore sign with. */
    private static final String FORMER_COMMITTED_KEY = "LocalDevHubKeyForDevelopmentOnlyNotASecret0=";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void servesThisMachineOnlyWithARandomKeyThatTheApplicationSignsWith(CapturedOutput output) throws Exception {
        int port = TestSocketUtils.findAvailableTcpPort();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(WebPubSubSampleApplication.class)
            .run("--server.port=" + port)) {
            String key = context.getBean(WebPubSubConnectionDetails.class).getAccessKey();
            assertThat(key).hasSize(44).isNotEqualTo(FORMER_COMMITTED_KEY)
                .isEqualTo(context.getEnvironment().getProperty("local-hub.random-access-key"));
            assertThat(Base64.getDecoder().decode(key)).hasSize(32);

            TomcatWebServer server = (TomcatWebServer) ((WebServerApplicationContext) context).getWebServer();
            assertThat(((AbstractProtocol<?>) server.getTomcat().getConnector().getProtocolHandler()).getAddress())
                .isEqualTo(InetAddress.getByName("127.0.0.1"));

            HttpResponse<String> negotiated = HttpClient.newHttpClient().send(HttpRequest
                .newBuilder(URI.create("http://localhost:" + port + "/negotiate"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString("alice:alice".getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(negotiated.statusCode()).isEqualTo(200);
            String url = JSON.readTree(negotiated.body()).get("url").asString();
            String token = JSON.readTree(negotiated.body()).get("token").asString();
            assertThat(signedWith(token, key)).as("signed with the random key").isTrue();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("json.webpubsub.azure.v1")
                .buildAsync(URI.create(url), new WebSocket.Listener() {
                }).join();
            assertThat(socket.getSubprotocol()).isEqualTo("json.webpubsub.azure.v1");
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();

            assertThat(output).contains("Local development hub serving ws://localhost:" + port + "/client/hubs/{hub} "
                    + "to clients on this machine: a development stand-in for Azure Web PubSub. Connection string: "
                    + "Endpoint=http://localhost:" + port + ";AccessKey=******;Version=1.0; (a random access key, "
                    + "new at each start; set WEBPUBSUB_CONNECTION_STRING to choose one)")
                .contains("The server listens on 127.0.0.1 only, for the local development hub; set 'server.address' "
                        + "to listen elsewhere.")
                .contains("No users are configured: the demo users alice, bob and admin sign in, while the sample "
                        + "serves its local development hub (configure 'sample.users' to replace them).")
                .doesNotContain(key);
        }
    }

    private static boolean signedWith(String token, String key) throws Exception {
        int lastDot = token.lastIndexOf('.');
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal(token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
        return MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(token.substring(lastDot + 1)));
    }

}
