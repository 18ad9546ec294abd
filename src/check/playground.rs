//! The playground model: every way the page's own handlers can run on a small cluster.
//!
//! A state is the nodes (the very [`Node`] values the simulator animates), which are down,
//! the messages in flight as an unordered multiset (or a set, when the network may duplicate:
//! a message delivered stays deliverable), and the history of acceptances that decides what
//! was chosen. From a state, any up proposer may start a new round (at most `rounds` per
//! proposer, standing for its timeouts), any message may be delivered (and, with loss, lost),
//! and any node may crash (at most `crashes` in a run) and restart. There is no clock: every
//! interleaving is explored, which covers every timing the simulator could draw.
//!
//! A counterexample converts to a simulator [`Run`], so the page can load it into the
//! timeline and play it: [`PlaygroundModel::to_run`].

mod compact;

pub use compact::{Compact, CompactAction, CompactState};

use super::explore::{Expectation, Model, NotApplicable, Property};
use crate::paxos::{Acceptor, Message, Node, NodeId, Out, ProposalNumber, Rules, Value};
use crate::sim::{Action, Config, Faults, Names, Run, Settings, SimError, World, MAX_NODES};
use std::collections::BTreeSet;
use std::fmt;

/// The bounds of the search, beyond the cluster itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bounds {
    /// How many rounds each proposer may start (1 to [`MAX_ROUNDS`]).
    pub rounds: u8,
    /// Whether the network may lose messages.
    pub loss: bool,
    /// Whether the network may deliver a message more than once.
    pub duplicate: bool,
    /// How many crashes a run may have in all (0 to [`MAX_CRASHES`]); a crashed node may restart.
    pub crashes: u8,
    /// Whether states that differ only by a renaming of interchangeable nodes count as one:
    /// nodes that are not proposers and hold the same roles (e.g. the acceptors that only
    /// accept, or the acceptors that also learn) may be permuted among themselves.
    pub symmetry: bool,
    /// Whether to leave out interleavings that cannot change a verdict (partial-order
    /// reduction; see [`Compact`]'s `ample`). Only the compact model honours it: the plain
    /// model, the reference for the tests, explores every interleaving.
    pub partial_order: bool,
}

/// The most rounds per proposer a search may allow.
pub const MAX_ROUNDS: u8 = 5;
/// The most crashes a search may allow.
pub const MAX_CRASHES: u8 = 3;

/// The value each proposer of [`cluster`] proposes, in order (P "Hello", Q "World", ...).
pub const CLUSTER_VALUES: [&str; 5] = ["Hello", "World", "Paxos", "Lamport", "Quorum"];

/// The cluster `paxos-check playground` explores (and its benchmarks against stateright):
/// the page's own settings for `acceptors` acceptors A, B, ... and `proposers` proposers P, Q,
/// ... that also learn, without faults, under `rules`; with each proposer's value (name,
/// value) from [`CLUSTER_VALUES`]. An error names what the settings refuse (e.g. too many
/// nodes).
pub fn cluster(
    acceptors: usize,
    proposers: usize,
    rules: Rules,
) -> Result<(Config, Vec<(String, Value)>), SimError> {
    let settings = Settings {
        acceptors: acceptors as f64,
        proposers: proposers as f64,
        values: CLUSTER_VALUES
            .iter()
            .take(proposers)
            .map(|v| v.to_string())
            .collect(),
        separate_learners: false,
        delay_min: 1.0,
        delay_max: 1.0,
        loss_percent: 0.0,
        duplicate_percent: 0.0,
        retry_timeout: None,
        retry_backoff: 0.0,
    };
    let scenario = settings.scenario()?;
    let values = scenario
        .setup
        .iter()
        .filter_map(|action| match action {
            Action::Propose { node, value } => Some((node.clone(), value.clone())),
            _ => None,
        })
        .collect();
    Ok((
        Config {
            rules,
            ..scenario.config
        },
        values,
    ))
}

impl Default for Bounds {
    fn default() -> Self {
        Bounds {
            rounds: 2,
            loss: false,
            duplicate: false,
            crashes: 0,
            symmetry: false,
            partial_order: false,
        }
    }
}

