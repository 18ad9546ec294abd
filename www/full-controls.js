// The full controls (controls="full"): the scenario picker, seed, Copy link, Export and Import,
// the cluster settings, Break Paxos, manual delivery, the network's partitions and links, the
// In flight list and the model checker. A module of its own, loaded only by an element that
// shows them: an embed with the minimal controls downloads none of it. It reaches the
// simulation only through its App (never simulation.js itself), so that in the built folder
// it is a bundle of its own that shares no module with the element's (scripts/dist.mjs).

import { InFlightList } from "./in-flight.js";
import { BreakPaxosForm } from "./break-paxos.js";
import { VerifyPanel } from "./verify.js";
import { setText } from "./svg.js";
import { FULL_STYLE_TEXT } from "./full-styles.js";
import { addStyleSheet } from "./stylesheets.js";

/** Above the layout: scenario, seed, sharing, cluster settings, Break Paxos. */
const TOP = `
<div class="scenario">
  <label for="scenario">Scenario</label>
  <select id="scenario"></select>
  <label for="seed" title="The seed picks every message's delay: the same seed replays the same run">Seed (message delays)</label>
  <input id="seed" type="number" min="0" step="1" value="1" inputmode="numeric">
  <span class="share">
    <button id="copy-link" type="button" title="The link holds the whole run, at the step shown">Copy link</button>
    <button id="export" type="button">Export run</button>
    <input id="import" type="file" accept=".json,application/json" class="visually-hidden">
    <label class="file-button" for="import">Import run</label>
  </span>
  <p id="scenario-description" class="hint"></p>
  <details class="settings" id="settings">
    <summary>Cluster settings</summary>
    <form id="settings-form" class="settings-grid" autocomplete="off" novalidate>
      <label for="set-acceptors">Acceptors</label>
      <input id="set-acceptors" type="number" min="1" max="9">
      <label for="set-proposers">Proposers</label>
      <input id="set-proposers" type="number" min="1" max="5">
      <label for="set-values">Their values</label>
      <input id="set-values" type="text" spellcheck="false" aria-describedby="set-values-hint">
      <span id="set-values-hint" class="hint">one per proposer, separated by commas</span>
      <label for="set-learners">Learners</label>
      <select id="set-learners">
        <option value="proposers">the proposers learn</option>
        <option value="separate">two separate learners, L1 and L2</option>
      </select>
      <label for="set-delay-min">Delay, ticks</label>
      <span class="pair"><input id="set-delay-min" type="number" min="1" max="200" aria-label="Shortest delay, ticks"> to
        <input id="set-delay-max" type="number" min="1" max="200" aria-label="Longest delay, ticks"></span>
      <label for="set-loss">Loss, %</label>
      <input id="set-loss" type="number" min="0" max="90">
      <label for="set-duplicate">Duplication, %</label>
      <input id="set-duplicate" type="number" min="0" max="90">
      <label for="set-retry">Retry on timeout</label>
      <span class="pair"><input id="set-retry" type="checkbox">
        after <input id="set-retry-timeout" type="number" min="1" max="200" aria-label="Retry timeout, ticks">
        plus 0 to <input id="set-retry-backoff" type="number" min="0" max="200" aria-label="Largest random backoff, ticks"> ticks</span>
      <button id="settings-start" type="submit" class="primary">Start new run</button>
    </form>
  </details>
  <details class="settings break-paxos" id="break">
    <summary>Break Paxos</summary>
    <form id="break-form" class="break-grid" autocomplete="off" novalidate>
      <p class="hint">Each switch is a real change to the handlers, off in correct Paxos. Changing a switch or a quorum starts the run again at once, from its beginning and with the same seed, under the new rules; the pseudocode shows, in red, the code that runs in place of each line they change. Below, the verdict says whether any run on this cluster can now choose two values, and why. Press <strong>Verify</strong> in the Model checker panel to let it look for such a run.</p>
      <label class="switch"><input type="checkbox" name="ignoreAcceptedValues">
        <span><strong>1. Ignore accepted values.</strong> A proposer proposes its own value even when a promise reports a value already accepted. A later round, from this proposer or another, can then get a second value chosen over one already chosen.</span></label>
      <label class="switch"><input type="checkbox" name="nonUniqueNumbers">
        <span><strong>2. Non-unique proposal numbers.</strong> A proposal number is the round alone (<code>1</code>, not <code>1.P</code>), as the article allows, so two proposers in the same round share it; and an acceptor also promises a Prepare equal to its promise (<code>n &gt;= promisedNumber</code>), as one that answers a retransmitted Prepare does. Two proposers sharing a number can then both gather promises and each get its own value chosen. One proposer never repeats a number, so this takes two.</span></label>
      <label class="switch"><input type="checkbox" name="forgetOnCrash">
        <span><strong>3. Forget on crash.</strong> An acceptor keeps its promise and accepted value in memory only: after a crash and restart it promises and accepts as if new. Until an acceptor crashes, this switch changes nothing.</span></label>
      <label class="switch"><input type="checkbox" name="minorityPromises">
        <span><strong>4. Minority promises.</strong> A proposer goes on to phase 2 with promises from the largest minority of the N acceptors, (N − 1) / 2 of them and at least one, in place of Q1. From 3 acceptors up, such a minority can miss every acceptor of a majority, so with Q2 a majority a second value can be chosen. With 1 or 2 acceptors it is one promise, which still meets every majority.</span></label>
      <label class="switch"><input type="checkbox" name="acceptBelowPromise">
        <span><strong>5. Accept below the promise.</strong> An acceptor accepts an Accept numbered below its promise, breaking the promise it made in phase 1 (the promise itself stays the higher number). A late Accept of an older round can then get a second value chosen after a newer round chose the first.</span></label>
      <fieldset class="quorums">
        <legend><strong>6. Flexible Paxos quorums.</strong> Phase 1 needs <em>Q1</em> promises, phase 2 <em>Q2</em> acceptances. With no switch on, no run can choose two values exactly when every phase-1 quorum meets every phase-2 quorum: Q1 + Q2 &gt; N acceptors (Howard, Malkhi and Spiegelman, 2016).</legend>
        <label for="break-q1">Q1</label>
        <input id="break-q1" name="phase1Quorum" type="number" min="1" max="9" placeholder="majority" aria-describedby="break-quorum-hint break-q1-note">
        <label for="break-q2">Q2</label>
        <input id="break-q2" name="phase2Quorum" type="number" min="1" max="9" placeholder="majority" aria-describedby="break-quorum-hint">
        <span id="break-quorum-hint" class="hint">empty: a majority. A number applies when you press Enter or leave the field.</span>
        <span id="break-q1-note" class="hint q1-note" hidden>Q1 is not used while switch 4 is on: the switch sets phase 1's quorum.</span>
      </fieldset>
      <p id="break-status" class="break-status" role="status"></p>
      <div class="verdict">
        <p id="break-verdict" class="verdict-line"></p>
        <p id="break-summary" class="hint"></p>
        <ul id="break-reasons" class="reasons"></ul>
      </div>
    </form>
  </details>
</div>`;

