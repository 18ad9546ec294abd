//! Random fault schedules, the safety search at scale: five acceptors A to E, three proposers
//! P, Q and R (each also a learner), random loss and duplication, retry timers, and a seeded
//! random schedule of proposals, steps, deliveries, drops, duplicates, holds and releases,
//! crashes and restarts, cut and healed links, partitions and heal-alls, with
//! [`check_safety`] after every action. Then the faults stop (links heal, nodes restart, held
//! messages are released) and the world steps until quiet, checked after every step.
//!
//! Schedule `index` of base seed `seed` is a pure function of `(seed, index, rules, mix)`: the
//! benchmark (`src/bin/bench.rs`) runs a million of them on every core and replays any one
//! alone; `tests/it/safety_search.rs` runs a few under each "Break Paxos" switch.
//!
//! Native tools use this module; it has no clock and no threads, so it builds for wasm too
//! (the page does not call it, so the page's module does not carry it).

use super::{check_only, check_safety, Violation};
use crate::paxos::{NodeId, Rules};
use crate::sim::{Action, Config, Faults, NodeSpec, Retry, World};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The proposers, each also a learner.
pub const PROPOSERS: [&str; 3] = ["P", "Q", "R"];
/// The acceptors.
pub const ACCEPTORS: [&str; 5] = ["A", "B", "C", "D", "E"];
/// The values the proposers propose.
pub const VALUES: [&str; 3] = ["Hello", "World", "Paxos"];
/// Every node: the proposers, then the acceptors.
pub const NODES: usize = PROPOSERS.len() + ACCEPTORS.len();
/// Steps allowed after the faults stop (the property test's bound).
pub const RECOVERY_STEPS: usize = 20_000;

/// Fault chances, retry timing, rules and the world's seed of one schedule.
#[derive(Clone, Debug)]
pub struct Setup {
    /// Chance that the network loses a message, in percent.
    pub loss_percent: u8,
    /// Chance that the network duplicates a message, in percent.
    pub duplicate_percent: u8,
    /// A proposer's retry timeout.
    pub timeout_ticks: u64,
    /// The largest random backoff added to a retry.
    pub backoff_ticks_max: u64,
    /// The world's own seed (message delays, random loss and duplication).
    pub seed: u64,
    /// Correct Paxos, or the switches that break it.
    pub rules: Rules,
}

impl Setup {
    /// Random fault chances (0-30% loss and duplication) and retry timing, under `rules`.
    pub fn random(rng: &mut ChaCha8Rng, rules: Rules) -> Setup {
        Setup {
            loss_percent: rng.random_range(0..=30),
            duplicate_percent: rng.random_range(0..=30),
            timeout_ticks: rng.random_range(5..=40),
            backoff_ticks_max: rng.random_range(0..=40),
            seed: rng.random(),
            rules,
        }
    }

    /// Proposers P, Q, R (each also a learner) and acceptors A to E, delays of 1 to 6 ticks.
    pub fn config(&self) -> Config {
        let mut nodes: Vec<NodeSpec> = PROPOSERS
            .iter()
            .map(|p| NodeSpec::new(p, true, false, true))
            .collect();
        nodes.extend(
            ACCEPTORS
                .iter()
                .map(|a| NodeSpec::new(a, false, true, false)),
        );
        Config {
            nodes,
            delay_ticks_min: 1,
            delay_ticks_max: 6,
            faults: Faults {
                loss_percent: self.loss_percent,
                duplicate_percent: self.duplicate_percent,
                retry: Some(Retry {
                    timeout_ticks: self.timeout_ticks,
                    backoff_ticks_max: self.backoff_ticks_max,
                }),
            },
            rules: self.rules,
        }
    }
}

/// The relative weights of the kinds of random action: one is drawn with chance weight/total.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mix {
    /// A random proposer proposes a random value.
    pub propose: u32,
    /// The world takes its next step (delivers the next message or fires a timer).
    pub step: u32,
    /// A random in-flight message is delivered now.
    pub deliver: u32,
    /// A random in-flight message is dropped.
    pub drop: u32,
    /// A random in-flight message is duplicated.
    pub duplicate: u32,
    /// A random in-flight message is held.
    pub hold: u32,
    /// A random held message is released.
    pub release: u32,
    /// A random node crashes, or restarts if it is down.
    pub crash_or_restart: u32,
    /// A random link is cut, or healed if it is cut.
    pub cut_or_heal: u32,
    /// The nodes are split into two random groups.
    pub partition: u32,
    /// Every cut link heals.
    pub heal_all: u32,
}

impl Mix {
    /// The mix of the property test and of the correct-Paxos search: mostly steps (12 of 28),
    /// then proposals (3), deliveries, crashes and restarts, cuts and heals (2 each), and one
    /// each of drops, duplicates, holds, releases, partitions and heal-alls.
    pub const DEFAULT: Mix = Mix {
        propose: 3,
        step: 12,
        deliver: 2,
        drop: 1,
        duplicate: 1,
        hold: 1,
        release: 1,
        crash_or_restart: 2,
        cut_or_heal: 2,
        partition: 1,
        heal_all: 1,
    };

