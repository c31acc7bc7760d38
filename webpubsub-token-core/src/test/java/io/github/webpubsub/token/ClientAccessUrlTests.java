package io.github.webpubsub.token;

import java.net.URI;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.github.webpubsub.token.TestKeys.ACCESS_KEY;
import static io.github.webpubsub.token.TestKeys.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * SPEC section 3: the audience, the Client Access URL, and hub names.
 */
class ClientAccessUrlTests {

    private static String audienceOf(ClientAccess access) {
        return ClientTokens.verifiedClaims(access.token(), ACCESS_KEY, NOW).get("aud").asText();
    }

    private static ClientAccess create(String connectionString, ClientProtocol protocol) {
        return TestKeys.factory(connectionString).create(request -> request.protocol(protocol));
    }

    @Nested
    class Protocols {

        @ParameterizedTest
        @CsvSource(delimiter = '|', textBlock = """
                DEFAULT  | client/hubs/chat
                MQTT     | clients/mqtt/hubs/chat
                SOCKETIO | clients/socketio/hubs/chat
                """)
        void eachProtocolHasItsOwnHubPathInAudienceAndUrl(ClientProtocol protocol, String hubPath) {
            ClientAccess access = create(TestKeys.CONNECTION_STRING, protocol);

            assertThat(audienceOf(access)).isEqualTo("https://example.webpubsub.azure.com/" + hubPath);
            assertThat(access.baseUrl()).isEqualTo(URI.create("wss://example.webpubsub.azure.com/" + hubPath));
            assertThat(access.protocol()).isEqualTo(protocol);
        }

        @Test
        void theProtocolIsDefaultUnlessSet() {
            ClientAccess access = TestKeys.factory().create(ClientAccessRequest.builder().build());

            assertThat(access.protocol()).isEqualTo(ClientProtocol.DEFAULT);
            assertThat(access.baseUrl().getPath()).isEqualTo("/client/hubs/chat");
        }

        @Test
        void theRestApiClientTypeOfEachProtocolIsItsServiceName() {
            assertThat(ClientProtocol.DEFAULT.clientType()).isEqualTo("default");
            assertThat(ClientProtocol.MQTT.clientType()).isEqualTo("mqtt");
            assertThat(ClientProtocol.SOCKETIO.clientType()).isEqualTo("socketio");
        }

    }

    @Nested
    class Joining {

        /**
         * Every endpoint form, with and without trailing slash, prefix and port, for
         * every protocol: one '/' between the endpoint and the hub path, never two, never
         * none.
         */
        @ParameterizedTest
        @CsvSource(delimiter = '|', textBlock = """
                https://example.com                    |           | https://example.com/
                https://example.com/                   |           | https://example.com/
                https://example.com/prefix             |           | https://example.com/prefix/
                https://example.com/prefix/            |           | https://example.com/prefix/
                https://example.com/a/b/               |           | https://example.com/a/b/
                https://example.com:8443               |           | https://example.com:8443/
                https://example.com                    | 8443      | https://example.com:8443/
                https://example.com/                   | 8443      | https://example.com:8443/
                https://example.com/prefix/            | 8443      | https://example.com:8443/prefix/
                https://example.com                    | 443       | https://example.com:443/
                https://example.com/prefix             | 443       | https://example.com:443/prefix/
                http://localhost:8080                  |           | http://localhost:8080/
                http://localhost:8080/                 | 9090      | http://localhost:9090/
                http://127.0.0.1/proxy/                |           | http://127.0.0.1/proxy/
                """)
        void theAudienceIsTheEndpointThenExactlyOneSlashThenTheHubPath(String endpoint, String port, String base) {
            String connectionString = "Endpoint=" + endpoint + ";AccessKey=" + ACCESS_KEY + ";"
                    + ((port != null) ? "Port=" + port : "");
            for (ClientProtocol protocol : ClientProtocol.values()) {
                ClientAccess access = create(connectionString, protocol);
                String expectedAudience = base + protocol.hubPath("chat");
                String expectedBaseUrl = expectedAudience.replaceFirst("^https:", "wss:").replaceFirst("^http:", "ws:");

                assertThat(audienceOf(access)).as("aud for %s", protocol).isEqualTo(expectedAudience);
                assertThat(access.baseUrl()).as("baseUrl for %s", protocol).isEqualTo(URI.create(expectedBaseUrl));
                assertThat(access.url().toString()).as("url for %s", protocol)
                    .isEqualTo(expectedBaseUrl + "?access_token=" + access.token());
                assertThat(access.url().getRawPath()).doesNotContain("//");
            }
        }

