package io.github.webpubsub.spring.negotiate;

import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.util.StringUtils;

/**
 * A placeholder value (a user id, a path variable) made a role or group invalid. The
 * message is meant for the caller, in a 400 answer: it names the value's origin and shows
 * a short sanitized excerpt, never more.
 */
final class InvalidClaimValueException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private InvalidClaimValueException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The message made by {@link #of}, never {@code null}: it is the answer's detail. */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }

    static InvalidClaimValueException of(String what, Set<String> placeholders, PlaceholderValues values,
            RuntimeException cause) {
        String origins = placeholders.stream().map(values::describe).collect(Collectors.joining(" with "));
        return new InvalidClaimValueException(
                StringUtils.capitalize(origins) + " gives an invalid " + what + ". " + cause.getMessage(), cause);
    }

}
