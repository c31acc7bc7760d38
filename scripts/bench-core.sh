#!/usr/bin/env bash
# Builds the benchmarks jar and measures client access tokens: ours, the official Java SDK, and a raw HMAC-SHA256
# lower bound, in one JMH run, single thread, with allocation per token. Prints a table and the ratios at the end.
# Takes a few minutes on two cores. JMH options after the script name override the defaults, for example
#   scripts/bench-core.sh -f 1 -wi 2 -i 3        (a quick look)
#   scripts/bench-core.sh -prof stack            (where the time goes)
# See BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl webpubsub-benchmarks -am package -DskipTests
exec java -jar webpubsub-benchmarks/target/benchmarks.jar "$@"
