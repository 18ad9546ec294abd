// The only module that talks to the wasm core. It loads the module once and wraps one
// Playground handle: every action returns { ok, error } so callers can show the error text
// (the core's JsError messages already say what was wrong and what is allowed).

import init, { Playground } from "../pkg/paxos_playground.js";

let ready = null;

/** Loads and instantiates the wasm module (once per page). */
export function loadCore() {
  // The address is given, not left to the bindings: in the built folder (npm run dist) this
  // module and the bindings are one bundle, and the address must still reach pkg/.
  ready ??= init({ module_or_path: new URL("../pkg/paxos_playground_bg.wasm", import.meta.url) });
  return ready;
}

/** Built-in scenarios: [{ name, title, description }]. Call after loadCore(). */
export function scenarios() {
  return Playground.scenarios();
}

/** The completed pseudocode: [{ text, executable }]. Call after loadCore(). */
export function pseudocode() {
  return Playground.pseudocode();
}

/** The most characters a proposed value may have. Call after loadCore(). */
export function maxValueChars() {
  return Playground.maxValueChars();
}

/** One simulation: a scenario, a seed, and the state and log seen so far. */
export class Simulation {
  /** A built-in scenario; throws the core's Error if the scenario or seed is not allowed. */
  constructor(scenario, seed, handle = new Playground(scenario, seed)) {
    this.handle = handle;
    this.state = this.handle.state();
  }

  /** A cluster from the settings form; throws the core's Error naming a setting out of range. */
  static withSettings(settings, seed) {
    return new Simulation(undefined, undefined, Playground.withSettings(settings, seed));
  }

  /** A new run from the same start with another seed; throws the core's Error for a bad seed. */
  reseeded(seed) {
    return new Simulation(undefined, undefined, this.handle.reseeded(seed));
  }

  /** The same start and seed under other "Break Paxos" rules; throws the core's Error. */
  withRules(rules) {
    return new Simulation(undefined, undefined, this.handle.withRules(rules));
  }

  /** The run's rules: { rules, acceptors, phase1Quorum, phase2Quorum, quorumsIntersect, brokenLines }. */
  rules() { return this.handle.rules(); }

  /** What this run starts from, in a sentence or two. */
  get description() { return this.handle.description; }

  /** A shared run from a URL's `#run=` text; throws the core's Error if it cannot load. */
  static fromRun(text) {
    return new Simulation(undefined, undefined, Playground.fromRun(text));
  }

  /** A run file's parsed JSON; throws the core's Error if it is not a run it can replay. */
  static importRun(file) {
    return new Simulation(undefined, undefined, Playground.importRun(file));
  }

  /** The run as URL text: config, seed, every action and the step shown. */
  runText() { return this.handle.run(); }

  /** The run as an object for a JSON file. */
  exportRun() { return this.handle.exportRun(); }

  get scenario() { return this.handle.scenario; }
  get seed() { return this.handle.seed; }

  /** Events from index `from` on. */
  eventsFrom(from) { return this.handle.log(from); }

  // User actions take `at`: the logical time on screen (whole ticks) when the user acted.
  // Their result says `forked` when acting in the past discarded the run's old future.
  propose(node, value, at) { return this.#user(() => this.handle.propose(node, value, at)); }
  deliver(id, at) { return this.#user(() => this.handle.deliver(id, at)); }
  dropMessage(id, at) { return this.#user(() => this.handle.dropMessage(id, at)); }
  duplicate(id, at) { return this.#user(() => this.handle.duplicate(id, at)); }
  hold(id, at) { return this.#user(() => this.handle.hold(id, at)); }
  release(id, at) { return this.#user(() => this.handle.release(id, at)); }
  crash(node, at) { return this.#user(() => this.handle.crash(node, at)); }
  restart(node, at) { return this.#user(() => this.handle.restart(node, at)); }
  cut(from, to, at) { return this.#user(() => this.handle.cut(from, to, at)); }
  heal(from, to, at) { return this.#user(() => this.handle.heal(from, to, at)); }
  partition(groups, at) { return this.#user(() => this.handle.partition(groups, at)); }
  healAll(at) { return this.#user(() => this.handle.healAll(at)); }
  reset() { return this.#act(() => this.handle.reset()); }

  /** One step forward (along the recorded run when in the past); `delivered` is false when nothing happened. */
  step() {
    const result = this.#act(() => this.handle.step());
    return { ...result, delivered: result.value === true };
  }

  /** One step back in time; `moved` is false at the start. */
  back() {
    const result = this.#act(() => this.handle.back());
    return { ...result, moved: result.value === true };
  }

  /** Shows the run just after event step `step` (as in a log event). */
  seekStep(step) { return this.#act(() => this.handle.seekStep(step)); }

  /** Shows the run after `position` actions. */
  seek(position) { return this.#act(() => this.handle.seek(position)); }
  /** Frees the wasm memory behind this simulation. */
  free() { this.handle.free(); }

  /** A user action: its value says whether it forked the run. */
  #user(fn) {
    const result = this.#act(fn);
    return { ...result, forked: result.value === true };
  }

  #act(fn) {
    let value;
    try {
      value = fn();
      this.state = this.handle.state();
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error), value: undefined };
    }
    return { ok: true, error: null, value };
  }
}
