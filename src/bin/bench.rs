//! The native benchmark behind `npm run bench` (run it with `cargo run --release --bin bench`).
//!
//! It measures, in one run, the figures issue 3 asks for and prints them as ratios of their
//! budgets:
//! 1. seeking in a timeline of at least 10,000 recorded actions (5 acceptors, 3 proposers, retries
//!    and random faults): random positions, one step back from the end, and 0 to the end, against
//!    the 50 ms budget;
//! 2. the safety search of `tests/fault_properties.rs` at scale: at least 100,000 seeded random
//!    fault schedules with `check_safety` after every action, then the faults stop and the run
//!    goes on to quiet. Any violation makes it exit with status 1 and print how to replay it.
//!
//! Flags: `--quick` (a small version, for smoke tests), `--seed N` (the schedules' base seed),
//! `--threads N` (schedules run on this many threads; default: every core), `--replay N` (run
//! schedule N alone and print every action), `--run-text FILE` (also write the 10,000-action run
//! as `#run=` text, for the page's seek benchmark).
//!
//! Timing uses `std::time::Instant`: this is a benchmark, not a test, and its numbers are read as
//! ratios from one run on a shared, noisy machine.

use paxos_playground::check::check_safety;
use paxos_playground::paxos::NodeId;
use paxos_playground::sim::{Action, Config, Faults, NodeSpec, Retry, Run, Timeline, World};
use paxos_playground::view;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::process::ExitCode;
use std::time::{Duration, Instant};

const PROPOSERS: [&str; 3] = ["P", "Q", "R"];
const ACCEPTORS: [&str; 5] = ["A", "B", "C", "D", "E"];
const NODES: usize = PROPOSERS.len() + ACCEPTORS.len();
const VALUES: [&str; 3] = ["Hello", "World", "Paxos"];
/// The page's budget for showing any step of a long run.
const SEEK_BUDGET_MS: f64 = 50.0;
/// Steps allowed after the faults stop (the property test's bound).
const RECOVERY_STEPS: usize = 20_000;
/// The seed of the seek timeline.
const TIMELINE_SEED: u64 = 10_000;
/// The default base seed of the fault schedules.
const SCHEDULE_SEED: u64 = 2_024;

/// What to run, from the command line.
struct Options {
    quick: bool,
    seed: u64,
    threads: usize,
    replay: Option<u64>,
    run_text: Option<String>,
}

impl Options {
    fn parse() -> Result<Options, String> {
        let mut options = Options {
            quick: false,
            seed: SCHEDULE_SEED,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            replay: None,
            run_text: None,
        };
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            let mut value = |what: &str| {
                args.next()
                    .ok_or_else(|| format!("{arg} needs {what} after it"))
            };
            let number = |text: String| {
                text.parse::<u64>()
                    .map_err(|_| format!("{arg} takes a whole number, not {text:?}"))
            };
            match arg.as_str() {
                "--quick" => options.quick = true,
                "--seed" => options.seed = number(value("a number")?)?,
                "--threads" => {
                    options.threads = number(value("a number")?)?.clamp(1, 64) as usize;
                }
                "--replay" => options.replay = Some(number(value("a schedule number")?)?),
                "--run-text" => options.run_text = Some(value("a file name")?),
                // cargo bench passes --bench to bench targets; harmless here.
                "--bench" => {}
                "-h" | "--help" => {
                    return Err(
                        "usage: bench [--quick] [--seed N] [--threads N] [--replay N] \
                                [--run-text FILE]"
                            .to_string(),
                    )
                }
                other => return Err(format!("unknown argument {other:?}; try --help")),
            }
        }
        Ok(options)
    }
}

