//! Safety invariants of single-decree Paxos, read from the world after a step.

use crate::sim::World;
use std::fmt;

/// A broken invariant: which one, and what was seen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The invariant's name, e.g. `agreement`.
    pub property: &'static str,
    /// What broke it, in words.
    pub detail: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} violated: {}", self.property, self.detail)
    }
}

/// Checks every safety invariant:
/// - agreement: every proposal a majority accepted carries the same value;
/// - validity: the chosen value was proposed by someone;
/// - learner agreement: every learner that learned a value learned the chosen one;
/// - promise: no acceptor's accepted number exceeds its promise.
pub fn check_safety(world: &World) -> Result<(), Violation> {
    let names = world.names();
    let chosen = world.chosen_proposals();
    if let Some((first_n, first_v)) = chosen.first() {
        if let Some((n, v)) = chosen.iter().find(|(_, v)| v != first_v) {
            return Err(Violation {
                property: "agreement",
                detail: format!(
                    "\"{first_v}\" was chosen under {} and \"{v}\" under {}",
                    names.number(*first_n),
                    names.number(*n)
                ),
            });
        }
        if !world.proposed_values().contains(first_v) {
            return Err(Violation {
                property: "validity",
                detail: format!("\"{first_v}\" was chosen but never proposed"),
            });
        }
    }
    for node in world.nodes() {
        if let Some((_, learned)) = node.roles.learner.as_ref().and_then(|l| l.learned.as_ref()) {
            let agrees = chosen.first().is_some_and(|(_, v)| v == learned);
            if !agrees {
                return Err(Violation {
                    property: "learner agreement",
                    detail: format!(
                        "{} learned \"{learned}\", which is not the chosen value",
                        names.node(node.id)
                    ),
                });
            }
        }
        if let Some(acceptor) = &node.roles.acceptor {
            if acceptor.accepted_number > acceptor.promised_number {
                return Err(Violation {
                    property: "promise",
                    detail: format!(
                        "{} accepted {} above its promise {}",
                        names.node(node.id),
                        names.number_or_zero(acceptor.accepted_number),
                        names.number_or_zero(acceptor.promised_number)
                    ),
                });
            }
        }
    }
    Ok(())
}
