//! One test per rule of the article's phases and per claim of its text, named after the
//! sentence (in the spirit of etcd's `raft_paper_test.go`).
//!
//! Per-rule tests drive the pure handlers directly and inspect the [`Out`] buffer: the messages
//! sent, the pseudocode lines executed and the role's state. Fault-tolerance tests drive a
//! [`World`] over many seeds and inspect its network, nodes and event log. The article's
//! example and the other stories told message by message are scenario scripts
//! (tests/scenarios/article-*.txt).

use crate::common::{deliver_one, in_flight, learned, node, run_until_quiet};
use paxos_playground::paxos::{
    majority, Acceptor, Learner, Line, Message, MessageKind, Node, NodeId, Note, Out,
    ProposalNumber, Proposer, ProposerPhase, Request, Roles, Rules, Value, PSEUDOCODE,
};
use paxos_playground::sim::{EventKind, Scenario, World};
use paxos_playground::view::line_index;

/// Correct Paxos: no "Break Paxos" switch on.
const CORRECT: Rules = Rules {
    ignore_accepted_values: false,
    non_unique_numbers: false,
    forget_on_crash: false,
    minority_promises: false,
    accept_below_promise: false,
    phase1_quorum: None,
    phase2_quorum: None,
};

// Ids for the handler tests. In the worlds below ids follow config order instead.
const P: NodeId = NodeId(0);
const A: NodeId = NodeId(1);
const B: NodeId = NodeId(2);
const C: NodeId = NodeId(3);
const Q: NodeId = NodeId(4);
const D: NodeId = NodeId(5);
const E: NodeId = NodeId(6);

fn num(round: u32, proposer: NodeId) -> ProposalNumber {
    ProposalNumber::new(round, proposer)
}

fn val(s: &str) -> Value {
    s.to_string()
}

fn abc() -> Vec<NodeId> {
    vec![A, B, C]
}

/// Every line a handler reports must be a line of the pseudocode the page highlights.
fn assert_lines(out: &Out, expected: &[Line]) {
    assert_eq!(out.lines, expected, "pseudocode lines executed");
    for line in &out.lines {
        assert!(line_index(*line).is_some(), "{line:?} is not in PSEUDOCODE");
    }
}

/// A proposer for [A, B, C] that has proposed `value` and is collecting promises.
fn preparing(me: NodeId, acceptors: Vec<NodeId>, value: &str) -> (Proposer, ProposalNumber) {
    let mut proposer = Proposer::new(me, acceptors);
    let n = proposer
        .propose(val(value), &mut Out::default())
        .expect("a fresh proposer has rounds left");
    (proposer, n)
}

// ---------------------------------------------------------------------------------------------
// World helpers.

fn acceptor<'w>(world: &'w World, name: &str) -> &'w Acceptor {
    node(world, name)
        .roles
        .acceptor
        .as_ref()
        .expect("an acceptor")
}

fn proposer<'w>(world: &'w World, name: &str) -> &'w Proposer {
    node(world, name)
        .roles
        .proposer
        .as_ref()
        .expect("a proposer")
}

fn drop_all(world: &mut World, kind: MessageKind, src: &str, dst: &str) {
    for id in in_flight(world, kind, src, dst) {
        world.drop_message(id).expect("in flight");
    }
}

fn last_text(world: &World) -> &str {
    &world.log().last().expect("a non-empty log").text
}

fn log_has(world: &World, kind: EventKind, text: &str) -> bool {
    world
        .log()
        .iter()
        .any(|e| e.kind == kind && e.text.contains(text))
}

fn article(seed: u64) -> World {
    World::from_scenario(&Scenario::article(), seed).expect("the article scenario is valid")
}

/// Proposers P and Q (both learn) and acceptors A, B, C.
fn two_proposer_world(seed: u64) -> World {
    World::new(Scenario::two_proposers().config, seed).expect("valid")
}

// ---------------------------------------------------------------------------------------------
// Proposal numbers.

#[test]
fn a_majority_is_more_than_half_of_the_acceptors() {
    for count in 1..=16 {
        let m = majority(count);
        assert!(2 * m > count, "{m} of {count} is not more than half");
        // And no more than needed: one fewer would let two disjoint groups both be "majorities".
        assert!(
            2 * (m - 1) <= count,
            "{m} of {count} is more than a bare majority"
        );
    }
}

#[test]
fn proposal_numbers_of_two_proposers_are_never_equal() {
    // The article's "higher than any it has used before" alone would let P and Q both use 1.
    // Here two proposers outbid each other for many rounds, each retrying above the promise
    // it was refused with; no number is ever used twice, by the same or the other proposer.
    let mut p = Proposer::new(P, abc());
    let mut q = Proposer::new(Q, abc());
    let mut used = std::collections::BTreeSet::new();
    let mut last_refusal = None;
    for turn in 0..40 {
        let me = if turn % 2 == 0 { &mut p } else { &mut q };
        // The other proposer's latest Prepare beat this one's round, if it had one.
        if let (Some(promised), Some(n)) = (last_refusal, me.current_number()) {
            me.receive_nack(A, n, promised, Request::Prepare, &mut Out::default());
        }
        let n = me
            .propose(val("v"), &mut Out::default())
            .expect("rounds left");
        assert!(used.insert(n), "turn {turn}: {n:?} was used before");
        last_refusal = Some(n);
    }
    assert_eq!(used.len(), 40);
    assert!(used.iter().any(|n| n.proposer == P) && used.iter().any(|n| n.proposer == Q));
}

