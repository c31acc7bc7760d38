package io.github.webpubsub.token;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.webpubsub.token.FakeWebPubSubService.Reply;
import io.github.webpubsub.token.WebPubSubServiceException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Key-less mode, SPEC section 5: bounded timeouts, retries of 429 and 5xx only with
 * backoff and {@code Retry-After}, and one deadline for the whole call. Most tests record
 * the waits instead of sleeping, so they can check each wait exactly; those about elapsed
 * time wait for real. Each test runs through {@code create} and through
 * {@code createAsync}.
 */
@ParameterizedClass
@EnumSource(Mint.class)
class KeylessRetryTests {

    private static final String BEARER = "entra-access-token-value";

    private static final Instant NOW = Instant.parse("2029-06-01T12:00:00Z");

    private final FakeWebPubSubService service = FakeWebPubSubService.start();

    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    private final Mint mint;

    KeylessRetryTests(Mint mint) {
        this.mint = mint;
    }

    @AfterEach
    void stopService() {
        this.service.close();
    }

    private static BearerTokenProvider provider() {
        return (scope) -> new BearerToken(BEARER, NOW.plus(Duration.ofHours(1)));
    }

    private static ServiceCallPolicy policy(Duration readTimeout, Duration deadline, int maxRetries) {
        return new ServiceCallPolicy(Duration.ofSeconds(2), readTimeout, deadline, maxRetries,
                ServiceCallPolicy.DEFAULT_INITIAL_BACKOFF, ServiceCallPolicy.DEFAULT_MAX_BACKOFF);
    }

    /** A factory whose waits between attempts are recorded, not waited. */
    private ClientUrlFactory recordingFactory(URI endpoint, ServiceCallPolicy policy) {
        ServiceEndpoint serviceEndpoint = ServiceEndpoint.of(endpoint, "Endpoint");
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        return this.mint.through(new DefaultClientUrlFactory(serviceEndpoint,
                ServiceTokenIssuer.create(serviceEndpoint, provider(), policy, clock, (wait, attempt) -> {
                    this.waits.add(wait);
                    attempt.run();
                }), "chat", new TokenLifetimes(Duration.ofHours(1), Duration.ofHours(24))));
    }

    private ClientUrlFactory factory(ClientUrlFactory.Builder builder) {
        return this.mint.through(builder.build());
    }

    private ClientUrlFactory recordingFactory(int maxRetries) {
        return recordingFactory(this.service.endpoint(),
                policy(Duration.ofSeconds(5), Duration.ofSeconds(15), maxRetries));
    }

    private static WebPubSubServiceException failure(ClientUrlFactory factory) {
        WebPubSubServiceException ex = catchThrowableOfType(WebPubSubServiceException.class,
                () -> factory.create(ClientAccessRequest.builder().build()));
        assertThat(ex).as("the call fails with WebPubSubServiceException").isNotNull();
        assertThat(ex.getMessage()).doesNotContain(BEARER);
        return ex;
    }

