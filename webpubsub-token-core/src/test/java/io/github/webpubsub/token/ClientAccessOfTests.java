package io.github.webpubsub.token;

import java.net.URI;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link ClientAccess#of(URI, Instant)}, {@link ClientAccess#url()} and
 * {@link ClientProtocol#parse(String)}: what an application needs to stub a factory in
 * its own tests.
 */
class ClientAccessOfTests {

    private static final String TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOjF9.c2lnbmF0dXJl";

    @ParameterizedTest
    @CsvSource({ "DEFAULT, https://contoso.webpubsub.azure.com", "MQTT, https://contoso.webpubsub.azure.com:8443",
            "SOCKETIO, http://localhost:8080/proxy/webpubsub", "DEFAULT, http://127.0.0.1:7071" })
    void theAccessOfAFactorysUrlEqualsWhatTheFactoryReturned(ClientProtocol protocol, String endpoint) {
        ClientAccess issued = ClientUrlFactory.builder()
            .connectionString("Endpoint=" + endpoint + ";AccessKey=" + TestKeys.ACCESS_KEY + ";Version=1.0;")
            .hub("chat_2")
            .build()
            .create((request) -> request.userId("alice").protocol(protocol));

        ClientAccess parsed = ClientAccess.of(issued.url(), issued.expiresAt());

        assertThat(parsed).isEqualTo(issued);
        assertThat(parsed.hub()).isEqualTo("chat_2");
        assertThat(parsed.protocol()).isEqualTo(protocol);
        assertThat(parsed.endpoint()).isEqualTo(issued.endpoint());
        assertThat(parsed.path()).isEqualTo(issued.path());
        assertThat(parsed.urlText()).isEqualTo(issued.urlText());
    }

    @Test
    void aStubbedFactoryAnswersWithAUrlOfItsChoosing() {
        Instant expiresAt = Instant.parse("2030-01-01T00:00:00Z");
        ClientUrlFactory stub = (request) -> ClientAccess
            .of(URI.create("wss://contoso.webpubsub.azure.com/client/hubs/chat?access_token=" + TOKEN), expiresAt);

        ClientAccess access = stub.create((request) -> request.userId("alice"));

        assertThat(access.baseUrl()).hasToString("wss://contoso.webpubsub.azure.com/client/hubs/chat");
        assertThat(access.token()).isEqualTo(TOKEN);
        assertThat(access.expiresAt()).isEqualTo(expiresAt);
        assertThat(access.endpoint()).hasToString("https://contoso.webpubsub.azure.com/");
    }

    @ParameterizedTest
    @ValueSource(strings = { "https://contoso.webpubsub.azure.com/client/hubs/chat?access_token=" + TOKEN,
            "contoso.webpubsub.azure.com/client/hubs/chat?access_token=" + TOKEN,
            "wss://contoso.webpubsub.azure.com/client/hubs/chat",
            "wss://contoso.webpubsub.azure.com/client/hubs/chat?access_token=" + TOKEN + "&x=1",
            "wss://contoso.webpubsub.azure.com/client/hubs/chat?access_token=" + TOKEN + "#f",
            "wss://contoso.webpubsub.azure.com/client/hubs/chat?access_token=",
            "wss://contoso.webpubsub.azure.com/api/hubs/chat?access_token=" + TOKEN,
            "wss://contoso.webpubsub.azure.com/client/hubs/chat/x?access_token=" + TOKEN,
            "wss://contoso.webpubsub.azure.com/client/hubs/1chat?access_token=" + TOKEN })
    void aUrlThatIsNoClientAccessUrlIsRefusedWithoutItsToken(String url) {
        assertThatIllegalArgumentException().isThrownBy(() -> ClientAccess.of(URI.create(url), Instant.EPOCH))
            .withMessageNotContaining("c2lnbmF0dXJl")
            .withMessageNotContaining("eyJleHAiOjF9");
    }

    @Test
    void aUrlWithoutTheTokenQueryNamesWhatIsMissing() {
        assertThatIllegalArgumentException().isThrownBy(
                () -> ClientAccess.of(URI.create("wss://contoso.webpubsub.azure.com/client/hubs/chat"), Instant.EPOCH))
            .withMessage("The Client Access URL must end with the query access_token=<token> alone, the token a JWT "
                    + "of base64url parts. Give a URL such as "
                    + "wss://<name>.webpubsub.azure.com/client/hubs/<hub>?access_token=<token>.");
    }

    @Test
    void theUrlIsParsedOnceAndEqualsItsText() {
        ClientAccess access = ClientAccess
            .of(URI.create("wss://contoso.webpubsub.azure.com/client/hubs/chat?access_token=" + TOKEN), Instant.EPOCH);

        assertThat(access.url()).isSameAs(access.url());
        assertThat(access.url()).hasToString(access.urlText());
    }

    @ParameterizedTest
    @EnumSource(ClientProtocol.class)
    void aProtocolIsFoundByItsClientTypeOrItsNameInAnyCase(ClientProtocol protocol) {
        assertThat(ClientProtocol.parse(protocol.clientType())).isSameAs(protocol);
        assertThat(ClientProtocol.parse(protocol.name())).isSameAs(protocol);
        assertThat(ClientProtocol.parse(" " + protocol.clientType().toUpperCase() + " ")).isSameAs(protocol);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "websocket", "socket.io" })
    void anUnknownProtocolIsRefusedNamingTheChoices(String text) {
        assertThatExceptionOfType(InvalidClientAccessRequestException.class)
            .isThrownBy(() -> ClientProtocol.parse(text))
            .withMessage("'" + text + "' is no Web PubSub client protocol. Use default, mqtt or socketio.");
    }

}
