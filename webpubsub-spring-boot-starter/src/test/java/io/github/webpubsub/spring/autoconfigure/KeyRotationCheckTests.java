package io.github.webpubsub.spring.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import io.github.webpubsub.token.AccessKeyCredential;
import io.github.webpubsub.token.BearerToken;
import io.github.webpubsub.token.BearerTokenProvider;
import io.github.webpubsub.token.ClientAccess;
import io.github.webpubsub.token.ClientUrlFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MapPropertySource;

import static io.github.webpubsub.spring.autoconfigure.ClientTokens.ACCESS_KEY;
import static io.github.webpubsub.spring.autoconfigure.ClientTokens.CONNECTION_STRING;
import static io.github.webpubsub.spring.autoconfigure.ClientTokens.ENDPOINT;
import static io.github.webpubsub.spring.autoconfigure.ClientTokens.OTHER_ACCESS_KEY;
import static io.github.webpubsub.spring.autoconfigure.ClientTokens.verifiedClaims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code webpubsub.key-rotation.check-interval}: the access key read again at that
 * interval, from {@code webpubsub.access-key-file}, rebound properties or the
 * application's connection details; a changed key signs the next tokens, an invalid one
 * is logged once and changes nothing, and closing the context stops the checks.
 */
@ExtendWith(OutputCaptureExtension.class)
class KeyRotationCheckTests {

