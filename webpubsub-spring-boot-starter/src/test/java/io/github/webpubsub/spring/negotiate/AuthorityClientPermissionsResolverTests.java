package io.github.webpubsub.spring.negotiate;

import java.util.List;
import java.util.Map;

import io.github.webpubsub.token.WebPubSubRole;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link AuthorityClientPermissionsResolver}: authorities are mapped through
 * the tables, never copied.
 */
class AuthorityClientPermissionsResolverTests {

    private final AuthorityClientPermissionsResolver resolver = new AuthorityClientPermissionsResolver(
            Map.of("ROLE_ADMIN", List.of("webpubsub.sendToGroup", "webpubsub.joinLeaveGroup"), "ROLE_USER",
                    List.of("webpubsub.sendToGroup.lobby", "webpubsub.sendToGroup.user-{userId}"), "SCOPE_chat:write",
                    List.of("webpubsub.sendToGroup.lobby")),
            Map.of("ROLE_USER", List.of("user-{userId}"), "ROLE_ANONYMOUS", List.of("guests", "user-{userId}")));

    @Test
    void authoritiesAreMappedInTheOrderTheAuthenticationHasThem() {
        ClientPermissions permissions = this.resolver.resolve(user("alice", "ROLE_USER", "SCOPE_chat:write"), "alice");
        assertThat(permissions.roles()).containsExactly(WebPubSubRole.sendToGroup("lobby"),
                WebPubSubRole.sendToGroup("user-alice"));
        assertThat(permissions.groups()).containsExactly("user-alice");
    }

    @Test
    void unmappedAuthoritiesGrantNothing() {
        assertThat(this.resolver.resolve(user("eve", "ROLE_AUDITOR", "webpubsub.sendToGroup"), "eve"))
            .isEqualTo(ClientPermissions.NONE);
    }

    @Test
    void authorityNamesAreCaseSensitive() {
        assertThat(this.resolver.resolve(user("eve", "role_admin"), "eve")).isEqualTo(ClientPermissions.NONE);
    }

    @Test
    void userIdTemplatesAreLeftOutForAnonymousCallers() {
        Authentication anonymous = new AnonymousAuthenticationToken("key", "anonymousUser",
                AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
        assertThat(this.resolver.resolve(anonymous, null).groups()).containsExactly("guests");
    }

    @Test
    void userIdThatMakesAGroupInvalidIsReportedForTheCaller() {
        assertThatExceptionOfType(InvalidClaimValueException.class)
            .isThrownBy(() -> this.resolver.resolve(user("x", "ROLE_USER"), "bad\u0007id"))
            .withMessageStartingWith("The user id (\"bad?id\") gives an invalid role.");
    }

    @Test
    void invalidRoleIsRejectedNamingTheEntry() {
        assertThatExceptionOfType(AuthorityClientPermissionsResolver.InvalidEntryException.class)
            .isThrownBy(() -> new AuthorityClientPermissionsResolver(
                    Map.of("ROLE_USER", List.of("webpubsub.sendToGroup.lobby", "webpubsub.SendToGroup.x")), Map.of()))
            .withMessageStartingWith(
                    "The role at [ROLE_USER][1] is invalid. 'webpubsub.SendToGroup.x' is not a Web PubSub role")
            .satisfies((ex) -> {
                assertThat(ex.isRole()).isTrue();
                assertThat(ex.authority()).isEqualTo("ROLE_USER");
                assertThat(ex.index()).isEqualTo(1);
            });
    }

    @Test
    void invalidGroupIsRejectedNamingTheEntry() {
        assertThatExceptionOfType(AuthorityClientPermissionsResolver.InvalidEntryException.class)
            .isThrownBy(() -> new AuthorityClientPermissionsResolver(Map.of(), Map.of("ROLE_USER", List.of(" "))))
            .withMessage("The group at [ROLE_USER][0] is invalid. Group name is blank. Use 1 to 1024 printable "
                    + "characters, for example 'lobby'.")
            .satisfies((ex) -> assertThat(ex.isRole()).isFalse());
    }

    @Test
    void onlyTheUserIdPlaceholderIsKnown() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new AuthorityClientPermissionsResolver(
                    Map.of("ROLE_USER", List.of("webpubsub.sendToGroup.room-{room}")), Map.of()))
            .withMessageContaining("has the placeholder {room}; only {userId} is known here");
    }

    @Test
    void nullTablesAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> new AuthorityClientPermissionsResolver(null, Map.of()))
            .withMessageContaining("table is null");
    }

    private static Authentication user(String name, String... authorities) {
        return new TestingAuthenticationToken(name, "password", authorities);
    }

}
