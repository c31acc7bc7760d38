package io.github.webpubsub.spring.autoconfigure;

import io.github.webpubsub.token.ClientUrlFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.github.webpubsub.spring.autoconfigure.ClientTokens.ACCESS_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key mode with a plain http endpoint that is not loopback: allowed (an emulator in a
 * container network), but clients will send their tokens over unencrypted {@code ws://},
 * so startup says so once, naming the property and never its value.
 */
@ExtendWith(OutputCaptureExtension.class)
class PlainHttpEndpointWarningTests {

    private static final String WARNING = " names a plain http endpoint that is not a loopback address: clients will "
            + "connect over unencrypted ws:// and send their access tokens in clear text. Use https, unless the "
            + "service is an emulator on a network that no one else can reach.";

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(WebPubSubAutoConfiguration.class));

    @ParameterizedTest
    @ValueSource(strings = { "http://example.test", "http://webpubsub-emulator:8080", "http://10.0.0.7",
            "HTTP://example.test/prefix" })
    void aPlainHttpEndpointIsWarnedOfOnceNamingTheConnectionString(String endpoint, CapturedOutput output) {
        String connectionString = "Endpoint=" + endpoint + ";AccessKey=" + ACCESS_KEY + ";Version=1.0;";
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + connectionString).run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ClientUrlFactory.class).create((request) -> request.hub("chat")).url())
                .hasScheme("ws");
        });
        assertThat(KeyFiles.linesContaining(output.getOut(), "'webpubsub.connection-string'" + WARNING)).isOne();
        assertThat(output.getOut()).containsPattern("WARN.*ClientUrlFactoryBuilderCustomizer");
        assertNoValueIn(output, endpoint, connectionString);
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://example.test", "http://emulator.internal:8080" })
    void theWarningNamesTheEndpointProperty(String endpoint, CapturedOutput output) {
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + endpoint, "webpubsub.access-key=" + ACCESS_KEY)
            .run((context) -> assertThat(context).hasNotFailed());
        assertThat(KeyFiles.linesContaining(output.getOut(), "'webpubsub.endpoint'" + WARNING)).isOne();
        assertNoValueIn(output, endpoint, ACCESS_KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://example.test" })
    void aFailedStartupWarnsOnceToo(String endpoint, CapturedOutput output) {
        // The failure's diagnosis applies the properties again to find the one at fault.
        this.contextRunner
            .withPropertyValues("webpubsub.endpoint=" + endpoint, "webpubsub.access-key=" + ACCESS_KEY,
                    "webpubsub.hub=9lives")
            .run((context) -> assertThat(context).hasFailed());
        assertThat(KeyFiles.linesContaining(output.getOut(), "'webpubsub.endpoint'" + WARNING)).isOne();
    }

    @ParameterizedTest
    @ValueSource(strings = { "https://example.test", "http://localhost:8080", "http://LOCALHOST", "http://127.0.0.1",
            "http://127.1.2.3:8080", "http://[::1]:8080" })
    void httpsAndLoopbackEndpointsAreNotWarnedOf(String endpoint, CapturedOutput output) {
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + endpoint, "webpubsub.access-key=" + ACCESS_KEY)
            .run((context) -> assertThat(context).hasNotFailed());
        assertThat(output.getAll()).doesNotContain("plain http");
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://127.example.com", "http://localhost.example.com", "http://128.0.0.1" })
    void hostsThatOnlyLookLikeLoopbackAreWarnedOf(String endpoint, CapturedOutput output) {
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + endpoint, "webpubsub.access-key=" + ACCESS_KEY)
            .run((context) -> assertThat(context).hasNotFailed());
        assertThat(KeyFiles.linesContaining(output.getOut(), "'webpubsub.endpoint'" + WARNING)).isOne();
    }

    private static void assertNoValueIn(CapturedOutput output, String endpoint, String secret) {
        String host = endpoint.substring(endpoint.indexOf("//") + 2);
        assertThat(output.getAll()).doesNotContain(host).doesNotContain(secret).doesNotContain(ACCESS_KEY);
    }

}
