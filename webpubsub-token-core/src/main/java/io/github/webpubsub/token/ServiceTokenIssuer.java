package io.github.webpubsub.token;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.webpubsub.token.WebPubSubServiceException.Reason;
import org.jspecify.annotations.Nullable;

/**
 * Has the service mint tokens through its Generate Client Token operation, authorised
 * with a Microsoft Entra ID token: {@code POST <endpoint>/api/hubs/<hub>/:generateToken}.
 *
 * <p>
 * One deadline bounds the whole call: the wait for the Entra ID token, every attempt and
 * every wait between attempts. Each attempt is bounded by the read timeout too. Only 429
 * and 5xx answers and connections broken mid-exchange are retried, after the service's
 * {@code Retry-After} or an exponential backoff; a wait that would pass the deadline
 * fails the call at once. Timeouts and refused connections are not retried: the next
 * attempt would most likely wait just as long, while a client waits.
 *
 * <p>
 * The call is asynchronous all the way: the Entra ID token comes from the
 * {@link BearerTokenCache}'s own thread, the exchange from the JDK client's
 * {@code sendAsync}, the waits from a timer. {@link #issue} waits for the same call on
 * the calling thread, so both ways share one implementation.
 */
final class ServiceTokenIssuer implements TokenIssuer {

    /** Kept of an error answer: enough for the service's message. */
    private static final int MAX_ERROR_BODY_BYTES = 4 * 1024;

    /** Longest service message quoted in an exception. */
    private static final int MAX_QUOTED_MESSAGE = 200;

    /**
     * Where CompletableFuture runs async stages: the common pool, or a thread per task on
     * a single core.
     */
    private static final Executor ASYNC = new CompletableFuture<Void>().defaultExecutor();

    private static final String ROLE_HINT = "The identity needs the 'Web PubSub Service Owner' role on this resource, "
            + "or the endpoint names another resource.";

    private final HttpClient http;

    private final ServiceEndpoint restEndpoint;

    private final BearerTokenCache bearerTokens;

    private final ServiceCallPolicy policy;

    private final Clock clock;

    private final RetryTimer retryTimer;

    ServiceTokenIssuer(HttpClient http, ServiceEndpoint restEndpoint, BearerTokenCache bearerTokens,
            ServiceCallPolicy policy, Clock clock, RetryTimer retryTimer) {
        this.http = http;
        this.restEndpoint = restEndpoint;
        this.bearerTokens = bearerTokens;
        this.policy = policy;
        this.clock = clock;
        this.retryTimer = retryTimer;
    }

    /**
     * Creates an issuer with its own HTTP client, which every call of the factory shares.
     * @param restEndpoint where the calls go: the service, or the reverse proxy in front
     * of it
     */
    static ServiceTokenIssuer create(ServiceEndpoint restEndpoint, BearerTokenProvider provider,
            ServiceCallPolicy policy, Clock clock) {
        return create(restEndpoint, provider, policy, clock, RetryTimer.DELAYED);
    }

    static ServiceTokenIssuer create(ServiceEndpoint restEndpoint, BearerTokenProvider provider,
            ServiceCallPolicy policy, Clock clock, RetryTimer retryTimer) {
        return create(restEndpoint, new BearerTokenCache(provider, clock), policy, clock, retryTimer);
    }

    static ServiceTokenIssuer create(ServiceEndpoint restEndpoint, BearerTokenCache bearerTokens,
            ServiceCallPolicy policy, Clock clock, RetryTimer retryTimer) {
        ServiceJson.requireAvailable();
        HttpClient http = HttpClient.newBuilder()
            .connectTimeout(policy.connectTimeout())
            // A redirect is an error: following it would hand the bearer token to another
            // address.
            .followRedirects(HttpClient.Redirect.NEVER)
            // The same wire behaviour in production and tests (no h2c upgrade over http);
            // calls are small.
            .version(HttpClient.Version.HTTP_1_1)
            .build();
        return new ServiceTokenIssuer(http, restEndpoint, bearerTokens, policy, clock, retryTimer);
    }

