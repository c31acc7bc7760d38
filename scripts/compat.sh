#!/usr/bin/env bash
# The compatibility matrix of the README ("Compatibility"): builds and tests the user applications under compat/, one
# per Spring Boot line and web stack, each against the starter of this checkout, then the sample's tests in AOT mode.
#   scripts/compat.sh                      all of it
#   scripts/compat.sh compat/boot-3.5-servlet ...   only these applications (and no AOT run of the sample)
# Runs on the JDK that JAVA_HOME (else the PATH) names; .ci/run calls it after ./mvnw verify.
set -euo pipefail
cd "$(dirname "$0")/.."

# The artifacts under test come from this checkout only: installed into a repository of their own, in front of the
# local repository (read-only here), which supplies everything else. A starter that another build installed into
# ~/.m2 is never picked up.
repository="$PWD/compat/target/repository"
mvn=(./mvnw -B -Dmaven.repo.local="$repository" -Dmaven.repo.local.tail="${M2_REPOSITORY:-$HOME/.m2/repository}")
logs="$PWD/compat/target/logs"
mkdir -p "$logs"

java_version=$("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1)
echo "== Compatibility matrix on ${java_version}"
echo "== Installing the reactor's artifacts (their tests run in ./mvnw verify)"
"${mvn[@]}" -q install -DskipTests

if [ "$#" -gt 0 ]; then
  runs=("$@")
else
  runs=(compat/boot-*/ sample-aot)
fi

passed=0
failed=0
failures=()
for run in "${runs[@]}"; do
  name=$(basename "$run")
  if [ "$run" = sample-aot ]; then
    command=("${mvn[@]}" -pl webpubsub-sample-app -Paot-tests verify)
  else
    command=("${mvn[@]}" -f "$run" verify)
  fi
  start=$SECONDS
  if "${command[@]}" > "$logs/$name.log" 2>&1; then
    status=ok
  else
    status=FAILED
    failures+=("$name")
  fi
  # Surefire's and failsafe's closing lines: "Tests run: N, Failures: F, Errors: E, Skipped: S".
  read -r tests bad skipped < <(grep -E '^\[[A-Z]+\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' \
      "$logs/$name.log" | sed -E 's/.*Tests run: ([0-9]+), Failures: ([0-9]+), Errors: ([0-9]+), Skipped: ([0-9]+)/\1 \2 \3 \4/' \
      | awk '{ t += $1; b += $2 + $3; s += $4 } END { print t + 0, b + 0, s + 0 }')
  passed=$((passed + tests - bad - skipped))
  failed=$((failed + bad))
  printf '%-22s %-6s %3d tests, %d failed, %d skipped, %3ds  (log: compat/target/logs/%s.log)\n' \
      "$name" "$status" "$tests" "$bad" "$skipped" $((SECONDS - start)) "$name"
  if [ "$status" = FAILED ]; then
    echo "---- last lines of $name.log"
    grep -E '^\[(ERROR|WARNING)\]|Tests run:|FAIL' "$logs/$name.log" | tail -60 || tail -60 "$logs/$name.log"
    echo "----"
  fi
done

echo "compat: $passed passed, $failed failed"
if [ "${#failures[@]}" -gt 0 ]; then
  echo "FAIL: ${failures[*]}" >&2
  exit 1
fi
