// The list of messages in flight, with Deliver, Drop, Duplicate and Hold/Release buttons: the
// keyboard way to act on messages that are otherwise moving targets in the ring. Rows are kept
// by message and only added, changed or removed as the run moves, so a refresh during Play
// costs little even with a hundred messages in flight.

import { htmlElement } from "./svg.js";

/** Renders the in-flight list. */
export class InFlightList {
  constructor({ list, empty }, { onDeliver, onDrop, onDuplicate, onHold, onRelease }) {
    this.list = list;
    this.empty = empty;
    this.handlers = { onDeliver, onDrop, onDuplicate, onHold, onRelease };
    this.rows = new Map(); // key -> { row, text, toggle, message }
  }

  /** Brings the list in line with `messages`; keeps keyboard focus on the same row position. */
  update(messages) {
    const focusedRow = this.list.contains(this.#focused()) ? this.#focused().closest("li") : null;
    const focusedIndex = focusedRow ? [...this.list.children].indexOf(focusedRow) : -1;
    const keyed = messages.map((m) => [rowKey(m), m]);
    const wanted = new Set(keyed.map(([key]) => key));
    // Rows of messages that left go first: left in place, each would put every row after it
    // out of place, and the loop below would move all of those.
    for (const [key, entry] of this.rows) {
      if (!wanted.has(key)) {
        entry.row.remove();
        this.rows.delete(key);
      }
    }
    let previous = null;
    for (const [key, m] of keyed) {
      let entry = this.rows.get(key);
      if (!entry) {
        entry = this.#row(m);
        this.rows.set(key, entry);
      }
      this.#refresh(entry, m);
      const expectedPlace = previous ? previous.nextSibling : this.list.firstChild;
      if (entry.row !== expectedPlace) this.list.insertBefore(entry.row, expectedPlace);
      previous = entry.row;
    }
    this.empty.hidden = messages.length > 0;
    if (focusedIndex >= 0 && !this.list.contains(this.#focused()) && this.list.children.length > 0) {
      this.list.children[Math.min(focusedIndex, this.list.children.length - 1)].querySelector("button").focus();
    }
  }

  /** The focused element in the list's own tree (the document, or a playground's shadow root). */
  #focused() {
    return this.list.getRootNode().activeElement;
  }

  #row(m) {
    const row = htmlElement("li");
    const text = htmlElement("span", "what");
    const button = (label, aria, handler) => {
      const b = htmlElement("button", "", label);
      b.type = "button";
      b.setAttribute("aria-label", aria);
      b.addEventListener("click", () => handler(m.id));
      return b;
    };
    const toggle = htmlElement("button");
    toggle.type = "button";
    const entry = { row, text, toggle, held: null };
    toggle.addEventListener("click", () => (entry.held ? this.handlers.onRelease : this.handlers.onHold)(m.id));
    row.append(
      text,
      button("Deliver", `Deliver message #${m.id} now`, this.handlers.onDeliver),
      button("Drop", `Drop message #${m.id}`, this.handlers.onDrop),
      button("Duplicate", `Duplicate message #${m.id}`, this.handlers.onDuplicate),
      toggle,
    );
    return entry;
  }

  /** Updates what can change while a message is in flight: held or not. */
  #refresh(entry, m) {
    if (entry.held === m.held) return;
    entry.held = m.held;
    entry.row.className = m.held ? "held" : "";
    const when = m.held ? "held" : `due t=${m.deliverAt}`;
    entry.text.textContent = `#${m.id} ${m.src} → ${m.dst}: ${m.label}, ${when}`;
    entry.toggle.textContent = m.held ? "Release" : "Hold";
    entry.toggle.setAttribute("aria-label", `${m.held ? "Release" : "Hold"} message #${m.id}`);
  }
}

/** A row's key: after a fork an id can name another message, so the key is the whole message. */
function rowKey(m) {
  return `${m.id}|${m.src}|${m.dst}|${m.label}`;
}
