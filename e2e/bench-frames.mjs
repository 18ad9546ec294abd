// Page benchmark, run by `npm run bench` (scripts/bench.sh) after a release build:
//   node e2e/bench-frames.mjs [--seconds 5] [--trace] [--seek-run FILE] [--seeks N]
//
// 1. Frame time: opens the page in Debian's headless Chromium, imports a run file (the page's
//    Import run control) with a 7-node cluster (proposers P and Q, acceptors A to E), then
//    duplicates and holds messages from the In flight list (the page's own buttons) until about
//    100 are in flight, sets the speed slider to its maximum and plays. For about 5 s it records
//    requestAnimationFrame timestamps in the page and reports p50/p95/max frame time against the
//    17 ms budget of 60 frames per second, with how many messages were in flight meanwhile.
//    With --trace, it then plays as long again under Chromium's tracer and reports where the
//    time went: the renderer's main thread by phase (the page's rAF callbacks, style, layout,
//    paint, commit...), raster, and the compositor's drawing, in ms per second of Play.
// 2. Seek in the page (with --seek-run FILE, the `#run=` text of a long run written by
//    `bench --run-text FILE`): opens the page at that run and moves the timeline scrubber to
//    random positions, to the end, one step back from it and to the start, timing each input
//    event's handler (wasm seek, state, DOM update) plus the style and layout it causes.
//
// The playground is index.html's <paxos-playground> element: its controls live in its open
// shadow root. Playwright's locators pierce it; code run in the page goes through it (`inside`).
//
// Figures are reported, never judged: the machines are shared and noisy. The exit status is
// non-zero only if the page throws (or cannot be driven at all).
import { chromium } from "@playwright/test";
import { CHROMIUM, serve } from "./chromium.js";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const FRAME_BUDGET_MS = 17;
const SEEK_BUDGET_MS = 50;
const TARGET_IN_FLIGHT = 100;
const HELD = 10;

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const seconds = Number(option("--seconds", "5"));
const seekRunFile = option("--seek-run", null);
const seekCount = Number(option("--seeks", "40"));
const trace = args.includes("--trace");

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const summary = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1] };
};
// The 1-minute load average against the core count: on a shared machine, read figures with it.
const loadavg = () => `${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`;
const ms = (x) => (x === undefined ? "-" : x.toFixed(1));

// A run file as the page's Export run writes it: 7 nodes, P and Q propose. Delays are long
// (10 to 60 ticks) so that, at the top speed of 10 ticks/s, messages stay in flight for one to
// six seconds and the load lasts; the retry timers keep the proposers going.
const runFile = {
  format: "paxos-playground-run",
  version: 1,
  run: {
    config: {
      nodes: [
        { name: "P", proposer: true, acceptor: false, learner: true },
        { name: "Q", proposer: true, acceptor: false, learner: true },
        ...["A", "B", "C", "D", "E"].map((name) => ({ name, proposer: false, acceptor: true, learner: false })),
      ],
      delay_ticks_min: 10,
      delay_ticks_max: 60,
      faults: { loss_percent: 0, duplicate_percent: 0, retry: { timeout_ticks: 150, backoff_ticks_max: 100 } },
    },
    seed: 7,
    actions: [{ propose: { node: "P", value: "Hello" } }, { propose: { node: "Q", value: "World" } }],
    position: 2,
  },
};

/** Records rAF callback durations (the page's own frame work) without changing the page. */
function instrument() {
  const original = window.requestAnimationFrame.bind(window);
  window.__benchRaf = original;
  window.__benchWork = [];
  window.requestAnimationFrame = (callback) =>
    original((time) => {
      const start = performance.now();
      try {
        callback(time);
      } finally {
        if (window.__benchMeasuring) window.__benchWork.push(performance.now() - start);
      }
    });
  window.__benchLongFrames = [];
  try {
    new PerformanceObserver((list) => window.__benchLongFrames.push(...list.getEntries().map((e) => e.duration)))
      .observe({ type: "long-animation-frame" });
  } catch {
    // not supported: reported as "-"
  }
}

