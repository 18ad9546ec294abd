//! The messages of single-decree Paxos.

use super::number::{ProposalNumber, Value};
use serde::Serialize;

/// A message between roles. Names follow the article; comments give Paxos' phase names.
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Message {
    /// Phase 1a: a proposer asks acceptors to promise to ignore proposals numbered below `n`.
    Prepare {
        /// The proposal number being prepared.
        n: ProposalNumber,
    },
    /// Phase 1b: an acceptor promises `n`, reporting the proposal it accepted last, if any.
    Promise {
        /// The proposal number promised.
        n: ProposalNumber,
        /// The highest-numbered proposal this acceptor had accepted: (number, value).
        accepted: Option<(ProposalNumber, Value)>,
    },
    /// Phase 2a: a proposer asks acceptors to accept `value` under number `n`.
    Accept {
        /// The proposal number.
        n: ProposalNumber,
        /// The value proposed.
        value: Value,
    },
    /// Phase 2b: an acceptor tells the learners it accepted `value` under number `n`.
    Accepted {
        /// The proposal number accepted.
        n: ProposalNumber,
        /// The value accepted.
        value: Value,
    },
    /// Not in the article: an acceptor ignored a Prepare or Accept numbered `n` because it had
    /// promised `promised`. Paxos Made Simple suggests it so the proposer can retry sooner.
    Nack {
        /// The number of the request that was ignored.
        n: ProposalNumber,
        /// The acceptor's promise, which the proposer must exceed next time.
        promised: ProposalNumber,
        /// Which request was ignored, so a late refusal of phase 1 does not end phase 2.
        refused: Request,
    },
}

/// The two requests a proposer makes, which an acceptor may refuse with a Nack.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Request {
    /// Phase 1a.
    Prepare,
    /// Phase 2a.
    Accept,
}

/// The type of a [`Message`] without its fields, for display and filtering.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum MessageKind {
    /// See [`Message::Prepare`].
    Prepare,
    /// See [`Message::Promise`].
    Promise,
    /// See [`Message::Accept`].
    Accept,
    /// See [`Message::Accepted`].
    Accepted,
    /// See [`Message::Nack`].
    Nack,
}

impl Message {
    /// The type of this message.
    pub fn kind(&self) -> MessageKind {
        match self {
            Message::Prepare { .. } => MessageKind::Prepare,
            Message::Promise { .. } => MessageKind::Promise,
            Message::Accept { .. } => MessageKind::Accept,
            Message::Accepted { .. } => MessageKind::Accepted,
            Message::Nack { .. } => MessageKind::Nack,
        }
    }

    /// The proposal number this message is about.
    pub fn number(&self) -> ProposalNumber {
        match self {
            Message::Prepare { n }
            | Message::Promise { n, .. }
            | Message::Accept { n, .. }
            | Message::Accepted { n, .. }
            | Message::Nack { n, .. } => *n,
        }
    }
}
