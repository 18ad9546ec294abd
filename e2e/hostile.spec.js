// Hostile inputs, table-driven: one test per row of CASES below. Each row feeds the page one
// hostile input, through a place where a visitor (or a page that embeds the element) can put
// text into it:
//   - the Value field: markup and script, a 1 MB paste, control characters, emoji and RTL text;
//   - the address's #run= fragment: garbage, random base64, a truncated real run, markup,
//     1 MB, broken percent-encoding, keys the page does not know, a bad link pasted into the tab;
//   - Import run: not JSON, JSON of the wrong shape, a real run corrupted, a file over the
//     size limit, a file just under it, an empty file, fields and a file name with markup;
//   - the cluster settings, seed, Break Paxos and partition fields: odd numbers, markup, 1 MB;
//   - the element's attributes (and embed.html's query parameters, which become attributes).
//
// Every row checks the same three properties (the issue's requirement: "readable error,
// nothing executed, page usable"):
//   1. Readable error: the error the page shows (role=alert: the run's error line, or the
//      element's list of bad attributes) is a sentence naming the problem (a substring per row),
//      and where it repeats the user's text, the markup is there as text: textContent holds it
//      literally, and no element it would have made exists anywhere in the page or in any
//      shadow root. A row whose input is allowed (a value with markup that fits in 32
//      characters) checks instead that it is shown as text where the run shows it.
//   2. Nothing executed: window.__pwned is set to 0 before any page script runs, every payload
//      would set it to 1 (or call alert), and it must stay 0 with no dialog opened.
//   3. Page usable: a refused input leaves the run exactly as it was (step, clock, status, log,
//      nodes, messages in flight), and afterwards a normal proposal and a Step still work, with
//      no console error or uncaught exception (guard.js fails the test on those).
//
// The messages checked are the core's as of the commit that made them brief (quoting at most 40
// characters of what it was given): run `npm run build` after pulling Rust changes.
import { test, expect } from "@playwright/test";
import { guardPage } from "./guard.js";

// Fails a test on any console error, uncaught exception or dialog; each test opens its own page.
guardPage(test, { openStartPage: false });

// ---------------------------------------------------------------------------------------------
// Payloads: each sets window.__pwned (or opens a dialog) if it ever runs.

// (No double quotes in them: the core's messages quote text Rust's way, with \" for ".)
const IMG = "<img src=x onerror=window.__pwned=1>"; // 36 characters: over the value limit
const IMG_SHORT = "<img src=x onerror=__pwned=1>"; // 29 characters: a value that is allowed
const SCRIPT = "<script>window.__pwned=1</script>";
const SVG = "'><svg onload=window.__pwned=1>"; // breaks out of a quoted attribute
const JS_URL = "javascript:window.__pwned=1";
const ONE_MB = 1_000_000;

// ---------------------------------------------------------------------------------------------
// Helpers. `pg` is a locator for the <paxos-playground> element: Playwright's locators reach
// into its open shadow root, so pg.locator("#error") is that element's own error line.

const valueField = (pg) => pg.getByLabel("Value", { exact: true });
const proposeButton = (pg) => pg.getByRole("button", { name: "Propose", exact: true });
const errorLine = (pg) => pg.locator("#error");
const configError = (pg) => pg.locator("#config-error");
const logItems = (pg) => pg.locator("#log li");

/** Opens `path` and waits until its playground has drawn its first run; returns the element. */
async function open(page, path = "/index.html") {
  const response = await page.goto(path);
  expect(response.status(), `${path.slice(0, 80)} is served`).toBe(200);
  const pg = page.locator("paxos-playground").first();
  await pg.evaluate(async (element) => {
    await customElements.whenDefined("paxos-playground");
    await element.ready;
  });
  return pg;
}

/** What the playground shows of its run: equal before and after a refused input. */
async function snapshot(pg) {
  return {
    position: await pg.locator("#timeline-position").textContent(),
    clock: await pg.locator("#clock").textContent(),
    status: await pg.locator("#status").textContent(),
    log: await logItems(pg).allTextContents(),
    nodes: await pg.locator(".ring .node").evaluateAll((nodes) => nodes.map((n) => n.getAttribute("aria-label"))),
    inFlight: await pg.evaluate((element) => element.state.messages.map((m) => `${m.id} ${m.label} ${m.src}->${m.dst}`)),
  };
}

/**
 * Elements that markup from an input would have made, in the document and every open shadow
 * root: images, frames, inline scripts, any event-handler attribute, any javascript: URL.
 * The page itself has none (its scripts are external modules, its handlers are listeners).
 */
