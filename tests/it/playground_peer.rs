//! Playground mode (src/check/playground.rs) against stateright (native only): the page's own
//! handlers as stateright actors (benches/common/stateright_playground.rs) find exactly the
//! states our explorer finds, with the same verdict, on small clusters of every kind, and both
//! find the violation a Break Paxos switch makes. Equal counts are the evidence that both
//! explore the same transition system: a difference in the network, the rounds bound, the
//! handling of a delivery that changes nothing, or the record of acceptances would show up as
//! a different number of states.

#[path = "../../benches/common/stateright_playground.rs"]
#[allow(dead_code)] // the benchmark's table uses what the test does not
mod stateright_playground;

use paxos_playground::check::explore::Strategy;
use stateright::{Checker, Model as _};
use stateright_playground::{ours, peer_model, stateright, Setup, Tally};

/// Runs `setup` on both sides with `strategy` and asserts they agree: the verdict, and on a
/// complete search the distinct and generated counts (and, breadth first, the depth).
/// Returns our tally.
fn agree(setup: &Setup, strategy: Strategy) -> Tally {
    let mine = ours(setup, strategy);
    let theirs = stateright(setup, strategy, false);
    let what = format!("{} {strategy:?}", setup.name());
    assert_eq!(mine.verdict, theirs.verdict, "{what}");
    if !mine.verdict.starts_with("violation") {
        assert_eq!(
            (mine.distinct, mine.generated),
            (theirs.distinct, theirs.generated),
            "{what}: distinct and generated states, ours then stateright's"
        );
        if strategy == Strategy::Bfs {
            assert_eq!(mine.depth, theirs.depth, "{what}");
        }
    }
    mine
}

/// Six small clusters covering 1 and 2 proposers, 1 and 2 rounds, 2 and 3 acceptors, a
/// reliable, a lossy and a duplicating network: the same states, generated the same number of
/// times, and the same verdict (correct Paxos: safe, and a value is chosen). The pinned counts
/// (distinct, generated) are ours; both sides must meet them.
#[test]
fn stateright_finds_the_same_states_on_small_clusters() {
    let cases = [
        (Setup::new(1, 3, 1), (290, 794)),
        (Setup::new(1, 2, 2), (721, 1_907)),
        (Setup::new(1, 3, 1).loss(), (1_480, 5_516)),
        (Setup::new(2, 2, 1), (2_289, 7_987)),
        (Setup::new(1, 2, 2).loss(), (3_091, 11_311)),
        (Setup::new(1, 3, 1).duplicate(), (1_547, 17_681)),
    ];
    for (setup, counts) in cases {
        // Stateright applies the function that forgets its duplicating network's last
        // delivery only depth first (see the peer's module comment).
        let strategies: &[Strategy] = if setup.bounds.duplicate {
            &[Strategy::Dfs]
        } else {
            &[Strategy::Bfs, Strategy::Dfs]
        };
        for &strategy in strategies {
            let mine = agree(&setup, strategy);
            assert_eq!(mine.verdict, "safe", "{}", setup.name());
            assert_eq!(
                (mine.distinct, mine.generated),
                counts,
                "{} {strategy:?}",
                setup.name()
            );
        }
    }
}

/// Without the representative function, stateright's duplicating network remembers the last
/// delivery and so counts more states: the difference the peer removes is real.
#[test]
fn a_duplicating_network_needs_the_last_delivery_forgotten() {
    let setup = Setup::new(1, 2, 1).duplicate();
    let mine = ours(&setup, Strategy::Bfs);
    let (config, values) = setup.cluster();
    let model = peer_model(&config, &values, setup.bounds).unwrap();
    let remembering = model.checker().spawn_bfs().join();
    assert!(
        remembering.unique_state_count() > mine.distinct,
        "{} against {}",
        remembering.unique_state_count(),
        mine.distinct
    );
    let forgetting = stateright(&setup, Strategy::Dfs, false);
    assert_eq!(forgetting.distinct, mine.distinct);
}

/// The pairing that could fail: under switch 1 (a proposer ignores the values reported in
/// promises), two proposers choose two values, and both tools find that agreement breaks,
/// breadth and depth first; with the switch off the same cluster is safe on both.
#[test]
fn both_find_the_violation_a_break_paxos_switch_makes() {
    for acceptors in [1, 2] {
        let broken = Setup::new(2, acceptors, 1).bug("ignore-accepted");
        for strategy in [Strategy::Bfs, Strategy::Dfs] {
            let mine = agree(&broken, strategy);
            assert_eq!(mine.verdict, "violation of agreement", "{}", broken.name());
        }
        let correct = Setup::new(2, acceptors, 1);
        assert_eq!(agree(&correct, Strategy::Bfs).verdict, "safe");
    }
}

/// Symmetry reduction on both sides (depth first): the same verdict; stateright's
/// representative (sorting the actors by state) is sound but not canonical, so it stores at
/// least as many states as ours (one per orbit) and no more than the unreduced space.
#[test]
fn symmetry_reduction_on_both_sides_gives_the_same_verdict() {
    for setup in [Setup::new(1, 3, 1), Setup::new(2, 2, 1)] {
        let full = ours(&setup, Strategy::Dfs);
        let mine = ours(&setup.symmetry(), Strategy::Dfs);
        let theirs = stateright(&setup, Strategy::Dfs, true);
        assert_eq!(mine.verdict, theirs.verdict, "{}", setup.name());
        assert_eq!(mine.verdict, "safe", "{}", setup.name());
        assert!(mine.distinct < full.distinct, "{}", setup.name());
        assert!(
            (mine.distinct..=full.distinct).contains(&theirs.distinct),
            "{}: stateright {} with symmetry, ours {} (of {})",
            setup.name(),
            theirs.distinct,
            mine.distinct,
            full.distinct
        );
    }
    let broken = Setup::new(2, 2, 1).bug("ignore-accepted");
    let mine = ours(&broken.symmetry(), Strategy::Dfs);
    let theirs = stateright(&broken, Strategy::Dfs, true);
    assert_eq!(mine.verdict, "violation of agreement");
    assert_eq!(theirs.verdict, mine.verdict);
}

/// Larger: the textbook cluster (3 acceptors) with 2 rounds for one proposer (423,301
/// states), and 2 proposers on a lossy network of 2 acceptors (28,487). Too slow for a debug
/// build: `cargo test --release --features fuzz --test it playground_peer`.
#[test]
#[cfg_attr(debug_assertions, ignore = "a minute or more in a debug build")]
fn stateright_finds_the_same_states_on_larger_clusters() {
    for (setup, distinct) in [
        (Setup::new(1, 3, 2), 423_301),
        (Setup::new(2, 2, 1).loss(), 28_487),
    ] {
        for strategy in [Strategy::Bfs, Strategy::Dfs] {
            let mine = agree(&setup, strategy);
            assert_eq!((mine.distinct, mine.verdict.as_str()), (distinct, "safe"));
        }
    }
}