    /** Long enough for a loaded build machine, far shorter than any real wait. */
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static final String CHANGED = "Web PubSub signing key changed";

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(WebPubSubAutoConfiguration.class));

    @TempDir
    Path directory;

    @Test
    void aNewKeyInTheFileSignsTheTokensAfterTheNextCheck(CapturedOutput output) {
        Path file = KeyFiles.write(this.directory.resolve("access-key"), ACCESS_KEY + "\n");
        this.contextRunner
            .withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.access-key-file=" + file,
                    "webpubsub.key-rotation.check-interval=100ms")
            .run((context) -> {
                ClientUrlFactory factory = context.getBean(ClientUrlFactory.class);
                assertThat(verifiedClaims(token(factory), ACCESS_KEY)).containsEntry("sub", "alice");

                KeyFiles.write(file, OTHER_ACCESS_KEY + "\n");

                awaitSignedWith(factory, OTHER_ACCESS_KEY);
                for (int i = 0; i < 20; i++) {
                    ClientAccess access = token(factory);
                    assertThat(verifiedClaims(access, OTHER_ACCESS_KEY)).containsEntry("sub", "alice");
                    assertThat(ClientTokens.isSignedWith(access, ACCESS_KEY)).isFalse();
                }
                assertThat(output).contains("Checking the Web PubSub access key from 'webpubsub.access-key-file' (the "
                        + "file it names) for changes every 100ms.");
                assertThat(KeyFiles.linesContaining(output.getOut(),
                        CHANGED + ": client access tokens are now signed "
                                + "with the new access key from 'webpubsub.access-key-file' (the file it names)."))
                    .isOne();
                assertNoKeyIn(output, file);
            });
    }

    @Test
    void anUnchangedFileChangesNothingAndLogsNothing(CapturedOutput output) {
        Path file = KeyFiles.write(this.directory.resolve("access-key"), ACCESS_KEY);
        this.contextRunner
            .withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.access-key-file=" + file,
                    "webpubsub.key-rotation.check-interval=50ms")
            .run((context) -> {
                // The same key, rewritten (as a secret store may do on every sync).
                KeyFiles.write(file, ACCESS_KEY + "\n");
                waitForChecks();
                assertThat(verifiedClaims(token(context.getBean(ClientUrlFactory.class)), ACCESS_KEY))
                    .containsKey("sub");
                assertThat(output).doesNotContain(CHANGED);
                assertThat(output.getOut()).doesNotContainPattern("ERROR.*AccessKeyRefresher");
            });
    }

    @Test
    void anInvalidNewKeyIsLoggedOnceAndTheOldKeyKeepsSigning(CapturedOutput output) {
        String truncated = OTHER_ACCESS_KEY.substring(0, 20);
        Path file = KeyFiles.write(this.directory.resolve("access-key"), ACCESS_KEY);
        this.contextRunner
            .withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.access-key-file=" + file,
                    "webpubsub.key-rotation.check-interval=50ms")
            .run((context) -> {
                ClientUrlFactory factory = context.getBean(ClientUrlFactory.class);
                KeyFiles.write(file, truncated + "\n");
                String error = "The access key from 'webpubsub.access-key-file' (the file it names) is invalid. "
                        + "Access key is 20 bytes long; HS256 needs at least 32. It looks truncated. Copy a full "
                        + "access key (44 characters) from the Keys page of the Web PubSub resource. Tokens are "
                        + "still signed with the previous access key.";
                await().atMost(WAIT).untilAsserted(() -> assertThat(output.getOut()).contains(error));
                waitForChecks();

                assertThat(KeyFiles.linesContaining(output.getOut(), error)).as("logged once").isOne();
                assertThat(output.getOut()).containsPattern("ERROR.*AccessKeyRefresher");
                assertThat(verifiedClaims(token(factory), ACCESS_KEY)).containsEntry("sub", "alice");

                KeyFiles.write(file, OTHER_ACCESS_KEY);
                awaitSignedWith(factory, OTHER_ACCESS_KEY);
                assertThat(output).contains(CHANGED);
                assertNoKeyIn(output, file);
                assertThat(output).doesNotContain(truncated);
            });
    }

    @Test
    void aConnectionStringWrittenToTheFileIsRefusedWithALogLineNamingTheFile(CapturedOutput output) {
        Path file = KeyFiles.write(this.directory.resolve("access-key"), ACCESS_KEY);
        this.contextRunner
            .withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.access-key-file=" + file,
                    "webpubsub.key-rotation.check-interval=50ms")
            .run((context) -> {
                ClientUrlFactory factory = context.getBean(ClientUrlFactory.class);
                KeyFiles.write(file, "Endpoint=" + ENDPOINT + ";AccessKey=" + OTHER_ACCESS_KEY + ";Version=1.0;\n");
                String error = "The access key from 'webpubsub.access-key-file' (the file it names) is invalid. "
                        + "Access key is a whole connection string (it has an Endpoint= or AccessKey= part), not a "
                        + "key.";
                await().atMost(WAIT).untilAsserted(() -> assertThat(output.getOut()).contains(error));
                waitForChecks();

                assertThat(KeyFiles.linesContaining(output.getOut(), error)).isOne();
                assertThat(verifiedClaims(token(factory), ACCESS_KEY)).containsEntry("sub", "alice");
                assertThat(output).doesNotContain(CHANGED);
                assertNoKeyIn(output, file);
            });
    }

    @Test
    void aMissingFileIsLoggedOnceAndTheKeyKeepsSigningUntilItIsBack(CapturedOutput output) throws Exception {
        Path file = KeyFiles.write(this.directory.resolve("access-key"), ACCESS_KEY);
        this.contextRunner
            .withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.access-key-file=" + file,
                    "webpubsub.key-rotation.check-interval=50ms")
            .run((context) -> {
                ClientUrlFactory factory = context.getBean(ClientUrlFactory.class);
                Files.delete(file);
                String error = "'webpubsub.access-key-file' names a file that does not exist";
                await().atMost(WAIT).untilAsserted(() -> assertThat(output.getOut()).contains(error));
                waitForChecks();
                assertThat(KeyFiles.linesContaining(output.getOut(), error)).isOne();
                assertThat(verifiedClaims(token(factory), ACCESS_KEY)).containsKey("sub");

                KeyFiles.write(file, ACCESS_KEY);
                await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(output.getOut()).contains("The Web PubSub access "
                            + "key from 'webpubsub.access-key-file' (the file it names) is valid again; tokens are "
                            + "still signed with the same key."));
                assertThat(output).doesNotContain(CHANGED);
                assertNoKeyIn(output, file);
            });
    }

    @Test
    void reboundPropertiesAreSeenAtTheNextCheck(CapturedOutput output) {
        this.contextRunner
            .withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.access-key=" + ACCESS_KEY,
                    "webpubsub.key-rotation.check-interval=100ms")
            .run((context) -> {
                ClientUrlFactory factory = context.getBean(ClientUrlFactory.class);
                context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource("rotated", Map.of("webpubsub.access-key", OTHER_ACCESS_KEY)));
                // What Spring Cloud's ConfigurationPropertiesRebinder does on a refresh.
                WebPubSubProperties properties = context.getBean(WebPubSubProperties.class);
                context.getAutowireCapableBeanFactory()
                    .initializeBean(properties, context.getBeanNamesForType(WebPubSubProperties.class)[0]);
                assertThat(properties.getAccessKey()).isEqualTo(OTHER_ACCESS_KEY);

                awaitSignedWith(factory, OTHER_ACCESS_KEY);
                assertThat(output).contains(CHANGED + ": client access tokens are now signed with the new access key "
                        + "from 'webpubsub.access-key'.");
                assertNoKeyIn(output, null);
            });
    }

    @Test
    void applicationConnectionDetailsAreAskedAgainAtEachCheck(CapturedOutput output) {
        AtomicReference<String> vault = new AtomicReference<>(ACCESS_KEY);
        this.contextRunner.withPropertyValues("webpubsub.key-rotation.check-interval=100ms")
            .withBean(WebPubSubConnectionDetails.class, () -> ConfigurationFailures.connectionDetails(vault::get))
            .run((context) -> {
                ClientUrlFactory factory = context.getBean(ClientUrlFactory.class);
                vault.set(OTHER_ACCESS_KEY);
                awaitSignedWith(factory, OTHER_ACCESS_KEY);
                assertThat(output).contains(CHANGED + ": client access tokens are now signed with the new access key "
                        + "from getAccessKey() of the WebPubSubConnectionDetails bean");

                vault.set(null);
                await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(output.getOut())
                        .contains("getAccessKey() of the " + "WebPubSubConnectionDetails bean ("
                                + context.getBean(WebPubSubConnectionDetails.class).getClass().getName()
                                + ") returned no access key. Tokens are still signed with the previous access key."));
                assertThat(verifiedClaims(token(factory), OTHER_ACCESS_KEY)).containsKey("sub");
                assertNoKeyIn(output, null);
            });
    }

    @Test
    void applicationConnectionDetailsThatThrowAreLoggedWithoutTheirMessage(CapturedOutput output) {
        AtomicReference<String> vault = new AtomicReference<>(ACCESS_KEY);
        this.contextRunner.withPropertyValues("webpubsub.key-rotation.check-interval=50ms")
            .withBean(WebPubSubConnectionDetails.class, () -> ConfigurationFailures.connectionDetails(() -> {
                if (vault.get().equals(OTHER_ACCESS_KEY)) {
                    throw new IllegalStateException("vault says no to " + OTHER_ACCESS_KEY);
                }
                return vault.get();
            }))
            .run((context) -> {
                vault.set(OTHER_ACCESS_KEY);
                await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(output.getOut())
                        .contains("failed (java.lang.IllegalStateException). Tokens are still signed with the previous "
                                + "access key."));
                assertThat(output).doesNotContain("vault says no");
                assertThat(verifiedClaims(token(context.getBean(ClientUrlFactory.class)), ACCESS_KEY))
                    .containsKey("sub");
                assertNoKeyIn(output, null);
            });
    }

    @Test
    void closingTheContextStopsTheChecks() throws InterruptedException {
        Path file = KeyFiles.write(this.directory.resolve("access-key"), ACCESS_KEY);
        AtomicReference<AccessKeyRefresher> refresher = new AtomicReference<>();
        AtomicReference<Set<Thread>> threads = new AtomicReference<>();
        this.contextRunner
            .withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.access-key-file=" + file,
                    "webpubsub.key-rotation.check-interval=50ms")
            .run((context) -> {
                refresher.set(context.getBean(AccessKeyRefresher.class));
                assertThat(refresher.get().isRunning()).isTrue();
                threads.set(KeyFiles.keyRotationThreads());
                assertThat(threads.get()).hasSize(1).allMatch(Thread::isDaemon);
            });

        assertThat(refresher.get().isRunning()).isFalse();
        // The executor has terminated when close returns; its thread leaves run() a
        // moment later.
        for (Thread thread : threads.get()) {
            thread.join(Duration.ofSeconds(5).toMillis());
        }
        assertThat(threads.get()).noneMatch(Thread::isAlive);
        assertThat(KeyFiles.keyRotationThreads()).isEmpty();
    }

    @Test
    void withoutACheckIntervalThereIsNoCheck() {
        Path file = KeyFiles.write(this.directory.resolve("access-key"), ACCESS_KEY);
        this.contextRunner.withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.access-key-file=" + file)
            .run((context) -> {
                assertThat(context).doesNotHaveBean(AccessKeyRefresher.class);
                assertThat(KeyFiles.keyRotationThreads()).isEmpty();
                KeyFiles.write(file, OTHER_ACCESS_KEY);
                waitForChecks();
                assertThat(verifiedClaims(token(context.getBean(ClientUrlFactory.class)), ACCESS_KEY))
                    .containsKey("sub");
            });
    }

    @Test
    void anEmptyCheckIntervalIsNoCheck() {
        // As an unset placeholder leaves it: check-interval: ${KEY_CHECK_INTERVAL:}
        this.contextRunner
            .withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING,
                    "webpubsub.key-rotation.check-interval=")
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(AccessKeyRefresher.class));
    }

    @Test
    void checkIntervalWithoutUnitIsInSeconds() {
        this.contextRunner
            .withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING,
                    "webpubsub.key-rotation.check-interval=30")
            .run((context) -> assertThat(context.getBean(AccessKeyRefresher.class))
                .hasToString("AccessKeyRefresher['webpubsub.connection-string', every PT30S]"));
    }

    @Test
    void checkIntervalMustBePositive() {
        this.contextRunner
            .withPropertyValues("webpubsub.connection-string=" + CONNECTION_STRING,
                    "webpubsub.key-rotation.check-interval=0s")
            .run((context) -> {
                FailureAnalysis analysis = ConfigurationFailures.analysis(context, ACCESS_KEY);
                assertThat(analysis.getDescription())
                    .contains("'webpubsub.key-rotation.check-interval' is 0s; it must be positive.");
                assertThat(analysis.getAction()).isEqualTo("Set 'webpubsub.key-rotation.check-interval' to a positive "
                        + "duration such as 30s, or remove it to never check the access key for changes.");
            });
    }

    @Test
    void checkIntervalInKeylessModeFails() {
        this.contextRunner
            .withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.key-rotation.check-interval=1m")
            .withBean(BearerTokenProvider.class,
                    () -> (scope) -> new BearerToken("unused", Instant.now().plusSeconds(3600)))
            .run((context) -> {
                FailureAnalysis analysis = ConfigurationFailures.analysis(context);
                assertThat(analysis.getDescription()).contains("'webpubsub.key-rotation.check-interval' is set, but "
                        + "there is no access key to check: 'webpubsub.access-key' is not set, which selects key-less "
                        + "mode");
                assertThat(analysis.getAction())
                    .isEqualTo("Remove 'webpubsub.key-rotation.check-interval', or set 'webpubsub.access-key'.");
            });
    }

    @Test
    void checkIntervalWithAnApplicationCredentialFails() {
        this.contextRunner
            .withPropertyValues("webpubsub.endpoint=" + ENDPOINT, "webpubsub.key-rotation.check-interval=1m")
            .withBean(AccessKeyCredential.class, () -> AccessKeyCredential.of(ACCESS_KEY))
            .run((context) -> assertThat(ConfigurationFailures.analysis(context, ACCESS_KEY).getDescription())
                .contains("'webpubsub.key-rotation.check-interval' is set, but the access key comes from the "
                        + "application's AccessKeyCredential bean, which the starter does not read again."));
    }

    private static ClientAccess token(ClientUrlFactory factory) {
        return factory.create((request) -> request.hub("chat").userId("alice"));
    }

    private static void awaitSignedWith(ClientUrlFactory factory, String accessKey) {
        await().atMost(WAIT)
            .pollInterval(Duration.ofMillis(20))
            .ignoreExceptions()
            .untilAsserted(() -> verifiedClaims(token(factory), accessKey));
    }

    /** Several check intervals of the tests above. */
    private static void waitForChecks() throws InterruptedException {
        Thread.sleep(300);
    }

    private static void assertNoKeyIn(CapturedOutput output, Path file) {
        for (String key : new String[] { ACCESS_KEY, OTHER_ACCESS_KEY }) {
            assertThat(output.getAll()).doesNotContain(key)
                .doesNotContain(key.substring(0, 12))
                .doesNotContain(key.substring(30));
        }
        if (file != null) {
            assertThat(output.getAll()).doesNotContain(file.toString());
        }
    }

}
