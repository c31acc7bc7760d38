package io.github.webpubsub.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.webpubsub.token.ClientUrlFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs {@code src/test/js/official-client-check.mjs}: Microsoft's official client,
 * {@code @azure/web-pubsub-client} 1.1.0, against the running sample, as an API client
 * would use it: each user's URL comes from {@code /negotiate} with HTTP Basic, and the
 * client connects to the local hub. Needs Node.js and {@code npm ci} in
 * {@code src/test/js}; without them it fails with a message that says so.
 */
class OfficialJsClientTests extends RunningSampleTests {

    private static final Path SCRIPT_DIRECTORY = Path.of("src", "test", "js");

    private static final String SCRIPT = "official-client-check.mjs";

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @Test
    void officialClientJoinsSendsReceivesAndIsRefusedAsByTheService() throws Exception {
        assertThat(SCRIPT_DIRECTORY.resolve("node_modules/@azure/web-pubsub-client"))
            .withFailMessage("The official client is not installed: run 'npm ci --no-audit --no-fund' in "
                    + "webpubsub-sample-app/src/test/js (.ci/run does so)")
            .isDirectory();
        // The one URL /negotiate cannot give: its token expired two hours ago.
        ClientUrlFactory twoHoursAgo = ClientUrlFactory.builder()
            .connectionString(CONNECTION_STRING)
            .hub("chat")
            .clock(Clock.offset(Clock.systemUTC(), Duration.ofHours(-2)))
            .build();
        Map<String, String> environment = Map.of("WEBPUBSUB_NEGOTIATE_URL", sample("/negotiate").toString(),
                "WEBPUBSUB_USER_ALICE", ALICE.name() + ":" + ALICE.password(), "WEBPUBSUB_USER_BOB",
                BOB.name() + ":" + BOB.password(), "WEBPUBSUB_USER_ADMIN", ADMIN.name() + ":" + ADMIN.password(),
                "WEBPUBSUB_URL_EXPIRED", twoHoursAgo.create((r) -> r.userId("alice")).url().toString());

        Run run = node(environment);

        assertThat(run.exitCode())
            .withFailMessage("The official client's checks failed (exit code %d):%n%s", run.exitCode(), run.output())
            .isZero();
        assertThat(run.output()).contains("All 9 checks passed.");
    }

    private static Run node(Map<String, String> environment) throws IOException, InterruptedException {
        assertThat(SCRIPT_DIRECTORY.resolve(SCRIPT)).isRegularFile();
        ProcessBuilder builder = new ProcessBuilder("node", SCRIPT).directory(SCRIPT_DIRECTORY.toFile())
            .redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        }
        catch (IOException ex) {
            return fail("Cannot run 'node' (Node.js 20 or later must be on the PATH): " + ex.getMessage());
        }
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> copyLines(process, output), "node-output");
        reader.start();
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            reader.join(TimeUnit.SECONDS.toMillis(5));
            return fail("The official client's checks did not finish within " + TIMEOUT + ":" + System.lineSeparator()
                    + output);
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        synchronized (output) {
            return new Run(process.exitValue(), output.toString());
        }
    }

    /**
     * Copies the script's output into the test log, line by line, and keeps it for the
     * assertions.
     */
    private static void copyLines(Process process, StringBuilder output) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                System.out.println("[official-client-check] " + line);
                synchronized (output) {
                    output.append(line).append(System.lineSeparator());
                }
            }
        }
        catch (IOException ex) {
            synchronized (output) {
                output.append("(output unreadable: ").append(ex.getMessage()).append(')');
            }
        }
    }

    private record Run(int exitCode, String output) {
    }

}
