//! Words for people: proposal numbers, messages and handler notes, using node names.

use super::text::short_value;
use crate::paxos::{Message, NodeId, Note, ProposalNumber, Request};

/// Turns ids into names for display.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Names(pub Vec<String>);

impl Names {
    /// The name of node `id`.
    pub fn node(&self, id: NodeId) -> &str {
        self.0
            .get(usize::from(id.0))
            .map(String::as_str)
            .unwrap_or("?")
    }

    /// A proposal number as `round.Name`, e.g. `1.P`.
    pub fn number(&self, n: ProposalNumber) -> String {
        if n.proposer == NodeId::NOBODY {
            return n.round.to_string(); // switch 2: the round alone, as the article writes it
        }
        format!("{}.{}", n.round, self.node(n.proposer))
    }

    /// An optional number: `0` stands for none, as in the pseudocode.
    pub fn number_or_zero(&self, n: Option<ProposalNumber>) -> String {
        n.map_or_else(|| "0".to_string(), |n| self.number(n))
    }

    /// A message as written on its arrow, e.g. `Accept(1.P, "Hello")`.
    pub fn message(&self, msg: &Message) -> String {
        match msg {
            Message::Prepare { n } => format!("Prepare({})", self.number(*n)),
            Message::Promise { n, accepted: None } => format!("Promise({}, none)", self.number(*n)),
            Message::Promise {
                n,
                accepted: Some((an, av)),
            } => {
                format!(
                    "Promise({}, {} \"{}\")",
                    self.number(*n),
                    self.number(*an),
                    av
                )
            }
            Message::Accept { n, value } => format!("Accept({}, \"{}\")", self.number(*n), value),
            Message::Accepted { n, value } => {
                format!("Accepted({}, \"{}\")", self.number(*n), value)
            }
            Message::Nack {
                n,
                promised,
                refused,
            } => format!(
                "Nack({} {}, promised {})",
                request_name(*refused),
                self.number(*n),
                self.number(*promised)
            ),
        }
    }

    /// A message as drawn on its arrow: type, number and (shortened) value, e.g.
    /// `Promise 2.Q had 1.P "Hello"`.
    pub fn message_short(&self, msg: &Message) -> String {
        match msg {
            Message::Prepare { n } => format!("Prepare {}", self.number(*n)),
            Message::Promise { n, accepted: None } => format!("Promise {}", self.number(*n)),
            Message::Promise {
                n,
                accepted: Some((an, av)),
            } => {
                format!(
                    "Promise {} had {} {}",
                    self.number(*n),
                    self.number(*an),
                    short_value(av)
                )
            }
            Message::Accept { n, value } => {
                format!("Accept {} {}", self.number(*n), short_value(value))
            }
            Message::Accepted { n, value } => {
                format!("Accepted {} {}", self.number(*n), short_value(value))
            }
            Message::Nack { n, promised, .. } => {
                format!("Nack {} < {}", self.number(*n), self.number(*promised))
            }
        }
    }

    /// What `node` did, in a sentence.
    pub fn note(&self, node: NodeId, note: &Note) -> String {
        let me = self.node(node);
        match note {
            Note::Proposed { n, value } => {
                format!("{me} proposes \"{value}\" with number {} and sends Prepare to every acceptor.", self.number(*n))
            }
            Note::Promised { n, to, previously: None } => {
                format!("{me} promised {} to {}; {me} had accepted nothing.", self.number(*n), self.node(*to))
            }
            Note::Promised { n, to, previously: Some((an, av)) } => format!(
                "{me} promised {} to {}; {me} had accepted \"{av}\" under {}, and says so.",
                self.number(*n),
                self.node(*to),
                self.number(*an)
            ),
            Note::IgnoredPrepare { n, from, promised } => format!(
                "{me} ignores Prepare({}) from {}: it promised {} already, and replies Nack.",
                self.number(*n),
                self.node(*from),
                self.number(*promised)
            ),
            Note::Accepted { n, value } => format!("{me} accepted \"{value}\" under {}.", self.number(*n)),
            Note::IgnoredAccept { n, from, promised } => format!(
                "{me} ignores Accept({}) from {}: it promised {}, a higher number, and replies Nack.",
                self.number(*n),
                self.node(*from),
                self.number(*promised)
            ),
            Note::CountedPromise { from, n, count, needed } => format!(
                "{me} has {count} {} for {} (it needs {needed}; latest from {}).",
                if *count == 1 { "promise" } else { "promises" },
                self.number(*n),
                self.node(*from)
            ),
            Note::StartedAccept { n, value, adopted: None, ignored: None } => format!(
                "{me} has the promises it needs; none had accepted anything, so {me} sends Accept({}, \"{value}\") with its own value.",
                self.number(*n)
            ),
            Note::StartedAccept { n, value, adopted: None, ignored: Some(an) } => format!(
                "{me} has the promises it needs. BROKEN: it ignores the accepted proposal {} they reported and sends Accept({}, \"{value}\") with its own value.",
                self.number(*an),
                self.number(*n)
            ),
            Note::StartedAccept { n, value, adopted: Some(an), .. } => format!(
                "{me} has the promises it needs; the highest accepted proposal among them is {}, so {me} must send Accept({}, \"{value}\") with that value instead of its own.",
                self.number(*an),
                self.number(*n)
            ),
            Note::GaveUp { n, promised } => format!(
                "{me} gives up round {}: an acceptor promised {}. Propose again to retry with a higher number.",
                self.number(*n),
                self.number(*promised)
            ),
            Note::IgnoredStale { from, reason } => {
                format!("{me} ignores the message from {}: {reason}.", self.node(*from))
            }
            Note::CountedAccepted { from, n, count, needed } => format!(
                "{me} knows that {count} {} accepted {} (it takes {needed}; latest {}).",
                if *count == 1 { "acceptor" } else { "acceptors" },
                self.number(*n),
                self.node(*from)
            ),
            Note::Learned { n, value } => {
                format!("{me} learned that \"{value}\" is chosen: enough acceptors accepted {}.", self.number(*n))
            }
        }
    }
}

/// The name of a request, as in the message labels.
fn request_name(request: Request) -> &'static str {
    match request {
        Request::Prepare => "Prepare",
        Request::Accept => "Accept",
    }
}
