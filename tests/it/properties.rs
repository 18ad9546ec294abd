//! Properties over random schedules: proposals, deliveries in any order, drops, crashes and
//! restarts, on clusters of 1 to 3 proposers and 3 or 5 acceptors.
//!
//! "Always": safety holds after every action, checked both by `check_safety` and by an
//! independent observer below that rebuilds what was accepted from the acceptors' state.
//! "Sometimes": a seeded batch of schedules shows the always-properties are not vacuous: values
//! get chosen, Nacks fly, proposers adopt values, messages are lost.

use paxos_playground::check::check_safety;
use paxos_playground::paxos::{majority, Message, NodeId, ProposalNumber, Value};
use paxos_playground::sim::{Config, EventKind, Faults, NodeSpec, SimError, World};
use paxos_playground::view::world_view;
use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::{BTreeMap, BTreeSet};

const PROPOSERS: [&str; 3] = ["P", "Q", "R"];
const ACCEPTORS: [&str; 5] = ["A", "B", "C", "D", "E"];
const VALUES: [&str; 3] = ["Hello", "World", "Paxos"];

/// The cluster: `proposers` proposer-learners, `acceptors` acceptors and a learner L. When
/// `proposer_accepts`, P is also one of the acceptors (a process with every role).
#[derive(Clone, Debug)]
struct Setup {
    proposers: usize,
    acceptors: usize,
    proposer_accepts: bool,
    seed: u64,
}

impl Setup {
    fn config(&self) -> Config {
        let mut nodes: Vec<NodeSpec> = PROPOSERS[..self.proposers]
            .iter()
            .map(|p| NodeSpec::new(p, true, false, true))
            .collect();
        let mut dedicated = self.acceptors;
        if self.proposer_accepts {
            nodes[0].acceptor = true;
            dedicated -= 1;
        }
        nodes.extend(
            ACCEPTORS[..dedicated]
                .iter()
                .map(|a| NodeSpec::new(a, false, true, false)),
        );
        nodes.push(NodeSpec::new("L", false, false, true));
        Config {
            nodes,
            delay_ticks_min: 1,
            delay_ticks_max: 4,
            faults: Faults::default(),
            rules: Default::default(),
        }
    }
}

/// One random action. Indices are reduced modulo whatever they pick from.
#[derive(Clone, Debug)]
enum Op {
    Propose {
        proposer: usize,
        value: usize,
    },
    Step,
    Deliver(usize),
    Drop(usize),
    /// Crash the node if it is up, restart it if it is down.
    CrashOrRestart(usize),
}

/// An independent observer: it sees only the nodes' state after each action and checks what
/// Paxos promises, without trusting the world's own bookkeeping of what was chosen.
#[derive(Default)]
struct Observer {
    majority: usize,
    /// Per proposal number: its value and the acceptors seen to accept it.
    accepted: BTreeMap<ProposalNumber, (Value, BTreeSet<NodeId>)>,
    /// Per acceptor: (promised, accepted number) last seen.
    acceptors: BTreeMap<NodeId, (Option<ProposalNumber>, Option<ProposalNumber>)>,
    /// Per proposer: the highest round seen.
    rounds: BTreeMap<NodeId, u32>,
    first_chosen: Option<(ProposalNumber, Value)>,
}

impl Observer {
    fn new(world: &World) -> Self {
        Observer {
            majority: majority(world.acceptor_count()),
            ..Observer::default()
        }
    }