/// A message in flight: from, to, what.
pub type Envelope = (NodeId, NodeId, Message);

/// One state of the playground model.
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct PlaygroundState {
    /// Every node, indexed by id.
    nodes: Vec<Node>,
    /// Bit `i` is set while node `i` is down.
    down: u16,
    /// Crashes so far.
    crashes: u8,
    /// Rounds each node has started.
    rounds: Vec<u8>,
    /// Messages in flight, sorted (a multiset; a set when the network duplicates).
    network: Vec<Envelope>,
    /// Every acceptance so far, sorted and without repeats: (number, value, acceptor).
    votes: Vec<(ProposalNumber, Value, NodeId)>,
}

/// A step of the playground model, as a counterexample lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlaygroundAction {
    /// A proposer starts a new round for its value.
    Propose {
        /// The proposer.
        node: NodeId,
        /// Its value.
        value: Value,
    },
    /// A message in flight arrives (or is lost, if its receiver is down).
    Deliver(Envelope),
    /// The network loses a message.
    Drop(Envelope),
    /// A node crashes.
    Crash(NodeId),
    /// A crashed node restarts.
    Restart(NodeId),
}

/// Single-decree Paxos as the page runs it, ready to explore.
pub struct PlaygroundModel {
    config: Config,
    names: Names,
    /// The value each node proposes, if it is a proposer.
    values: Vec<Option<Value>>,
    bounds: Bounds,
    initial: Vec<Node>,
    phase2_quorum: usize,
    learners: Vec<NodeId>,
    /// Renamings of the interchangeable nodes (identity first), each a map from id to id: the
    /// product of every permutation within each group of [`symmetry_groups`].
    permutations: Vec<Vec<NodeId>>,
    /// The groups of interchangeable nodes (empty without symmetry reduction).
    groups: Vec<Vec<NodeId>>,
}

impl PlaygroundModel {
    /// The model of `config` (its nodes and rules; delays and random faults play no part)
    /// where each proposer proposes the value given for it in `values` (name, value).
    pub fn new(
        config: &Config,
        values: &[(String, Value)],
        bounds: Bounds,
    ) -> Result<PlaygroundModel, SimError> {
        let bad = |reason: String| SimError::BadConfig { reason };
        let mut config = config.clone();
        config.faults = Faults::default();
        let world = World::new(config.clone(), 0)?;
        if bounds.rounds == 0 || bounds.rounds > MAX_ROUNDS {
            return Err(bad(format!(
                "rounds per proposer must be 1 to {MAX_ROUNDS}, not {}",
                bounds.rounds
            )));
        }
        if bounds.crashes > MAX_CRASHES {
            return Err(bad(format!(
                "crashes must be 0 to {MAX_CRASHES}, not {}",
                bounds.crashes
            )));
        }
        let mut per_node = vec![None; config.nodes.len()];
        for (name, value) in values {
            let id = world.node_id(name)?;
            if !config.nodes[usize::from(id.0)].proposer {
                return Err(bad(format!(
                    "{name} is not a proposer, so it has no value to propose"
                )));
            }
            crate::sim::check_value(value)?;
            per_node[usize::from(id.0)] = Some(value.clone());
        }
        if per_node.iter().all(Option::is_none) {
            return Err(bad(
                "give at least one proposer a value to propose".to_string()
            ));
        }
        let identity: Vec<NodeId> = (0..config.nodes.len()).map(|i| NodeId(i as u8)).collect();
        let groups = if bounds.symmetry {
            symmetry_groups(&config)
        } else {
            Vec::new()
        };
        let permutations = if bounds.symmetry {
            groups.iter().fold(vec![identity.clone()], |maps, group| {
                // Every renaming so far, combined with every ordering of this group.
                let orderings = permutations_of(group);
                maps.iter()
                    .flat_map(|map| {
                        orderings.iter().map(move |image| {
                            let mut map = map.clone();
                            for (from, to) in group.iter().zip(image) {
                                map[usize::from(from.0)] = *to;
                            }
                            map
                        })
                    })
                    .collect()
            })
        } else {
            vec![identity.clone()]
        };
        debug_assert_eq!(permutations[0], identity, "the identity comes first");
        debug_assert!(config.nodes.len() <= MAX_NODES && MAX_NODES <= 16);
        Ok(PlaygroundModel {
            names: world.names().clone(),
            initial: world.nodes().to_vec(),
            phase2_quorum: world.phase2_quorum(),
            learners: config
                .nodes
                .iter()
                .enumerate()
                .filter(|(_, n)| n.learner)
                .map(|(i, _)| NodeId(i as u8))
                .collect(),
            values: per_node,
            bounds,
            permutations,
            groups,
            config,
        })
    }