#[test]
fn proposal_numbers_are_ordered_by_round_then_by_proposer() {
    assert!(
        num(1, P) < num(1, Q),
        "same round: the proposer breaks the tie"
    );
    assert!(num(1, Q) < num(2, P), "the round is compared first");
    assert!(num(2, P) < num(2, Q));
    let mut numbers = vec![num(2, Q), num(1, Q), num(2, P), num(1, P), num(3, A)];
    numbers.sort();
    assert_eq!(
        numbers,
        vec![num(1, P), num(1, Q), num(2, P), num(2, Q), num(3, A)]
    );
}

#[test]
fn two_proposers_proposing_at_once_send_prepares_with_different_numbers() {
    let world = World::from_scenario(&Scenario::two_proposers(), 1).expect("valid");
    let numbers: Vec<(String, ProposalNumber)> = world
        .network()
        .in_flight()
        .iter()
        .map(|e| (world.names().node(e.src).to_string(), e.msg.number()))
        .collect();
    let of = |who: &str| -> Vec<ProposalNumber> {
        numbers
            .iter()
            .filter(|(src, _)| src == who)
            .map(|(_, n)| *n)
            .collect()
    };
    assert_eq!(of("P").len(), 3);
    assert_eq!(of("Q").len(), 3);
    assert!(of("P").iter().all(|p| of("Q").iter().all(|q| p != q)));
    assert_eq!(world.names().number(of("P")[0]), "1.P");
    assert_eq!(world.names().number(of("Q")[0]), "1.Q");
}

// ---------------------------------------------------------------------------------------------
// Phase 1: Prepare.

#[test]
fn phase1_proposer_selects_a_number_higher_than_any_it_has_used_before() {
    let mut proposer = Proposer::new(P, abc());
    let mut used = Vec::new();
    for _ in 0..5 {
        let n = proposer
            .propose(val("Hello"), &mut Out::default())
            .expect("rounds left");
        assert!(used.iter().all(|u| n > *u), "{n:?} is not above {used:?}");
        assert_eq!(n.proposer, P, "a proposer only uses its own numbers");
        assert_eq!(proposer.round, n.round, "the round used is remembered");
        used.push(n);
    }
    // Also after a crash, which loses the round in progress but not the rounds used.
    proposer.crash();
    let n = proposer
        .propose(val("Hello"), &mut Out::default())
        .expect("rounds left");
    assert!(
        n > *used.last().expect("used some"),
        "reused or went below a number after a crash"
    );
}

#[test]
fn phase1_proposer_selects_a_number_higher_than_any_promise_it_was_refused_with() {
    let (mut proposer, n1) = preparing(P, abc(), "Hello");
    let mut out = Out::default();
    proposer.receive_nack(A, n1, num(7, Q), Request::Prepare, &mut out);
    let n2 = proposer
        .propose(val("Hello"), &mut Out::default())
        .expect("rounds left");
    assert!(
        n2 > num(7, Q),
        "{n2:?} must exceed the promise 7.Q it was refused with"
    );
    assert_eq!(n2, num(8, P));
}

#[test]
fn phase1_proposer_sends_prepare_to_acceptors() {
    let mut proposer = Proposer::new(P, abc());
    let mut out = Out::default();
    let n = proposer
        .propose(val("Hello"), &mut out)
        .expect("rounds left");
    assert_eq!(n, num(1, P));
    // The article: "to a majority of Acceptors". Sending to all is allowed and lets any
    // majority answer; in particular every majority is covered.
    let expected: Vec<(NodeId, Message)> = abc()
        .into_iter()
        .map(|a| (a, Message::Prepare { n }))
        .collect();
    assert_eq!(out.sends, expected);
    assert!(out.sends.len() >= majority(3));
    assert_lines(
        &out,
        &[
            Line::ProposeNextRound,
            Line::ProposeNumber,
            Line::ProposeRemember,
            Line::ProposeSendPrepare,
        ],
    );
    assert_eq!(
        out.notes,
        vec![Note::Proposed {
            n,
            value: val("Hello")
        }]
    );
    match &proposer.phase {
        ProposerPhase::Preparing {
            n: current,
            my_value,
            promises,
        } => {
            assert_eq!(*current, n);
            assert_eq!(my_value, "Hello");
            assert!(promises.is_empty());
        }
        other => panic!("expected Preparing, got {other:?}"),
    }
}

#[test]
fn phase1_proposing_again_abandons_the_round_in_progress() {
    let (mut proposer, n1) = preparing(P, abc(), "Hello");
    let n2 = proposer
        .propose(val("Bye"), &mut Out::default())
        .expect("rounds left");
    assert!(n2 > n1);
    let mut out = Out::default();
    proposer.receive_promise(A, n1, None, &mut out);
    proposer.receive_promise(B, n1, None, &mut out);
    assert!(
        out.sends.is_empty(),
        "promises for the abandoned round must not start phase 2"
    );
    assert_eq!(proposer.current_number(), Some(n2));
}

// ---------------------------------------------------------------------------------------------
// Phase 2: Promise.

