package io.github.webpubsub.spring.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.identity.DefaultAzureCredential;
import io.github.webpubsub.token.BearerToken;
import io.github.webpubsub.token.BearerTokenProvider;
import io.github.webpubsub.token.ClientAccess;
import io.github.webpubsub.token.ClientUrlFactory;
import io.github.webpubsub.token.WebPubSubServiceException;
import io.github.webpubsub.token.WebPubSubServiceException.Reason;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import static io.github.webpubsub.spring.autoconfigure.ClientTokens.ACCESS_KEY;
import static io.github.webpubsub.spring.autoconfigure.ClientTokens.CONNECTION_STRING;
import static io.github.webpubsub.spring.autoconfigure.ClientTokens.ENDPOINT;
import static io.github.webpubsub.spring.autoconfigure.ClientTokens.verifiedClaims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Key-less mode, SPEC sections 5 and 6: how the connection settings select it, where its
 * Microsoft Entra ID identity comes from, and how the {@code webpubsub.service.*}
 * properties reach the service calls. The Web PubSub REST API is {@link LoopbackAzure},
 * reached directly or as the reverse proxy.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebPubSubKeylessModeTests {

    private static final String USER_TOKEN = "entra-token-from-the-application-bean";

    private final LoopbackAzure azure = LoopbackAzure.start();

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(WebPubSubAutoConfiguration.class));

    @AfterEach
    void stopAzure() {
        this.azure.close();
    }

    @Test
    void accessKeySelectsKeyMode() {
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.access-key=" + ACCESS_KEY)
            .withUserConfiguration(CountingCredentialBuilderCustomizerConfiguration.class)
            .run((context) -> {
                ClientAccess access = factory(context).create((request) -> request.hub("chat").userId("alice"));
                assertThat(verifiedClaims(access, ACCESS_KEY)).containsEntry("sub", "alice");
                // azure-identity is on the class path, but key mode builds no credential.
                assertThat(context.getBean(CountingCredentialBuilderCustomizerConfiguration.class).calls).hasValue(0);
                assertThat(this.azure.tokenApiRequests()).isEmpty();
            });
    }

    @Test
    void endpointAloneWithAzureIdentityUsesDefaultAzureCredential() {
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + ENDPOINT)
            .withUserConfiguration(CountingCredentialBuilderCustomizerConfiguration.class)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                BearerTokenProvider provider = context.getBean(BearerTokenProvider.class);
                assertThat(provider).isInstanceOf(TokenCredentialBearerTokenProvider.class);
                assertThat(((TokenCredentialBearerTokenProvider) provider).credential())
                    .isInstanceOf(DefaultAzureCredential.class);
                assertThat(context.getBean(CountingCredentialBuilderCustomizerConfiguration.class).calls).hasValue(1);
                assertThat(factory(context).toString()).contains("ServiceTokenIssuer")
                    .contains("https://contoso.webpubsub.azure.com");
            });
    }

    @Test
    void endpointAloneWithABearerTokenProviderBeanUsesIt() {
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + this.azure.uri(), "webpubsub.hub=chat")
            .withUserConfiguration(UserProviderConfiguration.class)
            .run((context) -> {
                assertThat(context).doesNotHaveBean(TokenCredentialBearerTokenProvider.class);
                ClientAccess access = factory(context).create((request) -> request.userId("alice"));
                assertThat(access.baseUrl())
                    .isEqualTo(URI.create("ws://127.0.0.1:" + this.azure.uri().getPort() + "/client/hubs/chat"));
                assertThat(payload(access.token())).containsEntry("sub", "alice");
                LoopbackAzure.Recorded call = this.azure.tokenApiRequests().get(0);
                assertThat(call.method()).isEqualTo("POST");
                assertThat(call.path()).isEqualTo("/api/hubs/chat/:generateToken");
                assertThat(call.header("authorization")).isEqualTo("Bearer " + USER_TOKEN);
            });
    }

    @Test
    void endpointAloneWithATokenCredentialBeanUsesItAndKeepsItsToken() {
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + this.azure.uri(), "webpubsub.hub=chat")
            .withUserConfiguration(UserTokenCredentialConfiguration.class)
            .run((context) -> {
                ClientUrlFactory factory = factory(context);
                for (int i = 0; i < 5; i++) {
                    factory.create((request) -> request.userId("alice"));
                }
                assertThat(context.getBean(UserTokenCredentialConfiguration.class).calls).hasValue(1);
                assertThat(this.azure.tokenApiRequests()).hasSize(5)
                    .allSatisfy((call) -> assertThat(call.header("authorization"))
                        .isEqualTo("Bearer token-credential-token"));
                assertThat(context.getBean(BearerTokenProvider.class))
                    .isInstanceOf(TokenCredentialBearerTokenProvider.class);
            });
    }

    @Test
    void aPrimaryTokenCredentialBeanAmongSeveralIsUsed() {
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + this.azure.uri(), "webpubsub.hub=chat")
            .withUserConfiguration(UserTokenCredentialConfiguration.class, OtherTokenCredentialConfiguration.class)
            .run((context) -> {
                factory(context).create((request) -> request.userId("alice"));
                assertThat(this.azure.tokenApiRequests()).singleElement()
                    .satisfies((call) -> assertThat(call.header("authorization"))
                        .isEqualTo("Bearer primary-token-credential-token"));
                assertThat(context.getBean(UserTokenCredentialConfiguration.class).calls).hasValue(0);
            });
    }

    @Test
    void severalBearerTokenProviderBeansWithoutAPrimaryOneFailStartup() {
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + ENDPOINT)
            .withUserConfiguration(UserProviderConfiguration.class)
            .withBean("otherProvider", BearerTokenProvider.class,
                    () -> (scope) -> new BearerToken("other", Instant.now().plusSeconds(3600)))
            .run((context) -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .isInstanceOf(NoUniqueBeanDefinitionException.class)
                .hasMessageContaining("userProvider")
                .hasMessageContaining("otherProvider"));
    }

    @Test
    void connectionDetailsWithoutKeySelectKeylessMode() {
        this.contextRunner.withUserConfiguration(UserProviderConfiguration.class)
            .withBean(WebPubSubConnectionDetails.class,
                    () -> ConfigurationFailures.connectionDetails(this.azure.uri(), null))
            .run((context) -> {
                ClientAccess access = factory(context).create((request) -> request.hub("news"));
                assertThat(access.hub()).isEqualTo("news");
                assertThat(this.azure.tokenApiRequests()).singleElement()
                    .satisfies((call) -> assertThat(call.header("authorization")).isEqualTo("Bearer " + USER_TOKEN));
            });
    }

    @Test
    void keyModeLeavesABearerTokenProviderBeanUnusedAndSaysSo(CapturedOutput output) {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING)
            .withUserConfiguration(UserProviderConfiguration.class)
            .run((context) -> {
                ClientAccess access = factory(context).create((request) -> request.hub("chat"));
                assertThat(verifiedClaims(access, ACCESS_KEY)).containsKey("aud");
                assertThat(context.getBean(UserProviderConfiguration.class).calls).hasValue(0);
            });
        assertThat(output)
            .contains("Web PubSub client tokens are signed with the access key from "
                    + "'webpubsub.connection-string'; the BearerTokenProvider bean(s) [userProvider] are not used.")
            .doesNotContain(ACCESS_KEY);
    }

    @Test
    void keyModeWithTheStartersOwnProviderSaysNothing(CapturedOutput output) {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING)
            .run((context) -> assertThat(context).hasNotFailed());
        assertThat(output).doesNotContain("are not used");
    }

    @Test
    void reverseProxyCarriesTheServiceCallButNotTheClientUrl() {
        this.contextRunner
            .withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.hub=chat",
                    "webpubsub.service.reverse-proxy-endpoint=" + this.azure.uri() + "/webpubsub")
            .withUserConfiguration(UserProviderConfiguration.class)
            .run((context) -> {
                ClientAccess access = factory(context).create((request) -> request.userId("alice"));
                assertThat(access.baseUrl())
                    .isEqualTo(URI.create("wss://contoso.webpubsub.azure.com/client/hubs/chat"));
                assertThat(access.url().toString())
                    .isEqualTo("wss://contoso.webpubsub.azure.com/client/hubs/chat?access_token=" + access.token());
                assertThat(this.azure.tokenApiRequests()).singleElement().satisfies((call) -> {
                    assertThat(call.path()).isEqualTo("/webpubsub/api/hubs/chat/:generateToken");
                    assertThat(call.query("api-version")).isEqualTo("2024-01-01");
                    assertThat(call.query("userId")).isEqualTo("alice");
                    assertThat(call.header("authorization")).isEqualTo("Bearer " + USER_TOKEN);
                });
            });
    }

    @Test
    void readTimeoutPropertyBoundsTheServiceCall() {
        this.azure.tokenApiAnswers(0);
        this.contextRunner
            .withPropertyValues("webpubsub.endpoint=" + this.azure.uri(), "webpubsub.hub=chat",
                    "webpubsub.service.read-timeout=500ms", "webpubsub.service.deadline=5s")
            .withUserConfiguration(UserProviderConfiguration.class)
            .run((context) -> {
                long start = System.nanoTime();
                assertThatExceptionOfType(WebPubSubServiceException.class)
                    .isThrownBy(() -> factory(context).create((request) -> request.userId("alice")))
                    .satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.UNAVAILABLE));
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(400),
                        Duration.ofSeconds(3));
                // A timeout is not retried.
                assertThat(this.azure.tokenApiRequests()).hasSize(1);
            });
    }

    @Test
    void maxRetriesPropertyBoundsTheRetriesOfA503() {
        this.azure.tokenApiAnswers(503);
        this.contextRunner
            .withPropertyValues("webpubsub.endpoint=" + this.azure.uri(), "webpubsub.hub=chat",
                    "webpubsub.service.max-retries=1")
            .withUserConfiguration(UserProviderConfiguration.class)
            .run((context) -> {
                assertThatExceptionOfType(WebPubSubServiceException.class)
                    .isThrownBy(() -> factory(context).create((request) -> request.userId("alice")))
                    .satisfies((ex) -> assertThat(ex.httpStatus()).hasValue(503));
                assertThat(this.azure.tokenApiRequests()).hasSize(2);
            });
    }

    @Test
    void asyncRequestIsIssuedByTheServiceThenCounted() {
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + this.azure.uri(), "webpubsub.hub=chat")
            .withUserConfiguration(UserProviderConfiguration.class)
            .withBean(SimpleMeterRegistry.class)
            .run((context) -> {
                ClientAccess access = factory(context).createAsync((request) -> request.userId("alice"))
                    .get(10, TimeUnit.SECONDS);
                assertThat(payload(access.token())).containsEntry("sub", "alice");
                assertThat(this.azure.tokenApiRequests()).hasSize(1);
                assertThat(context.getBean(MeterRegistry.class)
                    .get("webpubsub.client.tokens")
                    .tag("outcome", "issued")
                    .counter()
                    .count()).isEqualTo(1);
            });
    }

    @Test
    void failedAsyncServiceCallFailsWithTheCoresExceptionAndIsCounted() {
        this.azure.tokenApiAnswers(503);
        this.contextRunner
            .withPropertyValues("webpubsub.endpoint=" + this.azure.uri(), "webpubsub.hub=chat",
                    "webpubsub.service.max-retries=0")
            .withUserConfiguration(UserProviderConfiguration.class)
            .withBean(SimpleMeterRegistry.class)
            .run((context) -> {
                CompletableFuture<ClientAccess> access = factory(context)
                    .createAsync((request) -> request.userId("alice"));
                Throwable failure = access.handle((issued, ex) -> ex).get(10, TimeUnit.SECONDS);
                assertThat(failure).isInstanceOf(WebPubSubServiceException.class);
                assertThat(context.getBean(MeterRegistry.class)
                    .get("webpubsub.client.tokens")
                    .tag("outcome", "failed")
                    .counter()
                    .count()).isEqualTo(1);
            });
    }

    @Test
    void serviceConnectorVariableStillSelectsKeyMode() {
        this.contextRunner.withPropertyValues("AZURE_WEBPUBSUB_CONNECTIONSTRING=" + CONNECTION_STRING)
            .withUserConfiguration(UserProviderConfiguration.class)
            .run((context) -> assertThat(
                    verifiedClaims(factory(context).create((request) -> request.hub("chat")), ACCESS_KEY))
                .containsEntry("aud", ENDPOINT + "/client/hubs/chat"));
    }

    @Test
    void withoutAzureCoreKeyModeStillWorks() {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING)
            .withClassLoader(new FilteredClassLoader("com.azure"))
            .run((context) -> {
                assertThat(context).doesNotHaveBean(BearerTokenProvider.class);
                assertThat(verifiedClaims(factory(context).create((request) -> request.hub("chat")), ACCESS_KEY))
                    .containsKey("aud");
            });
    }

    @Test
    void withoutAzureCoreABearerTokenProviderBeanIsEnough() {
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + this.azure.uri(), "webpubsub.hub=chat")
            .withClassLoader(new FilteredClassLoader("com.azure"))
            .withUserConfiguration(UserProviderConfiguration.class)
            .run((context) -> {
                factory(context).create((request) -> request.userId("alice"));
                assertThat(this.azure.tokenApiRequests()).hasSize(1);
            });
    }

    @Test
    void serviceDefaultsMatchTheCore() {
        WebPubSubProperties.Service service = new WebPubSubProperties().getService();
        assertThat(service.getReverseProxyEndpoint()).isNull();
        assertThat(service.getConnectTimeout()).isEqualTo(ClientUrlFactory.Builder.DEFAULT_CONNECT_TIMEOUT);
        assertThat(service.getReadTimeout()).isEqualTo(ClientUrlFactory.Builder.DEFAULT_READ_TIMEOUT);
        assertThat(service.getDeadline()).isEqualTo(ClientUrlFactory.Builder.DEFAULT_SERVICE_DEADLINE);
        assertThat(service.getMaxRetries()).isEqualTo(ClientUrlFactory.Builder.DEFAULT_MAX_RETRIES);
    }

    private static ClientUrlFactory factory(AssertableApplicationContext context) {
        return context.getBean(ClientUrlFactory.class);
    }

    private static Map<String, Object> payload(String jwt) {
        String[] parts = jwt.split("\\.");
        return JsonParserFactory.getJsonParser().parseMap(new String(Base64.getUrlDecoder().decode(parts[1])));
    }

    @Configuration(proxyBeanMethods = false)
    static class UserProviderConfiguration {

        final AtomicInteger calls = new AtomicInteger();

        @Bean
        BearerTokenProvider userProvider() {
            return (scope) -> {
                assertThat(scope).isEqualTo(BearerTokenProvider.WEB_PUBSUB_SCOPE);
                this.calls.incrementAndGet();
                return new BearerToken(USER_TOKEN, Instant.now().plusSeconds(3600));
            };
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class UserTokenCredentialConfiguration {

        final AtomicInteger calls = new AtomicInteger();

        @Bean
        TokenCredential userCredential() {
            return (request) -> {
                assertThat(request.getScopes()).containsExactly(BearerTokenProvider.WEB_PUBSUB_SCOPE);
                this.calls.incrementAndGet();
                return Mono
                    .just(new AccessToken("token-credential-token", OffsetDateTime.now(ZoneOffset.UTC).plusHours(1)));
            };
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class OtherTokenCredentialConfiguration {

        @Bean
        @Primary
        TokenCredential primaryCredential() {
            return (request) -> Mono.just(
                    new AccessToken("primary-token-credential-token", OffsetDateTime.now(ZoneOffset.UTC).plusHours(1)));
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class CountingCredentialBuilderCustomizerConfiguration {

        final AtomicInteger calls = new AtomicInteger();

        @Bean
        DefaultAzureCredentialBuilderCustomizer countingCustomizer() {
            return (builder) -> this.calls.incrementAndGet();
        }

    }

}
