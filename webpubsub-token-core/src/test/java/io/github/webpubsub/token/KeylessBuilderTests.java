package io.github.webpubsub.token;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import io.github.webpubsub.token.InvalidWebPubSubSettingException.Setting;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Key-less mode, SPEC section 5: how {@link ClientUrlFactory.Builder} selects it and
 * checks its settings.
 */
class KeylessBuilderTests {

    private static final URI ENDPOINT = URI.create("https://example.webpubsub.azure.com");

    private static final String ACCESS_KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqr";

    private static final BearerTokenProvider PROVIDER = (scope) -> new BearerToken("entra-token",
            Instant.now().plusSeconds(3600));

    private static ClientUrlFactory.Builder keyless() {
        return ClientUrlFactory.builder().endpoint(ENDPOINT).bearerTokenProvider(PROVIDER).hub("chat");
    }

    @Test
    void endpointAndProviderBuildAKeylessFactoryWithoutCallingAnything() {
        ClientUrlFactory factory = keyless().build();

        assertThat(factory.toString()).contains("ServiceTokenIssuer")
            .contains("https://example.webpubsub.azure.com")
            .doesNotContain("entra-token");
    }

    @Test
    void anAccessKeyAndAProviderTogetherAreAnError() {
        assertThatExceptionOfType(WebPubSubException.class).isThrownBy(() -> keyless().accessKey(ACCESS_KEY).build())
            .withMessage("Both an access key and a bearer token provider are set. Give accessKey(..) for key "
                    + "mode, or bearerTokenProvider(..) for key-less mode (Microsoft Entra ID), not both.")
            .withMessageNotContaining(ACCESS_KEY);
    }

    @Test
    void aConnectionStringAndAProviderTogetherAreAnError() {
        assertThatExceptionOfType(WebPubSubException.class)
            .isThrownBy(() -> ClientUrlFactory.builder()
                .bearerTokenProvider(PROVIDER)
                .connectionString("Endpoint=https://example.webpubsub.azure.com;AccessKey=" + ACCESS_KEY + ";")
                .build())
            .withMessageStartingWith("Both a connection string and a bearer token provider are set.")
            .withMessageContaining("endpoint(..) with bearerTokenProvider(..)")
            .withMessageNotContaining(ACCESS_KEY);
    }

    @Test
    void aProviderWithoutEndpointIsAnError() {
        assertThatExceptionOfType(WebPubSubException.class)
            .isThrownBy(() -> ClientUrlFactory.builder().bearerTokenProvider(PROVIDER).build())
            .withMessageStartingWith("A bearer token provider is set but no endpoint. Add endpoint(..)");
    }

    @Test
    void anEndpointWithoutKeyOrProviderNamesBothFixes() {
        assertThatExceptionOfType(WebPubSubException.class)
            .isThrownBy(() -> ClientUrlFactory.builder().endpoint(ENDPOINT).build())
            .withMessageStartingWith("An endpoint is set but no access key and no bearer token provider.")
            .withMessageContaining("accessKey(..)")
            .withMessageContaining("bearerTokenProvider(..) for key-less mode (Microsoft Entra ID)");
    }

    @Test
    void nothingConfiguredNamesKeylessModeToo() {
        assertThatExceptionOfType(WebPubSubException.class).isThrownBy(() -> ClientUrlFactory.builder().build())
            .withMessageContaining("endpoint(..) with bearerTokenProvider(..)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keylessSettings")
    void everyKeylessSettingIsRefusedInKeyMode(Setting setting, String method,
            UnaryOperator<ClientUrlFactory.Builder> keylessSetting) {
        ClientUrlFactory.Builder keyMode = keylessSetting
            .apply(ClientUrlFactory.builder().endpoint(ENDPOINT).accessKey(ACCESS_KEY));
        assertThatExceptionOfType(InvalidWebPubSubSettingException.class).isThrownBy(keyMode::build)
            .withMessageContaining(
                    "only applies to the service calls of key-less mode, and key mode signs tokens locally")
            .withMessageEndingWith(
                    "Remove " + method + "(..), or use bearerTokenProvider(..) instead of an access key.")
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo(setting));
        assertThat(keylessSetting.apply(keyless()).build()).isNotNull();
    }

    static Stream<Arguments> keylessSettings() {
        return Stream.of(
                Arguments.of(Setting.REVERSE_PROXY_ENDPOINT, "reverseProxyEndpoint",
                        (UnaryOperator<ClientUrlFactory.Builder>) (b) -> b
                            .reverseProxyEndpoint(URI.create("https://apim.example.com"))),
                Arguments.of(Setting.CONNECT_TIMEOUT, "connectTimeout",
                        (UnaryOperator<ClientUrlFactory.Builder>) (b) -> b.connectTimeout(Duration.ofSeconds(5))),
                Arguments.of(Setting.READ_TIMEOUT, "readTimeout",
                        (UnaryOperator<ClientUrlFactory.Builder>) (b) -> b.readTimeout(Duration.ofSeconds(10))),
                Arguments.of(Setting.SERVICE_DEADLINE, "serviceDeadline",
                        (UnaryOperator<ClientUrlFactory.Builder>) (b) -> b.serviceDeadline(Duration.ofSeconds(15))),
                Arguments.of(Setting.MAX_RETRIES, "maxRetries",
                        (UnaryOperator<ClientUrlFactory.Builder>) (b) -> b.maxRetries(3)));
    }

