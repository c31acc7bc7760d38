package io.github.webpubsub.sample.devhub;

import java.util.List;

import io.github.webpubsub.token.WebPubSubRole;
import io.github.webpubsub.token.WebPubSubRole.Permission;
import org.jspecify.annotations.Nullable;

/**
 * What a verified access token says about a client: its user, the roles it holds and the groups it joins on connect.
 *
 * @param userId the {@code sub} claim, or {@code null} for an anonymous client
 * @param roles the {@code role} claim, without strings that are no role (the service ignores those too)
 * @param groups the {@code webpubsub.group} claim
 */
record ClientIdentity(@Nullable String userId, List<WebPubSubRole> roles, List<String> groups) {

    ClientIdentity {
        roles = List.copyOf(roles);
        groups = List.copyOf(groups);
    }

    /**
     * Tells whether one of the client's roles gives a permission on a group, as the service decides it.
     */
    boolean may(Permission permission, String group) {
        return this.roles.stream().anyMatch((role) -> role.grants(permission, group));
    }

}
