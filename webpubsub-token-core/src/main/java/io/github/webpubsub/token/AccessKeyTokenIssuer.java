package io.github.webpubsub.token;

import java.time.Clock;
import java.time.Instant;

/**
 * Signs tokens locally with the access key.
 */
final class AccessKeyTokenIssuer implements TokenIssuer {

    private final AccessKeySigner signer;

    private final Clock clock;

    AccessKeyTokenIssuer(AccessKeySigner signer, Clock clock) {
        this.signer = signer;
        this.clock = clock;
    }

    @Override
    public IssuedToken issue(TokenClaims claims) {
        // Epoch seconds from the clock's instant: no time zone is involved, so DST changes cannot shift them.
        long issuedAt = this.clock.instant().getEpochSecond();
        long expiresAt = issuedAt + TokenLifetimes.ceilSeconds(claims.lifetime());
        String token = ClientTokenWriter.write(this.signer, claims.audience().toString(), issuedAt, expiresAt,
                claims.userId(), claims.roles(), claims.groups());
        return new IssuedToken(token, Instant.ofEpochSecond(expiresAt));
    }

    @Override
    public String toString() {
        return "AccessKeyTokenIssuer[key=******]";
    }

}
