//! The model checker on the command line:
//!
//! ```text
//! cargo run --release --bin paxos-check -- spec [--acceptors N] [--values V] [--max-ballot B] [--bfs|--dfs]
//! cargo run --release --bin paxos-check -- playground [--acceptors N] [--proposers P] [--rounds R]
//!     [--loss] [--duplicate] [--crash | --crashes K] [--bug NAME]... [--q1 K] [--q2 K]
//!     [--symmetry] [--bfs|--dfs] [--max-states N]
//! ```
//!
//! It prints one JSON object: model, options, distinct_states, generated_states, depth,
//! seconds, states_per_sec, verdict, and the counterexample as a list of actions when there is
//! one. Bad options print a usage error and exit with status 2; a violation exits with 1.

use paxos_playground::check::explore::{explore, Model, Options, Outcome, Report, Strategy};
use paxos_playground::check::packed::Packed;
use paxos_playground::check::playground::{Bounds, PlaygroundModel};
use paxos_playground::check::spec::{SpecConfig, SpecModel};
use paxos_playground::paxos::Rules;
use paxos_playground::sim::{Action, Config, Settings};
use serde_json::{json, Value};
use std::process::ExitCode;

// The search makes and frees millions of small allocations (cloned states, packed bytes);
// glibc's allocator spent over half of the run in malloc and free, mimalloc far less.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::time::Instant;

const USAGE: &str = "usage:
  paxos-check spec [--acceptors N] [--values V] [--max-ballot B] [--bfs|--dfs] [--max-states N]
  paxos-check playground [--acceptors N] [--proposers P] [--rounds R] [--loss] [--duplicate]
                         [--crash | --crashes K] [--bug NAME]... [--q1 K] [--q2 K] [--symmetry]
                         [--bfs|--dfs] [--max-states N]
bugs: ignore-accepted, round-only-numbers, forget-on-crash, minority-promises, accept-below-promise";

const VALUES: [&str; 5] = ["Hello", "World", "Paxos", "Lamport", "Quorum"];

/// The command line, read into named options.
struct Args {
    model: String,
    numbers: Vec<(String, u64)>,
    flags: Vec<String>,
    bugs: Vec<String>,
}

impl Args {
    fn parse(raw: Vec<String>) -> Result<Args, String> {
        let mut raw = raw.into_iter();
        let model = raw.next().ok_or("say which model: spec or playground")?;
        if model != "spec" && model != "playground" {
            return Err(format!("the model is spec or playground, not {model:?}"));
        }
        let numeric = [
            "--acceptors",
            "--values",
            "--max-ballot",
            "--proposers",
            "--rounds",
            "--crashes",
            "--q1",
            "--q2",
            "--max-states",
        ];
        let boolean = [
            "--bfs",
            "--dfs",
            "--loss",
            "--duplicate",
            "--crash",
            "--symmetry",
        ];
        let mut args = Args {
            model,
            numbers: Vec::new(),
            flags: Vec::new(),
            bugs: Vec::new(),
        };
        while let Some(option) = raw.next() {
            if option == "--bug" {
                let name = raw.next().ok_or("--bug needs a name")?;
                Rules::default().enable(&name)?;
                args.bugs.push(name);
            } else if numeric.contains(&option.as_str()) {
                let text = raw.next().ok_or(format!("{option} needs a number"))?;
                let number = text
                    .parse()
                    .map_err(|_| format!("{option} needs a whole number, not {text:?}"))?;
                args.numbers.push((option, number));
            } else if boolean.contains(&option.as_str()) {
                args.flags.push(option);
            } else {
                return Err(format!("unknown option {option:?}"));
            }
        }
        if args.flag("--bfs") && args.flag("--dfs") {
            return Err("choose one of --bfs and --dfs".to_string());
        }
        Ok(args)
    }

    fn number(
        &self,
        name: &str,
        default: u64,
        range: std::ops::RangeInclusive<u64>,
    ) -> Result<u64, String> {
        let value = self
            .numbers
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map_or(default, |(_, v)| *v);
        if range.contains(&value) {
            Ok(value)
        } else {
            Err(format!(
                "{name} must be {} to {}, not {value}",
                range.start(),
                range.end()
            ))
        }
    }

    fn flag(&self, name: &str) -> bool {
        self.flags.iter().any(|f| f == name)
    }

    fn strategy(&self) -> Strategy {
        if self.flag("--dfs") {
            Strategy::Dfs
        } else {
            Strategy::Bfs
        }
    }

    /// Options that belong to the other model are a mistake worth saying.
    fn refuse(&self, names: &[&str]) -> Result<(), String> {
        for name in names {
            if self.flag(name)
                || self.numbers.iter().any(|(n, _)| n == name)
                || (*name == "--bug" && !self.bugs.is_empty())
            {
                return Err(format!(
                    "{name} is not an option of the {} model",
                    self.model
                ));
            }
        }
        Ok(())
    }
}

