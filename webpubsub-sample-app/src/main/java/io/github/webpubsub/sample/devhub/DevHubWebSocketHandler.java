package io.github.webpubsub.sample.devhub;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.github.webpubsub.sample.devhub.ClientRequest.Event;
import io.github.webpubsub.sample.devhub.ClientRequest.JoinGroup;
import io.github.webpubsub.sample.devhub.ClientRequest.LeaveGroup;
import io.github.webpubsub.sample.devhub.ClientRequest.Ping;
import io.github.webpubsub.sample.devhub.ClientRequest.SendToGroup;
import io.github.webpubsub.sample.devhub.ClientRequest.SequenceAck;
import io.github.webpubsub.token.WebPubSubRole.Permission;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.SubProtocolCapable;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * Speaks the service's JSON subprotocols with clients that the {@link DevHubHandshakeInterceptor} admitted: sends the
 * {@code connected} message, joins the token's groups, and handles {@code joinGroup}, {@code leaveGroup},
 * {@code sendToGroup}, {@code event}, {@code sequenceAck} and {@code ping}, with acks and roles as the service
 * has them. Recovery of a dropped reliable connection is declined (close code 1008), after which the client opens a
 * new connection; so no message is kept for redelivery.
 */
final class DevHubWebSocketHandler extends AbstractWebSocketHandler implements SubProtocolCapable {

    /** {@code json.reliable.webpubsub.azure.v1}: numbered group messages; the official client's default. */
    static final String RELIABLE_JSON_SUBPROTOCOL = "json.reliable.webpubsub.azure.v1";

    /** {@code json.webpubsub.azure.v1}. */
    static final String JSON_SUBPROTOCOL = "json.webpubsub.azure.v1";

    static final List<String> SUBPROTOCOLS = List.of(RELIABLE_JSON_SUBPROTOCOL, JSON_SUBPROTOCOL);

    /** Largest frame a client may send, as the service: 1 MiB. A larger one closes the connection (code 1009). */
    static final int MAX_MESSAGE_BYTES = 1024 * 1024;

    private static final String CONNECTION = HubConnection.class.getName();

    private final Groups groups;

    private final ObjectMapper json;

    DevHubWebSocketHandler(Groups groups, ObjectMapper json) {
        this.groups = groups;
        this.json = json;
    }

    @Override
    public List<String> getSubProtocols() {
        return SUBPROTOCOLS;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        session.setTextMessageSizeLimit(MAX_MESSAGE_BYTES);
        session.setBinaryMessageSizeLimit(MAX_MESSAGE_BYTES);
        if (session.getAttributes().containsKey(DevHubHandshakeInterceptor.RECOVERY)) {
            HubConnection.decline(session, "The local development hub does not recover connections; "
                    + "start a new connection with an access token.", this.json);
            return;
        }
        String hub = (String) session.getAttributes().get(DevHubHandshakeInterceptor.HUB);
        ClientIdentity identity = (ClientIdentity) session.getAttributes().get(DevHubHandshakeInterceptor.IDENTITY);
        boolean reliable = RELIABLE_JSON_SUBPROTOCOL.equals(session.getAcceptedProtocol());
        HubConnection connection = new HubConnection(session, hub, identity, reliable, this.json);
        session.getAttributes().put(CONNECTION, connection);
        connection.start(this.groups);
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        handle(session, message.getPayload());
    }

    /** The JSON subprotocols also accept their frames as UTF-8 in binary WebSocket messages. */
    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
        handle(session, StandardCharsets.UTF_8.decode(message.getPayload()).toString());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        HubConnection connection = connection(session);
        if (connection != null) {
            this.groups.leaveAll(connection);
        }
    }

    private void handle(WebSocketSession session, String frame) {
        HubConnection connection = connection(session);
        if (connection == null || connection.isClosed()) {
            return;
        }
        ClientRequest request;
        try {
            request = ClientRequest.parse(this.json.readTree(frame));
        }
        catch (JacksonException ex) {
            connection.decline("A frame is not valid JSON.");
            return;
        }
        catch (ProtocolViolationException ex) {
            connection.decline(ex.getMessage());
            return;
        }
        if (request instanceof Ping) {
            connection.send(ServerMessages.pong());
            return;
        }
        if (request instanceof SequenceAck) {
            // Nothing to release: messages are never kept for redelivery.
            return;
        }
        Long ackId = request.ackId();
        if (ackId != null && connection.hasProcessed(ackId)) {
            connection.send(ServerMessages.ackError(ackId, ServerMessages.DUPLICATE,
                    "Message with ack-id: " + ackId + " has been processed"));
            return;
        }
        String forbidden = execute(connection, request);
        if (ackId == null) {
            return;
        }
        if (forbidden != null) {
            connection.send(ServerMessages.ackError(ackId, ServerMessages.FORBIDDEN, forbidden));
            return;
        }
        connection.processed(ackId);
        connection.send(ServerMessages.ack(ackId));
    }

    /**
     * Carries out a request the client's roles allow.
     * @return {@code null} when done, else why the client may not do it
     */
    private @Nullable String execute(HubConnection connection, ClientRequest request) {
        ClientIdentity identity = connection.identity();
        if (request instanceof JoinGroup join) {
            if (!identity.may(Permission.JOIN_LEAVE_GROUP, join.group())) {
                return "The connection has no permission to join group '" + join.group() + "'.";
            }
            this.groups.join(connection, join.group());
        }
        else if (request instanceof LeaveGroup leave) {
            if (!identity.may(Permission.JOIN_LEAVE_GROUP, leave.group())) {
                return "The connection has no permission to leave group '" + leave.group() + "'.";
            }
            this.groups.leave(connection, leave.group());
        }
        else if (request instanceof SendToGroup send) {
            if (!identity.may(Permission.SEND_TO_GROUP, send.group())) {
                return "The connection has no permission to send to group '" + send.group() + "'.";
            }
            ObjectNode message = ServerMessages.groupMessage(send.group(), identity.userId(), send.dataType(), send.data());
            for (HubConnection member : this.groups.members(connection.hub(), send.group())) {
                if (!(send.noEcho() && member == connection)) {
                    member.deliver(message);
                }
            }
        }
        else if (request instanceof Event) {
            // Events go to upstream event handlers; a development hub has none, as a service hub without handlers.
        }
        return null;
    }

    private static @Nullable HubConnection connection(WebSocketSession session) {
        return (HubConnection) session.getAttributes().get(CONNECTION);
    }

}
