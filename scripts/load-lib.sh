# Shared by the load scripts (sourced, not run): wrk, the jars, a free loopback port, the application under load
# started and signed in to, and clean-up of every process they start.
#
# The application under load is APP: "sample" (default), the sample application (Spring MVC on Tomcat) from
# SAMPLE_JAR; or "webflux", ReactiveLoadApplication (webpubsub-benchmarks, test scope): the sample's /negotiate and
# /api/me, its users and settings, on WebFlux and Netty.

APP=${APP:-sample}
SAMPLE_JAR=${SAMPLE_JAR:-webpubsub-sample-app/target/webpubsub-sample-app-0.1.0-SNAPSHOT.jar}
BENCHMARKS_JAR=webpubsub-benchmarks/target/benchmarks.jar
# The test class path of webpubsub-benchmarks, written by build_jars, for APP=webflux.
REACTIVE_CLASSPATH_FILE=webpubsub-benchmarks/target/test-classpath.txt
REACTIVE_MAIN=io.github.webpubsub.benchmarks.load.ReactiveLoadApplication

case "$APP" in
  sample | webflux) ;;
  *) echo "FAIL: APP must be sample or webflux, not '$APP'" >&2; exit 2 ;;
esac

# Heap of the application under load: modest, fixed, so that GC sizing does not drift between runs.
APP_HEAP=${APP_HEAP:-256m}

STARTED_PIDS=()

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# Stops every process this script started, by its id; runs on exit, also after a failure or Ctrl-C.
stop_started() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED_PIDS[@]}"; do
    # Bounded: a JVM that ignores SIGTERM for 20 s is killed.
    for _ in $(seq 1 40); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -9 "$pid" 2>/dev/null || true
  done
  STARTED_PIDS=()
}

# wait_started <pid>: waits for a process this script started, and forgets it (its id may be reused afterwards).
wait_started() {
  local pid=$1 status=0 kept=() other
  wait "$pid" || status=$?
  for other in "${STARTED_PIDS[@]}"; do
    [ "$other" = "$pid" ] || kept+=("$other")
  done
  STARTED_PIDS=("${kept[@]}")
  return "$status"
}

trap_cleanup() {
  trap 'stop_started' EXIT
  trap 'echo "Interrupted." >&2; exit 130' INT TERM
}

# Installs Debian's wrk if it is missing (as root, or through sudo).
ensure_wrk() {
  if command -v wrk >/dev/null 2>&1; then
    return
  fi
  echo "Installing wrk (Debian package) ..."
  local as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || fail "wrk is missing: install it with 'apt-get install wrk' as root"
    as_root=(sudo)
  fi
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk
  command -v wrk >/dev/null 2>&1 || fail "wrk could not be installed"
}

# Builds the sample's jar, the benchmarks jar (the load helpers) and the benchmarks module's test class path (the
# WebFlux application), unless SKIP_BUILD=1 and they exist.
build_jars() {
  if [ "${SKIP_BUILD:-0}" = 1 ] && [ -f "$SAMPLE_JAR" ] && [ -f "$BENCHMARKS_JAR" ] \
      && [ -f "$REACTIVE_CLASSPATH_FILE" ]; then
    echo "Reusing $SAMPLE_JAR, $BENCHMARKS_JAR and $REACTIVE_CLASSPATH_FILE (SKIP_BUILD=1)"
    return
  fi
  echo "Building the sample application and the benchmarks module ..."
  # slf4j-nop, the benchmarks' binding, would silence Spring Boot's Logback in the WebFlux application.
  ./mvnw -B -q -pl webpubsub-sample-app,webpubsub-benchmarks -am package dependency:build-classpath -DskipTests \
    -Dmdep.includeScope=test -DexcludeArtifactIds=slf4j-nop -Dmdep.outputFile=target/test-classpath.txt
}

# The command that starts the application under load, without its arguments.
app_command() {
  if [ "$APP" = webflux ]; then
    echo java "-Xms$APP_HEAP" "-Xmx$APP_HEAP" -cp "webpubsub-benchmarks/target/test-classes:$(cat "$REACTIVE_CLASSPATH_FILE")" \
      "$REACTIVE_MAIN"
  else
    echo java "-Xms$APP_HEAP" "-Xmx$APP_HEAP" -jar "$SAMPLE_JAR"
  fi
}

# Names the application under load, for the reports.
app_description() {
  if [ "$APP" = webflux ]; then
    echo "$REACTIVE_MAIN (WebFlux on Netty, webpubsub-benchmarks' test class path)"
  else
    echo "$SAMPLE_JAR (Spring MVC on Tomcat)"
  fi
}

# Prints a free TCP port on 127.0.0.1 (one nothing answers on; bounded tries).
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  fail "found no free port on 127.0.0.1"
}

