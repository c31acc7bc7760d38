package io.github.webpubsub.localhub;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The keys the hub checks signatures with, as the resource's two keys: the one its source
 * holds now and the one it held before, so that tokens signed before a rotation keep
 * working until they expire. The source is read again at each check; a new key is adopted
 * only once it is usable (32 bytes or more, not a connection string) and reads the same
 * twice in a row, so that a key file caught half-written never becomes the key, and an
 * unreadable or empty source leaves the keys as they are: a client is then answered as
 * before, never with a server error.
 */
final class AccessKeys {

    /** HS256 needs a key of at least 256 bits (RFC 7518, section 3.2). */
    static final int MIN_KEY_BYTES = 32;

    private static final System.Logger logger = System.getLogger(AccessKeys.class.getName());

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Supplier<String> source;

    /** The current and the previous key; replaced, never changed. */
    private volatile Keys keys;

    private AccessKeys(Supplier<String> source, String initial) {
        this.source = source;
        this.keys = new Keys(initial, null);
    }

    /**
     * Creates the keys from a source that holds a usable key now.
     * @throws IllegalArgumentException if the source's key is unusable; the message never
     * contains it
     */
    static AccessKeys of(Supplier<String> source) {
        String key = source.get();
        String problem = problem(key);
        if (problem != null) {
            throw new IllegalArgumentException("The local hub's access key " + problem + ".");
        }
        return new AccessKeys(source, key);
    }

    /**
     * Returns a fresh random key shaped like a real one: base64 of 32 random bytes, 44
     * characters.
     */
    static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * Returns the key that signs what the hub mints itself.
     */
    String current() {
        return refresh().current();
    }

    /**
     * Returns the keys a signature may be made with, the current one first.
     */
    List<String> verificationKeys() {
        Keys keys = refresh();
        return (keys.previous() != null) ? List.of(keys.current(), keys.previous()) : List.of(keys.current());
    }

    private synchronized Keys refresh() {
        Keys keys = this.keys;
        String first = read();
        if (first == null || first.equals(keys.current())) {
            return keys;
        }
        String problem = problem(first);
        if (problem != null) {
            logger.log(Level.WARNING, "The local hub keeps its access key: the new one " + problem + ".");
            return keys;
        }
        if (!first.equals(read())) {
            // Changing as it is read (a file being written): the next check sees it
            // settled.
            return keys;
        }
        keys = new Keys(first, keys.current());
        this.keys = keys;
        logger.log(Level.INFO, "The local hub adopted a new access key; tokens signed with the previous one stay "
                + "valid until they expire.");
        return keys;
    }

    private @Nullable String read() {
        try {
            return this.source.get();
        }
        catch (RuntimeException ex) {
            // Unreadable for now (a file being replaced, say): the keys the hub has stay
            // valid.
            return null;
        }
    }

    /** Says what makes a key unusable, never quoting it; {@code null} if it is usable. */
    private static @Nullable String problem(@Nullable String key) {
        if (key == null || key.isBlank()) {
            return "is empty";
        }
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.contains("endpoint=") || lower.contains("accesskey=")) {
            return "is a connection string rather than a key; give the AccessKey part only";
        }
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < MIN_KEY_BYTES) {
            return "has " + bytes + " bytes; HS256 needs at least " + MIN_KEY_BYTES;
        }
        return null;
    }

    @Override
    public String toString() {
        return "AccessKeys[******]";
    }

    private record Keys(String current, @Nullable String previous) {

        @Override
        public String toString() {
            return "Keys[******]";
        }

    }

}
