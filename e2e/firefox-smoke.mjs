// Page smoke test in headless Firefox ESR, driven over WebDriver by geckodriver (Playwright
// cannot drive Debian's Firefox). It serves the repository, loads the page, presses Play and
// waits for "Chosen: Hello"; then checks that bad input shows the core's error. Before playing,
// it clicks a message where the ring's canvas paints it (the page hit-tests the click itself)
// and drops it with the menu that click opens. Last, the built folder's blog post (dist/):
// both embedded playgrounds start and step independently.
// The playground is the <paxos-playground> element: its controls live in its open shadow root,
// so they are found from that root (CSS selectors only) and scripts go through it too.
import { spawn } from "node:child_process";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { Builder, By, error as webdriverError, Origin, until } from "selenium-webdriver";
import firefox from "selenium-webdriver/firefox.js";

const port = 8792;
const url = `http://127.0.0.1:${port}/`;
// In executeScript: the element with this id inside the playground's shadow root.
const INSIDE = "const inside = (id) => document.querySelector('paxos-playground').shadowRoot.getElementById(id);";
const geckodriver = execFileSync("bash", ["-c", "command -v geckodriver"], { encoding: "utf8" }).trim();

function startServer() {
  const server = spawn("node", ["scripts/serve.mjs", "--port", String(port)], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    server.stdout.on("data", (chunk) => chunk.toString().includes(url) && resolve(server));
    server.on("exit", (code) => reject(new Error(`the server exited with ${code}`)));
  });
}

function check(condition, message) {
  if (!condition) throw new Error(message);
  console.log(`  ok: ${message}`);
}

const server = await startServer();
const options = new firefox.Options().setBinary("/usr/bin/firefox-esr").addArguments("-headless");
const driver = await new Builder()
  .forBrowser("firefox")
  .setFirefoxOptions(options)
  .setFirefoxService(new firefox.ServiceBuilder(geckodriver))
  .build();
