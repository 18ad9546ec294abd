// The page: wires the controls to one Simulation and redraws the views after every change.
// The animation clock lives here: display time runs at the chosen speed, and whenever it
// reaches the next message's due time the core delivers it. The protocol lives only in Rust.

import { loadCore, scenarios, pseudocode, maxValueChars, Simulation } from "./simulation.js";
import { RingView } from "./ring.js";
import { ActionMenu } from "./action-menu.js";
import { PseudocodePanel } from "./pseudocode.js";
import { EventLog } from "./event-log.js";
import { SpaceTimeDiagram } from "./diagram.js";
import { InvariantsPanel } from "./invariants.js";
import { setText } from "./svg.js";
import { SPEED, DEFAULT_SETTINGS, runText } from "./attributes.js";

const MAX_DELIVERIES_PER_FRAME = 20;
const DIAGRAM_FRAME_MS = 66;
const URL_PAUSED_MS = 250; // how soon the address follows a change
const URL_PLAYING_MS = 1000; // ... and while playing
const REPLAY_STEP_MS = 700; // a counterexample plays one action at a time, this far apart
const PANELS_PLAYING_MS = 250; // how often the panels beside the ring follow the run while playing
const INSTANT_STEP_MS = 1000; // with reduced motion, Play delivers one message this often at 2 ticks/s
const RING_HINT = "Click or tap a node to crash, restart or propose from it; a message to deliver, drop, duplicate or hold it.";
const MANUAL_HINT = "Manual delivery is on: choose the next message with Deliver in the In flight list (or click it in the ring), or turn manual delivery off.";

export class App {
  /**
   * @param {ShadowRoot} root the element's shadow root, holding the markup of www/template.js
   * @param {{ syncUrl?: boolean, reducedMotion?: MediaQueryList }} options syncUrl: keep the
   *   page's address (#run=...) in step with the run and load runs pasted into it (for a page
   *   with one playground); reducedMotion: while it matches, Play moves in instant steps
   */
  constructor(root, { syncUrl = false, reducedMotion = null } = {}) {
    this.root = root;
    this.$ = (id) => root.getElementById(id);
    /** The error message shown, or null. */
    this.errorMessage = null;
    this.syncUrl = syncUrl;
    this.reducedMotion = reducedMotion;
    this.sim = null;
    this.playing = false;
    /** The pending animation frame's id, or null. */
    this.frameRequest = null;
    this.displayTime = 0;
    this.lastFrame = null;
    this.speed = Number(this.$("speed").value);
    this.ring = new RingView(this.$("ring"), {
      onNode: (name, anchor) => this.openNodeMenu(name, anchor),
      onMessage: (id, anchor) => this.openMessageMenu(id, anchor),
    });
    this.menu = new ActionMenu(this.$("ring"));
    this.code = new PseudocodePanel(
      { pre: this.$("pseudocode"), caption: this.$("code-caption"), watch: this.$("watch"), vars: this.$("acceptor-vars") },
      pseudocode(),
    );
    this.log = new EventLog(this.$("log"));
    this.diagram = new SpaceTimeDiagram(this.$("diagram"), { onSeek: (step) => this.seekStep(step) });
    this.invariants = new InvariantsPanel(this.$("invariants"), (step) => this.seekStep(step));
    this.eventsSeen = 0; // log events fetched from the core
    this.pendingEvents = []; // ... and not shown in the log yet (see refresh)
    this.panelsShownAt = 0;
    this.panelsStale = false;
    this.scenarioList = scenarios();
    this.maxValueChars = maxValueChars();
    /** The value the page last put in the value field (see prefillValue), or null. */
    this.prefilled = null;
    this.showValueLength();
    this.full = null; // the full controls (www/full-controls.js), once loaded
    this.clusterSettings = DEFAULT_SETTINGS; // what the settings form shows first
    this.bindControls();
  }

