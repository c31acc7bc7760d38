package io.github.webpubsub.spring.autoconfigure;

import java.time.Instant;

import io.github.webpubsub.token.AccessKeyCredential;
import io.github.webpubsub.token.BearerToken;
import io.github.webpubsub.token.BearerTokenProvider;
import io.github.webpubsub.token.ClientAccess;
import io.github.webpubsub.token.ClientUrlFactory;
import io.github.webpubsub.token.InvalidWebPubSubSettingException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static io.github.webpubsub.spring.autoconfigure.ClientTokens.ACCESS_KEY;
import static io.github.webpubsub.spring.autoconfigure.ClientTokens.CONNECTION_STRING;
import static io.github.webpubsub.spring.autoconfigure.ClientTokens.ENDPOINT;
import static io.github.webpubsub.spring.autoconfigure.ClientTokens.OTHER_ACCESS_KEY;
import static io.github.webpubsub.spring.autoconfigure.ClientTokens.verifiedClaims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@link AccessKeyCredential} bean that key mode signs with, so that an application
 * can rotate the key at runtime; and the application's own credential bean, which the
 * starter then uses.
 */
class AccessKeyCredentialAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(WebPubSubAutoConfiguration.class));

    @Test
    void keyModeExposesTheCredentialTheFactorySignsWith() {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING).run((context) -> {
            assertThat(context).hasSingleBean(AccessKeyCredential.class);
            ClientUrlFactory factory = context.getBean(ClientUrlFactory.class);
            assertThat(verifiedClaims(token(factory), ACCESS_KEY)).containsEntry("sub", "alice");

            assertThat(context.getBean(AccessKeyCredential.class).update(OTHER_ACCESS_KEY)).isTrue();

            ClientAccess rotated = token(factory);
            assertThat(verifiedClaims(rotated, OTHER_ACCESS_KEY)).containsEntry("sub", "alice")
                .containsEntry("aud", ENDPOINT + "/client/hubs/chat");
            assertThat(ClientTokens.isSignedWith(rotated, ACCESS_KEY)).isFalse();
        });
    }

    @Test
    void endpointAndAccessKeyPropertiesAlsoSignWithTheCredential() {
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.access-key=" + ACCESS_KEY)
            .run((context) -> {
                context.getBean(AccessKeyCredential.class).update(OTHER_ACCESS_KEY);
                assertThat(verifiedClaims(token(context.getBean(ClientUrlFactory.class)), OTHER_ACCESS_KEY))
                    .containsEntry("sub", "alice");
            });
    }

    @Test
    void anInvalidUpdateThrowsAndTheFactoryKeepsSigningWithTheOldKey() {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING).run((context) -> {
            AccessKeyCredential credential = context.getBean(AccessKeyCredential.class);
            assertThatExceptionOfType(InvalidWebPubSubSettingException.class)
                .isThrownBy(() -> credential.update(OTHER_ACCESS_KEY.substring(0, 20)))
                .withMessageContaining("20 bytes long")
                .withMessageNotContaining(OTHER_ACCESS_KEY.substring(0, 20));
            assertThat(verifiedClaims(token(context.getBean(ClientUrlFactory.class)), ACCESS_KEY)).containsEntry("sub",
                    "alice");
        });
    }

    @Test
    void applicationCredentialIsUsedAndSelectsKeyMode() {
        AccessKeyCredential own = AccessKeyCredential.of(OTHER_ACCESS_KEY);
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + ENDPOINT)
            .withBean("vaultAccessKey", AccessKeyCredential.class, () -> own)
            .run((context) -> {
                assertThat(context).hasSingleBean(AccessKeyCredential.class)
                    .doesNotHaveBean(WebPubSubAutoConfiguration.WebPubSubAccessKeyCredentialConfiguration.class);
                assertThat(context.getBean(AccessKeyCredential.class)).isSameAs(own);
                ClientUrlFactory factory = context.getBean(ClientUrlFactory.class);
                assertThat(verifiedClaims(token(factory), OTHER_ACCESS_KEY)).containsEntry("sub", "alice");

                own.update(ACCESS_KEY);

                assertThat(verifiedClaims(token(factory), ACCESS_KEY)).containsEntry("sub", "alice");
            });
    }

    @Test
    void applicationCredentialNextToAConfiguredKeyFails() {
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.access-key=" + ACCESS_KEY)
            .withBean(AccessKeyCredential.class, () -> AccessKeyCredential.of(OTHER_ACCESS_KEY))
            .run((context) -> {
                FailureAnalysis analysis = ConfigurationFailures.analysis(context, ACCESS_KEY, OTHER_ACCESS_KEY);
                assertThat(analysis.getDescription()).contains("Both the application's AccessKeyCredential bean and "
                        + "'webpubsub.access-key' supply an access key");
                assertThat(analysis.getAction()).isEqualTo("Remove 'webpubsub.access-key' and keep "
                        + "'webpubsub.endpoint' alone (the key comes from the bean), or remove the AccessKeyCredential "
                        + "bean.");
            });
    }

    @Test
    void applicationCredentialNextToAConnectionStringFails() {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING)
            .withBean(AccessKeyCredential.class, () -> AccessKeyCredential.of(OTHER_ACCESS_KEY))
            .run((context) -> assertThat(ConfigurationFailures.analysis(context, ACCESS_KEY).getDescription())
                .contains("Both the application's AccessKeyCredential bean and 'webpubsub.connection-string' supply "
                        + "an access key"));
    }

    @Test
    void applicationCredentialNextToConnectionDetailsWithAKeyFails() {
        this.contextRunner
            .withBean(WebPubSubConnectionDetails.class, () -> ConfigurationFailures.connectionDetails(ACCESS_KEY))
            .withBean(AccessKeyCredential.class, () -> AccessKeyCredential.of(OTHER_ACCESS_KEY))
            .run((context) -> {
                FailureAnalysis analysis = ConfigurationFailures.analysis(context, ACCESS_KEY);
                assertThat(analysis.getDescription()).contains("Both the application's AccessKeyCredential bean and "
                        + "getAccessKey() of the WebPubSubConnectionDetails bean");
                assertThat(analysis.getAction()).startsWith("Have getAccessKey() return null");
            });
    }

    @Test
    void keylessModeCreatesNoCredentialAndRefusesToInjectOne() {
        BearerTokenProvider provider = (scope) -> new BearerToken("not-called", Instant.now().plusSeconds(3600));
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + ENDPOINT)
            .withBean(BearerTokenProvider.class, () -> provider)
            .run((context) -> {
                assertThat(context).hasNotFailed().hasSingleBean(ClientUrlFactory.class);
                assertThat(context.getBean(ClientUrlFactory.class).toString()).contains("ServiceTokenIssuer");
                assertThatException().isThrownBy(() -> context.getBean(AccessKeyCredential.class))
                    .havingRootCause()
                    .isInstanceOf(WebPubSubConfigurationException.class)
                    .withMessageContaining("An AccessKeyCredential bean was asked for, but there is no access key: "
                            + "'webpubsub.access-key' is not set, which selects key-less mode");
            });
    }

    @Test
    void anInvalidConfiguredKeyStillFailsStartupNamingTheProperty() {
        String truncated = ACCESS_KEY.substring(0, 20);
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.access-key=" + truncated)
            .run((context) -> {
                FailureAnalysis analysis = ConfigurationFailures.analysis(context, truncated);
                assertThat(analysis.getDescription()).contains("'webpubsub.access-key' is invalid. Access key is 20 "
                        + "bytes long; HS256 needs at least 32.");
                assertThat(analysis.getAction()).isEqualTo("Copy a full access key (44 characters) from the Keys "
                        + "page of the Web PubSub resource into 'webpubsub.access-key'.");
            });
    }

    @Test
    void credentialToStringMasksTheKey() {
        this.contextRunner.withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING)
            .run((context) -> assertThat(context.getBean(AccessKeyCredential.class))
                .hasToString("AccessKeyCredential[key=******]"));
    }

    private static ClientAccess token(ClientUrlFactory factory) {
        return factory.create((request) -> request.hub("chat").userId("alice"));
    }

}
