// The ring view: nodes on a circle, messages moving along the edge from sender to receiver
// over their delivery time. It draws what the core reports; it decides nothing.

import { svgElement } from "./svg.js";

const CENTER = { x: 300, y: 290 };
const RING_RADIUS = 185;
const NODE_RADIUS = 46;
const LANE_OFFSET = 9;
const CROWDED = 30; // messages in flight beyond which labels are hidden // Opposite directions of an edge get opposite lanes.

/** Draws and animates the cluster in an <svg>. */
export class RingView {
  /**
   * @param {SVGSVGElement} svg
   * @param {{ onNode: (name: string) => void, onMessage: (id: number) => void }} handlers
   */
  constructor(svg, handlers) {
    this.svg = svg;
    this.handlers = handlers;
    this.edges = svgElement("g", { class: "edges" });
    this.nodeLayer = svgElement("g", { class: "nodes" });
    this.messageLayer = svgElement("g", { class: "messages" });
    // Nodes are drawn over messages, so a node's name stays readable while messages leave it.
    svg.replaceChildren(this.edges, this.messageLayer, this.nodeLayer);
    this.nodes = new Map(); // name -> { group, position, ... }
    this.messages = new Map(); // id -> { group, message }
  }

  /** Updates nodes and messages to a new state from the core. */
  update(state) {
    const names = state.nodes.map((n) => n.name).join(",");
    if (names !== this.layoutKey) this.#layout(state.nodes);
    for (const node of state.nodes) this.#updateNode(node, state.lastNode === node.name);
    this.#updateMessages(state.messages);
    this.#updateLinks(state.cutLinks);
    // Past a few dozen messages the labels only cover each other: draw plain markers then
    // (the in-flight list and the diagram still name every message), which also keeps
    // the animation smooth.
    this.svg.classList.toggle("crowded", state.messages.length > CROWDED);
  }

  /** Moves every message to where it is at `time` (fractional ticks). */
  frame(time) {
    for (const { group, message } of this.messages.values()) {
      const span = Math.max(message.deliverAt - message.sentAt, 1e-9);
      const progress = Math.min(Math.max((time - message.sentAt) / span, 0), 1);
      const { x, y } = this.#pointAlong(message.src, message.dst, progress);
      group.setAttribute("transform", `translate(${x.toFixed(1)} ${y.toFixed(1)})`);
    }
  }

  #layout(nodes) {
    this.layoutKey = nodes.map((n) => n.name).join(",");
    this.nodes.clear();
    this.messages.clear();
    this.edgeViews = new Map(); // "A|B" -> { edge, title }
    this.edges.replaceChildren();
    this.nodeLayer.replaceChildren();
    this.messageLayer.replaceChildren();
    nodes.forEach((node, i) => {
      const angle = -Math.PI / 2 + (2 * Math.PI * i) / nodes.length;
      const position = { x: CENTER.x + RING_RADIUS * Math.cos(angle), y: CENTER.y + RING_RADIUS * Math.sin(angle), angle };
      const group = svgElement("g", { class: "node", role: "button", tabindex: "0", "data-node": node.name });
      group.setAttribute("transform", `translate(${position.x.toFixed(1)} ${position.y.toFixed(1)})`);
      const circle = svgElement("circle", { r: NODE_RADIUS });
      // One role per line, so "proposer", "acceptor" and "learner" all fit in the circle.
      const name = svgElement("text", { class: "name", y: node.roles.length > 1 ? -14 : -8 });
      name.textContent = node.name;
      const role = svgElement("text", { class: "role", y: node.roles.length > 2 ? 6 : 12 });
      node.roles.forEach((r, line) => {
        const tspan = svgElement("tspan", { x: 0, dy: line === 0 ? 0 : 11 });
        tspan.textContent = r;
        role.append(tspan);
      });
      const below = Math.sin(angle) < -0.5 ? -NODE_RADIUS - 26 : NODE_RADIUS + 18;
      const detail1 = svgElement("text", { class: "detail", y: below });
      const detail2 = svgElement("text", { class: "detail", y: below + 15 });
      group.append(circle, name, role, detail1, detail2);
      // A mouse click must not leave focus on the node (Space would then restart it instead
      // of playing); like a click on any blank area, it takes focus from the last control.
      // Keyboard users still reach nodes with Tab.
      group.addEventListener("mousedown", (event) => {
        event.preventDefault();
        document.activeElement?.blur();
      });
      group.addEventListener("click", () => this.handlers.onNode(node.name));
      group.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          this.handlers.onNode(node.name);
        }
      });
      this.nodeLayer.append(group);
      this.nodes.set(node.name, { group, position, detail1, detail2 });
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
    const action = node.crashed ? "activate to restart" : "activate to crash";
    group.setAttribute("aria-label", `${node.summary}; ${action}`);
    const lines = node.details; // written by the core
    view.detail1.textContent = lines[0] ?? "";
    view.detail2.textContent = lines.slice(1).join(" · ");
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
      title.textContent = directions ? `Cut: ${directions.join(", ")}` : "";
    }
  }

  #updateMessages(messages) {
    const seen = new Set();
    for (const message of messages) {
      // After a fork an id can name a different message, so the key is the whole message.
      const key = `${message.id}|${message.src}|${message.dst}|${message.label}`;
      seen.add(key);
      const known = this.messages.get(key);
      if (known) {
        known.message = message; // held or released since
        known.group.classList.toggle("held", message.held);
        continue;
      }
      const held = message.held ? " held" : "";
      const group = svgElement("g", { class: `message ${message.kind.toLowerCase()}${held}`, "data-message": message.id });
      const label = message.shortLabel; // already short: the core cuts long values
      const width = 10 + [...label].length * 6.2;
      group.append(svgElement("rect", { x: -width / 2, y: -10, width, height: 20, rx: 4 }));
      const text = svgElement("text");
      text.textContent = label;
      group.append(text);
      const title = svgElement("title");
      title.textContent = `#${message.id} ${message.label} from ${message.src} to ${message.dst}. Click to drop it.`;
      group.append(title);
      group.addEventListener("click", () => this.handlers.onMessage(message.id));
      this.messageLayer.append(group);
      this.messages.set(key, { group, message });
    }
    for (const [key, { group }] of this.messages) {
      if (!seen.has(key)) {
        group.remove();
        this.messages.delete(key);
      }
    }
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
