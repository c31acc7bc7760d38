package io.github.webpubsub.token;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.webpubsub.token.WebPubSubRole.Permission;

import static io.github.webpubsub.token.WebPubSubRole.Permission.JOIN_LEAVE_GROUP;
import static io.github.webpubsub.token.WebPubSubRole.Permission.SEND_TO_GROUP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * SPEC section 4: roles as the service defines them, including the wildcard pattern
 * roles.
 */
class WebPubSubRoleTests {

    @Test
    void eachPermissionSpellsItsRolesAsTheFactoriesDo() {
        assertThat(WebPubSubRole.Permission.JOIN_LEAVE_GROUP.anyGroupRole())
            .isEqualTo(WebPubSubRole.joinLeaveAnyGroup().value());
        assertThat(WebPubSubRole.Permission.SEND_TO_GROUP.anyGroupRole()).isEqualTo("webpubsub.sendToGroup");
        assertThat(WebPubSubRole.Permission.JOIN_LEAVE_GROUP.groupRolePrefix() + "lobby")
            .isEqualTo(WebPubSubRole.joinLeaveGroup("lobby").value());
        assertThat(WebPubSubRole.Permission.SEND_TO_GROUP.groupRolePrefix()).isEqualTo("webpubsub.sendToGroup.");
        assertThat(WebPubSubRole.Permission.JOIN_LEAVE_GROUP.patternRolePrefix() + "a.*")
            .isEqualTo(WebPubSubRole.joinLeaveGroups("a.*").value());
        assertThat(WebPubSubRole.Permission.SEND_TO_GROUP.patternRolePrefix()).isEqualTo("webpubsub.sendToGroups.");
    }

    @Test
    void grantsDecidesAsTheJavadocExampleSays() {
        WebPubSubRole role = WebPubSubRole.parse("webpubsub.sendToGroups.tenant-7.*");
        assertThat(role.grants(WebPubSubRole.Permission.SEND_TO_GROUP, "tenant-7.news")).isTrue();
        assertThat(role.grants(WebPubSubRole.Permission.SEND_TO_GROUP, "tenant-7.a.b")).isFalse();
        assertThat(role.grants(WebPubSubRole.Permission.JOIN_LEAVE_GROUP, "tenant-7.news")).isFalse();
    }

    @Nested
    class Forms {

