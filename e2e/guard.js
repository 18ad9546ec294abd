// Shared by the page tests: fail a test on any console error, uncaught exception or dialog,
// and (unless told not to) open the playground before each test.
import { expect } from "@playwright/test";

/**
 * Installs the guard on `test`, and the start page unless `openStartPage` is false (tests that
 * open their own pages). A test that expects errors clears `testInfo.problems`.
 */
export function guardPage(test, { openStartPage = true } = {}) {
  test.beforeEach(async ({ page }, testInfo) => {
    const problems = [];
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console error: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("dialog", (dialog) => {
      problems.push(`unexpected dialog: ${dialog.message()}`);
      dialog.dismiss();
    });
    testInfo.problems = problems;
    if (!openStartPage) return;
    await page.goto("/");
    await expect(page.getByRole("button", { name: /^P, proposer, learner/ })).toBeVisible();
  });

  test.afterEach(async ({}, testInfo) => {
    expect(testInfo.problems, "no console errors, page errors or dialogs").toEqual([]);
  });
}
