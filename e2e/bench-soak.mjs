// Soak benchmark, run by `npm run bench` (scripts/bench.sh):
//   node e2e/bench-soak.mjs [--steps 1000000]
//
// Opens index.html in Debian's headless Chromium, sets the speed slider to its maximum and
// plays, and keeps the playground animating for the whole run while it takes `--steps`
// simulation steps (default 1,000,000) across thousands of runs: every built-in scenario in
// turn, each with a new seed, started from the scenario picker's code path (App.start) and
// then once more from the Reset button's (App.reset). Each start or reset makes new wasm
// objects (a Playground handle, or a new Timeline in it), so a leak in the core, the facade
// or the page's views shows as memory that grows.
//
// How it is driven: Play at top speed delivers about 10 ticks' worth of messages a second,
// hours for a million steps, so between animation frames the page's own step (Simulation.step,
// what App.frame calls for each delivery) is called for about 40 ms, then App.refresh (what
// App.frame calls after delivering) shows the result, and the next frame is awaited, in which
// App.frame animates the messages in flight. When a run goes quiet, App.frame pauses it as it
// does for a user; in the soak's next batch the next runs start (App.start or App.reset, each
// stepped to its end and shown with App.refresh while the batch lasts) and Play is pressed on
// the last one (App.play). Runs are switched only while no Play loop is pending: pressing
// Play before the pending frame ran would start a second loop beside it (counted, and a
// failure, if it ever happens). Steps are counted from the runs' own step counters
// (state.steps), summed across runs; animation frames are counted where App.frame runs while
// playing.
//
// Memory: after a warm-up (two passes over the scenarios), every tenth of the steps and at the
// end, the page is paused on the same state (the article's scenario, seed 1, at its start),
// garbage is collected (CDP HeapProfiler.collectGarbage), and the JS heap (CDP
// Runtime.getHeapUsage), the wasm module's memory (memory.buffer.byteLength: it only grows, so
// its end is its peak) and the DOM counters (CDP Memory.getDOMCounters) are read. The JS
// heap is also read after every batch without a GC (performance.memory): its peak with garbage.
// The 1,000,000 steps took about 10 minutes on a 2-core machine shared with other work;
// progress goes to stderr every tenth.
//
// Figures are reported as ratios (end/start, peak/start, and end/10%: the growth once caches
// and the JIT have settled), not judged against a budget: the machines are shared and noisy.
// The exit status is non-zero if the page throws (a page error or a console error), shows an
// error in its error box, cannot be driven (Play does not start or animates no frame, a step
// fails, two Play loops run at once), or if the JS heap or the wasm memory ends at more than
// 1.5 times its sample after the first tenth (after a forced GC, on the same page state; the
// first tenth lets caches and the JIT settle: 1.02 and 1.00 in a full run): growth like that
// is a leak, not noise, and "memory stays flat" is what this benchmark is for. DOM counters
// are reported and flagged past 1.5 times, not judged (the listener count swings).
import { chromium } from "@playwright/test";
import { CHROMIUM, serve } from "./chromium.js";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// Stepping between two frames. Each frame also draws (App.frame, App.refresh, style, layout,
// paint: about 20 ms on a 2-core machine), so 40 ms of steps give some 15 frames a second and
// most of the machine to the steps; with 10 ms, frames come twice as often but the million
// steps take about twice as long.
const BATCH_MS = 40;
const RUN_CAP = 1000; // actions in a run before it is stopped (Pause) and the next one starts
const LEAK_RATIO = 1.5; // end / first tenth after a forced GC past which memory is taken as leaking
const SAMPLES = 10; // memory samples between the start and the end

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const steps = Number(option("--steps", "1000000"));
if (!Number.isInteger(steps) || steps < 1) {
  console.error(`bench-soak: --steps takes a whole number of simulation steps, not ${option("--steps")}`);
  process.exit(2);
}

// The 1-minute load average against the core count: on a shared machine, read figures with it.
const loadavg = () => `${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`;
const count = (n) => n.toLocaleString("en-US");
const mb = (bytes) => (bytes / 1048576).toFixed(2);

/**
 * Runs in the page: prepares the soak's counters and wraps the playground's App.frame (on
 * the instance, unchanged otherwise) to count the frames it animates.
 */