        @Test
        void eachFactoryMethodSpellsTheRoleAsTheServiceDoes() {
            assertThat(WebPubSubRole.joinLeaveAnyGroup().value()).isEqualTo("webpubsub.joinLeaveGroup");
            assertThat(WebPubSubRole.sendToAnyGroup().value()).isEqualTo("webpubsub.sendToGroup");
            assertThat(WebPubSubRole.joinLeaveGroup("lobby").value()).isEqualTo("webpubsub.joinLeaveGroup.lobby");
            assertThat(WebPubSubRole.sendToGroup("lobby").value()).isEqualTo("webpubsub.sendToGroup.lobby");
            assertThat(WebPubSubRole.joinLeaveGroups("tenant-7.*").value())
                .isEqualTo("webpubsub.joinLeaveGroups.tenant-7.*");
            assertThat(WebPubSubRole.sendToGroups("tenant-7.**").value())
                .isEqualTo("webpubsub.sendToGroups.tenant-7.**");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
                webpubsub.joinLeaveGroup                  | JOIN_LEAVE_GROUP
                webpubsub.sendToGroup                     | SEND_TO_GROUP
                webpubsub.joinLeaveGroup.lobby            | JOIN_LEAVE_GROUP
                webpubsub.sendToGroup.lobby               | SEND_TO_GROUP
                webpubsub.sendToGroup.a.b.c               | SEND_TO_GROUP
                webpubsub.sendToGroup.*                   | SEND_TO_GROUP
                webpubsub.joinLeaveGroup.Zoë's room       | JOIN_LEAVE_GROUP
                webpubsub.joinLeaveGroups.tenant-7.*      | JOIN_LEAVE_GROUP
                webpubsub.sendToGroups.**                 | SEND_TO_GROUP
                webpubsub.sendToGroups.room-?             | SEND_TO_GROUP
                webpubsub.sendToGroups.clientA.rooms.?1   | SEND_TO_GROUP
                webpubsub.joinLeaveGroups.literal\\*star  | JOIN_LEAVE_GROUP
                webpubsub.joinLeaveGroups.a\\?b\\\\c      | JOIN_LEAVE_GROUP
                webpubsub.sendToGroups.*.*.*.*.*          | SEND_TO_GROUP
                webpubsub.sendToGroups.**.**.*            | SEND_TO_GROUP
                webpubsub.sendToGroups.plain              | SEND_TO_GROUP
                """)
        void parseAcceptsEveryFormTheServiceDefinesAndKeepsItsSpelling(String role, Permission permission) {
            WebPubSubRole parsed = WebPubSubRole.parse(role);

            assertThat(parsed.value()).isEqualTo(role);
            assertThat(parsed.toString()).isEqualTo(role);
            assertThat(parsed.permission()).isEqualTo(permission);
        }

        @Test
        void parsedAndBuiltRolesAreEqual() {
            assertThat(WebPubSubRole.parse("webpubsub.sendToGroup.lobby")).isEqualTo(WebPubSubRole.sendToGroup("lobby"))
                .hasSameHashCodeAs(WebPubSubRole.sendToGroup("lobby"));
            assertThat(WebPubSubRole.parse("webpubsub.sendToGroups.a.*")).isEqualTo(WebPubSubRole.sendToGroups("a.*"));
            assertThat(WebPubSubRole.parse("webpubsub.joinLeaveGroup")).isEqualTo(WebPubSubRole.joinLeaveAnyGroup());
            assertThat(WebPubSubRole.sendToGroup("lobby")).isNotEqualTo(WebPubSubRole.joinLeaveGroup("lobby"));
        }

    }

    @Nested
    class Typos {

        @ParameterizedTest
        @ValueSource(strings = { "webpubsub.sendtogroup", "webpubsub.SendToGroup", "webpubsub.joinleavegroup",
                "webpubsub.joinLeaveGroup ", " webpubsub.joinLeaveGroup", "webpubsub.sendToGroupx",
                "webpubsub.sendtogroup.lobby", "webpubsub.sendToGroups", "webpubsub.joinLeaveGroups", "sendToGroup",
                "webpubsub.sendToGroup-lobby", "WebPubSub.sendToGroup", "webpubsub.joinGroup", "webpubsub.sendToUser",
                "webpubsub.sendToAll", "[\"webpubsub.sendToGroup\"]", "" })
        void aStringThatIsNoServiceRoleIsRejectedInsteadOfSilentlyGrantingNothing(String role) {
            assertThatExceptionOfType(WebPubSubException.class).isThrownBy(() -> WebPubSubRole.parse(role))
                .withMessageContaining("is not a Web PubSub role")
                .withMessageContaining("the client would get no permission")
                .withMessageContaining("the names are case-sensitive");
        }

        @Test
        void aNullRoleIsRejected() {
            assertThatExceptionOfType(WebPubSubException.class).isThrownBy(() -> WebPubSubRole.parse(null))
                .withMessageStartingWith("Role is null.");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
                webpubsub.sendToGroup.            | Group name is blank
                "webpubsub.joinLeaveGroup.  "     | Group name is blank
                webpubsub.sendToGroups.           | Group pattern is blank
                webpubsub.sendToGroups.a\\b       | backslash at index 1 that escapes nothing
                webpubsub.joinLeaveGroups.a\\     | backslash at index 1 that escapes nothing
                webpubsub.sendToGroups.*.*.*.*.*.*| has 6 '*' characters; the service allows at most 5
                webpubsub.sendToGroups.**.**.**   | has 6 '*' characters
                webpubsub.sendToGroups.******     | has 6 '*' characters
                """)
        void aRoleWithAnInvalidGroupOrPatternIsRejected(String role, String problem) {
            assertThatExceptionOfType(WebPubSubException.class).isThrownBy(() -> WebPubSubRole.parse(role))
                .withMessageContaining("names an invalid group")
                .withMessageContaining(problem);
        }

        @Test
        void aGroupRoleWithAControlCharacterIsRejected() {
            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> WebPubSubRole.parse("webpubsub.sendToGroup.lob\nby"))
                .withMessageContaining("Group name has a control character at index 3");
        }