fn main() -> ExitCode {
    let options = match Options::parse() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("bench: {message}");
            return ExitCode::from(2);
        }
    };
    if let Some(index) = options.replay {
        return replay(options.seed, index);
    }
    let started = Instant::now();
    let (seeks, schedules_wanted) = if options.quick {
        (200, 2_000)
    } else {
        (2_000, 100_000)
    };
    println!(
        "\nNative benchmark ({}, release build, {} thread{} for schedules)\n",
        if options.quick { "--quick" } else { "full" },
        options.threads,
        if options.threads == 1 { "" } else { "s" }
    );

    let seek = bench_seek(seeks);
    if let Some(path) = &options.run_text {
        if let Err(e) = std::fs::write(path, &seek.run_text) {
            eprintln!("bench: cannot write {path}: {e}");
            return ExitCode::from(2);
        }
    }
    let schedules = bench_schedules(options.seed, schedules_wanted, options.threads);

    print_seek(&seek);
    print_schedules(&schedules, options.seed);
    println!(
        "\nnative benchmark took {:.1} s",
        started.elapsed().as_secs_f64()
    );
    if schedules.violations.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

// ---------------------------------------------------------------------------------------------
// The cluster and random actions, as in tests/fault_properties.rs.

/// Fault chances, retry timing and the world's seed of one schedule.
#[derive(Clone, Debug)]
struct Setup {
    loss_percent: u8,
    duplicate_percent: u8,
    timeout_ticks: u64,
    backoff_ticks_max: u64,
    seed: u64,
}

impl Setup {
    fn random(rng: &mut ChaCha8Rng) -> Setup {
        Setup {
            loss_percent: rng.random_range(0..=30),
            duplicate_percent: rng.random_range(0..=30),
            timeout_ticks: rng.random_range(5..=40),
            backoff_ticks_max: rng.random_range(0..=40),
            seed: rng.random(),
        }
    }

