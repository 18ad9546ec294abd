// Unit tests of www/diagram-model.js, the space-time diagram's model (pure: no DOM, no wasm),
// with Node's test runner: `node --test e2e/diagram-model.test.mjs` (the page suite runs it).
// Events are written here as the core serializes them (src/sim/world.rs, Event): step, time,
// kind, text, and message, node, copyId or safetyBroken where the event has one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DiagramModel, fitTimeScale, tickEvery, roleText, messageKey, sameEvent, clamp } from "../www/diagram-model.js";

const LANES = ["P", "A", "B", "C"];
const message = (id, src, dst, sentAt, kind = "Prepare") => ({ id, src, dst, kind, label: `${kind} 1.P`, sentAt });
/** A log, numbering steps from 1; each event is [kind, time, fields]. */
const log = (...specs) =>
  specs.map(([kind, time, fields = {}], i) => ({ step: i + 1, time, kind, text: `${kind} at t=${time}.`, ...fields }));
/** A model that has taken `events` as the page first hands them over (from index 0). */
const modelOf = (events, lanes = LANES) => {
  const model = new DiagramModel(lanes);
  model.take(0, events, () => assert.fail("no gap to fetch"));
  return model;
};
const noFetch = () => assert.fail("no gap to fetch");

/** A small seeded generator (mulberry32), so that the random cases are the same every run. */
function random(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), pick: (list) => list[Math.floor(next() * list.length)] };
}

// ---- Items ----

test("one item per event, typed by the event's fields: messages, proposals, crashes, chosen, the rest", () => {
  const events = log(
    ["propose", 0, { node: "P" }],
    ["deliver", 3, { message: message(1, "P", "A", 0) }],
    ["chosen", 5],
    ["hold", 6],
    ["crash", 7, { node: "B" }],
    ["restart", 8, { node: "Z" }], // a node without a lane
    ["deliver", 9, { message: message(4, "P", "Z", 6) }], // to a node without a lane
  );
  const model = modelOf(events);
  assert.deepEqual(model.items.map((item) => item.type), ["node", "message", "chosen", "other", "node", "other", "other"]);
  model.items.forEach((item, i) => {
    assert.equal(item.index, i);
    assert.equal(item.event, events[i]);
    assert.equal(item.step, i + 1);
  });
  const [propose, delivered, , , crash] = model.items;
  assert.equal(propose.node, "P");
  assert.equal(crash.node, "B");
  assert.deepEqual(
    { start: delivered.start, time: delivered.time, kind: delivered.kind, fate: delivered.fate, reach: delivered.reach, copy: delivered.copy },
    { start: 0, time: 3, kind: "prepare", fate: "delivered", reach: 1, copy: false },
  );
  assert.equal(model.maxSpan, 3);
});

test("a message's fate and how far it got: dropped by its due time, lost at a crashed node or as it was sent", () => {
  const model = new DiagramModel(LANES);
  model.noteInFlight([{ ...message(1, "P", "A", 0), deliverAt: 10 }, { ...message(2, "P", "B", 0), deliverAt: 10 }]);
  const events = log(
    ["drop", 5, { message: message(1, "P", "A", 0) }], // halfway to its due time
    ["drop", 1, { message: message(2, "P", "B", 0) }], // early: drawn at least 15% of the way
    ["drop", 4, { message: message(3, "P", "C", 0) }], // never seen in flight: halfway
    ["lost", 6, { message: message(4, "A", "C", 2) }], // reached a crashed node
    ["lost", 6, { message: message(null, "A", "B", 6) }], // lost as it was sent
    ["drop", 9, { message: message(1, "P", "A", 0) }], // the same key again: its due time was used up
  );
  model.take(0, events, noFetch);
  assert.deepEqual(model.items.map((item) => [item.fate, item.reach]), [
    ["dropped", 0.5],
    ["dropped", 0.15],
    ["dropped", 0.5],
    ["lost", 1],
    ["lost", 0],
    ["dropped", 0.5],
  ]);
});

