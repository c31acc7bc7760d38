package io.github.webpubsub.token;

import java.util.OptionalInt;

import org.jspecify.annotations.Nullable;

/**
 * The Web PubSub service could not mint a client token in key-less mode: it refused the
 * identity, did not know the endpoint or hub, rejected the request, was unavailable, or
 * answered with something that is not a token. The {@link #reason()} tells these apart,
 * so that a server can map them to its own answers; the message says what to check and
 * never contains a bearer token or a client token.
 *
 * <pre>{@code
 * try {
 *     return factory.create(request);
 * }
 * catch (WebPubSubServiceException ex) {
 *     int status = (ex.reason() == WebPubSubServiceException.Reason.MALFORMED_RESPONSE) ? 502 : 503;
 *     throw new ResponseStatusException(HttpStatusCode.valueOf(status), ex.getMessage(), ex);
 * }
 * }</pre>
 */
public final class WebPubSubServiceException extends WebPubSubException {

    private static final long serialVersionUID = 1L;

    /** Why the service call failed. */
    public enum Reason {

        /**
         * The service refused the identity (HTTP 401 or 403), or no Microsoft Entra ID
         * token could be obtained. The identity needs the <em>Web PubSub Service
         * Owner</em> role on this resource, or the endpoint names another resource.
         */
        UNAUTHORIZED,

        /**
         * The service answered 404: the endpoint (or the reverse proxy's path) or the hub
         * is wrong.
         */
        NOT_FOUND,

        /**
         * The service rejected the request with another 4xx (or a redirect); the message
         * quotes the service.
         */
        REJECTED,

        /**
         * The service could not be reached or kept failing: 429 or 5xx after the retries,
         * a timeout, a refused connection, or the deadline reached.
         */
        UNAVAILABLE,

        /** The service answered success but without a well-formed client token. */
        MALFORMED_RESPONSE

    }

    /** What went wrong. */
    private final Reason reason;

    /** The service's HTTP status, or 0 when it gave none. */
    private final int httpStatus;

    WebPubSubServiceException(Reason reason, String message, @Nullable Throwable cause) {
        this(reason, -1, message, cause);
    }

    WebPubSubServiceException(Reason reason, int httpStatus, String message) {
        this(reason, httpStatus, message, null);
    }

    WebPubSubServiceException(Reason reason, int httpStatus, String message, @Nullable Throwable cause) {
        super(message, cause);
        if (reason == null) {
            throw new IllegalArgumentException("Reason is null. Give the Reason that fits the failure.");
        }
        this.reason = reason;
        this.httpStatus = httpStatus;
    }

    /**
     * Creates the exception that a factory throws when the service answered with an
     * error, for a test double of {@link ClientUrlFactory} that plays a failing service.
     * The library itself creates these exceptions; an application needs one only to test
     * how it answers them.
     *
     * <pre>{@code
     * ClientUrlFactory failing = request -> {
     *     throw WebPubSubServiceException.of(Reason.UNAUTHORIZED, 403, "The service refused the identity.");
     * };
     * }</pre>
     * @param reason why the call failed
     * @param httpStatus the service's HTTP status code, from 100 to 599
     * @param message what went wrong and what to check; never a secret
     * @return the exception
     */
    public static WebPubSubServiceException of(Reason reason, int httpStatus, String message) {
        if (httpStatus < 100 || httpStatus > 599) {
            throw new IllegalArgumentException("HTTP status " + httpStatus + " is outside 100 to 599. Give the "
                    + "status the service answered with.");
        }
        return new WebPubSubServiceException(reason, httpStatus, message, null);
    }

    /**
     * Creates the exception that a factory throws when the service could not be asked or
     * gave no answer (a timeout, a refused connection, a failing bearer token provider),
     * for a test double of {@link ClientUrlFactory}.
     * @param reason why the call failed
     * @param message what went wrong and what to check; never a secret
     * @return the exception, whose {@link #httpStatus()} is empty
     * @see #of(Reason, int, String)
     */
    public static WebPubSubServiceException of(Reason reason, String message) {
        return new WebPubSubServiceException(reason, -1, message, null);
    }

    /**
     * Returns why the call failed.
     * @return the reason
     */
    public Reason reason() {
        return this.reason;
    }

    /**
     * Returns the HTTP status of the service's last answer, if the failure was one.
     * @return the status, or empty for failures without an answer (timeouts, refused
     * connections, the provider)
     */
    public OptionalInt httpStatus() {
        return (this.httpStatus >= 0) ? OptionalInt.of(this.httpStatus) : OptionalInt.empty();
    }

}
