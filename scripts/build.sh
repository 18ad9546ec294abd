#!/usr/bin/env bash
# Builds the two wasm modules into pkg/ (ES modules for the page, no bundler):
# - pkg/paxos_playground*: the page's module, built for size (cargo profile "wasm");
# - pkg/checker/paxos_playground*: the Verify worker's module, with the model checker,
#   built for speed (cargo profile "wasm-checker", feature "checker"). Only Verify loads it.
# Run through npm (npm run build) so node_modules/.bin, with binaryen's wasm-opt, is on PATH.
# When cargo's output has not changed since the last build, a module is kept as it is.
set -euo pipefail
cd "$(dirname "$0")/.."

crate=paxos_playground

# build_module PROFILE OUT_DIR "WASM_OPT_FLAGS" [cargo options...]
build_module() {
  local profile=$1 dir=$2 level=$3
  local opt_flags
  read -ra opt_flags <<<"$level"
  shift 3
  local raw="target/wasm32-unknown-unknown/$profile/$crate.wasm"
  local out="$dir/${crate}_bg.wasm"
  local stamp="$dir/.built-from"
  echo "build: compiling the Rust core to wasm (profile $profile) for $dir/"
  cargo build --quiet --profile "$profile" --lib --target wasm32-unknown-unknown "$@"
  local source_hash
  source_hash="$(sha256sum "$raw" | cut -d' ' -f1) $(wasm-bindgen --version) $(wasm-opt --version) $level"
  # The stamp also names the module it produced: `wasm-pack build` writes pkg/ too (unoptimised,
  # with the checker), and that module must not pass for this one.
  if [ -f "$out" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$source_hash $(sha256sum "$out" | cut -d' ' -f1)" ]; then
    echo "build: $dir/ is up to date ($(wc -c <"$out") bytes)"
    return
  fi
  echo "build: generating JS bindings (wasm-bindgen --target web)"
  wasm-bindgen --target web --no-typescript --out-dir "$dir" "$raw"
  echo "build: optimizing with wasm-opt $level"
  wasm-opt "${opt_flags[@]}" "$out" -o "$out"
  echo "$source_hash $(sha256sum "$out" | cut -d' ' -f1)" >"$stamp"
  echo "build: $out is $(wc -c <"$out") bytes"
}

# The page's module: -Os, not -Oz, is the smaller one once gzipped (103,581 bytes against
# 104,249 when measured; -Oz is 5 KB smaller raw, but what a visitor downloads is gzipped).
# --low-memory-unused lets wasm-opt fold constant offsets into loads and stores, assuming the
# lowest 1 KB of memory is never addressed: Rust's stack sits at the bottom of memory and
# would reach it only a few hundred bytes before overflowing its 1 MB (-550 bytes gzipped).
# --strip-producers drops the toolchain's name and version (-90 bytes).
build_module wasm pkg "-Os --low-memory-unused --strip-producers" --no-default-features
build_module wasm-checker pkg/checker -O3 --no-default-features --features checker
