package io.github.webpubsub.token;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.webpubsub.token.TokenIssuer.TokenClaims;

import static org.assertj.core.api.Assertions.assertThat;

class GenerateTokenRequestTests {

    @ParameterizedTest
    @CsvSource(delimiter = '|',
            value = { "alice|alice", "a b|a%20b", "a+b|a%2Bb", "a&b|a%26b", "a=b|a%3Db", "a#b|a%23b", "a/b?c|a%2Fb%3Fc",
                    "é|%C3%A9", "😀|%F0%9F%98%80", "%41|%2541", "AZaz09-._~|AZaz09-._~", "\"<>|%22%3C%3E" })
    void percentEncodesEverythingButUnreservedCharactersAsUtf8(String value, String encoded) {
        assertThat(GenerateTokenRequest.percentEncode(value)).isEqualTo(encoded);
    }

    @ParameterizedTest
    @CsvSource({ "PT0.001S, 1", "PT30S, 1", "PT60S, 1", "PT90S, 2", "PT120S, 2", "PT2M0.5S, 3", "PT24H, 1440" })
    void minutesToExpireRoundsUpAndIsAtLeastOne(Duration lifetime, long minutes) {
        assertThat(GenerateTokenRequest.minutesToExpire(lifetime)).isEqualTo(minutes);
    }

    @Test
    void buildsTheUriOnTheEndpointsPathPrefix() {
        ServiceEndpoint endpoint = ServiceEndpoint.of(URI.create("https://apim.example.com:8443/prefix/wps"),
                "Endpoint");

        URI uri = GenerateTokenRequest.uri(endpoint,
                new TokenClaims("chat", ClientProtocol.MQTT, URI.create("https://unused"), "u 1",
                        List.of("webpubsub.joinLeaveGroup"), List.of("a", "b"), Duration.ofSeconds(90)));

        assertThat(uri).hasToString("https://apim.example.com:8443/prefix/wps/api/hubs/chat/:generateToken"
                + "?api-version=2024-01-01&userId=u%201&minutesToExpire=2&role=webpubsub.joinLeaveGroup"
                + "&group=a&group=b&clientType=mqtt");
        assertThat(uri.getPath()).isEqualTo("/prefix/wps/api/hubs/chat/:generateToken");
        assertThat(uri.getQuery()).contains("userId=u 1");
    }

}
