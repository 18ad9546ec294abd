//! Time travel: a run as a list of actions, with checkpoints so that any step can be shown
//! again by restoring the nearest earlier checkpoint and replaying from there. Acting while
//! looking at the past forks a new branch: the old future is discarded.
//!
//! Checkpoints hold worlds without their event logs (a log copy per checkpoint would grow as
//! the square of the run); the log of the branch's end is kept once and its prefix is copied
//! into a restored world.

use super::action::Action;
use super::config::Config;
use super::error::SimError;
use super::scenarios::Scenario;
use super::world::{Event, World};

/// Actions between two checkpoints: a seek replays at most this many.
pub const CHECKPOINT_INTERVAL: usize = 64;

/// A checkpoint: the world after some number of actions, without its log.
#[derive(Clone, Debug)]
struct Checkpoint {
    world: World,
    log_len: usize,
}

/// A run that can be rewound: config, seed, the actions of the current branch and a cursor.
#[derive(Clone, Debug)]
pub struct Timeline {
    config: Config,
    seed: u64,
    actions: Vec<Action>,
    /// How many of `actions` the shown world has applied.
    cursor: usize,
    world: World,
    /// `checkpoints[k]` is the world after `k * CHECKPOINT_INTERVAL` actions.
    checkpoints: Vec<Checkpoint>,
    /// The event log at the end of the branch, kept while the cursor is before the end.
    branch_log: Option<Vec<Event>>,
}

impl Timeline {
    /// A timeline for `config` and `seed` with no actions yet.
    pub fn new(config: Config, seed: u64) -> Result<Timeline, SimError> {
        let world = World::new(config.clone(), seed)?;
        Ok(Timeline {
            checkpoints: vec![Checkpoint {
                world: world.without_log(),
                log_len: 0,
            }],
            config,
            seed,
            actions: Vec::new(),
            cursor: 0,
            world,
            branch_log: None,
        })
    }

    /// A timeline for a built-in scenario, its setup applied as the first actions. A setup
    /// action refused (under other rules, one that names a message by id may find none) is
    /// reported as [`SimError::SetupRefused`], not as if the user had asked for it.
    pub fn from_scenario(scenario: &Scenario, seed: u64) -> Result<Timeline, SimError> {
        let mut timeline = Timeline::new(scenario.config.clone(), seed)?;
        for (index, action) in scenario.setup.iter().enumerate() {
            timeline
                .apply(action)
                .map_err(|error| SimError::SetupRefused {
                    scenario: scenario.name.to_string(),
                    index: index + 1,
                    action: action.to_string(),
                    reason: error.to_string(),
                })?;
        }
        Ok(timeline)
    }

    /// A timeline that replays `actions` on `config` and `seed`; fails on the first action
    /// that the world refuses.
    pub fn from_run(config: Config, seed: u64, actions: &[Action]) -> Result<Timeline, SimError> {
        let mut timeline = Timeline::new(config, seed)?;
        for action in actions {
            timeline.apply(action)?;
        }
        Ok(timeline)
    }

    /// Applies `action` at the cursor. If the cursor is in the past, a successful action forks:
    /// the actions after the cursor are discarded, and `Ok(true)` says so. A refused action
    /// changes nothing. A step with nothing to do is not recorded.
    pub fn apply(&mut self, action: &Action) -> Result<bool, SimError> {
        let recorded = match action {
            Action::Step => self.world.step()?,
            other => {
                self.world.apply(other)?;
                true
            }
        };
        if !recorded {
            return Ok(false);
        }
        let forked = self.cursor < self.actions.len();
        if forked {
            self.actions.truncate(self.cursor);
            self.checkpoints
                .truncate(self.cursor / CHECKPOINT_INTERVAL + 1);
            self.branch_log = None;
        }
        self.actions.push(action.clone());
        self.cursor += 1;
        if self.cursor % CHECKPOINT_INTERVAL == 0 {
            self.checkpoints.push(Checkpoint {
                world: self.world.without_log(),
                log_len: self.world.log().len(),
            });
        }
        Ok(forked)
    }