print_machine() {
  echo "Machine: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) memory, $(uname -sr)"
  echo "JDK: $(java -version 2>&1 | sed -n 2p)"
  echo "wrk: $(wrk -v 2>&1 | head -1 | sed 's/ Copyright.*//')"
  echo "Load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# start_app <log> [application arguments...]: starts the application under load (APP) on a free port of 127.0.0.1 in
# the background,
# with the environment the caller exported, and waits (at most 120 s) until it answers; sets PORT, BASE and APP_PID.
# Another process may take the port between the check and the start: then it tries another one (three at most).
start_app() {
  local log=$1
  shift
  local attempt pid
  for attempt in 1 2 3; do
    PORT=$(free_port)
    BASE="http://127.0.0.1:$PORT"
    # shellcheck disable=SC2046 # the command's words, split as app_command printed them
    $(app_command) --server.address=127.0.0.1 "--server.port=$PORT" "$@" >"$log" 2>&1 &
    pid=$!
    STARTED_PIDS+=("$pid")
    APP_PID=$pid
    for _ in $(seq 1 240); do
      if ! kill -0 "$pid" 2>/dev/null; then
        break
      fi
      if [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/login")" = 200 ]; then
        return 0
      fi
      sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
      tail -n 40 "$log" >&2
      fail "the application did not answer within 120 s (log: $log)"
    fi
    wait_started "$pid" || true
    if ! grep -q "already in use" "$log"; then
      tail -n 40 "$log" >&2
      fail "the application stopped during startup (log: $log)"
    fi
    echo "Port $PORT was taken meanwhile; trying another one."
  done
  fail "the application found no free port in three tries (log: $log)"
}

# sign_in <base URL> <user> <password> <cookie jar>: signs in ONCE through the form (GET /login for the CSRF token,
# POST /login) and sets COOKIE to the Cookie header of the session (JSESSIONID and XSRF-TOKEN on Spring MVC, SESSION on
# WebFlux, as a browser sends them). A session costs one bcrypt check; HTTP Basic would cost one per request and hide
# everything else.
sign_in() {
  local base=$1 user=$2 password=$3 jar=$4
  rm -f "$jar"
  local csrf
  csrf=$(curl -sS -c "$jar" -b "$jar" "$base/login" | sed -n 's/.*name="_csrf" type="hidden" value="\([^"]*\)".*/\1/p' | head -1)
  [ -n "$csrf" ] || fail "the login page has no CSRF token"
  local answer
  answer=$(curl -sS -c "$jar" -b "$jar" -o /dev/null -w '%{http_code} %{redirect_url}' \
    --data-urlencode "username=$user" --data-urlencode "password=$password" --data-urlencode "_csrf=$csrf" \
    "$base/login")
  [ "$answer" = "302 $base/" ] || fail "signing in as $user failed: $answer"
  COOKIE=$(awk -F'\t' 'NF == 7 && ($1 !~ /^#/ || $1 ~ /^#HttpOnly_/) { printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }' "$jar")
  case "$COOKIE" in
    *JSESSIONID=* | *SESSION=*) ;;
    *) fail "no session cookie after signing in" ;;
  esac
}

# start_fake_service <run dir> [options...]: starts FakeWebPubSubService (Web PubSub's token API and App Service's
# managed identity endpoint, on one loopback port) with a fresh IDENTITY_HEADER, its events in <run dir>/events.log;
# sets SERVICE to its URL. Options go to the service, such as --healthy-delay-ms 5.
start_fake_service() {
  local run=$1
  shift
  IDENTITY_HEADER=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  java -Xmx128m -cp "$BENCHMARKS_JAR" io.github.webpubsub.benchmarks.load.FakeWebPubSubService \
    --identity-header "$IDENTITY_HEADER" --events "$run/events.log" "$@" >"$run/fake-service.log" 2>&1 &
  STARTED_PIDS+=("$!")
  SERVICE=""
  for _ in $(seq 1 60); do
    SERVICE=$(sed -n 's/^listening on \(http:[^ ]*\)$/\1/p' "$run/fake-service.log")
    [ -n "$SERVICE" ] && break
    sleep 0.5
  done
  [ -n "$SERVICE" ] || fail "the fake service did not start: $(cat "$run/fake-service.log")"
}

# keyless_environment: exports what App Service would give the application in key-less mode against SERVICE (profile
# keyless, WEBPUBSUB_ENDPOINT, the managed identity's IDENTITY_ENDPOINT and IDENTITY_HEADER), after removing anything
# else Azure-related from this shell's environment.
keyless_environment() {
  local name
  for name in $(compgen -e | grep -E '^(AZURE_|MSI_|IDENTITY_|IMDS_)' || true); do
    unset "$name"
  done
  unset WEBPUBSUB_CONNECTION_STRING
  export SPRING_PROFILES_ACTIVE=keyless
  export WEBPUBSUB_ENDPOINT=$SERVICE
  export IDENTITY_ENDPOINT=$SERVICE/msi/token
  export IDENTITY_HEADER
}

# thread_sampler <file>: appends the number of the application's live threads (the JVM's platform threads, as the
# kernel lists them in /proc) to <file> once a second, in the background, until stopped; sets SAMPLER_PID.
thread_sampler() {
  local file=$1
  (
    while kill -0 "$APP_PID" 2>/dev/null; do
      ls "/proc/$APP_PID/task" 2>/dev/null | wc -l >>"$file"
      sleep 1
    done
  ) &
  SAMPLER_PID=$!
  STARTED_PIDS+=("$SAMPLER_PID")
}

# result_field <RESULT line> <name>: prints one field of the wrk scripts' RESULT line.
result_field() {
  sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"
}
