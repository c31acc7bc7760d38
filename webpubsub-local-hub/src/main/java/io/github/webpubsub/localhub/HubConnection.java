package io.github.webpubsub.localhub;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

import io.github.webpubsub.token.WebPubSubRole;
import io.github.webpubsub.token.WebPubSubRole.Permission;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One client connection to a hub: who it is, what it may do, the groups it is in, and
 * what its subprotocol makes it remember (the {@code ackId}s it has processed; on the
 * reliable subprotocol the messages it has not acknowledged).
 *
 * <p>
 * A connection lives on one {@link Transport} at a time. On the reliable subprotocol, a
 * transport that drops without a close frame leaves the connection waiting for the client
 * to recover it (with {@code awps_connection_id} and {@code awps_reconnection_token});
 * the messages that arrive meanwhile are kept and sent on the new transport, with those
 * the client had not acknowledged.
 *
 * <p>
 * Messages arrive on the publishers' threads. Numbering and sending happen under this
 * connection's lock, so the client sees {@code sequenceId}s in increasing order, and its
 * {@code connected} message before anything else.
 */
final class HubConnection {

    /**
     * How many processed {@code ackId}s are remembered to answer a resent request with
     * {@code Duplicate}.
     */
    static final int REMEMBERED_ACK_IDS = 1000;

    /**
     * How many unacknowledged messages a reliable connection keeps for redelivery; the
     * oldest go first.
     */
    static final int REMEMBERED_MESSAGES = 1000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final String id = randomId(16);

    private final String hub;

    private final @Nullable String userId;

    private final Subprotocol subprotocol;

    /** Non-null on the reliable subprotocol only. */
    private final @Nullable String reconnectionToken;

    /** The token's roles, then what the REST API granted or revoked. */
    private final Set<WebPubSubRole> roles;

    /** Changed by {@link Connections} only, under its lock. */
    private final Set<String> groups = ConcurrentHashMap.newKeySet();

    /** Guarded by this. */
    private @Nullable Transport transport;

    /** Guarded by this. */
    private boolean closed;

    /**
     * Guarded by this: how many transports the connection has had, to tell one wait for
     * recovery from the next.
     */
    private long attachments;

    /** Guarded by this. */
    private final Set<Long> processedAckIds = new LinkedHashSet<>();

    /** Guarded by this. */
    private long lastSequenceId;

    /**
     * Guarded by this: numbered messages the client has not acknowledged, oldest first.
     */
    private final Deque<Numbered> unacknowledged = new ArrayDeque<>();

    HubConnection(String hub, @Nullable String userId, List<WebPubSubRole> roles, Subprotocol subprotocol) {
        this.hub = hub;
        this.userId = userId;
        this.roles = new CopyOnWriteArraySet<>(roles);
        this.subprotocol = subprotocol;
        this.reconnectionToken = (subprotocol == Subprotocol.RELIABLE_JSON) ? randomId(32) : null;
    }

    String id() {
        return this.id;
    }

    String hub() {
        return this.hub;
    }

    @Nullable String userId() {
        return this.userId;
    }

    Subprotocol subprotocol() {
        return this.subprotocol;
    }

    Set<String> groups() {
        return this.groups;
    }

    /**
     * Tells whether the token's roles, with what the REST API granted or revoked, allow
     * something on a group.
     */
    boolean may(Permission permission, String group) {
        return this.roles.stream().anyMatch((role) -> role.grants(permission, group));
    }

    void grant(WebPubSubRole role) {
        this.roles.add(role);
    }

    void revoke(WebPubSubRole role) {
        this.roles.remove(role);
    }

    boolean has(WebPubSubRole role) {
        return this.roles.contains(role);
    }

