//! What the world observed that safety depends on, stamped with the step it happened at.
//! The simulator only records; `check` judges. Kept apart from the protocol state so that a
//! checker can also be tested on facts built by hand.

use crate::paxos::{NodeId, ProposalNumber, Value};
use std::collections::BTreeSet;

/// Safety-relevant observations of one run, in the order they happened.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SafetyFacts {
    /// Every proposal a majority of acceptors accepted: (step, number, value).
    pub chosen: Vec<(u64, ProposalNumber, Value)>,
    /// Every value a proposer proposed.
    pub proposed: BTreeSet<Value>,
    /// Every time a learner learned: (step, learner, value).
    pub learned: Vec<(u64, NodeId, Value)>,
    /// Every time an acceptor's promise went down: (step, acceptor, before, after).
    pub promise_drops: Vec<(u64, NodeId, ProposalNumber, Option<ProposalNumber>)>,
    /// Every acceptance of a number below the acceptor's promise at the time:
    /// (step, acceptor, accepted number, promise).
    pub accepts_below_promise: Vec<(u64, NodeId, ProposalNumber, ProposalNumber)>,
}
