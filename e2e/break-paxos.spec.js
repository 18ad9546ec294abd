// Page tests of the "Break Paxos" panel: a change restarts the run at once under the new
// rules, as the panel says; the verdict and its reasons are the core's; Q1 says when switch 4
// replaces it; the pseudocode shows the code that runs in place of a changed line; and a
// second value chosen is drawn as an alarm, by the event's field.
import { test, expect } from "@playwright/test";
import { guardPage } from "./guard.js";

guardPage(test);

const position = (page) => page.locator("#timeline-position");
const breakStatus = (page) => page.locator("#break-status");
const verdict = (page) => page.locator("#break-verdict");
const reasons = (page) => page.locator("#break-reasons li");
const q1 = (page) => page.getByLabel("Q1", { exact: true });
const step = (page) => page.getByRole("button", { name: "Step", exact: true });

async function openBreakPaxos(page) {
  await page.getByText("Break Paxos", { exact: true }).click();
}

/** The run's rules view, as the core gives it to the page. */
const coreRules = (page) => page.locator("paxos-playground").evaluate((element) => element.app.sim.rules());

/** Plays at top speed until nothing is in flight. */
async function playToQuiet(page) {
  await page.locator("#speed").fill("10");
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await expect(page.locator("#in-flight-empty")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("button", { name: "Play", exact: true })).toBeVisible();
}

test("a switch restarts the run at once under the new rules, same scenario and seed, and says so", async ({ page }) => {
  await page.getByLabel("Scenario").selectOption("two-proposers");
  const start = await position(page).textContent(); // "step N of N": the scenario's setup
  const [, setup] = /^step (\d+) of/.exec(start);
  for (let i = 0; i < 3; i++) await step(page).click();
  await expect(position(page)).toHaveText(`step ${Number(setup) + 3} of ${Number(setup) + 3}`);
  await openBreakPaxos(page);
  // By keyboard: focus the switch and press Space.
  const switch1 = page.getByRole("checkbox", { name: /^1\. Ignore accepted values/ });
  await switch1.focus();
  await page.keyboard.press("Space");
  await expect(switch1).toBeChecked();
  await expect(switch1).toBeFocused(); // the restart leaves the keyboard where it was
  await expect(position(page)).toHaveText(start); // back to the start, at once
  await expect(page.getByRole("status").filter({ hasText: "started again" })).toHaveText(
    "The run started again from its beginning, with the same seed, under these rules: unsafe on this cluster.",
  );
  await expect(page.getByLabel("Scenario")).toHaveValue("two-proposers");
  await expect(page.getByLabel("Seed (message delays)")).toHaveValue("1");
  expect((await coreRules(page)).rules.ignoreAcceptedValues).toBe(true);
  await expect(page.locator("#pseudocode .line.broken")).toHaveCount(1);
  // What Verify checks is the run shown: the broken one.
  await page.getByRole("button", { name: "Verify", exact: true }).click();
  await expect(page.locator("#verify-result")).toContainText("Violation of agreement", { timeout: 60_000 });
  // Off again (the counterexample loaded and plays; a restart stops it): correct Paxos.
  await switch1.uncheck();
  await expect(verdict(page)).toHaveText("Safe on this cluster: no run can choose two values.");
  await expect(page.locator("#break-summary")).toContainText("This run is correct Paxos");
  await expect(page.locator("#pseudocode .line.broken")).toHaveCount(0);
});

