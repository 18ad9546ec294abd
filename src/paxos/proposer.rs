//! The proposer: `propose`, `receivePromise` and `receiveNack` of the pseudocode.

use super::message::{Message, Request};
use super::number::{NodeId, ProposalNumber, Value};
use super::out::{Note, Out};
use super::pseudocode::Line;
use super::rules::Rules;
use std::collections::BTreeMap;

/// Where a proposer is in its current round. Lost on a crash.
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum ProposerPhase {
    /// No round in progress (`phase = 0`).
    Idle,
    /// Phase 1: Prepare sent, collecting promises.
    Preparing {
        /// This round's proposal number.
        n: ProposalNumber,
        /// The value the proposer would like chosen.
        my_value: Value,
        /// Promises received, per acceptor: what each had accepted before, if anything.
        promises: BTreeMap<NodeId, Option<(ProposalNumber, Value)>>,
    },
    /// Phase 2: Accept sent for `value`.
    Accepting {
        /// This round's proposal number.
        n: ProposalNumber,
        /// The value sent in Accept (its own or one adopted from the promises).
        value: Value,
    },
}

/// Why [`Proposer::propose`] refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProposeError {
    /// Every round number up to `u32::MAX` has been used.
    RoundsExhausted,
}

/// A proposer. `round` and `highest_round_seen` are its stable storage; `phase` is lost on a crash.
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Proposer {
    me: NodeId,
    acceptors: Vec<NodeId>,
    /// The switches that change how it proposes, and the phase-1 quorum.
    rules: Rules,
    /// The highest round this proposer has used; it never reuses one, even after a crash.
    pub round: u32,
    /// The highest round it has seen in a Nack; its next round goes above it.
    pub highest_round_seen: u32,
    /// The current round, if any.
    pub phase: ProposerPhase,
}

impl Proposer {
    /// A proposer with id `me` that sends to `acceptors`, running correct Paxos.
    pub fn new(me: NodeId, acceptors: Vec<NodeId>) -> Self {
        Proposer::with_rules(me, acceptors, Rules::default())
    }

    /// A proposer with id `me` that sends to `acceptors` and follows `rules`.
    pub fn with_rules(me: NodeId, acceptors: Vec<NodeId>, rules: Rules) -> Self {
        Proposer {
            me,
            acceptors,
            rules,
            round: 0,
            highest_round_seen: 0,
            phase: ProposerPhase::Idle,
        }
    }

    /// Phase 1a: starts a new round for `value` with a number above any used or seen, and
    /// sends Prepare to every acceptor. (The article says "a majority"; sending to all is
    /// allowed and lets any majority answer.) Abandons a round in progress.
    pub fn propose(&mut self, value: Value, out: &mut Out) -> Result<ProposalNumber, ProposeError> {
        let round = self
            .round
            .max(self.highest_round_seen)
            .checked_add(1)
            .ok_or(ProposeError::RoundsExhausted)?;
        self.round = round;
        out.line(Line::ProposeNextRound);
        let n = if self.rules.non_unique_numbers {
            ProposalNumber::round_only(round) // switch 2: not unique across proposers
        } else {
            ProposalNumber::new(round, self.me)
        };
        out.line(Line::ProposeNumber);
        self.phase = ProposerPhase::Preparing {
            n,
            my_value: value.clone(),
            promises: BTreeMap::new(),
        };
        out.line(Line::ProposeRemember);
        out.note(Note::Proposed { n, value });
        for &acceptor in &self.acceptors {
            out.send(acceptor, Message::Prepare { n });
        }
        out.line(Line::ProposeSendPrepare);
        Ok(n)
    }

