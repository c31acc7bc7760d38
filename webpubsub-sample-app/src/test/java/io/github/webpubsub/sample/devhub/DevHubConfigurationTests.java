package io.github.webpubsub.sample.devhub;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.UserConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.web.servlet.HandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class DevHubConfigurationTests {

    private static final String KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqr";

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
    void saysOnceAtInfoWhereItServesAndNeverShowsTheKey(CapturedOutput output) {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + connectionString("http://localhost:8080"))
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(output).containsOnlyOnce("Local development hub serving ws://localhost:8080/client/hubs/{hub}: "
                        + "a development stand-in for Azure Web PubSub");
                assertThat(output).doesNotContain(KEY);
            });
    }

    @Test
    void saysNothingWhenOff(CapturedOutput output) {
        this.contextRunner
            .withPropertyValues("webpubsub.connection-string=" + connectionString("https://example.webpubsub.azure.com"))
            .run((context) -> assertThat(output).doesNotContainIgnoringCase("development hub").doesNotContain(KEY));
    }

    @Test
    void recognisesLoopbackHostsWithoutLookingNamesUp() {
        assertThat(OnLocalEndpointCondition.isLoopback(URI.create("http://localhost"))).isTrue();
        assertThat(OnLocalEndpointCondition.isLoopback(URI.create("http://127.255.255.254"))).isTrue();
        assertThat(OnLocalEndpointCondition.isLoopback(URI.create("http://[0:0:0:0:0:0:0:1]"))).isTrue();
        assertThat(OnLocalEndpointCondition.isLoopback(URI.create("http://128.0.0.1"))).isFalse();
        assertThat(OnLocalEndpointCondition.isLoopback(URI.create("http://127.0.0.1.nip.io"))).isFalse();
        assertThat(OnLocalEndpointCondition.isLoopback(URI.create("http://[::ffff:7f00:1]"))).isTrue();
    }

    private static String connectionString(String endpoint) {
        return "Endpoint=" + endpoint + ";AccessKey=" + KEY + ";Version=1.0;";
    }

}
