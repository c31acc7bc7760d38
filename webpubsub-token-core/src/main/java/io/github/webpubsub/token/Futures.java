package io.github.webpubsub.token;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The few ways key-less mode composes futures, so that each reads the same wherever it is
 * used: a failure always reaches the next step as the exception itself, never wrapped in
 * a {@link CompletionException}.
 */
final class Futures {

    private Futures() {
    }

    /**
     * Returns a future that completes like {@code source}, with its failure unwrapped, or
     * with a {@link java.util.concurrent.TimeoutException} once {@code timeout} has
     * passed. {@code source} itself is left alone: it may be shared with other waiters,
     * whose own waits are their own.
     */
    static <T> CompletableFuture<T> within(CompletableFuture<T> source, Duration timeout) {
        CompletableFuture<T> bounded = new CompletableFuture<>();
        forward(source, bounded);
        // orTimeout cancels its timer as soon as the future completes, so a quick answer
        // leaves nothing behind.
        return bounded.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Completes {@code target} with the outcome of {@code source}, a failure unwrapped:
     * the target's own waiters (and {@code handle}/{@code whenComplete} on it) see the
     * exception that failed the work.
     */
    static <T> void forward(CompletableFuture<? extends T> source, CompletableFuture<T> target) {
        source.whenComplete((value, failure) -> {
            if (failure != null) {
                target.completeExceptionally(unwrap(failure));
            }
            else {
                target.complete(value);
            }
        });
    }

    /**
     * Returns the failure a dependent stage reports, without the
     * {@link CompletionException} it is wrapped in.
     */
    static Throwable unwrap(Throwable failure) {
        return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
    }

}
