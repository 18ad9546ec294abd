// The "Break Paxos" form: the run's rules as switches and quorum sizes. Changing a switch or a
// quorum starts the run again at once under the new rules (from its beginning, same seed);
// the core checks them (a quorum is 1 to the number of acceptors) and says what is wrong, and
// it decides the verdict shown: safe or not on this cluster, and why. This module only reads
// the form and shows what the core says.

import { htmlElement, setText } from "./svg.js";

const SWITCHES = ["ignoreAcceptedValues", "nonUniqueNumbers", "forgetOnCrash", "minorityPromises", "acceptBelowPromise"];
const QUORUMS = ["phase1Quorum", "phase2Quorum"];

/** The form, kept in step with the run shown. */
export class BreakPaxosForm {
  /**
   * @param {{ details: HTMLDetailsElement, form: HTMLFormElement, summary: HTMLElement,
   *   verdict: HTMLElement, reasons: HTMLElement, status: HTMLElement, q1Note: HTMLElement }} elements
   * @param {(rules: object) => string | null} onApply restarts the run under `rules`; returns
   *   null, or the core's error when it refused them (the error names the field; the run is kept)
   */
  constructor({ details, form, summary, verdict, reasons, status, q1Note }, onApply) {
    this.details = details;
    this.form = form;
    this.summary = summary;
    this.verdict = verdict;
    this.reasons = reasons;
    this.status = status;
    this.q1Note = q1Note;
    this.onApply = onApply;
    /** The rules view of the run shown (the core's `rules()`), or null before the first. */
    this.shown = null;
    // A checkbox changes at once; a quorum field when it is committed (Enter, leaving it, or
    // its arrows), not at every keystroke: typing 12 must not start a run with 1 on the way.
    form.addEventListener("change", () => this.#apply());
    // Enter commits a quorum field too. (With two number fields and no submit button, the
    // browser would not submit the form on Enter.)
    form.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" || !QUORUMS.includes(event.target.name)) return;
      event.preventDefault();
      this.#apply();
    });
    form.addEventListener("submit", (event) => event.preventDefault());
  }

  /** The rules in the form: an empty quorum is null (a majority); the core checks the rest and
   * names a quorum that is not a whole number from 1 to the number of acceptors. */
  read() {
    const rules = {};
    for (const name of SWITCHES) rules[name] = this.form.elements[name].checked;
    for (const name of QUORUMS) {
      const input = this.form.elements[name];
      rules[name] = input.value.trim() === "" ? null : input.valueAsNumber;
    }
    return rules;
  }

  /**
   * Restarts the run under the form's rules, unless they are the run's already (Enter in a
   * quorum field that a change has just applied). If the core refuses them, the run is kept
   * and so is what the user typed, so it can be corrected.
   */
  #apply() {
    const rules = this.read();
    if (this.shown && [...SWITCHES, ...QUORUMS].every((name) => rules[name] === this.shown.rules[name])) return;
    const typed = this.#typed();
    const error = this.onApply(rules);
    if (error === null) {
      setText(this.status, `The run started again from its beginning, with the same seed, under these rules: ${this.shown.verdict.safe ? "safe" : "unsafe"} on this cluster.`);
    } else {
      this.#restore(typed);
      setText(this.status, `Not restarted, the run is kept: ${error}`);
    }
  }

  /** What the form holds now, to put back after a refused change. */
  #typed() {
    return [...SWITCHES, ...QUORUMS].map((name) => {
      const input = this.form.elements[name];
      return [input, input.type === "checkbox" ? input.checked : input.value];
    });
  }

  #restore(typed) {
    for (const [input, value] of typed) {
      if (input.type === "checkbox") input.checked = value;
      else input.value = value;
    }
    this.#showQ1InUse();
  }

  /** Q1 is not used while switch 4 (minority promises) sets phase 1's quorum: say so. */
  #showQ1InUse() {
    const minority = this.form.elements.minorityPromises.checked;
    this.form.elements.phase1Quorum.disabled = minority;
    this.q1Note.hidden = !minority;
  }

  /** Shows a run's rules (the core's `rules()` view), opening the form when any is broken. */
  show(view) {
    this.shown = view;
    for (const name of SWITCHES) this.form.elements[name].checked = view.rules[name];
    for (const name of QUORUMS) {
      const input = this.form.elements[name];
      input.max = String(view.acceptors);
      input.value = view.rules[name] ?? "";
    }
    this.#showQ1InUse();
    setText(this.status, ""); // said again by #apply when this run is its restart
    const on = SWITCHES.filter((name) => view.rules[name]).length;
    // Facts only: "broken" would read as "unsafe", which is the verdict's to say.
    const what = on > 0
      ? `has ${on} Break Paxos switch${on === 1 ? "" : "es"} on`
      : view.brokenLines.length > 0 ? "is Flexible Paxos" : "is correct Paxos";
    const n = view.acceptors;
    setText(this.summary, `This run ${what}: phase 1 waits for ${view.phase1Quorum} of ${n} promises${view.rules.minorityPromises ? " (set by switch 4)" : ""}, and a value is chosen when ${view.phase2Quorum} of ${n} acceptors accept it.`);
    // The verdict and its reasons are the core's (paxos::verdict): the page only shows them.
    setText(this.verdict, view.verdict.safe
      ? "Safe on this cluster: no run can choose two values."
      : "Unsafe on this cluster: some run can choose two values.");
    this.verdict.classList.toggle("safe", view.verdict.safe);
    this.verdict.classList.toggle("unsafe", !view.verdict.safe);
    this.reasons.replaceChildren(...view.verdict.reasons.map((reason) => htmlElement("li", "", reason)));
    this.reasons.hidden = view.verdict.reasons.length === 0;
    if (view.brokenLines.length > 0) this.details.open = true;
  }
}