        @Test
        void aRoleMessageDoesNotForgeLogLines() {
            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> WebPubSubRole.parse("webpubsub.x\nFAKE LOG LINE"))
                .withMessageNotContaining("\n");
        }

        @ParameterizedTest
        @ValueSource(strings = { "*.*.*.*.*.*", "a\\", "a\\b", "" })
        void theFactoryMethodsCheckPatternsToo(String pattern) {
            assertThatExceptionOfType(WebPubSubException.class).isThrownBy(() -> WebPubSubRole.sendToGroups(pattern));
            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> WebPubSubRole.joinLeaveGroups(pattern));
        }

        @Test
        void escapedStarsDoNotCountTowardsTheLimit() {
            assertThat(WebPubSubRole.sendToGroups("\\*\\*\\*\\*\\*\\*.*").value())
                .isEqualTo("webpubsub.sendToGroups.\\*\\*\\*\\*\\*\\*.*");
        }

        @ParameterizedTest
        @ValueSource(strings = { "", " ", "lob\tby" })
        void theFactoryMethodsCheckGroupNames(String group) {
            assertThatExceptionOfType(WebPubSubException.class).isThrownBy(() -> WebPubSubRole.sendToGroup(group));
            assertThatExceptionOfType(WebPubSubException.class).isThrownBy(() -> WebPubSubRole.joinLeaveGroup(group));
        }

    }

    @Nested
    class Grants {

        @Test
        void anAnyGroupRoleGrantsItsPermissionOnEveryGroupAndNothingElse() {
            WebPubSubRole role = WebPubSubRole.sendToAnyGroup();

            assertThat(role.grants(SEND_TO_GROUP, "lobby")).isTrue();
            assertThat(role.grants(SEND_TO_GROUP, "a.b.c")).isTrue();
            assertThat(role.grants(JOIN_LEAVE_GROUP, "lobby")).isFalse();
            assertThat(WebPubSubRole.joinLeaveAnyGroup().grants(JOIN_LEAVE_GROUP, "x")).isTrue();
            assertThat(WebPubSubRole.joinLeaveAnyGroup().grants(SEND_TO_GROUP, "x")).isFalse();
        }

        @Test
        void aGroupRoleGrantsExactlyThatGroup() {
            WebPubSubRole role = WebPubSubRole.joinLeaveGroup("lobby");

            assertThat(role.grants(JOIN_LEAVE_GROUP, "lobby")).isTrue();
            assertThat(role.grants(JOIN_LEAVE_GROUP, "Lobby")).isFalse();
            assertThat(role.grants(JOIN_LEAVE_GROUP, "lobby2")).isFalse();
            assertThat(role.grants(JOIN_LEAVE_GROUP, "lobby.a")).isFalse();
            assertThat(role.grants(SEND_TO_GROUP, "lobby")).isFalse();
        }

        @Test
        void aGroupRoleTakesWildcardCharactersLiterally() {
            WebPubSubRole role = WebPubSubRole.sendToGroup("room-*");

            assertThat(role.grants(SEND_TO_GROUP, "room-*")).isTrue();
            assertThat(role.grants(SEND_TO_GROUP, "room-1")).isFalse();
        }

        @Test
        void noRoleGrantsANullGroup() {
            assertThat(WebPubSubRole.sendToAnyGroup().grants(SEND_TO_GROUP, null)).isFalse();
            assertThat(WebPubSubRole.sendToGroups("**").grants(SEND_TO_GROUP, null)).isFalse();
        }

        /**
         * The examples of the service's documentation of wildcard group roles, and a few
         * edges around them.
         */
        @ParameterizedTest(name = "{0} grants {1}")
        @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
                chat-* | chat-1, chat-room, chat- | chat.1, xchat-1, chat-1.a, chat
                clientA.* | clientA.alpha, clientA.1 | clientA.alpha.room1, clientB.alpha
                clientA.** | clientA.alpha, clientA.alpha.room1, clientA.a.b.c.d | clientB.anything, clientAx.a
                clientA.rooms.?1 | clientA.rooms.a1, clientA.rooms.11 | clientA.rooms.1, clientA.rooms.a.1
                clientA.rooms.?1 | clientA.rooms.a1 | clientA.rooms.ab1
                literal\\*star | literal*star | literalXstar, literal\\*star
                project\\*123 | project*123 | project1123, project123
                room-? | room-1, room-x | room-12, room-, room-.
                a\\?b | a?b | axb
                a\\\\b | a\\b | ab, a\\\\b
                a+b(c)[d]$ | a+b(c)[d]$ | aab(c)[d]$, a+bc[d]
                ** | x, a.b.c, . | -
                *.* | a.b, . | a, a.b.c
                """)
        void aPatternRoleGrantsTheGroupsItsPatternMatches(String pattern, String matching, String notMatching) {
            WebPubSubRole role = WebPubSubRole.sendToGroups(pattern);

            for (String group : split(matching)) {
                assertThat(role.grants(SEND_TO_GROUP, group)).as("%s grants %s", pattern, group).isTrue();
                assertThat(role.grants(JOIN_LEAVE_GROUP, group)).as("other permission").isFalse();
            }
            for (String group : split(notMatching)) {
                assertThat(role.grants(SEND_TO_GROUP, group)).as("%s does not grant %s", pattern, group).isFalse();
            }
        }

        private static List<String> split(String groups) {
            // "-" stands for no group in the table.
            return Arrays.stream(groups.split(",")).map(String::trim).filter(group -> !group.equals("-")).toList();
        }

    }

}
