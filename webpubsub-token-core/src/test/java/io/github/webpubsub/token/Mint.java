package io.github.webpubsub.token;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The two ways to ask a factory for a client access, {@link ClientUrlFactory#create} and
 * {@link ClientUrlFactory#createAsync}, so that one test states an outcome for both: a
 * test class parameterized with {@code Mint} issues through
 * {@link #through(ClientUrlFactory)}, whose {@code create} takes the way under test. The
 * asynchronous way is held to its contract on every call: it never throws, and its future
 * fails with the exception itself, which {@code create} then throws as the synchronous
 * way would.
 */
enum Mint {

    CREATE,

    CREATE_ASYNC;

    /**
     * Longer than any call of these tests may take: a future still pending then is a bug.
     */
    private static final long MAX_WAIT_SECONDS = 60;

    /**
     * Returns the factory, seen through this way of issuing.
     */
    ClientUrlFactory through(ClientUrlFactory factory) {
        return (this == CREATE) ? factory : new AsyncView(factory);
    }

    /**
     * Waits for a future of {@code createAsync} and returns its access, or throws its
     * failure as {@code create} would, after checking that the future holds the exception
     * itself.
     */
    static ClientAccess await(CompletableFuture<ClientAccess> future) {
        try {
            return future.get(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
        }
        catch (ExecutionException ex) {
            Throwable failure = ex.getCause();
            Throwable seenByHandle = future.handle((access, thrown) -> thrown).join();
            if (seenByHandle != failure || failure instanceof CompletionException) {
                throw new AssertionError("createAsync's future must fail with the exception itself, but handle(..) "
                        + "sees " + seenByHandle, failure);
            }
            if (failure instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            throw new AssertionError("createAsync failed with a checked exception", failure);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for createAsync", ex);
        }
        catch (TimeoutException ex) {
            throw new AssertionError("createAsync's future is still pending after " + MAX_WAIT_SECONDS + " s", ex);
        }
    }

    private static CompletableFuture<ClientAccess> neverThrows(Supplier<CompletableFuture<ClientAccess>> createAsync) {
        try {
            return createAsync.get();
        }
        catch (RuntimeException ex) {
            throw new AssertionError("createAsync threw instead of failing its future", ex);
        }
    }

    /**
     * A factory whose {@code create} issues through {@code createAsync} and waits for the
     * future.
     */
    private static final class AsyncView implements ClientUrlFactory {

        private final ClientUrlFactory factory;

        AsyncView(ClientUrlFactory factory) {
            this.factory = factory;
        }

        @Override
        public ClientAccess create(ClientAccessRequest request) {
            return await(neverThrows(() -> this.factory.createAsync(request)));
        }

        @Override
        public ClientAccess create(Consumer<ClientAccessRequest.Builder> request) {
            return await(neverThrows(() -> this.factory.createAsync(request)));
        }

        @Override
        public CompletableFuture<ClientAccess> createAsync(ClientAccessRequest request) {
            return this.factory.createAsync(request);
        }

        @Override
        public String toString() {
            return this.factory.toString();
        }

    }

}
