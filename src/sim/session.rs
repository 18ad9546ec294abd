//! A playground's run together with where Reset takes it: the start (a built-in scenario, the
//! settings form's cluster, or a shared run's cluster) and the seed. The wasm facade holds one
//! per element, and the fuzz target (`check::fuzz`) drives this same type, so what it checks is
//! what the page runs.

use super::error::SimError;
use super::run::Run;
use super::scenarios::Scenario;
use super::timeline::Timeline;
use crate::paxos::Rules;

/// The name of the start of a run loaded from a link or a file.
pub const SHARED: &str = "shared";

/// A run, its start and its seed.
#[derive(Clone, Debug)]
pub struct Session {
    /// What Reset starts from: the config and the actions that set the stage.
    start: Scenario,
    seed: u64,
    timeline: Timeline,
}

impl Session {
    /// A session at the start of `scenario` with `seed`.
    pub fn new(scenario: Scenario, seed: u64) -> Result<Session, SimError> {
        let timeline = Timeline::from_scenario(&scenario, seed)?;
        Ok(Session {
            start: scenario,
            seed,
            timeline,
        })
    }

    /// A session showing `run`; Reset takes it to its cluster with no actions.
    pub fn replaying(run: Run) -> Result<Session, SimError> {
        let timeline = run.replay()?;
        let start = Scenario {
            name: SHARED,
            title: "A shared run",
            description: "A run loaded from a link or a file.",
            config: run.config,
            setup: Vec::new(),
        };
        Ok(Session {
            start,
            seed: run.seed,
            timeline,
        })
    }

    /// A new session from the same start and seed under other rules.
    pub fn with_rules(&self, rules: Rules) -> Result<Session, SimError> {
        let mut start = self.start.clone();
        start.config.rules = rules;
        start.config.validate()?;
        Session::new(start, self.seed)
    }

    /// A new session from the same start with another seed.
    pub fn reseeded(&self, seed: u64) -> Result<Session, SimError> {
        Session::new(self.start.clone(), seed)
    }

    /// Starts the run again from the start, with the same seed.
    pub fn reset(&mut self) -> Result<(), SimError> {
        self.timeline = Timeline::from_scenario(&self.start, self.seed)?;
        Ok(())
    }

    /// The built-in scenario's name, or None for a shared run.
    pub fn scenario(&self) -> Option<&'static str> {
        (self.start.name != SHARED).then_some(self.start.name)
    }

    /// What the run starts from.
    pub fn start(&self) -> &Scenario {
        &self.start
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The run.
    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    /// The run, to act on.
    pub fn timeline_mut(&mut self) -> &mut Timeline {
        &mut self.timeline
    }
}
