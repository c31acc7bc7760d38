package io.github.webpubsub.spring.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import io.github.webpubsub.token.ClientUrlFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static io.github.webpubsub.spring.autoconfigure.ClientTokens.ACCESS_KEY;
import static io.github.webpubsub.spring.autoconfigure.ClientTokens.CONNECTION_STRING;
import static io.github.webpubsub.spring.autoconfigure.ClientTokens.ENDPOINT;
import static io.github.webpubsub.spring.autoconfigure.ClientTokens.verifiedClaims;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code webpubsub.access-key-file}: the access key read from a file, such as a
 * Kubernetes secret mounted as a volume; checked at startup like any other key, with
 * reports that name the property and never the path or the key.
 */
class AccessKeyFileTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(WebPubSubAutoConfiguration.class));

    @TempDir
    Path directory;

    @Test
    void keyIsReadFromTheFileWithoutItsTrailingNewline() {
        Path file = KeyFiles.write(this.directory.resolve("access-key"), ACCESS_KEY + "\n");
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.access-key-file=" + file)
            .run((context) -> assertThat(verifiedClaims(
                    context.getBean(ClientUrlFactory.class).create((request) -> request.hub("chat").userId("alice")),
                    ACCESS_KEY))
                .containsEntry("sub", "alice"));
    }

    @Test
    void windowsLineEndingIsIgnoredToo() {
        Path file = KeyFiles.write(this.directory.resolve("access-key"), ACCESS_KEY + "\r\n");
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.access-key-file=" + file)
            .run((context) -> assertThat(verifiedClaims(
                    context.getBean(ClientUrlFactory.class).create((request) -> request.hub("chat")), ACCESS_KEY))
                .containsKey("aud"));
    }

    @Test
    void keyWithoutNewlineIsReadAsIs() {
        Path file = KeyFiles.write(this.directory.resolve("access-key"), ACCESS_KEY);
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.access-key-file=" + file)
            .run((context) -> assertThat(verifiedClaims(
                    context.getBean(ClientUrlFactory.class).create((request) -> request.hub("chat")), ACCESS_KEY))
                .containsKey("aud"));
    }

    @Test
    void onlyOneTrailingNewlineIsIgnored() {
        Path file = KeyFiles.write(this.directory.resolve("access-key"), ACCESS_KEY + "\n\n");
        run(file, (analysis) -> {
            assertThat(analysis.getDescription()).contains("'webpubsub.access-key-file' (the file it names) is "
                    + "invalid. Access key starts or ends with whitespace");
            assertThat(analysis.getAction()).isEqualTo("Copy a full access key (44 characters) from the Keys page of "
                    + "the Web PubSub resource into 'webpubsub.access-key-file' (the file it names).");
        }, ACCESS_KEY);
    }

    @Test
    void truncatedKeyInTheFileFailsStartupNamingTheProperty() {
        String truncated = ACCESS_KEY.substring(0, 20);
        Path file = KeyFiles.write(this.directory.resolve("access-key"), truncated + "\n");
        run(file,
                (analysis) -> assertThat(analysis.getDescription()).contains("'webpubsub.access-key-file' (the "
                        + "file it names) is invalid. Access key is 20 bytes long; HS256 needs at least 32."),
                truncated);
    }

    @Test
    void connectionStringInTheFileFailsStartupNamingThePropertyAndNoneOfTheKey() {
        Path file = KeyFiles.write(this.directory.resolve("access-key"), CONNECTION_STRING + "\n");
        run(file, (analysis) -> {
            assertThat(analysis.getDescription()).isEqualTo("Web PubSub client access is misconfigured. "
                    + "'webpubsub.access-key-file' (the file it names) is invalid. Access key is a whole connection "
                    + "string (it has an Endpoint= or AccessKey= part), not a key. Copy a full access key (44 "
                    + "characters) from the Keys page of the Web PubSub resource.");
            assertThat(analysis.getAction()).isEqualTo("Copy a full access key (44 characters) from the Keys page of "
                    + "the Web PubSub resource into 'webpubsub.access-key-file' (the file it names).");
        }, ACCESS_KEY, ACCESS_KEY.substring(0, 8), ACCESS_KEY.substring(36), file.toString());
    }

    @Test
    void missingFileFailsStartupNamingThePropertyButNotThePath() {
        Path missing = this.directory.resolve("no-such-key");
        run(missing, (analysis) -> {
            assertThat(analysis.getDescription()).contains("'webpubsub.access-key-file' names a file that does not "
                    + "exist (relative paths are resolved against the working directory).");
            assertThat(analysis.getAction()).isEqualTo("Set 'webpubsub.access-key-file' to the path of a readable "
                    + "file that holds one of the resource's access keys (44 characters), such as a Kubernetes secret "
                    + "mounted as a volume.");
        }, missing.toString(), "no-such-key");
    }

    @Test
    void keyPastedIntoThePropertyIsNotPrinted() {
        this.contextRunner
            .withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.access-key-file=" + ACCESS_KEY)
            .run((context) -> assertThat(ConfigurationFailures.analysis(context, ACCESS_KEY).getDescription())
                .contains("'webpubsub.access-key-file' names a file that does not exist"));
    }

    @Test
    void directoryFailsStartupAsUnreadable() {
        run(this.directory,
                (analysis) -> assertThat(analysis.getDescription())
                    .contains("The file that 'webpubsub.access-key-file' names cannot be read (IOException)."),
                this.directory.toString());
    }

    @Test
    void largeFileIsNotTakenForAKeyFile() throws IOException {
        Path file = this.directory.resolve("large");
        Files.write(file, new byte[AccessKeyFile.MAX_BYTES + 1]);
        run(file, (analysis) -> assertThat(analysis.getDescription()).contains("The file that "
                + "'webpubsub.access-key-file' names is larger than 1024 bytes, so it is not a file holding one "
                + "access key."));
    }

    @Test
    void fileThatIsNotUtf8IsRefused() throws IOException {
        Path file = this.directory.resolve("binary");
        Files.write(file, new byte[] { (byte) 0xC3, (byte) 0x28, 'a', 'b' });
        run(file, (analysis) -> assertThat(analysis.getDescription())
            .contains("The file that 'webpubsub.access-key-file' names is not UTF-8 text."));
    }

    @Test
    void accessKeyFileAndAccessKeyAreExclusive() {
        Path file = KeyFiles.write(this.directory.resolve("access-key"), ACCESS_KEY);
        this.contextRunner
            .withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.access-key-file=" + file,
                    "webpubsub.access-key=" + ACCESS_KEY)
            .run((context) -> {
                FailureAnalysis analysis = ConfigurationFailures.analysis(context, ACCESS_KEY);
                assertThat(analysis.getDescription()).contains("Both 'webpubsub.access-key-file' and "
                        + "'webpubsub.access-key' are set, so it is unclear which key signs the tokens.");
                assertThat(analysis.getAction()).isEqualTo("Keep either 'webpubsub.access-key-file' or "
                        + "'webpubsub.access-key', and remove the other.");
            });
    }

    @Test
    void accessKeyFileAndConnectionStringAreExclusive() {
        Path file = KeyFiles.write(this.directory.resolve("access-key"), ACCESS_KEY);
        this.contextRunner
            .withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING, "webpubsub.access-key-file=" + file)
            .run((context) -> {
                FailureAnalysis analysis = ConfigurationFailures.analysis(context, ACCESS_KEY);
                assertThat(analysis.getDescription())
                    .contains("Both 'webpubsub.access-key-file' and 'webpubsub.connection-string' are set");
                assertThat(analysis.getAction()).isEqualTo("To read the key from the file, replace "
                        + "'webpubsub.connection-string' with 'webpubsub.endpoint' (the Endpoint part of the "
                        + "connection string); otherwise remove 'webpubsub.access-key-file'.");
            });
    }

    @Test
    void accessKeyFileNeedsAnEndpoint() {
        Path file = KeyFiles.write(this.directory.resolve("access-key"), ACCESS_KEY);
        this.contextRunner.withPropertyValues("webpubsub.access-key-file=" + file)
            .run((context) -> assertThat(ConfigurationFailures.analysis(context, ACCESS_KEY).getDescription())
                .contains("'webpubsub.access-key-file' is set but 'webpubsub.endpoint' is not, so there is no "
                        + "resource to sign for."));
    }

    @Test
    void accessKeyFileIsMaskedInThePropertiesToString() {
        Path file = KeyFiles.write(this.directory.resolve("access-key"), ACCESS_KEY);
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.access-key-file=" + file)
            .run((context) -> assertThat(context.getBean(WebPubSubProperties.class).toString())
                .contains("accessKeyFile=******")
                .doesNotContain(file.toString()));
    }

    private void run(Path file, Consumer<FailureAnalysis> check, String... secrets) {
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.access-key-file=" + file)
            .run((context) -> check.accept(ConfigurationFailures.analysis(context, secrets)));
    }

}
