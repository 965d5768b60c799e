#!/bin/sh
# Compiles the hand-written test modules (*.wat) into ../resources/wasm/*.wasm.
# Needs wabt's wat2wasm with memory64 (apt-get install -y wabt, or npm wabt); the .wasm files
# are kept in git.
set -eu
cd "$(dirname "$0")"
for f in *.wat; do
  wat2wasm --enable-memory64 "$f" -o "../resources/wasm/${f%.wat}.wasm"
done
