package io.github.webpubsub.spring.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.webpubsub.token.AccessKeyCredential;
import io.github.webpubsub.token.InvalidWebPubSubSettingException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Reads the access key again at each {@code webpubsub.key-rotation.check-interval} and,
 * when it changed, makes it the signing key of the {@link AccessKeyCredential}: key
 * rotation without a restart.
 *
 * <p>
 * A check acts only on what the check before it read too: a new key is adopted, and a
 * failure reported, once two checks in a row read the same. What one check alone sees (a
 * key file caught half-written by a writer that does not replace files atomically) is
 * remembered and nothing more, so a new key signs within two intervals of being written.
 *
 * <p>
 * A changed key is logged at INFO, without any of it. A key that cannot be read or is
 * invalid (too short, or a whole connection string) leaves the signing key as it was and
 * is logged once at ERROR, with the setting and the rule it breaks, never the value; the
 * same failure is not logged again at every check, and the recovery is logged at INFO.
 *
 * <p>
 * The checks run on one daemon thread of its own, from the context's start to its close.
 */
final class AccessKeyRefresher implements SmartLifecycle {

    private static final Log logger = LogFactory.getLog(AccessKeyRefresher.class);

    static final String THREAD_NAME = "webpubsub-key-rotation";

    private final Supplier<@Nullable String> accessKey;

    private final AccessKeyCredential credential;

    private final Duration interval;

    private final String sourceLabel;

    private final Object lifecycleMonitor = new Object();

    private @Nullable ScheduledExecutorService executor;

    /**
     * The failure logged last, until a check succeeds; touched by the checking thread
     * only.
     */
    private @Nullable String loggedFailure;

    /**
     * What the last check read, for the next to compare; touched by the checking thread
     * only.
     */
    private @Nullable Sighting lastSighting;

    /**
     * Creates a refresher.
     * @param accessKey reads the current access key from its source; may throw
     * @param credential the credential to update
     * @param interval the time between the end of one check and the start of the next
     * @param sourceLabel how messages name the key's source, such as
     * {@code 'webpubsub.access-key-file'}
     */
    AccessKeyRefresher(Supplier<@Nullable String> accessKey, AccessKeyCredential credential, Duration interval,
            String sourceLabel) {
        this.accessKey = accessKey;
        this.credential = credential;
        this.interval = interval;
        this.sourceLabel = sourceLabel;
    }

    @Override
    public void start() {
        synchronized (this.lifecycleMonitor) {
            if (this.executor != null) {
                return;
            }
            ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
                Thread thread = new Thread(task, THREAD_NAME);
                thread.setDaemon(true);
                return thread;
            });
            long nanos = this.interval.toNanos();
            executor.scheduleWithFixedDelay(this::check, nanos, nanos, TimeUnit.NANOSECONDS);
            this.executor = executor;
        }
        if (logger.isInfoEnabled()) {
            logger.info("Checking the Web PubSub access key from " + this.sourceLabel + " for changes every "
                    + DurationText.of(this.interval) + ".");
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor;
        synchronized (this.lifecycleMonitor) {
            executor = this.executor;
            this.executor = null;
        }
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS) && logger.isWarnEnabled()) {
                logger.warn("The Web PubSub access key check did not stop within 10 seconds.");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        synchronized (this.lifecycleMonitor) {
            return this.executor != null;
        }
    }

    /**
     * Reads the key and updates the credential if it changed and the previous check read
     * the same. Never throws: an exception would cancel the schedule.
     */
    void check() {
        String key = null;
        String problem;
        try {
            key = this.accessKey.get();
            problem = (key != null) ? null : this.sourceLabel + " returned no access key.";
        }
        catch (WebPubSubConfigurationException ex) {
            // The starter's own: the key's source failed, such as a file that cannot be
            // read. Names the setting.
            problem = ex.getMessage() + " " + ex.getAction();
        }
        catch (RuntimeException ex) {
            // An application's WebPubSubConnectionDetails may throw anything, with the
            // key in the message.
            problem = "Reading the access key from " + this.sourceLabel + " failed (" + ex.getClass().getName() + ").";
        }
        if (key == null) {
            // Every path without a key has named its problem.
            String reason = Objects.requireNonNull(problem);
            if (isSteady(Sighting.problem(reason))) {
                fail(reason);
            }
            return;
        }
        if (!isSteady(Sighting.key(key))) {
            return;
        }
        boolean changed;
        try {
            changed = this.credential.update(key);
        }
        catch (InvalidWebPubSubSettingException ex) {
            // The core's messages state the rule the key breaks, never the key.
            fail("The access key from " + this.sourceLabel + " is invalid. " + ex.getMessage());
            return;
        }
        if (changed) {
            logger.info("Web PubSub signing key changed: client access tokens are now signed with the new access key "
                    + "from " + this.sourceLabel + ".");
        }
        else if (this.loggedFailure != null) {
            logger.info("The Web PubSub access key from " + this.sourceLabel + " is valid again; tokens are still "
                    + "signed with the same key.");
        }
        this.loggedFailure = null;
    }

    /** Records what this check saw, and tells whether the previous check saw the same. */
    private boolean isSteady(Sighting sighting) {
        boolean steady = sighting.sameAs(this.lastSighting);
        this.lastSighting = sighting;
        return steady;
    }

    private void fail(String problem) {
        if (!Objects.equals(problem, this.loggedFailure)) {
            logger.error(problem + " Tokens are still signed with the previous access key.");
            this.loggedFailure = problem;
        }
    }

    @Override
    public String toString() {
        return "AccessKeyRefresher[" + this.sourceLabel + ", every " + this.interval + "]";
    }

    /**
     * What one check read: a digest of the key (so that the key itself is not kept
     * between checks), or the problem that kept it from reading one.
     */
    private record Sighting(byte @Nullable [] keyDigest, @Nullable String problem) {

        static Sighting key(String key) {
            try {
                return new Sighting(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)),
                        null);
            }
            catch (NoSuchAlgorithmException ex) {
                // Every Java platform has SHA-256.
                throw new IllegalStateException(ex);
            }
        }

        static Sighting problem(String problem) {
            return new Sighting(null, problem);
        }

        boolean sameAs(@Nullable Sighting previous) {
            if (previous == null) {
                return false;
            }
            if (this.problem != null) {
                return this.problem.equals(previous.problem);
            }
            return previous.keyDigest != null && MessageDigest.isEqual(this.keyDigest, previous.keyDigest);
        }

    }

}
