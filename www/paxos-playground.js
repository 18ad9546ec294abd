// <paxos-playground>: the whole playground as one custom element. One module script defines
// it; each element has its own shadow root (markup, styles, ids), its own simulation and its
// own keyboard shortcuts, so several can share a page and neither the page's CSS nor theirs
// leaks across. Attributes (www/attributes.js) choose the run and what is shown, and changing
// one updates the element. The wasm module is loaded once per page and shared.
//
//   <script type="module" src="www/paxos-playground.js"></script>
//   <paxos-playground scenario="dueling" controls="minimal" panels="ring diagram"></paxos-playground>

import { loadCore, Simulation } from "./simulation.js";
import { App } from "./app.js";
import { TEMPLATE } from "./template.js";
import { STYLE_TEXT } from "./styles.js";
import { addStyleSheet } from "./stylesheets.js";
import { ATTRIBUTES, DEFAULT_SETTINGS, readOptions } from "./attributes.js";

const STYLESHEET = new URL("./style.css", import.meta.url).href;
// Until it starts (styled, with its wasm), the element shows an empty placeholder of about its
// size: an element that has not started has nothing to show, and laying its markup out costs
// time. (The placeholder is an element of its own: the stylesheet resets the host's styles.)
const BEFORE_STYLES = ":host { display: block; } .root { display: none; } .placeholder { height: 24rem; }";
// Values for proposers that the attributes give no value for.
const DEFAULT_VALUES = ["Hello", "World", "Paxos", "Quorum", "Ballot"];
/** The performance mark each element sets when its first frame is drawn. */
export const FIRST_FRAME_MARK = "paxos-playground:first-frame";
// How near the viewport (in pixels above or below it) a lazy element starts (see connectedCallback).
const LAZY_MARGIN_PX = 600;
const REDUCED_MOTION = "(prefers-reduced-motion: reduce)";
const DARK_SCHEME = "(prefers-color-scheme: dark)";
// Lazy elements near the viewport, waiting to start one after another (see startWaiting).
const waiting = new Set();
let starting = false;

/**
 * Starts the waiting elements one at a time, the first in the page first, each once the one
 * before has drawn its first frame, and only if it is still near the viewport then: until the
 * elements above it are drawn they take only a placeholder's height, so elements far below
 * look near. One that is not is started later, when its observer sees it come near again.
 */
async function startWaiting() {
  if (starting) return;
  starting = true;
  try {
    while (waiting.size > 0) {
      const [first] = [...waiting].sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
      waiting.delete(first);
      await first.startIfNear();
    }
  } finally {
    starting = false; // an element that failed to start does not stop the others
  }
}

/** The custom element; see README.md ("Embedding") for its attributes. */
export class PaxosPlaygroundElement extends HTMLElement {
  static get observedAttributes() {
    return ATTRIBUTES;
  }

  constructor() {
    super();
    this.attachShadow({ mode: "open" });
    const style = document.createElement("style");
    style.textContent = BEFORE_STYLES;
    this.placeholder = document.createElement("div");
    this.placeholder.className = "placeholder";
    this.shadowRoot.append(style, this.placeholder);
    // Drawn only once styled: the first frame waits for the stylesheet (or its failure).
    this.styled = addStyleSheet(this.shadowRoot, STYLE_TEXT, STYLESHEET);
    const markup = document.createElement("template");
    markup.innerHTML = TEMPLATE; // static markup: no attribute or user text goes into it
    this.shadowRoot.append(markup.content);
    this.app = null;
    this.started = null; // the start (see readOptions) the run came from, as JSON
    this.applyQueued = false;
    /** Resolves when the element has drawn its first run (or shown why it could not). */
    this.ready = new Promise((resolve) => (this.resolveReady = resolve));
  }

