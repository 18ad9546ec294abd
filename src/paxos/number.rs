//! Node identities, proposal numbers and values.

/// Identifies a node (a process that holds one or more roles). The simulator gives it a name.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct NodeId(pub u8);

/// A value that a proposer proposes and that Paxos may choose.
pub type Value = String;

/// A proposal number: a round, made unique by the id of the proposer that uses it.
///
/// The article says a proposer picks a number "higher than any it has used before". With two
/// proposers that is not enough: both could pick 1, and two different proposals would share a
/// number. Pairing the round with the proposer's id makes every number unique and keeps them
/// totally ordered: first by round, then by proposer. The page writes `round.proposer`, e.g. `1.P`.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct ProposalNumber {
    /// The round; compared first.
    pub round: u32,
    /// The proposer that owns this number; breaks ties between equal rounds.
    pub proposer: NodeId,
}

impl NodeId {
    /// No node: the owner of a round-only number (the "round-only numbers" switch).
    pub const NOBODY: NodeId = NodeId(u8::MAX);
}

impl ProposalNumber {
    /// The number `round.proposer`.
    pub fn new(round: u32, proposer: NodeId) -> Self {
        ProposalNumber { round, proposer }
    }

    /// A number that is the round alone, as the article writes them: two proposers in the same
    /// round get the same number. Only the "round-only numbers" switch makes these.
    pub fn round_only(round: u32) -> Self {
        ProposalNumber {
            round,
            proposer: NodeId::NOBODY,
        }
    }
}
