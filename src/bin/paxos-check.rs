//! The model checker on the command line:
//!
//! ```text
//! cargo run --release --bin paxos-check -- --help
//! cargo run --release --bin paxos-check -- spec [--acceptors N] [--values V] [--max-ballot B]
//!     [--bug phase2a-any-value] [--bfs|--dfs] [--max-states N]
//! cargo run --release --bin paxos-check -- playground [--acceptors N] [--proposers P] [--rounds R]
//!     [--loss] [--duplicate] [--crash | --crashes K] [--bug NAME]... [--q1 K] [--q2 K]
//!     [--no-symmetry] [--no-partial-order] [--bfs|--dfs] [--max-states N] [--threads T]
//! ```
//!
//! It prints one JSON object: model, options, distinct_states, generated_states, depth,
//! seconds, states_per_sec, verdict, sometimes, counterexample (the first violation's actions,
//! or null), checked (every property checked), not_applicable (`{property, why}` for those that
//! cannot fail in this configuration), violations (`{property, steps, counterexample}` for
//! each property found false) and holds (the "always" properties a complete search found
//! true). `--help` prints the usage with every option and bug and exits with 0; bad options
//! print what was wrong and the usage, and exit with 2; a violation exits with 1.

use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::error::ErrorKind;
use clap::{value_parser, Args, Command, CommandFactory, FromArgMatches, Parser, Subcommand};
use paxos_playground::check::explore::{
    explore, Expectation, Model, Options, Outcome, Report, Strategy,
};
use paxos_playground::check::playground::{
    cluster, Bounds, Compact, PlaygroundModel, MAX_CRASHES, MAX_ROUNDS,
};
use paxos_playground::check::spec::{SpecConfig, SpecModel, MAX_ACCEPTORS, MAX_VALUES, SPEC_BUGS};
use paxos_playground::paxos::{Rules, SWITCHES};
use serde_json::{json, Value};
use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

// The search makes and frees millions of small allocations (decoded nodes, states' bytes);
// glibc's allocator spent over half of the run in malloc and free, mimalloc far less.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const EXIT_STATUS: &str = "Prints one JSON report. Exit status: 0 no violation, 1 a violation, \
                           2 a usage error.";

/// Explores every state of a model of single-decree Paxos and checks its properties.
#[derive(Parser)]
#[command(
    name = "paxos-check",
    version,
    arg_required_else_help = true,
    // An option given twice takes its last value, as it did before clap.
    args_override_self = true,
    after_help = concat!(
        "Prints one JSON report. Exit status: 0 no violation, 1 a violation, 2 a usage error. ",
        "`paxos-check --help` shows every option of both models."
    )
)]
struct Cli {
    #[command(subcommand)]
    model: ModelCommand,
}

#[derive(Subcommand)]
enum ModelCommand {
    /// Lamport's Paxos.tla (tlaplus/Examples) with MCPaxos's constants: checks TypeOK and Inv on
    /// every state, that every step refines Voting, that at most one value is chosen, and that
    /// some state has a value chosen
    Spec(SpecArgs),
    /// The page's own handlers on a small cluster (proposers P, Q, ... that also learn,
    /// acceptors A, B, ...): checks agreement, validity and learner agreement on every state,
    /// and that some state has a value chosen
    Playground(PlaygroundArgs),
}

/// How the states are explored.
#[derive(Args)]
struct SearchArgs {
    /// Breadth-first search (the default): every counterexample is a shortest one
    #[arg(long, conflicts_with = "dfs")]
    bfs: bool,
    /// Depth-first search: the same states in another order; counterexamples may be longer
    #[arg(long)]
    dfs: bool,
    /// Stop after storing N distinct states (the verdict then says the search was cut)
    #[arg(long, value_name = "N", value_parser = value_parser!(u64).range(1..))]
    max_states: Option<u64>,
    /// Threads that expand states, breadth first (default 1). The counts, the verdict and every
    /// counterexample are the same with any number; depth first uses one. Storing states stays
    /// on one thread, so more pay only on idle cores
    #[arg(long, value_name = "T", value_parser = value_parser!(u16).range(1..=256))]
    threads: Option<u16>,
}

impl SearchArgs {
    fn strategy(&self) -> Strategy {
        if self.dfs {
            Strategy::Dfs
        } else {
            Strategy::Bfs
        }
    }