    /// Applies `action` at logical time `time` (the moment on screen when the user acted):
    /// records a clock advance first when the clock actually moves, so a replay acts at the
    /// same time. All or nothing, like [`Timeline::apply`].
    pub fn apply_at(&mut self, time: u64, action: &Action) -> Result<bool, SimError> {
        let mut probe = self.world.without_log();
        let moved_to = probe.advance_to(time);
        if moved_to == self.world.now() {
            return self.apply(action);
        }
        // Check the action first on a copy, so that a refused one records nothing.
        probe.apply(action)?;
        let forked = self.apply(&Action::AdvanceTo { time: moved_to })?;
        self.apply(action)?;
        Ok(forked)
    }

    /// Shows the world after the first `position` actions (clamped to the branch's length).
    pub fn seek(&mut self, position: usize) {
        let target = position.min(self.actions.len());
        if target == self.cursor {
            return;
        }
        if self.cursor == self.actions.len() {
            self.branch_log = Some(self.world.log().to_vec());
        }
        // Moving forward a little is cheapest from the world we have.
        let checkpoint = &self.checkpoints[target / CHECKPOINT_INTERVAL];
        let from_checkpoint = target / CHECKPOINT_INTERVAL * CHECKPOINT_INTERVAL;
        if !(target > self.cursor && self.cursor >= from_checkpoint) {
            let log = self
                .branch_log
                .as_ref()
                .expect("kept while the cursor is before the end");
            let mut world = checkpoint.world.clone();
            world.set_log(log[..checkpoint.log_len].to_vec());
            self.world = world;
            self.cursor = from_checkpoint;
        }
        for action in &self.actions[self.cursor..target] {
            // Replaying what was applied before: the same world gives the same result.
            let replayed = match action {
                Action::Step => self.world.step().map(|_| ()),
                other => self.world.apply(other),
            };
            debug_assert!(replayed.is_ok(), "a recorded action replays: {replayed:?}");
        }
        self.cursor = target;
        if self.cursor == self.actions.len() {
            self.branch_log = None;
        }
    }

    /// One step back, to just after the previous action the user would count (a bare clock
    /// advance is part of the action after it); false at the start.
    pub fn back(&mut self) -> bool {
        let target = (0..self.cursor).rev().find(|&p| self.is_stop(p));
        match target {
            Some(p) => {
                self.seek(p);
                true
            }
            None => false,
        }
    }

    /// One step forward; false at the end.
    pub fn forward(&mut self) -> bool {
        let target = (self.cursor + 1..=self.actions.len()).find(|&p| self.is_stop(p));
        match target {
            Some(p) => {
                self.seek(p);
                true
            }
            None => false,
        }
    }

    /// Whether position `p` is one the user sees as a step: the start, or just after an
    /// action other than a clock advance.
    fn is_stop(&self, p: usize) -> bool {
        p == 0 || !matches!(self.actions[p - 1], Action::AdvanceTo { .. })
    }

    /// The position just after the action that made event step `step` (events carry the
    /// world's step count; clock advances have none). None if the branch has no such step.
    pub fn position_of_step(&self, step: u64) -> Option<usize> {
        if step == 0 {
            return Some(0);
        }
        let mut counted = 0;
        for (index, action) in self.actions.iter().enumerate() {
            if !matches!(action, Action::AdvanceTo { .. }) {
                counted += 1;
                if counted == step {
                    return Some(index + 1);
                }
            }
        }
        None
    }

    /// Shows the run just after event step `step` (the `step` of a log event), as a click on
    /// an event of the diagram does; an error if the branch has no such step.
    pub fn seek_step(&mut self, step: u64) -> Result<(), SimError> {
        let position = self
            .position_of_step(step)
            .ok_or_else(|| SimError::NoSuchStep {
                step,
                steps: self.world.steps(),
            })?;
        self.seek(position);
        Ok(())
    }

    /// The world as of the cursor.
    pub fn world(&self) -> &World {
        &self.world
    }

    /// How many actions the shown world has applied.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The actions of the current branch.
    pub fn actions(&self) -> &[Action] {
        &self.actions
    }

    /// The config.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }
}
