package io.github.webpubsub.benchmarks;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link ClientTokenBenchmark} in one JMH run, single thread, with the GC profiler,
 * then prints a table of throughput and allocation per token and the ratios of ours to
 * the official SDK.
 *
 * <p>
 * Defaults keep one run to a few minutes on two cores. Any JMH command-line option
 * overrides them, for example {@code -f 1 -wi 2 -i 3} for a quick look, or
 * {@code -prof stack} to add a profiler (the GC profiler always runs).
 */
public final class BenchmarkRunner {

    private static final String ALLOCATION = "gc.alloc.rate.norm";

    private BenchmarkRunner() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions commandLine = new CommandLineOptions(args);
        ChainedOptionsBuilder options = new OptionsBuilder().parent(commandLine).addProfiler(GCProfiler.class);
        // The builder's own settings win over its parent's, so defaults are set only
        // where the command line is silent.
        if (commandLine.getIncludes().isEmpty()) {
            options.include(ClientTokenBenchmark.class.getName() + "\\.");
        }
        if (!commandLine.getForkCount().hasValue()) {
            options.forks(2);
        }
        if (!commandLine.getWarmupIterations().hasValue()) {
            options.warmupIterations(4);
        }
        if (!commandLine.getWarmupTime().hasValue()) {
            options.warmupTime(TimeValue.seconds(2));
        }
        if (!commandLine.getMeasurementIterations().hasValue()) {
            options.measurementIterations(5);
        }
        if (!commandLine.getMeasurementTime().hasValue()) {
            options.measurementTime(TimeValue.seconds(2));
        }
        if (!commandLine.getThreads().hasValue()) {
            options.threads(1);
        }
        if (!commandLine.getJvmArgs().hasValue()) {
            // A fixed heap keeps GC sizing identical across forks and benchmarks.
            options.jvmArgs("-Xms1g", "-Xmx1g");
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        System.out.println();
        System.out.print(summary(results));
    }

    static String summary(Collection<RunResult> results) {
        Map<String, Row> measured = new HashMap<>();
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            measured.put(benchmark.substring(benchmark.lastIndexOf('.') + 1), Row.of(result));
        }
        // The order of the benchmark class's documentation rather than JMH's alphabetical
        // one.
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String name : List.of("ours", "oursWithUrl", "officialSdk", "rawHmac", "oursWithRequestBuilding",
                "officialSdkWithRequestBuilding")) {
            Row row = measured.remove(name);
            if (row != null) {
                rows.put(name, row);
            }
        }
        rows.putAll(measured);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT,
                "Client access token, single thread, JDK %s, %d cores. Mean ± JMH's 99.9%% "
                        + "confidence half-width; median of all measured iterations; us/op from the median.%n%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors()));
        String format = "%-32s %20s %14s %10s %12s%n";
        out.append(String.format(Locale.ROOT, format, "benchmark", "ops/s mean", "ops/s median", "us/op", "B/op"));
        rows.forEach((name,
                row) -> out.append(String.format(Locale.ROOT, format, name,
                        withError(row.opsPerSecond(), row.opsPerSecondError(), "%.0f"),
                        String.format(Locale.ROOT, "%.0f", row.medianOpsPerSecond()),
                        String.format(Locale.ROOT, "%.3f", 1e6 / row.medianOpsPerSecond()),
                        withError(row.bytesPerOp(), row.bytesPerOpError(), "%.0f"))));
        out.append(String.format(Locale.ROOT, "%n"));
        appendRatios(out, rows, "ours", "officialSdk");
        appendRatios(out, rows, "oursWithUrl", "officialSdk");
        appendRatios(out, rows, "oursWithRequestBuilding", "officialSdkWithRequestBuilding");
        appendRatios(out, rows, "ours", "rawHmac");
        return out.toString();
    }

    private static void appendRatios(StringBuilder out, Map<String, Row> rows, String ours, String theirs) {
        Row a = rows.get(ours);
        Row b = rows.get(theirs);
        if (a == null || b == null) {
            return;
        }
        out.append(String.format(Locale.ROOT, "%s / %s: throughput %.2f x (medians), %s x (means); allocation %s x%n",
                ours, theirs, a.medianOpsPerSecond() / b.medianOpsPerSecond(),
                withError(a.opsPerSecond() / b.opsPerSecond(),
                        ratioError(a.opsPerSecond(), a.opsPerSecondError(), b.opsPerSecond(), b.opsPerSecondError()),
                        "%.2f"),
                withError(a.bytesPerOp() / b.bytesPerOp(),
                        ratioError(a.bytesPerOp(), a.bytesPerOpError(), b.bytesPerOp(), b.bytesPerOpError()), "%.2f")));
    }

    /**
     * First-order propagation of the two relative errors into the ratio: good enough to
     * tell noise from a change.
     */
    private static double ratioError(double a, double aError, double b, double bError) {
        return Math.abs(a / b) * Math.hypot(aError / a, bError / b);
    }

    /** JMH gives no error for fewer than two iterations (NaN); then none is printed. */
    private static String withError(double value, double error, String format) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        String text = String.format(Locale.ROOT, format, value);
        return Double.isNaN(error) ? text : text + " ± " + String.format(Locale.ROOT, format, error);
    }

    /**
     * One benchmark's figures. The median of the iterations is shown next to the mean
     * because other processes on a shared machine slow some iterations down a lot, which
     * drags the mean and widens its error, but barely moves the median.
     */
    record Row(double opsPerSecond, double opsPerSecondError, double medianOpsPerSecond, double bytesPerOp,
            double bytesPerOpError) {

        static Row of(RunResult result) {
            Result<?> throughput = result.getPrimaryResult();
            Result<?> allocation = result.getSecondaryResults().get(ALLOCATION);
            double[] iterations = result.getBenchmarkResults()
                .stream()
                .flatMap(benchmark -> benchmark.getIterationResults().stream())
                .mapToDouble(iteration -> iteration.getPrimaryResult().getScore())
                .sorted()
                .toArray();
            int middle = iterations.length / 2;
            double median = (iterations.length % 2 == 1) ? iterations[middle]
                    : (iterations[middle - 1] + iterations[middle]) / 2;
            return new Row(throughput.getScore(), throughput.getScoreError(), median,
                    (allocation != null) ? allocation.getScore() : Double.NaN,
                    (allocation != null) ? allocation.getScoreError() : Double.NaN);
        }

    }

}
