package io.github.webpubsub.spring.negotiate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.webpubsub.token.WebPubSubRole;
import io.github.webpubsub.token.WebPubSubRole.Permission;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static io.github.webpubsub.spring.negotiate.NegotiateTokens.ENDPOINT;
import static io.github.webpubsub.spring.negotiate.NegotiateTokens.json;
import static io.github.webpubsub.spring.negotiate.NegotiateTokens.verifiedClaims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.anonymous;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@link WebPubSubNegotiate @WebPubSubNegotiate} endpoints of
 * {@link NegotiateTestApplication}, called through its security filter chain: who gets a
 * token, with which claims, in which shape, and who is refused.
 */
@SpringBootTest(classes = NegotiateTestApplication.class, properties = "spring.config.name=negotiate")
@AutoConfigureMockMvc
class WebPubSubNegotiateEndpointTests {

    private static final String CHAT_AUDIENCE = ENDPOINT + "/client/hubs/chat";

    @Autowired
    private MockMvc mvc;

    @Test
    @WithMockUser(username = "alice", roles = "USER")
    void userGetsUrlWithUserIdAndMappedRolesAndGroups() throws Exception {
        Map<String, Object> body = issued(get("/negotiate"));
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
        assertThat(body.get("expiresAt")).isEqualTo(expiry(claims).toString()).isEqualTo("2030-01-01T01:00:00Z");
    }

    @Test
    @WithMockUser(username = "root", roles = "ADMIN")
    void authoritiesAreMappedNeverCopied() throws Exception {
        Map<String, Object> claims = claims(get("/negotiate"));
        assertThat(claims.get("role")).isEqualTo(List.of("webpubsub.sendToGroup", "webpubsub.joinLeaveGroup"));
        assertThat(claims.get("webpubsub.group")).isEqualTo(List.of("lobby"));
        assertThat(claims.toString()).doesNotContain("ROLE_");
    }

    @Test
    @WithMockUser(username = "bob", authorities = { "ROLE_AUDITOR", "FACTOR_PASSWORD" })
    void unmappedAuthoritiesGrantNothing() throws Exception {
        Map<String, Object> claims = claims(get("/negotiate"));
        assertThat(claims).doesNotContainKey("role").containsEntry("webpubsub.group", List.of("lobby"));
        assertThat(claims.toString()).doesNotContain("AUDITOR").doesNotContain("FACTOR");
    }

    @Test
    @WithMockUser(username = "alice", roles = "USER")
    void postWithCsrfTokenGetsUrl() throws Exception {
        assertThat(claims(post("/negotiate").with(csrf()))).containsEntry("sub", "alice");
    }

    @Test
    @WithMockUser(username = "alice", roles = "USER")
    void postWithoutCsrfTokenIsRefusedByTheFilterChain() throws Exception {
        this.mvc.perform(post("/negotiate")).andExpect(status().isForbidden());
    }

    @Test
    @WithMockUser(username = "alice", roles = "USER")
    void otherMethodsAreNotMapped() throws Exception {
        this.mvc.perform(put("/negotiate").with(csrf())).andExpect(status().isMethodNotAllowed());
    }

