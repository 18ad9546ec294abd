//! What a user (or a test) can do to the world, as data.

use super::text::{clipped, quoted};
use serde::{Deserialize, Serialize};
use std::fmt;

/// One user action. A run is a config, a seed and a list of these.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
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
    /// Put a second copy of message `id` in flight, with its own delay.
    Duplicate {
        /// The envelope id.
        id: u64,
    },
    /// Keep message `id` in flight, never due, until it is released.
    Hold {
        /// The envelope id.
        id: u64,
    },
    /// Let a held message `id` be delivered again (at once if its time has passed).
    Release {
        /// The envelope id.
        id: u64,
    },
    /// Cut the link from `from` to `to` (one direction): messages on it are lost.
    Cut {
        /// The sender's name.
        from: String,
        /// The receiver's name.
        to: String,
    },
    /// Heal the link from `from` to `to`.
    Heal {
        /// The sender's name.
        from: String,
        /// The receiver's name.
        to: String,
    },
    /// Cut every link between different groups, both ways; links within a group stay up.
    /// Every node must be in exactly one group, e.g. `[[A, B], [C, D, E]]`.
    Partition {
        /// The groups of node names.
        groups: Vec<Vec<String>>,
    },
    /// Heal every cut link.
    HealAll,
}

/// An action in a few words, as the page's controls name it (`propose P "Hello"`, `deliver
/// #3`, `cut A → B`): for messages about a shared run's actions. Names and values are
/// shortened, as errors quote them.
impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Action::Propose { node, value } => {
                write!(f, "propose {} {}", clipped(node), quoted(value))
            }
            Action::Step => write!(f, "step"),
            Action::AdvanceTo { time } => write!(f, "wait until time {time}"),
            Action::Deliver { id } => write!(f, "deliver #{id}"),
            Action::Drop { id } => write!(f, "drop #{id}"),
            Action::Crash { node } => write!(f, "crash {}", clipped(node)),
            Action::Restart { node } => write!(f, "restart {}", clipped(node)),
            Action::Duplicate { id } => write!(f, "duplicate #{id}"),
            Action::Hold { id } => write!(f, "hold #{id}"),
            Action::Release { id } => write!(f, "release #{id}"),
            Action::Cut { from, to } => write!(f, "cut {} → {}", clipped(from), clipped(to)),
            Action::Heal { from, to } => write!(f, "heal {} → {}", clipped(from), clipped(to)),
            Action::Partition { groups } => {
                let groups: Vec<String> = groups.iter().map(|g| g.join(",")).collect();
                write!(f, "partition {}", clipped(&groups.join(" | ")))
            }
            Action::HealAll => write!(f, "heal all"),
        }
    }
}

/// Reads partition groups written as the page and scripts write them: `A,B | C,D,E`
/// (names split by commas or spaces, groups by `|`).
pub fn parse_groups(text: &str) -> Vec<Vec<String>> {
    text.split('|')
        .map(|group| {
            group
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|name| !name.is_empty())
                .map(str::to_string)
                .collect()
        })
        .collect()
}
