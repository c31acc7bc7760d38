package io.github.webpubsub.localhub;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.netty.handler.codec.http.HttpHeaderNames;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Authenticates a REST call as the service does with an access key: an
 * {@code Authorization: Bearer} JWT signed with HS256 and the key, with an {@code exp} to
 * come and an {@code aud} that is the request URL, query included.
 *
 * <p>
 * Only when explicitly enabled, and the hub being on the loopback address, a Microsoft
 * Entra ID access token for Web PubSub ({@code aud} {@code https://webpubsub.azure.com})
 * is accepted unverified instead, so that key-less code paths can run against the hub:
 * nothing here can check Entra ID's signature.
 */
final class RestAuthentication {

    /**
     * The audiences of Entra ID access tokens for the scope
     * {@code https://webpubsub.azure.com/.default}.
     */
    private static final Set<String> ENTRA_ID_AUDIENCES = Set.of("https://webpubsub.azure.com",
            "https://webpubsub.azure.com/");

    private static final String BEARER = "Bearer ";

    private final AccessKeys keys;

    private final Clock clock;

    private final boolean acceptUnverifiedEntraIdTokens;

    RestAuthentication(AccessKeys keys, Clock clock, boolean acceptUnverifiedEntraIdTokens) {
        this.keys = keys;
        this.clock = clock;
        this.acceptUnverifiedEntraIdTokens = acceptUnverifiedEntraIdTokens;
    }

    /**
     * Checks a request's bearer token.
     * @throws InvalidAccessTokenException if the service would refuse it
     */
    void authenticate(HttpServerRequest request) {
        String token = bearerToken(request);
        if (token == null) {
            throw InvalidAccessTokenException.missing("send an 'Authorization: Bearer' JWT signed with the access key");
        }
        if (this.acceptUnverifiedEntraIdTokens && isEntraIdToken(token)) {
            return;
        }
        SignedTokens.Decoded decoded = SignedTokens.verify(token, this.keys.verificationKeys(), this.clock);
        Audience.require(decoded.claims().get("aud"), requestUrl(request));
    }

    /**
     * An Entra ID token is taken at its word, but must at least be one for Web PubSub and
     * not have expired.
     */
    private boolean isEntraIdToken(String token) {
        SignedTokens.Decoded decoded;
        try {
            decoded = SignedTokens.decode(token);
        }
        catch (InvalidAccessTokenException ex) {
            return false;
        }
        List<String> audiences = Audience.strings(decoded.claims().get("aud"));
        if (audiences.stream().noneMatch(ENTRA_ID_AUDIENCES::contains)) {
            return false;
        }
        if (!(decoded.claims().get("exp") instanceof Number exp)) {
            throw InvalidAccessTokenException.noExpiration();
        }
        Instant expiry = Instant.ofEpochSecond(exp.longValue());
        if (expiry.plus(SignedTokens.CLOCK_SKEW).isBefore(this.clock.instant())) {
            throw InvalidAccessTokenException.expired(expiry);
        }
        return true;
    }

    /**
     * The URL the caller requested, as its token's audience must name it: {@code http},
     * the Host, path and query.
     */
    static URI requestUrl(HttpServerRequest request) {
        String host = request.requestHeaders().get(HttpHeaderNames.HOST);
        try {
            return new URI("http://" + host + request.uri());
        }
        catch (URISyntaxException ex) {
            throw InvalidAccessTokenException.audience(null, "a valid request URL");
        }
    }

    private static @Nullable String bearerToken(HttpServerRequest request) {
        String authorization = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = authorization.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }

}
