package io.github.webpubsub.localhub;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The frames the hub sends on the JSON subprotocols {@code json.webpubsub.azure.v1} and
 * {@code json.reliable.webpubsub.azure.v1}, as Microsoft's reference of each defines them
 * ("Responses").
 */
final class ServerMessages {

    /** Ack error: the client lacks the role for the request. */
    static final String FORBIDDEN = "Forbidden";

    /**
     * Ack error: a request with the same {@code ackId} has already been processed on this
     * connection.
     */
    static final String DUPLICATE = "Duplicate";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ServerMessages() {
    }

    /**
     * {@code {"type":"system","event":"connected","userId":..,"connectionId":..,"reconnectionToken":..}};
     * the reconnection token only on the reliable subprotocol. {@code userId} is
     * {@code null} for an anonymous client.
     */
    static ObjectNode connected(@Nullable String userId, String connectionId, @Nullable String reconnectionToken) {
        ObjectNode message = system("connected");
        message.put("userId", userId);
        message.put("connectionId", connectionId);
        if (reconnectionToken != null) {
            message.put("reconnectionToken", reconnectionToken);
        }
        return message;
    }

    /**
     * {@code {"type":"system","event":"disconnected","message":..}}: sent just before the
     * hub closes a connection.
     */
    static ObjectNode disconnected(String reason) {
        return system("disconnected").put("message", reason);
    }

    /** {@code {"type":"ack","ackId":..,"success":true}}. */
    static ObjectNode ack(long ackId) {
        return NODES.objectNode().put("type", "ack").put("ackId", ackId).put("success", true);
    }

    /**
     * {@code {"type":"ack","ackId":..,"success":false,"error":{"name":..,"message":..}}}.
     */
    static ObjectNode ackError(long ackId, String name, String message) {
        ObjectNode ack = NODES.objectNode().put("type", "ack").put("ackId", ackId).put("success", false);
        ack.putObject("error").put("name", name).put("message", message);
        return ack;
    }

    /**
     * {@code {"type":"message","from":"group","fromUserId":..,"group":..,"dataType":..,"data":..}},
     * without a {@code sequenceId}: the connection adds one on the reliable subprotocol.
     * {@code fromUserId} is left out when the sender is anonymous.
     */
    static ObjectNode groupMessage(String group, @Nullable String fromUserId, Payload payload) {
        ObjectNode message = NODES.objectNode().put("type", "message").put("from", "group");
        if (fromUserId != null) {
            message.put("fromUserId", fromUserId);
        }
        message.put("group", group).put("dataType", payload.dataTypeName()).set("data", payload.dataNode());
        return message;
    }

    /**
     * {@code {"type":"message","from":"server","dataType":..,"data":..}}: what the
     * application sent through the REST API, to the connection, its user, one of its
     * groups or the whole hub.
     */
    static ObjectNode serverMessage(Payload payload) {
        ObjectNode message = NODES.objectNode().put("type", "message").put("from", "server");
        message.put("dataType", payload.dataTypeName()).set("data", payload.dataNode());
        return message;
    }

    /** {@code {"type":"pong"}}: the answer to the client's keep-alive {@code ping}. */
    static ObjectNode pong() {
        return NODES.objectNode().put("type", "pong");
    }

    private static ObjectNode system(String event) {
        return NODES.objectNode().put("type", "system").put("event", event);
    }

}
