//! Playground mode (src/check/playground.rs): the page's own handlers explored, checked
//! against the deliberately simple reference explorer (tests/it/common/reference.rs), against
//! the simulator that plays a counterexample back, and against what each "Break Paxos"
//! switch is meant to break.
//!
//! Two cluster shapes: the command line's (proposers P and Q also learn, acceptors A, B, C...
//! only accept) and a bare one without learners. Agreement and validity are judged on the
//! acceptances, which learners do not influence (they only receive Accepted), so a violation
//! exists in one shape exactly when it exists in the other; the bare shape has far fewer
//! states, which keeps the violation hunts fast enough for a debug build.
//!
//! Every count pinned below is also recomputed by the reference explorer in the same test.

use crate::common::reference::{explore_reference, replay, ReferenceReport};
use paxos_playground::check::explore::{
    explore, Expectation, Model, Options, Outcome, Report, Strategy,
};
use paxos_playground::check::invariants;
use paxos_playground::check::playground::{Bounds, Compact, PlaygroundAction, PlaygroundModel};
use paxos_playground::paxos::Rules;
use paxos_playground::sim::{Config, NodeSpec, Run, World};
use std::collections::HashSet;

const PROPOSERS: [&str; 2] = ["P", "Q"];
const ACCEPTORS: [&str; 4] = ["A", "B", "C", "D"];
const VALUES: [&str; 2] = ["Hello", "World"];

/// How the cluster's roles are laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// As the command line builds it: proposers also learn, acceptors only accept.
    Cli,
    /// Proposers only propose, acceptors only accept: no learner, no Accepted message.
    Bare,
    /// Proposers only propose, acceptors also learn (a symmetry group of acceptor-learners).
    AcceptorsLearn,
}

/// A small cluster to check: its shape and size, the rules, and the search bounds.
#[derive(Clone, Copy, Debug)]
struct Setup {
    shape: Shape,
    proposers: usize,
    acceptors: usize,
    rules: Rules,
    bounds: Bounds,
}

impl Setup {
    /// Correct Paxos in the command line's shape, one round each, no faults, no symmetry.
    fn new(proposers: usize, acceptors: usize) -> Setup {
        Setup {
            shape: Shape::Cli,
            proposers,
            acceptors,
            rules: Rules::default(),
            bounds: Bounds {
                rounds: 1,
                loss: false,
                duplicate: false,
                crashes: 0,
                symmetry: false,
                partial_order: false,
            },
        }
    }

    fn shape(mut self, shape: Shape) -> Setup {
        self.shape = shape;
        self
    }

    fn rounds(mut self, rounds: u8) -> Setup {
        self.bounds.rounds = rounds;
        self
    }

    fn loss(mut self) -> Setup {
        self.bounds.loss = true;
        self
    }

    fn duplicate(mut self) -> Setup {
        self.bounds.duplicate = true;
        self
    }

    fn crashes(mut self, crashes: u8) -> Setup {
        self.bounds.crashes = crashes;
        self
    }

    fn symmetry(mut self, on: bool) -> Setup {
        self.bounds.symmetry = on;
        self
    }

    fn bug(mut self, name: &str) -> Setup {
        self.rules.enable(name).unwrap();
        self
    }

    fn quorums(mut self, q1: u8, q2: u8) -> Setup {
        self.rules.phase1_quorum = Some(q1);
        self.rules.phase2_quorum = Some(q2);
        self
    }

    fn config(&self) -> Config {
        let proposer_learns = self.shape == Shape::Cli;
        let acceptor_learns = self.shape == Shape::AcceptorsLearn;
        let nodes = PROPOSERS[..self.proposers]
            .iter()
            .map(|p| NodeSpec::new(p, true, false, proposer_learns))
            .chain(
                ACCEPTORS[..self.acceptors]
                    .iter()
                    .map(|a| NodeSpec::new(a, false, true, acceptor_learns)),
            )
            .collect();
        Config {
            nodes,
            delay_ticks_min: 1,
            delay_ticks_max: 1,
            faults: Default::default(),
            rules: self.rules,
        }
    }

