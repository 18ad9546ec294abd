// Page tests of the space-time diagram: lanes per node, an arrow per message, a cursor that
// follows the step shown, and clicking an arrow to go to its step.
import { test, expect } from "@playwright/test";
import { guardPage } from "./guard.js";
import { paintedFlights, paintedMessages } from "./painted.js";

guardPage(test);

const diagram = (page) => page.locator("#diagram");
/** Arrows of messages that ended at or before the step shown (not the faded future). */
const pastArrows = (page) => page.locator("#diagram .msg:not(.future)");
const arrow = (page, text) => page.locator("#diagram .msg").filter({ hasText: text });
const cursorLabel = (page) => page.locator("#diagram .cursor text");
const inFlightRows = (page) => page.locator("#in-flight-list li");
/** How many messages in flight the diagram paints (of one kind, if given). */
const flightCount = async (page, kind) => (await paintedFlights(page)).filter((f) => !kind || f.kind === kind).length;

/**
 * Clicks a message's arrow at a point of its line that no other arrow covers (arrows cross,
 * and the topmost one takes the click, as it would for a learner's mouse).
 */
async function clickArrow(page, locator) {
  const point = await locator.evaluate((group) => {
    const line = group.querySelector("path.line");
    const length = line.getTotalLength();
    for (const fraction of [0.5, 0.35, 0.65, 0.2, 0.8, 0.1, 0.9]) {
      const p = line.getPointAtLength(length * fraction);
      const screen = new DOMPoint(p.x, p.y).matrixTransform(line.getScreenCTM());
      const hit = group.getRootNode().elementFromPoint(screen.x, screen.y); // the playground's shadow root
      if (hit?.closest("[data-step]") === group) return { x: screen.x, y: screen.y };
    }
    return null;
  });
  expect(point, "a point of the arrow that no other arrow covers").not.toBeNull();
  await page.mouse.click(point.x, point.y);
}

async function playToEnd(page) {
  await page.locator("#speed").fill("10");
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await expect(page.getByRole("button", { name: "Play", exact: true })).toBeVisible({ timeout: 30_000 });
}

test("one lane per node, with a heading and a summary for its name", async ({ page }) => {
  await expect(page.getByRole("heading", { name: "Space-time diagram" })).toBeVisible();
  const group = page.getByRole("group", { name: /^Space-time diagram: / });
  await expect(group).toHaveAttribute("aria-label", /0 messages ended, 0 lost or dropped, 3 in flight, at t=0, step 1 of 1/);
  await expect(diagram(page).locator(".lane-label .name")).toHaveText(["P", "A", "B", "C"]);
  await expect(diagram(page).locator(".lane")).toHaveCount(4);
  // The three Prepares in flight are dashed arrows, one per in-flight message.
  await expect.poll(() => flightCount(page, "prepare")).toBe(3);
  // P's proposal is a mark on its lane.
  await expect(diagram(page).locator(".node-event.propose")).toHaveCount(1);
});

test("arrows appear for delivered messages, colored by kind", async ({ page }) => {
  for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Step", exact: true }).click();
  await expect(pastArrows(page)).toHaveCount(3);
  await expect(diagram(page).locator(".msg.delivered.prepare")).toHaveCount(3);
  await expect(arrow(page, "Prepare 1.P from P to A")).toHaveCount(1);
  await expect(arrow(page, "Prepare 1.P from P to A").locator("title")).toHaveText(/sent at t=0, delivered to A at t=\d+/);
  // Each delivered arrow ends in an arrowhead of its kind's color.
  await expect(arrow(page, "Prepare 1.P from P to A").locator("path.line")).toHaveAttribute("marker-end", "url(#diagram-head-prepare)");
  // What is in flight now is drawn dashed, as many as the in-flight list shows.
  const rows = await inFlightRows(page).count();
  expect(rows).toBeGreaterThan(0);
  await expect.poll(() => flightCount(page)).toBe(rows);

  await playToEnd(page);
  await expect(page.locator("#status")).toHaveText("Chosen: Hello");
  await expect(diagram(page).locator(".msg.delivered.promise")).toHaveCount(3);
  await expect(diagram(page).locator(".msg.delivered.accept")).toHaveCount(3);
  await expect(diagram(page).locator(".msg.delivered.accepted")).toHaveCount(3);
  await expect(diagram(page).locator(".mark.chosen")).toHaveCount(1);
  await expect.poll(() => flightCount(page)).toBe(0);
  await expect(page.getByRole("group", { name: /^Space-time diagram: / })).toHaveAttribute("aria-label", /12 messages ended, 0 lost or dropped, 0 in flight/);
});

