package io.github.webpubsub.localhub;

import java.util.Base64;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A frame a client sends on the JSON subprotocols ("Requests" in Microsoft's reference of
 * {@code json.webpubsub.azure.v1} and {@code json.reliable.webpubsub.azure.v1}).
 * {@link #parse(JsonNode)} checks the documented format; the service declines a client
 * whose frame does not match it, and so does this hub.
 */
sealed interface ClientRequest {

    /** Longest group name the service accepts. */
    int MAX_GROUP_LENGTH = 1024;

    /**
     * Reads a frame.
     * @param frame the frame's JSON
     * @return the request
     * @throws ProtocolViolationException if the frame does not match the subprotocol, or
     * asks for a feature the local hub does not have
     */
    static ClientRequest parse(JsonNode frame) {
        if (!frame.isObject()) {
            throw new ProtocolViolationException("A frame must be a JSON object.");
        }
        String type = requiredString(frame, "type");
        return switch (type) {
            case "joinGroup" -> new JoinGroup(group(frame), ackId(frame));
            case "leaveGroup" -> new LeaveGroup(group(frame), ackId(frame));
            case "sendToGroup" -> sendToGroup(frame);
            case "event" -> event(frame);
            case "sequenceAck" -> new SequenceAck(unsignedLong(frame, "sequenceId"));
            case "ping" -> new Ping();
            default -> throw new ProtocolViolationException("Requests of type '" + abbreviate(type) + "' are not "
                    + "supported by the local hub; it handles joinGroup, leaveGroup, sendToGroup, event, "
                    + "sequenceAck and ping.");
        };
    }

    private static SendToGroup sendToGroup(JsonNode frame) {
        if (frame.has("stream")) {
            throw new ProtocolViolationException("Group streams are not supported by the local hub.");
        }
        String dataType = dataType(frame);
        JsonNode noEcho = frame.get("noEcho");
        if (noEcho != null && !noEcho.isNull() && !noEcho.isBoolean()) {
            throw new ProtocolViolationException("noEcho must be true or false.");
        }
        return new SendToGroup(group(frame), ackId(frame), noEcho != null && noEcho.asBoolean(false), dataType,
                data(frame, dataType));
    }

    private static Event event(JsonNode frame) {
        String event = requiredString(frame, "event");
        String dataType = dataType(frame);
        return new Event(event, ackId(frame), dataType, data(frame, dataType));
    }

    private static String group(JsonNode frame) {
        String group = requiredString(frame, "group");
        if (group.length() > MAX_GROUP_LENGTH || group.isBlank() || group.chars().anyMatch(Character::isISOControl)) {
            throw new ProtocolViolationException("A group name has 1 to " + MAX_GROUP_LENGTH
                    + " characters, not all blank, and no control characters.");
        }
        return group;
    }

    /**
     * {@code json} unless given; {@code text} and {@code binary} are the others the JSON
     * subprotocols know.
     */
    private static String dataType(JsonNode frame) {
        JsonNode dataType = frame.get("dataType");
        if (dataType == null || dataType.isNull()) {
            return "json";
        }
        String value = dataType.isString() ? dataType.stringValue() : "";
        if (!value.equals("json") && !value.equals("text") && !value.equals("binary")) {
            throw new ProtocolViolationException("dataType must be json, text or binary.");
        }
        return value;
    }

    private static JsonNode data(JsonNode frame, String dataType) {
        JsonNode data = frame.get("data");
        if (data == null) {
            throw new ProtocolViolationException("The request has no data.");
        }
        if (dataType.equals("text") && !data.isString()) {
            throw new ProtocolViolationException("With dataType text, data must be a string.");
        }
        if (dataType.equals("binary") && !(data.isString() && isBase64(data.stringValue()))) {
            throw new ProtocolViolationException("With dataType binary, data must be a base64 string.");
        }
        return data;
    }

    private static boolean isBase64(String text) {
        try {
            Base64.getDecoder().decode(text);
            return true;
        }
        catch (IllegalArgumentException ex) {
            return false;
        }
    }

    private static @Nullable Long ackId(JsonNode frame) {
        return frame.has("ackId") && !frame.get("ackId").isNull() ? unsignedLong(frame, "ackId") : null;
    }

    private static long unsignedLong(JsonNode frame, String name) {
        JsonNode value = frame.get(name);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw new ProtocolViolationException(name + " must be a whole number, 0 or more.");
        }
        return value.longValue();
    }

    private static String requiredString(JsonNode frame, String name) {
        JsonNode value = frame.get(name);
        if (value == null || !value.isString()) {
            throw new ProtocolViolationException("The request has no " + name + " string.");
        }
        return value.stringValue();
    }

    private static String abbreviate(String text) {
        String printable = text.codePoints()
            .filter((c) -> !Character.isISOControl(c))
            .limit(64)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
        return (printable.length() < text.length()) ? printable + "..." : printable;
    }

    /**
     * The {@code ackId} of a request that has one, else {@code null} (fire and forget).
     */
    @Nullable Long ackId();

    /** {@code {"type":"joinGroup","group":..,"ackId":..}}. */
    record JoinGroup(String group, @Nullable Long ackId) implements ClientRequest {
    }

    /** {@code {"type":"leaveGroup","group":..,"ackId":..}}. */
    record LeaveGroup(String group, @Nullable Long ackId) implements ClientRequest {
    }

    /**
     * {@code {"type":"sendToGroup","group":..,"ackId":..,"noEcho":..,"dataType":..,"data":..}}.
     */
    record SendToGroup(String group, @Nullable Long ackId, boolean noEcho, String dataType,
            JsonNode data) implements ClientRequest {
    }

    /**
     * {@code {"type":"event","event":..,"ackId":..,"dataType":..,"data":..}}: for
     * upstream event handlers.
     */
    record Event(String event, @Nullable Long ackId, String dataType, JsonNode data) implements ClientRequest {
    }

    /**
     * {@code {"type":"sequenceAck","sequenceId":..}}: the reliable subprotocol's receipt.
     */
    record SequenceAck(long sequenceId) implements ClientRequest {

        @Override
        public @Nullable Long ackId() {
            return null;
        }

    }

    /** {@code {"type":"ping"}}: the client's keep-alive, answered with a pong. */
    record Ping() implements ClientRequest {

        @Override
        public @Nullable Long ackId() {
            return null;
        }

    }

}