        @Test
        void httpsBecomesWss() {
            ClientAccess access = create("Endpoint=https://example.com;AccessKey=" + ACCESS_KEY,
                    ClientProtocol.DEFAULT);

            assertThat(access.url().getScheme()).isEqualTo("wss");
            assertThat(audienceOf(access)).startsWith("https://");
        }

        @Test
        void httpBecomesWs() {
            ClientAccess access = create("Endpoint=http://localhost:8080;AccessKey=" + ACCESS_KEY,
                    ClientProtocol.DEFAULT);

            assertThat(access.url().getScheme()).isEqualTo("ws");
            assertThat(audienceOf(access)).startsWith("http://localhost:8080/");
        }

        @Test
        void theSchemeIsMappedAsASchemeSoAHostContainingHttpIsUntouched() {
            ClientAccess access = create("Endpoint=HTTP://httpbin.example.com/http/;AccessKey=" + ACCESS_KEY,
                    ClientProtocol.DEFAULT);

            assertThat(access.baseUrl()).isEqualTo(URI.create("ws://httpbin.example.com/http/client/hubs/chat"));
            assertThat(audienceOf(access)).isEqualTo("http://httpbin.example.com/http/client/hubs/chat");
        }

    }

    @Nested
    class Parts {

        @Test
        void theUrlIsTheBaseUrlWithTheTokenAsItsOnlyQueryParameter() {
            ClientAccess access = TestKeys.factory().create(request -> request.userId("alice"));

            assertThat(access.url().getRawQuery()).isEqualTo("access_token=" + access.token());
            assertThat(URI.create(access.url().toString().replace("?" + access.url().getRawQuery(), "")))
                .isEqualTo(access.baseUrl());
            assertThat(access.baseUrl().getRawQuery()).isNull();
        }

        @ParameterizedTest
        @EnumSource(ClientProtocol.class)
        void theUrlTextIsTheUrlWithoutParsingIt(ClientProtocol protocol) {
            ClientAccess access = TestKeys.factory().create(request -> request.userId("alice").protocol(protocol));

            assertThat(access.urlText()).isEqualTo(access.url().toString());
        }

        @Test
        void theTokenIsTheSignedJwt() {
            ClientAccess access = TestKeys.factory().create(request -> request.userId("alice"));

            assertThat(ClientTokens.verifiedClaims(access.token(), ACCESS_KEY, NOW).get("sub").asText())
                .isEqualTo("alice");
        }

