//! The playground model (src/check/playground.rs) as a stateright 0.31 [`ActorModel`]: every
//! node is an [`Actor`] whose handlers are the page's own ([`Node::receive`],
//! [`Proposer::propose`](paxos_playground::paxos::Proposer::propose)), so stateright explores
//! the same protocol code on the same cluster as our explorer does. For the benchmark
//! (benches/playground_vs_stateright.rs) and the test that both find the same states
//! (tests/it/playground_peer.rs), which both include this file.
//!
//! The cluster is the one `paxos-check playground` builds (proposers P, Q, ... that also learn,
//! acceptors A, B, ... that only accept, each proposer with a value of its own: [`Setup`]), and
//! the checked properties are ours, by the same names, in the same order, left out where ours
//! leaves them out: agreement (at most one value chosen, where chosen means a phase-2 quorum
//! of acceptors accepted the same number and value at some time), validity (a chosen value was
//! proposed), learner agreement, and "a value is chosen" as a sometimes property.
//!
//! Where stateright's actor model differs from ours by construction, and how it is made equal:
//!
//! - **Rounds.** Ours lets an up proposer start a round (a Propose action) while it has started
//!   fewer than `rounds`. Here a proposer starts with a [`ProposeTimer`]; its timeout proposes,
//!   counts the round in the actor's state, and sets the timer again while rounds are left.
//!   The timer set is then a function of the round count, so it adds no states.
//! - **No-op deliveries.** Stateright ignores a delivery whose handler leaves the actor's state
//!   borrowed and sends nothing (`is_no_op`): the message stays in flight and no successor is
//!   generated. Ours consumes the message (a stale Promise, say) and generates the successor.
//!   The handlers here always take the state as owned (`Cow::to_mut`), so no delivery is a
//!   no-op, as in ours; equal node states still hash equal.
//! - **The duplicating network's memory.** Stateright's duplicating network remembers the last
//!   envelope delivered (`Network::UnorderedDuplicating(set, last)`), so that a delivery that
//!   changes nothing still leads to a new state; ours keeps only the set. The two spaces are
//!   the same up to that field, which no action reads. [`stateright`] runs a duplicating model
//!   with a representative function that forgets it ([`CheckerBuilder::symmetry_fn`]);
//!   stateright 0.31 applies one only depth-first, so a duplicating network is checked DFS.
//! - **Chosen values.** Ours records every acceptance (number, value, acceptor) in its state.
//!   Here ActorModel's history does it: `record_msg_out` adds one for each Accepted message an
//!   acceptor sends (it sends one to every learner, and the cluster has at least one).
//! - **Crashes are left out.** Stateright's `max_crashes` bounds the actors crashed at once and
//!   a crashed actor's message stays in flight until it recovers; ours bounds the crashes of a
//!   whole run and delivers a message to a crashed node as a loss. The spaces differ by
//!   construction, so [`peer_model`] refuses `crashes > 0`.
//! - **Fingerprints.** Stateright stores a 64-bit hash per state, ours the state itself; a hash
//!   collision would make stateright count one state fewer (not seen on these sizes).
//!
//! **Symmetry** is a checker option on both sides (`Bounds { symmetry: true, .. }` for ours,
//! `.symmetry()` for stateright, depth-first only in 0.31). Stateright's representative sorts
//! the actors by their states ([`PeerState`]'s order keeps the proposers first and in place,
//! since a proposal number names its proposer) and renames every id by that sort: a sound
//! reduction, but not a canonical one (acceptors in equal states keep their order whatever
//! messages they have in flight), so it stores more states than ours, which stores exactly one
//! per orbit. The two are compared on time to verdict, not on counts.

use paxos_playground::check::explore::{explore, Options, Outcome, Strategy};
use paxos_playground::check::playground::{cluster, Bounds, Compact, PlaygroundModel};
use paxos_playground::paxos::{
    Message, Node, NodeId, Out as Effects, ProposalNumber, Rules, Value,
};
use paxos_playground::sim::{Config, Faults, SimError, World};
use stateright::actor::{
    model_timeout, Actor, ActorModel, ActorModelState, Envelope, Id, LossyNetwork, Network, Out,
};
use stateright::{
    Checker, CheckerBuilder, Expectation, HasDiscoveries, Model, Representative, Rewrite,
    RewritePlan,
};
use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::time::Instant;

