package io.github.webpubsub.localhub;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A message a client sent to the hub: an {@code event} or a {@code sendToGroup} request
 * on the JSON subprotocols, or a frame of a plain WebSocket client. The service would
 * hand events and plain frames to the application's event handlers; the local hub keeps
 * them for tests to look at
 * ({@link LocalWebPubSubHub#awaitMessage(java.util.function.Predicate, java.time.Duration)}).
 */
public final class ClientMessage {

    private final String hub;

    private final String connectionId;

    private final @Nullable String userId;

    private final Kind kind;

    private final @Nullable String name;

    private final DataType dataType;

    private final byte[] data;

    private final Instant receivedAt;

    ClientMessage(String hub, String connectionId, @Nullable String userId, Kind kind, @Nullable String name,
            DataType dataType, byte[] data, Instant receivedAt) {
        this.hub = hub;
        this.connectionId = connectionId;
        this.userId = userId;
        this.kind = kind;
        this.name = name;
        this.dataType = dataType;
        this.data = data.clone();
        this.receivedAt = receivedAt;
    }

    /**
     * Returns the hub the client is connected to.
     * @return the hub
     */
    public String hub() {
        return this.hub;
    }

    /**
     * Returns the connection that sent the message.
     * @return its connection id
     */
    public String connectionId() {
        return this.connectionId;
    }

    /**
     * Returns the user of the connection.
     * @return the user id, or {@code null} for an anonymous client
     */
    public @Nullable String userId() {
        return this.userId;
    }

    /**
     * Returns what kind of message this is.
     * @return the kind
     */
    public Kind kind() {
        return this.kind;
    }

    /**
     * Returns the event name of an {@link Kind#EVENT}, or the group of a
     * {@link Kind#GROUP_MESSAGE}.
     * @return the event or group; {@code null} for a {@link Kind#PLAIN} frame
     */
    public @Nullable String name() {
        return this.name;
    }

    /**
     * Returns how the data is typed.
     * @return the data type
     */
    public DataType dataType() {
        return this.dataType;
    }

    /**
     * Returns the data as text: the JSON text of {@link DataType#JSON} data, the text of
     * {@link DataType#TEXT} data, or binary data decoded as UTF-8.
     * @return the text
     */
    public String text() {
        return new String(this.data, StandardCharsets.UTF_8);
    }

    /**
     * Returns the data as bytes: the UTF-8 bytes of JSON and text data, or the bytes of
     * binary data (decoded from base64 on the JSON subprotocols).
     * @return a copy of the bytes
     */
    public byte[] bytes() {
        return this.data.clone();
    }

    /**
     * Returns when the hub received the message.
     * @return the instant, by the hub's clock
     */
    public Instant receivedAt() {
        return this.receivedAt;
    }

    /**
     * Tells whether this is an event of a name.
     * @param event the event name
     * @return {@code true} for an {@link Kind#EVENT} of that name
     */
    public boolean isEvent(String event) {
        return this.kind == Kind.EVENT && Objects.equals(this.name, event);
    }

    /**
     * Tells whether this is a message to a group.
     * @param group the group
     * @return {@code true} for a {@link Kind#GROUP_MESSAGE} to that group
     */
    public boolean isToGroup(String group) {
        return this.kind == Kind.GROUP_MESSAGE && Objects.equals(this.name, group);
    }

    @Override
    public String toString() {
        return "ClientMessage[" + this.kind + ((this.name != null) ? " " + this.name : "") + " from "
                + ((this.userId != null) ? "user " + this.userId : "an anonymous client") + " on " + this.hub + "/"
                + this.connectionId + ", " + this.dataType + ", " + this.data.length + " bytes]";
    }

    /** What a client sent. */
    public enum Kind {

        /** {@code {"type":"event","event":..}}: for the application's event handler. */
        EVENT,

        /**
         * {@code {"type":"sendToGroup","group":..}}: delivered to the group's members,
         * and kept here too.
         */
        GROUP_MESSAGE,

        /** A frame of a plain WebSocket client (no subprotocol). */
        PLAIN

    }

    /** How a message's data is typed, as the JSON subprotocols type it. */
    public enum DataType {

        /** A JSON value. */
        JSON,

        /** A string. */
        TEXT,

        /** Bytes; base64 on the JSON subprotocols. */
        BINARY

    }

}
