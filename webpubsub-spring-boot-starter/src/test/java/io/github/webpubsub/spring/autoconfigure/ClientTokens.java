package io.github.webpubsub.spring.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.github.webpubsub.token.ClientAccess;

import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks a client access token independently of the code under test: its header, its HS256 signature recomputed with
 * {@link Mac} over the UTF-8 bytes of the access key, and its claims.
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
     * Verifies the token's header and signature with the given key and returns its claims.
     */
    static Map<String, Object> verifiedClaims(ClientAccess access, String accessKey) {
        String[] parts = access.token().split("\\.", -1);
        assertThat(parts).hasSize(3);
        assertThat(json(parts[0])).containsOnly(Map.entry("alg", "HS256"), Map.entry("typ", "JWT"));
        assertThat(parts[2]).as("signature").isEqualTo(hs256(accessKey, parts[0] + "." + parts[1]));
        return json(parts[1]);
    }

    /**
     * Tells whether the token's signature is HS256 with the given key.
     */
    static boolean isSignedWith(ClientAccess access, String accessKey) {
        String[] parts = access.token().split("\\.", -1);
        return parts.length == 3 && parts[2].equals(hs256(accessKey, parts[0] + "." + parts[1]));
    }

    /**
     * Returns the token's lifetime in seconds, {@code exp - iat}.
     */
    static long lifetimeSeconds(Map<String, Object> claims) {
        return ((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue();
    }

    private static Map<String, Object> json(String base64Url) {
        return JsonParserFactory.getJsonParser()
            .parseMap(new String(Base64.getUrlDecoder().decode(base64Url), StandardCharsets.UTF_8));
    }

    private static String hs256(String accessKey, String signingInput) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(accessKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

}
