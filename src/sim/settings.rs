//! The page's cluster settings: how many acceptors and proposers, their values, who learns,
//! and the network's faults. Turned into a config and a start, with an error that names any
//! value out of range.

use super::action::Action;
use super::config::{Config, Faults, NodeSpec, Retry};
use super::error::SimError;
use super::field::whole_number;
use super::limits::{MAX_FAULT_PERCENT, MAX_SETTING_TICKS};
use super::scenarios::Scenario;
use super::world::check_value;
use crate::paxos::Rules;
use serde::Deserialize;

/// Names for up to five proposers and nine acceptors.
const PROPOSER_NAMES: [&str; 5] = ["P", "Q", "R", "S", "T"];
const ACCEPTOR_NAMES: [&str; 9] = ["A", "B", "C", "D", "E", "F", "G", "H", "I"];
/// Separate learners, when the settings ask for them.
const LEARNER_NAMES: [&str; 2] = ["L1", "L2"];

/// Settings as the page's form sends them. Numbers are JavaScript numbers, so that
/// [`Settings::scenario`], the one check of them, can name a fraction or a negative number
/// as well as one out of range.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// Acceptors, 1 to 9 (named A, B, ...).
    pub acceptors: f64,
    /// Proposers, 1 to 5 (named P, Q, ...); each also learns unless learners are separate.
    pub proposers: f64,
    /// Each proposer's value, in order; the run starts with every proposer proposing it.
    pub values: Vec<String>,
    /// True: two separate learner nodes (L1, L2) learn; false: the proposers learn.
    pub separate_learners: bool,
    /// Shortest message delay, ticks (1 to 200).
    pub delay_min: f64,
    /// Longest message delay, ticks (at least the shortest, at most 200).
    pub delay_max: f64,
    /// Chance of losing a message, percent (0 to 90).
    pub loss_percent: f64,
    /// Chance of duplicating a message, percent (0 to 90).
    pub duplicate_percent: f64,
    /// Retry timeout in ticks (1 to 200), or None (or absent) for no retries.
    #[serde(default)]
    pub retry_timeout: Option<f64>,
    /// Largest random backoff added to each retry, ticks (0 to 200).
    pub retry_backoff: f64,
}

/// The "Break Paxos" switches and quorum sizes as the page's form sends them (every field
/// optional). [`RuleSettings::rules`] checks the quorums against the cluster.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct RuleSettings {
    /// Switch 1 (see [`Rules`]).
    pub ignore_accepted_values: bool,
    /// Switch 2 (`roundOnlyNumbers` is its older name).
    #[serde(alias = "roundOnlyNumbers")]
    pub non_unique_numbers: bool,
    /// Switch 3.
    pub forget_on_crash: bool,
    /// Switch 4.
    pub minority_promises: bool,
    /// Switch 5.
    pub accept_below_promise: bool,
    /// Promises a proposer needs, 1 to the number of acceptors; None for a majority.
    pub phase1_quorum: Option<f64>,
    /// Acceptances that choose a value, 1 to the number of acceptors; None for a majority.
    pub phase2_quorum: Option<f64>,
}

impl RuleSettings {
    /// The rules, for a cluster of `acceptors`, or an error naming the quorum out of range.
    pub fn rules(&self, acceptors: usize) -> Result<Rules, SimError> {
        let quorum = |field: &str, given: Option<f64>| -> Result<Option<u8>, SimError> {
            // At most 255 acceptors fit a quorum's u8; MAX_NODES keeps clusters far smaller.
            let most = acceptors.min(usize::from(u8::MAX)) as u64;
            given
                .map(|q| whole_number(field, q, 1, most).map(|q| q as u8))
                .transpose()
                .map_err(|mut e| {
                    if let SimError::BadField { allowed, .. } = &mut e {
                        allowed.push_str(" (the number of acceptors)");
                    }
                    e
                })
        };
        Ok(Rules {
            ignore_accepted_values: self.ignore_accepted_values,
            non_unique_numbers: self.non_unique_numbers,
            forget_on_crash: self.forget_on_crash,
            minority_promises: self.minority_promises,
            accept_below_promise: self.accept_below_promise,
            phase1_quorum: quorum("rules.phase1Quorum", self.phase1_quorum)?,
            phase2_quorum: quorum("rules.phase2Quorum", self.phase2_quorum)?,
        })
    }
}

impl Settings {
    /// The scenario these settings describe, or an error naming the first setting out of range.
    pub fn scenario(&self) -> Result<Scenario, SimError> {
        let bad = |reason: String| Err(SimError::BadConfig { reason });
        let nodes = |field, given, most: usize| whole_number(field, given, 1, most as u64);
        let acceptors = nodes("settings.acceptors", self.acceptors, ACCEPTOR_NAMES.len())? as usize;
        let proposers = nodes("settings.proposers", self.proposers, PROPOSER_NAMES.len())? as usize;
        if self.values.len() != proposers {
            let count =
                |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
            return bad(format!(
                "give one value per proposer: {}, {}",
                count(proposers, "proposer"),
                count(self.values.len(), "value")
            ));
        }
        for (name, value) in PROPOSER_NAMES.iter().zip(&self.values) {
            check_value(value).map_err(|e| SimError::BadConfig {
                reason: format!("{name}'s value: {e}"),
            })?;
        }
        let ticks = |field, given, min| whole_number(field, given, min, MAX_SETTING_TICKS);
        let delay_min = ticks("settings.delayMin", self.delay_min, 1)?;
        // The longest delay is at least the shortest.
        let delay_max = ticks("settings.delayMax", self.delay_max, delay_min)?;
        let retry_backoff = ticks("settings.retryBackoff", self.retry_backoff, 0)?;
        let percent = |field, given| {
            whole_number(field, given, 0, u64::from(MAX_FAULT_PERCENT)).map(|p| p as u8)
        };
        let loss_percent = percent("settings.lossPercent", self.loss_percent)?;
        let duplicate_percent = percent("settings.duplicatePercent", self.duplicate_percent)?;
        let retry_timeout = match self.retry_timeout {
            None => None,
            Some(_) if self.separate_learners => {
                return bad(
                    "retries need the proposers to learn: with separate learners a proposer \
                            cannot tell that its value was chosen and would retry forever; turn \
                            one of them off"
                        .to_string(),
                );
            }
            Some(timeout) => Some(ticks("settings.retryTimeout", timeout, 1)?),
        };
        let learners_apart = self.separate_learners;
        let proposers = PROPOSER_NAMES[..proposers]
            .iter()
            .map(|n| NodeSpec::new(n, true, false, !learners_apart));
        let acceptors = ACCEPTOR_NAMES[..acceptors]
            .iter()
            .map(|n| NodeSpec::new(n, false, true, false));
        let learners = LEARNER_NAMES
            .iter()
            .filter(|_| learners_apart)
            .map(|n| NodeSpec::new(n, false, false, true));
        let config = Config {
            nodes: proposers.chain(acceptors).chain(learners).collect(),
            delay_ticks_min: delay_min,
            delay_ticks_max: delay_max,
            faults: Faults {
                loss_percent,
                duplicate_percent,
                retry: retry_timeout.map(|timeout_ticks| Retry {
                    timeout_ticks,
                    backoff_ticks_max: retry_backoff,
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