    /// The bounds it was made with.
    pub fn bounds(&self) -> Bounds {
        self.bounds
    }

    /// How many states each symmetry class can stand for (1 without symmetry reduction).
    pub fn symmetry_factor(&self) -> usize {
        self.permutations.len()
    }

    /// The values chosen in `state`: those a phase-2 quorum of acceptors accepted under one
    /// number, at any time.
    pub fn chosen(&self, state: &PlaygroundState) -> BTreeSet<Value> {
        let mut chosen = BTreeSet::new();
        // Votes are sorted by (number, value, acceptor): count each run of equal proposals.
        let mut start = 0;
        for end in 1..=state.votes.len() {
            let same = end < state.votes.len()
                && state.votes[end].0 == state.votes[start].0
                && state.votes[end].1 == state.votes[start].1;
            if !same {
                if end - start >= self.phase2_quorum {
                    chosen.insert(state.votes[start].1.clone());
                }
                start = end;
            }
        }
        chosen
    }

    /// The values the learners have learned in `state`.
    pub fn learned(&self, state: &PlaygroundState) -> BTreeSet<Value> {
        self.learners
            .iter()
            .filter_map(|id| {
                state.nodes[usize::from(id.0)]
                    .roles
                    .learner
                    .as_ref()?
                    .learned
                    .clone()
            })
            .map(|(_, value)| value)
            .collect()
    }

    /// An action in words, with the nodes' names, e.g. `deliver Prepare(1.P) from P to A`.
    pub fn describe(&self, action: &PlaygroundAction) -> String {
        let names = &self.names;
        match action {
            PlaygroundAction::Propose { node, value } => {
                format!("{} proposes \"{value}\"", names.node(*node))
            }
            PlaygroundAction::Deliver((src, dst, msg)) => format!(
                "deliver {} from {} to {}",
                names.message(msg),
                names.node(*src),
                names.node(*dst)
            ),
            PlaygroundAction::Drop((src, dst, msg)) => format!(
                "drop {} from {} to {}",
                names.message(msg),
                names.node(*src),
                names.node(*dst)
            ),
            PlaygroundAction::Crash(node) => format!("crash {}", names.node(*node)),
            PlaygroundAction::Restart(node) => format!("restart {}", names.node(*node)),
        }
    }

    /// The simulator run that plays `path` (from the initial state) action by action, so the
    /// page can load a counterexample into its timeline. Deliveries are "deliver now" of the
    /// matching message in flight; when the network duplicates, a delivered message keeps a
    /// copy in flight (a Duplicate first), as the model does.
    pub fn to_run(&self, path: &[PlaygroundAction]) -> Result<Run, SimError> {
        let mut world = World::new(self.config.clone(), 0)?;
        let mut actions = Vec::new();
        let find = |world: &World, (src, dst, msg): &Envelope| {
            world
                .network()
                .in_flight()
                .iter()
                .rev() // the newest copy, so a duplicate just made is the one delivered
                .find(|e| e.src == *src && e.dst == *dst && e.msg == *msg)
                .map(|e| e.id)
                .ok_or_else(|| SimError::BadRun {
                    reason: format!(
                        "the counterexample delivers {} from {} to {}, which is not in flight",
                        self.names.message(msg),
                        self.names.node(*src),
                        self.names.node(*dst)
                    ),
                })
        };
        for step in path {
            let mut batch = Vec::new();
            match step {
                PlaygroundAction::Propose { node, value } => batch.push(Action::Propose {
                    node: self.names.node(*node).to_string(),
                    value: value.clone(),
                }),
                PlaygroundAction::Deliver(envelope) => {
                    let id = find(&world, envelope)?;
                    let up = !world.is_crashed(envelope.1);
                    if self.bounds.duplicate && up {
                        batch.push(Action::Duplicate { id });
                    }
                    batch.push(Action::Deliver { id: 0 }); // its id is found after the duplicate
                }
                PlaygroundAction::Drop(envelope) => batch.push(Action::Drop {
                    id: find(&world, envelope)?,
                }),
                PlaygroundAction::Crash(node) => batch.push(Action::Crash {
                    node: self.names.node(*node).to_string(),
                }),
                PlaygroundAction::Restart(node) => batch.push(Action::Restart {
                    node: self.names.node(*node).to_string(),
                }),
            }
            for mut action in batch {
                if let (Action::Deliver { id }, PlaygroundAction::Deliver(envelope)) =
                    (&mut action, step)
                {
                    *id = find(&world, envelope)?;
                }
                world.apply(&action)?;
                actions.push(action);
            }
        }
        Ok(Run {
            config: self.config.clone(),
            seed: 0,
            position: actions.len(),
            actions,
        })
    }

