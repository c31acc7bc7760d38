package io.github.webpubsub.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.webpubsub.token.FakeWebPubSubService.Reply;
import io.github.webpubsub.token.WebPubSubServiceException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Who waits for the service, and how: {@code create} waits on the calling thread,
 * interruptibly; {@code createAsync} never does in key-less mode, and in key mode answers
 * with a future that is complete on return.
 */
class KeylessWaitingTests {

    private static final String BEARER = "entra-access-token-value";

    private static final Instant NOW = Instant.parse("2029-06-01T12:00:00Z");

    private final FakeWebPubSubService service = FakeWebPubSubService.start();

    @AfterEach
    void stopService() {
        this.service.close();
    }

    private static BearerTokenProvider provider() {
        return (scope) -> new BearerToken(BEARER, Instant.now().plus(Duration.ofHours(1)));
    }

    private ClientUrlFactory.Builder keyless() {
        return ClientUrlFactory.builder().endpoint(this.service.endpoint()).bearerTokenProvider(provider()).hub("chat");
    }

    private static ServiceCallPolicy policy(Duration readTimeout, Duration deadline, int maxRetries) {
        return new ServiceCallPolicy(Duration.ofSeconds(2), readTimeout, deadline, maxRetries,
                ServiceCallPolicy.DEFAULT_INITIAL_BACKOFF, ServiceCallPolicy.DEFAULT_MAX_BACKOFF);
    }

    private static WebPubSubServiceException failure(ClientUrlFactory factory) {
        WebPubSubServiceException ex = catchThrowableOfType(WebPubSubServiceException.class,
                () -> factory.create(ClientAccessRequest.builder().build()));
        assertThat(ex).as("the call fails with WebPubSubServiceException").isNotNull();
        assertThat(ex.getMessage()).doesNotContain(BEARER);
        return ex;
    }

    /** Returns the failure of a future that has completed, as {@code handle} sees it. */
    private static Throwable failureOf(CompletableFuture<?> future) {
        assertThat(future).isDone();
        return future.handle((value, failure) -> failure).join();
    }

    @Test
    void anInterruptedWaitStopsTheCallAndKeepsTheInterrupt() {
        // The caller is interrupted while the call waits to retry, as a server shutting
        // down would interrupt it.
        this.service.enqueue(Reply.status(503));
        Thread caller = Thread.currentThread();
        ServiceEndpoint endpoint = ServiceEndpoint.of(this.service.endpoint(), "Endpoint");
        BearerTokenProvider provider = (scope) -> new BearerToken(BEARER, NOW.plus(Duration.ofHours(1)));
        ClientUrlFactory factory = new DefaultClientUrlFactory(endpoint,
                ServiceTokenIssuer.create(endpoint, provider, policy(Duration.ofSeconds(5), Duration.ofSeconds(15), 3),
                        Clock.fixed(NOW, ZoneOffset.UTC), (wait, attempt) -> caller.interrupt()),
                "chat", new TokenLifetimes(Duration.ofHours(1), Duration.ofHours(24)));

        try {
            WebPubSubServiceException ex = failure(factory);
            assertThat(ex.reason()).isEqualTo(Reason.UNAVAILABLE);
            assertThat(ex.getMessage()).contains("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        }
        finally {
            Thread.interrupted();
        }
    }

    @Test
    void createAsyncReturnsBeforeTheServiceAnswers() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        this.service.enqueue((exchange, closing) -> {
            await(answer);
            Reply.token(FakeWebPubSubService.DEFAULT_TOKEN).answer(exchange, closing);
        });
        ClientUrlFactory factory = keyless().build();

        CompletableFuture<ClientAccess> access = factory
            .createAsync(ClientAccessRequest.builder().userId("alice").build());

        assertThat(access).isNotDone();
        answer.countDown();
        assertThat(access.get(10, TimeUnit.SECONDS).token()).isEqualTo(FakeWebPubSubService.DEFAULT_TOKEN);
        assertThat(this.service.onlyRequest().queryParameters()).containsEntry("userId", List.of("alice"));
    }

    @Test
    void createAsyncReturnsBeforeTheProviderAnswersAndTheProviderRunsOnTheFactorysThread() throws Exception {
        CountDownLatch provide = new CountDownLatch(1);
        AtomicReference<Thread> providerThread = new AtomicReference<>();
        ClientUrlFactory factory = keyless().bearerTokenProvider((scope) -> {
            providerThread.set(Thread.currentThread());
            await(provide);
            return new BearerToken(BEARER, Instant.now().plus(Duration.ofHours(1)));
        }).build();

        CompletableFuture<ClientAccess> access = factory.createAsync(ClientAccessRequest.builder().build());

        assertThat(access).isNotDone();
        provide.countDown();
        assertThat(access.get(10, TimeUnit.SECONDS).token()).isEqualTo(FakeWebPubSubService.DEFAULT_TOKEN);
        assertThat(providerThread.get()).isNotSameAs(Thread.currentThread());
        assertThat(providerThread.get().getName()).isEqualTo("webpubsub-bearer-token");
        assertThat(providerThread.get().isDaemon()).isTrue();
    }

    @Test
    void createAsyncFailsItsFutureForAnInvalidRequestWithoutCallingAnything() {
        AtomicInteger providerCalls = new AtomicInteger();
        ClientUrlFactory factory = ClientUrlFactory.builder()
            .endpoint(this.service.endpoint())
            .bearerTokenProvider((scope) -> {
                providerCalls.incrementAndGet();
                return new BearerToken(BEARER, Instant.now().plus(Duration.ofHours(1)));
            })
            .build();

        CompletableFuture<ClientAccess> noHub = factory.createAsync(ClientAccessRequest.builder().build());
        CompletableFuture<ClientAccess> nullRequest = factory.createAsync((ClientAccessRequest) null);
        CompletableFuture<ClientAccess> badUserId = factory
            .createAsync((request) -> request.hub("chat").userId("a\u0000b"));

        assertThat(failureOf(noHub)).isInstanceOf(InvalidClientAccessRequestException.class)
            .hasMessage("The request names no hub, and no default hub is configured. Name the hub in the "
                    + "request, or configure a default hub.");
        assertThat(failureOf(nullRequest)).isInstanceOf(InvalidClientAccessRequestException.class)
            .hasMessageStartingWith("Request is null.");
        assertThat(failureOf(badUserId)).isInstanceOf(InvalidClientAccessRequestException.class)
            .hasMessageContaining("control character");
        assertThat(providerCalls).hasValue(0);
        assertThat(this.service.requests()).isEmpty();
    }

    @Test
    void fiftyConcurrentCallsAgainstAStalledServiceAllEndByTheDeadline() throws Exception {
        for (int i = 0; i < 50; i++) {
            this.service.enqueue(Reply.stall());
        }
        ClientUrlFactory factory = keyless().readTimeout(Duration.ofSeconds(2))
            .serviceDeadline(Duration.ofSeconds(2))
            .build();
        long start = System.nanoTime();

        List<CompletableFuture<ClientAccess>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            calls.add(factory.createAsync(ClientAccessRequest.builder().userId("user-" + i).build()));
        }
        Duration returned = Duration.ofNanos(System.nanoTime() - start);
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
            .handle((done, failure) -> null)
            .get(10, TimeUnit.SECONDS);
        Duration ended = Duration.ofNanos(System.nanoTime() - start);

        assertThat(returned).as("all 50 calls were started without waiting").isLessThan(Duration.ofSeconds(2));
        assertThat(ended).isBetween(Duration.ofSeconds(2).minusMillis(100), Duration.ofSeconds(2).plusSeconds(2));
        for (CompletableFuture<ClientAccess> call : calls) {
            assertThat(failureOf(call)).isInstanceOfSatisfying(WebPubSubServiceException.class, (ex) -> {
                assertThat(ex.reason()).isEqualTo(Reason.UNAVAILABLE);
                // The read timeout equals the deadline, so the deadline's remainder
                // bounds the attempt.
                assertThat(ex.getMessage())
                    .startsWith("The Web PubSub service at " + this.service.endpoint() + " did not answer within PT1.")
                    .endsWith(", the time left before the service deadline PT2S. "
                            + "Timeouts are not retried; check the service's health and the network path, or allow "
                            + "more time.");
            });
        }
    }

