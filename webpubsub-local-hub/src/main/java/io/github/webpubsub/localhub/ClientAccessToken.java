package io.github.webpubsub.localhub;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.webpubsub.token.InvalidClientAccessRequestException;
import io.github.webpubsub.token.WebPubSubRole;
import io.github.webpubsub.token.WebPubSubRole.Permission;
import org.jspecify.annotations.Nullable;

/**
 * A client access token, verified as the service verifies it, for tests and tools: decode
 * the URL a server handed out, check that the access key signed it, and look at whom and
 * what it admits.
 *
 * <p>
 * {@link #verify(String, String)} accepts only what the service accepts: a compact JWS
 * signed with HS256 and the UTF-8 bytes of the access key, an {@code exp} that has not
 * passed (30 seconds of clock skew allowed), and an {@code aud} that is the address the
 * URL dials ({@code wss} read as {@code https}, {@code ws} as {@code http}).
 *
 * <pre>{@code
 * ClientAccessToken token = ClientAccessToken.verify(negotiated.url(), accessKey);
 * assertThat(token.userId()).isEqualTo("alice");
 * assertThat(token.roles()).containsExactly("webpubsub.sendToGroup.lobby");
 * assertThat(token.groups()).containsExactly("user-alice");
 * assertThat(token.grants(Permission.SEND_TO_GROUP, "lobby")).isTrue();
 * }</pre>
 *
 * <p>
 * {@link #toString()} shows the claims, never the token.
 */
public final class ClientAccessToken {

    private static final String ACCESS_TOKEN = "access_token";

    private final String token;

    private final URI audience;

    private final SignedTokens.Decoded decoded;

    private ClientAccessToken(String token, URI audience, SignedTokens.Decoded decoded) {
        this.token = token;
        this.audience = audience;
        this.decoded = decoded;
    }

    /**
     * Verifies the token of a Client Access URL against the system clock.
     * @param clientAccessUrl the URL, such as
     * {@code wss://example.webpubsub.azure.com/client/hubs/chat?access_token=...}
     * @param accessKey the access key that must have signed it
     * @return the verified token
     * @throws InvalidAccessTokenException if the service would refuse the token; the
     * message says why
     * @throws IllegalArgumentException if the URL is malformed or carries no
     * {@code access_token}
     */
    public static ClientAccessToken verify(String clientAccessUrl, String accessKey) {
        return verify(clientAccessUrl, accessKey, Clock.systemUTC());
    }

    /**
     * Verifies the token of a Client Access URL.
     * @param clientAccessUrl the URL
     * @param accessKey the access key that must have signed it
     * @param clock the clock that decides whether the token has expired
     * @return the verified token
     * @throws InvalidAccessTokenException if the service would refuse the token; the
     * message says why
     * @throws IllegalArgumentException if the URL is malformed or carries no
     * {@code access_token}
     */
    public static ClientAccessToken verify(String clientAccessUrl, String accessKey, Clock clock) {
        URI url = parse(clientAccessUrl);
        String token = queryParameter(url, ACCESS_TOKEN);
        if (token == null) {
            throw InvalidAccessTokenException.missing("the URL has no access_token parameter");
        }
        return verify(token, dialledAddress(url), List.of(accessKey), clock);
    }

    /**
     * Verifies a bare token presented at an address.
     * @param token the compact JWS
     * @param audience the address it must name, such as
     * {@code https://example.webpubsub.azure.com/client/hubs/chat}
     * @param accessKey the access key that must have signed it
     * @param clock the clock that decides whether the token has expired
     * @return the verified token
     * @throws InvalidAccessTokenException if the service would refuse the token; the
     * message says why
     */
    public static ClientAccessToken verify(String token, URI audience, String accessKey, Clock clock) {
        return verify(token, audience, List.of(accessKey), clock);
    }

    static ClientAccessToken verify(@Nullable String token, URI audience, List<String> keys, Clock clock) {
        if (token == null || token.isBlank()) {
            throw InvalidAccessTokenException.missing("pass it as the access_token query parameter or an "
                    + "'Authorization: Bearer' header, as in the Client Access URL the server issued");
        }
        SignedTokens.Decoded decoded = SignedTokens.verify(token, keys, clock);
        Audience.require(decoded.claims().get("aud"), audience);
        return new ClientAccessToken(token, audience, decoded);
    }

    /**
     * Returns the user the token connects as.
     * @return the {@code sub} claim, or {@code null} for an anonymous client
     */
    public @Nullable String userId() {
        return (this.decoded.claims().get("sub") instanceof String subject) ? subject : null;
    }

