package io.github.webpubsub.token;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.github.webpubsub.token.support.LoopbackHosts;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP endpoint of a Web PubSub resource, normalised once: scheme {@code http} or
 * {@code https}, a host, an optional explicit port and an optional path prefix (a reverse
 * proxy mounted under a path), with no user-info, query or fragment. Every address the
 * project derives from it (audience, client URL, REST call) is resolved against
 * {@link #base()}, which always ends in exactly one {@code /}.
 *
 * <p>
 * Messages never echo the endpoint text: a mistyped connection string can spill the
 * access key into it.
 */
final class ServiceEndpoint {

    /**
     * Hubs whose addresses are kept per protocol. Applications use a handful of hubs; the
     * bound stops hub names taken from requests from growing the cache without limit
     * (past it, addresses are computed on each call).
     */
    static final int MAX_CACHED_HUBS = 64;

    private final URI base;

    /**
     * The addresses of each hub, per protocol. Parsing and resolving them costs more than
     * signing a token, and every token for the same hub needs the same ones. Filled once
     * per protocol at construction, read-only after.
     */
    private final Map<ClientProtocol, ConcurrentMap<String, HubAddresses>> hubAddresses = new EnumMap<>(
            ClientProtocol.class);

    private ServiceEndpoint(URI base) {
        this.base = base;
        for (ClientProtocol protocol : ClientProtocol.values()) {
            this.hubAddresses.put(protocol, new ConcurrentHashMap<>());
        }
    }

    /**
     * Validates an endpoint.
     * @param endpoint the endpoint, such as {@code https://example.webpubsub.azure.com}
     * @param what how the message names the value, for example {@code Endpoint}
     * @return the endpoint
     */
    static ServiceEndpoint of(@Nullable URI endpoint, String what) {
        if (endpoint == null) {
            throw new IllegalArgumentException(what + " is missing. " + fix());
        }
        if (!endpoint.isAbsolute() || endpoint.isOpaque()) {
            throw new IllegalArgumentException(what + " is not an absolute http(s) URI. " + fix());
        }
        if (endpoint.getRawPath() != null && endpoint.getRawPath().contains("//")) {
            // Checked before normalize(), which would silently merge the empty segment
            // and so change the prefix.
            throw new IllegalArgumentException(what + " has an empty or '..' path segment. " + fix());
        }
        endpoint = endpoint.normalize();
        String scheme = endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException(what + " must use https (or http for a local service). " + fix());
        }
        if (endpoint.getHost() == null) {
            throw new IllegalArgumentException(what + " has no host. " + fix());
        }
        if (endpoint.getPort() == 0 || endpoint.getPort() > 65535) {
            throw new IllegalArgumentException(what + " has a port outside 1 to 65535. " + fix());
        }
        if (endpoint.getRawUserInfo() != null) {
            throw new IllegalArgumentException(what + " must not contain user information (user@). " + fix());
        }
        if (endpoint.getRawQuery() != null) {
            throw new IllegalArgumentException(what + " must not have a query (?...). " + fix());
        }
        if (endpoint.getRawFragment() != null) {
            throw new IllegalArgumentException(what + " must not have a fragment (#...). " + fix());
        }
        String path = endpoint.getRawPath();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        else if (!path.endsWith("/")) {
            path = path + "/";
        }
        if (path.contains("//") || path.startsWith("/../")) {
            throw new IllegalArgumentException(what + " has an empty or '..' path segment. " + fix());
        }
        return new ServiceEndpoint(build(scheme, endpoint.getHost(), endpoint.getPort(), path));
    }

    /**
     * Parses and validates an endpoint given as text.
     * @param endpoint the endpoint text
     * @param what how the message names the value
     * @return the endpoint
     */
    static ServiceEndpoint parse(String endpoint, String what) {
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException(what + " is missing or empty. " + fix());
        }
        try {
            return of(new URI(endpoint.trim()), what);
        }
        catch (URISyntaxException ex) {
            // The reason text of URISyntaxException quotes the input, so it is not passed
            // on.
            throw new IllegalArgumentException(
                    what + " is not a valid URI (error at index " + ex.getIndex() + "). " + fix());
        }
    }

    /**
     * Returns this endpoint with another port.
     * @param port 1 to 65535
     * @return the endpoint with that port
     */
    ServiceEndpoint withPort(int port) {
        return new ServiceEndpoint(build(this.base.getScheme(), this.base.getHost(), port, this.base.getRawPath()));
    }

    /**
     * Returns the endpoint with a path that ends in {@code /}:
     * {@code https://host[:port]/[prefix/]}.
     */
    URI base() {
        return this.base;
    }

    /**
     * Returns the endpoint as users write it, without the trailing {@code /}.
     */
    URI uri() {
        String path = this.base.getRawPath();
        return build(this.base.getScheme(), this.base.getHost(), this.base.getPort(),
                path.substring(0, path.length() - 1));
    }

    /**
     * Returns the origin, {@code https://host[:port]/}: what a Socket.IO client takes as
     * its endpoint.
     */
    URI origin() {
        return build(this.base.getScheme(), this.base.getHost(), this.base.getPort(), "/");
    }

    /**
     * Returns the audience of tokens for a hub and protocol: the endpoint, then the
     * protocol's hub path.
     */
    URI audience(ClientProtocol protocol, String hub) {
        return hubAddresses(protocol, hub).audience();
    }

    /**
     * Returns the WebSocket address for a hub and protocol: the audience with
     * {@code https} mapped to {@code wss} and {@code http} to {@code ws}.
     */
    URI clientBaseUrl(ClientProtocol protocol, String hub) {
        return hubAddresses(protocol, hub).clientBaseUrl();
    }

    private HubAddresses hubAddresses(ClientProtocol protocol, String hub) {
        // Every protocol has its map from the start.
        ConcurrentMap<String, HubAddresses> cache = Objects.requireNonNull(this.hubAddresses.get(protocol));
        HubAddresses addresses = cache.get(hub);
        if (addresses == null) {
            addresses = HubAddresses.of(this.base, protocol, hub);
            // Racing threads may overshoot the bound by a few entries; the values they
            // compute are equal.
            if (cache.size() < MAX_CACHED_HUBS) {
                cache.putIfAbsent(hub, addresses);
            }
        }
        return addresses;
    }

    /**
     * Whether the host is {@code localhost} or a loopback address literal
     * ({@code 127.0.0.0/8}, {@code [::1]}). Names are never resolved:
     * {@code 127.example.com} is not a loopback address, whatever DNS says.
     */
    boolean isLoopback() {
        return LoopbackHosts.isLoopback(this.base.getHost());
    }

    /** The audience and the client base URL of one hub for one protocol. */
    private record HubAddresses(URI audience, URI clientBaseUrl) {

        static HubAddresses of(URI base, ClientProtocol protocol, String hub) {
            URI audience = base.resolve(protocol.hubPath(hub));
            String scheme = audience.getScheme().equals("https") ? "wss" : "ws";
            return new HubAddresses(audience,
                    build(scheme, audience.getHost(), audience.getPort(), audience.getRawPath()));
        }

    }

    private static URI build(String scheme, String host, int port, String rawPath) {
        // Components come from an already parsed URI, so their raw forms are safe to
        // join.
        String authority = (port >= 0) ? host + ":" + port : host;
        return URI.create(scheme + "://" + authority + rawPath);
    }

    private static String fix() {
        return "Use the endpoint shown on the resource's Keys page, for example https://<name>.webpubsub.azure.com.";
    }

    @Override
    public boolean equals(Object other) {
        return (other instanceof ServiceEndpoint endpoint) && this.base.equals(endpoint.base);
    }

    @Override
    public int hashCode() {
        return this.base.hashCode();
    }

    @Override
    public String toString() {
        return uri().toString();
    }

}
