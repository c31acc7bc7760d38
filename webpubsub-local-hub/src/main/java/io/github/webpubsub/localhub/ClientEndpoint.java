package io.github.webpubsub.localhub;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.github.webpubsub.localhub.ClientMessage.DataType;
import io.github.webpubsub.localhub.ClientMessage.Kind;
import io.github.webpubsub.localhub.ClientRequest.Event;
import io.github.webpubsub.localhub.ClientRequest.JoinGroup;
import io.github.webpubsub.localhub.ClientRequest.LeaveGroup;
import io.github.webpubsub.localhub.ClientRequest.Ping;
import io.github.webpubsub.localhub.ClientRequest.SendToGroup;
import io.github.webpubsub.localhub.ClientRequest.SequenceAck;
import io.github.webpubsub.token.WebPubSubRole.Permission;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import tools.jackson.core.JacksonException;

/**
 * The client endpoint, {@code /client/hubs/{hub}}, as the service has it. The access
 * token (the {@code access_token} query parameter, or an {@code Authorization: Bearer}
 * header) is checked before the upgrade: HS256 with the access key, an {@code exp} to
 * come, and an {@code aud} that is the address the client dialled (scheme, host and port,
 * as its {@code Host} header says, and the path); otherwise {@code 401} with the
 * service's {@code WWW-Authenticate} challenge and no WebSocket. Then it speaks
 * {@code json.reliable.webpubsub.azure.v1}, {@code json.webpubsub.azure.v1}, or plain
 * WebSocket when the client asks for neither.
 */
final class ClientEndpoint {

    static final String PATH_PREFIX = "/client/hubs/";

    /**
     * Largest frame a client may send, as the service: 1 MiB. A larger one closes the
     * connection (code 1009).
     */
    static final int MAX_FRAME_BYTES = 1024 * 1024;

    private static final System.Logger logger = System.getLogger(ClientEndpoint.class.getName());

    private static final String BEARER = "Bearer ";

    private static final String CLOSE_FRAME_WATCH = "webpubsub.closeFrameWatch";

    private static final WebsocketServerSpec JSON_WEBSOCKET = WebsocketServerSpec.builder()
        .protocols(String.join(",", Subprotocol.OFFERED))
        .maxFramePayloadLength(MAX_FRAME_BYTES)
        .build();

    private static final WebsocketServerSpec PLAIN_WEBSOCKET = WebsocketServerSpec.builder()
        .maxFramePayloadLength(MAX_FRAME_BYTES)
        .build();

    private final Connections connections;

    private final AccessKeys keys;

    private final ReceivedMessages received;

    private final Clock clock;

    private final ScheduledExecutorService scheduler;

    private final Duration reconnectionWindow;

