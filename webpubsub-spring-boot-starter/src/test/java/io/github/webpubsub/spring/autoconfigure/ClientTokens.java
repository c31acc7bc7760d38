package io.github.webpubsub.spring.autoconfigure;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;

import io.github.webpubsub.localhub.ClientAccessToken;
import io.github.webpubsub.localhub.InvalidAccessTokenException;
import io.github.webpubsub.token.ClientAccess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the client access tokens the starter issues with the local hub's
 * {@link ClientAccessToken}, which verifies them as the service does (HS256 with the
 * UTF-8 bytes of the access key, the audience the URL dials), and reads their claims.
 */
final class ClientTokens {

    /** Shaped like a real access key: base64 of 32 random bytes, 44 characters. */
    static final String ACCESS_KEY = "LMUHyXTmEmGQCOHY8OwZn0yadpYcZ+4gmniPYXN0JXY=";

    /** A second real-looking key, for the settings that must lose. */
    static final String OTHER_ACCESS_KEY = "Za+U6nYKQBBAv4tVzx875d2Ffff2Xpk5ckBH+NBxtJg=";

    static final String ENDPOINT = "https://contoso.webpubsub.azure.com";

    static final String CONNECTION_STRING = "Endpoint=" + ENDPOINT + ";AccessKey=" + ACCESS_KEY + ";Version=1.0;";

    private ClientTokens() {
    }

    /**
     * Verifies the token's header, signature and audience with the given key and returns
     * its claims.
     */
    static Map<String, Object> verifiedClaims(ClientAccess access, String accessKey) {
        ClientAccessToken token = verify(access, accessKey);
        assertThat(token.header()).containsOnly(Map.entry("alg", "HS256"), Map.entry("typ", "JWT"));
        return token.claims();
    }

    /**
     * Tells whether the token's signature is HS256 with the given key.
     */
    static boolean isSignedWith(ClientAccess access, String accessKey) {
        try {
            verify(access, accessKey);
            return true;
        }
        catch (InvalidAccessTokenException ex) {
            if (ex.reason() != InvalidAccessTokenException.Reason.SIGNATURE) {
                throw ex;
            }
            return false;
        }
    }

    /**
     * Returns the token's lifetime in seconds, {@code exp - iat}.
     */
    static long lifetimeSeconds(Map<String, Object> claims) {
        return ((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue();
    }

    /**
     * Verified as at a second before expiry, so that tokens issued by fixed test clocks
     * are still valid.
     */
    private static ClientAccessToken verify(ClientAccess access, String accessKey) {
        return ClientAccessToken.verify(access.urlText(), accessKey,
                Clock.fixed(access.expiresAt().minusSeconds(1), ZoneOffset.UTC));
    }

}
