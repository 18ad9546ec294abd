// The space-time (Lamport) diagram: one lane per node, time flowing left to right, an arrow
// per message from its sender at the time it was sent to its receiver at the time it was
// delivered, dropped or lost. It draws the core's event log and in-flight list; it decides
// nothing about the protocol.
//
// The events of the run's future stay drawn, faded, after moving back in time (while the run
// stays on the same branch), so the cursor moves through the run and any event can be
// clicked to go there. Only the part of a long run that is scrolled into view is drawn.
//
// The messages in flight move at every frame while playing: they are painted on a canvas laid
// over the visible part of the plot, not drawn as SVG, so that moving them does not make the
// browser restyle, lay out, repaint and re-raster the whole diagram each time.
//
// What to draw (the items, their counts, the branch the run is on) is computed by the pure
// model in www/diagram-model.js; this module draws it.

import { svgElement, htmlElement, kindColors } from "./svg.js";
import { DiagramModel, fitTimeScale, tickEvery, roleText, clamp } from "./diagram-model.js";

const AXIS_HEIGHT = 28; // the time axis above the lanes
const LANE_HEIGHT = 38;
const BOTTOM_PAD = 8;
const PAD_LEFT = 16; // room before t = 0 in the plot
const PAD_RIGHT = 28;
const MAX_DRAWN = 1500; // items drawn at once at most (a very dense window shows a note)
const LOOP_HEIGHT = 15; // a message to oneself loops this far above its lane
const CROWDED = 30; // messages in flight beyond which their lines are drawn thin (as the ring hides labels)
const KINDS = ["prepare", "promise", "accept", "accepted", "nack"];
const KIND_NAMES = { prepare: "Prepare", promise: "Promise", accept: "Accept", accepted: "Accepted", nack: "Nack" };

