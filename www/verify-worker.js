// The model checker's worker: runs one search off the page's thread, so the page stays
// responsive. It loads its own wasm module (pkg/checker/, built for speed with the checker),
// which the page itself never downloads. Cancel is `worker.terminate()`: a search has no
// other way to stop, and needs none.
//
// Request:  { kind: "playground", run, options } or { kind: "spec", options }, and `every`
//           (report progress every so many distinct states).
// Replies:  { type: "start", bounds }, then { type: "progress", distinctStates,
//           generatedStates, depth, seconds } now and then, then { type: "done", result,
//           seconds } or { type: "error", message }.

import init, { Verifier } from "../pkg/checker/paxos_playground.js";

// The module's address is given, not left to the bindings: in the built folder (npm run dist)
// this file and the bindings are one bundle, and the address must still reach pkg/checker/.
const ready = init({ module_or_path: new URL("../pkg/checker/paxos_playground_bg.wasm", import.meta.url) });

self.onmessage = async ({ data }) => {
  let verifier = null;
  try {
    await ready;
    verifier = data.kind === "spec" ? Verifier.spec(data.options) : Verifier.forRun(data.run, data.options);
    self.postMessage({ type: "start", bounds: verifier.bounds });
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    const progress = (p) => self.postMessage({ type: "progress", ...p, seconds: seconds() });
    const result = verifier.check(progress, data.every ?? 20000);
    self.postMessage({ type: "done", result, seconds: seconds() });
  } catch (error) {
    self.postMessage({ type: "error", message: error instanceof Error ? error.message : String(error) });
  } finally {
    verifier?.free();
  }
};
