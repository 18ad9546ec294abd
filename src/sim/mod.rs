//! The world: nodes, a network of in-flight envelopes, one seeded RNG, a logical clock and an
//! append-only event log. Deterministic: the same [`Config`], seed and [`Action`]s give the same
//! event log, byte for byte, natively and in wasm.

mod action;
mod config;
mod describe;
mod error;
mod facts;
mod field;
mod limits;
mod network;
mod run;
mod scenarios;
mod session;
mod settings;
mod text;
mod timeline;
mod world;

pub use action::{parse_groups, Action};
pub use config::{Config, Faults, NodeSpec, Retry};
pub use describe::Names;
pub use error::SimError;
pub use facts::SafetyFacts;
pub use field::{number_text, whole_number};
pub use limits::*;
pub use network::{Envelope, Network};
pub use run::{Run, RunFile, RUN_FILE_FORMAT, RUN_VERSION};
pub use scenarios::Scenario;
pub use session::{Session, SHARED};
pub use settings::{RuleSettings, Settings};
pub use text::{brief, clipped, quoted, short_value};
pub use timeline::{Timeline, CHECKPOINT_INTERVAL};
pub use world::{check_value, Event, EventKind, LastStep, MessageRef, Timer, World};
