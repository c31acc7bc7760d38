package io.github.webpubsub.token;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.webpubsub.token.TokenIssuer.TokenClaims;

/**
 * The address of the service's Generate Client Token operation for one set of claims:
 * {@code POST <endpoint>/api/hubs/<hub>/:generateToken?api-version=2024-01-01&userId=..&minutesToExpire=..&role=..
 * &group=..&clientType=..}.
 */
final class GenerateTokenRequest {

    /** The REST API version this client speaks. */
    static final String API_VERSION = "2024-01-01";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private GenerateTokenRequest() {
    }

    /**
     * Returns the address to call.
     * @param restEndpoint the endpoint the call goes to (the service, or the reverse
     * proxy in front of it)
     * @param claims what the token must say
     * @return the absolute URI, with every query value percent-encoded
     */
    static URI uri(ServiceEndpoint restEndpoint, TokenClaims claims) {
        StringBuilder query = new StringBuilder(128).append("api-version=").append(API_VERSION);
        if (claims.userId() != null) {
            appendParameter(query, "userId", claims.userId());
        }
        appendParameter(query, "minutesToExpire", Long.toString(minutesToExpire(claims.lifetime())));
        for (String role : claims.roles()) {
            appendParameter(query, "role", role);
        }
        for (String group : claims.groups()) {
            appendParameter(query, "group", group);
        }
        appendParameter(query, "clientType", claims.protocol().clientType());
        // The hub name is letters, digits and underscores only, so it needs no encoding
        // in the path.
        URI operation = restEndpoint.base().resolve("api/hubs/" + claims.hub() + "/:generateToken");
        return URI.create(operation + "?" + query);
    }

    /**
     * Returns a lifetime in whole minutes, rounded up and at least one, so that the
     * service's token lives at least as long as asked (the official Java SDK truncates,
     * which turns 90 seconds into 1 minute and 30 seconds into 0).
     */
    static long minutesToExpire(Duration lifetime) {
        long seconds = TokenLifetimes.ceilSeconds(lifetime);
        return Math.max(1, (seconds + 59) / 60);
    }

    /**
     * Percent-encodes a query value as UTF-8, keeping only the unreserved characters of
     * RFC 3986. Unlike {@link java.net.URLEncoder}, a space becomes {@code %20}, not
     * {@code +}, which a server would read as a plus.
     */
    static String percentEncode(String value) {
        StringBuilder encoded = null;
        for (int i = 0; i < value.length(); i++) {
            if (!isUnreserved(value.charAt(i))) {
                encoded = new StringBuilder(value.length() + 16).append(value, 0, i);
                for (byte b : value.substring(i).getBytes(StandardCharsets.UTF_8)) {
                    char c = (char) (b & 0xFF);
                    if (isUnreserved(c)) {
                        encoded.append(c);
                    }
                    else {
                        encoded.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
                    }
                }
                break;
            }
        }
        return (encoded != null) ? encoded.toString() : value;
    }

    private static void appendParameter(StringBuilder query, String name, String value) {
        query.append('&').append(name).append('=').append(percentEncode(value));
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                || c == '_' || c == '~';
    }

}
