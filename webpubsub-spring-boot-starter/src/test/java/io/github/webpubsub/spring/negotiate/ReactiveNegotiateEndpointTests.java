package io.github.webpubsub.spring.negotiate;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.github.webpubsub.spring.negotiate.NegotiateTokens.ENDPOINT;
import static io.github.webpubsub.spring.negotiate.NegotiateTokens.json;
import static io.github.webpubsub.spring.negotiate.NegotiateTokens.verifiedClaims;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link WebPubSubNegotiate @WebPubSubNegotiate} endpoints of
 * {@link NegotiateTestApplication}'s controllers in a WebFlux application
 * ({@link ReactiveNegotiateTestApplication}) on a real Netty server, called through its
 * reactive security filter chain: the same contract as
 * {@link WebPubSubNegotiateEndpointTests} on Spring MVC.
 */
@SpringBootTest(classes = ReactiveNegotiateTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "spring.config.name=negotiate", "spring.main.web-application-type=reactive" })
@ExtendWith(OutputCaptureExtension.class)
class ReactiveNegotiateEndpointTests {

    private static final String CHAT_AUDIENCE = ENDPOINT + "/client/hubs/chat";

    @LocalServerPort
    private int port;

    private WebTestClient client;

    @BeforeEach
    void client() {
        this.client = WebTestClient.bindToServer()
            .baseUrl("http://127.0.0.1:" + this.port)
            .responseTimeout(Duration.ofSeconds(30))
            .build();
    }

    @Test
    void userGetsUrlWithUserIdAndMappedRolesAndGroups() {
        Map<String, Object> body = issued("alice", "/negotiate");
        assertThat(body).containsOnlyKeys("baseUrl", "url", "token", "expiresAt");
        assertThat(body.get("baseUrl")).isEqualTo("wss://contoso.webpubsub.azure.com/client/hubs/chat");
        assertThat(body.get("url")).isEqualTo(body.get("baseUrl") + "?access_token=" + body.get("token"));
        Map<String, Object> claims = verifiedClaims((String) body.get("token"));
        assertThat(claims).containsOnlyKeys("aud", "iat", "exp", "sub", "role", "webpubsub.group")
            .containsEntry("aud", CHAT_AUDIENCE)
            .containsEntry("sub", "alice")
            .containsEntry("role", List.of("webpubsub.sendToGroup.lobby", "webpubsub.sendToGroup.user-alice"))
            .containsEntry("webpubsub.group", List.of("user-alice", "lobby"));
        assertThat(((Number) claims.get("iat")).longValue()).isEqualTo(NegotiateTestApplication.NOW.getEpochSecond());
        assertThat(lifetime(claims)).isEqualTo(Duration.ofHours(1));
        assertThat(body.get("expiresAt")).isEqualTo("2030-01-01T01:00:00Z");
    }

    @Test
    void authoritiesAreMappedNeverCopied() {
        Map<String, Object> claims = claims("root", "/negotiate");
        assertThat(claims.get("role")).isEqualTo(List.of("webpubsub.sendToGroup", "webpubsub.joinLeaveGroup"));
        assertThat(claims.get("webpubsub.group")).isEqualTo(List.of("lobby"));
        assertThat(claims.toString()).doesNotContain("ROLE_");
    }

    @Test
    void unmappedAuthoritiesGrantNothing() {
        Map<String, Object> claims = claims("bob", "/negotiate");
        assertThat(claims).doesNotContainKey("role").containsEntry("webpubsub.group", List.of("lobby"));
        assertThat(claims.toString()).doesNotContain("AUDITOR").doesNotContain("FACTOR");
    }

    @Test
    void postWithCsrfTokenGetsUrl() {
        Csrf csrf = csrf();
        String token = (String) json(call("alice", HttpMethod.POST, "/negotiate", csrf).expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody()).get("token");
        assertThat(verifiedClaims(token)).containsEntry("sub", "alice");
    }

    @Test
    void postWithoutCsrfTokenIsRefusedByTheFilterChain() {
        call("alice", HttpMethod.POST, "/negotiate").expectStatus().isForbidden();
    }

    @Test
    void otherMethodsAreNotMapped() {
        call("alice", HttpMethod.PUT, "/negotiate", csrf()).expectStatus().isEqualTo(405);
    }

