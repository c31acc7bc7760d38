package io.github.webpubsub.spring.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.github.webpubsub.spring.autoconfigure.ClientTokens.ACCESS_KEY;
import static io.github.webpubsub.spring.autoconfigure.ClientTokens.CONNECTION_STRING;
import static io.github.webpubsub.spring.autoconfigure.ClientTokens.ENDPOINT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Misconfiguration fails startup with a report, from {@link WebPubSubConfigurationFailureAnalyzer}, that names the
 * property and the fix and never contains the secret.
 */
class WebPubSubConfigurationFailureTests {

    /** A key cut short, as when a copy misses its end: still secret, so it must not be printed either. */
    private static final String TRUNCATED_KEY = ACCESS_KEY.substring(0, 20);

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(WebPubSubAutoConfiguration.class));

    @Test
    void nothingConfiguredWhileEnabled() {
        this.contextRunner.run(failsWith((analysis) -> {
            assertThat(analysis.getDescription()).contains("No Web PubSub resource is configured")
                .contains("webpubsub.connection-string")
                .contains("webpubsub.endpoint")
                .contains("AZURE_WEBPUBSUB_CONNECTIONSTRING");
            assertThat(analysis.getAction()).contains("webpubsub.enabled");
        }));
    }

    @Test
    void connectionStringAndEndpointBothSet() {
        this.contextRunner
            .withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.endpoint=" + ENDPOINT)
            .run(failsWith((analysis) -> {
                assertThat(analysis.getDescription()).contains("Both 'webpubsub.connection-string' and "
                        + "'webpubsub.endpoint' are set");
                assertThat(analysis.getAction()).contains("Keep either");
            }, ACCESS_KEY));
    }

    @Test
    void connectionStringAndAccessKeyBothSet() {
        this.contextRunner
            .withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING,
                    "webpubsub.access-key=" + ACCESS_KEY)
            .run(failsWith((analysis) -> assertThat(analysis.getDescription())
                .contains("Both 'webpubsub.connection-string' and 'webpubsub.access-key' are set"), ACCESS_KEY));
    }

    @Test
    void accessKeyWithoutEndpoint() {
        this.contextRunner.withPropertyValues("webpubsub.access-key=" + ACCESS_KEY)
            .run(failsWith((analysis) -> {
                assertThat(analysis.getDescription())
                    .contains("'webpubsub.access-key' is set but 'webpubsub.endpoint' is not");
                assertThat(analysis.getAction()).contains("Set 'webpubsub.endpoint'");
            }, ACCESS_KEY));
    }

    @Test
    void accessKeyWithoutEndpointNextToServiceConnectorVariable() {
        this.contextRunner
            .withPropertyValues("webpubsub.access-key=" + ACCESS_KEY,
                    "AZURE_WEBPUBSUB_CONNECTIONSTRING=" + CONNECTION_STRING)
            .run(failsWith((analysis) -> assertThat(analysis.getAction())
                .contains("or remove 'webpubsub.access-key' to use the connection string in the "
                        + "AZURE_WEBPUBSUB_CONNECTIONSTRING variable"), ACCESS_KEY));
    }

    @Test
    void endpointWithoutAccessKey() {
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + ENDPOINT).run(failsWith((analysis) -> {
            assertThat(analysis.getDescription())
                .contains("'webpubsub.endpoint' is set but 'webpubsub.access-key' is not");
            assertThat(analysis.getAction()).contains("Set 'webpubsub.access-key'")
                .contains("Microsoft Entra ID")
                .contains("not supported by this version");
        }));
    }

    @Test
    void endpointThatIsNotHttp() {
        this.contextRunner
            .withPropertyValues("webpubsub.endpoint=ftp://contoso.webpubsub.azure.com",
                    "webpubsub.access-key=" + ACCESS_KEY)
            .run(failsWith((analysis) -> {
                assertThat(analysis.getDescription()).contains("'webpubsub.endpoint' is invalid")
                    .contains("must use https");
                assertThat(analysis.getAction()).contains("https://example.webpubsub.azure.com");
            }, ACCESS_KEY));
    }

    @Test
    void endpointThatIsNotAUri() {
        this.contextRunner
            .withPropertyValues("webpubsub.endpoint=https://contoso webpubsub", "webpubsub.access-key=" + ACCESS_KEY)
            .run(failsWith((analysis) -> assertThat(analysis.getDescription())
                .contains("'webpubsub.endpoint' is not a valid URI (error at index "), ACCESS_KEY));
    }

    @Test
    void connectionStringPastedIntoEndpoint() {
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + CONNECTION_STRING)
            .run(failsWith((analysis) -> {
                assertThat(analysis.getDescription()).contains("'webpubsub.endpoint' holds a connection string");
                assertThat(analysis.getAction()).contains("Move the value to 'webpubsub.connection-string'");
            }, ACCESS_KEY));
    }

    @Test
    void accessKeyShorterThan32Bytes() {
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.access-key=" + TRUNCATED_KEY)
            .run(failsWith((analysis) -> {
                assertThat(analysis.getDescription()).contains("'webpubsub.access-key' is 20 bytes long")
                    .contains("at least 32");
                assertThat(analysis.getAction()).contains("full access key");
            }, TRUNCATED_KEY));
    }

    @Test
    void accessKeyWithSurroundingWhitespaceFromConnectionDetailsBean() {
        this.contextRunner
            .withBean(WebPubSubConnectionDetails.class, () -> connectionDetails(URI.create(ENDPOINT), ACCESS_KEY + "\n"))
            .run(failsWith((analysis) -> assertThat(analysis.getDescription())
                .contains("starts or ends with whitespace"), ACCESS_KEY));
    }

    @Test
    void accessKeyShorterThan32BytesInConnectionString() {
        String connectionString = "Endpoint=" + ENDPOINT + ";AccessKey=" + TRUNCATED_KEY + ";Version=1.0;";
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + connectionString)
            .run(failsWith((analysis) -> assertThat(analysis.getDescription())
                .contains("'webpubsub.connection-string' is invalid")
                .contains("20 bytes long"), TRUNCATED_KEY));
    }

    @Test
    void malformedConnectionString() {
        String connectionString = "Endpoint=" + ENDPOINT + ";AccessKey=" + ACCESS_KEY + ";AccessKey=" + ACCESS_KEY;
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + connectionString)
            .run(failsWith((analysis) -> {
                assertThat(analysis.getDescription()).contains("'webpubsub.connection-string' is invalid")
                    .contains("AccessKey appears twice");
                assertThat(analysis.getAction()).contains("Keys page");
            }, ACCESS_KEY));
    }

    @Test
    void malformedServiceConnectorVariable() {
        this.contextRunner.withPropertyValues("AZURE_WEBPUBSUB_CONNECTIONSTRING=Endpoint=ftp://contoso;AccessKey="
                + ACCESS_KEY)
            .run(failsWith((analysis) -> assertThat(analysis.getDescription())
                .contains("'AZURE_WEBPUBSUB_CONNECTIONSTRING' is invalid")
                .contains("must use https"), ACCESS_KEY));
    }

    @Test
    void invalidDefaultHub() {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.hub=chat-room")
            .run(failsWith((analysis) -> {
                assertThat(analysis.getDescription()).contains("'webpubsub.hub' is invalid")
                    .contains("invalid character at index 4");
                assertThat(analysis.getAction()).contains("Set 'webpubsub.hub' to a hub name");
            }, ACCESS_KEY));
    }

    @Test
    void zeroLifetime() {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.token.lifetime=0s")
            .run(failsWith((analysis) -> assertThat(analysis.getDescription())
                .contains("'webpubsub.token.lifetime' is PT0S; a token lifetime must be positive"), ACCESS_KEY));
    }

    @Test
    void negativeLifetime() {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.token.lifetime=-5m")
            .run(failsWith((analysis) -> assertThat(analysis.getDescription())
                .contains("'webpubsub.token.lifetime' is PT-5M"), ACCESS_KEY));
    }

    @Test
    void zeroMaxLifetime() {
        this.contextRunner
            .withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.token.max-lifetime=0")
            .run(failsWith((analysis) -> assertThat(analysis.getDescription())
                .contains("'webpubsub.token.max-lifetime' is PT0S"), ACCESS_KEY));
    }

    @Test
    void lifetimeAboveMaximum() {
        this.contextRunner
            .withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.token.lifetime=2d")
            .run(failsWith((analysis) -> {
                assertThat(analysis.getDescription())
                    .contains("'webpubsub.token.lifetime' (PT48H) exceeds 'webpubsub.token.max-lifetime' (PT24H)");
                assertThat(analysis.getAction()).contains("raise 'webpubsub.token.max-lifetime'");
            }, ACCESS_KEY));
    }

    @Test
    void invalidEndpointFromConnectionDetailsBean() {
        this.contextRunner
            .withBean(WebPubSubConnectionDetails.class,
                    () -> connectionDetails(URI.create("https://user@contoso.webpubsub.azure.com"), ACCESS_KEY))
            .run(failsWith((analysis) -> assertThat(analysis.getDescription())
                .contains("getEndpoint() of the WebPubSubConnectionDetails bean")
                .contains("must not contain user information"), ACCESS_KEY));
    }

    @Test
    void shortKeyFromConnectionDetailsBean() {
        this.contextRunner.withBean(WebPubSubConnectionDetails.class,
                () -> connectionDetails(URI.create(ENDPOINT), TRUNCATED_KEY))
            .run(failsWith((analysis) -> assertThat(analysis.getDescription())
                .contains("getAccessKey() of the WebPubSubConnectionDetails bean")
                .contains("20 bytes long"), TRUNCATED_KEY));
    }

    @Test
    void noKeyFromConnectionDetailsBean() {
        this.contextRunner.withBean(WebPubSubConnectionDetails.class, () -> connectionDetails(URI.create(ENDPOINT), null))
            .run(failsWith((analysis) -> assertThat(analysis.getDescription())
                .contains("getAccessKey() of the WebPubSubConnectionDetails bean")
                .contains("returned null")));
    }

    @Test
    void builderCustomizerThatBreaksTheFactory() {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING)
            .withUserConfiguration(BreakingCustomizerConfiguration.class)
            .run(failsWith((analysis) -> {
                assertThat(analysis.getDescription()).contains("ClientUrlFactoryBuilderCustomizer")
                    .contains("Default token lifetime");
                assertThat(analysis.getAction()).contains("ClientUrlFactoryBuilderCustomizer");
            }, ACCESS_KEY));
    }

    @Test
    void reportWithoutEnvironmentHasNoOrigin() {
        WebPubSubConfigurationException exception = new WebPubSubConfigurationException("webpubsub.hub", "Bad hub.",
                "Fix it.");
        FailureAnalysis analysis = new WebPubSubConfigurationFailureAnalyzer(null).analyze(exception);
        assertThat(analysis.getDescription()).isEqualTo("Web PubSub client access is misconfigured. Bad hub.");
        assertThat(analysis.getAction()).isEqualTo("Fix it.");
        assertThat(analysis.getCause()).isSameAs(exception);
    }

    private static ContextConsumer<AssertableApplicationContext> failsWith(
            Consumer<FailureAnalysis> analysisCheck, String... secrets) {
        return (context) -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            FailureAnalysis analysis = new WebPubSubConfigurationFailureAnalyzer(null).analyze(failure);
            assertThat(analysis).as("failure analysis of %s", failure).isNotNull();
            analysisCheck.accept(analysis);
            for (String secret : secrets) {
                assertThat(analysis.getDescription()).doesNotContain(secret);
                assertThat(analysis.getAction()).doesNotContain(secret);
                for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                    assertThat(String.valueOf(cause.getMessage())).doesNotContain(secret);
                }
            }
        };
    }

    private static WebPubSubConnectionDetails connectionDetails(URI endpoint, String accessKey) {
        return new WebPubSubConnectionDetails() {

            @Override
            public URI getEndpoint() {
                return endpoint;
            }

            @Override
            public String getAccessKey() {
                return accessKey;
            }

        };
    }

    @Configuration(proxyBeanMethods = false)
    static class BreakingCustomizerConfiguration {

        @Bean
        ClientUrlFactoryBuilderCustomizer breakingCustomizer() {
            return (builder) -> builder.defaultLifetime(Duration.ZERO);
        }

    }

}
