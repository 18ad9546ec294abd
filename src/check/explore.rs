//! The explicit-state explorer: visits every state a [`Model`] can reach, once each, and
//! checks its properties on the way.
//!
//! Every distinct state is stored exactly (no fingerprints), once, in a vector: a state's index
//! is its id, a parallel vector holds each state's parent id, and a hash table of ids (4 bytes
//! a slot; the state itself is the key, read through its id) finds a state already seen. In
//! breadth-first order the vector *is* the queue (states are explored in the order they were
//! found), so no second copy of the frontier is kept, depths are level boundaries rather than
//! a number per state, and the path to any state, read back through the parents, is a shortest
//! one. Depth-first order keeps a stack of (id, depth) pairs instead.
//!
//! Properties are of two kinds: of states (an invariant, or a "sometimes" property), checked
//! where each distinct state is explored, and of steps (an action property, as TLC checks
//! `[][A]_v`), checked on every step from an explored state to each successor it generates.
//! A model also says which of its properties do not apply to the configuration it was made
//! with, and why: those are reported as such, never checked (a check that cannot fail proves
//! nothing).
//!
//! The explorer reads no clock: it counts, and the caller (the command line, the page's worker)
//! turns counts into rates with its own clock through the progress callback.

use foldhash::fast::FixedState;
use hashbrown::hash_table::{Entry, HashTable};
use std::fmt::Debug;
use std::hash::{BuildHasher, Hash};

/// Whether a property must hold in every reachable state, or in at least one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expectation {
    /// A safety property: a reachable state where it is false is a violation.
    Always,
    /// A "sometimes" property: the search proves the model does something by reaching a state
    /// where it is true. Never reaching one is reported, not hidden.
    Sometimes,
}

/// A named property of a model's states.
pub struct Property<M: Model + ?Sized> {
    /// Its name in reports, e.g. "agreement".
    pub name: &'static str,
    /// Always or sometimes.
    pub expectation: Expectation,
    /// Whether the property is true in a state.
    pub condition: fn(&M, &M::State) -> bool,
}

/// A named property of a model's steps, which every step must satisfy (an "always" of steps,
/// like TLC's action properties `[][A]_v`). As with `[A]_v`, a stuttering step (one that leaves
/// the state as it was) satisfies it, so the explorer does not ask.
pub struct StepProperty<M: Model + ?Sized> {
    /// Its name in reports, e.g. "refinement of Voting".
    pub name: &'static str,
    /// Whether the step from the first state to the second (one of its successors) satisfies it.
    pub condition: fn(&M, &M::State, &M::State) -> bool,
}

/// A property that does not apply to a model's configuration: it could not fail there, so
/// checking it would prove nothing. Reported instead of checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotApplicable {
    /// The property's name, as the model would report it.
    pub property: &'static str,
    /// Why it cannot fail here, in a sentence.
    pub why: String,
}

/// A transition system to explore: initial states, and the successors of each state. Models,
/// states and actions cross threads (see [`Options::threads`]), so they are `Sync` and `Send`.
pub trait Model: Sync {
    /// A state. Equality must be exact: two states are the same state only if they are equal.
    type State: Clone + Eq + Hash + Send + Sync;
    /// A step from one state to the next, as a counterexample lists it.
    type Action: Clone + Debug + Send;

    /// The initial states.
    fn init_states(&self) -> Vec<Self::State>;

    /// Calls `emit` once for every enabled action in `state`, with the state it leads to.
    /// (A callback rather than a vector, so compact models pay for no allocation per state.)
    fn next_states(&self, state: &Self::State, emit: &mut dyn FnMut(Self::Action, Self::State));

    /// The properties of states to check: only those that apply (see
    /// [`Model::not_applicable`]).
    fn properties(&self) -> Vec<Property<Self>>;

    /// The properties of steps to check; none by default.
    fn step_properties(&self) -> Vec<StepProperty<Self>> {
        Vec::new()
    }

    /// The properties this model leaves out because they cannot fail in its configuration,
    /// each with the reason; none by default.
    fn not_applicable(&self) -> Vec<NotApplicable> {
        Vec::new()
    }

    /// The representative of `state`'s symmetry class: the explorer stores and compares these.
    /// The default is the state itself (no symmetry reduction). An override must be exact:
    /// two states get the same representative only if one is a permutation of the other.
    fn canonical(&self, state: Self::State) -> Self::State {
        state
    }
}

