#!/usr/bin/env bash
# Installs what the playground needs and is missing, then exits; safe to run again (about a
# second when everything is there). Called by `npm start` (mode: start) and `npm test` (mode: test).
#   start: the wasm target, the wasm-bindgen CLI matching Cargo.toml, the npm packages.
#   test:  all of that, plus rustfmt and clippy, Debian's Chromium + ChromeDriver, Firefox
#          ESR and Python 3, geckodriver (for the Firefox tests), and wasm-pack (the wasm
#          tests and the wasm-pack flow run with it, as the README tells users to).
# Only package registries are used (crates.io, npm, Debian). Never `npx playwright install`:
# the page tests drive Debian's /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-start}
case "$mode" in start | test) ;; *) echo "bootstrap: unknown mode '$mode'; use 'start' or 'test'" >&2; exit 2 ;; esac

GECKODRIVER_VERSION=0.37.1
WASM_PACK_VERSION=0.15.1
# The CLI must equal the crate's exact pin, or wasm-bindgen refuses the module.
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
export PATH="$HOME/.cargo/bin:$PATH"

say() { echo "bootstrap: $*"; }
need() { command -v "$1" >/dev/null 2>&1 || { echo "bootstrap: '$1' is required but missing: $2" >&2; exit 1; }; }

need cargo "install Rust with rustup (https://rustup.rs)"
need rustup "install Rust with rustup (https://rustup.rs)"
need npm "install Node.js 20 or later"
[ -n "$WASM_BINDGEN_VERSION" ] || { echo "bootstrap: could not read the wasm-bindgen pin from Cargo.toml" >&2; exit 1; }

# 1. Rust target for the browser build.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-bindgen CLI (also provides wasm-bindgen-test-runner). Not --locked: its lock file
#    pins a crate version the registry no longer has.
installed=$(wasm-bindgen --version 2>/dev/null || true)
if [ "$installed" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 minutes, once)"
  cargo install --quiet --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# 3. npm packages (Playwright's test runner, binaryen's wasm-opt, http-server, selenium-webdriver),
#    reinstalled only when package-lock.json changed since the last install.
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.bootstrap-lock-hash
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" >"$stamp"
fi

if [ "$mode" = test ]; then
  # 4. Lint tools.
  if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
    say "adding rustfmt and clippy"
    rustup component add rustfmt clippy
  fi

  # 5. Browsers and drivers from Debian, and Python (its http.server serves the wasm-pack
  #    flow's page test, as the README tells users to serve the playground).
  missing=()
  for package in chromium chromium-driver firefox-esr python3; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} from Debian (about a minute)"
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi

  # 6. geckodriver, from crates.io (its GitHub downloads are unreachable here).
  installed=$(geckodriver --version 2>/dev/null | sed -n 1p || true)
  case "$installed" in
    "geckodriver $GECKODRIVER_VERSION"*) ;;
    *)
      say "installing geckodriver $GECKODRIVER_VERSION (about 3 minutes, once)"
      cargo install --quiet --force geckodriver --version "$GECKODRIVER_VERSION" --locked
      ;;
  esac

  # 7. wasm-pack, from crates.io. It uses the wasm-bindgen CLI of step 2 (found on PATH, the
  #    crate's exact version) and, by Cargo.toml's metadata, no wasm-opt: it downloads nothing.
  installed=$(wasm-pack --version 2>/dev/null || true)
  if [ "$installed" != "wasm-pack $WASM_PACK_VERSION" ]; then
    say "installing wasm-pack $WASM_PACK_VERSION (about 3 minutes, once)"
    cargo install --quiet --force wasm-pack --version "$WASM_PACK_VERSION" --locked
  fi
fi
say "ready ($mode)"
