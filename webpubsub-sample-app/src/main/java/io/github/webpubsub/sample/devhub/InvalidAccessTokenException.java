package io.github.webpubsub.sample.devhub;

/**
 * An access token the service would refuse. The message says why, in words a developer can act on; it never contains
 * the token or the key.
 */
final class InvalidAccessTokenException extends IllegalArgumentException {

    InvalidAccessTokenException(String reason) {
        super(reason);
    }

}
