package io.github.webpubsub.spring.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint.ConfigurationPropertiesBeanDescriptor;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.actuate.env.EnvironmentEndpoint.EnvironmentDescriptor;
import org.springframework.boot.actuate.env.EnvironmentEndpoint.PropertySourceDescriptor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static io.github.webpubsub.spring.autoconfigure.ClientTokens.ACCESS_KEY;
import static io.github.webpubsub.spring.autoconfigure.ClientTokens.CONNECTION_STRING;
import static io.github.webpubsub.spring.autoconfigure.ClientTokens.ENDPOINT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actuator's {@code /env} and {@code /configprops} endpoints, with values shown, mask
 * the Web PubSub secrets through {@link WebPubSubSanitizingFunction}.
 */
class WebPubSubSanitizingFunctionTests {

    private static final String MASKED = SanitizableData.SANITIZED_VALUE;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(
                AutoConfigurations.of(WebPubSubAutoConfiguration.class, EnvironmentEndpointAutoConfiguration.class,
                        ConfigurationPropertiesReportEndpointAutoConfiguration.class))
        .withPropertyValues("management.endpoints.web.exposure.include=env,configprops",
                "management.endpoint.env.show-values=always", "management.endpoint.configprops.show-values=always");

    @Test
    void envMasksConnectionStringAndShowsOtherValues() {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.hub=chat")
            .run((context) -> {
                assertThat(envValue(context, "webpubsub.connection-string")).isEqualTo(MASKED);
                assertThat(envValue(context, "webpubsub.hub")).isEqualTo("chat");
                assertThat(envDump(context)).doesNotContain(ACCESS_KEY);
            });
    }

    @Test
    void envMasksAccessKey() {
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.access-key=" + ACCESS_KEY)
            .run((context) -> {
                assertThat(envValue(context, "webpubsub.access-key")).isEqualTo(MASKED);
                assertThat(envValue(context, "webpubsub.endpoint")).isEqualTo(ENDPOINT);
                assertThat(envDump(context)).doesNotContain(ACCESS_KEY);
            });
    }

    @Test
    void envMasksEnvironmentVariables() {
        this.contextRunner
            .withInitializer(
                    (context) -> context.getEnvironment()
                        .getPropertySources()
                        .addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                new SystemEnvironmentPropertySource("test-systemEnvironment",
                                        Map.of("AZURE_WEBPUBSUB_CONNECTIONSTRING", CONNECTION_STRING,
                                                "WEBPUBSUB_ACCESSKEY", ACCESS_KEY, "WEBPUBSUB_ENDPOINT", ENDPOINT))))
            .run((context) -> {
                Map<String, Object> variables = source(context, "test-systemEnvironment");
                assertThat(variables).containsEntry("AZURE_WEBPUBSUB_CONNECTIONSTRING", MASKED)
                    .containsEntry("WEBPUBSUB_ACCESSKEY", MASKED)
                    .containsEntry("WEBPUBSUB_ENDPOINT", ENDPOINT);
                assertThat(envDump(context)).doesNotContain(ACCESS_KEY);
            });
    }

    @Test
    void envMasksAConnectionStringUnderAnyName() {
        this.contextRunner
            .withPropertyValues("webpubsub.connection-string=${app.secrets.chat}",
                    "app.secrets.chat=" + CONNECTION_STRING)
            .run((context) -> {
                assertThat(envValue(context, "app.secrets.chat")).isEqualTo(MASKED);
                assertThat(envDump(context)).doesNotContain(ACCESS_KEY);
            });
    }

    @Test
    void configpropsMasksAccessKeyAndShowsEndpoint() {
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.access-key=" + ACCESS_KEY)
            .run((context) -> {
                ConfigurationPropertiesBeanDescriptor bean = webPubSubProperties(context);
                assertThat(bean.getProperties()).containsEntry("accessKey", MASKED).containsEntry("endpoint", ENDPOINT);
                assertThat(bean.getInputs()).extractingByKey("accessKey")
                    .asInstanceOf(InstanceOfAssertFactories.MAP)
                    .containsEntry("value", MASKED);
                assertThat(String.valueOf(bean.getProperties()) + bean.getInputs()).doesNotContain(ACCESS_KEY);
            });
    }

    @Test
    void configpropsMasksConnectionString() {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING).run((context) -> {
            ConfigurationPropertiesBeanDescriptor bean = webPubSubProperties(context);
            assertThat(bean.getProperties()).containsEntry("connectionString", MASKED);
            assertThat(String.valueOf(bean.getProperties()) + bean.getInputs()).doesNotContain(ACCESS_KEY);
        });
    }

    @Test
    void withoutThisFunctionBootShowsTheSecrets() {
        // Why the starter contributes the function: once values are shown, Boot masks
        // nothing by key.
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING).run((context) -> {
            EnvironmentEndpoint bootAlone = new EnvironmentEndpoint(context.getEnvironment(), List.of(), Show.ALWAYS);
            assertThat(bootAlone.environmentEntry("webpubsub.connection-string").getProperty().getValue())
                .isEqualTo(CONNECTION_STRING);
        });
    }

    private static Object envValue(AssertableApplicationContext context, String name) {
        return context.getBean(EnvironmentEndpoint.class).environmentEntry(name).getProperty().getValue();
    }

    private static Map<String, Object> source(AssertableApplicationContext context, String name) {
        EnvironmentDescriptor environment = context.getBean(EnvironmentEndpoint.class).environment(null);
        PropertySourceDescriptor source = environment.getPropertySources()
            .stream()
            .filter((candidate) -> candidate.getName().equals(name))
            .findFirst()
            .orElseThrow();
        Map<String, Object> values = new LinkedHashMap<>();
        source.getProperties().forEach((key, value) -> values.put(key, value.getValue()));
        return values;
    }

    private static String envDump(AssertableApplicationContext context) {
        StringBuilder dump = new StringBuilder();
        for (PropertySourceDescriptor source : context.getBean(EnvironmentEndpoint.class)
            .environment(null)
            .getPropertySources()) {
            source.getProperties()
                .forEach((key, value) -> dump.append(key).append('=').append(value.getValue()).append('\n'));
        }
        return dump.toString();
    }

    private static ConfigurationPropertiesBeanDescriptor webPubSubProperties(AssertableApplicationContext context) {
        return context.getBean(ConfigurationPropertiesReportEndpoint.class)
            .configurationPropertiesWithPrefix("webpubsub")
            .getContexts()
            .values()
            .stream()
            .flatMap((contextDescriptor) -> contextDescriptor.getBeans().values().stream())
            .filter((bean) -> bean.getPrefix().equals("webpubsub"))
            .findFirst()
            .orElseThrow();
    }

}
