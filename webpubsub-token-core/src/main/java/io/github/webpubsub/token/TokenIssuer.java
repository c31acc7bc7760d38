package io.github.webpubsub.token;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * How a factory obtains the token itself: signed locally with the access key, or minted by the service.
 */
interface TokenIssuer {

    IssuedToken issue(TokenClaims claims);

    /**
     * What the token must say. Every value is already validated.
     */
    record TokenClaims(String hub, ClientProtocol protocol, URI audience, String userId, java.util.List<String> roles,
            java.util.List<String> groups, Duration lifetime) {
    }

    /**
     * A token and its {@code exp} claim.
     */
    record IssuedToken(String token, Instant expiresAt) {

        @Override
        public String toString() {
            return "IssuedToken[token=******, expiresAt=" + this.expiresAt + "]";
        }

    }

}