    fn model(&self) -> PlaygroundModel {
        let values: Vec<(String, String)> = PROPOSERS[..self.proposers]
            .iter()
            .zip(VALUES)
            .map(|(p, v)| (p.to_string(), v.to_string()))
            .collect();
        PlaygroundModel::new(&self.config(), &values, self.bounds).unwrap()
    }
}

fn search(model: &PlaygroundModel, strategy: Strategy) -> Report<PlaygroundAction> {
    explore(
        model,
        Options {
            strategy,
            ..Options::default()
        },
    )
}

/// The length of the shortest path to a state where some "always" property is false.
fn shortest_violation(slow: &ReferenceReport<PlaygroundModel>) -> Option<usize> {
    slow.findings
        .iter()
        .filter(|f| f.expectation == Expectation::Always)
        .filter_map(|f| f.path.as_ref().map(Vec::len))
        .min()
}

/// Explores `setup` with the fast explorer (BFS and DFS) and the reference explorer and
/// asserts they agree: the verdict; on a complete search the distinct and generated counts
/// and (BFS) the depth and the shortest example of each "sometimes" property; on a
/// violation, a shortest counterexample (BFS) that replays to a state that breaks the property
/// named. Returns the fast BFS report and the reference report.
fn agree(setup: &Setup) -> (Report<PlaygroundAction>, ReferenceReport<PlaygroundModel>) {
    let model = setup.model();
    let slow = explore_reference(&model);
    let mut bfs = None;
    for strategy in [Strategy::Bfs, Strategy::Dfs] {
        let fast = search(&model, strategy);
        let what = format!("{setup:?}, {strategy:?}");
        match shortest_violation(&slow) {
            None => {
                assert_eq!(fast.outcome, Outcome::Complete, "{what}");
                assert_eq!(
                    fast.progress.distinct_states,
                    slow.distinct_states(),
                    "{what}"
                );
                assert_eq!(
                    fast.progress.generated_states, slow.generated_states,
                    "{what}"
                );
                for (mine, theirs) in fast.findings.iter().zip(&slow.findings) {
                    assert_eq!(mine.path.is_some(), theirs.path.is_some(), "{what}");
                }
                if strategy == Strategy::Bfs {
                    assert_eq!(fast.progress.depth, slow.depth, "{what}");
                    for (mine, theirs) in fast.findings.iter().zip(&slow.findings) {
                        let length = |p: &Option<Vec<_>>| p.as_ref().map(Vec::len);
                        assert_eq!(length(&mine.path), length(&theirs.path), "{what}");
                    }
                }
            }
            Some(shortest) => {
                assert_eq!(fast.outcome, Outcome::Violation, "{what}");
                let violation = fast.violation().unwrap();
                let path = violation.path.as_ref().unwrap();
                if strategy == Strategy::Bfs {
                    assert_eq!(path.len(), shortest, "{what}: BFS finds a shortest one");
                }
                let last = replay(&model, path).pop().unwrap();
                let property = model
                    .properties()
                    .into_iter()
                    .find(|p| p.name == violation.name)
                    .unwrap();
                assert!(!(property.condition)(&model, &last), "{what}");
            }
        }
        if strategy == Strategy::Bfs {
            bfs = Some(fast);
        }
    }
    (bfs.unwrap(), slow)
}

/// The properties found ("always" false, "sometimes" true), by name.
fn found<A>(report: &Report<A>) -> Vec<&'static str> {
    report
        .findings
        .iter()
        .filter(|f| f.path.is_some())
        .map(|f| f.name)
        .collect()
}

