#!/usr/bin/env bash
# Builds the wasm module in release mode into pkg/ (an ES module for the page, no bundler).
# Run through npm (npm run build) so node_modules/.bin, with binaryen's wasm-opt, is on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

crate=paxos_playground
echo "build: compiling the Rust core to wasm (release)"
cargo build --quiet --release --lib --target wasm32-unknown-unknown
echo "build: generating JS bindings (wasm-bindgen --target web)"
wasm-bindgen --target web --no-typescript --out-dir pkg "target/wasm32-unknown-unknown/release/$crate.wasm"
echo "build: shrinking with wasm-opt -Oz"
wasm-opt -Oz "pkg/${crate}_bg.wasm" -o "pkg/${crate}_bg.wasm"
echo "build: pkg/${crate}_bg.wasm is $(wc -c <"pkg/${crate}_bg.wasm") bytes"