    /// Applies what a handler decided: its messages join the network, its acceptances the votes.
    fn absorb(&self, state: &mut PlaygroundState, node: NodeId, out: Out) {
        for note in out.notes {
            if let crate::paxos::Note::Accepted { n, value } = note {
                insert_sorted(&mut state.votes, (n, value, node), true);
            }
        }
        for (dst, msg) in out.sends {
            insert_sorted(&mut state.network, (node, dst, msg), self.bounds.duplicate);
        }
    }

    fn is_down(state: &PlaygroundState, node: NodeId) -> bool {
        state.down & (1 << node.0) != 0
    }

    /// `state` with the interchangeable nodes renamed by `map`.
    fn renamed(state: &PlaygroundState, map: &[NodeId]) -> PlaygroundState {
        let rename = |id: NodeId| map[usize::from(id.0)];
        let mut nodes = state.nodes.clone();
        let mut rounds = state.rounds.clone();
        let mut down = 0u16;
        for (i, node) in state.nodes.iter().enumerate() {
            let to = usize::from(map[i].0);
            let mut node = node.clone();
            node.relabel(&rename);
            nodes[to] = node;
            rounds[to] = state.rounds[i];
            if state.down & (1 << i) != 0 {
                down |= 1 << to;
            }
        }
        let mut network: Vec<Envelope> = state
            .network
            .iter()
            .map(|(src, dst, msg)| (rename(*src), rename(*dst), msg.clone()))
            .collect();
        network.sort();
        let mut votes: Vec<_> = state
            .votes
            .iter()
            .map(|(n, v, a)| (*n, v.clone(), rename(*a)))
            .collect();
        votes.sort();
        PlaygroundState {
            nodes,
            down,
            crashes: state.crashes,
            rounds,
            network,
            votes,
        }
    }
}

impl Model for PlaygroundModel {
    type State = PlaygroundState;
    type Action = PlaygroundAction;

    fn init_states(&self) -> Vec<PlaygroundState> {
        vec![PlaygroundState {
            nodes: self.initial.clone(),
            down: 0,
            crashes: 0,
            rounds: vec![0; self.initial.len()],
            network: Vec::new(),
            votes: Vec::new(),
        }]
    }