function injected(page) {
  return page.evaluate(() => {
    const found = [];
    const visit = (root) => {
      for (const element of root.querySelectorAll("*")) {
        if (element.shadowRoot) visit(element.shadowRoot);
        const tag = element.localName;
        if (["img", "iframe", "object", "embed"].includes(tag) || (tag === "script" && !element.src)) found.push(tag);
        for (const attribute of element.attributes) {
          const url = ["href", "src", "action", "formaction", "xlink:href", "data"].includes(attribute.name);
          if (/^on/i.test(attribute.name) || (url && /^\s*javascript:/i.test(attribute.value))) found.push(`${tag}[${attribute.name}]`);
        }
      }
    };
    visit(document);
    return found;
  });
}

/** The page still works: a normal proposal is taken and Step moves the run on. */
async function stillWorks(pg) {
  await valueField(pg).fill("Usable");
  await proposeButton(pg).click();
  await expect(logItems(pg).last()).toContainText('proposes "Usable"');
  await expect(errorLine(pg)).toBeHidden();
  const position = await pg.locator("#timeline-position").textContent();
  await pg.getByRole("button", { name: "Step", exact: true }).click();
  await expect(pg.locator("#timeline-position")).not.toHaveText(position);
  await expect(errorLine(pg)).toBeHidden();
}

/** Proposes `value` from the first proposer, as a visitor would. */
async function propose(pg, value) {
  await valueField(pg).fill(value);
  await proposeButton(pg).click();
}

/** Chooses a run file for Import run. */
async function importFile(pg, name, text) {
  await pg.locator("#import").setInputFiles({ name, mimeType: "application/json", buffer: Buffer.from(text) });
}

/** The run shown, as the object Export run saves (to corrupt it). */
const exported = (pg) => pg.evaluate((element) => element.app.sim.exportRun());

/** The run shown, as the text after #run= in its link (read from the page's own address). */
async function runLink(page) {
  await expect.poll(() => new URL(page.url()).hash).toMatch(/^#run=v3\./);
  return new URL(page.url()).hash;
}

/** Fills one field of the cluster settings form (opening it) and starts a run from it. */
async function startFromSettings(pg, label, value) {
  const details = pg.locator("#settings");
  if (!(await details.evaluate((d) => d.open))) await pg.getByText("Cluster settings").click();
  const field = pg.getByLabel(label, { exact: true });
  // A number field takes no text from the keyboard: set it as a script (or autofill) could.
  await field.evaluate((input, v) => { input.value = v; }, value);
  await pg.getByRole("button", { name: "Start new run" }).click();
}

/** A deterministic "random" string of URL-safe base64 characters. */
function randomBase64(length) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  let x = 12345;
  let text = "";
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    text += alphabet[x % 64];
  }
  return text;
}

// ---------------------------------------------------------------------------------------------
// The table. A row has:
//   name      what is fed in, and what must happen;
//   path      the page to open (default index.html, the full playground with sync-url);
//   fragment  for address rows: the #... the page is opened with (a function of the clean
//             page, to derive it from a real run); the run must then be the one a clean load
//             shows (the article's example), since the link is refused;
//   prepare   optional: what to do before the hostile input (its run is the "before");
//   act       the hostile input;
//   error     { where: the error element (default the error line), says: [substrings or
//             regexps the message must hold], echoes: literal text of the input it must show
//             as text }; null for an input that is allowed;
//   accepted  for an allowed input: checks it is shown, as text;
//   unchanged whether the run must be as before (default: for a refusal, yes; else no).

