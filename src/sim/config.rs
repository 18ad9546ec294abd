//! Cluster configuration: the nodes and their roles, message delays, faults and rules, and
//! the one check that a config is allowed.

use super::error::SimError;
use super::limits::{MAX_DELAY_TICKS, MAX_FAULT_PERCENT, MAX_NAME_CHARS, MAX_NODES};
use super::text::quoted;
use crate::paxos::Rules;
use serde::{Deserialize, Serialize};

/// One node of the cluster: a name and the roles it holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeSpec {
    /// Display name, e.g. `P` or `A`: 1 to 8 letters or digits.
    pub name: String,
    /// Whether the node proposes.
    pub proposer: bool,
    /// Whether the node votes.
    pub acceptor: bool,
    /// Whether the node learns.
    pub learner: bool,
}

impl NodeSpec {
    /// A node `name` with the given roles.
    pub fn new(name: &str, proposer: bool, acceptor: bool, learner: bool) -> Self {
        NodeSpec {
            name: name.to_string(),
            proposer,
            acceptor,
            learner,
        }
    }
}

/// The cluster and its network timing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    /// The nodes, in display order.
    pub nodes: Vec<NodeSpec>,
    /// The shortest message delay, in ticks (at least 1).
    pub delay_ticks_min: u64,
    /// The longest message delay, in ticks.
    pub delay_ticks_max: u64,
    /// Random faults and proposer retries; none by default.
    #[serde(default)]
    pub faults: Faults,
    /// The "Break Paxos" switches and quorum sizes; correct Paxos by default.
    #[serde(default)]
    pub rules: Rules,
}

/// Random network faults, drawn from the world's seeded RNG, and the proposers' retry timer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Faults {
    /// Chance, in percent (0 to 90), that a message sent is lost.
    pub loss_percent: u8,
    /// Chance, in percent (0 to 90), that a message sent is delivered twice.
    pub duplicate_percent: u8,
    /// If set, a proposer whose round has not ended retries with a higher number.
    pub retry: Option<Retry>,
}

/// A proposer's retry timer: after `timeout_ticks` plus a random backoff of 0 to
/// `backoff_ticks_max` ticks, a proposer still in the same round, whose learner (if it has one)
/// has learned nothing, proposes its value again with a higher number. Backoff 0 shows the
/// dueling-proposers livelock; a wide backoff is its cure. A timeout shorter than it takes the
/// proposer's own learner to hear of success (four message delays: Prepare, Promise, Accept,
/// Accepted) makes a proposer interrupt its own rounds; a
/// proposer that is not also a learner cannot tell that its value was chosen, so it retries
/// until [`MAX_RETRIES`](crate::sim::MAX_RETRIES).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retry {
    /// Ticks to wait before retrying (1 to 1000).
    pub timeout_ticks: u64,
    /// The largest random extra wait, in ticks (0 to 1000).
    pub backoff_ticks_max: u64,
}

impl Config {
    /// How many nodes are acceptors.
    pub fn acceptor_count(&self) -> usize {
        self.nodes.iter().filter(|n| n.acceptor).count()
    }

    /// Checks the config, saying what is wrong and what is allowed.
    pub fn validate(&self) -> Result<(), SimError> {
        let bad = |reason: String| Err(SimError::BadConfig { reason });
        if self.nodes.is_empty() || self.nodes.len() > MAX_NODES {
            return bad(format!(
                "a cluster has 1 to {MAX_NODES} nodes, not {}",
                self.nodes.len()
            ));
        }
        for (i, node) in self.nodes.iter().enumerate() {
            let chars = node.name.chars().count();
            if chars == 0
                || chars > MAX_NAME_CHARS
                || !node.name.chars().all(|c| c.is_ascii_alphanumeric())
            {
                return bad(format!(
                    "node name {} is not allowed: use 1 to {MAX_NAME_CHARS} letters or digits",
                    quoted(&node.name)
                ));
            }
            if self.nodes[..i].iter().any(|other| other.name == node.name) {
                return bad(format!("node name {} is used twice", quoted(&node.name)));
            }
            if !(node.proposer || node.acceptor || node.learner) {
                return bad(format!(
                    "node {} has no role: give it proposer, acceptor or learner",
                    node.name
                ));
            }
        }
        let acceptors = self.acceptor_count();
        if acceptors == 0 {
            return bad("a cluster needs at least one acceptor".to_string());
        }
        self.rules
            .validate(acceptors)
            .map_err(|reason| SimError::BadConfig { reason })?;
        if self.delay_ticks_min < 1
            || self.delay_ticks_max < self.delay_ticks_min
            || self.delay_ticks_max > MAX_DELAY_TICKS
        {
            return bad(format!(
                "message delay must satisfy 1 <= min <= max <= {MAX_DELAY_TICKS} ticks, not {}..{}",
                self.delay_ticks_min, self.delay_ticks_max
            ));
        }
        let faults = &self.faults;
        for (what, percent) in [
            ("loss", faults.loss_percent),
            ("duplication", faults.duplicate_percent),
        ] {
            if percent > MAX_FAULT_PERCENT {
                return bad(format!(
                    "{what} must be 0 to {MAX_FAULT_PERCENT} percent, not {percent}"
                ));
            }
        }
        if let Some(retry) = &faults.retry {
            if retry.timeout_ticks < 1
                || retry.timeout_ticks > MAX_DELAY_TICKS
                || retry.backoff_ticks_max > MAX_DELAY_TICKS
            {
                return bad(format!(
                    "the retry timeout must be 1 to {MAX_DELAY_TICKS} ticks and its backoff 0 to \
                     {MAX_DELAY_TICKS}, not {} and {}",
                    retry.timeout_ticks, retry.backoff_ticks_max
                ));
            }
        }
        Ok(())
    }
}
