package io.github.webpubsub.spring.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;

import com.azure.core.credential.TokenCredential;
import io.github.webpubsub.token.BearerTokenProvider;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.github.webpubsub.spring.autoconfigure.ClientTokens.ACCESS_KEY;
import static io.github.webpubsub.spring.autoconfigure.ClientTokens.CONNECTION_STRING;
import static io.github.webpubsub.spring.autoconfigure.ClientTokens.ENDPOINT;
import static io.github.webpubsub.spring.autoconfigure.ConfigurationFailures.connectionDetails;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Misconfiguration fails startup with a report, from
 * {@link WebPubSubConfigurationFailureAnalyzer}, that names the property and the fix and
 * never contains the secret.
 */
class WebPubSubConfigurationFailureTests {

    private static final String CLIENT_ID = "6f1ac5ee-4c1f-4a47-9a0c-0f1d6c1b2a3e";

    /**
     * A key cut short, as when a copy misses its end: still secret, so it must not be
     * printed either.
     */
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
            assertThat(analysis.getAction()).contains("webpubsub.enabled")
                .contains("'webpubsub.endpoint' alone to have the service mint the tokens");
        }));
    }

    @Test
    void connectionStringAndEndpointBothSet() {
        this.contextRunner
            .withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.endpoint=" + ENDPOINT)
            .run(failsWith((analysis) -> {
                assertThat(analysis.getDescription())
                    .contains("Both 'webpubsub.connection-string' and 'webpubsub.endpoint' are set");
                assertThat(analysis.getAction()).contains("Keep either");
            }, ACCESS_KEY));
    }

    @Test
    void connectionStringAndAccessKeyBothSet() {
        this.contextRunner
            .withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING,
                    "webpubsub.access-key=" + ACCESS_KEY)
            .run(failsWith(
                    (analysis) -> assertThat(analysis.getDescription())
                        .contains("Both 'webpubsub.connection-string' and 'webpubsub.access-key' are set"),
                    ACCESS_KEY));
    }

    @Test
    void accessKeyWithoutEndpoint() {
        this.contextRunner.withPropertyValues("webpubsub.access-key=" + ACCESS_KEY).run(failsWith((analysis) -> {
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
                        + "AZURE_WEBPUBSUB_CONNECTIONSTRING variable"),
                    ACCESS_KEY));
    }

    @Test
    void endpointAloneWithoutAzureIdentityOrProvider() {
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + ENDPOINT)
            .withClassLoader(new FilteredClassLoader("com.azure.identity"))
            .run(failsWith((analysis) -> {
                assertThat(analysis.getDescription())
                    .contains("'webpubsub.endpoint' is set without 'webpubsub.access-key', which selects key-less "
                            + "mode (Microsoft Entra ID)")
                    .contains("azure-identity is not on the class path and the application defines no "
                            + "BearerTokenProvider bean");
                assertThat(analysis.getAction()).contains("Add the dependency com.azure:azure-identity")
                    .contains("define a BearerTokenProvider bean")
                    .contains("set 'webpubsub.access-key'");
            }));
    }

    @Test
    void endpointAloneWithoutAnyAzureLibrary() {
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + ENDPOINT)
            .withClassLoader(new FilteredClassLoader("com.azure"))
            .run(failsWith((analysis) -> assertThat(analysis.getAction())
                .contains("Add the dependency com.azure:azure-identity")));
    }

    @Test
    void endpointAloneWithSeveralTokenCredentialBeans() {
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + ENDPOINT)
            .withUserConfiguration(TwoTokenCredentialsConfiguration.class)
            .run(failsWith((analysis) -> {
                assertThat(analysis.getDescription())
                    .contains("the application defines 2 TokenCredential beans and none of them is @Primary");
                assertThat(analysis.getAction()).contains("a single (or @Primary) TokenCredential bean");
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
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + CONNECTION_STRING).run(failsWith((analysis) -> {
            assertThat(analysis.getDescription()).contains("'webpubsub.endpoint' holds a connection string");
            assertThat(analysis.getAction()).contains("Move the value to 'webpubsub.connection-string'");
        }, ACCESS_KEY));
    }

    @Test
    void accessKeyShorterThan32Bytes() {
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.access-key=" + TRUNCATED_KEY)
            .run(failsWith((analysis) -> {
                assertThat(analysis.getDescription()).contains(
                        "'webpubsub.access-key' is invalid. Access key is 20 bytes long; HS256 needs at least 32");
                assertThat(analysis.getAction()).contains("full access key");
            }, TRUNCATED_KEY));
    }

    @Test
    void accessKeyWithSurroundingWhitespaceFromConnectionDetailsBean() {
        this.contextRunner
            .withBean(WebPubSubConnectionDetails.class,
                    () -> connectionDetails(URI.create(ENDPOINT), ACCESS_KEY + "\n"))
            .run(failsWith(
                    (analysis) -> assertThat(analysis.getDescription()).contains("starts or ends with whitespace"),
                    ACCESS_KEY));
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
        this.contextRunner
            .withPropertyValues("AZURE_WEBPUBSUB_CONNECTIONSTRING=Endpoint=ftp://contoso;AccessKey=" + ACCESS_KEY)
            .run(failsWith((analysis) -> assertThat(analysis.getDescription())
                .contains("'AZURE_WEBPUBSUB_CONNECTIONSTRING' is invalid")
                .contains("must use https"), ACCESS_KEY));
    }

    @Test
    void invalidDefaultHub() {
        this.contextRunner
            .withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.hub=chat-room")
            .run(failsWith((analysis) -> {
                assertThat(analysis.getDescription()).contains("'webpubsub.hub' is invalid")
                    .contains("invalid character at index 4");
                assertThat(analysis.getAction()).contains("Set 'webpubsub.hub' to a hub name");
            }, ACCESS_KEY));
    }

    @Test
    void zeroLifetime() {
        this.contextRunner
            .withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.token.lifetime=0s")
            .run(failsWith(
                    (analysis) -> assertThat(analysis.getDescription())
                        .contains("'webpubsub.token.lifetime' is invalid. Default token lifetime PT0S is not positive"),
                    ACCESS_KEY));
    }

    @Test
    void negativeLifetime() {
        this.contextRunner
            .withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.token.lifetime=-5m")
            .run(failsWith(
                    (analysis) -> assertThat(analysis.getDescription()).contains(
                            "'webpubsub.token.lifetime' is invalid. Default token lifetime PT-5M is not positive"),
                    ACCESS_KEY));
    }

    @Test
    void zeroMaxLifetime() {
        this.contextRunner
            .withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.token.max-lifetime=0")
            .run(failsWith(
                    (analysis) -> assertThat(analysis.getDescription()).contains(
                            "'webpubsub.token.max-lifetime' is invalid. Maximum token lifetime PT0S is not positive"),
                    ACCESS_KEY));
    }

    @Test
    void lifetimeAboveMaximum() {
        this.contextRunner
            .withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.token.lifetime=2d")
            .run(failsWith((analysis) -> {
                assertThat(analysis.getDescription()).contains("'webpubsub.token.lifetime' is invalid. Default token "
                        + "lifetime PT48H exceeds the maximum PT24H");
                assertThat(analysis.getAction()).contains("raise 'webpubsub.token.max-lifetime'");
            }, ACCESS_KEY));
    }

    @Test
    void maxLifetimeAboveAYearFailsStartupNamingTheProperty() {
        this.contextRunner
            .withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING,
                    "webpubsub.token.max-lifetime=100000d")
            .run(failsWith((analysis) -> {
                assertThat(analysis.getDescription()).isEqualTo("Web PubSub client access is misconfigured. "
                        + "'webpubsub.token.max-lifetime' is 100000d; it must be at most 365d.");
                assertThat(analysis.getAction()).isEqualTo("Set 'webpubsub.token.max-lifetime' to a positive duration "
                        + "up to 365d, such as 24h, or remove it for the default.");
            }, ACCESS_KEY));
    }

    @Test
    void maxLifetimeAboveAYearFailsStartupInKeylessModeToo() {
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.token.max-lifetime=366d")
            .withBean(BearerTokenProvider.class, () -> (scope) -> {
                throw new AssertionError("No service call at startup");
            })
            .run(failsWith((analysis) -> assertThat(analysis.getDescription())
                .endsWith("'webpubsub.token.max-lifetime' is 366d; it must be at most 365d.")));
    }

    @Test
    void hugeLifetimeFailsStartupNamingTheProperty() {
        this.contextRunner
            .withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.token.lifetime=100000d")
            .run(failsWith((analysis) -> {
                assertThat(analysis.getDescription()).isEqualTo("Web PubSub client access is misconfigured. "
                        + "'webpubsub.token.lifetime' is invalid. Default token lifetime PT2400000H exceeds the "
                        + "maximum PT24H.");
                assertThat(analysis.getAction()).isEqualTo("Set 'webpubsub.token.lifetime' to a positive duration "
                        + "such as 15m, at most 'webpubsub.token.max-lifetime', or raise "
                        + "'webpubsub.token.max-lifetime'.");
            }, ACCESS_KEY));
    }

    @Test
    void hugeLifetimeAndMaxLifetimeFailStartupNamingTheMaximum() {
        this.contextRunner
            .withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.token.lifetime=100000d",
                    "webpubsub.token.max-lifetime=100000d")
            .run(failsWith((analysis) -> assertThat(analysis.getDescription())
                .endsWith("'webpubsub.token.max-lifetime' is 100000d; it must be at most 365d."), ACCESS_KEY));
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
        this.contextRunner
            .withBean(WebPubSubConnectionDetails.class, () -> connectionDetails(URI.create(ENDPOINT), TRUNCATED_KEY))
            .run(failsWith((analysis) -> assertThat(analysis.getDescription())
                .contains("getAccessKey() of the WebPubSubConnectionDetails bean")
                .contains("20 bytes long"), TRUNCATED_KEY));
    }

    @Test
    void noKeyFromConnectionDetailsBeanWithoutAzureIdentity() {
        this.contextRunner
            .withBean(WebPubSubConnectionDetails.class, () -> connectionDetails(URI.create(ENDPOINT), null))
            .withClassLoader(new FilteredClassLoader("com.azure.identity"))
            .run(failsWith((analysis) -> {
                assertThat(analysis.getDescription()).contains("getEndpoint() of the WebPubSubConnectionDetails bean")
                    .contains("returned an endpoint and getAccessKey() of the WebPubSubConnectionDetails bean")
                    .contains("returned null, which selects key-less mode");
                assertThat(analysis.getAction()).contains("com.azure:azure-identity");
            }));
    }

    @Test
    void zeroConnectTimeout() {
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.service.connect-timeout=0")
            .run(failsWith((analysis) -> {
                assertThat(analysis.getDescription())
                    .contains("'webpubsub.service.connect-timeout' is invalid. Connect timeout PT0S is not positive.");
                assertThat(analysis.getAction())
                    .contains("Set 'webpubsub.service.connect-timeout' to a positive duration such as 5s");
            }));
    }

    @Test
    void readTimeoutAboveDeadline() {
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.service.read-timeout=20s")
            .run(failsWith((analysis) -> {
                assertThat(analysis.getDescription()).contains("'webpubsub.service.read-timeout' is invalid. Read "
                        + "timeout PT20S exceeds the service deadline PT15S");
                assertThat(analysis.getAction()).contains("lengthen 'webpubsub.service.deadline'");
            }));
    }

    @Test
    void negativeDeadline() {
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.service.deadline=-1s")
            .run(failsWith((analysis) -> assertThat(analysis.getDescription())
                .contains("'webpubsub.service.deadline' is invalid. Service deadline PT-1S is not positive.")));
    }

    @Test
    void tooManyRetries() {
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.service.max-retries=11")
            .run(failsWith((analysis) -> {
                assertThat(analysis.getDescription())
                    .contains("'webpubsub.service.max-retries' is invalid. Max retries 11 is outside 0..10.");
                assertThat(analysis.getAction()).contains("a number from 0 to 10");
            }));
    }

    @Test
    void reverseProxyOverPlainHttp() {
        this.contextRunner
            .withPropertyValues("webpubsub.endpoint=" + ENDPOINT,
                    "webpubsub.service.reverse-proxy-endpoint=http://example.azure-api.net/webpubsub")
            .run(failsWith((analysis) -> {
                assertThat(analysis.getDescription()).contains("'webpubsub.service.reverse-proxy-endpoint' is "
                        + "invalid. Reverse proxy endpoint uses plain http");
                assertThat(analysis.getAction()).contains("https address of the proxy");
            }));
    }

    @Test
    void reverseProxyThatIsNotAUri() {
        this.contextRunner
            .withPropertyValues("webpubsub.endpoint=" + ENDPOINT,
                    "webpubsub.service.reverse-proxy-endpoint=https://example azure-api.net")
            .run(failsWith((analysis) -> assertThat(analysis.getDescription())
                .contains("'webpubsub.service.reverse-proxy-endpoint' is not a valid URI (error at index "
                        + uriErrorIndex("https://example azure-api.net") + ")")));
    }

    @Test
    void reverseProxyInKeyMode() {
        this.contextRunner
            .withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING,
                    "webpubsub.service.reverse-proxy-endpoint=https://example.azure-api.net/webpubsub")
            .run(failsWith((analysis) -> {
                assertThat(analysis.getDescription()).contains("'webpubsub.service.reverse-proxy-endpoint' is "
                        + "invalid. A reverse proxy endpoint is set, but it only applies to the service calls of "
                        + "key-less mode");
                assertThat(analysis.getAction()).startsWith("Remove 'webpubsub.service.reverse-proxy-endpoint'")
                    .contains("remove the access key instead");
            }, ACCESS_KEY));
    }

    @Test
    void managedIdentityClientIdThatIsNotAGuid() {
        this.contextRunner
            .withPropertyValues("webpubsub.endpoint=" + ENDPOINT,
                    "webpubsub.credential.managed-identity-client-id=chat-server-identity")
            .run(failsWith((analysis) -> {
                assertThat(analysis.getDescription())
                    .contains("'webpubsub.credential.managed-identity-client-id' is not a client ID")
                    .doesNotContain("chat-server-identity");
                assertThat(analysis.getAction())
                    .contains("Client ID from the Overview page of the user-assigned managed identity");
            }));
    }

    @Test
    void tenantIdWithInvalidCharacters() {
        this.contextRunner
            .withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.credential.tenant-id=contoso/tenant")
            .run(failsWith((analysis) -> assertThat(analysis.getDescription())
                .contains("'webpubsub.credential.tenant-id' is not a tenant ID")));
    }

    @Test
    void credentialPropertyNextToABearerTokenProviderBean() {
        this.contextRunner
            .withPropertyValues("webpubsub.endpoint=" + ENDPOINT,
                    "webpubsub.credential.managed-identity-client-id=" + CLIENT_ID)
            .withUserConfiguration(WebPubSubKeylessModeTests.UserProviderConfiguration.class)
            .run(failsWith((analysis) -> {
                assertThat(analysis.getDescription())
                    .contains("'webpubsub.credential.managed-identity-client-id' is set, but the Microsoft Entra ID "
                            + "tokens come from the BearerTokenProvider bean")
                    .contains("which does not read it");
                assertThat(analysis.getAction()).contains("Configure the identity on that bean");
            }));
    }

    @Test
    void credentialPropertyNextToATokenCredentialBean() {
        this.contextRunner
            .withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.credential.tenant-id=contoso.com")
            .withUserConfiguration(WebPubSubKeylessModeTests.UserTokenCredentialConfiguration.class)
            .run(failsWith((analysis) -> assertThat(analysis.getDescription())
                .contains("'webpubsub.credential.tenant-id' is set, but the Microsoft Entra ID tokens come from the "
                        + "application's TokenCredential bean")));
    }

    @Test
    void credentialPropertyAndCustomizerThatContradictIt() {
        // azure-identity refuses both a client ID and a resource ID: proof that the
        // property reached its builder.
        this.contextRunner
            .withPropertyValues("webpubsub.endpoint=" + ENDPOINT,
                    "webpubsub.credential.managed-identity-client-id=" + CLIENT_ID)
            .withBean(DefaultAzureCredentialBuilderCustomizer.class,
                    () -> (builder) -> builder.managedIdentityResourceId("/subscriptions/x/resourceGroups/y/providers"
                            + "/Microsoft.ManagedIdentity/userAssignedIdentities/z"))
            .run(failsWith((analysis) -> {
                assertThat(analysis.getDescription()).contains("DefaultAzureCredential could not be built for "
                        + "key-less mode. Only one of managedIdentityClientId and managedIdentityResourceId");
                assertThat(analysis.getAction()).contains("DefaultAzureCredentialBuilderCustomizer");
            }));
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
    void builderCustomizerThatBreaksAPropertySettingIsBlamedInsteadOfTheProperty() {
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.service.max-retries=2")
            .withBean(ClientUrlFactoryBuilderCustomizer.class, () -> (builder) -> builder.maxRetries(20))
            .run(failsWith((analysis) -> {
                assertThat(analysis.getDescription()).contains("after the ClientUrlFactoryBuilderCustomizer beans ran")
                    .contains("Max retries 20 is outside 0..10")
                    .doesNotContain("'webpubsub.service.max-retries'");
                assertThat(analysis.getAction()).contains("ClientUrlFactoryBuilderCustomizer");
            }));
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

    private static ContextConsumer<AssertableApplicationContext> failsWith(Consumer<FailureAnalysis> analysisCheck,
            String... secrets) {
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

    @Configuration(proxyBeanMethods = false)
    static class TwoTokenCredentialsConfiguration {

        @Bean
        TokenCredential firstCredential() {
            return (request) -> Mono.error(new IllegalStateException("not called"));
        }

        @Bean
        TokenCredential secondCredential() {
            return (request) -> Mono.error(new IllegalStateException("not called"));
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class BreakingCustomizerConfiguration {

        @Bean
        ClientUrlFactoryBuilderCustomizer breakingCustomizer() {
            return (builder) -> builder.defaultLifetime(Duration.ZERO);
        }

    }

    /**
     * Where the JDK reports the error in a URI, which the message passes on (Java 17 and
     * 25 differ).
     */
    private static int uriErrorIndex(String value) {
        try {
            new java.net.URI(value);
        }
        catch (java.net.URISyntaxException ex) {
            return ex.getIndex();
        }
        throw new IllegalArgumentException("A valid URI: " + value);
    }

}