/// (a) and (g): the fast explorer and the reference explorer agree on small configurations
/// of every kind, and every safe one does choose a value (the "always" properties hold, and
/// not vacuously).
#[test]
fn the_fast_explorer_and_the_reference_explorer_agree_on_small_configurations() {
    let mut setups = Vec::new();
    for acceptors in 1..=3 {
        let one = Setup::new(1, acceptors);
        setups.extend([
            one,
            one.loss(),
            one.duplicate(),
            one.crashes(1),
            one.symmetry(true),
        ]);
        if acceptors < 3 {
            // With 3 acceptors two rounds are 423,301 states (73,866 with symmetry): too many
            // for the reference explorer in a debug build.
            setups.push(one.rounds(2));
        }
    }
    let one = Setup::new(1, 2).rounds(2);
    setups.extend([one.loss(), one.crashes(1)]);
    let two = Setup::new(2, 1);
    setups.extend([two, two.loss(), two.duplicate(), two.crashes(1)]);
    setups.push(Setup::new(2, 2).symmetry(true));
    setups.push(Setup::new(2, 2).shape(Shape::Bare));
    setups.push(Setup::new(2, 2).shape(Shape::AcceptorsLearn).symmetry(true));
    // Every switch, where it is safe and where it is not.
    for bug in paxos_playground::paxos::SWITCHES.map(|s| s.name) {
        setups.push(Setup::new(2, 1).bug(bug).crashes(1));
        setups.push(Setup::new(2, 2).shape(Shape::Bare).bug(bug).symmetry(true));
    }
    setups.push(Setup::new(2, 2).shape(Shape::Bare).quorums(1, 1));

    let mut safe = 0;
    for setup in &setups {
        let (fast, slow) = agree(setup);
        if fast.violation().is_none() {
            safe += 1;
            assert!(
                found(&fast).contains(&"a value is chosen"),
                "{setup:?}: a safe run must still choose a value"
            );
            let chosen = slow.findings.iter().find(|f| f.name == "a value is chosen");
            assert!(chosen.unwrap().path.is_some());
        }
    }
    assert!(safe >= setups.len() / 2, "mostly safe configurations");
}

/// (b) Pinned counts: distinct states, generated states (repeats included) and depth (the
/// initial state at 1), each recomputed here by both explorers.
#[test]
fn pinned_counts_of_small_configurations() {
    let pinned = [
        (Setup::new(1, 3), (290, 794, 14)),
        (Setup::new(2, 2).symmetry(true), (1190, 4152, 23)),
        (Setup::new(1, 2).rounds(2).crashes(1), (6882, 21273, 21)),
        (Setup::new(2, 1).duplicate(), (2362, 25932, 19)),
    ];
    for (setup, (distinct, generated, depth)) in pinned {
        let (fast, slow) = agree(&setup);
        let counts = (
            fast.progress.distinct_states,
            fast.progress.generated_states,
            fast.progress.depth,
        );
        assert_eq!(counts, (distinct, generated, depth), "{setup:?}");
        assert_eq!(
            (slow.distinct_states(), slow.generated_states, slow.depth),
            counts,
            "{setup:?}"
        );
    }
}

/// What the simulator's invariants panel says about the world `run` ends in, and about the
/// world one action before: the step (if any) each invariant first broke at, by name.
fn panel(run: &Run, position: usize) -> Vec<(&'static str, Option<u64>)> {
    let mut timeline = run.replay().expect("the counterexample replays");
    timeline.seek(position);
    let world: &World = timeline.world();
    invariants(world.facts(), world.names())
        .into_iter()
        .map(|i| (i.property, i.broken_at))
        .collect()
}

