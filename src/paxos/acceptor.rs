//! The acceptor: `receivePrepare` and `receiveAccept` of the pseudocode, line by line.

use super::message::{Message, Request};
use super::number::{NodeId, ProposalNumber, Value};
use super::out::{Note, Out};
use super::pseudocode::Line;
use super::rules::Rules;

/// An acceptor. All three fields are stable storage: they survive a crash, which is what makes
/// a promise a promise. `None` plays the pseudocode's `0` and `null`.
#[derive(
    Clone,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Acceptor {
    /// `promisedNumber`: the highest number this acceptor promised not to go below.
    pub promised_number: Option<ProposalNumber>,
    /// `acceptedNumber`: the number of the last proposal it accepted.
    pub accepted_number: Option<ProposalNumber>,
    /// `acceptedValue`: the value of the last proposal it accepted.
    pub accepted_value: Option<Value>,
}

impl Acceptor {
    /// An acceptor that has promised and accepted nothing.
    pub fn new() -> Self {
        Acceptor::default()
    }

    /// The last accepted proposal as a pair, as reported in a Promise.
    pub fn accepted(&self) -> Option<(ProposalNumber, Value)> {
        Some((self.accepted_number?, self.accepted_value.clone()?))
    }

    /// Phase 1b: promise `n` if it is higher than any promise made, reporting what was accepted;
    /// otherwise answer Nack with the promise that stands. (Switch 2 of `rules`, non-unique
    /// numbers, also promises a number equal to the promise, as an acceptor that answers a
    /// retransmitted Prepare does: safe only while no two proposers share a number.)
    pub fn receive_prepare(
        &mut self,
        from: NodeId,
        n: ProposalNumber,
        rules: &Rules,
        out: &mut Out,
    ) {
        out.line(Line::PrepareCompare);
        let promises = if rules.non_unique_numbers {
            Some(n) >= self.promised_number
        } else {
            Some(n) > self.promised_number
        };
        if promises {
            self.promised_number = Some(n);
            out.line(Line::PrepareUpdate);
            let previously = self.accepted();
            out.send(
                from,
                Message::Promise {
                    n,
                    accepted: previously.clone(),
                },
            );
            out.line(Line::PrepareSendPromise);
            out.note(Note::Promised {
                n,
                to: from,
                previously,
            });
        } else {
            // Not `n > promisedNumber` (nor `>=`), so promisedNumber is set and at least n.
            let promised = self.promised_number.unwrap_or(n);
            out.send(
                from,
                Message::Nack {
                    n,
                    promised,
                    refused: Request::Prepare,
                },
            );
            out.line(Line::PrepareSendNack);
            out.note(Note::IgnoredPrepare { n, from, promised });
        }
    }

    /// Phase 2b: accept `(n, value)` unless a higher number was promised, and tell every
    /// learner; otherwise answer Nack with the promise that stands. (Switch 5 of `rules`
    /// accepts regardless, keeping the higher promise.)
    pub fn receive_accept(
        &mut self,
        from: NodeId,
        n: ProposalNumber,
        value: Value,
        learners: &[NodeId],
        rules: &Rules,
        out: &mut Out,
    ) {
        out.line(Line::AcceptCompare);
        if Some(n) >= self.promised_number || rules.accept_below_promise {
            self.promised_number = self.promised_number.max(Some(n));
            out.line(Line::AcceptPromise);
            self.accepted_number = Some(n);
            out.line(Line::AcceptSetNumber);
            self.accepted_value = Some(value.clone());
            out.line(Line::AcceptSetValue);
            out.note(Note::Accepted {
                n,
                value: value.clone(),
            });
            for &learner in learners {
                out.send(
                    learner,
                    Message::Accepted {
                        n,
                        value: value.clone(),
                    },
                );
            }
            out.line(Line::AcceptSendAccepted);
        } else {
            let promised = self.promised_number.unwrap_or(n);
            out.send(
                from,
                Message::Nack {
                    n,
                    promised,
                    refused: Request::Accept,
                },
            );
            out.line(Line::AcceptSendNack);
            out.note(Note::IgnoredAccept { n, from, promised });
        }
    }
}