async function frameBench(page, base) {
  await page.goto(base);
  await page.locator("#scenario option").first().waitFor({ state: "attached" });
  await page.locator("#import").setInputFiles({
    name: "bench-7-nodes.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(runFile)),
  });
  const rows = page.locator("#in-flight-list > li");
  await page.waitForFunction(() => document.querySelector("paxos-playground")?.shadowRoot?.querySelectorAll("#in-flight-list > li").length === 10);
  const nodes = await page.locator("#ring [data-node]").count();

  // Build the load with the page's own buttons: duplicate messages (each copy gets its own
  // delay), and hold a few so they stay in flight whatever happens. Clicked from inside the
  // page (element.click()), which is what a click does, without the driver's round trips.
  const built = Date.now();
  const clicks = await page.evaluate(
    ({ target, held }) => {
      const rows = () => document.querySelector("paxos-playground").shadowRoot.querySelectorAll("#in-flight-list > li");
      const press = (row, label) => row.querySelector(`button[aria-label^="${label}"]`).click();
      let clicks = 0;
      for (let i = 0; rows().length < target && i < 1000; i++, clicks++) press(rows()[i % rows().length], "Duplicate");
      for (let i = 0; i < held; i++, clicks++) press(rows()[(i * 7) % rows().length], "Hold");
      return clicks;
    },
    { target: TARGET_IN_FLIGHT, held: HELD },
  );
  const buildSeconds = (Date.now() - built) / 1000;
  const before = await rows.count();

  // Top speed, with the keyboard as a user would: End on the slider.
  await page.locator("#speed").focus();
  await page.keyboard.press("End");
  const speed = await page.locator("#speed-value").textContent();
  const result = await playAndMeasure(page);
  await page.locator("#play").click(); // pause
  return { nodes, clicks, buildSeconds, before, speed, ...result };
}

/** Presses Play and records frames for `seconds`; leaves the page playing. */
async function playAndMeasure(page) {
  await page.locator("#play").click();
  return page.evaluate(async (ms) => {
    const inside = (id) => document.querySelector("paxos-playground").shadowRoot.getElementById(id);
    const list = inside("in-flight-list");
    const times = [];
    const inFlight = [];
    window.__benchWork = [];
    window.__benchLongFrames = [];
    window.__benchMeasuring = true;
    await new Promise((resolve) => {
      const tick = (time) => {
        times.push(time);
        inFlight.push(list.childElementCount);
        if (time - times[0] < ms) window.__benchRaf(tick);
        else resolve();
      };
      window.__benchRaf(tick);
    });
    window.__benchMeasuring = false;
    return {
      frames: times.slice(1).map((t, i) => t - times[i]),
      inFlight,
      work: window.__benchWork,
      longFrames: window.__benchLongFrames,
      playing: inside("play").textContent === "Pause",
      step: inside("timeline-position").textContent,
      error: inside("error").hidden ? null : inside("error").textContent,
    };
  }, seconds * 1000);
}

// Trace events summed by --trace: [label, event name, thread]. Each is counted once where it
// nests in itself (Paint events nest per painted subtree).
const TRACED = [
  ["page's rAF callbacks (JS)", "FireAnimationFrame", "CrRendererMain"],
  ["style", "UpdateLayoutTree", "CrRendererMain"],
  ["layout", "Layout", "CrRendererMain"],
  ["pre-paint", "PrePaint", "CrRendererMain"],
  ["paint (recording)", "Paint", "CrRendererMain"],
  ["layerize", "Layerize", "CrRendererMain"],
  ["commit (incl. canvases)", "Commit", "CrRendererMain"],
  ["main thread busy, all tasks", "ThreadControllerImpl::RunTask", "CrRendererMain"],
  ["raster (worker threads)", "RasterTask", null],
  ["compositor drawing (viz, GPU process)", "DirectRenderer::DrawFrame", "VizCompositorThread"],
];

/** Plays again under Chromium's tracer; returns [label, ms per second] rows. */
async function traceFrames(browser, page) {
  await browser.startTracing(page, {
    categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "cc", "viz", "toplevel"],
  });
  const { frames } = await playAndMeasure(page);
  const buffer = await browser.stopTracing();
  await page.locator("#play").click(); // pause
  const events = JSON.parse(buffer.toString()).traceEvents;
  const threads = new Map();
  for (const e of events) if (e.ph === "M" && e.name === "thread_name") threads.set(`${e.pid}:${e.tid}`, e.args.name);
  const complete = events.filter((e) => e.ph === "X" && e.dur !== undefined).sort((a, b) => a.ts - b.ts);
  const span = Math.max(...complete.map((e) => e.ts + e.dur)) - Math.min(...complete.map((e) => e.ts));
  const rows = TRACED.map(([label, name, thread]) => {
    let total = 0;
    const endOf = new Map(); // per thread: where the last counted event ended
    for (const e of complete) {
      const where = `${e.pid}:${e.tid}`;
      if (e.name !== name || (thread && threads.get(where) !== thread) || e.ts < (endOf.get(where) ?? 0)) continue;
      total += e.dur;
      endOf.set(where, e.ts + e.dur);
    }
    return [label, total / 1000 / (span / 1e6)];
  });
  return { rows, frames: summary(frames) };
}

