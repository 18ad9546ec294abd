// The event log: one list item per event, in words, appended as the run goes on. Only the
// latest events are kept in the page (a long run has tens of thousands); the timeline and
// the space-time diagram reach the rest.

import { htmlElement } from "./svg.js";

/** How many events the list shows at most. */
const MAX_SHOWN = 400;

/** Appends the core's events to an <ol>. */
export class EventLog {
  constructor(list) {
    this.list = list;
    this.count = 0; // events received, shown or not
    this.note = htmlElement("p", "hint");
    this.note.hidden = true;
    list.before(this.note);
    this.scrollPending = false;
  }

  /** Empties the log (after a reset, a new scenario, or moving back in time). */
  clear() {
    this.list.replaceChildren();
    this.count = 0;
    this.#updateNote();
  }

  /** Appends events (as returned by the core's log(from)). */
  append(events) {
    if (events.length === 0) return;
    const shown = events.slice(-MAX_SHOWN);
    const items = shown.map((event) => {
      const item = htmlElement("li", event.kind);
      // A second value chosen is an alarm, not a success: the core flags it on the event.
      if (event.safetyBroken) item.classList.add("safety-broken");
      item.append(htmlElement("span", "time", `t=${event.time}`), document.createTextNode(event.text));
      return item;
    });
    this.list.append(...items);
    this.count += events.length;
    for (let extra = this.list.children.length - MAX_SHOWN; extra > 0; extra--) this.list.firstElementChild.remove();
    this.#updateNote();
    // Scroll at the next frame, when layout is done anyway: reading scrollHeight now would
    // force a second layout in this frame.
    if (!this.scrollPending) {
      this.scrollPending = true;
      requestAnimationFrame(() => {
        this.scrollPending = false;
        this.list.scrollTop = this.list.scrollHeight;
      });
    }
  }

  #updateNote() {
    const hidden = this.count - this.list.children.length;
    this.note.hidden = hidden <= 0;
    this.note.textContent = `The latest ${this.list.children.length} of ${this.count} events; the timeline and the diagram reach the ${hidden} before them.`;
  }
}
