package io.github.webpubsub.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.Jwts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads and checks client access tokens without the production code: Jackson decodes the
 * JSON, {@code javax.crypto.Mac} recomputes the signature over the token's own signing
 * input, and jjwt's parser, pinned to HS256, verifies it again.
 */
final class ClientTokens {

    /** Compact JWS: three unpadded base64url segments. */
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    /**
     * Strict: a hand-written JSON writer must not produce duplicate names or trailing
     * garbage.
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();

    private ClientTokens() {
    }

    /**
     * Splits and decodes a token, failing the test if it is not a compact JWS.
     */
    static DecodedToken decode(String token) {
        assertThat(token).as("compact JWS").matches(COMPACT_JWS);
        String[] parts = token.split("\\.");
        try {
            return new DecodedToken(readObject(parts[0]), readObject(parts[1]),
                    new String(base64Url(parts[0]), StandardCharsets.UTF_8), parts[0] + "." + parts[1],
                    base64Url(parts[2]));
        }
        catch (JsonProcessingException ex) {
            throw new AssertionError("Token segment is not a JSON object: " + ex.getOriginalMessage(), ex);
        }
    }

    /**
     * Tells whether a token's signature is HMAC-SHA256 of its first two segments, keyed
     * with the given bytes.
     */
    static boolean isSignedWith(String token, byte[] hmacKey) {
        DecodedToken decoded = decode(token);
        byte[] expected = hmacSha256(hmacKey, decoded.signingInput().getBytes(StandardCharsets.US_ASCII));
        return MessageDigest.isEqual(expected, decoded.signature());
    }

    /**
     * Tells whether a token's signature is HMAC-SHA256 keyed with the UTF-8 bytes of an
     * access key.
     */
    static boolean isSignedWith(String token, String accessKey) {
        return isSignedWith(token, accessKey.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Verifies a token independently twice (raw {@code Mac}, then jjwt pinned to HS256)
     * and returns its claims.
     * @param now the moment the token is checked at, so that tokens from a fixed clock
     * are not expired
     */
    static ObjectNode verifiedClaims(String token, String accessKey, Instant now) {
        assertThat(isSignedWith(token, accessKey)).as("HMAC-SHA256 over the signing input with the UTF-8 key bytes")
            .isTrue();
        Jws<Claims> jws = Jwts.parser()
            .sig()
            .clear()
            .add(Jwts.SIG.HS256)
            .and()
            .verifyWith(new SecretKeySpec(accessKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
            .clock(() -> Date.from(now))
            .build()
            .parseSignedClaims(token);
        assertThat(jws.getHeader().getAlgorithm()).isEqualTo("HS256");
        return decode(token).claims();
    }

    /**
     * Returns the strings of a JSON array claim, failing the test if it is not an array
     * of strings.
     */
    static List<String> texts(JsonNode array) {
        assertThat(array).as("claim").isNotNull();
        assertThat(array.isArray()).as("a JSON array: %s", array).isTrue();
        List<String> texts = new ArrayList<>();
        array.forEach(element -> {
            assertThat(element.isTextual()).as("a JSON string: %s", element).isTrue();
            texts.add(element.asText());
        });
        return texts;
    }

    static byte[] hmacSha256(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static ObjectNode readObject(String base64UrlJson) throws JsonProcessingException {
        return (ObjectNode) JSON.readTree(new String(base64Url(base64UrlJson), StandardCharsets.UTF_8));
    }

    static ObjectNode json(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        }
        catch (JsonProcessingException ex) {
            throw new IllegalArgumentException(ex);
        }
    }

    private static byte[] base64Url(String segment) {
        return Base64.getUrlDecoder().decode(segment);
    }

    /**
     * A token taken apart.
     *
     * @param header the decoded header
     * @param claims the decoded claims
     * @param headerJson the header exactly as encoded
     * @param signingInput the first two segments with their dot, as signed
     * @param signature the decoded signature
     */
    record DecodedToken(ObjectNode header, ObjectNode claims, String headerJson, String signingInput,
            byte[] signature) {
    }

}
