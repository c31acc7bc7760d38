package io.github.webpubsub.token;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Signs tokens locally with the access key of a credential, which may be replaced while
 * tokens are being issued.
 */
final class AccessKeyTokenIssuer implements TokenIssuer {

    private final AccessKeyCredential credential;

    private final Clock clock;

    AccessKeyTokenIssuer(AccessKeyCredential credential, Clock clock) {
        this.credential = credential;
        this.clock = clock;
    }

    @Override
    public IssuedToken issue(TokenClaims claims) {
        // One read of the current key: the whole token is signed with it, even if the key
        // is replaced meanwhile.
        AccessKeySigner signer = this.credential.signer();
        // Epoch seconds from the clock's instant: no time zone is involved, so DST
        // changes cannot shift them.
        long issuedAt = this.clock.instant().getEpochSecond();
        long expiresAt = issuedAt + TokenLifetimes.ceilSeconds(claims.lifetime());
        String token = ClientTokenWriter.write(signer, claims.audience().toString(), issuedAt, expiresAt,
                claims.userId(), claims.roles(), claims.groups());
        return new IssuedToken(token, Instant.ofEpochSecond(expiresAt));
    }

    @Override
    public CompletableFuture<IssuedToken> issueAsync(TokenClaims claims) {
        try {
            return CompletableFuture.completedFuture(issue(claims));
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }

    @Override
    public boolean isLocal() {
        return true;
    }

    @Override
    public String toString() {
        return "AccessKeyTokenIssuer[key=******]";
    }

}