    @Override
    public IssuedToken issue(TokenClaims claims) {
        CompletableFuture<IssuedToken> call = issueAsync(claims);
        try {
            return call.get();
        }
        catch (InterruptedException ex) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw interrupted(ex);
        }
        catch (ExecutionException ex) {
            throw asUnchecked(ex.getCause());
        }
    }

    @Override
    public CompletableFuture<IssuedToken> issueAsync(TokenClaims claims) {
        try {
            Call call = new Call(claims);
            call.start();
            return call.result;
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }

    @Override
    public boolean isLocal() {
        return false;
    }

    /**
     * One token call. Each step runs when the one before completes, on the thread that
     * completed it, and only starts work that does not block: no step ever waits on a
     * thread.
     */
    private final class Call {

        private final TokenClaims claims;

        private final URI uri;

        private final long deadline;

        private final CompletableFuture<IssuedToken> result = new CompletableFuture<>();

        /** The exchange in flight, aborted when the caller cancels the call. */
        private volatile @Nullable CompletableFuture<?> exchange;

        Call(TokenClaims claims) {
            this.claims = claims;
            this.uri = GenerateTokenRequest.uri(ServiceTokenIssuer.this.restEndpoint, claims);
            this.deadline = System.nanoTime() + ServiceTokenIssuer.this.policy.deadline().toNanos();
        }

        void start() {
            this.result.whenComplete((issued, failure) -> {
                CompletableFuture<?> inFlight = this.exchange;
                if (failure instanceof CancellationException && inFlight != null) {
                    inFlight.cancel(true);
                }
            });
            ServiceTokenIssuer.this.bearerTokens.token(remaining(this.deadline)).whenComplete((bearer, failure) -> {
                if (failure == null) {
                    attempt(bearer, 1);
                }
                else if (Futures.unwrap(failure) instanceof TimeoutException) {
                    failOffTimer(bearerTokenLate());
                }
                else {
                    fail(Futures.unwrap(failure));
                }
            });
        }

        private void attempt(BearerToken bearer, int attempt) {
            if (this.result.isDone()) {
                // Cancelled by the caller.
                return;
            }
            Duration remaining = remaining(this.deadline);
            if (remaining.isZero()) {
                fail(deadlineReached(attempt - 1, null));
                return;
            }
            Duration timeout = min(ServiceTokenIssuer.this.policy.readTimeout(), remaining);
            CompletableFuture<HttpResponse<byte[]>> sent;
            try {
                sent = ServiceTokenIssuer.this.http.sendAsync(request(this.uri, bearer, timeout),
                        BoundedBody.handler(GenerateTokenResponse.MAX_BODY_BYTES, MAX_ERROR_BODY_BYTES));
            }
            catch (RuntimeException ex) {
                fail(unexpected(ex));
                return;
            }
            this.exchange = sent;
            if (this.result.isCancelled()) {
                sent.cancel(true);
                return;
            }
            // The JDK's request timeout alone stops at the headers: a server that stalls
            // mid-body would hold the call.
            Futures.within(sent, timeout).whenComplete((response, failure) -> {
                if (failure instanceof TimeoutException) {
                    sent.cancel(true);
                    failOffTimer(timedOut(timeout, null));
                }
                else {
                    answered(bearer, attempt, timeout, response, failure);
                }
            });
        }

        /**
         * Ends the call with the answer or a failure, or schedules the next attempt.
         */
        private void answered(BearerToken bearer, int attempt, Duration timeout, HttpResponse<byte[]> response,
                Throwable failure) {
            WebPubSubServiceException retryable;
            Duration wait;
            try {
                if (failure != null) {
                    fail(failed(failure, timeout));
                    return;
                }
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    this.result.complete(GenerateTokenResponse.parse(status, response.body()));
                    return;
                }
                if (status != 429 && status < 500) {
                    fail(refused(status, response, bearer, this.claims.hub(), this.uri));
                    return;
                }
                retryable = unavailable(status, attempt, this.claims.hub());
                wait = RetryAfter
                    .parse(response.headers().firstValue("Retry-After").orElse(null),
                            ServiceTokenIssuer.this.clock.instant())
                    .orElseGet(() -> ServiceTokenIssuer.this.policy.backoff(attempt - 1));
            }
            catch (BrokenConnection ex) {
                retryable = broken(ex.getCause(), attempt);
                wait = ServiceTokenIssuer.this.policy.backoff(attempt - 1);
            }
            catch (RuntimeException ex) {
                fail(ex);
                return;
            }
            if (attempt > ServiceTokenIssuer.this.policy.maxRetries()) {
                fail(retryable);
                return;
            }
            if (wait.compareTo(remaining(this.deadline)) >= 0) {
                fail(deadlineReached(attempt, retryable));
                return;
            }
            try {
                ServiceTokenIssuer.this.retryTimer.schedule(wait, () -> attempt(bearer, attempt + 1));
            }
            catch (RuntimeException ex) {
                fail(unexpected(ex));
            }
        }

        private void fail(Throwable failure) {
            this.result.completeExceptionally(failure);
        }

        /**
         * Fails the call from a pool thread: a timeout fires on the JDK's one timer
         * thread, which the caller's stages chained on the call must not hold up.
         */
        private void failOffTimer(Throwable failure) {
            try {
                ASYNC.execute(() -> fail(failure));
            }
            catch (RuntimeException ex) {
                fail(failure);
            }
        }

    }

    private HttpRequest request(URI uri, BearerToken bearer, Duration timeout) {
        return HttpRequest.newBuilder(uri)
            .POST(HttpRequest.BodyPublishers.noBody())
            .timeout(timeout)
            .header("Authorization", "Bearer " + bearer.value())
            .header("Accept", "application/json")
            .build();
    }

    private WebPubSubServiceException failed(Throwable failure, Duration timeout) throws BrokenConnection {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BoundedBody.TooLargeException) {
                throw new WebPubSubServiceException(Reason.MALFORMED_RESPONSE, "The Web PubSub service answered "
                        + "success with a body over " + GenerateTokenResponse.MAX_BODY_BYTES + " bytes, which is no "
                        + "client token. Check that the endpoint (or the reverse proxy) routes to the Web PubSub "
                        + "service's REST API.", null);
            }
        }
        if (failure instanceof HttpConnectTimeoutException) {
            return new WebPubSubServiceException(Reason.UNAVAILABLE,
                    "Could not connect to " + this.restEndpoint.uri().getAuthority() + " within the connect timeout "
                            + this.policy.connectTimeout()
                            + ". Check the endpoint, DNS, firewalls and proxies on the way, "
                            + "and the service's health.",
                    failure);
        }
        if (failure instanceof HttpTimeoutException) {
            return timedOut(timeout, failure);
        }
        if (failure instanceof ConnectException) {
            // Refused, unreachable or unresolvable: the same address will fail again at
            // once.
            return new WebPubSubServiceException(Reason.UNAVAILABLE,
                    "Could not connect to " + this.restEndpoint.uri().getAuthority() + " (" + describe(failure)
                            + "). Check the endpoint "
                            + "(and the reverse proxy endpoint, if one is set), DNS, and firewalls on the way.",
                    failure);
        }
        if (failure instanceof IOException) {
            throw new BrokenConnection(failure);
        }
        return unexpected(failure);
    }

    private WebPubSubServiceException unexpected(@Nullable Throwable failure) {
        return new WebPubSubServiceException(Reason.UNAVAILABLE,
                "The call to the Web PubSub service at " + this.restEndpoint + " failed (" + describe(failure) + ").",
                failure);
    }

    private WebPubSubServiceException refused(int status, HttpResponse<byte[]> response, BearerToken bearer, String hub,
            URI uri) {
        if (status == 401 || status == 403) {
            if (status == 401) {
                // The token may have been revoked before its expiry: the next call asks
                // the provider again.
                this.bearerTokens.invalidate(bearer);
            }
            return new WebPubSubServiceException(Reason.UNAUTHORIZED, status,
                    "The Web PubSub service at " + this.restEndpoint
                            + " refused the Microsoft Entra ID token with HTTP " + status + " for hub '" + hub + "'. "
                            + ROLE_HINT);
        }
        if (status == 404) {
            return new WebPubSubServiceException(Reason.NOT_FOUND, status,
                    "The Web PubSub service answered HTTP 404 for " + withoutQuery(uri)
                            + ". Check the endpoint (and the reverse proxy's path, if one is set) "
                            + "and the hub name '" + hub + "'.");
        }
        if (status < 400) {
            return new WebPubSubServiceException(Reason.REJECTED, status,
                    "The Web PubSub service answered HTTP " + status
                            + " (a redirect, not followed so that the bearer token goes nowhere else) for hub '" + hub
                            + "'. Check the endpoint: use the resource's own https address.");
        }
        String serviceMessage = serviceMessage(response);
        return new WebPubSubServiceException(Reason.REJECTED, status,
                "The Web PubSub service rejected the token request for hub '" + hub + "' with HTTP " + status
                        + ((serviceMessage != null) ? ": '" + serviceMessage + "'" : "")
                        + ". Check the request's user id, roles, groups and lifetime.");
    }

    private WebPubSubServiceException broken(@Nullable Throwable cause, int attempts) {
        return new WebPubSubServiceException(Reason.UNAVAILABLE,
                "The connection to " + this.restEndpoint.uri().getAuthority()
                        + " broke before the service answered, on the last of " + attempts + " attempt(s) ("
                        + describe(cause) + "). Check the network path to the service and any proxy on the way.",
                cause);
    }

    private WebPubSubServiceException unavailable(int status, int attempts, String hub) {
        String what = (status == 429) ? "throttled the request" : "failed";
        return new WebPubSubServiceException(Reason.UNAVAILABLE, status,
                "The Web PubSub service at " + this.restEndpoint + " " + what + " with HTTP " + status
                        + " on the last of " + attempts + " attempt(s) for hub '" + hub
                        + "'. Try again later; check the resource's health and capacity.");
    }

    /**
     * The next attempt would not fit in the deadline: fail now rather than let the client
     * wait for nothing.
     */
    private WebPubSubServiceException deadlineReached(int attempts, @Nullable WebPubSubServiceException last) {
        String message = "The call to the Web PubSub service would not finish within the service deadline "
                + this.policy.deadline() + " after " + attempts + " attempt(s), so it stopped"
                + ((last != null) ? ". " + last.getMessage() : ".");
        int status = (last != null) ? last.httpStatus().orElse(-1) : -1;
        return new WebPubSubServiceException(Reason.UNAVAILABLE, status, message,
                (last != null) ? last.getCause() : null);
    }

    private WebPubSubServiceException timedOut(Duration timeout, @Nullable Throwable cause) {
        String limit = timeout.equals(this.policy.readTimeout()) ? "the read timeout " + timeout
                : timeout + ", the time left before the service deadline " + this.policy.deadline();
        return new WebPubSubServiceException(Reason.UNAVAILABLE,
                "The Web PubSub service at " + this.restEndpoint + " did not answer within " + limit
                        + ". Timeouts are not retried; check the service's health and "
                        + "the network path, or allow more time.",
                cause);
    }

    private static WebPubSubServiceException interrupted(InterruptedException ex) {
        return new WebPubSubServiceException(Reason.UNAVAILABLE,
                "The thread was interrupted while waiting for the Web PubSub service.", ex);
    }

    /**
     * The wait for the Entra ID token took the whole deadline. The fetch goes on, and its
     * token serves the next calls.
     */
    private WebPubSubServiceException bearerTokenLate() {
        return new WebPubSubServiceException(Reason.UNAVAILABLE,
                "The bearer token provider did not return a Microsoft Entra ID token within the service deadline "
                        + this.policy.deadline() + ". Check that "
                        + "the application's identity endpoint (managed identity, or the provider's credential source) "
                        + "answers, and the network path to it.",
                null);
    }

    private RuntimeException asUnchecked(@Nullable Throwable failure) {
        if (failure instanceof RuntimeException unchecked) {
            return unchecked;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return unexpected(failure);
    }

    /**
     * Returns the service's own explanation of an error, if it is short text:
     * {@code {"message": ".."}}, {@code {"error": {"message": ".."}}} or a plain-text
     * body. Control characters are masked and anything that looks like a JWT is dropped.
     */
    private static @Nullable String serviceMessage(HttpResponse<byte[]> response) {
        byte[] body = response.body();
        if (body == null || body.length == 0) {
            return null;
        }
        String message = null;
        Map<String, ?> json = ServiceJson.parseObject(body);
        if (json != null) {
            Object error = json.get("error");
            Object text = (error instanceof Map<?, ?> nested) ? nested.get("message") : json.get("message");
            message = (text instanceof String string) ? string : null;
        }
        else if (response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain")) {
            message = new String(body, StandardCharsets.UTF_8);
        }
        if (message == null || message.isBlank() || message.contains("eyJ")) {
            return null;
        }
        return Printable.quote(message.strip(), MAX_QUOTED_MESSAGE);
    }

    /**
     * Names a transport failure: the JDK's exceptions say what happened ("Connection
     * refused") and carry no request data.
     */
    private static String describe(@Nullable Throwable failure) {
        if (failure == null) {
            return "no cause given";
        }
        String message = failure.getMessage();
        return failure.getClass().getSimpleName()
                + ((message != null && !message.isBlank()) ? ": " + Printable.quote(message) : "");
    }

    private static URI withoutQuery(URI uri) {
        String text = uri.toString();
        int query = text.indexOf('?');
        return URI.create((query >= 0) ? text.substring(0, query) : text);
    }

    private static Duration remaining(long deadline) {
        long nanos = deadline - System.nanoTime();
        return (nanos > 0) ? Duration.ofNanos(nanos) : Duration.ZERO;
    }

    private static Duration min(Duration a, Duration b) {
        return (a.compareTo(b) <= 0) ? a : b;
    }

    @Override
    public String toString() {
        return "ServiceTokenIssuer[restEndpoint=" + this.restEndpoint + ", bearerTokens=" + this.bearerTokens + "]";
    }

    /**
     * Runs the next attempt after a wait, without holding a thread meanwhile; a seam for
     * tests.
     */
    @FunctionalInterface
    interface RetryTimer {

        /** Runs attempts on the JDK's shared timer and async pool. */
        RetryTimer DELAYED = (wait, attempt) -> CompletableFuture.delayedExecutor(wait.toNanos(), TimeUnit.NANOSECONDS)
            .execute(attempt);

        void schedule(Duration wait, Runnable attempt);

    }

    /**
     * The connection broke after it was made and before the answer was complete: worth
     * another attempt.
     */
    private static final class BrokenConnection extends Exception {

        private static final long serialVersionUID = 1L;

        BrokenConnection(Throwable cause) {
            super(cause);
        }

    }

}
