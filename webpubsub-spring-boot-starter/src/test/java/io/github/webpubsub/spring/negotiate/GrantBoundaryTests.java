package io.github.webpubsub.spring.negotiate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.webpubsub.token.WebPubSubRole;
import io.github.webpubsub.token.WebPubSubRole.Permission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The grant boundary: a wildcard role issued to one caller never grants a group that the
 * same configuration issues to another caller. Each configuration below is either refused
 * at startup or, once accepted, tried with every pair of callers drawn from values chosen
 * to cross boundaries ({@code .}, {@code -}, wildcards, prefixes of each other): no role
 * of one grants a group of the other.
 */
class GrantBoundaryTests {

    /** Values that try to reach into each other's groups. */
    private static final List<String> VALUES = List.of("a", "b", "ab", "a-b", "a.b", "a.b.c", "a*", "b?", "xa",
            "user-a", "john.smith@example.com", "lobby", "chat", "x");

    static Stream<Arguments> configurations() {
        return Stream.of(
                accepted("the bad-input suite's user endpoint", "webpubsub.joinLeaveGroups.user-{userId}.*",
                        "user-{userId}"),
                accepted("personal inbox and wildcard", "webpubsub.sendToGroups.user-{userId}.*", "user-{userId}.inbox",
                        "webpubsub.joinLeaveGroup.user-{userId}.inbox"),
                accepted("rooms and their sub-groups", "webpubsub.joinLeaveGroups.room-{room}.*",
                        "webpubsub.sendToGroup.room-{room}", "room-{room}"),
                accepted("separate prefixes keep e-mail ids working", "webpubsub.joinLeaveGroups.user-{userId}.*",
                        "mail-{userId}", "webpubsub.sendToGroup.mail-{userId}"),
                accepted("a placeholder in a middle segment", "webpubsub.joinLeaveGroups.tenant.{userId}.**",
                        "tenant.{userId}.inbox", "tenant.lobby"),
                accepted("constant groups outside the reach", "webpubsub.joinLeaveGroups.user-{userId}.*", "lobby",
                        "user-lobby"),
                accepted("a one-segment group in a two-segment reach", "webpubsub.joinLeaveGroups.user-{userId}.*",
                        "user-{room}"),
                refused("a room's sub-group in the users' reach", "webpubsub.joinLeaveGroups.user-{userId}.*",
                        "user-{room}.chat"),
                refused("a group that starts with the value", "webpubsub.joinLeaveGroups.user-{userId}.*",
                        "{userId}.chat"),
                refused("a constant group a caller can be named after", "webpubsub.joinLeaveGroups.{userId}.*",
                        "lobby.chat"),
                refused("a longer literal before the same placeholder", "webpubsub.joinLeaveGroups.user-{userId}.*",
                        "user-x{userId}.inbox"));
    }

    private static Arguments accepted(String name, String... templates) {
        return Arguments.of(name, List.of(templates), true);
    }

