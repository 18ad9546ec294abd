//! The native benchmark behind `npm run bench` (run it with `cargo run --release --bin bench`).
//!
//! It measures, in one run, the figures issues 3 and 6 ask for:
//! 1. seeking in a timeline of at least 10,000 recorded actions (5 acceptors, 3 proposers, retries
//!    and random faults): random positions, one step back from the end, and 0 to the end, against
//!    the 50 ms budget;
//! 2. the safety search of `tests/it/fault_properties.rs` at scale (`check::schedules`): 1,000,000
//!    seeded random fault schedules of correct Paxos with `check_safety` after every action, then
//!    the faults stop and the run goes on to quiet. Any violation makes it exit with status 1
//!    and print how to replay it;
//! 3. the same search under each "Break Paxos" switch and under Flexible Paxos quorums that do
//!    not intersect, schedule by schedule until the first safety violation (up to a cap): the
//!    schedules it took, the invariant broken and how to replay it. An unsafe setting that shows
//!    no violation within its cap makes the exit status 1 (the search would be blind to it);
//!    intersecting quorums are safe here and must show none.
//!
//! Flags: `--quick` (a small version, for smoke tests), `--seed N` (the schedules' base seed),
//! `--threads N` (schedules run on this many threads; default: every core), `--schedules N`
//! (correct-Paxos schedules, overriding the default), `--replay N` (run schedule N alone and
//! print every action; with `--bug NAME` (repeatable), `--q1 N`, `--q2 N` under those rules, and
//! with `--agreement-only` judging agreement, validity and learner agreement only),
//! `--run-text FILE` (also write the 10,000-action run as `#run=` text, for the page's seek
//! benchmark).
//!
//! Timing uses `std::time::Instant`: this is a benchmark, not a test, and its numbers are read as
//! ratios from one run on a shared, noisy machine.

use paxos_playground::check::schedules::{
    random_action, run_schedule, Failure, Mix, Search, Setup, Tally, ACCEPTORS, PROPOSERS,
    RECOVERY_STEPS, VALUES,
};
use paxos_playground::paxos::{verdict, NodeId, Rules, Runs};
use paxos_playground::sim::{Action, Run, Timeline};
use paxos_playground::view;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The page's budget for showing any step of a long run.
const SEEK_BUDGET_MS: f64 = 50.0;
/// The seed of the seek timeline.
const TIMELINE_SEED: u64 = 10_000;
/// The default base seed of the fault schedules.
const SCHEDULE_SEED: u64 = 2_024;

/// What to run, from the command line.
struct Options {
    quick: bool,
    seed: u64,
    threads: usize,
    schedules: Option<u64>,
    replay: Option<u64>,
    rules: Rules,
    agreement_only: bool,
    run_text: Option<String>,
}

