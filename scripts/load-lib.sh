# Shared by scripts/load-negotiate.sh and scripts/faults-keyless.sh (sourced, not run): wrk, the jars, a free
# loopback port, the sample application started and signed in to, and clean-up of every process they start.

SAMPLE_JAR=${SAMPLE_JAR:-webpubsub-sample-app/target/webpubsub-sample-app-0.1.0-SNAPSHOT.jar}
BENCHMARKS_JAR=webpubsub-benchmarks/target/benchmarks.jar

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

# Builds the sample's jar and the benchmarks jar (the load helpers), unless SKIP_BUILD=1 and both exist.
build_jars() {
  if [ "${SKIP_BUILD:-0}" = 1 ] && [ -f "$SAMPLE_JAR" ] && [ -f "$BENCHMARKS_JAR" ]; then
    echo "Reusing $SAMPLE_JAR and $BENCHMARKS_JAR (SKIP_BUILD=1)"
    return
  fi
  echo "Building the sample application and the benchmarks module ..."
  ./mvnw -B -q -pl webpubsub-sample-app,webpubsub-benchmarks -am package -DskipTests
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

# start_app <log> [application arguments...]: starts the sample jar on a free port of 127.0.0.1 in the background,
# with the environment the caller exported, and waits (at most 120 s) until it answers; sets PORT, BASE and APP_PID.
# Another process may take the port between the check and the start: then it tries another one (three at most).
start_app() {
  local log=$1
  shift
  local attempt pid
  for attempt in 1 2 3; do
    PORT=$(free_port)
    BASE="http://127.0.0.1:$PORT"
    java "-Xms$APP_HEAP" "-Xmx$APP_HEAP" -jar "$SAMPLE_JAR" --server.address=127.0.0.1 "--server.port=$PORT" "$@" \
      >"$log" 2>&1 &
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
# POST /login) and sets COOKIE to the Cookie header of the session (JSESSIONID and XSRF-TOKEN, as a browser sends
# them). A session costs one bcrypt check; HTTP Basic would cost one per request and hide everything else.
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
    *JSESSIONID=*) ;;
    *) fail "no session cookie after signing in" ;;
  esac
}

# result_field <RESULT line> <name>: prints one field of the wrk scripts' RESULT line.
result_field() {
  sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"
}
