package io.github.webpubsub.sample.devhub;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.github.webpubsub.spring.autoconfigure.WebPubSubConfigurationException;
import io.github.webpubsub.token.ClientUrlFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How the hub takes in the key of a source that changes (a key file being rotated): a key is adopted only once it
 * passes the factory's checks and is read the same twice in a row; anything else changes nothing, is logged once
 * without its value, and never fails a handshake with anything but the token's own verdict.
 */
@ExtendWith(OutputCaptureExtension.class)
class AccessKeyAdoptionTests {

    private static final String KEY_1 = "OldKeyOldKeyOldKeyOldKeyOldKeyOldKeyOldKey0=";

    private static final String KEY_2 = "NewKeyNewKeyNewKeyNewKeyNewKeyNewKeyNewKey0=";

    private static final String KEY_3 = "ThirdKeyThirdKeyThirdKeyThirdKeyThirdKey000=";

    private static final String SOURCE = "'webpubsub.access-key-file' (the file it names)";

    private static final URI ENDPOINT = URI.create("http://localhost:8080");

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final AtomicReference<Supplier<String>> file = new AtomicReference<>(() -> KEY_1);

    private final AtomicInteger reads = new AtomicInteger();

    private final AccessTokenValidator validator = new AccessTokenValidator(ENDPOINT, () -> {
        this.reads.incrementAndGet();
        return this.file.get().get();
    }, SOURCE, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void emptyOrHalfWrittenKeyChangesNothing(CapturedOutput output) {
        for (String content : new String[] { "", KEY_2.substring(0, 22), " " + KEY_2 }) {
            holds(content);

            assertAccepts(KEY_1);
            assertRefused(KEY_2);
        }
        String invalid = "The access key from " + SOURCE + " is invalid. ";
        String hint = " Copy a full access key (44 characters) from the Keys page of the Web PubSub resource. The "
                + "local development hub keeps checking tokens with the keys it has.";
        assertThat(output).containsOnlyOnce(invalid + "Access key is missing." + hint)
            .containsOnlyOnce(invalid + "Access key is 22 bytes long; HS256 needs at least 32. It looks truncated."
                    + hint)
            .containsOnlyOnce(invalid + "Access key starts or ends with whitespace, which would change the signature."
                    + hint)
            .doesNotContain(KEY_2.substring(0, 8));
    }

    @Test
    void connectionStringIsRefusedWithALogLineNamingTheSourceNeverTheValue(CapturedOutput output) {
        holds("Endpoint=http://localhost:8080;AccessKey=" + KEY_2 + ";Version=1.0;");

        assertAccepts(KEY_1);
        assertAccepts(KEY_1);
        assertRefused(KEY_2);
        assertThat(output).containsOnlyOnce(SOURCE + " holds a connection string rather than an access key: put the "
                + "AccessKey value alone there. The local development hub keeps checking tokens with the keys it has.")
            .doesNotContain(KEY_2.substring(0, 8));
    }

    @Test
    void newKeyIsAdoptedOnceReadTheSameTwiceInARowAndThePreviousKeyStaysValid(CapturedOutput output) {
        holds(KEY_2);
        assertAccepts(KEY_2); // read once: pending, yet accepted, since the application may sign with it already
        assertAccepts(KEY_1); // read twice: adopted, and the key before it stays valid

        holds(KEY_3);
        assertAccepts(KEY_3);
        assertAccepts(KEY_2);
        assertRefused(KEY_1); // two rotations on: regenerated
        assertThat(output).contains("The local development hub checks tokens with the new access key from " + SOURCE
                + " now, and still with the one before it.");
    }

    @Test
    void keyReadOnlyOnceNeverDisplacesThePreviousKey() {
        holds(KEY_2.substring(0, 40)); // a writer caught halfway, with enough bytes to pass as a key
        assertAccepts(KEY_1);
        holds(KEY_2);
        assertAccepts(KEY_1);
        assertAccepts(KEY_1);

        holds(KEY_3);
        assertAccepts(KEY_2); // current is KEY_2, its previous KEY_1; the partial key was never adopted
        assertAccepts(KEY_2);
        assertAccepts(KEY_3);
    }

    @Test
    void anUnusableReadBetweenTwoReadsOfANewKeyStartsTheCountAgain() {
        holds(KEY_2);
        assertAccepts(KEY_1);
        holds("");
        assertAccepts(KEY_1);
        holds(KEY_2);
        assertAccepts(KEY_1); // read once again: pending
        holds(KEY_3);
        assertAccepts(KEY_3); // pending replaced: KEY_2 was never adopted
        assertRefused(KEY_2);
        assertAccepts(KEY_1);
    }

    @Test
    void sourceThatFailsChangesNothingAndItsMessageIsNotLoggedUnlessItIsTheStartersOwn(CapturedOutput output) {
        this.file.set(() -> {
            throw new IllegalStateException("vault said: " + KEY_2);
        });
        assertAccepts(KEY_1);
        this.file.set(() -> {
            throw new WebPubSubConfigurationException("Web PubSub client access is misconfigured.",
                    "webpubsub.access-key-file", null, "'webpubsub.access-key-file' names a file that does not exist "
                            + "(relative paths are resolved against the working directory).", "Fix") {
            };
        });
        assertAccepts(KEY_1);

        assertThat(output)
            .contains("Reading the access key from " + SOURCE + " failed (java.lang.IllegalStateException).")
            .contains("'webpubsub.access-key-file' names a file that does not exist")
            .doesNotContain(KEY_2.substring(0, 8));
    }

    @Test
    void sameProblemIsLoggedOnceUntilAGoodReadComesBetween(CapturedOutput output) {
        holds("");
        assertAccepts(KEY_1);
        assertAccepts(KEY_1);
        holds(KEY_1);
        assertAccepts(KEY_1);
        holds("");
        assertAccepts(KEY_1);

        assertThat(output.toString().split("is invalid. Access key is missing.", -1)).hasSize(3);
    }

    @Test
    void readsTheSourceOncePerHandshake() {
        int before = this.reads.get();
        assertAccepts(KEY_1);
        assertThat(this.reads.get() - before).isOne();
    }

    @Test
    void hubWithoutAUsableKeyAtStartRefusesEveryTokenUntilItReadsOne() {
        AtomicReference<String> content = new AtomicReference<>("");
        AccessTokenValidator validator = new AccessTokenValidator(ENDPOINT, content::get, SOURCE,
                Clock.fixed(NOW, ZoneOffset.UTC));

        assertThatExceptionOfType(InvalidAccessTokenException.class)
            .isThrownBy(() -> validator.validate(token(KEY_1), "chat"))
            .withMessage("The local development hub has no usable access key yet (its log says why), so it cannot "
                    + "verify any token.");
        content.set(KEY_1);
        assertThat(validator.validate(token(KEY_1), "chat").userId()).isEqualTo("alice");
    }

    private void holds(String content) {
        this.file.set(() -> content);
    }

    private void assertAccepts(String key) {
        assertThat(this.validator.validate(token(key), "chat").userId()).isEqualTo("alice");
    }

    private void assertRefused(String key) {
        assertThatExceptionOfType(InvalidAccessTokenException.class)
            .isThrownBy(() -> this.validator.validate(token(key), "chat"))
            .withMessageContaining("not signed with HS256 and this hub's access key");
    }

    private static String token(String key) {
        return ClientUrlFactory.builder().endpoint(ENDPOINT).accessKey(key).hub("chat")
            .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build().create((request) -> request.userId("alice")).token();
    }

}
