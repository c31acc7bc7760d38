package io.github.webpubsub.token;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.github.webpubsub.token.TestKeys.ACCESS_KEY;
import static io.github.webpubsub.token.TestKeys.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SPEC section 4: what a request may hold (user id, groups, roles), checked when it is
 * built.
 */
class ClientAccessRequestTests {

    @Test
    void singleValuesAreSetWhileRolesAndGroupsAreAdded() {
        ClientAccessRequest request = ClientAccessRequest.builder()
            .userId("alice")
            .userId("bob")
            .hub("chat")
            .hub("news")
            .groups("lobby")
            .groups("room-7", "lobby")
            .roles("webpubsub.sendToGroup.lobby")
            .roles(WebPubSubRole.sendToGroup("room-7"))
            .build();
        assertThat(request.userId()).hasValue("bob");
        assertThat(request.hub()).hasValue("news");
        assertThat(request.groups()).containsExactly("lobby", "room-7");
        assertThat(request.roles()).containsExactly(WebPubSubRole.sendToGroup("lobby"),
                WebPubSubRole.sendToGroup("room-7"));
    }

    private static ObjectNode claimsOf(ClientAccessRequest request) {
        return ClientTokens.verifiedClaims(TestKeys.factory().create(request).token(), ACCESS_KEY, NOW);
    }

    @Nested
    class UserId {

        @Test
        void aNullUserIdIsAnAnonymousClient() {
            ClientAccessRequest request = ClientAccessRequest.builder().userId("alice").userId(null).build();

            assertThat(request.userId()).isEmpty();
            assertThat(claimsOf(request).has("sub")).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = { "", " ", "\t", "   \u2003 " })
        void aBlankUserIdIsRejected(String userId) {
            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> ClientAccessRequest.builder().userId(userId))
                .withMessageContaining("userId is blank")
                .withMessageContaining("Use a stable identifier of the user: 1 to 1024 printable characters, for "
                        + "example 'alice'.")
                .withMessageNotContaining("null");
        }

