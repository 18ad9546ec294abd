// The playground as `wasm-pack build --target web` and `python3 -m http.server` serve it: one
// module in pkg/, with the crate's default features, so the checker is in it, and no
// pkg/checker/. Play must reach "Chosen: Hello", and Verify must give a verdict from pkg/.
import { test, expect } from "@playwright/test";
import { guardPage } from "./guard.js";

guardPage(test);

test("wasm-pack's pkg/ plays the article's example to Chosen: Hello", async ({ page }) => {
  await page.locator("#speed").fill("10");
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await expect(page.locator("#status")).toHaveText("Chosen: Hello", { timeout: 60_000 });
});

test("Verify gives a verdict with the checker in wasm-pack's pkg/", async ({ page }) => {
  const requested = [];
  page.on("request", (request) => requested.push(new URL(request.url()).pathname));
  page.on("response", (response) => {
    if (response.status() >= 400) requested.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
  await page.getByRole("button", { name: "Verify", exact: true }).click();
  await expect(page.locator("#verify-result")).toHaveClass(/holds/, { timeout: 60_000 });
  await expect(page.locator("#verify-result")).toContainText(/^No violation in [\d,]+ states/);
  await expect(page.locator("#verify-result")).toContainText('Some run reaches "a value is chosen"');
  // The worker found the checker in pkg/ at once: nothing was asked of pkg/checker/, nothing failed.
  expect(requested.filter((path) => path.includes("/pkg/checker/") || /^\d{3} /.test(path))).toEqual([]);
  expect(requested).toContain("/www/verify-worker.js");
});
