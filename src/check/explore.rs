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

/// A transition system to explore: initial states, and the successors of each state.
pub trait Model {
    /// A state. Equality must be exact: two states are the same state only if they are equal.
    type State: Clone + Eq + Hash;
    /// A step from one state to the next, as a counterexample lists it.
    type Action: Clone + Debug;

    /// The initial states.
    fn init_states(&self) -> Vec<Self::State>;

    /// Calls `emit` once for every enabled action in `state`, with the state it leads to.
    /// (A callback rather than a vector, so compact models pay for no allocation per state.)
    fn next_states(&self, state: &Self::State, emit: &mut dyn FnMut(Self::Action, Self::State));

    /// The properties to check.
    fn properties(&self) -> Vec<Property<Self>>;

    /// The representative of `state`'s symmetry class: the explorer stores and compares these.
    /// The default is the state itself (no symmetry reduction). An override must be exact:
    /// two states get the same representative only if one is a permutation of the other.
    fn canonical(&self, state: Self::State) -> Self::State {
        state
    }

    /// Whether [`Model::canonical`] is more than the identity (the model reduces symmetry),
    /// so that an adapter such as [`Packed`](super::packed::Packed) knows it must call it.
    fn reduces_symmetry(&self) -> bool {
        false
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
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            strategy: Strategy::Bfs,
            max_states: usize::MAX,
            progress: None,
            progress_every: 100_000,
        }
    }
}

/// Counts so far, for progress reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Distinct states stored.
    pub distinct_states: usize,
    /// States generated, duplicates included (initial states count once each).
    pub generated_states: u64,
    /// The greatest depth reached; the initial states are at depth 1, as TLC counts.
    pub depth: usize,
}

/// How a search ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Every reachable state was explored.
    Complete,
    /// An "always" property is false in a reachable state; the search stopped there.
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
    /// Always or sometimes.
    pub expectation: Expectation,
    /// For "always": the path to a state where it is false (a counterexample). For
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
    /// One finding per property, in the model's order.
    pub findings: Vec<Finding<A>>,
}

impl<A> Report<A> {
    /// The first "always" property found false, if any, with its counterexample.
    pub fn violation(&self) -> Option<&Finding<A>> {
        self.findings
            .iter()
            .find(|f| f.expectation == Expectation::Always && f.path.is_some())
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

    /// Stores `state` unless it was seen; its id, and whether it is new.
    #[inline]
    fn insert(&mut self, state: S) -> (u32, bool) {
        let hash = self.hasher.hash_one(&state);
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

/// Explores `model` from its initial states under `options`.
pub fn explore<M: Model>(model: &M, mut options: Options<'_>) -> Report<M::Action> {
    let properties = model.properties();
    let mut seen: Seen<M::State> = Seen::new();
    let mut parents: Vec<u32> = Vec::new();
    // Per property: the id of the first state where an "always" is false / a "sometimes" true.
    let mut found: Vec<Option<u32>> = vec![None; properties.len()];
    let mut generated: u64 = 0;
    let mut max_depth = 0usize;
    let mut outcome = Outcome::Complete;

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
        let (id, new) = seen.insert(model.canonical(state));
        if new {
            parents.push(ROOT);
            max_depth = 1;
            stack.push((id, 1));
        }
    }
    stack.reverse(); // DFS explores the first initial state first
    level_end = level_end.max(seen.len());

    let mut explored = 0usize;
    let mut successors: Vec<M::State> = Vec::new();
    loop {
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
        let state = &seen.states[id];
        // Check the properties where the state is explored, so BFS reports the shallowest.
        let mut violated = false;
        for (p, property) in properties.iter().enumerate() {
            if found[p].is_some() {
                continue;
            }
            let holds = (property.condition)(model, state);
            match property.expectation {
                Expectation::Always if !holds => {
                    found[p] = Some(id as u32);
                    violated = true;
                }
                Expectation::Sometimes if holds => found[p] = Some(id as u32),
                _ => {}
            }
        }
        if violated {
            outcome = Outcome::Violation;
            break;
        }

        // Successors are gathered first: storing them may move the states `state` lives in.
        // Every successor counts as generated, but a stuttering step (back to `state`) or a
        // repeat of the previous successor cannot be new, so neither is looked up: the
        // look-up, a few cache misses in a large table, is most of the cost of a successor.
        successors.clear();
        let mut emitted = 0u64;
        model.next_states(state, &mut |_, next| {
            emitted += 1;
            let next = model.canonical(next);
            if next != *state && successors.last() != Some(&next) {
                successors.push(next);
            }
        });
        generated += emitted;
        let next_depth = depth + 1;
        for next in successors.drain(..) {
            if seen.len() >= limit {
                outcome = Outcome::StateLimit;
                break;
            }
            let (next_id, new) = seen.insert(next);
            if new {
                parents.push(id as u32);
                max_depth = max_depth.max(next_depth as usize);
                if options.strategy == Strategy::Dfs {
                    stack.push((next_id, next_depth));
                }
            }
        }
        if outcome == Outcome::StateLimit {
            break;
        }

        explored += 1;
        if explored % options.progress_every.max(1) == 0 {
            if let Some(progress) = options.progress.as_mut() {
                let counts = Progress {
                    distinct_states: seen.len(),
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

    let findings = properties
        .iter()
        .zip(&found)
        .map(|(property, id)| Finding {
            name: property.name,
            expectation: property.expectation,
            path: id.map(|id| path_to(model, &seen.states, &parents, id)),
        })
        .collect();
    Report {
        outcome,
        progress: Progress {
            distinct_states: seen.len(),
            generated_states: generated,
            depth: max_depth,
        },
        findings,
    }
}

/// The actions from an initial state to state `id`, found by following the parents back and
/// replaying forward: at each step, the action of the current state whose successor has the
/// stored child's representative. The replay walks concrete states, so with symmetry reduction
/// the actions name the real nodes of one run, and replaying them in order reaches the state.
fn path_to<M: Model>(model: &M, states: &[M::State], parents: &[u32], id: u32) -> Vec<M::Action> {
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
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two counters, each incremented up to `max`; "the sum stays below `bad`" always,
    /// "the first counter reaches 1" sometimes.
    struct Counters {
        max: u8,
        bad: u8,
    }

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
    }

    #[test]
    fn a_complete_search_counts_every_state_once() {
        for strategy in [Strategy::Bfs, Strategy::Dfs] {
            let report = explore(
                &Counters { max: 3, bad: 100 },
                Options {
                    strategy,
                    ..Options::default()
                },
            );
            assert_eq!(report.outcome, Outcome::Complete);
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
        let report = explore(&Counters { max: 3, bad: 4 }, Options::default());
        assert_eq!(report.outcome, Outcome::Violation);
        let path = report.violation().unwrap().path.clone().unwrap();
        assert_eq!(path.len(), 4);
        let end = path.iter().fold(
            (0, 0),
            |(a, b), step| if *step == "a" { (a + 1, b) } else { (a, b + 1) },
        );
        assert_eq!(end.0 + end.1, 4);
    }

    #[test]
    fn the_limit_and_the_progress_callback_stop_a_search() {
        let report = explore(
            &Counters { max: 50, bad: 255 },
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
            &Counters { max: 50, bad: 255 },
            Options {
                progress: Some(&mut stop),
                progress_every: 5,
                ..Options::default()
            },
        );
        assert_eq!(report.outcome, Outcome::Cancelled);
        assert_eq!(calls, 3);
    }
}
