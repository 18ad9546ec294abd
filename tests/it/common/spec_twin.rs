//! A deliberately plain twin of `paxos_playground::check::spec::SpecModel`, written again from
//! Lamport's Paxos.tla (tlaplus/Examples, specifications/PaxosHowToWinATuringAward): the four
//! variables as plain fields, `msgs` as a `BTreeSet` of message records, quorums as sets, and
//! every action a literal reading of its TLA+ conjuncts. It shares no code with the fast model
//! (no bit layout, no derived variables), so when both give the same states the fast model's
//! encoding is exact on that configuration.
//!
//! Successors are enumerated the way TLC enumerates the spec's existential quantifiers: one per
//! message `m` a `Phase1b`/`Phase2b` can receive, and one per quorum `Q` and per maximal `m` in
//! `Q1bv` for `Phase2a`. (`\A a \in Q : \E m \in Q1b : m.acc = a` is evaluated as a condition:
//! an acceptor sends at most one 1b per ballot, so it has one witness.)
//!
//! The enabled actions and their effect are two functions, so the benchmark's stateright model
//! (benches/common/stateright_spec.rs) runs exactly this code under stateright's `actions` /
//! `next_state` split.

use paxos_playground::check::explore::{Expectation, Model, Property};
use std::collections::BTreeSet;

/// A message: the records of the spec's `Message` set. Acceptors and values are 0-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Msg {
    /// `[type |-> "1a", bal |-> bal]`
    OneA { bal: u8 },
    /// `[type |-> "1b", acc, bal, mbal, mval]`; `mbal = -1`, `mval = None` for no vote
    OneB {
        acc: u8,
        bal: u8,
        mbal: i8,
        mval: Option<u8>,
    },
    /// `[type |-> "2a", bal, val]`
    TwoA { bal: u8, val: u8 },
    /// `[type |-> "2b", acc, bal, val]`
    TwoB { acc: u8, bal: u8, val: u8 },
}

/// `<<maxBal, maxVBal, maxVal, msgs>>`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TwinState {
    pub max_bal: Vec<i8>,
    pub max_vbal: Vec<i8>,
    pub max_val: Vec<Option<u8>>,
    pub msgs: BTreeSet<Msg>,
}

/// One way to satisfy `Next`: the action, its parameters and its witnesses.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TwinAction {
    Phase1a {
        b: u8,
    },
    /// `Phase1b(a)` receiving the 1a message `m`.
    Phase1b {
        a: u8,
        m: Msg,
    },
    /// `Phase2a(b, v)` with quorum `q` and, when `Q1bv` is not empty, the maximal `m` in it.
    Phase2a {
        b: u8,
        v: u8,
        q: BTreeSet<u8>,
        m: Option<Msg>,
    },
    /// `Phase2b(a)` receiving the 2a message `m`.
    Phase2b {
        a: u8,
        m: Msg,
    },
}

/// The spec's constants (and a test-only bug).
#[derive(Clone, Debug)]
pub struct TwinSpec {
    pub acceptors: u8,
    pub values: u8,
    pub max_ballot: u8,
    /// Every set of exactly `acceptors / 2 + 1` acceptors, as MCPaxos defines `Quorum`.
    pub quorums: Vec<BTreeSet<u8>>,
    /// The broken spec: `Phase2a` without its second disjunction (ignores reported votes).
    pub ignore_votes: bool,
}

impl TwinSpec {
    pub fn new(acceptors: u8, values: u8, max_ballot: u8) -> TwinSpec {
        let size = acceptors / 2 + 1;
        let mut quorums = vec![BTreeSet::new()];
        for a in 0..acceptors {
            // All subsets, grown one acceptor at a time, then keep those of the right size.
            let with_a: Vec<_> = quorums
                .iter()
                .map(|q: &BTreeSet<u8>| {
                    let mut q = q.clone();
                    q.insert(a);
                    q
                })
                .collect();
            quorums.extend(with_a);
        }
        quorums.retain(|q| q.len() == usize::from(size));
        TwinSpec {
            acceptors,
            values,
            max_ballot,
            quorums,
            ignore_votes: false,
        }
    }

    pub fn broken(acceptors: u8, values: u8, max_ballot: u8) -> TwinSpec {
        TwinSpec {
            ignore_votes: true,
            ..TwinSpec::new(acceptors, values, max_ballot)
        }
    }

    /// `Init`.
    pub fn init(&self) -> TwinState {
        let n = usize::from(self.acceptors);
        TwinState {
            max_bal: vec![-1; n],
            max_vbal: vec![-1; n],
            max_val: vec![None; n],
            msgs: BTreeSet::new(),
        }
    }