    fn max_states(&self) -> usize {
        self.max_states.map_or(usize::MAX, |n| n as usize)
    }

    fn threads(&self) -> usize {
        match self.strategy() {
            Strategy::Dfs => 1,
            Strategy::Bfs => self.threads.map_or(1, usize::from),
        }
    }
}

#[derive(Args)]
struct SpecArgs {
    /// Acceptors a1..aN (1 to 8); the quorums are every set of N/2 + 1, as in MCPaxos
    #[arg(long, value_name = "N", default_value_t = 3,
          value_parser = value_parser!(u8).range(1..=MAX_ACCEPTORS as i64))]
    acceptors: u8,
    /// Values v1..vV (1 to 7)
    #[arg(long, value_name = "V", default_value_t = 2,
          value_parser = value_parser!(u8).range(1..=MAX_VALUES as i64))]
    values: u8,
    /// The highest ballot: ballots are 0 to B. A state must fit in 64 bits: with 3 acceptors
    /// and 2 values B is 0 to 3, with 5 acceptors 0 to 2
    #[arg(long, value_name = "B", default_value_t = 2)]
    max_ballot: u8,
    /// Explore the spec with a deliberate bug, to see which properties catch it
    #[arg(long, value_name = "NAME", value_parser = spec_bugs())]
    bug: Option<String>,
    #[command(flatten)]
    search: SearchArgs,
}

#[derive(Args)]
struct PlaygroundArgs {
    /// Acceptors A, B, C, ... (1 to 9)
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = value_parser!(u8).range(1..=9))]
    acceptors: u8,
    /// Proposers P, Q, ... (1 to 5), which also learn; each proposes a value of its own
    /// ("Hello", "World", "Paxos", "Lamport", "Quorum")
    #[arg(long, value_name = "P", default_value_t = 2, value_parser = value_parser!(u8).range(1..=5))]
    proposers: u8,
    /// Rounds each proposer may start: its first proposal and its retries after a timeout
    #[arg(long, value_name = "R", default_value_t = 2,
          value_parser = value_parser!(u8).range(1..=MAX_ROUNDS as i64))]
    rounds: u8,
    /// The network may lose messages
    #[arg(long)]
    loss: bool,
    /// The network may deliver a message more than once
    #[arg(long)]
    duplicate: bool,
    /// A run may have one crash (the same as --crashes 1)
    #[arg(long, conflicts_with = "crashes")]
    crash: bool,
    /// Crashes a run may have in all, 0 to 3 (a crashed node may restart)
    #[arg(long, value_name = "K",
          value_parser = value_parser!(u8).range(0..=MAX_CRASHES as i64))]
    crashes: Option<u8>,
    /// Turn on a "Break Paxos" switch of the page (repeat for more than one)
    #[arg(long, value_name = "NAME", value_parser = switches())]
    bug: Vec<String>,
    /// Flexible Paxos: the promises a proposer waits for, 1 to the number of acceptors
    /// (default: a majority)
    #[arg(long, value_name = "K")]
    q1: Option<u8>,
    /// Flexible Paxos: the acceptances that choose a value, 1 to the number of acceptors
    /// (default: a majority)
    #[arg(long, value_name = "K")]
    q2: Option<u8>,
    /// Count states that differ only by a renaming of interchangeable acceptors once: exact,
    /// and on by default (still accepted, to say so)
    #[arg(long, conflicts_with = "no_symmetry")]
    symmetry: bool,
    /// Turn the symmetry reduction off: every renaming of a state counts, for comparison
    #[arg(long)]
    no_symmetry: bool,
    /// Turn the partial-order reduction off: explore every interleaving, for comparison (it
    /// is exact and on by default: it leaves out only orders of steps that commute with all
    /// others and change no property)
    #[arg(long)]
    no_partial_order: bool,
    #[command(flatten)]
    search: SearchArgs,
}

/// The page's "Break Paxos" switches, each with what it changes and its older name.
fn switches() -> PossibleValuesParser {
    PossibleValuesParser::new(SWITCHES.iter().map(|switch| {
        let value = PossibleValue::new(switch.name);
        match switch.alias {
            Some(alias) => value
                .alias(alias)
                .help(format!("{} (also called {alias})", switch.summary)),
            None => value.help(switch.summary),
        }
    }))
}

