//! The runs of the cross-platform determinism check (issue 6), shared by the native test
//! (tests/it/determinism_digests.rs) and the browser tests (tests/web.rs, which include this
//! file with `#[path]`). It uses only the library and crates that build for wasm32, and holds
//! only what both use: the fixture file is the native test's business.
//!
//! Run `index` is a pure function of `index`: a seeded generator (ChaCha8, stream `index` of
//! [`BASE_SEED`]) picks a start (the safety search's random fault schedule, a built-in
//! scenario with random loss and duplication, or random cluster settings), a world seed and
//! 30 to 89 random user actions (proposals, steps, deliveries, drops, duplicates, holds and
//! releases, crashes and restarts, cut and healed links, partitions, heal-alls), about a
//! quarter of them taken at a later logical time, as a user acting between two deliveries
//! does. Every action goes through [`Timeline`], as the page's actions do; refused ones are
//! part of the run (they record nothing). Then the faults stop (heal all, restart, release)
//! and the run steps until quiet, at most [`QUIET_STEPS`] steps.
//!
//! Its digest is SHA-256 (the `sha2` crate, which builds for wasm32) over, in order: the run
//! as shared in a URL (`Run::encode`), every event of the log as JSON (one per line), and the
//! final state the page is sent (`view::state`) as JSON. No hasher of `std` is used: their
//! output is not promised to be the same across platforms or versions.
use paxos_playground::check::schedules::{random_action, Mix, Setup};
use paxos_playground::paxos::{NodeId, Rules};
use paxos_playground::sim::{Action, EventKind, Run, Scenario, Settings, Timeline};
use paxos_playground::view;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};

/// How many runs the fixture holds.
pub const RUNS: u64 = 60;
/// The base seed of every run's generator.
pub const BASE_SEED: u64 = 0x5EED_0006;
/// The most steps taken once the faults stop.
pub const QUIET_STEPS: usize = 3_000;

/// What one run came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunDigest {
    /// The run's index.
    pub index: u64,
    /// How the run started, e.g. `schedule`, `scenario:lossy`, `settings`.
    pub start: String,
    /// SHA-256 of the run text, the event log and the final state, in hex.
    pub digest: String,
    /// Actions recorded in the run.
    pub actions: usize,
    /// Events in the log.
    pub events: usize,
    /// Events of a fault: a message lost, dropped or duplicated, a node crashed, a link cut.
    pub faults: usize,
    /// The chosen value, if any.
    pub chosen: Option<String>,
    /// Whether the run went quiet within [`QUIET_STEPS`].
    pub quiet: bool,
}

impl RunDigest {
    /// The fixture's line for this run.
    pub fn line(&self) -> String {
        format!(
            "{:02} {} {} actions={} events={} faults={} chosen={} quiet={}",
            self.index,
            self.digest,
            self.start,
            self.actions,
            self.events,
            self.faults,
            self.chosen.as_deref().unwrap_or("-"),
            self.quiet
        )
    }
}

/// The generator of run `index`.
fn rng_of(index: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(BASE_SEED);
    rng.set_stream(index);
    rng
}

/// A start of run `index`: a timeline and a word for it.
fn start(index: u64, rng: &mut ChaCha8Rng) -> (Timeline, String) {
    match index % 3 {
        0 => {
            let setup = Setup::random(rng, Rules::default());
            let timeline = Timeline::new(setup.config(), setup.seed).expect("a valid setup");
            (timeline, "schedule".to_string())
        }
        1 => {
            let all = Scenario::all();
            let mut scenario = all[(index / 3) as usize % all.len()].clone();
            if rng.random_bool(0.75) {
                scenario.config.faults.loss_percent = rng.random_range(0..=25);
                scenario.config.faults.duplicate_percent = rng.random_range(0..=25);
            }
            let seed = rng.random_range(0..1u64 << 53);
            let timeline = Timeline::from_scenario(&scenario, seed).expect("a valid scenario");
            (timeline, format!("scenario:{}", scenario.name))
        }
        _ => {
            // Drawn as the integer types the settings once had, so the digests stay the same.
            let proposers = rng.random_range(1..=5usize);
            let words = ["Hello", "World", "Paxos", "x", "Ünïcode ✓", "42"];
            let delay_min = rng.random_range(1..=5u64);
            // Retries need the proposers to learn (the settings refuse both at once).
            let separate_learners = rng.random_bool(0.4);
            let settings = Settings {
                acceptors: rng.random_range(1..=9usize) as f64,
                proposers: proposers as f64,
                values: (0..proposers)
                    .map(|_| words[rng.random_range(0..words.len())].to_string())
                    .collect(),
                separate_learners,
                delay_min: delay_min as f64,
                delay_max: (delay_min + rng.random_range(0..=10u64)) as f64,
                loss_percent: f64::from(rng.random_range(0..=40u8)),
                duplicate_percent: f64::from(rng.random_range(0..=40u8)),
                retry_timeout: (!separate_learners && rng.random_bool(0.8))
                    .then(|| rng.random_range(5..=60u64) as f64),
                retry_backoff: rng.random_range(0..=30u64) as f64,
            };
            let scenario = settings.scenario().expect("valid settings");
            let seed = rng.random_range(0..1u64 << 53);
            let timeline = Timeline::from_scenario(&scenario, seed).expect("valid settings");
            (timeline, "settings".to_string())
        }
    }
}

