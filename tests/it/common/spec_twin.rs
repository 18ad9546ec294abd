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
//!
//! The properties TLC checks on MCPaxos are written again here too, conjunct by conjunct on the
//! plain variables: `TypeOK`, `Inv` (Paxos.tla), and the refinement of Voting (Voting.tla's
//! `Next` under the mapping `votes`, `maxBal`, or a step that leaves both unchanged). The fast
//! model evaluates some conjuncts by construction of its encoding; these evaluate them all.

use paxos_playground::check::explore::{Expectation, Model, NotApplicable, Property, StepProperty};
use paxos_playground::check::spec::{AGREEMENT, CHOSEN, INV, REFINEMENT, TYPE_OK};
use std::collections::BTreeSet;

/// `votes[a]` of Voting, as Paxos.tla defines it: the `<<bal, val>>` of each 2b `a` sent.
pub type Votes = Vec<BTreeSet<(u8, u8)>>;

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

/// The properties, literally.
impl TwinSpec {
    /// `votes`: for each acceptor, `{<<m.bal, m.val>> : m \in msgs, m.type = "2b", m.acc = a}`.
    pub fn votes(&self, s: &TwinState) -> Votes {
        (0..self.acceptors)
            .map(|a| {
                s.msgs
                    .iter()
                    .filter_map(|m| match *m {
                        Msg::TwoB { acc, bal, val } if acc == a => Some((bal, val)),
                        _ => None,
                    })
                    .collect()
            })
            .collect()
    }

    /// `TypeOK`: maxBal and maxVBal in `Ballot \cup {-1}`, maxVal in `Value \cup {None}`,
    /// and every message a record of `Message` (Ballot is 0..MaxBallot, as MCPaxos overrides it).
    pub fn type_ok(&self, s: &TwinState) -> bool {
        let n = usize::from(self.acceptors);
        let ballot = |b: u8| b <= self.max_ballot;
        let ballot_or_none = |b: i8| (-1..=self.max_ballot as i8).contains(&b);
        let value = |v: u8| v < self.values;
        let acceptor = |a: u8| a < self.acceptors;
        s.max_bal.len() == n
            && s.max_vbal.len() == n
            && s.max_val.len() == n
            && s.max_bal.iter().all(|&b| ballot_or_none(b))
            && s.max_vbal.iter().all(|&b| ballot_or_none(b))
            && s.max_val.iter().all(|v| v.is_none_or(value))
            && s.msgs.iter().all(|m| match *m {
                Msg::OneA { bal } => ballot(bal),
                Msg::OneB {
                    acc,
                    bal,
                    mbal,
                    mval,
                } => acceptor(acc) && ballot(bal) && ballot_or_none(mbal) && mval.is_none_or(value),
                Msg::TwoA { bal, val } => ballot(bal) && value(val),
                Msg::TwoB { acc, bal, val } => acceptor(acc) && ballot(bal) && value(val),
            })
    }

    /// Voting's `ShowsSafeAt(Q, b, v)` for `votes` and `maxBal`, word for word: every acceptor
    /// of Q has maxBal >= b, and some c in -1..b-1 has (c /= -1 => an acceptor of Q voted for v
    /// in c) and no acceptor of Q voted in any ballot d in c+1..b-1.
    pub fn shows_safe_at(
        &self,
        votes: &Votes,
        max_bal: &[i8],
        q: &BTreeSet<u8>,
        b: u8,
        v: u8,
    ) -> bool {
        let voted_for = |a: u8, c: u8, v: u8| votes[usize::from(a)].contains(&(c, v));
        let did_not_vote_at = |a: u8, d: u8| (0..self.values).all(|w| !voted_for(a, d, w));
        let b = i16::from(b);
        q.iter().all(|&a| i16::from(max_bal[usize::from(a)]) >= b)
            && (-1..b).any(|c| {
                (c == -1 || q.iter().any(|&a| voted_for(a, c as u8, v)))
                    && (c + 1..b).all(|d| q.iter().all(|&a| did_not_vote_at(a, d as u8)))
            })
    }

    /// Paxos.tla's `Inv`, every conjunct.
    pub fn inv(&self, s: &TwinState) -> bool {
        self.inv_failures(s).is_empty()
    }

