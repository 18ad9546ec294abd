#!/usr/bin/env bash
# The benchmarks after the build and size report of `npm run bench` (run through npm, so
# node_modules/.bin is on PATH): the native release benchmark (seek in a 10,000-action run;
# 1,000,000 random fault schedules of correct Paxos checked for safety; then the same schedules
# under each Break Paxos switch and Flexible Paxos quorums until the first violation, see
# docs/RELIABILITY.md; a few minutes on 2 cores, progress on stderr), the fuzz target on a
# million hostile operations (src/bin/fuzz.rs, about 30 s), Lamport-spec mode against
# stateright (2 values; 3 acceptors with MaxBallot 2 and 3, and 4 acceptors with MaxBallot 2 on
# one thread and on two) natively, playground mode against stateright on the page's own
# handlers, then Lamport-spec mode in headless Chromium (the Verify worker's wasm, against
# spec_vs_stateright's figures), Verify on the "Two proposers" scenario in the page against
# the same search natively, then the page in headless Chromium (frame time with 7 nodes and
# about 100 messages in flight, and the timeline scrubber on the same 10,000-action run), an
# embed's start-up (dist/, built by npm run bench before this script), and a soak of the page
# (1,000,000 simulation steps across thousands of runs and resets while it plays at top speed;
# JS heap and wasm memory after a forced GC at the start and the end; about 10 minutes).
# Figures are reported as ratios of their budgets, never judged: the exit status is non-zero
# only if correct Paxos shows a safety violation, an unsafe switch shows none within its cap,
# the fuzz finds a panic or a broken property, the page throws, a checker's counts disagree,
# the soak's JS heap or wasm memory ends at more than 1.5 times its first tenth (a leak), or a
# benchmark cannot run. `--quick` runs a small version of each (a smoke test).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

quick=()
case "${1:-}" in
  "") ;;
  --quick) quick=(--quick) ;;
  *) echo "bench: unknown argument '$1'; use --quick or nothing" >&2; exit 2 ;;
esac
started=$SECONDS
run_text=$(mktemp)
trap 'rm -f "$run_text"' EXIT

echo "bench: building the native benchmark (release)"
cargo build --quiet --release --bin bench
status=0
./target/release/bench "${quick[@]}" --run-text "$run_text" || status=$?

# The fuzz target over the simulation's API and the run decoders (src/fuzz.rs, feature "fuzz"): a million
# hostile operations on seeded random bytes (--quick: 20,000); any panic or broken property
# is printed with the command that runs its case alone, and fails the benchmark.
echo "bench: building the fuzz command (release)"
cargo build --quiet --release --features fuzz --bin fuzz
./target/release/fuzz "${quick[@]}" || status=$?

# Lamport-spec mode against stateright (benches/spec_vs_stateright.rs): each run in its own
# process for its peak memory; --quick runs MaxBallot 2 only. The bench profile is opt-level 3.
echo "bench: building the Lamport-spec benchmark against stateright (bench profile)"
cargo bench --quiet --bench spec_vs_stateright --no-run
cargo bench --quiet --bench spec_vs_stateright -- "${quick[@]}" || status=$?

# Playground mode against stateright on the page's own handlers
# (benches/playground_vs_stateright.rs): the same distinct states and verdicts, states/s and
# peak memory per process, then both with symmetry reduction (time to verdict). --quick runs
# 3 acceptors with 1 proposer and 2 rounds, and a lossy 2-acceptor, 2-proposer cluster; the
# full run adds 3 acceptors with 2 proposers (6.8 million states; about 7 minutes in all) and a
# larger lossy one.
echo "bench: building the playground benchmark against stateright (bench profile)"
cargo bench --quiet --bench playground_vs_stateright --no-run
cargo bench --quiet --bench playground_vs_stateright -- "${quick[@]}" || status=$?

# The same spec in the Verify worker's wasm in headless Chromium, against the native figures
# spec_vs_stateright has just written (target/bench/spec_vs_stateright.json): wasm states/s
# over stateright's native DFS, target >= 3 (e2e/bench-checker.mjs; --quick: MaxBallot 2 only).
if [ -x /usr/bin/chromium ]; then
  node e2e/bench-checker.mjs "${quick[@]}" || status=$?
fi

# Verify on the "Two proposers" scenario in the page (wasm worker, headless Chromium): time to
# verdict, wasm states/s over native states/s on the same search (target >= 0.5), and what each
# exact reduction saves natively (e2e/bench-verify.mjs).
if [ -x /usr/bin/chromium ]; then
  cargo build --quiet --release --bin paxos-check
  node e2e/bench-verify.mjs "${quick[@]}" || status=$?
fi

if [ -x /usr/bin/chromium ]; then
  seconds=5
  [ ${#quick[@]} -eq 0 ] || seconds=2
  seeks=40
  [ ${#quick[@]} -eq 0 ] || seeks=8
  node e2e/bench-frames.mjs --seconds "$seconds" --seek-run "$run_text" --seeks "$seeks" || status=$?
  # An embed's start-up: script request to first drawn frame, on dist/ (e2e/bench-startup.mjs).
  runs=21
  [ ${#quick[@]} -eq 0 ] || runs=5
  node e2e/bench-startup.mjs --runs "$runs" || status=$?
  # A soak: simulation steps across thousands of runs while the page plays at top speed, with
  # memory at the start and the end (e2e/bench-soak.mjs; --quick: 20,000 steps).
  soak_steps=1000000
  [ ${#quick[@]} -eq 0 ] || soak_steps=20000
  node e2e/bench-soak.mjs --steps "$soak_steps" || status=$?
else
  echo "bench: /usr/bin/chromium is missing, so the page was not measured; install it with" >&2
  echo "       'npm test' (its bootstrap installs it) or 'apt-get install chromium'" >&2
  status=1
fi

echo
echo "bench: done in $((SECONDS - started)) s$([ "$status" -eq 0 ] || echo ", with FAILURES (status $status)")"
exit "$status"
