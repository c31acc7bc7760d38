package io.github.webpubsub.spring.negotiate;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;

/**
 * Decides the user id (the token's {@code sub}) of an authenticated caller of a
 * {@link WebPubSubNegotiate @WebPubSubNegotiate} endpoint. The default is
 * {@link Authentication#getName()}; define a bean of this type to take it from elsewhere,
 * such as a claim of a JWT or OIDC principal.
 *
 * <pre class="code">
 * &#64;Bean
 * NegotiateUserIdResolver objectIdAsUserId() {
 *     return (authentication) -&gt; (authentication.getPrincipal() instanceof Jwt jwt)
 *             ? jwt.getClaimAsString("oid") : authentication.getName();
 * }
 * </pre>
 */
@FunctionalInterface
public interface NegotiateUserIdResolver {

    /**
     * Returns the user id of an authenticated caller; never called for anonymous ones.
     * @param authentication the caller's authentication
     * @return the user id: up to 1024 characters, not blank, no control characters;
     * {@code null} if the caller has none, which refuses the caller with 403 (or, where
     * anonymous callers are allowed, serves it as one)
     */
    @Nullable String resolveUserId(Authentication authentication);

    /**
     * Returns the default resolver, {@link Authentication#getName()}.
     * @return the resolver
     */
    static NegotiateUserIdResolver authenticationName() {
        return Authentication::getName;
    }

}