/** In the toolbar. */
const TOOLBAR = `<label class="manual" for="manual"><input id="manual" type="checkbox"> Manual delivery</label>`;

/** Below the ring: the network and the messages in flight. */
const STAGE = `
<section role="group" class="network" aria-labelledby="network-title">
  <h3 id="network-title">Network</h3>
  <form id="partition-form" class="row" autocomplete="off">
    <label for="groups">Partition</label>
    <input id="groups" type="text" placeholder="e.g. P,A | B,C" spellcheck="false">
    <button id="partition" type="submit">Partition</button>
    <button id="heal-all" type="button">Heal all</button>
  </form>
  <form id="link-form" class="row" autocomplete="off">
    <label for="link-from">Link</label>
    <select id="link-from" aria-label="Link from"></select>
    <span aria-hidden="true">→</span>
    <select id="link-to" aria-label="Link to"></select>
    <button id="cut" type="submit">Cut</button>
    <button id="heal" type="button">Heal</button>
  </form>
  <p id="cut-links" class="hint">No link is cut.</p>
</section>
<section role="group" class="in-flight" aria-labelledby="in-flight-title">
  <h3 id="in-flight-title">In flight</h3>
  <p id="in-flight-empty" class="hint">No message is in flight.</p>
  <ul id="in-flight-list"></ul>
</section>`;

/** Beside the pseudocode, below the invariants: the model checker. */
const SIDE = `
<section role="group" class="verify" aria-labelledby="verify-title">
  <h3 id="verify-title">Model checker</h3>
  <p class="hint">Tries every order of every message, loss and crash within the bounds, on the same handlers as the animation, and looks for a state where an invariant breaks. A counterexample loads into the timeline and plays. A search stops without a verdict at its state limit; while it runs, the panel estimates the time left and warns early when the limit will likely be reached.</p>
  <form id="verify-form" class="verify-grid" autocomplete="off" novalidate>
    <label for="verify-rounds">Rounds per proposer</label>
    <input id="verify-rounds" type="number" min="1" max="5" value="2">
    <label for="verify-crashes">Crashes</label>
    <input id="verify-crashes" type="number" min="0" max="3" value="0">
    <label class="check"><input id="verify-loss" type="checkbox"> Messages may be lost</label>
    <label class="check"><input id="verify-duplicate" type="checkbox"> Messages may be duplicated</label>
    <label class="check"><input id="verify-symmetry" type="checkbox" checked> Symmetry (exact, on by default): count acceptors that differ only by name once</label>
    <label class="check"><input id="verify-partial-order" type="checkbox" checked> Partial order (exact, on by default): skip orders of steps that cannot change a verdict</label>
    <span class="buttons">
      <button id="verify" type="submit" class="primary">Verify</button>
      <button id="verify-cancel" type="button" disabled>Cancel</button>
    </span>
  </form>
  <p id="verify-progress" class="hint"></p>
  <p id="verify-estimate" class="hint" hidden></p>
  <div id="verify-caution" class="verify-caution" role="status" hidden></div>
  <p id="verify-result" class="verify-result" aria-live="polite"></p>
  <ol id="verify-steps" class="verify-steps" hidden></ol>
</section>`;

