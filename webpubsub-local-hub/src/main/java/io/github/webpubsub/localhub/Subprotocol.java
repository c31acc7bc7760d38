package io.github.webpubsub.localhub;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How a client speaks with the hub: one of the service's JSON subprotocols, or plain
 * WebSocket frames.
 */
enum Subprotocol {

    /**
     * No subprotocol: messages are the frames themselves, and the client cannot join
     * groups or send to them.
     */
    PLAIN(null),

    /** {@code json.webpubsub.azure.v1}. */
    JSON("json.webpubsub.azure.v1"),

    /**
     * {@code json.reliable.webpubsub.azure.v1}: numbered messages, acknowledged, and
     * recovery after a drop.
     */
    RELIABLE_JSON("json.reliable.webpubsub.azure.v1");

    /** What the hub offers in the WebSocket handshake, preferred first. */
    static final List<String> OFFERED = List.of(Objects.requireNonNull(RELIABLE_JSON.name),
            Objects.requireNonNull(JSON.name));

    private final @Nullable String name;

    Subprotocol(@Nullable String name) {
        this.name = name;
    }

    /**
     * Returns the subprotocol the handshake selected; none, or one the hub does not
     * speak, is plain WebSocket.
     */
    static Subprotocol selected(@Nullable String name) {
        if (name != null && name.equals(RELIABLE_JSON.name)) {
            return RELIABLE_JSON;
        }
        return (name != null && name.equals(JSON.name)) ? JSON : PLAIN;
    }

    boolean isJson() {
        return this != PLAIN;
    }

}