async function seekBench(page, base, text) {
  const loadStart = Date.now();
  await page.goto(`${base}#run=${text}`);
  await page.waitForFunction(
    () => /^step (\d+) of \1$/.test(document.querySelector("paxos-playground")?.shadowRoot?.getElementById("timeline-position").textContent),
    null,
    { timeout: 120_000 },
  );
  const loadSeconds = (Date.now() - loadStart) / 1000;
  const length = Number(await page.locator("#timeline").getAttribute("max"));
  const events = await page.locator("#log > li").count();
  return page.evaluate(
    async ({ length, count, loadSeconds, events, text }) => {
      const inside = (id) => document.querySelector("paxos-playground").shadowRoot.getElementById(id);
      const slider = inside("timeline");
      // What a user's drag does: set the value, fire input. Timed with the style and layout it
      // causes (offsetHeight forces them), not the paint.
      const seek = (position) => {
        slider.value = String(position);
        const start = performance.now();
        slider.dispatchEvent(new Event("input", { bubbles: true }));
        void document.body.offsetHeight;
        return performance.now() - start;
      };
      let seed = 12345;
      const random = () => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed / 2147483648;
      };
      const rows = { random: [], back: [], toEnd: [], toStart: [] };
      for (let i = 0; i < count; i++) rows.random.push(seek(Math.floor(random() * (length + 1))));
      for (let i = 0; i < Math.max(3, count / 8); i++) {
        seek(length);
        rows.back.push(seek(length - 1));
        seek(0);
        rows.toEnd.push(seek(length));
        rows.toStart.push(seek(0));
      }
      seek(length);

      // The same seeks on the wasm core alone (a second handle on the same run, from the page's
      // own module), to tell the core's share from the DOM's.
      const { Playground } = await import(new URL("../pkg/paxos_playground.js", document.baseURI + "www/").href);
      const core = Playground.fromRun(text);
      const timeCore = (position, withState, withLog) => {
        const start = performance.now();
        core.seek(position);
        if (withState) core.state();
        if (withLog) core.log(0);
        return performance.now() - start;
      };
      seed = 12345;
      const positions = Array.from({ length: count }, () => Math.floor(random() * (length + 1)));
      const coreRows = { seek: [], state: [], log: [] };
      for (const p of positions) coreRows.seek.push(timeCore(p, false, false));
      for (const p of positions) coreRows.state.push(timeCore(p, true, false));
      for (const p of positions) coreRows.log.push(timeCore(p, true, true));
      core.free();
      const error = inside("error").hidden ? null : inside("error").textContent;
      return { length, events, loadSeconds, rows, coreRows, error };
    },
    { length, count: seekCount, loadSeconds, events, text },
  );
}

