package io.github.webpubsub.localhub;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.github.webpubsub.localhub.ClientMessage.DataType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The data of a message, typed as the JSON subprotocols type it: a JSON value, a string,
 * or bytes. The same message reaches a JSON subprotocol client as its {@code dataType}
 * and {@code data}, and a plain WebSocket client as a text frame (JSON and text) or a
 * binary frame.
 *
 * @param dataType how the data is typed
 * @param bytes the UTF-8 bytes of JSON and text, or the bytes themselves
 */
record Payload(DataType dataType, byte[] bytes) {

    Payload {
        bytes = bytes.clone();
    }

    /**
     * Reads the {@code dataType} and {@code data} of a JSON subprotocol request, already
     * checked by {@link ClientRequest#parse(JsonNode)}.
     */
    static Payload fromRequest(String dataType, JsonNode data) {
        return switch (dataType) {
            case "text" -> new Payload(DataType.TEXT, data.stringValue().getBytes(StandardCharsets.UTF_8));
            case "binary" -> new Payload(DataType.BINARY, Base64.getDecoder().decode(data.stringValue()));
            default ->
                new Payload(DataType.JSON, SignedTokens.JSON.writeValueAsString(data).getBytes(StandardCharsets.UTF_8));
        };
    }

    /** Returns the subprotocols' name of the data type. */
    String dataTypeName() {
        return switch (this.dataType) {
            case JSON -> "json";
            case TEXT -> "text";
            case BINARY -> "binary";
        };
    }

    /**
     * Returns the {@code data} member of a JSON subprotocol message.
     * @throws JacksonException if JSON data is not valid JSON
     */
    JsonNode dataNode() {
        return switch (this.dataType) {
            case JSON -> SignedTokens.JSON.readTree(this.bytes);
            case TEXT -> JsonNodeFactory.instance.stringNode(text());
            case BINARY -> JsonNodeFactory.instance.stringNode(Base64.getEncoder().encodeToString(this.bytes));
        };
    }

    String text() {
        return new String(this.bytes, StandardCharsets.UTF_8);
    }

    /** Returns the frame a plain WebSocket client gets. */
    OutboundFrame plainFrame() {
        return (this.dataType == DataType.BINARY) ? new OutboundFrame.Binary(this.bytes)
                : new OutboundFrame.Text(text());
    }

}
