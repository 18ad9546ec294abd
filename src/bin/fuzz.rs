//! The fuzz command behind `npm run bench` (`cargo run --release --bin fuzz`): the fuzz target
//! of `paxos_playground::fuzz` on seeded random bytes, case after case on every core, until at least
//! 1,000,000 operations have run (hostile actions, seeks, resets, settings, shared runs as
//! random or mutated text and files). Any panic or broken property is printed with the case
//! that found it and the command that runs that case alone, and makes the exit status 1.
//!
//! Flags: `--operations N` (default 1,000,000), `--quick` (20,000), `--seed N` (the base seed
//! of the bytes), `--threads N` (default: every core), `--case N` (run case N alone).
//!
//! Timing uses `std::time::Instant`: the rate is reported, never judged.

use paxos_playground::fuzz::{fuzz_one, FuzzTally};
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// The default base seed.
const SEED: u64 = 6;
/// The bytes of one case: enough for a few hundred operations.
const CASE_BYTES: usize = 8 * 1024;
/// The most operations of one case.
const CASE_OPERATIONS: u64 = 500;

struct Options {
    operations: u64,
    seed: u64,
    threads: usize,
    case: Option<u64>,
}

impl Options {
    fn parse() -> Result<Options, String> {
        let mut options = Options {
            operations: 1_000_000,
            seed: SEED,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            case: None,
        };
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            let mut number = || {
                let text = args
                    .next()
                    .ok_or_else(|| format!("{arg} needs a whole number after it"))?;
                text.parse::<u64>()
                    .map_err(|_| format!("{arg} takes a whole number, not {text:?}"))
            };
            match arg.as_str() {
                "--operations" => options.operations = number()?,
                "--quick" => options.operations = 20_000,
                "--seed" => options.seed = number()?,
                "--threads" => options.threads = number()?.clamp(1, 64) as usize,
                "--case" => options.case = Some(number()?),
                "-h" | "--help" => {
                    println!(
                        "usage: fuzz [--operations N | --quick] [--seed N] [--threads N] [--case N]"
                    );
                    std::process::exit(0);
                }
                other => return Err(format!("unknown argument {other:?}; try --help")),
            }
        }
        if options.operations == 0 {
            return Err("--operations takes a whole number of 1 or more".to_string());
        }
        Ok(options)
    }
}

/// What one case came to: its tally, or the property it broke (a panic included).
type CaseResult = Result<FuzzTally, String>;

/// Runs case `index` of base seed `seed`: its bytes are a pure function of both.
fn run_case(seed: u64, index: u64) -> CaseResult {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(index);
    let mut bytes = vec![0; CASE_BYTES];
    rng.fill_bytes(&mut bytes);
    match catch_unwind(AssertUnwindSafe(|| fuzz_one(&bytes, CASE_OPERATIONS))) {
        Ok(Ok(tally)) => Ok(tally),
        Ok(Err(failure)) => Err(failure.to_string()),
        Err(panic) => Err(format!(
            "PANIC: {}",
            panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("(no message)")
        )),
    }
}

