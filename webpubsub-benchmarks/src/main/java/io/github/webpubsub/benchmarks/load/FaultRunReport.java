package io.github.webpubsub.benchmarks.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Cuts a key-less fault run ({@code scripts/faults-keyless.sh}) into its phases and
 * checks it. The run directory holds what the fake service and the two wrk runs wrote:
 * <ul>
 * <li>{@code events.log}: the mode switches of {@link FakeWebPubSubService},
 * {@code <epoch us> <mode> <calls>};</li>
 * <li>{@code negotiate-<n>.log} and {@code trivial-<n>.log}: one line per response from
 * {@code scripts/wrk/timeline.lua},
 * {@code <start, epoch us> <latency us> <status> <problem+json 1|0>};</li>
 * <li>{@code negotiate.out} and {@code trivial.out}: wrk's output, with its
 * {@code RESULT} line.</li>
 * </ul>
 * A response belongs to the phase in which it started. It must have the status its phase
 * calls for (200 while the service is healthy, 503 while it stalls or fails, 502 while it
 * answers malformed tokens), except that one that started less than the deadline (plus a
 * quarter second) before a switch may have the next phase's status: its call to the
 * service may have happened, or been retried, after the switch.
 *
 * <pre>
 * java -cp webpubsub-benchmarks/target/benchmarks.jar io.github.webpubsub.benchmarks.load.FaultRunReport \
 *     --dir &lt;run directory&gt; --read-timeout-ms 1000 --deadline-ms 2000 --max-retries 3 \
 *     --last-phase-calls &lt;n&gt;
 * </pre> Prints a table per phase and one {@code CHECK} line per assertion; exits 1 if
 * any fails.
 */
public final class FaultRunReport {

    /**
     * How long before a switch a request may already see the next phase's answer, beyond
     * the deadline.
     */
    private static final long SWITCH_GRACE_MICROS = 250_000;

    /** The margin on the deadline within which every negotiate must be answered. */
    private static final long ANSWER_MARGIN_MICROS = 1_000_000;

    /** Fewer answers than this in a fault phase would prove nothing about it. */
    private static final int MIN_ANSWERS_PER_FAULT_PHASE = 5;

    private final List<Phase> phases;

    private final List<Response> negotiate;

    private final List<Response> trivial;

    private final Map<String, String> negotiateResult;

    private final Map<String, String> trivialResult;

    private final long readTimeoutMicros;

    private final long deadlineMicros;

    private final int maxRetries;

    private final int connections;

    private final List<String> checks = new ArrayList<>();

    private boolean failed;

    FaultRunReport(List<Phase> phases, List<Response> negotiate, List<Response> trivial,
            Map<String, String> negotiateResult, Map<String, String> trivialResult, long readTimeoutMicros,
            long deadlineMicros, int maxRetries, int connections) {
        this.phases = phases;
        this.negotiate = negotiate;
        this.trivial = trivial;
        this.negotiateResult = negotiateResult;
        this.trivialResult = trivialResult;
        this.readTimeoutMicros = readTimeoutMicros;
        this.deadlineMicros = deadlineMicros;
        this.maxRetries = maxRetries;
        this.connections = connections;
    }

    public static void main(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        Path dir = Path.of(required(options, "--dir"));
        long lastPhaseCalls = Long.parseLong(options.getOrDefault("--last-phase-calls", "-1"));
        List<Response> negotiate = responses(dir, "negotiate");
        List<Response> trivial = responses(dir, "trivial");
        long runStart = Stream.concat(negotiate.stream(), trivial.stream())
            .mapToLong(Response::start)
            .min()
            .orElse(Long.MIN_VALUE);
        FaultRunReport report = new FaultRunReport(phases(lines(dir.resolve("events.log")), lastPhaseCalls, runStart),
                negotiate, trivial, result(dir.resolve("negotiate.out")), result(dir.resolve("trivial.out")),
                1000 * Long.parseLong(required(options, "--read-timeout-ms")),
                1000 * Long.parseLong(required(options, "--deadline-ms")),
                Integer.parseInt(required(options, "--max-retries")), timelineFiles(dir, "negotiate").size());
        System.out.print(report.table());
        System.out.print(report.check());
        System.exit(report.failed ? 1 : 0);
    }

