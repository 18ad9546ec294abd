//! Observers of the world: safety invariants checked after every step, and the exhaustive
//! explorer that checks them over every reachable state of a model.

pub mod explore;
mod invariants;

pub use invariants::{check_safety, invariants, InvariantStatus, Violation};
