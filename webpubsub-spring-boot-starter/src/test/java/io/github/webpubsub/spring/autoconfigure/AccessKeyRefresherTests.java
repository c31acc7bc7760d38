package io.github.webpubsub.spring.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

import io.github.webpubsub.token.AccessKeyCredential;
import io.github.webpubsub.token.ClientAccess;
import io.github.webpubsub.token.ClientUrlFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.github.webpubsub.spring.autoconfigure.ClientTokens.ACCESS_KEY;
import static io.github.webpubsub.spring.autoconfigure.ClientTokens.ENDPOINT;
import static io.github.webpubsub.spring.autoconfigure.ClientTokens.OTHER_ACCESS_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AccessKeyRefresher}, one check at a time, against a key source that returns what
 * each test scripts: a new key signs only once two checks in a row read it, so that a key
 * file caught half-written never signs; a connection string is refused, and logged
 * without any of its key.
 */
@ExtendWith(OutputCaptureExtension.class)
class AccessKeyRefresherTests {

    private static final String SOURCE = "'webpubsub.access-key-file' (the file it names)";

    /**
     * What a check reads from a file that is being written in place: the first 36
     * characters of the new key.
     */
    private static final String HALF_WRITTEN = OTHER_ACCESS_KEY.substring(0, 36);

    private static final String KEPT = " Tokens are still signed with the previous access key.";

    private final AccessKeyCredential credential = AccessKeyCredential.of(ACCESS_KEY);

    private final ClientUrlFactory factory = ClientUrlFactory.builder()
        .endpoint(URI.create(ENDPOINT))
        .accessKey(this.credential)
        .hub("chat")
        .build();

    private final Deque<Supplier<@Nullable String>> reads = new ArrayDeque<>();

    private final AccessKeyRefresher refresher = new AccessKeyRefresher(() -> this.reads.remove().get(),
            this.credential, Duration.ofSeconds(30), SOURCE);

    @Test
    void aNewKeySignsOnceTwoChecksInARowReadIt() {
        check(OTHER_ACCESS_KEY);
        assertSignedWith(ACCESS_KEY);

        check(OTHER_ACCESS_KEY);
        assertSignedWith(OTHER_ACCESS_KEY);
    }

    @Test
    void aKeyFileCaughtHalfWrittenNeverSigns() {
        check(HALF_WRITTEN);
        assertSignedWith(ACCESS_KEY);

        check(OTHER_ACCESS_KEY);
        assertSignedWith(ACCESS_KEY);

        check(OTHER_ACCESS_KEY);
        assertSignedWith(OTHER_ACCESS_KEY);
    }

    @Test
    void aWriteThatIsUndoneChangesNothing(CapturedOutput output) {
        check(ACCESS_KEY);
        check(HALF_WRITTEN);
        check(ACCESS_KEY);
        check(ACCESS_KEY);

        assertSignedWith(ACCESS_KEY);
        assertThat(output).doesNotContain("Web PubSub signing key changed").doesNotContain("ERROR");
    }

    @Test
    void aConnectionStringIsRefusedWithALogLineNamingTheFileAndNoneOfTheKey(CapturedOutput output) {
        String connectionString = "Endpoint=" + ENDPOINT + ";AccessKey=" + OTHER_ACCESS_KEY + ";Version=1.0;";
        for (int i = 0; i < 4; i++) {
            check(connectionString);
        }

        assertSignedWith(ACCESS_KEY);
        String error = "The access key from " + SOURCE + " is invalid. Access key is a whole connection string (it "
                + "has an Endpoint= or AccessKey= part), not a key. Copy a full access key (44 characters) from the "
                + "Keys page of the Web PubSub resource." + KEPT;
        assertThat(KeyFiles.linesContaining(output.getOut(), error)).isOne();
        assertThat(output.getOut()).containsPattern("ERROR.*AccessKeyRefresher");
        assertNoPieceOf(OTHER_ACCESS_KEY, output.getAll());
        assertNoPieceOf(ACCESS_KEY, output.getAll());
        assertThat(output.getAll()).doesNotContain(ENDPOINT);
    }

    @Test
    void aFailureSeenByOneCheckOnlyIsNotReported(CapturedOutput output) {
        check(ACCESS_KEY);
        this.reads.add(() -> {
            throw new WebPubSubConfigurationException("webpubsub.access-key-file",
                    "'webpubsub.access-key-file' names a file that does not exist.", "Restore it.");
        });
        this.refresher.check();
        check(ACCESS_KEY);
        check(ACCESS_KEY);

        assertSignedWith(ACCESS_KEY);
        assertThat(output).doesNotContain("does not exist");
    }

    @Test
    void aFailureSeenByTwoChecksInARowIsReportedOnceAndItsEndToo(CapturedOutput output) {
        for (int i = 0; i < 3; i++) {
            this.reads.add(() -> null);
            this.refresher.check();
        }
        check(ACCESS_KEY);
        check(ACCESS_KEY);

        String error = SOURCE + " returned no access key." + KEPT;
        assertThat(KeyFiles.linesContaining(output.getOut(), error)).isOne();
        assertThat(KeyFiles.linesContaining(output.getOut(), "The Web PubSub access key from " + SOURCE + " is valid "
                + "again; tokens are still signed with the same key."))
            .isOne();
    }

    @Test
    void anInvalidKeyIsReportedOnlyOnceTwoChecksInARowReadIt(CapturedOutput output) {
        String truncated = OTHER_ACCESS_KEY.substring(0, 20);
        check(truncated);
        assertThat(output).doesNotContain("is invalid");

        check(truncated);
        assertThat(KeyFiles.linesContaining(output.getOut(), "The access key from " + SOURCE + " is invalid. Access "
                + "key is 20 bytes long; HS256 needs at least 32."))
            .isOne();
        assertSignedWith(ACCESS_KEY);
        assertThat(output).doesNotContain(truncated);
    }

    private void check(String readKey) {
        this.reads.add(() -> readKey);
        this.refresher.check();
    }

    private void assertSignedWith(String key) {
        List<String> keys = List.of(ACCESS_KEY, OTHER_ACCESS_KEY, HALF_WRITTEN);
        ClientAccess access = this.factory.create((request) -> request.userId("alice"));
        for (String candidate : keys) {
            assertThat(ClientTokens.isSignedWith(access, candidate)).as("signed with %s", candidate)
                .isEqualTo(candidate.equals(key));
        }
    }

    private static void assertNoPieceOf(String secret, String text) {
        for (int i = 0; i + 8 <= secret.length(); i++) {
            assertThat(text).doesNotContain(secret.substring(i, i + 8));
        }
    }

}
