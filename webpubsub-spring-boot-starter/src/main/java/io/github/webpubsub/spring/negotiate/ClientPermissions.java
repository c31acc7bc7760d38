package io.github.webpubsub.spring.negotiate;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

import io.github.webpubsub.token.ClientAccessRequest;
import io.github.webpubsub.token.WebPubSubRole;

/**
 * The roles and groups a caller's {@code Authentication} grants, as a
 * {@link ClientPermissionsResolver} decides them. Immutable; duplicates are removed,
 * order is kept.
 *
 * <pre>{@code
 * ClientPermissions permissions = ClientPermissions.of(List.of(WebPubSubRole.sendToGroup("lobby")), List.of("lobby"));
 * }</pre>
 *
 * @param roles the roles
 * @param groups the groups the client joins on connect; each valid as the core checks
 * group names
 */
public record ClientPermissions(List<WebPubSubRole> roles, List<String> groups) {

    /** No roles and no groups. */
    public static final ClientPermissions NONE = new ClientPermissions(List.of(), List.of());

    /**
     * Creates permissions.
     * @throws IllegalArgumentException if a role or group is null
     * @throws io.github.webpubsub.token.InvalidClientAccessRequestException if a group
     * name is invalid
     */
    public ClientPermissions {
        // Not roles.contains(null): immutable lists throw on that question.
        if (roles == null || roles.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("roles is null or contains null. Give a list of WebPubSubRole.");
        }
        if (groups == null) {
            throw new IllegalArgumentException("groups is null. Give an empty list for no groups.");
        }
        ClientAccessRequest.builder().groups(groups);
        roles = List.copyOf(new LinkedHashSet<>(roles));
        groups = List.copyOf(new LinkedHashSet<>(groups));
    }

    /**
     * Creates permissions.
     * @param roles the roles
     * @param groups the groups
     * @return the permissions
     */
    public static ClientPermissions of(Collection<WebPubSubRole> roles, Collection<String> groups) {
        return new ClientPermissions(List.copyOf(roles), List.copyOf(groups));
    }

}