/// The order in which states are explored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strategy {
    /// Breadth-first: counterexamples are shortest.
    Bfs,
    /// Depth-first: the same states, found in another order; counterexamples may be longer.
    Dfs,
}

/// Limits and reporting for one search.
pub struct Options<'a> {
    /// Breadth-first or depth-first.
    pub strategy: Strategy,
    /// Stop after storing this many distinct states (the report says the search was cut).
    pub max_states: usize,
    /// Called every `progress_every` explored states with the counts so far; the search stops
    /// (as cancelled) when it returns false.
    pub progress: Option<&'a mut dyn FnMut(&Progress) -> bool>,
    /// How many explored states between two progress calls.
    pub progress_every: usize,
    /// How many threads expand states (breadth-first only; depth-first uses one). Every
    /// count, finding and counterexample is the same with any number.
    pub threads: usize,
    /// Whether to go on after a violation (exploring the violating state's successors too)
    /// until every "always" property, of states and of steps, has a counterexample, or every
    /// state was explored. In breadth-first order each counterexample is then a shortest one.
    /// Off by default: the search stops at the first violation.
    pub find_every_violation: bool,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            strategy: Strategy::Bfs,
            max_states: usize::MAX,
            progress: None,
            progress_every: 100_000,
            find_every_violation: false,
            threads: 1,
        }
    }
}

/// Counts so far, for progress reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Distinct states stored.
    pub distinct_states: usize,
    /// Distinct states explored (their successors generated): the rest are still waiting, so
    /// a caller can tell how much of what was found is left, e.g. to estimate the time left.
    pub explored: usize,
    /// States generated, duplicates included (initial states count once each).
    pub generated_states: u64,
    /// The greatest depth reached; the initial states are at depth 1, as TLC counts.
    pub depth: usize,
}

/// How a search ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Every reachable state was explored. With [`Options::find_every_violation`], some
    /// "always" properties may have been found false on the way (see [`Report::violations`]).
    Complete,
    /// An "always" property is false in a reachable state or step, and the search stopped
    /// there (with [`Options::find_every_violation`]: once every one was found false).
    Violation,
    /// The state limit was reached first.
    StateLimit,
    /// The progress callback asked to stop.
    Cancelled,
}

/// What the search found for one property.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding<A> {
    /// The property's name.
    pub name: &'static str,
    /// Always or sometimes (a property of steps is always "always").
    pub expectation: Expectation,
    /// For "always": the path to a state where it is false, or for a property of steps the
    /// path to a state followed by the step that breaks it (a counterexample). For
    /// "sometimes": the path to a state where it is true (an example). None if not found.
    pub path: Option<Vec<A>>,
}

/// The result of a search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report<A> {
    /// How it ended.
    pub outcome: Outcome,
    /// The final counts.
    pub progress: Progress,
    /// One finding per property checked: the properties of states in the model's order, then
    /// the properties of steps.
    pub findings: Vec<Finding<A>>,
    /// The properties the model left out, and why (see [`Model::not_applicable`]).
    pub not_applicable: Vec<NotApplicable>,
}

impl<A> Report<A> {
    /// The first "always" property found false, if any, with its counterexample.
    pub fn violation(&self) -> Option<&Finding<A>> {
        self.violations().next()
    }

    /// Every "always" property found false, with its counterexample, in the findings' order.
    pub fn violations(&self) -> impl Iterator<Item = &Finding<A>> {
        self.findings
            .iter()
            .filter(|f| f.expectation == Expectation::Always && f.path.is_some())
    }

    /// The names of the properties checked, in the findings' order.
    pub fn checked(&self) -> Vec<&'static str> {
        self.findings.iter().map(|f| f.name).collect()
    }

    /// The finding for the property called `name`, if it was checked.
    pub fn finding(&self, name: &str) -> Option<&Finding<A>> {
        self.findings.iter().find(|f| f.name == name)
    }
}

/// No parent: an initial state.
const ROOT: u32 = u32::MAX;

/// The distinct states seen so far: the states by id, and a table of ids keyed by the state
/// each names. Per state this costs the state itself plus 4 bytes (and 1 control byte) per
/// table slot, against a whole second copy of the state (and its hash) in a map of states.
struct Seen<S> {
    states: Vec<S>,
    ids: HashTable<u32>,
    hasher: FixedState,
}

