//! Lamport-spec mode (src/check/spec.rs) checked against slow, independent implementations:
//! the plain twin of the spec (tests/it/common/spec_twin.rs) under the reference explorer
//! (tests/it/common/reference.rs), TLC's published figures for the spec's own small model, and
//! stateright (native only) on the same spec.
//!
//! Pinned counts below were computed by both the fast model under `explore` and the twin under
//! the reference explorer (the test recomputes both every run); the 3-acceptor, MaxBallot 1
//! figures are also TLC's, from the tlaplus/Examples manifest for `MCPaxosTiny.cfg`.
//!
//! The properties TLC checks on MCPaxos (`TypeOK`, `Inv`, and the refinement of Voting) hold on
//! every configuration here, the fast model's evaluation agrees with the twin's literal one on
//! every reachable state and step and on random encoded ones, each rejects hand-made bad states
//! and steps (so none is vacuous), and the phase2a-any-value bug breaks `Inv`, the refinement
//! and agreement, but not `TypeOK`, with shortest counterexamples whose every step replays.

#[path = "../../benches/common/stateright_spec.rs"]
#[allow(dead_code)] // PackedSpec is the benchmark's
mod stateright_spec;

use crate::common::reference::{explore_reference, replay};
use crate::common::spec_twin::{Msg, TwinSpec, TwinState};
use paxos_playground::check::explore::{
    explore, Expectation, Model, Options, Outcome, Report, Strategy,
};
use paxos_playground::check::spec::{
    SpecAction, SpecConfig, SpecError, SpecMessage, SpecModel, SpecState, AGREEMENT, CHOSEN, INV,
    REFINEMENT, TYPE_OK,
};
use std::collections::HashSet;

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
        assert!(
            !slow.violated(),
            "{config}: TypeOK, Inv, refinement and agreement hold"
        );
        let chosen = slow.findings.iter().position(|f| f.name == CHOSEN).unwrap();
        let example = slow.findings[chosen].path.as_ref().map(Vec::len);

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
            assert_eq!(report.checked(), expected_checks(config), "{what}");
            let names: Vec<&str> = slow.findings.iter().map(|f| f.name).collect();
            assert_eq!(report.checked(), names, "{what}: the twin checks the same");
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
            let found = report.finding(CHOSEN).unwrap().path.as_ref().map(Vec::len);
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

/// What the fast model checks in `config`: every property, but agreement with one value.
fn expected_checks(config: SpecConfig) -> Vec<&'static str> {
    let mut checks = vec![TYPE_OK, INV, AGREEMENT, CHOSEN, REFINEMENT];
    if config.values == 1 {
        checks.retain(|&c| c != AGREEMENT);
    }
    checks
}

#[test]
fn agreement_is_not_applicable_with_one_value_and_says_why() {
    let report = explore(
        &SpecModel::new(config(3, 1, 1)).unwrap(),
        Options::default(),
    );
    assert_eq!(report.checked(), [TYPE_OK, INV, CHOSEN, REFINEMENT]);
    assert_eq!(report.not_applicable.len(), 1);
    assert_eq!(report.not_applicable[0].property, AGREEMENT);
    assert!(report.not_applicable[0].why.contains("one value"));
    let two = explore(
        &SpecModel::new(config(2, 2, 0)).unwrap(),
        Options::default(),
    );
    assert!(two.not_applicable.is_empty());
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
    // TypeOK, Inv, the refinement of Voting and agreement hold there too.
    assert_eq!(report.outcome, Outcome::Complete);
    assert!(report.violation().is_none());
    assert_eq!(report.checked(), expected_checks(config(3, 2, 2)));
    assert!(report.finding(CHOSEN).unwrap().path.is_some());
}