  bindControls() {
    this.$("play").addEventListener("click", () => (this.playing || this.replaying ? this.pause() : this.play()));
    this.$("back").addEventListener("click", () => this.stepBack());
    this.$("timeline").addEventListener("input", () => this.seek(Number(this.$("timeline").value)));
    this.$("step").addEventListener("click", () => this.stepOnce());
    this.$("reset").addEventListener("click", () => this.reset());
    this.$("speed").addEventListener("input", () => this.setSpeed(Number(this.$("speed").value)));
    this.$("propose-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const node = this.$("proposer").value;
      const value = this.$("value").value;
      // On success the value stays: it is now this proposer's own, ready to propose again.
      if (this.act((sim, at) => sim.propose(node, value, at))) this.prefilled = value;
    });
    this.$("proposer").addEventListener("change", () => this.prefillValue());
    // A shared link pasted into this tab: load it (the page's own updates are not news).
    if (this.syncUrl) {
      window.addEventListener("hashchange", () => {
        if (location.hash !== this.writtenHash) this.loadFromUrl();
      });
    }
    this.$("value").addEventListener("input", () => this.showValueLength());
    // Shortcuts work only while focus is inside this playground, so two on one page do not
    // both answer a key.
    this.root.addEventListener("keydown", (event) => this.shortcut(event));
  }

  /**
   * Answers a shortcut key: Space plays or pauses, the arrows step, Home and End go to either
   * end of the run. Returns whether the key was one. Shortcuts stay out of the way of typing,
   * and Space keeps its meaning on buttons; on a slider the arrows move the slider.
   */
  shortcut(event) {
    const typing = event.target.closest?.("input:not([type=range]), select, textarea");
    const slider = event.target.closest?.("input[type=range]");
    const pressable = event.target.closest?.("button, [role=button]");
    if (typing || event.altKey || event.ctrlKey || event.metaKey) return false;
    if (event.key === " " && !pressable) {
      event.preventDefault();
      this.playing || this.replaying ? this.pause() : this.play();
    } else if (event.key === "ArrowRight" && !slider) {
      event.preventDefault();
      this.stepOnce();
    } else if (event.key === "ArrowLeft" && !slider) {
      event.preventDefault();
      this.stepBack();
    } else if ((event.key === "Home" || event.key === "End") && !slider) {
      event.preventDefault();
      this.seek(event.key === "Home" ? 0 : this.sim.state.length);
    } else {
      return false;
    }
    return true;
  }

  /** Starts a cluster from settings (see Playground.withSettings); on bad ones, keeps the run and says why. */
  startWithSettings(settings, seed) {
    return this.load(() => Simulation.withSettings(settings, Number.isNaN(seed) ? undefined : seed));
  }

  /** Loads a run file's parsed JSON (see Playground.importRun); on a bad one, keeps the run and says why. */
  importRun(parsed) {
    return this.load(() => Simulation.importRun(parsed));
  }

  /** Starts a new simulation; on a bad scenario or seed, keeps the current one and says why. */
  start(scenario, seed) {
    return this.load(() => new Simulation(scenario, Number.isNaN(seed) ? undefined : seed));
  }

  /**
   * Switches to the simulation `make` returns. If it throws (a bad seed, link or file), the
   * current run stays and the error is shown. Returns success.
   */
  load(make) {
    let sim;
    try {
      sim = make();
    } catch (error) {
      this.showError(error.message);
      if (this.sim) this.full?.loaded(this.sim); // puts back what the controls asked for
      return false;
    }
    this.sim?.free();
    this.sim = sim;
    this.#forgetLog();
    this.pause();
    this.displayTime = sim.state.time;
    this.showError(null);
    const info = this.scenarioList.find((s) => s.name === sim.scenario);
    this.$("playground").setAttribute("aria-label", `Paxos playground: ${info?.title ?? (sim.scenario ? "a cluster of its own" : "a shared run")}`);
    const proposers = sim.state.nodes.filter((n) => n.proposer).map((n) => n.name);
    this.$("proposer").replaceChildren(...proposers.map((n) => new Option(n, n)));
    this.prefilled = null; // a new run: the field takes the first proposer's value
    this.prefillValue();
    this.forkNoticeShown = false;
    this.$("notice").hidden = true;
    const rules = sim.rules();
    this.quorumWords = rules.rules.phase2Quorum === null
      ? { who: "a majority of acceptors", subject: "A majority" }
      : { who: `${rules.phase2Quorum} of ${rules.acceptors} acceptors`, subject: `${rules.phase2Quorum} of ${rules.acceptors} acceptors` };
    this.code.markBroken(rules.brokenLines);
    this.full?.loaded(sim, rules);
    this.refresh();
    return true;
  }

  /**
   * Loads the model checker's counterexample (a run text) and plays it from the start, one
   * recorded action at a time: the checker has no clock, so its run delivers each message
   * at once, and stepping is how to watch it. The invariants panel turns red at the step that
   * breaks safety. Any control stops the replay, as it stops Play.
   */
  playCounterexample(run) {
    if (!this.load(() => Simulation.fromRun(run))) return;
    this.seek(0);
    this.showNotice("The model checker's counterexample is loaded into the timeline and plays from the start. Pause, step or scrub it like any run.");
    this.replaying = true;
    this.$("play").textContent = "Pause";
    const next = () => {
      if (!this.replaying) return;
      if (this.sim.state.position >= this.sim.state.length) return this.pause();
      const result = this.sim.step();
      if (!result.ok || !result.delivered) return this.pause();
      this.displayTime = this.sim.state.time;
      this.refresh();
      this.replayTimer = setTimeout(next, REPLAY_STEP_MS);
    };
    this.replayTimer = setTimeout(next, REPLAY_STEP_MS);
  }

  /**
   * Loads the full controls (www/full-controls.js) into this playground, once; resolves when
   * they are in place and show the current run.
   */
  enableFull() {
    this.fullLoading ??= import("./full-controls.js").then(async ({ FullControls }) => {
      const full = new FullControls(this);
      await full.styled;
      this.full = full;
      if (this.sim) {
        full.loaded(this.sim);
        full.refreshed(this.sim.state);
      }
    });
    return this.fullLoading;
  }

  /**
   * Shows the controls and panels chosen (see www/attributes.js): elements marked data-show
   * and data-panel are hidden or shown, and the side column goes when it has nothing to show.
   */
  setView({ controls, panels, speed }) {
    for (const element of this.root.querySelectorAll("[data-show]")) {
      element.hidden = controls === "none" || (controls === "minimal" && element.dataset.show === "full");
    }
    for (const element of this.root.querySelectorAll("[data-panel]")) {
      element.hidden = !panels.includes(element.dataset.panel);
    }
    const code = panels.includes("pseudocode") || panels.includes("invariants") || controls === "full";
    this.$("code-section").hidden = !code;
    // The column is named by its first heading that is shown.
    this.$("code-section").setAttribute("aria-labelledby", panels.includes("pseudocode") ? "code-title" : panels.includes("invariants") ? "invariants-title" : "verify-title");
    this.$("side").hidden = !code && !panels.includes("log");
    this.$("playground").classList.toggle("one-column", this.$("side").hidden);
    this.setSpeed(speed);
  }

  /** Repaints the canvases in the theme's colors (after a theme change). */
  restyle() {
    this.ring.restyle();
    this.ring.frame(this.displayTime);
    this.diagram.restyle();
  }

  /** Sets the animation speed, in ticks per second. */
  setSpeed(speed) {
    this.speed = speed;
    this.$("speed").value = String(speed);
    this.$("speed-value").textContent = `${speed} ticks/s`;
  }

  /** Manual delivery: Play and Step are off, and a click on a message delivers it. */
  setManual(on) {
    this.manual = on;
    if (on) this.pause();
    for (const id of ["play", "step"]) this.$(id).disabled = on;
    this.$("ring-hint").textContent = on
      ? `Manual delivery: choose the next message to deliver (click or tap it for "Deliver now", or use Deliver in the list below).`
      : RING_HINT;
  }

  /** Loads the run in the URL's `#run=` fragment, if there is one. Returns whether it did. */
  loadFromUrl() {
    const match = /^#run=(.+)$/.exec(location.hash);
    if (!match) return false;
    // Broken percent-encoding is passed on as it is (as for the run attribute), so that the
    // core says what is wrong with the link rather than the engine's "URI malformed".
    if (this.load(() => Simulation.fromRun(runText(match[1])))) return true;
    const problem = this.errorMessage.replace(/\.$/, "");
    this.start("article", 1);
    this.showError(`${problem}. The playground starts on the article's example instead.`);
    return true;
  }

  /**
   * Keeps the URL's fragment in step with the run, a few times a second at most. Writing it
   * costs a few milliseconds (the whole run is encoded), so while playing it is written once
   * a second, in a frame's idle time where the browser has one: a frame that also had to
   * write the URL would miss its 17 ms.
   */
  scheduleUrlUpdate() {
    if (!this.syncUrl || this.urlTimer) return;
    const write = () => {
      this.urlTimer = null;
      this.writtenHash = `#run=${this.sim.runText()}`;
      history.replaceState(null, "", this.writtenHash);
    };
    const whenIdle = () => (window.requestIdleCallback ? window.requestIdleCallback(write, { timeout: 250 }) : write());
    this.urlTimer = setTimeout(whenIdle, this.playing ? URL_PLAYING_MS : URL_PAUSED_MS);
  }

  showNotice(text) {
    const notice = this.$("notice");
    notice.hidden = false;
    notice.textContent = text;
  }

  reset() {
    this.pause();
    if (!this.act((sim) => sim.reset())) return;
    this.displayTime = this.sim.state.time;
    this.#forgetLog();
    this.refresh();
  }

  play() {
    if (this.manual) return this.showError(MANUAL_HINT);
    if (this.sim.state.nextDueAt === null) {
      this.showError(this.sim.state.quietReason);
      return;
    }
    this.showError(null);
    this.playing = true;
    this.lastFrame = null;
    this.$("play").textContent = "Pause";
    this.#requestFrame();
  }

  pause() {
    this.playing = false;
    // A Play within the same frame must not start a second loop beside this one.
    if (this.frameRequest !== null) cancelAnimationFrame(this.frameRequest);
    this.frameRequest = null;
    this.replaying = false;
    clearTimeout(this.replayTimer);
    this.$("play").textContent = "Play";
    if (this.panelsStale) this.#refreshPanels(this.sim.state); // catch up with the step shown
  }

  stepOnce() {
    if (this.manual) return this.showError(MANUAL_HINT);
    this.pause();
    const result = this.sim.step();
    if (!result.ok) return this.showError(result.error);
    if (!result.delivered) return this.showError(this.sim.state.quietReason);
    this.showError(null);
    this.displayTime = this.sim.state.time;
    this.refresh();
  }

  /**
   * Puts the selected proposer's own value (the core's `ownValue`: what it proposed last) in the
   * value field, so that Propose proposes again at once. What the user typed is kept: the
   * field follows the proposer only while it holds the value put there, or nothing.
   */
  prefillValue() {
    const field = this.$("value");
    if (this.prefilled !== null && field.value !== "" && field.value !== this.prefilled) return;
    const node = this.sim.state.nodes.find((n) => n.name === this.$("proposer").value);
    field.value = node?.proposer?.ownValue ?? "";
    this.prefilled = field.value;
    this.showValueLength();
  }

  /** Shows how many of the allowed characters the value field holds. */
  showValueLength() {
    const length = [...this.$("value").value].length; // characters as the core counts them
    const counter = this.$("value-length");
    counter.textContent = `${length}/${this.maxValueChars}`;
    counter.classList.toggle("over", length > this.maxValueChars);
  }

  stepBack() {
    this.pause();
    const result = this.sim.back();
    if (result.ok && !result.moved) return this.showError("This is the start of the run: there is nothing before it.");
    this.#showMoved(result);
  }

  seekStep(step) {
    this.pause();
    this.#showMoved(this.sim.seekStep(step));
  }

  seek(position) {
    this.pause();
    this.#showMoved(this.sim.seek(position));
  }

  /** After a move in time: the error, or the world at its own time. */
  #showMoved(result) {
    if (!result.ok) return this.showError(result.error);
    this.showError(null);
    this.displayTime = this.sim.state.time;
    this.refresh();
  }

  /**
   * A node's actions, for a click, a tap or Enter on it: crash or restart; propose from it; show
   * its variables beside the pseudocode (the last two where those controls are shown).
   */
  openNodeMenu(name, anchor) {
    const node = this.sim.state.nodes.find((n) => n.name === name);
    if (!node) return;
    this.pause();
    const actions = [node.crashed
      ? { label: `Restart ${name}`, run: () => this.act((sim, at) => sim.restart(name, at)) }
      : { label: `Crash ${name}`, run: () => this.act((sim, at) => sim.crash(name, at)) }];
    if (node.proposer && !this.$("propose-form").hidden) {
      actions.push({ label: `Propose a value from ${name}…`, run: () => {
        this.$("proposer").value = name;
        this.prefillValue();
        this.$("value").focus();
      } });
    }
    if (node.roles.includes("acceptor") && !this.$("pseudocode").closest("[data-panel]").hidden) {
      actions.push({ label: `Watch ${name}'s variables`, run: () => {
        this.$("watch").value = name;
        this.$("watch").dispatchEvent(new Event("change"));
        this.$("watch").scrollIntoView({ block: "nearest" });
        this.$("watch").focus({ preventScroll: true });
      } });
    }
    this.#openMenu(node.summary, actions, anchor);
  }

  /** A message's actions, for a click or a tap on it: deliver it now, drop, duplicate, hold or release. */
  openMessageMenu(id, anchor) {
    const message = this.sim.state.messages.find((m) => m.id === id);
    if (!message) return;
    this.pause();
    const run = (action) => () => this.act((sim, at) => sim[action](id, at));
    this.#openMenu(`#${id} ${message.label}, ${message.src} → ${message.dst}${message.held ? ", held" : ""}`, [
      { label: "Deliver now", run: run("deliver") },
      { label: "Drop", run: run("dropMessage") },
      { label: "Duplicate", run: run("duplicate") },
      message.held ? { label: "Release", run: run("release") } : { label: "Hold", run: run("hold") },
    ], anchor);
  }

  /** Opens the action menu; after it, focus returns to the node for keyboard users, else to the playground. */
  #openMenu(title, actions, { point, opener, keyboard }) {
    this.menu.open({ point, title, actions, returnFocus: keyboard ? opener : this.$("playground") });
  }

  /** Runs a user action at the time on screen; shows its error, if any. Returns success. */
  act(action) {
    const result = action(this.sim, Math.floor(this.displayTime));
    if (!result.ok) {
      this.showError(result.error);
      return false;
    }
    this.showError(null);
    if (result.forked && !this.forkNoticeShown) {
      // Said once per run: later forks work the same way.
      this.forkNoticeShown = true;
      this.showNotice("You acted in the past, so the run continues from there: its old future is discarded. Back and the timeline still reach every step of the new branch.");
    }
    this.refresh();
    return true;
  }

  /** Asks for the next animation frame, unless one is already asked for: one loop at a time. */
  #requestFrame() {
    if (this.frameRequest !== null) return;
    this.frameRequest = requestAnimationFrame((t) => {
      this.frameRequest = null;
      this.frame(t);
    });
  }

  frame(now) {
    if (!this.playing) return;
    if (this.reducedMotion?.matches) return this.#instantFrame(now);
    const elapsed = this.lastFrame === null ? 0 : Math.min(now - this.lastFrame, 250);
    this.lastFrame = now;
    this.displayTime += (elapsed / 1000) * this.speed;
    let changed = false;
    for (let i = 0; i < MAX_DELIVERIES_PER_FRAME; i++) {
      const due = this.sim.state.nextDueAt;
      if (due === null || this.displayTime < due) break;
      const result = this.sim.step();
      if (!result.ok) {
        this.showError(result.error);
        this.pause();
        break;
      }
      changed = true;
    }
    if (changed) this.refresh();
    const due = this.sim.state.nextDueAt;
    if (due === null) {
      this.displayTime = this.sim.state.time;
      this.pause();
    } else {
      this.displayTime = Math.min(this.displayTime, due);
    }
    this.ring.frame(this.displayTime);
    // The diagram moves a few pixels a second: redrawing it 15 times a second looks the same
    // and leaves the frame budget to the ring.
    if (changed || now - (this.lastDiagramFrame ?? 0) >= DIAGRAM_FRAME_MS) {
      this.lastDiagramFrame = now;
      this.diagram.frame(this.displayTime);
    }
    if (this.playing) this.#requestFrame();
  }

  /**
   * Play without motion (the reader asked for reduced motion): nothing glides; every so often
   * (a second at 2 ticks/s, less at higher speeds) the next message arrives at once.
   */
  #instantFrame(now) {
    if (this.lastFrame === null || now - this.lastFrame >= (INSTANT_STEP_MS * SPEED.default) / this.speed) {
      this.lastFrame = now;
      const result = this.sim.step();
      if (!result.ok || !result.delivered) {
        if (!result.ok) this.showError(result.error);
        return this.pause();
      }
      this.displayTime = this.sim.state.time;
      this.refresh();
      if (this.sim.state.nextDueAt === null) return this.pause();
    }
    this.#requestFrame();
  }

  /**
   * Shows the simulation's current state. The ring, the diagram, the timeline and the clock
   * always show the step; the panels beside them (pseudocode, invariants, in-flight list,
   * event log, status) follow a few times a second while playing: laying out and painting a
   * hundred list rows at every delivery costs more than a frame has, and nobody reads a
   * list that changes 40 times a second. Pausing brings them up to date.
   */
  refresh() {
    const state = this.sim.state;
    this.scheduleUrlUpdate();
    this.ring.update(state);
    this.ring.frame(this.displayTime);
    if (state.logLength < this.eventsSeen) this.#forgetLog(); // moved back in time
    const from = this.eventsSeen;
    const events = state.logLength > from ? this.sim.eventsFrom(from) : [];
    this.eventsSeen = from + events.length;
    this.pendingEvents = this.pendingEvents.length > 0 ? this.pendingEvents.concat(events) : events;
    this.diagram.update(state, { sim: this.sim, from, events, time: this.displayTime });
    const timeline = this.$("timeline");
    timeline.max = String(state.length);
    timeline.value = String(state.position);
    timeline.setAttribute("aria-valuetext", `step ${state.position} of ${state.length}`);
    setText(this.$("timeline-position"), `step ${state.position} of ${state.length}`);
    setText(this.$("clock"), `t = ${state.time}`);
    if (!this.playing || performance.now() - this.panelsShownAt >= PANELS_PLAYING_MS) this.#refreshPanels(state);
    else this.panelsStale = true;
  }

  /** Brings the panels beside the ring up to `state`, with the events fetched since last time. */
  #refreshPanels(state) {
    this.panelsShownAt = performance.now();
    this.panelsStale = false;
    this.code.update(state);
    this.invariants.update(state.invariants);
    this.full?.refreshed(state);
    // Screen readers hear what the last step did; while playing, the status line is enough.
    if (!this.playing && this.pendingEvents.length > 0) {
      setText(this.$("announce"), this.pendingEvents.slice(-2).map((e) => `t=${e.time}: ${e.text}`).join(" "));
    }
    this.log.append(this.pendingEvents);
    this.pendingEvents = [];
    const status = this.$("status");
    // Under a "Break Paxos" rule a second value can be chosen: the status must not read as if
    // all were well. The core's agreement invariant says so.
    const split = state.invariants.find((i) => i.property === "agreement" && i.brokenAt != null);
    setText(status, split ? "Safety broken: two values chosen" : state.chosen ? `Chosen: ${state.chosen.value}` : "No value chosen yet.");
    status.classList.toggle("chosen", Boolean(state.chosen) && !split);
    status.classList.toggle("broken", Boolean(split));
    const learners = state.nodes.filter((n) => n.roles.includes("learner"));
    const knowing = learners.filter((n) => n.learned !== null).map((n) => n.name);
    setText(this.$("status-detail"), split
      ? `${split.detail}.`
      : !state.chosen
        ? `A value is chosen once ${this.quorumWords.who} accept the same proposal.`
        : `${this.quorumWords.subject} accepted ${state.chosen.number}. ` +
          (knowing.length === 0 ? "No learner knows yet: Accepted messages are on their way." : `Learned by ${knowing.join(", ")}.`));
  }

  /** Forgets the events fetched so far: the log starts again (a new run, a reset, a move back). */
  #forgetLog() {
    this.log.clear();
    this.eventsSeen = 0;
    this.pendingEvents = [];
  }

  showError(message) {
    // Kept as data, so a caller can add to the message without reading it back from the page.
    this.errorMessage = message ?? null;
    const box = this.$("error");
    box.hidden = !message;
    box.textContent = message ?? "";
    // On a small screen the box may be far from the control that failed: bring it into view.
    if (message) box.scrollIntoView({ block: "nearest" });
  }
}