    /// Checks every property after an action; returns a description of the first violation.
    fn check(&mut self, world: &World) -> Result<(), String> {
        check_safety(world).map_err(|v| v.to_string())?;
        for node in world.nodes() {
            if let Some(a) = &node.roles.acceptor {
                let (promised, accepted) =
                    self.acceptors.get(&node.id).copied().unwrap_or_default();
                if a.promised_number < promised {
                    return Err(format!(
                        "acceptor {:?} went back on its promise {promised:?}",
                        node.id
                    ));
                }
                if a.accepted_number < accepted {
                    return Err(format!(
                        "acceptor {:?}'s accepted number went down",
                        node.id
                    ));
                }
                if a.accepted_number.is_some() != a.accepted_value.is_some() {
                    return Err(format!(
                        "acceptor {:?} has a number without a value or vice versa",
                        node.id
                    ));
                }
                if let Some((n, v)) = a.accepted() {
                    let (value, by) = self
                        .accepted
                        .entry(n)
                        .or_insert_with(|| (v.clone(), BTreeSet::new()));
                    if *value != v {
                        return Err(format!(
                            "two values accepted under one number {n:?}: {value:?} and {v:?}"
                        ));
                    }
                    by.insert(node.id);
                }
                self.acceptors
                    .insert(node.id, (a.promised_number, a.accepted_number));
            }
            if let Some(p) = &node.roles.proposer {
                let before = self.rounds.get(&node.id).copied().unwrap_or(0);
                if p.round < before {
                    return Err(format!(
                        "proposer {:?} went back from round {before} to {}",
                        node.id, p.round
                    ));
                }
                if p.current_number()
                    .is_some_and(|n| n.proposer != node.id || n.round != p.round)
                {
                    return Err(format!(
                        "proposer {:?} runs a number that is not its latest own",
                        node.id
                    ));
                }
                self.rounds.insert(node.id, p.round);
            }
        }

        // Chosen, by the observer's own count.
        let chosen: Vec<(ProposalNumber, &Value)> = self
            .accepted
            .iter()
            .filter(|(_, (_, by))| by.len() >= self.majority)
            .map(|(n, (v, _))| (*n, v))
            .collect();
        if let Some((_, v)) = chosen.first() {
            if let Some((n, w)) = chosen.iter().find(|(_, w)| w != v) {
                return Err(format!(
                    "agreement: {v:?} and {w:?} (under {n:?}) were both chosen"
                ));
            }
        }
        let ours: BTreeSet<ProposalNumber> = chosen.iter().map(|(n, _)| *n).collect();
        let worlds: BTreeSet<ProposalNumber> =
            world.chosen_proposals().iter().map(|(n, _)| *n).collect();
        if ours != worlds {
            return Err(format!(
                "the world says {worlds:?} were chosen, the observer counts {ours:?}"
            ));
        }
        // Once chosen, the first chosen value never changes.
        match (&self.first_chosen, world.chosen()) {
            (Some(first), Some(now)) if first != now => {
                return Err(format!("chosen changed from {first:?} to {now:?}"))
            }
            (Some(first), None) => return Err(format!("{first:?} was chosen, then nothing was")),
            (None, now) => self.first_chosen = now.cloned(),
            _ => {}
        }
        // Paxos' P2: once v is chosen under n, every higher-numbered proposal is for v, whether
        // accepted already or still an Accept in flight.
        if let Some((n, v)) = chosen.first() {
            if let Some((m, (w, _))) = self.accepted.range(*n..).find(|(_, (w, _))| w != *v) {
                return Err(format!(
                    "{v:?} was chosen under {n:?} but {w:?} was accepted under higher {m:?}"
                ));
            }
            for e in world.network().in_flight() {
                if let Message::Accept { n: m, value: w } = &e.msg {
                    if m > n && w != *v {
                        return Err(format!(
                            "{v:?} was chosen under {n:?} but Accept({m:?}, {w:?}) is in flight"
                        ));
                    }
                }
            }
        }
        // A learner learns only what a majority accepted under one number.
        for node in world.nodes() {
            if let Some((n, v)) = node.roles.learner.as_ref().and_then(|l| l.learned.as_ref()) {
                match self.accepted.get(n) {
                    Some((w, by)) if w == v && by.len() >= self.majority => {}
                    _ => {
                        return Err(format!(
                            "learner {:?} learned {v:?} under {n:?} without a majority",
                            node.id
                        ))
                    }
                }
            }
        }
        Ok(())
    }
}

fn name_of(world: &World, id: NodeId) -> String {
    world.names().node(id).to_string()
}

/// Applies `op`, checking that the world accepts it or refuses it for the right reason.
/// Returns whether the op did something (a refused or empty-handed op changes nothing).
fn apply_op(world: &mut World, op: &Op) -> Result<bool, String> {
    let in_flight: Vec<u64> = world.network().in_flight().iter().map(|e| e.id).collect();
    match *op {
        Op::Propose { proposer, value } => {
            let proposers: Vec<NodeId> = world
                .nodes()
                .iter()
                .filter(|n| n.roles.proposer.is_some())
                .map(|n| n.id)
                .collect();
            let id = proposers[proposer % proposers.len()];
            let result = world.propose(&name_of(world, id), VALUES[value % VALUES.len()]);
            match (world.is_crashed(id), result) {
                (false, Ok(())) => Ok(true),
                (true, Err(SimError::NodeDown { .. })) => Ok(false),
                (crashed, other) => Err(format!(
                    "propose by a proposer (crashed: {crashed}) gave {other:?}"
                )),
            }
        }
        Op::Step => {
            let stepped = world.step().map_err(|e| e.to_string())?;
            if stepped == in_flight.is_empty() {
                return Err(format!(
                    "step returned {stepped} with {} in flight",
                    in_flight.len()
                ));
            }
            Ok(stepped)
        }
        Op::Deliver(_) | Op::Drop(_) if in_flight.is_empty() => Ok(false),
        Op::Deliver(i) => world
            .deliver(in_flight[i % in_flight.len()])
            .map(|()| true)
            .map_err(|e| e.to_string()),
        Op::Drop(i) => world
            .drop_message(in_flight[i % in_flight.len()])
            .map(|()| true)
            .map_err(|e| e.to_string()),
        Op::CrashOrRestart(i) => {
            let id = NodeId((i % world.nodes().len()) as u8);
            let name = name_of(world, id);
            if world.is_crashed(id) {
                world.restart(&name)
            } else {
                world.crash(&name)
            }
            .map(|()| true)
            .map_err(|e| e.to_string())
        }
    }
}

