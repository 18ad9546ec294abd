//! A run as data, to share and to reproduce: the config, the seed, every action and the step
//! shown. Two encodings: a compact text for the URL fragment (`v2.` then URL-safe base64 of
//! postcard bytes) and a plain object for JSON files. Both are versioned, and every way a
//! text or file can be wrong (truncated, corrupted, oversized, another version, an action
//! the world refuses) is an error that says so.
//!
//! Version 2 added the config's [`Rules`](crate::paxos::Rules) ("Break Paxos" switches and
//! quorum sizes). Version 1 texts and files, written before, are still read, as correct Paxos.
//! Version 3 has the same layout, but two switches mean more: switch 2 became non-unique
//! numbers (round-only numbers, and an acceptor also promises a number equal to its promise)
//! and switch 4 waits for the largest minority (it was one fewer than the phase-1 quorum).
//! Version 2 runs are read with today's meanings, so a run recorded under either of those two
//! switches may replay differently (see [`Run::decode`]).

use super::action::Action;
use super::config::{Config, Faults, NodeSpec};
use super::error::SimError;
use super::limits::{MAX_RUN_ACTIONS, MAX_RUN_CHARS};
use super::text::quoted;
use super::timeline::Timeline;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};

/// The run format's version, written in both encodings.
pub const RUN_VERSION: u32 = 3;
/// The oldest version still read.
const OLDEST_RUN_VERSION: u32 = 1;
/// What a JSON run file says it is.
pub const RUN_FILE_FORMAT: &str = "paxos-playground-run";

/// Everything needed to reproduce a run and show the same step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    /// The cluster.
    pub config: Config,
    /// The seed of message delays and random faults.
    pub seed: u64,
    /// Every action of the run, in order.
    pub actions: Vec<Action>,
    /// How many actions the shown step has applied.
    pub position: usize,
}

/// A version 1 run as postcard laid it out: its config had no rules (so it ran correct Paxos).
#[derive(Deserialize)]
struct RunV1 {
    config: ConfigV1,
    seed: u64,
    actions: Vec<Action>,
    position: usize,
}

/// A version 1 config: [`Config`] before it had rules.
#[derive(Deserialize)]
struct ConfigV1 {
    nodes: Vec<NodeSpec>,
    delay_ticks_min: u64,
    delay_ticks_max: u64,
    faults: Faults,
}

impl From<RunV1> for Run {
    fn from(old: RunV1) -> Run {
        let ConfigV1 {
            nodes,
            delay_ticks_min,
            delay_ticks_max,
            faults,
        } = old.config;
        Run {
            config: Config {
                nodes,
                delay_ticks_min,
                delay_ticks_max,
                faults,
                rules: Default::default(),
            },
            seed: old.seed,
            actions: old.actions,
            position: old.position,
        }
    }
}

/// A run as a JSON file: the run plus what the file is and which version wrote it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunFile {
    /// Always [`RUN_FILE_FORMAT`].
    pub format: String,
    /// The format version, [`RUN_VERSION`] when written here.
    pub version: u32,
    /// The run.
    pub run: Run,
}

impl Run {
    /// The run a timeline holds, at its cursor.
    pub fn of(timeline: &Timeline) -> Run {
        Run {
            config: timeline.config().clone(),
            seed: timeline.seed(),
            actions: timeline.actions().to_vec(),
            position: timeline.cursor(),
        }
    }

    /// Replays the run into a timeline at its position. An action the world refuses means the
    /// run was edited or made by a different version: an error names it.
    pub fn replay(&self) -> Result<Timeline, SimError> {
        let bad = |reason: String| SimError::BadRun { reason };
        if self.actions.len() > MAX_RUN_ACTIONS {
            return Err(bad(format!(
                "it has {} actions; at most {MAX_RUN_ACTIONS} are allowed",
                self.actions.len()
            )));
        }
        if self.position > self.actions.len() {
            return Err(bad(format!(
                "it shows step {} of a run of {} actions",
                self.position,
                self.actions.len()
            )));
        }
        let mut timeline = Timeline::new(self.config.clone(), self.seed)?;
        for (index, action) in self.actions.iter().enumerate() {
            let before = timeline.actions().len();
            timeline
                .apply(action)
                .map_err(|e| bad(format!("action {} ({action}) is refused: {e}", index + 1)))?;
            if timeline.actions().len() == before {
                return Err(bad(format!("action {} ({action}) does nothing", index + 1)));
            }
        }
        timeline.seek(self.position);
        Ok(timeline)
    }

    /// The compact text for a URL fragment: `v3.` and URL-safe base64 (no padding) of the
    /// run's postcard bytes.
    pub fn encode(&self) -> String {
        let bytes = postcard::to_allocvec(self).expect("a run always serializes");
        format!("v{RUN_VERSION}.{}", URL_SAFE_NO_PAD.encode(bytes))
    }

    /// Reads a text made by [`Run::encode`], saying what is wrong with any other.
    pub fn decode(text: &str) -> Result<Run, SimError> {
        let bad = |reason: String| SimError::BadRun { reason };
        let text = text.trim();
        if text.is_empty() {
            return Err(bad("it is empty".to_string()));
        }
        if text.len() > MAX_RUN_CHARS {
            return Err(bad(format!(
                "it is {} characters long; at most {MAX_RUN_CHARS} are allowed",
                text.len()
            )));
        }
        let Some((version, payload)) = text.split_once('.') else {
            return Err(bad(format!(
                "it does not start with a version such as v{RUN_VERSION}."
            )));
        };
        let version = match version {
            "v1" => 1,
            "v2" => 2,
            "v3" => 3,
            _ => {
                return Err(bad(format!(
                    "it is format {}, and this playground reads v{OLDEST_RUN_VERSION} to v{RUN_VERSION}",
                    quoted(version)
                )))
            }
        };
        let bytes = URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|e| bad(format!("it is not valid URL-safe base64 ({e})")))?;
        let corrupted = |e: postcard::Error| bad(format!("it is truncated or corrupted ({e})"));
        let (run, rest) = if version == 1 {
            let (old, rest) = postcard::take_from_bytes::<RunV1>(&bytes).map_err(corrupted)?;
            (Run::from(old), rest)
        } else {
            postcard::take_from_bytes::<Run>(&bytes).map_err(corrupted)?
        };
        if !rest.is_empty() {
            return Err(bad(format!(
                "it has {} bytes of garbage at the end",
                rest.len()
            )));
        }
        Ok(run)
    }
}

impl RunFile {
    /// The file for `run`, at this version.
    pub fn new(run: Run) -> RunFile {
        RunFile {
            format: RUN_FILE_FORMAT.to_string(),
            version: RUN_VERSION,
            run,
        }
    }

    /// The run inside, if the file says it is a run of this version.
    pub fn into_run(self) -> Result<Run, SimError> {
        if self.format != RUN_FILE_FORMAT {
            return Err(SimError::BadRun {
                reason: format!(
                    "it is a {} file, not a {RUN_FILE_FORMAT:?} file",
                    quoted(&self.format)
                ),
            });
        }
        // A version 1 file has no rules: they read as the default, correct Paxos.
        if !(OLDEST_RUN_VERSION..=RUN_VERSION).contains(&self.version) {
            return Err(SimError::BadRun {
                reason: format!(
                    "it is version {}, and this playground reads versions {OLDEST_RUN_VERSION} to {RUN_VERSION}",
                    self.version
                ),
            });
        }
        Ok(self.run)
    }
}
