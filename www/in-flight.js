// The list of messages in flight, with Deliver and Drop buttons: the keyboard way to act on
// messages that are otherwise moving targets in the ring.

import { htmlElement } from "./svg.js";

/** Renders the in-flight list. */
export class InFlightList {
  constructor({ list, empty }, { onDeliver, onDrop }) {
    this.list = list;
    this.empty = empty;
    this.handlers = { onDeliver, onDrop };
  }

  /** Redraws the list; keeps keyboard focus on the same row position if it was in the list. */
  update(messages) {
    const focusedRow = [...this.list.children].findIndex((row) => row.contains(document.activeElement));
    const rows = messages.map((m) => {
      const row = htmlElement("li");
      row.append(htmlElement("span", "what", `#${m.id} ${m.src} → ${m.dst}: ${m.label}, due t=${m.deliverAt}`));
      const deliver = htmlElement("button", "", "Deliver");
      deliver.type = "button";
      deliver.setAttribute("aria-label", `Deliver message #${m.id} now`);
      deliver.addEventListener("click", () => this.handlers.onDeliver(m.id));
      const drop = htmlElement("button", "", "Drop");
      drop.type = "button";
      drop.setAttribute("aria-label", `Drop message #${m.id}`);
      drop.addEventListener("click", () => this.handlers.onDrop(m.id));
      row.append(deliver, drop);
      return row;
    });
    this.list.replaceChildren(...rows);
    this.empty.hidden = messages.length > 0;
    if (focusedRow >= 0 && rows.length > 0) rows[Math.min(focusedRow, rows.length - 1)].querySelector("button").focus();
  }
}
