#!/usr/bin/env bash
# Reruns every benchmark of BENCHMARKS.md, one after the other, and stops at the first failure:
#   scripts/bench-core.sh            JMH: the core's token path, the official SDK, a raw HMAC lower bound
#   scripts/load-negotiate.sh        wrk: /negotiate against a trivial endpoint, no-store, every 100th token verified
#   scripts/load-negotiate-webflux.sh  the same on WebFlux
#   scripts/load-keyless.sh          wrk: key-less mode, the service answering after 5 ms (APP=sample, then webflux)
#   scripts/faults-keyless.sh        wrk: key-less mode while the service stalls, fails and recovers
#   scripts/rotation-under-load.sh   key rotation during a load run (when the script is there)
# Builds once; the load scripts then reuse the jars. Takes about 15 minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/load-lib.sh
build_jars
export SKIP_BUILD=1

benchmarks=("bash scripts/bench-core.sh" "bash scripts/load-negotiate.sh" "bash scripts/load-negotiate-webflux.sh"
  "bash scripts/load-keyless.sh" "env APP=webflux bash scripts/load-keyless.sh" "bash scripts/faults-keyless.sh")
if [ -f scripts/rotation-under-load.sh ]; then
  benchmarks+=("bash scripts/rotation-under-load.sh")
fi
for benchmark in "${benchmarks[@]}"; do
  echo
  echo "==== $benchmark ($(date -u +%H:%M:%S) UTC)"
  # shellcheck disable=SC2086 # a benchmark may be a command with its environment
  $benchmark || { echo "FAIL: $benchmark failed; the benchmarks after it did not run." >&2; exit 1; }
done
echo
echo "OK: all ${#benchmarks[@]} benchmarks passed."
