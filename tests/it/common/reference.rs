//! A deliberately simple breadth-first explorer, generic over the library's
//! [`Model`](paxos_playground::check::explore::Model): a `HashSet` of seen states, a `VecDeque`
//! of states to explore, a `HashMap` from each state to the state and action it was first
//! reached by. No encoding, no early stop, no cleverness: it exists to be obviously right, so
//! that the fast explorer (and a fast model) can be checked against it on small inputs.
//!
//! What it counts, the way the fast explorer documents it:
//! - `distinct_states`: states stored (after [`Model::canonical`], which it trusts);
//! - `generated_states`: the initial states, plus one per successor the model emits, repeats
//!   and stuttering steps included;
//! - `depth`: the number of states on the longest shortest path from an initial state (the
//!   initial states are at depth 1, as TLC counts).
//!
//! Unlike the fast explorer it never stops at a violation: every reachable state is visited,
//! and each property's finding is the shortest path to a state where an "always" property is
//! false or a "sometimes" one true (one of the shortest, in breadth-first order). A property of
//! steps is checked on every step to a different state; its finding is a shortest path to a
//! state with a step that breaks it, followed by that step. Findings come in the fast
//! explorer's order: the properties of states, then those of steps.

use paxos_playground::check::explore::{Expectation, Finding, Model};
use std::collections::{HashMap, HashSet, VecDeque};

/// What the reference explorer found.
pub struct ReferenceReport<M: Model> {
    /// Every reachable state (canonical forms).
    pub states: HashSet<M::State>,
    /// How many successors were generated, plus the initial states.
    pub generated_states: u64,
    /// The greatest breadth-first depth, initial states at 1.
    pub depth: usize,
    /// One finding per property, in the model's order (a shortest path when found).
    pub findings: Vec<Finding<M::Action>>,
}

impl<M: Model> ReferenceReport<M> {
    /// How many distinct states were reached.
    pub fn distinct_states(&self) -> usize {
        self.states.len()
    }

    /// Whether some "always" property was found false.
    pub fn violated(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.expectation == Expectation::Always && f.path.is_some())
    }
}

/// Visits every state reachable in `model`, breadth first.
pub fn explore_reference<M: Model>(model: &M) -> ReferenceReport<M> {
    let properties = model.properties();
    let step_properties = model.step_properties();
    let mut findings: Vec<Option<M::State>> = vec![None; properties.len()];
    let mut step_findings: Vec<Option<(M::State, M::Action)>> = vec![None; step_properties.len()];
    let mut seen: HashSet<M::State> = HashSet::new();
    let mut reached_by: HashMap<M::State, (M::State, M::Action)> = HashMap::new();
    let mut queue: VecDeque<(M::State, usize)> = VecDeque::new();
    let mut generated = 0u64;
    let mut depth = 0;

    for state in model.init_states() {
        generated += 1;
        let state = model.canonical(state);
        if seen.insert(state.clone()) {
            queue.push_back((state, 1));
        }
    }
    while let Some((state, state_depth)) = queue.pop_front() {
        depth = depth.max(state_depth);
        for (p, property) in properties.iter().enumerate() {
            let holds = (property.condition)(model, &state);
            let interesting = match property.expectation {
                Expectation::Always => !holds,
                Expectation::Sometimes => holds,
            };
            if interesting && findings[p].is_none() {
                findings[p] = Some(state.clone());
            }
        }
        let mut successors = Vec::new();
        model.next_states(&state, &mut |action, next| successors.push((action, next)));
        for (action, next) in successors {
            generated += 1;
            for (p, property) in step_properties.iter().enumerate() {
                if step_findings[p].is_none()
                    && next != state
                    && !(property.condition)(model, &state, &next)
                {
                    step_findings[p] = Some((state.clone(), action.clone()));
                }
            }
            let next = model.canonical(next);
            if seen.insert(next.clone()) {
                reached_by.insert(next.clone(), (state.clone(), action));
                queue.push_back((next, state_depth + 1));
            }
        }
    }

    // Follow the first-reached-by links back to an initial state.
    let path_to = |mut state: M::State| {
        let mut path = Vec::new();
        while let Some((previous, action)) = reached_by.get(&state) {
            path.push(action.clone());
            state = previous.clone();
        }
        path.reverse();
        path
    };
    let mut findings: Vec<Finding<M::Action>> = properties
        .iter()
        .zip(findings)
        .map(|(property, state)| Finding {
            name: property.name,
            expectation: property.expectation,
            path: state.map(path_to),
        })
        .collect();
    findings.extend(
        step_properties
            .iter()
            .zip(step_findings)
            .map(|(property, step)| Finding {
                name: property.name,
                expectation: Expectation::Always,
                path: step.map(|(state, action)| {
                    let mut path = path_to(state);
                    path.push(action);
                    path
                }),
            }),
    );
    ReferenceReport {
        states: seen,
        generated_states: generated,
        depth,
        findings,
    }
}

/// The states a path of actions goes through, from an initial state (included) on: at each
/// step the first successor whose action equals the next one. Panics if some action is not
/// enabled where the path says, so a test replaying a counterexample fails loudly. Without
/// symmetry reduction the states are the model's own; with it, a path from the fast explorer
/// names concrete nodes, so it replays here too.
pub fn replay<M: Model>(model: &M, path: &[M::Action]) -> Vec<M::State>
where
    M::Action: PartialEq,
{
    'initial: for initial in model.init_states() {
        let mut states = vec![initial];
        for action in path {
            let mut next = None;
            model.next_states(states.last().unwrap(), &mut |a, s| {
                if next.is_none() && a == *action {
                    next = Some(s);
                }
            });
            match next {
                Some(state) => states.push(state),
                None => continue 'initial,
            }
        }
        return states;
    }
    panic!("the path {path:?} does not replay from any initial state");
}
