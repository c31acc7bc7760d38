package io.github.webpubsub.spring.localhub;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.github.webpubsub.localhub.ClientAccessToken;
import io.github.webpubsub.localhub.LocalWebPubSubHub;
import io.github.webpubsub.spring.autoconfigure.WebPubSubAutoConfiguration;
import io.github.webpubsub.spring.autoconfigure.WebPubSubConnectionDetails;
import io.github.webpubsub.token.BearerTokenProvider;
import io.github.webpubsub.token.ClientAccess;
import io.github.webpubsub.token.ClientUrlFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LocalHubAutoConfiguration}: when the local hub serves, where, with
 * which key, and when it stays off. URLs from the starter's factory are dialled with a
 * real WebSocket client.
 */
@ExtendWith(OutputCaptureExtension.class)
class LocalHubAutoConfigurationTests {

    /** Shaped like a real access key: base64 of 32 random bytes, 44 characters. */
    private static final String ACCESS_KEY = "LMUHyXTmEmGQCOHY8OwZn0yadpYcZ+4gmniPYXN0JXY=";

    private static final String NEW_ACCESS_KEY = "Za+U6nYKQBBAv4tVzx875d2Ffff2Xpk5ckBH+NBxtJg=";

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(LocalHubAutoConfiguration.class, WebPubSubAutoConfiguration.class))
        .withPropertyValues("webpubsub.hub=chat");

    @Test
    void withNoEndpointConfiguredTheHubTakesAFreeLoopbackPortAndARandomKeyForTheFactory() {
        this.contextRunner.run((context) -> {
            LocalWebPubSubHub hub = context.getBean(LocalWebPubSubHub.class);
            assertThat(hub.endpoint().getHost()).isEqualTo("127.0.0.1");
            assertThat(hub.endpoint().getPort()).isPositive();
            assertThat(hub.accessKey()).hasSize(44).isNotEqualTo(ACCESS_KEY);
            WebPubSubConnectionDetails details = context.getBean(WebPubSubConnectionDetails.class);
            assertThat(details).isInstanceOf(LocalHubConnectionDetails.class);
            assertThat(details.getEndpoint()).isEqualTo(hub.endpoint());
            assertThat(details.toString()).doesNotContain(hub.accessKey());

            ClientAccess access = context.getBean(ClientUrlFactory.class).create((request) -> request.userId("alice"));

            assertThat(hub.verify(access.urlText()).userId()).isEqualTo("alice");
            assertThat(WebSocketClients.firstFrame(access.url())).contains("\"event\":\"connected\"")
                .contains("\"userId\":\"alice\"");
        });
    }

    @Test
    void portPropertyChoosesThePortWhenNoEndpointIsConfigured() throws IOException {
        int port = freePort();
        this.contextRunner.withPropertyValues("webpubsub.local-hub.port=" + port)
            .run((context) -> assertThat(context.getBean(LocalWebPubSubHub.class).endpoint())
                .isEqualTo(URI.create("http://127.0.0.1:" + port)));
    }

    @Test
    void loopbackConnectionStringIsServedThereWithItsKey() throws IOException {
        int port = freePort();
        this.contextRunner
            .withPropertyValues("webpubsub.connection-string=Endpoint=http://localhost:" + port + ";AccessKey="
                    + ACCESS_KEY + ";Version=1.0;")
            .run((context) -> {
                LocalWebPubSubHub hub = context.getBean(LocalWebPubSubHub.class);
                assertThat(hub.endpoint()).isEqualTo(URI.create("http://localhost:" + port));
                assertThat(hub.accessKey()).isEqualTo(ACCESS_KEY);
                ClientAccess access = context.getBean(ClientUrlFactory.class)
                    .create((request) -> request.userId("bob"));

                assertThat(ClientAccessToken.verify(access.urlText(), ACCESS_KEY).userId()).isEqualTo("bob");
                assertThat(WebSocketClients.firstFrame(access.url())).contains("\"userId\":\"bob\"");
            });
    }

    @Test
    void loopbackEndpointWithAccessKeyIsServedThere() throws IOException {
        int port = freePort();
        this.contextRunner
            .withPropertyValues("webpubsub.endpoint=http://127.0.0.1:" + port, "webpubsub.access-key=" + ACCESS_KEY)
            .run((context) -> assertThat(context.getBean(LocalWebPubSubHub.class).endpoint())
                .isEqualTo(URI.create("http://127.0.0.1:" + port)));
    }

    @Test
    void serviceConnectorVariableOnLoopbackIsServedToo() throws IOException {
        int port = freePort();
        this.contextRunner
            .withSystemProperties("AZURE_WEBPUBSUB_CONNECTIONSTRING=Endpoint=http://127.0.0.1:" + port + ";AccessKey="
                    + ACCESS_KEY + ";Version=1.0;")
            .run((context) -> assertThat(context.getBean(LocalWebPubSubHub.class).endpoint().getPort())
                .isEqualTo(port));
    }

    @Test
    void rotatedKeyFileIsFollowedByTheHub(@TempDir Path directory) throws IOException {
        int port = freePort();
        Path keyFile = Files.writeString(directory.resolve("access-key"), ACCESS_KEY);
        this.contextRunner
            .withPropertyValues("webpubsub.endpoint=http://127.0.0.1:" + port, "webpubsub.access-key-file=" + keyFile)
            .run((context) -> {
                Files.writeString(keyFile, NEW_ACCESS_KEY);
                ClientUrlFactory signedWithNewKey = ClientUrlFactory.builder()
                    .endpoint(URI.create("http://127.0.0.1:" + port))
                    .accessKey(NEW_ACCESS_KEY)
                    .hub("chat")
                    .build();

                String frame = WebSocketClients.firstFrame(signedWithNewKey.create((r) -> r.userId("carol")).url());

                assertThat(frame).contains("\"userId\":\"carol\"");
                assertThat(context.getBean(LocalWebPubSubHub.class).accessKey()).isEqualTo(NEW_ACCESS_KEY);
            });
    }

    @Test
    void connectionStringFromAnEnvironmentVariableIsServedToo() throws IOException {
        int port = freePort();
        Map<String, Object> variables = Map.of("WEBPUBSUB_CONNECTIONSTRING",
                "Endpoint=http://127.0.0.1:" + port + ";AccessKey=" + ACCESS_KEY + ";Version=1.0;");
        this.contextRunner
            .withInitializer((context) -> context.getEnvironment()
                .getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables)))
            .run((context) -> assertThat(context.getBean(LocalWebPubSubHub.class).endpoint().getPort())
                .isEqualTo(port));
    }

    @Test
    void invalidConnectionStringLeavesTheHubOffAndTheReportToTheStarter() {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=Endpoint=http://localhost:8081")
            .run((context) -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageStartingWith("'webpubsub.connection-string' is invalid.")
                    .hasMessageContaining("AccessKey is missing");
            });
    }

    @Test
    void realServiceEndpointLeavesTheHubOff() {
        this.contextRunner
            .withPropertyValues("webpubsub.connection-string=Endpoint=https://contoso.webpubsub.azure.com;AccessKey="
                    + ACCESS_KEY + ";Version=1.0;")
            .run((context) -> {
                assertThat(context).hasNotFailed().doesNotHaveBean(LocalWebPubSubHub.class);
                assertThat(context.getBean(WebPubSubConnectionDetails.class))
                    .isNotInstanceOf(LocalHubConnectionDetails.class);
            });
    }

    @Test
    void plainHttpEndpointOnAnotherHostLeavesTheHubOff() {
        this.contextRunner
            .withPropertyValues("webpubsub.endpoint=http://webpubsub-emulator:8080",
                    "webpubsub.access-key=" + ACCESS_KEY)
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LocalWebPubSubHub.class));
    }

    @Test
    void loopbackHostNameThatOnlyLooksLikeOneLeavesTheHubOff() {
        this.contextRunner
            .withPropertyValues("webpubsub.endpoint=http://127.0.0.1.example.com:8080",
                    "webpubsub.access-key=" + ACCESS_KEY)
            .run((context) -> assertThat(context).doesNotHaveBean(LocalWebPubSubHub.class));
    }

    @Test
    void httpsLoopbackEndpointLeavesTheHubOff() {
        this.contextRunner
            .withPropertyValues("webpubsub.endpoint=https://localhost:8443", "webpubsub.access-key=" + ACCESS_KEY)
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LocalWebPubSubHub.class));
    }

    @Test
    void keylessLoopbackEndpointLeavesTheHubOffUnlessEntraIdTokensAreAccepted() throws IOException {
        int port = freePort();
        this.contextRunner.withUserConfiguration(UnsignedEntraIdTokens.class)
            .withPropertyValues("webpubsub.endpoint=http://127.0.0.1:" + port)
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LocalWebPubSubHub.class));
    }

    @Test
    void keylessModeRunsAgainstTheHubWhenEntraIdTokensAreAccepted() throws IOException {
        int port = freePort();
        this.contextRunner.withUserConfiguration(UnsignedEntraIdTokens.class)
            .withPropertyValues("webpubsub.endpoint=http://127.0.0.1:" + port,
                    "webpubsub.local-hub.accept-unverified-entra-id-tokens=true")
            .run((context) -> {
                LocalWebPubSubHub hub = context.getBean(LocalWebPubSubHub.class);

                ClientAccess access = context.getBean(ClientUrlFactory.class)
                    .create((request) -> request.userId("dave").groups("lobby"));

                ClientAccessToken token = hub.verify(access.urlText());
                assertThat(token.userId()).isEqualTo("dave");
                assertThat(token.groups()).containsExactly("lobby");
                assertThat(WebSocketClients.firstFrame(access.url())).contains("\"userId\":\"dave\"");
            });
    }

    @Test
    void applicationConnectionDetailsWin() {
        this.contextRunner.withBean(WebPubSubConnectionDetails.class, () -> new WebPubSubConnectionDetails() {

            @Override
            public URI getEndpoint() {
                return URI.create("https://vault-configured.webpubsub.azure.com");
            }

            @Override
            public String getAccessKey() {
                return ACCESS_KEY;
            }

        }).run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LocalWebPubSubHub.class));
    }

    @Test
    void switchedOffTheHubLeavesAnUnconfiguredApplicationUnconfigured() {
        this.contextRunner.withPropertyValues("webpubsub.local-hub.enabled=false").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("No Web PubSub resource is configured");
        });
    }

    @Test
    void withoutTheModuleNothingChanges() {
        this.contextRunner.withClassLoader(new FilteredClassLoader(LocalWebPubSubHub.class)).run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("No Web PubSub resource is configured");
        });
    }

    @Test
    void startupLogShowsTheConnectionStringWithTheKeyMasked(CapturedOutput output) {
        this.contextRunner.run((context) -> {
            LocalWebPubSubHub hub = context.getBean(LocalWebPubSubHub.class);

            assertThat(output)
                .contains("Local Web PubSub hub serving Endpoint=" + hub.endpoint() + ";AccessKey=******;Version=1.0;");
            assertThat(output).doesNotContain(hub.accessKey());
        });
    }

    @Test
    void hubStopsWithTheContext() {
        URI[] endpoint = new URI[1];
        this.contextRunner.run((context) -> endpoint[0] = context.getBean(LocalWebPubSubHub.class).endpoint());

        try (ServerSocket again = new ServerSocket(endpoint[0].getPort(), 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).as("the port is free again").isEqualTo(endpoint[0].getPort());
        }
        catch (IOException ex) {
            throw new AssertionError("The hub still listens on " + endpoint[0], ex);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UnsignedEntraIdTokens {

        @Bean
        BearerTokenProvider bearerTokenProvider() {
            return LocalWebPubSubHub.unsignedEntraIdTokens();
        }

    }

}
