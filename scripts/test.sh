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

# The facade's wasm-bindgen tests, once in each browser. The runner picks the browser by
# which driver variable is set. With the checker feature, so the Verifier's tests run too.
# The runner gives the whole run 20 s by default: about what the suite takes on a busy
# 2-core machine, so it gets two minutes.
suite_wasm() {
  export WASM_BINDGEN_TEST_TIMEOUT=120
  env -u GECKODRIVER CHROMEDRIVER=/usr/bin/chromedriver \
    cargo test --target wasm32-unknown-unknown --features checker --test web &&
    env -u CHROMEDRIVER GECKODRIVER="$(command -v geckodriver)" \
      cargo test --target wasm32-unknown-unknown --features checker --test web
}

# The page's pure modules alone (Node's test runner: the element's attribute parser and the
# space-time diagram's model), then the page tests in Chromium, which also open the built
# folder (dist/), as a static host would serve it.
suite_page() {
  node --test e2e/attributes.test.mjs e2e/diagram-model.test.mjs &&
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