/// Finds the violation of `setup`, checks it is a shortest one of `length` actions breaking
/// `property`, turns it into a simulator run, replays it, and checks the simulator's own
/// invariants: `property` broken at the last step and not before; the invariants the model
/// does not check (promise monotonic, promise kept) may break earlier only if listed in
/// `earlier`. Returns the run.
fn counterexample_replays(setup: &Setup, property: &str, length: usize, earlier: &[&str]) -> Run {
    let model = setup.model();
    let report = search(&model, Strategy::Bfs);
    let violation = report
        .violation()
        .unwrap_or_else(|| panic!("{setup:?}: no violation"));
    assert_eq!(violation.name, property, "{setup:?}");
    let path = violation.path.clone().unwrap();
    assert_eq!(path.len(), length, "{setup:?}: {path:?}");

    let run = model.to_run(&path).unwrap();
    let timeline = run.replay().unwrap();
    let last_step = timeline
        .world()
        .facts()
        .chosen
        .last()
        .map(|(step, ..)| *step);
    let end = panel(&run, run.actions.len());
    let before = panel(&run, run.actions.len() - 1);
    for ((name, at_end), (_, at_before)) in end.iter().zip(&before) {
        if *name == property {
            assert!(
                at_end.is_some(),
                "{setup:?}: the simulator sees {name} broken"
            );
            assert_eq!(*at_end, last_step, "{setup:?}: broken at the last step");
            assert_eq!(*at_before, None, "{setup:?}: {name} holds one step before");
        } else if earlier.contains(name) {
            assert!(at_before.is_some(), "{setup:?}: {name} broke earlier");
        } else {
            assert_eq!(*at_end, None, "{setup:?}: {name} holds");
        }
    }
    // The simulator's overall check (the first broken invariant in the panel's order).
    let world = timeline.world();
    let error = paxos_playground::check::check_safety(world).unwrap_err();
    assert_eq!(error.property, property, "{setup:?}");
    run
}

/// (c) Every unsafe switch, in the smallest configuration where it fails (fewest acceptors,
/// then proposers, rounds and crashes): the checker finds a violation of agreement, a
/// shortest counterexample plays in the simulator, and the simulator's invariants see the same
/// violation at the last step and not before. One proposer can never break agreement (it has
/// one value), so two proposers are always needed.
#[test]
fn every_unsafe_switch_fails_in_its_smallest_configuration_and_the_simulator_agrees() {
    // Switch 1, ignore accepted values: 2 proposers, 1 acceptor, 1 round. P's "Hello" is
    // chosen at A; Q's promise from A reports it, and Q proposes "World" anyway.
    let ignore = Setup::new(2, 1).bug("ignore-accepted");
    counterexample_replays(&ignore, "agreement", 8, &[]);
    counterexample_replays(&ignore.shape(Shape::Bare), "agreement", 8, &[]);

    // Switch 5, accept below promise: 2 proposers, 1 acceptor, 1 round. A promises 1.Q after
    // 1.P, then takes P's Accept of 1.P below that promise: "Hello" is chosen (the panel's
    // "promise kept" breaks there). A's promise to Q, sent before, reported nothing, so Q's
    // "World" is chosen too.
    let below = Setup::new(2, 1).bug("accept-below-promise");
    counterexample_replays(&below, "agreement", 8, &["promise kept"]);

    // Switch 3, forget on crash: 2 proposers, 1 acceptor, 1 round, 1 crash (without a crash
    // the switch does nothing). Q's "World" is chosen at A, A crashes and forgets its promise
    // of 1.Q, and takes P's late Accept of 1.P: "Hello" is chosen too. The panel's "promise
    // monotonic" breaks at the crash, before agreement does.
    let forget = Setup::new(2, 1).bug("forget-on-crash");
    assert!(search(&forget.model(), Strategy::Bfs).violation().is_none());
    let run = counterexample_replays(&forget.crashes(1), "agreement", 10, &["promise monotonic"]);
    assert!(run
        .actions
        .iter()
        .any(|a| matches!(a, paxos_playground::sim::Action::Crash { .. })));
    // The log says what the switch did, where the default log says the acceptor kept it all.
    let timeline = run.replay().unwrap();
    let log: Vec<&str> = timeline
        .world()
        .log()
        .iter()
        .map(|e| e.text.as_str())
        .collect();
    let crash = log.iter().find(|t| t.starts_with("A crashes.")).unwrap();
    assert!(
        crash.contains("forgets its promise and accepted value"),
        "{crash}"
    );
    assert!(crash.contains("promisedNumber 1.Q"), "{crash}");
    let restart = log.iter().find(|t| t.starts_with("A restarts.")).unwrap();
    assert!(
        restart.contains("forgot its promise and accepted value"),
        "{restart}"
    );
    assert!(!restart.contains("kept"), "{restart}");

    // Switch 4, minority promises: 2 proposers, 3 acceptors, 1 round. With 1 or 2 acceptors
    // no minority is a promise large: "at least one" still meets every phase-2 majority
    // (1 + 1 > 1, 1 + 2 > 2); with 3, one promise and two acceptances need not meet, and with
    // 4 one promise and three acceptances.
    for acceptors in 1..=2 {
        let safe = Setup::new(2, acceptors)
            .shape(Shape::Bare)
            .bug("minority-promises")
            .symmetry(true);
        let (fast, _) = agree(&safe);
        assert!(fast.violation().is_none(), "{safe:?}");
    }
    let minority = Setup::new(2, 3)
        .shape(Shape::Bare)
        .bug("minority-promises")
        .symmetry(true);
    counterexample_replays(&minority, "agreement", 10, &[]);
    let four = Setup::new(2, 4)
        .shape(Shape::Bare)
        .bug("minority-promises")
        .symmetry(true);
    counterexample_replays(&four, "agreement", 12, &[]);

    // Flexible quorums with q1 + q2 <= N: smallest is N = 2, q1 = q2 = 1 (with N = 1 every
    // quorum is 1 and 1 + 1 > 1). P's "Hello" is chosen at A alone, Q prepares at B alone.
    let flexible = Setup::new(2, 2).shape(Shape::Bare).quorums(1, 1);
    counterexample_replays(&flexible, "agreement", 8, &[]);
    counterexample_replays(&flexible.shape(Shape::Cli), "agreement", 8, &[]);
}

