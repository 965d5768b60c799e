#!/bin/sh
# Compiles the demo canisters (*.wat) into ../resources/org/jicp/replica/demo/*.wasm, which are
# committed so that `jicp demo` runs on a fresh clone. Needs wabt's
# wat2wasm (apt-get install -y wabt).
set -eu
cd "$(dirname "$0")"
for f in *.wat; do
  wat2wasm "$f" -o "../resources/org/jicp/replica/demo/${f%.wat}.wasm"
done