    /**
     * Returns the per-phase table: for each phase and endpoint, the answers by status and
     * their latency.
     */
    String table() {
        long origin = Stream.concat(this.negotiate.stream(), this.trivial.stream())
            .mapToLong(Response::start)
            .min()
            .orElse(this.phases.get(0).from());
        StringBuilder table = new StringBuilder(
                String.format(Locale.ROOT, "%-5s %-9s %7s %7s  %-10s %9s  %-18s %9s %9s %9s %8s%n", "phase", "service",
                        "from_s", "to_s", "endpoint", "answers", "statuses", "p50_ms", "p99_ms", "max_ms", "calls"));
        long end = Stream.concat(this.negotiate.stream(), this.trivial.stream())
            .mapToLong((response) -> response.start() + response.latency())
            .max()
            .orElse(origin);
        for (Phase phase : this.phases) {
            for (String endpoint : List.of("/negotiate", "/api/me")) {
                List<Response> answers = in(phase, endpoint.equals("/negotiate") ? this.negotiate : this.trivial);
                long to = (phase.to() == Long.MAX_VALUE) ? end : phase.to();
                table.append(String.format(Locale.ROOT, "%-5d %-9s %7.1f %7.1f  %-10s %9d  %-18s %9s %9s %9s %8s%n",
                        phase.index(), phase.mode(), seconds(Math.max(phase.from(), origin) - origin),
                        seconds(to - origin), endpoint, answers.size(), statuses(answers),
                        millis(percentile(answers, 50)), millis(percentile(answers, 99)),
                        millis(percentile(answers, 100)), endpoint.equals("/negotiate") && phase.serviceCalls() >= 0
                                ? Long.toString(phase.serviceCalls()) : ""));
            }
        }
        return table.toString();
    }

    /**
     * Runs the checks and returns one {@code CHECK ok|FAIL} line for each.
     */
    String check() {
        this.checks.clear();
        this.failed = false;
        checkSocketErrors("/negotiate", this.negotiateResult);
        checkSocketErrors("/api/me", this.trivialResult);

        List<String> unexpected = new ArrayList<>();
        for (Response response : this.negotiate) {
            Phase phase = phaseOf(response);
            if (phase == null || !allowed(phase, response)) {
                unexpected.add(((phase != null) ? phase.mode() : "before the run") + " +"
                        + millis(response.start() - ((phase != null) ? phase.from() : 0)) + " ms: " + response.status()
                        + " after " + millis(response.latency()) + " ms");
            }
        }
        check(unexpected.isEmpty() && !this.negotiate.isEmpty(),
                "/negotiate: each of " + this.negotiate.size()
                        + " answers has its phase's status (healthy 200, stall and error 503, malformed 502)"
                        + (unexpected.isEmpty() ? "" : "; " + unexpected.size() + " did not, first: "
                                + String.join(", ", unexpected.subList(0, Math.min(5, unexpected.size())))));

        long withoutProblem = this.negotiate.stream()
            .filter((response) -> response.status() != 200 && !response.problem())
            .count();
        check(withoutProblem == 0,
                "/negotiate: every error answer is application/problem+json (" + withoutProblem + " not)");

        long slowest = this.negotiate.stream().mapToLong(Response::latency).max().orElse(0);
        check(slowest < this.deadlineMicros + ANSWER_MARGIN_MICROS, "/negotiate: slowest answer " + millis(slowest)
                + " ms < deadline " + millis(this.deadlineMicros) + " ms + " + millis(ANSWER_MARGIN_MICROS) + " ms");

        for (Phase phase : this.phases) {
            if (phase.expectedStatus() == 200) {
                continue;
            }
            List<Response> answers = in(phase, this.negotiate);
            long answered = answers.stream().filter((response) -> response.status() == phase.expectedStatus()).count();
            check(answered >= MIN_ANSWERS_PER_FAULT_PHASE,
                    "phase " + phase.index() + " (" + phase.mode() + "): " + answered + " answers "
                            + phase.expectedStatus() + " (at least " + MIN_ANSWERS_PER_FAULT_PHASE + ")");
            if (phase.serviceCalls() < 0) {
                continue;
            }
            if (phase.mode().equals("stall")) {
                check(phase.serviceCalls() <= answers.size() + this.connections,
                        "phase " + phase.index() + " (stall): timeouts are not retried: " + phase.serviceCalls()
                                + " service calls for " + answers.size() + " answers (at most one each, plus "
                                + this.connections + " in flight)");
            }
            else if (phase.mode().equals("error")) {
                long bound = (1L + this.maxRetries) * (answers.size() + this.connections);
                check(phase.serviceCalls() <= bound, String.format(Locale.ROOT, "phase %d (error): retries are "
                        + "bounded: %d service calls for %d answers, %.2f each (at most 1 + %d retries, plus %d in "
                        + "flight)", phase.index(), phase.serviceCalls(), answers.size(),
                        (double) phase.serviceCalls() / Math.max(1, answers.size()), this.maxRetries,
                        this.connections));
            }
        }

        Phase last = this.phases.get(this.phases.size() - 1);
        if (last.expectedStatus() == 200 && this.phases.size() > 1) {
            List<Response> after = in(last, this.negotiate);
            Response firstOk = after.stream().filter((response) -> response.status() == 200).findFirst().orElse(null);
            long recovery = (firstOk != null) ? firstOk.start() + firstOk.latency() - last.from() : Long.MAX_VALUE;
            check(firstOk != null && recovery <= this.deadlineMicros + ANSWER_MARGIN_MICROS, "phase " + last.index()
                    + " (healthy again): first 200 " + ((firstOk != null) ? millis(recovery) + " ms" : "never")
                    + " after the service recovered (within " + millis(this.deadlineMicros + ANSWER_MARGIN_MICROS)
                    + " ms), " + after.stream().filter((response) -> response.status() == 200).count() + " of "
                    + after.size() + " answers 200");
        }

        long trivialFailures = this.trivial.stream().filter((response) -> response.status() != 200).count();
        check(!this.trivial.isEmpty() && trivialFailures == 0,
                "/api/me: all " + this.trivial.size() + " answers 200 (" + trivialFailures + " not)");
        long trivialSlowest = this.phases.stream()
            .filter((phase) -> phase.expectedStatus() != 200)
            .flatMap((phase) -> in(phase, this.trivial).stream())
            .mapToLong(Response::latency)
            .max()
            .orElse(Long.MAX_VALUE);
        check(trivialSlowest < this.readTimeoutMicros,
                "/api/me while the service stalls or fails: slowest answer " + millis(trivialSlowest)
                        + " ms < read timeout " + millis(this.readTimeoutMicros) + " ms, so no "
                        + "request waited for a thread held by a stalled call");

        StringBuilder lines = new StringBuilder();
        this.checks.forEach((line) -> lines.append(line).append('\n'));
        lines.append(this.failed ? "FAIL: the key-less fault run missed a target\n"
                : "OK: every negotiate was answered in time with its phase's status, and the app kept serving\n");
        return lines.toString();
    }