test("counts over the first items: messages ended, of them not delivered, and chosen; a second choice is 'again'", () => {
  const model = modelOf(log(
    ["deliver", 2, { message: message(1, "P", "A", 0) }],
    ["drop", 3, { message: message(2, "P", "B", 0) }],
    ["chosen", 4],
    ["hold", 5],
    ["lost", 6, { message: message(3, "P", "C", 1) }],
    ["chosen", 7],
  ));
  assert.deepEqual(model.countsAt(0), { messages: 0, lost: 0, chosen: 0 });
  assert.deepEqual(model.countsAt(2), { messages: 2, lost: 1, chosen: 0 });
  assert.deepEqual(model.countsAt(4), { messages: 2, lost: 1, chosen: 1 });
  assert.deepEqual(model.countsAt(6), { messages: 3, lost: 2, chosen: 2 });
  assert.deepEqual(model.countsAt(99), model.countsAt(6), "past the end: all of them");
  assert.deepEqual(model.items.filter((i) => i.type === "chosen").map((i) => i.again), [false, true]);
});

test("a second, different value chosen is 'broken' by the event's safetyBroken, never by its sentence", () => {
  const model = modelOf(log(
    ["chosen", 4, { text: '"Hello" is chosen.' }],
    ["chosen", 6, { text: '"Hello" is still the chosen value, now also under 2.P.' }],
    // The sentence says nothing alarming: only the field may decide.
    ["chosen", 9, { text: '"World" is chosen.', safetyBroken: true }],
  ));
  const chosen = model.items.filter((i) => i.type === "chosen");
  assert.deepEqual(chosen.map((i) => [i.again, i.broken]), [[false, false], [true, false], [true, true]]);
});

test("a duplicate copy is found by the event's copyId, never by its sentence", () => {
  const events = log(
    ["duplicate", 1, { copyId: 5, text: "Prepare(1.P) from P to A is duplicated: copy #9 is in flight too." }],
    ["duplicate", 1, { text: "Prepare(1.P) from P to B is duplicated: copy #7 is in flight too." }], // no field
    ["deliver", 3, { message: message(2, "P", "A", 0) }], // the original
    ["deliver", 4, { message: message(5, "P", "A", 1) }], // the copy
    ["deliver", 4, { message: message(9, "P", "C", 1) }], // the id the sentence names: not a copy
    ["deliver", 5, { message: message(7, "P", "B", 1) }], // named only in a sentence: not a copy
  );
  const model = modelOf(events);
  assert.deepEqual(model.items.map((item) => item.type), ["other", "other", "message", "message", "message", "message"]);
  assert.deepEqual(model.items.slice(2).map((item) => [item.message.id, item.copy]), [[2, false], [5, true], [9, false], [7, false]]);
  // The duplication leaves with a discarded future: a message #5 on the new branch is no copy.
  model.truncate(0);
  model.take(0, log(["deliver", 4, { message: message(5, "P", "A", 1) }]), noFetch);
  assert.equal(model.items[0].copy, false);
});

test("always: an item is a copy exactly when a duplication before it named its id; sometimes it is, sometimes not", () => {
  const rng = random(7);
  let copies = 0;
  let originals = 0;
  for (let run = 0; run < 50; run++) {
    const specs = [];
    for (let i = 0; i < 40; i++) {
      if (rng.next() < 0.3) specs.push(["duplicate", i, { copyId: rng.int(30) }]);
      else specs.push(["deliver", i, { message: message(rng.int(30), rng.pick(LANES), rng.pick(LANES), Math.max(0, i - 3)) }]);
    }
    const events = log(...specs);
    const model = modelOf(events);
    model.items.forEach((item, i) => {
      if (item.type !== "message") return;
      const named = events.slice(0, i).some((e) => e.kind === "duplicate" && e.copyId === item.message.id);
      assert.equal(item.copy, named, `run ${run}, item ${i}`);
      if (named) copies += 1;
      else originals += 1;
    });
  }
  assert.ok(copies >= 100, `${copies} copies`);
  assert.ok(originals >= 100, `${originals} originals`);
});

// ---- Merging the fetched log, and branches ----