    /// Every enabled instance of `Next` in `s`, with its witnesses.
    pub fn enabled(&self, s: &TwinState) -> Vec<TwinAction> {
        let mut actions = Vec::new();
        for b in 0..=self.max_ballot {
            // Phase1a(b) has no enabling condition.
            actions.push(TwinAction::Phase1a { b });
            for v in 0..self.values {
                // Phase2a(b, v): ~ \E m \in msgs : m.type = "2a" /\ m.bal = b
                if s.msgs
                    .iter()
                    .any(|m| matches!(m, Msg::TwoA { bal, .. } if *bal == b))
                {
                    continue;
                }
                for q in &self.quorums {
                    let q1b: Vec<Msg> = s
                        .msgs
                        .iter()
                        .filter(|m| matches!(m, Msg::OneB { acc, bal, .. } if q.contains(acc) && *bal == b))
                        .copied()
                        .collect();
                    let q1bv: Vec<Msg> = q1b
                        .iter()
                        .filter(|m| matches!(m, Msg::OneB { mbal, .. } if *mbal >= 0))
                        .copied()
                        .collect();
                    let all_promised = q.iter().all(|a| {
                        q1b.iter()
                            .any(|m| matches!(m, Msg::OneB { acc, .. } if acc == a))
                    });
                    if !all_promised {
                        continue;
                    }
                    if self.ignore_votes || q1bv.is_empty() {
                        actions.push(TwinAction::Phase2a {
                            b,
                            v,
                            q: q.clone(),
                            m: None,
                        });
                        continue;
                    }
                    for m in &q1bv {
                        let Msg::OneB { mbal, mval, .. } = *m else {
                            unreachable!()
                        };
                        let highest = q1bv.iter().all(
                            |mm| matches!(mm, Msg::OneB { mbal: other, .. } if mbal >= *other),
                        );
                        if mval == Some(v) && highest {
                            actions.push(TwinAction::Phase2a {
                                b,
                                v,
                                q: q.clone(),
                                m: Some(*m),
                            });
                        }
                    }
                }
            }
        }
        for a in 0..self.acceptors {
            let max_bal = i16::from(s.max_bal[usize::from(a)]);
            for m in &s.msgs {
                match *m {
                    // Phase1b(a): m.type = "1a" /\ m.bal > maxBal[a]
                    Msg::OneA { bal } if i16::from(bal) > max_bal => {
                        actions.push(TwinAction::Phase1b { a, m: *m });
                    }
                    // Phase2b(a): m.type = "2a" /\ m.bal >= maxBal[a]
                    Msg::TwoA { bal, .. } if i16::from(bal) >= max_bal => {
                        actions.push(TwinAction::Phase2b { a, m: *m });
                    }
                    _ => {}
                }
            }
        }
        actions
    }

    /// The state after `action` (which must be enabled in `s`).
    pub fn apply(&self, s: &TwinState, action: &TwinAction) -> TwinState {
        let mut next = s.clone();
        match action {
            TwinAction::Phase1a { b } => {
                next.msgs.insert(Msg::OneA { bal: *b });
            }
            TwinAction::Phase1b { a, m } => {
                let Msg::OneA { bal } = *m else {
                    unreachable!()
                };
                let i = usize::from(*a);
                next.max_bal[i] = bal as i8;
                next.msgs.insert(Msg::OneB {
                    acc: *a,
                    bal,
                    mbal: s.max_vbal[i],
                    mval: s.max_val[i],
                });
            }
            TwinAction::Phase2a { b, v, .. } => {
                next.msgs.insert(Msg::TwoA { bal: *b, val: *v });
            }
            TwinAction::Phase2b { a, m } => {
                let Msg::TwoA { bal, val } = *m else {
                    unreachable!()
                };
                let i = usize::from(*a);
                next.max_bal[i] = bal as i8;
                next.max_vbal[i] = bal as i8;
                next.max_val[i] = Some(val);
                next.msgs.insert(Msg::TwoB { acc: *a, bal, val });
            }
        }
        next
    }

    /// The values chosen in `s`: some ballot `b` and quorum `Q` all of which sent 2b(b, v).
    pub fn chosen(&self, s: &TwinState) -> BTreeSet<u8> {
        let mut chosen = BTreeSet::new();
        for b in 0..=self.max_ballot {
            for v in 0..self.values {
                if self.quorums.iter().any(|q| {
                    q.iter().all(|&acc| {
                        s.msgs.contains(&Msg::TwoB {
                            acc,
                            bal: b,
                            val: v,
                        })
                    })
                }) {
                    chosen.insert(v);
                }
            }
        }
        chosen
    }
}

impl Model for TwinSpec {
    type State = TwinState;
    type Action = TwinAction;

    fn init_states(&self) -> Vec<TwinState> {
        vec![self.init()]
    }

    fn next_states(&self, state: &TwinState, emit: &mut dyn FnMut(TwinAction, TwinState)) {
        for action in self.enabled(state) {
            let next = self.apply(state, &action);
            emit(action, next);
        }
    }

    fn properties(&self) -> Vec<Property<Self>> {
        vec![
            Property {
                name: "at most one value chosen",
                expectation: Expectation::Always,
                condition: |m, s| m.chosen(s).len() <= 1,
            },
            Property {
                name: "a value is chosen",
                expectation: Expectation::Sometimes,
                condition: |m, s| !m.chosen(s).is_empty(),
            },
        ]
    }
}