/// Runs the search and builds the JSON report.
fn run<M: Model>(
    model: &M,
    strategy: Strategy,
    max_states: usize,
    describe: impl Fn(&M::Action) -> String,
) -> (Report<M::Action>, Value) {
    let started = Instant::now();
    let report = explore(
        model,
        Options {
            strategy,
            max_states,
            ..Options::default()
        },
    );
    let seconds = started.elapsed().as_secs_f64();
    let p = report.progress;
    let violation = report.violation();
    let verdict = match (&report.outcome, violation) {
        (_, Some(v)) => format!("violation of {}", v.name),
        (Outcome::Complete, None) => "no violation".to_string(),
        (Outcome::StateLimit, None) => {
            "no violation within the state limit (search cut)".to_string()
        }
        (Outcome::Cancelled, None) => "cancelled".to_string(),
        (Outcome::Violation, None) => unreachable!("a violation outcome has a finding"),
    };
    let sometimes: Vec<Value> = report
        .findings
        .iter()
        .filter(|f| f.expectation == paxos_playground::check::explore::Expectation::Sometimes)
        .map(|f| json!({ "property": f.name, "found": f.path.is_some() }))
        .collect();
    let json = json!({
        "distinct_states": p.distinct_states,
        "generated_states": p.generated_states,
        "depth": p.depth,
        "seconds": (seconds * 1000.0).round() / 1000.0,
        "states_per_sec": (p.distinct_states as f64 / seconds.max(1e-9)).round(),
        "verdict": verdict,
        "sometimes": sometimes,
        "counterexample": violation.and_then(|v| v.path.as_ref()).map(|path| path.iter().map(&describe).collect::<Vec<_>>()),
    });
    (report, json)
}

fn spec(args: &Args) -> Result<(Value, bool), String> {
    args.refuse(&[
        "--proposers",
        "--rounds",
        "--loss",
        "--duplicate",
        "--crash",
        "--crashes",
        "--bug",
        "--q1",
        "--q2",
        "--symmetry",
    ])?;
    let config = SpecConfig {
        acceptors: args.number("--acceptors", 3, 1..=8)? as usize,
        values: args.number("--values", 2, 1..=7)? as usize,
        max_ballot: args.number("--max-ballot", 2, 0..=255)? as u8,
    };
    let model = SpecModel::new(config).map_err(|e| e.to_string())?;
    let max_states = args.number("--max-states", u64::MAX, 1..=u64::MAX)? as usize;
    let (report, mut json) = run(&model, args.strategy(), max_states, |a| a.to_string());
    let mut out = json!({
        "model": "spec",
        "options": {
            "acceptors": config.acceptors,
            "values": config.values,
            "max_ballot": config.max_ballot,
            "strategy": format!("{:?}", args.strategy()).to_lowercase(),
        },
    });
    merge(&mut out, &mut json);
    Ok((out, report.violation().is_some()))
}

fn playground(args: &Args) -> Result<(Value, bool), String> {
    args.refuse(&["--values", "--max-ballot"])?;
    let acceptors = args.number("--acceptors", 3, 1..=9)? as usize;
    let proposers = args.number("--proposers", 2, 1..=5)? as usize;
    let mut rules = Rules::default();
    for bug in &args.bugs {
        rules.enable(bug)?;
    }
    let quorum = |name| -> Result<Option<u8>, String> {
        Ok(match args.numbers.iter().any(|(n, _)| n == name) {
            true => Some(args.number(name, 0, 1..=acceptors as u64)? as u8),
            false => None,
        })
    };
    rules.phase1_quorum = quorum("--q1")?;
    rules.phase2_quorum = quorum("--q2")?;
    let crashes = if args.numbers.iter().any(|(n, _)| n == "--crashes") {
        args.number("--crashes", 0, 0..=3)? as u8
    } else {
        u8::from(args.flag("--crash"))
    };
    let bounds = Bounds {
        rounds: args.number("--rounds", 2, 1..=5)? as u8,
        loss: args.flag("--loss"),
        duplicate: args.flag("--duplicate"),
        crashes,
        symmetry: args.flag("--symmetry"),
    };
    // The page's own cluster settings (proposers P, Q, ... that learn; acceptors A, B, ...),
    // each proposer proposing a value of its own.
    let settings = Settings {
        acceptors: acceptors as f64,
        proposers: proposers as f64,
        values: VALUES[..proposers].iter().map(|v| v.to_string()).collect(),
        separate_learners: false,
        delay_min: 1.0,
        delay_max: 1.0,
        loss_percent: 0.0,
        duplicate_percent: 0.0,
        retry_timeout: None,
        retry_backoff: 0.0,
    };
    let scenario = settings.scenario().map_err(|e| e.to_string())?;
    let config = Config {
        rules,
        ..scenario.config
    };
    let values: Vec<(String, String)> = scenario
        .setup
        .iter()
        .filter_map(|action| match action {
            Action::Propose { node, value } => Some((node.clone(), value.clone())),
            _ => None,
        })
        .collect();
    // Packed: the same states, stored as compact bytes (see check::packed).
    let model =
        Packed::new(PlaygroundModel::new(&config, &values, bounds).map_err(|e| e.to_string())?);
    let max_states = args.number("--max-states", u64::MAX, 1..=u64::MAX)? as usize;
    let (report, mut json) = run(&model, args.strategy(), max_states, |a| {
        model.inner().describe(a)
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
            "strategy": format!("{:?}", args.strategy()).to_lowercase(),
        },
    });
    merge(&mut out, &mut json);
    Ok((out, report.violation().is_some()))
}

/// Moves the fields of `from` into the object `into`, after its own.
fn merge(into: &mut Value, from: &mut Value) {
    if let (Some(into), Some(from)) = (into.as_object_mut(), from.as_object_mut()) {
        into.append(from);
    }
}

fn main() -> ExitCode {
    let result = Args::parse(std::env::args().skip(1).collect()).and_then(|args| {
        match args.model.as_str() {
            "spec" => spec(&args),
            _ => playground(&args),
        }
    });
    match result {
        Ok((json, violated)) => {
            println!("{}", serde_json::to_string_pretty(&json).expect("JSON"));
            if violated {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(error) => {
            eprintln!("paxos-check: {error}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
