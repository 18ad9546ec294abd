// The "Break Paxos" form: the run's rules as switches and quorum sizes. Submitting starts the
// run again under the rules chosen; the core checks them (a quorum is 1 to the number of
// acceptors) and says what is wrong. This module only reads and shows the form.

import { setText } from "./svg.js";

const SWITCHES = ["ignoreAcceptedValues", "roundOnlyNumbers", "forgetOnCrash", "minorityPromises", "acceptBelowPromise"];
const QUORUMS = ["phase1Quorum", "phase2Quorum"];

/** The form, kept in step with the run shown. */
export class BreakPaxosForm {
  /**
   * @param {{ details: HTMLDetailsElement, form: HTMLFormElement, summary: HTMLElement }} elements
   * @param {(rules: object) => void} onApply called with the rules to restart under (the core
   *   refuses rules it cannot take, naming the field)
   */
  constructor({ details, form, summary }, onApply) {
    this.details = details;
    this.form = form;
    this.summary = summary;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      onApply(this.read());
    });
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

  /** Shows a run's rules (the core's `rules()` view), opening the form when any is broken. */
  show(view) {
    for (const name of SWITCHES) this.form.elements[name].checked = view.rules[name];
    for (const name of QUORUMS) {
      const input = this.form.elements[name];
      input.max = String(view.acceptors);
      input.value = view.rules[name] ?? "";
    }
    const on = SWITCHES.filter((name) => view.rules[name]).length;
    const quorums = `phase 1 needs ${view.phase1Quorum} of ${view.acceptors} promises, phase 2 ${view.phase2Quorum} of ${view.acceptors} acceptances`;
    const meet = view.quorumsIntersect
      ? `${view.phase1Quorum} + ${view.phase2Quorum} > ${view.acceptors}, so every two quorums meet`
      : `${view.phase1Quorum} + ${view.phase2Quorum} ≤ ${view.acceptors}, so two quorums can miss each other: unsafe`;
    setText(this.summary, on === 0 && view.rules.phase1Quorum === null && view.rules.phase2Quorum === null
      ? `This run is correct Paxos: ${quorums}.`
      : `This run is ${on === 0 ? "Flexible Paxos" : `broken (${on} switch${on === 1 ? "" : "es"} on)`}: ${quorums} (${meet}).`);
    if (view.brokenLines.length > 0) this.details.open = true;
  }
}