/** Draws the run as a space-time diagram inside a container element. */
export class SpaceTimeDiagram {
  /**
   * @param {HTMLElement} container empty element to draw into
   * @param {{ onSeek: (step: number) => void }} handlers onSeek gets a log event's `step`
   */
  constructor(container, handlers) {
    this.handlers = handlers;
    this.container = container;
    container.classList.add("diagram");
    container.replaceChildren(legend());

    this.frameBox = htmlElement("div", "diagram-frame");
    this.labels = svgElement("svg", { class: "diagram-labels", "aria-hidden": "true", width: 0, height: 0 });
    this.scroller = htmlElement("div", "diagram-scroll");
    // The diagram is one keyboard stop with a summary for its name; single arrows are not
    // (the timeline, the in-flight list and the log are the keyboard paths to the same steps).
    this.scroller.setAttribute("role", "group");
    this.scroller.tabIndex = 0;
    this.plot = svgElement("svg", { class: "diagram-plot", "aria-hidden": "true", width: 0, height: 0 });
    this.scroller.append(this.plot);
    this.flightCanvas = htmlElement("canvas", "diagram-flights");
    this.flightCanvas.setAttribute("aria-hidden", "true"); // the summary counts what is in flight
    this.frameBox.append(this.labels, this.scroller, this.flightCanvas);
    this.summary = htmlElement("p", "hint diagram-summary");
    container.append(this.frameBox, this.summary);

    const layer = (name) => svgElement("g", { class: name });
    this.defs = svgElement("defs");
    this.futureTint = svgElement("rect", { class: "future-tint" });
    this.axisLayer = layer("axis");
    this.laneLayer = layer("lanes");
    this.crashLayer = layer("crashed-spans");
    this.itemLayer = layer("items");
    this.cursor = svgElement("g", { class: "cursor" });
    this.cursorLine = svgElement("line", { y1: AXIS_HEIGHT - 6 });
    this.cursorLabel = svgElement("text", { y: 11 });
    this.cursor.append(this.cursorLine, this.cursorLabel);
    this.plot.append(this.defs, this.futureTint, this.axisLayer, this.laneLayer, this.crashLayer, this.itemLayer, this.cursor);
    this.#arrowheads();

    this.plot.addEventListener("click", (event) => {
      const target = event.target.closest?.("[data-step]");
      if (target) this.handlers.onSeek(Number(target.dataset.step));
    });
    // A click must not leave focus on the diagram's scroll box, so that Space still plays.
    this.plot.addEventListener("mousedown", (event) => {
      if (event.target.closest?.("[data-step]")) event.preventDefault();
    });
    // The scroll box's width and scroll position are cached: reading them while the page has
    // just changed (the event log grows on every step) would force a layout of the whole page.
    this.viewWidth = 0;
    this.viewLeft = 0; // where the scroll box starts in the frame (after the lane labels)
    this.scrollX = 0; // where the plot is scrolled to, or will be at the next frame
    this.shownScrollX = 0; // where it is scrolled to on screen: the canvas follows this one
    this.scroller.addEventListener("scroll", () => {
      this.scrollX = this.scroller.scrollLeft;
      this.shownScrollX = this.scrollX;
      this.#paintFlights();
      this.#schedule();
    });
    new ResizeObserver(([entry]) => {
      this.viewWidth = entry.contentRect.width;
      this.viewLeft = this.scroller.offsetLeft; // layout is done when observers run: no cost
      this.#sizeFlightCanvas();
      this.#schedule(true);
    }).observe(this.scroller);
    // A tooltip for the message in flight under the pointer (the canvas takes no events).
    this.scroller.addEventListener("pointermove", (event) => this.#hoverFlight(event));
    this.scroller.addEventListener("pointerleave", () => this.scroller.removeAttribute("title"));
    // For page tests and tools: the messages in flight as painted, in viewport coordinates.
    this.flightCanvas.paintedFlights = () => this.#paintedFlights();

    this.sim = null;
    this.#forget([]);
  }

  /**
   * Shows `state` (the core's snapshot) with the log events the page fetched since the last
   * call: `events` are log entries from index `from` on. `time` is the time on screen.
   */
  update(state, { sim, from, events, time = state.time }) {
    const names = state.nodes.map((n) => n.name).join(",");
    if (sim !== this.sim || names !== this.laneKey) {
      this.sim = sim;
      this.#forget(state.nodes.map((n) => n.name));
      this.#layoutLanes(state.nodes);
    }
    this.#updateLaneLabels(state.nodes);
    this.model.noteInFlight(state.messages);
    this.#undraw(this.model.take(from, events, (index) => sim.eventsFrom(index)));
    // At the end of the branch there is no future: whatever was remembered beyond the log is
    // from a discarded branch (a fork or a reset).
    if (state.position >= state.length) this.#undraw(this.model.truncate(state.logLength));

    this.state = state;
    this.logLength = Math.min(state.logLength, this.model.items.length);
    this.time = time;
    this.#rescale();
    this.#follow(time);
    this.#render();
    this.#updateInFlight(state.messages);
    this.#placeCursor(time);
    this.#summarize();
  }

  /** Paints the messages in flight again in the stylesheet's colors (the theme changed). */
  restyle() {
    this.colors = null;
    if (this.state) this.#paintFlights();
  }

  /** Moves the cursor and the messages in flight to `time` (fractional ticks) while playing. */
  frame(time) {
    if (!this.state || time === this.time) return;
    this.time = time;
    this.#paintFlights();
    this.#placeCursor(time);
    if (this.#follow(time)) this.#schedule();
  }

  // ---- The model (www/diagram-model.js) and what is drawn of it ----

  /** Starts a new model with lanes for `laneNames` and forgets everything drawn. */
  #forget(laneNames) {
    this.model = new DiagramModel(laneNames);
    this.drawn = new Map(); // item index -> { element, status }
    this.flying = []; // the messages in flight, as the core reported them
    this.pxPerTick = 0;
    this.extent = 0;
    this.logLength = 0;
    this.lastCursorTime = null;
    this.spansKey = null;
    this.axisKey = null;
    this.itemLayer?.replaceChildren();
    this.crashLayer?.replaceChildren();
  }

  /** Removes what is drawn of items from index `length` on (the model replaced or dropped them). */
  #undraw(length) {
    for (const [index, record] of this.drawn) {
      if (index >= length) {
        record.element.remove();
        this.drawn.delete(index);
      }
    }
  }

