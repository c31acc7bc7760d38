package io.github.webpubsub.spring.negotiate;

import java.util.Map;

import io.github.webpubsub.token.WebPubSubRole;
import io.github.webpubsub.token.WebPubSubRole.Permission;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link RoleTemplate}: a placeholder value can fill the group or pattern of a role, never widen it.
 */
class RoleTemplateTests {

    @Test
    void roleWithoutPlaceholdersIsCheckedAtOnce() {
        assertThat(RoleTemplate.parse("webpubsub.sendToGroup").expand((name) -> "unused"))
            .isEqualTo(WebPubSubRole.sendToAnyGroup());
        assertThatIllegalArgumentException().isThrownBy(() -> RoleTemplate.parse("webpubsub.sendtogroup"))
            .withMessageContaining("is not a Web PubSub role");
    }

    @Test
    void placeholderFillsTheGroupOfAOneGroupRoleLiterally() {
        RoleTemplate template = RoleTemplate.parse("webpubsub.sendToGroup.room-{room}");
        assertThat(template.placeholders()).containsExactly("room");
        assertThat(template.expand(Map.of("room", "a*")::get)).isEqualTo(WebPubSubRole.sendToGroup("room-a*"));
        assertThat(RoleTemplate.parse("webpubsub.joinLeaveGroup.{room}").expand(Map.of("room", "blue")::get))
            .isEqualTo(WebPubSubRole.joinLeaveGroup("blue"));
    }

    @Test
    void placeholderInAPatternRoleIsEscaped() {
        WebPubSubRole role = RoleTemplate.parse("webpubsub.joinLeaveGroups.user-{userId}.*")
            .expand(Map.of("userId", "a*")::get);
        assertThat(role.value()).isEqualTo("webpubsub.joinLeaveGroups.user-a\\*.*");
        assertThat(role.grants(Permission.JOIN_LEAVE_GROUP, "user-a*.inbox")).isTrue();
        assertThat(role.grants(Permission.JOIN_LEAVE_GROUP, "user-ab.inbox")).isFalse();
        assertThat(role.grants(Permission.JOIN_LEAVE_GROUP, "user-a.inbox")).isFalse();
    }

    @Test
    void escapedValueCannotAddWildcardsBeyondTheServiceLimit() {
        WebPubSubRole role = RoleTemplate.parse("webpubsub.sendToGroups.{x}.*").expand((name) -> "******");
        assertThat(role.value()).isEqualTo("webpubsub.sendToGroups.\\*\\*\\*\\*\\*\\*.*");
        assertThat(role.grants(Permission.SEND_TO_GROUP, "******.news")).isTrue();
        assertThat(role.grants(Permission.SEND_TO_GROUP, "abc.news")).isFalse();
    }

    @Test
    void questionMarkAndBackslashInAValueMatchLiterally() {
        WebPubSubRole role = RoleTemplate.parse("webpubsub.sendToGroups.{x}").expand((name) -> "a?\\");
        assertThat(role.value()).isEqualTo("webpubsub.sendToGroups.a\\?\\\\");
        assertThat(role.grants(Permission.SEND_TO_GROUP, "a?\\")).isTrue();
        assertThat(role.grants(Permission.SEND_TO_GROUP, "ab\\")).isFalse();
    }

    @Test
    void placeholderOutsideTheGroupPartIsRejected() {
        for (String template : new String[] { "webpubsub.sendToGroup{x}", "webpubsub.{x}.lobby",
                "{role}", "webpubsub.sendToGroup{s}.lobby", "webpubsub.joinLeaveGroup{x}" }) {
            assertThatIllegalArgumentException().as(template)
                .isThrownBy(() -> RoleTemplate.parse(template))
                .withMessageContaining("has a placeholder outside its group part");
        }
    }

    @Test
    void templateThatCannotBeAValidRoleIsRejected() {
        // Six stars in the literal part: more than the service allows, whatever the value.
        assertThatIllegalArgumentException()
            .isThrownBy(() -> RoleTemplate.parse("webpubsub.sendToGroups.{x}.*.*.*.*.*.*"))
            .withMessageContaining("'*' characters");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> RoleTemplate.parse("webpubsub.sendToGroups.{x}\\"))
            .withMessageContaining("backslash");
    }

    @Test
    void valueThatMakesTheGroupInvalidIsRejected() {
        RoleTemplate template = RoleTemplate.parse("webpubsub.sendToGroup.{x}");
        assertThatIllegalArgumentException().isThrownBy(() -> template.expand((name) -> "a\u0000b"))
            .withMessageContaining("control character");
    }

    @Test
    void escapingLeavesPlainValuesAlone() {
        String plain = "room-7.blue";
        assertThat(RoleTemplate.escapeWildcards(plain)).isSameAs(plain);
        assertThat(RoleTemplate.escapeWildcards("*?\\")).isEqualTo("\\*\\?\\\\");
    }

}
