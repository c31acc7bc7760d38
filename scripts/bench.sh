#!/usr/bin/env bash
# Reruns every benchmark of BENCHMARKS.md, one after the other, and stops at the first failure:
#   scripts/bench-core.sh            JMH: the core's token path, the official SDK, a raw HMAC lower bound
#   scripts/load-negotiate.sh        wrk: /negotiate against a trivial endpoint, no-store, every 100th token verified
#   scripts/faults-keyless.sh        wrk: key-less mode while the service stalls, fails and recovers
#   scripts/rotation-under-load.sh   key rotation during a load run (when the script is there)
# Builds once; the load scripts then reuse the jars. Takes about 10 minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== Building the sample application and the benchmarks ..."
./mvnw -B -q -pl webpubsub-sample-app,webpubsub-benchmarks -am package -DskipTests
export SKIP_BUILD=1

benchmarks=(scripts/bench-core.sh scripts/load-negotiate.sh scripts/faults-keyless.sh)
if [ -f scripts/rotation-under-load.sh ]; then
  benchmarks+=(scripts/rotation-under-load.sh)
fi
for benchmark in "${benchmarks[@]}"; do
  echo
  echo "==== $benchmark ($(date -u +%H:%M:%S) UTC)"
  bash "$benchmark" || { echo "FAIL: $benchmark failed; the benchmarks after it did not run." >&2; exit 1; }
done
echo
echo "OK: all ${#benchmarks[@]} benchmarks passed."
