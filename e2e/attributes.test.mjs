// Unit tests of www/attributes.js, the element's attribute parser (pure: no DOM, no wasm), with
// Node's test runner: `node --test e2e/attributes.test.mjs` (the page suite runs it first).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readOptions, runText, PANELS, DEFAULT_SETTINGS } from "../www/attributes.js";

const SCENARIOS = ["article", "two-proposers", "dueling"];
/** readOptions over a plain object of attributes (absent ones are null, as getAttribute gives). */
const read = (attributes) => readOptions((name) => attributes[name] ?? null, SCENARIOS);
const messages = (result) => result.errors.map((e) => `${e.attribute}: ${e.message}`);

test("no attributes: the article's example, minimal controls, every panel, light, 2 ticks/s, lazy, no errors", () => {
  const result = read({});
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.start, { scenario: "article", seed: undefined });
  assert.deepEqual(result.view, { controls: "minimal", panels: PANELS, theme: "light", height: null, speed: 2 });
  assert.equal(result.autoplay, false);
});

test("good attributes are read as given", () => {
  const result = read({ scenario: " dueling ", seed: "42", controls: "full", panels: "log, ring", theme: "dark", height: "600", speed: "0.75", autoplay: "" });
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.start, { scenario: "dueling", seed: 42 });
  // Panels come out in page order, whatever order they were written in.
  assert.deepEqual(result.view, { controls: "full", panels: ["ring", "log"], theme: "dark", height: "600px", speed: 0.75 });
  assert.equal(result.autoplay, true);
  assert.equal(read({ height: "40rem" }).view.height, "40rem");
});

test("autoplay is off for false, no, off and 0, on for anything else present", () => {
  for (const off of ["false", "No", "off", "0"]) assert.equal(read({ autoplay: off }).autoplay, false, off);
  for (const on of ["", "autoplay", "true", "yes"]) assert.equal(read({ autoplay: on }).autoplay, true, on);
});

test("a cluster of one's own: acceptors, proposers and values instead of a scenario", () => {
  const result = read({ acceptors: "5", values: "Red, Blue", seed: "3" });
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.start, { settings: { acceptors: 5, values: ["Red", "Blue"] }, seed: 3 });
  // What is left out comes from the settings form's defaults (the element fills them in).
  assert.equal(DEFAULT_SETTINGS.proposers, 2);
});

test("a shared run: the text, #run=..., or a whole link, percent-encoded or not", () => {
  assert.deepEqual(read({ run: "v2.ABC" }).start, { run: "v2.ABC" });
  assert.equal(runText("#run=v2.ABC"), "v2.ABC");
  assert.equal(runText("https://example.org/paxos/index.html#run=v2.A%2DB"), "v2.A-B");
  assert.equal(runText("v2.100%"), "v2.100%"); // not percent-encoding: left for the core to judge
});

test("every bad attribute is named, with what is allowed, and falls back to its default", () => {
  const cases = [
    [{ scenario: "duel" }, /scenario="duel" is not a scenario\. Scenarios: article, two-proposers, dueling\./],
    [{ seed: "abc" }, /seed="abc" is not a seed: write a whole number from 0 to 9007199254740991\./],
    [{ seed: "-1" }, /seed="-1" is not a seed/],
    [{ acceptors: "many" }, /acceptors="many" is not a whole number\./],
    [{ controls: "some" }, /controls="some" is not one of full, minimal, none\./],
    [{ panels: "ring,foo" }, /panels="ring,foo": "foo" is not a panel\. Panels: ring, diagram, pseudocode, log, invariants/],
    [{ panels: "" }, /panels is empty: choose one or more of ring, diagram/],
    [{ theme: "blue" }, /theme="blue" is not one of light, dark, auto\./],
    [{ height: "tall" }, /height="tall" is not a height/],
    [{ height: "0" }, /height="0" is not a height/],
    [{ speed: "11" }, /speed="11" is not a speed: write ticks per second from 0\.5 to 10\./],
    [{ speed: "" }, /speed="" is not a speed/],
    [{ loading: "soon" }, /loading="soon" is not one of lazy, eager\./],
    [{ run: "  " }, /run is empty/],
    [{ run: "v2.A", seed: "1" }, /run already holds its cluster, seed and steps: leave out seed, or leave out run\./],
    [{ scenario: "article", acceptors: "3" }, /scenario and acceptors both choose the cluster/],
  ];
  for (const [attributes, expected] of cases) {
    const result = read(attributes);
    assert.equal(result.errors.length, 1, JSON.stringify(attributes));
    assert.match(messages(result)[0], expected);
    // The view keeps its defaults where an attribute is bad (each case sets nothing else).
    assert.deepEqual(result.view, read({}).view);
  }
});

test("a bad attribute that chooses the run leaves no start (the element keeps its run); a bad view attribute does not", () => {
  assert.equal(read({ scenario: "duel" }).start, null);
  assert.equal(read({ seed: "x" }).start, null);
  assert.deepEqual(read({ theme: "blue" }).start, { scenario: "article", seed: undefined });
});

test("attribute text is reported quoted, as text, whatever it holds", () => {
  const result = read({ scenario: "<img src=x onerror=alert(1)>" });
  assert.match(messages(result)[0], /scenario="<img src=x onerror=alert\(1\)>" is not a scenario/);
});
