package io.github.webpubsub.localhub;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link AccessKeys}: a rotated key is adopted only once it is usable and reads
 * the same twice in a row, and the key before it stays valid.
 */
class AccessKeysTests {

    private static final String KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqr";

    private static final String NEW_KEY = "rqponmlkjihgfedcbaZYXWVUTSRQPONMLKJIHGFEDCBA";

    private static final String NEWER_KEY = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGH";

    @Test
    void rotatedKeyIsAdoptedAndThePreviousOneStaysValid() {
        Source source = new Source(KEY);
        AccessKeys keys = AccessKeys.of(source);

        source.holds(NEW_KEY);

        assertThat(keys.verificationKeys()).containsExactly(NEW_KEY, KEY);
        assertThat(keys.current()).isEqualTo(NEW_KEY);
    }

    @Test
    void aThirdKeyRetiresTheFirst() {
        Source source = new Source(KEY);
        AccessKeys keys = AccessKeys.of(source);
        source.holds(NEW_KEY);
        keys.current();

        source.holds(NEWER_KEY);

        assertThat(keys.verificationKeys()).containsExactly(NEWER_KEY, NEW_KEY);
    }

    @Test
    void emptyOrShortOrUnreadableKeysLeaveTheKeysAsTheyAre() {
        Source source = new Source(KEY);
        AccessKeys keys = AccessKeys.of(source);

        source.holds("");
        assertThat(keys.verificationKeys()).containsExactly(KEY);
        source.holds(KEY.substring(0, 20));
        assertThat(keys.verificationKeys()).containsExactly(KEY);
        source.fails();
        assertThat(keys.verificationKeys()).containsExactly(KEY);
    }

    @Test
    void connectionStringIsNeverAdoptedAsTheKey() {
        Source source = new Source(KEY);
        AccessKeys keys = AccessKeys.of(source);

        source.holds("Endpoint=http://localhost:8080;AccessKey=" + NEW_KEY + ";Version=1.0;");

        assertThat(keys.verificationKeys()).containsExactly(KEY);
    }

    @Test
    void keyThatChangesBetweenTwoReadsWaitsUntilItSettles() {
        Source source = new Source(KEY);
        AccessKeys keys = AccessKeys.of(source);

        // A file being written: the first read sees part of it, the next one more.
        source.reads(NEW_KEY.substring(0, 40) + "half", NEW_KEY);
        assertThat(keys.verificationKeys()).containsExactly(KEY);

        source.holds(NEW_KEY);
        assertThat(keys.verificationKeys()).containsExactly(NEW_KEY, KEY);
    }

    @Test
    void unusableInitialKeyIsRefusedWithoutQuotingIt() {
        assertThatIllegalArgumentException().isThrownBy(() -> AccessKeys.of(() -> "short-key"))
            .withMessage("The local hub's access key has 9 bytes; HS256 needs at least 32.");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> AccessKeys.of(() -> "Endpoint=http://localhost;AccessKey=" + KEY))
            .withMessage("The local hub's access key is a connection string rather than a key; give the AccessKey "
                    + "part only.")
            .satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(KEY));
    }

    @Test
    void randomKeysLookLikeRealOnesAndDiffer() {
        assertThat(AccessKeys.random()).hasSize(44).isNotEqualTo(AccessKeys.random());
    }

    /** A key source whose reads a test scripts. */
    private static final class Source implements Supplier<String> {

        private final Deque<String> reads = new ArrayDeque<>();

        private String steady;

        private boolean failing;

        Source(String key) {
            this.steady = key;
        }

        void holds(String key) {
            this.steady = key;
            this.failing = false;
            this.reads.clear();
        }

        void reads(String... next) {
            this.reads.addAll(List.of(next));
        }

        void fails() {
            this.failing = true;
        }

        @Override
        public String get() {
            if (this.failing) {
                throw new IllegalStateException("unreadable");
            }
            return this.reads.isEmpty() ? this.steady : this.reads.removeFirst();
        }

    }

}