let failed = false;
try {
  console.log("firefox smoke:", (await driver.getCapabilities()).get("browserVersion"));
  await driver.get(url);
  // The element's shadow root once the element is defined, then node A once the wasm has drawn it.
  const host = await driver.wait(until.elementLocated(By.css("paxos-playground")), 15_000);
  const shadow = await driver.wait(async () => {
    try {
      return await host.getShadowRoot();
    } catch (error) {
      if (error instanceof webdriverError.NoSuchShadowRootError) return null; // not upgraded yet
      throw error;
    }
  }, 15_000, "the <paxos-playground> element has no shadow root");
  // An element inside the shadow root. Awaited here: a shadow root's findElement returns a
  // bare promise, not a WebElementPromise, so no call can be chained on it.
  const $ = async (selector) => await shadow.findElement(By.css(selector));
  const node = await driver.wait(async () => (await shadow.findElements(By.css('#ring [data-node="A"]')))[0], 15_000, "node A is never drawn");
  // Load-time failures show up as a missing ring; from here on, record uncaught errors.
  await driver.executeScript(`
    window.__errors = [];
    addEventListener("error", (e) => window.__errors.push(String(e.message)));
    addEventListener("unhandledrejection", (e) => window.__errors.push(String(e.reason)));`);
  check((await node.getAttribute("aria-label")).startsWith("A, acceptor: promised 0"), "node A is drawn with its accessible name");
  const status = await $("#status");
  check((await status.getText()) === "No value chosen yet.", "nothing is chosen at the start");

  const painted = () => driver.executeScript(`${INSIDE} return inside("ring").querySelector("canvas").paintedMessages()`);
  const messages = await painted();
  check(messages.map((m) => m.id).join(",") === "1,2,3", "the ring's canvas paints the three Prepares");
  const top = messages.at(-1); // #3, painted last: on top where the three meet
  await driver.actions().move({ x: Math.round(top.x), y: Math.round(top.y), origin: Origin.VIEWPORT }).click().perform();
  const menu = await $('[role="menu"]');
  await driver.wait(until.elementIsVisible(menu), 5_000);
  check((await menu.getText()).includes("#3 Prepare(1.P), P → C"), "a click on a painted message opens that message's menu");
  const items = await shadow.findElements(By.css('[role="menu"] [role="menuitem"]'));
  const labels = await Promise.all(items.map((item) => item.getText()));
  const drop = items[labels.indexOf("Drop")];
  if (!drop) throw new Error(`the message's menu has no Drop (it has ${JSON.stringify(labels)})`);
  await drop.click();
  await driver.wait(async () => (await painted()).length === 2, 5_000);
  const log = await (await $("#log")).getText();
  check(log.includes("Prepare(1.P) from P to C is dropped by the network."), "its Drop drops it");

  await driver.executeScript(`${INSIDE} const s = inside("speed"); s.value = '10'; s.dispatchEvent(new Event('input'));`);
  await (await $("#play")).click();
  await driver.wait(until.elementTextIs(status, "Chosen: Hello"), 30_000);
  check(true, 'Play reaches "Chosen: Hello"');
  const story = await (await $("#log")).getText();
  check(story.includes("B promised 1.P to P; B had accepted nothing."), "the event log tells the story in words");

  // The value starts as the proposer's own ("Hello"); emptied, Propose gets the core's error.
  const field = await $("#value");
  check((await field.getAttribute("value")) === "Hello", "the Propose field starts with the proposer's own value");
  await field.clear();
  await (await $("#propose")).click();
  const alert = await $("#error");
  await driver.wait(until.elementIsVisible(alert), 5_000);
  check((await alert.getText()).startsWith("the value is empty"), "an empty value shows the core's error");

  const errors = await driver.executeScript("return window.__errors");
  check(Array.isArray(errors) && errors.length === 0, `no uncaught errors (${JSON.stringify(errors)})`);
  mkdirSync("test-results", { recursive: true });
  writeFileSync("test-results/firefox.png", await driver.takeScreenshot(), "base64");

  // The built folder's blog post: two embedded playgrounds (one module with its stylesheet
  // inside, adopted by each shadow root), each stepping on its own; the second starts when
  // scrolled near.
  await driver.get(`${url}dist/examples/blog-post.html`);
  const stepsOf = (index) => driver.executeScript(`
    const host = document.querySelectorAll("paxos-playground")[${index}];
    return host.shadowRoot.getElementById("timeline-position").textContent;`);
  const readyOf = (index) => driver.executeScript(`
    const host = document.querySelectorAll("paxos-playground")[${index}];
    return host.ready.then(() => host.shadowRoot.getElementById("status").textContent);`);
  check((await readyOf(0)) === "No value chosen yet.", "dist/: the post's first playground starts");
  const firstBefore = await stepsOf(0);
  await driver.executeScript(`document.querySelectorAll("paxos-playground")[0].shadowRoot.getElementById("step").click();`);
  check((await stepsOf(0)) !== firstBefore, `dist/: Step moves the first playground (${firstBefore} -> ${await stepsOf(0)})`);
  await driver.executeScript(`document.querySelectorAll("paxos-playground")[1].scrollIntoView();`);
  check((await readyOf(1)) === "No value chosen yet.", "dist/: the second starts when scrolled to");
  const secondBefore = await stepsOf(1);
  await driver.executeScript(`document.querySelectorAll("paxos-playground")[1].shadowRoot.getElementById("step").click();`);
  check((await stepsOf(1)) !== secondBefore && (await stepsOf(0)) !== firstBefore, "dist/: the second steps on its own; the first keeps its step");
  const styled = await driver.executeScript(`
    const host = document.querySelectorAll("paxos-playground")[1];
    return getComputedStyle(host.shadowRoot.getElementById("play")).backgroundColor;`);
  check(styled === "rgb(36, 89, 214)", `dist/: the element is styled from its own module (Play is ${styled})`);
} catch (error) {
  failed = true;
  console.error("firefox smoke FAILED:", error.message);
} finally {
  await driver.quit();
  server.kill();
}
process.exit(failed ? 1 : 0);
