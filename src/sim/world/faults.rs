//! Faults the user (or the config's random faults) inflicts on the world: duplicated and held
//! messages, cut links and partitions, random loss and duplication on sending. Every fault is
//! an action or a seeded draw, so runs stay reproducible.

use super::{EventKind, World};
use crate::paxos::{Message, NodeId};
use crate::sim::error::SimError;
use crate::sim::limits::MAX_IN_FLIGHT;
use crate::sim::text::clipped;
use rand::Rng;

impl World {
    /// Puts a second copy of message `id` in flight, with a fresh delay from now.
    pub fn duplicate(&mut self, id: u64) -> Result<(), SimError> {
        let envelope = self
            .network
            .get(id)
            .ok_or_else(|| self.unknown_message(id))?
            .clone();
        if self.network.in_flight().len() >= MAX_IN_FLIGHT {
            return Err(SimError::NetworkFull { max: MAX_IN_FLIGHT });
        }
        self.steps += 1;
        let copy = self.enqueue(envelope.src, envelope.dst, envelope.msg.clone());
        let text = format!(
            "{} from {} to {} is duplicated: copy #{copy} is in flight too.",
            self.names.message(&envelope.msg),
            self.names.node(envelope.src),
            self.names.node(envelope.dst)
        );
        self.record_duplicate(text, copy);
        self.last = Default::default();
        Ok(())
    }

    /// Holds message `id`: it stays in flight and is never due until released.
    pub fn hold(&mut self, id: u64) -> Result<(), SimError> {
        let envelope = self
            .network
            .get(id)
            .ok_or_else(|| self.unknown_message(id))?;
        if envelope.held {
            return Err(SimError::AlreadyHeld { id });
        }
        let text = format!(
            "#{id} {} is held in flight.",
            self.names.message(&envelope.msg)
        );
        self.steps += 1;
        self.network.set_held(id, true);
        self.record(EventKind::Hold, text);
        self.last = Default::default();
        Ok(())
    }

    /// Releases held message `id`; it is delivered at its time, or next if that has passed.
    pub fn release(&mut self, id: u64) -> Result<(), SimError> {
        let envelope = self
            .network
            .get(id)
            .ok_or_else(|| self.unknown_message(id))?;
        if !envelope.held {
            return Err(SimError::NotHeld { id });
        }
        let text = format!("#{id} {} is released.", self.names.message(&envelope.msg));
        self.steps += 1;
        self.network.set_held(id, false);
        self.record(EventKind::Hold, text);
        self.last = Default::default();
        Ok(())
    }

    /// Cuts the link from `from` to `to`: messages sent on it, or arriving over it, are lost.
    pub fn cut_link(&mut self, from: &str, to: &str) -> Result<(), SimError> {
        let link = self.link(from, to)?;
        if self.cut.contains(&link) {
            return Err(SimError::LinkAlreadyCut {
                from: from.into(),
                to: to.into(),
            });
        }
        self.steps += 1;
        self.cut.insert(link);
        self.record(EventKind::Cut, format!("The link {from} → {to} is cut."));
        self.last = Default::default();
        Ok(())
    }

    /// Heals the link from `from` to `to`.
    pub fn heal_link(&mut self, from: &str, to: &str) -> Result<(), SimError> {
        let link = self.link(from, to)?;
        if !self.cut.contains(&link) {
            return Err(SimError::LinkNotCut {
                from: from.into(),
                to: to.into(),
            });
        }
        self.steps += 1;
        self.cut.remove(&link);
        self.record(
            EventKind::Heal,
            format!("The link {from} → {to} is healed."),
        );
        self.last = Default::default();
        Ok(())
    }

    /// Splits the cluster into `groups`: every link between two groups is cut both ways,
    /// links inside a group are healed. Every node must be in exactly one group.
    pub fn partition(&mut self, groups: &[Vec<String>]) -> Result<(), SimError> {
        let bad = |reason: String| SimError::BadPartition { reason };
        if groups.len() < 2 || groups.iter().any(|g| g.is_empty()) {
            return Err(bad(format!(
                "give at least two non-empty groups, e.g. A,B | C,D; got {}",
                clipped(&describe_groups(groups))
            )));
        }
        let mut group_of = vec![None; self.nodes.len()];
        for (index, group) in groups.iter().enumerate() {
            for name in group {
                let id = self.node_id(name)?;
                if group_of[usize::from(id.0)].replace(index).is_some() {
                    return Err(bad(format!("{name} is in more than one group")));
                }
            }
        }
        let missing: Vec<&str> = (0..self.nodes.len())
            .filter(|&i| group_of[i].is_none())
            .map(|i| self.names.node(NodeId(i as u8)))
            .collect();
        if !missing.is_empty() {
            return Err(bad(format!(
                "every node must be in a group; missing: {}",
                missing.join(", ")
            )));
        }
        self.steps += 1;
        // Inserted one by one: collecting into a set sorts first, with 4 KB of sort code.
        self.cut.clear();
        self.cut.extend(
            all_links(self.nodes.len())
                .filter(|(a, b)| group_of[usize::from(a.0)] != group_of[usize::from(b.0)]),
        );
        let text = format!(
            "The network splits into {}: messages between groups are lost.",
            describe_groups(groups)
        );
        self.record(EventKind::Cut, text);
        self.last = Default::default();
        Ok(())
    }

