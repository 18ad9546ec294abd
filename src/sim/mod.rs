//! The world: nodes, a network of in-flight envelopes, one seeded RNG, a logical clock and an
//! append-only event log. Deterministic: the same [`Config`], seed and [`Action`]s give the same
//! event log, byte for byte, natively and in wasm.

mod action;
pub mod base64;
mod config;
mod describe;
mod error;
mod facts;
mod faults;
mod network;
mod run;
mod session;
mod settings;
mod timeline;
pub mod wire;
mod world;

pub use action::{parse_groups, Action};
pub use config::{Config, Faults, NodeSpec, Retry, Scenario, MAX_NODES, MAX_VALUE_CHARS};
pub use describe::{short_value, Names};
pub use error::{brief, quoted, SimError, MAX_ERROR_CHARS};
pub use facts::SafetyFacts;
pub use faults::{Timer, MAX_IN_FLIGHT, MAX_RETRIES};
pub use network::{Envelope, Network};
pub use run::{Run, RunFile, MAX_RUN_ACTIONS, MAX_RUN_CHARS, RUN_FILE_FORMAT, RUN_VERSION};
pub use session::{Session, SHARED};
pub use settings::Settings;
pub use timeline::{Timeline, CHECKPOINT_INTERVAL};
pub use world::{check_value, Event, EventKind, LastStep, MessageRef, World, MAX_TIME};