/// A configuration checked on both sides: the cluster `paxos-check playground` builds with
/// `--proposers`, `--acceptors` and the switches in `rules`, searched within `bounds`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Setup {
    /// Proposers P, Q, ... (each also learns).
    pub proposers: usize,
    /// Acceptors A, B, ...
    pub acceptors: usize,
    /// The Break Paxos switches and quorums.
    pub rules: Rules,
    /// Rounds, loss, duplication and symmetry (crashes must be 0 for stateright).
    pub bounds: Bounds,
}

impl Setup {
    /// Correct Paxos with `proposers` and `acceptors`, `rounds` each, a reliable network.
    pub fn new(proposers: usize, acceptors: usize, rounds: u8) -> Setup {
        Setup {
            proposers,
            acceptors,
            rules: Rules::default(),
            bounds: Bounds {
                rounds,
                loss: false,
                duplicate: false,
                crashes: 0,
                symmetry: false,
                // Stateright has no partial-order reduction: every interleaving on both sides.
                partial_order: false,
            },
        }
    }

    /// The same with a lossy network.
    pub fn loss(mut self) -> Setup {
        self.bounds.loss = true;
        self
    }

    /// The same with a duplicating network.
    pub fn duplicate(mut self) -> Setup {
        self.bounds.duplicate = true;
        self
    }

    /// The same with symmetry reduction on (ours; stateright's is a checker option).
    pub fn symmetry(mut self) -> Setup {
        self.bounds.symmetry = true;
        self
    }

    /// The same with the Break Paxos switch `name` on.
    pub fn bug(mut self, name: &str) -> Setup {
        self.rules.enable(name).expect("a switch's name");
        self
    }

    /// A short name for tables, e.g. `3A 2P 1r loss`.
    pub fn name(&self) -> String {
        let mut name = format!(
            "{}A {}P {}r",
            self.acceptors, self.proposers, self.bounds.rounds
        );
        for (on, word) in [(self.bounds.loss, "loss"), (self.bounds.duplicate, "dup")] {
            if on {
                name.push(' ');
                name.push_str(word);
            }
        }
        for bug in self.rules.enabled() {
            name.push(' ');
            name.push_str(bug);
        }
        name
    }

    /// The cluster and each proposer's value, built as `paxos-check playground` builds them:
    /// the page's own settings, without faults, with these rules.
    pub fn cluster(&self) -> (Config, Vec<(String, Value)>) {
        cluster(self.acceptors, self.proposers, self.rules).expect("a supported cluster")
    }
}

/// What one search found, in the same terms for both tools.
#[derive(Clone, Debug, PartialEq)]
pub struct Tally {
    /// Distinct states stored.
    pub distinct: usize,
    /// States generated, repeats included.
    pub generated: u64,
    /// The greatest depth reached (initial states at 1).
    pub depth: usize,
    /// Seconds the search took (building the model excluded).
    pub seconds: f64,
    /// `safe` (complete, no violation, a value chosen), `violation of <property>` (the first
    /// "always" property, in the model's order, found false), or what else happened.
    pub verdict: String,
}

/// The verdict in words, from what a search found.
fn verdict(violated: Option<&str>, complete: bool, chosen: bool) -> String {
    match violated {
        Some(property) => format!("violation of {property}"),
        None if !complete => "incomplete".to_string(),
        None if !chosen => "safe, but no value is ever chosen".to_string(),
        None => "safe".to_string(),
    }
}

/// Our explorer on `setup`, run as `paxos-check playground` runs it (src/bin/paxos-check.rs:
/// the model built from the same cluster, packed, explored with no state limit, stopping at the
/// first violation). The one place to change when the project's explorer changes.
pub fn ours(setup: &Setup, strategy: Strategy) -> Tally {
    let (config, values) = setup.cluster();
    let model = PlaygroundModel::new(&config, &values, setup.bounds).expect("a valid setup");
    let model = Compact::new(model);
    let started = Instant::now();
    let report = explore(
        &model,
        Options {
            strategy,
            max_states: usize::MAX,
            find_every_violation: false,
            ..Options::default()
        },
    );
    let seconds = started.elapsed().as_secs_f64();
    let chosen = report
        .finding("a value is chosen")
        .is_some_and(|f| f.path.is_some());
    Tally {
        distinct: report.progress.distinct_states,
        generated: report.progress.generated_states,
        depth: report.progress.depth,
        seconds,
        verdict: verdict(
            report.violation().map(|f| f.name),
            report.outcome == Outcome::Complete,
            chosen,
        ),
    }
}

