#!/usr/bin/env bash
# Runs a named set of JMH benchmarks in interleaved rounds and prints the ratio table that
# benchmarks/README.md quotes. The merged JMH JSON and the printed table are kept side by side in
# benchmarks/results/ (commit the ones a README quotes).
#
#   benchmarks/compare.sh [options] SET... [-- more JMH options]
#   benchmarks/compare.sh --list
#
# Why rounds: on a shared machine the load changes from minute to minute, and one JMH run measures
# jicp and the peer minutes apart, so their ratio moves with the load. Here each round runs one
# JMH invocation per operation (jicp's and the peers' benchmarks of that operation back to back,
# or every parameter value of one benchmark), and each ratio is taken within a round: the table
# gives its median over the rounds and its range.
#
# Options:
#   --rounds K    rounds (default 3)
#   -f N          forks per benchmark and round (default 1); K x N must be at least 2
#   -wi N, -i N   warm-up and measurement iterations (default 5 and 5)
#   -w T, -r T    warm-up and measurement iteration time (default 1s and 1s)
#   --jdk DIR     run on the JDK in DIR (default: java on the PATH), e.g. /usr/lib/jvm/temurin-25-jdk-amd64
#   --jar FILE    the benchmarks jar to run (default benchmarks/target/benchmarks.jar), e.g. one built
#                 from an earlier commit for a before/after table (the table still comes from
#                 benchmarks/target/benchmarks.jar's Compare)
#   --build       build benchmarks/target/benchmarks.jar first (reactor package, no install)
#   --nice N      run JMH under nice -n N (with the kernel's autogroups, only within this session)
#   --autogroup-nice N  set this session's autogroup nice value (Linux, root for N < 0): with
#                 autogroups the scheduler shares the CPUs between sessions first, so this is what
#                 gives a measurement its CPU on a machine that other sessions load; it slows them
#   --tag TEXT    appended to the result file names
#   --out DIR     where to write the JSON and the table (default benchmarks/results)
#
# Sets (--list prints them with their regex): bls, bls-blst, field (needs a JDK 21+ build),
# generator, bls-parallel, consensus-shares, nidkg, candid, wasm (wants
# JAVA_TOOL_OPTIONS=-Djicp.harness=...). The table states the JDK, rounds, forks, warm-up,
# iterations and the load average before and after.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="$here/target/benchmarks.jar"
rounds=3 forks=1 wi=5 iters=5 wtime=1s rtime=1s jdk="" build=0 nice="" tag="" out="$here/results"
sets=() extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    -f) forks="$2"; shift 2 ;;
    -wi) wi="$2"; shift 2 ;;
    -i) iters="$2"; shift 2 ;;
    -w) wtime="$2"; shift 2 ;;
    -r) rtime="$2"; shift 2 ;;
    --jdk) jdk="$2"; shift 2 ;;
    --jar) jar="$2"; shift 2 ;;
    --build) build=1; shift ;;
    --nice) nice="$2"; shift 2 ;;
    --autogroup-nice) echo "$2" > /proc/self/autogroup; shift 2 ;;
    --tag) tag="_$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --list) sets=(--list); shift ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,34p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) sets+=("$1"); shift ;;
  esac
done
java_bin=java
if [ -n "$jdk" ]; then java_bin="$jdk/bin/java"; fi
if [ "$build" = 1 ] || [ ! -f "$jar" ]; then
  (cd "$root" && mvn -B -q -pl benchmarks -am package -DskipTests -Dinvoker.skip)
fi
# The tables come from this checkout's Compare, also when --jar runs another build.
tables_jar="$here/target/benchmarks.jar"
if [ ! -f "$tables_jar" ]; then tables_jar="$jar"; fi
compare=("$java_bin" -cp "$tables_jar" org.jicp.benchmarks.Compare)
if [ "${sets[0]:-}" = "--list" ]; then
  exec "${compare[@]}" --list
fi
if [ ${#sets[@]} -eq 0 ]; then
  echo "usage: $0 [options] SET... (--list for the sets)" >&2
  exit 2
fi
if [ $((rounds * forks)) -lt 2 ]; then
  echo "at least two forks in all (--rounds K -f N with K x N >= 2): quoted figures need fork-to-fork variance" >&2
  exit 2
fi
mkdir -p "$out"
major="$("$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
runner=()
if [ -n "$nice" ]; then runner=(nice -n "$nice"); fi
cpu="$(sed -n 's/^model name\s*: //p' /proc/cpuinfo 2>/dev/null | head -1), $(nproc) CPUs"

# One JMH invocation; waits while another session's run holds JMH's machine-wide lock.
jmh() {
  local regex="$1" json="$2" log="$2.log"
  while :; do
    "${runner[@]}" "$java_bin" -jar "$jar" "$regex" -f "$forks" -wi "$wi" -i "$iters" \
      -w "$wtime" -r "$rtime" -rf json -rff "$json" "${extra[@]}" > "$log" 2>&1 || true
    if grep -q 'Unable to acquire the JMH lock' "$log"; then
      sleep 30
      continue
    fi
    break
  done
  if [ ! -s "$json" ]; then
    tail -20 "$log" >&2
    return 1
  fi
  grep -E '^[A-Za-z].*(avgt|thrpt|ss) ' "$log" | sed "s/^/  /" || true
  rm -f "$log"
}

for set in "${sets[@]}"; do
  include="$("${compare[@]}" --include="$set")"
  stamp="$(date -u +%Y-%m-%dT%H%MZ)"
  base="$out/${stamp}_${set}_jdk${major}${tag}"
  work="$(mktemp -d)"
  mapfile -t groups < <("$java_bin" -jar "$jar" -l "$include" | sed -n '2,$p' | "${compare[@]}" --groups="$set")
  if [ ${#groups[@]} -eq 0 ]; then
    echo "no benchmark matches $include" >&2
    exit 1
  fi
  before="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
  for r in $(seq 1 "$rounds"); do
    echo "== $set: round $r of $rounds (${#groups[@]} JMH runs)"
    for g in "${!groups[@]}"; do
      jmh "${groups[$g]}" "$work/r${r}_$(printf '%03d' "$g").json"
    done
  done
  after="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
  "${compare[@]}" --merge="$base.json" "$work"/r*.json
  rm -rf "$work"
  "${compare[@]}" "$set" "$base.json" \
    "Run $stamp on $cpu; load average (1, 5, 15 min) $before before, $after after." > "$base.md"
  echo
  cat "$base.md"
done