test("take appends new events, keeps the known ones when the same come again, and says what changed", () => {
  const events = log(["propose", 0, { node: "P" }], ["deliver", 2, { message: message(1, "P", "A", 0) }], ["chosen", 2], ["hold", 3]);
  const model = new DiagramModel(LANES);
  assert.equal(model.take(0, events.slice(0, 2), noFetch), 0, "nothing was known");
  assert.equal(model.take(2, events.slice(2), noFetch), 2, "appended after the two known");
  const items = [...model.items];
  // After Back the page fetches the log from the start, up to the step shown: nothing changes,
  // and the later events stay known (the faded future).
  assert.equal(model.take(0, events.slice(0, 1), noFetch), 4);
  assert.equal(model.events.length, 4);
  model.items.forEach((item, i) => assert.equal(item, items[i], `item ${i} is the same object`));
});

test("take cuts the known events where another branch parts from them", () => {
  const before = log(["propose", 0, { node: "P" }], ["deliver", 2, { message: message(1, "P", "A", 0) }], ["drop", 3, { message: message(2, "P", "B", 0) }], ["crash", 4, { node: "A" }], ["restart", 5, { node: "A" }]);
  const model = modelOf(before);
  assert.equal(model.crashedSpans(0, 10, 10).length, 1);
  // Acting at step 2 on a branch whose step 3 differs: the log from index 1 on comes again.
  const after = [before[0], before[1], { step: 3, time: 3, kind: "deliver", text: "another branch", message: message(2, "P", "B", 0) }];
  assert.equal(model.take(1, after.slice(1), noFetch), 2, "the first two stay");
  assert.deepEqual(model.events, after);
  assert.deepEqual(model.items.map((item) => item.fate ?? item.type), ["node", "delivered", "delivered"]);
  assert.deepEqual(model.countsAt(3), { messages: 2, lost: 0, chosen: 0 });
  assert.deepEqual(model.crashedSpans(0, 10, 10), [], "the crash was on the old branch");
  assert.equal(model.maxSpan, 3);
});

test("take fetches a gap itself: events from beyond what it knows", () => {
  const events = log(["propose", 0, { node: "P" }], ["hold", 1], ["cut", 2], ["heal", 3]);
  const model = modelOf(events.slice(0, 1));
  const asked = [];
  model.take(3, events.slice(3), (index) => {
    asked.push(index);
    return events.slice(index);
  });
  assert.deepEqual(asked, [1]);
  assert.deepEqual(model.events, events);
});

test("truncate forgets a discarded future: items, counts, copies and crashed spans", () => {
  const model = modelOf(log(
    ["duplicate", 1, { copyId: 4 }],
    ["crash", 2, { node: "A" }],
    ["deliver", 3, { message: message(4, "P", "B", 1) }],
    ["duplicate", 4, { copyId: 6 }],
    ["restart", 5, { node: "A" }],
  ));
  assert.equal(model.truncate(9), 5, "nothing beyond the end to forget");
  assert.deepEqual(model.crashedSpans(0, 20, 20).map(({ end }) => end), [5]);
  assert.equal(model.truncate(3), 3);
  assert.equal(model.items.length, 3);
  assert.deepEqual(model.countsAt(3), { messages: 1, lost: 0, chosen: 0 });
  assert.deepEqual([...model.copies.keys()], [4], "the later duplication's copy is forgotten");
  assert.deepEqual(model.crashedSpans(0, 20, 20).map(({ end }) => end), [20], "A is crashed to the end again");
});

