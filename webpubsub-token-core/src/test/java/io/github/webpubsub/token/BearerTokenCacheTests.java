package io.github.webpubsub.token;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.webpubsub.token.WebPubSubServiceException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Key-less mode, SPEC section 5: the project caches the provider's Microsoft Entra ID token until shortly before it
 * expires, for any provider, with one fetch however many threads ask at once.
 */
class BearerTokenCacheTests {

    private static final Instant START = Instant.parse("2029-06-01T12:00:00Z");

    /** How long a caller of these tests waits for a fetch: longer than any fetch here takes. */
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MutableClock clock = new MutableClock(START);

    private final AtomicInteger calls = new AtomicInteger();

    private final ExecutorService threads = Executors.newFixedThreadPool(16);

    @AfterEach
    void stopThreads() {
        this.threads.shutdownNow();
    }

    /** Hands out token-1, token-2, ... each valid for an hour from the clock's current time. */
    private BearerTokenProvider hourlyTokens() {
        return (scope) -> new BearerToken("token-" + this.calls.incrementAndGet(),
                this.clock.instant().plus(Duration.ofHours(1)));
    }

    @Test
    void asksForTheWebPubSubScope() {
        AtomicReference<String> scope = new AtomicReference<>();
        get(new BearerTokenCache((requested) -> {
            scope.set(requested);
            return new BearerToken("t", START.plusSeconds(3600));
        }, this.clock));

        assertThat(scope).hasValue("https://webpubsub.azure.com/.default");
    }

    @Test
    void keepsTheTokenUntilTwoMinutesBeforeItExpires() {
        BearerTokenCache cache = new BearerTokenCache(hourlyTokens(), this.clock);

        assertThat(get(cache).value()).isEqualTo("token-1");
        this.clock.set(START.plus(Duration.ofMinutes(57)).plusSeconds(59));
        assertThat(get(cache).value()).isEqualTo("token-1");
        assertThat(this.calls).hasValue(1);

        this.clock.set(START.plus(Duration.ofMinutes(58)));
        assertThat(get(cache).value()).isEqualTo("token-2");
        assertThat(get(cache).value()).isEqualTo("token-2");
        assertThat(this.calls).hasValue(2);
    }

    @Test
    void fetchesAgainOnceTheTokenHasExpired() {
        BearerTokenCache cache = new BearerTokenCache(hourlyTokens(), this.clock);
        get(cache);

        this.clock.set(START.plus(Duration.ofHours(3)));

        assertThat(get(cache).value()).isEqualTo("token-2");
    }

