// The model checker in the browser against stateright, run by `npm run bench` (scripts/bench.sh)
// right after the native Lamport-spec benchmark (benches/spec_vs_stateright.rs):
//   node e2e/bench-checker.mjs [--quick] [--repeats 5] [--json target/bench/spec_vs_stateright.json]
//
// Serves the repository, opens a blank document on the served origin in Debian's headless
// Chromium and, from that page, starts the Verify worker exactly as the page does
// (`new Worker("/www/verify-worker.js", { type: "module" })`, which loads pkg/checker/, the
// checker's wasm module built for speed). It runs Lamport's Paxos.tla with 3 acceptors and
// 2 values, MaxBallot 2 and 3 (`--quick`: MaxBallot 2 only), breadth- and depth-first:
// - distinct states, generated states and depth must equal the pinned counts and the native
//   run's (else it fails loudly, exit 1), and the search must be complete with no violation;
// - seconds are the worker's own (performance.now() around Verifier.check, as it reports them);
//   MaxBallot 2 takes well under a second, so it runs --repeats times in the same worker and
//   the MEDIAN is reported (min and max beside it); MaxBallot 3 runs once;
// - peak memory: the worker reports none, so this reads, from outside, the peak resident
//   memory (VmHWM) of the Chromium renderer process that runs the page and its worker. Each
//   configuration gets a browser of its own, so the peak is that run's; it includes the
//   renderer's own baseline, which is shown too (the peak before the worker started).
// Then it reads the native figures that spec_vs_stateright wrote in the same `npm run bench`
// (target/bench/spec_vs_stateright.json) and prints one table: wasm in Chromium (BFS, DFS)
// against stateright's native DFS (and ours natively), with the ratio the issue sets:
// wasm states/s ÷ stateright native DFS states/s, target ≥ 3, and a PASS/FAIL line.
//
// Like the other benchmarks, the ratio is reported, not judged by the exit status (the
// machines are shared and noisy): the exit status is non-zero only if the counts disagree,
// the search fails or finds a violation, the worker or page throws, or the native figures are
// missing (run `cargo bench --bench spec_vs_stateright` first, or `npm run bench`).
import { chromium } from "@playwright/test";
import { CHROMIUM, serve } from "./chromium.js";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TARGET_RATIO = 3;
// TLC's counting for Paxos.tla, 3 acceptors, 2 values (docs/CHECKER.md; tests/it/spec.rs pins them).
const PINNED = {
  2: { distinct: 185369, generated: 1361380, depth: 25 },
  3: { distinct: 8220065, generated: 70696917, depth: 33 },
};

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--quick") continue;
  if (["--repeats", "--json"].includes(args[i]) && i + 1 < args.length) {
    i++;
    continue;
  }
  console.error(`bench-checker: unknown argument '${args[i]}'; use --quick, --repeats N, --json FILE`);
  process.exit(2);
}
const quick = args.includes("--quick");
const repeats = Number(option("--repeats", "5"));
const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(process.env.CARGO_TARGET_DIR) : path.join(root, "target");
const jsonFile = path.resolve(option("--json", path.join(targetDir, "bench", "spec_vs_stateright.json")));
const sizes = quick ? [2] : [2, 3];
const shown = (file) => (file.startsWith(root + path.sep) ? path.relative(root, file) : file);
if (!Number.isInteger(repeats) || repeats < 1) {
  console.error("bench-checker: --repeats must be a whole number of at least 1");
  process.exit(2);
}

const howToGetNative = `run the native benchmark first: 'cargo bench --bench spec_vs_stateright${quick ? " -- --quick" : ""}' (or 'npm run bench', which runs both)`;

/** The native figures spec_vs_stateright wrote; exits with a hint if they are missing. */
function readNative() {
  if (!existsSync(jsonFile)) {
    console.error(`bench-checker: no native figures at ${shown(jsonFile)}; ${howToGetNative}`);
    process.exit(2);
  }
  const native = JSON.parse(readFileSync(jsonFile, "utf8"));
  const find = (tool, strategy, maxBallot) =>
    native.runs.find((r) => r.tool === tool && r.strategy === strategy && r.max_ballot === maxBallot
      && r.acceptors === 3 && r.threads === 1);
  const missing = sizes.filter((b) => !find("stateright", "dfs", b) || !find("ours", "bfs", b));
  if (missing.length > 0) {
    console.error(
      `bench-checker: ${shown(jsonFile)} has no native runs for MaxBallot ${missing.join(", ")}` +
        `${native.quick ? " (it was written by a --quick run)" : ""}; ${howToGetNative}`,
    );
    process.exit(2);
  }
  return { ...native, find };
}

