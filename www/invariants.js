// The invariants panel: each safety rule, green while it holds; red, with the step that
// broke it (a button that shows that step), if it ever broke. The core judges; this draws.

import { htmlElement } from "./svg.js";

/** Renders the core's invariant statuses into a list. */
export class InvariantsPanel {
  /**
   * @param {HTMLElement} list an <ul>
   * @param {(step: number) => void} onShowStep called with the step that broke a rule
   */
  constructor(list, onShowStep) {
    this.list = list;
    this.onShowStep = onShowStep;
    this.key = null;
  }

  /** Redraws when the statuses changed. */
  update(invariants) {
    const key = JSON.stringify(invariants);
    if (key === this.key) return;
    this.key = key;
    this.list.replaceChildren(...invariants.map((rule) => this.#item(rule)));
  }

  #item(rule) {
    const broken = rule.brokenAt !== null && rule.brokenAt !== undefined;
    const item = htmlElement("li", broken ? "broken" : "holds");
    item.append(
      htmlElement("span", "mark", broken ? "✗" : "✓"),
      htmlElement("span", "rule", rule.rule),
      htmlElement("span", "visually-hidden", broken ? " Broken." : " Holds."),
    );
    if (broken) {
      const detail = htmlElement("span", "detail", `${rule.detail}. `);
      const show = htmlElement("button", "link", `Show step ${rule.brokenAt}`);
      show.type = "button";
      show.addEventListener("click", () => this.onShowStep(rule.brokenAt));
      detail.append(show);
      item.append(detail);
    }
    return item;
  }
}
