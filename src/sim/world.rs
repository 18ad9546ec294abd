//! The deterministic world that the page animates and the tests drive.

use super::action::Action;
use super::config::Config;
use super::describe::Names;
use super::error::SimError;
use super::facts::SafetyFacts;
use super::limits::{MAX_TIME, MAX_VALUE_CHARS};
use super::network::{Envelope, Network};
use super::scenarios::Scenario;
use crate::paxos::{
    majority, Acceptor, Learner, Line, Message, MessageKind, Node, NodeId, Note, Out,
    ProposalNumber, Proposer, Roles, Value,
};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

mod faults;
mod timers;

pub use timers::Timer;

/// What kind of thing an [`Event`] records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum EventKind {
    /// A proposer started a round.
    Propose,
    /// A message was delivered and handled.
    Deliver,
    /// A message reached a crashed node and was lost.
    Lost,
    /// The user dropped a message.
    Drop,
    /// A node crashed.
    Crash,
    /// A node restarted.
    Restart,
    /// A majority of acceptors accepted the same proposal: its value is chosen.
    Chosen,
    /// A message was duplicated, by the user or by random faults.
    Duplicate,
    /// The user held or released a message.
    Hold,
    /// Links were cut.
    Cut,
    /// Links were healed.
    Heal,
}

/// One entry of the append-only event log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    /// The number of the action that caused it (1 for the first action).
    pub step: u64,
    /// Logical time, in ticks.
    pub time: u64,
    /// What kind of event.
    pub kind: EventKind,
    /// What happened, in words.
    pub text: String,
    /// The message this event ended (delivered, dropped or lost), for the space-time diagram.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<MessageRef>,
    /// The node a proposal, crash or restart happened at, for the space-time diagram.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// The envelope id of the copy a duplication put in flight (by the user or the network),
    /// so that the space-time diagram can mark that copy's arrow without reading `text`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copy_id: Option<u64>,
    /// True on a [`EventKind::Chosen`] event whose value differs from the value chosen before
    /// it: agreement is broken (only a "Break Paxos" rule gets here). The page draws it as an
    /// alarm by this field, never by reading `text`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub safety_broken: bool,
}

/// A message as the space-time diagram draws it: from which node and when, to which node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageRef {
    /// Envelope id; None for a message lost as it was sent (it never got one).
    pub id: Option<u64>,
    /// Sender's name.
    pub src: String,
    /// Receiver's name.
    pub dst: String,
    /// Message type.
    pub kind: MessageKind,
    /// Short label, as on the ring.
    pub label: String,
    /// When it was sent, in ticks.
    pub sent_at: u64,
}

/// Which node acted in the last action and which pseudocode lines it executed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LastStep {
    /// The node that ran a handler, if any did.
    pub node: Option<String>,
    /// The lines it executed, in order.
    pub lines: Vec<Line>,
}

/// The world: nodes, network, RNG, clock and log. See the module docs.
#[derive(Clone, Debug)]
pub struct World {
    pub(super) config: Config,
    pub(super) seed: u64,
    pub(super) names: Names,
    pub(super) nodes: Vec<Node>,
    pub(super) crashed: Vec<bool>,
    pub(super) network: Network,
    pub(super) rng: ChaCha8Rng,
    pub(super) now: u64,
    pub(super) steps: u64,
    pub(super) log: Vec<Event>,
    pub(super) acceptor_count: usize,
    /// Every acceptance ever made, per proposal number: its value and who accepted it.
    pub(super) acceptances: BTreeMap<(ProposalNumber, Value), BTreeSet<NodeId>>,
    /// Proposals accepted by a majority, in the order they became so.
    pub(super) chosen: Vec<(ProposalNumber, Value)>,
    /// What safety depends on, stamped with steps.
    pub(super) facts: SafetyFacts,
    pub(super) last: LastStep,
    /// Links that are cut, as (from, to).
    pub(super) cut: BTreeSet<(NodeId, NodeId)>,
    /// Proposers' retry timers, if the config asks for retries.
    pub(super) timers: Vec<Timer>,
    /// The acceptor that last handled a Prepare or an Accept, if any has.
    pub(super) last_acceptor: Option<NodeId>,
    /// By node index: the value that node's proposer last proposed (its own, not one it
    /// adopted), if it has proposed.
    pub(super) own_values: Vec<Option<Value>>,
}