    private static Arguments refused(String name, String... templates) {
        return Arguments.of(name, List.of(templates), false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void noWildcardRoleOfOneCallerGrantsAGroupOfAnother(String name, List<String> templates, boolean accepted) {
        GrantBoundary.Analysis analysis = GrantBoundary.of(grants(templates));
        assertThat(analysis.conflicts().isEmpty()).as("accepted").isEqualTo(accepted);
        List<Caller> callers = new ArrayList<>();
        for (String userId : VALUES) {
            for (String room : VALUES) {
                Caller caller = Caller.of(userId, room, templates, analysis.boundary());
                if (caller != null) {
                    callers.add(caller);
                }
            }
        }
        List<String> crossings = new ArrayList<>();
        for (Caller one : callers) {
            for (Caller other : callers) {
                if (one.userId().equals(other.userId()) || one.room().equals(other.room())) {
                    continue;
                }
                for (WebPubSubRole role : one.patternRoles()) {
                    for (String group : other.groups()) {
                        if (role.grants(Permission.JOIN_LEAVE_GROUP, group)
                                || role.grants(Permission.SEND_TO_GROUP, group)) {
                            crossings.add(one + " " + role + " grants " + other + "'s " + group);
                        }
                    }
                }
            }
        }
        if (accepted) {
            assertThat(crossings).isEmpty();
        }
        else {
            // Refused for a reason: without the refusal, some caller would reach
            // another's group.
            assertThat(crossings).isNotEmpty();
        }
    }

    @Test
    void valuesWithADotAreRefusedOnlyWhereAWildcardRoleReaches() {
        GrantBoundary boundary = GrantBoundary
            .of(grants(List.of("webpubsub.joinLeaveGroups.user-{userId}.*", "user-{userId}", "mail-{userId}")))
            .boundary();
        assertThatIllegalArgumentException()
            .isThrownBy(() -> boundary.valueRule(ClaimTemplate.parse("user-{userId}")).apply("a.b"))
            .withMessage("It contains '.', and the group 'user-{userId}' lies where a wildcard role of this "
                    + "endpoint's configuration reaches, so a '.' would let it name another caller's groups. Values "
                    + "with '.' can only be served by templates that no wildcard role reaches, such as "
                    + "'mail-{userId}'.");
        assertThat(boundary.valueRule(ClaimTemplate.parse("mail-{userId}")).apply("john.smith@example.com"))
            .isEqualTo("john.smith@example.com");
        assertThat(GrantBoundary.NONE.valueRule(ClaimTemplate.parse("user-{userId}")).apply("a.b")).isEqualTo("a.b");
    }

    @Test
    void wildcardRoleWithoutPlaceholdersRestrictsNothing() {
        GrantBoundary.Analysis analysis = GrantBoundary
            .of(grants(List.of("webpubsub.joinLeaveGroups.chat.*", "chat.{room}", "{userId}")));
        assertThat(analysis.conflicts()).isEmpty();
        assertThat(analysis.boundary().valueRule(ClaimTemplate.parse("chat.{room}")).apply("a.b")).isEqualTo("a.b");
    }

    @Test
    void wildcardRolesOverDifferentPlaceholdersInOneReachAreRefused() {
        // Room 'bob' would be granted the groups that user bob's role grants him.
        assertThat(GrantBoundary
            .of(grants(List.of("webpubsub.joinLeaveGroups.user-{userId}.*", "webpubsub.sendToGroups.user-{room}.*")))
            .conflicts()).hasSize(2);
    }

    @Test
    void conflictNamesBothTemplatesAndWhereTheyAre() {
        GrantBoundary.Conflict conflict = GrantBoundary
            .of(grants(List.of("webpubsub.joinLeaveGroups.user-{userId}.*", "user-{room}.chat")))
            .conflicts()
            .get(0);
        assertThat(conflict.description()).isEqualTo("'user-{room}.chat' (groups[1] of Rooms#negotiate) names "
                + "groups that the wildcard role 'webpubsub.joinLeaveGroups.user-{userId}.*' (roles[0] of "
                + "Rooms#negotiate) grants to callers with other values, so one caller could join or send to another "
                + "caller's groups.");
    }

    private static List<GrantBoundary.Grant> grants(List<String> templates) {
        List<GrantBoundary.Grant> grants = new ArrayList<>();
        for (int i = 0; i < templates.size(); i++) {
            String template = templates.get(i);
            if (template.startsWith("webpubsub.")) {
                grants.add(RoleTemplate.parse(template).grant("Rooms#negotiate", "roles[" + i + "]"));
            }
            else {
                grants.add(new GrantBoundary.Grant("Rooms#negotiate", "groups[" + i + "]",
                        NegotiateEndpoint.parseGroup(template), false, template));
            }
        }
        return grants;
    }

    /**
     * What one caller is issued: its wildcard roles, and the groups it is put in or given
     * a one-group role for.
     */
    private record Caller(String userId, String room, List<WebPubSubRole> patternRoles, List<String> groups) {

        /** Returns the caller, or {@code null} if the endpoint refuses it (400). */
        static Caller of(String userId, String room, List<String> templates, GrantBoundary boundary) {
            PlaceholderValues values = new PlaceholderValues(userId, Map.of("room", room));
            List<WebPubSubRole> patternRoles = new ArrayList<>();
            List<String> groups = new ArrayList<>();
            try {
                for (String template : templates) {
                    if (template.startsWith("webpubsub.")) {
                        WebPubSubRole role = NegotiateEndpoint.expand(RoleTemplate.parse(template), values, boundary);
                        if (template.contains("Groups.")) {
                            patternRoles.add(role);
                        }
                        else {
                            groups.add(role.value().substring(role.value().indexOf("Group.") + "Group.".length()));
                        }
                    }
                    else {
                        groups.add(NegotiateEndpoint.expand(ClaimTemplate.parse(template), values, boundary));
                    }
                }
            }
            catch (IllegalArgumentException refused) {
                return null;
            }
            return new Caller(userId, room, patternRoles, groups);
        }

        @Override
        public String toString() {
            return "caller(" + this.userId + ", " + this.room + ")";
        }

    }

}
