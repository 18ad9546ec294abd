// The pseudocode panel: the core's completed pseudocode, the lines the last step ran, and the
// live promisedNumber / acceptedNumber / acceptedValue of one acceptor.

import { htmlElement, setText } from "./svg.js";

const FOLLOW = "";

/** Renders the pseudocode and one acceptor's variables. */
export class PseudocodePanel {
  constructor({ pre, caption, watch, vars }, lines) {
    this.pre = pre;
    this.caption = caption;
    this.watch = watch;
    this.vars = vars;
    this.lineElements = lines.map((line, i) => {
      const element = htmlElement("span", "line");
      element.append(htmlElement("span", "num", String(i + 1)), document.createTextNode(line.text));
      return element;
    });
    pre.replaceChildren(...this.lineElements);
    this.lastAcceptor = null;
    watch.addEventListener("change", () => this.#showVars());
  }

  /**
   * Marks the lines the run's "Break Paxos" rules change (the core's `brokenLines`), each with
   * its explanation as a tooltip and, for screen readers, as text after the line.
   */
  markBroken(brokenLines) {
    const how = new Map(brokenLines.map((b) => [b.line, b.how]));
    this.lineElements.forEach((element, i) => {
      element.classList.toggle("broken", how.has(i));
      element.title = how.get(i) ?? "";
      element.querySelector(".why")?.remove();
      if (how.has(i)) element.append(htmlElement("span", "why visually-hidden", ` (${how.get(i)})`));
    });
    this.brokenNote = brokenLines.length > 0
      ? ` Lines in red are changed by the Break Paxos rules: ${brokenLines.map((b) => `line ${b.line + 1}: ${b.how}`).join(" ")}`
      : "";
    this.broken = brokenLines;
  }

  /** Forgets which acceptor acted last (a new or reset run). */
  forget() {
    this.lastAcceptor = null;
  }

  /** Highlights the last step's lines and refreshes the watched acceptor. */
  update(state) {
    const hits = new Set(state.lastLines);
    this.lineElements.forEach((element, i) => element.classList.toggle("hit", hits.has(i)));
    this.#scheduleScroll(state.lastLines);
    setText(this.caption, (state.lastNode && hits.size > 0
      ? `Highlighted: the lines ${state.lastNode} ran in the last step.`
      : "The article's pseudocode, completed. Lines the last step ran are highlighted.") + (this.brokenNote ?? ""));
    this.state = state;
    const acceptors = state.nodes.filter((n) => n.acceptor);
    this.#fillWatch(acceptors.map((n) => n.name));
    const last = acceptors.find((n) => n.name === state.lastNode);
    if (last) this.lastAcceptor = last.name;
    this.#showVars();
  }

  /**
   * Scrolls to the highlighted lines at the next frame: measuring them now, right after the
   * page changed, would force a layout of the whole page in the middle of a refresh. At the
   * start of the next frame the layout is clean and the measurement is free.
   */
  #scheduleScroll(indices) {
    this.pendingScroll = indices;
    if (this.scrollPending) return;
    this.scrollPending = true;
    requestAnimationFrame(() => {
      this.scrollPending = false;
      this.#scrollToHits(this.pendingScroll);
    });
  }

  /** Scrolls the panel (only the panel, never the page) so the highlighted lines show. */
  #scrollToHits(indices) {
    if (indices.length === 0) return;
    const first = this.lineElements[Math.min(...indices)];
    const last = this.lineElements[Math.max(...indices)];
    const top = first.offsetTop; // The <pre> is positioned, so offsets are relative to it.
    const bottom = last.offsetTop + last.offsetHeight;
    const view = this.pre.clientHeight;
    if (top >= this.pre.scrollTop && bottom <= this.pre.scrollTop + view) return;
    this.pre.scrollTop = Math.max(0, bottom - top > view ? top : top - (view - (bottom - top)) / 2);
  }

  #fillWatch(names) {
    const key = names.join(",");
    if (key === this.watchKey) return;
    this.watchKey = key;
    const options = [new Option("the last acceptor to act", FOLLOW), ...names.map((n) => new Option(n, n))];
    this.watch.replaceChildren(...options);
    this.lastAcceptor = null;
  }

  #showVars() {
    if (!this.state) return;
    const acceptors = this.state.nodes.filter((n) => n.acceptor);
    const name = this.watch.value === FOLLOW ? (this.lastAcceptor ?? acceptors[0]?.name) : this.watch.value;
    const node = acceptors.find((n) => n.name === name);
    if (!node) {
      this.vars.replaceChildren();
      return;
    }
    const a = node.acceptor;
    const following = this.watch.value === FOLLOW;
    const note = node.crashed ? " (crashed)" : following && this.lastAcceptor === null ? " (no acceptor has acted yet)" : "";
    const rows = [
      ["acceptor", node.name + note],
      ["promisedNumber", a.promisedNumber],
      ["acceptedNumber", a.acceptedNumber],
      ["acceptedValue", a.acceptedValue === null ? "null" : JSON.stringify(a.acceptedValue)],
    ];
    // Rebuilt only when a value changed: most steps leave the watched acceptor as it was.
    const key = JSON.stringify(rows);
    if (key === this.varsKey && this.vars.childElementCount > 0) return;
    this.varsKey = key;
    this.vars.replaceChildren(...rows.flatMap(([term, value]) => [htmlElement("dt", "", term), htmlElement("dd", "", value)]));
  }
}
