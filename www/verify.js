// The model checker panel: runs a search in a worker (www/verify-worker.js) with progress and
// Cancel, so the page stays responsive, and shows the verdict, what was checked and what could
// not fail in these bounds. A counterexample is handed to the page, which loads it into the
// timeline and plays it.

import { htmlElement, setText } from "./svg.js";
import { project, steady, estimateText } from "./estimate.js";

// States explored between progress reports: small enough that the levels of the search (which
// the time-left estimate reads) show within its first second.
const PROGRESS_EVERY = 1000;
// Seconds between two updates of the progress and estimate lines (reports come faster).
const SHOW_EVERY_SECONDS = 0.25;
const number = (n) => n.toLocaleString("en-US");

/** What an exact reduction is, for the verdict, by the core's name for it. */
const REDUCTIONS = {
  symmetry: "Symmetry reduction on: exact, acceptors that differ only by name are counted once, and every verdict is the same as without it.",
  "partial-order": "Partial-order reduction on: exact, a delivery that commutes with every other step and changes no property is taken first, and every verdict is the same as without it.",
};

/** The verdict's sentence on the exact reductions a search used (`result.reductions`). */
export function reductionsLine(reductions) {
  return reductions.map((name) => REDUCTIONS[name] ?? `Reduction "${name}" on (exact: every verdict is the same as without it).`).join(" ");
}

/**
 * What to change so that a search of these bounds fits its state limit, from the options it
 * ran with: each bound that can be lowered, and each exact reduction that was off.
 */
export function limitAdvice({ rounds, crashes, loss, duplicate, symmetry, partialOrder = true }) {
  const tries = [];
  if (rounds > 1) tries.push(`fewer rounds per proposer (${rounds} now)`);
  if (loss) tries.push("no message loss");
  if (duplicate) tries.push("no duplication");
  if (crashes > 0) tries.push(`fewer crashes (${crashes} now)`);
  if (!symmetry) tries.push("Symmetry on (exact, and it counts far fewer states)");
  if (!partialOrder) tries.push("Partial order on (exact, and it counts fewer states)");
  if (tries.length === 0) tries.push("a smaller cluster: fewer acceptors or proposers (Cluster settings)");
  return tries;
}

/** The panel's line on what a search checked: `{ checked, notApplicable }` of a result. */
export function checkedLine({ checked, notApplicable }) {
  const line = [`Checked: ${checked.join(", ")}.`];
  if (notApplicable.length > 0) {
    line.push(`Not applicable here: ${notApplicable.map((n) => `${n.property} (${n.why})`).join("; ")}.`);
  }
  return line.join(" ");
}

/**
 * What to try when these bounds cannot show a bug of the run's rules, read from each limit's
 * kind (the core's reasons, as data): a scenario with two proposers, or more crashes.
 */
export function suggestions(limits) {
  const tries = new Set();
  for (const limit of limits) {
    if (limit.kind === "needsTwoValues" || limit.kind === "needsTwoProposers") {
      tries.add('the "Two proposers" scenario (two proposers, two values)');
    } else if (limit.kind === "needsCrashes") {
      tries.add(`allowing ${limit.needed} crash${limit.needed === 1 ? "" : "es"} (Crashes)`);
    }
  }
  return tries.size === 0 ? "" : `Try ${[...tries].join(", or ")}.`;
}