/// Stateright on the peer model of `setup`: one thread, stopping at the first violation as
/// ours does (`HasDiscoveries::AnyFailures`), with stateright's symmetry reduction if
/// `symmetry`. A duplicating network or symmetry needs `Strategy::Dfs` (stateright 0.31 applies
/// a representative function only depth-first); panics otherwise, rather than count wrong.
pub fn stateright(setup: &Setup, strategy: Strategy, symmetry: bool) -> Tally {
    let (config, values) = setup.cluster();
    let model = peer_model(&config, &values, setup.bounds).expect("a valid setup");
    let properties = model.properties();
    let mut builder: CheckerBuilder<PeerModel> =
        model.checker().finish_when(HasDiscoveries::AnyFailures);
    builder = match (symmetry, setup.bounds.duplicate) {
        (false, false) => builder,
        (false, true) => builder.symmetry_fn(forget_last_delivery),
        (true, false) => builder.symmetry(),
        (true, true) => builder.symmetry_fn(|s| forget_last_delivery(&s.representative())),
    };
    assert!(
        strategy == Strategy::Dfs || !(symmetry || setup.bounds.duplicate),
        "{}: stateright 0.31 applies a representative function depth-first only",
        setup.name()
    );
    let started = Instant::now();
    let checker: Box<dyn Checker<PeerModel>> = match strategy {
        Strategy::Bfs => Box::new(builder.spawn_bfs().join()),
        Strategy::Dfs => Box::new(builder.spawn_dfs().join()),
    };
    let seconds = started.elapsed().as_secs_f64();
    let found: BTreeSet<&str> = checker.discoveries().into_keys().collect();
    let violated = properties
        .iter()
        .find(|p| p.expectation == Expectation::Always && found.contains(p.name))
        .map(|p| p.name);
    Tally {
        distinct: checker.unique_state_count(),
        generated: checker.state_count() as u64,
        depth: checker.max_depth(),
        seconds,
        verdict: verdict(violated, true, found.contains("a value is chosen")),
    }
}

/// The peer model: one [`PeerActor`] per node, the history of acceptances, our properties.
pub type PeerModel = ActorModel<PeerActor, PeerConfig, Votes>;

/// A state of the peer model.
pub type PeerModelState = ActorModelState<PeerActor, Votes>;

/// What the properties need beyond the state.
#[derive(Clone, Debug)]
pub struct PeerConfig {
    /// Acceptances of one proposal that make its value chosen.
    pub phase2_quorum: usize,
    /// The values proposed.
    pub values: Vec<Value>,
}

/// Every acceptance so far, sorted and without repeats: (number, value, acceptor), as our
/// model's `votes`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Votes(pub Vec<(ProposalNumber, Value, NodeId)>);

/// A message on stateright's network: ours, wrapped so that it can implement stateright's
/// [`Rewrite`] (for symmetry reduction).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PeerMessage(pub Message);

/// A proposer's timer: its timeout starts a new round.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProposeTimer;

/// One node of the cluster as a stateright actor; its state is the [`Node`] itself.
#[derive(Clone, Debug)]
pub struct PeerActor {
    /// The node as it starts.
    initial: Node,
    /// Its value, if it proposes.
    value: Option<Value>,
    /// How many rounds it may start.
    rounds: u8,
}

/// An actor's state: the node, and the rounds it has started (ours keeps them per node too).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PeerState {
    /// The node, as the simulator animates it.
    pub node: Node,
    /// Rounds started.
    pub rounds: u8,
}

