//! Properties over random fault schedules: five acceptors A..E and three proposers P, Q, R (each
//! also a learner), random loss and duplication on every send, proposer retry timers, and a
//! schedule of proposals, steps, deliveries, drops, duplicates, holds and releases, crashes and
//! restarts, cut and healed links, partitions and heal-alls.
//!
//! "Always": safety (`check_safety`) holds after every action; the simulator's fault rules hold
//! too: a step never delivers a held message, a message over a cut link is lost rather than
//! handled, a timer belongs to a running proposer that has not learned, and a refused action
//! changes nothing.
//! "Sometimes": once the faults stop (links healed, nodes restarted, held messages released; the
//! retry timers stay on), a value is chosen in most runs of a seeded batch, and the batch shows
//! every fault actually happened, so the always-properties are not vacuous.

use paxos_playground::check::check_safety;
// The cluster, its random fault chances and the values: those of the safety search at scale.
use paxos_playground::check::schedules::{Setup, NODES, PROPOSERS, RECOVERY_STEPS, VALUES};
use paxos_playground::paxos::{NodeId, Rules};
use paxos_playground::sim::{Action, EventKind, SimError, World, MAX_RETRIES};
use paxos_playground::view::world_view;
use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// One scheduled action. Indices are reduced modulo whatever they pick from; a pick may be
/// refused (a partition with an empty side, a hold of a held message), which is checked too.
#[derive(Clone, Debug)]
enum Op {
    Propose {
        proposer: usize,
        value: usize,
    },
    Step,
    Deliver(usize),
    Drop(usize),
    Duplicate(usize),
    Hold(usize),
    /// Release the i-th held message (or try to release a message that is not held).
    Release(usize),
    CrashOrRestart(usize),
    /// Cut the link if it is up, heal it if it is cut (or try a self link when from == to).
    CutOrHeal(usize, usize),
    /// Bit i of the mask puts node i in the second group (an empty side is refused).
    Partition(u8),
    HealAll,
}

fn name(world: &World, i: usize) -> String {
    world.names().node(NodeId((i % NODES) as u8)).to_string()
}

fn pick(ids: &[u64], i: usize) -> u64 {
    // With nothing to pick from, an id that is surely not in flight: refused.
    if ids.is_empty() {
        1_000_000 + i as u64 % 7
    } else {
        ids[i % ids.len()]
    }
}

/// The action an op stands for in `world`'s current state.
fn action(world: &World, op: &Op) -> Action {
    let in_flight: Vec<u64> = world.network().ids();
    let held = world.network().held_ids();
    match *op {
        Op::Propose { proposer, value } => Action::Propose {
            node: PROPOSERS[proposer % PROPOSERS.len()].to_string(),
            value: VALUES[value % VALUES.len()].to_string(),
        },
        Op::Step => Action::Step,
        Op::Deliver(i) => Action::Deliver {
            id: pick(&in_flight, i),
        },
        Op::Drop(i) => Action::Drop {
            id: pick(&in_flight, i),
        },
        Op::Duplicate(i) => Action::Duplicate {
            id: pick(&in_flight, i),
        },
        Op::Hold(i) => Action::Hold {
            id: pick(&in_flight, i),
        },
        Op::Release(i) if i % 5 == 0 => Action::Release {
            id: pick(&in_flight, i),
        },
        Op::Release(i) => Action::Release { id: pick(&held, i) },
        Op::CrashOrRestart(i) => {
            let node = name(world, i);
            if world.is_crashed(NodeId((i % NODES) as u8)) {
                Action::Restart { node }
            } else {
                Action::Crash { node }
            }
        }
        Op::CutOrHeal(from, to) => {
            let (from, to) = (name(world, from), name(world, to));
            if world.cut_links().contains(&(from.clone(), to.clone())) {
                Action::Heal { from, to }
            } else {
                Action::Cut { from, to }
            }
        }
        Op::Partition(mask) => {
            let mut groups = vec![Vec::new(), Vec::new()];
            for i in 0..NODES {
                groups[usize::from(mask >> i & 1)].push(name(world, i));
            }
            Action::Partition { groups }
        }
        Op::HealAll => Action::HealAll,
    }
}