/// A random action on any cluster (the safety search's generator assumes its own eight nodes).
fn any_action(timeline: &Timeline, rng: &mut ChaCha8Rng) -> Action {
    let world = timeline.world();
    let names = &world.names().0;
    let name = |rng: &mut ChaCha8Rng| names[rng.random_range(0..names.len())].clone();
    let ids: Vec<u64> = world.network().ids();
    let held = world.network().held_ids();
    // Sometimes an id that is not in flight: refused, and part of the run.
    let id = |rng: &mut ChaCha8Rng, ids: &[u64]| match ids.len() {
        0 => rng.random_range(1..20),
        len => ids[rng.random_range(0..len)],
    };
    match rng.random_range(0..30) {
        0..=2 => {
            let proposers: Vec<&str> = timeline
                .config()
                .nodes
                .iter()
                .filter(|n| n.proposer)
                .map(|n| n.name.as_str())
                .collect();
            Action::Propose {
                node: proposers[rng.random_range(0..proposers.len())].to_string(),
                value: ["Hello", "World", "Paxos", "ε"][rng.random_range(0..4)].to_string(),
            }
        }
        3..=14 => Action::Step,
        15..=16 => Action::Deliver { id: id(rng, &ids) },
        17 => Action::Drop { id: id(rng, &ids) },
        18 => Action::Duplicate { id: id(rng, &ids) },
        19 => Action::Hold { id: id(rng, &ids) },
        20 => Action::Release { id: id(rng, &held) },
        21..=22 => {
            let i = rng.random_range(0..names.len());
            let node = names[i].clone();
            if world.is_crashed(NodeId(i as u8)) {
                Action::Restart { node }
            } else {
                Action::Crash { node }
            }
        }
        23..=25 => {
            let (from, to) = (name(rng), name(rng));
            if world.cut_links().contains(&(from.clone(), to.clone())) {
                Action::Heal { from, to }
            } else {
                Action::Cut { from, to }
            }
        }
        26..=27 => {
            let mut groups = vec![Vec::new(), Vec::new()];
            for n in names {
                groups[usize::from(rng.random_bool(0.5))].push(n.clone());
            }
            Action::Partition { groups }
        }
        _ => Action::HealAll,
    }
}

/// Plays run `index` to quiet and returns its timeline and a word for how it started.
pub fn play(index: u64) -> (Timeline, String) {
    let mut rng = rng_of(index);
    let (mut timeline, start) = start(index, &mut rng);
    let length = rng.random_range(30..90);
    for _ in 0..length {
        let action = if index % 3 == 0 {
            random_action(timeline.world(), &mut rng, &Mix::DEFAULT)
        } else {
            any_action(&timeline, &mut rng)
        };
        // Refused actions record nothing; that they are refused is part of the run too.
        let _ = if rng.random_bool(0.25) {
            let at = timeline.world().now() + rng.random_range(1..=8);
            timeline.apply_at(at, &action)
        } else {
            timeline.apply(&action)
        };
    }
    // The faults stop, as in the safety search; random loss and duplication go on.
    let world = timeline.world();
    let mut stop = Vec::new();
    if !world.cut_links().is_empty() {
        stop.push(Action::HealAll);
    }
    for (i, name) in world.names().0.iter().enumerate() {
        if world.is_crashed(NodeId(i as u8)) {
            stop.push(Action::Restart { node: name.clone() });
        }
    }
    for id in world.network().held_ids() {
        stop.push(Action::Release { id });
    }
    for action in stop {
        timeline.apply(&action).expect("stopping the faults");
    }
    for _ in 0..QUIET_STEPS {
        // `apply` says whether it forked; a step with nothing to do records nothing.
        let before = timeline.actions().len();
        timeline.apply(&Action::Step).expect("a step");
        if timeline.actions().len() == before {
            break;
        }
    }
    (timeline, start)
}

/// Plays run `index` and digests it.
pub fn digest(index: u64) -> RunDigest {
    let (timeline, start) = play(index);
    let world = timeline.world();
    let mut hasher = Sha256::new();
    hasher.update(Run::of(&timeline).encode().as_bytes());
    hasher.update(b"\n");
    for event in world.log() {
        hasher.update(
            serde_json::to_string(event)
                .expect("an event is JSON")
                .as_bytes(),
        );
        hasher.update(b"\n");
    }
    let state = serde_json::to_string(&view::state(&timeline)).expect("the state is JSON");
    hasher.update(state.as_bytes());
    let digest = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let faults = world
        .log()
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::Lost
                    | EventKind::Drop
                    | EventKind::Duplicate
                    | EventKind::Crash
                    | EventKind::Cut
            )
        })
        .count();
    RunDigest {
        index,
        start,
        digest,
        actions: timeline.actions().len(),
        events: world.log().len(),
        faults,
        chosen: world.chosen().map(|(_, v)| v.to_string()),
        quiet: world.next_event_at().is_none(),
    }
}