    /// Proposers P, Q, R (each also a learner) and acceptors A to E.
    fn config(&self) -> Config {
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
            rules: Default::default(),
        }
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

/// A random action for `world`, with the property test's mix: mostly steps, then proposals,
/// deliveries, crashes and restarts, cuts and heals, drops, duplicates, holds, releases,
/// partitions and heal-alls. Some are refused (a hold of a held message): that is part of it.
fn random_action(world: &World, rng: &mut ChaCha8Rng) -> Action {
    let in_flight = || -> Vec<u64> { world.network().in_flight().iter().map(|e| e.id).collect() };
    match rng.random_range(0..28) {
        0..=2 => Action::Propose {
            node: PROPOSERS[index(rng) % PROPOSERS.len()].to_string(),
            value: VALUES[index(rng) % VALUES.len()].to_string(),
        },
        3..=14 => Action::Step,
        15..=16 => Action::Deliver {
            id: pick(&in_flight(), index(rng)),
        },
        17 => Action::Drop {
            id: pick(&in_flight(), index(rng)),
        },
        18 => Action::Duplicate {
            id: pick(&in_flight(), index(rng)),
        },
        19 => Action::Hold {
            id: pick(&in_flight(), index(rng)),
        },
        20 => {
            let held: Vec<u64> = world
                .network()
                .in_flight()
                .iter()
                .filter(|e| e.held)
                .map(|e| e.id)
                .collect();
            Action::Release {
                id: pick(&held, index(rng)),
            }
        }
        21..=22 => {
            let i = index(rng);
            let node = node_name(world, i);
            if world.is_crashed(NodeId((i % NODES) as u8)) {
                Action::Restart { node }
            } else {
                Action::Crash { node }
            }
        }
        23..=24 => {
            let (from, to) = (node_name(world, index(rng)), node_name(world, index(rng)));
            if world.cut_links().contains(&(from.clone(), to.clone())) {
                Action::Heal { from, to }
            } else {
                Action::Cut { from, to }
            }
        }
        25 => {
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

// ---------------------------------------------------------------------------------------------
// 1. Seeking.

/// Timings of one kind of seek, in milliseconds.
struct Timings {
    what: &'static str,
    ms: Vec<f64>,
}

impl Timings {
    fn new(what: &'static str) -> Timings {
        Timings {
            what,
            ms: Vec::new(),
        }
    }

    fn time<T>(&mut self, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let result = f();
        self.ms.push(start.elapsed().as_secs_f64() * 1e3);
        result
    }

    /// The `p`th percentile (0 to 100).
    fn percentile(&self, p: usize) -> f64 {
        let mut sorted = self.ms.clone();
        sorted.sort_by(f64::total_cmp);
        let at = (sorted.len() * p / 100).min(sorted.len().saturating_sub(1));
        sorted.get(at).copied().unwrap_or(0.0)
    }

    fn max(&self) -> f64 {
        self.ms.iter().copied().fold(0.0, f64::max)
    }
}

struct SeekResult {
    actions: usize,
    events: usize,
    chosen: bool,
    build: Duration,
    timings: Vec<Timings>,
    run_text: String,
}

/// Builds a timeline of at least 10,000 recorded actions with random faults, proposing again
/// whenever nothing is left to happen, then seeks around it.
fn bench_seek(seeks: usize) -> SeekResult {
    const ACTIONS: usize = 10_000;
    let setup = Setup {
        loss_percent: 10,
        duplicate_percent: 10,
        timeout_ticks: 20,
        backoff_ticks_max: 20,
        seed: TIMELINE_SEED,
    };
    let mut rng = ChaCha8Rng::seed_from_u64(TIMELINE_SEED);
    let started = Instant::now();
    let mut timeline = Timeline::new(setup.config(), setup.seed).expect("a valid config");
    while timeline.actions().len() < ACTIONS {
        let action = random_action(timeline.world(), &mut rng);
        let before = timeline.actions().len();
        let recorded = timeline.apply(&action).is_ok() && timeline.actions().len() > before;
        if !recorded && action == Action::Step {
            // Quiet: a client asks again (a proposer that is up, if any; else a restart).
            let world = timeline.world();
            let up = (0..PROPOSERS.len()).find(|&i| !world.is_crashed(NodeId(i as u8)));
            let action = match up {
                Some(i) => Action::Propose {
                    node: PROPOSERS[i].to_string(),
                    value: VALUES[index(&mut rng) % VALUES.len()].to_string(),
                },
                None => Action::Restart {
                    node: PROPOSERS[index(&mut rng) % PROPOSERS.len()].to_string(),
                },
            };
            // Refused only when the proposer ran out of rounds, which 10,000 actions never reach.
            let _ = timeline.apply(&action);
        }
    }
    let build = started.elapsed();
    let len = timeline.actions().len();
    let events = timeline.world().log().len();
    let chosen = timeline.world().chosen().is_some();
    let run_text = Run::of(&timeline).encode();

    let mut random = Timings::new("random position");
    let mut random_view = Timings::new("random position + state view");
    for i in 0..seeks {
        let position = rng.random_range(0..=len);
        if i % 2 == 0 {
            random.time(|| timeline.seek(position));
        } else {
            // What the page does on a seek besides drawing: seek, then take the snapshot.
            random_view.time(|| {
                timeline.seek(position);
                std::hint::black_box(view::state(&timeline));
            });
        }
    }
    let repeats = (seeks / 40).max(5);
    let mut back = Timings::new("back one step from the end");
    let mut to_end = Timings::new("from 0 to the end");
    let mut back_to_end = Timings::new("from the end to 0");
    for _ in 0..repeats {
        timeline.seek(len);
        back.time(|| assert!(timeline.back()));
        timeline.seek(0);
        to_end.time(|| timeline.seek(len));
        back_to_end.time(|| timeline.seek(0));
    }
    timeline.seek(len);
    SeekResult {
        actions: len,
        events,
        chosen,
        build,
        timings: vec![random, random_view, back, to_end, back_to_end],
        run_text,
    }
}

fn print_seek(result: &SeekResult) {
    println!(
        "Seek: a timeline of {} actions and {} events (3 proposers, 5 acceptors, 10% loss, 10% \
         duplication,\nretries, random crashes, cuts, partitions, holds and drops; a value {}; \
         built in {:.0} ms)\n",
        result.actions,
        result.events,
        if result.chosen {
            "was chosen"
        } else {
            "was not chosen"
        },
        result.build.as_secs_f64() * 1e3
    );
    println!(
        "  {:<32} {:>6} {:>10} {:>10} {:>9} {:>10}",
        "seek", "runs", "median ms", "p99 ms", "max ms", "max/50 ms"
    );
    for t in &result.timings {
        println!(
            "  {:<32} {:>6} {:>10.3} {:>10.3} {:>9.3} {:>10.3}",
            t.what,
            t.ms.len(),
            t.percentile(50),
            t.percentile(99),
            t.max(),
            t.max() / SEEK_BUDGET_MS
        );
    }
    let worst = result.timings.iter().map(Timings::max).fold(0.0, f64::max);
    println!(
        "\n  worst seek {worst:.3} ms = {:.3} x the {SEEK_BUDGET_MS} ms budget (native; the page \
         runs the same code as wasm; machine load {}:\n  on a busy machine the maximum is \
         mostly preemption, the median and p99 are steadier)\n",
        worst / SEEK_BUDGET_MS,
        load_average()
    );
}

/// The 1-minute load average and the core count: on a shared machine, read figures with it.
fn load_average() -> String {
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "unknown".to_string());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    format!("{load} on {cores} cores")
}

// ---------------------------------------------------------------------------------------------
// 2. Random fault schedules.

/// What one schedule came to.
#[derive(Default)]
struct Tally {
    schedules: u64,
    actions: u64,
    refused: u64,
    recovery_steps: u64,
    proposed: u64,
    chosen_during: u64,
    chosen_after: u64,
    still_busy: u64,
    violations: Vec<(u64, String)>,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.schedules += other.schedules;
        self.actions += other.actions;
        self.refused += other.refused;
        self.recovery_steps += other.recovery_steps;
        self.proposed += other.proposed;
        self.chosen_during += other.chosen_during;
        self.chosen_after += other.chosen_after;
        self.still_busy += other.still_busy;
        self.violations.extend(other.violations);
    }
}

struct ScheduleResult {
    tally: Tally,
    violations: Vec<(u64, String)>,
    elapsed: Duration,
    threads: usize,
}

/// The random generator of schedule `index`: the base seed, stream `index`.
fn schedule_rng(seed: u64, index: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(index);
    rng
}

/// Runs schedule `index`: a random setup and 40 to 149 random actions, `check_safety` after
/// each; then the faults stop (links heal, nodes restart, held messages are released) and the
/// world steps until quiet, checked after every step. `trace` prints every action.
fn run_schedule(seed: u64, index: u64, trace: bool) -> Tally {
    let mut tally = Tally {
        schedules: 1,
        ..Tally::default()
    };
    let mut rng = schedule_rng(seed, index);
    let setup = Setup::random(&mut rng);
    if trace {
        println!("schedule {index} (base seed {seed}): {setup:?}");
    }
    let mut world = World::new(setup.config(), setup.seed).expect("a valid config");
    let length = rng.random_range(40..150);
    let fail = |tally: &mut Tally, what: String| tally.violations.push((index, what));
    for i in 0..length {
        let action = random_action(&world, &mut rng);
        tally.actions += 1;
        let result = world.apply(&action);
        if trace {
            match &result {
                Ok(()) => println!("  {i:>3} {action:?}"),
                Err(e) => println!("  {i:>3} {action:?}: refused ({e})"),
            }
        }
        if result.is_err() {
            tally.refused += 1;
            continue;
        }
        if let Err(v) = check_safety(&world) {
            fail(&mut tally, format!("action {i} {action:?}: {v}"));
            return tally;
        }
    }
    tally.proposed = u64::from(!world.proposed_values().is_empty());
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
    for e in world.network().in_flight().iter().filter(|e| e.held) {
        stop.push(Action::Release { id: e.id });
    }
    for action in stop {
        if trace {
            println!("  faults stop: {action:?}");
        }
        if let Err(e) = world.apply(&action) {
            fail(&mut tally, format!("stopping the faults: {action:?}: {e}"));
            return tally;
        }
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
                fail(&mut tally, format!("recovery step: {e}"));
                return tally;
            }
        }
        if let Err(v) = check_safety(&world) {
            let what = format!("recovery step {}: {v}", tally.recovery_steps);
            fail(&mut tally, what);
            return tally;
        }
    }
    tally.still_busy = u64::from(!quiet);
    tally.chosen_after = u64::from(world.chosen().is_some());
    if trace {
        println!(
            "  {} recovery steps; chosen: {:?}",
            tally.recovery_steps,
            world.chosen()
        );
    }
    tally
}

