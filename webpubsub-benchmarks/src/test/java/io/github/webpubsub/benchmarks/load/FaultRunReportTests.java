package io.github.webpubsub.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.webpubsub.benchmarks.load.FaultRunReport.Response;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The fault run's checks pass a run that behaves as specified and fail each way one can
 * go wrong.
 */
class FaultRunReportTests {

    private static final long SECOND = 1_000_000;

    /**
     * Healthy 0-10 s, stall 10-20 s, error 20-30 s, healthy again from 30 s; times in
     * microseconds.
     */
    private static final List<String> EVENTS = List.of("0 healthy 0", "10000000 stall 5000", "20000000 error 20",
            "30000000 healthy 70");

    private static final Map<String, String> CLEAN = Map.of("socket_errors", "0", "connect", "0", "read", "0", "write",
            "0", "timeout", "0");

    private final List<Response> negotiate = new ArrayList<>();

    private final List<Response> trivial = new ArrayList<>();

    /** A run as it should be: two connections on /negotiate, one on /api/me. */
    FaultRunReportTests() {
        for (long start = 0; start < 40 * SECOND; start += SECOND / 2) {
            long phase = start / (10 * SECOND);
            boolean fault = phase == 1 || phase == 2;
            this.negotiate.add(new Response(start, fault ? SECOND + 2_000 : 3_000, fault ? 503 : 200, fault));
            this.trivial.add(new Response(start, 2_000, 200, false));
        }
    }

    private FaultRunReport report() {
        return new FaultRunReport(FaultRunReport.phases(EVENTS, 80), this.negotiate, this.trivial, CLEAN, CLEAN, SECOND,
                2 * SECOND, 3, 2);
    }

    @Test
    void runThatBehavesPasses() {
        FaultRunReport report = report();
        String checks = report.check();

        assertThat(report.failed()).as(checks).isFalse();
        assertThat(checks).contains("CHECK ok   /negotiate: each of 80 answers has its phase's status")
            .contains("CHECK ok   phase 2 (stall): timeouts are not retried: 20 service calls for 20 answers")
            .contains("CHECK ok   phase 3 (error): retries are bounded: 70 service calls for 20 answers, 3.50 each")
            .contains("CHECK ok   phase 4 (healthy again): first 200 3.0 ms after the service recovered")
            .doesNotContain("FAIL");
        assertThat(report.table()).contains("2     stall        10.0    20.0  /negotiate        20  503:20");
    }

    @Test
    void answerJustBeforeASwitchMayHaveTheNextPhasesStatus() {
        this.negotiate.add(new Response(10 * SECOND - 100_000, SECOND, 503, true));
        this.negotiate.add(new Response(30 * SECOND - SECOND, 1_500_000, 200, false));

        assertThat(report().check()).doesNotContain("FAIL");
    }

    @Test
    void successWhileTheServiceStallsFails() {
        this.negotiate.add(new Response(15 * SECOND, 3_000, 200, false));

        assertThat(report().check()).contains("CHECK FAIL /negotiate: each of 81 answers has its phase's status")
            .contains("1 did not, first: stall +5000.0 ms: 200 after 3.0 ms");
    }

    @Test
    void answerPastTheDeadlineFails() {
        this.negotiate.add(new Response(12 * SECOND, 3_100_000, 503, true));

        assertThat(report().check()).contains("CHECK FAIL /negotiate: slowest answer 3100.0 ms < deadline 2000.0 ms");
    }

    @Test
    void errorWithoutAProblemDetailFails() {
        this.negotiate.add(new Response(12 * SECOND, SECOND, 503, false));

        assertThat(report().check())
            .contains("CHECK FAIL /negotiate: every error answer is application/problem+json (1 not)");
    }

    @Test
    void trivialEndpointWaitingForAThreadFails() {
        this.trivial.add(new Response(14 * SECOND, 1_200_000, 200, false));

        assertThat(report().check()).contains("CHECK FAIL /api/me while the service stalls or fails: slowest answer "
                + "1200.0 ms < read timeout 1000.0 ms");
    }

    @Test
    void retriedTimeoutsAndUnboundedRetriesFail() {
        List<String> events = List.of("0 healthy 0", "10000000 stall 5000", "20000000 error 60",
                "30000000 healthy 500");

        String checks = new FaultRunReport(FaultRunReport.phases(events, 80), this.negotiate, this.trivial, CLEAN,
                CLEAN, SECOND, 2 * SECOND, 3, 2)
            .check();

        assertThat(checks).contains("CHECK FAIL phase 2 (stall): timeouts are not retried: 60 service calls")
            .contains("CHECK FAIL phase 3 (error): retries are bounded: 500 service calls for 20 answers");
    }

    @Test
    void noRecoveryFails() {
        this.negotiate.removeIf((response) -> response.start() >= 30 * SECOND);
        this.negotiate.add(new Response(31 * SECOND, SECOND, 503, true));

        assertThat(report().check()).contains("CHECK FAIL phase 4 (healthy again): first 200 never");
    }

    @Test
    void switchesSupersededBeforeTheRunAreLeftOut() {
        List<String> events = List.of("-9000000 healthy 0", "-100 healthy 4321", "10000000 stall 5000",
                "20000000 error 20", "30000000 healthy 70");

        List<FaultRunReport.Phase> phases = FaultRunReport.phases(events, 80, 0);

        assertThat(phases)
            .extracting(FaultRunReport.Phase::index, FaultRunReport.Phase::mode, FaultRunReport.Phase::serviceCalls)
            .containsExactly(tuple(1, "healthy", 5000L), tuple(2, "stall", 20L), tuple(3, "error", 70L),
                    tuple(4, "healthy", 80L));
    }

    @Test
    void socketErrorsFail() {
        Map<String, String> errors = Map.of("socket_errors", "2", "connect", "0", "read", "2", "write", "0", "timeout",
                "0");

        String checks = new FaultRunReport(FaultRunReport.phases(EVENTS, 80), this.negotiate, this.trivial, errors,
                Map.of(), SECOND, 2 * SECOND, 3, 2)
            .check();

        assertThat(checks)
            .contains("CHECK FAIL wrk /negotiate: no socket error or timeout (connect 0, read 2, write 0, timeout 0)")
            .contains("CHECK FAIL wrk /api/me: no socket error or timeout (no RESULT line)");
    }

}
