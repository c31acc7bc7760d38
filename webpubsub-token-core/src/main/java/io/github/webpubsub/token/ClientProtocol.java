package io.github.webpubsub.token;

import org.jspecify.annotations.Nullable;

/**
 * The client protocols of Azure Web PubSub. Each one connects to its own path and is told
 * apart in the token's audience, so a token minted for one protocol is refused by the
 * others.
 *
 * <pre>{@code
 * ClientAccess access = factory.create(request -> request.userId("device-42").protocol(ClientProtocol.MQTT));
 * access.url(); // wss://<host>/clients/mqtt/hubs/<hub>?access_token=...
 * }</pre>
 */
public enum ClientProtocol {

    /**
     * WebSocket clients such as {@code @azure/web-pubsub-client}:
     * {@code client/hubs/<hub>}.
     */
    DEFAULT("default", "client/hubs/"),

    /** MQTT clients: {@code clients/mqtt/hubs/<hub>}. */
    MQTT("mqtt", "clients/mqtt/hubs/"),

    /** Socket.IO clients: {@code clients/socketio/hubs/<hub>}. */
    SOCKETIO("socketio", "clients/socketio/hubs/");

    private final String clientType;

    private final String hubPathPrefix;

    ClientProtocol(String clientType, String hubPathPrefix) {
        this.clientType = clientType;
        this.hubPathPrefix = hubPathPrefix;
    }

    /**
     * Returns the protocol a text names: its {@link #clientType()} ({@code default},
     * {@code mqtt}, {@code socketio}) or its constant name, in any case.
     *
     * <pre>{@code
     * ClientProtocol protocol = ClientProtocol.parse(request.getParameter("protocol")); // "mqtt" -> MQTT
     * }</pre>
     * @param text the protocol's name
     * @return the protocol
     * @throws InvalidClientAccessRequestException if the text names no protocol; the
     * message lists the choices, so that a web layer may answer it with 400 Bad Request
     */
    public static ClientProtocol parse(@Nullable String text) {
        if (text != null) {
            for (ClientProtocol protocol : values()) {
                if (protocol.clientType.equalsIgnoreCase(text.strip())) {
                    return protocol;
                }
            }
        }
        throw new InvalidClientAccessRequestException("'" + ((text != null) ? Printable.quote(text) : "null")
                + "' is no Web PubSub client protocol. Use default, mqtt or socketio.");
    }

    /**
     * Returns the value the service's REST API expects in its {@code clientType}
     * parameter.
     * @return {@code default}, {@code mqtt} or {@code socketio}
     */
    public String clientType() {
        return this.clientType;
    }

    /**
     * Returns the path of a hub for this protocol, relative to the service endpoint.
     * @param hub a valid hub name
     * @return for example {@code client/hubs/chat}
     */
    public String hubPath(String hub) {
        return this.hubPathPrefix + hub;
    }

}