test("a quorum applies when committed; a bad one gets the core's error naming the field and loses nothing", async ({ page }) => {
  await step(page).click();
  const log = await page.locator("#log li").allTextContents();
  const where = await position(page).textContent();
  await openBreakPaxos(page);
  await q1(page).fill("7");
  await q1(page).press("Enter");
  await expect(page.getByRole("alert")).toHaveText("rules.phase1Quorum must be a whole number from 1 to 3 (the number of acceptors), not 7");
  await expect(breakStatus(page)).toContainText("Not restarted, the run is kept: rules.phase1Quorum must be");
  await expect(q1(page)).toHaveValue("7"); // what was typed stays, to be corrected
  await expect(page.locator("#log li")).toHaveText(log);
  await expect(position(page)).toHaveText(where);
  // Corrected, and committed by leaving the field: the run restarts under Q1 = 1.
  await q1(page).fill("1");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("alert")).toBeHidden();
  await expect(position(page)).toHaveText("step 1 of 1");
  await expect(verdict(page)).toHaveText("Unsafe on this cluster: some run can choose two values.");
  await expect(verdict(page)).toHaveClass(/unsafe/);
  await expect(page.locator("#break-summary")).toHaveText(
    "This run is Flexible Paxos: phase 1 waits for 1 of 3 promises, and a value is chosen when 2 of 3 acceptors accept it.",
  );
  // The reasons are the core's sentences, shown as they are.
  const core = await coreRules(page);
  expect(core.verdict.safe).toBe(false);
  await expect(reasons(page)).toHaveText(core.verdict.reasons);
  await expect(reasons(page).first()).toContainText("1 + 2 ≤ 3");
  // Enter on the same value restarts nothing more.
  await step(page).click();
  await q1(page).press("Enter");
  await expect(position(page)).toHaveText("step 2 of 2");
});

test("switch 4 replaces Q1, and the page says so; the verdict follows the cluster, as the core decides", async ({ page }) => {
  await openBreakPaxos(page);
  await q1(page).fill("3");
  await q1(page).press("Enter");
  await expect(page.locator("#break-summary")).toContainText("phase 1 waits for 3 of 3 promises");
  const note = page.locator("#break-q1-note");
  await expect(note).toBeHidden();
  await page.getByRole("checkbox", { name: /^4\. Minority promises/ }).check();
  await expect(q1(page)).toBeDisabled();
  await expect(note).toBeVisible();
  await expect(note).toHaveText("Q1 is not used while switch 4 is on: the switch sets phase 1's quorum.");
  await expect(q1(page)).toHaveValue("3"); // kept for when switch 4 is off again
  await expect(page.locator("#break-summary")).toContainText("phase 1 waits for 1 of 3 promises (set by switch 4)");
  // Three acceptors: one promise can miss a majority that accepted.
  await expect(verdict(page)).toHaveText("Unsafe on this cluster: some run can choose two values.");
  await expect(reasons(page)).toHaveText((await coreRules(page)).verdict.reasons);
  await page.getByRole("checkbox", { name: /^4\. Minority promises/ }).uncheck();
  await expect(q1(page)).toBeEnabled();
  await expect(note).toBeHidden();
  await expect(page.locator("#break-summary")).toContainText("phase 1 waits for 3 of 3 promises");

  // Two acceptors: the minority is one promise, which still meets every majority: safe.
  await page.getByText("Cluster settings").click();
  await page.getByLabel("Acceptors", { exact: true }).fill("2");
  await page.getByRole("button", { name: "Start new run" }).click();
  await page.getByRole("checkbox", { name: /^4\. Minority promises/ }).check();
  await expect(verdict(page)).toHaveText("Safe on this cluster: no run can choose two values.");
  await expect(verdict(page)).toHaveClass(/safe/);
  await expect(reasons(page).first()).toContainText("no minority");
  await expect(page.locator("#break-summary")).toContainText("phase 1 waits for 1 of 2 promises (set by switch 4)");
  await expect(reasons(page)).toHaveText((await coreRules(page)).verdict.reasons);
});

test("switch 2 needs two proposers, and the verdict says so; with two it is unsafe", async ({ page }) => {
  await openBreakPaxos(page);
  const switch2 = page.getByRole("checkbox", { name: /^2\. Non-unique proposal numbers/ });
  await switch2.check();
  await expect(verdict(page)).toHaveText("Safe on this cluster: no run can choose two values.");
  await expect(reasons(page)).toHaveText(["non-unique-numbers needs two proposers: one proposer never uses a number twice."]);
  await expect(page.locator("#break-summary")).toContainText("This run has 1 Break Paxos switch on");
  await page.getByLabel("Scenario").selectOption("two-proposers");
  await expect(switch2).not.toBeChecked(); // a scenario starts with correct Paxos
  await switch2.check();
  await expect(verdict(page)).toHaveText("Unsafe on this cluster: some run can choose two values.");
  await expect(reasons(page).first()).toContainText("two proposers use the same number");
});

