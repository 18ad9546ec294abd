// Unit tests of www/estimate.js, the Verify panel's time-left estimate (pure: no DOM, no wasm),
// with Node's test runner: `node --test e2e/estimate.test.mjs` (the page suite runs it). The
// progress reports are made up here from level sizes, as a breadth-first search would send
// them: every `every` states explored, `{ distinctStates, explored, depth, seconds }`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { levels, project, steady, estimateText, roughDuration, FASTEST_FALL } from "../www/estimate.js";

/**
 * The reports of a breadth-first search whose levels have `sizes` states (level 1 first),
 * exploring one state every `secondsPerState`. While level L is explored, the states of level
 * L + 1 are found evenly, and the deepest level found is L + 1.
 */
function bfsReports(sizes, { every = 1000, secondsPerState = 1e-5 } = {}) {
  const starts = [0];
  for (const size of sizes) starts.push(starts.at(-1) + size);
  const total = starts.at(-1);
  const reports = [];
  for (let explored = every; explored <= total; explored += every) {
    // The level being explored: the last whose start is below `explored`.
    let level = 0;
    while (starts[level + 1] < explored) level++;
    const done = (explored - starts[level]) / sizes[level];
    const next = sizes[level + 1] ?? 0;
    reports.push({
      distinctStates: Math.round(starts[level + 1] + done * next),
      explored,
      depth: next > 0 ? level + 2 : level + 1,
      seconds: explored * secondsPerState,
    });
  }
  return { reports, total, lastStart: starts.at(-2) };
}

/** Level sizes from `first`, each `ratio` times the one before, the ratio changing by `step`. */
function levelSizes(first, ratio, step, count) {
  const sizes = [first];
  for (let i = 1; i < count; i++) {
    sizes.push(Math.max(1, Math.round(sizes.at(-1) * ratio)));
    ratio += step;
  }
  return sizes;
}

// A search that grows (ratio 1.8) and then shrinks (the ratio falls by 0.2 a level) to its end.
const FINITE = levelSizes(2000, 1.8, -0.2, 14);

test("the levels are read back from the reports: where each begins and its size", () => {
  const sizes = [5200, 10100, 20000, 15000, 5000];
  const { reports } = bfsReports(sizes, { every: 500 });
  const seen = levels(reports);
  // Level 1 began before the first report, so it is not placed; nor is the last, whose
  // exploring finds no deeper level (a real search cannot see it either). The others are,
  // between the two reports around their start (half a report apart at most).
  assert.deepEqual(seen.map((l) => l.level), [2, 3, 4]);
  const starts = [5200, 15300, 35300];
  seen.forEach((l, i) => {
    assert.ok(Math.abs(l.start - starts[i]) <= 150, `level ${l.level} starts near ${starts[i]}, not ${l.start}`);
    assert.ok(Math.abs(l.size - sizes[i + 1]) <= 500, `level ${l.level} has about ${sizes[i + 1]} states, not ${l.size}`);
  });
});

test("too few reports: no projection yet", () => {
  const { reports } = bfsReports(FINITE);
  assert.equal(project([], 1e6).kind, "starting");
  assert.equal(project(reports.slice(0, 2), 1e6).kind, "starting");
});

test("a shrinking frontier gives a finite estimate, which falls as the search goes on", () => {
  const { reports, total } = bfsReports(FINITE, { secondsPerState: 1e-3 });
  const end = reports.at(-1).seconds; // 53 s
  // Once the level ratio is below 1 (from level 6, 60% of the way), at points after that.
  const estimates = [];
  for (const share of [0.65, 0.7, 0.75, 0.8, 0.9]) {
    const n = Math.round(share * reports.length);
    const p = project(reports.slice(0, n), 10 * total);
    assert.equal(p.kind, "finishing", `at ${share} of the search: ${JSON.stringify(p)}`);
    assert.ok(Number.isFinite(p.secondsLeft) && p.secondsLeft > 0);
    const actual = end - reports[n - 1].seconds;
    // Close to the truth: the levels fall exactly as the projection assumes.
    assert.ok(Math.abs(p.secondsLeft - actual) <= 0.25 * actual + 2, `at ${share}: ${p.secondsLeft} s left, truly ${actual} s`);
    assert.ok(Math.abs(p.totalStates - total) <= 0.1 * total, `projected ${p.totalStates} states, truly ${total}`);
    estimates.push(p.secondsLeft);
  }
  for (let i = 1; i < estimates.length; i++) assert.ok(estimates[i] < estimates[i - 1], `falling: ${estimates}`);
});

test("while the frontier still grows, no time is given, and no warning far from the limit", () => {
  // Ratio 1.6, steady: waiting states grow with each level; the limit is far beyond. (The
  // reports stop before the last level, where a made-up search would end at once.)
  const { reports, lastStart } = bfsReports(levelSizes(1000, 1.6, 0, 9));
  const running = reports.filter((r) => r.explored < lastStart);
  const p = project(running, 1e9);
  assert.equal(p.kind, "growing");
  assert.equal(p.secondsLeft, undefined);
  assert.ok(p.ratio >= 1.5 && p.ratio <= 1.7, `ratio ${p.ratio}`);
  let shown = null;
  for (let i = 0; i < 3; i++) shown = steady(shown, p, running.at(-1).seconds);
  assert.match(estimateText(shown, running.at(-1).seconds), /still growing, no estimate yet/);
});

