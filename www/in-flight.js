// The list of messages in flight, with Deliver and Drop buttons: the keyboard way to act on
// messages that are otherwise moving targets in the ring.

import { htmlElement } from "./svg.js";

/** Renders the in-flight list. */
export class InFlightList {
  constructor({ list, empty }, { onDeliver, onDrop, onDuplicate, onHold, onRelease }) {
    this.list = list;
    this.empty = empty;
    this.handlers = { onDeliver, onDrop, onDuplicate, onHold, onRelease };
  }

  /** Redraws the list; keeps keyboard focus on the same row position if it was in the list. */
  update(messages) {
    const focusedRow = [...this.list.children].findIndex((row) => row.contains(document.activeElement));
    const rows = messages.map((m) => {
      const row = htmlElement("li", m.held ? "held" : "");
      const when = m.held ? "held" : `due t=${m.deliverAt}`;
      row.append(htmlElement("span", "what", `#${m.id} ${m.src} → ${m.dst}: ${m.label}, ${when}`));
      const button = (text, label, handler) => {
        const b = htmlElement("button", "", text);
        b.type = "button";
        b.setAttribute("aria-label", label);
        b.addEventListener("click", () => handler(m.id));
        return b;
      };
      row.append(
        button("Deliver", `Deliver message #${m.id} now`, this.handlers.onDeliver),
        button("Drop", `Drop message #${m.id}`, this.handlers.onDrop),
        button("Duplicate", `Duplicate message #${m.id}`, this.handlers.onDuplicate),
        m.held
          ? button("Release", `Release message #${m.id}`, this.handlers.onRelease)
          : button("Hold", `Hold message #${m.id}`, this.handlers.onHold),
      );
      return row;
    });
    this.list.replaceChildren(...rows);
    this.empty.hidden = messages.length > 0;
    if (focusedRow >= 0 && rows.length > 0) rows[Math.min(focusedRow, rows.length - 1)].querySelector("button").focus();
  }
}