#[test]
fn phase2_acceptor_promises_when_n_is_higher_than_any_prepare_it_has_seen() {
    let mut acceptor = Acceptor::new();
    let mut out = Out::default();
    acceptor.receive_prepare(P, num(1, P), &Rules::default(), &mut out);
    assert_eq!(acceptor.promised_number, Some(num(1, P)));
    assert_eq!(
        out.sends,
        vec![(
            P,
            Message::Promise {
                n: num(1, P),
                accepted: None
            }
        )]
    );
    assert_lines(
        &out,
        &[
            Line::PrepareCompare,
            Line::PrepareUpdate,
            Line::PrepareSendPromise,
        ],
    );
    assert_eq!(
        out.notes,
        vec![Note::Promised {
            n: num(1, P),
            to: P,
            previously: None
        }]
    );

    // A higher number, from another proposer, is promised too.
    let mut out = Out::default();
    acceptor.receive_prepare(Q, num(1, Q), &Rules::default(), &mut out);
    assert_eq!(acceptor.promised_number, Some(num(1, Q)));
    assert_eq!(
        out.sends,
        vec![(
            Q,
            Message::Promise {
                n: num(1, Q),
                accepted: None
            }
        )]
    );
}

#[test]
fn phase2_acceptor_promises_not_to_accept_any_proposal_numbered_less_than_n() {
    let mut acceptor = Acceptor::new();
    acceptor.receive_prepare(Q, num(2, Q), &Rules::default(), &mut Out::default());
    for lower in [num(1, P), num(1, Q), num(2, P)] {
        let mut out = Out::default();
        acceptor.receive_accept(P, lower, val("Hello"), &[P, Q], &CORRECT, &mut out);
        assert_eq!(
            acceptor.accepted(),
            None,
            "accepted {lower:?} below its promise 2.Q"
        );
        assert_eq!(
            out.sends,
            vec![(
                P,
                Message::Nack {
                    refused: Request::Accept,
                    n: lower,
                    promised: num(2, Q)
                }
            )]
        );
    }
    assert_eq!(acceptor.promised_number, Some(num(2, Q)));
}

#[test]
fn phase2_acceptor_reports_its_accepted_value_and_number() {
    let mut acceptor = Acceptor::new();
    acceptor.receive_prepare(P, num(1, P), &Rules::default(), &mut Out::default());
    acceptor.receive_accept(
        P,
        num(1, P),
        val("Hello"),
        &[P],
        &CORRECT,
        &mut Out::default(),
    );
    let mut out = Out::default();
    acceptor.receive_prepare(Q, num(1, Q), &Rules::default(), &mut out);
    assert_eq!(
        out.sends,
        vec![(
            Q,
            Message::Promise {
                n: num(1, Q),
                accepted: Some((num(1, P), val("Hello")))
            }
        )]
    );
    assert_eq!(
        out.notes,
        vec![Note::Promised {
            n: num(1, Q),
            to: Q,
            previously: Some((num(1, P), val("Hello")))
        }]
    );
    // Promising does not change what was accepted.
    assert_eq!(acceptor.accepted(), Some((num(1, P), val("Hello"))));
}

#[test]
fn phase2_acceptor_reports_the_last_proposal_it_accepted_not_the_first() {
    let mut acceptor = Acceptor::new();
    acceptor.receive_accept(
        P,
        num(1, P),
        val("Hello"),
        &[P],
        &CORRECT,
        &mut Out::default(),
    );
    acceptor.receive_accept(
        Q,
        num(2, Q),
        val("World"),
        &[P],
        &CORRECT,
        &mut Out::default(),
    );
    let mut out = Out::default();
    acceptor.receive_prepare(P, num(3, P), &Rules::default(), &mut out);
    assert_eq!(
        out.sends,
        vec![(
            P,
            Message::Promise {
                n: num(3, P),
                accepted: Some((num(2, Q), val("World")))
            }
        )]
    );
}