test("a dropped message ends partway with an ✕ mark", async ({ page }) => {
  await inFlightRows(page).first().getByRole("button", { name: /^Drop/ }).click();
  const dropped = diagram(page).locator(".msg.dropped");
  await expect(dropped).toHaveCount(1);
  await expect(dropped.locator(".cross")).toHaveCount(1);
  await expect(dropped.locator("title")).toHaveText(/Prepare 1\.P from P to A, sent at t=0, dropped at t=0/);
  await expect(dropped.locator("path.line")).not.toHaveAttribute("marker-end", /./);
  await expect(page.getByRole("group", { name: /^Space-time diagram: / })).toHaveAttribute("aria-label", /1 message ended, 1 lost or dropped, 2 in flight/);
});

test("a message to a crashed node is lost there, and the crash is marked on its lane", async ({ page }) => {
  await page.locator(`#ring [data-node="C"]`).click(); // its menu
  await page.getByRole("menuitem", { name: "Crash C" }).click();
  await expect(diagram(page).locator(".node-event.crash")).toHaveCount(1);
  await expect(diagram(page).locator(".lane-label.crashed .name")).toHaveText("C");
  await expect(diagram(page).locator(".crashed-span")).toHaveCount(1);
  await playToEnd(page);
  const lost = diagram(page).locator(".msg.lost");
  await expect(lost).toHaveCount(2); // C's Prepare and its Accept
  await expect(lost.locator(".cross")).toHaveCount(2);
  await expect(lost.first().locator("title")).toHaveText(/from P to C.*lost at t=\d+: C is crashed/);
  await expect(page.locator("#status")).toHaveText("Chosen: Hello"); // A and B are a majority
});

test("a duplicate shows two arrows for the same message", async ({ page }) => {
  await inFlightRows(page).first().getByRole("button", { name: /^Duplicate/ }).click();
  await expect.poll(() => flightCount(page, "prepare")).toBe(4);
  await playToEnd(page);
  const copies = arrow(page, "Prepare 1.P from P to A");
  await expect(copies).toHaveCount(2);
  await expect(copies.filter({ hasText: "a duplicate copy" })).toHaveCount(1);
  await expect(diagram(page).locator(".msg.delivered.prepare")).toHaveCount(4);
});

test("the network's random duplicates: every copy's arrow is marked, one per duplication in the log", async ({ page }) => {
  await page.locator("#settings summary").click();
  await page.locator("#set-proposers").fill("1");
  await page.locator("#set-values").fill("Hello");
  await page.locator("#set-duplicate").fill("60");
  await page.locator("#seed").fill("3");
  await page.getByRole("button", { name: "Start new run" }).click();
  await playToEnd(page);
  // Nothing is lost, and the network copies a message only as it is sent: every copy ends
  // delivered, and its arrow is the one the duplication's event names (its copyId).
  const duplications = await page.locator("#log li.duplicate").count();
  expect(duplications).toBeGreaterThan(1);
  const copies = diagram(page).locator(".msg.copy");
  await expect(copies).toHaveCount(duplications);
  await expect(copies.filter({ hasText: "(a duplicate copy)" })).toHaveCount(duplications);
  await expect(diagram(page).locator(".msg:not(.copy)").filter({ hasText: "(a duplicate copy)" })).toHaveCount(0);
});

