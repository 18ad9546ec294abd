//! The page's cluster settings: how many acceptors and proposers, their values, who learns,
//! and the network's faults. Turned into a config and a start, with an error that names any
//! value out of range.

use super::action::Action;
use super::config::{Config, Faults, NodeSpec, Retry};
use super::error::SimError;
use super::limits::MAX_SETTING_TICKS;
use super::scenarios::Scenario;
use super::world::check_value;
use serde::Deserialize;

/// Names for up to five proposers and nine acceptors.
const PROPOSER_NAMES: [&str; 5] = ["P", "Q", "R", "S", "T"];
const ACCEPTOR_NAMES: [&str; 9] = ["A", "B", "C", "D", "E", "F", "G", "H", "I"];
/// Separate learners, when the settings ask for them.
const LEARNER_NAMES: [&str; 2] = ["L1", "L2"];

/// Settings as the page's form sends them.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Settings {
    /// Acceptors, 1 to 9 (named A, B, ...).
    pub acceptors: usize,
    /// Proposers, 1 to 5 (named P, Q, ...); each also learns unless learners are separate.
    pub proposers: usize,
    /// Each proposer's value, in order; the run starts with every proposer proposing it.
    pub values: Vec<String>,
    /// True: two separate learner nodes (L1, L2) learn; false: the proposers learn.
    pub separate_learners: bool,
    /// Shortest message delay, ticks (1 to 200).
    pub delay_min: u64,
    /// Longest message delay, ticks (at least the shortest, at most 200).
    pub delay_max: u64,
    /// Chance of losing a message, percent (0 to 90).
    pub loss_percent: u8,
    /// Chance of duplicating a message, percent (0 to 90).
    pub duplicate_percent: u8,
    /// Retry timeout in ticks (1 to 200), or None for no retries.
    pub retry_timeout: Option<u64>,
    /// Largest random backoff added to each retry, ticks (0 to 200).
    pub retry_backoff: u64,
}

impl Settings {
    /// The scenario these settings describe, or an error naming the first setting out of range.
    pub fn scenario(&self) -> Result<Scenario, SimError> {
        let bad = |reason: String| Err(SimError::BadConfig { reason });
        if !(1..=ACCEPTOR_NAMES.len()).contains(&self.acceptors) {
            return bad(format!(
                "acceptors must be 1 to {}, not {}",
                ACCEPTOR_NAMES.len(),
                self.acceptors
            ));
        }
        if !(1..=PROPOSER_NAMES.len()).contains(&self.proposers) {
            return bad(format!(
                "proposers must be 1 to {}, not {}",
                PROPOSER_NAMES.len(),
                self.proposers
            ));
        }
        if self.values.len() != self.proposers {
            let count =
                |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
            return bad(format!(
                "give one value per proposer: {}, {}",
                count(self.proposers, "proposer"),
                count(self.values.len(), "value")
            ));
        }
        for (name, value) in PROPOSER_NAMES.iter().zip(&self.values) {
            check_value(value).map_err(|e| SimError::BadConfig {
                reason: format!("{name}'s value: {e}"),
            })?;
        }
        for (what, ticks, min) in [
            ("the shortest delay", self.delay_min, 1),
            ("the longest delay", self.delay_max, self.delay_min.max(1)),
            ("the retry backoff", self.retry_backoff, 0),
        ] {
            if ticks < min || ticks > MAX_SETTING_TICKS {
                return bad(format!(
                    "{what} must be {min} to {MAX_SETTING_TICKS} ticks, not {ticks}"
                ));
            }
        }
        if let Some(timeout) = self.retry_timeout {
            if self.separate_learners {
                return bad(
                    "retries need the proposers to learn: with separate learners a proposer \
                            cannot tell that its value was chosen and would retry forever; turn \
                            one of them off"
                        .to_string(),
                );
            }
            if !(1..=MAX_SETTING_TICKS).contains(&timeout) {
                return bad(format!(
                    "the retry timeout must be 1 to {MAX_SETTING_TICKS} ticks, not {timeout}"
                ));
            }
        }
        let learners_apart = self.separate_learners;
        let proposers = PROPOSER_NAMES[..self.proposers]
            .iter()
            .map(|n| NodeSpec::new(n, true, false, !learners_apart));
        let acceptors = ACCEPTOR_NAMES[..self.acceptors]
            .iter()
            .map(|n| NodeSpec::new(n, false, true, false));
        let learners = LEARNER_NAMES
            .iter()
            .filter(|_| learners_apart)
            .map(|n| NodeSpec::new(n, false, false, true));
        let config = Config {
            nodes: proposers.chain(acceptors).chain(learners).collect(),
            delay_ticks_min: self.delay_min,
            delay_ticks_max: self.delay_max,
            faults: Faults {
                loss_percent: self.loss_percent,
                duplicate_percent: self.duplicate_percent,
                retry: self.retry_timeout.map(|timeout_ticks| Retry {
                    timeout_ticks,
                    backoff_ticks_max: self.retry_backoff,
                }),
            },
            rules: Default::default(),
        };
        config.validate()?;
        let setup = PROPOSER_NAMES
            .iter()
            .zip(&self.values)
            .map(|(node, value)| Action::Propose {
                node: node.to_string(),
                value: value.clone(),
            })
            .collect();
        Ok(Scenario {
            name: "custom",
            title: "Your cluster",
            description:
                "The cluster from the settings: every proposer has just proposed its value.",
            config,
            setup,
        })
    }
}