    @Test
    void keepsServingTheOldTokenWhenAnEarlyRefreshFails() {
        AtomicInteger attempts = new AtomicInteger();
        BearerTokenCache cache = new BearerTokenCache((scope) -> {
            if (attempts.incrementAndGet() > 1) {
                throw new IllegalStateException("identity endpoint down");
            }
            return new BearerToken("token-1", START.plus(Duration.ofHours(1)));
        }, this.clock);
        get(cache);

        this.clock.set(START.plus(Duration.ofMinutes(59)));
        assertThat(get(cache).value()).isEqualTo("token-1");
        assertThat(attempts).hasValue(2);

        this.clock.set(START.plus(Duration.ofMinutes(59)).plusSeconds(31));
        assertThatExceptionOfType(WebPubSubServiceException.class).isThrownBy(() -> get(cache))
                .satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.UNAUTHORIZED));
    }

    @Test
    void manyThreadsAskingAtOnceCauseOneFetch() throws Exception {
        BearerTokenCache cache = new BearerTokenCache((scope) -> {
            this.calls.incrementAndGet();
            sleep(Duration.ofMillis(300));
            return new BearerToken("shared", START.plus(Duration.ofHours(1)));
        }, this.clock);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<BearerToken>> results = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            results.add(this.threads.submit(() -> {
                go.await();
                return get(cache);
            }));
        }

        go.countDown();

        for (Future<BearerToken> result : results) {
            assertThat(result.get(10, TimeUnit.SECONDS).value()).isEqualTo("shared");
        }
        assertThat(this.calls).hasValue(1);
    }

    @Test
    void whileOneThreadRefreshesEarlyTheOthersUseTheCurrentTokenWithoutWaiting() throws Exception {
        CountDownLatch refreshing = new CountDownLatch(1);
        CountDownLatch finishRefresh = new CountDownLatch(1);
        BearerTokenCache cache = new BearerTokenCache((scope) -> {
            if (this.calls.incrementAndGet() == 2) {
                refreshing.countDown();
                await(finishRefresh);
            }
            return new BearerToken("token-" + this.calls.get(), this.clock.instant().plus(Duration.ofHours(1)));
        }, this.clock);
        get(cache);
        this.clock.set(START.plus(Duration.ofMinutes(59)));

        Future<BearerToken> refresher = this.threads.submit(() -> get(cache));
        assertThat(refreshing.await(5, TimeUnit.SECONDS)).isTrue();
        List<Future<BearerToken>> others = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            others.add(this.threads.submit((Callable<BearerToken>) () -> get(cache)));
        }
        for (Future<BearerToken> other : others) {
            assertThat(other.get(5, TimeUnit.SECONDS).value()).isEqualTo("token-1");
        }
        finishRefresh.countDown();

        assertThat(refresher.get(5, TimeUnit.SECONDS).value()).isEqualTo("token-2");
        assertThat(get(cache).value()).isEqualTo("token-2");
        assertThat(this.calls).hasValue(2);
    }

    @Test
    void aProviderFailureIsUnauthorizedAndNamesTheProblemButNotTheProvidersText() {
        RuntimeException failure = new IllegalStateException("client secret s3cr3t expired");
        BearerTokenCache cache = new BearerTokenCache((scope) -> {
            throw failure;
        }, this.clock);

        assertThatExceptionOfType(WebPubSubServiceException.class).isThrownBy(() -> get(cache))
                .satisfies((ex) -> {
                    assertThat(ex.reason()).isEqualTo(Reason.UNAUTHORIZED);
                    assertThat(ex.httpStatus()).isEmpty();
                    assertThat(ex.getCause()).isSameAs(failure);
                })
                .withMessageContaining("bearer token provider failed to get a Microsoft Entra ID token")
                .withMessageContaining("java.lang.IllegalStateException")
                .withMessageContaining("Check the application's identity")
                .withMessageNotContaining("s3cr3t");
    }

    @Test
    void aProviderNetworkFailureIsUnavailable() {
        BearerTokenCache cache = new BearerTokenCache((scope) -> {
            throw new IllegalStateException("wrapped", new UncheckedIOException(new IOException("connect timed out")));
        }, this.clock);

        assertThatExceptionOfType(WebPubSubServiceException.class).isThrownBy(() -> get(cache))
                .satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.UNAVAILABLE));
    }

    @Test
    void aServiceExceptionFromTheProviderPassesThrough() {
        WebPubSubServiceException own = new WebPubSubServiceException(Reason.UNAVAILABLE, "identity busy", null);
        BearerTokenCache cache = new BearerTokenCache((scope) -> {
            throw own;
        }, this.clock);

        assertThatExceptionOfType(WebPubSubServiceException.class).isThrownBy(() -> get(cache)).isSameAs(own);
    }

    @Test
    void refusesNullFromTheProvider() {
        BearerTokenCache cache = new BearerTokenCache((scope) -> null, this.clock);

        assertThatExceptionOfType(WebPubSubServiceException.class).isThrownBy(() -> get(cache))
                .withMessageContaining("returned null")
                .satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.UNAUTHORIZED));
    }

    @Test
    void refusesAnAlreadyExpiredToken() {
        BearerTokenCache cache = new BearerTokenCache((scope) -> new BearerToken("old", START.minusSeconds(1)),
                this.clock);

        assertThatExceptionOfType(WebPubSubServiceException.class).isThrownBy(() -> get(cache))
                .withMessageContaining("expired at 2029-06-01T11:59:59Z")
                .withMessageContaining("check that this machine's clock is right")
                .withMessageNotContaining("old")
                .satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.UNAUTHORIZED));
    }

    @Test
    void aShortLivedTokenIsUsedButNotKept() {
        BearerTokenCache cache = new BearerTokenCache((scope) -> new BearerToken("short-" + this.calls.incrementAndGet(),
                this.clock.instant().plusSeconds(20)), this.clock);

        assertThat(get(cache).value()).isEqualTo("short-1");
        assertThat(get(cache).value()).isEqualTo("short-2");
    }

    @Test
    void invalidateDropsOnlyTheRefusedToken() {
        BearerTokenCache cache = new BearerTokenCache(hourlyTokens(), this.clock);
        BearerToken first = get(cache);

        cache.invalidate(new BearerToken("token-1", first.expiresAt()));
        assertThat(get(cache)).isSameAs(first);

        cache.invalidate(first);
        assertThat(get(cache).value()).isEqualTo("token-2");
    }

    @Test
    void theFactoryRefreshesTheBearerTokenNearExpiryUsingItsClock() {
        try (FakeWebPubSubService service = FakeWebPubSubService.start()) {
            ClientUrlFactory factory = ClientUrlFactory.builder().endpoint(service.endpoint())
                    .bearerTokenProvider(hourlyTokens()).hub("chat").clock(this.clock).build();

            for (int i = 0; i < 10; i++) {
                factory.create(ClientAccessRequest.builder().build());
            }
            this.clock.set(START.plus(Duration.ofMinutes(58)).plusSeconds(30));
            factory.create(ClientAccessRequest.builder().build());

            assertThat(this.calls).hasValue(2);
            assertThat(service.requests()).extracting((request) -> request.header("Authorization"))
                    .hasSize(11).startsWith("Bearer token-1").endsWith("Bearer token-2").containsOnly("Bearer token-1",
                            "Bearer token-2");
        }
    }

    @Test
    void theFactoryReportsAProviderFailureWithoutCallingTheService() {
        try (FakeWebPubSubService service = FakeWebPubSubService.start()) {
            ClientUrlFactory factory = ClientUrlFactory.builder().endpoint(service.endpoint())
                    .bearerTokenProvider((scope) -> {
                        throw new IllegalStateException("no managed identity");
                    }).hub("chat").build();

            assertThatExceptionOfType(WebPubSubServiceException.class)
                    .isThrownBy(() -> factory.create(ClientAccessRequest.builder().build()))
                    .satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.UNAUTHORIZED));
            assertThat(service.requests()).isEmpty();
        }
    }

    /** Waits for a token as one call would, with a generous deadline; a failure is thrown as it is. */
    private static BearerToken get(BearerTokenCache cache) {
        CompletableFuture<BearerToken> token = cache.token(WAIT);
        try {
            return token.get();
        }
        catch (ExecutionException ex) {
            if (ex.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new AssertionError(ex.getCause());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A clock the test moves by hand.
     */
    static final class MutableClock extends Clock {

        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return this.now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

    }

}