/// Applies `op` and checks the bookkeeping: an action that did something counts as one step
/// and logs events stamped with that step; one that did nothing leaves steps, time and log alone.
fn apply_and_count(world: &mut World, op: &Op) -> Result<(), String> {
    let (steps, now, logged) = (world.steps(), world.now(), world.log().len());
    let effective = apply_op(world, op)?;
    if !effective {
        if (world.steps(), world.now(), world.log().len()) != (steps, now, logged) {
            return Err("an action that did nothing changed steps, time or the log".to_string());
        }
        return Ok(());
    }
    if world.steps() != steps + 1 {
        return Err(format!(
            "steps went from {steps} to {} in one action",
            world.steps()
        ));
    }
    if world.now() < now {
        return Err(format!("time went back from {now} to {}", world.now()));
    }
    let new = &world.log()[logged..];
    if new.is_empty()
        || new
            .iter()
            .any(|e| e.step != world.steps() || e.time != world.now())
    {
        return Err(format!(
            "the action logged {new:?} at step {} time {}",
            world.steps(),
            world.now()
        ));
    }
    Ok(())
}

/// Steps until nothing is in flight, checking after every step.
fn drain(world: &mut World, observer: &mut Observer) -> Result<(), String> {
    for _ in 0..10_000 {
        if !world.step().map_err(|e| e.to_string())? {
            return Ok(());
        }
        observer.check(world)?;
    }
    Err("the network never went quiet".to_string())
}

/// Runs a schedule; afterwards restarts every node and lets one proposer retry until every
/// learner has learned ("if no failures occur, processes learn the chosen value").
fn run(setup: &Setup, ops: &[Op]) -> Result<World, String> {
    let mut world = World::new(setup.config(), setup.seed).map_err(|e| e.to_string())?;
    let mut observer = Observer::new(&world);
    for (i, op) in ops.iter().enumerate() {
        apply_and_count(&mut world, op).map_err(|e| format!("op {i} {op:?}: {e}"))?;
        observer
            .check(&world)
            .map_err(|e| format!("after op {i} {op:?}: {e}"))?;
    }
    let before_recovery = world.chosen().cloned();

    for id in (0..world.nodes().len()).map(|i| NodeId(i as u8)) {
        if world.is_crashed(id) {
            world
                .restart(&name_of(&world, id))
                .map_err(|e| e.to_string())?;
        }
    }
    drain(&mut world, &mut observer)?;
    let all_learned = |w: &World| {
        w.nodes()
            .iter()
            .filter_map(|n| n.roles.learner.as_ref())
            .all(|l| l.learned.is_some())
    };
    let mut attempts = 0;
    while !all_learned(&world) {
        attempts += 1;
        if attempts > 10 {
            return Err(format!(
                "a lone proposer with no failures did not finish in 10 attempts: {:?}",
                world_view(&world)
            ));
        }
        world.propose("P", "Final").map_err(|e| e.to_string())?;
        drain(&mut world, &mut observer)?;
    }
    if let Some(chosen) = before_recovery {
        if world.chosen() != Some(&chosen) {
            return Err(format!(
                "recovery changed the chosen value from {chosen:?} to {:?}",
                world.chosen()
            ));
        }
    }
    let chosen = world
        .chosen()
        .map(|(_, v)| v.clone())
        .ok_or("every learner learned, yet nothing is chosen")?;
    for node in world.nodes() {
        if let Some((_, v)) = node.roles.learner.as_ref().and_then(|l| l.learned.as_ref()) {
            if *v != chosen {
                return Err(format!(
                    "{} learned {v:?}, but {chosen:?} is chosen",
                    name_of(&world, node.id)
                ));
            }
        }
    }
    Ok(world)
}

// ---------------------------------------------------------------------------------------------
// Always.