test("always: through Back, forward and forks the model holds a prefix of the branch shown; sometimes a fork cuts it, sometimes Back keeps a future", () => {
  const rng = random(42);
  const kinds = ["deliver", "drop", "lost", "duplicate", "chosen", "propose", "crash", "restart", "hold"];
  let branchId = 0;
  /** `count` new events after `branch`, each saying which branch it is on (as a real fork's would differ). */
  const grow = (branch, count) => {
    for (let k = 0; k < count; k++) {
      const i = branch.length;
      const time = (branch.at(-1)?.time ?? 0) + rng.int(3);
      const kind = rng.pick(kinds);
      const event = { step: i + 1, time, kind, text: `${kind} ${i} on branch ${branchId}.` };
      if (["deliver", "drop", "lost"].includes(kind)) event.message = message(rng.int(12), rng.pick(LANES), rng.pick(LANES), Math.max(0, time - rng.int(5)));
      if (kind === "duplicate") event.copyId = rng.int(12);
      if (["propose", "crash", "restart"].includes(kind)) event.node = rng.pick(LANES);
      branch.push(event);
    }
    return branch;
  };
  let forks = 0;
  let futures = 0;
  for (let run = 0; run < 30; run++) {
    const model = new DiagramModel(LANES);
    let branch = grow([], 3);
    let shown = 3; // events of the step shown (state.logLength)
    let seen = 0; // events the page fetched (App.eventsSeen)
    for (let move = 0; move < 60; move++) {
      const choice = rng.next();
      if (choice < 0.4) {
        shown = Math.min(shown + 1 + rng.int(4), branch.length); // forward along the branch
        if (shown === branch.length) shown = grow(branch, rng.int(4)).length; // the run goes on
      } else if (choice < 0.7) {
        shown = rng.int(shown + 1); // back in time: the page forgets the log
        seen = 0;
      } else {
        branchId += 1; // an action in the past: the future is discarded
        branch = grow(branch.slice(0, shown), 1 + rng.int(3));
        shown = branch.length;
      }
      const length = model.events.length;
      const kept = model.take(seen, branch.slice(seen, shown), noFetch);
      seen = shown;
      if (shown === branch.length) model.truncate(shown); // at the end: no future to keep
      assert.ok(kept <= length, `run ${run}, move ${move}`);
      if (kept < length) forks += 1;
      if (model.events.length > shown) futures += 1;
      // What the model knows is the branch's own: its past, and after Back its future.
      assert.ok(model.events.length >= shown && model.events.length <= branch.length);
      model.events.forEach((event, i) => assert.equal(event, branch[i], `run ${run}, move ${move}, event ${i}`));
      model.items.forEach((item, i) => assert.equal(item.event, model.events[i]));
      for (const i of [0, shown, model.items.length]) {
        const items = model.items.slice(0, i);
        const ended = items.filter((item) => item.type === "message");
        assert.deepEqual(model.countsAt(i), {
          messages: ended.length,
          lost: ended.filter((item) => item.fate !== "delivered").length,
          chosen: items.filter((item) => item.type === "chosen").length,
        });
      }
    }
  }
  assert.ok(forks >= 50, `${forks} forks cut the known events`);
  assert.ok(futures >= 50, `${futures} times the model kept a future after Back`);
});

// ---- Finding what to draw ----

test("always: the items found in a window are those overlapping it, at most max; sometimes some, sometimes none", () => {
  const rng = random(3);
  let some = 0;
  let none = 0;
  let capped = 0;
  for (let run = 0; run < 20; run++) {
    const specs = [];
    let time = 0;
    for (let i = 0; i < 80; i++) {
      time += rng.int(4);
      if (rng.next() < 0.6) specs.push(["deliver", time, { message: message(i, "P", "A", Math.max(0, time - rng.int(30))) }]);
      else specs.push(["hold", time]);
    }
    const model = modelOf(log(...specs));
    for (let w = 0; w < 30; w++) {
      const t0 = rng.int(time + 20) - 10;
      const t1 = t0 + rng.int(40);
      const max = 1 + rng.int(30);
      const overlapping = model.items.filter((item) => item.time >= t0 && item.start <= t1);
      const { found, hidden } = model.itemsOverlapping(t0, t1, max);
      assert.deepEqual(found, overlapping.slice(0, max), `run ${run}: window ${t0} to ${t1}`);
      assert.equal(hidden, Math.max(0, overlapping.length - max));
      if (found.length > 0) some += 1;
      else none += 1;
      if (hidden > 0) capped += 1;
    }
  }
  assert.ok(some >= 100 && none >= 10 && capped >= 10, `some ${some}, none ${none}, capped ${capped}`);
});

test("crashed spans: from each crash to the restart after it, or to the last moment known; those in the window", () => {
  const model = modelOf(log(
    ["restart", 1, { node: "C" }], // no crash before it: no span
    ["crash", 2, { node: "A" }],
    ["crash", 4, { node: "B" }],
    ["restart", 5, { node: "A" }],
    ["crash", 7, { node: "A" }],
    ["crash", 8, { node: "Z" }], // no lane
  ));
  const spans = (t0, t1, known) => model.crashedSpans(t0, t1, known).map(({ crash, end }) => [crash.node, crash.time, end]);
  assert.deepEqual(spans(0, 20, 12), [["A", 2, 5], ["B", 4, 12], ["A", 7, 12]]);
  assert.deepEqual(spans(6, 6.5, 12), [["B", 4, 12]]);
  assert.deepEqual(spans(5, 7, 9), [["A", 2, 5], ["B", 4, 9], ["A", 7, 9]], "touching either end counts");
  assert.deepEqual(spans(0, 1, 12), []);
});