/// (d) Non-unique numbers break agreement. P and Q both use number 1, and an acceptor also
/// promises a number equal to its promise (as one answering a retransmitted Prepare does), so
/// both proposers gather promises for 1, both send Accept(1, ...), and an acceptor takes both,
/// since each is "not below" its promise. With one acceptor: two proposals, two Prepares, two
/// Promises and two Accepts, 8 steps. On the textbook cluster (3 acceptors) 14.
#[test]
fn non_unique_numbers_choose_two_values() {
    let shared = |a| Setup::new(2, a).bug("non-unique-numbers");
    counterexample_replays(&shared(1), "agreement", 8, &[]);
    counterexample_replays(&shared(3).symmetry(true), "agreement", 14, &[]);
    // The old name still turns it on, so old command lines mean the same switch.
    let mut old = Rules::default();
    old.enable("round-only-numbers").unwrap();
    assert_eq!(old, shared(1).rules);
    // Sometimes/always pair: one proposer never repeats a number, so it breaks nothing.
    let (fast, _) = agree(&Setup::new(1, 2).bug("non-unique-numbers"));
    assert!(fast.violation().is_none());
    assert!(found(&fast).contains(&"a value is chosen"));
}
/// The verdict for 2 proposers (one round each, enough to break it), `acceptors` acceptors and
/// quorums q1 (promises), q2 (acceptances), searched breadth first up to `cut` states:
/// whether a violation (of agreement) was found, and whether the search was complete.
fn flexible(acceptors: u8, q1: u8, q2: u8, cut: usize) -> (bool, bool) {
    let setup = Setup::new(2, usize::from(acceptors))
        .shape(Shape::Bare)
        .quorums(q1, q2)
        .symmetry(true);
    let report = explore(
        &Compact::new(setup.model()),
        Options {
            max_states: cut,
            ..Options::default()
        },
    );
    if let Some(violation) = report.violation() {
        assert_eq!(violation.name, "agreement");
    } else {
        assert!(found(&report).contains(&"a value is chosen"));
    }
    (
        report.violation().is_some(),
        report.outcome == Outcome::Complete,
    )
}

