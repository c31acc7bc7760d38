package io.github.webpubsub.token;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

import io.github.webpubsub.token.TokenIssuer.IssuedToken;
import io.github.webpubsub.token.TokenIssuer.TokenClaims;
import org.jspecify.annotations.Nullable;

/**
 * The factory behind {@link ClientUrlFactory#builder()}: resolves the request against the
 * defaults, has the issuer produce the token, and assembles the URLs.
 */
final class DefaultClientUrlFactory implements ClientUrlFactory {

    private final ServiceEndpoint endpoint;

    private final TokenIssuer issuer;

    private final @Nullable String defaultHub;

    private final TokenLifetimes lifetimes;

    DefaultClientUrlFactory(ServiceEndpoint endpoint, TokenIssuer issuer, @Nullable String defaultHub,
            TokenLifetimes lifetimes) {
        this.endpoint = endpoint;
        this.issuer = issuer;
        this.defaultHub = defaultHub;
        this.lifetimes = lifetimes;
    }

    @Override
    public ClientAccess create(ClientAccessRequest request) {
        TokenClaims claims = claims(request);
        return access(claims, this.issuer.issue(claims));
    }

    @Override
    public CompletableFuture<ClientAccess> createAsync(ClientAccessRequest request) {
        TokenClaims claims;
        try {
            claims = claims(request);
            if (this.issuer.isLocal()) {
                // Signing takes microseconds: done here, with no future but the answer's.
                return CompletableFuture.completedFuture(access(claims, this.issuer.issue(claims)));
            }
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
        // Completed directly rather than through thenApply, so that a failure reaches the
        // caller as it is.
        CompletableFuture<IssuedToken> issuing = this.issuer.issueAsync(claims);
        CompletableFuture<ClientAccess> access = new CompletableFuture<>();
        issuing.whenComplete((issued, failure) -> {
            if (failure != null) {
                access.completeExceptionally(Futures.unwrap(failure));
                return;
            }
            try {
                access.complete(access(claims, issued));
            }
            catch (RuntimeException ex) {
                access.completeExceptionally(ex);
            }
        });
        // A caller that gives up stops the call: no further attempt, and the exchange in
        // flight is aborted.
        access.whenComplete((issued, failure) -> {
            if (failure instanceof CancellationException) {
                issuing.cancel(true);
            }
        });
        return access;
    }

    /**
     * Resolves a request against the factory's defaults.
     * @throws InvalidClientAccessRequestException if the request cannot be issued
     */
    private TokenClaims claims(ClientAccessRequest request) {
        if (request == null) {
            throw new InvalidClientAccessRequestException(
                    "Request is null. Pass ClientAccessRequest.builder().build() for an "
                            + "anonymous client of the default hub.");
        }
        String hub = (request.hubOrNull() != null) ? request.hubOrNull() : this.defaultHub;
        if (hub == null) {
            // Read by HTTP callers too (a web layer answers 400 with it), so it names no
            // Java API.
            throw new InvalidClientAccessRequestException("The request names no hub, and no default hub is "
                    + "configured. Name the hub in the request, or configure a default hub.");
        }
        Duration lifetime = this.lifetimes.resolve(request.lifetimeOrNull());
        ClientProtocol protocol = request.protocol();
        return new TokenClaims(hub, protocol, this.endpoint.audience(protocol, hub), request.userIdOrNull(),
                request.roleValues(), request.groups(), lifetime);
    }

    private ClientAccess access(TokenClaims claims, IssuedToken issued) {
        return new ClientAccess(this.endpoint.clientBaseUrl(claims.protocol(), claims.hub()), issued.token(),
                issued.expiresAt(), claims.protocol(), claims.hub(), this.endpoint);
    }

    @Override
    public Optional<String> defaultHub() {
        return Optional.ofNullable(this.defaultHub);
    }

    @Override
    public String toString() {
        return "ClientUrlFactory[endpoint=" + this.endpoint + ", hub=" + this.defaultHub + ", issuer=" + this.issuer
                + "]";
    }

}