impl Options {
    fn parse() -> Result<Options, String> {
        let mut options = Options {
            quick: false,
            seed: SCHEDULE_SEED,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            schedules: None,
            replay: None,
            rules: Rules::default(),
            agreement_only: false,
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
            let quorum = |text: String| {
                text.parse::<u8>()
                    .ok()
                    .filter(|q| (1..=5).contains(q))
                    .ok_or_else(|| {
                        format!("{arg} takes a quorum of 1 to 5 acceptors, not {text:?}")
                    })
            };
            match arg.as_str() {
                "--quick" => options.quick = true,
                "--seed" => options.seed = number(value("a number")?)?,
                "--threads" => {
                    options.threads = number(value("a number")?)?.clamp(1, 64) as usize;
                }
                "--schedules" => options.schedules = Some(number(value("a number")?)?),
                "--replay" => options.replay = Some(number(value("a schedule number")?)?),
                "--bug" => options.rules.enable(&value("a switch name")?)?,
                "--q1" => options.rules.phase1_quorum = Some(quorum(value("a quorum")?)?),
                "--q2" => options.rules.phase2_quorum = Some(quorum(value("a quorum")?)?),
                "--agreement-only" => options.agreement_only = true,
                "--run-text" => options.run_text = Some(value("a file name")?),
                // cargo bench passes --bench to bench targets; harmless here.
                "--bench" => {}
                "-h" | "--help" => {
                    return Err(
                        "usage: bench [--quick] [--seed N] [--threads N] [--schedules N] \
                         [--replay N [--bug NAME]... [--q1 N] [--q2 N] [--agreement-only]] \
                         [--run-text FILE]"
                            .to_string(),
                    )
                }
                other => return Err(format!("unknown argument {other:?}; try --help")),
            }
        }
        if options.replay.is_none() && (options.rules != Rules::default() || options.agreement_only)
        {
            return Err("--bug, --q1, --q2 and --agreement-only go with --replay N; the benchmark itself runs \
                        correct Paxos and then every switch"
                .to_string());
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
        return replay(options.seed, options.rules, options.agreement_only, index);
    }
    let started = Instant::now();
    let (seeks, schedules_wanted, switch_cap) = if options.quick {
        (200, 2_000, 20_000)
    } else {
        (2_000, 1_000_000, 1_000_000)
    };
    let schedules_wanted = options.schedules.unwrap_or(schedules_wanted);
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
    print_seek(&seek);
    let schedules = bench_schedules(options.seed, schedules_wanted, options.threads);
    print_schedules(&schedules, options.seed);
    let switches: Vec<SwitchResult> = broken_settings()
        .into_iter()
        .map(|setting| bench_switch(setting, options.seed, switch_cap, options.threads))
        .collect();
    print_switches(&switches, options.seed, switch_cap);
    println!(
        "\nnative benchmark took {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let correct_ok = schedules.tally.failures.is_empty();
    let switches_ok = switches.iter().all(SwitchResult::as_expected);
    if correct_ok && switches_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
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
        rules: Rules::default(),
    };
    let mut rng = ChaCha8Rng::seed_from_u64(TIMELINE_SEED);
    let started = Instant::now();
    let mut timeline = Timeline::new(setup.config(), setup.seed).expect("a valid config");
    while timeline.actions().len() < ACTIONS {
        let action = random_action(timeline.world(), &mut rng, &Mix::DEFAULT);
        let before = timeline.actions().len();
        let recorded = timeline.apply(&action).is_ok() && timeline.actions().len() > before;
        if !recorded && action == Action::Step {
            // Quiet: a client asks again (a proposer that is up, if any; else a restart).
            let world = timeline.world();
            let up = (0..PROPOSERS.len()).find(|&i| !world.is_crashed(NodeId(i as u8)));
            let action = match up {
                Some(i) => Action::Propose {
                    node: PROPOSERS[i].to_string(),
                    value: VALUES[rng.random::<u32>() as usize % VALUES.len()].to_string(),
                },
                None => Action::Restart {
                    node: PROPOSERS[rng.random::<u32>() as usize % PROPOSERS.len()].to_string(),
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
// 2. Random fault schedules of correct Paxos.

/// What a batch of schedules came to.
struct Outcome {
    tally: Tally,
    elapsed: Duration,
    threads: usize,
}

/// Runs schedules `0..count` of `search` on `threads` threads, printing progress to stderr
/// every 10%. With `stop_at_first`, no schedule numbered above a failed one is started, so
/// every schedule below the first failure has run and the first failure is the same whatever
/// the threads (a few above it may have run too).
fn run_parallel(
    search: &Search,
    count: u64,
    threads: usize,
    stop_at_first: bool,
    label: &str,
) -> Outcome {
    let next = AtomicU64::new(0);
    let done = AtomicU64::new(0);
    let first_failed = AtomicU64::new(u64::MAX);
    let every = (count / 10).max(1);
    let started = Instant::now();
    let total = Mutex::new(Tally::default());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let mut tally = Tally::default();
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    if index >= count
                        || (stop_at_first && index > first_failed.load(Ordering::Relaxed))
                    {
                        break;
                    }
                    let one = run_schedule(search, index, None);
                    if !one.failures.is_empty() {
                        first_failed.fetch_min(index, Ordering::Relaxed);
                    }
                    tally.add(one);
                    let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
                    if finished % every == 0 && count >= 10_000 {
                        eprintln!(
                            "bench: {label}: {finished} of {count} schedules ({}%) in {:.0} s",
                            finished * 100 / count,
                            started.elapsed().as_secs_f64()
                        );
                    }
                }
                total.lock().expect("no worker panicked").add(tally);
            });
        }
    });
    let mut tally = total.into_inner().expect("no worker panicked");
    tally.failures.sort();
    Outcome {
        tally,
        elapsed: started.elapsed(),
        threads,
    }
}

fn bench_schedules(seed: u64, count: u64, threads: usize) -> Outcome {
    let search = Search {
        seed,
        rules: Rules::default(),
        mix: mix_for(&Rules::default()),
        agreement_only: false,
    };
    run_parallel(&search, count, threads, false, "correct Paxos")
}

fn percent(n: u64, of: u64) -> f64 {
    100.0 * n as f64 / of.max(1) as f64
}