/// (e) Flexible Paxos: with N acceptors, a violation is found exactly when q1 + q2 <= N, i.e.
/// when a phase-1 quorum can miss a phase-2 quorum.
///
/// A safe verdict needs the whole state space, which with small quorums is large (N = 3,
/// q1 = 1: 138,252 states with symmetry; N = 4, q1 <= 2: millions): too slow for a debug
/// build. Here every N = 3 pair is searched breadth first up to 10,000 states (the unsafe
/// pairs' violations come within 8,998; q1 = 3 is complete at 888), and the cheap N = 4
/// pairs. `flexible_quorums_full_sweep` searches N = 3 to the end and every N = 4 pair
/// (`cargo test --release --test it playground_check -- --ignored`).
#[test]
fn flexible_quorums_are_unsafe_exactly_when_they_need_not_meet() {
    for q1 in 1..=3 {
        for q2 in 1..=3 {
            let (violated, complete) = flexible(3, q1, q2, 10_000);
            assert_eq!(violated, q1 + q2 <= 3, "N=3 q1={q1} q2={q2}");
            assert!(violated || complete || q1 < 3, "N=3 q1={q1} q2={q2}");
        }
    }
    for (q1, q2) in [(1, 1), (4, 1)] {
        let (violated, complete) = flexible(4, q1, q2, 10_000);
        assert_eq!(violated, q1 + q2 <= 4, "N=4 q1={q1} q2={q2}");
        assert!(violated || complete, "N=4 q1={q1} q2={q2}");
    }
}

/// N = 3 completely (the largest, q1 = 1 and q2 = 3, is 138,252 states), and every N = 4 pair:
/// the unsafe ones breadth first to their violation (the slowest, q1 = 1 and q2 = 3, after
/// 144,104 states), the safe ones completely when q1 >= 3 (47,186 states) and up to 300,000
/// states when q1 <= 2 (their full spaces run to millions).
#[test]
#[ignore = "about a minute in a release build: cargo test --release --test it playground_check -- --ignored"]
fn flexible_quorums_full_sweep() {
    for q1 in 1..=3 {
        for q2 in 1..=3 {
            let (violated, complete) = flexible(3, q1, q2, usize::MAX);
            assert_eq!(violated, q1 + q2 <= 3, "N=3 q1={q1} q2={q2}");
            assert!(violated || complete, "N=3 q1={q1} q2={q2}");
        }
    }
    for q1 in 1..=4 {
        for q2 in 1..=4 {
            let (violated, complete) = flexible(4, q1, q2, 300_000);
            assert_eq!(violated, q1 + q2 <= 4, "N=4 q1={q1} q2={q2}");
            assert!(violated || complete || q1 <= 2, "N=4 q1={q1} q2={q2}");
        }
    }
}

