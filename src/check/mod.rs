//! Observers of the world: safety invariants checked after every step.

mod invariants;

pub use invariants::{check_safety, invariants, InvariantStatus, Violation};