/// Whether `err` is a legitimate refusal of `action` (judged on the state before it).
fn refusal_is_expected(world: &World, action: &Action, err: &SimError) -> bool {
    let in_flight = |id: u64| world.network().get(id);
    match (action, err) {
        (Action::Propose { node, .. }, SimError::NodeDown { .. }) => {
            world.is_crashed(world.node_id(node).unwrap())
        }
        (Action::Propose { .. }, SimError::RoundsExhausted { .. }) => false,
        (
            Action::Deliver { id }
            | Action::Drop { id }
            | Action::Duplicate { id }
            | Action::Hold { id }
            | Action::Release { id },
            SimError::UnknownMessage { .. },
        ) => in_flight(*id).is_none(),
        (Action::Hold { id }, SimError::AlreadyHeld { .. }) => in_flight(*id).unwrap().held,
        (Action::Release { id }, SimError::NotHeld { .. }) => !in_flight(*id).unwrap().held,
        (Action::Cut { from, to } | Action::Heal { from, to }, SimError::SelfLink { .. }) => {
            from == to
        }
        (Action::Partition { groups }, SimError::BadPartition { .. }) => {
            groups.iter().any(Vec::is_empty)
        }
        (Action::HealAll, SimError::NothingCut) => world.cut_links().is_empty(),
        _ => false,
    }
}

/// What the batch test counts: which faults a run actually went through.
#[derive(Default)]
struct Seen {
    lost_by_network: bool,
    duplicated_by_network: bool,
    lost_on_cut_link: bool,
    lost_at_crashed_node: bool,
    held_then_released: bool,
    partitioned: bool,
    retried: bool,
    nack_delivered: bool,
}

impl Seen {
    fn from_log(world: &World) -> Seen {
        let log = world.log();
        let any = |f: &dyn Fn(&paxos_playground::sim::Event) -> bool| log.iter().any(f);
        Seen {
            lost_by_network: any(&|e| e.text.ends_with("is lost by the network.")),
            duplicated_by_network: any(&|e| e.text.contains("duplicated by the network")),
            lost_on_cut_link: any(&|e| e.kind == EventKind::Lost && e.text.contains("is cut.")),
            lost_at_crashed_node: any(&|e| e.kind == EventKind::Lost && e.text.contains("crashed")),
            held_then_released: any(&|e| e.text.ends_with("is released.")),
            partitioned: any(&|e| e.text.starts_with("The network splits")),
            retried: any(&|e| e.text.contains("retry timer fires")),
            nack_delivered: any(&|e| e.kind == EventKind::Deliver && e.text.contains("Nack(")),
        }
    }
}

