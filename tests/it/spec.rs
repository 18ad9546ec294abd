//! Lamport-spec mode (src/check/spec.rs) checked against slow, independent implementations:
//! the plain twin of the spec (tests/it/common/spec_twin.rs) under the reference explorer
//! (tests/it/common/reference.rs), TLC's published figures for the spec's own small model, and
//! stateright (native only) on the same spec.
//!
//! Pinned counts below were computed by both the fast model under `explore` and the twin under
//! the reference explorer (the test recomputes both every run); the 3-acceptor, MaxBallot 1
//! figures are also TLC's, from the tlaplus/Examples manifest for `MCPaxosTiny.cfg`.

#[path = "../../benches/common/stateright_spec.rs"]
#[allow(dead_code)] // PackedSpec is the benchmark's
mod stateright_spec;

use crate::common::reference::{explore_reference, replay};
use crate::common::spec_twin::{Msg, TwinSpec, TwinState};
use paxos_playground::check::explore::{explore, Expectation, Options, Outcome, Strategy};
use paxos_playground::check::spec::{SpecConfig, SpecError, SpecMessage, SpecModel, SpecState};
use std::collections::{BTreeSet, HashSet};

fn config(acceptors: usize, values: usize, max_ballot: u8) -> SpecConfig {
    SpecConfig {
        acceptors,
        values,
        max_ballot,
    }
}

/// The twin's form of a fast state, through the fast model's decoder.
fn to_twin(model: &SpecModel, state: &SpecState) -> TwinState {
    let vars = model.decode(state);
    TwinState {
        max_bal: vars.max_bal,
        max_vbal: vars.max_vbal,
        max_val: vars.max_val,
        msgs: vars
            .msgs
            .iter()
            .map(|m| match *m {
                SpecMessage::OneA { bal } => Msg::OneA { bal },
                SpecMessage::OneB {
                    acc,
                    bal,
                    mbal,
                    mval,
                } => Msg::OneB {
                    acc,
                    bal,
                    mbal,
                    mval,
                },
                SpecMessage::TwoA { bal, val } => Msg::TwoA { bal, val },
                SpecMessage::TwoB { acc, bal, val } => Msg::TwoB { acc, bal, val },
            })
            .collect(),
    }
}

/// Every configuration small enough for debug builds: 1-3 acceptors, 1-2 values, MaxBallot
/// 0-2, except 3 acceptors with MaxBallot 2 (185,369 states: the twin takes too long in a
/// debug build; the benchmark and the stateright test below cover it).
fn small_configurations() -> Vec<SpecConfig> {
    let mut configs = Vec::new();
    for acceptors in 1..=3 {
        for values in 1..=2 {
            for max_ballot in 0..=2 {
                if acceptors == 3 && max_ballot == 2 {
                    continue;
                }
                configs.push(config(acceptors, values, max_ballot));
            }
        }
    }
    configs
}

#[test]
fn the_fast_model_and_the_plain_twin_agree_on_every_small_configuration() {
    for config in small_configurations() {
        let fast = SpecModel::new(config).unwrap();
        let twin = TwinSpec::new(
            config.acceptors as u8,
            config.values as u8,
            config.max_ballot,
        );
        let slow = explore_reference(&twin);
        assert!(!slow.violated(), "{config}: the real spec is safe");
        let example = slow.findings[1].path.as_ref().map(Vec::len);

        for strategy in [Strategy::Bfs, Strategy::Dfs] {
            let report = explore(
                &fast,
                Options {
                    strategy,
                    ..Options::default()
                },
            );
            let what = format!("{config}, {strategy:?}");
            assert_eq!(report.outcome, Outcome::Complete, "{what}");
            assert!(report.violation().is_none(), "{what}");
            assert_eq!(
                report.progress.distinct_states,
                slow.distinct_states(),
                "{what}"
            );
            assert_eq!(
                report.progress.generated_states, slow.generated_states,
                "{what}"
            );
            // Every step but a stuttering one adds a message, and the state is its messages,
            // so every path to a state has the same length: DFS finds the same depth here.
            assert_eq!(report.progress.depth, slow.depth, "{what}");
            let found = report.findings[1].path.as_ref().map(Vec::len);
            assert_eq!(
                found.is_some(),
                example.is_some(),
                "{what}: sometimes found"
            );
            if strategy == Strategy::Bfs {
                assert_eq!(found, example, "{what}: both examples are shortest");
            }
        }

        // State by state: the fast states, decoded, are exactly the twin's states.
        let fast_states = explore_reference(&fast).states;
        let decoded: HashSet<TwinState> = fast_states.iter().map(|s| to_twin(&fast, s)).collect();
        assert_eq!(
            decoded.len(),
            fast_states.len(),
            "{config}: decoding is one-to-one"
        );
        assert!(decoded == slow.states, "{config}: the same states");
    }
}

