package io.github.webpubsub.token;

import java.util.List;

import com.azure.messaging.webpubsub.models.WebPubSubClientAccessToken;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static io.github.webpubsub.token.TestKeys.ACCESS_KEY;
import static io.github.webpubsub.token.TestKeys.CONNECTION_STRING;
import static io.github.webpubsub.token.TestKeys.OTHER_ACCESS_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Where the official Java SDK 1.4.0 legitimately differs from this project's
 * specification, outside SPEC section 8. These inputs stay out of the equality table of
 * {@link OfficialSdkInteropTests}; each test asserts both sides.
 */
class OfficialSdkDifferencesTests {

    @Test
    void theSdksHeaderHasNoTypWhileOursIsExactlyAlgHs256TypJwt() {
        WebPubSubClientAccessToken theirs = OfficialSdk.clientAccessToken(CONNECTION_STRING, "chat");
        ClientAccess ours = ClientUrlFactory.builder()
            .connectionString(CONNECTION_STRING)
            .hub("chat")
            .build()
            .create(request -> {
            });

        assertThat(ClientTokens.decode(theirs.getToken()).header()).isEqualTo(ClientTokens.json("{\"alg\":\"HS256\"}"));
        assertThat(ClientTokens.decode(ours.token()).header())
            .isEqualTo(ClientTokens.json("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"));
    }

    @Test
    void theSdksTokenHasNoIatWhileOursHasOne() {
        ObjectNode theirs = ClientTokens.decode(OfficialSdk.clientAccessToken(CONNECTION_STRING, "chat").getToken())
            .claims();
        ObjectNode ours = ClientTokens.decode(TestKeys.factory().create(request -> {
        }).token()).claims();

        assertThat(theirs.has("iat")).isFalse();
        assertThat(ours.get("iat").longValue()).isEqualTo(TestKeys.NOW.getEpochSecond());
    }

    @Test
    void theSdkLetsALaterDuplicateAccessKeyWinWhileWeRejectTheConnectionString() {
        String connectionString = CONNECTION_STRING + "AccessKey=" + OTHER_ACCESS_KEY + ";";

        String theirs = OfficialSdk.clientAccessToken(connectionString, "chat").getToken();

        assertThat(ClientTokens.isSignedWith(theirs, OTHER_ACCESS_KEY)).isTrue();
        assertThatExceptionOfType(WebPubSubException.class)
            .isThrownBy(() -> WebPubSubConnectionString.parse(connectionString))
            .withMessageContaining("AccessKey appears twice");
    }

    @Test
    void theSdkKeepsDuplicateRolesAndGroupsWhileWeDropThemKeepingTheOrder() {
        List<String> roles = List.of("webpubsub.sendToGroup.a", "webpubsub.joinLeaveGroup", "webpubsub.sendToGroup.a");
        List<String> groups = List.of("b", "a", "b");

        ObjectNode theirs = ClientTokens
            .decode(OfficialSdk
                .clientAccessToken(CONNECTION_STRING, "chat", ClientProtocol.DEFAULT, null, roles, groups, null)
                .getToken())
            .claims();
        ObjectNode ours = ClientTokens.verifiedClaims(
                TestKeys.factory().create(request -> request.roles(roles).groups(groups)).token(), ACCESS_KEY,
                TestKeys.NOW);

        assertThat(ClientTokens.texts(theirs.get("role"))).isEqualTo(roles);
        assertThat(ClientTokens.texts(theirs.get("webpubsub.group"))).isEqualTo(groups);
        assertThat(ClientTokens.texts(ours.get("role"))).containsExactly("webpubsub.sendToGroup.a",
                "webpubsub.joinLeaveGroup");
        assertThat(ClientTokens.texts(ours.get("webpubsub.group"))).containsExactly("b", "a");
    }

    @Test
    void theSdkTreatsAnEmptyUserIdAsAnonymousWhileWeRejectIt() {
        ObjectNode theirs = ClientTokens
            .decode(OfficialSdk
                .clientAccessToken(CONNECTION_STRING, "chat", ClientProtocol.DEFAULT, "", null, null, null)
                .getToken())
            .claims();

        assertThat(theirs.has("sub")).isFalse();
        assertThatExceptionOfType(WebPubSubException.class).isThrownBy(() -> ClientAccessRequest.builder().userId(""))
            .withMessageContaining("userId is blank");
    }

    @Test
    void theSdkSignsAMistypedRoleThatGrantsNothingWhileWeRejectIt() {
        ObjectNode theirs = ClientTokens
            .decode(OfficialSdk.clientAccessToken(CONNECTION_STRING, "chat", ClientProtocol.DEFAULT, null,
                    List.of("webpubsub.sendtogroup"), null, null)
                .getToken())
            .claims();

        assertThat(ClientTokens.texts(theirs.get("role"))).containsExactly("webpubsub.sendtogroup");
        assertThatExceptionOfType(WebPubSubException.class)
            .isThrownBy(() -> ClientAccessRequest.builder().roles("webpubsub.sendtogroup"))
            .withMessageContaining("is not a Web PubSub role");
    }

    @Test
    void theSdkKeepsAnUpperCaseSchemeInTheAudienceWhileWeWriteItInLowerCase() {
        String connectionString = "Endpoint=HTTPS://example.webpubsub.azure.com;AccessKey=" + ACCESS_KEY + ";";

        ObjectNode theirs = ClientTokens.decode(OfficialSdk.clientAccessToken(connectionString, "chat").getToken())
            .claims();
        ObjectNode ours = ClientTokens.verifiedClaims(TestKeys.factory(connectionString).create(request -> {
        }).token(), ACCESS_KEY, TestKeys.NOW);

        assertThat(theirs.get("aud").asText()).isEqualTo("HTTPS://example.webpubsub.azure.com/client/hubs/chat");
        assertThat(ours.get("aud").asText()).isEqualTo("https://example.webpubsub.azure.com/client/hubs/chat");
    }

}