    @Test
    void theEndpointIsValidatedAsInKeyMode() {
        assertThatExceptionOfType(WebPubSubException.class)
            .isThrownBy(() -> keyless().endpoint(URI.create("https://example.webpubsub.azure.com?x=1")).build())
            .withMessageStartingWith("Endpoint must not have a query");
        assertThatExceptionOfType(WebPubSubException.class)
            .isThrownBy(() -> keyless().reverseProxyEndpoint(URI.create("ftp://apim.example.com")).build())
            .withMessageStartingWith("Reverse proxy endpoint must use https");
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://example.webpubsub.azure.com", "http://10.0.0.4:8080", "http://127.example.com",
            "http://localhost.example.com", "http://[::2]", "http://128.0.0.1" })
    void refusesToSendTheBearerTokenOverPlainHttpToAnyOtherThanLoopback(String endpoint) {
        assertThatExceptionOfType(WebPubSubException.class)
            .isThrownBy(() -> keyless().endpoint(URI.create(endpoint)).build())
            .withMessageStartingWith("Endpoint uses plain http, which would expose the Microsoft Entra ID token")
            .withMessageContaining("Use https; plain http is accepted only for a loopback address (localhost, "
                    + "127.0.0.0/8, [::1]) in local tests.");
        assertThatExceptionOfType(WebPubSubException.class)
            .isThrownBy(() -> keyless().reverseProxyEndpoint(URI.create(endpoint)).build())
            .withMessageStartingWith("Reverse proxy endpoint uses plain http");
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://localhost:8080", "http://LOCALHOST", "http://127.0.0.1:1234", "http://127.1.2.3",
            "http://[::1]:8080", "http://[0:0:0:0:0:0:0:1]" })
    void acceptsPlainHttpToALoopbackAddressForLocalTests(String endpoint) {
        assertThatNoException().isThrownBy(() -> keyless().endpoint(URI.create(endpoint)).build());
        assertThatNoException().isThrownBy(() -> keyless().reverseProxyEndpoint(URI.create(endpoint)).build());
    }

    @Test
    void keyModeStillAcceptsPlainHttp() {
        assertThatNoException().isThrownBy(() -> ClientUrlFactory.builder()
            .endpoint(URI.create("http://example.internal"))
            .accessKey(ACCESS_KEY)
            .build());
    }

    @Test
    void defaultsAreDocumentedConstants() {
        assertThat(ClientUrlFactory.Builder.DEFAULT_CONNECT_TIMEOUT).isEqualTo(Duration.ofSeconds(5));
        assertThat(ClientUrlFactory.Builder.DEFAULT_READ_TIMEOUT).isEqualTo(Duration.ofSeconds(10));
        assertThat(ClientUrlFactory.Builder.DEFAULT_SERVICE_DEADLINE).isEqualTo(Duration.ofSeconds(15));
        assertThat(ClientUrlFactory.Builder.DEFAULT_MAX_RETRIES).isEqualTo(3);
    }

    @Test
    void timeoutsMustBePositive() {
        assertThatExceptionOfType(WebPubSubException.class)
            .isThrownBy(() -> keyless().connectTimeout(Duration.ZERO).build())
            .withMessage("Connect timeout PT0S is not positive. Give a positive duration such as "
                    + "Duration.ofSeconds(5).");
        assertThatExceptionOfType(WebPubSubException.class)
            .isThrownBy(() -> keyless().readTimeout(Duration.ofSeconds(-1)).build())
            .withMessageStartingWith("Read timeout PT-1S is not positive.");
    }

    @Test
    void nullRestoresTheDefault() {
        assertThatExceptionOfType(InvalidWebPubSubSettingException.class)
            .isThrownBy(() -> keyless().serviceDeadline(Duration.ofMinutes(1))
                .serviceDeadline(null)
                .readTimeout(Duration.ofSeconds(20))
                .build())
            .withMessageStartingWith("Read timeout PT20S exceeds the service deadline PT15S");
        assertThat(keyless().connectTimeout(null).readTimeout(null).serviceDeadline(null).build()).isNotNull();
    }

    @Test
    void theReadTimeoutMustFitInTheDeadline() {
        assertThatExceptionOfType(WebPubSubException.class)
            .isThrownBy(
                    () -> keyless().readTimeout(Duration.ofSeconds(20)).serviceDeadline(Duration.ofSeconds(15)).build())
            .withMessage("Read timeout PT20S exceeds the service deadline PT15S, which bounds the whole call. "
                    + "Shorten the read timeout or lengthen the deadline.");
        assertThatNoException().isThrownBy(() -> keyless().readTimeout(Duration.ofSeconds(3))
            .serviceDeadline(Duration.ofSeconds(3))
            .connectTimeout(Duration.ofSeconds(10))
            .build());
    }

    @ParameterizedTest
    @ValueSource(ints = { -1, 11 })
    void maxRetriesIsSmall(int maxRetries) {
        assertThatExceptionOfType(WebPubSubException.class).isThrownBy(() -> keyless().maxRetries(maxRetries).build())
            .withMessage("Max retries " + maxRetries + " is outside 0..10. Give 0 to disable retries, or a small "
                    + "number such as 3.");
    }

}