#[test]
fn pinned_counts() {
    // (acceptors, values, MaxBallot) -> (distinct, generated, depth), from both
    // implementations; (3, 2, 1) is also TLC's MCPaxosTiny (3921 distinct, 23563 total, 17).
    let pinned = [
        ((1, 1, 0), 5, 10, 5),
        ((2, 2, 1), 145, 611, 13),
        ((3, 1, 1), 1_681, 9_903, 17),
        ((3, 2, 1), 3_921, 23_563, 17),
    ];
    for ((acceptors, values, max_ballot), distinct, generated, depth) in pinned {
        let config = config(acceptors, values, max_ballot);
        let report = explore(&SpecModel::new(config).unwrap(), Options::default());
        let twin = explore_reference(&TwinSpec::new(acceptors as u8, values as u8, max_ballot));
        for (who, d, g, k) in [
            (
                "fast",
                report.progress.distinct_states,
                report.progress.generated_states,
                report.progress.depth,
            ),
            (
                "twin",
                twin.distinct_states(),
                twin.generated_states,
                twin.depth,
            ),
        ] {
            assert_eq!((d, g, k), (distinct, generated, depth), "{who}, {config}");
        }
    }
}

#[test]
fn pinned_counts_of_the_benchmark_size() {
    // 3 acceptors, 2 values, MaxBallot 2: too slow for the twin in a debug build; the same
    // figures come from stateright on the plain model (benches/spec_vs_stateright.rs checks
    // the distinct count on every run, and printed these).
    let report = explore(
        &SpecModel::new(config(3, 2, 2)).unwrap(),
        Options::default(),
    );
    let p = report.progress;
    assert_eq!(
        (p.distinct_states, p.generated_states, p.depth),
        (185_369, 1_361_380, 25)
    );
}

#[test]
fn a_value_is_sometimes_chosen_and_the_example_replays() {
    let model = SpecModel::new(config(3, 2, 1)).unwrap();
    let report = explore(&model, Options::default());
    let example = report.findings[1].path.clone().expect("a value is chosen");
    assert_eq!(report.findings[1].expectation, Expectation::Sometimes);
    let states = replay(&model, &example);
    assert_eq!(model.chosen_values(states.last().unwrap()).len(), 1);
    assert!(states[..states.len() - 1]
        .iter()
        .all(|s| model.chosen_values(s).is_empty()));
    // The shortest way: 1a, two 1b, 2a, two 2b.
    assert_eq!(example.len(), 6, "{example:?}");
    let shown: Vec<String> = example.iter().map(ToString::to_string).collect();
    assert!(shown[0].starts_with("Phase1a("), "{shown:?}");
    assert!(
        shown.iter().any(|a| a.contains("answering 1a(")),
        "{shown:?}"
    );
}