  // ---- Geometry ----

  #x(time) { return PAD_LEFT + time * this.pxPerTick; }
  #y(name) { return AXIS_HEIGHT + (this.lanes.get(name) + 0.5) * LANE_HEIGHT; }
  get #height() { return AXIS_HEIGHT + this.lanes.size * LANE_HEIGHT + BOTTOM_PAD; }

  #layoutLanes(nodes) {
    this.laneKey = nodes.map((n) => n.name).join(",");
    this.lanes = new Map(nodes.map((n, i) => [n.name, i]));
    const height = this.#height;
    this.labels.setAttribute("height", height);
    this.labels.setAttribute("viewBox", `0 0 ${this.#labelWidth(nodes)} ${height}`);
    this.labels.setAttribute("width", this.#labelWidth(nodes));
    this.labelViews = new Map();
    const children = [];
    const time = svgElement("text", { class: "axis-title", x: 8, y: 16 });
    time.textContent = "time →";
    children.push(time);
    nodes.forEach((node) => {
      const y = this.#y(node.name);
      const group = svgElement("g", { class: "lane-label", transform: `translate(8 ${y})` });
      const name = svgElement("text", { class: "name", y: -3 });
      name.textContent = node.name;
      const roles = svgElement("text", { class: "roles", y: 10 });
      roles.textContent = roleText(node.roles);
      group.append(name, roles);
      children.push(group);
      this.labelViews.set(node.name, { group, roles, text: roles.textContent });
    });
    this.labels.replaceChildren(...children);
    this.laneLayer.replaceChildren(
      ...nodes.map((node) => svgElement("line", { class: "lane", x1: 0, y1: this.#y(node.name), y2: this.#y(node.name) })),
    );
    this.plot.setAttribute("height", height);
    this.#sizeFlightCanvas();
  }

  #labelWidth(nodes) {
    const longest = Math.max(...nodes.map((n) => Math.max(n.name.length * 9, roleText(n.roles).length * 4.7)), 30);
    return Math.ceil(Math.min(longest, 110) + 14);
  }

  #updateLaneLabels(nodes) {
    for (const node of nodes) {
      const view = this.labelViews.get(node.name);
      if (!view || view.crashed === node.crashed) continue;
      view.crashed = node.crashed;
      view.group.classList.toggle("crashed", node.crashed);
      view.roles.textContent = node.crashed ? "crashed" : view.text;
    }
  }

  /** Fits the known run into the visible width (fitTimeScale: a long run scrolls). */
  #rescale() {
    const state = this.state;
    let latest = Math.max(state.time, this.time, this.model.items.at(-1)?.time ?? 0);
    for (const m of state.messages) if (!m.held) latest = Math.max(latest, m.deliverAt);
    const view = Math.max(this.#viewWidth, 200);
    const { extent, pxPerTick: px } = fitTimeScale(latest, view - PAD_LEFT - PAD_RIGHT);
    if (extent === this.extent && px === this.pxPerTick) return;
    const rescaled = px !== this.pxPerTick;
    this.extent = extent;
    this.pxPerTick = px;
    this.width = Math.max(view, Math.ceil(PAD_LEFT + extent * px + PAD_RIGHT));
    this.plot.setAttribute("width", this.width);
    this.plot.setAttribute("viewBox", `0 0 ${this.width} ${this.#height}`);
    for (const lane of this.laneLayer.children) lane.setAttribute("x2", this.width);
    this.futureTint.setAttribute("y", AXIS_HEIGHT);
    this.futureTint.setAttribute("height", this.lanes.size * LANE_HEIGHT);
    this.cursorLine.setAttribute("y2", this.#height - BOTTOM_PAD);
    this.axisKey = null;
    if (!rescaled) return; // a longer run at the same scale: only the width grew
    // Every position changed: draw the window afresh.
    for (const { element } of this.drawn.values()) element.remove();
    this.drawn.clear();
  }

  /** The time axis over ticks `t0` to `t1` (the drawn window). */
  #drawAxis(t0, t1) {
    const every = tickEvery(this.pxPerTick);
    const first = Math.max(0, Math.floor(t0 / every) * every);
    const last = Math.min(this.extent, t1);
    const key = `${first}|${last}|${every}|${this.width}`;
    if (key === this.axisKey) return;
    this.axisKey = key;
    const children = [svgElement("line", { class: "axis-line", x1: 0, x2: this.width, y1: AXIS_HEIGHT - 6, y2: AXIS_HEIGHT - 6 })];
    for (let t = first; t <= last; t += every) {
      const x = this.#x(t);
      children.push(svgElement("line", { class: "tick", x1: x, x2: x, y1: AXIS_HEIGHT - 10, y2: AXIS_HEIGHT - 6 }));
      const label = svgElement("text", { class: "tick-label", x, y: AXIS_HEIGHT - 13 });
      label.textContent = t === 0 ? "t=0" : String(t);
      children.push(label);
    }
    this.axisLayer.replaceChildren(...children);
  }

  // ---- Drawing the items in view ----

  #schedule(resized = false) {
    this.needsRescale ||= resized;
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      if (!this.state) return;
      if (this.needsRescale) {
        this.needsRescale = false;
        this.#rescale();
        this.#updateInFlight(this.state.messages);
        this.#placeCursor(this.time);
        this.#follow(this.time, true);
      }
      this.#render();
    });
  }

  /** The items that overlap the scrolled window (with half a window either side). */
  #itemsInView() {
    const view = this.#viewWidth;
    const margin = view / 2;
    const t0 = (this.scrollX - margin - PAD_LEFT) / this.pxPerTick;
    const t1 = (this.scrollX + view + margin - PAD_LEFT) / this.pxPerTick;
    this.window = { t0, t1 };
    this.#drawAxis(t0, t1);
    return this.model.itemsOverlapping(t0, t1, MAX_DRAWN);
  }

  #render() {
    const { found, hidden } = this.#itemsInView();
    const wanted = new Set();
    for (const item of found) {
      wanted.add(item.index);
      let record = this.drawn.get(item.index);
      if (!record) {
        record = { element: this.#draw(item), status: "" };
        this.itemLayer.append(record.element);
        this.drawn.set(item.index, record);
      }
      const status = this.#status(item);
      if (status !== record.status) {
        record.element.classList.remove(...record.status.split(" ").filter(Boolean));
        record.element.classList.add(...status.split(" ").filter(Boolean));
        record.status = status;
      }
    }
    for (const [index, record] of this.drawn) {
      if (!wanted.has(index)) {
        record.element.remove();
        this.drawn.delete(index);
      }
    }
    this.#drawCrashedSpans();
    this.hiddenCount = hidden;
  }

  /** "future" after the step shown, "current" for what the last step did. */
  #status(item) {
    if (item.index >= this.logLength) return "future";
    return item.step === this.state.steps ? "current" : "";
  }

  #draw(item) {
    switch (item.type) {
      case "message": return this.#drawMessage(item);
      case "node": return this.#drawNodeEvent(item);
      case "chosen": return this.#drawChosen(item);
      default: return this.#drawOther(item);
    }
  }

  #drawMessage(item) {
    const { message: m, fate, reach, kind } = item;
    const self = m.src === m.dst;
    const classes = ["msg", kind, fate];
    if (self) classes.push("self");
    if (item.copy) classes.push("copy");
    const group = svgElement("g", { class: classes.join(" "), "data-step": item.step, "data-index": item.index });
    const x1 = this.#x(m.sentAt);
    const y1 = this.#y(m.src);
    const x2 = this.#x(item.time);
    const yDst = this.#y(m.dst);
    let d;
    let end;
    if (reach === 0) {
      // Lost as it was sent: a short stub towards the receiver.
      const dy = self ? -LOOP_HEIGHT : Math.sign(yDst - y1) * Math.min(14, Math.abs(yDst - y1) / 3);
      end = { x: x1 + 12, y: y1 + dy };
      d = `M${x1} ${y1} L${end.x} ${end.y}`;
    } else if (self) {
      // A loop above the lane; a dropped one stops at its top.
      const x2s = Math.max(x2, x1 + 10);
      if (fate === "dropped") {
        end = { x: x2s, y: y1 - LOOP_HEIGHT };
        d = `M${x1} ${y1} C${x1} ${y1 - LOOP_HEIGHT} ${x1} ${y1 - LOOP_HEIGHT} ${end.x} ${end.y}`;
      } else {
        end = { x: x2s, y: y1 };
        d = `M${x1} ${y1} C${x1} ${y1 - 1.4 * LOOP_HEIGHT} ${x2s} ${y1 - 1.4 * LOOP_HEIGHT} ${x2s} ${y1}`;
      }
    } else {
      end = { x: x2, y: y1 + (yDst - y1) * reach };
      d = `M${x1} ${y1} L${end.x} ${end.y}`;
    }
    group.append(svgElement("path", { class: "hit", d }));
    const line = svgElement("path", { class: "line", d });
    if (fate === "delivered") line.setAttribute("marker-end", `url(#diagram-head-${kind})`);
    group.append(line);
    if (fate !== "delivered") group.append(cross(end.x, end.y));
    const title = svgElement("title");
    const id = m.id === null ? "" : `#${m.id} `;
    const copy = item.copy ? " (a duplicate copy)" : "";
    const what = fate === "delivered"
      ? `delivered to ${m.dst} at t=${item.time}.`
      : `${fate} at t=${item.time}: ${item.event.text}`;
    title.textContent = `${id}${m.label} from ${m.src} to ${m.dst}${copy}, sent at t=${m.sentAt}, ${what} Click to show step ${item.step}.`;
    group.append(title);
    return group;
  }

  #drawNodeEvent(item) {
    const x = this.#x(item.time);
    const y = this.#y(item.node);
    const group = svgElement("g", { class: `mark node-event ${item.event.kind}`, "data-step": item.step, transform: `translate(${x} ${y})` });
    group.append(svgElement("rect", { class: "hit", x: -8, y: -12, width: 16, height: 24 }));
    if (item.event.kind === "propose") {
      group.append(svgElement("path", { class: "shape", d: "M0 -7 L7 0 L0 7 L-7 0 Z" }));
    } else {
      group.append(svgElement("rect", { class: "shape", x: -3, y: -11, width: 6, height: 22, rx: 1.5 }));
      const label = svgElement("text", { class: "mark-label", x: 6, y: 14 });
      label.textContent = item.event.kind;
      group.append(label);
    }
    const title = svgElement("title");
    title.textContent = `t=${item.time}: ${item.event.text} Click to show step ${item.step}.`;
    group.append(title);
    return group;
  }

  #drawChosen(item) {
    const x = this.#x(item.time);
    const group = svgElement("g", { class: `mark chosen${item.broken ? " broken" : ""}`, "data-step": item.step, transform: `translate(${x} 0)` });
    const bottom = this.#height - BOTTOM_PAD;
    group.append(
      svgElement("rect", { class: "hit", x: -6, y: AXIS_HEIGHT - 6, width: 12, height: bottom - AXIS_HEIGHT + 6 }),
      svgElement("line", { class: "shape", x1: 0, x2: 0, y1: AXIS_HEIGHT - 6, y2: bottom }),
      svgElement("path", { class: "star", d: starPath(0, AXIS_HEIGHT - 6, 7) }),
    );
    const label = svgElement("text", { class: "mark-label", x: 9, y: AXIS_HEIGHT - 1 });
    // A second, different value is no "still chosen": it is the safety violation itself.
    label.textContent = item.broken ? "safety broken" : item.again ? "still chosen" : "chosen";
    const title = svgElement("title");
    title.textContent = `t=${item.time}: ${item.event.text} Click to show step ${item.step}.`;
    group.append(label, title);
    return group;
  }

  #drawOther(item) {
    const x = this.#x(item.time);
    const group = svgElement("g", { class: `mark other ${item.event.kind}`, "data-step": item.step, transform: `translate(${x} ${AXIS_HEIGHT - 6})` });
    group.append(svgElement("circle", { class: "hit", r: 7 }), svgElement("circle", { class: "shape", r: 3.5 }));
    const title = svgElement("title");
    title.textContent = `t=${item.time}: ${item.event.text} Click to show step ${item.step}.`;
    group.append(title);
    return group;
  }

  /** Crashed stretches of a lane, from each crash to the restart after it. */
  #drawCrashedSpans() {
    // A node not restarted yet stays crashed up to the last moment known.
    const known = Math.max(this.state.time, this.model.items.at(-1)?.time ?? 0);
    const { t0, t1 } = this.window;
    const spans = this.model.crashedSpans(t0, t1, known);
    const key = `${spans.map(({ crash, end }) => `${crash.index}:${end}`).join(",")}|${this.pxPerTick}|${this.logLength}`;
    if (key === this.spansKey) return;
    this.spansKey = key;
    this.crashLayer.replaceChildren(...spans.map(({ crash, end }) => {
      const y = this.#y(crash.node);
      const x1 = this.#x(crash.time);
      const span = svgElement("rect", { class: "crashed-span", x: x1, y: y - 5, width: Math.max(this.#x(end) - x1, 2), height: 10 });
      if (crash.index >= this.logLength) span.classList.add("future");
      return span;
    }));
  }

  // ---- Messages in flight: dashed from the sender to where they are now ----

  /** Takes the messages in flight from the core's state and paints them. */
  #updateInFlight(messages) {
    this.flying = messages;
    this.#paintFlights();
  }

  /** Lays the canvas over the visible part of the plot, in device pixels so that it stays sharp. */
  #sizeFlightCanvas() {
    if (!this.lanes) return;
    const ratio = window.devicePixelRatio || 1;
    const width = this.#viewWidth;
    const height = this.#height;
    this.flightCanvas.width = Math.round(width * ratio);
    this.flightCanvas.height = Math.round(height * ratio);
    Object.assign(this.flightCanvas.style, { left: `${this.viewLeft}px`, width: `${width}px`, height: `${height}px` });
    this.#paintFlights();
  }

  /**
   * Where a message in flight is drawn at the time shown, in plot coordinates: from its sender
   * at the time it was sent to `reached`, then level to the dot at `dot`.
   */
  #flightPath(m) {
    const x1 = this.#x(m.sentAt);
    const y1 = this.#y(m.src);
    const span = Math.max(m.deliverAt - m.sentAt, 1e-9);
    // A held message stops short of its receiver and waits there, level, until released.
    const progress = clamp((this.time - m.sentAt) / span, 0, m.held ? 0.85 : 1);
    const x = this.#x(Math.max(this.time, m.sentAt));
    if (m.src === m.dst) {
      // Along the loop's rising side, then across its top.
      const y = y1 - LOOP_HEIGHT * Math.min(1, progress * 3);
      return { start: { x: x1, y: y1 }, loop: true, dot: { x, y } };
    }
    const y = y1 + (this.#y(m.dst) - y1) * progress;
    const xReached = this.#x(Math.min(Math.max(this.time, m.sentAt), m.sentAt + progress * span));
    return { start: { x: x1, y: y1 }, reached: { x: xReached, y }, dot: { x, y } };
  }

  /** Paints the messages in flight: a dashed line from the sender, a dot where it is now. */
  #paintFlights() {
    const canvas = this.flightCanvas;
    const context = canvas.getContext("2d");
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, canvas.width, canvas.height);
    if (!this.state || !this.lanes || this.pxPerTick === 0) return;
    const ratio = canvas.width / Math.max(this.#viewWidth, 1);
    context.setTransform(ratio, 0, 0, ratio, -this.shownScrollX * ratio, 0);
    this.colors ??= kindColors(this.container);
    const crowded = this.flying.length > CROWDED;
    for (const m of this.flying) {
      const color = this.colors[m.kind.toLowerCase()] ?? this.colors.ink;
      const { start, loop, reached, dot } = this.#flightPath(m);
      context.beginPath();
      context.moveTo(start.x, start.y);
      if (loop) context.quadraticCurveTo(start.x, dot.y, dot.x, dot.y);
      else context.lineTo(reached.x, reached.y);
      context.lineTo(dot.x, dot.y);
      context.setLineDash(m.held ? [1, 4] : [5, 4]); // a held message: dotted
      // Dashed lines are slow to paint without a GPU (100 of them at 1.8 px take about 3 ms,
      // at 1 px less than 1 ms): when crowded, moving lines are drawn thin, which also keeps
      // a hundred of them from becoming a blur. Held ones (few) stay bold.
      context.lineWidth = m.held ? 2.4 : crowded ? 1 : 1.8;
      context.strokeStyle = color;
      context.stroke();
      context.setLineDash([]);
      context.beginPath();
      context.arc(dot.x, dot.y, 4.5, 0, 2 * Math.PI);
      context.fillStyle = m.held ? this.colors.panel : color; // a held message: a ring
      context.fill();
      context.lineWidth = m.held ? 2.5 : 1.5;
      context.strokeStyle = m.held ? color : this.colors.panel;
      context.stroke();
    }
  }

  /** Names the message in flight whose dot is under the pointer, in a tooltip. */
  #hoverFlight(event) {
    const box = this.flightCanvas.getBoundingClientRect();
    const x = event.clientX - box.left + this.shownScrollX;
    const y = event.clientY - box.top;
    const hit = this.flying.findLast((m) => {
      const { dot } = this.#flightPath(m);
      return Math.hypot(dot.x - x, dot.y - y) <= 6;
    });
    if (!hit) return this.scroller.removeAttribute("title");
    this.scroller.title = `#${hit.id} ${hit.label} from ${hit.src} to ${hit.dst}, sent at t=${hit.sentAt}, ` +
      (hit.held ? "held in flight until released." : `in flight, due at t=${hit.deliverAt}.`);
  }

  /** The messages in flight as painted: [{ id, kind, held, x, y }], x and y the dot in the viewport. */
  #paintedFlights() {
    if (!this.state || !this.lanes) return [];
    const box = this.flightCanvas.getBoundingClientRect();
    return this.flying.map((m) => {
      const { dot } = this.#flightPath(m);
      return { id: m.id, kind: m.kind.toLowerCase(), held: m.held, x: box.left + dot.x - this.shownScrollX, y: box.top + dot.y };
    });
  }

  // ---- Cursor, scrolling and the summary ----

  #placeCursor(time) {
    const x = this.#x(time);
    this.cursor.setAttribute("transform", `translate(${x} 0)`);
    this.cursorLabel.textContent = `t=${Number.isInteger(time) ? time : time.toFixed(1)}`;
    this.futureTint.setAttribute("x", x);
    this.futureTint.setAttribute("width", Math.max(this.width - x, 0));
  }

  /**
   * Keeps the cursor in view when it moves (the user may scroll away while it stands
   * still): scrolls so that it sits two thirds of the way across. Returns whether it did.
   */
  #follow(time, force = false) {
    if (time === this.lastCursorTime && !force) return false;
    this.lastCursorTime = time;
    const x = this.#x(time);
    const view = this.#viewWidth;
    if (x >= this.scrollX + 24 && x <= this.scrollX + view - 24) return false;
    this.scrollX = clamp(x - (view * 2) / 3, 0, Math.max(this.width - view, 0));
    // Written in the next frame, when the page's layout is done anyway.
    if (!this.scrollPending) {
      this.scrollPending = true;
      requestAnimationFrame(() => {
        this.scrollPending = false;
        this.scroller.scrollLeft = this.scrollX;
        this.shownScrollX = this.scrollX;
        this.#paintFlights();
      });
    }
    return true;
  }

  /** The scroll box's width (before the first layout: a guess). */
  get #viewWidth() {
    return this.viewWidth || 600;
  }

  #summarize() {
    const counts = this.model.countsAt(this.logLength);
    const flying = this.state.messages.length;
    const held = this.state.messages.filter((m) => m.held).length;
    const parts = [
      `${counts.messages} ${counts.messages === 1 ? "message" : "messages"} ended`,
      `${counts.lost} lost or dropped`,
      `${flying} in flight${held ? ` (${held} held)` : ""}`,
    ];
    const future = this.model.items.length - this.logLength;
    const text = `${parts.join(", ")}, at t=${this.state.time}, step ${this.state.position} of ${this.state.length}.`;
    this.scroller.setAttribute("aria-label", `Space-time diagram: ${text}`);
    let shown = text;
    if (future > 0) shown += ` Faded: ${future} later ${future === 1 ? "event" : "events"} of this run; click one to go there.`;
    if (this.hiddenCount > 0) shown += ` ${this.hiddenCount} events in view are not drawn (too many).`;
    if (shown !== this.summaryText) {
      this.summaryText = shown;
      this.summary.textContent = shown;
    }
  }

  /** One arrowhead marker per message kind (markers do not take the arrow's color). */
  #arrowheads() {
    for (const kind of KINDS) {
      const marker = svgElement("marker", {
        id: `diagram-head-${kind}`, class: `head ${kind}`, viewBox: "0 0 10 10", refX: 9, refY: 5,
        markerWidth: 7, markerHeight: 7, markerUnits: "userSpaceOnUse", orient: "auto-start-reverse",
      });
      marker.append(svgElement("path", { d: "M0 0 L10 5 L0 10 Z" }));
      this.defs.append(marker);
    }
  }
}