    fn next_states(
        &self,
        state: &PlaygroundState,
        emit: &mut dyn FnMut(PlaygroundAction, PlaygroundState),
    ) {
        // A proposer starts a round (a first proposal, or a retry after a timeout).
        for (i, value) in self.values.iter().enumerate() {
            let Some(value) = value else { continue };
            let id = NodeId(i as u8);
            if Self::is_down(state, id) || state.rounds[i] >= self.bounds.rounds {
                continue;
            }
            let mut next = state.clone();
            let mut out = Out::default();
            let proposer = next.nodes[i].roles.proposer.as_mut().expect("a proposer");
            if proposer.propose(value.clone(), &mut out).is_err() {
                continue;
            }
            next.rounds[i] += 1;
            self.absorb(&mut next, id, out);
            let action = PlaygroundAction::Propose {
                node: id,
                value: value.clone(),
            };
            emit(action, next);
        }
        // A message arrives, or is lost. Equal copies lead to equal states: try each once.
        for (index, envelope) in state.network.iter().enumerate() {
            if index > 0 && state.network[index - 1] == *envelope {
                continue;
            }
            let (src, dst, msg) = envelope;
            if Self::is_down(state, *dst) {
                // Lost at a crashed node; with duplication another copy may come later.
                if !self.bounds.duplicate {
                    let mut next = state.clone();
                    next.network.remove(index);
                    emit(PlaygroundAction::Deliver(envelope.clone()), next);
                }
            } else {
                let mut next = state.clone();
                if !self.bounds.duplicate {
                    next.network.remove(index);
                }
                let mut out = Out::default();
                next.nodes[usize::from(dst.0)].receive(*src, msg.clone(), &mut out);
                self.absorb(&mut next, *dst, out);
                emit(PlaygroundAction::Deliver(envelope.clone()), next);
            }
            if self.bounds.loss {
                let mut next = state.clone();
                next.network.remove(index);
                emit(PlaygroundAction::Drop(envelope.clone()), next);
            }
        }
        // A node crashes, or restarts.
        for i in 0..state.nodes.len() {
            let id = NodeId(i as u8);
            if Self::is_down(state, id) {
                let mut next = state.clone();
                next.down &= !(1 << i);
                emit(PlaygroundAction::Restart(id), next);
            } else if state.crashes < self.bounds.crashes {
                let mut next = state.clone();
                next.down |= 1 << i;
                next.crashes += 1;
                next.nodes[i].crash();
                emit(PlaygroundAction::Crash(id), next);
            }
        }
    }

    fn properties(&self) -> Vec<Property<Self>> {
        let mut properties: Vec<Property<Self>> = vec![
            Property {
                name: "agreement",
                expectation: Expectation::Always,
                condition: |model, state| model.chosen(state).len() <= 1,
            },
            Property {
                name: "validity",
                expectation: Expectation::Always,
                condition: |model, state| {
                    model
                        .chosen(state)
                        .iter()
                        .all(|v| model.values.iter().flatten().any(|p| p == v))
                },
            },
            Property {
                name: "learner agreement",
                expectation: Expectation::Always,
                condition: |model, state| model.learned(state).len() <= 1,
            },
            Property {
                name: "a value is chosen",
                expectation: Expectation::Sometimes,
                condition: |model, state| !model.chosen(state).is_empty(),
            },
        ];
        let left_out = self.not_applicable();
        properties.retain(|p| left_out.iter().all(|n| n.property != p.name));
        properties
    }

    /// Agreement needs two values proposed, and learner agreement two learners: each proposer
    /// proposes one value of its own here, and a learner learns one value at most.
    fn not_applicable(&self) -> Vec<NotApplicable> {
        let mut left_out = Vec::new();
        let proposals: Vec<String> = self
            .values
            .iter()
            .enumerate()
            .filter_map(|(i, value)| {
                let value = value.as_ref()?;
                Some(format!(
                    "{} proposes \"{value}\"",
                    self.names.node(NodeId(i as u8))
                ))
            })
            .collect();
        let distinct: BTreeSet<&Value> = self.values.iter().flatten().collect();
        if distinct.len() < 2 {
            left_out.push(NotApplicable {
                property: "agreement",
                why: format!(
                    "only one value can be proposed: {}, and each proposer proposes one value \
                     of its own here, so two values are never chosen",
                    proposals.join(", ")
                ),
            });
        }
        if self.learners.len() < 2 {
            let learners: Vec<&str> = self
                .learners
                .iter()
                .map(|&id| self.names.node(id))
                .collect();
            left_out.push(NotApplicable {
                property: "learner agreement",
                why: match learners.as_slice() {
                    [] => "no node learns".to_string(),
                    [one] => {
                        format!(
                            "{one} is the only node that learns, so no two learners can disagree"
                        )
                    }
                    _ => unreachable!("fewer than two learners"),
                },
            });
        }
        left_out
    }

