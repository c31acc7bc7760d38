package io.github.webpubsub.token;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * How a factory obtains the token itself: signed locally with the access key, or minted
 * by the service.
 */
interface TokenIssuer {

    /**
     * Issues a token, waiting for it on the calling thread.
     * @throws InvalidClientAccessRequestException or {@link WebPubSubServiceException} if
     * no token can be issued
     */
    IssuedToken issue(TokenClaims claims);

    /**
     * Issues a token without waiting on the calling thread.
     * @return a future that fails with the exception {@link #issue} would throw, as it is
     * (not wrapped)
     */
    CompletableFuture<IssuedToken> issueAsync(TokenClaims claims);

    /**
     * Whether {@link #issue} only computes (signing with a key takes microseconds): a
     * factory then calls it on the calling thread even when asked for a future.
     */
    boolean isLocal();

    /**
     * What the token must say. Every value is already validated.
     */
    record TokenClaims(String hub, ClientProtocol protocol, URI audience, @Nullable String userId,
            java.util.List<String> roles, java.util.List<String> groups, Duration lifetime) {
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
