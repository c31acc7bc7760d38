#!/usr/bin/env bash
# Key-less (Microsoft Entra ID) mode under faults, on the loopback address only (see BENCHMARKS.md).
# The sample application runs as a user would run it on Azure App Service in key-less mode: profile keyless,
# WEBPUBSUB_ENDPOINT, and the managed identity variables IDENTITY_ENDPOINT and IDENTITY_HEADER that App Service
# sets, read by azure-identity's DefaultAzureCredential. Both the endpoint and the identity endpoint are a fake
# service (FakeWebPubSubService in webpubsub-benchmarks) whose token API is switched, during one wrk run, from
# healthy to stall (never answers) to error (HTTP 500) and back to healthy, PHASE seconds each. The service calls are
# bounded: read timeout 1 s, deadline 2 s, 3 retries of 5xx. A second wrk run on GET /api/me shows that the
# application keeps serving while negotiate calls wait for the service.
# Checks (FaultRunReport): every /negotiate answer has its phase's status (200 healthy, 503 problem detail during the
# faults), none takes longer than the deadline + 1 s, no socket error or timeout at wrk's side (--timeout 10s),
# timeouts are not retried and 500s at most 3 times, /api/me answers 200 within the read timeout throughout, and
# /negotiate answers 200 again right after the service recovers. Prints a table per phase; exits non-zero when a
# check fails. Settings (environment): PHASE (seconds, default 8), SKIP_BUILD=1 to reuse the jars. About a minute
# plus the build.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/load-lib.sh
trap_cleanup

PHASE=${PHASE:-8}
READ_TIMEOUT_MS=1000
DEADLINE_MS=2000
MAX_RETRIES=3
NEGOTIATE_CONNECTIONS=8
TRIVIAL_CONNECTIONS=2
USER_NAME=alice
RUN=target/faults-keyless

ensure_wrk
build_jars
rm -rf "$RUN"
mkdir -p "$RUN"
print_machine

start_fake_service "$RUN"
keyless_environment
echo "Fake Web PubSub service and managed identity endpoint: $SERVICE"
start_app "$RUN/app.log" "--webpubsub.service.read-timeout=${READ_TIMEOUT_MS}ms" \
  "--webpubsub.service.deadline=${DEADLINE_MS}ms" "--webpubsub.service.max-retries=$MAX_RETRIES"
echo "Application: $(app_description) on $BASE, heap $APP_HEAP, profile keyless, read timeout ${READ_TIMEOUT_MS} ms, deadline ${DEADLINE_MS} ms, max retries $MAX_RETRIES"
sign_in "$BASE" "$USER_NAME" "$USER_NAME" "$RUN/cookies.txt"
status=$(curl -sS -o "$RUN/first-negotiate.json" -w '%{http_code}' -H "Cookie: $COOKIE" "$BASE/negotiate")
[ "$status" = 200 ] || fail "the first /negotiate answered $status: $(cat "$RUN/first-negotiate.json")"
echo "Signed in once as $USER_NAME; /negotiate answers 200 with a token the fake service minted for the managed identity."

switch() {
  curl -sS -f -X POST -o /dev/null "$SERVICE/control/mode/$1" || fail "could not switch the fake service to $1"
  echo "$(date -u +%H:%M:%S.%N | cut -c1-12) service: $1"
}

# Warm-up, so that the first phase measures a warm application rather than the JIT compiler.
for path in /negotiate /api/me; do
  wrk -t2 -c8 -d5s -H "Cookie: $COOKIE" "$BASE$path" >"$RUN/warmup.out" 2>&1 || fail "the warm-up on $path failed"
done

total=$((4 * PHASE + 2))
echo
echo "== wrk -t$NEGOTIATE_CONNECTIONS -c$NEGOTIATE_CONNECTIONS on /negotiate and wrk -t$TRIVIAL_CONNECTIONS -c$TRIVIAL_CONNECTIONS on /api/me, ${total}s, --timeout 10s; the service: healthy, stall, error, healthy (${PHASE}s each)"
# A fresh start of the healthy phase: the calls of the sign-in and the warm-up are not counted in it.
switch healthy
wrk -t"$NEGOTIATE_CONNECTIONS" -c"$NEGOTIATE_CONNECTIONS" -d"${total}s" --timeout 10s -H "Cookie: $COOKIE" \
  -s scripts/wrk/timeline.lua "$BASE/negotiate" -- label=negotiate "dir=$RUN" >"$RUN/negotiate.out" 2>&1 &
negotiate_wrk=$!
STARTED_PIDS+=("$negotiate_wrk")
wrk -t"$TRIVIAL_CONNECTIONS" -c"$TRIVIAL_CONNECTIONS" -d"${total}s" --timeout 10s -H "Cookie: $COOKIE" \
  -s scripts/wrk/timeline.lua "$BASE/api/me" -- label=trivial "dir=$RUN" >"$RUN/trivial.out" 2>&1 &
trivial_wrk=$!
STARTED_PIDS+=("$trivial_wrk")
sleep "$PHASE"
switch stall
sleep "$PHASE"
switch error
sleep "$PHASE"
switch healthy
wait_started "$negotiate_wrk" || fail "wrk on /negotiate failed: $(tail -n 5 "$RUN/negotiate.out")"
wait_started "$trivial_wrk" || fail "wrk on /api/me failed: $(tail -n 5 "$RUN/trivial.out")"
stats=$(curl -sS "$SERVICE/control/stats")
last_calls=$(sed -n 's/.*"tokenCalls":\([0-9]*\).*/\1/p' <<<"$stats")
identity_calls=$(sed -n 's/.*"identityCalls":\([0-9]*\).*/\1/p' <<<"$stats")
grep '^RESULT ' "$RUN/negotiate.out" "$RUN/trivial.out" | sed 's/^[^:]*://'
echo "Managed identity endpoint calls: $identity_calls (azure-identity's token, cached by the starter)"
[ "${identity_calls:-0}" -ge 1 ] || fail "the application never asked the managed identity endpoint for a token"
echo
java -cp "$BENCHMARKS_JAR" io.github.webpubsub.benchmarks.load.FaultRunReport --dir "$RUN" \
  --read-timeout-ms "$READ_TIMEOUT_MS" --deadline-ms "$DEADLINE_MS" --max-retries "$MAX_RETRIES" \
  --last-phase-calls "${last_calls:--1}"