const CASES = [
  // --- The Value field ---------------------------------------------------------------------
  {
    name: "value: an <img onerror> that fits in 32 characters is proposed, and shown as text in the log, the status and the node",
    act: (pg) => propose(pg, IMG_SHORT),
    error: null,
    accepted: async (pg) => {
      await expect(logItems(pg).last()).toContainText(`P proposes "${IMG_SHORT}" with number 2.P`);
      await pg.getByRole("button", { name: "Play", exact: true }).click();
      await expect(pg.locator("#status")).toHaveText(`Chosen: ${IMG_SHORT}`, { timeout: 30_000 });
      // The node's name shortens the value ("<img src=…"); its description has all of it.
      const p = pg.locator('.ring .node[data-node="P"]');
      await expect(p).toHaveAttribute("aria-label", /learned "<img src=…"/);
      expect(await p.getAttribute("aria-description")).toContain(`"${IMG_SHORT}"`);
    },
    prepare: (pg) => pg.locator("#speed").fill("10"),
  },
  {
    name: `value: ${SVG} (an attribute break-out, 31 characters) is proposed and shown as text`,
    act: (pg) => propose(pg, SVG),
    error: null,
    accepted: (pg) => expect(logItems(pg).last()).toContainText(`P proposes "${SVG}"`),
  },
  {
    name: "value: a javascript: URL is only text",
    act: (pg) => propose(pg, JS_URL),
    error: null,
    accepted: (pg) => expect(logItems(pg).last()).toContainText(`P proposes "${JS_URL}"`),
  },
  {
    name: "value: emoji, right-to-left text and a direction override are proposed and shown as they are",
    act: (pg) => propose(pg, "🙂 שלום \u202Eevil"),
    error: null,
    accepted: (pg) => expect(logItems(pg).last()).toContainText('P proposes "🙂 שלום \u202Eevil"'),
  },
  {
    name: "value: a <script> of 33 characters is refused with the length limit and kept in the field",
    act: (pg) => propose(pg, SCRIPT),
    error: { says: ["the value is 33 characters long; at most 32 are allowed"] },
    after: async (pg) => {
      await expect(valueField(pg)).toHaveValue(SCRIPT);
      await expect(pg.locator("#value-length")).toHaveText("33/32");
    },
  },
  {
    name: "value: 1 MB of markup pasted in is refused with the length limit",
    act: (pg) => propose(pg, IMG.repeat(Math.ceil(ONE_MB / IMG.length)).slice(0, ONE_MB)),
    error: { says: ["the value is 1000000 characters long; at most 32 are allowed"] },
    after: (pg) => expect(pg.locator("#value-length")).toHaveText("1000000/32"),
  },
  {
    name: "value: a tab is a control character, refused",
    act: (pg) => propose(pg, "tab\there"),
    error: { says: ["the value contains a control character (such as a newline); use printable text"] },
  },
  {
    name: "value: NUL and BEL are control characters, refused",
    act: (pg) => propose(pg, "a\u0000b\u0007c"),
    error: { says: ["contains a control character"] },
  },

  // --- The address's fragment (index.html reads #run= on load) ------------------------------
  {
    name: "#run= garbage falls back to the article's example",
    fragment: () => `#run=@@@garbage!!${SVG}`,
    error: { says: ['this shared run cannot be loaded: it is format "@@@garbage!!', "and this playground reads v1 to v3", "starts on the article's example instead"], echoes: SVG.split(".")[0] },
  },
  {
    name: "#run= random base64 is refused as corrupted",
    fragment: () => `#run=v2.${randomBase64(64)}`,
    error: { says: ["this shared run cannot be loaded", /truncated or corrupted|not a valid|refused/] },
  },
  {
    name: "#run= standard (not URL-safe) base64 is refused by name",
    fragment: () => `#run=v2.${Buffer.from(SCRIPT).toString("base64")}`,
    error: { says: ["it is not valid URL-safe base64"] },
  },
  {
    name: "#run= a real run cut in half is refused as truncated",
    fragment: async (page) => {
      await page.getByRole("button", { name: "Step", exact: true }).click();
      const link = await runLink(page);
      return link.slice(0, Math.ceil(link.length / 2));
    },
    error: { says: ["it is truncated or corrupted"] },
  },
  {
    name: "#run= with markup is refused, and nothing in it is parsed",
    fragment: () => `#run=${IMG}${SCRIPT}`,
    error: { says: ["this shared run cannot be loaded: it is format", "this playground reads v1 to v3"], echoes: '"<img src=x onerror=window"' },
  },
  {
    name: "#run= a javascript: URL is refused",
    fragment: () => `#run=${JS_URL}`,
    error: { says: ['this shared run cannot be loaded: it is format "javascript:window"'] },
  },
  {
    name: "#run= 1 MB is refused with the size limit",
    fragment: () => `#run=v2.${"A".repeat(ONE_MB)}`,
    error: { says: ["it is 1000003 characters long; at most 200000 are allowed"] },
  },
  {
    name: "#run= broken percent-encoding is refused by the core's reason (not the engine's \"URI malformed\")",
    fragment: () => "#run=v2.AAAA%E0%A4%A",
    error: { says: ["this shared run cannot be loaded: it is not valid URL-safe base64"] },
    after: (pg) => expect(errorLine(pg)).not.toContainText("URI malformed"),
  },
  {
    // A fragment the page does not read may be an anchor: it is left alone, without an error.
    name: "unknown fragment keys are ignored: the article's example, no error",
    fragment: () => `#foo=${IMG}&bar=${JS_URL}&%E0%A4%A`,
    error: null,
    accepted: (pg) => expect(errorLine(pg)).toBeHidden(),
    unchanged: true, // the run a clean page shows
  },
  {
    // A link pasted into the tab replaces the run, as opening it would; a broken one falls back
    // to the article's example, as on load (so the run is not "unchanged" here).
    name: "a broken link pasted into the open tab is refused with the reason",
    prepare: (pg) => pg.getByRole("button", { name: "Step", exact: true }).click(),
    act: (pg, page) => page.evaluate((hash) => { location.hash = hash; }, `#run=v2.${SVG}`),
    error: { says: ["this shared run cannot be loaded", "starts on the article's example instead"] },
    unchanged: false,
  },

  // --- Import run ---------------------------------------------------------------------------
  {
    name: "import: a file of markup, not JSON, is refused as not JSON",
    act: (pg) => importFile(pg, "run.json", `${SCRIPT}${IMG}`),
    error: { says: ["run.json is not JSON", "so it is not a run exported here"], echoes: "<script>" },
  },
  {
    name: "import: a file name with markup is shown as text",
    act: (pg) => importFile(pg, `${IMG}.json`, "nope"),
    error: { says: ["is not JSON"], echoes: `${IMG}.json is not JSON` },
  },
  {
    name: "import: an empty file is refused as not JSON",
    act: (pg) => importFile(pg, "empty.json", ""),
    error: { says: ["empty.json is not JSON (Unexpected end of JSON input)"] },
  },
  {
    name: "import: JSON of the wrong shape is refused as not a run",
    act: (pg) => importFile(pg, "array.json", JSON.stringify([1, IMG, { run: SCRIPT }])),
    error: { says: ["this file is not a Paxos Playground run", "file must be an object with named fields, not an array"] },
  },
  {
    name: "import: a run whose run field is markup is refused, the markup shown as text",
    act: (pg) => importFile(pg, "run.json", JSON.stringify({ format: "paxos-playground-run", version: 2, run: IMG })),
    error: { says: ["this file is not a Paxos Playground run", "expected struct Run"], echoes: IMG },
  },
  {
    name: "import: a real run with markup as its format is refused by name",
    act: async (pg) => importFile(pg, "run.json", JSON.stringify({ ...(await exported(pg)), format: SVG })),
    error: { says: ["is a", "not a \"paxos-playground-run\" file"], echoes: SVG },
  },
  {
    name: "import: a real run with a node named <img onerror> is refused by the node-name rule",
    act: async (pg) => {
      const file = await exported(pg);
      file.run.config.nodes[1].name = IMG;
      await importFile(pg, "run.json", JSON.stringify(file));
    },
    error: { says: ["is not allowed: use 1 to 8 letters or digits"], echoes: `node name "${IMG}"` },
  },
  {
    name: "import: a real run corrupted (it shows step 10^9) is refused",
    prepare: (pg) => pg.getByRole("button", { name: "Step", exact: true }).click(),
    act: async (pg) => importFile(pg, "run.json", JSON.stringify({ ...(await exported(pg)), run: { ...(await exported(pg)).run, position: 1e9 } })),
    error: { says: ["this shared run cannot be loaded: it shows step 1000000000 of a run of"] },
  },
  {
    name: "import: a real run whose proposed value is a <script> over 32 characters is refused by the value rule",
    act: async (pg) => importFile(pg, "run.json", JSON.stringify(await exported(pg)).replace('"Hello"', JSON.stringify(SCRIPT))),
    // The core names the refused action in words, quoting the value (up to 40 characters), as text.
    error: { says: ["is refused: the value is 33 characters long; at most 32 are allowed"], echoes: `action 1 (propose P "${SCRIPT}")` },
  },
  {
    name: "import: a real run whose proposed value is an <svg onload> that fits loads, the value shown as text",
    act: async (pg) => importFile(pg, "run.json", JSON.stringify(await exported(pg)).replace('"Hello"', JSON.stringify(SVG))),
    error: null,
    accepted: (pg) => expect(logItems(pg).first()).toContainText(`P proposes "${SVG}"`),
  },
  {
    name: "import: a 6 MB file is refused by its size, unread",
    act: (pg) => importFile(pg, "big.json", `"${IMG.repeat(Math.ceil((6 * 1048576) / IMG.length))}"`),
    error: { says: ["big.json is 6.0 MB; a run file is at most 5 MB."] },
  },
  {
    // Under the 5 MB limit, so it is read: the core's message quotes only the string's start.
    name: "import: a 4.9 MB file whose run is one long string gets a short error",
    act: (pg) => importFile(pg, "long.json", JSON.stringify({ format: "paxos-playground-run", version: 2, run: "A".repeat(4_900_000) })),
    error: { says: ['this file is not a Paxos Playground run: file.run: invalid type: string "AAAA', "expected struct Run"] },
    after: async (pg) => expect((await errorLine(pg).textContent()).length).toBeLessThan(400),
  },

  // --- Cluster settings, seed, Break Paxos, partitions ---------------------------------------
  {
    // A number field holding anything but a number reads as NaN; the core names the field.
    name: "settings: a number field holding markup is refused as not a number",
    act: (pg) => startFromSettings(pg, "Acceptors", "<b>NaN</b>"),
    error: { says: ["settings.acceptors must be a whole number from 1 to 9, not NaN"] },
  },
  {
    name: "settings: values with markup too long for a value are refused by the value rule",
    act: (pg) => startFromSettings(pg, "Their values", `${IMG}, ${SCRIPT}`),
    error: { says: ["invalid cluster: P's value: the value is 36 characters long; at most 32 are allowed"] },
  },
  {
    name: "settings: values with markup that fit start a run that shows them as text",
    act: (pg) => startFromSettings(pg, "Their values", `${IMG_SHORT}, <b>bold</b>`),
    error: null,
    accepted: async (pg) => {
      await expect(pg.locator("#log")).toContainText(`proposes "${IMG_SHORT}"`);
      await expect(pg.locator("#log")).toContainText('proposes "<b>bold</b>"');
    },
  },
  {
    name: "settings: 12 acceptors is refused with the allowed range",
    act: (pg) => startFromSettings(pg, "Acceptors", "12"),
    error: { says: ["settings.acceptors must be a whole number from 1 to 9, not 12"] },
  },
  {
    // The core names the field; before, its reader answered in serde's words
    // ("invalid type: floating point `-5.0`, expected usize").
    name: "settings: -5 acceptors is refused with a message that names the setting",
    act: (pg) => startFromSettings(pg, "Acceptors", "-5"),
    error: { says: ["settings.acceptors must be a whole number from 1 to 9, not -5"] },
    after: (pg) => expect(errorLine(pg)).not.toContainText("usize"),
  },
  {
    name: "settings: 2.5 acceptors is refused with a message that names the setting",
    act: (pg) => startFromSettings(pg, "Acceptors", "2.5"),
    error: { says: ["settings.acceptors must be a whole number from 1 to 9, not 2.5"] },
  },
  {
    name: "settings: 1e308 as the seed is refused with the seed's range",
    act: async (pg) => {
      await pg.getByLabel("Seed (message delays)").fill("1e308");
      await pg.getByLabel("Seed (message delays)").dispatchEvent("change");
    },
    error: { says: ["seed must be a whole number from 0 to 9007199254740991, not 1e308"] },
  },
  {
    // The form names the field; before, the core's reader answered "expected u8".
    name: "Break Paxos: a negative quorum is refused with a message that names Q1",
    act: async (pg) => {
      await pg.getByText("Break Paxos").click();
      await pg.locator("#break-q1").fill("-3");
      await pg.locator("#break-q1").press("Enter"); // a quorum applies when committed
    },
    error: { says: [/phase 1|Q1|phase1Quorum/] },
    after: async (pg) => {
      await expect(errorLine(pg)).not.toContainText("u8");
      await expect(pg.locator("#break-q1")).toHaveValue("-3"); // kept, to be corrected
    },
  },
  {
    name: "partition: groups with markup are refused, the node name shown as text",
    act: async (pg) => {
      await pg.locator("#groups").fill(`${IMG} | A, B`);
      await pg.getByRole("button", { name: "Partition", exact: true }).click();
    },
    error: { says: ['there is no node "<img'], echoes: "the nodes are P, A, B, C" },
  },
  {
    name: "partition: 1 MB of groups is refused with a short error that quotes its start",
    act: async (pg) => {
      await pg.locator("#groups").fill(`${SCRIPT}${"X".repeat(ONE_MB)} | A`);
      await pg.getByRole("button", { name: "Partition", exact: true }).click();
    },
    error: { says: ["there is no node", "characters)", "the nodes are P, A, B, C"], echoes: '"<script>window.__pwned=1</script>XXXXXXX"…' },
    after: async (pg) => expect((await errorLine(pg).textContent()).length).toBeLessThan(400),
  },

  // --- The element's attributes --------------------------------------------------------------
  {
    name: "embed.html: query parameters with markup are listed as bad attributes, as text",
    path: `/embed.html?scenario=${encodeURIComponent(IMG)}&theme=${encodeURIComponent(SVG)}&${encodeURIComponent(SCRIPT)}=1`,
    error: { where: configError, says: ["attributes need a fix", "is not a scenario. Scenarios: article", "is not one of light, dark, auto"], echoes: `scenario=${JSON.stringify(IMG)}` },
    accepted: async (pg, page) => {
      const note = page.locator("#embed-error");
      await expect(note).toBeVisible();
      await expect(note).toContainText(`embed.html does not know ${JSON.stringify(SCRIPT)}`);
    },
    unchanged: false, // opened with the bad attributes: it shows the article's example
  },
  {
    name: "attributes: scenario, theme, height and speed set to markup are listed, the run kept",
    path: "/embed.html",
    prepare: (pg) => pg.getByRole("button", { name: "Step", exact: true }).click(),
    act: (pg) => pg.evaluate((element, values) => {
      for (const [name, value] of Object.entries(values)) element.setAttribute(name, value);
    }, { scenario: IMG, theme: SVG, height: JS_URL, speed: SCRIPT }),
    error: {
      where: configError,
      says: ["is not a scenario", "is not one of light, dark, auto", "is not a height", "is not a speed"],
      echoes: `scenario=${JSON.stringify(IMG)}`,
    },
  },
  {
    name: "attributes: a run attribute of markup is refused by the core, the run kept",
    path: "/embed.html",
    prepare: (pg) => pg.getByRole("button", { name: "Step", exact: true }).click(),
    act: (pg) => pg.evaluate((element, run) => element.setAttribute("run", run), `${IMG}.${SCRIPT}`),
    error: { where: configError, says: ["run: this shared run cannot be loaded"], echoes: "<img src=x onerror=" },
  },
  {
    name: "attributes: values with markup that fit start a run that shows them as text",
    path: "/embed.html",
    act: (pg) => pg.evaluate((element, values) => element.setAttribute("values", values), `${IMG_SHORT},<b>b</b>`),
    error: null,
    accepted: async (pg) => {
      await expect(pg.locator("#log")).toContainText(`proposes "${IMG_SHORT}"`);
      await expect(configError(pg)).toBeHidden();
    },
  },
];

