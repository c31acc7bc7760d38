package io.github.webpubsub.localhub;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * A frame waiting to be sent to a client. Netty's frame, which holds a buffer, is made
 * only as it is written, so that frames dropped with a closed connection leave nothing to
 * release.
 */
sealed interface OutboundFrame {

    WebSocketFrame toWebSocketFrame();

    /** Its size, for the bound on what may wait for a slow client. */
    int size();

    record Text(String text) implements OutboundFrame {

        @Override
        public WebSocketFrame toWebSocketFrame() {
            return new TextWebSocketFrame(this.text);
        }

        @Override
        public int size() {
            return this.text.length();
        }

    }

    record Binary(byte[] bytes) implements OutboundFrame {

        @Override
        public WebSocketFrame toWebSocketFrame() {
            return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(this.bytes));
        }

        @Override
        public int size() {
            return this.bytes.length;
        }

    }

}
