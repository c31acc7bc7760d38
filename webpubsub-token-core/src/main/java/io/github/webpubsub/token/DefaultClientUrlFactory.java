package io.github.webpubsub.token;

import java.time.Duration;
import java.util.Optional;

import io.github.webpubsub.token.TokenIssuer.IssuedToken;
import io.github.webpubsub.token.TokenIssuer.TokenClaims;

/**
 * The factory behind {@link ClientUrlFactory#builder()}: resolves the request against the defaults, has the issuer
 * produce the token, and assembles the URLs.
 */
final class DefaultClientUrlFactory implements ClientUrlFactory {

    private final ServiceEndpoint endpoint;

    private final TokenIssuer issuer;

    private final String defaultHub;

    private final TokenLifetimes lifetimes;

    DefaultClientUrlFactory(ServiceEndpoint endpoint, TokenIssuer issuer, String defaultHub, TokenLifetimes lifetimes) {
        this.endpoint = endpoint;
        this.issuer = issuer;
        this.defaultHub = defaultHub;
        this.lifetimes = lifetimes;
    }

    @Override
    public ClientAccess create(ClientAccessRequest request) {
        if (request == null) {
            throw new InvalidClientAccessRequestException("Request is null. Pass ClientAccessRequest.builder().build() for an "
                    + "anonymous client of the default hub.");
        }
        String hub = (request.hubOrNull() != null) ? request.hubOrNull() : this.defaultHub;
        if (hub == null) {
            // Read by HTTP callers too (a web layer answers 400 with it), so it names no Java API.
            throw new InvalidClientAccessRequestException("The request names no hub, and no default hub is "
                    + "configured. Name the hub in the request, or configure a default hub.");
        }
        Duration lifetime = this.lifetimes.resolve(request.lifetimeOrNull());
        ClientProtocol protocol = request.protocol();
        IssuedToken issued = this.issuer.issue(new TokenClaims(hub, protocol, this.endpoint.audience(protocol, hub),
                request.userIdOrNull(), request.roleValues(), request.groups(), lifetime));
        return new ClientAccess(this.endpoint.clientBaseUrl(protocol, hub), issued.token(), issued.expiresAt(), protocol,
                hub, this.endpoint);
    }

    @Override
    public Optional<String> defaultHub() {
        return Optional.ofNullable(this.defaultHub);
    }

    @Override
    public String toString() {
        return "ClientUrlFactory[endpoint=" + this.endpoint + ", hub=" + this.defaultHub + ", issuer=" + this.issuer + "]";
    }

}
