package io.github.webpubsub.token;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * What a client needs to connect: the Client Access URL, or for Socket.IO clients the endpoint, path and token.
 * Immutable. {@link #toString()} hides the token; treat {@link #url()} and {@link #token()} as secrets: do not log
 * them.
 *
 * <pre>{@code
 * ClientAccess access = factory.create(request -> request.userId("alice").groups("lobby"));
 * URI url = access.url();           // wss://<host>/client/hubs/chat?access_token=eyJ...
 * Instant expiresAt = access.expiresAt();
 * }</pre>
 */
public final class ClientAccess {

    private static final String ACCESS_TOKEN = "access_token=";

    private final URI baseUrl;

    private final String token;

    private final Instant expiresAt;

    private final ClientProtocol protocol;

    private final String hub;

    private final ServiceEndpoint endpoint;

    ClientAccess(URI baseUrl, String token, Instant expiresAt, ClientProtocol protocol, String hub, ServiceEndpoint endpoint) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.expiresAt = expiresAt;
        this.protocol = protocol;
        this.hub = hub;
        this.endpoint = endpoint;
    }

    /**
     * Returns the Client Access URL: the base URL with {@code ?access_token=<token>}.
     * @return for example {@code wss://<host>/client/hubs/chat?access_token=eyJ...}
     */
    public URI url() {
        return URI.create(urlText());
    }

    /**
     * Returns the Client Access URL as text, equal to {@code url().toString()} but without parsing several hundred
     * characters into a {@link URI}: what a JSON answer or a log-free hand-over to a client needs.
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
     * Returns the HTTP origin of the service, what a Socket.IO client takes as its endpoint.
     * @return for example {@code https://<host>/}
     */
    public URI endpoint() {
        return this.endpoint.origin();
    }

    /**
     * Returns the path of the hub on the service, what a Socket.IO client takes as its {@code path} option.
     * @return for example {@code /clients/socketio/hubs/chat}
     */
    public String path() {
        return this.baseUrl.getRawPath();
    }

    @Override
    public boolean equals(Object other) {
        return (other instanceof ClientAccess that) && this.baseUrl.equals(that.baseUrl) && this.token.equals(that.token)
                && this.expiresAt.equals(that.expiresAt) && this.protocol == that.protocol && this.hub.equals(that.hub)
                && this.endpoint.equals(that.endpoint);
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