#[test]
fn a_value_is_sometimes_chosen_and_the_example_replays() {
    let model = SpecModel::new(config(3, 2, 1)).unwrap();
    let report = explore(&model, Options::default());
    let finding = report.finding(CHOSEN).unwrap();
    let example = finding.path.clone().expect("a value is chosen");
    assert_eq!(finding.expectation, Expectation::Sometimes);
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

/// Checks every counterexample of `report` (of `model`, the broken spec) against the twin:
/// each replays in the fast model, each step is a step of the twin, the last state (or step)
/// breaks its property in both models, and with BFS it is as short as the reference
/// explorer's, and no state (or step) before it breaks the property.
fn check_counterexamples(
    model: &SpecModel,
    twin: &TwinSpec,
    report: &Report<SpecAction>,
    shortest: &crate::common::reference::ReferenceReport<TwinSpec>,
    strategy: Strategy,
) {
    for violation in report.violations() {
        let what = format!("{}, {strategy:?}, {}", model.config(), violation.name);
        let path = violation.path.clone().unwrap();
        let states = replay(model, &path);
        let plain: Vec<TwinState> = states.iter().map(|s| to_twin(model, s)).collect();
        for pair in plain.windows(2) {
            assert!(
                twin.enabled(&pair[0])
                    .iter()
                    .any(|a| twin.apply(&pair[0], a) == pair[1]),
                "{what}: a step of {path:?} is not a step of the twin"
            );
        }
        // Whether the property holds at state i (or, of steps, on the step into state i).
        let holds = |i: usize| -> (bool, bool) {
            let (s, p) = (&states[i], &plain[i]);
            match violation.name {
                INV => (model.inv(s), twin.inv(p)),
                AGREEMENT => (model.chosen_count(s) <= 1, twin.chosen(p).len() <= 1),
                REFINEMENT => (
                    model.refines_voting(&states[i - 1], s),
                    twin.refines_voting(&plain[i - 1], p),
                ),
                other => panic!("{what}: {other} was not expected to fail"),
            }
        };
        let last = states.len() - 1;
        assert_eq!(holds(last), (false, false), "{what}: broken at the end");
        if strategy == Strategy::Bfs {
            let theirs = shortest.findings.iter().find(|f| f.name == violation.name);
            let theirs = theirs.and_then(|f| f.path.as_ref()).map(Vec::len);
            assert_eq!(Some(path.len()), theirs, "{what}: BFS finds a shortest one");
            let first = if violation.name == REFINEMENT { 1 } else { 0 };
            for i in first..last {
                assert_eq!(holds(i), (true, true), "{what}: already broken at {i}");
            }
        }
    }
}

#[test]
fn the_phase2a_bug_breaks_inv_the_refinement_and_agreement_but_not_type_ok() {
    // Phase2a ignoring the votes its quorum reported: the leader of a later ballot can ask
    // for another value than one already voted for, or chosen.
    for (acceptors, values, max_ballot) in [(2, 2, 1), (3, 2, 1), (2, 2, 2)] {
        let config = config(acceptors, values, max_ballot);
        let model = SpecModel::with_phase2a_ignoring_votes(config).unwrap();
        assert!(model.ignores_votes());
        let twin = TwinSpec::broken(acceptors as u8, values as u8, max_ballot);
        let slow = explore_reference(&twin);
        // The encoding holds the broken spec exactly too: the same states, state by state.
        let fast_states = explore_reference(&model).states;
        let decoded: HashSet<TwinState> = fast_states.iter().map(|s| to_twin(&model, s)).collect();
        assert!(
            decoded == slow.states,
            "{config}: the same states as the broken twin"
        );

        for strategy in [Strategy::Bfs, Strategy::Dfs] {
            let report = explore(
                &model,
                Options {
                    strategy,
                    find_every_violation: true,
                    ..Options::default()
                },
            );
            let what = format!("{config}, {strategy:?}");
            // TypeOK never fails, so the search goes to the end.
            assert_eq!(report.outcome, Outcome::Complete, "{what}");
            assert_eq!(report.progress.distinct_states, slow.distinct_states());
            assert!(report.finding(TYPE_OK).unwrap().path.is_none(), "{what}");
            let violated: Vec<&str> = report.violations().map(|f| f.name).collect();
            assert_eq!(violated, [INV, AGREEMENT, REFINEMENT], "{what}");
            let reference: Vec<&str> = slow
                .findings
                .iter()
                .filter(|f| f.expectation == Expectation::Always && f.path.is_some())
                .map(|f| f.name)
                .collect();
            assert_eq!(violated, reference, "{what}: the twin breaks the same");
            check_counterexamples(&model, &twin, &report, &slow, strategy);
            let agreement = report.finding(AGREEMENT).unwrap().path.as_ref().unwrap();
            let last = replay(&model, agreement).pop().unwrap();
            assert_eq!(model.chosen_values(&last), vec![0, 1], "{what}");
        }
        // Stopping at the first violation: Inv, at the 2a that no quorum shows safe.
        let first = explore(&model, Options::default());
        assert_eq!(first.outcome, Outcome::Violation);
        assert_eq!(
            first.violations().map(|f| f.name).collect::<Vec<_>>(),
            [INV]
        );
    }
    // With one value the bug cannot ask for another: nothing breaks.
    let one = SpecModel::with_phase2a_ignoring_votes(config(3, 1, 1)).unwrap();
    let report = explore(
        &one,
        Options {
            find_every_violation: true,
            ..Options::default()
        },
    );
    assert!(report.violation().is_none());
}

/// A hand-made state of 3 acceptors, 2 values and MaxBallot 1, from its messages.
fn state(model: &SpecModel, msgs: &[SpecMessage]) -> SpecState {
    model
        .encode(msgs)
        .unwrap_or_else(|e| panic!("{e}: {msgs:?}"))
}

fn one_a(bal: u8) -> SpecMessage {
    SpecMessage::OneA { bal }
}
fn one_b(acc: u8, bal: u8, mbal: i8, mval: Option<u8>) -> SpecMessage {
    SpecMessage::OneB {
        acc,
        bal,
        mbal,
        mval,
    }
}
fn two_a(bal: u8, val: u8) -> SpecMessage {
    SpecMessage::TwoA { bal, val }
}
fn two_b(acc: u8, bal: u8, val: u8) -> SpecMessage {
    SpecMessage::TwoB { acc, bal, val }
}

/// Ballot 0 under way: a1 and a2 promised it, its 2a asks for v1.
fn ballot_0_asked() -> Vec<SpecMessage> {
    vec![
        one_a(0),
        one_b(0, 0, -1, None),
        one_b(1, 0, -1, None),
        two_a(0, 0),
    ]
}

/// v1 chosen in ballot 0 by a1 and a2.
fn v1_chosen() -> Vec<SpecMessage> {
    let mut msgs = ballot_0_asked();
    msgs.extend([two_b(0, 0, 0), two_b(1, 0, 0)]);
    msgs
}

/// After v1 was chosen: a2 and a3 promised ballot 1 (a2 reporting its vote for v1), and the
/// leader of ballot 1 asked for v2 all the same: what the phase2a bug does.
fn v2_asked_after_v1_chosen() -> Vec<SpecMessage> {
    let mut msgs = v1_chosen();
    msgs.extend([
        one_a(1),
        one_b(1, 1, 0, Some(0)),
        one_b(2, 1, -1, None),
        two_a(1, 1),
    ]);
    msgs
}

fn with(mut msgs: Vec<SpecMessage>, more: &[SpecMessage]) -> Vec<SpecMessage> {
    msgs.extend_from_slice(more);
    msgs
}

#[test]
fn type_ok_and_inv_reject_hand_made_bad_states() {
    let model = SpecModel::new(config(3, 2, 1)).unwrap();
    let twin = TwinSpec::new(3, 2, 1);
    let good = [
        ballot_0_asked(),
        v1_chosen(),
        with(v1_chosen(), &[one_a(1), one_b(1, 1, 0, Some(0))]),
    ];
    for msgs in &good {
        let s = state(&model, msgs);
        assert!(model.type_ok(&s) && model.inv(&s), "{msgs:?}");
        assert!(twin.inv(&to_twin(&model, &s)), "{msgs:?}");
    }

    // TypeOK, in the encoding: a bit that is no message, a 2a value outside Value, a 2b
    // without the 2a its value is read from.
    let bits = config(3, 2, 1).state_bits();
    let beyond = SpecState::from_bits(1 << bits);
    let bad_value = state(&model, &[two_a(0, 2)]);
    let vote = state(&model, &[two_a(0, 0), two_b(0, 0, 0)]).bits();
    let without_2a = SpecState::from_bits(vote & !state(&model, &[two_a(0, 0)]).bits());
    for bad in [beyond, bad_value, without_2a] {
        assert!(!model.type_ok(&bad), "{bad:?}");
        assert!(!model.inv(&bad), "Inv includes TypeOK: {bad:?}");
    }
    assert_eq!(twin.inv_failures(&to_twin(&model, &bad_value)), ["TypeOK"]);

    // Inv's conjuncts that an encoded state can break, in both models.
    for (msgs, conjunct) in [
        (
            // a3 reports a vote in ballot 0 that it never cast
            with(ballot_0_asked(), &[one_a(1), one_b(2, 1, 0, Some(0))]),
            "1b: its vote was cast",
        ),
        (v2_asked_after_v1_chosen(), "2a: ShowsSafeAt"),
    ] {
        let s = state(&model, &msgs);
        assert!(model.type_ok(&s), "{msgs:?}");
        assert!(!model.inv(&s), "{conjunct}: {msgs:?}");
        assert_eq!(twin.inv_failures(&to_twin(&model, &s)), [conjunct]);
    }

    // The conjuncts that hold in every encoded state by construction: the twin's plain
    // variables can break each, and its Inv says which.
    let base = to_twin(&model, &state(&model, &v1_chosen()));
    assert!(twin.inv(&base));
    let mut bad_type = base.clone();
    bad_type.max_bal[2] = 5; // MaxBallot is 1
    assert!(!twin.type_ok(&bad_type));
    type Mutation = (&'static str, fn(&mut TwinState));
    let mutations: [Mutation; 8] = [
        ("maxBal >= maxVBal", |s| {
            // Ballot 1 asks for v1 again, a3 votes for it, but its maxBal stays 0.
            let promise = |acc| Msg::OneB {
                acc,
                bal: 1,
                mbal: 0,
                mval: Some(0),
            };
            s.msgs
                .extend([Msg::OneA { bal: 1 }, promise(0), promise(1)]);
            s.msgs.insert(Msg::TwoA { bal: 1, val: 0 });
            s.msgs.insert(Msg::TwoB {
                acc: 2,
                bal: 1,
                val: 0,
            });
            (s.max_bal[0], s.max_bal[1]) = (1, 1);
            (s.max_bal[2], s.max_vbal[2], s.max_val[2]) = (0, 1, Some(0));
        }),
        ("<<maxVBal, maxVal>> is a vote", |s| s.max_val[0] = Some(1)),
        ("1b: maxBal >= bal", |s| {
            s.msgs.insert(Msg::OneB {
                acc: 2,
                bal: 1,
                mbal: -1,
                mval: None,
            });
        }),
        ("1b: its vote was cast", |s| {
            s.max_bal[2] = 1;
            s.msgs.insert(Msg::OneB {
                acc: 2,
                bal: 1,
                mbal: 0,
                mval: Some(0),
            });
        }),
        ("2a: ShowsSafeAt", |s| {
            s.msgs.insert(Msg::TwoA { bal: 1, val: 1 });
        }),
        ("2a: one value per ballot", |s| {
            s.msgs.insert(Msg::TwoA { bal: 0, val: 1 });
        }),
        ("2b: maxVBal >= bal", |s| {
            s.msgs.insert(Msg::TwoB {
                acc: 2,
                bal: 0,
                val: 0,
            });
        }),
        ("2b: its 2a was sent", |s| {
            s.max_bal[2] = 1;
            s.max_vbal[2] = 1;
            s.max_val[2] = Some(1);
            s.msgs.insert(Msg::TwoB {
                acc: 2,
                bal: 1,
                val: 1,
            });
        }),
    ];
    for (conjunct, mutate) in mutations {
        let mut bad = base.clone();
        mutate(&mut bad);
        assert!(twin.type_ok(&bad), "{conjunct}");
        assert_eq!(twin.inv_failures(&bad), [conjunct]);
    }
}

#[test]
fn the_refinement_rejects_hand_made_bad_steps() {
    let model = SpecModel::new(config(3, 2, 1)).unwrap();
    let twin = TwinSpec::new(3, 2, 1);
    let both = |from: &[SpecMessage], to: &[SpecMessage]| {
        let (s, t) = (state(&model, from), state(&model, to));
        let fast = model.refines_voting(&s, &t);
        let plain = twin.refines_voting(&to_twin(&model, &s), &to_twin(&model, &t));
        assert_eq!(fast, plain, "{from:?} -> {to:?}");
        fast
    };
    let asked = ballot_0_asked();
    // Voting steps: a stutter of <<votes, maxBal>> (a 1a), IncreaseMaxBal (a 1b), VoteFor (a
    // 2b for a value shown safe).
    assert!(both(&asked, &with(asked.clone(), &[one_a(1)])));
    assert!(both(&asked, &with(asked.clone(), &[one_b(2, 0, -1, None)])));
    assert!(both(&asked, &with(asked.clone(), &[two_b(0, 0, 0)])));
    // Not Voting steps: two acceptors vote at once; two acceptors raise maxBal at once; a
    // maxBal goes down; a vote for a value no quorum shows safe (the bug's); a vote in a
    // ballot below the voter's maxBal.
    assert!(!both(
        &asked,
        &with(asked.clone(), &[two_b(0, 0, 0), two_b(1, 0, 0)])
    ));
    assert!(!both(
        &[one_a(0)],
        &[one_a(0), one_b(0, 0, -1, None), one_b(1, 0, -1, None)]
    ));
    assert!(!both(
        &asked,
        &[one_a(0), one_b(1, 0, -1, None), two_a(0, 0)]
    ));
    let unsafe_2a = v2_asked_after_v1_chosen();
    assert!(!both(
        &unsafe_2a,
        &with(unsafe_2a.clone(), &[two_b(2, 1, 1)])
    ));
    let promised_1 = with(asked.clone(), &[one_a(1), one_b(2, 1, -1, None)]);
    assert!(!both(
        &promised_1,
        &with(promised_1.clone(), &[two_b(2, 0, 0)])
    ));

    // Guards the encoding cannot break (one value per ballot), on the twin's variables: a
    // second vote by one acceptor in one ballot, and a vote against another's in its ballot.
    let voted = to_twin(
        &model,
        &state(&model, &with(asked.clone(), &[two_b(0, 0, 0)])),
    );
    let vote = |s: &TwinState, acc: u8, val: u8| {
        let mut t = s.clone();
        t.max_bal[usize::from(acc)] = 0;
        t.msgs.insert(Msg::TwoB { acc, bal: 0, val });
        t
    };
    assert!(twin.refines_voting(&voted, &vote(&voted, 1, 0)));
    assert!(!twin.refines_voting(&voted, &vote(&voted, 1, 1)));
    assert!(!twin.refines_voting(&voted, &vote(&voted, 0, 1)));
}

/// A small, fast, seeded generator (SplitMix64): the same numbers on every run.
fn split_mix(seed: &mut u64) -> u64 {
    *seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *seed;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[test]
fn inv_and_refinement_agree_with_the_twin_on_random_encoded_states_and_steps() {
    // Reachable states are compared below (every state and step of every small
    // configuration); these are mostly unreachable, so both models' every conjunct is tried.
    for config in [
        config(2, 2, 1),
        config(3, 2, 1),
        config(3, 1, 2),
        config(2, 3, 2),
    ] {
        let model = SpecModel::new(config).unwrap();
        let twin = TwinSpec::new(
            config.acceptors as u8,
            config.values as u8,
            config.max_ballot,
        );
        let bits = config.state_bits() as u32;
        let mut seed = bits.into();
        let (mut states, mut invariant, mut steps, mut refining) = (0, 0, 0, 0);
        for i in 0..40_000 {
            // From dense to sparse: the AND of one to four random words.
            let mut s = u64::MAX >> (64 - bits);
            for _ in 0..=i % 4 {
                s &= split_mix(&mut seed);
            }
            let s = SpecState::from_bits(s);
            if !model.type_ok(&s) {
                continue;
            }
            let plain = to_twin(&model, &s);
            assert!(twin.type_ok(&plain), "{s:?}");
            let inv = model.inv(&s);
            assert_eq!(inv, twin.inv(&plain), "{config}: Inv of {plain:?}");
            states += 1;
            invariant += usize::from(inv);
            // A step: one or two messages added or taken away.
            let mut flip = 1 << (split_mix(&mut seed) % u64::from(bits));
            if i % 2 == 0 {
                flip |= 1 << (split_mix(&mut seed) % u64::from(bits));
            }
            let t = SpecState::from_bits(s.bits() ^ flip);
            if model.type_ok(&t) {
                let fast = model.refines_voting(&s, &t);
                let slow = twin.refines_voting(&plain, &to_twin(&model, &t));
                assert_eq!(fast, slow, "{config}: {plain:?} -> {t:?}");
                steps += 1;
                refining += usize::from(fast);
            }
        }
        let what = format!("{config}: {invariant} of {states} states, {refining} of {steps} steps");
        assert!(
            states > 2_000 && invariant > 100 && invariant < states,
            "{what}"
        );
        assert!(
            steps > 1_000 && refining > 100 && refining < steps,
            "{what}"
        );
    }
}

#[test]
fn inv_and_refinement_agree_with_the_twin_on_every_reachable_state_and_step() {
    for config in small_configurations() {
        for broken in [false, true] {
            let (acceptors, values) = (config.acceptors as u8, config.values as u8);
            let (model, twin) = match broken {
                false => (
                    SpecModel::new(config).unwrap(),
                    TwinSpec::new(acceptors, values, config.max_ballot),
                ),
                true => (
                    SpecModel::with_phase2a_ignoring_votes(config).unwrap(),
                    TwinSpec::broken(acceptors, values, config.max_ballot),
                ),
            };
            let (mut bad_states, mut bad_steps) = (0, 0);
            for s in explore_reference(&model).states {
                let plain = to_twin(&model, &s);
                assert!(model.type_ok(&s) && twin.type_ok(&plain), "{config}");
                assert_eq!(model.inv(&s), twin.inv(&plain), "{config}: {plain:?}");
                bad_states += usize::from(!model.inv(&s));
                model.next_states(&s, &mut |_, t| {
                    let slow = twin.refines_voting(&plain, &to_twin(&model, &t));
                    assert_eq!(model.refines_voting(&s, &t), slow, "{config}");
                    bad_steps += usize::from(!slow);
                });
            }
            let what = format!("{config}, broken {broken}: {bad_states} {bad_steps}");
            if !broken {
                assert_eq!((bad_states, bad_steps), (0, 0), "{what}");
            }
            if broken && values >= 2 && config.max_ballot >= 1 {
                assert!(bad_states > 0 && bad_steps > 0, "{what}");
            }
        }
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