test("a changed pseudocode line shows the code that runs, with the line as written struck through", async ({ page }) => {
  await openBreakPaxos(page);
  await page.getByRole("checkbox", { name: /^5\. Accept below the promise/ }).check();
  const broken = page.locator("#pseudocode .line.broken");
  await expect(broken).toHaveCount(2);
  const core = (await coreRules(page)).brokenLines;
  expect(core.map((b) => b.code)).toEqual(["  if (true) {                  // any number, even below the promise", "    promisedNumber = max(promisedNumber, n);"]);
  for (const [i, change] of core.entries()) {
    const line = broken.nth(i);
    await expect(line).toContainText(change.code);
    await expect(line).toHaveAttribute("title", new RegExp(`^As written: .*\\n${change.how.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
  }
  await expect(broken.nth(0).locator("del.was")).toHaveText("As written:   if (n >= promisedNumber) { // not promised to ignore n");
  await expect(broken.nth(1).locator("del.was")).toHaveText("As written:     promisedNumber = n;      // accepting n also promises n");
  // The line as written is drawn struck through and muted, the code that runs in red.
  await expect(broken.nth(1).locator("del.was")).toHaveCSS("text-decoration-line", "line-through");
  await expect(broken.nth(1)).toHaveCSS("color", "rgb(138, 17, 17)");
  // Off again: the line is as written, and only once.
  await page.getByRole("checkbox", { name: /^5\. Accept below the promise/ }).uncheck();
  await expect(broken).toHaveCount(0);
  await expect(page.locator("#pseudocode del")).toHaveCount(0);
  await expect(page.locator("#pseudocode")).toContainText("    promisedNumber = n;      // accepting n also promises n");
});

for (const scheme of ["light", "dark"]) {
  test(`a second value chosen is an alarm in the log and the diagram, by the event's field (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openBreakPaxos(page);
    await page.getByRole("checkbox", { name: /^1\. Ignore accepted values/ }).check();
    await playToQuiet(page);
    await expect(page.locator("#status")).toHaveText("Chosen: Hello");
    await page.getByLabel("Value", { exact: true }).fill("World");
    await page.getByRole("button", { name: "Propose", exact: true }).click();
    await playToQuiet(page);
    await expect(page.locator("#status")).toHaveText("Safety broken: two values chosen");
    const alarm = page.locator("#log li.safety-broken");
    await expect(alarm).toHaveCount(1);
    await expect(alarm).toContainText('SAFETY BROKEN: "World" is chosen too');
    const first = page.locator("#log li.chosen").first();
    await expect(first).not.toHaveClass(/safety-broken/);
    // The alarm colours of the theme, not the success green of the first choice.
    const colors = {
      light: { alarm: "rgb(138, 17, 17)", background: "rgb(253, 236, 236)", chosen: "rgb(17, 132, 91)" },
      dark: { alarm: "rgb(255, 189, 189)", background: "rgb(59, 28, 31)", chosen: "rgb(76, 201, 151)" },
    }[scheme];
    await expect(alarm).toHaveCSS("color", colors.alarm);
    await expect(alarm).toHaveCSS("background-color", colors.background);
    await expect(first).toHaveCSS("color", colors.chosen);
    // The diagram marks it too, as "safety broken", not "still chosen".
    const marks = page.locator("#diagram .mark.chosen");
    await expect(marks).toHaveCount(2);
    await expect(marks.nth(1)).toHaveClass(/broken/);
    await expect(marks.nth(1).locator(".mark-label")).toHaveText("safety broken");
    await expect(marks.nth(0).locator(".mark-label")).toHaveText("chosen");
    await page.screenshot({ path: test.info().outputPath(`safety-broken-${scheme}.png`), fullPage: true });
  });
}