        @Test
        void theHubIsReported() {
            ClientAccess access = TestKeys.factory().create(request -> request.hub("other"));

            assertThat(access.hub()).isEqualTo("other");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', textBlock = """
                https://example.com          |      | https://example.com/      | /clients/socketio/hubs/chat
                https://example.com/         | 8443 | https://example.com:8443/ | /clients/socketio/hubs/chat
                https://example.com/prefix   |      | https://example.com/      | /prefix/clients/socketio/hubs/chat
                http://localhost:8080        |      | http://localhost:8080/    | /clients/socketio/hubs/chat
                """)
        void socketIoClientsGetTheHttpOriginAndTheHubPath(String endpoint, String port, String origin, String path) {
            String connectionString = "Endpoint=" + endpoint + ";AccessKey=" + ACCESS_KEY + ";"
                    + ((port != null) ? "Port=" + port : "");

            ClientAccess access = create(connectionString, ClientProtocol.SOCKETIO);

            assertThat(access.endpoint()).isEqualTo(URI.create(origin));
            assertThat(access.path()).isEqualTo(path);
            // What a Socket.IO client connects to, endpoint + path, is exactly the
            // audience.
            assertThat(URI.create(origin).resolve(path).toString()).isEqualTo(audienceOf(access));
        }

    }

    @Nested
    class Hubs {

        @Test
        void theRequestsHubOverridesTheFactoryDefault() {
            ClientAccess access = TestKeys.factory().create(request -> request.hub("other"));

            assertThat(access.baseUrl()).isEqualTo(URI.create("wss://example.webpubsub.azure.com/client/hubs/other"));
            assertThat(audienceOf(access)).isEqualTo("https://example.webpubsub.azure.com/client/hubs/other");
        }

        @Test
        void aRequestWithoutHubNeedsAFactoryDefault() {
            ClientUrlFactory factory = TestKeys.factoryBuilder().hub(null).build();

            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> factory.create(ClientAccessRequest.builder().build()))
                .withMessage("The request names no hub, and no default hub is configured. Name the hub in the "
                        + "request, or configure a default hub.");
        }

        @Test
        void theFactoryTellsItsDefaultHub() {
            assertThat(TestKeys.factoryBuilder().hub("chat").build().defaultHub()).contains("chat");
            assertThat(TestKeys.factoryBuilder().hub(null).build().defaultHub()).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = { "a", "Z", "chat", "ChatRoom", "chat_room_1", "a_", "A1_b2_C3" })
        void aHubNameIsALetterThenLettersDigitsOrUnderscoresAndItsCaseIsKept(String hub) {
            ClientAccess access = TestKeys.factory().create(request -> request.hub(hub));

            assertThat(access.baseUrl().getRawPath()).isEqualTo("/client/hubs/" + hub);
            assertThat(audienceOf(access)).endsWith("/client/hubs/" + hub);
        }

        @Test
        void aHubNameMayHave128Characters() {
            String hub = "h" + "_".repeat(127);

            assertThat(TestKeys.factory().create(request -> request.hub(hub)).hub()).isEqualTo(hub);
        }

        @Test
        void aHubNameOf129CharactersIsRejected() {
            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> ClientAccessRequest.builder().hub("h" + "_".repeat(128)))
                .withMessageContaining("Hub name has 129 characters")
                .withMessageContaining("1 to 128");
        }

        @Test
        void anEmptyHubNameIsRejected() {
            assertThatExceptionOfType(WebPubSubException.class).isThrownBy(() -> ClientAccessRequest.builder().hub(""))
                .withMessageContaining("Hub name has 0 characters");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', textBlock = """
                1chat      | 0
                _chat      | 0
                chat-room  | 4
                chat.room  | 4
                chat room  | 4
                chat/room  | 4
                chät       | 2
                chat%20    | 4
                chat?x     | 4
                """)
        void aHubNameWithAnyOtherCharacterIsRejectedWithItsIndex(String hub, int index) {
            assertThatExceptionOfType(WebPubSubException.class).isThrownBy(() -> ClientAccessRequest.builder().hub(hub))
                .withMessageContaining("invalid character at index " + index)
                .withMessageContaining("starts with a letter");
        }

        @Test
        void anInvalidDefaultHubFailsWhenTheFactoryIsBuilt() {
            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> TestKeys.factoryBuilder().hub("chat-room").build())
                .withMessageContaining("Hub name 'chat-room' has an invalid character at index 4");
        }

        @ParameterizedTest
        @EnumSource(ClientProtocol.class)
        void theHubPathOfAProtocolEndsInTheHubName(ClientProtocol protocol) {
            assertThat(protocol.hubPath("Chat_1")).endsWith("hubs/Chat_1").doesNotStartWith("/");
        }

    }

}
