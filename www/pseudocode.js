// The pseudocode panel: the core's completed pseudocode, the lines the last step ran, the code
// that runs in place of the lines the Break Paxos rules change, and the live promisedNumber /
// acceptedNumber / acceptedValue of one acceptor (by default the one the core names as the
// last to act).

import { htmlElement, setText } from "./svg.js";

const FOLLOW = "";

/** Renders the pseudocode and one acceptor's variables. */
export class PseudocodePanel {
  constructor({ pre, caption, watch, vars }, lines) {
    this.pre = pre;
    this.caption = caption;
    this.watch = watch;
    this.vars = vars;
    this.texts = lines.map((line) => line.text);
    this.lineElements = lines.map((line, i) => {
      const element = htmlElement("span", "line");
      element.append(...this.#written(i));
      return element;
    });
    pre.replaceChildren(...this.lineElements);
    watch.addEventListener("change", () => this.#showVars());
  }

  /** Line `i` as written: its number and its text. */
  #written(i) {
    return [htmlElement("span", "num", String(i + 1)), document.createTextNode(this.texts[i])];
  }

  /**
   * Line `i` under a rule that changes it (`change`, one of the core's `brokenLines`): the line
   * as written, struck through, then the code that runs in its place. Screen readers hear
   * which is which and why; the why is also the line's tooltip.
   */
  #changed(i, change) {
    const was = htmlElement("del", "was");
    was.append(htmlElement("span", "visually-hidden", "As written: "), document.createTextNode(this.texts[i]));
    return [
      htmlElement("span", "num", String(i + 1)), was, document.createTextNode("\n"),
      htmlElement("span", "num", ""), htmlElement("span", "visually-hidden", "Runs instead: "),
      document.createTextNode(change.code), htmlElement("span", "visually-hidden", ` (${change.how})`),
    ];
  }

  /**
   * Shows the lines the run's "Break Paxos" rules change (the core's `brokenLines`) as the code
   * that runs, in red, below the line as written, struck through.
   */
  markBroken(brokenLines) {
    const changes = new Map(brokenLines.map((b) => [b.line, b]));
    this.lineElements.forEach((element, i) => {
      const change = changes.get(i);
      // Rebuilt only where the marking changes: the panel keeps its hit highlights.
      const key = change ? `${change.code}\n${change.how}` : "";
      if ((element.dataset.change ?? "") === key) return;
      element.dataset.change = key;
      element.classList.toggle("broken", Boolean(change));
      element.title = change ? `As written: ${this.texts[i].trim()}\n${change.how}` : "";
      element.replaceChildren(...(change ? this.#changed(i, change) : this.#written(i)));
    });
    this.brokenNote = brokenLines.length > 0
      ? ` Lines in red are changed by the Break Paxos rules, each shown as written (struck through) above the code that runs instead: ${brokenLines.map((b) => `line ${b.line + 1}: ${b.how}`).join(" ")}`
      : "";
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
    this.#fillWatch(state.nodes.filter((n) => n.acceptor).map((n) => n.name));
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
  }

  #showVars() {
    if (!this.state) return;
    const acceptors = this.state.nodes.filter((n) => n.acceptor);
    // Following: the acceptor that last handled a Prepare or an Accept up to the step shown,
    // as the core says (it is right after a seek, a restart or a new run), else the first.
    const last = this.state.lastAcceptor;
    const name = this.watch.value === FOLLOW ? (last ?? acceptors[0]?.name) : this.watch.value;
    const node = acceptors.find((n) => n.name === name);
    if (!node) {
      this.vars.replaceChildren();
      return;
    }
    const a = node.acceptor;
    const following = this.watch.value === FOLLOW;
    const note = node.crashed ? " (crashed)" : following && last === null ? " (no acceptor has acted yet)" : "";
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
