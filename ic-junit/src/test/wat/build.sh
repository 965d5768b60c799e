#!/bin/sh
# Rebuilds the test canisters of ic-junit from their WAT (needs wabt's wat2wasm:
# apt-get install -y wabt); the .wasm files are kept in ../resources/wasm/.
set -e
cd "$(dirname "$0")"
for f in *.wat; do
  wat2wasm "$f" -o "../resources/wasm/${f%.wat}.wasm"
done
