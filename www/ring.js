// The ring view: nodes on a circle, messages moving along the edge from sender to receiver
// over their delivery time. It draws what the core reports; it decides nothing.
//
// Three layers: the edges (SVG), the moving messages (a <canvas>), the nodes (SVG) on top so
// that a node's name stays readable while messages leave it. Edges and nodes change only
// when a step does; the messages are painted once per frame. As a hundred SVG groups they
// cost the browser a style, layout, paint and raster pass over the whole ring at every frame.
// Clicks and the pointer are hit-tested here against the painted messages; the canvas's
// fallback content names every message for screen readers, and the In flight list stays
// the keyboard path.

import { svgElement, htmlElement, kindColors, setText } from "./svg.js";

const VIEW = { width: 600, height: 580 }; // the SVG's viewBox; the canvas uses the same units
const CENTER = { x: 300, y: 290 };
const RING_RADIUS = 185;
const NODE_RADIUS = 46;
const LANE_OFFSET = 9; // Opposite directions of an edge get opposite lanes.
const CROWDED = 30; // messages in flight beyond which labels are hidden
const LABEL_HEIGHT = 20;
const MARKER_SIZE = 14; // a message's square when crowded
const CORNER = 4;
const LABEL_FONT_PX = 11; // a message label's font size, bold
// On a narrow screen the ring is drawn small: its details and message labels grow (up to this
// much) so that they stay about as large on screen as at this fraction of full size.
const TEXT_GROWTH = { max: 1.5, readableScale: 0.85 };
const HIT_SLOP = { mouse: 2, touch: 8 }; // extra viewBox units around a message that still hit it

