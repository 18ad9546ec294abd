// Page tests of the <paxos-playground> element where it is embedded: two on a blog post, one
// added with chosen attributes, embed.html's query parameters, the built dist/ folder, phones,
// the keyboard, reduced motion, screen readers and an axe scan. Playwright's CSS locators and
// getByRole reach into the elements' open shadow roots, so `pg.locator("#status")` is that
// element's own status line.
import { test, expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { guardPage } from "./guard.js";

const BLOG = "/examples/blog-post.html";
const SCENARIOS = ["article", "two-proposers", "proposer-crash", "minority-fails", "partition-heals", "lossy", "dueling", "backoff", "every-role"];

// ---------------------------------------------------------------------------------------------
// Helpers

// Fails the test on any console error, uncaught exception or dialog; each test opens its own page.
guardPage(test, { openStartPage: false });

/**
 * Brings a playground near the viewport and waits until it has drawn its first run. Elements
 * are lazy (loading="lazy" is the default): one starts only when a reader scrolls near it.
 */
async function ready(pg) {
  await pg.scrollIntoViewIfNeeded();
  await pg.evaluate(async (element) => {
    await customElements.whenDefined("paxos-playground");
    await element.ready;
  });
}

/** Opens `path`, scrolls to each of its playgrounds in turn until it has started, and back up. */
async function open(page, path) {
  const response = await page.goto(path);
  expect(response.status(), `${path} is served`).toBe(200);
  for (const pg of await playgrounds(page).all()) await ready(pg);
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** The page's playgrounds, in page order. */
const playgrounds = (page) => page.locator("paxos-playground");

let added = 0;
/**
 * Appends a new <paxos-playground> with `attributes` to the page (as a blog author's markup
 * would, but after load) and returns a locator for it once it has drawn its first run.
 */
async function addPlayground(page, attributes = {}) {
  const id = `added-${++added}`;
  await page.evaluate(({ id, attributes }) => {
    const element = document.createElement("paxos-playground");
    element.dataset.test = id;
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    document.body.append(element);
  }, { id, attributes });
  const pg = page.locator(`paxos-playground[data-test="${id}"]`);
  await ready(pg);
  return pg;
}

// Parts of one playground (a locator for the element).
const status = (pg) => pg.locator("#status");
const position = (pg) => pg.locator("#timeline-position");
const logItems = (pg) => pg.locator("#log li");
const configError = (pg) => pg.locator("#config-error");
const root = (pg) => pg.locator("#playground");
const button = (pg, name) => pg.getByRole("button", { name, exact: true });
/** A node of the ring: a button named "A, acceptor, running, ..." (its state is in its name). */
const node = (pg, name) => pg.getByRole("button", { name: new RegExp(`^${name}, `) });
const nodeNames = async (pg) => (await pg.locator(".ring .node").evaluateAll((nodes) => nodes.map((n) => n.dataset.node)));

/**
 * Crashes (or restarts) a node the keyboard way: focus its button in the ring, press Enter,
 * which opens the node's action menu with focus on its first item, "Crash A" (or "Restart
 * A"), and press Enter on that. The only place the tests act on a node.
 */
async function toggleNode(pg, name) {
  const target = node(pg, name);
  await target.focus();
  await target.press("Enter");
  const item = pg.getByRole("menuitem", { name: new RegExp(`^(Crash|Restart) ${name}$`) });
  await expect(item).toBeFocused();
  await item.press("Enter");
  await expect(pg.getByRole("menu")).toBeHidden();
  await expect(target).toBeFocused(); // focus goes back to the node
}

/** What a playground shows of its run: to prove that acting on another one left it alone. */
async function snapshot(pg) {
  return {
    position: await position(pg).textContent(),
    status: await status(pg).textContent(),
    log: (await logItems(pg).allTextContents()).join("\n"),
    nodes: await pg.locator(".ring .node").evaluateAll((nodes) => nodes.map((n) => n.getAttribute("aria-label"))),
  };
}

/** The step number shown by "step N of M". */
async function step(pg) {
  return Number(/^step (\d+) of \d+$/.exec(await position(pg).textContent())[1]);
}

/** The relative luminance (0 black to 1 white) of a computed CSS rgb() color. */
function luminance(color) {
  const [r, g, b] = color.match(/\d+(\.\d+)?/g).slice(0, 3).map((c) => {
    const v = Number(c) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const background = (pg) => root(pg).evaluate((element) => getComputedStyle(element).backgroundColor);

/** Which of the element's own pieces of UI are visible, for the controls and panels attributes. */
async function shown(pg) {
  const visible = async (locator) => (await locator.count()) > 0 && (await locator.first().isVisible());
  return {
    scenario: await visible(pg.getByLabel("Scenario", { exact: true })),
    play: await visible(button(pg, "Play")),
    step: await visible(button(pg, "Step")),
    propose: await visible(button(pg, "Propose")),
    network: await visible(pg.locator("#network-title")),
    timeline: await visible(pg.locator("#timeline")),
    ring: await visible(pg.locator("#ring")),
    diagram: await visible(pg.locator("#diagram")),
    log: await visible(pg.locator("#log")),
    pseudocode: await visible(pg.locator("#pseudocode")),
    invariants: await visible(pg.locator("#invariants")),
  };
}

/**
 * Samples the ring's painted messages twice, 150 ms apart, within one step of the run (retries
 * if a step came between). Returns whether any message moved: messages glide while playing,
 * and must not under reduced motion.
 */
async function glides(pg) {
  for (let attempt = 0; attempt < 10; attempt++) {
    const sample = await pg.evaluate(async (element) => {
      const canvas = element.shadowRoot.querySelector("#ring canvas");
      const read = () => ({ at: element.state.position, where: canvas.paintedMessages().map((m) => `${m.id}:${m.x.toFixed(1)},${m.y.toFixed(1)}`) });
      const before = read();
      await new Promise((resolve) => setTimeout(resolve, 150));
      return { before, after: read() };
    });
    if (sample.before.at === sample.after.at && sample.before.where.length > 0) {
      return sample.before.where.join() !== sample.after.where.join();
    }
  }
  throw new Error("no two samples within one step with messages in flight");
}

/** Serious and critical axe violations: [{ rule, html }], one per element. */
async function seriousViolations(builder) {
  const { violations } = await builder.analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((n) => ({ rule: v.id, html: n.html.slice(0, 80) })));
}


// ---------------------------------------------------------------------------------------------
// 1. Two playgrounds on one blog post

test("blog post: both playgrounds render, and each runs on its own", async ({ page }) => {
  await open(page, BLOG);
  const [one, two] = [playgrounds(page).nth(0), playgrounds(page).nth(1)];
  expect(await nodeNames(one)).toEqual(["P", "A", "B", "C"]); // scenario="article"
  expect(await nodeNames(two)).toEqual(["P", "Q", "A", "B", "C"]); // scenario="dueling"
  await expect(position(one)).toHaveText("step 1 of 1");
  await expect(position(two)).toHaveText("step 3 of 3");

  // Step in the first: its timeline moves, the second's run stays as it was.
  let other = await snapshot(two);
  await button(one, "Step").click();
  await expect(position(one)).toHaveText("step 2 of 2");
  await expect(one.locator("#diagram .msg")).not.toHaveCount(0);
  expect(await snapshot(two)).toEqual(other);

  // Step in the second: its log and timeline move, the first stays.
  other = await snapshot(one);
  const logged = await logItems(two).count();
  await button(two, "Step").click();
  await expect(position(two)).toHaveText("step 4 of 4");
  await expect(logItems(two)).toHaveCount(logged + 1);
  expect(await snapshot(one)).toEqual(other);

  // Crash A in the second with the keyboard: only the second's A is crashed.
  await toggleNode(two, "A");
  await expect(node(two, "A")).toHaveAccessibleName(/^A, acceptor: crashed/);
  await expect(node(one, "A")).toHaveAccessibleName(/^A, acceptor: (?!crashed)/);
  await expect(logItems(two).last()).toContainText("A crashes.");
  expect(await snapshot(one)).toEqual(other);

  // Propose in the second: P proposes there, not in the first.
  await two.getByLabel("Value", { exact: true }).fill("Quorum");
  await button(two, "Propose").click();
  await expect(logItems(two).last()).toContainText('P proposes "Quorum"');
  expect(await snapshot(one)).toEqual(other);

  // Play the first to the end: "Chosen: Hello" there; the second does not move.
  other = await snapshot(two);
  await button(one, "Play").click();
  await expect(button(one, "Pause")).toBeVisible();
  await expect(status(one)).toHaveText("Chosen: Hello", { timeout: 30_000 });
  expect(await snapshot(two)).toEqual(other);
  await expect(button(two, "Play")).toBeVisible(); // never started
});

// ---------------------------------------------------------------------------------------------
// 2. Attributes

test("attribute scenario picks the run", async ({ page }) => {
  await open(page, BLOG);
  // controls="full" shows the scenario picker, which must agree.
  const two = await addPlayground(page, { scenario: "two-proposers", controls: "full" });
  const article = await addPlayground(page, { controls: "full" }); // no scenario: the article's example
  expect(await nodeNames(two)).toEqual(["P", "Q", "A", "B", "C"]);
  expect(await nodeNames(article)).toEqual(["P", "A", "B", "C"]);
  await expect(two.locator("#log")).toContainText('Q proposes "World" with number 1.Q');
  await expect(two.getByLabel("Scenario", { exact: true })).toHaveValue("two-proposers");
  await expect(article.getByLabel("Scenario", { exact: true })).toHaveValue("article");
  await expect(configError(two)).toBeHidden();
});

test("attribute seed: the same seed replays the same run, another seed other delays", async ({ page }) => {
  await open(page, BLOG);
  const a = await addPlayground(page, { scenario: "article", seed: "5", controls: "full" });
  const b = await addPlayground(page, { scenario: "article", seed: "5" });
  const c = await addPlayground(page, { scenario: "article", seed: "6", controls: "full" });
  for (const pg of [a, b, c]) {
    for (let i = 0; i < 6; i++) await button(pg, "Step").click();
    await expect(position(pg)).toHaveText("step 7 of 7");
  }
  const text = async (pg) => (await logItems(pg).allTextContents()).join("\n");
  expect(await text(a)).toBe(await text(b));
  expect(await text(a)).not.toBe(await text(c)); // same protocol, other delivery times
  await expect(a.getByLabel(/^Seed/)).toHaveValue("5"); // the seed field of the full controls agrees
  await expect(c.getByLabel(/^Seed/)).toHaveValue("6");
});

test("attributes acceptors, proposers and values build the cluster", async ({ page }) => {
  await open(page, BLOG);
  const pg = await addPlayground(page, { acceptors: "5", proposers: "2", values: "Xylo, Yak" });
  expect(await nodeNames(pg)).toEqual(["P", "Q", "A", "B", "C", "D", "E"]);
  await expect(pg.getByRole("button", { name: /^[A-E], acceptor: / })).toHaveCount(5);
  await expect(pg.getByRole("button", { name: /^[PQ], proposer, learner: / })).toHaveCount(2);
  await expect(logItems(pg).nth(0)).toContainText('P proposes "Xylo"');
  await expect(logItems(pg).nth(1)).toContainText('Q proposes "Yak"');
  const one = await addPlayground(page, { acceptors: "1", values: "Solo" });
  expect(await nodeNames(one)).toEqual(["P", "A"]);
  await expect(configError(pg)).toBeHidden();
  await expect(configError(one)).toBeHidden();
});

test("attribute controls: full, minimal and none show the right controls", async ({ page }) => {
  await open(page, BLOG);
  const full = await addPlayground(page, { controls: "full" });
  const minimal = await addPlayground(page, { controls: "minimal" });
  const none = await addPlayground(page, { controls: "none" });
  const unset = await addPlayground(page, {}); // the default is minimal
  expect(await shown(full)).toMatchObject({ scenario: true, play: true, step: true, propose: true, network: true, timeline: true });
  expect(await shown(minimal)).toMatchObject({ scenario: false, play: true, step: true, propose: true, network: false, timeline: true });
  expect(await shown(none)).toMatchObject({ scenario: false, play: false, step: false, propose: false, network: false, timeline: false });
  expect(await shown(unset)).toEqual(await shown(minimal));
  await expect(button(none, "Play")).toHaveCount(0);
  // With no controls the run is still drawn.
  expect(await shown(none)).toMatchObject({ ring: true, diagram: true, log: true });
});

test("attribute panels: only the panels named are shown", async ({ page }) => {
  await open(page, BLOG);
  const ring = await addPlayground(page, { panels: "ring" });
  const logAndCode = await addPlayground(page, { panels: "log, pseudocode" });
  const all = await addPlayground(page, {});
  expect(await shown(ring)).toMatchObject({ ring: true, diagram: false, log: false, pseudocode: false, invariants: false });
  expect(await shown(logAndCode)).toMatchObject({ ring: false, diagram: false, log: true, pseudocode: true, invariants: false });
  expect(await shown(all)).toMatchObject({ ring: true, diagram: true, log: true, pseudocode: true, invariants: true });
});

test("attribute theme: dark is dark, light is light", async ({ page }) => {
  await open(page, BLOG);
  const dark = await addPlayground(page, { theme: "dark", controls: "minimal" });
  const light = await addPlayground(page, { theme: "light", controls: "minimal" });
  expect(luminance(await background(dark))).toBeLessThan(0.05);
  expect(luminance(await background(light))).toBeGreaterThan(0.8);
  const ink = await root(dark).evaluate((element) => getComputedStyle(element).color);
  expect(luminance(ink)).toBeGreaterThan(0.6); // light text on the dark background
});

test("attribute height: a fixed height, and the rest scrolls inside", async ({ page }) => {
  await open(page, BLOG);
  const fixed = await addPlayground(page, { height: "320" });
  const natural = await addPlayground(page, {});
  const box = await root(fixed).boundingBox();
  expect(Math.round(box.height)).toBe(320);
  expect((await root(natural).boundingBox()).height).toBeGreaterThan(600); // what 320 cuts short
  const scrolled = await root(fixed).evaluate((element) => {
    const overflow = element.scrollHeight > element.clientHeight;
    element.scrollTop = 200;
    return { overflow, scrollTop: element.scrollTop, style: getComputedStyle(element).overflowY };
  });
  expect(scrolled).toEqual({ overflow: true, scrollTop: 200, style: "auto" });
  const rem = await addPlayground(page, { height: "20rem" });
  expect(Math.round((await root(rem).boundingBox()).height)).toBe(320); // 16px root font
});

test("attribute speed sets the speed slider", async ({ page }) => {
  await open(page, BLOG);
  const pg = await addPlayground(page, { speed: "7.5", controls: "minimal" });
  await expect(pg.locator("#speed")).toHaveValue("7.5");
  await expect(pg.locator("#speed-value")).toHaveText("7.5 ticks/s");
  await expect(playgrounds(page).nth(0).locator("#speed")).toHaveValue("3"); // the post's speed="3"
  await expect(playgrounds(page).nth(1).locator("#speed")).toHaveValue("2"); // the default
});

test("attribute autoplay: the run plays without a click", async ({ page }) => {
  await open(page, BLOG);
  const auto = await addPlayground(page, { autoplay: "", speed: "10" });
  const still = await addPlayground(page, { speed: "10" });
  await expect(status(auto)).toHaveText("Chosen: Hello");
  expect(await step(auto)).toBeGreaterThan(5);
  await expect(position(still)).toHaveText("step 1 of 1"); // no autoplay: nothing moved
  const off = await addPlayground(page, { autoplay: "false", speed: "10" });
  await page.waitForTimeout(500);
  await expect(position(off)).toHaveText("step 1 of 1");
});

test("attribute run: another element's run opens at the same step", async ({ page }) => {
  await open(page, BLOG);
  const two = playgrounds(page).nth(1);
  for (let i = 0; i < 3; i++) await button(two, "Step").click();
  await button(two, "Back").click();
  await toggleNode(two, "B"); // an action in the past: the run forks
  await expect(position(two)).toHaveText("step 6 of 6");
  await button(two, "Back").click();
  await expect(position(two)).toHaveText("step 5 of 6");
  const run = await two.evaluate((element) => element.app.sim.runText());
  const copy = await addPlayground(page, { run, controls: "minimal", panels: "ring log" });
  await expect(position(copy)).toHaveText("step 5 of 6");
  const a = await snapshot(two);
  const b = await snapshot(copy);
  expect(b).toEqual(a);
  await expect(configError(copy)).toBeHidden();
});

test("attribute run: a link copied from the full page opens at the same step", async ({ page }) => {
  await open(page, "/index.html");
  const full = playgrounds(page).first();
  for (let i = 0; i < 3; i++) await button(full, "Step").click();
  await button(full, "Back").click();
  await expect(position(full)).toHaveText("step 3 of 4");
  // The page writes its address a moment after a change: wait until it holds this run.
  const run = await full.evaluate((element) => element.app.sim.runText());
  await expect.poll(() => new URL(page.url()).hash).toBe(`#run=${run}`);
  const link = page.url();
  const shown = await snapshot(full);
  await open(page, BLOG);
  const pg = await addPlayground(page, { run: link });
  await expect(position(pg)).toHaveText("step 3 of 4");
  expect(await snapshot(pg)).toEqual(shown);
  await expect(configError(pg)).toBeHidden();
});

test("changing an attribute updates the element", async ({ page }) => {
  await open(page, BLOG);
  const pg = await addPlayground(page, { scenario: "article", controls: "full", theme: "light" });
  expect(await nodeNames(pg)).toEqual(["P", "A", "B", "C"]);
  await pg.evaluate((element) => element.setAttribute("scenario", "dueling"));
  await expect.poll(() => nodeNames(pg)).toEqual(["P", "Q", "A", "B", "C"]);
  await expect(pg.getByLabel("Scenario", { exact: true })).toHaveValue("dueling");

  await expect(pg.locator(".toolbar")).toBeVisible();
  await pg.evaluate((element) => element.setAttribute("controls", "none"));
  await expect(pg.locator(".toolbar")).toBeHidden();
  await expect(button(pg, "Play")).toHaveCount(0);

  expect(luminance(await background(pg))).toBeGreaterThan(0.8);
  await pg.evaluate((element) => element.setAttribute("theme", "dark"));
  await expect.poll(async () => luminance(await background(pg))).toBeLessThan(0.05);

  // Back to the defaults when the attributes go.
  await pg.evaluate((element) => element.removeAttribute("controls"));
  await expect(button(pg, "Play")).toBeVisible();
});

// ---------------------------------------------------------------------------------------------
// 3. Styles stay on their side of the shadow root

test("styles are isolated both ways", async ({ page }) => {
  await open(page, BLOG);
  const one = playgrounds(page).first();
  // A button and a .hint paragraph of the host page, outside any playground.
  await page.evaluate(() => {
    const article = document.querySelector("article");
    const host = document.createElement("button");
    host.id = "host-button";
    host.textContent = "Subscribe";
    const hint = document.createElement("p");
    hint.id = "host-hint";
    hint.className = "hint";
    hint.textContent = "A host paragraph with the element's class name.";
    article.append(host, hint);
  });
  const style = (locator, ...properties) =>
    locator.evaluate((element, properties) => {
      const computed = getComputedStyle(element);
      return Object.fromEntries(properties.map((p) => [p, computed.getPropertyValue(p)]));
    }, properties);
  const properties = ["text-transform", "background-color", "border-radius", "box-sizing", "font-family"];

  // The blog's `button { text-transform: uppercase; background: #7a3b12 }` styles its own button...
  const host = await style(page.locator("#host-button"), ...properties);
  expect(host).toMatchObject({ "text-transform": "uppercase", "background-color": "rgb(122, 59, 18)", "border-radius": "0px", "box-sizing": "content-box" });
  // ...and not the element's.
  const inside = await style(button(one, "Step"), ...properties);
  expect(inside["text-transform"]).toBe("none");
  expect(inside["background-color"]).not.toBe("rgb(122, 59, 18)");
  expect(inside["border-radius"]).toBe("6px");
  expect(inside["box-sizing"]).toBe("border-box");
  expect(inside["font-family"]).not.toMatch(/Georgia/);
  await expect(button(one, "Step")).toHaveText("Step");

  // The element's `.hint` and `button` rules stay inside: the host's hint keeps the post's text.
  const hostHint = await style(page.locator("#host-hint"), "color", "font-size");
  expect(hostHint).toEqual({ color: "rgb(34, 34, 34)", "font-size": "18px" });
  const innerHint = await style(one.locator("#ring-hint"), "font-size");
  expect(innerHint["font-size"]).toBe("14px"); // the same class inside the element is styled
});

// ---------------------------------------------------------------------------------------------
// 4. A phone

test.describe("on a 375x667 touch screen", () => {
  test.use({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true });

  test("the post does not scroll sideways, both playgrounds fit, and Play can be tapped", async ({ page }) => {
    await open(page, BLOG);
    const width = await page.evaluate(() => ({ document: document.documentElement.scrollWidth, body: document.body.scrollWidth, viewport: innerWidth }));
    expect(width.viewport).toBe(375);
    expect(width.document).toBeLessThanOrEqual(375);
    expect(width.body).toBeLessThanOrEqual(375);
    for (const pg of await playgrounds(page).all()) {
      const box = await pg.boundingBox();
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(375);
      const inner = await root(pg).evaluate((element) => ({ scroll: element.scrollWidth, client: element.clientWidth }));
      expect(inner.scroll, "nothing inside the element sticks out").toBeLessThanOrEqual(inner.client);
    }
    const [one, two] = [playgrounds(page).nth(0), playgrounds(page).nth(1)];
    await button(one, "Play").tap();
    await expect(button(one, "Pause")).toBeVisible();
    await expect.poll(() => step(one)).toBeGreaterThan(1);
    await expect(position(two)).toHaveText("step 3 of 3");
  });
});

// ---------------------------------------------------------------------------------------------
// 5. The keyboard

test("keyboard only: Tab into the first playground, play and step it, focus is visible", async ({ page }) => {
  await open(page, BLOG);
  const [one, two] = [playgrounds(page).nth(0), playgrounds(page).nth(1)];
  const focused = (pg) => pg.evaluate((element) => (document.activeElement === element ? element.shadowRoot.activeElement?.id ?? "" : null));
  for (let i = 0; i < 10 && (await focused(one)) !== "play"; i++) await page.keyboard.press("Tab");
  expect(await focused(one)).toBe("play");
  // The focused control shows a visible outline.
  const ring = (pg, id) => pg.locator(`#${id}`).evaluate((element) => {
    const style = getComputedStyle(element);
    return { focusVisible: element.matches(":focus-visible"), outline: `${style.outlineStyle} ${style.outlineWidth}` };
  });
  expect(await ring(one, "play")).toEqual({ focusVisible: true, outline: "solid 3px" });

  await page.keyboard.press("Space"); // Space on the Play button presses it
  await expect(button(one, "Pause")).toBeVisible();
  await expect.poll(() => step(one)).toBeGreaterThan(1);
  await page.keyboard.press("Enter"); // focus stayed on it: now it pauses
  await expect(button(one, "Play")).toBeVisible();

  await page.keyboard.press("Tab");
  expect(await focused(one)).toBe("step");
  expect(await ring(one, "step")).toEqual({ focusVisible: true, outline: "solid 3px" });
  const before = await step(one);
  await page.keyboard.press("Enter");
  await expect.poll(() => step(one)).toBe(before + 1);
  expect(await ring(one, "play")).toMatchObject({ focusVisible: false }); // only the focused one
  await expect(position(two)).toHaveText("step 3 of 3");
});

test("shortcuts answer only while the element has focus", async ({ page }) => {
  await open(page, BLOG);
  const [one, two] = [playgrounds(page).nth(0), playgrounds(page).nth(1)];
  await button(one, "Step").focus();
  await page.keyboard.press("ArrowRight");
  await expect(position(one)).toHaveText("step 2 of 2");
  await page.keyboard.press("ArrowRight");
  await expect(position(one)).toHaveText("step 3 of 3");
  await expect(position(two)).toHaveText("step 3 of 3"); // the second did not answer

  // Focus on the page itself (a click on the post's heading): neither answers.
  await page.getByRole("heading", { level: 1 }).click();
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
  const [a, b] = [await snapshot(one), await snapshot(two)];
  await page.evaluate(() => {
    window.arrowsSeen = 0;
    document.addEventListener("keydown", (event) => (window.arrowsSeen += event.key === "ArrowRight"));
  });
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  expect(await page.evaluate(() => window.arrowsSeen), "the keys reached the page").toBe(2);
  await page.waitForTimeout(300); // a step is drawn at once; give a wrong one time to show
  expect(await snapshot(one)).toEqual(a);
  expect(await snapshot(two)).toEqual(b);

  // Focus in the second: it answers, the first does not.
  await button(two, "Step").focus();
  await page.keyboard.press("ArrowRight");
  await expect(position(two)).toHaveText("step 4 of 4");
  expect(await snapshot(one)).toEqual(a);
});

// ---------------------------------------------------------------------------------------------
// 6. Reduced motion

test("reduced motion: Play still runs, in instant steps", async ({ page }) => {
  await page.emulateMedia({ reducedMotion: "reduce" });
  await open(page, BLOG);
  const [one, two] = [playgrounds(page).nth(0), playgrounds(page).nth(1)];
  await button(one, "Play").click();
  await expect.poll(() => step(one)).toBeGreaterThan(2);
  expect(await glides(one), "no message glides between steps").toBe(false);
  await expect(status(one)).toHaveText("Chosen: Hello", { timeout: 30_000 });

  // The check above can fail: without the preference, messages glide.
  await page.emulateMedia({ reducedMotion: "no-preference" });
  await button(two, "Play").click();
  expect(await glides(two), "messages glide with motion allowed").toBe(true);
  await button(two, "Pause").click();
});

// ---------------------------------------------------------------------------------------------
// 7. Screen readers

test("screen readers: node names carry their state, and a step is announced", async ({ page }) => {
  await open(page, BLOG);
  const [one, two] = [playgrounds(page).nth(0), playgrounds(page).nth(1)];
  await expect(one.getByRole("button", { name: /^A, acceptor: promised 0, accepted nothing/ })).toBeVisible();
  await toggleNode(one, "A");
  await expect(one.getByRole("button", { name: /^A, acceptor: crashed/ })).toBeVisible();
  await expect(one.getByRole("button", { name: /^A, acceptor: (?!crashed)/ })).toHaveCount(0);
  await expect(two.getByRole("button", { name: /^A, acceptor: (?!crashed)/ })).toBeVisible();
  await toggleNode(one, "A");
  await expect(one.getByRole("button", { name: /^A, acceptor: (?!crashed)/ })).toBeVisible();

  const announce = one.locator("#announce");
  await expect(announce).toHaveAttribute("aria-live", "polite");
  const before = await announce.textContent();
  const elsewhere = await two.locator("#announce").textContent();
  await button(one, "Step").click();
  await expect(announce).not.toHaveText(before);
  await expect(announce).toContainText("receives Prepare(1.P) from P");
  await expect(two.locator("#announce")).toHaveText(elsewhere); // each element announces its own steps
});

// ---------------------------------------------------------------------------------------------
// 8. Accessibility scan (axe): no serious or critical violation

test("axe: the blog post has no serious or critical violation (besides the reported ones)", async ({ page }) => {
  await open(page, BLOG);
  expect(await seriousViolations(new AxeBuilder({ page }))).toEqual([]);
});

test("axe: index.html has no serious or critical violation (besides the reported ones)", async ({ page }) => {
  await open(page, "/index.html");
  expect(await seriousViolations(new AxeBuilder({ page }))).toEqual([]);
});

test("axe: the element alone, every control and panel, light and dark (besides the reported ones)", async ({ page }) => {
  await open(page, BLOG);
  const full = await addPlayground(page, { controls: "full" });
  await button(full, "Step").click(); // highlighted pseudocode lines, log entries
  const scan = () => seriousViolations(new AxeBuilder({ page }).include("paxos-playground"));
  expect(await scan()).toEqual([]);
  await page.evaluate(() => document.querySelectorAll("paxos-playground").forEach((e) => e.setAttribute("theme", "dark")));
  await expect.poll(async () => luminance(await background(full))).toBeLessThan(0.05);
  expect(await scan()).toEqual([]);
});

test("axe: a ring node's name contains its visible text (WCAG 2.5.3)", async ({ page }) => {
  await open(page, BLOG);
  const violations = await seriousViolations(new AxeBuilder({ page }));
  expect(violations.filter((v) => v.rule === "label-content-name-mismatch")).toEqual([]);
});

test("axe: the pseudocode's line numbers are readable, light and dark, on a highlighted line too", async ({ page }) => {
  await open(page, BLOG);
  const light = await addPlayground(page, { panels: "pseudocode" });
  const dark = await addPlayground(page, { panels: "pseudocode", theme: "dark" });
  for (const pg of [light, dark]) await button(pg, "Step").click(); // a highlighted line too
  const violations = await seriousViolations(new AxeBuilder({ page }).include("paxos-playground[data-test]"));
  expect(violations.filter((v) => v.rule === "color-contrast")).toEqual([]);
});

// ---------------------------------------------------------------------------------------------
// 9. Bad attributes

test("bad attributes are explained inside their element, and the others keep working", async ({ page }) => {
  await open(page, BLOG);
  const cases = [
    { attributes: { scenario: "paxos-made-complex" }, says: [`scenario="paxos-made-complex" is not a scenario`, `Scenarios: ${SCENARIOS.join(", ")}`] },
    { attributes: { acceptors: "1000" }, says: ["settings.acceptors must be a whole number from 1 to 9, not 1000"] },
    { attributes: { seed: "abc" }, says: [`seed="abc" is not a seed`, "whole number"] },
    { attributes: { run: "v2.garbage" }, says: ["run: this shared run cannot be loaded"] },
    { attributes: { controls: "bogus" }, says: [`controls="bogus" is not one of full, minimal, none`] },
    { attributes: { panels: "ring,foo" }, says: [`"foo" is not a panel`, "Panels: ring, diagram, pseudocode, log, invariants"] },
  ];
  const bad = [];
  for (const { attributes, says } of cases) {
    const pg = await addPlayground(page, attributes);
    bad.push(pg);
    const box = pg.getByRole("alert"); // only visible alerts: the explanation
    await expect(box, JSON.stringify(attributes)).toHaveCount(1);
    await expect(box).toHaveAttribute("id", "config-error");
    for (const text of says) await expect(box, JSON.stringify(attributes)).toContainText(text);
    await expect(box.locator("li")).toHaveCount(1); // this attribute's problem only
  }
  // Only the bad elements show an explanation: one each.
  for (const pg of await playgrounds(page).all()) {
    const isBad = (await pg.getAttribute("data-test")) !== null;
    await expect(configError(pg)).toBeVisible({ visible: isBad });
  }
  // The post's own playgrounds still work.
  for (const pg of [playgrounds(page).nth(0), playgrounds(page).nth(1)]) {
    const before = await step(pg);
    await button(pg, "Step").click();
    await expect.poll(() => step(pg)).toBe(before + 1);
  }
  // And a bad element still shows a run it can step (the defaults where an attribute is wrong).
  await button(bad[0], "Step").click();
  await expect(position(bad[0])).toHaveText("step 2 of 2");
});

test("attribute values with markup are shown as text, never run", async ({ page }) => {
  await open(page, BLOG);
  const markup = "<img src=x onerror=alert(1)>";
  const pg = await addPlayground(page, { scenario: markup });
  await expect(configError(pg)).toContainText(`scenario="${markup}" is not a scenario`);
  const values = await addPlayground(page, { values: "<img src=y onerror=alert(2)>" });
  await expect(logItems(values).first()).toContainText('P proposes "<img src=y onerror=alert(2)>"');
  await page.waitForTimeout(500); // an <img src=x> would have failed to load by now
  await expect(page.locator("img")).toHaveCount(0); // pierces the shadow roots too
  // No alert: the guard fails the test on any dialog.
});

// ---------------------------------------------------------------------------------------------
// 10. embed.html

test("embed.html: query parameters are the element's attributes", async ({ page }) => {
  await open(page, "/embed.html?scenario=dueling&controls=minimal&panels=ring,diagram");
  const pg = playgrounds(page).first();
  expect(await nodeNames(pg)).toEqual(["P", "Q", "A", "B", "C"]);
  expect(await shown(pg)).toMatchObject({
    scenario: false, play: true, step: true, network: false,
    ring: true, diagram: true, log: false, pseudocode: false, invariants: false,
  });
  await expect(page.locator("#embed-error")).toBeHidden();
  await expect(configError(pg)).toBeHidden();
});

test("embed.html: an unknown parameter is named", async ({ page }) => {
  await open(page, "/embed.html?foo=1&scenario=two-proposers");
  const note = page.locator("#embed-error");
  await expect(note).toBeVisible();
  await expect(note).toContainText(`embed.html does not know "foo"`);
  await expect(note).toContainText("scenario, acceptors, proposers, values, seed");
  // The known parameter still applies.
  expect(await nodeNames(playgrounds(page).first())).toEqual(["P", "Q", "A", "B", "C"]);
});

// ---------------------------------------------------------------------------------------------
// 11. The built folder (node scripts/dist.mjs) is self-contained

for (const path of ["/dist/examples/blog-post.html", "/dist/index.html"]) {
  test(`dist: ${path} loads only from dist/ and its playgrounds step`, async ({ page, baseURL }) => {
    const requested = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.origin === new URL(baseURL).origin) requested.push(url.pathname);
    });
    await open(page, path);
    const count = await playgrounds(page).count();
    expect(count).toBe(path.includes("blog") ? 2 : 1);
    for (const pg of await playgrounds(page).all()) {
      const before = await step(pg);
      await button(pg, "Step").click();
      await expect.poll(() => step(pg)).toBe(before + 1);
    }
    // The bundle and the wasm came from dist/, and nothing from outside it.
    expect(requested).toEqual(expect.arrayContaining(["/dist/www/paxos-playground.js", "/dist/pkg/paxos_playground_bg.wasm"]));
    expect(requested.filter((p) => !p.startsWith("/dist/")), "every file came from dist/").toEqual([]);
  });
}

test("each playground is one landmark, named after its run; two on a page do not repeat their parts", async ({ page }) => {
  await open(page, BLOG);
  const regions = page.getByRole("region", { name: /^Paxos playground: / });
  await expect(regions).toHaveCount(2);
  await expect(regions.nth(0)).toHaveAccessibleName("Paxos playground: The article's example");
  await expect(regions.nth(1)).toHaveAccessibleName(/^Paxos playground: Dueling proposers/);
  // Their parts (cluster, diagram, ...) are groups, not landmarks: axe's landmark-unique holds.
  const { violations } = await new AxeBuilder({ page }).withRules(["landmark-unique"]).analyze();
  expect(violations).toEqual([]);
});
