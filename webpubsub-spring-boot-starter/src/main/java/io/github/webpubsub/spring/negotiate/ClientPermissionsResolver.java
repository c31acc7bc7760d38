package io.github.webpubsub.spring.negotiate;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;

/**
 * Decides which roles and groups the caller of a
 * {@link WebPubSubNegotiate @WebPubSubNegotiate} endpoint gets from its
 * {@code Authentication}, before the annotation's own roles and groups are added. The
 * default, {@link AuthorityClientPermissionsResolver}, maps authorities through
 * {@code webpubsub.negotiate.authority-roles} and
 * {@code webpubsub.negotiate.authority-groups}; define a bean of this type for anything
 * richer, such as groups from a database or a claim.
 *
 * <pre class="code">
 * &#64;Bean
 * ClientPermissionsResolver tenantGroups(TenantDirectory tenants) {
 *     return (authentication, userId) -&gt; ClientPermissions.of(List.of(),
 *             List.of("tenant-" + tenants.tenantOf(authentication.getName())));
 * }
 * </pre>
 */
@FunctionalInterface
public interface ClientPermissionsResolver {

    /**
     * Returns the roles and groups of a caller.
     * @param authentication the caller's authentication; Spring Security's anonymous
     * authentication for an anonymous caller of an endpoint that allows them
     * @param userId the caller's user id, or {@code null} for an anonymous caller
     * @return the permissions; {@link ClientPermissions#NONE} for none
     * @throws IllegalArgumentException if a value derived from the caller makes a role or
     * group invalid; the caller is answered 400
     */
    ClientPermissions resolve(Authentication authentication, @Nullable String userId);

}
