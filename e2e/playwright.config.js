// Page tests in Debian's Chromium (never Playwright's downloaded browsers: they are not
// reachable here). The server is the same static server `npm start` uses.
import { defineConfig } from "@playwright/test";
import { CHROMIUM } from "./chromium.js";

// PAGE_TEST_PORT lets two checkouts run their page tests side by side.
const port = Number(process.env.PAGE_TEST_PORT ?? 8791);

export default defineConfig({
  testDir: ".",
  testMatch: /.*\.spec\.js/,
  outputDir: "../test-results/page",
  timeout: 60_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    viewport: { width: 1400, height: 1000 },
    launchOptions: CHROMIUM,
  },
  webServer: {
    command: `node scripts/serve.mjs --port ${port}`,
    cwd: "..",
    url: `http://127.0.0.1:${port}/index.html`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
