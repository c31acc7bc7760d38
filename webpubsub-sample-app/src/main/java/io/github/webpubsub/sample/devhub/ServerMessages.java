package io.github.webpubsub.sample.devhub;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The frames the hub sends, as the JSON subprotocols {@code json.webpubsub.azure.v1} and
 * {@code json.reliable.webpubsub.azure.v1} define them ("Responses" in Microsoft's reference of each).
 *
 * <p>They are built as JSON trees rather than serialized objects, so that an application's customisation of its
 * {@code JsonMapper} (a naming strategy, say) cannot change the wire format.
 */
final class ServerMessages {

    /** Ack error: the client lacks the role for the request. */
    static final String FORBIDDEN = "Forbidden";

    /** Ack error: a request with the same {@code ackId} has already been processed on this connection. */
    static final String DUPLICATE = "Duplicate";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ServerMessages() {
    }

    /**
     * {@code {"type":"system","event":"connected","userId":..,"connectionId":..,"reconnectionToken":..}}; the
     * reconnection token only on the reliable subprotocol. {@code userId} is {@code null} for an anonymous client.
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

    /** {@code {"type":"system","event":"disconnected","message":..}}: sent just before the hub closes a connection. */
    static ObjectNode disconnected(String reason) {
        return system("disconnected").put("message", reason);
    }

    /** {@code {"type":"ack","ackId":..,"success":true}}. */
    static ObjectNode ack(long ackId) {
        return NODES.objectNode().put("type", "ack").put("ackId", ackId).put("success", true);
    }

    /** {@code {"type":"ack","ackId":..,"success":false,"error":{"name":..,"message":..}}}. */
    static ObjectNode ackError(long ackId, String name, String message) {
        ObjectNode ack = NODES.objectNode().put("type", "ack").put("ackId", ackId).put("success", false);
        ack.putObject("error").put("name", name).put("message", message);
        return ack;
    }

    /**
     * {@code {"type":"message","from":"group","fromUserId":..,"group":..,"dataType":..,"data":..}}, without a
     * {@code sequenceId}: the connection adds one on the reliable subprotocol. {@code fromUserId} is left out when
     * the sender is anonymous.
     */
    static ObjectNode groupMessage(String group, @Nullable String fromUserId, String dataType, JsonNode data) {
        ObjectNode message = NODES.objectNode().put("type", "message").put("from", "group");
        if (fromUserId != null) {
            message.put("fromUserId", fromUserId);
        }
        message.put("group", group).put("dataType", dataType).set("data", data);
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
