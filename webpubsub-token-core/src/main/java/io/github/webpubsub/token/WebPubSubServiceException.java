package io.github.webpubsub.token;

import java.util.OptionalInt;

/**
 * The Web PubSub service could not mint a client token in key-less mode: it refused the identity, did not know the
 * endpoint or hub, rejected the request, was unavailable, or answered with something that is not a token. The
 * {@link #reason()} tells these apart, so that a server can map them to its own answers; the message says what to
 * check and never contains a bearer token or a client token.
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
public class WebPubSubServiceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the service call failed. */
    public enum Reason {

        /**
         * The service refused the identity (HTTP 401 or 403), or no Microsoft Entra ID token could be obtained. The
         * identity needs the <em>Web PubSub Service Owner</em> role on this resource, or the endpoint names another
         * resource.
         */
        UNAUTHORIZED,

        /** The service answered 404: the endpoint (or the reverse proxy's path) or the hub is wrong. */
        NOT_FOUND,

        /** The service rejected the request with another 4xx (or a redirect); the message quotes the service. */
        REJECTED,

        /**
         * The service could not be reached or kept failing: 429 or 5xx after the retries, a timeout, a refused
         * connection, or the deadline reached.
         */
        UNAVAILABLE,

        /** The service answered success but without a well-formed client token. */
        MALFORMED_RESPONSE

    }

    /** What went wrong. */
    private final Reason reason;

    /** The service's HTTP status, or 0 when it gave none. */
    private final int httpStatus;

    /**
     * Creates an exception for a failure without an HTTP status.
     * @param reason why the call failed
     * @param message what went wrong and what to check; never a secret
     * @param cause the underlying failure, or {@code null}
     */
    public WebPubSubServiceException(Reason reason, String message, Throwable cause) {
        this(reason, -1, message, cause);
    }

    /**
     * Creates an exception for an HTTP answer.
     * @param reason why the call failed
     * @param httpStatus the service's HTTP status code
     * @param message what went wrong and what to check; never a secret
     */
    public WebPubSubServiceException(Reason reason, int httpStatus, String message) {
        this(reason, httpStatus, message, null);
    }

    WebPubSubServiceException(Reason reason, int httpStatus, String message, Throwable cause) {
        super(message, cause);
        if (reason == null) {
            throw new IllegalArgumentException("Reason is null. Give the Reason that fits the failure.");
        }
        this.reason = reason;
        this.httpStatus = httpStatus;
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
     * @return the status, or empty for failures without an answer (timeouts, refused connections, the provider)
     */
    public OptionalInt httpStatus() {
        return (this.httpStatus >= 0) ? OptionalInt.of(this.httpStatus) : OptionalInt.empty();
    }

}
