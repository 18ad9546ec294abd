//! What a handler decided, as data: messages to send, lines executed, and notes for the log.

use super::message::Message;
use super::number::{NodeId, ProposalNumber, Value};
use super::pseudocode::Line;

/// A fact a handler reports for the event log; the simulator turns it into words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// A proposer started phase 1 with number `n` for its own value.
    Proposed {
        /// The new proposal number.
        n: ProposalNumber,
        /// The proposer's own value.
        value: Value,
    },
    /// An acceptor promised `n` to `to`, reporting what it had accepted before.
    Promised {
        /// The number promised.
        n: ProposalNumber,
        /// The proposer it promised.
        to: NodeId,
        /// What it had accepted before, if anything.
        previously: Option<(ProposalNumber, Value)>,
    },
    /// An acceptor ignored a Prepare because it had promised at least as much.
    IgnoredPrepare {
        /// The Prepare's number.
        n: ProposalNumber,
        /// The proposer that sent it.
        from: NodeId,
        /// The acceptor's promise.
        promised: ProposalNumber,
    },
    /// An acceptor accepted `value` under `n`.
    Accepted {
        /// The number accepted.
        n: ProposalNumber,
        /// The value accepted.
        value: Value,
    },
    /// An acceptor ignored an Accept because it had promised a higher number.
    IgnoredAccept {
        /// The Accept's number.
        n: ProposalNumber,
        /// The proposer that sent it.
        from: NodeId,
        /// The acceptor's promise.
        promised: ProposalNumber,
    },
    /// A proposer counted a promise for its current number.
    CountedPromise {
        /// The acceptor that promised.
        from: NodeId,
        /// The number promised.
        n: ProposalNumber,
        /// Distinct promises so far.
        count: usize,
        /// Promises needed: a majority of acceptors.
        needed: usize,
    },
    /// A proposer heard from a majority and sent Accept: `adopted` says whose value it took.
    StartedAccept {
        /// The proposal number.
        n: ProposalNumber,
        /// The value it asks acceptors to accept.
        value: Value,
        /// The highest-numbered accepted proposal reported in the promises, if any; its value
        /// is `value`. None means the proposer was free to use its own value.
        adopted: Option<ProposalNumber>,
        /// The highest-numbered accepted proposal reported, when switch 1 made the proposer
        /// ignore it and send its own value.
        ignored: Option<ProposalNumber>,
    },
    /// A proposer gave up its round because an acceptor had promised a higher number.
    GaveUp {
        /// The abandoned number.
        n: ProposalNumber,
        /// The higher promise it learned of.
        promised: ProposalNumber,
    },
    /// A message arrived that no longer matters to its receiver (an old round, a duplicate).
    IgnoredStale {
        /// The sender.
        from: NodeId,
        /// Why it was ignored, in words.
        reason: &'static str,
    },
    /// A learner counted an Accepted message.
    CountedAccepted {
        /// The acceptor that accepted.
        from: NodeId,
        /// The proposal number.
        n: ProposalNumber,
        /// Distinct acceptors known to have accepted `n`.
        count: usize,
        /// Acceptors needed: a majority.
        needed: usize,
    },
    /// A learner learned that `value` is chosen: a majority accepted proposal `n`.
    Learned {
        /// The proposal number a majority accepted.
        n: ProposalNumber,
        /// The chosen value.
        value: Value,
    },
}

/// The output buffer a handler writes into. Handlers never call out; they append here.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Out {
    /// Messages to send, in order: (destination, message).
    pub sends: Vec<(NodeId, Message)>,
    /// The pseudocode lines executed, in order.
    pub lines: Vec<Line>,
    /// Facts for the event log.
    pub notes: Vec<Note>,
}

impl Out {
    /// Records that `line` of the pseudocode ran.
    pub fn line(&mut self, line: Line) {
        self.lines.push(line);
    }

    /// Queues `msg` for `to`.
    pub fn send(&mut self, to: NodeId, msg: Message) {
        self.sends.push((to, msg));
    }

    /// Records a fact for the event log.
    pub fn note(&mut self, note: Note) {
        self.notes.push(note);
    }
}