async function main() {
  const { base, server } = await serve(root, "index.html");
  let browser;
  const thrown = [];
  try {
    browser = await chromium.launch(CHROMIUM);
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    await context.addInitScript(instrument);
    const page = await context.newPage();
    page.on("pageerror", (error) => thrown.push(error.message));

    const f = await frameBench(page, base);
    const frames = summary(f.frames);
    const work = summary(f.work);
    const load = summary(f.inFlight);
    console.log(`\nPage frame time (headless Chromium, ${f.nodes} nodes, speed ${f.speed}, ${seconds} s of Play)\n`);
    console.log(`  load: ${f.before} messages in flight (${HELD} held) after ${f.clicks} clicks on Duplicate/Hold (${f.buildSeconds.toFixed(1)} s)`);
    console.log(`  in flight while playing: min ${Math.min(...f.inFlight)}, median ${load.p50}, max ${load.max}; at the end ${f.step}${f.playing ? ", still playing" : ", STOPPED playing"}`);
    console.log();
    console.log(`  ${"".padEnd(34)} ${"frames".padStart(7)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"max ms".padStart(8)} ${"p95/17 ms".padStart(10)}`);
    console.log(`  ${"frame duration (rAF to rAF)".padEnd(34)} ${String(frames.n).padStart(7)} ${ms(frames.p50).padStart(8)} ${ms(frames.p95).padStart(8)} ${ms(frames.max).padStart(8)} ${(frames.p95 / FRAME_BUDGET_MS).toFixed(2).padStart(10)}`);
    console.log(`  ${"page's frame work (rAF callbacks)".padEnd(34)} ${String(work.n).padStart(7)} ${ms(work.p50).padStart(8)} ${ms(work.p95).padStart(8)} ${ms(work.max).padStart(8)} ${(work.p95 / FRAME_BUDGET_MS).toFixed(2).padStart(10)}`);
    console.log(`\n  frames over 17 ms: ${f.frames.filter((d) => d > FRAME_BUDGET_MS).length} of ${frames.n}; long animation frames (> 50 ms): ${f.longFrames.length}`);
    console.log(`  p95 frame ${ms(frames.p95)} ms = ${(frames.p95 / FRAME_BUDGET_MS).toFixed(2)} x the 17 ms budget (machine load ${loadavg()})`);
    if (f.error) console.log(`  the page showed an error: ${f.error}`);

    if (trace) {
      const t = await traceFrames(browser, page);
      console.log(`\nWhere the time goes (${seconds} s more of Play under Chromium's tracer, which slows it: frame p95 ${ms(t.frames.p95)} ms meanwhile)\n`);
      for (const [label, perSecond] of t.rows) console.log(`  ${label.padEnd(40)} ${perSecond.toFixed(0).padStart(5)} ms/s`);
      console.log(`  (machine load ${loadavg()})`);
    }

    if (seekRunFile) {
      const text = readFileSync(seekRunFile, "utf8").trim();
      const seekPage = await context.newPage(); // a fresh document: a new fragment alone would not reload
      seekPage.on("pageerror", (error) => thrown.push(error.message));
      const s = await seekBench(seekPage, base, text);
      console.log(`\nPage seek (the timeline scrubber on a run of ${s.length} actions, ${s.events} events; opened from its link in ${s.loadSeconds.toFixed(1)} s)\n`);
      console.log(`  ${"seek (wasm + DOM + style/layout)".padEnd(34)} ${"runs".padStart(6)} ${"p50 ms".padStart(8)} ${"max ms".padStart(8)} ${"max/50 ms".padStart(10)}`);
      const names = { random: "random position", back: "back one step from the end", toEnd: "from 0 to the end", toStart: "from the end to 0" };
      let worst = 0;
      for (const [key, label] of Object.entries(names)) {
        const r = summary(s.rows[key]);
        worst = Math.max(worst, r.max);
        console.log(`  ${label.padEnd(34)} ${String(r.n).padStart(6)} ${ms(r.p50).padStart(8)} ${ms(r.max).padStart(8)} ${(r.max / SEEK_BUDGET_MS).toFixed(2).padStart(10)}`);
      }
      const coreNames = { seek: "wasm seek alone", state: "wasm seek + state()", log: "wasm seek + state() + log(0)" };
      console.log();
      for (const [key, label] of Object.entries(coreNames)) {
        const r = summary(s.coreRows[key]);
        console.log(`  ${label.padEnd(34)} ${String(r.n).padStart(6)} ${ms(r.p50).padStart(8)} ${ms(r.max).padStart(8)} ${(r.max / SEEK_BUDGET_MS).toFixed(2).padStart(10)}`);
      }
      console.log(`\n  worst page seek ${ms(worst)} ms = ${(worst / SEEK_BUDGET_MS).toFixed(2)} x the 50 ms budget (machine load ${loadavg()})`);
      if (s.error) console.log(`  the page showed an error: ${s.error}`);
    }
  } finally {
    await browser?.close();
    server.kill("SIGTERM");
  }
  if (thrown.length > 0) {
    console.error(`\nbench-frames: the page threw ${thrown.length} error(s):\n  ${thrown.join("\n  ")}`);
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(`bench-frames: ${error.stack ?? error}`);
  process.exit(1);
});
