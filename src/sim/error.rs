//! Errors for invalid actions: each says what was wrong and what is allowed.

use super::limits::{MAX_LISTED_IDS, MAX_VALUE_CHARS};
use super::text::quoted;
use std::fmt;

/// An action or config the world refused. The world is unchanged after any of these.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SimError {
    /// No node has this name.
    UnknownNode {
        /// The name given.
        given: String,
        /// The names that exist.
        known: Vec<String>,
    },
    /// The node cannot propose.
    NotAProposer {
        /// The node named.
        node: String,
        /// The nodes that can.
        proposers: Vec<String>,
    },
    /// The node is crashed and cannot act.
    NodeDown {
        /// The node named.
        node: String,
    },
    /// Crash of a node already crashed.
    AlreadyDown {
        /// The node named.
        node: String,
    },
    /// Restart of a node that is running.
    AlreadyUp {
        /// The node named.
        node: String,
    },
    /// No message with this id is in flight.
    UnknownMessage {
        /// The id given.
        id: u64,
        /// The ids in flight.
        in_flight: Vec<u64>,
    },
    /// An empty (or blank) value.
    EmptyValue,
    /// A value longer than allowed.
    ValueTooLong {
        /// Its length in characters.
        chars: usize,
        /// The most allowed.
        max: usize,
    },
    /// A value with a control character (such as a newline).
    ValueHasControlCharacter,
    /// The proposer has used every round number.
    RoundsExhausted {
        /// The node named.
        node: String,
    },
    /// No built-in scenario has this name.
    UnknownScenario {
        /// The name given.
        given: String,
        /// The names that exist.
        known: Vec<String>,
    },
    /// Hold of a message already held.
    AlreadyHeld {
        /// The envelope id.
        id: u64,
    },
    /// Release of a message that is not held.
    NotHeld {
        /// The envelope id.
        id: u64,
    },
    /// A link from a node to itself.
    SelfLink {
        /// The node named.
        node: String,
    },
    /// Cut of a link already cut.
    LinkAlreadyCut {
        /// Sender.
        from: String,
        /// Receiver.
        to: String,
    },
    /// Heal of a link that is up.
    LinkNotCut {
        /// Sender.
        from: String,
        /// Receiver.
        to: String,
    },
    /// Heal all when no link is cut.
    NothingCut,
    /// A duplicate when the network carries as many messages as it may.
    NetworkFull {
        /// The most messages in flight.
        max: usize,
    },
    /// A partition that does not split the nodes into groups.
    BadPartition {
        /// What is wrong and what is allowed.
        reason: String,
    },
    /// A seek to an event step the run does not have.
    NoSuchStep {
        /// The step asked for.
        step: u64,
        /// The steps the shown world has taken.
        steps: u64,
    },
    /// A built-in scenario's opening moves, refused under other rules or another seed (they
    /// name messages by id, and other quorums send other messages).
    SetupRefused {
        /// The scenario's name.
        scenario: String,
        /// Which opening move, from 1.
        index: usize,
        /// The move, in words.
        action: String,
        /// Why the world refused it.
        reason: String,
    },
    /// A shared run (URL text or file) that cannot be read or replayed.
    BadRun {
        /// What is wrong.
        reason: String,
    },
    /// The config is not valid.
    BadConfig {
        /// What is wrong and what is allowed.
        reason: String,
    },
    /// A field of what a person or a page gave (settings, rules, verify options, an argument)
    /// out of range.
    BadField {
        /// Where it is, as the page names it, e.g. `settings.acceptors`.
        field: String,
        /// What is allowed, e.g. `a whole number from 1 to 9`.
        allowed: String,
        /// What was given, e.g. `2.5`.
        given: String,
    },
}

fn list<T: fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for SimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SimError::UnknownNode { given, known } => {
                write!(
                    f,
                    "there is no node {}; the nodes are {}",
                    quoted(given),
                    list(known)
                )
            }
            SimError::NotAProposer { node, proposers } => {
                write!(
                    f,
                    "{node} is not a proposer; the proposers are {}",
                    list(proposers)
                )
            }
            SimError::NodeDown { node } => {
                write!(f, "{node} is crashed; restart it before it can act")
            }
            SimError::AlreadyDown { node } => write!(f, "{node} is already crashed"),
            SimError::AlreadyUp { node } => {
                write!(f, "{node} is running; only a crashed node can restart")
            }
            SimError::UnknownMessage { id, in_flight } if in_flight.is_empty() => {
                write!(f, "there is no message #{id}: no message is in flight")
            }
            SimError::UnknownMessage { id, in_flight } => {
                // A flooded network carries hundreds: name the first few and count the rest.
                let mut ids: Vec<String> = in_flight
                    .iter()
                    .take(MAX_LISTED_IDS)
                    .map(|i| format!("#{i}"))
                    .collect();
                if in_flight.len() > MAX_LISTED_IDS {
                    ids.push(format!("and {} more", in_flight.len() - MAX_LISTED_IDS));
                }
                write!(
                    f,
                    "there is no message #{id} in flight; in flight are {}",
                    ids.join(", ")
                )
            }
            SimError::EmptyValue => write!(
                f,
                "the value is empty; type 1 to {MAX_VALUE_CHARS} characters, e.g. Hello"
            ),
            SimError::ValueTooLong { chars, max } => {
                write!(
                    f,
                    "the value is {chars} characters long; at most {max} are allowed"
                )
            }
            SimError::ValueHasControlCharacter => {
                write!(f, "the value contains a control character (such as a newline); use printable text")
            }
            SimError::RoundsExhausted { node } => write!(f, "{node} has used every round number"),
            SimError::UnknownScenario { given, known } => {
                write!(
                    f,
                    "there is no scenario {}; the scenarios are {}",
                    quoted(given),
                    list(known)
                )
            }
            SimError::AlreadyHeld { id } => {
                write!(f, "message #{id} is already held; release it instead")
            }
            SimError::NotHeld { id } => write!(
                f,
                "message #{id} is not held; only a held message can be released"
            ),
            SimError::SelfLink { node } => {
                write!(
                    f,
                    "{node} cannot cut itself off from itself; a link joins two different nodes"
                )
            }
            SimError::LinkAlreadyCut { from, to } => {
                write!(f, "the link {from} → {to} is already cut")
            }
            SimError::LinkNotCut { from, to } => {
                write!(
                    f,
                    "the link {from} → {to} is not cut; only a cut link can heal"
                )
            }
            SimError::NothingCut => write!(f, "no link is cut, so there is nothing to heal"),
            SimError::NetworkFull { max } => write!(
                f,
                "the network already carries {max} messages, the most it may; deliver or drop some first"
            ),
            SimError::BadPartition { reason } => write!(f, "invalid partition: {reason}"),
            SimError::NoSuchStep { step, steps } => {
                write!(f, "this run has no step {step}; it has {steps} steps")
            }
            SimError::SetupRefused {
                scenario,
                index,
                action,
                reason,
            } => write!(
                f,
                "the scenario {scenario:?} cannot set its stage this way: its opening move {index} \
                 ({action}) is refused ({reason}); try these rules on another scenario, or on a \
                 cluster from the settings"
            ),
            SimError::BadRun { reason } => write!(f, "this shared run cannot be loaded: {reason}"),
            SimError::BadConfig { reason } => write!(f, "invalid cluster: {reason}"),
            SimError::BadField {
                field,
                allowed,
                given,
            } => write!(f, "{field} must be {allowed}, not {given}"),
        }
    }
}

impl std::error::Error for SimError {}
