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
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.webpubsub.token.WebPubSubServiceException.Reason;

import static io.github.webpubsub.token.BearerTokenCache.FAILURE_BACKOFF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Key-less mode, SPEC section 5: the project caches the provider's Microsoft Entra ID
 * token until shortly before it expires, for any provider, with one fetch however many
 * threads ask at once. A slow or failing provider costs each call at most its deadline:
 * waiters share one fetch and its failure, and a failure is remembered for a backoff, so
 * a provider that is down is called once per backoff, not once per call.
 */
class BearerTokenCacheTests {

    private static final Instant START = Instant.parse("2029-06-01T12:00:00Z");

    /**
     * How long a caller of these tests waits for a fetch: longer than any fetch here
     * takes.
     */
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static final String PROVIDER_FAILED = "The bearer token provider failed to get a Microsoft Entra ID token "
            + "for https://webpubsub.azure.com/.default (java.lang.IllegalStateException). Check the application's "
            + "identity: managed identity enabled, or credentials configured for the provider.";

    private final MutableClock clock = new MutableClock(START);

    private final AtomicInteger calls = new AtomicInteger();

    private final ExecutorService threads = Executors.newFixedThreadPool(16);

    @AfterEach
    void stopThreads() {
        this.threads.shutdownNow();
    }

    /**
     * Hands out token-1, token-2, ... each valid for an hour from the clock's current
     * time.
     */
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

        assertThatExceptionOfType(WebPubSubServiceException.class).isThrownBy(() -> get(cache)).satisfies((ex) -> {
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
        BearerTokenCache cache = new BearerTokenCache((scope) -> new BearerToken(
                "short-" + this.calls.incrementAndGet(), this.clock.instant().plusSeconds(20)), this.clock);

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

    @ParameterizedTest
    @EnumSource(Mint.class)
    void theFactoryRefreshesTheBearerTokenNearExpiryUsingItsClock(Mint mint) {
        try (FakeWebPubSubService service = FakeWebPubSubService.start()) {
            ClientUrlFactory factory = mint.through(ClientUrlFactory.builder()
                .endpoint(service.endpoint())
                .bearerTokenProvider(hourlyTokens())
                .hub("chat")
                .clock(this.clock)
                .build());

            for (int i = 0; i < 10; i++) {
                factory.create(ClientAccessRequest.builder().build());
            }
            this.clock.set(START.plus(Duration.ofMinutes(58)).plusSeconds(30));
            factory.create(ClientAccessRequest.builder().build());

            assertThat(this.calls).hasValue(2);
            assertThat(service.requests()).extracting((request) -> request.header("Authorization"))
                .hasSize(11)
                .startsWith("Bearer token-1")
                .endsWith("Bearer token-2")
                .containsOnly("Bearer token-1", "Bearer token-2");
        }
    }

    @ParameterizedTest
    @EnumSource(Mint.class)
    void theFactoryReportsAProviderFailureWithoutCallingTheService(Mint mint) {
        try (FakeWebPubSubService service = FakeWebPubSubService.start()) {
            ClientUrlFactory factory = mint
                .through(ClientUrlFactory.builder().endpoint(service.endpoint()).bearerTokenProvider((scope) -> {
                    throw new IllegalStateException("no managed identity");
                }).hub("chat").build());

            assertThatExceptionOfType(WebPubSubServiceException.class)
                .isThrownBy(() -> factory.create(ClientAccessRequest.builder().build()))
                .satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.UNAUTHORIZED));
            assertThat(service.requests()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Mint.class)
    void aProviderThatStallsCostsFiftyConcurrentCallersNoMoreThanTheirDeadlineAndOneCall(Mint mint) throws Exception {
        CountDownLatch stall = new CountDownLatch(1);
        BearerTokenProvider stalling = (scope) -> {
            this.calls.incrementAndGet();
            await(stall, Duration.ofSeconds(5));
            return new BearerToken("late-token", Instant.now().plus(Duration.ofHours(1)));
        };
        ExecutorService callers = Executors.newFixedThreadPool(50);
        try (FakeWebPubSubService service = FakeWebPubSubService.start()) {
            ClientUrlFactory factory = mint.through(ClientUrlFactory.builder()
                .endpoint(service.endpoint())
                .bearerTokenProvider(stalling)
                .hub("chat")
                .readTimeout(Duration.ofSeconds(2))
                .serviceDeadline(Duration.ofSeconds(2))
                .build());
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Duration>> failedAfter = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                failedAfter.add(callers.submit(() -> {
                    go.await();
                    long start = System.nanoTime();
                    WebPubSubServiceException ex = catchThrowableOfType(WebPubSubServiceException.class,
                            () -> factory.create(ClientAccessRequest.builder().build()));
                    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                    assertThat(ex).isNotNull();
                    assertThat(ex.reason()).isEqualTo(Reason.UNAVAILABLE);
                    assertThat(ex.getMessage()).isEqualTo("The bearer token provider did not return a Microsoft "
                            + "Entra ID token within the service deadline PT2S. Check that the application's "
                            + "identity endpoint (managed identity, or the provider's credential source) answers, "
                            + "and the network path to it.");
                    return elapsed;
                }));
            }

            go.countDown();

            for (Future<Duration> elapsed : failedAfter) {
                // Each caller waits for its own deadline, not behind the others: 50 x 2 s
                // would be 100 s.
                assertThat(elapsed.get(10, TimeUnit.SECONDS)).isBetween(Duration.ofMillis(1900),
                        Duration.ofSeconds(2).plusMillis(1500));
            }
            assertThat(this.calls).as("provider calls").hasValue(1);
            assertThat(service.requests()).isEmpty();

            // The fetch went on without its waiters: once it ends, its token serves the
            // next calls.
            stall.countDown();
            assertThat(factory.create(ClientAccessRequest.builder().build()).token())
                .isEqualTo(FakeWebPubSubService.DEFAULT_TOKEN);
            assertThat(this.calls).as("provider calls").hasValue(1);
            assertThat(service.onlyRequest().header("Authorization")).isEqualTo("Bearer late-token");
        }
        finally {
            stall.countDown();
            callers.shutdownNow();
        }
    }

    @Test
    void aCallerStopsWaitingAfterItsMaxWaitAndTheFetchGoesOnForTheNextCallers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BearerTokenCache cache = new BearerTokenCache((scope) -> {
            this.calls.incrementAndGet();
            await(release, WAIT);
            return new BearerToken("token-1", START.plus(Duration.ofHours(1)));
        }, this.clock);

        CompletableFuture<BearerToken> impatient = cache.token(Duration.ofMillis(200));

        assertThat(impatient).failsWithin(Duration.ofSeconds(5))
            .withThrowableOfType(ExecutionException.class)
            .withCauseInstanceOf(TimeoutException.class);
        CompletableFuture<BearerToken> patient = cache.token(WAIT);
        release.countDown();
        assertThat(patient.get(5, TimeUnit.SECONDS).value()).isEqualTo("token-1");
        assertThat(get(cache).value()).isEqualTo("token-1");
        assertThat(this.calls).hasValue(1);
    }

