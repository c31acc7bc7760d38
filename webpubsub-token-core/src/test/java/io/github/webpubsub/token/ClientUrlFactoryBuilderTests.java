package io.github.webpubsub.token;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static io.github.webpubsub.token.TestKeys.ACCESS_KEY;
import static io.github.webpubsub.token.TestKeys.CONNECTION_STRING;
import static io.github.webpubsub.token.TestKeys.NOW;
import static io.github.webpubsub.token.TestKeys.assertNoPartOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * How a factory is configured: a connection string, or an endpoint with an access key.
 */
class ClientUrlFactoryBuilderTests {

    @Test
    void aConnectionStringAndAnEndpointWithAKeyGiveTheSameTokens() {
        ClientUrlFactory fromConnectionString = ClientUrlFactory.builder()
            .connectionString(CONNECTION_STRING)
            .hub("chat")
            .clock(TestKeys.CLOCK)
            .build();
        ClientUrlFactory fromParts = TestKeys.factory();

        ClientAccessRequest request = ClientAccessRequest.builder().userId("alice").groups("lobby").build();

        assertThat(fromConnectionString.create(request)).isEqualTo(fromParts.create(request));
    }

    @Test
    void aParsedConnectionStringIsAccepted() {
        ClientUrlFactory factory = ClientUrlFactory.builder()
            .connectionString(WebPubSubConnectionString.parse(CONNECTION_STRING))
            .hub("chat")
            .clock(TestKeys.CLOCK)
            .build();

        ClientTokens.verifiedClaims(factory.create(request -> {
        }).token(), ACCESS_KEY, NOW);
    }

    @Test
    void aConnectionStringTogetherWithAnEndpointOrKeyIsRejected() {
        assertThatExceptionOfType(WebPubSubException.class)
            .isThrownBy(() -> ClientUrlFactory.builder()
                .connectionString(CONNECTION_STRING)
                .endpoint(URI.create("https://other.webpubsub.azure.com"))
                .build())
            .withMessageContaining("Both a connection string and an endpoint or access key are set");
        WebPubSubException ex = catchThrowableOfType(WebPubSubException.class,
                () -> ClientUrlFactory.builder().connectionString(CONNECTION_STRING).accessKey(ACCESS_KEY).build());
        assertThat(ex).hasMessageContaining("Give either connectionString(..), or endpoint(..) with accessKey(..)");
        assertNoPartOf(ACCESS_KEY, ex.getMessage());
    }

    @Test
    void aFactoryWithNothingConfiguredIsRejected() {
        assertThatExceptionOfType(WebPubSubException.class)
            .isThrownBy(() -> ClientUrlFactory.builder().hub("chat").build())
            .withMessageContaining("connectionString(..)");
    }

    @Test
    void aNullClockIsRejected() {
        assertThatExceptionOfType(WebPubSubException.class)
            .isThrownBy(() -> TestKeys.factoryBuilder().clock(null).build())
            .withMessageContaining("Clock is null");
    }

    @Test
    void aNullRequestIsRejected() {
        assertThatExceptionOfType(WebPubSubException.class)
            .isThrownBy(() -> TestKeys.factory().create((ClientAccessRequest) null))
            .withMessageContaining("Request is null");
    }

    @Test
    void anInvalidEndpointIsRejectedWhenTheFactoryIsBuilt() {
        WebPubSubException ex = catchThrowableOfType(WebPubSubException.class,
                () -> TestKeys.factoryBuilder().endpoint(URI.create("wss://example.webpubsub.azure.com")).build());

        assertThat(ex).hasMessageStartingWith("Endpoint must use https");
        assertNoPartOf(ACCESS_KEY, ex.getMessage());
    }

}