    fn canonical(&self, state: PlaygroundState) -> PlaygroundState {
        if self.permutations.len() == 1 {
            return state;
        }
        // The least renaming under the derived order, among the renamings that list the
        // interchangeable nodes in the order of their signatures (see `signature`). Exact: a
        // signature does not change when nodes are renamed, so two states of one orbit have
        // the same set of such renamings (up to the renaming between them), and so the same
        // least one. It is also fast: nodes in different states have different signatures,
        // so usually one renaming is left to build, not every permutation of a group.
        let signatures: Vec<Signature> = (0..state.nodes.len())
            .map(|i| signature(&state, NodeId(i as u8)))
            .collect();
        let sorts = |map: &[NodeId]| {
            self.groups.iter().all(|group| {
                group.iter().all(|a| {
                    group.iter().all(|b| {
                        signatures[usize::from(a.0)] >= signatures[usize::from(b.0)]
                            || map[usize::from(a.0)] < map[usize::from(b.0)]
                    })
                })
            })
        };
        let mut best: Option<PlaygroundState> = None;
        for map in self.permutations.iter().filter(|map| sorts(map)) {
            let candidate = Self::renamed(&state, map);
            if best.as_ref().is_none_or(|b| candidate < *b) {
                best = Some(candidate);
            }
        }
        best.expect("some renaming sorts the signatures")
    }
}

/// What a node looks like without its name: whether it is down, its acceptor state, what it
/// learned, and the messages in flight to and from it. Every part is unchanged by renaming the
/// interchangeable nodes (numbers name proposers, which are never renamed), so nodes can be
/// sorted by it before trying renamings.
type Signature = (
    bool,
    Option<Acceptor>,
    Option<(ProposalNumber, Value)>,
    Vec<(bool, Message)>,
);

fn signature(state: &PlaygroundState, node: NodeId) -> Signature {
    let roles = &state.nodes[usize::from(node.0)].roles;
    let mut messages: Vec<(bool, Message)> = state
        .network
        .iter()
        .filter(|(src, dst, _)| *src == node || *dst == node)
        .map(|(src, _, msg)| (*src == node, msg.clone()))
        .collect();
    messages.sort();
    (
        state.down & (1 << node.0) != 0,
        roles.acceptor.clone(),
        roles.learner.as_ref().and_then(|l| l.learned.clone()),
        messages,
    )
}

impl fmt::Display for PlaygroundAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:?}")
    }
}

/// Inserts `item` into the sorted `items`; if `unique`, only when it is not there yet.
fn insert_sorted<T: Ord>(items: &mut Vec<T>, item: T, unique: bool) {
    match items.binary_search(&item) {
        Ok(_) if unique => {}
        Ok(at) | Err(at) => items.insert(at, item),
    }
}

/// The groups of interchangeable nodes, each in id order, of two or more nodes: nodes that are
/// not proposers, with the same roles. Proposers stay fixed, since a proposal number names its
/// proposer and numbers are ordered by it. Two nodes with the same roles are otherwise alike:
/// every acceptor reports to every learner, every proposer sends to every acceptor, and all
/// follow the same rules, so renaming one as the other maps every run to a run.
fn symmetry_groups(config: &Config) -> Vec<Vec<NodeId>> {
    let mut groups: Vec<((bool, bool), Vec<NodeId>)> = Vec::new();
    for (i, spec) in config.nodes.iter().enumerate() {
        if spec.proposer {
            continue;
        }
        let roles = (spec.acceptor, spec.learner);
        match groups.iter_mut().find(|(r, _)| *r == roles) {
            Some((_, members)) => members.push(NodeId(i as u8)),
            None => groups.push((roles, vec![NodeId(i as u8)])),
        }
    }
    groups
        .into_iter()
        .map(|(_, members)| members)
        .filter(|members| members.len() > 1)
        .collect()
}

/// Every ordering of `items` (the given order first).
fn permutations_of(items: &[NodeId]) -> Vec<Vec<NodeId>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut all = Vec::new();
    for (i, first) in items.iter().enumerate() {
        let mut rest = items.to_vec();
        rest.remove(i);
        for mut tail in permutations_of(&rest) {
            tail.insert(0, *first);
            all.push(tail);
        }
    }
    all
}
