package io.github.webpubsub.spring.negotiate;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;

import io.github.webpubsub.localhub.ClientAccessToken;

import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the tokens that negotiate endpoints hand out with the local hub's
 * {@link ClientAccessToken}: the HS256 signature with the UTF-8 bytes of the access key,
 * then the decoded claims. The audience is the callers' to check.
 */
final class NegotiateTokens {

    /** The key of negotiate.yml; shaped like a real access key, 44 characters. */
    static final String ACCESS_KEY = "LMUHyXTmEmGQCOHY8OwZn0yadpYcZ+4gmniPYXN0JXY=";

    static final String ENDPOINT = "https://contoso.webpubsub.azure.com";

    static final String CONNECTION_STRING = "Endpoint=" + ENDPOINT + ";AccessKey=" + ACCESS_KEY + ";Version=1.0;";

    private NegotiateTokens() {
    }

    /**
     * Verifies a token's header and signature and returns its claims.
     */
    static Map<String, Object> verifiedClaims(String token) {
        Map<String, Object> unverified = json(
                new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
        // Verified for the audience it names (checked by the callers), as at a second
        // before it expires.
        ClientAccessToken verified = ClientAccessToken.verify(token, URI.create((String) unverified.get("aud")),
                ACCESS_KEY,
                Clock.fixed(Instant.ofEpochSecond(((Number) unverified.get("exp")).longValue() - 1), ZoneOffset.UTC));
        assertThat(verified.header()).containsOnly(Map.entry("alg", "HS256"), Map.entry("typ", "JWT"));
        return verified.claims();
    }

    static Map<String, Object> json(String json) {
        return JsonParserFactory.getJsonParser().parseMap(json);
    }

}
