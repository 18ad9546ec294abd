//! The learner: `receiveAccepted` of the pseudocode.

use super::number::{NodeId, ProposalNumber, Value};
use super::out::{Note, Out};
use super::pseudocode::Line;
use std::collections::{BTreeMap, BTreeSet};

/// A learner. It keeps nothing across a crash: after a restart it learns again from new
/// Accepted messages.
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Learner {
    majority: usize,
    /// `acceptedBy`: per proposal (number and value), the acceptors known to have accepted it.
    /// Keyed by the value too: with the non-unique-numbers switch two proposals can share a
    /// number. Public so the model checker can store it compactly and restore it.
    pub accepted_by: BTreeMap<(ProposalNumber, Value), BTreeSet<NodeId>>,
    /// The value learned to be chosen, with the number a majority accepted.
    pub learned: Option<(ProposalNumber, Value)>,
}

impl Learner {
    /// A learner that needs `majority` acceptors to accept the same number.
    pub fn new(majority: usize) -> Self {
        Learner {
            majority,
            accepted_by: BTreeMap::new(),
            learned: None,
        }
    }

    /// Counts `from`'s acceptance of `(n, value)`; learns `value` once a majority of acceptors
    /// accepted the same number `n`. Duplicates do not count twice.
    pub fn receive_accepted(
        &mut self,
        from: NodeId,
        n: ProposalNumber,
        value: Value,
        out: &mut Out,
    ) {
        let acceptors = self.accepted_by.entry((n, value.clone())).or_default();
        acceptors.insert(from);
        let count = acceptors.len();
        out.line(Line::AcceptedRecord);
        out.line(Line::AcceptedMajority);
        out.note(Note::CountedAccepted {
            from,
            n,
            count,
            needed: self.majority,
        });
        if count >= self.majority && self.learned.is_none() {
            self.learned = Some((n, value.clone()));
            out.line(Line::AcceptedLearn);
            out.note(Note::Learned { n, value });
        }
    }

    /// Renames the acceptors it counted, for the model checker's symmetry reduction.
    pub fn relabel(&mut self, rename: &dyn Fn(NodeId) -> NodeId) {
        for acceptors in self.accepted_by.values_mut() {
            *acceptors = acceptors.iter().map(|a| rename(*a)).collect();
        }
    }

    /// A crash: everything counted is lost.
    pub fn crash(&mut self) {
        *self = Learner::new(self.majority);
    }
}
