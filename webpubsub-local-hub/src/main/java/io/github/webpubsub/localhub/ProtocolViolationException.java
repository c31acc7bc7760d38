package io.github.webpubsub.localhub;

import java.util.Objects;

/**
 * A client frame that does not match the subprotocol. The hub answers it as the service
 * does: it declines the client, sending this message in a {@code disconnected} frame
 * before it closes the connection with code 1008.
 */
final class ProtocolViolationException extends IllegalArgumentException {

    ProtocolViolationException(String message) {
        super(message);
    }

    /**
     * The message given, never {@code null}: it goes to the client as the close reason.
     */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }

}