/** Draws and animates the cluster: an SVG of nodes and edges over a canvas of messages. */
export class RingView {
  /**
   * @param {HTMLElement} container an empty element (the group that holds the ring)
   * @param {{ onNode: (name: string, anchor: Anchor) => void, onMessage: (id: number, anchor: Anchor) => void }} handlers
   *   called when a node or a message is clicked, tapped or (a node) activated with the keyboard;
   *   an Anchor is `{ point: { x, y }, opener, keyboard }`: where it happened in pixels inside the
   *   container, the element that opened it, and whether the keyboard did
   */
  constructor(container, handlers) {
    this.container = container;
    this.handlers = handlers;
    this.canvas = htmlElement("canvas", "ring-messages");
    // Fallback content: not drawn, but what assistive technology reads for the messages.
    this.messageList = htmlElement("ul");
    this.messageList.setAttribute("aria-label", "Messages in flight");
    this.messageList.addEventListener("keydown", (event) => this.#moveFocus(event));
    this.canvas.append(this.messageList);
    const viewBox = `0 0 ${VIEW.width} ${VIEW.height}`;
    // The SVGs are only layers of the container's group: role none keeps them out of the way.
    this.edgesSvg = svgElement("svg", { class: "ring-edges", viewBox, role: "none" }); // sizes the ring
    this.edges = svgElement("g", { class: "edges" });
    this.edgesSvg.append(this.edges);
    const top = svgElement("svg", { class: "ring-nodes", viewBox, role: "none" });
    this.nodeLayer = svgElement("g", { class: "nodes" });
    top.append(this.nodeLayer);
    container.replaceChildren(this.edgesSvg, this.canvas, top);
    this.nodes = new Map(); // name -> { group, position, ... }
    this.messages = []; // what is painted, in order: [{ key, message, width, item }]
    this.time = 0;
    this.crowded = false;
    this.hovered = null; // key of the message under the pointer
    this.focused = null; // key of the message whose button has keyboard focus
    this.tabbable = null; // key of the message whose button is in the Tab order
    this.pointer = null; // the pointer in viewBox units, while it is over the ring
    this.fit = null; // how the viewBox maps to the canvas, known after the first layout
    this.textScale = 1; // how much the details and labels grow on a small ring (see TEXT_GROWTH)

    new ResizeObserver(([entry]) => this.#resize(entry.contentRect)).observe(this.edgesSvg);
    // Events come from either SVG: the nodes' layer lets the pointer through except on nodes.
    container.addEventListener("click", (event) => {
      if (event.target.closest?.(".node, .action-menu")) return; // the node's own handler; the menu's
      const hit = this.#messageAt(this.#toView(event), event.pointerType === "touch" ? HIT_SLOP.touch : HIT_SLOP.mouse);
      if (hit) this.handlers.onMessage(hit.message.id, { point: this.#inContainer(event), opener: this.canvas, keyboard: false });
    });
    container.addEventListener("pointermove", (event) => {
      this.pointer = this.#toView(event);
      if (this.#hover()) this.#paint();
    });
    container.addEventListener("pointerleave", () => {
      this.pointer = null;
      if (this.#hover()) this.#paint();
    });
    // For page tests and tools: what the canvas shows now, in viewport coordinates.
    this.canvas.paintedMessages = () => this.#paintedMessages();
  }

  /** Updates nodes and messages to a new state from the core. */
  update(state) {
    const names = state.nodes.map((n) => n.name).join(",");
    if (names !== this.layoutKey) this.#layout(state.nodes);
    for (const node of state.nodes) this.#updateNode(node, state.lastNode === node.name);
    // Past a few dozen messages the labels only cover each other: draw plain markers then
    // (the in-flight list and the diagram still name every message).
    this.crowded = state.messages.length > CROWDED;
    this.#updateMessages(state.messages);
    this.#updateLinks(state.cutLinks);
  }

  /** Forgets the colors read from the stylesheet (the theme changed); the next frame reads them again. */
  restyle() {
    this.colors = null;
  }

  /** Paints every message where it is at `time` (fractional ticks). */
  frame(time) {
    this.time = time;
    this.#hover(); // messages move under a still pointer
    this.#paint();
  }

  #layout(nodes) {
    this.layoutKey = nodes.map((n) => n.name).join(",");
    this.nodes.clear();
    this.edgeViews = new Map(); // "A|B" -> { edge, title }
    this.edges.replaceChildren();
    this.nodeLayer.replaceChildren();
    nodes.forEach((node, i) => {
      const angle = -Math.PI / 2 + (2 * Math.PI * i) / nodes.length;
      const position = { x: CENTER.x + RING_RADIUS * Math.cos(angle), y: CENTER.y + RING_RADIUS * Math.sin(angle), angle };
      const group = svgElement("g", { class: "node", role: "button", tabindex: "0", "data-node": node.name });
      group.setAttribute("transform", `translate(${position.x.toFixed(1)} ${position.y.toFixed(1)})`);
      const circle = svgElement("circle", { r: NODE_RADIUS });
      // One role per line, so "proposer", "acceptor" and "learner" all fit in the circle.
      const name = svgElement("text", { class: "name", y: node.roles.length > 1 ? -14 : -8 });
      name.textContent = node.name;
      const firstRole = node.roles.length > 2 ? 6 : 12;
      const roles = node.roles.map((r, line) => {
        const role = svgElement("text", { class: "role", y: firstRole + 11 * line });
        role.textContent = r;
        return role;
      });
      const detail1 = svgElement("text", { class: "detail" });
      const detail2 = svgElement("text", { class: "detail" });
      // Spaces between the texts (not drawn in SVG) keep their words apart where tools read
      // the node's visible text, which must match its name (see #updateNode).
      group.append(circle, ...[name, ...roles, detail1, detail2].flatMap((text) => [" ", text]));
      // A mouse click must not leave focus on the node (Space would then restart it instead
      // of playing); like a click on any blank area, it moves focus from the last control to
      // the playground itself, where the shortcuts still work. Keyboard users reach nodes with Tab.
      group.addEventListener("mousedown", (event) => {
        event.preventDefault();
        this.container.closest("[tabindex='-1']")?.focus({ preventScroll: true });
      });
      group.addEventListener("click", (event) => {
        // A click from the keyboard (Enter on a focused node, in some browsers) has no position.
        const keyboard = event.detail === 0;
        const point = keyboard ? this.#centerOf(group) : this.#inContainer(event);
        this.handlers.onNode(node.name, { point, opener: group, keyboard });
      });
      group.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          this.handlers.onNode(node.name, { point: this.#centerOf(group), opener: group, keyboard: true });
        }
      });
      this.nodeLayer.append(group);
      const view = { group, position, detail1, detail2 };
      this.#placeDetails(view);
      this.nodes.set(node.name, view);
    });
    // Light edges between every pair, so a message's path is visible before it moves.
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const a = this.nodes.get(nodes[i].name).position;
        const b = this.nodes.get(nodes[j].name).position;
        const edge = svgElement("line", { class: "edge", x1: a.x, y1: a.y, x2: b.x, y2: b.y });
        const title = svgElement("title");
        edge.append(title);
        this.edges.append(edge);
        this.edgeViews.set([nodes[i].name, nodes[j].name].sort().join("|"), { edge, title });
      }
    }
  }

  #updateNode(node, isLast) {
    const view = this.nodes.get(node.name);
    const { group } = view;
    const classes = ["node", ...node.roles];
    if (node.crashed) classes.push("crashed");
    if (node.learned !== null && node.learned !== undefined) classes.push("learned");
    if (isLast) classes.push("last");
    group.setAttribute("class", classes.join(" "));
    const lines = node.details; // written by the core
    // The name holds what the node shows, in the order shown (name, roles, details), so that
    // what a reader sees is what speech input and a screen reader call it; the core's fuller
    // sentence is its description.
    const shown = `${node.name}, ${node.roles.join(", ")}${lines.length > 0 ? `: ${lines.join(", ")}` : ""}`;
    group.setAttribute("aria-label", `${shown}; press for its actions`);
    group.setAttribute("aria-description", node.summary);
    group.setAttribute("aria-haspopup", "menu");
    setText(view.detail1, lines[0] ?? "");
    setText(view.detail2, lines.slice(1).join(" · "));
  }

  /** Draws an edge dashed red while either of its directions is cut. */
  #updateLinks(cutLinks) {
    const cut = new Map();
    for (const { from, to } of cutLinks) {
      const key = [from, to].sort().join("|");
      cut.set(key, [...(cut.get(key) ?? []), `${from} → ${to}`]);
    }
    for (const [key, { edge, title }] of this.edgeViews) {
      const directions = cut.get(key);
      edge.classList.toggle("cut", Boolean(directions));
      setText(title, directions ? `Cut: ${directions.join(", ")}` : "");
    }
  }