/** The panel and the worker behind it. */
export class VerifyPanel {
  /**
   * @param {object} elements the form, its inputs, the buttons and the output elements
   * @param {{ run: () => string, onCounterexample: (run: string) => void }} page the current
   *   run as URL text, and what to do with a counterexample (a run text too)
   */
  constructor(elements, page) {
    this.el = elements;
    this.page = page;
    this.worker = null;
    elements.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.start();
    });
    elements.cancel.addEventListener("click", () => this.cancel());
    // What the last search checked, under its verdict (made here: the panel's markup is the
    // page's, and this line belongs to the verdict).
    this.checked = htmlElement("p", "hint verify-checked", "");
    this.checked.id = "verify-checked";
    this.checked.hidden = true;
    elements.result.after(this.checked);
  }

  /** Whether a search is running. */
  get running() {
    return this.worker !== null;
  }

  /** Starts a search of the current run's cluster and rules with the form's bounds. */
  start() {
    if (this.running) return;
    const { rounds, crashes, loss, duplicate, symmetry, partialOrder } = this.el;
    const options = {
      rounds: rounds.valueAsNumber,
      crashes: crashes.valueAsNumber,
      loss: loss.checked,
      duplicate: duplicate.checked,
      symmetry: symmetry.checked,
      partialOrder: partialOrder.checked,
    };
    this.options = options;
    this.#showSteps([]);
    this.checked.hidden = true;
    this.#showEstimate(null);
    try {
      this.worker = new Worker(new URL("./verify-worker.js", import.meta.url), { type: "module" });
    } catch (error) {
      // A page on another site than the playground's files may not start a worker from them.
      this.worker = null;
      return this.#finish(`The model checker could not start (${error.message}). Serve the playground's files from the page's own site to use it.`, "error");
    }
    this.worker.onmessage = ({ data }) => this.#receive(data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.#finish(`The model checker could not run: ${event.message || "its worker failed to load"}.`, "error");
    };
    this.checkedRun = this.page.run();
    this.worker.postMessage({ kind: "playground", run: this.checkedRun, options, every: PROGRESS_EVERY });
    this.states = 0;
    this.reports = [];
    this.shown = null;
    this.shownAt = -Infinity;
    this.el.verify.disabled = true;
    this.el.cancel.disabled = false;
    setText(this.el.result, "");
    this.el.result.className = "verify-result";
    setText(this.el.progress, "Starting the model checker…");
  }

  /** Stops a running search: its worker is terminated, and the page goes on as before. */
  cancel() {
    if (!this.running) return;
    this.#finish(`Cancelled after ${number(this.states)} states: no verdict.`, "cancelled");
  }

  #receive(message) {
    if (message.type === "start") {
      this.bounds = message.bounds;
      this.maxStates = message.maxStates;
      setText(this.el.progress, `Exploring: ${message.bounds}.`);
    } else if (message.type === "progress") {
      this.states = message.distinctStates;
      const { distinctStates, explored, depth, seconds } = message;
      this.reports.push({ distinctStates, explored, depth, seconds });
      if (seconds - this.shownAt >= SHOW_EVERY_SECONDS) this.#showProgress(message);
    } else if (message.type === "done") {
      const { result, seconds } = message;
      const rate = seconds > 0 ? Math.round(result.distinctStates / seconds) : result.distinctStates;
      const timing = `${number(result.distinctStates)} states, depth ${result.depth}, in ${seconds.toFixed(1)} s (${number(rate)} states/s).`;
      setText(this.checked, checkedLine(result));
      this.checked.hidden = false;
      // The verdict names the exact reductions the search used.
      const verdict = [result.verdict, reductionsLine(result.reductions ?? [])].filter(Boolean).join(" ");
      if (result.outcome === "violation") {
        this.#showSteps(result.counterexample);
        if (this.page.run() === this.checkedRun) {
          this.#finish(`${verdict} The counterexample plays in the animation.`, "violation", timing);
          this.page.onCounterexample(result.run);
        } else {
          // The run changed while the search ran: never replace it unasked.
          this.#finish(`${verdict} Your run changed while the checker worked, so it is kept.`, "violation", timing);
          const load = htmlElement("button", "link", "Load the counterexample");
          load.type = "button";
          load.addEventListener("click", () => this.page.onCounterexample(result.run));
          this.el.result.append(" ", load);
        }
      } else {
        const sometimes = result.sometimes.map((s) => s.found
          ? `Some run reaches "${s.property}", so the search did explore real progress.`
          : `No run reaches "${s.property}" within these bounds.`).join(" ");
        // Rules that are unsafe on the page, in bounds that cannot show how: say why, and what
        // to try, rather than a plain "no violation".
        const limits = result.limits.length === 0 ? ""
          : ` These bounds cannot show what the rules break: ${result.limits.map((l) => l.text).join(" ")} ${suggestions(result.limits)}`;
        // Stopped at the state limit: what to change to get a verdict.
        const fit = result.outcome === "stateLimit"
          ? ` To get a verdict within the limit, try ${limitAdvice(this.options).join(", or ")}.`
          : "";
        const kind = result.outcome === "complete" && limits === "" ? "holds" : "limit";
        this.#finish(`${verdict} ${sometimes}${limits}${fit}`, kind, timing);
      }
    } else if (message.type === "error") {
      this.#finish(message.message, "error");
    }
  }

  /** Shows the latest report: its counts, the estimate of the time left, and any warning. */
  #showProgress({ distinctStates, explored, depth, seconds }) {
    this.shownAt = seconds;
    const rate = seconds > 0 ? Math.round(distinctStates / seconds) : 0;
    setText(this.el.progress,
      `Explored ${number(explored)} states (${number(distinctStates)} found), depth ${depth}, ${number(rate)} states/s…`);
    this.shown = steady(this.shown, project(this.reports, this.maxStates), seconds, this.maxStates);
    this.#showEstimate(this.shown, seconds);
  }

  /** The estimate line and the limit warning for what `steady` shows (nothing for null). */
  #showEstimate(shown, seconds = 0) {
    const text = shown === null ? "" : estimateText(shown, seconds);
    setText(this.el.estimate, text);
    this.el.estimate.hidden = text === "";
    const warn = shown?.kind === "limit";
    if (warn && this.el.caution.hidden) {
      // Written once per search (its words do not change while it runs): a caution, not an
      // error, saying what to change, and that Cancel stops it.
      const limit = number(this.maxStates);
      const tries = htmlElement("ul");
      tries.append(...limitAdvice(this.options).map((t) => htmlElement("li", "", t)));
      const strong = htmlElement("strong", "", "Likely to stop at the state limit. ");
      const first = htmlElement("p");
      first.append(strong, `The states still to explore are projected past this search's limit of ${limit}, so it will probably stop there without a verdict. To get a verdict, try:`);
      this.el.caution.replaceChildren(
        first,
        tries,
        htmlElement("p", "", `Cancel stops it now. If it runs on, a violation within the first ${limit} states is still found.`),
      );
    }
    this.el.caution.hidden = !warn;
  }

  /** Ends the search (if any) and shows `text`, styled by `kind`, with `detail` as progress. */
  #finish(text, kind, detail = "") {
    this.worker?.terminate();
    this.worker = null;
    this.#showEstimate(null);
    this.el.verify.disabled = false;
    this.el.cancel.disabled = true;
    setText(this.el.progress, detail);
    setText(this.el.result, text);
    this.el.result.className = `verify-result ${kind}`;
  }

  #showSteps(steps) {
    this.el.steps.replaceChildren(...steps.map((step) => htmlElement("li", "", step)));
    this.el.steps.hidden = steps.length === 0;
  }
}