/// Applies `op` and checks every always-property; returns a description of the first failure.
fn apply_and_check(world: &mut World, op: &Op) -> Result<(), String> {
    let action = action(world, op);
    let before = world.clone();
    let view = world_view(world);
    let held = world.network().held_ids();

    if let Err(err) = world.apply(&action) {
        if !refusal_is_expected(&before, &action, &err) {
            return Err(format!("{action:?} was refused unexpectedly: {err}"));
        }
        if world_view(world) != view
            || world.log() != before.log()
            || world.timers() != before.timers()
        {
            return Err(format!("the refused {action:?} changed the world"));
        }
        return Ok(());
    }
    check_safety(world).map_err(|v| format!("after {action:?}: {v}"))?;

    // Bookkeeping: an action that did something is one step, and it logged at that step.
    let did_something = world.steps() != before.steps();
    if did_something {
        if world.steps() != before.steps() + 1 {
            return Err(format!("{action:?} took several steps"));
        }
        let new = &world.log()[before.log().len()..];
        if new.is_empty() || new.iter().any(|e| e.step != world.steps()) {
            return Err(format!("{action:?} logged {new:?}"));
        }
    } else if !matches!(action, Action::Step) || world.log() != before.log() {
        return Err(format!("{action:?} did nothing but was not refused"));
    }
    if world.now() < before.now() {
        return Err(format!("time went back after {action:?}"));
    }

    // A step never delivers a held message.
    if matches!(action, Action::Step) {
        if let Some(id) = held.iter().find(|id| world.network().get(**id).is_none()) {
            return Err(format!("step delivered held message #{id}"));
        }
    }

    // A message taken off the network over a cut link is lost, never handled.
    if matches!(action, Action::Step | Action::Deliver { .. }) {
        let delivered = before
            .network()
            .in_flight()
            .iter()
            .find(|e| world.network().get(e.id).is_none());
        if let Some(e) = delivered {
            let (from, to) = (
                before.names().node(e.src).to_string(),
                before.names().node(e.dst).to_string(),
            );
            let new = &world.log()[before.log().len()..];
            if before.cut_links().contains(&(from, to))
                && (new.iter().any(|ev| ev.kind == EventKind::Deliver)
                    || !new.iter().any(|ev| ev.kind == EventKind::Lost))
            {
                return Err(format!("#{} crossed a cut link: {new:?}", e.id));
            }
        }
    }

    // Timers belong to running proposers that have learned nothing, in their current round,
    // with retries left, and are never overdue: each one can fire.
    for timer in world.timers() {
        let node = &world.nodes()[usize::from(timer.node.0)];
        let proposer = node
            .roles
            .proposer
            .as_ref()
            .ok_or("a timer on a non-proposer")?;
        let learned = node
            .roles
            .learner
            .as_ref()
            .is_some_and(|l| l.learned.is_some());
        if world.is_crashed(timer.node)
            || learned
            || proposer.round != timer.round
            || timer.attempt >= MAX_RETRIES
            || timer.fires_at < world.now()
        {
            return Err(format!(
                "a timer that should be gone: {timer:?} (crashed {}, round {}, now {})",
                world.is_crashed(timer.node),
                proposer.round,
                world.now()
            ));
        }
    }

    // A retry fires only for a running proposer that has not learned, within MAX_RETRIES.
    for event in &world.log()[before.log().len()..] {
        let Some((who, rest)) = event.text.split_once("'s retry timer fires") else {
            continue;
        };
        let id = before.node_id(who).map_err(|e| e.to_string())?;
        let node = &before.nodes()[usize::from(id.0)];
        let learned = node
            .roles
            .learner
            .as_ref()
            .is_some_and(|l| l.learned.is_some());
        let retry: u32 = rest
            .split("(retry ")
            .nth(1)
            .and_then(|r| r.split(' ').next())
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| format!("no retry count in {:?}", event.text))?;
        if before.is_crashed(id) || learned || retry > MAX_RETRIES || retry == 0 {
            return Err(format!("a retry that must not happen: {:?}", event.text));
        }
    }
    Ok(())
}

/// The faults stop: links heal, crashed nodes restart, held messages are released. Random
/// loss and duplication are part of the config and go on; the retry timers cope with them.
fn stop_faults(world: &mut World) -> Result<(), String> {
    if !world.cut_links().is_empty() {
        world.heal_all().map_err(|e| e.to_string())?;
    }
    for i in 0..NODES {
        if world.is_crashed(NodeId(i as u8)) {
            world.restart(&name(world, i)).map_err(|e| e.to_string())?;
        }
    }
    let held = world.network().held_ids();
    for id in held {
        world.release(id).map_err(|e| e.to_string())?;
    }
    check_safety(world).map_err(|v| v.to_string())
}

/// Steps until nothing more happens on its own, checking safety after every step.
fn run_to_quiet(world: &mut World) -> Result<(), String> {
    for _ in 0..RECOVERY_STEPS {
        if !world.step().map_err(|e| e.to_string())? {
            return Ok(());
        }
        check_safety(world).map_err(|v| format!("after recovery step: {v}"))?;
    }
    Err(format!("still busy after {RECOVERY_STEPS} steps"))
}

