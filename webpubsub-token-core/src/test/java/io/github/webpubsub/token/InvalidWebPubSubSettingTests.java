package io.github.webpubsub.token;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.github.webpubsub.token.InvalidWebPubSubSettingException.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.github.webpubsub.token.TestKeys.ACCESS_KEY;
import static io.github.webpubsub.token.TestKeys.ENDPOINT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every refused setting names itself through
 * {@link InvalidWebPubSubSettingException#setting()}, so that a framework can point at
 * its own property without repeating the rules; the messages are the ones the other tests
 * check.
 */
class InvalidWebPubSubSettingTests {

    private static final BearerTokenProvider PROVIDER = (scope) -> new BearerToken("entra-token",
            Instant.now().plusSeconds(3600));

    private static ClientUrlFactory.Builder keyMode() {
        return ClientUrlFactory.builder().endpoint(ENDPOINT).accessKey(ACCESS_KEY);
    }

    private static ClientUrlFactory.Builder keyless() {
        return ClientUrlFactory.builder().endpoint(ENDPOINT).bearerTokenProvider(PROVIDER);
    }

    static Stream<Arguments> misconfiguredBuilders() {
        return Stream.of(case_(Setting.CLOCK, "Clock is null", () -> keyMode().clock(null)),
                case_(Setting.HUB, "Hub name 'chat-room' has an invalid character", () -> keyMode().hub("chat-room")),
                case_(Setting.DEFAULT_LIFETIME, "Default token lifetime PT0S is not positive",
                        () -> keyMode().defaultLifetime(Duration.ZERO)),
                case_(Setting.DEFAULT_LIFETIME, "exceeds the maximum",
                        () -> keyMode().defaultLifetime(Duration.ofHours(2)).maxLifetime(Duration.ofHours(1))),
                case_(Setting.MAX_LIFETIME, "Maximum token lifetime PT-1H is not positive",
                        () -> keyMode().maxLifetime(Duration.ofHours(-1))),
                case_(Setting.MAX_LIFETIME, "Maximum token lifetime PT8784H exceeds the limit of PT8760H (365 days)",
                        () -> keyMode().maxLifetime(Duration.ofDays(366))),
                case_(Setting.DEFAULT_LIFETIME, "Default token lifetime PT8784H exceeds the maximum PT24H",
                        () -> keyless().defaultLifetime(Duration.ofDays(366))),
                case_(Setting.ENDPOINT, "No Web PubSub resource is configured", ClientUrlFactory::builder),
                case_(Setting.ENDPOINT, "An access key is set but no endpoint",
                        () -> ClientUrlFactory.builder().accessKey(ACCESS_KEY)),
                case_(Setting.ENDPOINT, "Endpoint must use https",
                        () -> keyMode().endpoint(URI.create("ftp://example.webpubsub.azure.com"))),
                case_(Setting.ACCESS_KEY, "An endpoint is set but no access key and no bearer token provider",
                        () -> ClientUrlFactory.builder().endpoint(ENDPOINT)),
                case_(Setting.ACCESS_KEY, "Access key is 20 bytes long",
                        () -> keyMode().accessKey(ACCESS_KEY.substring(0, 20))),
                case_(Setting.CONNECTION_STRING, "Both a connection string and an endpoint or access key are set",
                        () -> keyMode().connectionString(WebPubSubConnectionString.of(ENDPOINT, ACCESS_KEY))),
                case_(Setting.REVERSE_PROXY_ENDPOINT, "A reverse proxy endpoint is set, but it only applies",
                        () -> keyMode().reverseProxyEndpoint(URI.create("https://apim.azure-api.net"))),
                case_(Setting.ACCESS_KEY, "Both an access key and a bearer token provider are set",
                        () -> keyless().accessKey(ACCESS_KEY)),
                case_(Setting.CONNECTION_STRING, "Both a connection string and a bearer token provider are set",
                        () -> ClientUrlFactory.builder()
                            .bearerTokenProvider(PROVIDER)
                            .connectionString(WebPubSubConnectionString.of(ENDPOINT, ACCESS_KEY))),
                case_(Setting.ENDPOINT, "A bearer token provider is set but no endpoint",
                        () -> ClientUrlFactory.builder().bearerTokenProvider(PROVIDER)),
                case_(Setting.ENDPOINT, "Endpoint uses plain http",
                        () -> keyless().endpoint(URI.create("http://example.webpubsub.azure.com"))),
                case_(Setting.REVERSE_PROXY_ENDPOINT, "Reverse proxy endpoint uses plain http",
                        () -> keyless().reverseProxyEndpoint(URI.create("http://apim.azure-api.net"))),
                case_(Setting.REVERSE_PROXY_ENDPOINT, "Reverse proxy endpoint must not have a query",
                        () -> keyless().reverseProxyEndpoint(URI.create("https://apim.azure-api.net/?a=b"))),
                case_(Setting.CONNECT_TIMEOUT, "Connect timeout PT0S is not positive",
                        () -> keyless().connectTimeout(Duration.ZERO)),
                case_(Setting.READ_TIMEOUT, "A read timeout is set, but it only applies",
                        () -> keyMode().readTimeout(Duration.ofSeconds(5))),
                case_(Setting.READ_TIMEOUT, "Read timeout PT20S exceeds the service deadline PT15S",
                        () -> keyless().readTimeout(Duration.ofSeconds(20))),
                case_(Setting.SERVICE_DEADLINE, "Service deadline PT-1S is not positive",
                        () -> keyless().serviceDeadline(Duration.ofSeconds(-1))),
                case_(Setting.MAX_RETRIES, "Max retries 11 is outside 0..10", () -> keyless().maxRetries(11)));
    }

    private static Arguments case_(Setting setting, String message, Supplier<ClientUrlFactory.Builder> builder) {
        return Arguments.of(setting, message, builder);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("misconfiguredBuilders")
    void buildNamesTheSettingAtFault(Setting setting, String message, Supplier<ClientUrlFactory.Builder> builder) {
        ClientUrlFactory.Builder misconfigured = builder.get();
        assertThatExceptionOfType(InvalidWebPubSubSettingException.class).isThrownBy(misconfigured::build)
            .withMessageContaining(message)
            .withMessageNotContaining(ACCESS_KEY)
            .satisfies((ex) -> assertThat(ex.setting()).isEqualTo(setting));
    }

    @Test
    void malformedConnectionStringsNameTheConnectionString() {
        String truncatedKey = "Endpoint=" + ENDPOINT + ";AccessKey=" + ACCESS_KEY.substring(0, 20);
        String badEndpoint = "Endpoint=ftp://example;AccessKey=" + ACCESS_KEY;
        String badPort = "Endpoint=" + ENDPOINT + ";AccessKey=" + ACCESS_KEY + ";Port=0";
        for (String connectionString : new String[] { "", "Endpoint", truncatedKey, badEndpoint, badPort }) {
            InvalidWebPubSubSettingException ex = catchThrowableOfType(InvalidWebPubSubSettingException.class,
                    () -> WebPubSubConnectionString.parse(connectionString));
            assertThat(ex).as(connectionString).isNotNull();
            assertThat(ex.setting()).as(connectionString).isEqualTo(Setting.CONNECTION_STRING);
            assertThat(ex.getMessage()).doesNotContain(ACCESS_KEY.substring(0, 20));
        }
    }

    @Test
    void theBuilderParsingAConnectionStringNamesTheConnectionString() {
        InvalidWebPubSubSettingException ex = catchThrowableOfType(InvalidWebPubSubSettingException.class,
                () -> ClientUrlFactory.builder().connectionString("AccessKey=" + ACCESS_KEY));
        assertThat(ex.setting()).isEqualTo(Setting.CONNECTION_STRING);
        assertThat(ex.getMessage()).startsWith("Invalid Web PubSub connection string: Endpoint is missing or empty");
    }

    @Test
    void endpointAndKeyAreNamedApart() {
        assertThat(catchThrowableOfType(InvalidWebPubSubSettingException.class,
                () -> WebPubSubConnectionString.of(URI.create("https://user@example.webpubsub.azure.com"), ACCESS_KEY))
            .setting()).isEqualTo(Setting.ENDPOINT);
        assertThat(catchThrowableOfType(InvalidWebPubSubSettingException.class,
                () -> WebPubSubConnectionString.of(ENDPOINT, " " + ACCESS_KEY))
            .setting()).isEqualTo(Setting.ACCESS_KEY);
    }

    @Test
    void anAttributedFailureKeepsTheMessageOfTheSharedCheck() {
        InvalidClientAccessRequestException shared = catchThrowableOfType(InvalidClientAccessRequestException.class,
                () -> ClientAccessRequest.builder().hub("chat-room"));
        InvalidWebPubSubSettingException attributed = catchThrowableOfType(InvalidWebPubSubSettingException.class,
                () -> keyMode().hub("chat-room").build());
        assertThat(attributed.getMessage()).isEqualTo(shared.getMessage());
        assertThat(attributed.getCause()).isInstanceOf(InvalidClientAccessRequestException.class);
    }

    @Test
    void requestsFailWithInvalidClientAccessRequestExceptions() {
        ClientUrlFactory factory = keyMode().hub("chat").build();
        assertThatExceptionOfType(InvalidClientAccessRequestException.class)
            .isThrownBy(() -> factory.create((request) -> request.lifetime(Duration.ofDays(2))));
    }

    @Test
    void theProblemLeavesOutAFixThatNamesBuilderMethods() {
        InvalidWebPubSubSettingException lifetime = catchThrowableOfType(InvalidWebPubSubSettingException.class,
                () -> keyMode().maxLifetime(Duration.ofHours(-1)).build());
        assertThat(lifetime).hasMessage("Maximum token lifetime PT-1H is not positive. Give a positive duration such "
                + "as Duration.ofHours(24).");
        assertThat(lifetime.problem()).isEqualTo("Maximum token lifetime PT-1H is not positive.");

        InvalidWebPubSubSettingException proxy = catchThrowableOfType(InvalidWebPubSubSettingException.class,
                () -> keyMode().reverseProxyEndpoint(URI.create("https://apim.azure-api.net")).build());
        assertThat(proxy.getMessage())
            .endsWith("Remove reverseProxyEndpoint(..), or use bearerTokenProvider(..) instead of an access key.");
        assertThat(proxy.problem())
            .isEqualTo("A reverse proxy endpoint is set, but it only applies to the service calls "
                    + "of key-less mode, and key mode signs tokens locally.");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("misconfiguredBuilders")
    void theProblemNamesNoJavaMethod(Setting setting, String message, Supplier<ClientUrlFactory.Builder> builder) {
        InvalidWebPubSubSettingException ex = catchThrowableOfType(InvalidWebPubSubSettingException.class,
                builder.get()::build);
        assertThat(ex.getMessage()).startsWith(ex.problem());
        if (!ex.problem().equals(ex.getMessage())) {
            // Split: the fix alone speaks Java.
            assertThat(ex.problem()).doesNotContain("(..)").doesNotContain("Duration.");
        }
    }

    @Test
    void aMessageWithoutASeparateFixIsItsOwnProblem() {
        InvalidWebPubSubSettingException ex = new InvalidWebPubSubSettingException(Setting.HUB, "Hub is wrong.");
        assertThat(ex.problem()).isEqualTo("Hub is wrong.");
    }

    @Test
    void aSettingIsRequired() {
        assertThatIllegalArgumentException().isThrownBy(() -> new InvalidWebPubSubSettingException(null, "message"))
            .withMessage("Setting is null. Give the Setting that is at fault.");
    }

}
