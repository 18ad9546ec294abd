// The space-time diagram's model: the core's log events turned into what the diagram draws,
// one item per event, aligned with the log. It is kept across Back and forward (the run's
// future stays known, to be drawn faded), merged with the events the page fetches, and cut
// where the run took another branch; beside the items it keeps running counts, the copies
// that duplications made, the crashed stretches of lanes, and finds the items that overlap a
// window of time. Also the time axis's scale. Pure computation from data to data: no DOM and
// no wasm, so Node's test runner tests it (e2e/diagram-model.test.mjs); www/diagram.js draws.
//
// It reads only the events' fields (kind, step, time, message, node, copyId). The sentence in
// `text` is for people: it is shown in tooltips, and compared whole only to tell whether two
// events are the same one, never read for a fact.

/** Events that happen at one node, marked on its lane. */
const NODE_EVENTS = new Set(["crash", "restart", "propose"]);
/** The axis never shows less than this many ticks. */
const MIN_EXTENT_TICKS = 20;
/** A long run scrolls rather than squeezing ticks below this. */
const MIN_TICK_PX = 14;
/** A short run is not stretched beyond this. */
const MAX_TICK_PX = 60;
/** Labels on the time axis are at least this far apart. */
const MIN_LABEL_GAP_PX = 44;

/**
 * The log events known on the run's current branch, past and future, with an item for each.
 *
 * An item is `{ index, step, time, start, event, type }`, `start` being when it begins (a
 * message's send time; else its own time), and by `type`:
 * - `"message"` (an event that ended a message between two lanes): `kind` in lower case,
 *   `fate` (`"delivered"`, `"dropped"` or `"lost"`), `reach` (how far towards the receiver
 *   it got, 0 to 1), `copy` (whether a duplication made it), `message` (the event's);
 * - `"chosen"`: `again`, whether a value was chosen before; `broken`, whether this one is a
 *   second, different value (the core's `safetyBroken`);
 * - `"node"` (a proposal, crash or restart on a lane): `node`, the lane's name;
 * - `"other"`: everything else (holds, cuts, heals, duplications).
 */
export class DiagramModel {
  /** @param {Iterable<string>} lanes the names of the nodes that have a lane */
  constructor(lanes) {
    this.lanes = new Set(lanes);
    /** Every log event known on this branch, past and future. */
    this.events = [];
    /** `items[i]` draws `events[i]`. */
    this.items = [];
    /** The longest time any item spans, so that a window search knows how far back to look. */
    this.maxSpan = 0;
    this.counts = [{ messages: 0, lost: 0, chosen: 0 }]; // counts[i]: over the items before i
    this.dueTimes = new Map(); // message key -> deliverAt, to place a drop where it happened
    this.copies = new Map(); // envelope id of a copy -> index of the duplication that made it
    this.crashItems = []; // crash and restart items, in order
    this.spans = null; // [crash item, restart time or null], made from crashItems when asked
  }

  /** Remembers when each message in flight (the core's `state.messages`) is due. */
  noteInFlight(messages) {
    for (const m of messages) this.dueTimes.set(messageKey(m), m.deliverAt);
  }

  /**
   * Merges `events`, the log from index `from` on, into the known ones. Events already known
   * are the same ones again (after Back the page fetches the log afresh) unless the run took
   * another branch, which the last of them tells: then the known events are cut where the two
   * part. `fetchFrom(index)` gives the log from `index` on, for a gap (events fetched that
   * this model never saw). Returns the index of the first item that is not as before (the
   * old number of events when only new ones were added).
   */
  take(from, events, fetchFrom) {
    let kept = this.events.length;
    if (from > kept) {
      events = fetchFrom(kept);
      from = kept;
    }
    const overlap = Math.min(kept - from, events.length);
    let fresh = overlap;
    if (overlap > 0 && !sameEvent(this.events[from + overlap - 1], events[overlap - 1])) {
      fresh = 0;
      while (sameEvent(this.events[from + fresh], events[fresh])) fresh += 1;
      kept = this.truncate(from + fresh);
    }
    for (let k = fresh; k < events.length; k++) this.#append(events[k]);
    return kept;
  }

  /** Forgets the events from index `length` on (a discarded future); returns how many are left. */
  truncate(length) {
    if (length >= this.events.length) return this.events.length;
    this.events.length = length;
    this.items.length = length;
    this.counts.length = length + 1;
    this.maxSpan = this.items.reduce((span, item) => Math.max(span, item.time - item.start), 0);
    this.crashItems = this.crashItems.filter((item) => item.index < length);
    this.spans = null;
    for (const [id, made] of this.copies) if (made >= length) this.copies.delete(id);
    return length;
  }

  /**
   * Counts over the first `length` items: `{ messages, lost, chosen }`, messages that ended
   * (delivered, dropped or lost), those of them not delivered, and chosen events.
   */
  countsAt(length) {
    return this.counts[Math.min(length, this.items.length)];
  }

