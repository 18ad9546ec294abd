// Verify on the "Two proposers" scenario in the page, against the same search natively, run by
// `npm run bench` (scripts/bench.sh):
//   node e2e/bench-verify.mjs [--quick] [--repeats 3]
//
// The page (index.html in Debian's headless Chromium) selects the scenario (3 acceptors; P and Q
// propose "Hello" and "World" and learn), keeps the Verify form's defaults (1 round per
// proposer, no loss, no duplication, no crash, the exact reductions on) and presses Verify, as
// a user does; the time to verdict is the one the panel shows ("in 2.1 s"), from the worker's
// own clock. The same search runs natively (the release paxos-check, one thread, same bounds and
// reductions, then without the partial-order reduction and without both). It prints:
// - time to verdict in the page (median of --repeats; --quick: 1) and states/s;
// - wasm states/s ÷ native states/s, one thread each (issue 14's target: at least 0.5);
// - what each reduction saves natively (states and seconds, plain against reduced).
// The distinct-state counts of the page and the native run must agree, and both must find no
// violation with a value chosen; otherwise it exits 1. Figures are reported, not judged.
import { chromium } from "@playwright/test";
import { CHROMIUM, serve } from "./chromium.js";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const repeatsAt = args.indexOf("--repeats");
const repeats = repeatsAt >= 0 ? Number(args[repeatsAt + 1]) : quick ? 1 : 3;
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--quick") continue;
  if (args[i] === "--repeats" && i + 1 < args.length) {
    i++;
    continue;
  }
  console.error(`bench-verify: unknown argument '${args[i]}'; use --quick or --repeats N`);
  process.exit(2);
}
if (!Number.isInteger(repeats) || repeats < 1) {
  console.error("bench-verify: --repeats must be a whole number of at least 1");
  process.exit(2);
}
const TARGET = 0.5;
const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(process.env.CARGO_TARGET_DIR) : path.join(root, "target");
const cli = path.join(targetDir, "release", "paxos-check");
const int = (n) => Math.round(n).toLocaleString("en-US");
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** paxos-check on the Two proposers cluster with `extra` options: its JSON report. */
function native(extra) {
  const out = execFileSync(cli, ["playground", "--proposers", "2", "--rounds", "1", "--threads", "1", ...extra], {
    encoding: "utf8",
  });
  return JSON.parse(out);
}

/** One Verify in the page: { states, seconds, verdict, text }. */
async function verifyInPage(page, base) {
  await page.goto(`${base}index.html`);
  await page.getByLabel("Scenario").selectOption("two-proposers");
  await page.getByRole("button", { name: "Verify", exact: true }).click();
  const result = page.locator("#verify-result");
  const done = ["holds", "violation", "limit", "error"].map((kind) => `#verify-result.${kind}`).join(", ");
  await page.waitForSelector(done, { timeout: 600_000 });
  const text = (await result.textContent()) ?? "";
  const progress = (await page.locator("#verify-progress").textContent()) ?? "";
  const states = Number(/([\d,]+) states, depth/.exec(progress)?.[1]?.replaceAll(",", ""));
  const seconds = Number(/in ([\d.]+) s/.exec(progress)?.[1]);
  const kind = await result.getAttribute("class");
  return { states, seconds, text, kind };
}

async function main() {
  if (!existsSync(cli)) {
    console.error(`bench-verify: ${path.relative(root, cli)} is missing: run 'cargo build --release --bin paxos-check' (npm run bench does)`);
    process.exit(2);
  }
  const problems = [];
  const reduced = native([]);
  const noOrder = native(["--no-partial-order"]);
  const plain = quick ? null : native(["--no-partial-order", "--no-symmetry"]);
  for (const report of [reduced, noOrder, plain].filter(Boolean)) {
    if (report.verdict !== "no violation" || !report.sometimes.every((s) => s.found)) {
      problems.push(`native ${JSON.stringify(report.options)}: ${report.verdict}`);
    }
  }

  const { base, server } = await serve(root, "index.html");
  const browser = await chromium.launch(CHROMIUM);
  const runs = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.on("pageerror", (error) => problems.push(`page: ${error.message}`));
    for (let i = 0; i < repeats; i++) {
      const run = await verifyInPage(page, base);
      if (!/holds/.test(run.kind ?? "")) problems.push(`page verdict: ${run.text}`);
      if (run.states !== reduced.distinct_states) {
        problems.push(`the page counted ${run.states} states, paxos-check ${reduced.distinct_states}`);
      }
      runs.push(run);
      console.error(`  page run ${i + 1}: ${int(run.states)} states in ${run.seconds} s`);
    }
    console.log(`\nbench-verify: Verify on "Two proposers" (3 acceptors, 2 proposers, 1 round), ${browser.version()}, load ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`);
  } finally {
    await browser.close();
    server.kill();
  }

  const seconds = median(runs.map((r) => r.seconds));
  const wasmRate = reduced.distinct_states / seconds;
  const nativeRate = reduced.distinct_states / reduced.seconds;
  console.log("| where | reductions | distinct states | generated | seconds | states/s |");
  console.log("| --- | --- | ---: | ---: | ---: | ---: |");
  console.log(`| page (wasm worker) | symmetry, partial order | ${int(reduced.distinct_states)} | - | ${seconds.toFixed(2)} | ${int(wasmRate)} |`);
  const row = (label, r) =>
    console.log(`| native, 1 thread | ${label} | ${int(r.distinct_states)} | ${int(r.generated_states)} | ${r.seconds.toFixed(2)} | ${int(r.distinct_states / r.seconds)} |`);
  row("symmetry, partial order", reduced);
  row("symmetry", noOrder);
  if (plain) row("none", plain);
  console.log(`\nTime to verdict in the page: ${seconds.toFixed(1)} s (median of ${runs.length}).`);
  console.log(`wasm states/s ÷ native states/s = ${(wasmRate / nativeRate).toFixed(2)} (target ≥ ${TARGET}).`);
  console.log(
    `Partial order saves ${(noOrder.distinct_states / reduced.distinct_states).toFixed(1)}x states and ` +
      `${(noOrder.seconds / reduced.seconds).toFixed(1)}x time natively` +
      (plain ? `; both reductions ${(plain.distinct_states / reduced.distinct_states).toFixed(1)}x states, ${(plain.seconds / reduced.seconds).toFixed(1)}x time.` : "."),
  );
  if (problems.length > 0) {
    console.error(`bench-verify: FAILED\n  ${problems.join("\n  ")}`);
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(`bench-verify: ${error.stack ?? error}`);
  process.exit(1);
});
