package io.github.webpubsub.token;

import org.jspecify.annotations.Nullable;

/**
 * A value of a client access request is invalid: a user id, group, role, hub, lifetime or
 * protocol. These values often come from the caller (a path variable, a claim of the
 * caller's identity), so a web layer may answer this exception with 400 Bad Request and
 * its message, which names the value's problem and the rule without repeating more than a
 * short, sanitized excerpt of the value. The messages of the values a caller can supply
 * speak of the value, never of Java methods, so that they read right in such an answer.
 *
 * <pre>{@code
 * try {
 *     return factory.create(request -> request.userId(userId).groups("room-" + room));
 * }
 * catch (InvalidClientAccessRequestException ex) {
 *     throw new ResponseStatusException(HttpStatus.BAD_REQUEST, ex.getMessage(), ex);
 * }
 * }</pre>
 */
public final class InvalidClientAccessRequestException extends WebPubSubException {

    private static final long serialVersionUID = 1L;

    InvalidClientAccessRequestException(String message) {
        super(message, null);
    }

    InvalidClientAccessRequestException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

}
