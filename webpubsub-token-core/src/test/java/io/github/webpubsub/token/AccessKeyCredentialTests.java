package io.github.webpubsub.token;

import java.net.URI;
import java.util.Arrays;
import java.util.stream.Stream;

import io.github.webpubsub.token.InvalidWebPubSubSettingException.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.github.webpubsub.token.TestKeys.ACCESS_KEY;
import static io.github.webpubsub.token.TestKeys.CLOCK;
import static io.github.webpubsub.token.TestKeys.CONNECTION_STRING;
import static io.github.webpubsub.token.TestKeys.ENDPOINT;
import static io.github.webpubsub.token.TestKeys.NOW;
import static io.github.webpubsub.token.TestKeys.OTHER_ACCESS_KEY;
import static io.github.webpubsub.token.TestKeys.assertNoPartOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link AccessKeyCredential}: the key a factory signs with, replaced at runtime; and
 * {@link ClientUrlFactory.Builder#accessKey(AccessKeyCredential)}.
 */
class AccessKeyCredentialTests {

    /** Cut short, as when a copy misses its end: 20 bytes, under HS256's 32. */
    private static final String TRUNCATED_KEY = ACCESS_KEY.substring(0, 20);

    @Test
    void factorySignsWithTheCredentialsKey() {
        ClientUrlFactory factory = factory(AccessKeyCredential.of(ACCESS_KEY));

        String token = factory.create(request -> request.userId("alice")).token();

        assertThat(ClientTokens.verifiedClaims(token, ACCESS_KEY, NOW).get("sub").asText()).isEqualTo("alice");
    }

    @Test
    void tokensIssuedAfterAnUpdateAreSignedWithTheNewKeyOnly() {
        AccessKeyCredential credential = AccessKeyCredential.of(ACCESS_KEY);
        ClientUrlFactory factory = factory(credential);
        String before = factory.create(request -> request.userId("alice")).token();

        assertThat(credential.update(OTHER_ACCESS_KEY)).as("changed").isTrue();
        String after = factory.create(request -> request.userId("alice")).token();

        assertThat(ClientTokens.isSignedWith(before, ACCESS_KEY)).isTrue();
        assertThat(ClientTokens.isSignedWith(before, OTHER_ACCESS_KEY)).isFalse();
        assertThat(ClientTokens.verifiedClaims(after, OTHER_ACCESS_KEY, NOW).get("sub").asText()).isEqualTo("alice");
        assertThat(ClientTokens.isSignedWith(after, ACCESS_KEY)).isFalse();
    }

    @Test
    void updatingToTheKeyInUseChangesNothing() {
        AccessKeyCredential credential = AccessKeyCredential.of(ACCESS_KEY);

        assertThat(credential.update(new String(ACCESS_KEY.toCharArray()))).isFalse();
        assertThat(credential.update(OTHER_ACCESS_KEY)).isTrue();
        assertThat(credential.update(OTHER_ACCESS_KEY)).isFalse();
        assertThat(credential.update(ACCESS_KEY)).as("back to the first key").isTrue();
    }

    @Test
    void oneCredentialServesSeveralFactories() {
        AccessKeyCredential credential = AccessKeyCredential.of(ACCESS_KEY);
        ClientUrlFactory chat = factory(credential);
        ClientUrlFactory news = TestKeys.factoryBuilder().accessKey(credential).hub("news").build();

        credential.update(OTHER_ACCESS_KEY);

        assertThat(ClientTokens.isSignedWith(chat.create(request -> {
        }).token(), OTHER_ACCESS_KEY)).isTrue();
        assertThat(ClientTokens.isSignedWith(news.create(request -> {
        }).token(), OTHER_ACCESS_KEY)).isTrue();
    }

    static Stream<Arguments> invalidKeys() {
        return Stream.of(Arguments.of("missing", null, "Access key is missing."),
                Arguments.of("empty", "", "Access key is missing."),
                Arguments.of("truncated", TRUNCATED_KEY, "Access key is 20 bytes long; HS256 needs at least 32."),
                Arguments.of("with a trailing newline", ACCESS_KEY + "\n", "Access key starts or ends with whitespace"),
                Arguments.of("with a leading space", " " + ACCESS_KEY, "Access key starts or ends with whitespace"),
                Arguments.of("a whole connection string",
                        "Endpoint=" + ENDPOINT + ";AccessKey=" + ACCESS_KEY + ";Version=1.0;",
                        "Access key is a whole connection string (it has an Endpoint= or "
                                + "AccessKey= part), not a key."),
                Arguments.of("a connection string's key part", "accesskey=" + ACCESS_KEY,
                        "Access key is a whole connection string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidKeys")
    void ofRefusesAnInvalidKeyWithTheBuildersMessage(String problem, String key, String message) {
        InvalidWebPubSubSettingException fromCredential = catchThrowableOfType(InvalidWebPubSubSettingException.class,
                () -> AccessKeyCredential.of(key));

        assertThat(fromCredential.setting()).isEqualTo(Setting.ACCESS_KEY);
        assertThat(fromCredential).hasMessageStartingWith(message)
            .hasMessageEndingWith(
                    "Copy a full access key (44 characters) from the Keys page of the Web PubSub resource.");
        if (key != null) {
            // (The builder reads a null key as "not set", and says so.)
            InvalidWebPubSubSettingException fromBuilder = catchThrowableOfType(InvalidWebPubSubSettingException.class,
                    () -> ClientUrlFactory.builder().endpoint(ENDPOINT).accessKey(key).build());
            assertThat(fromCredential).hasMessage(fromBuilder.getMessage());
            assertThat(fromCredential.setting()).isEqualTo(fromBuilder.setting());
        }
        if (key != null && !key.isEmpty()) {
            // The secret is the key: a connection string's other parts may be named.
            assertNoPartOf(key.contains(ACCESS_KEY) ? ACCESS_KEY : key.strip(), fromCredential.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidKeys")
    void anInvalidUpdateThrowsAndKeepsTheKeyInUse(String problem, String key, String message) {
        AccessKeyCredential credential = AccessKeyCredential.of(ACCESS_KEY);
        ClientUrlFactory factory = factory(credential);

        assertThatExceptionOfType(InvalidWebPubSubSettingException.class).isThrownBy(() -> credential.update(key))
            .withMessageStartingWith(message)
            .satisfies(ex -> assertThat(ex.setting()).isEqualTo(Setting.ACCESS_KEY));

        String token = factory.create(request -> request.userId("alice")).token();
        assertThat(ClientTokens.verifiedClaims(token, ACCESS_KEY, NOW).get("sub").asText()).isEqualTo("alice");
    }

    @Test
    void toStringMasksTheKey() {
        AccessKeyCredential credential = AccessKeyCredential.of(ACCESS_KEY);
        ClientUrlFactory factory = factory(credential);

        assertThat(credential).hasToString("AccessKeyCredential[key=******]");
        credential.update(OTHER_ACCESS_KEY);
        assertNoPartOf(ACCESS_KEY, credential.toString() + factory);
        assertNoPartOf(OTHER_ACCESS_KEY, credential.toString() + factory);
    }

    @Test
    void credentialNeedsAnEndpoint() {
        InvalidWebPubSubSettingException ex = catchThrowableOfType(InvalidWebPubSubSettingException.class,
                () -> ClientUrlFactory.builder().accessKey(AccessKeyCredential.of(ACCESS_KEY)).build());

        assertThat(ex.setting()).isEqualTo(Setting.ENDPOINT);
        assertThat(ex).hasMessage("An access key credential is set but no endpoint. Add endpoint(..) with the "
                + "resource's endpoint, for example https://<name>.webpubsub.azure.com.");
    }

    @Test
    void credentialEndpointIsValidated() {
        InvalidWebPubSubSettingException ex = catchThrowableOfType(InvalidWebPubSubSettingException.class,
                () -> ClientUrlFactory.builder()
                    .endpoint(URI.create("ftp://example.webpubsub.azure.com"))
                    .accessKey(AccessKeyCredential.of(ACCESS_KEY))
                    .build());

        assertThat(ex.setting()).isEqualTo(Setting.ENDPOINT);
        assertThat(ex).hasMessageContaining("must use https");
    }

    @Test
    void credentialAndConnectionStringAreExclusive() {
        InvalidWebPubSubSettingException ex = catchThrowableOfType(InvalidWebPubSubSettingException.class,
                () -> ClientUrlFactory.builder()
                    .connectionString(CONNECTION_STRING)
                    .accessKey(AccessKeyCredential.of(OTHER_ACCESS_KEY))
                    .build());

        assertThat(ex.setting()).isEqualTo(Setting.CONNECTION_STRING);
        assertThat(ex).hasMessage("Both a connection string and an access key credential are set. Give "
                + "endpoint(..) with accessKey(credential), or connectionString(..) alone.");
    }

    @Test
    void credentialAndBearerTokenProviderAreExclusive() {
        InvalidWebPubSubSettingException ex = catchThrowableOfType(InvalidWebPubSubSettingException.class,
                () -> ClientUrlFactory.builder()
                    .endpoint(ENDPOINT)
                    .accessKey(AccessKeyCredential.of(ACCESS_KEY))
                    .bearerTokenProvider(scope -> {
                        throw new AssertionError("not called");
                    })
                    .build());

        assertThat(ex.setting()).isEqualTo(Setting.ACCESS_KEY);
        assertThat(ex).hasMessageStartingWith("Both an access key and a bearer token provider are set.");
    }

    @Test
    void theLastKeySettingWins() {
        AccessKeyCredential credential = AccessKeyCredential.of(OTHER_ACCESS_KEY);

        ClientUrlFactory stringLast = TestKeys.factoryBuilder().accessKey(credential).accessKey(ACCESS_KEY).build();
        ClientUrlFactory credentialLast = TestKeys.factoryBuilder().accessKey(ACCESS_KEY).accessKey(credential).build();

        assertThat(ClientTokens.isSignedWith(stringLast.create(request -> {
        }).token(), ACCESS_KEY)).isTrue();
        assertThat(ClientTokens.isSignedWith(credentialLast.create(request -> {
        }).token(), OTHER_ACCESS_KEY)).isTrue();
    }

    @Test
    void aConnectionStringStillSignsWithItsKey() {
        String token = TestKeys.factory(CONNECTION_STRING).create(request -> {
        }).token();

        assertThat(ClientTokens.isSignedWith(token, ACCESS_KEY)).isTrue();
    }

    @Test
    void aCredentialTokenIsByteForByteTheTokenOfTheSameFixedKey() {
        ClientUrlFactory fixed = TestKeys.factory();
        ClientUrlFactory rotating = factory(AccessKeyCredential.of(ACCESS_KEY));

        ClientAccessRequest request = ClientAccessRequest.builder()
            .userId("alice")
            .roles(WebPubSubRole.sendToGroup("lobby"))
            .groups("lobby")
            .build();

        assertThat(rotating.create(request).token()).isEqualTo(fixed.create(request).token());
        assertThat(Arrays.asList(rotating.create(request).url(), rotating.create(request).expiresAt()))
            .isEqualTo(Arrays.asList(fixed.create(request).url(), fixed.create(request).expiresAt()));
    }

    private static ClientUrlFactory factory(AccessKeyCredential credential) {
        return ClientUrlFactory.builder().endpoint(ENDPOINT).accessKey(credential).hub("chat").clock(CLOCK).build();
    }

}
