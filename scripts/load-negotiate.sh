#!/usr/bin/env bash
# Load test of the sample application's /negotiate, on the loopback address only (see BENCHMARKS.md); with APP=webflux
# (scripts/load-negotiate-webflux.sh) the same runs and checks against the WebFlux application of the benchmarks
# module, which has the sample's endpoints, users and settings:
#   1. the same wrk load on a trivial authenticated JSON endpoint (GET /api/me) and on GET /negotiate, alternated
#      (warm-up of each, then trivial, negotiate, ... ROUNDS times), with the same signed-in session; prints the
#      median requests/s, p50 and p99 of each and their ratio. Target: negotiate >= TARGET_RATIO x trivial (0.95 for
#      the sample, 0.90 for WebFlux), no socket error, no non-2xx answer;
#   2. a short run on /negotiate that checks EVERY answer for Cache-Control: no-store;
#   3. /negotiate under 32 connections for 30 s, saving every 100th token; each saved token is then verified with
#      the sample's access key (signature, aud, sub, exp after iat).
# Exits non-zero when a target is missed. Settings (environment): THREADS (wrk threads, default 1: wrk and the
# application share this machine's cores), CONNECTIONS (16), DURATION (seconds per run, 10), WARMUP (seconds per
# endpoint, 20), ROUNDS (3),
# TOKEN_CONNECTIONS (32), TOKEN_DURATION (30), SKIP_BUILD=1 to reuse the jars. About 2.5 minutes plus the build.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/load-lib.sh
trap_cleanup

THREADS=${THREADS:-1}
CONNECTIONS=${CONNECTIONS:-16}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-20}
ROUNDS=${ROUNDS:-3}
TOKEN_CONNECTIONS=${TOKEN_CONNECTIONS:-32}
TOKEN_DURATION=${TOKEN_DURATION:-30}
NO_STORE_DURATION=5
TARGET_RATIO=${TARGET_RATIO:-$([ "$APP" = webflux ] && echo 0.90 || echo 0.95)}
USER_NAME=alice
RUN=target/load-negotiate$([ "$APP" = webflux ] && echo -webflux || true)

ensure_wrk
build_jars
rm -rf "$RUN"
mkdir -p "$RUN/tokens"

# The sample's public development key (application.yml): the default endpoint is the application itself.
KEY=$(sed -n 's/.*AccessKey=\([^;]*\);.*/\1/p' webpubsub-sample-app/src/main/resources/application.yml | head -1)
[ -n "$KEY" ] || fail "no development key found in the sample's application.yml"

print_machine
# Nothing from this shell may point the application elsewhere: it must sign with the development key.
unset WEBPUBSUB_CONNECTION_STRING AZURE_WEBPUBSUB_CONNECTIONSTRING SPRING_PROFILES_ACTIVE
start_app "$RUN/app.log"
echo "Application: $(app_description) on $BASE, heap $APP_HEAP, key mode with the sample's development key"
sign_in "$BASE" "$USER_NAME" "$USER_NAME" "$RUN/cookies.txt"
me=$(curl -sS -H "Cookie: $COOKIE" "$BASE/api/me")
[ "$me" = "{\"name\":\"$USER_NAME\",\"admin\":false}" ] || fail "GET /api/me with the session answered: $me"
echo "Signed in once as $USER_NAME (form login); every request below sends the session cookie."

CLOCK_TICKS=$(getconf CLK_TCK)
# CPU time the application has used so far, in clock ticks (user + system, from /proc).
app_cpu_ticks() {
  awk '{ print $14 + $15 }' "/proc/$APP_PID/stat"
}

# wrk_run <label> <path> <threads> <connections> <seconds> [load.lua options...]: prints the RESULT line, with the
# application's CPU time per answer appended (app_cpu_us): what an answer costs, whatever else the machine runs.
wrk_run() {
  local label=$1 path=$2 threads=$3 connections=$4 seconds=$5
  shift 5
  local before after
  before=$(app_cpu_ticks)
  wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 10s -H "Cookie: $COOKIE" -s scripts/wrk/load.lua \
    "$BASE$path" -- "label=$label" "$@" >"$RUN/$label.out" 2>&1 || fail "wrk failed: $(tail -n 5 "$RUN/$label.out")"
  after=$(app_cpu_ticks)
  local line
  line=$(grep '^RESULT ' "$RUN/$label.out") || fail "wrk printed no RESULT line ($RUN/$label.out)"
  local requests
  requests=$(result_field "$line" requests)
  echo "$line app_cpu_us=$(awk -v t=$((after - before)) -v hz="$CLOCK_TICKS" -v n="$requests" 'BEGIN { printf "%.1f", (n > 0) ? t * 1e6 / hz / n : 0 }')"
}

failures=()
# clean <RESULT line>: every answer 2xx, no socket error, and the script saw every response wrk counted.
clean() {
  local line=$1 label
  label=$(result_field "$line" label)
  [ "$(result_field "$line" non2xx)" = 0 ] || failures+=("$label: $(result_field "$line" non2xx) non-2xx answers ($(result_field "$line" statuses))")
  [ "$(result_field "$line" socket_errors)" = 0 ] || failures+=("$label: socket errors: connect $(result_field "$line" connect), read $(result_field "$line" read), write $(result_field "$line" write), timeout $(result_field "$line" timeout)")
  [ "$(result_field "$line" requests)" -gt 0 ] || failures+=("$label: no answer at all")
}