// ---- The time axis ----

test("fitTimeScale: the extent in tens, at least 20 ticks; 14 to 60 px a tick", () => {
  assert.deepEqual(fitTimeScale(0, 600), { extent: 20, pxPerTick: 30 });
  assert.deepEqual(fitTimeScale(18, 600), { extent: 20, pxPerTick: 30 });
  assert.deepEqual(fitTimeScale(19, 600), { extent: 30, pxPerTick: 20 });
  assert.deepEqual(fitTimeScale(5, 5000), { extent: 20, pxPerTick: 60 }, "a short run is not stretched");
  assert.deepEqual(fitTimeScale(998, 600), { extent: 1000, pxPerTick: 14 }, "a long run scrolls");
  const rng = random(11);
  for (let i = 0; i < 200; i++) {
    const latest = rng.int(5000);
    const { extent, pxPerTick } = fitTimeScale(latest, 100 + rng.int(3000));
    assert.ok(extent % 10 === 0 && extent >= latest + 2 && extent < latest + 12 || extent === 20, `${latest} -> ${extent}`);
    assert.ok(pxPerTick >= 14 && pxPerTick <= 60);
  }
});

test("tickEvery: the smallest of 1, 2, 5, 10, 20, 50... ticks whose labels are at least 44 px apart", () => {
  assert.equal(tickEvery(60), 1);
  assert.equal(tickEvery(44), 1);
  assert.equal(tickEvery(43.9), 2);
  assert.equal(tickEvery(14), 5);
  assert.equal(tickEvery(0.5), 100);
  const ladder = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];
  for (const px of [0.01, 0.3, 1, 3.7, 9, 14, 22, 30, 45, 80]) {
    const every = tickEvery(px);
    assert.ok(ladder.includes(every) && every * px >= 44, `${px} px: every ${every}`);
    const smaller = ladder[ladder.indexOf(every) - 1];
    assert.ok(smaller === undefined || smaller * px < 44, `${px} px: ${smaller} would do`);
  }
  assert.throws(() => tickEvery(0), RangeError);
});

// ---- Small helpers ----

test("roleText: the roles in full up to 18 characters, else shortened", () => {
  assert.equal(roleText(["acceptor"]), "acceptor");
  assert.equal(roleText(["proposer", "acceptor"]), "proposer, acceptor");
  assert.equal(roleText(["proposer", "acceptor", "learner"]), "prop·acc·learn");
  assert.equal(roleText(["proposer", "learner", "observer"]), "prop·learn·observer");
});

test("messageKey tells apart two messages with one id (after a fork); sameEvent compares fields and the whole sentence", () => {
  assert.equal(messageKey(message(3, "P", "A", 0)), messageKey({ ...message(3, "P", "A", 0), label: "another label" }));
  assert.notEqual(messageKey(message(3, "P", "A", 0)), messageKey(message(3, "P", "A", 1)));
  assert.notEqual(messageKey(message(3, "P", "A", 0)), messageKey(message(3, "P", "B", 0)));
  const [event] = log(["deliver", 2, { message: message(1, "P", "A", 0) }]);
  assert.equal(sameEvent(event, { ...event }), true);
  for (const change of [{ step: 2 }, { time: 3 }, { kind: "drop" }, { text: "Another sentence." }]) {
    assert.equal(sameEvent(event, { ...event, ...change }), false, JSON.stringify(change));
  }
});

test("clamp keeps a value between its bounds", () => {
  assert.equal(clamp(5, 0, 10), 5);
  assert.equal(clamp(-1, 0, 10), 0);
  assert.equal(clamp(11, 0, 10), 10);
  assert.equal(clamp(0.9, 0.15, 0.85), 0.85);
});
