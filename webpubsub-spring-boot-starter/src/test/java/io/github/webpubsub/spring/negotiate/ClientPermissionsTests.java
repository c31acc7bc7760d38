package io.github.webpubsub.spring.negotiate;

import java.util.Arrays;
import java.util.List;

import io.github.webpubsub.token.InvalidClientAccessRequestException;
import io.github.webpubsub.token.WebPubSubRole;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ClientPermissions}.
 */
class ClientPermissionsTests {

    @Test
    void duplicatesAreRemovedInOrder() {
        ClientPermissions permissions = ClientPermissions.of(
                List.of(WebPubSubRole.sendToGroup("b"), WebPubSubRole.sendToGroup("a"), WebPubSubRole.sendToGroup("b")),
                List.of("b", "a", "b"));
        assertThat(permissions.roles()).containsExactly(WebPubSubRole.sendToGroup("b"), WebPubSubRole.sendToGroup("a"));
        assertThat(permissions.groups()).containsExactly("b", "a");
    }

    @Test
    void invalidGroupIsRejected() {
        assertThatExceptionOfType(InvalidClientAccessRequestException.class)
            .isThrownBy(() -> ClientPermissions.of(List.of(), List.of("")))
            .withMessageStartingWith("Group name is blank.");
    }

    @Test
    void nullRoleIsRejected() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new ClientPermissions(Arrays.asList(WebPubSubRole.sendToAnyGroup(), null), List.of()))
            .withMessageStartingWith("roles is null or contains null.");
    }

    @Test
    void listsAreCopied() {
        java.util.ArrayList<String> groups = new java.util.ArrayList<>(List.of("a"));
        ClientPermissions permissions = new ClientPermissions(List.of(), groups);
        groups.add("b");
        assertThat(permissions.groups()).containsExactly("a");
    }

}