    /// Heals every cut link.
    pub fn heal_all(&mut self) -> Result<(), SimError> {
        if self.cut.is_empty() {
            return Err(SimError::NothingCut);
        }
        self.steps += 1;
        let count = self.cut.len();
        self.cut.clear();
        let text = if count == 1 {
            "The one cut link is healed.".to_string()
        } else {
            format!("All {count} cut links are healed.")
        };
        self.record(EventKind::Heal, text);
        self.last = Default::default();
        Ok(())
    }

    /// The links that are cut, as (from, to) names.
    pub fn cut_links(&self) -> Vec<(String, String)> {
        self.cut
            .iter()
            .map(|(a, b)| {
                (
                    self.names.node(*a).to_string(),
                    self.names.node(*b).to_string(),
                )
            })
            .collect()
    }

    /// Sends `msg` from `src` to `dst` through the faulty network: lost on a cut link or by
    /// random loss, else put in flight (twice, on a random duplication).
    pub(super) fn transmit(&mut self, src: NodeId, dst: NodeId, msg: Message) {
        let (from, to) = (
            self.names.node(src).to_string(),
            self.names.node(dst).to_string(),
        );
        if self.cut.contains(&(src, dst)) {
            let text = format!(
                "{} from {from} to {to} is lost: the link {from} → {to} is cut.",
                self.names.message(&msg)
            );
            let message = self.message_ref(None, src, dst, &msg, self.now);
            self.record_message(EventKind::Lost, text, Some(message));
            return;
        }
        // Draw only when a fault is configured, so runs without faults use the RNG for
        // delays alone.
        let faults = self.config.faults.clone();
        if faults.loss_percent > 0 && self.rng.random_range(0..100u8) < faults.loss_percent {
            let text = format!(
                "{} from {from} to {to} is lost by the network.",
                self.names.message(&msg)
            );
            let message = self.message_ref(None, src, dst, &msg, self.now);
            self.record_message(EventKind::Lost, text, Some(message));
            return;
        }
        if self.network.in_flight().len() >= MAX_IN_FLIGHT {
            let text = format!(
                "{} from {from} to {to} is lost: the network already carries {MAX_IN_FLIGHT} messages.",
                self.names.message(&msg)
            );
            let message = self.message_ref(None, src, dst, &msg, self.now);
            self.record_message(EventKind::Lost, text, Some(message));
            return;
        }
        let label = self.names.message(&msg);
        self.enqueue(src, dst, msg.clone());
        if faults.duplicate_percent > 0
            && self.rng.random_range(0..100u8) < faults.duplicate_percent
            && self.network.in_flight().len() < MAX_IN_FLIGHT
        {
            let copy = self.enqueue(src, dst, msg);
            let text =
                format!("{label} from {from} to {to} is duplicated by the network: copy #{copy}.");
            self.record_duplicate(text, copy);
        }
    }

    /// Puts a message in flight with a random delay; returns its id.
    fn enqueue(&mut self, src: NodeId, dst: NodeId, msg: Message) -> u64 {
        let delay = self
            .rng
            .random_range(self.config.delay_ticks_min..=self.config.delay_ticks_max);
        self.network.send(src, dst, msg, self.now, self.now + delay)
    }

    fn link(&self, from: &str, to: &str) -> Result<(NodeId, NodeId), SimError> {
        let (a, b) = (self.node_id(from)?, self.node_id(to)?);
        if a == b {
            return Err(SimError::SelfLink {
                node: from.to_string(),
            });
        }
        Ok((a, b))
    }
}

/// Every directed link between two different nodes of `count`.
fn all_links(count: usize) -> impl Iterator<Item = (NodeId, NodeId)> {
    let ids = move || (0..count).map(|i| NodeId(i as u8));
    ids().flat_map(move |a| ids().filter(move |b| *b != a).map(move |b| (a, b)))
}

/// Groups as the page writes them: `A, B | C, D`.
fn describe_groups(groups: &[Vec<String>]) -> String {
    let parts: Vec<String> = groups.iter().map(|g| g.join(", ")).collect();
    if parts.is_empty() {
        "no groups".to_string()
    } else {
        parts.join(" | ")
    }
}