    @Test
    void aFailureFailsEveryWaiterOfItsFetchWithTheSameException() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BearerTokenCache cache = new BearerTokenCache((scope) -> {
            this.calls.incrementAndGet();
            await(release, WAIT);
            throw new IllegalStateException("AADSTS7000215: invalid client secret s3cr3t-value");
        }, this.clock);
        List<CompletableFuture<BearerToken>> waiters = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            waiters.add(cache.token(WAIT));
        }

        release.countDown();

        Throwable first = failureOf(waiters.get(0));
        assertThat(first).isInstanceOfSatisfying(WebPubSubServiceException.class, (ex) -> {
            assertThat(ex.reason()).isEqualTo(Reason.UNAUTHORIZED);
            assertThat(ex.getMessage()).isEqualTo(PROVIDER_FAILED).doesNotContain("s3cr3t");
        });
        assertThat(waiters).allSatisfy((waiter) -> assertThat(failureOf(waiter)).isSameAs(first));
        assertThat(this.calls).hasValue(1);
    }

    @Test
    void aFailureIsRememberedForTheBackoffThenTheProviderIsAskedOnceUntilItRecovers() {
        AtomicLong nanoTime = new AtomicLong();
        AtomicReference<RuntimeException> down = new AtomicReference<>(new IllegalStateException("identity down"));
        BearerTokenCache cache = new BearerTokenCache((scope) -> {
            this.calls.incrementAndGet();
            if (down.get() != null) {
                throw down.get();
            }
            return new BearerToken("token-" + this.calls.get(), START.plus(Duration.ofHours(1)));
        }, this.clock, Runnable::run, nanoTime::get);

        Throwable failure = failureOf(cache.token(WAIT));
        assertThat(failure).hasMessage(PROVIDER_FAILED);
        for (int i = 0; i < 20; i++) {
            assertThat(failureOf(cache.token(WAIT))).isSameAs(failure);
        }
        assertThat(this.calls).as("one call for the first wave").hasValue(1);

        nanoTime.set(Duration.ofSeconds(5).minusNanos(1).toNanos());
        for (int i = 0; i < 20; i++) {
            assertThat(failureOf(cache.token(WAIT))).isSameAs(failure);
        }
        assertThat(this.calls).as("no call within the backoff").hasValue(1);

        nanoTime.set(Duration.ofSeconds(5).toNanos());
        Throwable again = failureOf(cache.token(WAIT));
        for (int i = 0; i < 20; i++) {
            assertThat(failureOf(cache.token(WAIT))).isSameAs(again);
        }
        assertThat(again).isNotSameAs(failure).hasMessage(PROVIDER_FAILED);
        assertThat(this.calls).as("one call once the backoff is over").hasValue(2);

        down.set(null);
        nanoTime.set(Duration.ofSeconds(10).toNanos());
        for (int i = 0; i < 20; i++) {
            assertThat(get(cache).value()).isEqualTo("token-3");
        }
        assertThat(this.calls).as("one call after the recovery").hasValue(3);
    }

    @Test
    void anEarlyRefreshThatFailsIsRememberedSoTheCurrentTokenServesWithoutAskingAgain() {
        AtomicLong nanoTime = new AtomicLong();
        BearerTokenCache cache = new BearerTokenCache((scope) -> {
            if (this.calls.incrementAndGet() > 1) {
                throw new IllegalStateException("identity endpoint down");
            }
            return new BearerToken("token-1", START.plus(Duration.ofHours(1)));
        }, this.clock, Runnable::run, nanoTime::get);
        get(cache);
        this.clock.set(START.plus(Duration.ofMinutes(59)));

        for (int i = 0; i < 20; i++) {
            assertThat(get(cache).value()).isEqualTo("token-1");
        }
        assertThat(this.calls).as("one refresh, not one per call").hasValue(2);

        nanoTime.set(FAILURE_BACKOFF.toNanos());
        assertThat(get(cache).value()).isEqualTo("token-1");
        assertThat(this.calls).hasValue(3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providerFailures")
    void providerFailuresHaveExactMessagesWithoutTheProvidersText(String what, BearerTokenProvider provider,
            Reason reason, String message) {
        BearerTokenCache cache = new BearerTokenCache(provider, this.clock);

        assertThatExceptionOfType(WebPubSubServiceException.class).isThrownBy(() -> get(cache))
            .withMessage(message)
            .withMessageNotContaining("s3cr3t")
            .satisfies((ex) -> assertThat(ex.reason()).isEqualTo(reason));
    }

    static Stream<Arguments> providerFailures() {
        return Stream.of(Arguments.of("exception", (BearerTokenProvider) (scope) -> {
            throw new IllegalStateException("client secret s3cr3t expired");
        }, Reason.UNAUTHORIZED, PROVIDER_FAILED), Arguments.of("network exception", (BearerTokenProvider) (scope) -> {
            throw new UncheckedIOException(new IOException("s3cr3t host unreachable"));
        }, Reason.UNAVAILABLE,
                PROVIDER_FAILED.replace("IllegalStateException", "UncheckedIOException")
                    .replace("java.lang.", "java.io.")),
                Arguments.of("null", (BearerTokenProvider) (scope) -> null, Reason.UNAUTHORIZED,
                        "The bearer token provider returned null. Return a BearerToken for the scope "
                                + "https://webpubsub.azure.com/.default, or throw an exception that says why there is "
                                + "none."),
                Arguments.of("expired token",
                        (BearerTokenProvider) (scope) -> new BearerToken("s3cr3t-token", START.minusSeconds(1)),
                        Reason.UNAUTHORIZED,
                        "The bearer token provider returned a token that "
                                + "expired at 2029-06-01T11:59:59Z. Return a fresh token; if it is fresh, check that "
                                + "this machine's clock is right."));
    }

    /**
     * Waits for a token as one call would, with a generous deadline; a failure is thrown
     * as it is.
     */
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

    /** Returns the failure of a future that has completed, as {@code handle} sees it. */
    private static Throwable failureOf(CompletableFuture<BearerToken> token) {
        assertThat(token).failsWithin(Duration.ofSeconds(10));
        return token.handle((value, failure) -> failure).join();
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
        await(latch, WAIT);
    }

    private static void await(CountDownLatch latch, Duration atMost) {
        try {
            latch.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
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