    fn weights(&self) -> [u32; 11] {
        [
            self.propose,
            self.step,
            self.deliver,
            self.drop,
            self.duplicate,
            self.hold,
            self.release,
            self.crash_or_restart,
            self.cut_or_heal,
            self.partition,
            self.heal_all,
        ]
    }
}

impl Default for Mix {
    fn default() -> Mix {
        Mix::DEFAULT
    }
}

fn index(rng: &mut ChaCha8Rng) -> usize {
    rng.random::<u32>() as usize
}

fn node_name(world: &World, i: usize) -> String {
    world.names().node(NodeId((i % NODES) as u8)).to_string()
}

fn pick(ids: &[u64], i: usize) -> u64 {
    // With nothing to pick from, an id that is surely not in flight: refused.
    ids.get(i % ids.len().max(1))
        .copied()
        .unwrap_or(1_000_000 + i as u64 % 7)
}

/// A random action for `world`, drawn with the weights of `mix`. Some are refused (a hold of a
/// held message, a partition with an empty side): that is part of it.
pub fn random_action(world: &World, rng: &mut ChaCha8Rng, mix: &Mix) -> Action {
    let in_flight = || world.network().ids();
    let weights = mix.weights();
    let mut draw = rng.random_range(0..weights.iter().sum::<u32>());
    let kind = weights
        .iter()
        .position(|&w| {
            if draw < w {
                true
            } else {
                draw -= w;
                false
            }
        })
        .unwrap_or(1);
    match kind {
        0 => Action::Propose {
            node: PROPOSERS[index(rng) % PROPOSERS.len()].to_string(),
            value: VALUES[index(rng) % VALUES.len()].to_string(),
        },
        1 => Action::Step,
        2 => Action::Deliver {
            id: pick(&in_flight(), index(rng)),
        },
        3 => Action::Drop {
            id: pick(&in_flight(), index(rng)),
        },
        4 => Action::Duplicate {
            id: pick(&in_flight(), index(rng)),
        },
        5 => Action::Hold {
            id: pick(&in_flight(), index(rng)),
        },
        6 => Action::Release {
            id: pick(&world.network().held_ids(), index(rng)),
        },
        7 => {
            let i = index(rng);
            let node = node_name(world, i);
            if world.is_crashed(NodeId((i % NODES) as u8)) {
                Action::Restart { node }
            } else {
                Action::Crash { node }
            }
        }
        8 => {
            let (from, to) = (node_name(world, index(rng)), node_name(world, index(rng)));
            if world.cut_links().contains(&(from.clone(), to.clone())) {
                Action::Heal { from, to }
            } else {
                Action::Cut { from, to }
            }
        }
        9 => {
            let mask: u8 = rng.random();
            let mut groups = vec![Vec::new(), Vec::new()];
            for i in 0..NODES {
                groups[usize::from(mask >> i & 1)].push(node_name(world, i));
            }
            Action::Partition { groups }
        }
        _ => Action::HealAll,
    }
}

/// What to search: the base seed of the schedules, the rules and the action mix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Search {
    /// The base seed: schedule `index` draws from stream `index` of this seed.
    pub seed: u64,
    /// Correct Paxos, or the switches that break it.
    pub rules: Rules,
    /// The weights of the random actions.
    pub mix: Mix,
    /// Judge only what a user of the chosen value sees (agreement, validity, learner
    /// agreement), not an acceptor's own rules (promise monotonic, promise kept), which catch
    /// some switches at their first misstep, long before two values are chosen.
    pub agreement_only: bool,
}

/// The invariants a user of the chosen value sees: the first three of the panel's list.
const AGREEMENT: [&str; 3] = ["agreement", "validity", "learner agreement"];

fn check(world: &World, agreement_only: bool) -> Result<(), Violation> {
    if agreement_only {
        check_only(world, &AGREEMENT)
    } else {
        check_safety(world)
    }
}

/// The random generator of schedule `index`: the base seed, stream `index`.
pub fn schedule_rng(seed: u64, index: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(index);
    rng
}

/// A schedule that failed: a broken invariant, or an action the faults' end could not take.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Failure {
    /// The schedule's index.
    pub index: u64,
    /// The broken invariant (`agreement`, `promise kept`, ...), or `None` for a simulator
    /// error where none was expected.
    pub property: Option<&'static str>,
    /// Where and what, in words.
    pub what: String,
}

/// What schedules came to, summed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Schedules run.
    pub schedules: u64,
    /// Random actions tried.
    pub actions: u64,
    /// Of those, refused by the world.
    pub refused: u64,
    /// Steps taken after the faults stopped.
    pub recovery_steps: u64,
    /// Schedules in which something was proposed.
    pub proposed: u64,
    /// Schedules in which a value was chosen while the faults went on.
    pub chosen_during: u64,
    /// Schedules with a value chosen once the faults stopped and the world went quiet.
    pub chosen_after: u64,
    /// Schedules still not quiet after [`RECOVERY_STEPS`].
    pub still_busy: u64,
    /// Schedules in which an acceptor crashed.
    pub acceptor_crashed: u64,
    /// Schedules in which at least two different values were proposed.
    pub competing_values: u64,
    /// Schedules that failed.
    pub failures: Vec<Failure>,
}