    boolean failed() {
        return this.failed;
    }

    private void checkSocketErrors(String endpoint, Map<String, String> result) {
        String errors = result.get("socket_errors");
        check("0".equals(errors),
                "wrk " + endpoint + ": no socket error or timeout ("
                        + ((errors != null) ? "connect " + result.get("connect") + ", read " + result.get("read")
                                + ", write " + result.get("write") + ", timeout " + result.get("timeout")
                                : "no RESULT line")
                        + ")");
    }

    private void check(boolean ok, String description) {
        this.checks.add("CHECK " + (ok ? "ok   " : "FAIL ") + description);
        this.failed |= !ok;
    }

    private boolean allowed(Phase phase, Response response) {
        if (response.status() == phase.expectedStatus()) {
            return true;
        }
        Phase next = (phase.index() < this.phases.size()) ? this.phases.get(phase.index()) : null;
        return next != null && response.status() == next.expectedStatus()
                && response.start() >= next.from() - this.deadlineMicros - SWITCH_GRACE_MICROS;
    }

    private Phase phaseOf(Response response) {
        return this.phases.stream()
            .filter((phase) -> response.start() >= phase.from() && response.start() < phase.to())
            .findFirst()
            .orElse(null);
    }

    private static List<Response> in(Phase phase, List<Response> responses) {
        return responses.stream()
            .filter((response) -> response.start() >= phase.from() && response.start() < phase.to())
            .toList();
    }

    private static String statuses(List<Response> responses) {
        if (responses.isEmpty()) {
            return "-";
        }
        Map<Integer, Long> counts = new TreeMap<>(
                responses.stream().collect(Collectors.groupingBy(Response::status, Collectors.counting())));
        return counts.entrySet()
            .stream()
            .map((entry) -> entry.getKey() + ":" + entry.getValue())
            .collect(Collectors.joining(","));
    }

