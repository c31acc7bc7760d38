package io.github.webpubsub.sample.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.webpubsub.localhub.ClientAccessToken;
import io.github.webpubsub.sample.RunningSampleTests;
import io.github.webpubsub.sample.SampleClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The sample's access rules, over real HTTP against the running application: who gets in,
 * who is sent to the login page, who is refused, and what {@code /negotiate} grants each
 * kind of user.
 */
class SecurityRulesTests extends RunningSampleTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    // --- anonymous callers

    @Test
    void anonymousApiClientGets401WithABasicChallenge() {
        HttpResponse<String> response = SampleClient.anonymous().get("/negotiate", "Accept", "application/json");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
            .hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Basic "));
        assertThat(response.body()).doesNotContain("access_token");
    }

    @Test
    void anonymousScriptGets401WithoutAChallengeSoThatTheBrowserShowsNoPasswordDialog() {
        HttpResponse<String> response = SampleClient.anonymous()
            .get("/negotiate", "X-Requested-With", "XMLHttpRequest");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
    }

    @Test
    void anonymousBrowserIsSentToTheLoginPage() {
        for (String page : new String[] { "/", "/generator" }) {
            HttpResponse<String> response = SampleClient.anonymous().get(page, "Accept", "text/html");

            assertThat(response.statusCode()).as(page).isEqualTo(302);
            assertThat(response.headers().firstValue("Location")).as(page).hasValue(sample("/login").toString());
        }
        HttpResponse<String> login = SampleClient.anonymous().get("/login", "Accept", "text/html");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("name=\"username\"").contains("name=\"password\"").contains("name=\"_csrf\"");
    }

    @Test
    void wrongPasswordGets401() {
        assertThat(SampleClient.basic("alice", "bob").get("/negotiate").statusCode()).isEqualTo(401);
        assertThat(SampleClient.basic("mallory", "mallory").get("/negotiate").statusCode()).isEqualTo(401);
    }

    @Test
    void stylesScriptsAndTheErrorPageNeedNoSignIn() {
        for (String path : new String[] { "/css/sample.css", "/js/session.js", "/js/chat.js", "/favicon.svg" }) {
            assertThat(SampleClient.anonymous().get(path).statusCode()).as(path).isEqualTo(200);
        }
    }

    @Test
    void theLocalHubListensApartAndChecksTokensItself() throws Exception {
        // The application serves no hub path: it is signed-in only, like everything else.
        assertThat(SampleClient.anonymous().get("/client/hubs/chat").statusCode()).isEqualTo(401);

        // The hub, on its own port, refuses a client without a token as the service does.
        CompletableFuture<WebSocket> anonymous = HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .subprotocols("json.webpubsub.azure.v1")
            .buildAsync(URI.create("ws://localhost:" + HUB_PORT + "/client/hubs/chat"), new WebSocket.Listener() {
            });
        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> anonymous.get(10, TimeUnit.SECONDS))
            .havingCause()
            .isInstanceOfSatisfying(WebSocketHandshakeException.class, (refused) -> {
                assertThat(refused.getResponse().statusCode()).isEqualTo(401);
                assertThat(refused.getResponse().headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            });
    }

    // --- users and administrators

    @Test
    void userCannotOpenTheGeneratorOrItsApi() {
        SampleClient alice = SampleClient.basic(ALICE);

        assertThat(alice.get("/generator", "Accept", "text/html").statusCode()).isEqualTo(403);
        assertThat(alice.get("/generator/index.html").statusCode()).isEqualTo(403);
        assertThat(alice.get("/generator/api/defaults").statusCode()).isEqualTo(403);
        // With a valid CSRF token, so that the refusal is the authorisation rule's.
        assertThat(alice.postWithCsrfToken("/generator/api/client-url", "{\"userId\":\"alice\"}").statusCode())
            .isEqualTo(403);
    }

    @Test
    void userGetsTheFriendlyForbiddenPageInABrowser() {
        HttpResponse<String> response = SampleClient.basic(BOB).get("/generator", "Accept", "text/html");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("You may not open this page");
    }

    @Test
    void administratorOpensTheGeneratorAndItsApi() {
        SampleClient admin = SampleClient.basic(ADMIN);

        HttpResponse<String> page = admin.get("/generator", "Accept", "text/html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<h1 class=\"page-title\">Client URL Generator</h1>");
        assertThat(admin.postWithCsrfToken("/generator/api/client-url", "{\"userId\":\"device-1\"}").statusCode())
            .isEqualTo(200);
    }

    @Test
    void signedInUserIsToldWhoTheyAre() {
        assertThat(JSON.readTree(SampleClient.basic(ALICE).get("/api/me").body()))
            .isEqualTo(JSON.readTree("{\"name\":\"alice\",\"admin\":false}"));
        assertThat(JSON.readTree(SampleClient.basic(ADMIN).get("/api/me").body()))
            .isEqualTo(JSON.readTree("{\"name\":\"admin\",\"admin\":true}"));
    }

    // --- /negotiate

    @Test
    void negotiateGivesUsersLobbyAndTheirOwnGroup() {
        HttpResponse<String> response = SampleClient.basic(ALICE).get("/negotiate");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("baseUrl").asString()).isEqualTo("ws://localhost:" + HUB_PORT + "/client/hubs/chat");
        assertThat(body.path("url").asString())
            .isEqualTo(body.path("baseUrl").asString() + "?access_token=" + body.path("token").asString());
        ClientAccessToken token = verify(body.path("url").asString());
        assertThat(token.userId()).isEqualTo("alice");
        assertThat(token.claims()).containsEntry("aud", "http://localhost:" + HUB_PORT + "/client/hubs/chat");
        assertThat(token.roles()).containsExactlyInAnyOrder("webpubsub.joinLeaveGroup.lobby",
                "webpubsub.sendToGroup.lobby", "webpubsub.joinLeaveGroup.user-alice",
                "webpubsub.sendToGroup.user-alice");
        assertThat(token.groups()).containsExactly("user-alice");
        assertThat(token.expiresAt().getEpochSecond() - token.issuedAt().getEpochSecond()).isEqualTo(3600);
    }

    @Test
    void negotiateGivesAdministratorsAnyGroup() {
        JsonNode body = JSON.readTree(SampleClient.basic(ADMIN).get("/negotiate").body());

        ClientAccessToken token = verify(body.path("url").asString());
        assertThat(token.userId()).isEqualTo("admin");
        assertThat(token.roles()).containsExactlyInAnyOrder("webpubsub.joinLeaveGroup", "webpubsub.sendToGroup");
        assertThat(token.claims()).doesNotContainKey("webpubsub.group");
    }

    @Test
    void postToNegotiateNeedsTheCsrfTokenLikeEveryPost() {
        SampleClient bob = SampleClient.basic(BOB);

        assertThat(bob.post("/negotiate", "").statusCode()).isEqualTo(403);
        HttpResponse<String> withToken = bob.postWithCsrfToken("/negotiate", "");
        assertThat(withToken.statusCode()).isEqualTo(200);
        assertThat(verify(JSON.readTree(withToken.body()).path("url").asString()).userId()).isEqualTo("bob");
    }

}
