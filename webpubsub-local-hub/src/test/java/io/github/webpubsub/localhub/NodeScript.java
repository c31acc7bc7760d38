package io.github.webpubsub.localhub;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs a script of {@code src/test/js} with Node.js, its output copied into the test log
 * line by line. Needs Node.js and {@code npm ci} in that directory; without them it fails
 * with a message that says so.
 */
final class NodeScript {

    static final Path DIRECTORY = Path.of("src", "test", "js");

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private NodeScript() {
    }

    static Run run(String script, Map<String, String> environment) throws IOException, InterruptedException {
        assertThat(DIRECTORY.resolve("node_modules/@azure/web-pubsub-client"))
            .withFailMessage("The official packages are not installed: run 'npm ci --no-audit --no-fund' in "
                    + "webpubsub-local-hub/src/test/js (.ci/run does so)")
            .isDirectory();
        assertThat(DIRECTORY.resolve(script)).isRegularFile();
        ProcessBuilder builder = new ProcessBuilder("node", script).directory(DIRECTORY.toFile())
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
        Thread reader = new Thread(() -> copyLines(script, process, output), "node-output");
        reader.start();
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            reader.join(TimeUnit.SECONDS.toMillis(5));
            return fail(script + " did not finish within " + TIMEOUT + ":" + System.lineSeparator() + output);
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        synchronized (output) {
            return new Run(process.exitValue(), output.toString());
        }
    }

    private static void copyLines(String script, Process process, StringBuilder output) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                System.out.println("[" + script + "] " + line);
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

    /** How a script ended: its exit code and what it printed. */
    record Run(int exitCode, String output) {
    }

}