/// What a run came to.
struct Outcome {
    /// The world when the schedule ended, faults and all.
    during: World,
    /// After the faults stopped and the retry timers ran their course.
    recovered: World,
    /// After that, if nothing was chosen yet, one more proposal by P (a client asking again:
    /// a crashed proposer's timer died with it) run to quiet.
    finished: World,
}

/// Runs the schedule with checks after every action, then stops the faults and runs to quiet,
/// then lets P propose once more if nothing was chosen.
fn run(setup: &Setup, ops: &[Op]) -> Result<Outcome, String> {
    let mut world = World::new(setup.config(), setup.seed).map_err(|e| e.to_string())?;
    for (i, op) in ops.iter().enumerate() {
        apply_and_check(&mut world, op).map_err(|e| format!("op {i} {op:?}: {e}"))?;
    }
    let during = world.clone();
    stop_faults(&mut world)?;
    run_to_quiet(&mut world)?;
    let recovered = world.clone();
    if world.chosen().is_none() {
        world.propose("P", "Final").map_err(|e| e.to_string())?;
        run_to_quiet(&mut world)?;
    }
    for (stage, w) in [("recovery", &recovered), ("the final proposal", &world)] {
        if let Some(chosen) = during.chosen() {
            if w.chosen() != Some(chosen) {
                return Err(format!(
                    "{stage} changed the chosen value from {chosen:?} to {:?}",
                    w.chosen()
                ));
            }
        }
        if !w.timers().is_empty() {
            return Err(format!(
                "quiet after {stage}, yet timers remain: {:?}",
                w.timers()
            ));
        }
    }
    // Without random loss nothing can stop a lone proposer with retries on a healed network.
    if setup.loss_percent == 0 && world.chosen().is_none() {
        return Err("no loss, faults stopped, P proposed: yet nothing was chosen".to_string());
    }
    Ok(Outcome {
        during,
        recovered,
        finished: world,
    })
}

// ---------------------------------------------------------------------------------------------
// Always.

fn setup_strategy() -> impl Strategy<Value = Setup> {
    (
        prop_oneof![Just(0u8), 1..=30u8],
        0..=30u8,
        5..=40u64,
        0..=40u64,
        any::<u64>(),
    )
        .prop_map(
            |(loss_percent, duplicate_percent, timeout_ticks, backoff_ticks_max, seed)| Setup {
                loss_percent,
                duplicate_percent,
                timeout_ticks,
                backoff_ticks_max,
                seed,
                rules: Rules::default(),
            },
        )
}

