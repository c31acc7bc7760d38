package io.github.webpubsub.spring.autoconfigure;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.github.webpubsub.token.AccessKeyCredential;
import io.github.webpubsub.token.ClientAccess;
import io.github.webpubsub.token.ClientAccessRequest;
import io.github.webpubsub.token.ClientProtocol;
import io.github.webpubsub.token.ClientUrlFactory;
import io.github.webpubsub.token.InvalidClientAccessRequestException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static io.github.webpubsub.spring.autoconfigure.ClientTokens.ACCESS_KEY;
import static io.github.webpubsub.spring.autoconfigure.ClientTokens.CONNECTION_STRING;
import static io.github.webpubsub.spring.autoconfigure.ClientTokens.ENDPOINT;
import static io.github.webpubsub.spring.autoconfigure.ClientTokens.OTHER_ACCESS_KEY;
import static io.github.webpubsub.spring.autoconfigure.ClientTokens.lifetimeSeconds;
import static io.github.webpubsub.spring.autoconfigure.ClientTokens.verifiedClaims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link WebPubSubAutoConfiguration}.
 */
class WebPubSubAutoConfigurationTests {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(WebPubSubAutoConfiguration.class));

    @Test
    void connectionStringConfiguresFactory() {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING).run((context) -> {
            ClientAccess access = factory(context).create((request) -> request.hub("chat").userId("alice"));
            assertThat(access.baseUrl()).isEqualTo(URI.create("wss://contoso.webpubsub.azure.com/client/hubs/chat"));
            Map<String, Object> claims = verifiedClaims(access, ACCESS_KEY);
            assertThat(claims).containsEntry("aud", ENDPOINT + "/client/hubs/chat").containsEntry("sub", "alice");
        });
    }

    @Test
    void endpointAndAccessKeyConfigureFactory() {
        this.contextRunner
            .withPropertyValues("webpubsub.endpoint=https://fabrikam.webpubsub.azure.com",
                    "webpubsub.access-key=" + ACCESS_KEY)
            .run((context) -> {
                ClientAccess access = factory(context).create((request) -> request.hub("chat"));
                assertThat(verifiedClaims(access, ACCESS_KEY)).containsEntry("aud",
                        "https://fabrikam.webpubsub.azure.com/client/hubs/chat");
            });
    }

    @Test
    void tokensLiveOneHourByDefault() {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING).run((context) -> {
            ClientAccess access = factory(context).create((request) -> request.hub("chat"));
            assertThat(lifetimeSeconds(verifiedClaims(access, ACCESS_KEY))).isEqualTo(3600);
        });
    }

    @Test
    void requestsMayAskForUpTo24HoursByDefault() {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING).run((context) -> {
            ClientAccess access = factory(context)
                .create((request) -> request.hub("chat").lifetime(Duration.ofHours(24)));
            assertThat(lifetimeSeconds(verifiedClaims(access, ACCESS_KEY))).isEqualTo(24 * 3600);
            assertThatExceptionOfType(InvalidClientAccessRequestException.class)
                .isThrownBy(() -> factory(context)
                    .create((request) -> request.hub("chat").lifetime(Duration.ofHours(24).plusSeconds(1))))
                .withMessageContaining("exceeds the maximum");
        });
    }

    @Test
    void propertyDefaultsMatchTheCore() {
        WebPubSubProperties properties = new WebPubSubProperties();
        assertThat(properties.isEnabled()).isTrue();
        assertThat(properties.getToken().getLifetime()).isEqualTo(ClientUrlFactory.Builder.DEFAULT_LIFETIME);
        assertThat(properties.getToken().getMaxLifetime()).isEqualTo(ClientUrlFactory.Builder.DEFAULT_MAX_LIFETIME);
    }

    @Test
    void tokenLifetimeProperty() {
        this.contextRunner
            .withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.token.lifetime=15m")
            .run((context) -> {
                ClientAccess access = factory(context).create((request) -> request.hub("chat"));
                assertThat(lifetimeSeconds(verifiedClaims(access, ACCESS_KEY))).isEqualTo(900);
            });
    }

    @Test
    void tokenLifetimeWithoutUnitIsInSeconds() {
        this.contextRunner
            .withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.token.lifetime=90")
            .run((context) -> {
                ClientAccess access = factory(context).create((request) -> request.hub("chat"));
                assertThat(lifetimeSeconds(verifiedClaims(access, ACCESS_KEY))).isEqualTo(90);
            });
    }

    @Test
    void tokenMaxLifetimeProperty() {
        this.contextRunner
            .withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.token.lifetime=30m",
                    "webpubsub.token.max-lifetime=2h")
            .run((context) -> {
                ClientAccess access = factory(context)
                    .create((request) -> request.hub("chat").lifetime(Duration.ofHours(2)));
                assertThat(lifetimeSeconds(verifiedClaims(access, ACCESS_KEY))).isEqualTo(7200);
                assertThatExceptionOfType(InvalidClientAccessRequestException.class).isThrownBy(
                        () -> factory(context).create((request) -> request.hub("chat").lifetime(Duration.ofHours(3))));
            });
    }

    @Test
    void aMaxLifetimeOfAYearIssuesTokensOfAYear() {
        this.contextRunner
            .withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.token.max-lifetime=365d")
            .run((context) -> {
                ClientAccess access = factory(context)
                    .create((request) -> request.hub("chat").lifetime(Duration.ofDays(365)));
                assertThat(lifetimeSeconds(verifiedClaims(access, ACCESS_KEY))).isEqualTo(365L * 24 * 3600);
            });
    }

    @Test
    void hubPropertyIsTheDefaultHub() {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.hub=chat")
            .run((context) -> {
                ClientAccess access = factory(context).create(ClientAccessRequest.builder().build());
                assertThat(access.hub()).isEqualTo("chat");
                assertThat(verifiedClaims(access, ACCESS_KEY)).containsEntry("aud", ENDPOINT + "/client/hubs/chat");
            });
    }

    @Test
    void withoutHubPropertyEachRequestNamesItsHub() {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING).run((context) -> {
            assertThatExceptionOfType(InvalidClientAccessRequestException.class)
                .isThrownBy(() -> factory(context).create(ClientAccessRequest.builder().build()))
                .withMessageContaining("no hub");
            assertThat(factory(context).create((request) -> request.hub("news")).hub()).isEqualTo("news");
        });
    }

    @Test
    void serviceConnectorVariableIsUsedWhenNothingElseIsConfigured() {
        this.contextRunner.withPropertyValues("AZURE_WEBPUBSUB_CONNECTIONSTRING=" + CONNECTION_STRING)
            .run((context) -> {
                ClientAccess access = factory(context).create((request) -> request.hub("chat"));
                assertThat(verifiedClaims(access, ACCESS_KEY)).containsEntry("aud", ENDPOINT + "/client/hubs/chat");
            });
    }

    @Test
    void connectionStringPropertyWinsOverServiceConnectorVariable() {
        this.contextRunner
            .withPropertyValues("AZURE_WEBPUBSUB_CONNECTIONSTRING=" + otherConnectionString(),
                    "webpubsub.connection-string=" + CONNECTION_STRING)
            .run((context) -> {
                ClientAccess access = factory(context).create((request) -> request.hub("chat"));
                assertThat(verifiedClaims(access, ACCESS_KEY)).containsEntry("aud", ENDPOINT + "/client/hubs/chat");
            });
    }

    @Test
    void endpointPropertyWinsOverServiceConnectorVariable() {
        this.contextRunner
            .withPropertyValues("AZURE_WEBPUBSUB_CONNECTIONSTRING=" + otherConnectionString(),
                    "webpubsub.endpoint=" + ENDPOINT, "webpubsub.access-key=" + ACCESS_KEY)
            .run((context) -> {
                ClientAccess access = factory(context).create((request) -> request.hub("chat"));
                assertThat(verifiedClaims(access, ACCESS_KEY)).containsEntry("aud", ENDPOINT + "/client/hubs/chat");
            });
    }

    @Test
    void backsOffForUserDefinedClientUrlFactory() {
        // No connection is configured: the user's factory is all the application needs.
        this.contextRunner.withUserConfiguration(UserFactoryConfiguration.class).run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).getBean(ClientUrlFactory.class).isSameAs(context.getBean("userFactory"));
            assertThat(context).doesNotHaveBean(AutoConfiguredClientUrlFactory.class);
        });
    }

    @Test
    void userConnectionDetailsWinOverProperties() {
        this.contextRunner.withUserConfiguration(UserConnectionDetailsConfiguration.class)
            .withPropertyValues("webpubsub.connection-string=" + otherConnectionString())
            .run((context) -> {
                assertThat(context).hasSingleBean(WebPubSubConnectionDetails.class)
                    .doesNotHaveBean(PropertiesWebPubSubConnectionDetails.class);
                ClientAccess access = factory(context).create((request) -> request.hub("chat"));
                assertThat(verifiedClaims(access, ACCESS_KEY)).containsEntry("aud",
                        "https://vault-provided.webpubsub.azure.com/client/hubs/chat");
            });
    }

    @Test
    void requestCustomizersApplyToEveryRequestInOrder() {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING)
            .withUserConfiguration(RequestCustomizersConfiguration.class)
            .run((context) -> {
                ClientAccess built = factory(context)
                    .create(ClientAccessRequest.builder().hub("chat").userId("bob").build());
                ClientAccess lambda = factory(context).create((request) -> request.hub("chat").userId("carol"));
                assertThat(verifiedClaims(built, ACCESS_KEY)).containsEntry("webpubsub.group",
                        List.of("everyone", "user-bob"));
                assertThat(verifiedClaims(lambda, ACCESS_KEY)).containsEntry("webpubsub.group",
                        List.of("everyone", "user-carol"));
            });
    }

    @Test
    void requestCustomizersKeepWhatTheCallerAsked() {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING)
            .withUserConfiguration(RequestCustomizersConfiguration.class)
            .run((context) -> {
                ClientAccess access = factory(context).create(
                        (request) -> request.hub("chat").userId("bob").groups("lobby").protocol(ClientProtocol.MQTT));
                assertThat(access.protocol()).isEqualTo(ClientProtocol.MQTT);
                assertThat(verifiedClaims(access, ACCESS_KEY)).containsEntry("sub", "bob")
                    .containsEntry("webpubsub.group", List.of("lobby", "everyone", "user-bob"));
            });
    }

    @Test
    void builderCustomizerRunsAfterTheProperties() {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.hub=chat")
            .withUserConfiguration(BuilderCustomizerConfiguration.class)
            .run((context) -> {
                ClientAccess access = factory(context).create(ClientAccessRequest.builder().build());
                Map<String, Object> claims = verifiedClaims(access, ACCESS_KEY);
                assertThat(((Number) claims.get("iat")).longValue()).isEqualTo(NOW.getEpochSecond());
                assertThat(access.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
                assertThat(access.hub()).isEqualTo("customized");
            });
    }

    @Test
    void builderCustomizerOrderedBeforeThePropertiesIsOverriddenByThem() {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.hub=chat")
            .withUserConfiguration(EarlyBuilderCustomizerConfiguration.class)
            .run((context) -> assertThat(factory(context).create(ClientAccessRequest.builder().build()).hub())
                .isEqualTo("chat"));
    }

    @Test
    void countsIssuedTokensByHubAndProtocol() {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.hub=chat")
            .withBean(SimpleMeterRegistry.class)
            .withBean(KnownHubs.class, () -> () -> Set.of("news"))
            .run((context) -> {
                factory(context).create(ClientAccessRequest.builder().build());
                factory(context).create((request) -> request.hub("news").protocol(ClientProtocol.SOCKETIO));
                factory(context).create((request) -> request.hub("news").protocol(ClientProtocol.SOCKETIO));
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                assertThat(count(registry, "issued", "chat", "default")).isEqualTo(1);
                assertThat(count(registry, "issued", "news", "socketio")).isEqualTo(2);
                assertThat(registry.find("webpubsub.client.tokens").tag("outcome", "failed").counters()).isEmpty();
            });
    }

    @Test
    void countsFailuresByTheHubTheyWouldHaveUsed() {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.hub=chat")
            .withBean(SimpleMeterRegistry.class)
            .run((context) -> {
                assertThatExceptionOfType(InvalidClientAccessRequestException.class).isThrownBy(() -> factory(context)
                    .create((request) -> request.lifetime(Duration.ofDays(2)).protocol(ClientProtocol.MQTT)));
                assertThat(count(context.getBean(MeterRegistry.class), "failed", "chat", "mqtt")).isEqualTo(1);
            });
    }

    @Test
    void tenThousandHubsNamedByRequestsShareOneTagValue() {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.hub=chat")
            .withBean(SimpleMeterRegistry.class)
            .run((context) -> {
                ClientUrlFactory factory = factory(context);
                for (int i = 0; i < 10_000; i++) {
                    String hub = "hub" + i;
                    factory.create((request) -> request.hub(hub));
                    assertThatExceptionOfType(InvalidClientAccessRequestException.class)
                        .isThrownBy(() -> factory.create((request) -> request.hub(hub).lifetime(Duration.ofDays(2))));
                }
                factory.create(ClientAccessRequest.builder().build());
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                assertThat(registry.getMeters()).hasSize(3);
                assertThat(count(registry, "issued", "other", "default")).isEqualTo(10_000);
                assertThat(count(registry, "failed", "other", "default")).isEqualTo(10_000);
                assertThat(count(registry, "issued", "chat", "default")).isEqualTo(1);
            });
    }

    @Test
    void knownHubsOfEveryBeanAreCountedByName() {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING)
            .withBean(SimpleMeterRegistry.class)
            .withBean("reportingHubs", KnownHubs.class, () -> () -> Set.of("dashboard", "alerts"))
            .withBean("newsHubs", KnownHubs.class, () -> () -> Set.of("news"))
            .run((context) -> {
                for (String hub : List.of("dashboard", "alerts", "news", "chat")) {
                    factory(context).create((request) -> request.hub(hub));
                }
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                assertThat(registry.find("webpubsub.client.tokens").counters())
                    .extracting((counter) -> counter.getId().getTag("hub"))
                    .containsExactlyInAnyOrder("dashboard", "alerts", "news", "other");
            });
    }

    @Test
    void asyncRequestsGoThroughTheCustomizersAndAreCountedAtOnceInKeyMode() {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.hub=chat")
            .withUserConfiguration(RequestCustomizersConfiguration.class)
            .withBean(SimpleMeterRegistry.class)
            .run((context) -> {
                CompletableFuture<ClientAccess> access = factory(context)
                    .createAsync(ClientAccessRequest.builder().hub("chat").userId("bob").build());
                assertThat(access).as("signed on the calling thread").isDone();
                assertThat(verifiedClaims(access.join(), ACCESS_KEY)).containsEntry("webpubsub.group",
                        List.of("everyone", "user-bob"));
                assertThat(count(context.getBean(MeterRegistry.class), "issued", "chat", "default")).isEqualTo(1);
            });
    }

    @Test
    void failedAsyncRequestFailsWithTheCoresExceptionAndIsCounted() {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.hub=chat")
            .withBean(SimpleMeterRegistry.class)
            .run((context) -> {
                CompletableFuture<ClientAccess> access = factory(context)
                    .createAsync((request) -> request.lifetime(Duration.ofDays(2)).protocol(ClientProtocol.MQTT));
                assertThat(access).isCompletedExceptionally();
                assertThat(access.handle((issued, failure) -> failure).join())
                    .isInstanceOf(InvalidClientAccessRequestException.class);
                assertThat(count(context.getBean(MeterRegistry.class), "failed", "chat", "mqtt")).isEqualTo(1);
            });
    }

    @Test
    void countsAMissingHubUnderNone() {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING)
            .withBean(SimpleMeterRegistry.class)
            .run((context) -> {
                assertThatExceptionOfType(InvalidClientAccessRequestException.class)
                    .isThrownBy(() -> factory(context).create(ClientAccessRequest.builder().build()));
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                assertThat(count(registry, "failed", "none", "default")).isEqualTo(1);
                assertThat(registry.find("webpubsub.client.tokens").counters()).hasSize(1);
            });
    }

    @Test
    void withoutMeterRegistryBeanNothingIsCounted() {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING)
            .run((context) -> assertThat(context).doesNotHaveBean(ClientAccessMetrics.class)
                .hasSingleBean(ClientUrlFactory.class));
    }

    @Test
    void withoutMicrometerFactoryIsStillConfigured() {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING)
            .withClassLoader(new FilteredClassLoader("io.micrometer"))
            .run((context) -> {
                assertThat(context).doesNotHaveBean(ClientAccessMetrics.class);
                assertThat(verifiedClaims(factory(context).create((request) -> request.hub("chat")), ACCESS_KEY))
                    .containsKey("aud");
            });
    }

    @Test
    void withoutActuatorFactoryIsStillConfigured() {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING)
            .withClassLoader(new FilteredClassLoader(SanitizingFunction.class))
            .run((context) -> {
                assertThat(context).doesNotHaveBean(SanitizingFunction.class);
                assertThat(verifiedClaims(factory(context).create((request) -> request.hub("chat")), ACCESS_KEY))
                    .containsKey("aud");
            });
    }

    @Test
    void withActuatorContributesTheSanitizingFunction() {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING)
            .run((context) -> assertThat(context).hasSingleBean(WebPubSubSanitizingFunction.class));
    }

    @Test
    void plainApplicationGetsTheFactoryAndNothingWebRelated() {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING)
            .withClassLoader(new FilteredClassLoader("org.springframework.web", "jakarta.servlet",
                    "org.springframework.security", "org.springframework.boot.actuate", "io.micrometer", "com.azure"))
            .run((context) -> {
                assertThat(context).hasSingleBean(ClientUrlFactory.class)
                    .hasSingleBean(WebPubSubProperties.class)
                    .hasSingleBean(WebPubSubConnectionDetails.class);
                assertThat(Arrays.stream(context.getBeanDefinitionNames())
                    .map((name) -> context.getType(name).getName())
                    .filter((type) -> type.startsWith("io.github.webpubsub.")))
                    .containsExactlyInAnyOrder(WebPubSubAutoConfiguration.class.getName(),
                            WebPubSubProperties.class.getName(), PropertiesWebPubSubConnectionDetails.class.getName(),
                            StandardClientUrlFactoryBuilderCustomizer.class.getName(),
                            AutoConfiguredClientUrlFactory.class.getName(),
                            WebPubSubAutoConfiguration.WebPubSubAccessKeyCredentialConfiguration.class.getName(),
                            AccessKeyCredential.class.getName());
                assertThat(
                        Arrays.stream(context.getBeanDefinitionNames()).map((name) -> context.getType(name).getName()))
                    .noneMatch((type) -> type.startsWith("org.springframework.web")
                            || type.startsWith("jakarta.servlet") || type.startsWith("org.springframework.security"));
            });
    }

    @Test
    void disabledGivesNoBeans() {
        this.contextRunner.withPropertyValues("webpubsub.enabled=false").run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(ClientUrlFactory.class)
                .doesNotHaveBean(WebPubSubProperties.class)
                .doesNotHaveBean(WebPubSubConnectionDetails.class)
                .doesNotHaveBean(SanitizingFunction.class);
        });
    }

    @Test
    void propertiesToStringHidesSecrets() {
        this.contextRunner
            .withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.access-key=" + ACCESS_KEY,
                    "webpubsub.enabled=true")
            .run((context) -> {
                assertThat(context.getBean(WebPubSubProperties.class).toString()).contains(ENDPOINT)
                    .contains("accessKey=******")
                    .doesNotContain(ACCESS_KEY);
                assertThat(context.getBean(WebPubSubConnectionDetails.class).toString()).doesNotContain(ACCESS_KEY);
                assertThat(factory(context).toString()).doesNotContain(ACCESS_KEY);
            });
    }

    @Test
    void connectionStringIsHiddenByToString() {
        WebPubSubProperties properties = new WebPubSubProperties();
        properties.setConnectionString(CONNECTION_STRING);
        assertThat(properties.toString()).contains("connectionString=******").doesNotContain(ACCESS_KEY);
    }

    private static ClientUrlFactory factory(AssertableApplicationContext context) {
        return context.getBean(ClientUrlFactory.class);
    }

    private static double count(MeterRegistry registry, String outcome, String hub, String protocol) {
        return registry.get("webpubsub.client.tokens")
            .tags("outcome", outcome, "hub", hub, "protocol", protocol)
            .counter()
            .count();
    }

    private static String otherConnectionString() {
        return "Endpoint=https://other.webpubsub.azure.com;AccessKey=" + OTHER_ACCESS_KEY + ";Version=1.0;";
    }

    @Configuration(proxyBeanMethods = false)
    static class UserFactoryConfiguration {

        @Bean
        ClientUrlFactory userFactory() {
            return ClientUrlFactory.builder().connectionString(CONNECTION_STRING).hub("user").build();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class UserConnectionDetailsConfiguration {

        @Bean
        WebPubSubConnectionDetails vaultConnectionDetails() {
            return new WebPubSubConnectionDetails() {

                @Override
                public URI getEndpoint() {
                    return URI.create("https://vault-provided.webpubsub.azure.com");
                }

                @Override
                public String getAccessKey() {
                    return ACCESS_KEY;
                }

            };
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class RequestCustomizersConfiguration {

        // Declared after the one it must follow, so that only the order can put it
        // second.
        @Bean
        @Order(2)
        ClientAccessRequestCustomizer groupPerUser() {
            return (request) -> request.build().userId().ifPresent((userId) -> request.groups("user-" + userId));
        }

        @Bean
        @Order(1)
        ClientAccessRequestCustomizer everyoneGroup() {
            return (request) -> request.groups("everyone");
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class BuilderCustomizerConfiguration {

        @Bean
        ClientUrlFactoryBuilderCustomizer fixedClockAndHub() {
            return (builder) -> builder.clock(Clock.fixed(NOW, ZoneOffset.UTC)).hub("customized");
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class EarlyBuilderCustomizerConfiguration {

        @Bean
        @Order(-1)
        ClientUrlFactoryBuilderCustomizer earlyHub() {
            return (builder) -> builder.hub("early");
        }

    }

}