    @ParameterizedTest
    @ValueSource(ints = { 429, 500, 502, 503, 504 })
    void retriesThrottlingAndServerErrorsAtMostMaxRetriesTimes(int status) {
        this.service.enqueue(Reply.status(status), Reply.status(status), Reply.status(status), Reply.status(status),
                Reply.status(status));

        WebPubSubServiceException ex = failure(recordingFactory(3));

        assertThat(this.service.requests()).hasSize(4);
        assertThat(this.waits).hasSize(3);
        assertThat(ex.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(ex.httpStatus()).hasValue(status);
        assertThat(ex.getMessage()).contains("HTTP " + status + " on the last of 4 attempt(s) for hub 'chat'")
            .contains("Try again later");
    }

    @Test
    void succeedsWhenARetrySucceeds() {
        this.service.enqueue(Reply.status(503), Reply.status(500));

        ClientAccess access = recordingFactory(3).create(ClientAccessRequest.builder().build());

        assertThat(access.token()).isEqualTo(FakeWebPubSubService.DEFAULT_TOKEN);
        assertThat(this.service.requests()).hasSize(3)
            .allSatisfy((request) -> assertThat(request.header("Authorization")).isEqualTo("Bearer " + BEARER));
    }

    @Test
    void backsOffExponentiallyWithJitterWhenTheServiceGivesNoRetryAfter() {
        this.service.enqueue(Reply.status(500), Reply.status(500), Reply.status(500), Reply.status(500));

        failure(recordingFactory(3));

        assertThat(this.waits).hasSize(3);
        assertThat(this.waits.get(0)).isBetween(Duration.ofMillis(125), Duration.ofMillis(250));
        assertThat(this.waits.get(1)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
        assertThat(this.waits.get(2)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
    }

    @Test
    void backoffIsCappedAndJittered() {
        ServiceCallPolicy policy = policy(Duration.ofSeconds(5), Duration.ofSeconds(15), 10);

        for (int retry = 0; retry < 40; retry++) {
            assertThat(policy.backoff(retry)).isBetween(Duration.ofMillis(Math.min(125L << Math.min(retry, 20), 1000)),
                    Duration.ofMillis(Math.min(250L << Math.min(retry, 20), 2000)));
        }
        assertThat(java.util.stream.IntStream.range(0, 50).mapToObj((i) -> policy.backoff(3)).distinct().count())
            .as("jitter varies the wait")
            .isGreaterThan(1);
    }

    @Test
    void honoursRetryAfterInSeconds() {
        this.service.enqueue(Reply.withHeaders(429, Map.of("Retry-After", "7"), ""));

        recordingFactory(3).create(ClientAccessRequest.builder().build());

        assertThat(this.waits).containsExactly(Duration.ofSeconds(7));
        assertThat(this.service.requests()).hasSize(2);
    }

    @Test
    void honoursRetryAfterAsAnHttpDate() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME
            .format(ZonedDateTime.ofInstant(NOW.plusSeconds(4), ZoneOffset.UTC));
        this.service.enqueue(Reply.withHeaders(503, Map.of("Retry-After", date), ""));

        recordingFactory(3).create(ClientAccessRequest.builder().build());

        assertThat(this.waits).containsExactly(Duration.ofSeconds(4));
    }

    @Test
    void failsAtOnceWhenRetryAfterWouldPassTheDeadline() {
        this.service.enqueue(Reply.withHeaders(429, Map.of("Retry-After", "60"), ""));

        WebPubSubServiceException ex = failure(recordingFactory(3));

        assertThat(this.service.requests()).hasSize(1);
        assertThat(this.waits).isEmpty();
        assertThat(ex.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(ex.httpStatus()).hasValue(429);
        assertThat(ex.getMessage()).contains("would not finish within the service deadline PT15S after 1 attempt(s)")
            .contains("HTTP 429");
    }

    @ParameterizedTest
    @ValueSource(ints = { 400, 401, 403, 404, 409, 413 })
    void neverRetriesOtherClientErrors(int status) {
        this.service.enqueue(Reply.status(status));

        failure(recordingFactory(3));

        assertThat(this.service.requests()).hasSize(1);
        assertThat(this.waits).isEmpty();
    }

    @Test
    void neverRetriesAMalformedAnswer() {
        this.service.enqueue(Reply.json(200, "{}"));

        assertThat(failure(recordingFactory(3)).reason()).isEqualTo(Reason.MALFORMED_RESPONSE);
        assertThat(this.service.requests()).hasSize(1);
    }

    @Test
    void maxRetriesZeroMakesOneAttempt() {
        this.service.enqueue(Reply.status(503));

        assertThat(failure(recordingFactory(0)).httpStatus()).hasValue(503);
        assertThat(this.service.requests()).hasSize(1);
        assertThat(this.waits).isEmpty();
    }

    @Test
    void retriesAConnectionThatBrokeBeforeTheAnswer() {
        // A pooled connection the network dropped while idle: generating a token has no
        // side effect, so it is safe.
        this.service.enqueue(Reply.dropConnection());

        ClientAccess access = recordingFactory(3).create(ClientAccessRequest.builder().build());

        assertThat(access.token()).isEqualTo(FakeWebPubSubService.DEFAULT_TOKEN);
        assertThat(this.service.requests()).hasSize(2);
        assertThat(this.waits).hasSize(1);
    }

    @Test
    void reportsConnectionsThatKeepBreaking() {
        this.service.enqueue(Reply.dropConnection(), Reply.dropConnection());

        WebPubSubServiceException ex = failure(recordingFactory(1));

        assertThat(ex.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(ex.httpStatus()).isEmpty();
        assertThat(ex.getMessage()).contains("broke before the service answered, on the last of 2 attempt(s)");
        assertThat(this.service.requests()).hasSize(2);
    }

    @Test
    void doesNotRetryARefusedConnectionAndFailsFast() throws IOException {
        URI closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        long start = System.nanoTime();

        WebPubSubServiceException ex = failure(
                recordingFactory(closedPort, policy(Duration.ofSeconds(5), Duration.ofSeconds(15), 3)));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(this.waits).as("no retry").isEmpty();
        assertThat(ex.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(ex.httpStatus()).isEmpty();
        assertThat(ex.getMessage()).startsWith("Could not connect to 127.0.0.1:" + closedPort.getPort())
            .contains("ConnectException")
            .contains("Check the endpoint");
    }

    @Test
    void aConnectionThatCannotBeMadeFailsWithinTheConnectTimeoutAndIsNotRetried() throws IOException {
        // A listener that never accepts, with its accept queue filled: the kernel drops
        // further connection attempts.
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> queued = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Socket socket = new Socket();
                    queued.add(socket);
                    try {
                        socket.connect(listener.getLocalSocketAddress(), 300);
                    }
                    catch (SocketTimeoutException ex) {
                        break;
                    }
                }
                URI endpoint = URI.create("http://127.0.0.1:" + listener.getLocalPort());
                ClientUrlFactory factory = recordingFactory(endpoint,
                        new ServiceCallPolicy(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(15), 3,
                                ServiceCallPolicy.DEFAULT_INITIAL_BACKOFF, ServiceCallPolicy.DEFAULT_MAX_BACKOFF));
                long start = System.nanoTime();

                WebPubSubServiceException ex = failure(factory);

                assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isLessThan(Duration.ofMillis(500).plusSeconds(2));
                assertThat(ex.reason()).isEqualTo(Reason.UNAVAILABLE);
                assertThat(ex.getMessage()).startsWith("Could not connect to 127.0.0.1:" + listener.getLocalPort()
                        + " within the connect timeout PT0.5S");
                assertThat(this.waits).as("no retry").isEmpty();
            }
            finally {
                for (Socket socket : queued) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void aStalledServerFailsWithinTheReadTimeoutAndIsNotRetried() {
        this.service.enqueue(Reply.stall());
        ClientUrlFactory factory = factory(ClientUrlFactory.builder()
            .endpoint(this.service.endpoint())
            .bearerTokenProvider(provider())
            .hub("chat")
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .readTimeout(Duration.ofMillis(700)));
        long start = System.nanoTime();

        WebPubSubServiceException ex = failure(factory);

        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertThat(elapsed).isBetween(Duration.ofMillis(650), Duration.ofMillis(700).plusSeconds(2));
        assertThat(ex.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(ex.getMessage()).contains("did not answer within the read timeout PT0.7S")
            .contains("Timeouts are not retried");
        assertThat(this.service.requests()).hasSize(1);
    }

    @Test
    void aServerThatStallsMidBodyFailsWithinTheReadTimeout() {
        this.service.enqueue(Reply.stallMidBody());
        ClientUrlFactory factory = recordingFactory(this.service.endpoint(),
                policy(Duration.ofMillis(700), Duration.ofSeconds(15), 3));
        long start = System.nanoTime();

        WebPubSubServiceException ex = failure(factory);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(700).plusSeconds(2));
        assertThat(ex.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(ex.getMessage()).contains("read timeout PT0.7S");
        assertThat(this.waits).isEmpty();
    }

    @Test
    void theDeadlineBoundsTheWholeCallAcrossRetriesAndRetryAfterWaits() {
        // Every answer asks to retry after 1 s: attempts at about 0 s, 1 s and 2 s; the
        // next would start after 3 s.
        for (int i = 0; i < 11; i++) {
            this.service.enqueue(Reply.withHeaders(503, Map.of("Retry-After", "1"), ""));
        }
        ClientUrlFactory factory = factory(ClientUrlFactory.builder()
            .endpoint(this.service.endpoint())
            .bearerTokenProvider(provider())
            .hub("chat")
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .readTimeout(Duration.ofSeconds(1))
            .serviceDeadline(Duration.ofMillis(2500))
            .maxRetries(10));
        long start = System.nanoTime();

        WebPubSubServiceException ex = failure(factory);

        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertThat(elapsed).isBetween(Duration.ofSeconds(1), Duration.ofMillis(2500).plusSeconds(1));
        assertThat(this.service.requests()).hasSizeBetween(2, 3);
        assertThat(ex.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(ex.httpStatus()).hasValue(503);
        assertThat(ex.getMessage()).contains("would not finish within the service deadline PT2.5S");
    }

    @Test
    void theDeadlineShortensTheLastAttemptsReadTimeout() {
        this.service.enqueue(Reply.withHeaders(500, Map.of("Retry-After", "1"), ""), Reply.stall());
        ClientUrlFactory factory = factory(ClientUrlFactory.builder()
            .endpoint(this.service.endpoint())
            .bearerTokenProvider(provider())
            .hub("chat")
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .readTimeout(Duration.ofSeconds(2))
            .serviceDeadline(Duration.ofSeconds(2)));
        long start = System.nanoTime();

        WebPubSubServiceException ex = failure(factory);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2).plusSeconds(1));
        assertThat(ex.getMessage()).contains("the time left before the service deadline PT2S");
        assertThat(this.service.requests()).hasSize(2);
    }

}
