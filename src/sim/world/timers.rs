//! The proposers' retry timers: armed when a proposer starts a round (if the config asks for
//! retries), fired by the world's clock, pruned when the round they guard ends. The backoff is
//! a seeded draw, so runs stay reproducible.

use super::{EventKind, World};
use crate::paxos::NodeId;
use crate::sim::limits::MAX_RETRIES;
use rand::Rng;

/// A proposer's pending retry: it fires at `fires_at` unless the round it guards has ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timer {
    /// The proposer.
    pub node: NodeId,
    /// The round it was armed for; a newer round makes it stale.
    pub round: u32,
    /// The value to propose again.
    pub value: String,
    /// When it fires, in ticks.
    pub fires_at: u64,
    /// How many retries came before this one.
    pub attempt: u32,
}

impl World {
    /// The pending retry timers.
    pub fn timers(&self) -> &[Timer] {
        &self.timers
    }

    /// Arms `node`'s retry timer for its current round, if the config asks for retries.
    pub(super) fn arm_timer(&mut self, node: NodeId, value: &str, attempt: u32) {
        let Some(retry) = self.config.faults.retry.clone() else {
            return;
        };
        let Some(round) = self.nodes[usize::from(node.0)]
            .roles
            .proposer
            .as_ref()
            .map(|p| p.round)
        else {
            return;
        };
        // A timer that could never fire would announce an event that never comes; don't arm
        // it (and draw no backoff for it).
        let learned = self.nodes[usize::from(node.0)]
            .roles
            .learner
            .as_ref()
            .is_some_and(|l| l.learned.is_some());
        if attempt >= MAX_RETRIES || learned || self.is_crashed(node) {
            return;
        }
        let backoff = self.rng.random_range(0..=retry.backoff_ticks_max);
        let fires_at = self.now + retry.timeout_ticks + backoff;
        self.timers.push(Timer {
            node,
            round,
            value: value.to_string(),
            fires_at,
            attempt,
        });
    }

    /// The next live timer: (time it fires, index); ties go to the earliest armed.
    pub(super) fn next_timer(&self) -> Option<(u64, usize)> {
        self.timers
            .iter()
            .enumerate()
            .map(|(i, t)| (t.fires_at, i))
            .min()
    }

    /// Drops timers whose round ended: the proposer crashed, proposed again, or learned.
    pub(super) fn prune_timers(&mut self) {
        let timers = std::mem::take(&mut self.timers);
        self.timers = timers
            .into_iter()
            .filter(|t| self.timer_is_live(t))
            .collect();
    }

    fn timer_is_live(&self, timer: &Timer) -> bool {
        let node = &self.nodes[usize::from(timer.node.0)];
        let same_round = node
            .roles
            .proposer
            .as_ref()
            .is_some_and(|p| p.round == timer.round);
        let learned = node
            .roles
            .learner
            .as_ref()
            .is_some_and(|l| l.learned.is_some());
        !self.is_crashed(timer.node) && same_round && !learned
    }

    /// Fires timer `index` at `fires_at`: the proposer proposes its value again with a higher
    /// number. Returns false, having dropped the timer and changed nothing else, if it was
    /// stale or the proposer has no rounds or retries left.
    pub(super) fn fire_timer(&mut self, index: usize, fires_at: u64) -> bool {
        let timer = self.timers.remove(index);
        if !self.timer_is_live(&timer) || timer.attempt >= MAX_RETRIES {
            return false;
        }
        let node = timer.node;
        let mut out = crate::paxos::Out::default();
        let proposer = self.nodes[usize::from(node.0)]
            .roles
            .proposer
            .as_mut()
            .expect("live timers have proposers");
        let old = proposer.round;
        if proposer.propose(timer.value.clone(), &mut out).is_err() {
            return false;
        }
        self.now = self.now.max(fires_at);
        self.steps += 1;
        let name = self.names.node(node).to_string();
        let text = format!(
            "{name}'s retry timer fires: round {old} has not succeeded in time (retry {} of at most {MAX_RETRIES}). {}",
            timer.attempt + 1,
            self.narrate(node, &out.notes)
        );
        self.record_at(node, EventKind::Propose, text);
        self.finish_handler(node, out);
        self.arm_timer(node, &timer.value, timer.attempt + 1);
        true
    }
}