// --- Processes: the renderer that runs the page and its worker, read from /proc (Linux). ---

function procStat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null; // gone
  }
}

function statusKib(pid, key) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8")
      .split("\n")
      .find((l) => l.startsWith(`${key}:`));
    return line ? Number(line.split(/\s+/)[1]) : null;
  } catch {
    return null;
  }
}

/** Renderer processes descending from `rootPid`: [{ pid, cpuTicks, hwmKib }]. */
function renderers(rootPid) {
  const children = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const stat = procStat(name);
    if (!stat) continue;
    if (!children.has(stat.ppid)) children.set(stat.ppid, []);
    children.get(stat.ppid).push(Number(name));
  }
  const found = [];
  const walk = (pid) => {
    for (const child of children.get(pid) ?? []) {
      let cmdline = "";
      try {
        cmdline = readFileSync(`/proc/${child}/cmdline`, "utf8");
      } catch {
        // gone
      }
      if (cmdline.includes("--type=renderer")) {
        found.push({ pid: child, cpuTicks: procStat(child)?.cpuTicks ?? 0, hwmKib: statusKib(child, "VmHWM") });
      }
      walk(child);
    }
  };
  walk(rootPid);
  return found;
}

// --- One configuration in a browser of its own. ---

/** Runs the spec `runs` times in one worker started from a page on `base`. */
async function measure(base, maxBallot, strategy, runs, thrown) {
  const browser = await chromium.launch(CHROMIUM);
  try {
    const page = await browser.newPage();
    page.on("pageerror", (error) => thrown.push(`page: ${error.message}`));
    page.on("console", (m) => m.type() === "error" && thrown.push(`console: ${m.text()}`));
    // A blank document on the served origin, so the module worker loads from it.
    const blank = `${base}__bench-checker.html`;
    await page.route(blank, (route) =>
      route.fulfill({
        contentType: "text/html",
        body: '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>bench-checker</title>',
      }),
    );
    await page.goto(blank);
    // Playwright starts Chromium as a child of this process, one browser at a time here.
    const rootPid = process.pid;
    const before = renderers(rootPid);

    const out = await page.evaluate(
      async ({ options, runs }) => {
        const worker = new Worker("/www/verify-worker.js", { type: "module" });
        const one = () =>
          new Promise((resolve) => {
            let progress = 0;
            let bounds = null;
            worker.onmessage = ({ data }) => {
              if (data.type === "start") bounds = data.bounds;
              else if (data.type === "progress") progress++;
              else if (data.type === "done") resolve({ ...data, bounds, progress });
              else if (data.type === "error") resolve({ error: data.message });
            };
            worker.onerror = (e) => resolve({ error: `worker error: ${e.message ?? e}` });
            worker.postMessage({ kind: "spec", options, every: 200000 });
          });
        const results = [];
        for (let i = 0; i < runs; i++) {
          const r = await one();
          results.push(r);
          if (r.error) break;
        }
        worker.terminate();
        return results;
      },
      { options: { acceptors: 3, values: 2, maxBallot, dfs: strategy === "dfs" }, runs },
    );

    let peak = null;
    {
      // The renderer that ran the search is the one that used the most CPU meanwhile.
      const after = renderers(rootPid);
      const busiest = after
        .map((r) => ({ ...r, used: r.cpuTicks - (before.find((b) => b.pid === r.pid)?.cpuTicks ?? 0) }))
        .sort((a, b) => b.used - a.used)[0];
      if (busiest) {
        peak = { hwmKib: busiest.hwmKib, idleKib: before.find((b) => b.pid === busiest.pid)?.hwmKib ?? null };
      }
    }
    return { results: out, peak, version: browser.version() };
  } finally {
    await browser.close();
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const loadavg = () => `${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`;
const int = (n) => Math.round(n).toLocaleString("en-US");
const mib = (kib) => (kib === null || kib === undefined ? "n/a" : (kib / 1024).toFixed(1));

async function main() {
  const native = readNative();
  const age = native.written_unix ? Date.now() / 1000 - native.written_unix : NaN;
  const problems = [];
  const thrown = [];

  const { base, server } = await serve(root, "www/verify-worker.js");
  const wasm = [];
  let version = "?";
  try {
    if (!(await fetch(`${base}pkg/checker/paxos_playground_bg.wasm`)).ok) {
      throw new Error("pkg/checker/ is missing: run 'npm run build' first");
    }
    console.log(
      `\nbench-checker: Paxos.tla, 3 acceptors, 2 values, the Verify worker's wasm in headless Chromium ` +
        `(MaxBallot ${sizes.join(" and ")}; machine load ${loadavg()})`,
    );
    for (const maxBallot of sizes) {
      for (const strategy of ["bfs", "dfs"]) {
        const runs = maxBallot === 2 ? repeats : 1;
        const m = await measure(base, maxBallot, strategy, runs, thrown);
        version = m.version;
        const label = `MaxBallot ${maxBallot} ${strategy.toUpperCase()}`;
        const failed = m.results.find((r) => r.error);
        if (failed) {
          problems.push(`${label}: the worker replied with an error: ${failed.error}`);
          continue;
        }
        // Every run must be complete, safe, and count exactly what the native checkers count.
        const nativeOurs = native.find("ours", strategy, maxBallot);
        const nativeSr = native.find("stateright", "dfs", maxBallot);
        for (const [i, r] of m.results.entries()) {
          const got = { distinct: r.result.distinctStates, generated: r.result.generatedStates, depth: r.result.depth };
          for (const [who, want] of [
            ["the pinned counts", PINNED[maxBallot]],
            ["ours natively", nativeOurs && { distinct: nativeOurs.distinct, generated: nativeOurs.generated, depth: nativeOurs.depth }],
            ["stateright natively", nativeSr && { distinct: nativeSr.distinct, generated: nativeSr.generated, depth: nativeSr.depth }],
          ]) {
            if (!want) continue;
            for (const key of ["distinct", "generated", "depth"]) {
              if (got[key] !== want[key]) {
                problems.push(`${label} run ${i + 1}: ${key} ${got[key]} in the browser, ${want[key]} for ${who}`);
              }
            }
          }
          const unseen = (r.result.sometimes ?? []).filter((s) => !s.found).map((s) => s.property);
          if (r.result.outcome !== "complete" || r.result.violated || unseen.length > 0) {
            problems.push(
              `${label} run ${i + 1}: outcome ${r.result.outcome}, violated ${r.result.violated}, ` +
                `never seen: ${unseen.join(", ") || "-"} (${r.result.verdict})`,
            );
          }
        }
        const seconds = m.results.map((r) => r.seconds);
        const row = {
          maxBallot,
          strategy,
          ...m.results[0].result,
          runs: seconds.length,
          seconds: median(seconds),
          min: Math.min(...seconds),
          max: Math.max(...seconds),
          peak: m.peak,
        };
        row.statesPerSec = row.distinctStates / row.seconds;
        wasm.push(row);
        console.log(
          `  done: ${label}: ${int(row.distinctStates)} states, ${int(row.generatedStates)} generated, depth ${row.depth}, ` +
            (row.runs > 1
              ? `median ${row.seconds.toFixed(3)} s of ${row.runs} runs (min ${row.min.toFixed(3)}, max ${row.max.toFixed(3)})`
              : `${row.seconds.toFixed(2)} s`) +
            `, ${int(row.statesPerSec)} states/s; renderer peak ${mib(m.peak?.hwmKib)} MiB (idle page ${mib(m.peak?.idleKib)} MiB)`,
        );
      }
    }
  } finally {
    server.kill("SIGTERM");
  }

  // --- The table: both tools, both sizes. ---
  console.log(
    `\nwasm in ${version} (the Verify worker) against native (benches/spec_vs_stateright.rs, ` +
      `written ${Number.isFinite(age) ? `${Math.round(age / 60)} min ago` : "at an unknown time"}${age > 6 * 3600 ? ": STALE, re-run it" : ""})\n`,
  );
  console.log("| tool | where | strategy | MaxBallot | distinct states | generated | depth | seconds | states/s | peak MiB |");
  console.log("| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const maxBallot of sizes) {
    for (const r of wasm.filter((w) => w.maxBallot === maxBallot)) {
      console.log(
        `| ours (wasm) | Chromium worker | ${r.strategy.toUpperCase()} | ${maxBallot} | ${int(r.distinctStates)} | ` +
          `${int(r.generatedStates)} | ${r.depth} | ${r.seconds.toFixed(r.runs > 1 ? 3 : 2)}${r.runs > 1 ? ` (median of ${r.runs})` : ""} | ` +
          `${int(r.statesPerSec)} | ${mib(r.peak?.hwmKib)} (renderer; idle ${mib(r.peak?.idleKib)}) |`,
      );
    }
    for (const [tool, strategy] of [
      ["ours", "bfs"],
      ["ours", "dfs"],
      ["stateright", "bfs"],
      ["stateright", "dfs"],
    ]) {
      const r = native.find(tool, strategy, maxBallot);
      if (!r) continue;
      console.log(
        `| ${tool} | native | ${strategy.toUpperCase()} | ${maxBallot} | ${int(r.distinct)} | ${int(r.generated)} | ${r.depth} | ` +
          `${r.seconds.toFixed(r.seconds < 1 ? 3 : 2)}${r.seconds < 1 ? " (mean)" : ""} | ${int(r.states_per_sec)} | ${mib(r.peak_kib)} |`,
      );
    }
  }

  console.log(`\n| ratio | ${sizes.map((b) => `MaxBallot ${b}`).join(" | ")} | target |`);
  console.log(`| --- | ${sizes.map(() => "---:").join(" | ")} | --- |`);
  const verdicts = [];
  for (const strategy of ["bfs", "dfs"]) {
    const cells = sizes.map((maxBallot) => {
      const w = wasm.find((r) => r.maxBallot === maxBallot && r.strategy === strategy);
      const sr = native.find("stateright", "dfs", maxBallot);
      if (!w) {
        verdicts.push(false);
        return "n/a";
      }
      const ratio = w.statesPerSec / sr.states_per_sec;
      verdicts.push(ratio >= TARGET_RATIO);
      return `${ratio.toFixed(1)}x`;
    });
    console.log(`| wasm in Chromium ${strategy.toUpperCase()} ÷ stateright native DFS (states/s) | ${cells.join(" | ")} | ≥ ${TARGET_RATIO} |`);
  }
  for (const strategy of ["bfs", "dfs"]) {
    const cells = sizes.map((maxBallot) => {
      const w = wasm.find((r) => r.maxBallot === maxBallot && r.strategy === strategy);
      const ours = native.find("ours", strategy, maxBallot);
      return w && ours ? `${(w.statesPerSec / ours.states_per_sec).toFixed(2)}` : "n/a";
    });
    console.log(`| wasm in Chromium ${strategy.toUpperCase()} ÷ ours native ${strategy.toUpperCase()} (states/s) | ${cells.join(" | ")} | |`);
  }

  const pass = verdicts.length > 0 && verdicts.every(Boolean) && problems.length === 0;
  console.log(
    `\nbench-checker: ${pass ? "PASS" : "FAIL"}: wasm in headless Chromium ${pass ? "is" : "is NOT"} at least ` +
      `${TARGET_RATIO}x stateright's native DFS (distinct states/s) on every run above (machine load ${loadavg()})`,
  );
  console.log(
    "  (peak MiB for the wasm: the Chromium renderer process's peak resident memory, page and worker together, " +
      "read from /proc; the worker reports no memory of its own. 'idle' is that renderer's peak before the worker started.)",
  );

  if (thrown.length > 0) problems.push(...thrown.map((t) => `the page threw: ${t}`));
  if (problems.length > 0) {
    console.error(`\nbench-checker: ${problems.length} problem(s):\n  ${problems.join("\n  ")}`);
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(`bench-checker: ${error.stack ?? error}`);
  process.exit(1);
});
