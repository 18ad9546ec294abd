//! Lamport's Paxos.tla as stateright models, for the benchmark (benches/spec_vs_stateright.rs)
//! and for the test that stateright finds the same states as ours (tests/it/spec.rs). Both files
//! include this one next to tests/it/common/spec_twin.rs, whose state and action types it uses.
//!
//! - [`PlainSpec`] is the spec as a stateright user would write it: the four variables as
//!   plain fields (`Vec`s and a `BTreeSet` of message records: the twin's [`TwinState`]),
//!   `actions` listing every enabled instance of `Next` with TLC's witnesses, `next_state`
//!   applying one. Its `actions` reads `msgs` once per state (not the twin's literal,
//!   quadratic reading), so stateright is not slowed by a deliberately naive model.
//! - [`PackedSpec`] runs our own packed [`SpecModel`] under stateright (each action carries
//!   the state it leads to), to separate what the state encoding buys from what the explorer
//!   buys.

use crate::spec_twin::{Msg, TwinAction, TwinSpec, TwinState};
use paxos_playground::check::explore::Model as _;
use paxos_playground::check::spec::{SpecAction, SpecModel, SpecState};
use stateright::{Model, Property};

/// The spec with plain state, for stateright.
pub struct PlainSpec {
    /// The constants (and quorums) of the spec.
    pub spec: TwinSpec,
}

impl Model for PlainSpec {
    type State = TwinState;
    type Action = TwinAction;

    fn init_states(&self) -> Vec<TwinState> {
        vec![self.spec.init()]
    }

    fn actions(&self, s: &TwinState, actions: &mut Vec<TwinAction>) {
        let spec = &self.spec;
        let ballots = usize::from(spec.max_ballot) + 1;
        let n = usize::from(spec.acceptors);
        // One pass over msgs: which 2a exist, and each acceptor's 1b per ballot.
        let mut two_a = vec![false; ballots];
        let mut one_b: Vec<Vec<Option<Msg>>> = vec![vec![None; n]; ballots];
        for m in &s.msgs {
            match *m {
                Msg::TwoA { bal, .. } => two_a[usize::from(bal)] = true,
                Msg::OneB { acc, bal, .. } => one_b[usize::from(bal)][usize::from(acc)] = Some(*m),
                _ => {}
            }
        }
        for b in 0..ballots {
            actions.push(TwinAction::Phase1a { b: b as u8 });
            if two_a[b] {
                continue;
            }
            for q in &spec.quorums {
                let q1b: Vec<Msg> = q.iter().filter_map(|&a| one_b[b][usize::from(a)]).collect();
                if q1b.len() < q.len() {
                    continue;
                }
                let mbal_of = |m: &Msg| match *m {
                    Msg::OneB { mbal, .. } => mbal,
                    _ => unreachable!(),
                };
                let highest = q1b.iter().map(mbal_of).max().unwrap_or(-1);
                for v in 0..spec.values {
                    if spec.ignore_votes || highest < 0 {
                        actions.push(TwinAction::Phase2a {
                            b: b as u8,
                            v,
                            q: q.clone(),
                            m: None,
                        });
                        continue;
                    }
                    for m in &q1b {
                        if matches!(*m, Msg::OneB { mbal, mval, .. } if mbal == highest && mval == Some(v))
                        {
                            actions.push(TwinAction::Phase2a {
                                b: b as u8,
                                v,
                                q: q.clone(),
                                m: Some(*m),
                            });
                        }
                    }
                }
            }
        }
        for a in 0..spec.acceptors {
            let max_bal = i16::from(s.max_bal[usize::from(a)]);
            for m in &s.msgs {
                match *m {
                    Msg::OneA { bal } if i16::from(bal) > max_bal => {
                        actions.push(TwinAction::Phase1b { a, m: *m });
                    }
                    Msg::TwoA { bal, .. } if i16::from(bal) >= max_bal => {
                        actions.push(TwinAction::Phase2b { a, m: *m });
                    }
                    _ => {}
                }
            }
        }
    }

    fn next_state(&self, s: &TwinState, action: TwinAction) -> Option<TwinState> {
        Some(self.spec.apply(s, &action))
    }

    fn properties(&self) -> Vec<Property<Self>> {
        vec![
            Property::always("at most one value chosen", |m: &PlainSpec, s| {
                m.spec.chosen(s).len() <= 1
            }),
            Property::sometimes("a value is chosen", |m: &PlainSpec, s| {
                !m.spec.chosen(s).is_empty()
            }),
        ]
    }
}

/// Our packed model under stateright.
pub struct PackedSpec {
    /// Our model.
    pub model: SpecModel,
}

impl Model for PackedSpec {
    type State = SpecState;
    /// The action and the state it leads to (our model computes both at once).
    type Action = (SpecAction, SpecState);

    fn init_states(&self) -> Vec<SpecState> {
        self.model.init_states()
    }

    fn actions(&self, s: &SpecState, actions: &mut Vec<(SpecAction, SpecState)>) {
        self.model
            .next_states(s, &mut |action, next| actions.push((action, next)));
    }

    fn next_state(&self, _: &SpecState, action: (SpecAction, SpecState)) -> Option<SpecState> {
        Some(action.1)
    }

    fn properties(&self) -> Vec<Property<Self>> {
        vec![
            Property::always("at most one value chosen", |m: &PackedSpec, s| {
                m.model.chosen_count(s) <= 1
            }),
            Property::sometimes("a value is chosen", |m: &PackedSpec, s| {
                m.model.chosen_count(s) > 0
            }),
        ]
    }
}