fn bench_schedules(seed: u64, count: u64, threads: usize) -> ScheduleResult {
    let started = Instant::now();
    let tally = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads as u64)
            .map(|worker| {
                scope.spawn(move || {
                    let mut tally = Tally::default();
                    let mut index = worker;
                    while index < count {
                        tally.add(run_schedule(seed, index, false));
                        index += threads as u64;
                    }
                    tally
                })
            })
            .collect();
        let mut total = Tally::default();
        for worker in workers {
            total.add(worker.join().expect("a schedule worker panicked"));
        }
        total
    });
    let elapsed = started.elapsed();
    let mut violations = tally.violations.clone();
    violations.sort();
    ScheduleResult {
        tally,
        violations,
        elapsed,
        threads,
    }
}

fn print_schedules(result: &ScheduleResult, seed: u64) {
    let t = &result.tally;
    let secs = result.elapsed.as_secs_f64();
    let all_actions = t.actions + t.recovery_steps;
    let percent = |n: u64, of: u64| 100.0 * n as f64 / of.max(1) as f64;
    println!(
        "Random fault schedules (base seed {seed}; 3 proposers, 5 acceptors; loss and duplication \
         0-30%, retries,\ncrashes, cuts, partitions, holds, drops; check_safety after every action \
         and every recovery step)\n"
    );
    let rows: Vec<(&str, String)> = vec![
        ("schedules", format!("{}", t.schedules)),
        (
            "scheduled actions",
            format!("{} ({} refused)", t.actions, t.refused),
        ),
        (
            "recovery steps after faults stop",
            format!("{}", t.recovery_steps),
        ),
        (
            "time",
            format!(
                "{secs:.2} s on {} thread(s) (machine load {})",
                result.threads,
                load_average()
            ),
        ),
        ("schedules/s", format!("{:.0}", t.schedules as f64 / secs)),
        (
            "actions/s (incl. recovery steps)",
            format!("{:.0}", all_actions as f64 / secs),
        ),
        (
            "safety violations",
            format!(
                "{} {}",
                result.violations.len(),
                if result.violations.is_empty() {
                    "(ok: must be 0)"
                } else {
                    "(FAILED: must be 0)"
                }
            ),
        ),
        (
            "schedules that proposed",
            format!("{} ({:.1}%)", t.proposed, percent(t.proposed, t.schedules)),
        ),
        (
            "value chosen during the faults",
            format!(
                "{} ({:.1}%)",
                t.chosen_during,
                percent(t.chosen_during, t.schedules)
            ),
        ),
        (
            "value chosen once faults stopped",
            format!(
                "{} ({:.1}% of those that proposed)",
                t.chosen_after,
                percent(t.chosen_after, t.proposed)
            ),
        ),
        ("still busy after 20,000 steps", format!("{}", t.still_busy)),
    ];
    for (what, value) in rows {
        println!("  {what:<34} {value}");
    }
    for (index, what) in result.violations.iter().take(10) {
        println!("\n  VIOLATION in schedule {index}: {what}");
        println!("  replay it: cargo run --release --bin bench -- --seed {seed} --replay {index}");
    }
    if result.violations.is_empty() {
        println!(
            "\n  a failing schedule would be replayed with: cargo run --release --bin bench -- \
             --seed {seed} --replay <schedule>"
        );
    }
}

/// Runs one schedule alone, printing every action: the way to study a reported violation.
fn replay(seed: u64, index: u64) -> ExitCode {
    let tally = run_schedule(seed, index, true);
    match tally.violations.first() {
        None => {
            println!("schedule {index}: safety held");
            ExitCode::SUCCESS
        }
        Some((_, what)) => {
            println!("schedule {index}: VIOLATION: {what}");
            ExitCode::FAILURE
        }
    }
}
