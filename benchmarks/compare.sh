#!/usr/bin/env bash
# Runs a named set of JMH benchmarks with at least two forks and prints the ratio table that
# benchmarks/README.md quotes. The raw JMH JSON and the printed table are kept side by side in
# benchmarks/results/ (commit the ones a README quotes).
#
#   benchmarks/compare.sh [options] SET... [-- more JMH options]
#   benchmarks/compare.sh --list
#
# Options:
#   -f N          forks (default 2; fewer is refused: one fork cannot show fork-to-fork variance)
#   -wi N, -i N   warm-up and measurement iterations (default 3 and 5)
#   -w T, -r T    warm-up and measurement iteration time (default 1s and 1s)
#   --jdk DIR     run on the JDK in DIR (default: java on the PATH), e.g. /usr/lib/jvm/temurin-25-jdk-amd64
#   --jar FILE    the benchmarks jar to run (default benchmarks/target/benchmarks.jar), e.g. one built
#                 from an earlier commit for a before/after table (its Compare prints the table)
#   --build       build benchmarks/target/benchmarks.jar first (reactor package, no install)
#   --nice N      run JMH under nice -n N
#   --tag TEXT    appended to the result file names
#   --out DIR     where to write the JSON and the table (default benchmarks/results)
#
# Sets (Compare --list prints them with their regex): bls, bls-blst, field (JDK 21+ build), bls-parallel, consensus-shares, nidkg, generator,
# candid, wasm. The table states the JDK, forks, warm-up, iterations and the load average before
# and after the run; ratios are of times per operation between results of the same run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="$here/target/benchmarks.jar"
forks=2 wi=3 iters=5 wtime=1s rtime=1s jdk="" build=0 nice="" tag="" out="$here/results"
sets=() extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    -f) forks="$2"; shift 2 ;;
    -wi) wi="$2"; shift 2 ;;
    -i) iters="$2"; shift 2 ;;
    -w) wtime="$2"; shift 2 ;;
    -r) rtime="$2"; shift 2 ;;
    --jdk) jdk="$2"; shift 2 ;;
    --jar) jar="$2"; shift 2 ;;
    --build) build=1; shift ;;
    --nice) nice="$2"; shift 2 ;;
    --tag) tag="_$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --list) sets=(--list); shift ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,24p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) sets+=("$1"); shift ;;
  esac
done
java_bin=java
if [ -n "$jdk" ]; then java_bin="$jdk/bin/java"; fi
if [ "$build" = 1 ] || [ ! -f "$jar" ]; then
  (cd "$root" && mvn -B -q -pl benchmarks -am package -DskipTests -Dinvoker.skip)
fi
if [ "${sets[0]:-}" = "--list" ]; then
  exec "$java_bin" -cp "$jar" org.jicp.benchmarks.Compare --list
fi
if [ ${#sets[@]} -eq 0 ]; then
  echo "usage: $0 [options] SET... (--list for the sets)" >&2
  exit 2
fi
if [ "$forks" -lt 2 ]; then
  echo "at least 2 forks (-f 2): quoted figures need fork-to-fork variance" >&2
  exit 2
fi
mkdir -p "$out"
major="$("$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
lock=()
if command -v flock >/dev/null; then lock=(flock /tmp/jmh.lock); fi
runner=()
if [ -n "$nice" ]; then runner=(nice -n "$nice"); fi
for set in "${sets[@]}"; do
  include="$("$java_bin" -cp "$jar" org.jicp.benchmarks.Compare --include="$set")"
  stamp="$(date -u +%Y-%m-%dT%H%MZ)"
  base="$out/${stamp}_${set}_jdk${major}${tag}"
  while :; do
    before="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
    "${lock[@]}" "${runner[@]}" "$java_bin" -jar "$jar" "$include" -f "$forks" -wi "$wi" -i "$iters" \
      -w "$wtime" -r "$rtime" -rf json -rff "$base.json" "${extra[@]}" > "$base.log" 2>&1 || true
    after="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
    # JMH holds its own machine-wide lock: wait while another session's run holds it.
    if grep -q 'Unable to acquire the JMH lock' "$base.log"; then
      sleep 30
      continue
    fi
    break
  done
  grep -E '^(Benchmark|[A-Za-z].*(avgt|thrpt|ss) )' "$base.log" || true
  if [ ! -s "$base.json" ]; then
    tail -20 "$base.log" >&2
    exit 1
  fi
  cpu="$(sed -n 's/^model name\s*: //p' /proc/cpuinfo 2>/dev/null | head -1), $(nproc) CPUs"
  "$java_bin" -cp "$jar" org.jicp.benchmarks.Compare "$set" "$base.json" \
    "Run $stamp on $cpu; load average (1, 5, 15 min) $before before, $after after." > "$base.md"
  rm -f "$base.log"
  echo
  cat "$base.md"
done