impl World {
    /// A world for `config` whose message delays are drawn from `seed`.
    pub fn new(config: Config, seed: u64) -> Result<World, SimError> {
        config.validate()?;
        let ids = (0..config.nodes.len()).map(|i| NodeId(i as u8)); // at most MAX_NODES
        let acceptors: Vec<NodeId> = ids
            .clone()
            .filter(|id| config.nodes[usize::from(id.0)].acceptor)
            .collect();
        let learners: Vec<NodeId> = ids
            .clone()
            .filter(|id| config.nodes[usize::from(id.0)].learner)
            .collect();
        let rules = config.rules;
        let quorum = rules.phase2_quorum(acceptors.len());
        let nodes = ids
            .map(|id| {
                let spec = &config.nodes[usize::from(id.0)];
                let roles = Roles {
                    proposer: spec
                        .proposer
                        .then(|| Proposer::with_rules(id, acceptors.clone(), rules)),
                    acceptor: spec.acceptor.then(Acceptor::new),
                    learner: spec.learner.then(|| Learner::new(quorum)),
                };
                Node::new(id, roles, learners.clone(), rules)
            })
            .collect::<Vec<_>>();
        Ok(World {
            names: Names(config.nodes.iter().map(|n| n.name.clone()).collect()),
            crashed: vec![false; nodes.len()],
            own_values: vec![None; nodes.len()],
            nodes,
            seed,
            network: Network::default(),
            rng: ChaCha8Rng::seed_from_u64(seed),
            now: 0,
            steps: 0,
            log: Vec::new(),
            acceptor_count: acceptors.len(),
            acceptances: BTreeMap::new(),
            chosen: Vec::new(),
            facts: SafetyFacts::default(),
            cut: BTreeSet::new(),
            timers: Vec::new(),
            last: LastStep::default(),
            last_acceptor: None,
            config,
        })
    }

    /// A world for `scenario` with its setup actions applied.
    pub fn from_scenario(scenario: &Scenario, seed: u64) -> Result<World, SimError> {
        let mut world = World::new(scenario.config.clone(), seed)?;
        for action in &scenario.setup {
            world.apply(action)?;
        }
        Ok(world)
    }

    /// Applies one action. On an error nothing changed.
    pub fn apply(&mut self, action: &Action) -> Result<(), SimError> {
        match action {
            Action::Propose { node, value } => self.propose(node, value),
            Action::Step => self.step().map(|_| ()),
            Action::AdvanceTo { time } => {
                self.advance_to(*time);
                Ok(())
            }
            Action::Deliver { id } => self.deliver(*id),
            Action::Drop { id } => self.drop_message(*id),
            Action::Crash { node } => self.crash(node),
            Action::Restart { node } => self.restart(node),
            Action::Duplicate { id } => self.duplicate(*id),
            Action::Hold { id } => self.hold(*id),
            Action::Release { id } => self.release(*id),
            Action::Cut { from, to } => self.cut_link(from, to),
            Action::Heal { from, to } => self.heal_link(from, to),
            Action::Partition { groups } => self.partition(groups),
            Action::HealAll => self.heal_all(),
        }
    }