/** The full controls of one playground: puts their markup into its shadow root and wires them to its App. */
export class FullControls {
  /** @param {import("./app.js").App} app */
  constructor(app) {
    this.app = app;
    this.$ = app.$;
    /** Resolves when the controls' stylesheet applies. */
    this.styled = addStyleSheet(app.root, FULL_STYLE_TEXT, new URL("./full-controls.css", import.meta.url).href);
    const put = (id, markup) => {
      const template = document.createElement("template");
      template.innerHTML = markup; // static markup from this module
      app.$(id).replaceChildren(template.content);
    };
    put("full-top", TOP);
    put("full-toolbar", TOOLBAR);
    put("full-stage", STAGE);
    put("full-side", SIDE);
    this.$("scenario").replaceChildren(...app.scenarioList.map((s) => new Option(s.title, s.name)));
    this.writeSettingsForm(app.clusterSettings);
    this.inFlight = new InFlightList(
      { list: this.$("in-flight-list"), empty: this.$("in-flight-empty") },
      {
        onDeliver: (id) => app.act((sim, at) => sim.deliver(id, at)),
        onDrop: (id) => app.act((sim, at) => sim.dropMessage(id, at)),
        onDuplicate: (id) => app.act((sim, at) => sim.duplicate(id, at)),
        onHold: (id) => app.act((sim, at) => sim.hold(id, at)),
        onRelease: (id) => app.act((sim, at) => sim.release(id, at)),
      },
    );
    this.breakForm = new BreakPaxosForm(
      {
        details: this.$("break"), form: this.$("break-form"), summary: this.$("break-summary"), verdict: this.$("break-verdict"),
        reasons: this.$("break-reasons"), status: this.$("break-status"), q1Note: this.$("break-q1-note"),
      },
      (rules) => (app.load(() => app.sim.withRules(rules)) ? null : app.errorMessage),
    );
    this.verify = new VerifyPanel(
      {
        form: this.$("verify-form"), rounds: this.$("verify-rounds"), crashes: this.$("verify-crashes"), loss: this.$("verify-loss"),
        duplicate: this.$("verify-duplicate"), symmetry: this.$("verify-symmetry"),
        partialOrder: this.$("verify-partial-order"), verify: this.$("verify"),
        cancel: this.$("verify-cancel"), progress: this.$("verify-progress"), estimate: this.$("verify-estimate"), caution: this.$("verify-caution"),
        result: this.$("verify-result"), steps: this.$("verify-steps"),
      },
      { run: () => app.sim.runText(), onCounterexample: (run) => app.playCounterexample(run) },
    );
    this.#bind();
  }

