// The model checker's worker: runs one search off the page's thread, so the page stays
// responsive. It loads a wasm module built with the checker feature, which the page's own
// module (npm run build) leaves out. Cancel is `worker.terminate()`: a search has no other way
// to stop, and needs none.
//
// Request:  { kind: "playground", run, options } or { kind: "spec", options }, and `every`
//           (report progress every so many states explored).
// Replies:  { type: "start", bounds, maxStates }, then { type: "progress", distinctStates,
//           explored, generatedStates, depth, seconds } now and then, then { type: "done",
//           result, seconds } or { type: "error", message }.

// Where a Verifier can come from, first match wins:
// 1. pkg/, if it has one: `wasm-pack build --target web` builds the crate's default features,
//    which include the checker. It is then the very module the page runs, so the two always
//    agree on a run's format, even when a pkg/checker/ from an earlier `npm run build` is left.
// 2. pkg/checker/: `npm run build` builds it beside the page's checker-free pkg/, for speed.
// The wasm addresses are given, not left to the bindings: in the built folder (npm run dist)
// this file and the bindings are one bundle (without pkg/'s, which has no checker there), and
// the address must still reach pkg/checker/.
const MODULES = [
  { bindings: () => import("../pkg/paxos_playground.js"), wasm: "../pkg/paxos_playground_bg.wasm" },
  { bindings: () => import("../pkg/checker/paxos_playground.js"), wasm: "../pkg/checker/paxos_playground_bg.wasm" },
];

const NOT_BUILT =
  "The model checker's module is not built: run `npm run build` (or `wasm-pack build --target web`), then reload the page.";

async function loadVerifier() {
  for (const { bindings, wasm } of MODULES) {
    let bindingsModule;
    try {
      bindingsModule = await bindings();
    } catch {
      continue; // not built
    }
    if (typeof bindingsModule.Verifier !== "function") continue; // built without the checker
    await bindingsModule.default({ module_or_path: new URL(wasm, import.meta.url) });
    return bindingsModule.Verifier;
  }
  throw new Error(NOT_BUILT);
}

// Loaded on the first request (each Verify starts a new worker and sends one at once), so a
// missing module is reported as that request's error.
let verifierLoading = null;

self.onmessage = async ({ data }) => {
  let verifier = null;
  try {
    verifierLoading ??= loadVerifier();
    const Verifier = await verifierLoading;
    verifier = data.kind === "spec" ? Verifier.spec(data.options) : Verifier.forRun(data.run, data.options);
    self.postMessage({ type: "start", bounds: verifier.bounds, maxStates: verifier.maxStates });
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
