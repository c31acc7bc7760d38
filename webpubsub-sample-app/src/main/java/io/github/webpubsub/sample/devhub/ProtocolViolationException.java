package io.github.webpubsub.sample.devhub;

/**
 * A client frame that does not match the subprotocol. The hub answers it as the service does: it declines the client,
 * sending this message in a {@code disconnected} frame before it closes the connection.
 */
final class ProtocolViolationException extends IllegalArgumentException {

    ProtocolViolationException(String message) {
        super(message);
    }

}
