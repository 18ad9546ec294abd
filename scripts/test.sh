#!/usr/bin/env bash
# Runs the test suites: all of them (no argument) or one of: lint native wasm page firefox.
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

suite_native() {
  cargo test --quiet --features fuzz
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

# The element's attribute parser alone (Node's test runner), then the page tests in Chromium,
# which also open the built folder (dist/), as a static host would serve it.
suite_page() {
  node --test e2e/attributes.test.mjs &&
    bash scripts/build.sh && node scripts/dist.mjs && playwright test -c e2e/playwright.config.js
}

suite_firefox() {
  bash scripts/build.sh && node scripts/dist.mjs && node e2e/firefox-smoke.mjs
}

all=(lint native wasm page firefox)
chosen=("${@:-${all[@]}}")
failed=()
for suite in "${chosen[@]}"; do
  if ! declare -F "suite_$suite" >/dev/null; then
    echo "test: unknown suite '$suite'; the suites are ${all[*]}" >&2
    exit 2
  fi
  echo
  echo "=== test: $suite ==="
  if "suite_$suite"; then
    echo "=== test: $suite passed ==="
  else
    echo "=== test: $suite FAILED ==="
    failed+=("$suite")
  fi
done
echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "test: FAILED: ${failed[*]}"
  exit 1
fi
echo "test: all passed (${chosen[*]})"
