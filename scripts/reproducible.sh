#!/usr/bin/env bash
# Proves the published artifacts are reproducible: two clean builds of the same tree give byte-identical jars
# (project.build.outputTimestamp fixes every entry's time). Usage: scripts/reproducible.sh
set -euo pipefail
cd "$(dirname "$0")/.."

modules=webpubsub-bom,webpubsub-token-core,webpubsub-spring-boot-starter
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

build() {
  ./mvnw -B -q -P release clean package -DskipTests -pl "$modules" >"$work/build-$1.log" 2>&1 \
    || { cat "$work/build-$1.log"; exit 1; }
  find webpubsub-token-core/target webpubsub-spring-boot-starter/target -maxdepth 1 -name '*.jar' -print0 \
    | sort -z | xargs -0 sha256sum >"$work/sums-$1"
}

build 1
build 2
echo "Artifacts of two clean builds:"
cat "$work/sums-1"
if ! diff -u "$work/sums-1" "$work/sums-2"; then
  echo "NOT reproducible: the jars above differ between two builds of the same tree." >&2
  exit 1
fi
echo "Reproducible: $(wc -l <"$work/sums-1") jars byte-identical across two clean builds."