        @ParameterizedTest
        @CsvSource({ "'alice\u0000', 5", "'al\u0001ice', 2", "'\u007fbob', 0", "'bob\u0085', 3", "'\u001b[31mred', 0" })
        void aUserIdWithAControlCharacterIsRejected(String userId, int index) {
            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> ClientAccessRequest.builder().userId(userId))
                .withMessageContaining("userId has a control character at index " + index);
        }

        @ParameterizedTest
        @CsvSource({ "'alice\u202Egnp.exe', 5, U+202E", "'\u200Balice', 0, U+200B", "'bob\u2066', 3, U+2066",
                "'a\u00ADb', 1, U+00AD", "'eve\uFEFF', 3, U+FEFF", "'ali\u2028ce', 3, U+2028", "'a\u3164', 1, U+3164",
                "'x\uDB40\uDC41', 1, U+E0041" })
        void aUserIdWithAnInvisibleOrReorderingCharacterIsRejected(String userId, int index, String codePoint) {
            // U+202E RIGHT-TO-LEFT OVERRIDE makes 'alice<RLO>gnp.exe' display as
            // 'aliceexe.png' wherever fromUserId
            // is shown; the others are format characters (Cf), a separator and a filler
            // that show nothing.
            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> ClientAccessRequest.builder().userId(userId))
                .withMessageStartingWith("userId has an invisible or reordering character (" + codePoint + ") at index "
                        + index + ", which would make it display as something it is not.");
        }

        @Test
        void aUserIdWithVisibleNonAsciiCharactersIsAccepted() {
            String userId = "Zoë 李 \uD83D\uDE00 \u05D0\u05D1";

            assertThat(claimsOf(ClientAccessRequest.builder().userId(userId).build()).get("sub").asText())
                .isEqualTo(userId);
        }

        @Test
        void aUserIdOf1024CharactersIsAccepted() {
            String userId = "u".repeat(1024);

            assertThat(claimsOf(ClientAccessRequest.builder().userId(userId).build()).get("sub").asText())
                .isEqualTo(userId);
        }

        @Test
        void aUserIdOver1024CharactersIsRejected() {
            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> ClientAccessRequest.builder().userId("u".repeat(1025)))
                .withMessageContaining("userId has 1025 characters; at most 1024 are allowed");
        }

        @Test
        void aUserIdWithAnUnpairedSurrogateIsRejectedBecauseItCannotBeSignedAsGiven() {
            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> ClientAccessRequest.builder().userId("a\uD83Db"))
                .withMessageContaining("unpaired UTF-16 surrogate at index 1");
        }

        @Test
        void theUserIdIsNotEchoedInTheMessageBecauseItMayBePersonalData() {
            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> ClientAccessRequest.builder().userId("jane.doe@example.com\n"))
                .withMessageNotContaining("jane.doe");
        }

    }

    @Nested
    class Groups {

        @Test
        void duplicateGroupsAreRemovedAndTheOrderIsKept() {
            ClientAccessRequest request = ClientAccessRequest.builder()
                .groups("b", "a", "b")
                .groups(List.of("c", "a"))
                .groups("d")
                .build();

            assertThat(request.groups()).containsExactly("b", "a", "c", "d");
            assertThat(ClientTokens.texts(claimsOf(request).get("webpubsub.group"))).containsExactly("b", "a", "c",
                    "d");
        }

        @Test
        void groupsAddToWhatTheBuilderHolds() {
            ClientAccessRequest.Builder builder = ClientAccessRequest.builder().groups("a");
            builder.groups();
            builder.groups(List.of());

            assertThat(builder.groups("b").build().groups()).containsExactly("a", "b");
        }

        @Test
        void aGroupOf1024CharactersIsAccepted() {
            String group = "g".repeat(1024);

            assertThat(ClientTokens
                .texts(claimsOf(ClientAccessRequest.builder().groups(group).build()).get("webpubsub.group")))
                .containsExactly(group);
        }

        @Test
        void aGroupOver1024CharactersIsRejected() {
            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> ClientAccessRequest.builder().groups("g".repeat(1025)))
                .withMessageContaining("Group name has 1025 characters; at most 1024 are allowed");
        }

        @ParameterizedTest
        @ValueSource(strings = { "", " ", "\t\t" })
        void aBlankGroupIsRejected(String group) {
            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> ClientAccessRequest.builder().groups(group))
                .withMessageContaining("Group name is blank")
                .withMessageContaining("1 to 1024 printable characters");
        }

        @ParameterizedTest
        @ValueSource(strings = { "lob\nby", "lobby\u0000", "\u0007", "lobby\r" })
        void aGroupWithAControlCharacterIsRejected(String group) {
            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> ClientAccessRequest.builder().groups(group))
                .withMessageContaining("Group name has a control character");
        }

        @ParameterizedTest
        @ValueSource(strings = { "lob\u200Bby", "\u202Elobby", "lobby\u2069" })
        void aGroupWithAnInvisibleOrReorderingCharacterIsRejected(String group) {
            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> ClientAccessRequest.builder().groups(group))
                .withMessageContaining("Group name has an invisible or reordering character");
        }

        @Test
        void aNullGroupIsRejected() {
            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> ClientAccessRequest.builder().groups(Arrays.asList("a", null)))
                .withMessageContaining("Group name is null");
        }

        @Test
        void aRejectedGroupLeavesTheBuilderUnchanged() {
            ClientAccessRequest.Builder builder = ClientAccessRequest.builder().groups("a");

            assertThatExceptionOfType(WebPubSubException.class).isThrownBy(() -> builder.groups("b", ""));
            assertThat(builder.build().groups()).containsExactly("a");
        }

        @Test
        void nullArraysAndCollectionsAreRejected() {
            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> ClientAccessRequest.builder().groups((String[]) null))
                .withMessageContaining("groups is null");
            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> ClientAccessRequest.builder().groups((List<String>) null))
                .withMessageContaining("groups is null");
            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> ClientAccessRequest.builder().roles((String[]) null))
                .withMessageContaining("roles is null");
        }

        @Test
        void groupsInTheRequestAreUnmodifiable() {
            ClientAccessRequest request = ClientAccessRequest.builder().groups("a").build();

            assertThatThrownBy(() -> request.groups().add("b")).isInstanceOf(UnsupportedOperationException.class);
        }

    }

    @Nested
    class Roles {

        @Test
        void rolesGivenAsStringsAndAsValuesAreMergedWithoutDuplicatesInOrder() {
            ClientAccessRequest request = ClientAccessRequest.builder()
                .roles("webpubsub.sendToGroup.lobby", "webpubsub.joinLeaveGroup.lobby")
                .roles(WebPubSubRole.sendToGroup("lobby"), WebPubSubRole.sendToAnyGroup())
                .roles(List.of("webpubsub.joinLeaveGroup.lobby", "webpubsub.sendToGroups.room-*"))
                .build();

            assertThat(request.roles()).extracting(WebPubSubRole::value)
                .containsExactly("webpubsub.sendToGroup.lobby", "webpubsub.joinLeaveGroup.lobby",
                        "webpubsub.sendToGroup", "webpubsub.sendToGroups.room-*");
            assertThat(ClientTokens.texts(claimsOf(request).get("role"))).containsExactly("webpubsub.sendToGroup.lobby",
                    "webpubsub.joinLeaveGroup.lobby", "webpubsub.sendToGroup", "webpubsub.sendToGroups.room-*");
        }

        @Test
        void aRoleStringThatIsNoServiceRoleIsRejected() {
            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> ClientAccessRequest.builder().roles("webpubsub.sendtogroup"))
                .withMessageContaining("'webpubsub.sendtogroup' is not a Web PubSub role");
        }

        @Test
        void aRejectedRoleLeavesTheBuilderUnchanged() {
            ClientAccessRequest.Builder builder = ClientAccessRequest.builder().roles("webpubsub.sendToGroup");

            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> builder.roles("webpubsub.joinLeaveGroup", "webpubsub.joinleavegroup"));
            assertThat(builder.build().roles()).extracting(WebPubSubRole::value)
                .containsExactly("webpubsub.sendToGroup");
        }

        @Test
        void aNullRoleIsRejected() {
            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> ClientAccessRequest.builder().roles(Arrays.asList("webpubsub.sendToGroup", null)))
                .withMessageContaining("Role is null");
            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> ClientAccessRequest.builder().roles(WebPubSubRole.sendToAnyGroup(), null))
                .withMessageContaining("roles contains null");
        }

    }

    @Nested
    class Values {

        @Test
        void aNullProtocolIsRejected() {
            assertThatExceptionOfType(WebPubSubException.class)
                .isThrownBy(() -> ClientAccessRequest.builder().protocol(null))
                .withMessageContaining("Protocol is null");
        }

        @Test
        void anEmptyRequestIsAnAnonymousDefaultClientOfTheDefaultHub() {
            ClientAccessRequest request = ClientAccessRequest.builder().build();

            assertThat(request.hub()).isEmpty();
            assertThat(request.userId()).isEmpty();
            assertThat(request.roles()).isEmpty();
            assertThat(request.groups()).isEmpty();
            assertThat(request.lifetime()).isEmpty();
            assertThat(request.protocol()).isEqualTo(ClientProtocol.DEFAULT);
        }

        @Test
        void toBuilderCopiesEveryValue() {
            ClientAccessRequest request = ClientAccessRequest.builder()
                .hub("other")
                .userId("alice")
                .roles(WebPubSubRole.sendToGroup("a"))
                .groups("a")
                .lifetime(Duration.ofMinutes(5))
                .protocol(ClientProtocol.MQTT)
                .build();

            ClientAccessRequest copy = request.toBuilder().build();
            ClientAccessRequest changed = request.toBuilder().groups("b").build();

            assertThat(copy).isEqualTo(request).hasSameHashCodeAs(request);
            assertThat(changed.groups()).containsExactly("a", "b");
            assertThat(request.groups()).containsExactly("a");
        }

    }

}