  connectedCallback() {
    if (this.app || this.loading) {
      this.#apply();
      return;
    }
    loadCore().catch(() => {}); // fetched and compiled at once (its errors are shown by #boot)
    if (this.getAttribute("loading")?.trim() === "eager" || this.hasAttribute("sync-url")) {
      this.loading = this.#boot();
      return;
    }
    // Lazy by default, like an <img loading="lazy">: an element starts when it comes near the
    // viewport, so a post with several playgrounds draws the first one sooner and runs none
    // that nobody has scrolled to.
    this.observer?.disconnect();
    this.observer = new IntersectionObserver((entries) => {
      if (!entries.at(-1).isIntersecting || this.loading || this.app) return;
      waiting.add(this);
      // After every observer has reported (each its own callback): the first in the page
      // must be among the waiting when they start.
      setTimeout(startWaiting, 0);
    }, { rootMargin: `${LAZY_MARGIN_PX}px 0px` });
    this.observer.observe(this);
  }

  /**
   * Starts this element if it is on the page and near the viewport (see startWaiting);
   * resolves when it has drawn its first frame, or at once if it does not start.
   */
  async startIfNear() {
    if (!this.isConnected || this.loading || this.app || !this.#nearViewport()) return;
    this.observer?.disconnect();
    this.observer = null;
    this.loading = this.#boot();
    await this.ready;
  }

  #nearViewport() {
    const box = this.getBoundingClientRect();
    return box.bottom >= -LAZY_MARGIN_PX && box.top <= innerHeight + LAZY_MARGIN_PX;
  }

  disconnectedCallback() {
    waiting.delete(this);
    this.observer?.disconnect();
    this.observer = null;
    this.app?.pause(); // no animation frames for an element that is not on the page
  }

  attributeChangedCallback(name, before, after) {
    // loading="eager" set on an element that waits for the viewport starts it now.
    if (name === "loading" && after?.trim() === "eager" && this.isConnected && !this.app && !this.loading) {
      this.observer?.disconnect();
      this.observer = null;
      this.loading = this.#boot();
    }
    if (!this.app || this.applyQueued) return;
    // Several attributes set in a row are applied once.
    this.applyQueued = true;
    queueMicrotask(() => {
      this.applyQueued = false;
      this.#apply();
    });
  }

  /**
   * Answers a shortcut key as if pressed inside the element (index.html forwards keys pressed
   * while nothing has focus). Returns whether the key was a shortcut.
   */
  shortcut(event) {
    return this.app?.shortcut(event) ?? false;
  }

  /** The simulation's state now (for tools and tests): see Playground.state in src/wasm.rs. */
  get state() {
    return this.app?.sim?.state ?? null;
  }

  async #boot() {
    try {
      await Promise.all([loadCore(), this.styled]);
    } catch (error) {
      this.#showConfigErrors([{ message: `The simulator could not load (${error.message}). Serve the playground's files from a web server (npm start), not from disk.` }]);
      this.#showStarted();
      this.resolveReady();
      return;
    }
    this.#showStarted();
    const syncUrl = this.hasAttribute("sync-url");
    this.app = new App(this.shadowRoot, { syncUrl, reducedMotion: matchMedia(REDUCED_MOTION) });
    // Under theme="auto" the canvases follow the system's scheme when it changes.
    matchMedia(DARK_SCHEME).addEventListener("change", () => this.#applyScheme());
    // The full controls are a module of their own: an element that shows them waits for them,
    // so that its first frame is whole.
    if (this.#options().view.controls === "full") await this.app.enableFull();
    // On the playground's own page, a shared link's run wins over the attributes.
    this.#apply({ keepRun: syncUrl && this.app.loadFromUrl() });
    this.loading = null;
    // After the next frame is painted: the first drawn frame (npm run bench measures the time
    // from the script's request to this mark).
    requestAnimationFrame(() => setTimeout(() => {
      performance.mark(FIRST_FRAME_MARK);
      this.resolveReady();
    }, 0));
  }

  /**
   * Reads every attribute and brings the element in line: the view, the run, autoplay.
   * With `keepRun`, the run already loaded stays (it came from the page's address).
   */
  #apply({ keepRun = false } = {}) {
    if (!this.app) return;
    const app = this.app;
    const options = this.#options();
    // Full controls asked for after start-up: shown once their module is in.
    if (options.view.controls === "full" && !app.full) app.enableFull().then(() => this.#apply());
    const errors = [...options.errors];
    this.#applyView(options.view);

    const key = JSON.stringify(options.start);
    let started = false;
    if (keepRun) {
      this.started = key;
    } else if (options.start && key !== this.started) {
      const problem = this.#startRun(options.start);
      if (problem) errors.push(problem);
      else {
        this.started = key;
        started = true;
      }
    }
    if (!app.sim) app.start("article", 1); // nothing valid to start from: the article's example
    if (options.autoplay && (started || !this.autoplay)) app.play();
    if (!options.autoplay && this.autoplay) app.pause();
    this.autoplay = options.autoplay;
    this.#showConfigErrors(errors);
  }

  /** Replaces the placeholder with the playground. */
  #showStarted() {
    this.placeholder.remove();
    this.shadowRoot.getElementById("playground").classList.add("started");
  }

