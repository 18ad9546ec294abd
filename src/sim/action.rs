//! What a user (or a test) can do to the world, as data.

use serde::{Deserialize, Serialize};

/// One user action. A run is a config, a seed and a list of these.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "camelCase")]
pub enum Action {
    /// `node` starts a new round for `value`.
    Propose {
        /// The proposer's name.
        node: String,
        /// The value to propose.
        value: String,
    },
    /// Deliver the in-flight message that is due first (ties: lowest id).
    Step,
    /// Let time pass up to `time` ticks without delivering anything (never past the next due
    /// message): the user acted between two deliveries.
    AdvanceTo {
        /// The logical time to move to.
        time: u64,
    },
    /// Deliver message `id` now, ahead of its time.
    Deliver {
        /// The envelope id.
        id: u64,
    },
    /// Lose message `id`.
    Drop {
        /// The envelope id.
        id: u64,
    },
    /// Crash `node`: it stops and its volatile state is lost; messages that arrive while it is
    /// down are lost (those still in flight when it restarts are delivered).
    Crash {
        /// The node's name.
        node: String,
    },
    /// Restart `node` with its stable storage.
    Restart {
        /// The node's name.
        node: String,
    },
}
