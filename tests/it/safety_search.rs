//! The safety search of the benchmark (`check::schedules`), small: the same random fault
//! schedules (5 acceptors, 3 proposers, loss, duplication, crashes, partitions, holds) under
//! correct Paxos and under each unsafe "Break Paxos" setting, from fixed seeds.
//!
//! "Always": correct Paxos (and intersecting flexible quorums) break no invariant in any of the
//! schedules. "Sometimes": in those same schedules values do get chosen, proposers compete and
//! acceptors crash, so the "always" is not vacuous; and every unsafe setting breaks an
//! invariant within a couple of hundred of them, so the search is not blind. The benchmark runs the
//! same search a million times (`cargo run --release --bin bench`).

use paxos_playground::check::schedules::{run_schedule, search_until_failure, Mix, Search, Tally};
use paxos_playground::paxos::Rules;

/// The base seed of the schedules here (the benchmark's default).
const SEED: u64 = 2_024;
/// Schedules run under correct Paxos: every unsafe setting below breaks within these.
const SCHEDULES: u64 = 200;

fn search(rules: Rules) -> Search {
    Search {
        seed: SEED,
        rules,
        mix: Mix::DEFAULT,
        agreement_only: false,
    }
}

fn switch(name: &str) -> Rules {
    let mut rules = Rules::default();
    rules.enable(name).unwrap();
    rules
}

fn quorums(q1: u8, q2: u8) -> Rules {
    Rules {
        phase1_quorum: Some(q1),
        phase2_quorum: Some(q2),
        ..Rules::default()
    }
}

#[test]
fn correct_paxos_breaks_nothing_and_still_chooses() {
    let tally = search_until_failure(&search(Rules::default()), SCHEDULES);
    assert_eq!(tally.failures, vec![], "correct Paxos broke an invariant");
    assert_eq!(tally.schedules, SCHEDULES);
    // Sometimes: the schedules did what the unsafe settings need, and values were chosen.
    assert!(tally.competing_values >= SCHEDULES / 2, "{tally:?}");
    assert!(tally.acceptor_crashed >= SCHEDULES / 2, "{tally:?}");
    assert!(tally.chosen_during >= 1, "{tally:?}");
    assert!(tally.chosen_after >= tally.proposed * 2 / 3, "{tally:?}");
    assert!(
        tally.refused >= 1 && tally.recovery_steps >= SCHEDULES,
        "{tally:?}"
    );
}

/// Each unsafe setting, the invariant its first violation breaks, and where (the schedule's
/// index) it is found from `SEED`: pinned, so a change in the simulator's randomness shows.
#[test]
fn every_unsafe_setting_breaks_an_invariant_in_the_same_schedules() {
    let cases: [(&str, Rules, &str, u64); 7] = [
        (
            "ignore-accepted",
            switch("ignore-accepted"),
            "agreement",
            14,
        ),
        (
            "non-unique-numbers",
            switch("non-unique-numbers"),
            "agreement",
            104,
        ),
        (
            "forget-on-crash",
            switch("forget-on-crash"),
            "promise monotonic",
            1,
        ),
        (
            "minority-promises",
            switch("minority-promises"),
            "agreement",
            26,
        ),
        (
            "accept-below-promise",
            switch("accept-below-promise"),
            "promise kept",
            8,
        ),
        ("flexible Q1=2 Q2=2", quorums(2, 2), "agreement", 26),
        // The boundary: Q1 + Q2 = N, one acceptor short of intersecting.
        ("flexible Q1=3 Q2=2", quorums(3, 2), "agreement", 187),
    ];
    for (name, rules, property, index) in cases {
        assert!(index < SCHEDULES, "{name}: keep it within the correct run");
        let tally = search_until_failure(&search(rules), SCHEDULES);
        let failure = tally
            .failures
            .first()
            .unwrap_or_else(|| panic!("{name}: no violation in {SCHEDULES} schedules"));
        assert_eq!(failure.property, Some(property), "{name}: {failure:?}");
        assert_eq!(failure.index, index, "{name}: {failure:?}");
        assert_eq!(tally.schedules, index + 1, "{name}: it stops at the first");
    }
}

/// The two switches that an acceptor's own rule catches at their first misstep also end in
/// two values chosen, when only agreement, validity and learner agreement are judged.
#[test]
fn locally_caught_switches_also_choose_two_values() {
    for (name, index) in [("accept-below-promise", 35), ("forget-on-crash", 463)] {
        let search = Search {
            agreement_only: true,
            ..search(switch(name))
        };
        let tally = search_until_failure(&search, index + 1);
        let failure = tally
            .failures
            .first()
            .unwrap_or_else(|| panic!("{name}: no agreement violation"));
        assert_eq!(
            (failure.index, failure.property),
            (index, Some("agreement")),
            "{name}: {failure:?}"
        );
    }
    // And correct Paxos, judged the same way, in the same schedules: nothing.
    let search = Search {
        agreement_only: true,
        ..search(Rules::default())
    };
    assert_eq!(search_until_failure(&search, 464).failures, vec![]);
}

#[test]
fn a_schedule_replays_the_same_and_traces_every_action() {
    let rules = switch("minority-promises");
    let mut lines = Vec::new();
    let mut trace = |line: &str| lines.push(line.to_string());
    let traced = run_schedule(&search(rules), 26, Some(&mut trace));
    let quiet: Tally = run_schedule(&search(rules), 26, None);
    assert_eq!(traced, quiet);
    assert_eq!(traced.failures.len(), 1);
    assert!(
        lines[0].starts_with("schedule 26 (base seed 2024)"),
        "{lines:?}"
    );
    assert!(lines.iter().any(|l| l.contains("Propose")), "{lines:?}");
    // The same index under correct Paxos runs the same actions (the rules do not draw).
    let mut correct_lines = Vec::new();
    let mut trace = |line: &str| correct_lines.push(line.to_string());
    run_schedule(&search(Rules::default()), 26, Some(&mut trace));
    assert_eq!(correct_lines[1], lines[1]);
}

#[test]
fn intersecting_flexible_quorums_stay_safe_in_the_same_schedules() {
    let tally = search_until_failure(&search(quorums(4, 2)), SCHEDULES);
    assert_eq!(tally.failures, vec![]);
    assert!(tally.chosen_after >= 1, "{tally:?}");
}