impl<S: Hash + Eq> Seen<S> {
    fn new() -> Self {
        Seen {
            states: Vec::new(),
            ids: HashTable::new(),
            hasher: FixedState::with_seed(0x5eed),
        }
    }

    fn len(&self) -> usize {
        self.states.len()
    }

    /// Stores `state`, whose hash is `hash`, unless it was seen; its id, and whether it is new.
    #[inline]
    fn insert(&mut self, hash: u64, state: S) -> (u32, bool) {
        let states = &self.states;
        let hasher = &self.hasher;
        match self.ids.entry(
            hash,
            |&id| states[id as usize] == state,
            |&id| hasher.hash_one(&states[id as usize]),
        ) {
            Entry::Occupied(entry) => (*entry.get(), false),
            Entry::Vacant(entry) => {
                let id = self.states.len() as u32;
                entry.insert(id);
                self.states.push(state);
                (id, true)
            }
        }
    }
}

/// What expanding one state found: which properties of states hold in it, the first step
/// from it that breaks each property of steps, and its successors (canonical, with their
/// hashes), in the order the model emitted them.
struct Expansion<S, A> {
    /// Bit `p` is set when property `p` holds in the state.
    holds: u64,
    /// Per property of steps that was still unbroken: the first step that breaks it.
    broken_steps: Vec<(usize, A)>,
    /// How many successors the model emitted (repeats and stuttering steps included).
    emitted: u64,
    /// The successors worth looking up, each with its hash.
    successors: Vec<(u64, S)>,
}

/// The most properties of states a model may have (one bit each in [`Expansion::holds`]).
const MAX_PROPERTIES: usize = 64;

/// Expands `state`: judges its properties, generates its successors and judges the steps to
/// them (only the properties of steps `unbroken` still lists), into `successors` (emptied
/// first: a single thread passes the same vector each time). A stuttering step (back to
/// `state`) or a repeat of the previous successor cannot be new, so neither is kept: the
/// look-up, a few cache misses in a large table, is most of the cost of a successor. The
/// properties of steps are checked on each step, concrete (before `canonical`), but not on a
/// stuttering step, which satisfies them, nor on a repeat of the step before.
fn expand<M: Model>(
    model: &M,
    properties: &[Property<M>],
    step_properties: &[StepProperty<M>],
    unbroken: &[usize],
    hasher: &FixedState,
    state: &M::State,
    mut successors: Vec<(u64, M::State)>,
) -> Expansion<M::State, M::Action> {
    let mut holds = 0u64;
    for (p, property) in properties.iter().enumerate() {
        if (property.condition)(model, state) {
            holds |= 1 << p;
        }
    }
    let mut broken_steps: Vec<(usize, M::Action)> = Vec::new();
    successors.clear();
    let mut emitted = 0u64;
    let mut last_step: Option<M::State> = None;
    model.next_states(state, &mut |action, next| {
        emitted += 1;
        if !unbroken.is_empty() && next != *state && last_step.as_ref() != Some(&next) {
            for &p in unbroken {
                let already = broken_steps.iter().any(|(q, _)| *q == p);
                if !already && !(step_properties[p].condition)(model, state, &next) {
                    broken_steps.push((p, action.clone()));
                }
            }
            last_step = Some(next.clone());
        }
        let next = model.canonical(next);
        if next != *state && successors.last().map(|(_, s)| s) != Some(&next) {
            successors.push((hasher.hash_one(&next), next));
        }
    });
    Expansion {
        holds,
        broken_steps,
        emitted,
        successors,
    }
}

/// How many states of a breadth-first level each thread expands before the results are
/// stored: enough to make starting the threads cheap, few enough to keep the results small.
const BATCH_PER_THREAD: usize = 1024;