fn setup_strategy() -> impl Strategy<Value = Setup> {
    (
        1..=3usize,
        prop_oneof![Just(3usize), Just(5usize)],
        any::<bool>(),
        any::<u64>(),
    )
        .prop_map(|(proposers, acceptors, proposer_accepts, seed)| Setup {
            proposers,
            acceptors,
            proposer_accepts,
            seed,
        })
}

fn op_strategy() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (any::<usize>(), any::<usize>()).prop_map(|(proposer, value)| Op::Propose { proposer, value }),
        10 => Just(Op::Step),
        4 => any::<usize>().prop_map(Op::Deliver),
        1 => any::<usize>().prop_map(Op::Drop),
        1 => any::<usize>().prop_map(Op::CrashOrRestart),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn safety_always_holds_and_a_lone_proposer_finishes(setup in setup_strategy(), ops in prop::collection::vec(op_strategy(), 0..120)) {
        if let Err(e) = run(&setup, &ops) {
            prop_assert!(false, "{setup:?}: {e}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Sometimes: the same kind of schedules, seeded, with counts.

fn random_setup(rng: &mut ChaCha8Rng) -> Setup {
    Setup {
        proposers: rng.random_range(1..=3),
        acceptors: if rng.random_bool(0.5) { 3 } else { 5 },
        proposer_accepts: rng.random_bool(0.3),
        seed: rng.random(),
    }
}

/// An index to reduce modulo whatever it picks from (rand has no portable `usize`).
fn index(rng: &mut ChaCha8Rng) -> usize {
    rng.random::<u32>() as usize
}

fn random_op(rng: &mut ChaCha8Rng) -> Op {
    match rng.random_range(0..19) {
        0..=2 => Op::Propose {
            proposer: index(rng),
            value: index(rng),
        },
        3..=12 => Op::Step,
        13..=16 => Op::Deliver(index(rng)),
        17 => Op::Drop(index(rng)),
        _ => Op::CrashOrRestart(index(rng)),
    }
}

#[test]
fn sometimes_values_are_chosen_nacks_fly_and_values_are_adopted() {
    const RUNS: usize = 300;
    let mut rng = ChaCha8Rng::seed_from_u64(2025);
    let (mut chosen, mut nacked, mut adopted, mut lost, mut several_chosen, mut contested) =
        (0, 0, 0, 0, 0, 0);
    for run_index in 0..RUNS {
        let setup = random_setup(&mut rng);
        let ops: Vec<Op> = (0..rng.random_range(20..120))
            .map(|_| random_op(&mut rng))
            .collect();
        // Count what happened during the random schedule only, before the recovery run.
        let mut world = World::new(setup.config(), setup.seed).expect("valid");
        let mut observer = Observer::new(&world);
        for op in &ops {
            apply_and_count(&mut world, op)
                .unwrap_or_else(|e| panic!("run {run_index} {setup:?}: {e}"));
            observer
                .check(&world)
                .unwrap_or_else(|e| panic!("run {run_index} {setup:?}: {e}"));
        }
        let log = world.log();
        chosen += usize::from(world.chosen().is_some());
        nacked += usize::from(
            log.iter()
                .any(|e| e.kind == EventKind::Deliver && e.text.contains("Nack(")),
        );
        adopted += usize::from(log.iter().any(|e| e.text.contains("must send Accept")));
        lost += usize::from(log.iter().any(|e| e.kind == EventKind::Lost));
        several_chosen += usize::from(world.chosen_proposals().len() >= 2);
        let values: BTreeSet<&str> = log
            .iter()
            .filter(|e| e.kind == EventKind::Propose)
            .filter_map(|e| {
                VALUES
                    .iter()
                    .find(|v| e.text.contains(&format!("\"{v}\"")))
                    .copied()
            })
            .collect();
        contested += usize::from(world.chosen().is_some() && values.len() >= 2);
        // And the full property, recovery included, holds on these too.
        run(&setup, &ops).unwrap_or_else(|e| panic!("run {run_index} {setup:?}: {e}"));
    }
    let at_least = |what: &str, count: usize, min: usize| {
        assert!(
            count >= min,
            "{what}: {count} of {RUNS} runs, expected at least {min}"
        );
    };
    at_least("a value was chosen", chosen, RUNS / 5);
    at_least("a Nack was delivered", nacked, RUNS / 10);
    at_least("a proposer adopted an accepted value", adopted, RUNS / 20);
    at_least("a message reached a crashed node", lost, RUNS / 20);
    at_least(
        "several proposals were chosen (agreement tested)",
        several_chosen,
        RUNS / 50,
    );
    at_least(
        "a value was chosen while different values were proposed",
        contested,
        RUNS / 20,
    );
}