  /**
   * Keeps what is painted in step with the messages in flight. The fallback list changes only
   * where a message arrived or left; sizes are measured once per message.
   */
  #updateMessages(messages) {
    const known = new Map(this.messages.map((painted) => [painted.key, painted]));
    this.messages = messages.map((message) => {
      // After a fork an id can name a different message, so the key is the whole message.
      const key = `${message.id}|${message.src}|${message.dst}|${message.label}`;
      const painted = known.get(key);
      known.delete(key);
      if (painted) {
        painted.message = message; // held or released since
        return painted;
      }
      const label = message.shortLabel; // already short: the core cuts long values
      const item = htmlElement("li");
      const button = htmlElement("button", "", `#${message.id} ${message.label} from ${message.src} to ${message.dst}`);
      button.type = "button";
      button.tabIndex = -1;
      button.setAttribute("aria-haspopup", "menu");
      item.append(button);
      this.messageList.append(item);
      const fresh = { key, message, label, width: this.#labelWidth(label), item, button };
      button.addEventListener("click", () => {
        this.handlers.onMessage(fresh.message.id, { point: this.#messageCenter(fresh), opener: button, keyboard: true });
      });
      button.addEventListener("focus", () => this.#focus(key));
      button.addEventListener("blur", () => this.#focus(null));
      return fresh;
    });
    for (const gone of known.values()) gone.item.remove();
    // One message is in the Tab order (the focused one, or the first); the arrows move between them.
    const current = this.messages.find((m) => m.key === this.tabbable) ?? this.messages[0];
    this.tabbable = current?.key ?? null;
    for (const painted of this.messages) painted.button.tabIndex = painted === current ? 0 : -1;
  }

  /** A message's button (in the canvas's fallback list) has focus (`key`) or lost it (null): it is painted outlined. */
  #focus(key) {
    this.focused = key;
    if (key !== null) {
      this.tabbable = key;
      // The button is not drawn, so the browser does not bring it into view: the ring is.
      this.container.scrollIntoView({ block: "nearest" });
    }
    this.#paint();
  }

  /** ArrowDown and ArrowUp move focus between the messages' buttons. */
  #moveFocus(event) {
    const step = { ArrowDown: 1, ArrowUp: -1 }[event.key];
    if (!step || this.messages.length === 0) return;
    const at = this.messages.findIndex((m) => m.key === this.focused);
    const next = this.messages[(at + step + this.messages.length) % this.messages.length];
    event.preventDefault();
    next.button.focus();
  }

  /** Where a message is painted, in pixels inside the container. */
  #messageCenter(painted) {
    const shown = this.#paintedMessages().find((m) => m.id === painted.message.id);
    const box = this.container.getBoundingClientRect();
    return shown ? { x: shown.x - box.left, y: shown.y - box.top } : { x: box.width / 2, y: box.height / 2 };
  }

  /** A message's painted box, centered on its position: [width, height] in viewBox units. */
  #size(painted) {
    return this.crowded ? [MARKER_SIZE, MARKER_SIZE] : [painted.width, LABEL_HEIGHT * this.textScale];
  }