fn op_strategy() -> impl Strategy<Value = Op> {
    let i = || any::<usize>();
    prop_oneof![
        3 => (i(), i()).prop_map(|(proposer, value)| Op::Propose { proposer, value }),
        12 => Just(Op::Step),
        2 => i().prop_map(Op::Deliver),
        1 => i().prop_map(Op::Drop),
        1 => i().prop_map(Op::Duplicate),
        1 => i().prop_map(Op::Hold),
        1 => i().prop_map(Op::Release),
        2 => i().prop_map(Op::CrashOrRestart),
        2 => (i(), i()).prop_map(|(a, b)| Op::CutOrHeal(a, b)),
        1 => any::<u8>().prop_map(Op::Partition),
        1 => Just(Op::HealAll),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn safety_always_holds_under_random_faults(
        setup in setup_strategy(),
        ops in prop::collection::vec(op_strategy(), 0..150),
    ) {
        if let Err(e) = run(&setup, &ops) {
            prop_assert!(false, "{setup:?}: {e}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Sometimes: seeded schedules, counted.

/// An index to reduce modulo whatever it picks from (rand has no portable `usize`).
fn index(rng: &mut ChaCha8Rng) -> usize {
    rng.random::<u32>() as usize
}

fn random_setup(rng: &mut ChaCha8Rng) -> Setup {
    Setup::random(rng, Rules::default())
}

fn random_op(rng: &mut ChaCha8Rng) -> Op {
    match rng.random_range(0..28) {
        0..=2 => Op::Propose {
            proposer: index(rng),
            value: index(rng),
        },
        3..=14 => Op::Step,
        15..=16 => Op::Deliver(index(rng)),
        17 => Op::Drop(index(rng)),
        18 => Op::Duplicate(index(rng)),
        19 => Op::Hold(index(rng)),
        20 => Op::Release(index(rng)),
        21..=22 => Op::CrashOrRestart(index(rng)),
        23..=24 => Op::CutOrHeal(index(rng), index(rng)),
        25 => Op::Partition(rng.random()),
        _ => Op::HealAll,
    }
}

#[test]
fn once_faults_stop_a_value_is_chosen_in_most_runs() {
    const RUNS: usize = 300;
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let (mut proposed, mut chosen_during, mut recovered, mut finished) = (0, 0, 0, 0);
    let (mut learned_by_all, mut several_chosen) = (0, 0);
    let mut seen = [0usize; 8];
    for run_index in 0..RUNS {
        let setup = random_setup(&mut rng);
        let ops: Vec<Op> = (0..rng.random_range(40..150))
            .map(|_| random_op(&mut rng))
            .collect();
        let outcome =
            run(&setup, &ops).unwrap_or_else(|e| panic!("run {run_index} {setup:?}: {e}"));
        let world = &outcome.finished;
        finished += usize::from(world.chosen().is_some());
        if outcome.during.proposed_values().is_empty() {
            continue; // Nobody proposed during the faults: only the final proposal counts.
        }
        proposed += 1;
        chosen_during += usize::from(outcome.during.chosen().is_some());
        recovered += usize::from(outcome.recovered.chosen().is_some());
        several_chosen += usize::from(world.chosen_proposals().len() >= 2);
        learned_by_all += usize::from(
            world
                .nodes()
                .iter()
                .all(|n| n.roles.learner.as_ref().is_none_or(|l| l.learned.is_some())),
        );
        let s = Seen::from_log(world);
        for (count, hit) in seen.iter_mut().zip([
            s.lost_by_network,
            s.duplicated_by_network,
            s.lost_on_cut_link,
            s.lost_at_crashed_node,
            s.held_then_released,
            s.partitioned,
            s.retried,
            s.nack_delivered,
        ]) {
            *count += usize::from(hit);
        }
    }
    let summary = format!(
        "{proposed} of {RUNS} runs proposed; chosen during the faults {chosen_during}, after \
         they stopped {recovered}, after one more proposal {finished} (of {RUNS}); learned by \
         all {learned_by_all}; several chosen {several_chosen}; seen {seen:?}"
    );
    eprintln!("{summary}"); // Shown with --nocapture.
    assert!(proposed >= RUNS * 9 / 10, "{summary}");
    // The retry timers alone finish most runs: those that fail had every proposer crash (its
    // timer dies with it) or duel until its retries ran out.
    assert!(recovered * 100 >= proposed * 80, "{summary}");
    assert!(recovered > chosen_during * 2, "recovery matters: {summary}");
    // One more proposal by a proposer that is up finishes practically every run.
    assert!(finished * 100 >= RUNS * 98, "{summary}");
    assert!(learned_by_all * 100 >= proposed * 60, "{summary}");
    assert!(
        several_chosen >= RUNS / 10,
        "agreement exercised: {summary}"
    );
    let names = [
        "lost by the network",
        "duplicated by the network",
        "lost on a cut link",
        "lost at a crashed node",
        "held, then released",
        "partitioned",
        "retried",
        "Nack delivered",
    ];
    for (what, count) in names.iter().zip(seen) {
        assert!(count >= RUNS / 10, "{what}: {count}; {summary}");
    }
}