  #bind() {
    const app = this.app;
    const $ = this.$;
    $("settings-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.startFromSettings();
    });
    $("manual").addEventListener("change", () => app.setManual($("manual").checked));
    $("export").addEventListener("click", () => this.exportRun());
    $("copy-link").addEventListener("click", () => this.copyLink());
    $("import").addEventListener("change", () => {
      const [file] = $("import").files;
      $("import").value = ""; // the same file can be chosen again
      if (file) this.importRun(file);
    });
    $("partition-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const groups = $("groups").value;
      app.act((sim, at) => sim.partition(groups, at));
    });
    $("heal-all").addEventListener("click", () => app.act((sim, at) => sim.healAll(at)));
    $("link-form").addEventListener("submit", (event) => {
      event.preventDefault();
      app.act((sim, at) => sim.cut($("link-from").value, $("link-to").value, at));
    });
    $("heal").addEventListener("click", () => app.act((sim, at) => sim.heal($("link-from").value, $("link-to").value, at)));
    $("scenario").addEventListener("change", () => app.start($("scenario").value, $("seed").valueAsNumber));
    $("seed").addEventListener("change", () => {
      const seed = $("seed").valueAsNumber;
      app.load(() => app.sim.reseeded(Number.isNaN(seed) ? undefined : seed));
    });
  }

  /** A run was loaded (or a load failed and `sim` stays): the controls show its scenario, seed, nodes and rules. */
  loaded(sim, rules = sim.rules()) {
    const $ = this.$;
    $("seed").value = String(sim.seed);
    const info = this.app.scenarioList.find((s) => s.name === sim.scenario);
    if (info) $("scenario").value = sim.scenario;
    else $("scenario").selectedIndex = -1; // a shared run is not one of the scenarios
    $("scenario-description").textContent = info?.description ?? sim.description;
    const names = sim.state.nodes.map((n) => n.name);
    if (names.join() !== this.names) {
      this.names = names.join();
      $("link-from").replaceChildren(...names.map((n) => new Option(n, n)));
      $("link-to").replaceChildren(...names.map((n) => new Option(n, n)));
      if (names.length > 1) $("link-to").value = names[1];
    }
    // The checker's rounds: two for one proposer (a retry), one for several (their duels
    // already take minutes at two); set again only when the number of proposers changes.
    const proposers = sim.state.nodes.filter((n) => n.proposer).length;
    if (proposers !== this.proposerCount) $("verify-rounds").value = proposers > 1 ? "1" : "2";
    this.proposerCount = proposers;
    this.breakForm.show(rules);
  }

  /** The panels were brought up to `state`: the In flight list and the cut links follow. */
  refreshed(state) {
    this.inFlight.update(state.messages);
    setText(this.$("cut-links"), state.cutLinks.length === 0
      ? "No link is cut."
      : `Cut: ${state.cutLinks.map((l) => `${l.from} → ${l.to}`).join(", ")}.`);
  }

  /**
   * Starts a new run from the settings form. The core checks every field and names the one
   * that is wrong (an empty field arrives as NaN).
   */
  startFromSettings() {
    this.app.startWithSettings(this.readSettingsForm(), this.$("seed").valueAsNumber);
  }

  /** The cluster settings form as the core takes them (a number is NaN where a field is empty). */
  readSettingsForm() {
    const number = (id) => this.$(id).valueAsNumber;
    return {
      acceptors: number("set-acceptors"),
      proposers: number("set-proposers"),
      values: this.$("set-values").value.split(",").map((v) => v.trim()),
      separateLearners: this.$("set-learners").value === "separate",
      delayMin: number("set-delay-min"),
      delayMax: number("set-delay-max"),
      lossPercent: number("set-loss"),
      duplicatePercent: number("set-duplicate"),
      retryTimeout: this.$("set-retry").checked ? number("set-retry-timeout") : null,
      retryBackoff: number("set-retry-backoff"),
    };
  }

  /** Shows cluster settings (as the core takes them) in the settings form. */
  writeSettingsForm(settings) {
    const $ = this.$;
    for (const [id, key] of [["set-acceptors", "acceptors"], ["set-proposers", "proposers"], ["set-delay-min", "delayMin"],
      ["set-delay-max", "delayMax"], ["set-loss", "lossPercent"], ["set-duplicate", "duplicatePercent"], ["set-retry-backoff", "retryBackoff"]]) {
      $(id).value = String(settings[key]);
    }
    $("set-values").value = settings.values.join(", ");
    $("set-learners").value = settings.separateLearners ? "separate" : "proposers";
    $("set-retry").checked = settings.retryTimeout !== null;
    if (settings.retryTimeout !== null) $("set-retry-timeout").value = String(settings.retryTimeout);
  }

  /** Downloads the run as a JSON file. */
  exportRun() {
    const json = JSON.stringify(this.app.sim.exportRun(), null, 2);
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([json], { type: "application/json" }));
    link.download = "paxos-run.json";
    link.click();
    URL.revokeObjectURL(link.href);
  }

  /** Loads a run file exported here; anything else is refused with the reason. */
  async importRun(file) {
    const maxBytes = 5 * 1024 * 1024;
    if (file.size > maxBytes) {
      return this.app.showError(`${file.name} is ${(file.size / 1048576).toFixed(1)} MB; a run file is at most 5 MB.`);
    }
    let parsed;
    try {
      parsed = JSON.parse(await file.text());
    } catch (error) {
      return this.app.showError(`${file.name} is not JSON (${error.message}), so it is not a run exported here.`);
    }
    this.app.importRun(parsed);
  }

  /**
   * Copies a link to the run. On the playground's own page that is the page's address; an
   * embedded playground links to the full playground beside its files (index.html).
   */
  async copyLink() {
    const app = this.app;
    const fragment = `#run=${app.sim.runText()}`;
    if (app.syncUrl) history.replaceState(null, "", fragment);
    const link = app.syncUrl ? location.href : new URL(`../index.html${fragment}`, import.meta.url).href;
    try {
      await navigator.clipboard.writeText(link);
      app.showNotice("The link is copied. It holds the whole run, at the step shown.");
    } catch {
      app.showNotice(app.syncUrl
        ? "Copy the address from the address bar: it holds the whole run, at the step shown."
        : `The clipboard is not available here. The link to this run: ${link}`);
    }
  }
}
