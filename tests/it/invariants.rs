//! The invariants panel's judge: each invariant holds on real runs, and each one turns red,
//! with the step that broke it, on facts deliberately broken by hand (the protocol itself
//! cannot break them until the checker's "break Paxos" switches exist).

use paxos_playground::check::{check_safety, invariants};
use paxos_playground::paxos::{NodeId, ProposalNumber};
use paxos_playground::sim::{Action, Names, SafetyFacts, Scenario, World};

fn names() -> Names {
    Names(vec!["P".into(), "Q".into(), "A".into()])
}

fn num(round: u32, proposer: u8) -> ProposalNumber {
    ProposalNumber::new(round, NodeId(proposer))
}

/// A healthy history: "Hello" proposed, chosen under 1.P at step 7, learned by P at step 9.
fn healthy() -> SafetyFacts {
    SafetyFacts {
        chosen: vec![(7, num(1, 0), "Hello".into())],
        proposed: ["Hello".to_string(), "World".to_string()].into(),
        learned: vec![(9, NodeId(0), "Hello".into())],
        promise_drops: vec![],
        accepts_below_promise: vec![],
    }
}

fn broken(facts: &SafetyFacts) -> Vec<(&'static str, u64, String)> {
    invariants(facts, &names())
        .into_iter()
        .filter_map(|i| Some((i.property, i.broken_at?, i.detail?)))
        .collect()
}

#[test]
fn a_healthy_history_breaks_nothing() {
    let statuses = invariants(&healthy(), &names());
    assert_eq!(statuses.len(), 5);
    assert!(statuses
        .iter()
        .all(|i| i.broken_at.is_none() && i.detail.is_none()));
    assert_eq!(broken(&healthy()), vec![]);
}

#[test]
fn two_different_values_chosen_break_agreement_at_the_second() {
    let mut facts = healthy();
    facts.chosen.push((12, num(2, 1), "Hello".into())); // same value again: fine
    facts.chosen.push((15, num(3, 1), "World".into()));
    assert_eq!(
        broken(&facts),
        vec![(
            "agreement",
            15,
            "\"Hello\" was chosen under 1.P and \"World\" under 3.Q".into()
        )]
    );
}

#[test]
fn a_value_nobody_proposed_breaks_validity() {
    let mut facts = healthy();
    facts.chosen = vec![(4, num(1, 0), "Ghost".into())];
    facts.learned.clear();
    assert_eq!(
        broken(&facts),
        vec![(
            "validity",
            4,
            "\"Ghost\" was chosen but never proposed".into()
        )]
    );
}

#[test]
fn learning_another_value_breaks_learner_agreement() {
    let mut facts = healthy();
    facts.learned.push((11, NodeId(1), "World".into()));
    assert_eq!(
        broken(&facts),
        vec![(
            "learner agreement",
            11,
            "Q learned \"World\", which is not the chosen value".into()
        )]
    );
    // Learning before anything is chosen is just as wrong.
    let mut early = healthy();
    early.chosen.clear();
    assert_eq!(broken(&early)[0].0, "learner agreement");
}

#[test]
fn a_promise_that_goes_down_and_an_acceptance_below_a_promise_are_caught() {
    let mut facts = healthy();
    facts.promise_drops.push((5, NodeId(2), num(2, 1), None));
    facts
        .accepts_below_promise
        .push((6, NodeId(2), num(1, 0), num(2, 1)));
    assert_eq!(
        broken(&facts),
        vec![
            (
                "promise monotonic",
                5,
                "A's promise went from 2.Q down to 0".into()
            ),
            (
                "promise kept",
                6,
                "A accepted 1.P although it had promised 2.Q".into()
            ),
        ]
    );
}

#[test]
fn real_runs_record_the_facts_and_break_nothing() {
    // Sometimes: the facts are not empty (a value was chosen and learned), so "always
    // holds" is not vacuous.
    let mut chose = 0;
    for seed in 0..40 {
        let mut world = World::from_scenario(&Scenario::two_proposers(), seed).expect("valid");
        world
            .apply(&Action::Crash { node: "A".into() })
            .expect("crash");
        world
            .apply(&Action::Restart { node: "A".into() })
            .expect("restart");
        while world.step().expect("steps") {
            check_safety(&world).expect("safe");
        }
        let facts = world.facts();
        assert!(facts.promise_drops.is_empty() && facts.accepts_below_promise.is_empty());
        if !facts.chosen.is_empty() && !facts.learned.is_empty() {
            chose += 1;
        }
    }
    assert!(
        chose >= 30,
        "only {chose} of 40 runs chose and learned a value"
    );
}
