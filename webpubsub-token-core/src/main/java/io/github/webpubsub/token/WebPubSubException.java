package io.github.webpubsub.token;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The root of the exceptions this library throws when it cannot issue a client access: a
 * caller's value is invalid ({@link InvalidClientAccessRequestException}), a setting is
 * ({@link InvalidWebPubSubSettingException}), or the service could not mint a token in
 * key-less mode ({@link WebPubSubServiceException}). Each message says what is wrong and
 * how to fix it, and never contains an access key, a connection string or a token.
 *
 * <p>
 * The family is closed, so a {@code switch} over it needs no default:
 *
 * <pre>{@code
 * try {
 *     return factory.create(request);
 * }
 * catch (WebPubSubException ex) {
 *     int status = switch (ex) {
 *         case InvalidClientAccessRequestException invalid -> 400;
 *         case WebPubSubServiceException service -> 503;
 *         case InvalidWebPubSubSettingException setting -> 500;
 *     };
 *     throw new ResponseStatusException(HttpStatusCode.valueOf(status), ex.getMessage(), ex);
 * }
 * }</pre> (Pattern matching in {@code switch} needs Java 21; on Java 17 use
 * {@code instanceof}.)
 *
 * <p>
 * Plain {@link IllegalArgumentException}s remain for arguments that only a programming
 * error can make invalid, such as a {@code null} where a value is required by a method
 * that documents it.
 */
public abstract sealed class WebPubSubException extends RuntimeException
        permits InvalidClientAccessRequestException, InvalidWebPubSubSettingException, WebPubSubServiceException {

    private static final long serialVersionUID = 1L;

    WebPubSubException(String message, @Nullable Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
    }

    /**
     * Returns what is wrong and how to fix it; never {@code null}, and never a secret.
     * @return the message
     */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }

}