async function setUp() {
  const host = document.querySelector("paxos-playground");
  const app = host.app;
  // The wasm module's exports, memory included: loadCore() returns the same instance the page
  // loaded (the same module URL, so the same module).
  const { loadCore } = await import(new URL("www/simulation.js", document.baseURI).href);
  const wasm = await loadCore();
  const soak = {
    app,
    wasm,
    steps: 0, // simulation steps of the runs before the current one (its own: state.steps - runStart)
    runStart: app.sim.state.steps,
    runs: 0, // runs started by the soak: starts + resets
    starts: 0,
    resets: 0,
    capped: 0, // runs stopped at RUN_CAP
    next: 0, // index into the cycle of (scenario, seed)
    frames: 0, // frames App.frame ran in while playing
    doubled: 0, // App.frame called twice in one frame (two Play loops at once)
    appFrames: 0, // App.frame calls since the soak's last frame callback
    lastFrameTime: null,
    errorBox: [], // texts the page's error box showed
    broken: null, // an uncaught error or rejection in the page
    names: app.scenarioList.map((s) => s.name),
    maxSeed: 0,
    ms: { steps: 0, refresh: 0, newRuns: 0 }, // time spent in the page's own code, by kind
    wasmPeak: wasm.memory.buffer.byteLength,
    heapPeak: 0, // the JS heap's largest size read after a batch (garbage included)
  };
  const frame = app.frame;
  app.frame = function (time) {
    if (this.playing) {
      soak.frames++;
      // Two Play loops at once: two calls in one frame, i.e. with the same timestamp and no
      // frame callback of the soak's between them (either alone is not enough: a loaded
      // Chromium sometimes gives two frames one timestamp).
      if (soak.appFrames++ > 0 && time === soak.lastFrameTime) soak.doubled++;
      soak.lastFrameTime = time;
    }
    return frame.call(this, time);
  };
  window.addEventListener("error", (event) => (soak.broken ??= event.message));
  window.addEventListener("unhandledrejection", (event) => (soak.broken ??= String(event.reason)));
  window.__soak = soak;
  return soak.names;
}

/**
 * Runs in the page: soaks until `until` simulation steps have been counted (or the page
 * breaks), then leaves the page paused on the article's scenario, seed 1, for a memory
 * sample. Returns the counters.
 */
async function soakUntil({ until, batchMs, runCap }) {
  const soak = window.__soak;
  const app = soak.app;
  const errorBox = document.querySelector("paxos-playground").shadowRoot.getElementById("error");
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const counted = () => soak.steps + app.sim.state.steps - soak.runStart;
  const noteError = () => {
    if (!errorBox.hidden && soak.errorBox.length < 5) soak.errorBox.push(errorBox.textContent);
  };
  // The next run: each (scenario, seed) is started (the scenario picker's App.start), and run
  // again after a Reset (App.reset); seeds go up by one with each pass over the scenarios.
  const nextRun = () => {
    soak.steps += app.sim.state.steps - soak.runStart;
    const turn = soak.next++;
    if (turn % 2 === 0) {
      const pass = Math.floor(turn / 2 / soak.names.length);
      const seed = 1 + pass;
      soak.maxSeed = Math.max(soak.maxSeed, seed);
      if (!app.start(soak.names[(turn / 2) % soak.names.length], seed)) throw new Error("App.start refused a built-in scenario");
      soak.starts++;
    } else {
      app.reset();
      soak.resets++;
    }
    soak.runs++;
    soak.runStart = app.sim.state.steps;
  };

  soak.appFrames = 0; // frames App.frame ran in between two soaks do not count
  const ended = () => app.sim.state.nextDueAt === null || app.sim.state.length >= runCap;
  while (counted() < until && !soak.broken) {
    // Whether a Play loop is pending: App.play requests a frame, and pressing Play again
    // before that frame ran would start a second loop beside it. So runs are switched only
    // while none is pending: after App.frame paused a quiet run itself, or after Pause.
    const free = !app.playing;
    const started = performance.now();
    for (;;) {
      if (ended()) {
        if (!free) break; // the next frame's App.frame pauses a quiet run (or the cap's Pause does)
        const t = performance.now();
        if (app.sim.state.nextDueAt !== null) soak.capped++;
        app.refresh(); // the end of the run shown, as App.frame shows its last deliveries
        nextRun();
        soak.ms.newRuns += performance.now() - t;
      }
      if (performance.now() - started >= batchMs) break;
      // A step through the page's own Simulation.step, as App.frame takes one per delivery.
      const t = performance.now();
      const result = app.sim.step();
      soak.ms.steps += performance.now() - t;
      if (!result.ok) throw new Error(`a step failed: ${result.error}`);
    }
    // Shown as App.frame shows its deliveries; the clock on screen moves to the step reached,
    // as App.stepOnce sets it, so that the next frames animate the messages now in flight.
    const t = performance.now();
    app.displayTime = app.sim.state.time;
    app.refresh();
    soak.ms.refresh += performance.now() - t;
    if (free) {
      app.play(); // on the last run started: the one Play loop animates it from the next frame
      if (!app.playing) throw new Error(`Play did not start (${app.sim.scenario}, seed ${app.sim.seed}): ${errorBox.textContent}`);
    } else if (app.sim.state.nextDueAt !== null && app.sim.state.length >= runCap) {
      app.pause(); // the Play button's Pause: the frame loop ends at its next frame
    }
    noteError();
    soak.wasmPeak = Math.max(soak.wasmPeak, soak.wasm.memory.buffer.byteLength);
    soak.heapPeak = Math.max(soak.heapPeak, performance.memory?.usedJSHeapSize ?? 0);
    soak.appFrames = 0;
    await nextFrame();
  }

  // The same state at every memory sample: paused at the start of the article, seed 1. Two
  // frames let the frame loop see the pause and end, and the views draw the new run.
  soak.steps += app.sim.state.steps - soak.runStart;
  app.pause();
  app.start("article", 1);
  soak.runStart = app.sim.state.steps;
  await nextFrame();
  await nextFrame();
  noteError();
  const { app: _app, wasm: _wasm, names: _names, ...counters } = soak;
  return counters;
}

