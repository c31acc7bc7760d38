package io.github.webpubsub.spring.negotiate;

import java.util.Map;

import io.github.webpubsub.token.InvalidClientAccessRequestException;
import io.github.webpubsub.token.WebPubSubRole;
import io.github.webpubsub.token.WebPubSubRole.Permission;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link RoleTemplate}: a placeholder value can fill the group or pattern of a
 * role, never widen it.
 */
class RoleTemplateTests {

    @Test
    void roleWithoutPlaceholdersIsCheckedAtOnce() {
        assertThat(RoleTemplate.parse("webpubsub.sendToGroup").expand((name) -> "unused"))
            .isEqualTo(WebPubSubRole.sendToAnyGroup());
        assertThatExceptionOfType(InvalidClientAccessRequestException.class)
            .isThrownBy(() -> RoleTemplate.parse("webpubsub.sendtogroup"))
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
        for (String template : new String[] { "webpubsub.sendToGroup{x}", "webpubsub.{x}.lobby", "{role}",
                "webpubsub.sendToGroup{s}.lobby", "webpubsub.joinLeaveGroup{x}" }) {
            assertThatIllegalArgumentException().as(template)
                .isThrownBy(() -> RoleTemplate.parse(template))
                .withMessageContaining("has a placeholder outside its group part");
        }
    }

    @Test
    void templateThatCannotBeAValidRoleIsRejected() {
        // Six stars in the literal part: more than the service allows, whatever the
        // value.
        assertThatExceptionOfType(InvalidClientAccessRequestException.class)
            .isThrownBy(() -> RoleTemplate.parse("webpubsub.sendToGroups.{x}.*.*.*.*.*.*"))
            .withMessageContaining("'*' characters");
        assertThatExceptionOfType(InvalidClientAccessRequestException.class)
            .isThrownBy(() -> RoleTemplate.parse("webpubsub.sendToGroups.{x}\\"))
            .withMessageContaining("backslash");
    }

    @Test
    void valueThatMakesTheGroupInvalidIsRejected() {
        RoleTemplate template = RoleTemplate.parse("webpubsub.sendToGroup.{x}");
        assertThatExceptionOfType(InvalidClientAccessRequestException.class)
            .isThrownBy(() -> template.expand((name) -> "a\u0000b"))
            .withMessageContaining("control character");
    }

    @Test
    void valueOfAPatternRoleCannotMoveASegmentBoundary() {
        RoleTemplate template = RoleTemplate.parse("webpubsub.joinLeaveGroups.user-{userId}.*");
        // With 'user-a.*', user 'a' would reach 'user-a.b', the personal group of user
        // 'a.b'.
        assertThatIllegalArgumentException().isThrownBy(() -> template.expand(Map.of("userId", "a.b")::get))
            .withMessage("It contains '.', which cannot stand in a wildcard role (joinLeaveGroups, sendToGroups): a "
                    + "'.' would move the boundary between group segments, so that user 'a' with 'user-a.*' would "
                    + "reach the groups of user 'a.b'. Values with '.' can only be given one-group roles, such as "
                    + "'webpubsub.joinLeaveGroup.mail-{userId}'.");
        // One-group roles take such values literally.
        assertThat(RoleTemplate.parse("webpubsub.joinLeaveGroup.mail-{userId}")
            .expand(Map.of("userId", "john.smith@example.com")::get))
            .isEqualTo(WebPubSubRole.joinLeaveGroup("mail-john.smith@example.com"));
    }

    @Test
    void placeholderOfAPatternRoleMustEndItsSegment() {
        // With 'user-{userId}-*', user 'a' would reach 'user-a-b', the group of user
        // 'a-b'.
        for (String template : new String[] { "webpubsub.joinLeaveGroups.user-{userId}-*",
                "webpubsub.sendToGroups.{userId}*", "webpubsub.sendToGroups.{x}{y}.*",
                "webpubsub.joinLeaveGroups.{userId}x.*" }) {
            assertThatIllegalArgumentException().as(template)
                .isThrownBy(() -> RoleTemplate.parse(template))
                .withMessageContaining("continues its pattern after the placeholder");
        }
        assertThatIllegalArgumentException()
            .isThrownBy(() -> RoleTemplate.parse("webpubsub.joinLeaveGroups.*{userId}.x"))
            .withMessageContaining("has a wildcard in the segment of the placeholder {userId}");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> RoleTemplate.parse("webpubsub.joinLeaveGroups.**.{userId}"))
            .withMessageContaining("has '**' before the placeholder {userId}");
        // What stays allowed: a placeholder that ends its segment, literal text before
        // it, wildcards elsewhere.
        for (String template : new String[] { "webpubsub.joinLeaveGroups.user-{userId}.*",
                "webpubsub.sendToGroups.*.{userId}", "webpubsub.sendToGroups.{userId}",
                "webpubsub.joinLeaveGroups.t.{userId}.**", "webpubsub.joinLeaveGroup.user-{userId}-x" }) {
            assertThat(RoleTemplate.parse(template).source()).isEqualTo(template);
        }
    }

    @Test
    void escapingLeavesPlainValuesAlone() {
        String plain = "room-7.blue";
        assertThat(RoleTemplate.escapeWildcards(plain)).isSameAs(plain);
        assertThat(RoleTemplate.escapeWildcards("*?\\")).isEqualTo("\\*\\?\\\\");
    }

}
