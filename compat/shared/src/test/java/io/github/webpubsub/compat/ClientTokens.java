package io.github.webpubsub.compat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks client tokens independently of the code under test: the HS256 signature
 * recomputed with {@link Mac} over the UTF-8 bytes of the access key, then the decoded
 * claims.
 */
final class ClientTokens {

    /** The key of application.yml. */
    static final String ACCESS_KEY = "LMUHyXTmEmGQCOHY8OwZn0yadpYcZ+4gmniPYXN0JXY=";

    static final String ENDPOINT = "https://contoso.webpubsub.azure.com";

    private ClientTokens() {
    }

    /** Verifies a token's header and signature and returns its claims. */
    static Map<String, Object> verifiedClaims(String token) {
        String[] parts = token.split("\\.", -1);
        assertThat(parts).hasSize(3);
        assertThat(RunningApplication.json(decode(parts[0]))).containsOnly(Map.entry("alg", "HS256"),
                Map.entry("typ", "JWT"));
        assertThat(parts[2]).as("signature").isEqualTo(hs256(parts[0] + "." + parts[1]));
        return claims(token);
    }

    /** Decodes a token's claims without checking it. */
    static Map<String, Object> claims(String token) {
        return RunningApplication.json(decode(token.split("\\.", -1)[1]));
    }

    private static String decode(String base64Url) {
        return new String(Base64.getUrlDecoder().decode(base64Url), StandardCharsets.UTF_8);
    }

    private static String hs256(String signingInput) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(ACCESS_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

}