fn main() -> ExitCode {
    let options = match Options::parse() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("fuzz: {message}");
            return ExitCode::from(2);
        }
    };
    if let Some(index) = options.case {
        return match run_case(options.seed, index) {
            Ok(tally) => {
                println!(
                    "case {index}: {} operations, every property held",
                    tally.operations
                );
                ExitCode::SUCCESS
            }
            Err(failure) => {
                println!("case {index}: {failure}");
                ExitCode::FAILURE
            }
        };
    }
    println!(
        "\nFuzz: hostile operations on the simulation's API and the run decoders (paxos_playground::fuzz; \
         base seed {}, {} thread{})\n",
        options.seed,
        options.threads,
        if options.threads == 1 { "" } else { "s" }
    );
    let started = Instant::now();
    let next_case = AtomicU64::new(0);
    let done = AtomicU64::new(0);
    let results = Mutex::new(Vec::<(u64, CaseResult)>::new());
    let every = (options.operations / 10).max(1);
    std::thread::scope(|scope| {
        for _ in 0..options.threads {
            scope.spawn(|| {
                while done.load(Ordering::Relaxed) < options.operations {
                    let index = next_case.fetch_add(1, Ordering::Relaxed);
                    let result = run_case(options.seed, index);
                    // A failure is enough to report: the others stop soon after.
                    let operations = result.as_ref().map_or(options.operations, |t| t.operations);
                    let before = done.fetch_add(operations, Ordering::Relaxed);
                    let after = before + operations;
                    if options.operations >= 100_000 && after / every > before / every {
                        eprintln!(
                            "fuzz: {} of {} operations in {:.0} s",
                            after.min(options.operations),
                            options.operations,
                            started.elapsed().as_secs_f64()
                        );
                    }
                    results
                        .lock()
                        .expect("no worker panicked holding the lock")
                        .push((index, result));
                }
            });
        }
    });
    let elapsed = started.elapsed().as_secs_f64();
    let mut results = results.into_inner().expect("no worker panicked");
    results.sort_by_key(|(index, _)| *index);
    // Every case below the last one handed out has run, so the figures are those of the first
    // cases that reach the operations asked for, whatever the number of threads.
    let mut tally = FuzzTally::default();
    let mut cases = 0;
    let mut failures = Vec::new();
    for (index, result) in &results {
        match result {
            Ok(one) if tally.operations < options.operations => {
                tally.add(one);
                cases += 1;
            }
            Ok(_) => {}
            Err(failure) => failures.push((*index, failure.clone())),
        }
    }
    print_tally(&tally, cases, elapsed);
    for (index, failure) in &failures {
        println!("\n  FAILED: case {index}: {failure}");
        println!(
            "  run it alone: cargo run --release --bin fuzz -- --seed {} --case {index}",
            options.seed
        );
    }
    // Sometimes: a fuzz that never acts, is never refused, never steps or never sees a value
    // chosen checks little, whatever its "always" says.
    let idle: Vec<&str> = [
        ("accepted", tally.accepted_total()),
        ("refused", tally.refused_total()),
        ("stepped", tally.steps),
        ("saw a value chosen", tally.chosen),
    ]
    .iter()
    .filter(|(_, n)| *n == 0)
    .map(|(what, _)| *what)
    .collect();
    if !idle.is_empty() {
        println!("\n  FAILED: no operation {}", idle.join(", nor "));
    }
    if failures.is_empty() && idle.is_empty() {
        println!("\n  panics and broken properties: 0");
        return ExitCode::SUCCESS;
    }
    ExitCode::FAILURE
}

fn print_tally(tally: &FuzzTally, cases: u64, elapsed: f64) {
    let accepted = tally.accepted_total();
    let refused = tally.refused_total();
    let percent = |n: u64| 100.0 * n as f64 / tally.operations.max(1) as f64;
    println!(
        "  operations            {:>12}  in {cases} cases, {elapsed:.1} s ({:.0} operations/s)",
        tally.operations,
        tally.operations as f64 / elapsed.max(1e-9)
    );
    println!(
        "  accepted              {accepted:>12}  ({:.1}%)",
        percent(accepted)
    );
    println!(
        "  refused with an error {refused:>12}  ({:.1}%): every one left the simulation \
         unchanged and named the problem",
        percent(refused)
    );
    println!(
        "  simulation steps      {:>12}  (deliveries and retries of accepted operations)",
        tally.steps
    );
    println!(
        "  forks of the past     {:>12}  (accepted while looking at the past)",
        tally.forks
    );
    println!("  with a value chosen   {:>12}  operations", tally.chosen);
    let accepted: Vec<String> = tally
        .accepted
        .iter()
        .map(|(kind, n)| format!("{kind} {n}"))
        .collect();
    let refused: Vec<String> = tally
        .refused
        .iter()
        .map(|(kind, n)| format!("{kind} {n}"))
        .collect();
    println!("  accepted by kind:     {}", accepted.join(", "));
    println!("  refused by error:     {}", refused.join(", "));
}
