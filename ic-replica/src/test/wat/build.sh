#!/bin/sh
# Compiles the test canisters (*.wat) into ../resources/org/jicp/replica/http/*.wasm (committed,
# so the tests need no wabt). Needs wabt's wat2wasm (apt-get install -y wabt).
set -eu
cd "$(dirname "$0")"
for f in *.wat; do
  wat2wasm "$f" -o "../resources/org/jicp/replica/http/${f%.wat}.wasm"
done
