package io.github.webpubsub.token;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import io.github.webpubsub.token.TokenIssuer.IssuedToken;
import io.github.webpubsub.token.WebPubSubServiceException.Reason;

/**
 * Reads the service's successful answer, {@code {"token":"<jwt>"}}, into a token and its
 * expiry. Anything else is refused: the factory never hands out a URL without a
 * well-formed token.
 */
final class GenerateTokenResponse {

    /** The largest answer read; a real one is well under 2 KiB. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    /**
     * Latest {@code exp} accepted (year 9999), so that a garbage number cannot overflow
     * {@link Instant}.
     */
    private static final long MAX_EPOCH_SECOND = 253_402_300_799L;

    private GenerateTokenResponse() {
    }

    /**
     * Reads an answer.
     * @param status the HTTP status, for the message
     * @param body the body, at most {@link #MAX_BODY_BYTES}
     * @return the token and its {@code exp}
     * @throws WebPubSubServiceException with {@link Reason#MALFORMED_RESPONSE} if the
     * answer holds no well-formed token
     */
    static IssuedToken parse(int status, byte[] body) {
        Map<String, ?> json = (body != null && body.length > 0) ? ServiceJson.parseObject(body) : null;
        if (json == null) {
            throw malformed(status, "the body is not a JSON object");
        }
        Object token = json.get("token");
        if (!(token instanceof String jwt)) {
            throw malformed(status, (token == null) ? "the body has no 'token'" : "'token' is not a string");
        }
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3 || !isBase64Url(parts[0]) || !isBase64Url(parts[1]) || !isBase64Url(parts[2])) {
            throw malformed(status, "the token is not a JWT of three base64url parts");
        }
        Map<String, ?> payload = ServiceJson.parseObject(Base64.getUrlDecoder().decode(parts[1]));
        Object exp = (payload != null) ? payload.get("exp") : null;
        if (!(exp instanceof Number number)) {
            throw malformed(status, "the token's payload has no numeric 'exp'");
        }
        return new IssuedToken(jwt, Instant.ofEpochSecond(epochSecond(status, number)));
    }

    private static long epochSecond(int status, Number exp) {
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(exp.toString());
        }
        catch (NumberFormatException ex) {
            // An infinite or NaN double.
            seconds = BigDecimal.ZERO;
        }
        if (seconds.signum() <= 0 || seconds.compareTo(BigDecimal.valueOf(MAX_EPOCH_SECOND)) > 0) {
            throw malformed(status, "the token's 'exp' is not a time between 1970 and 9999");
        }
        // A NumericDate may have a fraction (RFC 7519, section 2): dropping it reports
        // the expiry early, never late.
        return seconds.longValue();
    }

    /**
     * Whether a JWT part is non-empty unpadded base64url that decodes: only these
     * characters keep the client URL valid without encoding.
     */
    private static boolean isBase64Url(String part) {
        if (part.isEmpty() || part.length() % 4 == 1) {
            return false;
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            boolean allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    private static WebPubSubServiceException malformed(int status, String what) {
        return new WebPubSubServiceException(Reason.MALFORMED_RESPONSE, status,
                "The Web PubSub service answered HTTP " + status + " without a usable client token: " + what
                        + ". Check that the endpoint (or the reverse "
                        + "proxy) routes to the Web PubSub service's REST API.");
    }

}
