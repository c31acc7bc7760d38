package io.github.webpubsub.sample.devhub;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.SessionLimitExceededException;

/**
 * One client connection to a hub: its identity, the groups it has joined, and what the subprotocol makes it remember
 * (the {@code ackId}s it has processed, and on the reliable subprotocol the last {@code sequenceId} it has sent).
 *
 * <p>Group messages arrive on the publishers' threads. Numbering and sending happen under this connection's lock, so
 * the client sees {@code sequenceId}s in increasing order, and its {@code connected} message before any group message.
 */
final class HubConnection {

    /** How many processed {@code ackId}s are remembered to answer a resent request with {@code Duplicate}. */
    static final int REMEMBERED_ACK_IDS = 1000;

    /** A client that does not take a message within this time is disconnected. */
    private static final int SEND_TIME_LIMIT_MILLIS = 10_000;

    /** Frames waiting for a slow client, in bytes; beyond this the client is disconnected. */
    private static final int SEND_BUFFER_LIMIT_BYTES = 4 * DevHubWebSocketHandler.MAX_MESSAGE_BYTES;

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final String connectionId = randomId(16);

    private final String hub;

    private final ClientIdentity identity;

    /** Non-null on the reliable subprotocol only. */
    private final @Nullable String reconnectionToken;

    /** Sends from any thread, one frame at a time. */
    private final WebSocketSession session;

    private final ObjectMapper json;

    private final Set<String> joinedGroups = ConcurrentHashMap.newKeySet();

    private volatile boolean closed;

    /** Guarded by this. */
    private final Set<Long> processedAckIds = new LinkedHashSet<>();

    /** Guarded by this. */
    private long lastSequenceId;

    HubConnection(WebSocketSession session, String hub, ClientIdentity identity, boolean reliable, ObjectMapper json) {
        this.session = new ConcurrentWebSocketSessionDecorator(session, SEND_TIME_LIMIT_MILLIS, SEND_BUFFER_LIMIT_BYTES);
        this.hub = hub;
        this.identity = identity;
        this.reconnectionToken = reliable ? randomId(32) : null;
        this.json = json;
    }

    String hub() {
        return this.hub;
    }

    ClientIdentity identity() {
        return this.identity;
    }

    /**
     * Joins the groups of the token and tells the client it is connected. Group messages that race with this wait
     * until the {@code connected} message has gone out.
     */
    synchronized void start(Groups groups) {
        for (String group : this.identity.groups()) {
            groups.join(this, group);
        }
        send(ServerMessages.connected(this.identity.userId(), this.connectionId, this.reconnectionToken));
    }

    /** Sends a frame; a client that cannot take it is disconnected. */
    synchronized void send(ObjectNode message) {
        if (this.closed || !this.session.isOpen()) {
            return;
        }
        try {
            this.session.sendMessage(new TextMessage(this.json.writeValueAsString(message)));
        }
        catch (SessionLimitExceededException ex) {
            closeQuietly(CloseStatus.SESSION_NOT_RELIABLE.withReason("Too slow to take messages"));
        }
        catch (IOException | IllegalStateException | JacksonException ex) {
            closeQuietly(CloseStatus.SERVER_ERROR);
        }
    }

    /** Sends a group message, numbered with the next {@code sequenceId} on the reliable subprotocol. */
    synchronized void deliver(ObjectNode groupMessage) {
        if (this.reconnectionToken == null) {
            send(groupMessage);
            return;
        }
        ObjectNode numbered = JsonNodeFactory.instance.objectNode().put("sequenceId", ++this.lastSequenceId);
        numbered.setAll(groupMessage);
        send(numbered);
    }

    /** Tells whether a request with this {@code ackId} has already succeeded on this connection. */
    synchronized boolean hasProcessed(long ackId) {
        return this.processedAckIds.contains(ackId);
    }

    /** Remembers a request that succeeded; failed ones may be resent with the same {@code ackId}. */
    synchronized void processed(long ackId) {
        this.processedAckIds.add(ackId);
        if (this.processedAckIds.size() > REMEMBERED_ACK_IDS) {
            Iterator<Long> oldest = this.processedAckIds.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** Declines the client as the service does: a {@code disconnected} message, then close code 1008. */
    void decline(String reason) {
        decline(this.session, reason, this.json);
        this.closed = true;
    }

    static void decline(WebSocketSession session, String reason, ObjectMapper json) {
        try {
            if (session.isOpen()) {
                session.sendMessage(new TextMessage(json.writeValueAsString(ServerMessages.disconnected(reason))));
            }
        }
        catch (IOException | RuntimeException ex) {
            // Closing anyway.
        }
        try {
            // A close reason holds at most 123 bytes; the full reason went in the disconnected message.
            session.close(CloseStatus.POLICY_VIOLATION.withReason("Declined by the local development hub"));
        }
        catch (IOException ex) {
            // Already gone.
        }
    }

    Set<String> joinedGroups() {
        return this.joinedGroups;
    }

    boolean isClosed() {
        return this.closed;
    }

    /** Marks the connection closed, so that a group join racing with the close is undone. */
    void markClosed() {
        this.closed = true;
    }

    private void closeQuietly(CloseStatus status) {
        this.closed = true;
        try {
            this.session.close(status);
        }
        catch (IOException ex) {
            // Already gone.
        }
    }

    private static String randomId(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return BASE64URL.encodeToString(random);
    }

    @Override
    public String toString() {
        return "HubConnection[" + this.connectionId + ", hub=" + this.hub + "]";
    }

}