    /// `node` proposes `value`: it starts a new round and sends Prepare to every acceptor.
    pub fn propose(&mut self, node: &str, value: &str) -> Result<(), SimError> {
        let id = self.node_id(node)?;
        check_value(value)?;
        if self.nodes[usize::from(id.0)].roles.proposer.is_none() {
            return Err(SimError::NotAProposer {
                node: node.to_string(),
                proposers: self.proposer_names(),
            });
        }
        self.require_up(id)?;
        let mut out = Out::default();
        let proposer = self.nodes[usize::from(id.0)]
            .roles
            .proposer
            .as_mut()
            .expect("checked above");
        proposer
            .propose(value.to_string(), &mut out)
            .map_err(|_| SimError::RoundsExhausted {
                node: node.to_string(),
            })?;
        self.steps += 1;
        self.facts.proposed.insert(value.to_string());
        self.own_values[usize::from(id.0)] = Some(value.to_string());
        let text = self.narrate(id, &out.notes);
        self.record_at(id, EventKind::Propose, text);
        self.finish_handler(id, out);
        self.arm_timer(id, value, 0);
        Ok(())
    }

    /// Delivers the message due first, advancing the clock to its time. Returns false, and
    /// changes nothing, when no message is in flight.
    pub fn step(&mut self) -> Result<bool, SimError> {
        loop {
            let message = self.network.next_due().map(|e| (e.deliver_at, e.id));
            let timer = self.next_timer();
            match (message, timer) {
                (None, None) => return Ok(false),
                // A message due no later than the next timer goes first.
                (Some((at, id)), t) if t.is_none_or(|(fires_at, _)| at <= fires_at) => {
                    self.now = self.now.max(at);
                    self.deliver(id)?;
                    return Ok(true);
                }
                (_, Some((fires_at, index))) => {
                    // A timer whose round already ended is dropped quietly; keep looking.
                    if self.fire_timer(index, fires_at) {
                        return Ok(true);
                    }
                }
                (Some(_), None) => unreachable!("handled by the guard above"),
            }
        }
    }

    /// When the next thing happens on its own: a message due or a retry timer, if any.
    pub fn next_event_at(&self) -> Option<u64> {
        let message = self.network.next_due().map(|e| e.deliver_at);
        let timer = self.next_timer().map(|(at, _)| at);
        match (message, timer) {
            (Some(m), Some(t)) => Some(m.min(t)),
            (m, t) => m.or(t),
        }
    }

    /// Moves the clock forward to `time` without delivering anything, so that an action the
    /// user takes while the animation is between deliveries happens at the time they see.
    /// The clock never passes the next due message and never goes back. Returns the new time.
    pub fn advance_to(&mut self, time: u64) -> u64 {
        let limit = self.next_event_at().unwrap_or(MAX_TIME).min(MAX_TIME);
        self.now = self.now.max(time.min(limit));
        self.now
    }

    /// Delivers message `id` now, even if it is not yet due.
    pub fn deliver(&mut self, id: u64) -> Result<(), SimError> {
        let envelope = self
            .network
            .take(id)
            .ok_or_else(|| self.unknown_message(id))?;
        self.steps += 1;
        let message = Some(self.message_ref(
            Some(envelope.id),
            envelope.src,
            envelope.dst,
            &envelope.msg,
            envelope.sent_at,
        ));
        let Envelope { src, dst, msg, .. } = envelope;
        let heading = format!(
            "{} receives {} from {}.",
            self.names.node(dst),
            self.names.message(&msg),
            self.names.node(src)
        );
        if self.cut.contains(&(src, dst)) {
            let (from, to) = (self.names.node(src), self.names.node(dst));
            let text = format!(
                "{} from {from} to {to} is lost: the link {from} → {to} is cut.",
                self.names.message(&msg)
            );
            self.record_message(EventKind::Lost, text, message);
            self.last = LastStep::default();
            return Ok(());
        }
        if self.crashed[usize::from(dst.0)] {
            let text = format!(
                "{} is crashed: {} from {} is lost.",
                self.names.node(dst),
                self.names.message(&msg),
                self.names.node(src)
            );
            self.record_message(EventKind::Lost, text, message);
            self.last = LastStep::default();
            return Ok(());
        }
        let promised_before = self.promise_of(dst);
        // Only acceptors are sent Prepare and Accept: this node ran an acceptor's handler.
        if matches!(msg.kind(), MessageKind::Prepare | MessageKind::Accept)
            && self.nodes[usize::from(dst.0)].roles.acceptor.is_some()
        {
            self.last_acceptor = Some(dst);
        }
        let mut out = Out::default();
        self.nodes[usize::from(dst.0)].receive(src, msg, &mut out);
        self.observe_promise(dst, promised_before, &out);
        let text = format!("{heading} {}", self.narrate(dst, &out.notes));
        self.record_message(EventKind::Deliver, text, message);
        self.finish_handler(dst, out);
        Ok(())
    }