#[test]
fn phase2_acceptor_ignores_a_prepare_not_higher_and_replies_nack() {
    let mut acceptor = Acceptor::new();
    acceptor.receive_prepare(Q, num(2, Q), &Rules::default(), &mut Out::default());
    let before = acceptor.clone();
    // Lower round; same round but lower proposer; and equal: none is *higher*.
    for n in [num(1, Q), num(2, P), num(2, Q)] {
        let mut out = Out::default();
        acceptor.receive_prepare(P, n, &Rules::default(), &mut out);
        assert_eq!(
            acceptor, before,
            "a refused Prepare({n:?}) changed the acceptor"
        );
        assert_eq!(
            out.sends,
            vec![(
                P,
                Message::Nack {
                    refused: Request::Prepare,
                    n,
                    promised: num(2, Q)
                }
            )]
        );
        assert_lines(&out, &[Line::PrepareCompare, Line::PrepareSendNack]);
        assert_eq!(
            out.notes,
            vec![Note::IgnoredPrepare {
                n,
                from: P,
                promised: num(2, Q)
            }]
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Phase 3: Accept.

#[test]
fn phase3_proposer_with_a_majority_of_promises_sends_accept() {
    let (mut proposer, n) = preparing(P, abc(), "Hello");

    let mut out = Out::default();
    proposer.receive_promise(A, n, None, &mut out);
    assert!(
        out.sends.is_empty(),
        "one promise of three is not a majority"
    );
    assert_lines(
        &out,
        &[
            Line::PromiseCheckCurrent,
            Line::PromiseRecord,
            Line::PromiseMajority,
        ],
    );
    assert_eq!(
        out.notes,
        vec![Note::CountedPromise {
            from: A,
            n,
            count: 1,
            needed: 2
        }]
    );

    let mut out = Out::default();
    proposer.receive_promise(C, n, None, &mut out);
    let expected: Vec<(NodeId, Message)> = abc()
        .into_iter()
        .map(|a| {
            (
                a,
                Message::Accept {
                    n,
                    value: val("Hello"),
                },
            )
        })
        .collect();
    assert_eq!(
        out.sends, expected,
        "two of three is a majority: Accept goes to the acceptors"
    );
    assert_lines(
        &out,
        &[
            Line::PromiseCheckCurrent,
            Line::PromiseRecord,
            Line::PromiseMajority,
            Line::PromisePickHighest,
            Line::PromisePickValue,
            Line::PromiseSendAccept,
        ],
    );
    assert_eq!(
        proposer.phase,
        ProposerPhase::Accepting {
            n,
            value: val("Hello")
        }
    );

    // The third promise comes too late to matter: Accept is not sent twice.
    let mut out = Out::default();
    proposer.receive_promise(B, n, None, &mut out);
    assert!(out.sends.is_empty());
    assert_lines(&out, &[Line::PromiseCheckCurrent, Line::PromiseIgnoreStale]);
}

#[test]
fn phase3_proposer_counts_each_acceptors_promise_once() {
    let (mut proposer, n) = preparing(P, abc(), "Hello");
    let mut out = Out::default();
    proposer.receive_promise(A, n, None, &mut out);
    proposer.receive_promise(A, n, None, &mut out);
    proposer.receive_promise(A, n, None, &mut out);
    assert!(
        out.sends.is_empty(),
        "A's promise repeated is still one promise"
    );
    assert!(
        matches!(&proposer.phase, ProposerPhase::Preparing { promises, .. } if promises.len() == 1)
    );
}

#[test]
fn phase3_proposer_with_five_acceptors_needs_three_promises() {
    let (mut proposer, n) = preparing(P, vec![A, B, C, D, E], "Hello");
    let mut out = Out::default();
    proposer.receive_promise(A, n, None, &mut out);
    proposer.receive_promise(B, n, None, &mut out);
    assert!(out.sends.is_empty());
    proposer.receive_promise(E, n, None, &mut out);
    assert_eq!(out.sends.len(), 5);
    assert!(out.sends.iter().all(|(_, m)| *m
        == Message::Accept {
            n,
            value: val("Hello")
        }));
}

#[test]
fn phase3_proposer_picks_the_value_of_the_highest_numbered_accepted_proposal() {
    // Five acceptors, majority three. The highest accepted proposal arrives neither first nor
    // last, and an accepted value with a lower number arrives after it.
    let (mut proposer, first) = preparing(Q, vec![A, B, C, D, E], "Mine");
    // Move to a round above everything the promises will report.
    proposer.receive_nack(A, first, num(5, P), Request::Prepare, &mut Out::default());
    let n = proposer
        .propose(val("Mine"), &mut Out::default())
        .expect("rounds left");
    let mut out = Out::default();
    proposer.receive_promise(A, n, Some((num(2, P), val("Old"))), &mut out);
    proposer.receive_promise(B, n, Some((num(4, P), val("Newest"))), &mut out);
    assert!(out.sends.is_empty());
    proposer.receive_promise(C, n, Some((num(3, Q), val("Middle"))), &mut out);
    assert_eq!(out.sends.len(), 5);
    assert!(
        out.sends.iter().all(|(_, m)| *m
            == Message::Accept {
                n,
                value: val("Newest")
            }),
        "expected Accept with the value of 4.P, got {:?}",
        out.sends
    );
    assert!(out.notes.contains(&Note::StartedAccept {
        n,
        value: val("Newest"),
        adopted: Some(num(4, P)),
        ignored: None
    }));
}

#[test]
fn phase3_proposer_breaks_a_tie_of_rounds_by_proposer_when_picking_the_highest() {
    let (mut proposer, first) = preparing(P, abc(), "Mine");
    proposer.receive_nack(A, first, num(1, Q), Request::Prepare, &mut Out::default());
    let n = proposer
        .propose(val("Mine"), &mut Out::default())
        .expect("rounds left");
    let mut out = Out::default();
    proposer.receive_promise(B, n, Some((num(1, Q), val("World"))), &mut out);
    proposer.receive_promise(A, n, Some((num(1, P), val("Hello"))), &mut out);
    assert_eq!(
        proposer.phase,
        ProposerPhase::Accepting {
            n,
            value: val("World")
        },
        "1.Q is higher than 1.P"
    );
}

#[test]
fn phase3_proposer_uses_its_own_value_when_no_acceptor_reported_one() {
    let (mut proposer, n) = preparing(P, abc(), "Hello");
    let mut out = Out::default();
    proposer.receive_promise(A, n, None, &mut out);
    proposer.receive_promise(B, n, None, &mut out);
    assert!(out.notes.contains(&Note::StartedAccept {
        n,
        value: val("Hello"),
        adopted: None,
        ignored: None
    }));
    assert!(out.sends.iter().all(|(_, m)| *m
        == Message::Accept {
            n,
            value: val("Hello")
        }));
}

#[test]
fn phase3_proposer_adopts_a_value_reported_by_a_single_promise_of_the_majority() {
    let (mut proposer, n) = preparing(Q, abc(), "World");
    let mut out = Out::default();
    proposer.receive_promise(A, n, Some((num(1, P), val("Hello"))), &mut out);
    proposer.receive_promise(C, n, None, &mut out);
    assert_eq!(
        proposer.phase,
        ProposerPhase::Accepting {
            n,
            value: val("Hello")
        }
    );
}

#[test]
fn phase3_proposer_ignores_promises_for_an_older_round() {
    let (mut proposer, old) = preparing(P, abc(), "Hello");
    let new = proposer
        .propose(val("Hello"), &mut Out::default())
        .expect("rounds left");
    let mut out = Out::default();
    proposer.receive_promise(A, old, Some((num(9, Q), val("Stale"))), &mut out);
    proposer.receive_promise(B, old, None, &mut out);
    assert!(out.sends.is_empty());
    assert_eq!(
        out.notes,
        vec![
            Note::IgnoredStale {
                from: A,
                reason: "a promise for an older round"
            },
            Note::IgnoredStale {
                from: B,
                reason: "a promise for an older round"
            },
        ]
    );
    // And they were not recorded: two fresh promises are needed.
    proposer.receive_promise(A, new, None, &mut out);
    assert!(out.sends.is_empty());
    proposer.receive_promise(B, new, None, &mut out);
    assert!(out.sends.iter().all(|(_, m)| *m
        == Message::Accept {
            n: new,
            value: val("Hello")
        }));
}

#[test]
fn phase3_a_late_refusal_of_the_prepare_does_not_end_phase_2_but_a_refusal_of_the_accept_does() {
    let (mut proposer, n) = preparing(P, abc(), "Hello");
    let mut out = Out::default();
    proposer.receive_promise(A, n, None, &mut out);
    proposer.receive_promise(B, n, None, &mut out);
    assert!(matches!(proposer.phase, ProposerPhase::Accepting { .. }));
    // C had promised 2.Q before P's Prepare reached it; its Nack arrives after phase 2 began.
    // A and B can still accept 1.P, so the round goes on.
    let mut out = Out::default();
    proposer.receive_nack(C, n, num(2, Q), Request::Prepare, &mut out);
    assert!(matches!(proposer.phase, ProposerPhase::Accepting { .. }));
    assert_eq!(
        out.notes,
        vec![Note::IgnoredStale {
            from: C,
            reason: "a late refusal of phase 1; phase 2 is under way"
        }]
    );
    // A refusal of the Accept itself does end the round.
    let mut out = Out::default();
    proposer.receive_nack(C, n, num(2, Q), Request::Accept, &mut out);
    assert_eq!(proposer.phase, ProposerPhase::Idle);
    assert_eq!(proposer.highest_round_seen, 2);
    assert_eq!(
        out.notes,
        vec![Note::GaveUp {
            n,
            promised: num(2, Q)
        }]
    );
}

#[test]
fn phase3_proposer_gives_up_its_round_on_a_nack_with_a_higher_promise() {
    let (mut proposer, n) = preparing(P, abc(), "Hello");
    let mut out = Out::default();
    proposer.receive_nack(A, n, num(3, Q), Request::Prepare, &mut out);
    assert_eq!(proposer.phase, ProposerPhase::Idle);
    assert_eq!(proposer.highest_round_seen, 3);
    assert_lines(
        &out,
        &[
            Line::NackRememberHigher,
            Line::NackCurrentRequest,
            Line::NackCheckCurrent,
            Line::NackGiveUp,
        ],
    );
    assert_eq!(
        out.notes,
        vec![Note::GaveUp {
            n,
            promised: num(3, Q)
        }]
    );
    // Later promises for the abandoned round do nothing.
    let mut out = Out::default();
    proposer.receive_promise(B, n, None, &mut out);
    proposer.receive_promise(C, n, None, &mut out);
    assert!(out.sends.is_empty());
}

#[test]
fn phase3_proposer_ignores_a_nack_for_a_round_it_is_no_longer_running() {
    let (mut proposer, old) = preparing(P, abc(), "Hello");
    let new = proposer
        .propose(val("Hello"), &mut Out::default())
        .expect("rounds left");
    let mut out = Out::default();
    proposer.receive_nack(A, old, num(1, Q), Request::Prepare, &mut out);
    assert_eq!(
        proposer.current_number(),
        Some(new),
        "a stale Nack must not end the current round"
    );
    assert_eq!(
        proposer.highest_round_seen, 1,
        "but the promise it reports still raises the next round"
    );
    assert_lines(
        &out,
        &[
            Line::NackRememberHigher,
            Line::NackCurrentRequest,
            Line::NackCheckCurrent,
            Line::NackIgnoreStale,
        ],
    );
    // And a Nack whose promise is the round itself answers a duplicate Prepare: not a refusal.
    let mut out = Out::default();
    proposer.receive_nack(A, new, new, Request::Prepare, &mut out);
    assert_eq!(proposer.current_number(), Some(new));
    assert_lines(
        &out,
        &[
            Line::NackRememberHigher,
            Line::NackCurrentRequest,
            Line::NackCheckCurrent,
            Line::NackIgnoreStale,
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// Phase 4: Accepted.

#[test]
fn phase4_acceptor_accepts_unless_it_promised_to_ignore_n() {
    // Nothing promised: accept.
    let mut acceptor = Acceptor::new();
    let mut out = Out::default();
    acceptor.receive_accept(P, num(1, P), val("Hello"), &[P], &CORRECT, &mut out);
    assert_eq!(acceptor.accepted(), Some((num(1, P), val("Hello"))));
    assert_lines(
        &out,
        &[
            Line::AcceptCompare,
            Line::AcceptPromise,
            Line::AcceptSetNumber,
            Line::AcceptSetValue,
            Line::AcceptSendAccepted,
        ],
    );

    // Promised exactly n: accept.
    let mut acceptor = Acceptor::new();
    acceptor.receive_prepare(P, num(1, P), &Rules::default(), &mut Out::default());
    acceptor.receive_accept(
        P,
        num(1, P),
        val("Hello"),
        &[P],
        &CORRECT,
        &mut Out::default(),
    );
    assert_eq!(acceptor.accepted(), Some((num(1, P), val("Hello"))));

    // Promised a higher number: refuse, keep state, reply Nack.
    let mut acceptor = Acceptor::new();
    acceptor.receive_prepare(Q, num(1, Q), &Rules::default(), &mut Out::default());
    let before = acceptor.clone();
    let mut out = Out::default();
    acceptor.receive_accept(P, num(1, P), val("Hello"), &[P], &CORRECT, &mut out);
    assert_eq!(acceptor, before);
    assert_eq!(
        out.sends,
        vec![(
            P,
            Message::Nack {
                refused: Request::Accept,
                n: num(1, P),
                promised: num(1, Q)
            }
        )]
    );
    assert_lines(&out, &[Line::AcceptCompare, Line::AcceptSendNack]);
    assert_eq!(
        out.notes,
        vec![Note::IgnoredAccept {
            n: num(1, P),
            from: P,
            promised: num(1, Q)
        }]
    );

    // A number above the promise was not promised away: accept it.
    acceptor.receive_accept(
        P,
        num(2, P),
        val("Hello"),
        &[P],
        &CORRECT,
        &mut Out::default(),
    );
    assert_eq!(acceptor.accepted(), Some((num(2, P), val("Hello"))));
}

#[test]
fn phase4_acceptor_that_accepts_n_has_also_promised_n() {
    let mut acceptor = Acceptor::new();
    acceptor.receive_prepare(P, num(1, P), &Rules::default(), &mut Out::default());
    acceptor.receive_accept(
        Q,
        num(3, Q),
        val("World"),
        &[P],
        &CORRECT,
        &mut Out::default(),
    );
    assert_eq!(acceptor.promised_number, Some(num(3, Q)));
    // So a Prepare between the old promise and the accepted number is refused.
    let mut out = Out::default();
    acceptor.receive_prepare(P, num(2, P), &Rules::default(), &mut out);
    assert_eq!(
        out.sends,
        vec![(
            P,
            Message::Nack {
                refused: Request::Prepare,
                n: num(2, P),
                promised: num(3, Q)
            }
        )]
    );
}

#[test]
fn phase4_acceptor_sends_accepted_to_all_learners() {
    let mut acceptor = Acceptor::new();
    let learners = [P, Q, D];
    let mut out = Out::default();
    acceptor.receive_accept(P, num(1, P), val("Hello"), &learners, &CORRECT, &mut out);
    let expected: Vec<(NodeId, Message)> = learners
        .iter()
        .map(|&l| {
            (
                l,
                Message::Accepted {
                    n: num(1, P),
                    value: val("Hello"),
                },
            )
        })
        .collect();
    assert_eq!(
        out.sends, expected,
        "Accepted goes to every learner, not only to the proposer"
    );
    assert_eq!(
        out.notes,
        vec![Note::Accepted {
            n: num(1, P),
            value: val("Hello")
        }]
    );
}

// ---------------------------------------------------------------------------------------------
// Learners.

#[test]
fn learner_learns_when_a_majority_accepted_the_same_number() {
    let mut learner = Learner::new(majority(3));
    let mut out = Out::default();
    learner.receive_accepted(A, num(1, P), val("Hello"), &mut out);
    assert_eq!(learner.learned, None, "one of three is not a majority");
    assert_lines(&out, &[Line::AcceptedRecord, Line::AcceptedMajority]);
    let mut out = Out::default();
    learner.receive_accepted(C, num(1, P), val("Hello"), &mut out);
    assert_eq!(learner.learned, Some((num(1, P), val("Hello"))));
    assert_lines(
        &out,
        &[
            Line::AcceptedRecord,
            Line::AcceptedMajority,
            Line::AcceptedLearn,
        ],
    );
    assert!(out.notes.contains(&Note::Learned {
        n: num(1, P),
        value: val("Hello")
    }));
}

#[test]
fn learner_does_not_learn_from_a_split_between_numbers() {
    let mut learner = Learner::new(majority(3));
    let mut out = Out::default();
    learner.receive_accepted(A, num(1, P), val("Hello"), &mut out);
    learner.receive_accepted(B, num(1, Q), val("World"), &mut out);
    learner.receive_accepted(C, num(2, P), val("Hello"), &mut out);
    // Two acceptors accepted "Hello", but under different numbers: not chosen.
    assert_eq!(learner.learned, None);
    assert!(!out.lines.contains(&Line::AcceptedLearn));
}

#[test]
fn learner_counts_a_duplicate_accepted_only_once() {
    let mut learner = Learner::new(majority(5));
    let mut out = Out::default();
    for _ in 0..5 {
        learner.receive_accepted(A, num(1, P), val("Hello"), &mut out);
    }
    learner.receive_accepted(B, num(1, P), val("Hello"), &mut out);
    assert_eq!(
        learner.learned, None,
        "A five times and B once are two acceptors of five"
    );
    assert_eq!(
        out.notes.last(),
        Some(&Note::CountedAccepted {
            from: B,
            n: num(1, P),
            count: 2,
            needed: 3
        })
    );
    learner.receive_accepted(E, num(1, P), val("Hello"), &mut out);
    assert_eq!(learner.learned, Some((num(1, P), val("Hello"))));
}

#[test]
fn learner_keeps_the_first_value_it_learned() {
    let mut learner = Learner::new(majority(3));
    let mut out = Out::default();
    learner.receive_accepted(A, num(1, P), val("Hello"), &mut out);
    learner.receive_accepted(B, num(1, P), val("Hello"), &mut out);
    learner.receive_accepted(A, num(2, Q), val("Hello"), &mut out);
    let mut out = Out::default();
    learner.receive_accepted(B, num(2, Q), val("Hello"), &mut out);
    assert_eq!(learner.learned, Some((num(1, P), val("Hello"))));
    assert!(!out.lines.contains(&Line::AcceptedLearn), "learned twice");
}

// ---------------------------------------------------------------------------------------------
// Roles: "A single process can hold multiple roles." The story of one such process, whose
// messages to itself travel like any other, is tests/scenarios/article-one-process-many-roles.txt.

#[test]
fn a_node_without_the_role_a_message_needs_ignores_it() {
    let mut node = Node::new(
        A,
        Roles {
            proposer: None,
            acceptor: Some(Acceptor::new()),
            learner: None,
        },
        vec![P],
        CORRECT,
    );
    let before = node.clone();
    let mut out = Out::default();
    node.receive(
        P,
        Message::Promise {
            n: num(1, P),
            accepted: None,
        },
        &mut out,
    );
    node.receive(
        P,
        Message::Accepted {
            n: num(1, P),
            value: val("Hello"),
        },
        &mut out,
    );
    assert_eq!(node, before);
    assert!(out.sends.is_empty());
    assert_eq!(
        out.notes,
        vec![
            Note::IgnoredStale {
                from: P,
                reason: "not a proposer"
            },
            Note::IgnoredStale {
                from: P,
                reason: "not a learner"
            },
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// The example (three acceptors A, B, C and one proposer P that wants "Hello") is a story, told
// sentence by sentence in tests/scenarios/article-example.txt.

// ---------------------------------------------------------------------------------------------
// The problem Paxos solves.

#[test]
fn problem_if_no_failures_occur_processes_learn_the_chosen_value() {
    // Two proposers compete; whoever is refused retries. No message is lost and nothing crashes,
    // so once a value is chosen every learner learns it.
    for seed in 0..40 {
        let mut world = World::from_scenario(&Scenario::two_proposers(), seed).expect("valid");
        for _ in 0..20 {
            run_until_quiet(&mut world);
            if world.chosen().is_some() {
                break;
            }
            world.propose("P", "Hello").expect("P is up");
        }
        let chosen = world
            .chosen()
            .map(|(_, v)| v.clone())
            .expect("a lone retrying proposer gets a value chosen");
        for name in ["P", "Q"] {
            assert_eq!(
                learned(&world, name),
                Some(&chosen),
                "seed {seed}: learner {name}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Fault tolerance, over many seeds. The takeover refused below a promise and retried higher is
// the story tests/scenarios/article-takeover-refused-then-higher.txt.

#[test]
fn fault_tolerance_if_a_proposer_fails_another_can_take_over_with_a_higher_proposal_number() {
    for seed in 0..20 {
        let mut world = two_proposer_world(seed);
        world.propose("P", "Hello").expect("P proposes");
        for name in ["A", "B", "C"] {
            deliver_one(&mut world, MessageKind::Prepare, "P", name);
        }
        deliver_one(&mut world, MessageKind::Promise, "A", "P");
        deliver_one(&mut world, MessageKind::Promise, "B", "P");
        deliver_one(&mut world, MessageKind::Accept, "P", "A");
        deliver_one(&mut world, MessageKind::Accept, "P", "B");
        assert_eq!(world.chosen().map(|(_, v)| v.as_str()), Some("Hello"));
        // P fails before any learner hears of it; its last Accept is lost too.
        world.crash("P").expect("P is up");
        drop_all(&mut world, MessageKind::Accept, "P", "C");

        world.propose("Q", "World").expect("Q takes over");
        let p_number = acceptor(&world, "A").promised_number.expect("A promised P");
        let q_prepares = in_flight(&world, MessageKind::Prepare, "Q", "*");
        assert_eq!(q_prepares.len(), 3);
        let q_number = world
            .network()
            .in_flight()
            .iter()
            .find(|e| e.id == q_prepares[0])
            .expect("found")
            .msg
            .number();
        assert!(
            q_number > p_number,
            "Q's {q_number:?} must be higher than P's {p_number:?}"
        );

        run_until_quiet(&mut world);
        // Any majority Q hears from includes A or B, which report "Hello": Q must adopt it.
        assert!(log_has(
            &world,
            EventKind::Deliver,
            "so Q must send Accept(1.Q, \"Hello\") with that value instead of its own."
        ));
        assert!(
            !log_has(&world, EventKind::Deliver, "\"World\""),
            "seed {seed}: Q asked for its own value"
        );
        assert_eq!(
            learned(&world, "Q").map(String::as_str),
            Some("Hello"),
            "seed {seed}"
        );
        assert!(world.chosen_proposals().iter().all(|(_, v)| v == "Hello"));
        assert!(
            world.chosen_proposals().len() >= 2,
            "Q's own proposal 1.Q was chosen too (with P's value)"
        );
    }
}

#[test]
fn fault_tolerance_if_acceptors_fail_as_long_as_a_majority_remain_the_protocol_continues() {
    for seed in 0..20 {
        let mut world = article(seed);
        world.crash("C").expect("C is up");
        run_until_quiet(&mut world);
        assert_eq!(
            world.chosen().map(|(_, v)| v.as_str()),
            Some("Hello"),
            "seed {seed}"
        );
        assert_eq!(
            learned(&world, "P").map(String::as_str),
            Some("Hello"),
            "seed {seed}"
        );
        assert!(log_has(
            &world,
            EventKind::Lost,
            "C is crashed: Prepare(1.P) from P is lost."
        ));
        assert_eq!(
            acceptor(&world, "C").promised_number,
            None,
            "a crashed acceptor hears nothing"
        );
    }
}

#[test]
fn fault_tolerance_without_a_majority_of_acceptors_no_value_is_chosen_until_one_restarts() {
    for seed in 0..20 {
        let mut world = article(seed);
        world.crash("B").expect("B is up");
        world.crash("C").expect("C is up");
        run_until_quiet(&mut world);
        assert_eq!(
            world.chosen(),
            None,
            "seed {seed}: one acceptor of three chose a value"
        );
        assert_eq!(learned(&world, "P"), None);
        assert!(
            matches!(&proposer(&world, "P").phase, ProposerPhase::Preparing { promises, .. } if promises.len() == 1),
            "P waits with A's promise only"
        );

        // C restarts. The messages it missed are gone, so P proposes again.
        world.restart("C").expect("C is down");
        run_until_quiet(&mut world);
        assert_eq!(
            world.chosen(),
            None,
            "restarting does not replay lost messages"
        );
        world.propose("P", "Hello").expect("P is up");
        run_until_quiet(&mut world);
        assert_eq!(
            world.chosen().map(|(_, v)| v.as_str()),
            Some("Hello"),
            "seed {seed}"
        );
        assert_eq!(learned(&world, "P").map(String::as_str), Some("Hello"));
        assert_eq!(acceptor(&world, "B").accepted(), None, "B is still down");
    }
}

// ---------------------------------------------------------------------------------------------
// Crash and restart. The stories of a proposer that keeps its round counter, a learner that
// forgets, and messages lost at a crashed node are tests/scenarios/article-crash-*.txt; what
// stays here checks the acceptor's stable storage field by field.

#[test]
fn crash_restart_acceptor_keeps_its_promise_and_accepted_proposal() {
    let mut world = article(4);
    for name in ["A", "B", "C"] {
        deliver_one(&mut world, MessageKind::Prepare, "P", name);
    }
    deliver_one(&mut world, MessageKind::Promise, "A", "P");
    deliver_one(&mut world, MessageKind::Promise, "B", "P");
    deliver_one(&mut world, MessageKind::Accept, "P", "A");
    let before = acceptor(&world, "A").clone();
    assert!(before.accepted().is_some());

    world.crash("A").expect("A is up");
    assert_eq!(
        acceptor(&world, "A"),
        &before,
        "a crash must not erase stable storage"
    );
    world.restart("A").expect("A is down");
    assert_eq!(acceptor(&world, "A"), &before);
    assert_eq!(
        last_text(&world),
        "A restarts. Its acceptor kept promisedNumber 1.P and acceptedNumber 1.P."
    );

    // It still honours the promise after the restart: a Prepare with the same number is refused.
    let mut a_node = node(&world, "A").clone();
    a_node.crash();
    let mut out = Out::default();
    a_node.receive(
        P,
        Message::Prepare {
            n: before.promised_number.expect("promised"),
        },
        &mut out,
    );
    assert!(matches!(out.sends.as_slice(), [(_, Message::Nack { .. })]));
}

// ---------------------------------------------------------------------------------------------
// The pseudocode panel.

/// The position of `line` in `Line::ALL`, by an exhaustive match: a new variant breaks the
/// build here until it is given a position, and the test below then requires `Line::ALL` to
/// hold it there.
fn declared_position(line: Line) -> usize {
    match line {
        Line::ProposeNextRound => 0,
        Line::ProposeNumber => 1,
        Line::ProposeRemember => 2,
        Line::ProposeSendPrepare => 3,
        Line::PromiseCheckCurrent => 4,
        Line::PromiseIgnoreStale => 5,
        Line::PromiseRecord => 6,
        Line::PromiseMajority => 7,
        Line::PromisePickHighest => 8,
        Line::PromisePickValue => 9,
        Line::PromiseSendAccept => 10,
        Line::NackCurrentRequest => 11,
        Line::NackCheckCurrent => 12,
        Line::NackIgnoreStale => 13,
        Line::NackRememberHigher => 14,
        Line::NackGiveUp => 15,
        Line::PrepareCompare => 16,
        Line::PrepareUpdate => 17,
        Line::PrepareSendPromise => 18,
        Line::PrepareSendNack => 19,
        Line::AcceptCompare => 20,
        Line::AcceptPromise => 21,
        Line::AcceptSetNumber => 22,
        Line::AcceptSetValue => 23,
        Line::AcceptSendAccepted => 24,
        Line::AcceptSendNack => 25,
        Line::AcceptedRecord => 26,
        Line::AcceptedMajority => 27,
        Line::AcceptedLearn => 28,
    }
}

#[test]
fn every_executable_line_tag_appears_exactly_once_in_the_pseudocode() {
    const VARIANTS: usize = 29; // one more than the highest position above
    assert_eq!(Line::ALL.len(), VARIANTS);
    for (position, line) in Line::ALL.iter().enumerate() {
        assert_eq!(
            declared_position(*line),
            position,
            "{line:?} out of place in Line::ALL"
        );
    }
    let all = Line::ALL;
    for line in all {
        let count = PSEUDOCODE
            .iter()
            .filter(|(_, tag)| *tag == Some(line))
            .count();
        assert_eq!(count, 1, "{line:?} tags {count} lines");
    }
    // The article's names survive in the completed pseudocode.
    let text: String = PSEUDOCODE
        .iter()
        .map(|(t, _)| *t)
        .collect::<Vec<_>>()
        .join("\n");
    for name in [
        "promisedNumber",
        "acceptedValue",
        "acceptedNumber",
        "function receivePrepare(",
        "if (n > promisedNumber)",
    ] {
        assert!(text.contains(name), "pseudocode lost {name:?}");
    }
}
