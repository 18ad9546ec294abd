//! Observers of the world: safety invariants checked after every step, the exhaustive
//! explorer that checks them over every reachable state of a model, and the model of
//! Lamport's Paxos.tla that it can explore (Lamport-spec mode), and the random fault schedules
//! that check them at scale.

pub mod explore;
mod invariants;
pub mod playground;
pub mod schedules;
pub mod spec;

pub use invariants::{check_only, check_safety, invariants, InvariantStatus, Violation};
