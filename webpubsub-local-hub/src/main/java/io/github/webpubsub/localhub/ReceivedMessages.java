package io.github.webpubsub.localhub;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What clients have sent, most recent last, for tests to wait for and look at. Only the
 * latest {@value #CAPACITY} are kept, so that a hub left running in development does not
 * grow without bound.
 */
final class ReceivedMessages {

    static final int CAPACITY = 10_000;

    /** Guarded by this. */
    private final Deque<ClientMessage> messages = new ArrayDeque<>();

    synchronized void add(ClientMessage message) {
        if (this.messages.size() == CAPACITY) {
            this.messages.removeFirst();
        }
        this.messages.addLast(message);
        notifyAll();
    }

    synchronized List<ClientMessage> all() {
        return List.copyOf(this.messages);
    }

    synchronized void clear() {
        this.messages.clear();
    }

    /**
     * Returns the first message, received so far or within the timeout, that matches.
     */
    synchronized Optional<ClientMessage> await(Predicate<? super ClientMessage> condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (ClientMessage message : this.messages) {
                if (condition.test(message)) {
                    return Optional.of(message);
                }
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return Optional.empty();
            }
            wait(Math.max(1, remaining / 1_000_000));
        }
    }

}