/// (f) Symmetry reduction changes how many states are stored, never what is found: the same
/// verdict, depth and shortest counterexample length, fewer states, and at least the full
/// count over the symmetry factor. It is exact: the reduced search stores one state per
/// orbit, i.e. exactly the distinct canonical forms of the full search's states.
#[test]
fn symmetry_reduction_is_exact_and_changes_no_verdict() {
    for (setup, factor) in [
        (Setup::new(1, 3), 6),
        (Setup::new(2, 2), 2),
        (Setup::new(1, 3).shape(Shape::AcceptorsLearn), 6),
        (Setup::new(2, 2).shape(Shape::Bare).crashes(1), 2),
        (
            Setup::new(2, 2).shape(Shape::AcceptorsLearn).quorums(1, 1),
            2,
        ),
    ] {
        let full_model = setup.model();
        let reduced_model = setup.symmetry(true).model();
        assert_eq!(full_model.symmetry_factor(), 1);
        assert_eq!(reduced_model.symmetry_factor(), factor, "{setup:?}");
        let full = search(&full_model, Strategy::Bfs);
        let reduced = search(&reduced_model, Strategy::Bfs);
        assert_eq!(reduced.outcome, full.outcome, "{setup:?}");
        assert_eq!(found(&reduced), found(&full), "{setup:?}");
        for (r, f) in reduced.findings.iter().zip(&full.findings) {
            let length = |p: &Option<Vec<_>>| p.as_ref().map(Vec::len);
            assert_eq!(length(&r.path), length(&f.path), "{setup:?}: {}", r.name);
        }
        let (distinct, full_distinct) = (
            reduced.progress.distinct_states,
            full.progress.distinct_states,
        );
        assert!(distinct < full_distinct, "{setup:?}");
        assert!(distinct * factor >= full_distinct, "{setup:?}");
        if full.outcome == Outcome::Complete {
            assert_eq!(reduced.progress.depth, full.progress.depth, "{setup:?}");
            // Every reachable state's canonical form, counted: one per orbit.
            let states = explore_reference(&full_model).states;
            let canonical: HashSet<_> = states
                .iter()
                .map(|s| reduced_model.canonical(s.clone()))
                .collect();
            assert_eq!(canonical.len(), distinct, "{setup:?}");
            for c in &canonical {
                assert!(states.contains(c), "a representative is a reachable state");
                assert_eq!(
                    reduced_model.canonical(c.clone()),
                    *c,
                    "canonical is idempotent"
                );
            }
        }
        // A counterexample found with symmetry names real nodes: it replays unreduced.
        if let Some(violation) = reduced.violation() {
            let path = violation.path.as_ref().unwrap();
            let last = replay(&full_model, path).pop().unwrap();
            assert!(full_model.chosen(&last).len() > 1, "{setup:?}");
            reduced_model.to_run(path).unwrap().replay().unwrap();
        }
    }
}

/// The compact model, as paxos-check and the page's Verify worker run it, with symmetry: an
/// example or counterexample names the real nodes of one run, so `to_run` can play it.
#[test]
fn a_compact_path_with_symmetry_plays_in_the_simulator() {
    // The example of "a value is chosen" with 3 interchangeable acceptors, and a violation
    // with 2 (flexible quorums of 1).
    for (setup, finding) in [
        (Setup::new(1, 3).symmetry(true), "a value is chosen"),
        (Setup::new(2, 2).quorums(1, 1).symmetry(true), "agreement"),
    ] {
        let model = setup.model();
        let compact = Compact::new(setup.model());
        let report = explore(&compact, Options::default());
        let path = compact.actions(report.finding(finding).unwrap().path.as_ref().unwrap());
        let shown: Vec<String> = path.iter().map(|a| model.describe(a)).collect();
        let run = model
            .to_run(&path)
            .unwrap_or_else(|e| panic!("{e}: {shown:#?}"));
        run.replay().unwrap();
        let last = replay(&model, &path).pop().unwrap();
        let chosen = model.chosen(&last).len();
        assert_eq!(
            chosen,
            if finding == "agreement" { 2 } else { 1 },
            "{shown:#?}"
        );
    }
}