  /**
   * The items that overlap the ticks `t0` to `t1`, in log order: at most `max` of them in
   * `found`, and how many more there are in `hidden`.
   */
  itemsOverlapping(t0, t1, max) {
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
      if (found.length < max) found.push(item);
      else hidden += 1;
    }
    return { found, hidden };
  }

  /**
   * The crashed stretches of lanes that overlap the ticks `t0` to `t1`: `{ crash, end }`, from
   * each crash item to the restart after it, or to `known` (the last moment known) for a node
   * not restarted yet.
   */
  crashedSpans(t0, t1, known) {
    if (!this.spans) {
      this.spans = [];
      const open = new Map();
      for (const item of this.crashItems) {
        if (item.event.kind === "crash") open.set(item.node, item);
        else if (open.has(item.node)) {
          this.spans.push([open.get(item.node), item.time]);
          open.delete(item.node);
        }
      }
      for (const crash of open.values()) this.spans.push([crash, null]);
    }
    return this.spans
      .map(([crash, end]) => ({ crash, end: end ?? known }))
      .filter(({ crash, end }) => crash.time <= t1 && end >= t0);
  }

  #append(event) {
    const index = this.events.length;
    this.events.push(event);
    const item = this.#itemFor(event, index);
    this.items.push(item);
    this.maxSpan = Math.max(this.maxSpan, item.time - item.start);
    if (item.type === "node" && event.kind !== "propose") {
      this.crashItems.push(item);
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

  #itemFor(event, index) {
    const base = { index, step: event.step, time: event.time, start: event.time, event };
    // A duplication comes before its copy ends, so the copy's item below knows it is one.
    if (event.kind === "duplicate" && event.copyId != null) this.copies.set(event.copyId, index);
    const m = event.message;
    if (m && this.lanes.has(m.src) && this.lanes.has(m.dst)) {
      const fate = event.kind === "deliver" ? "delivered" : event.kind === "drop" ? "dropped" : "lost";
      // How far towards the receiver it got: a dropped message died in flight (placed by its
      // due time when it was seen in flight); a lost one reached a crashed node or a cut link,
      // unless it was lost as it was sent.
      let reach = 1;
      const key = messageKey(m);
      const due = this.dueTimes.get(key);
      this.dueTimes.delete(key);
      if (fate === "dropped") {
        reach = due > m.sentAt ? clamp((event.time - m.sentAt) / (due - m.sentAt), 0.15, 0.85) : 0.5;
      } else if (fate === "lost" && m.id === null) {
        reach = 0;
      }
      const copy = m.id !== null && this.copies.has(m.id);
      return { ...base, type: "message", start: m.sentAt, kind: m.kind.toLowerCase(), fate, reach, copy, message: m };
    }
    if (event.kind === "chosen") {
      return { ...base, type: "chosen", again: this.counts[index].chosen > 0, broken: event.safetyBroken === true };
    }
    if (NODE_EVENTS.has(event.kind) && this.lanes.has(event.node)) return { ...base, type: "node", node: event.node };
    return { ...base, type: "other" };
  }
}

/**
 * The time axis for a run whose last known moment is tick `latest`, in `widthPx` pixels:
 * `{ extent, pxPerTick }`. The extent is rounded up to tens (the scale changes now and then
 * rather than at every tick); a long run scrolls rather than squeeze ticks, a short one is not
 * stretched.
 */
export function fitTimeScale(latest, widthPx) {
  const extent = Math.max(MIN_EXTENT_TICKS, Math.ceil((latest + 2) / 10) * 10);
  return { extent, pxPerTick: clamp(widthPx / extent, MIN_TICK_PX, MAX_TICK_PX) };
}

/** How many ticks apart the axis's labels are: 1, 2, 5, 10, 20, 50..., far enough apart to read. */
export function tickEvery(pxPerTick) {
  if (!(pxPerTick > 0)) throw new RangeError(`pxPerTick must be positive, not ${pxPerTick}`);
  for (let scale = 1; ; scale *= 10) {
    const found = [1, 2, 5].map((s) => s * scale).find((s) => s * pxPerTick >= MIN_LABEL_GAP_PX);
    if (found) return found;
  }
}

/** Roles under a lane's name: in full when they fit, else shortened. */
export function roleText(roles) {
  const full = roles.join(", ");
  return full.length <= 18 ? full : roles.map((r) => ({ proposer: "prop", acceptor: "acc", learner: "learn" })[r] ?? r).join("·");
}

/** The key of a message: after a fork an id can name a different message. */
export function messageKey(m) {
  return `${m.id}|${m.src}|${m.dst}|${m.sentAt}`;
}

/** Whether two log events are the same one (the same on two branches of a run). */
export function sameEvent(a, b) {
  return a.step === b.step && a.time === b.time && a.kind === b.kind && a.text === b.text;
}

/** `value`, kept between `low` and `high`. */
export function clamp(value, low, high) {
  return Math.min(Math.max(value, low), high);
}