/// The peer model of `config`, where each proposer proposes its value in `values` (name,
/// value), within `bounds` (its rounds, loss and duplication; its symmetry is left to the
/// checker: see [`stateright`]). Crashes are refused: see the module's comment.
pub fn peer_model(
    config: &Config,
    values: &[(String, Value)],
    bounds: Bounds,
) -> Result<PeerModel, SimError> {
    if bounds.crashes > 0 {
        return Err(SimError::BadConfig {
            reason: "stateright's crashes differ from ours by construction: it bounds the \
                     actors crashed at once, ours the crashes of a run"
                .to_string(),
        });
    }
    let mut config = config.clone();
    config.faults = Faults::default();
    let world = World::new(config, 0)?;
    let mut per_node: Vec<Option<Value>> = vec![None; world.nodes().len()];
    for (name, value) in values {
        per_node[usize::from(world.node_id(name)?.0)] = Some(value.clone());
    }
    let proposed: Vec<Value> = per_node.iter().flatten().cloned().collect();
    let distinct: BTreeSet<&Value> = proposed.iter().collect();
    let two_values = distinct.len() >= 2;
    let learners = world
        .nodes()
        .iter()
        .filter(|n| n.roles.learner.is_some())
        .count();
    let cfg = PeerConfig {
        phase2_quorum: world.phase2_quorum(),
        values: proposed,
    };
    let actors: Vec<PeerActor> = world
        .nodes()
        .iter()
        .zip(per_node)
        .map(|(node, value)| PeerActor {
            initial: node.clone(),
            value,
            rounds: bounds.rounds,
        })
        .collect();
    let mut model = ActorModel::new(cfg, Votes::default())
        .actors(actors)
        .init_network(if bounds.duplicate {
            Network::new_unordered_duplicating([])
        } else {
            Network::new_unordered_nonduplicating([])
        })
        .lossy_network(if bounds.loss {
            LossyNetwork::Yes
        } else {
            LossyNetwork::No
        })
        .record_msg_out(record_acceptance);
    // Ours' properties, in ours' order, left out where ours leaves them out (they could not
    // fail: one value proposed, or fewer than two learners).
    if two_values {
        model = model.property(Expectation::Always, "agreement", |m, s| {
            chosen(&m.cfg, &s.history).len() <= 1
        });
    }
    model = model.property(Expectation::Always, "validity", |m, s| {
        chosen(&m.cfg, &s.history)
            .iter()
            .all(|v| m.cfg.values.contains(v))
    });
    if learners >= 2 {
        model = model.property(Expectation::Always, "learner agreement", |_, s| {
            learned(s).len() <= 1
        });
    }
    model = model.property(Expectation::Sometimes, "a value is chosen", |m, s| {
        !chosen(&m.cfg, &s.history).is_empty()
    });
    Ok(model)
}

/// Records an acceptance when an acceptor sends Accepted (to each learner: the first copy
/// records it, the others find it there).
fn record_acceptance(
    _: &PeerConfig,
    votes: &Votes,
    envelope: Envelope<&PeerMessage>,
) -> Option<Votes> {
    let Message::Accepted { n, value } = &envelope.msg.0 else {
        return None;
    };
    let vote = (*n, value.clone(), node_id(envelope.src));
    let at = votes.0.binary_search(&vote).err()?;
    let mut votes = votes.clone();
    votes.0.insert(at, vote);
    Some(votes)
}

/// The values chosen: those a phase-2 quorum of acceptors accepted under one number, at any
/// time.
pub fn chosen(cfg: &PeerConfig, votes: &Votes) -> BTreeSet<Value> {
    let mut chosen = BTreeSet::new();
    // Votes are sorted by (number, value, acceptor): count each run of equal proposals.
    for run in votes.0.chunk_by(|a, b| a.0 == b.0 && a.1 == b.1) {
        if run.len() >= cfg.phase2_quorum {
            chosen.insert(run[0].1.clone());
        }
    }
    chosen
}

/// The values the learners have learned.
pub fn learned(state: &PeerModelState) -> BTreeSet<Value> {
    state
        .actor_states
        .iter()
        .filter_map(|s| s.node.roles.learner.as_ref()?.learned.clone())
        .map(|(_, value)| value)
        .collect()
}

/// `state` without the duplicating network's last delivered envelope, which no action reads.
pub fn forget_last_delivery(state: &PeerModelState) -> PeerModelState {
    let mut state = state.clone();
    if let Network::UnorderedDuplicating(_, last) = &mut state.network {
        *last = None;
    }
    state
}

