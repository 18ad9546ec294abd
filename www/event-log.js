// The event log: one list item per event, in words, appended as the run goes on.

import { htmlElement } from "./svg.js";

/** Appends the core's events to an <ol>. */
export class EventLog {
  constructor(list) {
    this.list = list;
    this.count = 0;
  }

  /** Empties the log (after a reset or a new scenario). */
  clear() {
    this.list.replaceChildren();
    this.count = 0;
  }

  /** Appends events (as returned by the core's log(from)). */
  append(events) {
    for (const event of events) {
      const item = htmlElement("li", event.kind);
      item.append(htmlElement("span", "time", `t=${event.time}`), document.createTextNode(event.text));
      this.list.append(item);
      this.count += 1;
    }
    if (events.length > 0) this.list.scrollTop = this.list.scrollHeight;
  }
}