    /// Phase 1b arriving: counts the promise; on a majority, picks the value of the
    /// highest-numbered accepted proposal reported (or its own) and sends Accept (phase 2a).
    pub fn receive_promise(
        &mut self,
        from: NodeId,
        n: ProposalNumber,
        accepted: Option<(ProposalNumber, Value)>,
        out: &mut Out,
    ) {
        out.line(Line::PromiseCheckCurrent);
        let needed = self.rules.phase1_quorum(self.acceptors.len());
        let ProposerPhase::Preparing {
            n: current,
            my_value,
            promises,
        } = &mut self.phase
        else {
            out.line(Line::PromiseIgnoreStale);
            out.note(Note::IgnoredStale {
                from,
                reason: "not collecting promises (phase is not 1)",
            });
            return;
        };
        if n != *current {
            out.line(Line::PromiseIgnoreStale);
            out.note(Note::IgnoredStale {
                from,
                reason: "a promise for an older round",
            });
            return;
        }
        promises.insert(from, accepted);
        out.line(Line::PromiseRecord);
        out.line(Line::PromiseMajority);
        out.note(Note::CountedPromise {
            from,
            n,
            count: promises.len(),
            needed,
        });
        if promises.len() < needed {
            return;
        }
        // Among the promises, the accepted proposal with the highest number, if any.
        let highest = promises
            .values()
            .flatten()
            .max_by_key(|(number, _)| *number)
            .cloned();
        out.line(Line::PromisePickHighest);
        let (value, adopted, ignored) = match highest {
            // Switch 1 skips this: the proposer overrides what may already be chosen.
            Some((number, _)) if self.rules.ignore_accepted_values => {
                (my_value.clone(), None, Some(number))
            }
            Some((number, value)) => (value, Some(number), None),
            None => (my_value.clone(), None, None),
        };
        out.line(Line::PromisePickValue);
        self.phase = ProposerPhase::Accepting {
            n,
            value: value.clone(),
        };
        out.note(Note::StartedAccept {
            n,
            value: value.clone(),
            adopted,
            ignored,
        });
        for &acceptor in &self.acceptors {
            out.send(
                acceptor,
                Message::Accept {
                    n,
                    value: value.clone(),
                },
            );
        }
        out.line(Line::PromiseSendAccept);
    }

    /// A Nack arriving: remembers the promise's round, so the next proposal goes above it
    /// (even a stale Nack says that much). If it refuses the request of the current round and
    /// phase, gives up the round. A late refusal of the Prepare, arriving in phase 2, does not:
    /// the round can still succeed with the acceptors that promised.
    pub fn receive_nack(
        &mut self,
        from: NodeId,
        n: ProposalNumber,
        promised: ProposalNumber,
        refused: Request,
        out: &mut Out,
    ) {
        self.highest_round_seen = self.highest_round_seen.max(promised.round);
        out.line(Line::NackRememberHigher);
        out.line(Line::NackCurrentRequest);
        let current = match &self.phase {
            ProposerPhase::Idle => None,
            ProposerPhase::Preparing { n, .. } => Some((*n, Request::Prepare)),
            ProposerPhase::Accepting { n, .. } => Some((*n, Request::Accept)),
        };
        out.line(Line::NackCheckCurrent);
        if current != Some((n, refused)) || promised == n {
            out.line(Line::NackIgnoreStale);
            let reason = if current.map(|(number, _)| number) != Some(n) {
                "a refusal of a round it is no longer running"
            } else if promised == n {
                "a refusal of a repeated Prepare of this round, which it had already promised"
            } else {
                "a late refusal of phase 1; phase 2 is under way"
            };
            out.note(Note::IgnoredStale { from, reason });
            return;
        }
        self.phase = ProposerPhase::Idle;
        out.line(Line::NackGiveUp);
        out.note(Note::GaveUp { n, promised });
    }

    /// A crash: the round in progress is lost; `round` and `highest_round_seen` are kept, so
    /// the proposer never reuses a number.
    pub fn crash(&mut self) {
        self.phase = ProposerPhase::Idle;
    }

    /// Renames the nodes it knows (itself, its acceptors, who promised), for the model
    /// checker's symmetry reduction. `rename` must be a permutation that fixes every proposer,
    /// so proposal numbers keep their meaning.
    pub fn relabel(&mut self, rename: &dyn Fn(NodeId) -> NodeId) {
        self.me = rename(self.me);
        for acceptor in &mut self.acceptors {
            *acceptor = rename(*acceptor);
        }
        self.acceptors.sort();
        if let ProposerPhase::Preparing { promises, .. } = &mut self.phase {
            *promises = std::mem::take(promises)
                .into_iter()
                .map(|(from, accepted)| (rename(from), accepted))
                .collect();
        }
    }

    /// The number of the round in progress, if any.
    pub fn current_number(&self) -> Option<ProposalNumber> {
        match &self.phase {
            ProposerPhase::Idle => None,
            ProposerPhase::Preparing { n, .. } | ProposerPhase::Accepting { n, .. } => Some(*n),
        }
    }
}
