package io.github.webpubsub.token;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

import io.github.webpubsub.token.WebPubSubServiceException.Reason;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the provider's Microsoft Entra ID token until shortly before it expires, whatever
 * the provider does itself, so that issuing client tokens costs no identity round trip;
 * and calls the provider so that a slow or failing identity endpoint costs each call at
 * most its own deadline, and the endpoint one call per backoff.
 *
 * <ul>
 * <li>A token is used as is until {@link #REFRESH_BEFORE_EXPIRY} before its expiry. In
 * that window the first caller waits for a refresh while the others keep using the token;
 * if the refresh fails or is late, the old token serves until {@link #MIN_REMAINING}
 * before its expiry.</li>
 * <li>There is at most one fetch at a time (a single flight): callers without a usable
 * token wait for the fetch in progress, each at most as long as it may, and the fetch
 * goes on for the next ones when a caller stops waiting.</li>
 * <li>A failed fetch fails all its waiters with the same exception, and is remembered for
 * {@link #FAILURE_BACKOFF}: until then, callers without a usable token fail at once with
 * it, so a provider that is down is called once per backoff, not once per request.</li>
 * <li>The provider is called on a thread of the cache's own, never on a caller's: a
 * provider may block (azure-identity's {@code getTokenSync}) while callers only compose
 * on a future.</li>
 * </ul>
 */
final class BearerTokenCache {

    /** How long before its expiry a token is refreshed. */
    static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(2);

    /** How long a token must still live to be sent: a service call plus clock skew. */
    static final Duration MIN_REMAINING = Duration.ofSeconds(30);

    /**
     * How long a failed fetch is remembered. Long enough that a burst of requests against
     * a provider that is down costs it one call, short enough that a recovered provider
     * is used again within a few seconds.
     */
    static final Duration FAILURE_BACKOFF = Duration.ofSeconds(5);

    /** The name of the thread that calls the provider. */
    static final String THREAD_NAME = "webpubsub-bearer-token";

    /**
     * How long the provider's thread is kept after its last call: tokens are fetched
     * about once an hour.
     */
    private static final Duration THREAD_KEEP_ALIVE = Duration.ofSeconds(30);

    private final BearerTokenProvider provider;

    private final Clock clock;

    private final Executor fetcher;

    private final LongSupplier nanoTime;

    /**
     * Guards the state below; held only to read or change it, never during a call to the
     * provider.
     */
    private final Object lock = new Object();

    private volatile @Nullable BearerToken current;

    private @Nullable CompletableFuture<BearerToken> fetching;

    private @Nullable WebPubSubServiceException failure;

    private long failedAt;

    BearerTokenCache(BearerTokenProvider provider, Clock clock) {
        this(provider, clock, providerThread(), System::nanoTime);
    }

    /**
     * @param fetcher runs the calls to the provider, one at a time
     * @param nanoTime the time source of the failure backoff: monotonic, unlike the clock
     */
    BearerTokenCache(BearerTokenProvider provider, Clock clock, Executor fetcher, LongSupplier nanoTime) {
        this.provider = provider;
        this.clock = clock;
        this.fetcher = fetcher;
        this.nanoTime = nanoTime;
    }

    /**
     * Returns a token for {@link BearerTokenProvider#WEB_PUBSUB_SCOPE}: complete on
     * return when one is cached, else completed by the provider's thread or, when the
     * wait ends first, by a timer.
     * @param maxWait the longest this caller waits for a fetch
     * @return a future of a token that has not expired; it fails with the fetch's
     * {@link WebPubSubServiceException} (the same one for every waiter of that fetch), or
     * with a {@link TimeoutException} once {@code maxWait} has passed without an answer
     */
    CompletableFuture<BearerToken> token(Duration maxWait) {
        Instant now = this.clock.instant();
        BearerToken cached = this.current;
        if (isFresh(cached, now)) {
            return CompletableFuture.completedFuture(cached);
        }
        CompletableFuture<BearerToken> fetch;
        BearerToken fallback;
        boolean start = false;
        synchronized (this.lock) {
            cached = this.current;
            if (isFresh(cached, now)) {
                // Another caller's fetch ended meanwhile.
                return CompletableFuture.completedFuture(cached);
            }
            fallback = isUsable(cached, now) ? cached : null;
            if (this.failure != null && this.nanoTime.getAsLong() - this.failedAt < FAILURE_BACKOFF.toNanos()) {
                return (fallback != null) ? CompletableFuture.completedFuture(fallback)
                        : CompletableFuture.failedFuture(this.failure);
            }
            if (this.fetching == null) {
                this.fetching = new CompletableFuture<>();
                start = true;
            }
            else if (fallback != null) {
                // Someone else is refreshing early: no need to wait for it.
                return CompletableFuture.completedFuture(fallback);
            }
            fetch = this.fetching;
        }
        if (start) {
            start(fetch);
        }
        return waitFor(fetch, maxWait, fallback);
    }

    /**
     * Forgets a token the service refused, so that the next call fetches another; a newer
     * token is kept.
     */
    void invalidate(BearerToken refused) {
        synchronized (this.lock) {
            if (this.current == refused) {
                this.current = null;
            }
        }
    }

    private static boolean isFresh(@Nullable BearerToken token, Instant now) {
        return token != null && now.isBefore(token.expiresAt().minus(REFRESH_BEFORE_EXPIRY));
    }

    private static boolean isUsable(@Nullable BearerToken token, Instant now) {
        return token != null && now.isBefore(token.expiresAt().minus(MIN_REMAINING));
    }

    /**
     * Waits for a shared fetch without touching it: a waiter that gives up leaves the
     * fetch to the others.
     * @param fallback a token still usable if the fetch fails or is late, or {@code null}
     */
    private static CompletableFuture<BearerToken> waitFor(CompletableFuture<BearerToken> fetch, Duration maxWait,
            @Nullable BearerToken fallback) {
        if (fallback == null) {
            return Futures.within(fetch, maxWait);
        }
        CompletableFuture<BearerToken> token = new CompletableFuture<>();
        Futures.within(fetch, maxWait)
            .whenComplete((fetched, failure) -> token.complete((failure == null) ? fetched : fallback));
        return token;
    }

    private void start(CompletableFuture<BearerToken> fetch) {
        try {
            this.fetcher.execute(() -> fetchInto(fetch));
        }
        catch (RejectedExecutionException ex) {
            settle(fetch, null, new WebPubSubServiceException(Reason.UNAVAILABLE, "The call to the bearer token "
                    + "provider could not be started (" + ex.getClass().getName() + "). Try again later.", ex));
        }
    }

    private void fetchInto(CompletableFuture<BearerToken> fetch) {
        try {
            settle(fetch, fetch(), null);
        }
        catch (WebPubSubServiceException ex) {
            settle(fetch, null, ex);
        }
        catch (Error ex) {
            // Settled all the same: a fetch that never ends would fail every later call.
            settle(fetch, null, providerFailed(ex));
            throw ex;
        }
    }

    /**
     * Records the outcome of a fetch, then completes it: its waiters find the cache
     * already up to date.
     */
    private void settle(CompletableFuture<BearerToken> fetch, @Nullable BearerToken token,
            @Nullable WebPubSubServiceException failure) {
        synchronized (this.lock) {
            this.fetching = null;
            if (token != null) {
                this.current = token;
                this.failure = null;
            }
            else {
                this.failure = failure;
                this.failedAt = this.nanoTime.getAsLong();
            }
        }
        if (token != null) {
            fetch.complete(token);
        }
        else {
            fetch.completeExceptionally(failure);
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
            throw providerFailed(ex);
        }
        if (fetched == null) {
            throw new WebPubSubServiceException(Reason.UNAUTHORIZED,
                    "The bearer token provider returned null. Return a BearerToken for the scope "
                            + BearerTokenProvider.WEB_PUBSUB_SCOPE
                            + ", or throw an exception that says why there is none.",
                    null);
        }
        if (!this.clock.instant().isBefore(fetched.expiresAt())) {
            throw new WebPubSubServiceException(Reason.UNAUTHORIZED,
                    "The bearer token provider returned a token that expired at " + fetched.expiresAt()
                            + ". Return a fresh token; if it is fresh, check that this machine's clock is right.",
                    null);
        }
        return fetched;
    }

    /**
     * The provider's message is left to the cause: it is the provider's text, not ours to
     * vouch for.
     */
    private static WebPubSubServiceException providerFailed(Throwable failure) {
        Reason reason = isTransient(failure) ? Reason.UNAVAILABLE : Reason.UNAUTHORIZED;
        return new WebPubSubServiceException(reason,
                "The bearer token provider failed to get a Microsoft Entra ID token for "
                        + BearerTokenProvider.WEB_PUBSUB_SCOPE + " (" + failure.getClass().getName() + "). "
                        + "Check the application's identity: managed identity enabled, or credentials configured for "
                        + "the provider.",
                failure);
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

    /**
     * One daemon thread, started for a fetch and ended when idle: a fetch at a time is
     * all the cache ever asks of it (a single flight), and a provider that blocks must
     * not hold a thread of the callers, or of a shared pool.
     */
    private static Executor providerThread() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, THREAD_KEEP_ALIVE.toSeconds(), TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), (task) -> {
                    Thread thread = new Thread(task, THREAD_NAME);
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    @Override
    public String toString() {
        return "BearerTokenCache[provider=" + this.provider.getClass().getName() + "]";
    }

}