  /**
   * The palette in use (data-scheme, which the stylesheet keys on): the theme, with "auto"
   * resolved from the system setting; the canvases repaint when it changes.
   */
  #applyScheme() {
    const root = this.shadowRoot.getElementById("playground");
    const dark = root.dataset.theme === "dark" || (root.dataset.theme === "auto" && matchMedia(DARK_SCHEME).matches);
    const scheme = dark ? "dark" : "light";
    if (root.dataset.scheme === scheme) return;
    root.dataset.scheme = scheme;
    this.app.restyle();
  }

  /** The attributes read (see www/attributes.js). */
  #options() {
    return readOptions((name) => this.getAttribute(name), this.app.scenarioList.map((s) => s.name));
  }

  /** Theme, height, controls, panels and speed. */
  #applyView(view) {
    const root = this.shadowRoot.getElementById("playground");
    root.dataset.theme = view.theme;
    this.#applyScheme();
    root.style.height = view.height ?? "";
    root.classList.toggle("fixed-height", view.height !== null);
    this.app.setView(view);
  }

  /** Starts the run the attributes ask for; returns an error `{ attribute, message }` or null. */
  #startRun(start) {
    const app = this.app;
    let make;
    let attribute;
    if (start.run) {
      attribute = "run";
      make = () => Simulation.fromRun(start.run);
    } else if (start.settings) {
      attribute = "acceptors, proposers, values";
      const values = start.settings.values ?? DEFAULT_VALUES.slice(0, start.settings.proposers ?? DEFAULT_SETTINGS.proposers);
      const settings = { ...DEFAULT_SETTINGS, ...start.settings, values, proposers: start.settings.proposers ?? values.length };
      make = () => {
        const sim = Simulation.withSettings(settings, start.seed);
        app.clusterSettings = settings; // what the settings form shows
        app.full?.writeSettingsForm(settings);
        return sim;
      };
    } else {
      attribute = "scenario";
      make = () => new Simulation(start.scenario, start.seed);
    }
    let sim;
    try {
      sim = make();
    } catch (error) {
      const text = error.message.endsWith(".") ? error.message : `${error.message}.`;
      return { attribute, message: `${attribute}: ${text}` };
    }
    app.load(() => sim);
    return null;
  }

  /** Lists what is wrong with the attributes inside this element, or hides the list. */
  #showConfigErrors(errors) {
    const box = this.shadowRoot.getElementById("config-error");
    box.hidden = errors.length === 0;
    if (errors.length === 0) return box.replaceChildren();
    const intro = document.createElement("p");
    intro.textContent = errors.some((e) => e.attribute)
      ? "This playground's attributes need a fix (it shows the defaults where one is wrong):"
      : "This playground cannot start:";
    const list = document.createElement("ul");
    for (const { message } of errors) {
      const item = document.createElement("li");
      item.textContent = message; // attribute values are shown as text, never as markup
      list.append(item);
    }
    box.replaceChildren(intro, list);
  }
}

if (!customElements.get("paxos-playground")) customElements.define("paxos-playground", PaxosPlaygroundElement);
