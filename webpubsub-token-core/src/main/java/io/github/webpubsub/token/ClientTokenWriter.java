package io.github.webpubsub.token;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import io.github.webpubsub.token.support.JsonStrings;
import org.jspecify.annotations.Nullable;

/**
 * Writes a client access token as a JWS in compact serialization (RFC 7515, section 7.1):
 * {@code BASE64URL(header) '.' BASE64URL(claims) '.' BASE64URL(HS256 signature)}.
 *
 * <p>
 * The header is the fixed {@code {"alg":"HS256","typ":"JWT"}} (no {@code kid}); the
 * claims are {@code aud} (a JSON string), {@code iat}, {@code exp}, then {@code sub},
 * {@code role} and {@code webpubsub.group} when present. The JSON is written here rather
 * than through a general serializer because its shape is fixed and every value has
 * already been validated; jjwt computes the signature.
 */
final class ClientTokenWriter {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private static final byte[] ENCODED_HEADER = BASE64URL
        .encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.US_ASCII));

    /** An HS256 signature is 32 bytes, 43 characters in unpadded base64url. */
    private static final int ENCODED_SIGNATURE_LENGTH = 43;

    private ClientTokenWriter() {
    }

    /**
     * Writes and signs a token.
     * @param signer the signer holding the access key
     * @param audience the {@code aud} claim
     * @param issuedAt the {@code iat} claim, in seconds since the epoch
     * @param expiresAt the {@code exp} claim, in seconds since the epoch
     * @param userId the {@code sub} claim, or {@code null} for an anonymous client
     * @param roles the {@code role} claim, omitted when empty
     * @param groups the {@code webpubsub.group} claim, omitted when empty
     * @return the compact JWS
     */
    static String write(AccessKeySigner signer, String audience, long issuedAt, long expiresAt, @Nullable String userId,
            List<String> roles, List<String> groups) {
        byte[] claims = claimsJson(audience, issuedAt, expiresAt, userId, roles, groups)
            .getBytes(StandardCharsets.UTF_8);
        byte[] encodedClaims = BASE64URL.encode(claims);
        // One buffer of the final size: the signing input is signed in place, then the
        // signature is appended.
        int signingInputLength = ENCODED_HEADER.length + 1 + encodedClaims.length;
        byte[] token = new byte[signingInputLength + 1 + ENCODED_SIGNATURE_LENGTH];
        System.arraycopy(ENCODED_HEADER, 0, token, 0, ENCODED_HEADER.length);
        token[ENCODED_HEADER.length] = '.';
        System.arraycopy(encodedClaims, 0, token, ENCODED_HEADER.length + 1, encodedClaims.length);
        byte[] encodedSignature = BASE64URL.encode(signer.sign(token, signingInputLength));
        token[signingInputLength] = '.';
        System.arraycopy(encodedSignature, 0, token, signingInputLength + 1, ENCODED_SIGNATURE_LENGTH);
        return new String(token, StandardCharsets.US_ASCII);
    }

    static String claimsJson(String audience, long issuedAt, long expiresAt, @Nullable String userId,
            List<String> roles, List<String> groups) {
        StringBuilder json = new StringBuilder(128 + audience.length());
        json.append("{\"aud\":");
        JsonStrings.appendQuoted(json, audience);
        json.append(",\"iat\":").append(issuedAt);
        json.append(",\"exp\":").append(expiresAt);
        if (userId != null) {
            json.append(",\"sub\":");
            JsonStrings.appendQuoted(json, userId);
        }
        appendArray(json, "role", roles);
        appendArray(json, "webpubsub.group", groups);
        return json.append('}').toString();
    }

    private static void appendArray(StringBuilder json, String name, List<String> values) {
        if (values.isEmpty()) {
            return;
        }
        json.append(",\"").append(name).append("\":[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            JsonStrings.appendQuoted(json, values.get(i));
        }
        json.append(']');
    }

}