  /** The width of a message's label pill, from the label as the canvas draws it (labels repeat: measured once each). */
  #labelWidth(label) {
    this.labelWidths ??= new Map();
    if (this.labelWidths.size > 1000) this.labelWidths.clear(); // a long run's many numbers
    if (!this.labelWidths.has(label)) {
      const context = this.canvas.getContext("2d");
      context.font = this.#font();
      this.labelWidths.set(label, Math.ceil(context.measureText(label).width) + 10);
    }
    return this.labelWidths.get(label);
  }

  /** The labels' font: the page's own family. */
  #font() {
    this.fontFamily ??= getComputedStyle(this.container).fontFamily;
    return `600 ${LABEL_FONT_PX * this.textScale}px ${this.fontFamily}`;
  }

  /** Where message `painted` is at the time shown, in viewBox units. */
  #position({ message }) {
    const span = Math.max(message.deliverAt - message.sentAt, 1e-9);
    const progress = Math.min(Math.max((this.time - message.sentAt) / span, 0), 1);
    return this.#pointAlong(message.src, message.dst, progress);
  }

  /** The topmost message (the last painted) within `slop` units of `point`, or null. */
  #messageAt(point, slop) {
    if (!point) return null;
    for (let i = this.messages.length - 1; i >= 0; i--) {
      const painted = this.messages[i];
      const { x, y } = this.#position(painted);
      const [width, height] = this.#size(painted);
      if (Math.abs(point.x - x) <= width / 2 + slop && Math.abs(point.y - y) <= height / 2 + slop) return painted;
    }
    return null;
  }

  /**
   * Follows the pointer: the pointer cursor and a tooltip for the message under it, which
   * is painted outlined. Returns whether that message changed (and needs painting).
   */
  #hover() {
    const hit = this.#messageAt(this.pointer, 0);
    const key = hit?.key ?? null;
    if (key === this.hovered) return false;
    this.hovered = key;
    this.container.classList.toggle("over-message", Boolean(hit));
    if (hit) this.container.title = hit.item.textContent;
    else this.container.removeAttribute("title");
    return true;
  }

  /** A pointer event's position in pixels inside the container. */
  #inContainer(event) {
    const box = this.container.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }

  /** An element's center in pixels inside the container. */
  #centerOf(element) {
    const box = this.container.getBoundingClientRect();
    const own = element.getBoundingClientRect();
    return { x: own.left + own.width / 2 - box.left, y: own.top + own.height / 2 - box.top };
  }

  /** A pointer event's position in viewBox units (the SVG scales its viewBox to fit, centered). */
  #toView(event) {
    const box = this.edgesSvg.getBoundingClientRect();
    const scale = Math.min(box.width / VIEW.width, box.height / VIEW.height);
    return {
      x: (event.clientX - box.left - (box.width - VIEW.width * scale) / 2) / scale,
      y: (event.clientY - box.top - (box.height - VIEW.height * scale) / 2) / scale,
    };
  }

  /**
   * A node's two detail lines, below it (above it for a node at the top), spaced for the
   * details' size: the lines grow with the text on a small ring.
   */
  #placeDetails({ position, detail1, detail2 }) {
    const line = 15 * this.textScale;
    const first = Math.sin(position.angle) < -0.5 ? -NODE_RADIUS - 11 - line : NODE_RADIUS + 6 + 12 * this.textScale;
    detail1.setAttribute("y", first.toFixed(1));
    detail2.setAttribute("y", (first + line).toFixed(1));
  }

  /** Sets how much the details and labels grow for a ring drawn at `scale` of its full size. */
  #growText(scale) {
    const grown = Math.min(TEXT_GROWTH.max, Math.max(1, TEXT_GROWTH.readableScale / scale));
    const textScale = Math.round(grown * 20) / 20;
    if (textScale === this.textScale) return;
    this.textScale = textScale;
    this.container.style.setProperty("--ring-text", String(textScale));
    for (const view of this.nodes.values()) this.#placeDetails(view);
    this.labelWidths?.clear();
    for (const painted of this.messages) painted.width = this.#labelWidth(painted.label);
  }

  /** Sizes the canvas to the SVG's box, in device pixels so that it stays sharp. */
  #resize({ width, height }) {
    const ratio = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(width * ratio);
    this.canvas.height = Math.round(height * ratio);
    const scale = Math.min(width / VIEW.width, height / VIEW.height);
    if (scale > 0) this.#growText(scale);
    this.fit = {
      ratio,
      scale,
      left: (width - VIEW.width * scale) / 2,
      top: (height - VIEW.height * scale) / 2,
    };
    this.#paint();
  }

  /** Paints every message at the time shown: later messages over earlier ones. */
  #paint() {
    if (!this.fit) return;
    const context = this.canvas.getContext("2d");
    const { ratio, scale, left, top } = this.fit;
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, this.canvas.width, this.canvas.height);
    context.setTransform(ratio * scale, 0, 0, ratio * scale, ratio * left, ratio * top);
    this.colors ??= kindColors(this.container);
    context.font = this.#font();
    context.textAlign = "center";
    context.textBaseline = "middle";
    let fill = null; // the fill style set last: setting it parses the color each time
    for (const painted of this.messages) {
      const { message } = painted;
      const { x, y } = this.#position(painted);
      const [width, height] = this.#size(painted);
      context.beginPath();
      context.roundRect(x - width / 2, y - height / 2, width, height, CORNER);
      const color = this.colors[message.kind.toLowerCase()] ?? this.colors.ink;
      if (color !== fill) context.fillStyle = fill = color;
      if (message.held) context.globalAlpha = 0.45; // a held message is faded and dashed
      context.fill();
      context.globalAlpha = 1;
      if (painted.key === this.focused) {
        // Keyboard focus: a ring around the message, as the focus ring of a control.
        context.lineWidth = 3;
        context.strokeStyle = this.colors.focus;
        context.stroke();
      } else if (message.held || painted.key === this.hovered) {
        context.lineWidth = painted.key === this.hovered ? 2 : 1.5;
        context.setLineDash(message.held ? [3, 2] : []);
        context.strokeStyle = this.colors.ink;
        context.stroke();
        context.setLineDash([]);
      }
      if (!this.crowded) {
        context.fillStyle = fill = this.colors.onKind;
        context.fillText(painted.label, x, y + 0.5);
      }
    }
  }

  /** What is painted, in viewport coordinates: [{ id, label, kind, held, x, y, width, height }], x and y the center. */
  #paintedMessages() {
    if (!this.fit) return [];
    const box = this.edgesSvg.getBoundingClientRect();
    const { scale, left, top } = this.fit;
    return this.messages.map((painted) => {
      const { x, y } = this.#position(painted);
      const [width, height] = this.#size(painted);
      const { id, kind, held } = painted.message;
      return {
        id, kind, held, label: this.crowded ? null : painted.label,
        x: box.left + left + x * scale, y: box.top + top + y * scale, width: width * scale, height: height * scale,
      };
    });
  }

  /** The point `progress` (0..1) of the way from `src` to `dst`, in the message's lane. */
  #pointAlong(src, dst, progress) {
    const from = this.nodes.get(src).position;
    if (src === dst) {
      // A node's message to itself loops beside the node (along the ring, where the space is
      // free; the node's details sit above or below it).
      const side = { x: -Math.sin(from.angle), y: Math.cos(from.angle) };
      const loopCenter = { x: from.x + side.x * (NODE_RADIUS + 30), y: from.y + side.y * (NODE_RADIUS + 30) };
      const theta = Math.atan2(-side.y, -side.x) + progress * 2 * Math.PI;
      return { x: loopCenter.x + 26 * Math.cos(theta), y: loopCenter.y + 26 * Math.sin(theta) };
    }
    const to = this.nodes.get(dst).position;
    const dx = to.x - from.x;
    const dy = to.y - from.y;
    const length = Math.hypot(dx, dy);
    const ux = dx / length;
    const uy = dy / length;
    // Messages start and end just outside the circles, so a waiting message can be seen and
    // clicked; where a label still overlaps a node, the node is drawn on top.
    const inset = NODE_RADIUS + 12;
    const start = { x: from.x + ux * inset, y: from.y + uy * inset };
    const travel = length - 2 * inset;
    return {
      x: start.x + ux * travel * progress - uy * LANE_OFFSET,
      y: start.y + uy * travel * progress + ux * LANE_OFFSET,
    };
  }
}
