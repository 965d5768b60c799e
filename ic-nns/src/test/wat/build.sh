#!/bin/sh
# Compiles the hand-written test modules (*.wat) into ../resources/wasm/*.wasm.
# Needs wabt's wat2wasm (apt-get install -y wabt); the .wasm files are kept in git.
set -eu
cd "$(dirname "$0")"
for f in *.wat; do
  wat2wasm "$f" -o "../resources/wasm/${f%.wat}.wasm"
done
