package io.github.webpubsub.token;

import java.time.Instant;

/**
 * A Microsoft Entra ID access token and when it expires, as a {@link BearerTokenProvider}
 * returns it. {@link #toString()} masks the token.
 *
 * <pre>{@code
 * BearerToken token = new BearerToken(accessToken.getToken(), accessToken.getExpiresAt().toInstant());
 * }</pre>
 *
 * @param value the access token, sent as {@code Authorization: Bearer <value>}: not
 * blank, no control characters
 * @param expiresAt when the token expires
 */
public record BearerToken(String value, Instant expiresAt) {

    /**
     * Validates the token.
     * @param value the access token: not blank, no control characters
     * @param expiresAt when the token expires
     * @throws IllegalArgumentException if the value is null, blank or has a control
     * character, or the expiry is null
     */
    public BearerToken {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Bearer token value is null or blank. Return the access token that "
                    + "Microsoft Entra ID issued for the scope " + BearerTokenProvider.WEB_PUBSUB_SCOPE + ".");
        }
        for (int i = 0; i < value.length(); i++) {
            // A line break would end the Authorization header early and let the rest pass
            // as other headers.
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException("Bearer token value has a control character at index " + i
                        + ". Return the access token exactly as Microsoft Entra ID issued it.");
            }
        }
        if (expiresAt == null) {
            throw new IllegalArgumentException("Bearer token expiry is null. Give the instant the token expires, "
                    + "for example AccessToken.getExpiresAt().toInstant().");
        }
    }

    @Override
    public String toString() {
        return "BearerToken[value=******, expiresAt=" + this.expiresAt + "]";
    }

}