async function main() {
  const { base, server } = await serve(root, "index.html");
  let browser;
  const thrown = [];
  const consoleErrors = [];
  let failed = false;
  try {
    // Precise memory info: performance.memory, read after every batch, is otherwise rounded.
    browser = await chromium.launch({ ...CHROMIUM, args: [...CHROMIUM.args, "--enable-precise-memory-info"] });
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    page.on("pageerror", (error) => thrown.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send("HeapProfiler.enable");

    await page.goto(base);
    await page.waitForFunction(() => document.querySelector("paxos-playground")?.app?.sim);
    await page.evaluate(() => document.querySelector("paxos-playground").ready);
    // Top speed, with the keyboard as a user would: End on the slider; then Play.
    await page.locator("#speed").focus();
    await page.keyboard.press("End");
    const speed = await page.locator("#speed-value").textContent();
    await page.locator("#play").click();
    const names = await page.evaluate(setUp);

    const soakTo = (until) => page.evaluate(soakUntil, { until, batchMs: BATCH_MS, runCap: RUN_CAP });
    const sample = async () => {
      await cdp.send("HeapProfiler.collectGarbage");
      await cdp.send("HeapProfiler.collectGarbage"); // a second pass frees what the first made collectable
      const heap = await cdp.send("Runtime.getHeapUsage");
      const dom = await cdp.send("Memory.getDOMCounters").catch(() => ({}));
      const wasm = await page.evaluate(() => window.__soak.wasm.memory.buffer.byteLength);
      return { heap: heap.usedSize, wasm, nodes: dom.nodes, listeners: dom.jsEventListeners };
    };

    // Warm-up: two passes over the scenarios (start and reset of each), not counted.
    let c = { steps: 0, runs: 0, broken: null };
    const warmRuns = 2 * 2 * names.length;
    while (c.runs < warmRuns && !c.broken) c = await soakTo(c.steps + 500);
    const warm = { steps: c.steps, runs: c.runs, frames: c.frames, starts: c.starts, resets: c.resets, ms: c.ms };
    const samples = [await sample()];
    console.error(`bench-soak: warmed up (${count(warm.steps)} steps in ${warm.runs} runs); soaking ${count(steps)} steps`);

    const started = Date.now();
    for (let i = 1; i <= SAMPLES && !c.broken && thrown.length === 0; i++) {
      c = await soakTo(warm.steps + Math.ceil((steps * i) / SAMPLES));
      samples.push(await sample());
      const s = samples.at(-1);
      console.error(
        `bench-soak: ${i * 10}%: ${count(c.steps - warm.steps)} steps, ${count(c.runs - warm.runs)} runs, ` +
          `${count(c.frames - warm.frames)} frames, ${((Date.now() - started) / 1000).toFixed(0)} s; ` +
          `JS heap ${mb(s.heap)} MB, wasm ${mb(s.wasm)} MB, DOM nodes ${s.nodes}`,
      );
    }
    const seconds = (Date.now() - started) / 1000;

    const soaked = c.steps - warm.steps;
    const frames = c.frames - warm.frames;
    console.log(`\nSoak in the page (headless Chromium, index.html, speed ${speed}, Play throughout)\n`);
    console.log(`  steps: ${count(soaked)} simulation steps (the runs' own step counters, summed) in ${count(c.runs - warm.runs)} runs: ${count(c.starts - warm.starts)} scenario starts and ${count(c.resets - warm.resets)} resets over ${names.length} scenarios, seeds up to ${c.maxSeed}; ${c.capped} runs stopped at ${RUN_CAP} actions`);
    console.log(`  animation: ${count(frames)} frames animated by App.frame while playing (${(frames / seconds).toFixed(1)} frames/s); ${c.doubled} frames with two Play loops`);
    const share = (key) => `${((c.ms[key] - warm.ms[key]) / 10 / seconds).toFixed(0)}%`;
    console.log(`  time: ${seconds.toFixed(1)} s, ${count(Math.round(soaked / seconds))} steps/s (machine load ${loadavg()}); warm-up before it: ${count(warm.steps)} steps in ${warm.runs} runs`);
    console.log(`  time in the page's code: steps (Simulation.step) ${share("steps")}, App.refresh after a batch ${share("refresh")}, switching runs (App.refresh at a run's end, App.start or App.reset) ${share("newRuns")}; the rest is animation frames, drawing and GC`);

    const first = samples[0];
    const last = samples.at(-1);
    const rows = [
      ["JS heap (MB)", "heap", mb],
      ["wasm memory (MB)", "wasm", mb],
      ["DOM nodes", "nodes", String],
      ["JS event listeners", "listeners", String],
    ];
    console.log(`\n  memory after a forced GC, paused at the start of the article's scenario (seed 1); ${samples.length} samples: after the warm-up, every 10% of the steps`);
    // end/10%: the growth after the first tenth, once caches and the JIT have settled.
    console.log(`  ${"".padEnd(20)} ${"start".padStart(9)} ${"end".padStart(9)} ${"peak".padStart(9)} ${"end/start".padStart(10)} ${"peak/start".padStart(11)} ${"end/10%".padStart(8)}`);
    const leaks = [];
    for (const [label, key, show] of rows) {
      if (first[key] === undefined) continue;
      const peak = Math.max(...samples.map((s) => s[key]));
      const ratio = last[key] / first[key];
      const settled = last[key] / (samples[1] ?? first)[key];
      console.log(`  ${label.padEnd(20)} ${show(first[key]).padStart(9)} ${show(last[key]).padStart(9)} ${show(peak).padStart(9)} ${ratio.toFixed(2).padStart(10)} ${(peak / first[key]).toFixed(2).padStart(11)} ${settled.toFixed(2).padStart(8)}`);
      if (settled > LEAK_RATIO) leaks.push({ label, ratio: settled, judged: key === "heap" || key === "wasm" });
    }
    console.log(`  read after every batch of the soak (garbage included, no forced GC): JS heap peak ${mb(c.heapPeak)} MB; wasm memory peak ${mb(c.wasmPeak)} MB (it never shrinks)`);
    for (const leak of leaks) {
      console.log(`\n  !!! ${leak.label} grew ${leak.ratio.toFixed(2)} x from the first tenth to the end (over ${LEAK_RATIO} x): ${leak.judged ? "A LEAK" : "probably a leak (not judged)"}`);
      if (leak.judged) failed = true;
    }

    const problems = [];
    if (c.broken) problems.push(`the page threw: ${c.broken}`);
    if (c.errorBox.length > 0) problems.push(`the page showed errors: ${c.errorBox.join(" | ")}`);
    if (c.doubled > 0) problems.push(`${c.doubled} frames ran two Play loops (App.play while a frame was pending)`);
    if (frames === 0) problems.push("no frame was animated");
    console.log(`\n  errors: ${thrown.length} thrown, ${consoleErrors.length} console errors, error box shown ${c.errorBox.length} times`);
    for (const problem of problems) console.log(`  ${problem}`);
    if (problems.length > 0) failed = true;
  } finally {
    await browser?.close();
    server.kill("SIGTERM");
  }
  if (thrown.length > 0 || consoleErrors.length > 0) {
    console.error(`\nbench-soak: the page threw ${thrown.length} error(s) and logged ${consoleErrors.length} console error(s):\n  ${[...thrown, ...consoleErrors].slice(0, 10).join("\n  ")}`);
    process.exit(1);
  }
  if (failed) {
    console.error("\nbench-soak: FAILED (see above)");
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(`bench-soak: ${error.stack ?? error}`);
  process.exit(1);
});
