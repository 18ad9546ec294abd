#!/usr/bin/env bash
# Runs the test suites: all of them (no argument) or one of: lint native wasm page firefox
# wasmpack.
# Every suite runs even if an earlier one failed; the exit status is non-zero if any failed.
# Run through npm (npm test, npm run test:page, ...) so node_modules/.bin is on PATH.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

suite_lint() {
  cargo fmt --check &&
    cargo clippy --quiet --all-targets --all-features -- -D warnings &&
    cargo clippy --quiet --lib --test web --target wasm32-unknown-unknown --all-features -- -D warnings
}

# The native tests, then the verdict sweep (tests/it/verdict_sweep.rs) and the larger
# playground-against-stateright clusters (tests/it/playground_peer.rs) in an optimised build:
# in a debug build they would take most of an hour, so there they are marked ignored.
suite_native() {
  cargo test --quiet --features fuzz &&
    cargo test --quiet --profile sweep --test it -- verdict_sweep cli::every_switch \
      playground_peer::stateright_finds_the_same_states_on_larger_clusters
}

# The facade's wasm-bindgen tests (tests/web.rs), once in each browser, with the commands the
# README gives: wasm-pack builds every test target for wasm32 (the native ones compile to
# nothing there) and runs them with the crate's default features, so the Verifier's tests run
# too. It finds /usr/bin/chromedriver and geckodriver on PATH; the runner would prefer a
# GECKODRIVER from the environment over the CHROMEDRIVER wasm-pack sets, hence `env -u`. The
# runner's time limit (20 s by default; the suite takes 30-45 s on a busy 2-core machine) is
# raised to two minutes in .cargo/config.toml.
suite_wasm() {
  env -u GECKODRIVER wasm-pack test --headless --chrome &&
    wasm-pack test --headless --firefox
}

# The page's pure modules alone (Node's test runner: the element's attribute parser, the
# space-time diagram's model and the Verify panel's time-left estimate), then the page tests
# in Chromium, which also open the built folder (dist/), as a static host would serve it.
suite_page() {
  node --test e2e/attributes.test.mjs e2e/diagram-model.test.mjs e2e/estimate.test.mjs &&
    bash scripts/build.sh && node scripts/dist.mjs && playwright test -c e2e/playwright.config.js
}

suite_firefox() {
  bash scripts/build.sh && node scripts/dist.mjs && node e2e/firefox-smoke.mjs
}

# The wasm-pack flow as a user meets it on a fresh clone, without npm: the tracked files (as
# the working tree has them) copied to target/wasm-pack/clone, `wasm-pack build --target web`
# there with no node_modules/.bin on PATH (so no wasm-opt: it must neither run nor be
# downloaded, nor may the wasm-bindgen CLI be), then Python's static server and a page test in
# Chromium (e2e/wasm-pack.flow.js): Play reaches "Chosen: Hello", Verify gives a verdict.
# The copy sits at a fixed place with its own cargo target dir, so an unchanged crate is not
# rebuilt. Sharing ./target would not do: cargo copies a fresh build's .wasm to
# target/wasm32-unknown-unknown/release/ only when it compiles it, so two checkouts building
# there in turn can each be handed the other's module.
suite_wasmpack() {
  local clone=target/wasm-pack/clone log=target/wasm-pack/build.log
  rm -rf "$clone" && mkdir -p "$clone" || return 1
  git ls-files -z | while IFS= read -r -d '' file; do
    [ -e "$file" ] && printf '%s\0' "$file" # a deleted file is no part of the tree
  done | tar --null -T - -cf - | tar -xf - -C "$clone" || return 1
  local path_without_npm
  path_without_npm=$(printf '%s' "$PATH" | tr ':' '\n' | grep -v node_modules | paste -sd:)
  (cd "$clone" && PATH="$path_without_npm" CARGO_TARGET_DIR="$PWD/../target" wasm-pack build --target web) 2>&1 | tee "$log" ||
    return 1
  # wasm-pack says "Installing wasm-bindgen..." before it fetches or builds a CLI of its own
  # (when the one on PATH is not the crate's exact version), and names wasm-opt when it runs it.
  if grep -Eq 'Installing wasm-bindgen|wasm-opt|binaryen|failed to download' "$log"; then
    echo "test: wasm-pack fetched or ran a tool of its own (see above); it must use bootstrap's wasm-bindgen and no wasm-opt" >&2
    return 1
  fi
  [ ! -e "$clone/pkg/checker" ] && grep -q 'export class Verifier' "$clone/pkg/paxos_playground.js" || {
    echo "test: wasm-pack's pkg/ should hold the one module, with the checker's Verifier" >&2
    return 1
  }
  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  WASM_PACK_ROOT="$PWD/$clone" WASM_PACK_PORT="$port" playwright test -c e2e/wasm-pack.config.js
}

all=(lint native wasm page firefox wasmpack)
chosen=("${@:-${all[@]}}")
failed=()
for suite in "${chosen[@]}"; do
  if ! declare -F "suite_$suite" >/dev/null; then
    echo "test: unknown suite '$suite'; the suites are ${all[*]}" >&2
    exit 2
  fi
  echo
  echo "=== test: $suite ==="
  started=$SECONDS
  if "suite_$suite"; then
    echo "=== test: $suite passed ($((SECONDS - started)) s) ==="
  else
    echo "=== test: $suite FAILED ($((SECONDS - started)) s) ==="
    failed+=("$suite")
  fi
done
echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "test: FAILED: ${failed[*]}"
  exit 1
fi
echo "test: all passed (${chosen[*]})"