    ClientEndpoint(Connections connections, AccessKeys keys, ReceivedMessages received, Clock clock,
            ScheduledExecutorService scheduler, Duration reconnectionWindow) {
        this.connections = connections;
        this.keys = keys;
        this.received = received;
        this.clock = clock;
        this.scheduler = scheduler;
        this.reconnectionWindow = reconnectionWindow;
    }

    Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        URI target = URI.create(request.uri());
        String hub = decode(target.getRawPath().substring(PATH_PREFIX.length()));
        if (hub == null || !HubNames.isValid(hub)) {
            return plain(response, HttpResponseStatus.NOT_FOUND, "No such hub: a hub name starts with a letter and "
                    + "has up to 128 letters, digits or underscores.");
        }
        if (!request.requestHeaders().containsValue(HttpHeaderNames.UPGRADE, "websocket", true)) {
            return plain(response, HttpResponseStatus.BAD_REQUEST, "The client endpoint takes WebSocket connections.");
        }
        String connectionId = ClientAccessToken.queryParameter(target, "awps_connection_id");
        String reconnectionToken = ClientAccessToken.queryParameter(target, "awps_reconnection_token");
        if (connectionId != null && reconnectionToken != null) {
            return response.sendWebsocket((in, out) -> recover(in, out, hub, connectionId, reconnectionToken),
                    websocket(request));
        }
        ClientAccessToken token;
        try {
            token = ClientAccessToken.verify(token(request, target), dialledAddress(request, target),
                    this.keys.verificationKeys(), this.clock);
        }
        catch (InvalidAccessTokenException ex) {
            logger.log(Level.INFO, "Refused a client of hub " + hub + ": " + ex.getMessage());
            return RestResponses.unauthorized(response, ex);
        }
        catch (IllegalArgumentException ex) {
            return plain(response, HttpResponseStatus.BAD_REQUEST, "The Host header is not a valid address.");
        }
        return response.sendWebsocket((in, out) -> connect(in, out, hub, token), websocket(request));
    }

    /**
     * Offers the JSON subprotocols to a client that asks for one of them, and none to
     * others: Reactor Netty hands a WebSocket on only if it selected a subprotocol it
     * offered, and a plain client asks for none.
     */
    private static WebsocketServerSpec websocket(HttpServerRequest request) {
        String requested = request.requestHeaders().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
        if (requested == null) {
            return PLAIN_WEBSOCKET;
        }
        for (String protocol : requested.split(",")) {
            if (Subprotocol.OFFERED.contains(protocol.trim())) {
                return JSON_WEBSOCKET;
            }
        }
        return PLAIN_WEBSOCKET;
    }

    private Publisher<Void> connect(WebsocketInbound in, WebsocketOutbound out, String hub, ClientAccessToken token) {
        Transport transport = new Transport(nettyConnection(in));
        HubConnection connection = new HubConnection(hub, token.userId(), token.webPubSubRoles(),
                Subprotocol.selected(in.selectedSubprotocol()));
        this.connections.add(connection);
        connection.attach(transport);
        for (String group : token.groups()) {
            this.connections.join(connection, group);
        }
        return serve(in, out, connection, transport);
    }

    private Publisher<Void> recover(WebsocketInbound in, WebsocketOutbound out, String hub, String connectionId,
            String reconnectionToken) {
        Transport transport = new Transport(nettyConnection(in));
        HubConnection connection = this.connections.find(hub, connectionId);
        if (connection == null || !connection.acceptsReconnectionToken(reconnectionToken)
                || !connection.attach(transport)) {
            // Declined as the service does; the client then starts a new connection with
            // its access token.
            transport.send(new OutboundFrame.Text(SignedTokens.JSON.writeValueAsString(ServerMessages
                .disconnected("The connection cannot be recovered; start a new connection with an access token."))));
            transport.close(1008, "Cannot be recovered");
            return transport.write(out);
        }
        return serve(in, out, connection, transport);
    }

    private Publisher<Void> serve(WebsocketInbound in, WebsocketOutbound out, HubConnection connection,
            Transport transport) {
        // A client that means to go sends a close frame; without one (a cut connection)
        // it may come back for it.
        AtomicBoolean closeFrameReceived = new AtomicBoolean();
        in.withConnection((netty) -> {
            // Decoded frames, before Reactor Netty answers a close frame itself.
            netty.channel()
                .pipeline()
                .addBefore(NettyPipeline.ReactiveBridge, CLOSE_FRAME_WATCH, new ChannelInboundHandlerAdapter() {

                    @Override
                    public void channelRead(ChannelHandlerContext context, Object message) {
                        if (message instanceof CloseWebSocketFrame) {
                            closeFrameReceived.set(true);
                        }
                        context.fireChannelRead(message);
                    }

                });
            netty.onDispose(() -> ended(connection, transport, !closeFrameReceived.get()));
        });
        Mono<Void> inbound = in.aggregateFrames(MAX_FRAME_BYTES)
            .receiveFrames()
            .doOnNext((frame) -> received(connection, frame))
            .then()
            .onErrorResume((ex) -> {
                // A message split into frames that add up to more than the limit; other
                // errors end the transport.
                if (ex instanceof TooLongFrameException) {
                    connection.close(1009, "A message is larger than 1 MiB, the most the service takes.");
                }
                return Mono.empty();
            });
        return Mono.when(inbound, transport.write(out));
    }

    private void ended(HubConnection connection, Transport transport, boolean dropped) {
        if (connection.detach(transport, dropped)) {
            this.connections.remove(connection);
            return;
        }
        long attachments = connection.attachments();
        try {
            this.scheduler.schedule(() -> {
                if (connection.expire(attachments)) {
                    this.connections.remove(connection);
                }
            }, this.reconnectionWindow.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (RejectedExecutionException ex) {
            // The hub is shutting down: nobody will come back for the connection.
            connection.close(1001, "The local hub is shutting down.");
            this.connections.remove(connection);
        }
    }

    private void received(HubConnection connection, WebSocketFrame frame) {
        if (connection.isClosed()) {
            return;
        }
        boolean binary = frame instanceof BinaryWebSocketFrame;
        if (!binary && !(frame instanceof TextWebSocketFrame)) {
            return;
        }
        byte[] bytes = ByteBufUtil.getBytes(frame.content());
        if (connection.subprotocol() == Subprotocol.PLAIN) {
            record(connection, Kind.PLAIN, null, new Payload(binary ? DataType.BINARY : DataType.TEXT, bytes));
            return;
        }
        // The JSON subprotocols also accept their frames as UTF-8 in binary WebSocket
        // messages.
        ClientRequest request;
        try {
            request = ClientRequest.parse(SignedTokens.JSON.readTree(bytes));
        }
        catch (JacksonException ex) {
            connection.close(1008, "A frame is not valid JSON.");
            return;
        }
        catch (ProtocolViolationException ex) {
            connection.close(1008, ex.getMessage());
            return;
        }
        handle(connection, request);
    }

    private void handle(HubConnection connection, ClientRequest request) {
        if (request instanceof Ping) {
            connection.sendControl(ServerMessages.pong());
            return;
        }
        if (request instanceof SequenceAck ack) {
            connection.acknowledge(ack.sequenceId());
            return;
        }
        Long ackId = request.ackId();
        if (ackId != null && connection.hasProcessed(ackId)) {
            connection.sendControl(ServerMessages.ackError(ackId, ServerMessages.DUPLICATE,
                    "Message with ack-id: " + ackId + " has been processed"));
            return;
        }
        String forbidden = execute(connection, request);
        if (ackId == null) {
            return;
        }
        if (forbidden != null) {
            connection.sendControl(ServerMessages.ackError(ackId, ServerMessages.FORBIDDEN, forbidden));
            return;
        }
        connection.processed(ackId);
        connection.sendControl(ServerMessages.ack(ackId));
    }

    /**
     * Carries out a request the connection's roles allow.
     * @return {@code null} when done, else why the client may not do it
     */
    private @Nullable String execute(HubConnection connection, ClientRequest request) {
        if (request instanceof JoinGroup join) {
            if (!connection.may(Permission.JOIN_LEAVE_GROUP, join.group())) {
                return "The connection has no permission to join group '" + join.group() + "'.";
            }
            this.connections.join(connection, join.group());
        }
        else if (request instanceof LeaveGroup leave) {
            if (!connection.may(Permission.JOIN_LEAVE_GROUP, leave.group())) {
                return "The connection has no permission to leave group '" + leave.group() + "'.";
            }
            this.connections.leave(connection, leave.group());
        }
        else if (request instanceof SendToGroup send) {
            if (!connection.may(Permission.SEND_TO_GROUP, send.group())) {
                return "The connection has no permission to send to group '" + send.group() + "'.";
            }
            Payload payload = Payload.fromRequest(send.dataType(), send.data());
            var message = ServerMessages.groupMessage(send.group(), connection.userId(), payload);
            for (HubConnection member : this.connections.inGroup(connection.hub(), send.group())) {
                if (!(send.noEcho() && member == connection)) {
                    member.deliver(message, payload);
                }
            }
            record(connection, Kind.GROUP_MESSAGE, send.group(), payload);
        }
        else if (request instanceof Event event) {
            // The service hands events to the application's event handler; the local hub
            // keeps them for tests.
            record(connection, Kind.EVENT, event.event(), Payload.fromRequest(event.dataType(), event.data()));
        }
        return null;
    }

    private void record(HubConnection connection, Kind kind, @Nullable String name, Payload payload) {
        this.received.add(new ClientMessage(connection.hub(), connection.id(), connection.userId(), kind, name,
                payload.dataType(), payload.bytes(), this.clock.instant()));
    }

    private static Connection nettyConnection(WebsocketInbound in) {
        AtomicReference<Connection> connection = new AtomicReference<>();
        // Called back at once, on this thread.
        in.withConnection(connection::set);
        return Objects.requireNonNull(connection.get(), "WebSocket connection");
    }

    private static @Nullable String token(HttpServerRequest request, URI target) {
        String parameter = ClientAccessToken.queryParameter(target, "access_token");
        if (parameter != null) {
            return parameter;
        }
        String authorization = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).trim();
        }
        return null;
    }

    /**
     * Returns the address the client dialled, as its token must name it: {@code http},
     * the {@code Host} header, and the path.
     * @throws IllegalArgumentException if the {@code Host} header is no valid authority
     */
    static URI dialledAddress(HttpServerRequest request, URI target) {
        String host = request.requestHeaders().get(HttpHeaderNames.HOST);
        try {
            URI address = new URI("http://" + host + target.getRawPath());
            if (address.getHost() == null) {
                throw new IllegalArgumentException("The Host header names no host");
            }
            return address;
        }
        catch (URISyntaxException ex) {
            throw new IllegalArgumentException("The Host header is not a valid authority", ex);
        }
    }

    /**
     * Percent-decodes a path segment, where a {@code +} stays a {@code +}; {@code null}
     * if it is malformed.
     */
    static @Nullable String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException ex) {
            return null;
        }
    }

    static Mono<Void> plain(HttpServerResponse response, HttpResponseStatus status, String text) {
        return response.status(status)
            .header(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
            .sendString(Mono.just(text))
            .then();
    }

}
