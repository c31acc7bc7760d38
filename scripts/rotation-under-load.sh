#!/usr/bin/env bash
# Key rotation under load: starts the sample (built jar, profile key-file) with its access key in a temporary file
# checked every second, signs in once for a session cookie, runs wrk against GET /negotiate on loopback, replaces the
# key file halfway through, then checks every recorded response with scripts/rotation/VerifyRotation.java:
# no non-2xx, no socket errors, tokens before the swap signed with the old key, tokens issued (iat) after
# swap + 2 intervals + 1 s signed with the new key only. Exits non-zero on any failure. See BENCHMARKS.md.
#
# Settings (environment): DURATION (seconds, default 20), CONNECTIONS (16), THREADS (2), PORT (first free from
# 18080), SKIP_BUILD=1 to reuse the jar, KEEP=1 to keep the recorded tokens and the application log.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
CHECK_INTERVAL_MS=1000

if ! command -v wrk >/dev/null; then
  as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    as_root=(sudo)
  fi
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk
fi

if [ "${SKIP_BUILD:-}" != 1 ]; then
  ./mvnw -B -q -pl webpubsub-sample-app -am package -DskipTests
fi
jar=$(ls webpubsub-sample-app/target/webpubsub-sample-app-*.jar | grep -v -e '-sources' -e '-javadoc' | head -n 1)

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
if [ -z "${PORT:-}" ]; then
  PORT=18080
  while port_in_use "$PORT"; do
    PORT=$((PORT + 1))
  done
fi
base="http://localhost:$PORT"
# The local hub, at the endpoint the profile key-file is given: it follows the key file like the application.
HUB_PORT=$((PORT + 1))
while port_in_use "$HUB_PORT"; do
  HUB_PORT=$((HUB_PORT + 1))
done

work=$(mktemp -d)
app_pid=""
cleanup() {
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    kill "$app_pid"
    wait "$app_pid" 2>/dev/null || true
  fi
  if [ "${KEEP:-}" = 1 ]; then
    echo "Recorded tokens and the application log are in $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

# Two keys shaped like real ones (base64 of 32 random bytes): the file holds the old one, then the new one.
head -c 32 /dev/urandom | base64 > "$work/old.key"
head -c 32 /dev/urandom | base64 > "$work/new.key"
cp "$work/old.key" "$work/access-key"
mkdir "$work/tokens"

echo "Starting the sample on port $PORT (profile key-file, key checked every ${CHECK_INTERVAL_MS} ms)"
SPRING_PROFILES_ACTIVE=key-file WEBPUBSUB_ACCESS_KEY_FILE="$work/access-key" \
  WEBPUBSUB_ENDPOINT="http://localhost:$HUB_PORT" WEBPUBSUB_KEY_CHECK_INTERVAL="${CHECK_INTERVAL_MS}ms" \
  java -jar "$jar" --server.port="$PORT" > "$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 120); do
  if curl -s -o /dev/null "$base/login"; then
    break
  fi
  if ! kill -0 "$app_pid" 2>/dev/null; then
    cat "$work/app.log"
    echo "The sample did not start." >&2
    exit 1
  fi
  sleep 0.5
done

# One form login (bcrypt once), then the session cookie for every request.
curl -s -o /dev/null -c "$work/cookies" -b "$work/cookies" "$base/login"
csrf=$(awk '$6 == "XSRF-TOKEN" { print $7 }' "$work/cookies")
status=$(curl -s -o /dev/null -w '%{http_code}' -c "$work/cookies" -b "$work/cookies" -H "X-XSRF-TOKEN: $csrf" \
  --data-urlencode username=alice --data-urlencode password=alice "$base/login")
session=$(awk '$6 == "JSESSIONID" { print $7 }' "$work/cookies")
if [ "$status" != 302 ] || [ -z "$session" ]; then
  echo "Login failed (status $status)." >&2
  exit 1
fi
check=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: JSESSIONID=$session" "$base/negotiate")
if [ "$check" != 200 ]; then
  echo "GET /negotiate with the session answered $check." >&2
  exit 1
fi

echo "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s $base/negotiate; the key file is replaced after $((DURATION / 2)) s"
ROTATION_TOKENS_DIR="$work/tokens" ROTATION_SESSION="$session" \
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s scripts/rotation/record-tokens.lua \
  "$base/negotiate" > "$work/wrk.txt" 2>&1 &
wrk_pid=$!
sleep $((DURATION / 2))
# Replaced in one step, as secret stores do: a reader sees the old key or the new one, never half a file.
# The swap time is taken just before the rename, so that every token that arrived before it was signed earlier.
cp "$work/new.key" "$work/access-key.tmp"
swap=$(date +%s%3N)
mv -f "$work/access-key.tmp" "$work/access-key"
wait "$wrk_pid"
cat "$work/wrk.txt"

result=$(grep '^WRK_RESULT ' "$work/wrk.txt")
value() {
  sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<< "$result"
}
socket_errors=$(( $(value connect) + $(value read) + $(value write) + $(value timeout) ))

echo
echo "Swap at $(date -u -d "@$((swap / 1000))" +%H:%M:%S) UTC, $((DURATION / 2)) s into the run"
grep -o 'Web PubSub signing key changed.*' "$work/app.log" || true
failed=0
if [ "$socket_errors" -ne 0 ]; then
  echo "Socket errors: $socket_errors" >&2
  failed=1
fi
# The log must not hold any part of either key.
for key_file in "$work/old.key" "$work/new.key"; do
  key=$(cat "$key_file")
  if grep -qF -e "${key:0:12}" -e "${key:16:12}" -e "${key:30:12}" "$work/app.log"; then
    echo "The application log contains key material." >&2
    failed=1
  fi
done
java scripts/rotation/VerifyRotation.java "$work/tokens" "$work/old.key" "$work/new.key" "$swap" \
  "$CHECK_INTERVAL_MS" "http://localhost:$HUB_PORT/client/hubs/chat" alice || failed=1
echo "requests: $(value requests), socket errors: $socket_errors, p50: $(value p50_us) us, p99: $(value p99_us) us"
if [ "$failed" -ne 0 ]; then
  KEEP=1
  echo "FAILED" >&2
  exit 1
fi
echo "Key rotation under load: PASSED"
