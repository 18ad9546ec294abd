// Page tests of the model checker and the "Break Paxos" switches: Verify runs in a worker
// with progress and Cancel; a counterexample loads into the timeline, plays, and turns the
// invariants panel red; the switches restart the run and mark the lines they change.
import { test, expect } from "@playwright/test";
import { guardPage } from "./guard.js";

guardPage(test);

const result = (page) => page.locator("#verify-result");
const verifyButton = (page) => page.getByRole("button", { name: "Verify", exact: true });
const brokenRules = (page) => page.locator("#invariants li.broken");

/**
 * The Break Paxos form's checkbox for each switch, by the core's name (paxos::SWITCHES): the
 * field names the form has used (a switch renamed keeps its old field name as a fallback).
 */
const SWITCH_FIELDS = {
  "ignore-accepted": ["ignoreAcceptedValues"],
  "non-unique-numbers": ["nonUniqueNumbers"],
  "forget-on-crash": ["forgetOnCrash"],
  "minority-promises": ["minorityPromises"],
  "accept-below-promise": ["acceptBelowPromise"],
};

/**
 * Sets the run's rules as the page offers them: opens the Break Paxos form, ticks the switches
 * named (the core's names) and commits the quorums; each change restarts the run at once.
 */
async function breakPaxos(page, switches, quorums = {}) {
  if (!(await page.locator("#break").evaluate((details) => details.open))) {
    await page.getByText("Break Paxos", { exact: true }).click();
  }
  for (const name of switches) {
    const fields = SWITCH_FIELDS[name].map((field) => `#break-form input[name="${field}"]`);
    await page.locator(fields.join(", ")).first().check();
  }
  // A switch restarts the run when it changes; a quorum when it is committed (Enter).
  for (const [label, value] of [["Q1", quorums.q1], ["Q2", quorums.q2]]) {
    if (value === undefined) continue;
    await page.getByLabel(label, { exact: true }).fill(String(value));
    await page.getByLabel(label, { exact: true }).press("Enter");
  }
}

/** The seconds the last search took, as the panel reports them. */
async function searchSeconds(page) {
  const text = await page.locator("#verify-progress").textContent();
  return Number(/in ([\d.]+) s/.exec(text)?.[1]);
}