    @Test
    void cancellingTheFutureStopsTheCallBeforeItsNextAttempt() throws Exception {
        this.service.enqueue(Reply.withHeaders(503, Map.of("Retry-After", "1"), ""));
        ClientUrlFactory factory = keyless().build();

        CompletableFuture<ClientAccess> access = factory.createAsync(ClientAccessRequest.builder().build());
        waitForRequests(1);
        access.cancel(true);
        Thread.sleep(2_000);

        assertThat(access).isCancelled();
        assertThat(this.service.requests()).as("no attempt after the cancellation").hasSize(1);
    }

    @Test
    void whileACallWaitsToRetryNoThreadIsHeldByTheFactory() throws Exception {
        this.service.enqueue(Reply.withHeaders(503, Map.of("Retry-After", "2"), ""));
        ClientUrlFactory factory = keyless().build();

        CompletableFuture<ClientAccess> access = factory.createAsync(ClientAccessRequest.builder().build());
        waitForRequests(1);
        Thread.sleep(300);

        assertThat(access).isNotDone();
        assertThat(threadsInside("ServiceTokenIssuer", "BearerTokenCache", "DefaultClientUrlFactory", "Futures"))
            .as("threads with a frame of the factory's classes")
            .isEmpty();
        assertThat(access.get(10, TimeUnit.SECONDS).token()).isEqualTo(FakeWebPubSubService.DEFAULT_TOKEN);
        assertThat(this.service.requests()).hasSize(2);
    }

    @Test
    void keyModeSignsOnTheCallingThreadAndReturnsACompletedFuture() throws ExecutionException, InterruptedException {
        ClientUrlFactory factory = TestKeys.factory();

        CompletableFuture<ClientAccess> access = factory.createAsync((request) -> request.userId("alice"));
        CompletableFuture<ClientAccess> tooLong = factory
            .createAsync((request) -> request.lifetime(Duration.ofDays(2)));

        assertThat(access).isDone();
        assertThat(ClientTokens.verifiedClaims(access.get().token(), TestKeys.ACCESS_KEY, TestKeys.NOW)
            .get("sub")
            .asText()).isEqualTo("alice");
        assertThat(tooLong).isCompletedExceptionally();
        assertThat(failureOf(tooLong)).isInstanceOf(InvalidClientAccessRequestException.class)
            .hasMessage("Token lifetime PT48H exceeds the maximum PT24H. Ask for a shorter lifetime, or raise the "
                    + "factory's maximum lifetime.");
    }

    /**
     * Names the threads, other than this one, whose stack has a frame of one of the given
     * classes of this package.
     */
    private static List<String> threadsInside(String... simpleNames) {
        List<String> inside = new ArrayList<>();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            for (StackTraceElement frame : stack) {
                for (String name : simpleNames) {
                    String className = ServiceTokenIssuer.class.getPackageName() + "." + name;
                    if (thread != Thread.currentThread() && (frame.getClassName().equals(className)
                            || frame.getClassName().startsWith(className + "$"))) {
                        inside.add(thread.getName() + " at " + frame);
                    }
                }
            }
        });
        return inside;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private void waitForRequests(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (this.service.requests().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(this.service.requests()).hasSize(count);
    }

}
