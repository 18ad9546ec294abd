#!/usr/bin/env bash
# Builds the wasm module in release mode into pkg/ (an ES module for the page, no bundler).
# Run through npm (npm run build) so node_modules/.bin, with binaryen's wasm-opt, is on PATH.
# When cargo's output has not changed since the last build, pkg/ is kept as it is.
set -euo pipefail
cd "$(dirname "$0")/.."

crate=paxos_playground
raw="target/wasm32-unknown-unknown/release/$crate.wasm"
out="pkg/${crate}_bg.wasm"
stamp=pkg/.built-from

echo "build: compiling the Rust core to wasm (release)"
cargo build --quiet --release --lib --target wasm32-unknown-unknown
source_hash="$(sha256sum "$raw" | cut -d' ' -f1) $(wasm-bindgen --version) $(wasm-opt --version)"
if [ -f "$out" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$source_hash" ]; then
  echo "build: pkg/ is up to date ($(wc -c <"$out") bytes)"
  exit 0
fi
echo "build: generating JS bindings (wasm-bindgen --target web)"
wasm-bindgen --target web --no-typescript --out-dir pkg "$raw"
echo "build: shrinking with wasm-opt -Oz"
wasm-opt -Oz "$out" -o "$out"
echo "$source_hash" >"$stamp"
echo "build: $out is $(wc -c <"$out") bytes"
