package io.github.webpubsub.token;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What a client needs to connect: the Client Access URL, or for Socket.IO clients the
 * endpoint, path and token. Immutable. {@link #toString()} hides the token; treat
 * {@link #url()} and {@link #token()} as secrets: do not log them.
 *
 * <pre>{@code
 * ClientAccess access = factory.create(request -> request.userId("alice").groups("lobby"));
 * URI url = access.url();           // wss://<host>/client/hubs/chat?access_token=eyJ...
 * Instant expiresAt = access.expiresAt();
 * }</pre>
 *
 * <p>
 * Outside a factory, for example to stub {@link ClientUrlFactory} in an application's own
 * tests, create one from a Client Access URL with {@link #of(URI, Instant)}.
 */
public final class ClientAccess {

    private static final String ACCESS_TOKEN = "access_token=";

    private final URI baseUrl;

    private final String token;

    private final Instant expiresAt;

    private final ClientProtocol protocol;

    private final String hub;

    private final ServiceEndpoint endpoint;

    /** {@link #url()}, parsed on first use: most callers want only {@link #urlText()}. */
    private @Nullable URI url;

    ClientAccess(URI baseUrl, String token, Instant expiresAt, ClientProtocol protocol, String hub,
            ServiceEndpoint endpoint) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.expiresAt = expiresAt;
        this.protocol = protocol;
        this.hub = hub;
        this.endpoint = endpoint;
    }

    /**
     * Creates the access that a Client Access URL gives, as a factory would have returned
     * it: for tests that stub {@link ClientUrlFactory}, or a URL copied from the portal.
     *
     * <pre>{@code
     * ClientAccess access = ClientAccess.of(
     *         URI.create("wss://contoso.webpubsub.azure.com/client/hubs/chat?access_token="
     *                 + "eyJhbGciOiJIUzI1NiJ9.e30.c2ln"),
     *         Instant.parse("2030-01-01T00:00:00Z"));
     * access.hub();      // chat
     * access.protocol(); // DEFAULT
     * }</pre>
     * @param url a Client Access URL: {@code ws} or {@code wss}, the hub path of a
     * {@link ClientProtocol} (after any path prefix), and the query
     * {@code access_token=<token>} alone
     * @param expiresAt when the token expires
     * @return the access; its {@link #url()} equals {@code url}
     * @throws IllegalArgumentException if the URL is no Client Access URL; the message
     * never holds the token
     */
    public static ClientAccess of(URI url, Instant expiresAt) {
        Objects.requireNonNull(expiresAt, "expiresAt is null. Give the token's expiry, its exp claim.");
        String fix = " Give a URL such as wss://<name>.webpubsub.azure.com/client/hubs/<hub>?access_token=<token>.";
        if (url == null || !url.isAbsolute() || url.isOpaque() || url.getHost() == null) {
            throw new IllegalArgumentException("The Client Access URL is not an absolute ws(s) URL with a host." + fix);
        }
        String scheme = url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("wss") && !scheme.equals("ws")) {
            throw new IllegalArgumentException("The Client Access URL must use wss (or ws for a local service)." + fix);
        }
        String query = url.getRawQuery();
        String token = (query != null && query.startsWith(ACCESS_TOKEN)) ? query.substring(ACCESS_TOKEN.length()) : "";
        if (token.isEmpty() || !token.chars().allMatch(ClientAccess::isTokenCharacter)
                || url.getRawFragment() != null) {
            throw new IllegalArgumentException("The Client Access URL must end with the query access_token=<token> "
                    + "alone, the token a JWT of base64url parts." + fix);
        }
        String path = (url.getRawPath() != null) ? url.getRawPath() : "";
        for (ClientProtocol protocol : ClientProtocol.values()) {
            String hubPath = protocol.hubPath("");
            int at = path.lastIndexOf("/" + hubPath);
            if (at < 0 || path.indexOf('/', at + hubPath.length() + 1) >= 0) {
                continue;
            }
            String hub = hubOf(path.substring(at + 1 + hubPath.length()), fix);
            URI endpointUri = URI.create(
                    (scheme.equals("wss") ? "https" : "http") + "://" + url.getRawAuthority() + path.substring(0, at));
            ServiceEndpoint endpoint = ServiceEndpoint.of(endpointUri, "The Client Access URL's endpoint");
            return new ClientAccess(endpoint.clientBaseUrl(protocol, hub), token, expiresAt, protocol, hub, endpoint);
        }
        throw new IllegalArgumentException("The Client Access URL's path does not end with the hub path of a client "
                + "protocol (client/hubs/<hub>, clients/mqtt/hubs/<hub> or clients/socketio/hubs/<hub>)." + fix);
    }

    private static String hubOf(String text, String fix) {
        try {
            return ClaimValues.requireValidHub(text);
        }
        catch (InvalidClientAccessRequestException ex) {
            // A malformed URL in a test double is a programming error, not a caller's
            // invalid value.
            throw new IllegalArgumentException("The Client Access URL names an invalid hub: " + ex.getMessage() + fix);
        }
    }

    private static boolean isTokenCharacter(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                || c == '.';
    }

    /**
     * Returns the Client Access URL: the base URL with {@code ?access_token=<token>}.
     * Parsed once, on first use; {@link #urlText()} gives the same text without parsing
     * it.
     * @return for example {@code wss://<host>/client/hubs/chat?access_token=eyJ...}
     */
    public URI url() {
        URI url = this.url;
        if (url == null) {
            // A race parses twice and stores equal values: URI is immutable, so no lock
            // is needed.
            url = URI.create(urlText());
            this.url = url;
        }
        return url;
    }

    /**
     * Returns the Client Access URL as text, equal to {@code url().toString()} but
     * without parsing several hundred characters into a {@link URI}: what a JSON answer
     * or a log-free hand-over to a client needs.
     * @return for example {@code wss://<host>/client/hubs/chat?access_token=eyJ...}
     */
    public String urlText() {
        // The token is base64url and dots only, so it needs no encoding.
        return this.baseUrl + "?" + ACCESS_TOKEN + this.token;
    }

    /**
     * Returns the WebSocket address of the hub, without the token.
     * @return for example {@code wss://<host>/client/hubs/chat}
     */
    public URI baseUrl() {
        return this.baseUrl;
    }

    /**
     * Returns the client access token, a JWT.
     * @return the token
     */
    public String token() {
        return this.token;
    }

    /**
     * Returns when the token expires (its {@code exp} claim).
     * @return the expiry, in whole seconds
     */
    public Instant expiresAt() {
        return this.expiresAt;
    }

    /**
     * Returns the protocol the token was issued for.
     * @return the protocol
     */
    public ClientProtocol protocol() {
        return this.protocol;
    }

    /**
     * Returns the hub the token was issued for.
     * @return the hub name
     */
    public String hub() {
        return this.hub;
    }

    /**
     * Returns the HTTP origin of the service, what a Socket.IO client takes as its
     * endpoint.
     * @return for example {@code https://<host>/}
     */
    public URI endpoint() {
        return this.endpoint.origin();
    }

    /**
     * Returns the path of the hub on the service, what a Socket.IO client takes as its
     * {@code path} option.
     * @return for example {@code /clients/socketio/hubs/chat}
     */
    public String path() {
        return this.baseUrl.getRawPath();
    }

    @Override
    public boolean equals(Object other) {
        return (other instanceof ClientAccess that) && this.baseUrl.equals(that.baseUrl)
                && this.token.equals(that.token) && this.expiresAt.equals(that.expiresAt)
                && this.protocol == that.protocol && this.hub.equals(that.hub) && this.endpoint.equals(that.endpoint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(this.baseUrl, this.token, this.expiresAt, this.protocol, this.hub, this.endpoint);
    }

    @Override
    public String toString() {
        return "ClientAccess[baseUrl=" + this.baseUrl + ", token=******, expiresAt=" + this.expiresAt + ", protocol="
                + this.protocol + "]";
    }

}
