package io.github.webpubsub.localhub;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.http.websocket.WebsocketOutbound;
import reactor.util.concurrent.Queues;

/**
 * One WebSocket of a client connection: frames are queued from any thread and written in
 * order; a close sends what is queued, then the close frame. A reliable connection
 * outlives its WebSocket (the client may recover it on a new one), so this is kept apart
 * from {@link HubConnection}.
 */
final class Transport {

    /** Frames that may wait for a slow client; past this the WebSocket is given up. */
    static final int MAX_QUEUED_FRAMES = 4096;

    private final Sinks.Many<OutboundFrame> frames = Sinks.many()
        .unicast()
        .onBackpressureBuffer(Queues.<OutboundFrame>get(MAX_QUEUED_FRAMES).get());

    private final Connection connection;

    /** Guarded by this. */
    private @Nullable CloseReason closing;

    /** Guarded by this. */
    private boolean done;

    Transport(Connection connection) {
        this.connection = connection;
    }

    /**
     * Writes the queued frames until the transport is closed, then the close frame if the
     * hub closed it.
     */
    Mono<Void> write(WebsocketOutbound out) {
        return out.sendObject(this.frames.asFlux().map(OutboundFrame::toWebSocketFrame))
            .then()
            .onErrorResume((ex) -> Mono.empty())
            .then(Mono.defer(() -> {
                CloseReason close = closeReason();
                return (close != null) ? out.sendClose(close.code(), close.reason()) : Mono.<Void>empty();
            }))
            .onErrorResume((ex) -> Mono.empty());
    }

    /**
     * Queues a frame.
     * @return {@code false} if the transport is closed or the client too slow to take
     * more (it is then dropped)
     */
    synchronized boolean send(OutboundFrame frame) {
        if (this.done) {
            return false;
        }
        if (this.frames.tryEmitNext(frame).isFailure()) {
            drop();
            return false;
        }
        return true;
    }

    /**
     * Sends what is queued, then a close frame with a code and a reason of at most 123
     * bytes.
     */
    synchronized void close(int code, String reason) {
        if (this.done) {
            return;
        }
        this.done = true;
        this.closing = new CloseReason(code, reason);
        this.frames.tryEmitComplete();
    }

    /** Cuts the connection without a close frame, as a network failure would. */
    void drop() {
        synchronized (this) {
            this.done = true;
            this.frames.tryEmitComplete();
        }
        this.connection.dispose();
    }

    /** Called once the WebSocket has gone: nothing more is written. */
    synchronized void terminated() {
        this.done = true;
        this.frames.tryEmitComplete();
    }

    private synchronized @Nullable CloseReason closeReason() {
        return this.closing;
    }

    private record CloseReason(int code, String reason) {
    }

}
