package io.github.webpubsub.localhub;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import io.github.webpubsub.localhub.ClientMessage.Kind;
import io.github.webpubsub.localhub.junit.LocalWebPubSubHubExtension;
import io.github.webpubsub.token.ClientUrlFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code src/test/js/official-packages-check.mjs} against the hub: Microsoft's own
 * packages only, the server SDK {@code @azure/web-pubsub} 1.2.0 (its URLs and REST calls,
 * over plain http with {@code allowInsecureConnection}) and the client
 * {@code @azure/web-pubsub-client} 1.1.0, as an application and its browsers use them
 * with the service.
 */
class OfficialJsPackagesTests {

    private static final String OTHER_KEY = "rqponmlkjihgfedcbaZYXWVUTSRQPONMLKJIHGFEDCBA";

    @RegisterExtension
    static final LocalWebPubSubHubExtension hub = new LocalWebPubSubHubExtension();

    @Test
    void officialServerSdkAndClientWorkAgainstTheHubAsAgainstTheService() throws Exception {
        ClientUrlFactory expired = ClientUrlFactory.builder()
            .connectionString(hub.connectionString())
            .hub("chat")
            .clock(Clock.offset(Clock.systemUTC(), Duration.ofHours(-2)))
            .build();
        ClientUrlFactory wrongKey = ClientUrlFactory.builder()
            .endpoint(hub.endpoint())
            .accessKey(OTHER_KEY)
            .hub("chat")
            .build();

        NodeScript.Run run = NodeScript.run("official-packages-check.mjs",
                Map.of("WEBPUBSUB_CONNECTION_STRING", hub.connectionString(), "WEBPUBSUB_URL_EXPIRED",
                        expired.create((r) -> r.userId("alice")).urlText(), "WEBPUBSUB_URL_WRONG_KEY",
                        wrongKey.create((r) -> r.userId("alice")).urlText(), "WEBPUBSUB_WRONG_KEY", OTHER_KEY));

        assertThat(run.exitCode())
            .withFailMessage("The official packages' checks failed (exit code %d):%n%s", run.exitCode(), run.output())
            .isZero();
        assertThat(run.output()).contains("All 12 checks passed.");
        ClientMessage event = hub.awaitMessage((m) -> m.isEvent("js-event"), Duration.ofSeconds(5));
        assertThat(event.userId()).isEqualTo("alice");
        assertThat(event.text()).isEqualTo("{\"from\":\"the official client\"}");
        ClientMessage plain = hub.awaitMessage((m) -> m.kind() == Kind.PLAIN, Duration.ofSeconds(5));
        assertThat(plain.userId()).isEqualTo("dave");
        assertThat(plain.text()).isEqualTo("hello from a plain socket");
    }

}
