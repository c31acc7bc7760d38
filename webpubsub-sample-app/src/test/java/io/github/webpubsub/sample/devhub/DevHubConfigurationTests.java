package io.github.webpubsub.sample.devhub;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.github.webpubsub.spring.autoconfigure.WebPubSubAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.UserConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.web.servlet.HandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class DevHubConfigurationTests {

    private static final String KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqr";

    @TempDir
    Path directory;

    private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
        .withConfiguration(UserConfigurations.of(DevHubConfiguration.class));

    @ParameterizedTest
    @ValueSource(strings = { "http://localhost:8080", "http://LOCALHOST:8080", "http://127.0.0.1:9000",
            "http://127.8.9.10", "https://[::1]:8443", "http://localhost:8080/app" })
    void servesTheHubWhileTheEndpointIsThisMachine(String endpoint) {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + connectionString(endpoint))
            .run((context) -> {
                assertThat(context).hasSingleBean(DevHubWebSocketHandler.class).hasSingleBean(AccessTokenValidator.class);
                assertThat(context.getBean("webSocketHandlerMapping", HandlerMapping.class)).isNotNull();
            });
    }

    @ParameterizedTest
    @ValueSource(strings = { "https://example.webpubsub.azure.com", "http://10.0.0.7:8080", "http://127.example.com",
            "http://localhost.example.com", "http://127.0.0.256", "https://[::2]" })
    void isOffWithAnyOtherEndpoint(String endpoint) {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + connectionString(endpoint))
            .run((context) -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(DevHubConfiguration.class)
                .doesNotHaveBean(DevHubWebSocketHandler.class)
                .doesNotHaveBean("webSocketHandlerMapping"));
    }

    @Test
    void isOffWithoutAConnectionString() {
        this.contextRunner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DevHubConfiguration.class));
    }

    @Test
    void isOffWithAnInvalidConnectionStringAndLeavesItsReportToOthers() {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=Endpoint=http://localhost:8080;Version=1.0;")
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DevHubConfiguration.class));
    }

    @Test
    void bindsTheConnectionStringFromAnEnvironmentVariableName() {
        Map<String, Object> variables = Map.of("WEBPUBSUB_CONNECTIONSTRING", connectionString("http://localhost:8080"));
        this.contextRunner.withInitializer((context) -> context.getEnvironment().getPropertySources()
            .replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                    new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables)))
            .run((context) -> assertThat(context).hasSingleBean(DevHubWebSocketHandler.class));
    }

    @Test
    void saysOnceAtInfoWhereItServesWithTheConnectionStringMasked(CapturedOutput output) {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + connectionString("http://localhost:8080"))
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(output).containsOnlyOnce("Local development hub serving "
                        + "ws://localhost:8080/client/hubs/{hub} to clients on this machine: a development stand-in "
                        + "for Azure Web PubSub. Connection string: "
                        + "Endpoint=http://localhost:8080;AccessKey=******;Version=1.0; (the access key of "
                        + "'webpubsub.connection-string')");
                assertThat(output).doesNotContain(KEY);
            });
    }

    @Test
    void saysWhenItsKeyIsTheRandomKeyOfThisStart(CapturedOutput output) {
        RandomAccessKeyEnvironmentPostProcessor postProcessor = new RandomAccessKeyEnvironmentPostProcessor();
        this.contextRunner.withInitializer((context) -> postProcessor.postProcessEnvironment(context.getEnvironment(),
                new SpringApplication()))
            .withPropertyValues("webpubsub.connection-string=Endpoint=http://localhost:8080;AccessKey=${"
                    + RandomAccessKeyEnvironmentPostProcessor.PROPERTY + "};Version=1.0;")
            .run((context) -> {
                String randomKey = context.getEnvironment()
                    .getProperty(RandomAccessKeyEnvironmentPostProcessor.PROPERTY);
                assertThat(output).containsOnlyOnce("Connection string: Endpoint=http://localhost:8080;"
                        + "AccessKey=******;Version=1.0; (a random access key, new at each start; set "
                        + "WEBPUBSUB_CONNECTION_STRING to choose one)");
                assertThat(output).doesNotContain(randomKey);
            });
    }

    @Test
    void saysWhenItsKeyComesFromAFile(CapturedOutput output) throws Exception {
        Path keyFile = Files.writeString(this.directory.resolve("access-key"), KEY);
        this.contextRunner.withConfiguration(AutoConfigurations.of(WebPubSubAutoConfiguration.class))
            .withPropertyValues("webpubsub.endpoint=http://127.0.0.1:8080", "webpubsub.access-key-file=" + keyFile)
            .run((context) -> {
                assertThat(context).hasSingleBean(DevHubWebSocketHandler.class);
                assertThat(output).containsOnlyOnce("Connection string: Endpoint=http://127.0.0.1:8080;"
                        + "AccessKey=******;Version=1.0; (the access key of 'webpubsub.access-key-file' (the file it "
                        + "names))");
                assertThat(output).doesNotContain(KEY);
            });
    }

    @Test
    void serverListensOnLoopbackOnlyUnlessServerAddressIsSet(CapturedOutput output) throws Exception {
        String localhost = "webpubsub.connection-string=" + connectionString("http://localhost:8080");
        this.contextRunner.withPropertyValues(localhost)
            .run((context) -> {
                TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
                context.getBean(LoopbackServerAddressCustomizer.class).customize(factory);
                assertThat(factory.getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
                assertThat(output).containsOnlyOnce("The server listens on 127.0.0.1 only, for the local development "
                        + "hub; set 'server.address' to listen elsewhere.");
            });
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + connectionString("https://[::1]:8443"))
            .run((context) -> {
                TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
                context.getBean(LoopbackServerAddressCustomizer.class).customize(factory);
                assertThat(factory.getAddress()).isEqualTo(InetAddress.getByName("::1"));
            });
        this.contextRunner.withPropertyValues(localhost, "server.address=0.0.0.0")
            .run((context) -> {
                TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
                context.getBean(LoopbackServerAddressCustomizer.class).customize(factory);
                assertThat(factory.getAddress()).as("left to Boot's own server.address").isNull();
            });
    }

    @Test
    void saysNothingWhenOff(CapturedOutput output) {
        this.contextRunner
            .withPropertyValues("webpubsub.connection-string=" + connectionString("https://example.webpubsub.azure.com"))
            .run((context) -> assertThat(output).doesNotContainIgnoringCase("development hub").doesNotContain(KEY));
    }

    private static String connectionString(String endpoint) {
        return "Endpoint=" + endpoint + ";AccessKey=" + KEY + ";Version=1.0;";
    }

}
