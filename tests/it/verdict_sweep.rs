//! The Break Paxos panel's verdict against the model checker, on every combination it allows
//! on small clusters: every set of switches and every pair of quorum sizes (a majority or 1 to
//! N each) on 1 to 4 acceptors, with 2 proposers of one round each. `paxos::verdict` says
//! whether two values can be chosen; the checker explores every run and must agree, both
//! ways: a violation exactly when the verdict says unsafe. That is every combination: 800 on 4
//! acceptors, whose largest searches (a proposer waits for one or two promises and a value
//! needs three or four acceptances) were too large for the suite until the partial-order
//! reduction (861,700 states for Q1 = 2, Q2 = 3 with no switch before it; the largest is now
//! 856,201).
//!
//! Forget-on-crash needs crashes. The sweep allows one crash when the switch is on with no
//! other switch that breaks agreement by itself (the verdict then says whether one is enough:
//! it is when a single acceptor can be in both a phase-1 and a phase-2 quorum); the largest of
//! those searches, at 4 acceptors, has 5.8 million states. `forget_on_crash_at_four_acceptors`
//! also covers two crashes, where two acceptors are in both quorums.
//!
//! The models have no learners (learners do not change what is chosen, and Accepted messages
//! would multiply the states by a hundred) and use the exact reductions, symmetry and partial
//! order, as paxos-check and the page do; on 1 to 3 acceptors every combination is also
//! searched without the partial-order reduction, and both searches must find the same. Models
//! that are the same by construction (the handlers read the quorums only through
//! `Rules::phase1_quorum` and `Rules::phase2_quorum`, so a quorum left to the default and the
//! same quorum set by hand, or any Q1 under minority-promises, make one model) are explored
//! once. The sweep is slow in a debug build; scripts/test.sh runs it with `--profile sweep`
//! (optimised, see Cargo.toml).

use paxos_playground::check::explore::{explore, Options};
use paxos_playground::check::playground::{Bounds, Compact, PlaygroundModel};
use paxos_playground::paxos::{verdict, Rules, Runs, SWITCHES};
use paxos_playground::sim::{Config, NodeSpec};
use std::collections::HashMap;

const ACCEPTORS: [&str; 4] = ["A", "B", "C", "D"];

/// Two proposers (P "Hello", Q "World") that only propose, `acceptors` that only accept, with
/// symmetry reduction and, if `partial_order`, the partial-order reduction.
fn model_of(acceptors: usize, rules: Rules, crashes: u8, partial_order: bool) -> PlaygroundModel {
    let nodes = [("P", true), ("Q", true)]
        .into_iter()
        .chain(ACCEPTORS[..acceptors].iter().map(|a| (*a, false)))
        .map(|(name, proposer)| NodeSpec::new(name, proposer, !proposer, false))
        .collect();
    let config = Config {
        nodes,
        delay_ticks_min: 1,
        delay_ticks_max: 1,
        faults: Default::default(),
        rules,
    };
    let values = [("P", "Hello"), ("Q", "World")].map(|(p, v)| (p.to_string(), v.to_string()));
    let bounds = Bounds {
        rounds: 1,
        loss: false,
        duplicate: false,
        crashes,
        symmetry: true,
        partial_order,
    };
    PlaygroundModel::new(&config, &values, bounds).unwrap()
}