/// The bugs of Lamport's spec, each with what it changes.
fn spec_bugs() -> PossibleValuesParser {
    PossibleValuesParser::new(
        SPEC_BUGS
            .iter()
            .map(|bug| PossibleValue::new(bug.name).help(bug.summary)),
    )
}

/// The command line, whose `--help` (the long form) also shows each model's options in full.
fn command() -> Command {
    // Rendered from a built copy, so that each model's usage line names the program.
    let mut built = Cli::command();
    built.build();
    let mut models = String::from(EXIT_STATUS);
    for model in built.get_subcommands_mut() {
        if model.get_name() != "help" {
            models.push_str(&format!("\n\n{}", model.render_long_help()));
        }
    }
    Cli::command().after_long_help(models)
}

/// Prints `message` as a usage error of `model`'s options, with its usage, and exits with 2.
fn usage_error(command: &mut Command, model: &str, message: String) -> ! {
    let model = command
        .find_subcommand_mut(model)
        .expect("a model of the command line");
    model.error(ErrorKind::ValueValidation, message).exit()
}

/// Runs the search and builds the JSON report.
fn run<M: Model>(
    model: &M,
    search: &SearchArgs,
    find_every_violation: bool,
    describe: impl Fn(&M::Action) -> String,
) -> (Report<M::Action>, Value) {
    let started = Instant::now();
    let report = explore(
        model,
        Options {
            strategy: search.strategy(),
            max_states: search.max_states(),
            find_every_violation,
            threads: search.threads(),
            ..Options::default()
        },
    );
    let seconds = started.elapsed().as_secs_f64();
    let p = report.progress;
    let violated: Vec<&str> = report.violations().map(|f| f.name).collect();
    // The "always" properties found true in every state (and step) of a complete search.
    let holds: Vec<&str> = match report.outcome {
        Outcome::Complete => report
            .findings
            .iter()
            .filter(|f| f.expectation == Expectation::Always && f.path.is_none())
            .map(|f| f.name)
            .collect(),
        _ => Vec::new(),
    };
    let verdict = match (&report.outcome, violated.as_slice()) {
        (_, [_, ..]) if holds.is_empty() => format!("violation of {}", and(&violated)),
        (_, [_, ..]) => format!(
            "violation of {}; {} {} in every reachable state",
            and(&violated),
            and(&holds),
            if holds.len() == 1 { "holds" } else { "hold" }
        ),
        (Outcome::Complete, []) => "no violation".to_string(),
        (Outcome::StateLimit, []) => "no violation within the state limit (search cut)".to_string(),
        (Outcome::Cancelled, []) => "cancelled".to_string(),
        (Outcome::Violation, []) => unreachable!("a violation outcome has a finding"),
    };
    let sometimes: Vec<Value> = report
        .findings
        .iter()
        .filter(|f| f.expectation == Expectation::Sometimes)
        .map(|f| json!({ "property": f.name, "found": f.path.is_some() }))
        .collect();
    let steps = |path: &[M::Action]| path.iter().map(&describe).collect::<Vec<_>>();
    let violations: Vec<Value> = report
        .violations()
        .map(|f| {
            let path = f.path.as_deref().unwrap_or_default();
            json!({ "property": f.name, "steps": path.len(), "counterexample": steps(path) })
        })
        .collect();
    let json = json!({
        "distinct_states": p.distinct_states,
        "generated_states": p.generated_states,
        "depth": p.depth,
        "seconds": (seconds * 1000.0).round() / 1000.0,
        "states_per_sec": (p.distinct_states as f64 / seconds.max(1e-9)).round(),
        "verdict": verdict,
        "sometimes": sometimes,
        "counterexample": report.violation().and_then(|v| v.path.as_deref()).map(steps),
        "checked": report.checked(),
        "not_applicable": report
            .not_applicable
            .iter()
            .map(|n| json!({ "property": n.property, "why": n.why }))
            .collect::<Vec<_>>(),
        "violations": violations,
        "holds": holds,
    });
    (report, json)
}

/// "a", "a and b", "a, b and c".
fn and(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [most @ .., last] => format!("{} and {last}", most.join(", ")),
    }
}