    /**
     * Nearest-rank percentile of the latencies, in microseconds; -1 if there are none.
     */
    static long percentile(List<Response> responses, double percent) {
        if (responses.isEmpty()) {
            return -1;
        }
        long[] latencies = responses.stream().mapToLong(Response::latency).sorted().toArray();
        int rank = (int) Math.ceil(percent / 100 * latencies.length);
        return latencies[Math.max(0, Math.min(latencies.length, rank) - 1)];
    }

    private static String millis(long micros) {
        return (micros < 0) ? "-" : String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }

    private static double seconds(long micros) {
        return micros / 1_000_000.0;
    }

    /**
     * Reads the fake service's switches: each starts a phase, which ends at the next.
     * @param lastPhaseCalls the service calls of the last phase (the fake counts a
     * phase's calls when it ends), or -1
     */
    static List<Phase> phases(List<String> events, long lastPhaseCalls) {
        return phases(events, lastPhaseCalls, Long.MIN_VALUE);
    }

    /**
     * Reads the fake service's switches, leaving out those superseded before the run
     * began (its start, and the sign-in and warm-up before the run's own first switch).
     * @param runStart epoch microseconds of the run's first request
     */
    static List<Phase> phases(List<String> events, long lastPhaseCalls, long runStart) {
        List<Phase> phases = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            String[] event = events.get(i).trim().split(" ");
            long to = (i + 1 < events.size()) ? Long.parseLong(events.get(i + 1).trim().split(" ")[0]) : Long.MAX_VALUE;
            long calls = (i + 1 < events.size()) ? Long.parseLong(events.get(i + 1).trim().split(" ")[2])
                    : lastPhaseCalls;
            if (to > runStart) {
                phases.add(new Phase(phases.size() + 1, event[1], Long.parseLong(event[0]), to, calls));
            }
        }
        if (phases.isEmpty()) {
            throw new IllegalArgumentException("events.log has no switch: the fake service did not start");
        }
        return phases;
    }

    static List<Response> responses(Path dir, String label) {
        return timelineFiles(dir, label).stream()
            .flatMap((file) -> lines(file).stream())
            .filter((line) -> !line.isBlank())
            .map(Response::parse)
            .sorted(Comparator.comparingLong(Response::start))
            .toList();
    }

    private static List<Path> timelineFiles(Path dir, String label) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter((file) -> file.getFileName().toString().matches(label + "-\\d+\\.log"))
                .sorted()
                .toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Returns the fields of the {@code RESULT} line of a wrk output, or none if it has
     * none.
     */
    static Map<String, String> result(Path output) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (!Files.exists(output)) {
            return fields;
        }
        lines(output).stream().filter((line) -> line.startsWith("RESULT ")).findFirst().ifPresent((line) -> {
            for (String field : line.substring("RESULT ".length()).trim().split(" ")) {
                int equals = field.indexOf('=');
                if (equals > 0) {
                    fields.put(field.substring(0, equals), field.substring(equals + 1));
                }
            }
        });
        return fields;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            System.err.println("Usage: FaultRunReport --dir <run directory> --read-timeout-ms <ms> --deadline-ms <ms> "
                    + "--max-retries <n> [--last-phase-calls <n>]");
            System.exit(2);
        }
        return value;
    }

    /**
     * One mode of the fake service, from its switch to the next.
     *
     * @param index 1 for the first
     * @param mode healthy, stall, error or malformed
     * @param from epoch microseconds of the switch
     * @param to epoch microseconds of the next switch, or {@link Long#MAX_VALUE}
     * @param serviceCalls the token calls the service had in this mode, or -1 if unknown
     */
    record Phase(int index, String mode, long from, long to, long serviceCalls) {

        int expectedStatus() {
            return switch (this.mode) {
                case "healthy" -> 200;
                case "malformed" -> 502;
                default -> 503;
            };
        }

    }

    /**
     * One answer as wrk saw it.
     *
     * @param start epoch microseconds when the request was written
     * @param latency microseconds until the response was complete
     * @param status the HTTP status
     * @param problem whether it was {@code application/problem+json}
     */
    record Response(long start, long latency, int status, boolean problem) {

        static Response parse(String line) {
            String[] fields = line.trim().split(" ");
            return new Response(Long.parseLong(fields[0]), Long.parseLong(fields[1]), Integer.parseInt(fields[2]),
                    fields[3].equals("1"));
        }

    }

}