/// What the checker finds: whether two values can be chosen, and (for a safe verdict) that
/// the search was complete and a value was chosen in some run.
fn checker_says_unsafe(acceptors: usize, rules: Rules, crashes: u8) -> bool {
    let model = Compact::new(model_of(acceptors, rules, crashes, true));
    // Breadth first: a violation is found at its depth (depth first wandered through a
    // million states of 4 acceptors before its first one).
    let report = explore(&model, Options::default());
    // The partial-order reduction is exact: on 1 to 3 acceptors, the plain search (every
    // interleaving) finds the same: a violation of the same properties, or none, and the
    // same "sometimes" properties reached.
    if acceptors <= 3 {
        let plain = explore(
            &Compact::new(model_of(acceptors, rules, crashes, false)),
            Options::default(),
        );
        let found = |r: &paxos_playground::check::explore::Report<_>| {
            r.findings
                .iter()
                .map(|f| (f.name, f.path.is_some()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            found(&report),
            found(&plain),
            "{acceptors} {rules:?} {crashes}"
        );
        assert!(report.progress.distinct_states <= plain.progress.distinct_states);
    }
    if std::env::var_os("SWEEP_TIMES").is_some() {
        eprintln!(
            "{acceptors} acceptors {rules:?} {crashes} crashes: {:?} {} states",
            report.outcome, report.progress.distinct_states
        );
    }
    match report.violation() {
        Some(finding) => {
            assert_eq!(finding.name, "agreement", "{rules:?}");
            true
        }
        None => {
            assert_eq!(
                report.outcome,
                paxos_playground::check::explore::Outcome::Complete
            );
            let chosen = report
                .findings
                .iter()
                .find(|f| f.name == "a value is chosen")
                .unwrap();
            assert!(
                chosen.path.is_some(),
                "sometimes: {rules:?} chooses a value"
            );
            false
        }
    }
}

/// Every rule set on `acceptors`: 32 sets of switches, each with every Q1 and Q2.
fn every_rule_set(acceptors: usize) -> Vec<Rules> {
    let quorums: Vec<Option<u8>> = std::iter::once(None)
        .chain((1..=acceptors as u8).map(Some))
        .collect();
    let mut all = Vec::new();
    for mask in 0..1u32 << SWITCHES.len() {
        for &q1 in &quorums {
            for &q2 in &quorums {
                let mut rules = Rules {
                    phase1_quorum: q1,
                    phase2_quorum: q2,
                    ..Rules::default()
                };
                for (i, switch) in SWITCHES.iter().enumerate() {
                    if mask & (1 << i) != 0 {
                        rules.enable(switch.name).unwrap();
                    }
                }
                all.push(rules);
            }
        }
    }
    all
}

/// The model `rules` make on `acceptors` with `crashes`, as the handlers see them: the
/// quorums through `Rules::phase1_quorum` and `phase2_quorum` (which is all minority-promises
/// changes), and forget-on-crash only when a crash can happen (a node forgets in its crash).
fn same_model(rules: &Rules, acceptors: usize, crashes: u8) -> (Rules, usize) {
    let model = Rules {
        minority_promises: false,
        forget_on_crash: rules.forget_on_crash && crashes > 0,
        phase1_quorum: Some(rules.phase1_quorum(acceptors) as u8),
        phase2_quorum: Some(rules.phase2_quorum(acceptors) as u8),
        ..*rules
    };
    (model, usize::from(crashes))
}

/// The crashes the sweep allows: one when forget-on-crash is on with no other switch that
/// breaks agreement without a crash (the quorums aside). With ignore-accepted,
/// non-unique numbers or accept-below-promise also on, a crash would teach the sweep nothing
/// about forget-on-crash and would multiply the states by ten.
fn crashes_for(rules: &Rules) -> u8 {
    let others =
        rules.ignore_accepted_values || rules.non_unique_numbers || rules.accept_below_promise;
    u8::from(rules.forget_on_crash && !others)
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "slow in a debug build: scripts/test.sh runs it with --profile sweep"
)]
fn the_panels_verdict_matches_the_checker_on_every_combination() {
    // Each distinct model once, on every core: the checker's answer per model.
    let mut models: Vec<(usize, Rules, u8)> = Vec::new();
    for acceptors in 1..=4 {
        for rules in every_rule_set(acceptors) {
            let crashes = crashes_for(&rules);
            let (model, _) = same_model(&rules, acceptors, crashes);
            if !models.contains(&(acceptors, model, crashes)) {
                models.push((acceptors, model, crashes));
            }
        }
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let answers: HashMap<(usize, Rules, u8), bool> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut answers = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(&(acceptors, rules, crashes)) = models.get(i) else {
                            return answers;
                        };
                        let found = checker_says_unsafe(acceptors, rules, crashes);
                        answers.push(((acceptors, rules, crashes), found));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });

    let (mut unsafe_count, mut safe_count) = (0, 0);
    for acceptors in 1..=4 {
        for rules in every_rule_set(acceptors) {
            let crashes = crashes_for(&rules);
            let runs = Runs {
                acceptors,
                proposers: 2,
                any_value: false,
                rounds: Some(1),
                crashes: Some(u32::from(crashes)),
            };
            let expected = verdict(&rules, &runs);
            let (model, _) = same_model(&rules, acceptors, crashes);
            let found = answers[&(acceptors, model, crashes)];
            assert_eq!(
                found,
                !expected.safe,
                "{acceptors} acceptors, {rules:?}, {crashes} crash(es): the checker {} but the \
                 verdict says {:?}",
                if found {
                    "finds two values chosen"
                } else {
                    "finds none"
                },
                expected.sentences()
            );
            if found {
                unsafe_count += 1;
            } else {
                safe_count += 1;
            }
        }
    }
    // Both verdicts occur, many times each: the sweep tells them apart.
    assert!(
        unsafe_count > 1000 && safe_count > 50,
        "{unsafe_count} {safe_count}"
    );
}

/// Forget-on-crash at 4 acceptors with up to two crashes (the sweep allows one): one crash
/// breaks agreement where one acceptor is in both quorums (Q1 = 3, Q2 = 2), and where two are
/// (Q1 = 4, Q2 = 2) one crash is not enough and two are.
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "slow in a debug build: scripts/test.sh runs it with --profile sweep"
)]
fn forget_on_crash_at_four_acceptors() {
    let mut forget = Rules::default();
    forget.enable("forget-on-crash").unwrap();
    let quorums = |q1, q2| Rules {
        phase1_quorum: Some(q1),
        phase2_quorum: Some(q2),
        ..forget
    };
    for (rules, crashes) in [(quorums(3, 2), 1u8), (quorums(4, 2), 1), (quorums(4, 2), 2)] {
        let runs = Runs {
            acceptors: 4,
            proposers: 2,
            any_value: false,
            rounds: Some(1),
            crashes: Some(u32::from(crashes)),
        };
        let expected = verdict(&rules, &runs);
        assert_eq!(
            checker_says_unsafe(4, rules, crashes),
            !expected.safe,
            "{rules:?} with {crashes} crashes: {:?}",
            expected.sentences()
        );
    }
    // Both sides occur: Q1 = 4, Q2 = 2 is safe with one crash and not with two.
    let safe_with = |crashes| {
        let runs = Runs {
            acceptors: 4,
            proposers: 2,
            any_value: false,
            rounds: Some(1),
            crashes: Some(crashes),
        };
        verdict(&quorums(4, 2), &runs).safe
    };
    assert!(safe_with(1) && !safe_with(2));
}