    /// Loses message `id`.
    pub fn drop_message(&mut self, id: u64) -> Result<(), SimError> {
        let envelope = self
            .network
            .take(id)
            .ok_or_else(|| self.unknown_message(id))?;
        self.steps += 1;
        let text = format!(
            "{} from {} to {} is dropped by the network.",
            self.names.message(&envelope.msg),
            self.names.node(envelope.src),
            self.names.node(envelope.dst)
        );
        let message = self.message_ref(
            Some(id),
            envelope.src,
            envelope.dst,
            &envelope.msg,
            envelope.sent_at,
        );
        self.record_message(EventKind::Drop, text, Some(message));
        self.last = LastStep::default();
        Ok(())
    }

    /// Crashes `node`: its proposer loses its round, its learner forgets; its acceptor keeps
    /// promisedNumber, acceptedNumber and acceptedValue (unless the "forget on crash" switch is
    /// on, and the log says so). Messages that reach it are lost.
    pub fn crash(&mut self, node: &str) -> Result<(), SimError> {
        let id = self.node_id(node)?;
        if self.crashed[usize::from(id.0)] {
            return Err(SimError::AlreadyDown {
                node: node.to_string(),
            });
        }
        self.steps += 1;
        self.crashed[usize::from(id.0)] = true;
        let promised_before = self.promise_of(id);
        let mut text = format!("{node} crashes.");
        if let (Some(a), true) = (
            &self.nodes[usize::from(id.0)].roles.acceptor,
            self.config.rules.forget_on_crash,
        ) {
            // Switch 3: the one crash that loses what an acceptor must never lose. Say so.
            text += &format!(
                " Its acceptor forgets its promise and accepted value (promisedNumber {}, acceptedNumber {}): the \"forget on crash\" switch is on.",
                self.names.number_or_zero(a.promised_number),
                self.names.number_or_zero(a.accepted_number)
            );
        }
        self.nodes[usize::from(id.0)].crash();
        self.observe_promise(id, promised_before, &Out::default());
        self.prune_timers(); // a crashed proposer's timer dies with it
        self.record_at(id, EventKind::Crash, text);
        self.last = LastStep::default();
        Ok(())
    }

    /// Restarts `node` from its stable storage.
    pub fn restart(&mut self, node: &str) -> Result<(), SimError> {
        let id = self.node_id(node)?;
        if !self.crashed[usize::from(id.0)] {
            return Err(SimError::AlreadyUp {
                node: node.to_string(),
            });
        }
        self.steps += 1;
        self.crashed[usize::from(id.0)] = false;
        let roles = &self.nodes[usize::from(id.0)].roles;
        let mut text = format!("{node} restarts.");
        if let Some(p) = &roles.proposer {
            text += &format!(
                " Its proposer kept round {} (so it never reuses a number) and lost any round in progress.",
                p.round
            );
        }
        if let (Some(_), true) = (&roles.acceptor, self.config.rules.forget_on_crash) {
            text += " Its acceptor forgot its promise and accepted value in the crash (the \"forget on crash\" switch): it starts again from promisedNumber 0 and acceptedNumber 0, free to promise and accept what it had refused.";
        } else if let Some(a) = &roles.acceptor {
            text += &format!(
                " Its acceptor kept promisedNumber {} and acceptedNumber {}.",
                self.names.number_or_zero(a.promised_number),
                self.names.number_or_zero(a.accepted_number)
            );
        }
        if roles.learner.is_some() {
            text += " Its learner forgot what it had counted and learned.";
        }
        self.record_at(id, EventKind::Restart, text);
        self.last = LastStep::default();
        Ok(())
    }

