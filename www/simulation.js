// The only module that talks to the wasm core. It loads the module once and wraps one
// Playground handle: every action returns { ok, error } so callers can show the error text
// (the core's JsError messages already say what was wrong and what is allowed).

import init, { Playground } from "../pkg/paxos_playground.js";

let ready = null;

/** Loads and instantiates the wasm module (once per page). */
export function loadCore() {
  ready ??= init();
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
  /** Throws the core's Error if the scenario or seed is not allowed. */
  constructor(scenario, seed) {
    this.handle = new Playground(scenario, seed);
    this.state = this.handle.state();
  }

  get scenario() { return this.handle.scenario; }
  get seed() { return this.handle.seed; }

  /** Events from index `from` on. */
  eventsFrom(from) { return this.handle.log(from); }

  // User actions take `at`: the logical time on screen (whole ticks) when the user acted.
  propose(node, value, at) { return this.#act(() => this.handle.propose(node, value, at)); }
  deliver(id, at) { return this.#act(() => this.handle.deliver(id, at)); }
  dropMessage(id, at) { return this.#act(() => this.handle.dropMessage(id, at)); }
  crash(node, at) { return this.#act(() => this.handle.crash(node, at)); }
  restart(node, at) { return this.#act(() => this.handle.restart(node, at)); }
  reset() { return this.#act(() => this.handle.reset()); }
  /** Delivers the next due message; `delivered` is false when nothing was in flight. */
  step() {
    let delivered = false;
    const result = this.#act(() => { delivered = this.handle.step(); });
    return { ...result, delivered };
  }
  /** Frees the wasm memory behind this simulation. */
  free() { this.handle.free(); }

  #act(fn) {
    try {
      fn();
      this.state = this.handle.state();
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    return { ok: true, error: null };
  }
}
