//! The protocol: single-decree Paxos as pure state machines.
//!
//! Each role is a plain struct whose handlers are named after the article's pseudocode
//! (`receive_prepare` mirrors `receivePrepare`). A handler takes one message and writes what it
//! decided into an [`Out`] buffer: messages to send, the pseudocode lines it executed and a
//! narrative [`Note`] for the event log. Nothing here does I/O, reads a clock or draws a random
//! number, so the simulator, the tests and (later) the model checker all drive the same code.
//!
//! Where the article is loose, this module follows Lamport's "Paxos Made Simple":
//! - proposal numbers are `(round, proposer)` pairs, unique across proposers ([`ProposalNumber`]);
//! - the article's "Phase 1: Prepare" and "Phase 2: Promise" are the two halves of Paxos' phase 1
//!   (1a and 1b); its "Accept" and "Accepted" are phase 2 (2a and 2b);
//! - an acceptor that accepts proposal `n` has also promised `n`;
//! - an acceptor that ignores a request answers [`Message::Nack`] so the proposer can retry.

mod acceptor;
mod learner;
mod message;
mod node;
mod number;
mod out;
mod proposer;
mod pseudocode;
mod rules;
mod verdict;

pub use acceptor::Acceptor;
pub use learner::Learner;
pub use message::{Message, MessageKind, Request};
pub use node::{Node, Roles};
pub use number::{NodeId, ProposalNumber, Value};
pub use out::{Note, Out};
pub use proposer::{ProposeError, Proposer, ProposerPhase};
pub use pseudocode::{changed_lines, ChangedLine, Line, PSEUDOCODE};
pub use rules::{largest_minority, Rules, Switch, SWITCHES};
pub use verdict::{verdict, Reason, Runs, Verdict};

/// The number of acceptors that forms a majority of `acceptor_count`: more than half.
pub fn majority(acceptor_count: usize) -> usize {
    acceptor_count / 2 + 1
}