    /**
     * Returns the roles, as the token spells them.
     * @return the {@code role} claim; empty if there is none
     */
    public List<String> roles() {
        return Audience.strings(this.decoded.claims().get("role"));
    }

    /**
     * Returns the groups the client joins when it connects.
     * @return the {@code webpubsub.group} claim; empty if there is none
     */
    public List<String> groups() {
        return Audience.strings(this.decoded.claims().get("webpubsub.group"));
    }

    /**
     * Tells whether one of the token's roles gives a permission on a group, as the
     * service decides it. Strings that are no role grant nothing, as with the service.
     * @param permission the permission
     * @param group the group
     * @return {@code true} if the client may do that
     */
    public boolean grants(Permission permission, String group) {
        return webPubSubRoles().stream().anyMatch((role) -> role.grants(permission, group));
    }

    /**
     * Returns the roles the service recognises; strings that are no role are left out, as
     * the service ignores them.
     * @return the roles
     */
    public List<WebPubSubRole> webPubSubRoles() {
        List<WebPubSubRole> roles = new ArrayList<>();
        for (String value : roles()) {
            try {
                roles.add(WebPubSubRole.parse(value));
            }
            catch (InvalidClientAccessRequestException ex) {
                // Not a role: the service ignores it, so the client simply lacks that
                // permission.
            }
        }
        return List.copyOf(roles);
    }

    /**
     * Returns the address the token was verified for.
     * @return for example {@code https://example.webpubsub.azure.com/client/hubs/chat}
     */
    public URI audience() {
        return this.audience;
    }

    /**
     * Returns the hub the token is for: the last segment of its audience.
     * @return for example {@code chat}
     */
    public String hub() {
        String path = this.audience.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * Returns when the token was issued.
     * @return the {@code iat} claim, or {@code null} if it has none
     */
    public @Nullable Instant issuedAt() {
        return instant("iat");
    }

    /**
     * Returns when the token expires.
     * @return the {@code exp} claim
     */
    public Instant expiresAt() {
        Instant expiry = instant("exp");
        if (expiry == null) {
            throw new IllegalStateException("A verified token has an exp claim");
        }
        return expiry;
    }

    private @Nullable Instant instant(String claim) {
        return (this.decoded.claims().get(claim) instanceof Number seconds) ? Instant.ofEpochSecond(seconds.longValue())
                : null;
    }

    /**
     * Returns the JOSE header, for checks on its exact contents ({@code alg},
     * {@code typ}, no {@code kid}).
     * @return the header's members as JSON values
     */
    public Map<String, Object> header() {
        return this.decoded.header();
    }

    /**
     * Returns all claims as JSON values: an {@code aud} string stays a string, numbers
     * stay numbers, arrays are lists.
     * @return the claims, in the token's order
     */
    public Map<String, Object> claims() {
        return this.decoded.claims();
    }

    /**
     * Returns the token itself. Treat it as a secret: it admits its holder until it
     * expires.
     * @return the compact JWS
     */
    public String token() {
        return this.token;
    }

    /**
     * Returns the address a Client Access URL dials, as its tokens name it: {@code wss}
     * as {@code https}, {@code ws} as {@code http}, without the query.
     */
    static URI dialledAddress(URI url) {
        String scheme = switch (String.valueOf(url.getScheme()).toLowerCase(Locale.ROOT)) {
            case "wss", "https" -> "https";
            case "ws", "http" -> "http";
            default -> throw new IllegalArgumentException(
                    "A Client Access URL starts with wss://, ws://, https:// or http://");
        };
        // Raw parts of an already parsed URI are safe to join.
        return URI.create(scheme + "://" + url.getRawAuthority() + url.getRawPath());
    }

    private static URI parse(String url) {
        try {
            URI uri = new URI(url);
            if (!uri.isAbsolute() || uri.getRawAuthority() == null) {
                throw new IllegalArgumentException("A Client Access URL is absolute, such as "
                        + "wss://example.webpubsub.azure.com/client/hubs/chat?access_token=...");
            }
            return uri;
        }
        catch (URISyntaxException ex) {
            // The exception's message quotes the input, which holds the token.
            throw new IllegalArgumentException(
                    "The Client Access URL is not a valid URI (error at index " + ex.getIndex() + ")");
        }
    }

    /** Returns the first value of a query parameter, percent-decoded, or {@code null}. */
    static @Nullable String queryParameter(URI uri, String name) {
        String query = uri.getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = (equals >= 0) ? pair.substring(0, equals) : pair;
            if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
                return (equals >= 0) ? URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8) : "";
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "ClientAccessToken[audience=" + this.audience + ", userId=" + userId() + ", roles=" + roles()
                + ", groups=" + groups() + ", expiresAt=" + instant("exp") + "]";
    }

}