    /// A copy without the event log, for the timeline's checkpoints.
    pub(super) fn without_log(&self) -> World {
        // Field by field, so the log is never copied only to be thrown away.
        World {
            config: self.config.clone(),
            seed: self.seed,
            names: self.names.clone(),
            nodes: self.nodes.clone(),
            crashed: self.crashed.clone(),
            network: self.network.clone(),
            rng: self.rng.clone(),
            now: self.now,
            steps: self.steps,
            log: Vec::new(),
            acceptor_count: self.acceptor_count,
            acceptances: self.acceptances.clone(),
            chosen: self.chosen.clone(),
            facts: self.facts.clone(),
            last: self.last.clone(),
            cut: self.cut.clone(),
            timers: self.timers.clone(),
            last_acceptor: self.last_acceptor,
            own_values: self.own_values.clone(),
        }
    }

    /// Replaces the event log (a restored checkpoint gets the prefix it had).
    pub(super) fn set_log(&mut self, log: Vec<Event>) {
        self.log = log;
    }

    /// The config this world was made from.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The seed of the message-delay generator.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Logical time, in ticks.
    pub fn now(&self) -> u64 {
        self.now
    }

    /// The number of actions applied so far.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// The nodes, in config order.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// Whether node `id` is crashed.
    pub fn is_crashed(&self, id: NodeId) -> bool {
        self.crashed
            .get(usize::from(id.0))
            .copied()
            .unwrap_or(false)
    }

    /// The network of in-flight messages.
    pub fn network(&self) -> &Network {
        &self.network
    }

    /// The event log, oldest first.
    pub fn log(&self) -> &[Event] {
        &self.log
    }

    /// Node names and message wording.
    pub fn names(&self) -> &Names {
        &self.names
    }

    /// The node that acted last and the pseudocode lines it ran.
    pub fn last_step(&self) -> &LastStep {
        &self.last
    }

    /// The acceptor that last handled a Prepare or an Accept, if any has: unlike
    /// [`World::last_step`], a crash, a restart or a lost message in between does not clear it.
    pub fn last_acceptor(&self) -> Option<NodeId> {
        self.last_acceptor
    }

    /// The value node `id`'s proposer last proposed (its own, typed or given by the scenario;
    /// not a value it adopted), or None if it has not proposed.
    pub fn own_value(&self, id: NodeId) -> Option<&Value> {
        self.own_values.get(usize::from(id.0))?.as_ref()
    }

    /// The value chosen, if any: the first proposal a majority of acceptors accepted.
    pub fn chosen(&self) -> Option<&(ProposalNumber, Value)> {
        self.chosen.first()
    }

    /// Every proposal a majority of acceptors accepted, in the order it happened. Paxos'
    /// safety means all of them carry the same value.
    pub fn chosen_proposals(&self) -> &[(ProposalNumber, Value)] {
        &self.chosen
    }

    /// Every value proposed so far.
    pub fn proposed_values(&self) -> &BTreeSet<Value> {
        &self.facts.proposed
    }

    /// What safety depends on, stamped with the step it happened at.
    pub fn facts(&self) -> &SafetyFacts {
        &self.facts
    }

    /// How many acceptors the cluster has.
    pub fn acceptor_count(&self) -> usize {
        self.acceptor_count
    }

