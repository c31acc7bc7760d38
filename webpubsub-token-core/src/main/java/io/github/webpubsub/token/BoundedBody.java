package io.github.webpubsub.token;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a response body into memory up to a limit, and stops reading (closing the
 * connection) as soon as the body declares or reaches more. A service answer is a few
 * hundred bytes; anything much larger is not one, and must not cost the server memory.
 */
final class BoundedBody implements BodySubscriber<byte[]> {

    private final int limit;

    private final long declaredLength;

    private final boolean failWhenTooLarge;

    private final CompletableFuture<byte[]> body = new CompletableFuture<>();

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    /**
     * Set by {@code onSubscribe}, which the HTTP client calls before any other method.
     */
    @SuppressWarnings("NullAway.Init")
    private Flow.Subscription subscription;

    private BoundedBody(int limit, long declaredLength, boolean failWhenTooLarge) {
        this.limit = limit;
        this.declaredLength = declaredLength;
        this.failWhenTooLarge = failWhenTooLarge;
    }

    /**
     * Returns a handler for answers whose body matters in success and only helps in
     * failure: a 2xx body beyond {@code successLimit} fails the exchange with
     * {@link TooLargeException}; any other body beyond {@code errorLimit} is dropped
     * (read as {@code null}) so that the status still counts.
     * @param successLimit the largest 2xx body accepted, in bytes
     * @param errorLimit the largest other body kept, in bytes
     */
    static BodyHandler<byte[]> handler(int successLimit, int errorLimit) {
        return (info) -> {
            long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            boolean success = info.statusCode() >= 200 && info.statusCode() < 300;
            return new BoundedBody(success ? successLimit : errorLimit, declared, success);
        };
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (this.declaredLength > this.limit) {
            tooLarge();
            return;
        }
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (this.body.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            if (this.bytes.size() + (long) buffer.remaining() > this.limit) {
                tooLarge();
                return;
            }
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            this.bytes.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable failure) {
        this.body.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        this.body.complete(this.bytes.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return this.body;
    }

    private void tooLarge() {
        this.subscription.cancel();
        if (this.failWhenTooLarge) {
            this.body.completeExceptionally(new TooLargeException(this.limit));
        }
        else {
            this.body.complete(null);
        }
    }

    /**
     * The body exceeds the limit.
     */
    static final class TooLargeException extends IOException {

        private static final long serialVersionUID = 1L;

        TooLargeException(int limit) {
            super("The response body exceeds " + limit + " bytes");
        }

    }

}
