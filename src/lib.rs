//! Paxos Playground: single-decree Paxos for the browser.
//!
//! Layers, each using only those above it:
//! - [`paxos`]: the protocol as pure state machines named after the article's pseudocode;
//! - [`sim`]: a deterministic world of nodes, a network of envelopes, a seeded RNG and a log;
//! - [`check`]: invariants observed after every step;
//! - [`view`]: serializable snapshots for the page;
//! - `wasm`: the thin wasm-bindgen facade the page talks to;
//! - `fuzz` (feature "fuzz"): the fuzz harness over [`sim::Session`], beside the facade.
#![deny(missing_docs)]

pub mod check;
#[cfg(feature = "fuzz")]
pub mod fuzz;
pub mod paxos;
pub mod sim;
pub mod view;
pub mod wasm;