    /**
     * Tells whether a reconnection token is this connection's, in constant time.
     */
    boolean acceptsReconnectionToken(String token) {
        return this.reconnectionToken != null && MessageDigest
            .isEqual(this.reconnectionToken.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Puts the connection on a transport: the first one, or a new one after a drop. On
     * the JSON subprotocols the client is told it is connected; on recovery the messages
     * it has not acknowledged are sent again.
     * @return {@code false} if the connection has closed meanwhile
     */
    synchronized boolean attach(Transport transport) {
        if (this.closed) {
            return false;
        }
        Transport previous = this.transport;
        this.transport = transport;
        this.attachments++;
        if (previous != null) {
            // A half-open WebSocket the client has given up on.
            previous.drop();
        }
        if (this.subprotocol.isJson()) {
            sendControl(ServerMessages.connected(this.userId, this.id, this.reconnectionToken));
        }
        for (Numbered message : this.unacknowledged) {
            transport.send(new OutboundFrame.Text(message.text()));
        }
        return true;
    }

    /**
     * Takes a transport off the connection after its WebSocket ended.
     * @param transport the transport that ended; an earlier one is ignored
     * @param recoverable whether the client may come back for the connection (it dropped
     * without closing)
     * @return {@code true} if the connection is over, {@code false} if it waits for the
     * client to recover it
     */
    synchronized boolean detach(Transport transport, boolean recoverable) {
        transport.terminated();
        if (this.transport != transport) {
            return this.closed;
        }
        this.transport = null;
        if (!recoverable || this.subprotocol != Subprotocol.RELIABLE_JSON) {
            this.closed = true;
        }
        return this.closed;
    }

    synchronized long attachments() {
        return this.attachments;
    }

    /**
     * Ends a connection whose client did not recover it in time.
     * @param attachments what {@link #attachments()} said when its transport dropped
     * @return {@code true} if it ended now
     */
    synchronized boolean expire(long attachments) {
        if (this.closed || this.transport != null || this.attachments != attachments) {
            return false;
        }
        this.closed = true;
        return true;
    }

    /** Tells whether the connection waits for its client to recover it. */
    synchronized boolean isDetached() {
        return !this.closed && this.transport == null;
    }

    synchronized boolean isClosed() {
        return this.closed;
    }

    /**
     * Ends the connection: on the JSON subprotocols with a {@code disconnected} message,
     * then a close frame.
     */
    synchronized void close(int code, String reason) {
        if (this.closed) {
            return;
        }
        this.closed = true;
        Transport transport = this.transport;
        if (transport != null) {
            if (this.subprotocol.isJson()) {
                sendControl(ServerMessages.disconnected(reason));
            }
            // A close reason holds at most 123 bytes; the full reason went in the
            // disconnected message.
            boolean fits = reason.getBytes(StandardCharsets.UTF_8).length <= 123;
            transport.close(code, fits ? reason : "Closed by the local hub");
        }
    }

    /**
     * Cuts the transport without a close frame, as a network failure would; the client
     * may then recover.
     */
    synchronized void drop() {
        if (this.transport != null) {
            this.transport.drop();
        }
    }

    /**
     * Sends what the application or another client sent: as it is to a plain WebSocket
     * client; as a message of the JSON subprotocols otherwise, numbered and kept until
     * acknowledged on the reliable one.
     * @param message the JSON subprotocols' message, or {@code null} for a message only
     * plain clients get
     * @param payload the data, for plain clients
     */
    synchronized void deliver(ObjectNode message, Payload payload) {
        if (this.closed) {
            return;
        }
        if (!this.subprotocol.isJson()) {
            send(payload.plainFrame());
            return;
        }
        if (this.subprotocol != Subprotocol.RELIABLE_JSON) {
            sendControl(message);
            return;
        }
        long sequenceId = ++this.lastSequenceId;
        ObjectNode numbered = JsonNodeFactory.instance.objectNode().put("sequenceId", sequenceId);
        numbered.setAll(message);
        String text = SignedTokens.JSON.writeValueAsString(numbered);
        this.unacknowledged.addLast(new Numbered(sequenceId, text));
        if (this.unacknowledged.size() > REMEMBERED_MESSAGES) {
            this.unacknowledged.removeFirst();
        }
        send(new OutboundFrame.Text(text));
    }

    /**
     * Forgets the messages the client has acknowledged, up to and including a
     * {@code sequenceId}.
     */
    synchronized void acknowledge(long sequenceId) {
        while (!this.unacknowledged.isEmpty() && this.unacknowledged.peekFirst().sequenceId() <= sequenceId) {
            this.unacknowledged.removeFirst();
        }
    }

    /**
     * Sends a message that is neither numbered nor kept: acks, pongs, system messages.
     */
    synchronized void sendControl(ObjectNode message) {
        send(new OutboundFrame.Text(SignedTokens.JSON.writeValueAsString(message)));
    }

    private void send(OutboundFrame frame) {
        Transport transport = this.transport;
        if (transport != null) {
            transport.send(frame);
        }
    }

    /**
     * Tells whether a request with this {@code ackId} has already succeeded on this
     * connection.
     */
    synchronized boolean hasProcessed(long ackId) {
        return this.processedAckIds.contains(ackId);
    }

    /**
     * Remembers a request that succeeded; failed ones may be resent with the same
     * {@code ackId}.
     */
    synchronized void processed(long ackId) {
        this.processedAckIds.add(ackId);
        if (this.processedAckIds.size() > REMEMBERED_ACK_IDS) {
            Iterator<Long> oldest = this.processedAckIds.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    private static String randomId(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return BASE64URL.encodeToString(random);
    }

    @Override
    public String toString() {
        return "HubConnection[" + this.id + ", hub=" + this.hub + "]";
    }

    private record Numbered(long sequenceId, String text) {
    }

}