    /// The conjuncts of `Inv` that are false in `s`, by name (`TypeOK` alone if it is false:
    /// the others read the variables as their types say).
    pub fn inv_failures(&self, s: &TwinState) -> Vec<&'static str> {
        if !self.type_ok(s) {
            return vec!["TypeOK"];
        }
        let votes = self.votes(s);
        let mut failures = Vec::new();
        let mut conjunct = |name: &'static str, holds: bool| {
            if !holds && !failures.contains(&name) {
                failures.push(name);
            }
        };
        for (a, votes) in votes.iter().enumerate() {
            conjunct("maxBal >= maxVBal", s.max_bal[a] >= s.max_vbal[a]);
            conjunct(
                "<<maxVBal, maxVal>> is a vote",
                match s.max_vbal[a] {
                    -1 => s.max_val[a].is_none(),
                    b => s.max_val[a].is_some_and(|v| votes.contains(&(b as u8, v))),
                },
            );
        }
        for m in &s.msgs {
            match *m {
                Msg::OneA { .. } => {}
                Msg::OneB {
                    acc,
                    bal,
                    mbal,
                    mval,
                } => {
                    let acc = usize::from(acc);
                    conjunct("1b: maxBal >= bal", s.max_bal[acc] >= bal as i8);
                    conjunct(
                        "1b: its vote was cast",
                        mbal < 0 || mval.is_some_and(|v| votes[acc].contains(&(mbal as u8, v))),
                    );
                }
                Msg::TwoA { bal, val } => {
                    conjunct(
                        "2a: ShowsSafeAt",
                        self.quorums
                            .iter()
                            .any(|q| self.shows_safe_at(&votes, &s.max_bal, q, bal, val)),
                    );
                    conjunct(
                        "2a: one value per ballot",
                        s.msgs.iter().all(|mm| match *mm {
                            Msg::TwoA { bal: b, val: v } if b == bal => v == val,
                            _ => true,
                        }),
                    );
                }
                Msg::TwoB { acc, bal, val } => {
                    conjunct(
                        "2b: maxVBal >= bal",
                        s.max_vbal[usize::from(acc)] >= bal as i8,
                    );
                    conjunct(
                        "2b: its 2a was sent",
                        s.msgs.contains(&Msg::TwoA { bal, val }),
                    );
                }
            }
        }
        failures
    }

    /// Whether the step from `s` to `t` is `[Next]_<<votes, maxBal>>` of Voting under the
    /// mapping: `\E a \in Acceptor, b \in Ballot : IncreaseMaxBal(a, b) \/ \E v \in Value :
    /// VoteFor(a, b, v)`, or `<<votes, maxBal>>` unchanged. Every (a, b, v) is tried.
    pub fn refines_voting(&self, s: &TwinState, t: &TwinState) -> bool {
        let (votes, votes_next) = (self.votes(s), self.votes(t));
        let (max_bal, max_bal_next) = (&s.max_bal, &t.max_bal);
        if votes == votes_next && max_bal == max_bal_next {
            return true;
        }
        (0..self.acceptors).any(|a| {
            let i = usize::from(a);
            (0..=self.max_ballot).any(|b| {
                let mut except = max_bal.clone(); // [maxBal EXCEPT ![a] = b]
                except[i] = b as i8;
                let increase_max_bal = i16::from(b) > i16::from(max_bal[i])
                    && *max_bal_next == except
                    && votes_next == votes;
                let vote_for = |v: u8| {
                    let mut with_vote = votes.clone();
                    with_vote[i].insert((b, v));
                    i16::from(max_bal[i]) <= i16::from(b)
                        && votes[i].iter().all(|vt| vt.0 != b)
                        && (0..self.acceptors).filter(|&c| c != a).all(|c| {
                            votes[usize::from(c)]
                                .iter()
                                .all(|vt| vt.0 != b || vt.1 == v)
                        })
                        && self
                            .quorums
                            .iter()
                            .any(|q| self.shows_safe_at(&votes, max_bal, q, b, v))
                        && votes_next == with_vote
                        && *max_bal_next == except
                };
                increase_max_bal || (0..self.values).any(vote_for)
            })
        })
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
        let mut properties: Vec<Property<Self>> = vec![
            Property {
                name: TYPE_OK,
                expectation: Expectation::Always,
                condition: |m, s| m.type_ok(s),
            },
            Property {
                name: INV,
                expectation: Expectation::Always,
                condition: |m, s| m.inv(s),
            },
            Property {
                name: AGREEMENT,
                expectation: Expectation::Always,
                condition: |m, s| m.chosen(s).len() <= 1,
            },
            Property {
                name: CHOSEN,
                expectation: Expectation::Sometimes,
                condition: |m, s| !m.chosen(s).is_empty(),
            },
        ];
        if self.values < 2 {
            properties.retain(|p| p.name != AGREEMENT);
        }
        properties
    }

    fn step_properties(&self) -> Vec<StepProperty<Self>> {
        vec![StepProperty {
            name: REFINEMENT,
            condition: |m, s, t| m.refines_voting(s, t),
        }]
    }

    fn not_applicable(&self) -> Vec<NotApplicable> {
        match self.values {
            0 | 1 => vec![NotApplicable {
                property: AGREEMENT,
                why: "one value".to_string(),
            }],
            _ => Vec::new(),
        }
    }
}