    /// The promises a proposer needs before phase 2: a majority unless the rules say otherwise.
    pub fn phase1_quorum(&self) -> usize {
        self.config.rules.phase1_quorum(self.acceptor_count)
    }

    /// The acceptances that make a value chosen: a majority unless the rules say otherwise.
    pub fn phase2_quorum(&self) -> usize {
        self.config.rules.phase2_quorum(self.acceptor_count)
    }

    /// The id of the node called `name`, or an error listing the names that exist.
    pub fn node_id(&self, name: &str) -> Result<NodeId, SimError> {
        self.names
            .0
            .iter()
            .position(|n| n == name)
            .map(|i| NodeId(i as u8))
            .ok_or_else(|| SimError::UnknownNode {
                given: name.to_string(),
                known: self.names.0.clone(),
            })
    }

    fn require_up(&self, id: NodeId) -> Result<(), SimError> {
        if self.crashed[usize::from(id.0)] {
            return Err(SimError::NodeDown {
                node: self.names.node(id).to_string(),
            });
        }
        Ok(())
    }

    fn proposer_names(&self) -> Vec<String> {
        self.nodes
            .iter()
            .filter(|n| n.roles.proposer.is_some())
            .map(|n| self.names.node(n.id).to_string())
            .collect()
    }

    pub(super) fn unknown_message(&self, id: u64) -> SimError {
        SimError::UnknownMessage {
            id,
            in_flight: self.network.ids(),
        }
    }

