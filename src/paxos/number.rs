//! Node identities, proposal numbers and values.

/// Identifies a node (a process that holds one or more roles). The simulator gives it a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub u8);

/// A value that a proposer proposes and that Paxos may choose.
pub type Value = String;

/// A proposal number: a round, made unique by the id of the proposer that uses it.
///
/// The article says a proposer picks a number "higher than any it has used before". With two
/// proposers that is not enough: both could pick 1, and two different proposals would share a
/// number. Pairing the round with the proposer's id makes every number unique and keeps them
/// totally ordered: first by round, then by proposer. The page writes `round.proposer`, e.g. `1.P`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProposalNumber {
    /// The round; compared first.
    pub round: u32,
    /// The proposer that owns this number; breaks ties between equal rounds.
    pub proposer: NodeId,
}

impl ProposalNumber {
    /// The number `round.proposer`.
    pub fn new(round: u32, proposer: NodeId) -> Self {
        ProposalNumber { round, proposer }
    }
}
