// A small menu of actions for a node or a message in the ring, opened by a click, a tap or
// Enter: the same path for mouse, touch and keyboard, and nothing that needs a hover. It
// follows the ARIA menu pattern: arrow keys move between items, Enter or Space runs one,
// Escape or Tab closes it and focus returns to what opened it.

import { htmlElement } from "./svg.js";

/** One menu, reused for every node and message of a ring. */
export class ActionMenu {
  /** @param {HTMLElement} container the positioned element the menu opens inside */
  constructor(container) {
    this.container = container;
    this.element = htmlElement("div", "action-menu");
    this.element.setAttribute("role", "menu");
    this.element.hidden = true;
    this.title = htmlElement("p", "action-menu-title");
    this.title.id = "action-menu-title";
    this.element.setAttribute("aria-labelledby", this.title.id);
    this.items = htmlElement("div", "action-menu-items");
    this.element.append(this.title, this.items);
    container.append(this.element);
    this.returnFocus = null;
    this.element.addEventListener("keydown", (event) => this.#key(event));
    // A press anywhere else closes the menu (and does what it does).
    container.getRootNode().addEventListener("pointerdown", (event) => {
      if (!this.element.hidden && !event.composedPath().includes(this.element)) this.close({ restoreFocus: false });
    }, true);
  }

  /** Whether the menu is open. */
  get isOpen() {
    return !this.element.hidden;
  }

  /**
   * Opens the menu at `point` (pixels inside the container) with a `title` and `actions`
   * (`[{ label, run }]`); focus goes to the first action and returns to `returnFocus` after.
   */
  open({ point, title, actions, returnFocus }) {
    this.returnFocus = returnFocus ?? null;
    this.title.textContent = title;
    this.items.replaceChildren(...actions.map(({ label, run }) => {
      const item = htmlElement("button", "action-menu-item", label);
      item.type = "button";
      item.setAttribute("role", "menuitem");
      item.tabIndex = -1;
      item.addEventListener("click", () => {
        run();
        // After the action: focus goes back to what opened the menu (if it is still there),
        // unless the action itself took focus somewhere (the Value field, to type a proposal).
        const focused = this.container.getRootNode().activeElement;
        this.close({ restoreFocus: !focused || this.element.contains(focused) });
      });
      return item;
    }));
    this.element.hidden = false;
    // Beside the point, kept inside the container.
    const box = this.container.getBoundingClientRect();
    const { offsetWidth: width, offsetHeight: height } = this.element;
    const left = Math.max(4, Math.min(point.x + 8, box.width - width - 4));
    const top = Math.max(4, Math.min(point.y + 8, box.height - height - 4));
    this.element.style.left = `${left}px`;
    this.element.style.top = `${top}px`;
    this.items.firstChild?.focus({ preventScroll: true });
    this.element.scrollIntoView({ block: "nearest" }); // opened from the keyboard, it may be off-screen
  }

  /**
   * Closes the menu; unless `restoreFocus` is false, focus goes back to what opened it, or to
   * the playground itself where the action removed that (a dropped message's button).
   */
  close({ restoreFocus = true } = {}) {
    if (this.element.hidden) return;
    this.element.hidden = true;
    const back = this.returnFocus?.isConnected ? this.returnFocus : this.container.closest("[tabindex='-1']");
    if (restoreFocus) back?.focus({ preventScroll: true });
    this.returnFocus = null;
  }

  #key(event) {
    const items = [...this.items.children];
    const at = items.indexOf(event.target);
    const move = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
    if (move) {
      items[(at + move + items.length) % items.length].focus();
    } else if (event.key === "Home" || event.key === "End") {
      items[event.key === "Home" ? 0 : items.length - 1].focus();
    } else if (event.key === "Escape" || event.key === "Tab") {
      this.close();
    } else {
      return; // Enter and Space press the focused button
    }
    event.preventDefault();
    event.stopPropagation(); // not a playground shortcut
  }
}