/// Explores `model` from its initial states under `options`.
///
/// With [`Options::threads`] above one and breadth-first order, the states of each level are
/// expanded in batches by that many threads, and their successors stored by one, in the
/// order a single thread would store them: the ids, the counts, the findings and every
/// counterexample are exactly those of a single-threaded search.
pub fn explore<M: Model>(model: &M, mut options: Options<'_>) -> Report<M::Action> {
    let properties = model.properties();
    let step_properties = model.step_properties();
    assert!(
        properties.len() <= MAX_PROPERTIES,
        "at most {MAX_PROPERTIES} properties of states"
    );
    let mut seen: Seen<M::State> = Seen::new();
    let hasher = seen.hasher.clone();
    let mut parents: Vec<u32> = Vec::new();
    // Per property: the id of the first state where an "always" is false / a "sometimes" true.
    let mut found: Vec<Option<u32>> = vec![None; properties.len()];
    // Per property of steps: the id of the first state with a step that breaks it, and the step.
    let mut found_step: Vec<Option<(u32, M::Action)>> = vec![None; step_properties.len()];
    let mut generated: u64 = 0;
    let mut max_depth = 0usize;
    let mut outcome = Outcome::Complete;
    let threads = match options.strategy {
        Strategy::Bfs => options.threads.max(1),
        Strategy::Dfs => 1,
    };

    // DFS: the ids still to explore, each with its depth.
    let mut stack: Vec<(u32, u32)> = Vec::new();
    // BFS: the next id to explore, the depth of the level it is in, and where that level ends
    // (ids are stored level by level, so a level is a range of ids).
    let mut next_in_order = 0usize;
    let mut level_depth = 1u32;
    let mut level_end = 0usize;
    let limit = options.max_states.min(ROOT as usize);

    for state in model.init_states() {
        generated += 1;
        let state = model.canonical(state);
        let (id, new) = seen.insert(hasher.hash_one(&state), state);
        if new {
            parents.push(ROOT);
            max_depth = 1;
            stack.push((id, 1));
        }
    }
    stack.reverse(); // DFS explores the first initial state first
    level_end = level_end.max(seen.len());

    let mut explored = 0usize;
    // The properties of steps not broken yet.
    let mut unbroken: Vec<usize> = (0..step_properties.len()).collect();
    // The successors' vector of the state expanded last, for the next (a single thread).
    let mut spare: Vec<(u64, M::State)> = Vec::new();
    // Expansions of the states from `batch_start` on, in id order (BFS with threads).
    let mut batch: std::collections::VecDeque<Expansion<M::State, M::Action>> =
        std::collections::VecDeque::new();
    'search: loop {
        let (id, depth) = match options.strategy {
            Strategy::Bfs => {
                if next_in_order == seen.len() {
                    break;
                }
                if next_in_order == level_end {
                    level_depth += 1;
                    level_end = seen.len();
                }
                next_in_order += 1;
                (next_in_order - 1, level_depth)
            }
            Strategy::Dfs => match stack.pop() {
                Some((id, depth)) => (id as usize, depth),
                None => break,
            },
        };
        let expand_one = |state: &M::State, spare| {
            expand(
                model,
                &properties,
                &step_properties,
                &unbroken,
                &hasher,
                state,
                spare,
            )
        };
        let mut expansion = if threads > 1 {
            if batch.is_empty() {
                // Expand the rest of this level, up to a batch per thread, in parallel.
                let end = level_end.min(id + threads * BATCH_PER_THREAD);
                let states = &seen.states[id..end];
                let chunk = states.len().div_ceil(threads);
                let expand_all = |part: &[M::State]| -> Vec<Expansion<M::State, M::Action>> {
                    part.iter().map(|s| expand_one(s, Vec::new())).collect()
                };
                std::thread::scope(|scope| {
                    let workers: Vec<_> = states
                        .chunks(chunk)
                        .skip(1)
                        .map(|part| scope.spawn(move || expand_all(part)))
                        .collect();
                    batch.extend(expand_all(&states[..chunk.min(states.len())]));
                    for worker in workers {
                        batch.extend(worker.join().expect("an expanding thread"));
                    }
                });
            }
            batch.pop_front().expect("a batch covers the state")
        } else {
            expand_one(&seen.states[id], std::mem::take(&mut spare))
        };

        // Judge the properties where the state is explored, so BFS reports the shallowest.
        let mut violated = false;
        for (p, property) in properties.iter().enumerate() {
            if found[p].is_some() {
                continue;
            }
            let holds = expansion.holds & (1 << p) != 0;
            match property.expectation {
                Expectation::Always if !holds => {
                    found[p] = Some(id as u32);
                    violated = true;
                }
                Expectation::Sometimes if holds => found[p] = Some(id as u32),
                _ => {}
            }
        }
        if violated && !options.find_every_violation {
            outcome = Outcome::Violation;
            break;
        }
        for (p, action) in expansion.broken_steps.drain(..) {
            // A batch expanded before an earlier state broke it may break it again.
            if found_step[p].is_none() {
                found_step[p] = Some((id as u32, action));
                unbroken.retain(|&q| q != p);
                violated = true;
            }
        }
        generated += expansion.emitted;
        if violated {
            let every_found = properties
                .iter()
                .zip(&found)
                .all(|(p, f)| p.expectation == Expectation::Sometimes || f.is_some())
                && found_step.iter().all(Option::is_some);
            if !options.find_every_violation || every_found {
                outcome = Outcome::Violation;
                break;
            }
        }
        let next_depth = depth + 1;
        for (hash, next) in expansion.successors.drain(..) {
            if seen.len() >= limit {
                outcome = Outcome::StateLimit;
                break 'search;
            }
            let (next_id, new) = seen.insert(hash, next);
            if new {
                parents.push(id as u32);
                max_depth = max_depth.max(next_depth as usize);
                if options.strategy == Strategy::Dfs {
                    stack.push((next_id, next_depth));
                }
            }
        }
        spare = expansion.successors;

        explored += 1;
        if explored % options.progress_every.max(1) == 0 {
            if let Some(progress) = options.progress.as_mut() {
                let counts = Progress {
                    distinct_states: seen.len(),
                    explored,
                    generated_states: generated,
                    depth: max_depth,
                };
                if !progress(&counts) {
                    outcome = Outcome::Cancelled;
                    break;
                }
            }
        }
    }

    let path = |id: u32| path_to(model, &seen.states, &parents, id);
    let mut findings: Vec<Finding<M::Action>> = properties
        .iter()
        .zip(&found)
        .map(|(property, id)| Finding {
            name: property.name,
            expectation: property.expectation,
            path: id.map(|id| path(id).0),
        })
        .collect();
    findings.extend(
        step_properties
            .iter()
            .zip(found_step)
            .map(|(property, step)| Finding {
                name: property.name,
                expectation: Expectation::Always,
                path: step.map(|(id, action)| {
                    let (mut steps, end) = path(id);
                    if end == seen.states[id as usize] {
                        steps.push(action);
                    } else {
                        // With symmetry the replay ends in a renaming of the stored state,
                        // where the recorded step may name other nodes: take the step from
                        // `end` that breaks the property (properties do not depend on names).
                        let mut bad = None;
                        model.next_states(&end, &mut |action, next| {
                            if bad.is_none() && !(property.condition)(model, &end, &next) {
                                bad = Some(action);
                            }
                        });
                        steps.push(bad.expect("a renamed state has the renamed bad step"));
                    }
                    steps
                }),
            }),
    );
    Report {
        outcome,
        progress: Progress {
            distinct_states: seen.len(),
            explored,
            generated_states: generated,
            depth: max_depth,
        },
        findings,
        not_applicable: model.not_applicable(),
    }
}