test("Verify on the default scenario finds no violation, and shows that a value can be chosen", async ({ page }) => {
  await expect(page.locator("#verify-rounds")).toHaveValue("2"); // one proposer: a retry too
  const position = await page.locator("#timeline-position").textContent();
  await verifyButton(page).click();
  await expect(page.getByRole("button", { name: "Cancel", exact: true })).toBeEnabled();
  await expect(result(page)).toHaveClass(/holds/, { timeout: 60_000 });
  await expect(result(page)).toContainText(/^No violation in [\d,]+ states \(3 acceptors, P proposes "Hello", 2 rounds per proposer/);
  await expect(result(page)).toContainText('Some run reaches "a value is chosen"');
  // The verdict names the exact reductions the search used, both on by default.
  await expect(result(page)).toContainText("Symmetry reduction on: exact, acceptors that differ only by name are counted once, and every verdict is the same as without it.");
  await expect(result(page)).toContainText("Partial-order reduction on: exact");
  await expect(page.locator("#verify-progress")).toContainText(/states, depth \d+, in [\d.]+ s \([\d,]+ states\/s\)/);
  await expect(page.locator("#verify-estimate")).toBeHidden(); // the estimate goes with the search
  await expect(verifyButton(page)).toBeEnabled();
  await expect(brokenRules(page)).toHaveCount(0);
  await expect(page.locator("#timeline-position")).toHaveText(position); // the run was left alone
  // One proposer proposes one value, and it is the one learner: two checks cannot fail, so
  // they are not run, and the panel says why.
  const checked = page.locator("#verify-checked");
  await expect(checked).toContainText("Checked: validity, a value is chosen.");
  await expect(checked).toContainText('Not applicable here: agreement (only one value can be proposed: P proposes "Hello"');
  await expect(checked).toContainText("learner agreement (P is the only node that learns, so no two learners can disagree)");
});

test("the exact reductions say so and are on by default; with them off the verdict names none", async ({ page }) => {
  const symmetry = page.getByRole("checkbox", { name: /^Symmetry \(exact, on by default\): count acceptors that differ only by name once$/ });
  const partialOrder = page.getByRole("checkbox", { name: /^Partial order \(exact, on by default\): skip orders of steps that cannot change a verdict$/ });
  await expect(symmetry).toBeChecked();
  await expect(partialOrder).toBeChecked();
  await symmetry.uncheck();
  await partialOrder.uncheck();
  await page.locator("#verify-rounds").fill("1");
  await verifyButton(page).click();
  await expect(result(page)).toHaveClass(/holds/, { timeout: 60_000 });
  // Every interleaving and every renaming: the count tests/it/playground_check.rs pins.
  await expect(result(page)).toContainText(/^No violation in 290 states \(3 acceptors, P proposes "Hello", 1 round per proposer/);
  await expect(result(page)).not.toContainText("reduction");
  const states = async () => Number(/No violation in ([\d,]+) states/.exec(await result(page).textContent())[1].replaceAll(",", ""));
  await symmetry.check();
  await verifyButton(page).click();
  await expect(result(page)).toContainText(/^No violation in [\d,]+ states .*Symmetry reduction on: exact/);
  await expect(result(page)).not.toContainText("Partial-order");
  const symmetric = await states();
  await partialOrder.check();
  await verifyButton(page).click();
  await expect(result(page)).toContainText(/Symmetry reduction on: exact.*Partial-order reduction on: exact/);
  await expect(result(page)).toHaveClass(/holds/);
  // Each reduction stores fewer states, and the verdict (and "a value is chosen") stays.
  expect(symmetric).toBeLessThan(290);
  expect(await states()).toBeLessThan(symmetric);
  await expect(result(page)).toContainText('Some run reaches "a value is chosen"');
});

test("a long search shows an estimate of the time left, labelled as one", async ({ page }, testInfo) => {
  // The article's cluster, 2 rounds, lossy messages: about 860,000 states, 20-40 s here. Its
  // waiting states grow for the first third of it, then shrink.
  await page.locator("#verify-loss").check();
  await verifyButton(page).click();
  const estimate = page.locator("#verify-estimate");
  await expect(estimate).toHaveText("Time left: still growing, no estimate yet (the states waiting to be explored are still increasing).", { timeout: 15_000 });
  await expect(estimate).toHaveText(/^Time left: (about [\w ]+|a few seconds) \(an estimate: the states waiting to be explored are shrinking\)\.$/, { timeout: 45_000 });
  testInfo.annotations.push({ type: "estimate", description: `${await estimate.textContent()} at ${await page.locator("#verify-progress").textContent()}` });
  await expect(page.locator("#verify-caution")).toBeHidden(); // it ends well below the limit
  await page.getByRole("button", { name: "Cancel", exact: true }).click();
  await expect(estimate).toBeHidden();
});

test("a search that will reach the state limit warns within seconds, says what to try, and Cancel stops it", async ({ page }, testInfo) => {
  // Two proposers with 2 rounds each pass the 2,000,000-state limit (about 80 s to get there);
  // the projection says so after a second or two.
  await page.getByLabel("Scenario").selectOption("two-proposers");
  await page.locator("#verify-rounds").fill("2");
  const started = Date.now();
  await verifyButton(page).click();
  const caution = page.locator("#verify-caution");
  await expect(caution).toBeVisible({ timeout: 15_000 });
  testInfo.annotations.push({ type: "warned after", description: `${(Date.now() - started) / 1000} s, at ${await page.locator("#verify-progress").textContent()}` });
  await expect(caution).toHaveRole("status"); // a caution, announced politely, not an alert
  await expect(caution).not.toHaveClass(/error|violation/);
  await expect(caution).toContainText("Likely to stop at the state limit.");
  await expect(caution).toContainText("projected past this search's limit of 2,000,000, so it will probably stop there without a verdict");
  await expect(caution.locator("li")).toHaveText(["fewer rounds per proposer (2 now)"]);
  await expect(page.locator("#verify-estimate")).toHaveText(/^Time left: likely to reach the state limit in (about [\w ]+|a few seconds) at the current pace \(an estimate: a search often slows as it grows\)\.$/);
  await expect(result(page)).toHaveText(""); // no verdict yet: the search goes on
  const cancel = page.getByRole("button", { name: "Cancel", exact: true });
  await expect(cancel).toBeEnabled();
  await cancel.focus();
  await page.keyboard.press("Enter"); // at hand from the keyboard too
  await expect(result(page)).toHaveClass(/cancelled/);
  await expect(caution).toBeHidden();
});

test("on the article's one-proposer cluster, a switch that needs two proposers says why no violation shows, and what to try", async ({ page }, testInfo) => {
  await breakPaxos(page, ["ignore-accepted"]);
  await expect(page.locator("#verify-rounds")).toHaveValue("2");
  await verifyButton(page).click();
  // Not the green "holds": the rules are broken, these bounds just cannot show it.
  await expect(result(page)).toHaveClass(/limit/, { timeout: 60_000 });
  await expect(result(page)).toContainText(/^No violation in [\d,]+ states \(3 acceptors, P proposes "Hello", .*broken: ignore-accepted[,)]/);
  await expect(result(page)).toContainText("These bounds cannot show what the rules break: ignore-accepted needs two different values proposed");
  await expect(result(page)).toContainText('Try the "Two proposers" scenario');
  testInfo.annotations.push({ type: "seconds", description: `ignore-accepted, one proposer: ${await searchSeconds(page)} s` });
});

// Every switch that breaks agreement shows a counterexample on the Two proposers scenario (3
// acceptors, 2 proposers, 1 round each), each in 4 to 8 s here (2 cores under load). All but
// forget-on-crash: with 3 acceptors and a crash its search stores 549,305 states before the
// counterexample, 108.5 s in this page (33 s natively; depth-first is slower still: 2.8 million
// states natively), too long for a page test. It needs one crash per acceptor in both quorums,
// so its fastest honest setting is the same scenario with 1 acceptor and 1 crash: 727 states.
for (const [name, crashes, acceptors] of [
  ["ignore-accepted", 0, 3],
  ["non-unique-numbers", 0, 3],
  ["minority-promises", 0, 3],
  ["accept-below-promise", 0, 3],
  ["forget-on-crash", 1, 1],
]) {
  test(`switch ${name}: Verify finds a counterexample on Two proposers${acceptors === 3 ? "" : ` with ${acceptors} acceptor`}`, async ({ page }, testInfo) => {
    await page.getByLabel("Scenario").selectOption("two-proposers");
    if (acceptors !== 3) {
      await page.getByText("Cluster settings", { exact: true }).click();
      await page.locator("#set-acceptors").fill(String(acceptors));
      await page.getByRole("button", { name: "Start new run" }).click();
    }
    await breakPaxos(page, [name]);
    await expect(page.locator("#verify-rounds")).toHaveValue("1");
    await page.locator("#verify-crashes").fill(String(crashes));
    await verifyButton(page).click();
    await expect(result(page)).toHaveClass(/violation/, { timeout: 50_000 });
    await expect(result(page)).toContainText("Violation of agreement");
    await expect(result(page)).toContainText(`(${acceptors} acceptor${acceptors === 1 ? "" : "s"}, P proposes "Hello", Q proposes "World"`);
    await expect(page.locator("#verify-checked")).toHaveText("Checked: agreement, validity, learner agreement, a value is chosen.");
    const progress = await page.locator("#verify-progress").textContent();
    testInfo.annotations.push({ type: "search", description: `${name}: ${progress}` });
  });
}

test("switch 1 (ignore accepted values): the counterexample plays and the invariants panel turns red", async ({ page }) => {
  await page.getByLabel("Scenario").selectOption("two-proposers");
  await breakPaxos(page, ["ignore-accepted"]);
  await expect(page.locator("#break-summary")).toContainText("This run has 1 Break Paxos switch on");
  const faulty = page.locator("#pseudocode .line.broken");
  await expect(faulty).toHaveCount(1);
  await expect(faulty).toContainText("let v = highest ? highest.value : myValue");
  await expect(page.locator("#verify-rounds")).toHaveValue("1"); // two proposers: one round each
  await verifyButton(page).click();
  await expect(result(page)).toHaveClass(/violation/, { timeout: 60_000 });
  await expect(result(page)).toContainText("Violation of agreement");
  const steps = page.locator("#verify-steps li");
  expect(await steps.count()).toBeGreaterThan(4);
  await expect(steps.first()).toContainText("proposes");
  // Loaded into the timeline and playing from the start: green first, red at the last step.
  await expect(page.locator("#notice")).toContainText("counterexample is loaded");
  const length = await steps.count();
  const position = page.locator("#timeline-position");
  await expect(position).toHaveText(new RegExp(`^step [0-4] of ${length}$`));
  await expect(brokenRules(page)).toHaveCount(0);
  await expect(position).toHaveText(`step ${length} of ${length}`, { timeout: 30_000 });
  await expect(brokenRules(page)).toHaveCount(1);
  await expect(brokenRules(page)).toContainText("At most one value is chosen");
  await expect(page.locator("#log")).toContainText("SAFETY BROKEN");
  await expect(page.locator("#status")).toHaveText("Safety broken: two values chosen");
  // The run is a run like any other: Back shows the step before, where safety still held.
  await page.getByRole("button", { name: "Back" }).click();
  await expect(brokenRules(page)).toHaveCount(0);
});

test("Cancel stops a long search and the page stays usable while it runs and after", async ({ page }) => {
  await page.getByLabel("Scenario").selectOption("two-proposers");
  await page.locator("#verify-rounds").fill("2"); // correct Paxos, two proposers, two rounds: minutes
  await verifyButton(page).click();
  await expect(page.locator("#verify-progress")).toContainText(/Explored [\d,]+ states/, { timeout: 30_000 });
  // The search runs in a worker: the page still steps while it works.
  const before = await page.locator("#log li").count();
  await page.getByRole("button", { name: "Step", exact: true }).click();
  await expect(page.locator("#log li")).not.toHaveCount(before);
  const position = page.locator("#timeline-position");
  const [, shown] = /^step (\d+)/.exec(await position.textContent());
  await page.getByRole("button", { name: "Cancel", exact: true }).click();
  await expect(result(page)).toHaveClass(/cancelled/);
  await expect(result(page)).toContainText(/Cancelled after [\d,]+ states: no verdict/);
  await expect(verifyButton(page)).toBeEnabled();
  await expect(page.getByRole("button", { name: "Cancel", exact: true })).toBeDisabled();
  await page.getByRole("button", { name: "Step", exact: true }).click();
  await expect(position).toHaveText(new RegExp(`^step ${Number(shown) + 1} of`));
});

test("Flexible Paxos: quorums that need not meet are called unsafe and the checker proves it", async ({ page }) => {
  await page.getByLabel("Scenario").selectOption("two-proposers");
  await breakPaxos(page, [], { q1: 1 });
  await expect(page.locator("#break-verdict")).toHaveText("Unsafe on this cluster: some run can choose two values.");
  await expect(page.locator("#break-reasons")).toContainText("since 1 + 2 ≤ 3");
  await expect(page.locator("#pseudocode .line.broken")).toHaveCount(1);
  await expect(page.locator("#pseudocode .line.broken")).toHaveAttribute("title", /waits for 1 of 3 promises.*unsafe/);
  await verifyButton(page).click();
  await expect(result(page)).toHaveClass(/violation/, { timeout: 60_000 });
  await expect(result(page)).toContainText("Violation of agreement");
});

test("bad rules and bounds are refused with a clear message, and the run is kept", async ({ page }) => {
  await page.getByRole("button", { name: "Step", exact: true }).click();
  const log = await page.locator("#log li").allTextContents();
  await breakPaxos(page, [], { q1: 7 });
  await expect(page.getByRole("alert")).toContainText("rules.phase1Quorum must be a whole number from 1 to 3 (the number of acceptors), not 7");
  await expect(page.locator("#log li")).toHaveText(log);
  await page.locator("#verify-rounds").fill("9");
  await verifyButton(page).click();
  await expect(result(page)).toContainText("options.rounds must be a whole number from 1 to 5, not 9");
  await expect(verifyButton(page)).toBeEnabled();
  await expect(page.locator("#log li")).toHaveText(log);
});

test("a counterexample that arrives after the run changed is offered, not forced on it", async ({ page }) => {
  await page.getByLabel("Scenario").selectOption("two-proposers");
  await breakPaxos(page, ["ignore-accepted"]);
  await verifyButton(page).click();
  await page.getByRole("button", { name: "Step", exact: true }).click(); // the run moves on
  const position = await page.locator("#timeline-position").textContent();
  await expect(result(page)).toHaveClass(/violation/, { timeout: 60_000 });
  await expect(result(page)).toContainText("Your run changed while the checker worked, so it is kept.");
  await expect(page.locator("#timeline-position")).toHaveText(position);
  await page.getByRole("button", { name: "Load the counterexample" }).click();
  await expect(page.locator("#notice")).toContainText("counterexample is loaded");
  await expect(brokenRules(page)).toHaveCount(1, { timeout: 30_000 });
});

test("without a module that has the checker, Verify names the command that builds one", async ({ page }, testInfo) => {
  // pkg/ here is the page's module, built without the checker; pkg/checker/ goes missing.
  await page.route("**/pkg/checker/**", (route) => route.fulfill({ status: 404, body: "" }));
  await verifyButton(page).click();
  await expect(result(page)).toHaveClass(/error/);
  await expect(result(page)).toHaveText(
    "The model checker's module is not built: run `npm run build` (or `wasm-pack build --target web`), then reload the page.",
  );
  await expect(verifyButton(page)).toBeEnabled();
  // The browser reports the 404s it was given as console errors: those, and only those, are expected.
  testInfo.problems.splice(0, Infinity, ...testInfo.problems.filter((p) => !/404/.test(p)));
});

test("dist: Verify runs the checker bundled with its worker, from dist/ only", async ({ page, baseURL }) => {
  const requested = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.origin === new URL(baseURL).origin) requested.push(url.pathname);
  });
  await page.goto("/dist/index.html");
  await verifyButton(page).click();
  await expect(result(page)).toHaveClass(/holds/, { timeout: 60_000 });
  expect(requested).toEqual(expect.arrayContaining(["/dist/www/verify-worker.js", "/dist/pkg/checker/paxos_playground_bg.wasm"]));
  expect(requested.filter((p) => !p.startsWith("/dist/")), "every file came from dist/").toEqual([]);
  expect(requested.filter((p) => p.includes("/pkg/")).sort()).toEqual(["/dist/pkg/checker/paxos_playground_bg.wasm", "/dist/pkg/paxos_playground_bg.wasm"]);
});
