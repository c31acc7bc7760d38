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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.webpubsub.token.WebPubSubServiceException.Reason;

/**
 * Has the service mint tokens through its Generate Client Token operation, authorised with a Microsoft Entra ID
 * token: {@code POST <endpoint>/api/hubs/<hub>/:generateToken}.
 *
 * <p>Each attempt is bounded by the read timeout, and the whole call, retries and waits included, by the deadline.
 * Only 429 and 5xx answers and connections broken mid-exchange are retried, after the service's {@code Retry-After}
 * or an exponential backoff; a wait that would pass the deadline fails the call at once. Timeouts and refused
 * connections are not retried: the next attempt would most likely wait just as long, while a client waits.
 */
final class ServiceTokenIssuer implements TokenIssuer {

    /** Kept of an error answer: enough for the service's message. */
    private static final int MAX_ERROR_BODY_BYTES = 4 * 1024;

    /** Longest service message quoted in an exception. */
    private static final int MAX_QUOTED_MESSAGE = 200;

    private static final String ROLE_HINT = "The identity needs the 'Web PubSub Service Owner' role on this resource, "
            + "or the endpoint names another resource.";

    private final HttpClient http;

    private final ServiceEndpoint restEndpoint;

    private final BearerTokenCache bearerTokens;

    private final ServiceCallPolicy policy;

    private final Clock clock;

    private final Sleeper sleeper;

    ServiceTokenIssuer(HttpClient http, ServiceEndpoint restEndpoint, BearerTokenCache bearerTokens,
            ServiceCallPolicy policy, Clock clock, Sleeper sleeper) {
        this.http = http;
        this.restEndpoint = restEndpoint;
        this.bearerTokens = bearerTokens;
        this.policy = policy;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Creates an issuer with its own HTTP client, which every call of the factory shares.
     * @param restEndpoint where the calls go: the service, or the reverse proxy in front of it
     */
    static ServiceTokenIssuer create(ServiceEndpoint restEndpoint, BearerTokenProvider provider,
            ServiceCallPolicy policy, Clock clock) {
        return create(restEndpoint, provider, policy, clock, (wait) -> TimeUnit.NANOSECONDS.sleep(wait.toNanos()));
    }

    static ServiceTokenIssuer create(ServiceEndpoint restEndpoint, BearerTokenProvider provider,
            ServiceCallPolicy policy, Clock clock, Sleeper sleeper) {
        ServiceJson.requireAvailable();
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(policy.connectTimeout())
                // A redirect is an error: following it would hand the bearer token to another address.
                .followRedirects(HttpClient.Redirect.NEVER)
                // The same wire behaviour in production and tests (no h2c upgrade over http); calls are small.
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        return new ServiceTokenIssuer(http, restEndpoint, new BearerTokenCache(provider, clock), policy, clock,
                sleeper);
    }

    @Override
    public IssuedToken issue(TokenClaims claims) {
        URI uri = GenerateTokenRequest.uri(this.restEndpoint, claims);
        BearerToken bearer = this.bearerTokens.get();
        long deadline = System.nanoTime() + this.policy.deadline().toNanos();
        for (int attempt = 1;; attempt++) {
            Duration remaining = remaining(deadline);
            if (remaining.isZero()) {
                throw deadlineReached(attempt - 1, null);
            }
            Duration timeout = min(this.policy.readTimeout(), remaining);
            WebPubSubServiceException failure;
            Duration wait;
            try {
                HttpResponse<byte[]> response = send(request(uri, bearer, timeout), timeout);
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return GenerateTokenResponse.parse(status, response.body());
                }
                if (status != 429 && status < 500) {
                    throw refused(status, response, bearer, claims.hub(), uri);
                }
                failure = unavailable(status, attempt, claims.hub());
                int retry = attempt - 1;
                wait = RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), this.clock.instant())
                        .orElseGet(() -> this.policy.backoff(retry));
            }
            catch (BrokenConnection ex) {
                failure = broken(ex.getCause(), attempt);
                wait = this.policy.backoff(attempt - 1);
            }
            if (attempt > this.policy.maxRetries()) {
                throw failure;
            }
            if (wait.compareTo(remaining(deadline)) >= 0) {
                throw deadlineReached(attempt, failure);
            }
            sleep(wait);
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