/// The compact model (fixed-width records, the one paxos-check and the page's Verify run) is
/// the playground model state for state: on configurations of every kind (faults, each
/// switch, each shape, symmetry), the reference explorer reaches exactly the same states
/// through either (compact states decoded with `to_plain`), every compact state encodes back
/// to itself, and both report the same findings, with counterexamples of the same length that
/// replay in the simulator. Its search with two or three threads reports exactly what one
/// thread does.
#[test]
fn the_compact_model_reaches_the_same_states_as_the_plain_one() {
    let mut setups = vec![
        Setup::new(1, 2).rounds(2),
        Setup::new(2, 2),
        Setup::new(1, 2).loss(),
        Setup::new(1, 2).duplicate(),
        Setup::new(1, 2).crashes(1).bug("forget-on-crash"),
        Setup::new(2, 2).shape(Shape::Bare).crashes(1),
        Setup::new(1, 2).shape(Shape::AcceptorsLearn).symmetry(true),
        Setup::new(2, 2).quorums(1, 1).symmetry(true),
    ];
    for switch in paxos_playground::paxos::SWITCHES {
        setups.push(Setup::new(2, 2).shape(Shape::Bare).bug(switch.name));
    }
    let (mut violations, mut complete) = (0, 0);
    for setup in setups {
        let plain = setup.model();
        let compact = Compact::new(setup.model());
        let slow_plain = explore_reference(&plain);
        let slow_compact = explore_reference(&compact);
        // With symmetry each model keeps one representative per orbit, its own: compare the
        // orbits, through the plain model's representatives.
        let decoded: HashSet<_> = slow_compact
            .states
            .iter()
            .map(|s| plain.canonical(compact.to_plain(s)))
            .collect();
        assert_eq!(decoded.len(), slow_compact.distinct_states(), "{setup:?}");
        assert_eq!(decoded, slow_plain.states, "{setup:?}");
        for state in &slow_compact.states {
            assert_eq!(compact.from_plain(&compact.to_plain(state)), *state);
            assert_eq!(compact.canonical(state.clone()), *state, "idempotent");
        }
        assert_eq!(slow_compact.generated_states, slow_plain.generated_states);
        let fast = explore(&compact, Options::default());
        let reference = explore(&plain, Options::default());
        // Threads change nothing: the same counts, findings and counterexamples, step for step.
        let threads = |threads| Options {
            threads,
            ..Options::default()
        };
        assert_eq!(explore(&compact, threads(2)), fast, "{setup:?}");
        assert_eq!(explore(&compact, threads(3)), fast, "{setup:?}");
        assert_eq!(fast.outcome, reference.outcome, "{setup:?}");
        // A search that stops at a violation stores what came before it, which depends on
        // the representatives each model keeps; a complete one counts the same.
        if fast.outcome == Outcome::Complete {
            assert_eq!(fast.progress, reference.progress, "{setup:?}");
        }
        for (mine, theirs) in fast.findings.iter().zip(&reference.findings) {
            assert_eq!(mine.name, theirs.name);
            assert_eq!(
                mine.path.as_ref().map(Vec::len),
                theirs.path.as_ref().map(Vec::len),
                "{setup:?}: {}",
                mine.name
            );
        }
        // The partial-order reduction (with and without symmetry): fewer or as many states,
        // and every verdict the same: each "always" property violated, or not, and each
        // "sometimes" property reached, or not, exactly as in the plain search.
        for symmetry in [false, true] {
            let mut reduced_setup = setup.symmetry(symmetry || setup.bounds.symmetry);
            reduced_setup.bounds.partial_order = true;
            let reduced_model = Compact::new(reduced_setup.model());
            let reduced = explore(&reduced_model, Options::default());
            let plain = if reduced_setup.bounds.symmetry == setup.bounds.symmetry {
                reference.clone()
            } else {
                explore(&reduced_setup.model(), Options::default())
            };
            assert_eq!(found(&reduced), found(&plain), "{reduced_setup:?}");
            assert_eq!(reduced.outcome, plain.outcome, "{reduced_setup:?}");
            if plain.outcome == Outcome::Complete {
                assert!(reduced.progress.distinct_states <= plain.progress.distinct_states);
            }
            if let Some(violation) = reduced.violation() {
                let path = reduced_model.actions(violation.path.as_ref().unwrap());
                setup.model().to_run(&path).unwrap().replay().unwrap();
                let last = replay(&setup.model(), &path).pop().unwrap();
                assert!(setup.model().chosen(&last).len() > 1, "{reduced_setup:?}");
            }
        }
        if let Some(violation) = fast.violation() {
            violations += 1;
            let path = compact.actions(violation.path.as_ref().unwrap());
            plain.to_run(&path).unwrap().replay().unwrap();
            let last = replay(&plain, &path).pop().unwrap();
            assert!(plain.chosen(&last).len() > 1, "{setup:?}");
        } else {
            complete += 1;
        }
    }
    // Safe settings and unsafe ones (flexible quorums of 1, the switches that break agreement
    // with two proposers and no crash) were both compared.
    assert!(violations > 0 && complete > 0, "{violations} {complete}");
}
