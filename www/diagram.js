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

import { svgElement, htmlElement, kindColors } from "./svg.js";

const AXIS_HEIGHT = 28; // the time axis above the lanes
const LANE_HEIGHT = 38;
const BOTTOM_PAD = 8;
const PAD_LEFT = 16; // room before t = 0 in the plot
const PAD_RIGHT = 28;
const MIN_TICK_PX = 14; // a long run scrolls rather than squeezing ticks below this
const MAX_TICK_PX = 60; // a short run is not stretched beyond this
const MIN_EXTENT_TICKS = 20; // the axis never shows less than this many ticks
const MAX_DRAWN = 1500; // items drawn at once at most (a very dense window shows a note)
const LOOP_HEIGHT = 15; // a message to oneself loops this far above its lane
const CROWDED = 30; // messages in flight beyond which their lines are drawn thin (as the ring hides labels)
const KINDS = ["prepare", "promise", "accept", "accepted", "nack"];
const KIND_NAMES = { prepare: "Prepare", promise: "Promise", accept: "Accept", accepted: "Accepted", nack: "Nack" };
const NODE_EVENTS = new Set(["crash", "restart", "propose"]);

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
    this.#forget();
  }

  /**
   * Shows `state` (the core's snapshot) with the log events the page fetched since the last
   * call: `events` are log entries from index `from` on. `time` is the time on screen.
   */
  update(state, { sim, from, events, time = state.time }) {
    const names = state.nodes.map((n) => n.name).join(",");
    if (sim !== this.sim || names !== this.laneKey) {
      this.sim = sim;
      this.#forget();
      this.#layoutLanes(state.nodes);
    }
    this.#updateLaneLabels(state.nodes);
    for (const m of state.messages) this.dueTimes.set(messageKey(m), m.deliverAt);
    this.#take(from, events);
    // At the end of the branch there is no future: whatever was remembered beyond the log is
    // from a discarded branch (a fork or a reset).
    if (state.position >= state.length) this.#truncate(state.logLength);

    this.state = state;
    this.logLength = Math.min(state.logLength, this.items.length);
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

  // ---- The model: one item per log event, aligned with the log. ----

  #forget() {
    this.events = []; // every log event known on this branch, past and (faded) future
    this.items = []; // items[i] draws events[i]
    this.maxSpan = 0; // the longest time any item spans, for finding items in a window
    this.counts = [{ messages: 0, lost: 0, chosen: 0 }]; // counts[i]: over items before i
    this.dueTimes = new Map(); // message key -> deliverAt, to place a drop where it happened
    this.copies = new Map(); // id of a duplicate copy -> index of the event that made it
    this.crashEvents = []; // crash and restart items, in order
    this.spans = null; // [crash item, restart time or null], made from crashEvents when needed
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

  /** Merges fetched events into the known ones; a different event means a new branch. */
  #take(from, events) {
    if (from > this.events.length) {
      // A gap (events fetched that this diagram never saw): fetch them itself.
      events = this.sim.eventsFrom(this.events.length);
      from = this.events.length;
    }
    // Events already known are the same ones again (after Back the page fetches the log
    // afresh), unless the run took another branch: the last of them tells.
    const overlap = Math.min(this.events.length - from, events.length);
    let fresh = overlap;
    if (overlap > 0 && !sameEvent(this.events[from + overlap - 1], events[overlap - 1])) {
      fresh = 0;
      while (sameEvent(this.events[from + fresh], events[fresh])) fresh += 1;
      this.#truncate(from + fresh);
    }
    for (let k = fresh; k < events.length; k++) this.#append(events[k]);
  }

  #append(event) {
    const index = this.events.length;
    this.events.push(event);
    const item = this.#itemFor(event, index);
    this.items.push(item);
    this.maxSpan = Math.max(this.maxSpan, item.time - item.start);
    if (item.type === "node" && item.event.kind !== "propose") {
      this.crashEvents.push(item);
      this.spans = null;
    }
    const last = this.counts[index];
    const isMessage = item.type === "message";
    this.counts.push({
      messages: last.messages + (isMessage ? 1 : 0),
      lost: last.lost + (isMessage && item.fate !== "delivered" ? 1 : 0),
      chosen: last.chosen + (item.type === "chosen" ? 1 : 0),
    });
  }

  #truncate(length) {
    if (length >= this.events.length) return;
    this.events.length = length;
    this.items.length = length;
    this.counts.length = length + 1;
    this.maxSpan = this.items.reduce((span, item) => Math.max(span, item.time - item.start), 0);
    this.crashEvents = this.crashEvents.filter((item) => item.index < length);
    this.spans = null;
    for (const [id, made] of this.copies) if (made >= length) this.copies.delete(id);
    for (const [index, record] of this.drawn) {
      if (index >= length) {
        record.element.remove();
        this.drawn.delete(index);
      }
    }
  }

  #itemFor(event, index) {
    const base = { index, step: event.step, time: event.time, start: event.time, event };
    const m = event.message;
    if (m && this.lanes.has(m.src) && this.lanes.has(m.dst)) {
      const fate = event.kind === "deliver" ? "delivered" : event.kind === "drop" ? "dropped" : "lost";
      // How far towards the receiver it got: a dropped message died in flight (placed by its
      // due time when it was seen in flight); a lost one reached a crashed node or a cut link,
      // unless it was lost as it was sent.
      let reach = 1;
      const due = this.dueTimes.get(messageKey(m));
      this.dueTimes.delete(messageKey(m));
      if (fate === "dropped") {
        reach = due > m.sentAt ? clamp((event.time - m.sentAt) / (due - m.sentAt), 0.15, 0.85) : 0.5;
      } else if (fate === "lost" && m.id === null) {
        reach = 0;
      }
      return { ...base, type: "message", start: m.sentAt, kind: m.kind.toLowerCase(), fate, reach, message: m };
    }
    if (event.kind === "duplicate") {
      const copy = /copy #(\d+)/.exec(event.text);
      if (copy) this.copies.set(Number(copy[1]), index);
    }
    if (event.kind === "chosen") {
      const again = this.counts[index].chosen > 0;
      return { ...base, type: "chosen", again };
    }
    if (NODE_EVENTS.has(event.kind)) {
      const name = event.node; // the core names the node these happened at
      if (this.lanes.has(name)) return { ...base, type: "node", node: name };
    }
    return { ...base, type: "other" };
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

  /** Fits the known run into the visible width, down to MIN_TICK_PX per tick. */
  #rescale() {
    const state = this.state;
    let latest = Math.max(state.time, this.time, this.items.at(-1)?.time ?? 0);
    for (const m of state.messages) if (!m.held) latest = Math.max(latest, m.deliverAt);
    // Round the extent up, so the scale changes now and then rather than at every tick.
    const extent = Math.max(MIN_EXTENT_TICKS, Math.ceil((latest + 2) / 10) * 10);
    const view = Math.max(this.#viewWidth, 200);
    const px = clamp((view - PAD_LEFT - PAD_RIGHT) / extent, MIN_TICK_PX, MAX_TICK_PX);
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
    // A label every 1, 2, 5, 10, 20, 50... ticks, at least 44 px apart.
    const steps = [1, 2, 5];
    let every = 1;
    for (let scale = 1; ; scale *= 10) {
      const found = steps.map((s) => s * scale).find((s) => s * this.pxPerTick >= 44);
      if (found) {
        every = found;
        break;
      }
    }
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
    // Items are in time order; an item overlaps [t0, t1] when it ends after t0 and starts
    // before t1, and it starts at most maxSpan before it ends.
    let low = 0;
    let high = this.items.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.items[mid].time < t0) low = mid + 1;
      else high = mid;
    }
    const found = [];
    let hidden = 0;
    for (let i = low; i < this.items.length && this.items[i].time <= t1 + this.maxSpan; i++) {
      const item = this.items[i];
      if (item.start > t1) continue;
      if (found.length < MAX_DRAWN) found.push(item);
      else hidden += 1;
    }
    return { found, hidden };
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
    if (m.id !== null && this.copies.has(m.id)) classes.push("copy");
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
    const copy = classes.includes("copy") ? " (a duplicate copy)" : "";
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
    const group = svgElement("g", { class: "mark chosen", "data-step": item.step, transform: `translate(${x} 0)` });
    const bottom = this.#height - BOTTOM_PAD;
    group.append(
      svgElement("rect", { class: "hit", x: -6, y: AXIS_HEIGHT - 6, width: 12, height: bottom - AXIS_HEIGHT + 6 }),
      svgElement("line", { class: "shape", x1: 0, x2: 0, y1: AXIS_HEIGHT - 6, y2: bottom }),
      svgElement("path", { class: "star", d: starPath(0, AXIS_HEIGHT - 6, 7) }),
    );
    const label = svgElement("text", { class: "mark-label", x: 9, y: AXIS_HEIGHT - 1 });
    label.textContent = item.again ? "still chosen" : "chosen";
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
    if (!this.spans) {
      this.spans = [];
      const open = new Map();
      for (const item of this.crashEvents) {
        if (item.event.kind === "crash") open.set(item.node, item);
        else if (open.has(item.node)) {
          this.spans.push([open.get(item.node), item.time]);
          open.delete(item.node);
        }
      }
      for (const crash of open.values()) this.spans.push([crash, null]);
    }
    // A node not restarted yet stays crashed up to the last moment known.
    const known = Math.max(this.state.time, this.items.at(-1)?.time ?? 0);
    const { t0, t1 } = this.window;
    const spans = this.spans
      .map(([crash, end]) => [crash, end ?? known])
      .filter(([crash, end]) => crash.time <= t1 && end >= t0);
    const key = `${spans.map(([c, end]) => `${c.index}:${end}`).join(",")}|${this.pxPerTick}|${this.logLength}`;
    if (key === this.spansKey) return;
    this.spansKey = key;
    this.crashLayer.replaceChildren(...spans.map(([crash, end]) => {
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
    const counts = this.counts[this.logLength];
    const flying = this.state.messages.length;
    const held = this.state.messages.filter((m) => m.held).length;
    const parts = [
      `${counts.messages} ${counts.messages === 1 ? "message" : "messages"} ended`,
      `${counts.lost} lost or dropped`,
      `${flying} in flight${held ? ` (${held} held)` : ""}`,
    ];
    const future = this.items.length - this.logLength;
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

/** Roles under a lane's name: in full when they fit, else shortened. */
function roleText(roles) {
  const full = roles.join(", ");
  return full.length <= 18 ? full : roles.map((r) => ({ proposer: "prop", acceptor: "acc", learner: "learn" })[r] ?? r).join("·");
}

/** The key of a message: after a fork an id can name a different message. */
function messageKey(m) {
  return `${m.id}|${m.src}|${m.dst}|${m.sentAt}`;
}

function sameEvent(a, b) {
  return a.step === b.step && a.time === b.time && a.kind === b.kind && a.text === b.text;
}

function clamp(value, low, high) {
  return Math.min(Math.max(value, low), high);
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