    /**
     * Sends one attempt and waits for the complete answer, body included, at most {@code timeout}: the JDK's request
     * timeout alone stops at the headers, so a server that stalls mid-body would otherwise hold the caller forever.
     */
    private HttpResponse<byte[]> send(HttpRequest request, Duration timeout) throws BrokenConnection {
        CompletableFuture<HttpResponse<byte[]>> exchange = this.http.sendAsync(request,
                BoundedBody.handler(GenerateTokenResponse.MAX_BODY_BYTES, MAX_ERROR_BODY_BYTES));
        try {
            return exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException ex) {
            exchange.cancel(true);
            throw timedOut(timeout, null);
        }
        catch (InterruptedException ex) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw interrupted(ex);
        }
        catch (ExecutionException ex) {
            throw failed(ex.getCause(), timeout);
        }
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
            return new WebPubSubServiceException(Reason.UNAVAILABLE, "Could not connect to "
                    + this.restEndpoint.uri().getAuthority() + " within the connect timeout "
                    + this.policy.connectTimeout() + ". Check the endpoint, DNS, firewalls and proxies on the way, "
                    + "and the service's health.", failure);
        }
        if (failure instanceof HttpTimeoutException) {
            return timedOut(timeout, failure);
        }
        if (failure instanceof ConnectException) {
            // Refused, unreachable or unresolvable: the same address will fail again at once.
            return new WebPubSubServiceException(Reason.UNAVAILABLE, "Could not connect to "
                    + this.restEndpoint.uri().getAuthority() + " (" + describe(failure) + "). Check the endpoint "
                    + "(and the reverse proxy endpoint, if one is set), DNS, and firewalls on the way.", failure);
        }
        if (failure instanceof IOException) {
            throw new BrokenConnection(failure);
        }
        return new WebPubSubServiceException(Reason.UNAVAILABLE, "The call to the Web PubSub service at "
                + this.restEndpoint + " failed (" + describe(failure) + ").", failure);
    }

    private WebPubSubServiceException refused(int status, HttpResponse<byte[]> response, BearerToken bearer,
            String hub, URI uri) {
        if (status == 401 || status == 403) {
            if (status == 401) {
                // The token may have been revoked before its expiry: the next call asks the provider again.
                this.bearerTokens.invalidate(bearer);
            }
            return new WebPubSubServiceException(Reason.UNAUTHORIZED, status, "The Web PubSub service at "
                    + this.restEndpoint + " refused the Microsoft Entra ID token with HTTP " + status + " for hub '"
                    + hub + "'. " + ROLE_HINT);
        }
        if (status == 404) {
            return new WebPubSubServiceException(Reason.NOT_FOUND, status, "The Web PubSub service answered HTTP 404 "
                    + "for " + withoutQuery(uri) + ". Check the endpoint (and the reverse proxy's path, if one is set) "
                    + "and the hub name '" + hub + "'.");
        }
        if (status < 400) {
            return new WebPubSubServiceException(Reason.REJECTED, status, "The Web PubSub service answered HTTP "
                    + status + " (a redirect, not followed so that the bearer token goes nowhere else) for hub '" + hub
                    + "'. Check the endpoint: use the resource's own https address.");
        }
        String serviceMessage = serviceMessage(response);
        return new WebPubSubServiceException(Reason.REJECTED, status, "The Web PubSub service rejected the token "
                + "request for hub '" + hub + "' with HTTP " + status
                + ((serviceMessage != null) ? ": '" + serviceMessage + "'" : "")
                + ". Check the request's user id, roles, groups and lifetime.");
    }

    private WebPubSubServiceException broken(Throwable cause, int attempts) {
        return new WebPubSubServiceException(Reason.UNAVAILABLE, "The connection to "
                + this.restEndpoint.uri().getAuthority() + " broke before the service answered, on the last of "
                + attempts + " attempt(s) (" + describe(cause) + "). Check the network path to the service and any "
                + "proxy on the way.", cause);
    }

    private WebPubSubServiceException unavailable(int status, int attempts, String hub) {
        String what = (status == 429) ? "throttled the request" : "failed";
        return new WebPubSubServiceException(Reason.UNAVAILABLE, status, "The Web PubSub service at "
                + this.restEndpoint + " " + what + " with HTTP " + status + " on the last of " + attempts
                + " attempt(s) for hub '" + hub + "'. Try again later; check the resource's health and capacity.");
    }

    /**
     * The next attempt would not fit in the deadline: fail now rather than let the client wait for nothing.
     */
    private WebPubSubServiceException deadlineReached(int attempts, WebPubSubServiceException last) {
        String message = "The call to the Web PubSub service would not finish within the service deadline "
                + this.policy.deadline() + " after " + attempts + " attempt(s), so it stopped"
                + ((last != null) ? ". " + last.getMessage() : ".");
        int status = (last != null) ? last.httpStatus().orElse(-1) : -1;
        return new WebPubSubServiceException(Reason.UNAVAILABLE, status, message, (last != null) ? last.getCause() : null);
    }

    private WebPubSubServiceException timedOut(Duration timeout, Throwable cause) {
        String limit = timeout.equals(this.policy.readTimeout()) ? "the read timeout " + timeout
                : timeout + ", the time left before the service deadline " + this.policy.deadline();
        return new WebPubSubServiceException(Reason.UNAVAILABLE, "The Web PubSub service at " + this.restEndpoint
                + " did not answer within " + limit + ". Timeouts are not retried; check the service's health and "
                + "the network path, or allow more time.", cause);
    }

    private static WebPubSubServiceException interrupted(InterruptedException ex) {
        return new WebPubSubServiceException(Reason.UNAVAILABLE, "The thread was interrupted while waiting for the "
                + "Web PubSub service.", ex);
    }

    private void sleep(Duration wait) {
        try {
            this.sleeper.sleep(wait);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw interrupted(ex);
        }
    }

    /**
     * Returns the service's own explanation of an error, if it is short text: {@code {"message": ".."}},
     * {@code {"error": {"message": ".."}}} or a plain-text body. Control characters are masked and anything that
     * looks like a JWT is dropped.
     */
    private static String serviceMessage(HttpResponse<byte[]> response) {
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
     * Names a transport failure: the JDK's exceptions say what happened ("Connection refused") and carry no request
     * data.
     */
    private static String describe(Throwable failure) {
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
     * Waits between attempts; a seam for tests.
     */
    @FunctionalInterface
    interface Sleeper {

        void sleep(Duration wait) throws InterruptedException;

    }

    /**
     * The connection broke after it was made and before the answer was complete: worth another attempt.
     */
    private static final class BrokenConnection extends Exception {

        private static final long serialVersionUID = 1L;

        BrokenConnection(Throwable cause) {
            super(cause);
        }

    }

}
