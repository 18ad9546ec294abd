// How long a running breadth-first search may still take, and whether it will likely stop at
// its state limit, from nothing but its progress reports. Pure functions: the Verify panel
// feeds them the worker's reports, and e2e/estimate.test.mjs feeds them made-up ones.
//
// A report is `{ distinctStates, explored, depth, seconds }`: states found, states whose
// successors were generated (the rest wait in the queue), the deepest level found (the initial
// states are level 1) and the seconds since the search began.
//
// Breadth-first search explores level by level, so the natural measure of growth is the
// ratio of one level's size to the one before: above 1 the waiting states grow, below 1 they
// shrink. It is read from the reports: when `depth` first reads d + 1, level d - 1 is done
// (every state of level d is found, and the search starts exploring level d). While a level
// is explored, the states found per state explored (new ÷ explored since its start) is its
// ratio so far. In the searches measured (docs/CHECKER.md, "Time left"), the ratios rise to
// about 1.5-2 and then fall by 0.1-0.3 a level until the search ends; the projection assumes
// that fall goes on at the pace seen over the last few levels.

/** A level's ratio is read once this share of it is explored (before, the previous one). */
const LEVEL_SHARE_READ = 0.2;
/** How many of the latest level ratios the fall is fitted over. */
const LEVELS_FITTED = 4;
/**
 * A fall of the level ratio per level faster than any seen while a measured search wound down
 * (at most 0.30 there, over levels of 20,000 states or more): "the limit will likely be
 * reached" is said of a growing search only when even a fall this fast goes past the limit.
 */
export const FASTEST_FALL = 0.35;
/** Seconds of reports over which the search's pace (seconds per state explored) is read. */
const PACE_SECONDS = 4;
/** No projection before this many reports or this many states explored. */
const MIN_REPORTS = 4;
const MIN_EXPLORED = 2000;

/**
 * The levels seen so far: for each level whose exploring has begun, where it begins among the
 * explored states and how many states it has (all found once its exploring begins).
 * @returns {{ level: number, start: number, size: number }[]}
 */
export function levels(reports) {
  // Where exploring of each level began: between the last report with a smaller depth and the
  // first with this one (the midpoint), and the states found by then (everything up to and
  // including the level, plus a few of the next, which the midpoint roughly halves).
  const begins = [];
  // The first report's levels began somewhere before it: only changes seen between two
  // reports are placed.
  for (let i = 1; i < reports.length; i++) {
    const report = reports[i];
    const previous = reports[i - 1];
    if (report.depth === previous.depth) continue;
    // Exploring level depth - 1 began: the levels skipped between two reports merge into it.
    begins.push({
      level: report.depth - 1,
      explored: (previous.explored + report.explored) / 2,
      found: (previous.distinctStates + report.distinctStates) / 2,
    });
  }
  return begins.map((begin) => ({ level: begin.level, start: begin.explored, size: begin.found - begin.explored }));
}

/**
 * Where the search is heading, from its progress reports so far (oldest first) and its state
 * limit. One of:
 * - `{ kind: "starting" }`: too few reports to say anything;
 * - `{ kind: "growing", ratio, secondsToLimit }`: the waiting states still grow (the level
 *   ratio is 1 or more), so no honest figure for the time left exists yet, nor is the limit
 *   likely yet; `secondsToLimit` (or undefined) is when the projection would pass it;
 * - `{ kind: "finishing", ratio, secondsLeft, totalStates }`: the waiting states shrink, and
 *   the search should end after about `totalStates` states in about `secondsLeft` seconds;
 * - `{ kind: "limit", ratio, secondsToLimit, totalStates }`: the projection passes `maxStates`
 *   (at `totalStates` or more), so the search will likely stop there, without a verdict, in
 *   about `secondsToLimit` seconds.
 */