    @Test
    @WithMockUser(username = "alice", roles = "USER")
    void pathVariablesFillPlaceholdersAndTheMethodCustomisesTheRequest() throws Exception {
        Map<String, Object> claims = claims(get("/rooms/blue/negotiate"));
        assertThat(claims.get("role"))
            .isEqualTo(List.of("webpubsub.sendToGroup.lobby", "webpubsub.sendToGroup.user-alice",
                    "webpubsub.sendToGroup.room-blue", "webpubsub.joinLeaveGroups.room-blue.*"));
        assertThat(claims.get("webpubsub.group")).isEqualTo(List.of("user-alice", "room-blue"));
        assertThat(lifetime(claims)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    @WithMockUser(username = "a*", roles = "GUEST")
    void wildcardsInTheUserIdMatchOnlyThemselves() throws Exception {
        Map<String, Object> claims = claims(get("/users/negotiate"));
        assertThat(claims).containsEntry("sub", "a*");
        String role = (String) ((List<?>) claims.get("role")).get(0);
        assertThat(role).isEqualTo("webpubsub.joinLeaveGroups.user-a\\*.*");
        WebPubSubRole granted = WebPubSubRole.parse(role);
        assertThat(granted.grants(Permission.JOIN_LEAVE_GROUP, "user-a*.inbox")).isTrue();
        assertThat(granted.grants(Permission.JOIN_LEAVE_GROUP, "user-ab.inbox")).isFalse();
        assertThat(granted.grants(Permission.JOIN_LEAVE_GROUP, "user-admin.inbox")).isFalse();
    }

    @Test
    @WithMockUser(username = "alice", roles = "GUEST")
    void wildcardsInAPathVariableMatchOnlyThemselves() throws Exception {
        Map<String, Object> claims = claims(get("/rooms/{room}/negotiate", "a*?"));
        // One group: taken literally by the service. A pattern: the value is escaped.
        assertThat(claims.get("role"))
            .isEqualTo(List.of("webpubsub.sendToGroup.room-a*?", "webpubsub.joinLeaveGroups.room-a\\*\\?.*"));
        WebPubSubRole pattern = WebPubSubRole.parse(((List<?>) claims.get("role")).get(1).toString());
        assertThat(pattern.grants(Permission.JOIN_LEAVE_GROUP, "room-a*?.x")).isTrue();
        assertThat(pattern.grants(Permission.JOIN_LEAVE_GROUP, "room-abc.x")).isFalse();
        assertThat(pattern.grants(Permission.JOIN_LEAVE_GROUP, "room-a.x")).isFalse();
    }

    @Test
    void userIdThatMakesAGroupTooLongIsRefusedWith400() throws Exception {
        String longName = "x".repeat(1020);
        MvcResult result = this.mvc.perform(get("/negotiate").with(user(longName).roles("USER")))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(header().string(HttpHeaders.CACHE_CONTROL, "no-store"))
            .andReturn();
        Map<String, Object> problem = json(result.getResponse().getContentAsString());
        assertThat(problem).containsEntry("status", 400);
        assertThat((String) problem.get("detail"))
            .startsWith("The user id (\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"... "
                    + "(1020 characters)) gives an invalid role.")
            .contains("Group name has 1025 characters; at most 1024 are allowed.")
            .doesNotContain("x".repeat(33));
        assertThat(result.getResponse().getContentAsString()).doesNotContain("token").doesNotContain("eyJ");
    }

    @Test
    @WithMockUser(username = "alice", roles = "USER")
    void pathVariableThatMakesAGroupInvalidIsRefusedWith400() throws Exception {
        MvcResult result = this.mvc.perform(get("/rooms/{room}/negotiate", "blue\tred"))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andReturn();
        assertThat((String) json(result.getResponse().getContentAsString()).get("detail"))
            .isEqualTo("The path variable 'room' (\"blue?red\") gives an invalid role. Group name has a control "
                    + "character at index 9. Use 1 to 1024 printable characters, for example 'lobby'.");
    }

    @Test
    @WithMockUser(username = "alice", roles = "USER")
    void methodBodyThatAddsAnInvalidValueFromThePathIsRefusedWith400() throws Exception {
        MvcResult result = this.mvc.perform(get("/topics/{topic}/negotiate", "blue\tred"))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(header().string(HttpHeaders.CACHE_CONTROL, "no-store"))
            .andReturn();
        assertThat((String) json(result.getResponse().getContentAsString()).get("detail"))
            .isEqualTo("The request for a Web PubSub client access URL is invalid. Group name has a control "
                    + "character at index 10. Use 1 to 1024 printable characters, for example 'lobby'.");
    }

    @Test
    @WithMockUser(username = "alice", roles = "USER")
    void methodBodyThatAsksForALifetimeAboveTheMaximumIsRefusedWith400() throws Exception {
        MvcResult result = this.mvc.perform(get("/topics/blue/negotiate").param("lifetime", "P2D"))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andReturn();
        assertThat((String) json(result.getResponse().getContentAsString()).get("detail"))
            .startsWith("The request for a Web PubSub client access URL is invalid. Token lifetime PT48H exceeds "
                    + "the maximum");
    }

    @Test
    @WithMockUser(username = "alice", roles = "USER")
    void methodBodyCustomisesThePrefilledRequest() throws Exception {
        Map<String, Object> claims = verifiedClaims(
                (String) issued(get("/topics/blue/negotiate").param("lifetime", "PT5M")).get("token"));
        assertThat(claims).containsEntry("webpubsub.group", List.of("user-alice", "topic-blue"));
        assertThat(lifetime(claims)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    @WithMockUser(username = "alice", roles = "USER")
    void hubAndProtocolComeFromTheAnnotationOrTheProperties() throws Exception {
        Map<String, Object> body = issued(get("/mqtt/negotiate"));
        assertThat(body.get("baseUrl")).isEqualTo("wss://contoso.webpubsub.azure.com/clients/mqtt/hubs/lobbyhub");
        assertThat(verifiedClaims((String) body.get("token"))).containsEntry("aud",
                ENDPOINT + "/clients/mqtt/hubs/lobbyhub");
    }

    @Test
    @WithMockUser(username = "alice", roles = "USER")
    void socketIoClientsGetEndpointAndPath() throws Exception {
        Map<String, Object> body = issued(get("/socketio/negotiate"));
        assertThat(body).containsOnlyKeys("endpoint", "path", "token", "expiresAt")
            .containsEntry("endpoint", ENDPOINT + "/")
            .containsEntry("path", "/clients/socketio/hubs/chat");
        assertThat(verifiedClaims((String) body.get("token")))
            .containsEntry("aud", ENDPOINT + "/clients/socketio/hubs/chat")
            .containsEntry("sub", "alice");
    }

    @Test
    @WithMockUser(username = "alice", roles = "USER")
    void answerIsJsonThatNoCacheKeeps() throws Exception {
        this.mvc.perform(get("/negotiate"))
            .andExpect(status().isOk())
            .andExpect(content().contentType(MediaType.APPLICATION_JSON))
            .andExpect(header().string(HttpHeaders.CACHE_CONTROL, "no-store"))
            .andExpect(header().string(HttpHeaders.PRAGMA, "no-cache"));
    }

    @Test
    void anonymousCallerIsRefusedWith401NotRedirectedToTheLoginPage() throws Exception {
        MvcResult result = this.mvc.perform(get("/negotiate").accept(MediaType.APPLICATION_JSON))
            .andExpect(status().isUnauthorized())
            .andExpect(header().doesNotExist(HttpHeaders.LOCATION))
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(header().string(HttpHeaders.CACHE_CONTROL, "no-store"))
            .andReturn();
        assertThat(json(result.getResponse().getContentAsString())).containsEntry("status", 401)
            .containsEntry("detail", "Sign in to get a Web PubSub client access URL.")
            .containsEntry("instance", "/negotiate");
    }

    @Test
    void anonymousAuthenticationIsNoUser() throws Exception {
        this.mvc.perform(get("/negotiate").with(anonymous())).andExpect(status().isUnauthorized());
        this.mvc.perform(post("/rooms/blue/negotiate").with(anonymous()).with(csrf()))
            .andExpect(status().isUnauthorized());
    }

    @Test
    void anonymousCallerOfAnEndpointThatAllowsThemGetsATokenWithoutUserId() throws Exception {
        Map<String, Object> claims = claims(get("/public/negotiate"));
        assertThat(claims).doesNotContainKey("sub")
            .containsEntry("aud", ENDPOINT + "/client/hubs/news")
            .containsEntry("role", List.of("webpubsub.sendToGroup.guests"))
            .containsEntry("webpubsub.group", List.of("guests", "public"));
    }

    @Test
    @WithMockUser(username = "alice", roles = "USER")
    void userOfAnEndpointThatAllowsAnonymousCallersKeepsTheUserId() throws Exception {
        assertThat(claims(get("/public/negotiate"))).containsEntry("sub", "alice")
            .containsEntry("webpubsub.group", List.of("user-alice", "public"));
    }

    @Test
    @WithMockUser(username = "alice", roles = "USER")
    void filterChainRulesStillApply() throws Exception {
        this.mvc.perform(get("/admin/negotiate")).andExpect(status().isForbidden());
    }

    @Test
    @WithMockUser(username = "root", roles = "ADMIN")
    void callerAllowedByTheFilterChainGetsAUrl() throws Exception {
        assertThat(claims(get("/admin/negotiate"))).containsEntry("sub", "root")
            .containsEntry("aud", ENDPOINT + "/client/hubs/lobbyhub");
    }

    @Test
    @WithMockUser(username = "alice", roles = "USER")
    void methodSecurityOnTheMethodStillApplies() throws Exception {
        this.mvc.perform(get("/vaults/secret/negotiate")).andExpect(status().isForbidden());
        assertThat(claims(get("/vaults/open/negotiate"))).containsEntry("sub", "alice");
    }

    @Test
    @WithMockUser(username = "alice", roles = "USER")
    void classLevelRequestMappingPrefixesThePath() throws Exception {
        assertThat(claims(get("/api/v1/negotiate"))).containsEntry("sub", "alice");
        this.mvc.perform(get("/negotiate/api/v1")).andExpect(status().isNotFound());
    }

    @Test
    @WithMockUser(username = "alice", roles = "USER")
    void composedAnnotationCarriesTheAttributes() throws Exception {
        Map<String, Object> claims = claims(get("/composed/negotiate"));
        assertThat(claims).containsEntry("aud", CHAT_AUDIENCE)
            .containsEntry("webpubsub.group", List.of("user-alice", "composed"));
        assertThat(lifetime(claims)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    @WithMockUser(username = "alice", roles = "USER")
    void initBinderOfTheControllerBindsTheMethodsArguments() throws Exception {
        assertThat(claims(get("/teams/blue/negotiate"))).containsEntry("webpubsub.group",
                List.of("user-alice", "team-BLUE"));
    }

    @Test
    @WithMockUser(username = "alice", roles = "USER")
    void crossOriginOfTheControllerApplies() throws Exception {
        this.mvc
            .perform(options("/cors/negotiate").header(HttpHeaders.ORIGIN, "https://chat.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET"))
            .andExpect(status().isOk())
            .andExpect(header().string(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://chat.example"));
        this.mvc.perform(get("/cors/negotiate").header(HttpHeaders.ORIGIN, "https://chat.example"))
            .andExpect(status().isOk())
            .andExpect(header().string(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://chat.example"));
        this.mvc
            .perform(options("/cors/negotiate").header(HttpHeaders.ORIGIN, "https://elsewhere.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET"))
            .andExpect(status().isForbidden());
    }

    @Test
    void jwtPrincipalUserIdComesFromTheResolverBean() throws Exception {
        Map<String, Object> claims = claims(
                get("/negotiate").with(jwt().jwt((token) -> token.subject("0a1b2c").claim("oid", "object-7"))
                    .authorities(new SimpleGrantedAuthority("SCOPE_chat:write"))));
        assertThat(claims).containsEntry("sub", "object-7")
            .containsEntry("role", List.of("webpubsub.sendToGroup.chat"))
            .containsEntry("webpubsub.group", List.of("lobby"));
    }

    @Test
    void jwtPrincipalWithoutTheUserIdClaimIsRefusedWith403() throws Exception {
        this.mvc.perform(get("/negotiate").with(jwt().jwt((token) -> token.subject("0a1b2c"))))
            .andExpect(status().isForbidden())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void oidcLoginUserIdAndGroupsComeFromTheIdTokenAndAuthorities() throws Exception {
        Map<String, Object> claims = claims(get("/negotiate")
            .with(oidcLogin().idToken((token) -> token.subject("9f8e").claim("preferred_username", "carol"))));
        assertThat(claims).containsEntry("sub", "carol")
            .containsEntry("webpubsub.group", List.of("oidc-users", "lobby"));
    }

    @Test
    @WithMockUser(username = "alice", roles = "USER")
    void requestBuilderParameterOutsideANegotiateEndpointFailsClearly() {
        assertThatException().isThrownBy(() -> this.mvc.perform(get("/ordinary")))
            .havingRootCause()
            .isInstanceOf(IllegalStateException.class)
            .withMessageContaining(
                    "A ClientAccessRequest.Builder parameter is supplied only to @WebPubSubNegotiate methods");
    }

    private Map<String, Object> claims(MockHttpServletRequestBuilder request) throws Exception {
        return verifiedClaims((String) issued(request).get("token"));
    }

    private Map<String, Object> issued(MockHttpServletRequestBuilder request) throws Exception {
        ResultActions result = this.mvc.perform(request).andExpect(status().isOk());
        return json(result.andReturn().getResponse().getContentAsString());
    }

    private static Duration lifetime(Map<String, Object> claims) {
        return Duration.between(Instant.ofEpochSecond(((Number) claims.get("iat")).longValue()), expiry(claims));
    }

    private static Instant expiry(Map<String, Object> claims) {
        return Instant.ofEpochSecond(((Number) claims.get("exp")).longValue());
    }

}