/// The actions from an initial state to state `id`, and the concrete state they reach, found by
/// following the parents back and replaying forward: at each step, the action of the current
/// state whose successor has the stored child's representative. The replay walks concrete
/// states, so with symmetry reduction the actions name the real nodes of one run, and
/// replaying them in order reaches the state (or, with symmetry, a renaming of it).
fn path_to<M: Model>(
    model: &M,
    states: &[M::State],
    parents: &[u32],
    id: u32,
) -> (Vec<M::Action>, M::State) {
    let mut ids = vec![id];
    while parents[*ids.last().unwrap() as usize] != ROOT {
        ids.push(parents[*ids.last().unwrap() as usize]);
    }
    ids.reverse();
    let root = &states[ids[0] as usize];
    let mut current = model
        .init_states()
        .into_iter()
        .find(|s| model.canonical(s.clone()) == *root)
        .expect("a root is the representative of an initial state");
    let mut path = Vec::with_capacity(ids.len() - 1);
    for &child in &ids[1..] {
        let child = &states[child as usize];
        let mut step = None;
        model.next_states(&current, &mut |action, next| {
            if step.is_none() && model.canonical(next.clone()) == *child {
                step = Some((action, next));
            }
        });
        // The child was stored as a successor of (a state symmetric to) `current`, so one of
        // the actions of `current` leads to a state symmetric to it.
        let (action, next) = step.expect("a stored state is a successor of its parent");
        path.push(action);
        current = next;
    }
    (path, current)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two counters, each incremented up to `max`; "the sum stays below `bad`" always,
    /// "the first counter reaches 1" sometimes, and of steps "no step takes the second counter
    /// to `bad_step`" always.
    struct Counters {
        max: u8,
        bad: u8,
        bad_step: u8,
    }

    const COUNTERS: Counters = Counters {
        max: 3,
        bad: 100,
        bad_step: 100,
    };

    impl Model for Counters {
        type State = (u8, u8);
        type Action = &'static str;
        fn init_states(&self) -> Vec<(u8, u8)> {
            vec![(0, 0)]
        }
        fn next_states(&self, &(a, b): &(u8, u8), emit: &mut dyn FnMut(&'static str, (u8, u8))) {
            if a < self.max {
                emit("a", (a + 1, b));
            }
            if b < self.max {
                emit("b", (a, b + 1));
            }
        }
        fn properties(&self) -> Vec<Property<Self>> {
            vec![
                Property {
                    name: "sum below bad",
                    expectation: Expectation::Always,
                    condition: |m, s| s.0 + s.1 < m.bad,
                },
                Property {
                    name: "a reaches 1",
                    expectation: Expectation::Sometimes,
                    condition: |_, s| s.0 == 1,
                },
            ]
        }
        fn step_properties(&self) -> Vec<StepProperty<Self>> {
            vec![StepProperty {
                name: "b never steps to bad_step",
                condition: |m, s, t| !(t.1 == m.bad_step && s.1 != t.1),
            }]
        }
        fn not_applicable(&self) -> Vec<NotApplicable> {
            vec![NotApplicable {
                property: "a stays below 256",
                why: "a is a byte".to_string(),
            }]
        }
    }

    /// Where a path of the counters' actions leads.
    fn end(path: &[&str]) -> (u8, u8) {
        path.iter().fold(
            (0, 0),
            |(a, b), step| if *step == "a" { (a + 1, b) } else { (a, b + 1) },
        )
    }

    #[test]
    fn a_complete_search_counts_every_state_once() {
        for strategy in [Strategy::Bfs, Strategy::Dfs] {
            let report = explore(
                &COUNTERS,
                Options {
                    strategy,
                    ..Options::default()
                },
            );
            assert_eq!(report.outcome, Outcome::Complete);
            assert_eq!(
                report.checked(),
                ["sum below bad", "a reaches 1", "b never steps to bad_step"]
            );
            assert_eq!(report.not_applicable[0].property, "a stays below 256");
            assert_eq!(report.progress.distinct_states, 16);
            // Every state but (3,3) has one or two successors: 1 initial + 24 edges.
            assert_eq!(report.progress.generated_states, 25);
            assert_eq!(report.progress.depth, 7);
            assert!(report.violation().is_none());
            let example = report.findings[1].path.clone().unwrap();
            assert_eq!(example.iter().filter(|s| **s == "a").count(), 1);
            if strategy == Strategy::Bfs {
                assert_eq!(example, ["a"]);
            }
        }
    }

    #[test]
    fn breadth_first_finds_a_shortest_counterexample() {
        let report = explore(&Counters { bad: 4, ..COUNTERS }, Options::default());
        assert_eq!(report.outcome, Outcome::Violation);
        let path = report.violation().unwrap().path.clone().unwrap();
        assert_eq!(path.len(), 4);
        let (a, b) = end(&path);
        assert_eq!(a + b, 4);
    }

    #[test]
    fn a_step_violation_is_the_path_to_its_state_and_the_step() {
        for strategy in [Strategy::Bfs, Strategy::Dfs] {
            let counters = Counters {
                bad_step: 2,
                ..COUNTERS
            };
            let report = explore(
                &counters,
                Options {
                    strategy,
                    ..Options::default()
                },
            );
            assert_eq!(report.outcome, Outcome::Violation);
            let violation = report.violation().unwrap();
            assert_eq!(violation.name, "b never steps to bad_step");
            let path = violation.path.clone().unwrap();
            assert_eq!(path.last(), Some(&"b"));
            assert_eq!(end(&path).1, 2, "{path:?}");
            if strategy == Strategy::Bfs {
                assert_eq!(path, ["b", "b"], "a shortest one");
            }
        }
    }

    #[test]
    fn going_on_after_a_violation_finds_every_one_each_shortest() {
        let both = Counters {
            bad: 4,
            bad_step: 2,
            ..COUNTERS
        };
        // Stopping at the first: the step violation (2 steps) comes before the state's (4).
        let first = explore(&both, Options::default());
        assert_eq!(first.outcome, Outcome::Violation);
        assert_eq!(first.violations().count(), 1);
        assert!(first.finding("sum below bad").unwrap().path.is_none());

        let every = explore(
            &both,
            Options {
                find_every_violation: true,
                ..Options::default()
            },
        );
        assert_eq!(
            every.outcome,
            Outcome::Violation,
            "stops once both are found"
        );
        let lengths: Vec<usize> = every
            .violations()
            .map(|f| f.path.as_ref().unwrap().len())
            .collect();
        assert_eq!(lengths, [4, 2]);
        assert!(every.progress.distinct_states < 16, "it stopped early");

        // One property never fails: the search goes to the end and says so.
        let one = explore(
            &Counters {
                bad_step: 2,
                ..COUNTERS
            },
            Options {
                find_every_violation: true,
                ..Options::default()
            },
        );
        assert_eq!(one.outcome, Outcome::Complete);
        assert_eq!(one.progress.distinct_states, 16);
        assert_eq!(
            one.violations().map(|f| f.name).collect::<Vec<_>>(),
            ["b never steps to bad_step"]
        );
    }

    #[test]
    fn the_limit_and_the_progress_callback_stop_a_search() {
        let report = explore(
            &Counters {
                max: 50,
                bad: 255,
                bad_step: 255,
            },
            Options {
                max_states: 10,
                ..Options::default()
            },
        );
        assert_eq!(report.outcome, Outcome::StateLimit);
        assert_eq!(report.progress.distinct_states, 10);

        let mut calls = 0;
        let mut stop = |_: &Progress| {
            calls += 1;
            calls < 3
        };
        let report = explore(
            &Counters {
                max: 50,
                bad: 255,
                bad_step: 255,
            },
            Options {
                progress: Some(&mut stop),
                progress_every: 5,
                ..Options::default()
            },
        );
        assert_eq!(report.outcome, Outcome::Cancelled);
        assert_eq!(calls, 3);
    }

    /// Four counters, each incremented up to `max`: "the sum stays below `bad`" always.
    struct Grid {
        max: u8,
        bad: u8,
    }

    impl Model for Grid {
        type State = [u8; 4];
        type Action = usize;
        fn init_states(&self) -> Vec<[u8; 4]> {
            vec![[0; 4]]
        }
        fn next_states(&self, state: &[u8; 4], emit: &mut dyn FnMut(usize, [u8; 4])) {
            for i in 0..4 {
                if state[i] < self.max {
                    let mut next = *state;
                    next[i] += 1;
                    emit(i, next);
                }
            }
        }
        fn properties(&self) -> Vec<Property<Self>> {
            vec![
                Property {
                    name: "sum below bad",
                    expectation: Expectation::Always,
                    condition: |m, s| {
                        s.iter().map(|&c| u32::from(c)).sum::<u32>() < u32::from(m.bad)
                    },
                },
                Property {
                    name: "first reaches max",
                    expectation: Expectation::Sometimes,
                    condition: |m, s| s[0] == m.max,
                },
            ]
        }
    }

    #[test]
    fn threads_change_no_count_finding_or_path() {
        // Levels of up to thousands of states: several batches per level with two threads.
        for grid in [Grid { max: 20, bad: 255 }, Grid { max: 20, bad: 50 }] {
            let one = explore(&grid, Options::default());
            for threads in [2, 3] {
                let many = explore(
                    &grid,
                    Options {
                        threads,
                        ..Options::default()
                    },
                );
                assert_eq!(many, one);
            }
            // The largest level (sum 40, or 50 where the search stops) holds more states than
            // one batch of each of three threads.
            let m = u32::from(grid.max);
            let level = |sum: u32| {
                (0..=m)
                    .flat_map(|a| (0..=m).flat_map(move |b| (0..=m).map(move |c| a + b + c)))
                    .filter(|&abc| abc <= sum && sum - abc <= m)
                    .count()
            };
            assert!(level(40) > 3 * BATCH_PER_THREAD && level(50) > 3 * BATCH_PER_THREAD);
            let violated = grid.bad < 80;
            assert_eq!(one.violation().is_some(), violated);
        }
    }
}