// ---------------------------------------------------------------------------------------------

test.beforeEach(async ({ page }) => {
  // Before any page script: the flag every payload would set.
  await page.addInitScript(() => {
    window.__pwned = 0;
  });
});

for (const row of CASES) {
  test(row.name, async ({ page }) => {
    const dialogs = [];
    page.on("dialog", (dialog) => dialogs.push(dialog.message())); // guard.js dismisses it

    let pg;
    let before;
    if (row.fragment) {
      // The run a clean page shows; a refused link must leave the page showing just that.
      const clean = await open(page);
      before = await snapshot(clean);
      const fragment = await row.fragment(page);
      await page.goto("about:blank");
      pg = await open(page, `/index.html${fragment}`);
    } else {
      pg = await open(page, row.path);
      await row.prepare?.(pg);
      before = await snapshot(pg);
      await row.act?.(pg, page);
    }

    // 1. A readable error, with the user's text as text. (Soft: a failure here still lets
    // the checks below report whether anything ran.)
    if (row.error) {
      const box = (row.error.where ?? errorLine)(pg);
      await expect(box).toBeVisible();
      await expect(box).toHaveAttribute("role", "alert");
      for (const words of row.error.says) await expect.soft(box).toContainText(words);
      if (row.error.echoes) await expect.soft(box).toContainText(row.error.echoes); // textContent: markup kept as text
    }
    await row.after?.(pg);
    await row.accepted?.(pg, page);

    // 2. Nothing executed, nothing injected.
    expect(await injected(page), "no element made from an input's markup").toEqual([]);
    expect(await page.evaluate(() => window.__pwned), "no payload ran").toBe(0);
    expect(dialogs, "no dialog opened").toEqual([]);

    // 3. The run is as it was (for a refusal), and the page still works.
    if (row.unchanged ?? Boolean(row.error)) expect(await snapshot(pg), "the run is unchanged").toEqual(before);
    await stillWorks(pg);
    expect(await page.evaluate(() => window.__pwned)).toBe(0);
  });
}