export function project(reports, maxStates) {
  const last = reports.at(-1);
  if (!last || reports.length < MIN_REPORTS || last.explored < MIN_EXPLORED) return { kind: "starting" };
  const seen = levels(reports);
  const current = seen.at(-1);
  if (!current) return { kind: "starting" };
  // The current level's ratio: states of the next level found per state of this one explored.
  const exploredHere = last.explored - current.start;
  const foundNext = last.distinctStates - (current.start + current.size);
  const ratios = [];
  for (let i = 1; i < seen.length; i++) {
    if (seen[i].level === seen[i - 1].level + 1 && seen[i - 1].size > 0) ratios.push(seen[i].size / seen[i - 1].size);
  }
  const readHere = current.size > 0 && exploredHere >= LEVEL_SHARE_READ * current.size;
  if (readHere) ratios.push(foundNext / exploredHere);
  if (ratios.length === 0) return { kind: "starting" };
  const fall = Math.max(0, fittedFall(ratios.slice(-LEVELS_FITTED)));
  // Too little of this level explored to read its ratio: the last one, fallen as they fall.
  const lastRead = ratios.at(-1);
  const ratio = readHere ? lastRead : Math.max(0, lastRead - fall);
  const pace = secondsPerExplored(reports);
  // The next level: as the ratio says, but never fewer than already found.
  const next = Math.max(foundNext, ratio * current.size);
  const fitted = walk(current.start, current.size, next, ratio, fall, maxStates);
  // When the fitted projection passes the limit: the states explored by then, and the time.
  // Within the level being explored, the recent pace of finding states says it better (a
  // level's first states find more new ones than its last, whose successors are mostly known).
  let secondsToLimit;
  if (fitted.exploredAtLimit !== undefined) {
    secondsToLimit = fitted.exploredAtLimit <= current.start + current.size
      ? (maxStates - last.distinctStates) / foundPerSecond(reports)
      : Math.max(0, fitted.exploredAtLimit - last.explored) * pace;
  }
  if (ratio >= 1) {
    // Still growing: the limit is likely only if even the fastest fall seen goes past it.
    // (From the last ratio read: the fastest fall begins after the level being explored.)
    const nextRead = Math.max(foundNext, lastRead * current.size);
    const fastest = walk(current.start, current.size, nextRead, lastRead, Math.max(fall, FASTEST_FALL), maxStates);
    if (fastest.total < maxStates) return { kind: "growing", ratio, secondsToLimit };
  } else if (fitted.total < maxStates) {
    const secondsLeft = Math.max(0, fitted.total - last.explored) * pace;
    return { kind: "finishing", ratio, totalStates: Math.round(fitted.total), secondsLeft };
  }
  return {
    kind: "limit",
    ratio,
    totalStates: fitted.total,
    // A projection that grows without end never names the moment: the pace of finding states.
    secondsToLimit: secondsToLimit ?? ((maxStates - last.distinctStates) / Math.max(ratio, 1)) * pace,
  };
}

/**
 * The projected end of a search that has found every state up to the level it explores (that
 * level begins at `start` among the explored states and has `size` states) and will find `next`
 * states in the next level, whose level ratio is `ratio`, falling by `fall` a level: `{ total }`
 * states in all (stopping once past `maxStates`), and, when the total passes `maxStates`, the
 * states explored by then (`exploredAtLimit`).
 */
function walk(start, size, next, ratio, fall, maxStates) {
  let total = start + size; // found: every state up to the level being explored
  let levelRatio = ratio;
  for (let step = 0; step < 1000; step++) {
    if (total + next >= maxStates) {
      // The limit falls while this level is explored, finding the next at its ratio.
      const needed = maxStates - total;
      return { total: total + next, exploredAtLimit: start + (needed / next) * size };
    }
    total += next;
    start += size;
    size = next;
    levelRatio -= fall;
    if (levelRatio <= 0 || size < 1) return { total };
    next = size * levelRatio;
  }
  // The ratio stays at 1 or more: the search grows without end.
  return { total: Infinity };
}

/** How fast the level ratios fall per level (negative when they rise): a least-squares slope. */
function fittedFall(ratios) {
  if (ratios.length < 2) return 0;
  const n = ratios.length;
  const meanX = (n - 1) / 2;
  const meanY = ratios.reduce((sum, r) => sum + r, 0) / n;
  let covariance = 0;
  let variance = 0;
  ratios.forEach((r, x) => {
    covariance += (x - meanX) * (r - meanY);
    variance += (x - meanX) ** 2;
  });
  return -covariance / variance;
}

