#!/usr/bin/env bash
# agent-js 3.4.3's N sequential certified updates against `jicp replica start` (live, the
# default), the time split between the replica (HTTP round trips of the calls) and agent-js (its
# BLS certificate verification, the rest), once on the application subnet (certificates with the
# NNS delegation: two BLS verifications per update) and once on the NNS subnet (no delegation:
# one); then agent-js's BLS verification alone in node (bls-verify.mjs).
# Needs: node, npm; ./jicp builds its jar when stale. agent-js's packages come from the harness
# package-lock.json (npm ci into benchmarks/target/agent-js, once).
# JICP_JAR=path runs that jar instead of ./jicp (to compare two builds in the same minutes).
# Usage: benchmarks/agentjs/run.sh [N] > benchmarks/results/agentjs-updates-<date>.txt
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
n="${1:-100}"
harness="${JICP_HARNESS:-$root/../shared/harness}"
modules="$root/benchmarks/target/agent-js"
if [ ! -d "$modules/node_modules/@dfinity/agent" ]; then
  mkdir -p "$modules"
  cp "$harness/agent-js/package.json" "$harness/agent-js/package-lock.json" "$modules/"
  (cd "$modules" && npm ci --no-audit --no-fund --ignore-scripts >&2)
fi
cp "$root/benchmarks/agentjs/updates.mjs" "$root/benchmarks/agentjs/bls-verify.mjs" "$modules/"
tmp="$(mktemp -d)"
jicp=("$root/jicp")
[ -n "${JICP_JAR:-}" ] && jicp=(java -XX:-DontCompileHugeMethods -jar "$JICP_JAR")
"${jicp[@]}" replica start --port 0 --port-file "$tmp/port" --subnets nns,application \
  > "$tmp/replica.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 600); do
  [ -s "$tmp/port" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$tmp/replica.log" >&2; exit 1; }
  sleep 0.1
done
url="http://127.0.0.1:$(tr -d '\n' < "$tmp/port")"
echo "date: $(date -u +%FT%TZ)  $(java -version 2>&1 | head -1)  node $(node --version)"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)  cores: $(nproc)  replica: live, nns,application, 1 node  jar: ${JICP_JAR:-./jicp}"
cd "$modules"
for subnet in 1 0; do
  REPLICA_URL="$url" WASM="$harness/motoko/out/wasm32/counter.wasm" N="$n" SUBNET="$subnet" \
    node updates.mjs
done
N=50 node bls-verify.mjs
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