    @Test
    void pathVariablesFillPlaceholdersAndTheMethodCustomisesTheRequest() {
        Map<String, Object> claims = claims("alice", "/rooms/blue/negotiate");
        assertThat(claims.get("role"))
            .isEqualTo(List.of("webpubsub.sendToGroup.lobby", "webpubsub.sendToGroup.user-alice",
                    "webpubsub.sendToGroup.room-blue", "webpubsub.joinLeaveGroups.room-blue.*"));
        assertThat(claims.get("webpubsub.group")).isEqualTo(List.of("user-alice", "room-blue"));
        assertThat(lifetime(claims)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void wildcardsInTheUserIdMatchOnlyThemselves() {
        Map<String, Object> claims = claims("a*", "/users/negotiate");
        assertThat(claims).containsEntry("sub", "a*")
            .containsEntry("role", List.of("webpubsub.joinLeaveGroups.user-a\\*.*"));
    }

    @Test
    void userIdThatMakesAGroupTooLongIsRefusedWith400() {
        EntityExchangeResult<String> result = call("x".repeat(1020), HttpMethod.GET, "/negotiate").expectStatus()
            .isBadRequest()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectHeader()
            .valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
            .expectBody(String.class)
            .returnResult();
        Map<String, Object> problem = json(result.getResponseBody());
        assertThat(problem).containsEntry("status", 400);
        assertThat((String) problem.get("detail"))
            .startsWith("The user id (\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"... "
                    + "(1020 characters)) gives an invalid role.")
            .contains("Group name has 1025 characters; at most 1024 are allowed.");
        assertThat(result.getResponseBody()).doesNotContain("token").doesNotContain("eyJ");
    }

    @Test
    void pathVariableThatMakesAGroupInvalidIsRefusedWith400() {
        assertThat(problem("/rooms/blue%09red/negotiate", 400).get("detail"))
            .isEqualTo("The path variable 'room' (\"blue?red\") gives an invalid role. Group name has a control "
                    + "character at index 9. Use 1 to 1024 printable characters, for example 'lobby'.");
    }

    @Test
    void methodBodyThatAddsAnInvalidValueFromThePathIsRefusedWith400() {
        assertThat(problem("/topics/blue%09red/negotiate", 400).get("detail"))
            .isEqualTo("The request for a Web PubSub client access URL is invalid. Group name has a control "
                    + "character at index 10. Use 1 to 1024 printable characters, for example 'lobby'.");
    }

    @Test
    void methodBodyThatAsksForALifetimeAboveTheMaximumIsRefusedWith400() {
        assertThat((String) problem("/topics/blue/negotiate?lifetime=P2D", 400).get("detail"))
            .startsWith("The request for a Web PubSub client access URL is invalid. Token lifetime PT48H exceeds "
                    + "the maximum");
    }

    @Test
    void methodBodyCustomisesThePrefilledRequest() {
        Map<String, Object> claims = claims("alice", "/topics/blue/negotiate?lifetime=PT5M");
        assertThat(claims).containsEntry("webpubsub.group", List.of("user-alice", "topic-blue"));
        assertThat(lifetime(claims)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void hubAndProtocolComeFromTheAnnotationOrTheProperties() {
        assertThat(issued("alice", "/mqtt/negotiate").get("baseUrl"))
            .isEqualTo("wss://contoso.webpubsub.azure.com/clients/mqtt/hubs/lobbyhub");
    }

    @Test
    void socketIoClientsGetEndpointAndPath() {
        Map<String, Object> body = issued("alice", "/socketio/negotiate");
        assertThat(body).containsOnlyKeys("endpoint", "path", "token", "expiresAt")
            .containsEntry("endpoint", ENDPOINT + "/")
            .containsEntry("path", "/clients/socketio/hubs/chat");
    }

    @Test
    void answerIsJsonThatNoCacheKeepsSentWithItsLength() {
        EntityExchangeResult<byte[]> result = call("alice", HttpMethod.GET, "/negotiate").expectStatus()
            .isOk()
            .expectHeader()
            .contentType(MediaType.APPLICATION_JSON)
            .expectHeader()
            .valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
            .expectHeader()
            .valueEquals(HttpHeaders.PRAGMA, "no-cache")
            .expectBody()
            .returnResult();
        assertThat(result.getResponseHeaders().getContentLength()).isEqualTo(result.getResponseBody().length);
    }

    @Test
    void anonymousCallerIsRefusedWith401NotRedirectedToTheLoginPage() {
        EntityExchangeResult<String> result = this.client.get()
            .uri("/negotiate")
            .accept(MediaType.APPLICATION_JSON)
            .exchange()
            .expectStatus()
            .isUnauthorized()
            .expectHeader()
            .doesNotExist(HttpHeaders.LOCATION)
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectHeader()
            .valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
            .expectBody(String.class)
            .returnResult();
        assertThat(json(result.getResponseBody())).containsEntry("status", 401)
            .containsEntry("detail", "Sign in to get a Web PubSub client access URL.")
            .containsEntry("instance", "/negotiate");
    }

    @Test
    void anonymousCallerOfAnEndpointThatAllowsThemGetsATokenWithoutUserId() {
        String token = (String) json(this.client.get()
            .uri("/public/negotiate")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody()).get("token");
        assertThat(verifiedClaims(token)).doesNotContainKey("sub")
            .containsEntry("aud", ENDPOINT + "/client/hubs/news")
            .containsEntry("role", List.of("webpubsub.sendToGroup.guests"))
            .containsEntry("webpubsub.group", List.of("guests", "public"));
    }

    @Test
    void userOfAnEndpointThatAllowsAnonymousCallersKeepsTheUserId() {
        assertThat(claims("alice", "/public/negotiate")).containsEntry("sub", "alice")
            .containsEntry("webpubsub.group", List.of("user-alice", "public"));
    }

    @Test
    void filterChainRulesStillApply() {
        call("alice", HttpMethod.GET, "/admin/negotiate").expectStatus().isForbidden();
        assertThat(claims("root", "/admin/negotiate")).containsEntry("sub", "root")
            .containsEntry("aud", ENDPOINT + "/client/hubs/lobbyhub");
    }

    @Test
    void classLevelRequestMappingPrefixesThePath() {
        assertThat(claims("alice", "/api/v1/negotiate")).containsEntry("sub", "alice");
        call("alice", HttpMethod.GET, "/negotiate/api/v1").expectStatus().isNotFound();
    }

    @Test
    void composedAnnotationCarriesTheAttributes() {
        Map<String, Object> claims = claims("alice", "/composed/negotiate");
        assertThat(claims).containsEntry("aud", CHAT_AUDIENCE)
            .containsEntry("webpubsub.group", List.of("user-alice", "composed"));
        assertThat(lifetime(claims)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void initBinderOfTheControllerBindsTheMethodsArguments() {
        assertThat(claims("alice", "/teams/blue/negotiate")).containsEntry("webpubsub.group",
                List.of("user-alice", "team-BLUE"));
    }

    @Test
    void crossOriginOfTheControllerApplies() {
        this.client.options()
            .uri("/cors/negotiate")
            .header(HttpHeaders.ORIGIN, "https://chat.example")
            .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://chat.example");
        this.client.get()
            .uri("/cors/negotiate")
            .headers((headers) -> headers.setBasicAuth("alice", ReactiveNegotiateTestApplication.PASSWORD))
            .header(HttpHeaders.ORIGIN, "https://chat.example")
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://chat.example");
        this.client.options()
            .uri("/cors/negotiate")
            .header(HttpHeaders.ORIGIN, "https://elsewhere.example")
            .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
            .exchange()
            .expectStatus()
            .isForbidden();
    }

    @Test
    void requestBuilderParameterOutsideANegotiateEndpointFailsClearly(CapturedOutput output) {
        call("alice", HttpMethod.GET, "/ordinary").expectStatus().is5xxServerError();
        assertThat(output)
            .contains("A ClientAccessRequest.Builder parameter is supplied only to @WebPubSubNegotiate methods");
    }

    private Map<String, Object> claims(String user, String path) {
        return verifiedClaims((String) issued(user, path).get("token"));
    }

    private Map<String, Object> issued(String user, String path) {
        return json(call(user, HttpMethod.GET, path).expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody());
    }

    private Map<String, Object> problem(String path, int status) {
        byte[] body = call("alice", HttpMethod.GET, path).expectStatus()
            .isEqualTo(status)
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .returnResult()
            .getResponseBody();
        return json(new String(body, StandardCharsets.UTF_8));
    }

    private WebTestClient.ResponseSpec call(String user, HttpMethod method, String path) {
        return call(user, method, path, null);
    }

    private WebTestClient.ResponseSpec call(String user, HttpMethod method, String path, Csrf csrf) {
        return this.client.method(method).uri(URI.create("http://127.0.0.1:" + this.port + path)).headers((headers) -> {
            headers.setBasicAuth(user, ReactiveNegotiateTestApplication.PASSWORD);
            if (csrf != null) {
                headers.set(HttpHeaders.COOKIE, csrf.cookie());
                headers.set("X-CSRF-TOKEN", csrf.token());
            }
        }).exchange();
    }

    /**
     * Takes a CSRF token from the login page, as a browser would, with the session cookie
     * it belongs to.
     */
    private Csrf csrf() {
        EntityExchangeResult<String> page = this.client.get()
            .uri("/login")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult();
        Matcher token = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page.getResponseBody());
        assertThat(token.find()).as("a CSRF token in the login page").isTrue();
        String cookie = page.getResponseHeaders().getFirst(HttpHeaders.SET_COOKIE).split(";", 2)[0];
        return new Csrf(cookie, token.group(1));
    }

    record Csrf(String cookie, String token) {
    }

    private static Duration lifetime(Map<String, Object> claims) {
        return Duration.between(Instant.ofEpochSecond(((Number) claims.get("iat")).longValue()),
                Instant.ofEpochSecond(((Number) claims.get("exp")).longValue()));
    }

}
