package io.github.webpubsub.token;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import io.github.webpubsub.token.WebPubSubServiceException.Reason;

/**
 * Keeps the provider's Microsoft Entra ID token until shortly before it expires, whatever the provider does itself,
 * so that issuing client tokens costs no identity round trip.
 *
 * <p>A token is used as is until {@link #REFRESH_BEFORE_EXPIRY} before its expiry. In that window one caller
 * refreshes it while the others keep using it; if the refresh fails, the old token serves until
 * {@link #MIN_REMAINING} before expiry. After that (and for the first token) callers wait for a single fetch: many
 * threads asking at once cause one call to the provider, not one each.
 */
final class BearerTokenCache {

    /** How long before its expiry a token is refreshed. */
    static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(2);

    /** How long a token must still live to be sent: a service call plus clock skew. */
    static final Duration MIN_REMAINING = Duration.ofSeconds(30);

    private final BearerTokenProvider provider;

    private final Clock clock;

    private final ReentrantLock fetchLock = new ReentrantLock();

    private volatile BearerToken current;

    BearerTokenCache(BearerTokenProvider provider, Clock clock) {
        this.provider = provider;
        this.clock = clock;
    }

    /**
     * Returns a token for {@link BearerTokenProvider#WEB_PUBSUB_SCOPE}.
     * @return a token that has not expired
     * @throws WebPubSubServiceException if the provider fails or returns no usable token
     */
    BearerToken get() {
        BearerToken cached = this.current;
        Instant now = this.clock.instant();
        if (cached != null && now.isBefore(cached.expiresAt().minus(REFRESH_BEFORE_EXPIRY))) {
            return cached;
        }
        if (cached != null && now.isBefore(cached.expiresAt().minus(MIN_REMAINING))) {
            // Refresh ahead of time without making anyone wait: whoever gets the lock fetches, the rest go on.
            if (!this.fetchLock.tryLock()) {
                return cached;
            }
            try {
                return (this.current != cached) ? this.current : fetch();
            }
            catch (WebPubSubServiceException ex) {
                return cached;
            }
            finally {
                this.fetchLock.unlock();
            }
        }
        this.fetchLock.lock();
        try {
            BearerToken latest = this.current;
            if (latest != cached && latest != null
                    && this.clock.instant().isBefore(latest.expiresAt().minus(MIN_REMAINING))) {
                // Another thread fetched while this one waited.
                return latest;
            }
            return fetch();
        }
        finally {
            this.fetchLock.unlock();
        }
    }

    /**
     * Forgets a token the service refused, so that the next call fetches another; a newer token is kept.
     */
    void invalidate(BearerToken refused) {
        this.fetchLock.lock();
        try {
            if (this.current == refused) {
                this.current = null;
            }
        }
        finally {
            this.fetchLock.unlock();
        }
    }

    private BearerToken fetch() {
        BearerToken fetched;
        try {
            fetched = this.provider.getToken(BearerTokenProvider.WEB_PUBSUB_SCOPE);
        }
        catch (WebPubSubServiceException ex) {
            throw ex;
        }
        catch (RuntimeException ex) {
            // The provider's message is left to the cause: it is the provider's text, not ours to vouch for.
            Reason reason = isTransient(ex) ? Reason.UNAVAILABLE : Reason.UNAUTHORIZED;
            throw new WebPubSubServiceException(reason, "The bearer token provider failed to get a Microsoft Entra ID "
                    + "token for " + BearerTokenProvider.WEB_PUBSUB_SCOPE + " (" + ex.getClass().getName() + "). "
                    + "Check the application's identity: managed identity enabled, or credentials configured for "
                    + "the provider.", ex);
        }
        if (fetched == null) {
            throw new WebPubSubServiceException(Reason.UNAUTHORIZED, "The bearer token provider returned null. "
                    + "Return a BearerToken for the scope " + BearerTokenProvider.WEB_PUBSUB_SCOPE
                    + ", or throw an exception that says why there is none.", null);
        }
        if (!this.clock.instant().isBefore(fetched.expiresAt())) {
            throw new WebPubSubServiceException(Reason.UNAUTHORIZED, "The bearer token provider returned a token "
                    + "that expired at " + fetched.expiresAt() + ". Return a fresh token; if it is fresh, check "
                    + "that this machine's clock is right.", null);
        }
        this.current = fetched;
        return fetched;
    }

    /**
     * Whether a provider failure looks like the network rather than the identity.
     */
    private static boolean isTransient(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 16; depth++, cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof UncheckedIOException
                    || cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "BearerTokenCache[provider=" + this.provider.getClass().getName() + "]";
    }

}