#[test]
fn the_broken_spec_chooses_two_values_and_the_counterexample_replays_in_the_twin() {
    // Phase2a ignoring the votes its quorum reported: the leader of a later ballot can ask
    // for another value than the one already chosen.
    let model = SpecModel::with_phase2a_ignoring_votes(config(3, 2, 1)).unwrap();
    let twin = TwinSpec::broken(3, 2, 1);
    let slow = explore_reference(&twin);
    assert!(slow.violated());
    let shortest = slow.findings[0].path.as_ref().unwrap().len();

    for strategy in [Strategy::Bfs, Strategy::Dfs] {
        let report = explore(
            &model,
            Options {
                strategy,
                ..Options::default()
            },
        );
        assert_eq!(report.outcome, Outcome::Violation, "{strategy:?}");
        let violation = report.violation().unwrap();
        assert_eq!(violation.name, "at most one value chosen");
        let path = violation.path.clone().unwrap();
        if strategy == Strategy::Bfs {
            assert_eq!(path.len(), shortest, "BFS finds a shortest counterexample");
        }
        // Replayed in the fast model, and every step checked against the twin: each decoded
        // state follows from the one before by one of the twin's actions.
        let states = replay(&model, &path);
        for pair in states.windows(2) {
            let (before, after) = (to_twin(&model, &pair[0]), to_twin(&model, &pair[1]));
            assert!(
                twin.enabled(&before)
                    .iter()
                    .any(|a| twin.apply(&before, a) == after),
                "{strategy:?}: a step of {path:?} is not a step of the twin"
            );
        }
        let last = to_twin(&model, states.last().unwrap());
        assert_eq!(twin.chosen(&last), BTreeSet::from([0, 1]), "{strategy:?}");
        assert_eq!(model.chosen_values(states.last().unwrap()), vec![0, 1]);
    }
}

#[test]
fn configurations_out_of_range_are_refused_with_what_is_allowed() {
    let refused = |c: SpecConfig| SpecModel::new(c).unwrap_err();
    assert_eq!(refused(config(0, 2, 1)), SpecError::Acceptors(0));
    assert!(refused(config(9, 2, 1)).to_string().contains("use 1 to 8"));
    assert_eq!(refused(config(3, 0, 1)), SpecError::Values(0));
    assert!(refused(config(3, 8, 1)).to_string().contains("use 1 to 7"));
    let too_large = refused(config(3, 2, 4)).to_string();
    assert!(too_large.contains("needs 75 bits"), "{too_large}");
    assert!(too_large.contains("MaxBallot 0 to 3"), "{too_large}");
    assert!(SpecModel::new(config(3, 2, 3)).is_ok());
    assert!(SpecModel::new(config(5, 2, 2)).is_ok());
}

#[test]
fn stateright_finds_the_same_states() {
    use stateright::{Checker, Model as _};
    for (acceptors, values, max_ballot) in [(2, 2, 1), (3, 2, 1), (3, 1, 2)] {
        let config = config(acceptors, values, max_ballot);
        let ours = explore(&SpecModel::new(config).unwrap(), Options::default());
        let spec = TwinSpec::new(acceptors as u8, values as u8, max_ballot);
        let plain = stateright_spec::PlainSpec { spec };
        for checker in [
            Box::new(plain.checker().spawn_bfs().join()) as Box<dyn Checker<_>>,
            Box::new(
                stateright_spec::PlainSpec {
                    spec: TwinSpec::new(acceptors as u8, values as u8, max_ballot),
                }
                .checker()
                .spawn_dfs()
                .join(),
            ),
        ] {
            assert_eq!(
                checker.unique_state_count(),
                ours.progress.distinct_states,
                "{config}"
            );
            assert_eq!(
                checker.state_count() as u64,
                ours.progress.generated_states,
                "{config}"
            );
            assert_eq!(checker.max_depth(), ours.progress.depth, "{config}");
            let discoveries = checker.discoveries();
            assert!(!discoveries.contains_key("at most one value chosen"));
            assert!(discoveries.contains_key("a value is chosen"));
        }
    }
}