fn spec(command: &mut Command, args: &SpecArgs) -> (Value, bool) {
    let config = SpecConfig {
        acceptors: usize::from(args.acceptors),
        values: usize::from(args.values),
        max_ballot: args.max_ballot,
    };
    let model = match args.bug {
        Some(_) => SpecModel::with_phase2a_ignoring_votes(config),
        None => SpecModel::new(config),
    }
    .unwrap_or_else(|e| usage_error(command, "spec", e.to_string()));
    // Like TLC's -continue: a broken spec gets a counterexample for every property it breaks
    // (each a shortest one, breadth-first); a correct one is explored to the end either way.
    let (report, mut json) = run(&model, &args.search, true, |a| a.to_string());
    let mut out = json!({
        "model": "spec",
        "options": {
            "acceptors": config.acceptors,
            "values": config.values,
            "max_ballot": config.max_ballot,
            "bug": args.bug,
            "strategy": format!("{:?}", args.search.strategy()).to_lowercase(),
            "threads": args.search.threads(),
        },
    });
    merge(&mut out, &mut json);
    (out, report.violation().is_some())
}

fn playground(command: &mut Command, args: &PlaygroundArgs) -> (Value, bool) {
    let acceptors = usize::from(args.acceptors);
    let proposers = usize::from(args.proposers);
    let mut rules = Rules::default();
    for bug in &args.bug {
        rules
            .enable(bug)
            .expect("clap accepts only the switches' names");
    }
    for (option, quorum) in [("--q1", args.q1), ("--q2", args.q2)] {
        if let Some(q) = quorum {
            if q == 0 || usize::from(q) > acceptors {
                let message = format!("{option} must be 1 to {acceptors} (the acceptors), not {q}");
                usage_error(command, "playground", message);
            }
        }
    }
    rules.phase1_quorum = args.q1;
    rules.phase2_quorum = args.q2;
    let bounds = Bounds {
        rounds: args.rounds,
        loss: args.loss,
        duplicate: args.duplicate,
        crashes: args.crashes.unwrap_or(u8::from(args.crash)),
        symmetry: !args.no_symmetry,
        partial_order: !args.no_partial_order,
    };
    let (config, values) = cluster(acceptors, proposers, rules)
        .unwrap_or_else(|e| usage_error(command, "playground", e.to_string()));
    // Compact: the same states, stored as fixed-width records (see check::playground::Compact).
    let model = PlaygroundModel::new(&config, &values, bounds)
        .unwrap_or_else(|e| usage_error(command, "playground", e.to_string()));
    let model = Compact::new(model);
    let (report, mut json) = run(&model, &args.search, false, |a| {
        model.inner().describe(&model.action(a))
    });
    let mut out = json!({
        "model": "playground",
        "options": {
            "acceptors": acceptors,
            "proposers": values.iter().map(|(p, v)| format!("{p} proposes {v}")).collect::<Vec<_>>(),
            "rounds": bounds.rounds,
            "loss": bounds.loss,
            "duplicate": bounds.duplicate,
            "crashes": bounds.crashes,
            "bugs": rules.enabled(),
            "q1": rules.phase1_quorum(acceptors),
            "q2": rules.phase2_quorum(acceptors),
            "symmetry": bounds.symmetry,
            "partial_order": bounds.partial_order,
            "strategy": format!("{:?}", args.search.strategy()).to_lowercase(),
            "threads": args.search.threads(),
        },
    });
    merge(&mut out, &mut json);
    (out, report.violation().is_some())
}

/// Moves the fields of `from` into the object `into`, after its own.
fn merge(into: &mut Value, from: &mut Value) {
    if let (Some(into), Some(from)) = (into.as_object_mut(), from.as_object_mut()) {
        into.append(from);
    }
}

fn main() -> ExitCode {
    let mut command = command();
    // Help and version print and exit with 0; a usage error prints what was wrong and the
    // usage, and exits with 2.
    let matches = command
        .try_get_matches_from_mut(std::env::args_os())
        .unwrap_or_else(|e| e.exit());
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let (json, violated) = match &cli.model {
        ModelCommand::Spec(args) => spec(&mut command, args),
        ModelCommand::Playground(args) => playground(&mut command, args),
    };
    let text = serde_json::to_string_pretty(&json).expect("JSON");
    // A reader that stops early (`| head`) closes the pipe: not an error of the check.
    if let Err(error) = writeln!(std::io::stdout(), "{text}") {
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            panic!("cannot write the report: {error}");
        }
    }
    if violated {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
