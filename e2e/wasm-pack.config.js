// The wasm-pack flow's page test (scripts/test.sh, suite wasmpack): a copy of the repository
// built with `wasm-pack build --target web` alone, served by Python's static server as the
// README tells users to. The suite gives the copy's folder and a free port.
import { defineConfig } from "@playwright/test";
import { CHROMIUM } from "./chromium.js";

const root = process.env.WASM_PACK_ROOT;
const port = process.env.WASM_PACK_PORT;
if (!root || !port) throw new Error("run through scripts/test.sh wasmpack (it sets WASM_PACK_ROOT and WASM_PACK_PORT)");

export default defineConfig({
  testDir: ".",
  testMatch: /wasm-pack\.flow\.js$/,
  outputDir: "../test-results/wasm-pack",
  timeout: 90_000,
  expect: { timeout: 20_000 },
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    viewport: { width: 1400, height: 1000 },
    launchOptions: CHROMIUM,
  },
  webServer: {
    command: `python3 -m http.server ${port} --bind 127.0.0.1 --directory "${root}"`,
    url: `http://127.0.0.1:${port}/index.html`,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "ignore", // one line per request
    timeout: 30_000,
  },
});
