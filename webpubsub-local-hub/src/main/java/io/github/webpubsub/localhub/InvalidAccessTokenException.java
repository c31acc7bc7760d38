package io.github.webpubsub.localhub;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * A token that Azure Web PubSub would refuse. The message says why, in words a developer
 * can act on; it never contains the token or the key. {@link #reason()} tells the cases
 * apart for code.
 */
public final class InvalidAccessTokenException extends IllegalArgumentException {

    /**
     * How the service prints times in its {@code error_description}: .NET's invariant
     * culture, UTC.
     */
    private static final DateTimeFormatter SERVICE_TIME = DateTimeFormatter
        .ofPattern("MM/dd/yyyy HH:mm:ss", Locale.ROOT)
        .withZone(ZoneOffset.UTC);

    private final Reason reason;

    private final String serviceDescription;

    private InvalidAccessTokenException(Reason reason, String message, String serviceDescription) {
        super(message);
        this.reason = reason;
        this.serviceDescription = serviceDescription;
    }

    /**
     * Returns why the token is refused.
     * @return the reason
     */
    public Reason reason() {
        return this.reason;
    }

    /**
     * Returns what the service says in the {@code error_description} of its
     * {@code WWW-Authenticate} header, or an empty string where it says nothing (no
     * token, a malformed one).
     */
    String serviceDescription() {
        return this.serviceDescription;
    }

    static InvalidAccessTokenException missing(String where) {
        return new InvalidAccessTokenException(Reason.MISSING, "No access token: " + where + ".", "");
    }

    static InvalidAccessTokenException malformed() {
        return new InvalidAccessTokenException(Reason.MALFORMED,
                "The access token is not a well-formed JWS (three base64url parts separated by '.').", "");
    }

    static InvalidAccessTokenException unsigned() {
        return new InvalidAccessTokenException(Reason.MALFORMED, "The access token is not a signed JWS; the service "
                + "accepts tokens signed with HS256 only, never unsigned or encrypted ones.", "");
    }

    static InvalidAccessTokenException badSignature() {
        return new InvalidAccessTokenException(Reason.SIGNATURE,
                "The access token is not signed with HS256 and this "
                        + "hub's access key: it was signed with another key or algorithm, or altered.",
                "The signature is invalid");
    }

    static InvalidAccessTokenException expired(Instant expiry) {
        return new InvalidAccessTokenException(Reason.EXPIRED,
                "The access token expired at " + expiry + "; ask the server for a new one.",
                "The token expired at '" + SERVICE_TIME.format(expiry) + "'");
    }

    static InvalidAccessTokenException notYetValid(Instant notBefore) {
        return new InvalidAccessTokenException(Reason.NOT_YET_VALID,
                "The access token is not valid before " + notBefore + ".",
                "The token is not valid before '" + SERVICE_TIME.format(notBefore) + "'");
    }

    static InvalidAccessTokenException noExpiration() {
        return new InvalidAccessTokenException(Reason.NO_EXPIRATION,
                "The access token has no exp claim; the service requires one.", "The token has no expiration");
    }

    static InvalidAccessTokenException audience(@Nullable String audience, String expected) {
        String shown = (audience != null) ? audience : "(null)";
        return new InvalidAccessTokenException(Reason.AUDIENCE, "The access token's audience '" + shown + "' is not "
                + expected + ": the token was issued for another address.", "The audience '" + shown + "' is invalid");
    }

    /** Why a token is refused. */
    public enum Reason {

        /** No token at all. */
        MISSING,

        /** Not a signed three-part JWS. */
        MALFORMED,

        /** Signed with another key or algorithm, or altered. */
        SIGNATURE,

        /** Its {@code exp} has passed. */
        EXPIRED,

        /** Its {@code nbf} is still to come. */
        NOT_YET_VALID,

        /** It has no {@code exp}. */
        NO_EXPIRATION,

        /** Its {@code aud} is not the address it was presented at. */
        AUDIENCE

    }

}
