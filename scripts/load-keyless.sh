#!/usr/bin/env bash
# Key-less mode under load, on the loopback address only (see BENCHMARKS.md): the application under load (APP=sample,
# the default, or APP=webflux) in key-less mode, as faults-keyless.sh runs it, against FakeWebPubSubService answering
# every token request after SERVICE_DELAY_MS ms. After a warm-up, wrk -t$THREADS -c$CONNECTIONS on /negotiate for
# DURATION s with one signed-in session. Prints requests/s, p50 and p99, and the application's live threads (the
# JVM's platform threads as the kernel lists them, sampled every second: before the run, median and maximum during
# it). Exits non-zero on a socket error or a non-2xx answer. Settings (environment): THREADS (wrk threads, 1),
# CONNECTIONS (64), DURATION (seconds, 20), WARMUP (seconds, 10), SERVICE_DELAY_MS (5), SKIP_BUILD=1 to reuse the
# jars, SAMPLE_JAR to measure another build of the sample (such as one of an earlier commit, for before and after).
# About a minute plus the build.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/load-lib.sh
trap_cleanup

THREADS=${THREADS:-1}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-10}
SERVICE_DELAY_MS=${SERVICE_DELAY_MS:-5}
USER_NAME=alice
RUN=target/load-keyless-$APP

ensure_wrk
build_jars
rm -rf "$RUN"
mkdir -p "$RUN"
print_machine

start_fake_service "$RUN" --healthy-delay-ms "$SERVICE_DELAY_MS"
keyless_environment
echo "Fake Web PubSub service (every token after $SERVICE_DELAY_MS ms) and managed identity endpoint: $SERVICE"
start_app "$RUN/app.log"
echo "Application: $(app_description) on $BASE, heap $APP_HEAP, profile keyless"
sign_in "$BASE" "$USER_NAME" "$USER_NAME" "$RUN/cookies.txt"
status=$(curl -sS -o "$RUN/first-negotiate.json" -w '%{http_code}' -H "Cookie: $COOKIE" "$BASE/negotiate")
[ "$status" = 200 ] || fail "the first /negotiate answered $status: $(cat "$RUN/first-negotiate.json")"

wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 10s -H "Cookie: $COOKIE" -s scripts/wrk/load.lua \
  "$BASE/negotiate" -- label=warmup >"$RUN/warmup.out" 2>&1 || fail "the warm-up failed: $(tail -n 5 "$RUN/warmup.out")"
idle_threads=$(ls "/proc/$APP_PID/task" | wc -l)

echo
echo "== wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --timeout 10s on /negotiate, key-less, the service answering after ${SERVICE_DELAY_MS} ms"
thread_sampler "$RUN/threads.txt"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -H "Cookie: $COOKIE" -s scripts/wrk/load.lua \
  "$BASE/negotiate" -- label=keyless >"$RUN/keyless.out" 2>&1 &
wrk_pid=$!
STARTED_PIDS+=("$wrk_pid")
# A thread dump half-way, to tell whose the threads are.
sleep $((DURATION / 2))
jcmd "$APP_PID" Thread.print >"$RUN/thread-dump.txt" 2>&1 || true
wait_started "$wrk_pid" || fail "wrk failed: $(tail -n 5 "$RUN/keyless.out")"
kill "$SAMPLER_PID" 2>/dev/null || true
line=$(grep '^RESULT ' "$RUN/keyless.out") || fail "wrk printed no RESULT line ($RUN/keyless.out)"
echo "$line"
threads_median=$(sort -n "$RUN/threads.txt" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
threads_max=$(sort -n "$RUN/threads.txt" | tail -1)
echo "requests/s $(result_field "$line" rps), p50 $(result_field "$line" p50_ms) ms, p99 $(result_field "$line" p99_ms) ms; live threads: $idle_threads after the warm-up, median $threads_median and max $threads_max during the run"
echo "Threads half-way through the run, by name (digits left out), the ten largest groups:"
sed -n 's/^"\([^"]*\)".*/\1/p' "$RUN/thread-dump.txt" | sed 's/[0-9][0-9]*/N/g' | sort | uniq -c | sort -rn | head -10
echo "Load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"

failures=()
[ "$(result_field "$line" non2xx)" = 0 ] || failures+=("$(result_field "$line" non2xx) non-2xx answers ($(result_field "$line" statuses))")
[ "$(result_field "$line" socket_errors)" = 0 ] || failures+=("socket errors: $(result_field "$line" socket_errors)")
[ "$(result_field "$line" requests)" -gt 0 ] || failures+=("no answer at all")
if [ ${#failures[@]} -gt 0 ]; then
  printf 'FAIL: %s\n' "${failures[@]}"
  exit 1
fi
echo "OK: key-less /negotiate under $CONNECTIONS connections, every answer 200, no socket error"
