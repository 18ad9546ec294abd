// What the page paints on its canvases: the ring's moving messages and the diagram's messages
// in flight have no DOM elements to query, so the views expose, on each canvas, the list of
// what they painted (with where, in viewport coordinates). Clicks still go through the page's
// own hit-testing: the tests click at the painted position, as a learner would.
import { expect } from "@playwright/test";

/** The ring's painted messages: [{ id, kind, held, label, x, y, width, height }], x and y the center. */
export function paintedMessages(page) {
  return page.locator("#ring canvas").evaluate((canvas) => canvas.paintedMessages());
}

/** The diagram's painted messages in flight: [{ id, kind, held, x, y }], x and y the dot. */
export function paintedFlights(page) {
  return page.locator("#diagram canvas").evaluate((canvas) => canvas.paintedFlights());
}

/** Ids of the messages painted in the ring, in painting order. */
export async function paintedIds(page) {
  return (await paintedMessages(page)).map((m) => m.id);
}

/** Clicks message `id` where the ring paints it (the center of its label or marker). */
export async function clickMessage(page, id) {
  await page.locator("#ring").scrollIntoViewIfNeeded(); // positions are in the viewport
  const message = (await paintedMessages(page)).find((m) => m.id === id);
  expect(message, `message #${id} is painted in the ring`).toBeTruthy();
  await page.mouse.click(message.x, message.y);
}