impl Tally {
    /// Adds `other`'s counts and failures to this one.
    pub fn add(&mut self, other: Tally) {
        self.schedules += other.schedules;
        self.actions += other.actions;
        self.refused += other.refused;
        self.recovery_steps += other.recovery_steps;
        self.proposed += other.proposed;
        self.chosen_during += other.chosen_during;
        self.chosen_after += other.chosen_after;
        self.still_busy += other.still_busy;
        self.acceptor_crashed += other.acceptor_crashed;
        self.competing_values += other.competing_values;
        self.failures.extend(other.failures);
    }
}

/// Runs schedule `index` of `search`: a random setup and 40 to 149 random actions,
/// `check_safety` after each; then the faults stop and the world steps until quiet, checked
/// after every step. It stops at the first failure. `trace`, if given, hears every action.
pub fn run_schedule(search: &Search, index: u64, mut trace: Option<&mut dyn FnMut(&str)>) -> Tally {
    let mut tally = Tally {
        schedules: 1,
        ..Tally::default()
    };
    let mut say = |text: &dyn Fn() -> String| {
        if let Some(trace) = trace.as_mut() {
            trace(&text());
        }
    };
    let mut rng = schedule_rng(search.seed, index);
    let setup = Setup::random(&mut rng, search.rules);
    say(&|| format!("schedule {index} (base seed {}): {setup:?}", search.seed));
    let mut world = World::new(setup.config(), setup.seed).expect("a valid config");
    let length = rng.random_range(40..150);
    let fail = |tally: &mut Tally, property, what: String| {
        tally.failures.push(Failure {
            index,
            property,
            what,
        });
    };
    let mut acceptor_crashed = false;
    for i in 0..length {
        let action = random_action(&world, &mut rng, &search.mix);
        tally.actions += 1;
        let result = world.apply(&action);
        match &result {
            Ok(()) => say(&|| format!("  {i:>3} {action:?}")),
            Err(e) => say(&|| format!("  {i:>3} {action:?}: refused ({e})")),
        }
        if result.is_err() {
            tally.refused += 1;
            continue;
        }
        if let Action::Crash { node } = &action {
            acceptor_crashed |= ACCEPTORS.contains(&node.as_str());
        }
        if let Err(v) = check(&world, search.agreement_only) {
            fail(
                &mut tally,
                Some(v.property),
                format!("action {i} {action:?}: {v}"),
            );
            return tally;
        }
    }
    tally.proposed = u64::from(!world.proposed_values().is_empty());
    tally.competing_values = u64::from(world.proposed_values().len() > 1);
    tally.acceptor_crashed = u64::from(acceptor_crashed);
    tally.chosen_during = u64::from(world.chosen().is_some());

    // The faults stop; random loss and duplication go on, and the retry timers cope.
    let mut stop: Vec<Action> = Vec::new();
    if !world.cut_links().is_empty() {
        stop.push(Action::HealAll);
    }
    for i in 0..NODES {
        if world.is_crashed(NodeId(i as u8)) {
            stop.push(Action::Restart {
                node: node_name(&world, i),
            });
        }
    }
    for id in world.network().held_ids() {
        stop.push(Action::Release { id });
    }
    for action in stop {
        say(&|| format!("  faults stop: {action:?}"));
        if let Err(e) = world.apply(&action) {
            fail(
                &mut tally,
                None,
                format!("stopping the faults: {action:?}: {e}"),
            );
            return tally;
        }
    }
    if let Err(v) = check(&world, search.agreement_only) {
        fail(
            &mut tally,
            Some(v.property),
            format!("once the faults stopped: {v}"),
        );
        return tally;
    }
    let mut quiet = false;
    for _ in 0..RECOVERY_STEPS {
        match world.step() {
            Ok(true) => tally.recovery_steps += 1,
            Ok(false) => {
                quiet = true;
                break;
            }
            Err(e) => {
                fail(&mut tally, None, format!("recovery step: {e}"));
                return tally;
            }
        }
        if let Err(v) = check(&world, search.agreement_only) {
            let what = format!("recovery step {}: {v}", tally.recovery_steps);
            fail(&mut tally, Some(v.property), what);
            return tally;
        }
    }
    tally.still_busy = u64::from(!quiet);
    tally.chosen_after = u64::from(world.chosen().is_some());
    say(&|| {
        format!(
            "  {} recovery steps; chosen: {:?}",
            tally.recovery_steps,
            world.chosen()
        )
    });
    tally
}

/// Runs schedules `0..count` of `search` one after another and stops at the first failure:
/// the tally of the schedules run, the failure (if any) last. For the threaded version, see
/// the benchmark; this one is for tests and small searches.
pub fn search_until_failure(search: &Search, count: u64) -> Tally {
    let mut tally = Tally::default();
    for index in 0..count {
        tally.add(run_schedule(search, index, None));
        if !tally.failures.is_empty() {
            break;
        }
    }
    tally
}