fn print_schedules(result: &Outcome, seed: u64) {
    let t = &result.tally;
    let secs = result.elapsed.as_secs_f64();
    let all_actions = t.actions + t.recovery_steps;
    println!(
        "Random fault schedules of correct Paxos (base seed {seed}; 3 proposers, 5 acceptors; loss \
         and duplication 0-30%,\nretries, crashes, cuts, partitions, holds, drops; check_safety \
         after every action and every recovery step)\n"
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
                t.failures.len(),
                if t.failures.is_empty() {
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
            "two or more values proposed",
            format!(
                "{} ({:.1}%)",
                t.competing_values,
                percent(t.competing_values, t.schedules)
            ),
        ),
        (
            "an acceptor crashed",
            format!(
                "{} ({:.1}%)",
                t.acceptor_crashed,
                percent(t.acceptor_crashed, t.schedules)
            ),
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
        (
            "still busy after recovery bound",
            format!("{} (bound: {RECOVERY_STEPS} steps)", t.still_busy),
        ),
    ];
    for (what, value) in rows {
        println!("  {what:<34} {value}");
    }
    for failure in t.failures.iter().take(10) {
        println!(
            "\n  VIOLATION in schedule {}: {}",
            failure.index, failure.what
        );
        println!(
            "  replay it: cargo run --release --bin bench -- --seed {seed} --replay {}",
            failure.index
        );
    }
    if t.failures.is_empty() {
        println!(
            "\n  a failing schedule would be replayed with: cargo run --release --bin bench -- \
             --seed {seed} --replay <schedule>"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 3. The same search under each "Break Paxos" switch.

/// The action mix under `rules`. Every setting uses the default mix today: each unsafe one
/// breaks within a few hundred schedules with it (see docs/RELIABILITY.md). A setting that
/// needed more of some action would get its own mix here, and `--replay` would follow.
fn mix_for(_rules: &Rules) -> Mix {
    Mix::DEFAULT
}

/// A setting of the rules to search, and whether Paxos stays safe under it.
struct Setting {
    /// As the table shows it.
    name: String,
    /// The flags that give these rules to `--replay`.
    flags: String,
    rules: Rules,
    safe: bool,
}

/// Every switch, then Flexible Paxos quorums on both sides of Q1 + Q2 > N (5 acceptors).
fn broken_settings() -> Vec<Setting> {
    let mut settings: Vec<Setting> = paxos_playground::paxos::SWITCHES
        .iter()
        .map(|switch| {
            let mut rules = Rules::default();
            rules.enable(switch.name).expect("a known switch");
            Setting {
                name: switch.name.to_string(),
                flags: format!("--bug {}", switch.name),
                rules,
                safe: schedules_safe(&rules),
            }
        })
        .collect();
    for (q1, q2) in [(3u8, 2u8), (2, 2), (4, 2)] {
        let rules = Rules {
            phase1_quorum: Some(q1),
            phase2_quorum: Some(q2),
            ..Rules::default()
        };
        settings.push(Setting {
            name: format!("flexible Q1={q1} Q2={q2}"),
            flags: format!("--q1 {q1} --q2 {q2}"),
            rules,
            safe: schedules_safe(&rules),
        });
    }
    settings
}

/// Whether `rules` are safe in the schedules' runs (the panel's verdict, `paxos::verdict`):
/// five acceptors, three proposers with a value each, retries and crashes without bound.
fn schedules_safe(rules: &Rules) -> bool {
    let runs = Runs {
        acceptors: ACCEPTORS.len(),
        proposers: PROPOSERS.len(),
        any_value: false,
        rounds: None,
        crashes: None,
    };
    verdict(rules, &runs).safe
}

struct SwitchResult {
    setting: Setting,
    /// The cap it searched under.
    cap: u64,
    outcome: Outcome,
    /// For a setting whose first violation is an acceptor's own rule: the search again,
    /// judging agreement, validity and learner agreement only.
    agreement: Option<Outcome>,
}

impl SwitchResult {
    fn first(&self) -> Option<&Failure> {
        self.outcome.tally.failures.first()
    }

    /// Safe settings show no failure; unsafe ones break an invariant within the cap.
    fn as_expected(&self) -> bool {
        match self.first() {
            None => self.setting.safe,
            Some(failure) => !self.setting.safe && failure.property.is_some(),
        }
    }
}

/// Searches `setting` schedule by schedule until the first failure, up to `cap` schedules
/// for an unsafe setting and a tenth of that for a safe one (which must run them all).
fn bench_switch(setting: Setting, seed: u64, cap: u64, threads: usize) -> SwitchResult {
    let cap = if setting.safe { cap / 10 } else { cap };
    let search = Search {
        seed,
        rules: setting.rules,
        mix: mix_for(&setting.rules),
        agreement_only: false,
    };
    let outcome = run_parallel(&search, cap, threads, true, &setting.name);
    // A switch caught by an acceptor's own rule: how long until it also chooses two values?
    let local = outcome
        .tally
        .failures
        .first()
        .is_some_and(|f| f.property.is_some_and(|p| p != "agreement"));
    let agreement = local.then(|| {
        let search = Search {
            agreement_only: true,
            ..search
        };
        let label = format!("{} (agreement only)", setting.name);
        run_parallel(&search, cap, threads, true, &label)
    });
    SwitchResult {
        setting,
        cap,
        outcome,
        agreement,
    }
}

fn print_switches(results: &[SwitchResult], seed: u64, cap: u64) {
    println!(
        "\nBreak Paxos: the same schedules (base seed {seed}, same mix) under each switch, until \
         the first safety\nviolation; cap {cap} schedules for an unsafe setting, {} for a safe \
         one (it must show none)\n",
        cap / 10
    );
    println!(
        "  {:<22} {:<6} {:>12} {:<18} {:>8} {:>12} {:>8}  result",
        "setting", "safe?", "schedules", "invariant broken", "time", "to 2 values", "time",
    );
    let until = |outcome: &Outcome, cap: u64| match outcome.tally.failures.first() {
        Some(f) => format!("{}", f.index + 1),
        None => format!("none in {cap}"),
    };
    for r in results {
        let property = r
            .first()
            .map_or("-", |f| f.property.unwrap_or("(simulator error)"));
        let (to_agreement, agreement_time) = match (&r.agreement, r.first()) {
            (Some(a), _) => (until(a, r.cap), format!("{:.2} s", a.elapsed.as_secs_f64())),
            (None, Some(_)) => ("same".to_string(), String::new()),
            (None, None) => ("-".to_string(), String::new()),
        };
        println!(
            "  {:<22} {:<6} {:>12} {:<18} {:>6.2} s {:>12} {:>8}  {}",
            r.setting.name,
            if r.setting.safe { "safe" } else { "unsafe" },
            until(&r.outcome, r.cap),
            property,
            r.outcome.elapsed.as_secs_f64(),
            to_agreement,
            agreement_time,
            if r.as_expected() { "ok" } else { "FAILED" }
        );
    }
    println!(
        "\n  schedules: schedules run until the first violation of any invariant (its number + 1);\n  \
         to 2 values: the same until the first agreement, validity or learner-agreement violation\n  \
         (\"same\" when the first violation already was one)\n"
    );
    for r in results {
        match r.first() {
            Some(f) => {
                println!("  {}: schedule {}: {}", r.setting.name, f.index, f.what);
                println!(
                    "    replay: cargo run --release --bin bench -- --seed {seed} --replay {} {}",
                    f.index, r.setting.flags
                );
                if let Some(a) = r.agreement.as_ref().and_then(|a| a.tally.failures.first()) {
                    println!(
                        "    then, judging agreement only: schedule {}: {}",
                        a.index, a.what
                    );
                    println!(
                        "    replay: cargo run --release --bin bench -- --seed {seed} --replay {} \
                         {} --agreement-only",
                        a.index, r.setting.flags
                    );
                }
            }
            None => {
                let t = &r.outcome.tally;
                println!(
                    "  {}: no violation in {} schedules ({}); a value was chosen in {:.1}% \
                     during the faults, {:.1}% of those that proposed once they stopped",
                    r.setting.name,
                    t.schedules,
                    if r.setting.safe {
                        "as expected: safe"
                    } else {
                        "FAILED: the search is blind to it"
                    },
                    percent(t.chosen_during, t.schedules),
                    percent(t.chosen_after, t.proposed)
                );
            }
        }
    }
}

/// Runs one schedule alone under `rules`, printing every action: the way to study a reported
/// violation.
fn replay(seed: u64, rules: Rules, agreement_only: bool, index: u64) -> ExitCode {
    let search = Search {
        seed,
        rules,
        mix: mix_for(&rules),
        agreement_only,
    };
    let mut print = |line: &str| println!("{line}");
    let tally = run_schedule(&search, index, Some(&mut print));
    match tally.failures.first() {
        None => {
            println!("schedule {index}: safety held");
            ExitCode::SUCCESS
        }
        Some(failure) => {
            println!("schedule {index}: VIOLATION: {}", failure.what);
            ExitCode::FAILURE
        }
    }
}