test("a projection over the limit warns early, with the time to the limit", () => {
  // Steady growth (ratio 2): the limit of 1,000,000 is passed at level 10 or so.
  const sizes = levelSizes(1000, 2, 0, 12);
  const { reports } = bfsReports(sizes, { secondsPerState: 1e-5 });
  const max = 1_000_000;
  const beforeLimit = reports.filter((r) => r.distinctStates < max);
  const atLimit = beforeLimit.at(-1).seconds;
  // The first report from which the projection says "limit" for good.
  let first = null;
  for (let n = 1; n <= beforeLimit.length; n++) {
    const p = project(beforeLimit.slice(0, n), max);
    if (p.kind === "limit") first ??= n;
    else first = null;
  }
  assert.ok(first !== null, "the limit is projected");
  const firstReport = beforeLimit[first - 1];
  assert.ok(firstReport.distinctStates < max / 4, `warned at ${firstReport.distinctStates} states, early`);
  const p = project(beforeLimit.slice(0, first), max);
  assert.ok(p.totalStates >= max);
  const actual = atLimit - firstReport.seconds;
  assert.ok(Math.abs(p.secondsToLimit - actual) <= 0.3 * actual, `${p.secondsToLimit} s to the limit, truly ${actual} s`);
});

test("a growing search is not said to reach a limit that even the fastest fall seen keeps it under", () => {
  // Growth that stops, falling by the fastest measured pace: it ends under the limit.
  const sizes = levelSizes(1000, 1.8, -FASTEST_FALL, 10);
  const { reports, total } = bfsReports(sizes);
  const max = Math.round(1.5 * total);
  for (let n = 1; n <= reports.length; n++) assert.notEqual(project(reports.slice(0, n), max).kind, "limit", `report ${n}`);
  // And with a limit below where it ends, it is.
  const low = Math.round(0.6 * total);
  const kinds = bfsReports(sizes).reports.filter((r) => r.distinctStates < low).map((_, n, all) => project(all.slice(0, n + 1), low).kind);
  assert.ok(kinds.includes("limit"), kinds.join());
});

/** What `steady` shows after each projection of `sequence`, one a second. */
function shownAfter(sequence) {
  let shown = null;
  return sequence.map((projection, i) => (shown = steady(shown, projection, i + 1)));
}

const LIMIT = { kind: "limit", ratio: 1.8, totalStates: 3e6, secondsToLimit: 60 };
const GROWING = { kind: "growing", ratio: 1.7 };
const FINISHING = { kind: "finishing", ratio: 0.8, totalStates: 9e5, secondsLeft: 20 };

test("steady: a kind is shown once three projections in a row agree on it", () => {
  const kinds = shownAfter([FINISHING, GROWING, GROWING, GROWING, FINISHING, FINISHING, GROWING, FINISHING, FINISHING, FINISHING]).map((s) => s.kind);
  assert.deepEqual(kinds, ["starting", "starting", "starting", "growing", "growing", "growing", "growing", "growing", "growing", "finishing"]);
});

test("steady: the limit warning stays through growing projections, and gives way to finishing ones", () => {
  const shown = shownAfter([GROWING, GROWING, GROWING, LIMIT, LIMIT, LIMIT, GROWING, GROWING, GROWING, GROWING, FINISHING, FINISHING, FINISHING]);
  assert.deepEqual(shown.map((s) => s.kind), [
    "starting", "starting", "growing", "growing", "growing", "limit",
    "limit", "limit", "limit", "limit", "limit", "limit", "finishing",
  ]);
  assert.equal(shown[5].endsAt, 6 + 60, "the limit in 60 s, from the sixth second");
  assert.equal(shown[9].endsAt, 66, "kept through the growing projections");
  assert.equal(shown[12].endsAt, 13 + 20, "a new kind starts its own time");
});

test("steady: a search projected to end near its limit keeps the warning given", () => {
  const near = { kind: "finishing", ratio: 0.8, totalStates: 1.9e6, secondsLeft: 20 };
  const clear = { kind: "finishing", ratio: 0.8, totalStates: 1.7e6, secondsLeft: 20 };
  let shown = null;
  const kinds = [LIMIT, LIMIT, LIMIT, near, near, near, near, clear, clear, clear].map((p, i) => (shown = steady(shown, p, i + 1, 2e6)).kind);
  assert.deepEqual(kinds, ["starting", "starting", "limit", "limit", "limit", "limit", "limit", "limit", "limit", "finishing"]);
});

test("steady: the time shown moves part of the way toward each new projection", () => {
  const at = (secondsLeft) => ({ kind: "finishing", ratio: 0.8, totalStates: 9e5, secondsLeft });
  const shown = shownAfter([at(40), at(40), at(40), at(61)]);
  assert.equal(shown[2].endsAt, 43); // third second, 40 s left
  assert.equal(shown[3].endsAt, 43 + 0.3 * (4 + 61 - 43)); // says 65: moves 30% of the way
  assert.equal(estimateText(shown[3], 4), "Time left: about 45 s (an estimate: the states waiting to be explored are shrinking).");
});

test("the words: rough durations, and each kind says what it is", () => {
  assert.equal(roughDuration(4), "a few seconds");
  assert.equal(roughDuration(9), "a few seconds");
  assert.equal(roughDuration(12), "about 10 s");
  assert.equal(roughDuration(38), "about 40 s");
  assert.equal(roughDuration(70), "about a minute");
  assert.equal(roughDuration(200), "about 3 min");
  assert.equal(roughDuration(5000), "more than an hour");
  assert.equal(estimateText({ kind: "starting" }, 1), "");
  assert.equal(estimateText({ kind: "limit", endsAt: 100 }, 10), "Time left: likely to reach the state limit in about 2 min at the current pace (an estimate: a search often slows as it grows).");
  assert.match(estimateText({ kind: "finishing", endsAt: 30 }, 10), /^Time left: about 20 s \(an estimate/);
});