echo
echo "== 1. /api/me (trivial) and /negotiate, alternated: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s each, $ROUNDS rounds after a ${WARMUP}s warm-up of each"
for endpoint in trivial negotiate; do
  path=$([ "$endpoint" = trivial ] && echo /api/me || echo /negotiate)
  line=$(wrk_run "warmup-$endpoint" "$path" "$THREADS" "$CONNECTIONS" "$WARMUP")
  clean "$line"
done
printf '%-7s %-10s %9s %10s %8s %8s %8s %8s %7s %7s %11s\n' round endpoint requests rps p50_ms p90_ms p99_ms max_ms \
  non2xx errors app_cpu_us
results=()
for round in $(seq 1 "$ROUNDS"); do
  # Odd rounds start with the trivial endpoint, even ones with negotiate, so that a trend (the JIT compiler
  # finishing, another process starting) does not favour either.
  order=$([ $((round % 2)) = 1 ] && echo "trivial negotiate" || echo "negotiate trivial")
  for endpoint in $order; do
    path=$([ "$endpoint" = trivial ] && echo /api/me || echo /negotiate)
    line=$(wrk_run "$endpoint-$round" "$path" "$THREADS" "$CONNECTIONS" "$DURATION")
    clean "$line"
    results+=("$endpoint $(result_field "$line" rps) $(result_field "$line" p50_ms) $(result_field "$line" p99_ms) $(result_field "$line" app_cpu_us)")
    printf '%-7s %-10s %9s %10s %8s %8s %8s %8s %7s %7s %11s\n' "$round" "$path" "$(result_field "$line" requests)" \
      "$(result_field "$line" rps)" "$(result_field "$line" p50_ms)" "$(result_field "$line" p90_ms)" \
      "$(result_field "$line" p99_ms)" "$(result_field "$line" max_ms)" "$(result_field "$line" non2xx)" \
      "$(result_field "$line" socket_errors)" "$(result_field "$line" app_cpu_us)"
  done
done

# median <endpoint> <column: 2 rps, 3 p50, 4 p99>
median() {
  printf '%s\n' "${results[@]}" | awk -v e="$1" -v c="$2" '$1 == e { print $c }' | sort -g \
    | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
trivial_rps=$(median trivial 2)
negotiate_rps=$(median negotiate 2)
ratio=$(awk -v n="$negotiate_rps" -v t="$trivial_rps" 'BEGIN { printf "%.3f", n / t }')
printf '%-7s %-10s %9s %10s %8s %8s %8s %8s %7s %7s %11s\n' median /api/me "" "$trivial_rps" "$(median trivial 3)" "" \
  "$(median trivial 4)" "" "" "" "$(median trivial 5)"
printf '%-7s %-10s %9s %10s %8s %8s %8s %8s %7s %7s %11s\n' median /negotiate "" "$negotiate_rps" "$(median negotiate 3)" "" \
  "$(median negotiate 4)" "" "" "" "$(median negotiate 5)"
echo "RATIO negotiate/trivial requests/s (medians): $ratio (target >= $TARGET_RATIO)"
echo "RATIO trivial/negotiate application CPU per answer (medians): $(awk -v n="$(median negotiate 5)" -v t="$(median trivial 5)" 'BEGIN { printf "%.3f", t / n }')"
awk -v r="$ratio" -v t="$TARGET_RATIO" 'BEGIN { exit !(r >= t) }' \
  || failures+=("negotiate reached $ratio x the trivial endpoint's requests/s, below the target $TARGET_RATIO x")

echo
echo "== 2. Cache-Control: no-store on every /negotiate answer: wrk -t$THREADS -c$CONNECTIONS -d${NO_STORE_DURATION}s"
line=$(wrk_run no-store /negotiate "$THREADS" "$CONNECTIONS" "$NO_STORE_DURATION" check-no-store)
clean "$line"
echo "$(result_field "$line" requests) answers checked, $(result_field "$line" no_store_missing) without no-store"
[ "$(result_field "$line" no_store_missing)" = 0 ] \
  || failures+=("$(result_field "$line" no_store_missing) /negotiate answers lacked Cache-Control: no-store")

echo
echo "== 3. Every 100th token verified: wrk -t$THREADS -c$TOKEN_CONNECTIONS -d${TOKEN_DURATION}s on /negotiate"
line=$(wrk_run tokens /negotiate "$THREADS" "$TOKEN_CONNECTIONS" "$TOKEN_DURATION" save-every=100 "save-dir=$RUN/tokens")
clean "$line"
saved=$(result_field "$line" tokens_saved)
echo "$(result_field "$line" requests) answers, $(result_field "$line" rps) requests/s, p50 $(result_field "$line" p50_ms) ms, p99 $(result_field "$line" p99_ms) ms; $saved tokens saved"
verification=$(java -cp "$BENCHMARKS_JAR" io.github.webpubsub.benchmarks.load.TokenVerifier --key "$KEY" \
  --audience "http://localhost:$PORT/client/hubs/chat" --subject "$USER_NAME" "$RUN"/tokens/tokens-*.txt) \
  || failures+=("saved tokens did not verify: $(tail -n 3 <<<"$verification" | tr '\n' ' ')")
echo "$verification"
verified=$(sed -n 's/^TOKENS verified=\([0-9]*\).*/\1/p' <<<"$verification")
[ "${verified:-0}" = "$saved" ] && [ "$saved" -gt 0 ] \
  || failures+=("$saved tokens were saved but ${verified:-0} verified")

echo
echo "Load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ ${#failures[@]} -gt 0 ]; then
  printf 'FAIL: %s\n' "${failures[@]}"
  exit 1
fi
echo "OK: negotiate at $ratio x the trivial endpoint's requests/s, no socket error, no non-2xx, no-store on every answer, $verified of $saved saved tokens verified"