/** The ✕ where a message died. */
function cross(x, y) {
  const s = 4.5;
  return svgElement("path", { class: "cross", d: `M${x - s} ${y - s} L${x + s} ${y + s} M${x - s} ${y + s} L${x + s} ${y - s}` });
}

function starPath(cx, cy, r) {
  const points = [];
  for (let i = 0; i < 10; i++) {
    const radius = i % 2 === 0 ? r : r * 0.45;
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    points.push(`${(cx + radius * Math.cos(angle)).toFixed(1)} ${(cy + radius * Math.sin(angle)).toFixed(1)}`);
  }
  return `M${points.join(" L")} Z`;
}

/** A legend: what the colors and marks mean. */
function legend() {
  const list = htmlElement("ul", "diagram-legend");
  for (const kind of KINDS) {
    const item = htmlElement("li", `kind ${kind}`);
    item.append(htmlElement("span", "swatch"), document.createTextNode(KIND_NAMES[kind]));
    list.append(item);
  }
  const extra = [
    ["lost", "✕ lost or dropped"],
    ["flying", "dashed: in flight"],
    ["proposes", "◆ proposes"],
    ["faded", "faded: later in the run"],
  ];
  for (const [name, text] of extra) list.append(htmlElement("li", name, text));
  return list;
}