test("the cursor follows Step and Back; Back fades the later events instead of hiding them", async ({ page }) => {
  await expect(cursorLabel(page)).toHaveText("t=0");
  const cursorX = async () => Number(/translate\(([\d.]+)/.exec(await diagram(page).locator(".cursor").getAttribute("transform"))[1]);
  const x0 = await cursorX();
  await page.getByRole("button", { name: "Step", exact: true }).click();
  await page.getByRole("button", { name: "Step", exact: true }).click();
  const clock = (await page.locator("#clock").textContent()).replace(" = ", "=");
  await expect(cursorLabel(page)).toHaveText(clock);
  expect(clock).not.toBe("t=0");
  const x2 = await cursorX();
  expect(x2).toBeGreaterThan(x0);
  await expect(pastArrows(page)).toHaveCount(2);
  // The last step's arrow is highlighted.
  await expect(diagram(page).locator(".msg.current")).toHaveCount(1);

  await page.getByRole("button", { name: "Back" }).click();
  await expect(page.locator("#timeline-position")).toHaveText("step 2 of 3");
  await expect(cursorLabel(page)).toHaveText((await page.locator("#clock").textContent()).replace(" = ", "="));
  await expect(pastArrows(page)).toHaveCount(1);
  await expect(diagram(page).locator(".msg.future")).toHaveCount(1);
  expect(await cursorX()).toBeLessThanOrEqual(x2);

  await page.keyboard.press("Home");
  await expect(cursorLabel(page)).toHaveText("t=0");
  await expect(pastArrows(page)).toHaveCount(0);
  await expect(diagram(page).locator(".msg.future")).toHaveCount(2);
  await page.keyboard.press("End");
  await expect(pastArrows(page)).toHaveCount(2);
  await expect(diagram(page).locator(".future")).toHaveCount(0);
});

test("acting in the past forks the run: the old future leaves the diagram", async ({ page }) => {
  for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Step", exact: true }).click();
  await page.getByRole("button", { name: "Back" }).click();
  await page.getByRole("button", { name: "Back" }).click();
  await expect(diagram(page).locator(".msg.future")).toHaveCount(2);
  await inFlightRows(page).first().getByRole("button", { name: /^Drop/ }).click();
  await expect(page.locator("#notice")).toContainText("old future is discarded");
  await expect(diagram(page).locator(".future")).toHaveCount(0);
  await expect(diagram(page).locator(".msg.dropped")).toHaveCount(1);
  await expect(pastArrows(page)).toHaveCount(2);
});

test("clicking an arrow goes to its step: the timeline, the ring and the diagram agree", async ({ page }) => {
  await playToEnd(page);
  const [, total] = /^step (\d+) of \1$/.exec(await page.locator("#timeline-position").textContent());
  // The first Promise P received (arrows are drawn in the order of the log).
  const promise = diagram(page).locator(".msg.delivered.promise").first();
  const title = await promise.locator("title").textContent();
  const [, at, step] = /delivered to P at t=(\d+)\. Click to show step (\d+)/.exec(title);
  await promise.scrollIntoViewIfNeeded();
  await clickArrow(page, promise);
  await expect(page.locator("#timeline-position")).toHaveText(`step ${step} of ${total}`);
  await expect(page.locator("#timeline")).toHaveValue(step);
  await expect(page.locator("#clock")).toHaveText(`t = ${at}`);
  await expect(cursorLabel(page)).toHaveText(`t=${at}`);
  await expect(promise).toHaveClass(/current/);
  // The ring shows the same step: P has counted exactly the promises delivered so far.
  await expect(diagram(page).locator(".msg.delivered.promise:not(.future)")).toHaveCount(1);
  await expect(page.getByRole("button", { name: /^P, proposer, learner: phase 1: .*, 1\/2 promises/ })).toBeVisible();
  const rows = await inFlightRows(page).count();
  expect(rows).toBeGreaterThan(0);
  await expect.poll(async () => (await paintedMessages(page)).length).toBe(rows);
  await expect.poll(() => flightCount(page)).toBe(rows);
  // The rest of the run stays, faded, and is clickable too.
  await expect(diagram(page).locator(".mark.chosen.future")).toHaveCount(1);
  await diagram(page).locator(".mark.chosen .mark-label").click();
  await expect(page.locator("#status")).toHaveText("Chosen: Hello");
  await expect(diagram(page).locator(".mark.chosen")).not.toHaveClass(/future/);
});

test("two proposers: both proposals, Nacks and the chosen mark are drawn", async ({ page }) => {
  await page.locator("#scenario").selectOption("two-proposers");
  await expect(diagram(page).locator(".lane-label .name")).toHaveText(["P", "Q", "A", "B", "C"]);
  await playToEnd(page);
  await expect(diagram(page).locator(".node-event.propose")).toHaveCount(2);
  await expect(diagram(page).locator(".mark.chosen").first()).toBeVisible();
  const group = page.getByRole("group", { name: /^Space-time diagram: / });
  const label = await group.getAttribute("aria-label");
  const ended = Number(/(\d+) messages ended/.exec(label)[1]);
  await expect(pastArrows(page)).toHaveCount(ended);
});

test("a node's message to itself is a loop on its lane", async ({ page }) => {
  await page.locator("#scenario").selectOption("every-role");
  await playToEnd(page);
  const loops = diagram(page).locator(".msg.self.delivered");
  expect(await loops.count()).toBeGreaterThanOrEqual(3); // A's Prepare, Accept and Accepted to itself, at least
  await expect(loops.first().locator("path.line")).toHaveAttribute("d", /C/);
});

test("messages in flight are painted on their lanes; a held one is marked; a dot's tooltip names it", async ({ page }) => {
  await page.getByRole("button", { name: "Hold message #1" }).click();
  await page.getByRole("button", { name: "Step", exact: true }).click(); // #2 reaches B, which promises
  await expect(page.locator("#timeline-position")).toHaveText("step 3 of 3");
  await diagram(page).scrollIntoViewIfNeeded(); // the dots' positions are in the viewport
  const flights = await paintedFlights(page);
  expect(flights.map((f) => [f.id, f.kind, f.held])).toEqual([[1, "prepare", true], [3, "prepare", false], [4, "promise", false]]);
  // Every dot is inside the plot, between the first lane and the last.
  const box = await diagram(page).locator(".diagram-scroll").boundingBox();
  const lanes = diagram(page).locator(".lane");
  const top = (await lanes.first().boundingBox()).y;
  const bottom = (await lanes.last().boundingBox()).y;
  for (const f of flights) {
    expect(f.x).toBeGreaterThan(box.x);
    expect(f.x).toBeLessThan(box.x + box.width);
    expect(f.y).toBeGreaterThanOrEqual(top - 1);
    expect(f.y).toBeLessThanOrEqual(bottom + 1);
  }
  const group = page.getByRole("group", { name: /^Space-time diagram: / });
  await page.mouse.move(flights[0].x, flights[0].y);
  await expect(group).toHaveAttribute("title", "#1 Prepare(1.P) from P to A, sent at t=0, held in flight until released.");
  await page.mouse.move(flights[2].x, flights[2].y); // #3 is there too: #4, painted last, is on top
  await expect(group).toHaveAttribute("title", /^#4 Promise\(1\.P, none\) from B to P, sent at t=2, in flight, due at t=\d+\.$/);
  await page.mouse.move(box.x + 5, box.y + box.height - 5); // an empty corner
  await expect(group).not.toHaveAttribute("title", /./);
});
