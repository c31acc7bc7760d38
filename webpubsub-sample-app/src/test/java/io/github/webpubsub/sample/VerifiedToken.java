package io.github.webpubsub.sample;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client access token whose HS256 signature was checked with the JDK's own {@link Mac} and the test key, without
 * the project's code or jjwt, and whose header and claims are then read as JSON.
 *
 * @param header the decoded header
 * @param claims the decoded claims
 */
public record VerifiedToken(JsonNode header, JsonNode claims) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Checks a token's signature with {@link RunningSampleTests#KEY} and decodes it.
     * @param token a JWS in compact form
     * @return its header and claims
     */
    public static VerifiedToken verify(String token) {
        String[] parts = token.split("\\.");
        assertThat(parts).as("a JWS has three parts").hasSize(3);
        byte[] expected = hmacSha256(RunningSampleTests.KEY, parts[0] + "." + parts[1]);
        assertThat(MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2])))
            .as("HS256 signature with the sample's access key").isTrue();
        return new VerifiedToken(decode(parts[0]), decode(parts[1]));
    }

    /** Returns the text values of an array claim, or an empty list if the claim is absent. */
    public List<String> strings(String claim) {
        return this.claims.path(claim).valueStream().map(JsonNode::asString).toList();
    }

    private static JsonNode decode(String part) {
        return JSON.readTree(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
    }

    private static byte[] hmacSha256(String key, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.US_ASCII));
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

}
