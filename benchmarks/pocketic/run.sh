#!/usr/bin/env bash
# pic-js (through ./jicp-pocket-ic) against the embedded Replica API, back to back on the same
# machine: medians of instance creation, counter.inc updates, counter.get queries and rounds.
# Needs: ic-replica compiled in the reactor (mvn -o -q -pl ic-replica -am test-compile), node, npm,
# and pic-js installed by the build (ic-replica/target/pic-js, from PicJsSuiteTest) or by hand.
# Usage: benchmarks/pocketic/run.sh [N] > benchmarks/results/pocketic-<date>.txt
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
n="${1:-50}"
wasm="${JICP_HARNESS:-$root/../shared/harness}/motoko/out/wasm32"
modules="$root/ic-replica/target/pic-js"
# resolved inside the reactor (module classes from target/classes; nothing needs `mvn install`)
(cd "$root" && mvn -B -o -q -pl ic-replica -am compile dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile=target/runtime-classpath.txt >/dev/null)
cp=$(tr ':' '\n' < "$root/ic-replica/target/runtime-classpath.txt" \
  | sed -E "s#.*/org/jicp/(ic-[a-z-]+)/[^/]+/.*#$root/\1/target/classes#" | paste -sd:)
cp="$cp:$root/ic-replica/target/classes"
echo "date: $(date -u +%FT%TZ)  $(java -version 2>&1 | head -1)  node $(node --version)"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)  cores: $(nproc)"
java -XX:-DontCompileHugeMethods -cp "$cp" "$root/benchmarks/pocketic/EmbeddedSpeed.java" "$wasm" "$n"
cp "$root/benchmarks/pocketic/speed.mjs" "$modules/speed.mjs"
(cd "$modules" && POCKET_IC_BIN="$root/jicp-pocket-ic" JICP_POCKET_IC_CLASSPATH="$cp" \
  HARNESS_WASM="$wasm" N="$n" node --import ./register.mjs speed.mjs)
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
