// Reads a <paxos-playground> element's attributes (or embed.html's query parameters, which are
// the same names) into options, with one plain-words error per bad attribute. Pure: no DOM,
// no wasm. Ranges the core owns (how many acceptors, how long a value) are checked by the
// core when the run starts; what only the page knows (names, numbers' syntax) is checked here.

/** How much of the controls to show. */
export const CONTROLS = ["full", "minimal", "none"];
/** The panels an element can show, in page order. */
export const PANELS = ["ring", "diagram", "pseudocode", "log", "invariants"];
/** Color themes; "auto" follows the reader's system setting. */
export const THEMES = ["light", "dark", "auto"];
/**
 * Every attribute the element reads (loading only matters before it starts: see
 * www/paxos-playground.js).
 */
export const ATTRIBUTES = [
  "scenario", "acceptors", "proposers", "values", "seed", "autoplay", "speed",
  "controls", "panels", "height", "theme", "run", "loading",
];
/** Speeds the speed slider allows, in ticks per second. */
export const SPEED = { min: 0.5, max: 10, default: 2 };
/** Cluster settings when a form field or an attribute gives none (the settings form starts with them). */
export const DEFAULT_SETTINGS = {
  acceptors: 3, proposers: 2, values: ["Hello", "World"], separateLearners: false,
  delayMin: 2, delayMax: 5, lossPercent: 0, duplicatePercent: 0, retryTimeout: 24, retryBackoff: 8,
};

const LENGTH = /^(\d+(?:\.\d+)?)(px|em|rem|vh|svh|dvh)?$/;
const WHOLE = /^\d+$/;

/**
 * Reads the options from `get(name)` (null when the attribute is absent).
 * `scenarioNames` are the scenarios the core offers.
 *
 * Returns `{ view, start, autoplay, errors }`:
 * - `view`: `{ controls, panels, theme, height, speed }`, defaults where an attribute is bad;
 * - `start`: how to start the run: `{ run }`, `{ settings, seed }` or `{ scenario, seed }`,
 *   or null when the attributes that choose it are bad (the element keeps what it shows);
 * - `errors`: `[{ attribute, message }]`, each message saying what is allowed.
 */
export function readOptions(get, scenarioNames) {
  const errors = [];
  const fail = (attribute, message) => errors.push({ attribute, message });
  const shown = (name) => JSON.stringify(get(name));

  const view = { controls: "minimal", panels: [...PANELS], theme: "light", height: null, speed: SPEED.default };
  const controls = get("controls");
  if (controls !== null) {
    if (CONTROLS.includes(controls.trim())) view.controls = controls.trim();
    else fail("controls", `controls=${shown("controls")} is not one of ${CONTROLS.join(", ")}.`);
  }
  const panels = get("panels");
  if (panels !== null) {
    const names = panels.split(/[\s,]+/).filter(Boolean);
    const unknown = names.filter((name) => !PANELS.includes(name));
    if (names.length === 0) {
      fail("panels", `panels is empty: choose one or more of ${PANELS.join(", ")}, separated by spaces or commas.`);
    } else if (unknown.length > 0) {
      fail("panels", `panels=${shown("panels")}: ${unknown.map((n) => JSON.stringify(n)).join(", ")} ${unknown.length > 1 ? "are" : "is"} not a panel. Panels: ${PANELS.join(", ")}, separated by spaces or commas.`);
    } else {
      view.panels = PANELS.filter((name) => names.includes(name));
    }
  }
  const theme = get("theme");
  if (theme !== null) {
    if (THEMES.includes(theme.trim())) view.theme = theme.trim();
    else fail("theme", `theme=${shown("theme")} is not one of ${THEMES.join(", ")}.`);
  }
  const height = get("height");
  if (height !== null) {
    const match = LENGTH.exec(height.trim());
    if (match && Number(match[1]) > 0) view.height = match[2] ? height.trim() : `${match[1]}px`;
    else fail("height", `height=${shown("height")} is not a height: write a number of pixels such as 600, or a length in px, em, rem or vh such as 40rem.`);
  }
  const speed = get("speed");
  if (speed !== null) {
    const value = Number(speed);
    if (speed.trim() !== "" && value >= SPEED.min && value <= SPEED.max) view.speed = value;
    else fail("speed", `speed=${shown("speed")} is not a speed: write ticks per second from ${SPEED.min} to ${SPEED.max}.`);
  }

  const loading = get("loading");
  if (loading !== null && !["lazy", "eager"].includes(loading.trim())) {
    fail("loading", `loading=${shown("loading")} is not one of lazy, eager.`);
  }

  const autoplay = get("autoplay");
  const play = autoplay !== null && !["false", "no", "off", "0"].includes(autoplay.trim().toLowerCase());

  const start = readStart(get, scenarioNames, fail, shown);
  return { view, start, autoplay: play, errors };
}

/** How to start the run: a shared run, a cluster from settings, or a scenario (default: the article's). */
function readStart(get, scenarioNames, fail, shown) {
  let broken = false;
  const bad = (attribute, message) => {
    broken = true;
    fail(attribute, message);
  };
  const seedText = get("seed");
  let seed;
  if (seedText !== null) {
    if (WHOLE.test(seedText.trim()) && Number.isSafeInteger(Number(seedText.trim()))) seed = Number(seedText.trim());
    else bad("seed", `seed=${shown("seed")} is not a seed: write a whole number from 0 to 9007199254740991.`);
  }
  const settingNames = ["acceptors", "proposers", "values"].filter((name) => get(name) !== null);
  const run = get("run");
  if (run !== null) {
    const others = ["scenario", "seed", ...settingNames].filter((name) => get(name) !== null);
    if (others.length > 0) {
      bad("run", `run already holds its cluster, seed and steps: leave out ${others.join(", ")}, or leave out run.`);
      return null;
    }
    const text = runText(run);
    if (!text) bad("run", "run is empty: paste the text after #run= in a shared link, or the whole link.");
    return broken ? null : { run: text };
  }
  if (settingNames.length > 0) {
    if (get("scenario") !== null) {
      bad("scenario", `scenario and ${settingNames.join(", ")} both choose the cluster: use a scenario, or acceptors, proposers and values, not both.`);
      return null;
    }
    const settings = {};
    for (const name of ["acceptors", "proposers"]) {
      const text = get(name);
      if (text === null) continue;
      if (WHOLE.test(text.trim())) settings[name] = Number(text.trim());
      else bad(name, `${name}=${shown(name)} is not a whole number.`);
    }
    const values = get("values");
    if (values !== null) settings.values = values.split(",").map((v) => v.trim());
    return broken ? null : { settings, seed };
  }
  const scenario = get("scenario")?.trim() ?? "article";
  if (!scenarioNames.includes(scenario)) {
    bad("scenario", `scenario=${shown("scenario")} is not a scenario. Scenarios: ${scenarioNames.join(", ")}.`);
  }
  return broken ? null : { scenario, seed };
}

/** The run text in a `run` attribute: the text itself, `#run=...`, or a whole shared link. */
export function runText(value) {
  const trimmed = value.trim();
  const at = trimmed.indexOf("#run=");
  const text = at >= 0 ? trimmed.slice(at + "#run=".length) : trimmed;
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // not percent-encoded: the core says what is wrong with it
  }
}