/** The report a few seconds before the last (or the first). */
function recentReport(reports) {
  const last = reports.at(-1);
  let i = reports.length - 1;
  while (i > 0 && last.seconds - reports[i].seconds < PACE_SECONDS) i--;
  return reports[i];
}

/** Seconds per state explored over the last few seconds of reports. */
function secondsPerExplored(reports) {
  const last = reports.at(-1);
  const first = recentReport(reports);
  const explored = last.explored - first.explored;
  return explored > 0 ? (last.seconds - first.seconds) / explored : last.seconds / Math.max(1, last.explored);
}

/** States found per second over the last few seconds of reports. */
function foundPerSecond(reports) {
  const last = reports.at(-1);
  const first = recentReport(reports);
  const seconds = last.seconds - first.seconds;
  return seconds > 0 ? (last.distinctStates - first.distinctStates) / seconds : last.distinctStates / Math.max(1e-3, last.seconds);
}

/** The kind shown changes once this many projections in a row agree on another. */
const CONFIRM = 3;
/** A limit warning is withdrawn only by projections ending below this share of the limit. */
const WITHDRAW_BELOW = 0.9;
/** How far each new projection moves the shown end time (the rest is the shown one). */
const SMOOTHING = 0.3;

/**
 * What the panel shows, kept steady from one projection to the next: `previous` is what it
 * showed (null at first), `projection` the latest from `project`, `seconds` the time of its
 * last report, `maxStates` the limit. Returns `{ kind, endsAt, candidate, streak }`: `kind` is
 * the projections' kind once `CONFIRM` of them in a row agree on it, except that a limit
 * warning, once given, stays until projections finishing clearly below the limit (under 90%
 * of it) take over, so that a search ending near its limit does not warn and unwarn by turns
 * (a growing projection does not contradict it either); `endsAt` (seconds since the search began) is when the search should end or reach the
 * limit, a moving average, so that the time shown does not jump with each report.
 */
export function steady(previous, projection, seconds, maxStates = Infinity) {
  const before = previous ?? { kind: "starting", endsAt: undefined, candidate: "starting", streak: 0 };
  // A warning given is withdrawn only by projections that end clearly below the limit, and
  // not by growing ones (which do not contradict it).
  const near = before.kind === "limit" && projection.kind === "finishing" && !(projection.totalStates < WITHDRAW_BELOW * maxStates);
  const candidate = near ? "near the limit" : projection.kind;
  const streak = candidate === before.candidate ? before.streak + 1 : 1;
  const agreed = streak >= CONFIRM && !near && !(before.kind === "limit" && candidate === "growing");
  const kind = agreed ? projection.kind : before.kind;
  const left = kind === "limit" ? projection.secondsToLimit : kind === "finishing" ? projection.secondsLeft : undefined;
  let endsAt = kind === before.kind ? before.endsAt : undefined; // kept through a projection without a time
  if (left !== undefined && Number.isFinite(left) && projection.kind !== "starting") {
    const target = seconds + left;
    endsAt = endsAt === undefined ? target : endsAt + SMOOTHING * (target - endsAt);
  }
  return { kind, endsAt, candidate, streak };
}

/** A rough duration for people: "a few seconds", "about 40 s", "about a minute", "about 3 min". */
export function roughDuration(seconds) {
  if (seconds < 10) return "a few seconds";
  if (seconds < 50) return `about ${Math.round(seconds / 5) * 5} s`;
  if (seconds < 90) return "about a minute";
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min`;
  return "more than an hour";
}

/**
 * The estimate line for what `steady` returned, `seconds` into the search: one sentence, which
 * says it is an estimate; empty before there is anything to say.
 */
export function estimateText(shown, seconds) {
  const left = shown.endsAt === undefined ? undefined : Math.max(0, shown.endsAt - seconds);
  switch (shown.kind) {
    case "growing":
      return "Time left: still growing, no estimate yet (the states waiting to be explored are still increasing).";
    case "finishing":
      return left === undefined ? "" : `Time left: ${roughDuration(left)} (an estimate: the states waiting to be explored are shrinking).`;
    case "limit":
      return left === undefined
        ? "Time left: likely to reach the state limit (an estimate)."
        : `Time left: likely to reach the state limit in ${roughDuration(left)} at the current pace (an estimate: a search often slows as it grows).`;
    default:
      return "";
  }
}