fn node_id(id: Id) -> NodeId {
    NodeId(u8::try_from(usize::from(id)).expect("a small cluster"))
}

fn actor_id(node: NodeId) -> Id {
    Id::from(usize::from(node.0))
}

/// Sends what a handler decided.
fn send(effects: Effects, o: &mut Out<PeerActor>) {
    for (dst, msg) in effects.sends {
        o.send(actor_id(dst), PeerMessage(msg));
    }
}

impl Actor for PeerActor {
    type Msg = PeerMessage;
    type Timer = ProposeTimer;
    type State = PeerState;
    type Storage = ();
    type Random = ();

    fn on_start(&self, _: Id, _: &Option<()>, o: &mut Out<Self>) -> PeerState {
        if self.value.is_some() && self.rounds > 0 {
            o.set_timer(ProposeTimer, model_timeout());
        }
        PeerState {
            node: self.initial.clone(),
            rounds: 0,
        }
    }

    fn on_msg(
        &self,
        _: Id,
        state: &mut Cow<PeerState>,
        src: Id,
        msg: PeerMessage,
        o: &mut Out<Self>,
    ) {
        // Owned even if nothing changes, so stateright does not skip the delivery as a no-op.
        let state = state.to_mut();
        let mut effects = Effects::default();
        state.node.receive(node_id(src), msg.0, &mut effects);
        send(effects, o);
    }

    fn on_timeout(&self, _: Id, state: &mut Cow<PeerState>, _: &ProposeTimer, o: &mut Out<Self>) {
        let value = self.value.clone().expect("only a proposer sets the timer");
        let state = state.to_mut();
        let mut effects = Effects::default();
        let proposer = state.node.roles.proposer.as_mut().expect("a proposer");
        proposer
            .propose(value, &mut effects)
            .expect("a few rounds never exhaust the round numbers");
        state.rounds += 1;
        send(effects, o);
        if state.rounds < self.rounds {
            o.set_timer(ProposeTimer, model_timeout());
        }
    }
}

impl PeerState {
    /// Where a node goes when stateright sorts the actors for symmetry reduction: proposers
    /// first, by id (so they stay in place: a proposal number names its proposer, and numbers
    /// are ordered by it), then the others by their roles' state.
    fn sort_key(&self) -> (bool, Option<NodeId>) {
        let proposer = self.node.roles.proposer.is_some();
        (!proposer, proposer.then_some(self.node.id))
    }
}

impl Ord for PeerState {
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort_key()
            .cmp(&other.sort_key())
            .then_with(|| self.node.roles.cmp(&other.node.roles))
            .then_with(|| self.rounds.cmp(&other.rounds))
            // Ties (acceptors in equal states) by the whole node, so the order agrees with Eq.
            .then_with(|| self.node.cmp(&other.node))
    }
}

impl PartialOrd for PeerState {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Renames the node and every node it knows (its acceptors, learners, promises and counted
/// acceptances), as our model's symmetry reduction does.
impl Rewrite<Id> for PeerState {
    fn rewrite<S>(&self, plan: &RewritePlan<Id, S>) -> Self {
        let rename = |n: NodeId| node_id(plan.rewrite(&actor_id(n)));
        let mut node = self.node.clone();
        assert!(
            node.roles.proposer.is_none() || rename(node.id) == node.id,
            "a proposer is never renamed"
        );
        node.relabel(&rename);
        PeerState {
            node,
            rounds: self.rounds,
        }
    }
}

/// Messages name no acceptor and no learner (only proposers, through proposal numbers, and
/// proposers are never renamed), so renaming leaves them as they are.
impl Rewrite<Id> for PeerMessage {
    fn rewrite<S>(&self, _: &RewritePlan<Id, S>) -> Self {
        self.clone()
    }
}

impl Rewrite<Id> for Votes {
    fn rewrite<S>(&self, plan: &RewritePlan<Id, S>) -> Self {
        let mut votes: Vec<_> = self
            .0
            .iter()
            .map(|(n, v, a)| (*n, v.clone(), node_id(plan.rewrite(&actor_id(*a)))))
            .collect();
        votes.sort();
        Votes(votes)
    }
}