    pub(super) fn narrate(&self, node: NodeId, notes: &[Note]) -> String {
        notes
            .iter()
            .map(|note| self.names.note(node, note))
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub(super) fn record(&mut self, kind: EventKind, text: String) {
        self.record_message(kind, text, None);
    }

    /// Records that a proposal's value is chosen; `safety_broken` when another value was
    /// chosen before it.
    fn record_chosen(&mut self, text: String, safety_broken: bool) {
        self.push_event(EventKind::Chosen, text, None, None, None);
        if let Some(event) = self.log.last_mut() {
            event.safety_broken = safety_broken;
        }
    }

    /// Records a duplication that put envelope `copy_id` in flight.
    pub(super) fn record_duplicate(&mut self, text: String, copy_id: u64) {
        self.push_event(EventKind::Duplicate, text, None, None, Some(copy_id));
    }

    /// Records an event that ended a message.
    pub(super) fn record_message(
        &mut self,
        kind: EventKind,
        text: String,
        message: Option<MessageRef>,
    ) {
        self.push_event(kind, text, message, None, None);
    }

    /// Records an event that happened at node `id` (a proposal, crash or restart).
    pub(super) fn record_at(&mut self, id: NodeId, kind: EventKind, text: String) {
        let node = Some(self.names.node(id).to_string());
        self.push_event(kind, text, None, node, None);
    }

    fn push_event(
        &mut self,
        kind: EventKind,
        text: String,
        message: Option<MessageRef>,
        node: Option<String>,
        copy_id: Option<u64>,
    ) {
        self.log.push(Event {
            step: self.steps,
            time: self.now,
            kind,
            text,
            message,
            node,
            copy_id,
            safety_broken: false,
        });
    }

    /// Node `id`'s acceptor's promise, if it is an acceptor.
    fn promise_of(&self, id: NodeId) -> Option<ProposalNumber> {
        self.nodes[usize::from(id.0)]
            .roles
            .acceptor
            .as_ref()?
            .promised_number
    }

    /// Records, for the checker, a promise that went down or an acceptance below the promise
    /// held before the handler ran.
    fn observe_promise(&mut self, id: NodeId, before: Option<ProposalNumber>, out: &Out) {
        let after = self.promise_of(id);
        if let Some(before) = before {
            if after < Some(before) {
                self.facts
                    .promise_drops
                    .push((self.steps, id, before, after));
            }
            for note in &out.notes {
                if let Note::Accepted { n, .. } = note {
                    if *n < before {
                        self.facts
                            .accepts_below_promise
                            .push((self.steps, id, *n, before));
                    }
                }
            }
        }
    }

    /// A message as the diagram draws it.
    pub(super) fn message_ref(
        &self,
        id: Option<u64>,
        src: NodeId,
        dst: NodeId,
        msg: &Message,
        sent_at: u64,
    ) -> MessageRef {
        MessageRef {
            id,
            src: self.names.node(src).to_string(),
            dst: self.names.node(dst).to_string(),
            kind: msg.kind(),
            label: self.names.message_short(msg),
            sent_at,
        }
    }

    /// Puts the handler's messages on the network, tracks acceptances, and remembers its lines.
    pub(super) fn finish_handler(&mut self, node: NodeId, out: Out) {
        // First what the handler decided (a value may become chosen), then the network's
        // fate of the messages it sent, so the log reads in cause-and-effect order.
        for note in &out.notes {
            match note {
                Note::Accepted { n, value } => self.track_acceptance(node, *n, value),
                Note::Learned { value, .. } => {
                    self.facts.learned.push((self.steps, node, value.clone()))
                }
                _ => {}
            }
        }
        for (dst, msg) in out.sends {
            self.transmit(node, dst, msg);
        }
        self.last = LastStep {
            node: Some(self.names.node(node).to_string()),
            lines: out.lines,
        };
        self.prune_timers();
    }

    fn track_acceptance(&mut self, acceptor: NodeId, n: ProposalNumber, value: &Value) {
        // Keyed by number and value: with non-unique numbers two proposals can share a number.
        let quorum = self.phase2_quorum();
        let acceptors = self.acceptances.entry((n, value.clone())).or_default();
        let newly = acceptors.insert(acceptor);
        if !newly || acceptors.len() != quorum {
            return;
        }
        let who: Vec<&str> = acceptors.iter().map(|a| self.names.node(*a)).collect();
        let quorum_words = if quorum == majority(self.acceptor_count) {
            format!("a majority of the {} acceptors", self.acceptor_count)
        } else {
            format!(
                "a quorum of {quorum} of the {} acceptors",
                self.acceptor_count
            )
        };
        let safety_broken = self.chosen.first().is_some_and(|(_, first)| first != value);
        let text = match self.chosen.first() {
            None => format!(
                "\"{value}\" is chosen: {} accepted {}, {quorum_words}. Learners find out from Accepted messages.",
                who.join(", "),
                self.names.number(n),
            ),
            // Not a second choice: Paxos guarantees any later quorum carries the same value.
            Some((_, first)) if first == value => format!(
                "\"{value}\" is still the chosen value, now also under {}: {} accepted it. Once a value is chosen, every higher-numbered proposal carries it.",
                self.names.number(n),
                who.join(", ")
            ),
            // Only a "Break Paxos" switch gets here.
            Some((_, first)) => format!(
                "SAFETY BROKEN: \"{value}\" is chosen too: {} accepted {}, {quorum_words}, but \"{first}\" was already chosen. Two learners can now learn different values.",
                who.join(", "),
                self.names.number(n),
            ),
        };
        self.chosen.push((n, value.clone()));
        self.facts.chosen.push((self.steps, n, value.clone()));
        self.record_chosen(text, safety_broken);
    }
}

/// Checks a proposed value: 1 to MAX_VALUE_CHARS printable characters.
pub fn check_value(value: &str) -> Result<(), SimError> {
    if value.trim().is_empty() {
        return Err(SimError::EmptyValue);
    }
    let chars = value.chars().count();
    if chars > MAX_VALUE_CHARS {
        return Err(SimError::ValueTooLong {
            chars,
            max: MAX_VALUE_CHARS,
        });
    }
    if value.chars().any(char::is_control) {
        return Err(SimError::ValueHasControlCharacter);
    }
    Ok(())
}
