//! The fuzz target over the simulation's public API and the shared-run decoders: a byte string
//! is read as a sequence of operations (actions with valid and invalid ids, crashed and unknown
//! nodes, huge, empty, non-ASCII and control-character values, clock moves, seeks, resets, new
//! starts from hostile settings, and shared runs as random bytes, random text or a mutated
//! copy of the current run), each applied the way the page applies it, each checked:
//!
//! - nothing panics (the caller runs [`fuzz_one`] under `catch_unwind` or a test harness);
//! - a refused operation leaves the simulation exactly as it was (same run text, cursor, log
//!   and page state), and its error names the problem (the unknown node or message, the value,
//!   the run) in a bounded number of characters, however large the input was;
//! - an accepted operation keeps every safety invariant (the rules are correct Paxos), and a
//!   run loaded from text re-encodes to text that loads as the same run.
//!
//! Reading operations from bytes (with the `arbitrary` crate, as cargo-fuzz targets do) lets
//! any byte source drive it: `tests/fuzz.rs` gives proptest's byte vectors (which it shrinks
//! to a small failing case), the benchmark (`src/bin/bench.rs`) a million operations of
//! seeded random bytes, and a libFuzzer harness could give its corpus unchanged.

use super::check_safety;
use crate::json::to_json;
use crate::sim::{
    base64, Action, Run, RunFile, Scenario, Settings, SimError, Timeline, MAX_TIME, MAX_VALUE_CHARS,
};
use crate::view;
use arbitrary::Unstructured;
use std::collections::BTreeMap;

/// The most characters an error message may have, whatever the size of the input it names.
pub const MAX_ERROR_CHARS: usize = 400;

/// What a fuzz run did: operations by kind, accepted and refused, and the refusals by error.
/// The "sometimes" side of the fuzz's "always": a run that refuses everything, or accepts
/// everything, tests little.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FuzzTally {
    /// Operations applied.
    pub operations: u64,
    /// Operations accepted, by kind.
    pub accepted: BTreeMap<&'static str, u64>,
    /// Operations refused, by the error's kind.
    pub refused: BTreeMap<&'static str, u64>,
    /// Operations that were accepted while the cursor was in the past, forking the run.
    pub forks: u64,
    /// Simulation steps taken (deliveries and retries) by accepted operations.
    pub steps: u64,
    /// Operations after which some value was chosen.
    pub chosen: u64,
}

impl FuzzTally {
    /// Operations accepted, of every kind.
    pub fn accepted_total(&self) -> u64 {
        self.accepted.values().sum()
    }

    /// Operations refused, of every kind.
    pub fn refused_total(&self) -> u64 {
        self.refused.values().sum()
    }

    /// Adds another run's tally to this one.
    pub fn add(&mut self, other: &FuzzTally) {
        self.operations += other.operations;
        for (kind, n) in &other.accepted {
            *self.accepted.entry(kind).or_default() += n;
        }
        for (kind, n) in &other.refused {
            *self.refused.entry(kind).or_default() += n;
        }
        self.forks += other.forks;
        self.steps += other.steps;
        self.chosen += other.chosen;
    }
}

/// A broken property: which, and the operation that broke it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FuzzFailure {
    /// The property, in words.
    pub property: String,
    /// The operation, as `Debug` writes it (long strings shortened).
    pub operation: String,
    /// Operations applied before it.
    pub index: u64,
}

impl std::fmt::Display for FuzzFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "operation {} ({}): {}",
            self.index + 1,
            self.operation,
            self.property
        )
    }
}

/// One operation of the page on a playground.
#[derive(Clone, Debug)]
enum Operation {
    /// An action at the current time (`Timeline::apply`).
    Act(Action),
    /// An action at a given logical time (`Timeline::apply_at`, the page's `at` argument).
    ActAt(u64, Action),
    /// The timeline scrubber.
    Seek(usize),
    /// Step back.
    Back,
    /// Step forward along the recorded run.
    Forward,
    /// A click on an event of the diagram.
    SeekStep(u64),
    /// Reset to the start.
    Reset,
    /// A new start from a built-in scenario's name.
    Scenario(String, u64),
    /// A new start from the settings form.
    Settings(Box<Settings>, u64),
    /// A shared run from a URL fragment.
    RunText(String),
    /// A run file, as JSON text.
    RunFile(String),
}

impl Operation {
    /// The kind, for the tally.
    fn kind(&self) -> &'static str {
        match self {
            Operation::Act(action) | Operation::ActAt(_, action) => action_kind(action),
            Operation::Seek(_) => "seek",
            Operation::Back => "back",
            Operation::Forward => "forward",
            Operation::SeekStep(_) => "seek step",
            Operation::Reset => "reset",
            Operation::Scenario(..) => "scenario",
            Operation::Settings(..) => "settings",
            Operation::RunText(_) => "run text",
            Operation::RunFile(_) => "run file",
        }
    }

    /// `Debug` with long strings shortened, for a failure report.
    fn describe(&self) -> String {
        let text = format!("{self:?}");
        if text.chars().count() <= 300 {
            return text;
        }
        let head: String = text.chars().take(300).collect();
        format!("{head}… ({} characters)", text.chars().count())
    }
}

fn action_kind(action: &Action) -> &'static str {
    match action {
        Action::Propose { .. } => "propose",
        Action::Step => "step",
        Action::AdvanceTo { .. } => "advance",
        Action::Deliver { .. } => "deliver",
        Action::Drop { .. } => "drop",
        Action::Crash { .. } => "crash",
        Action::Restart { .. } => "restart",
        Action::Duplicate { .. } => "duplicate",
        Action::Hold { .. } => "hold",
        Action::Release { .. } => "release",
        Action::Cut { .. } => "cut",
        Action::Heal { .. } => "heal",
        Action::Partition { .. } => "partition",
        Action::HealAll => "heal all",
    }
}

fn error_kind(error: &SimError) -> &'static str {
    match error {
        SimError::UnknownNode { .. } => "unknown node",
        SimError::NotAProposer { .. } => "not a proposer",
        SimError::NodeDown { .. } => "node down",
        SimError::AlreadyDown { .. } => "already down",
        SimError::AlreadyUp { .. } => "already up",
        SimError::UnknownMessage { .. } => "unknown message",
        SimError::EmptyValue => "empty value",
        SimError::ValueTooLong { .. } => "value too long",
        SimError::ValueHasControlCharacter => "control character",
        SimError::RoundsExhausted { .. } => "rounds exhausted",
        SimError::UnknownScenario { .. } => "unknown scenario",
        SimError::AlreadyHeld { .. } => "already held",
        SimError::NotHeld { .. } => "not held",
        SimError::SelfLink { .. } => "self link",
        SimError::LinkAlreadyCut { .. } => "link already cut",
        SimError::LinkNotCut { .. } => "link not cut",
        SimError::NothingCut => "nothing cut",
        SimError::NetworkFull { .. } => "network full",
        SimError::BadPartition { .. } => "bad partition",
        SimError::NoSuchStep { .. } => "no such step",
        SimError::BadRun { .. } => "bad run",
        SimError::BadConfig { .. } => "bad config",
    }
}

/// Everything of a playground that a refused operation must leave as it was.
#[derive(PartialEq, Eq)]
struct Fingerprint {
    run: String,
    state: String,
    log_len: usize,
}

impl Fingerprint {
    fn of(playground: &Playground) -> Fingerprint {
        Fingerprint {
            run: Run::of(&playground.timeline).encode(),
            state: to_json(&view::state(&playground.timeline)),
            log_len: playground.timeline.world().log().len(),
        }
    }
}

/// A playground as the facade holds it: where Reset goes, and the run.
struct Playground {
    start: Scenario,
    seed: u64,
    timeline: Timeline,
}

impl Playground {
    fn new(start: Scenario, seed: u64) -> Result<Playground, SimError> {
        let timeline = Timeline::from_scenario(&start, seed)?;
        Ok(Playground {
            start,
            seed,
            timeline,
        })
    }

    fn replaying(run: Run) -> Result<Playground, SimError> {
        let timeline = run.replay()?;
        let start = Scenario {
            name: "shared",
            title: "A shared run",
            description: "A run loaded from a link or a file.",
            config: run.config,
            setup: Vec::new(),
        };
        Ok(Playground {
            start,
            seed: run.seed,
            timeline,
        })
    }
}

/// Runs the operations that `data` encodes (at most `max_operations`) on a playground of a
/// built-in scenario, checking every property of the module comment. Returns what was done, or
/// the first property broken.
pub fn fuzz_one(data: &[u8], max_operations: u64) -> Result<FuzzTally, FuzzFailure> {
    let mut u = Unstructured::new(data);
    let scenarios = Scenario::all();
    let first = scenarios[pick(&mut u, scenarios.len())].clone();
    let seed = seed(&mut u);
    let mut playground = Playground::new(first, seed).expect("a built-in scenario starts");
    let mut tally = FuzzTally::default();
    while tally.operations < max_operations && !u.is_empty() {
        let operation = operation(&mut u, &playground);
        let index = tally.operations;
        let fail = |property: String| FuzzFailure {
            property,
            operation: operation.describe(),
            index,
        };
        let before = Fingerprint::of(&playground);
        let steps_before = playground.timeline.world().steps();
        tally.operations += 1;
        match apply(&mut playground, &operation) {
            Ok(forked) => {
                *tally.accepted.entry(operation.kind()).or_default() += 1;
                tally.forks += u64::from(forked);
                tally.steps += playground
                    .timeline
                    .world()
                    .steps()
                    .saturating_sub(steps_before);
                check_safety(playground.timeline.world()).map_err(|violation| {
                    fail(format!("safety broken under correct Paxos: {violation:?}"))
                })?;
                if playground.timeline.world().chosen().is_some() {
                    tally.chosen += 1;
                }
                if let Operation::RunText(text) = &operation {
                    // The link the page writes back names the same run (not always the same
                    // text: the decoder accepts overlong varints, as postcard does).
                    let again = Run::of(&playground.timeline);
                    if Run::decode(&again.encode()).ok() != Run::decode(text).ok() {
                        return Err(fail(format!(
                            "a loaded run re-encodes to another run: {}",
                            shorten(&again.encode())
                        )));
                    }
                }
            }
            Err(error) => {
                *tally.refused.entry(error_kind(&error)).or_default() += 1;
                if Fingerprint::of(&playground) != before {
                    return Err(fail(format!(
                        "refused ({error}) but the simulation changed"
                    )));
                }
                names_the_problem(&operation, &error).map_err(fail)?;
            }
        }
    }
    Ok(tally)
}

/// Applies `operation` as the facade does: all or nothing. Ok(true) when it forked the run.
fn apply(playground: &mut Playground, operation: &Operation) -> Result<bool, SimError> {
    let timeline = &mut playground.timeline;
    match operation {
        Operation::Act(action) => timeline.apply(action),
        Operation::ActAt(time, action) => timeline.apply_at(*time, action),
        Operation::Seek(position) => {
            timeline.seek(*position);
            Ok(false)
        }
        Operation::Back => {
            timeline.back();
            Ok(false)
        }
        Operation::Forward => {
            timeline.forward();
            Ok(false)
        }
        Operation::SeekStep(step) => {
            timeline.seek_step(*step)?;
            Ok(false)
        }
        Operation::Reset => {
            *timeline = Timeline::from_scenario(&playground.start, playground.seed)?;
            Ok(false)
        }
        Operation::Scenario(name, seed) => {
            *playground = Playground::new(Scenario::named(name)?, *seed)?;
            Ok(false)
        }
        Operation::Settings(settings, seed) => {
            *playground = Playground::new(settings.scenario()?, *seed)?;
            Ok(false)
        }
        Operation::RunText(text) => {
            *playground = Playground::replaying(Run::decode(text)?)?;
            Ok(false)
        }
        Operation::RunFile(json) => {
            let file: RunFile = serde_json::from_str(json).map_err(|e| SimError::BadRun {
                reason: format!("it is not a run file ({e})"),
            })?;
            *playground = Playground::replaying(file.into_run()?)?;
            Ok(false)
        }
    }
}

/// Whether `error`'s message names what was wrong with `operation`, briefly.
fn names_the_problem(operation: &Operation, error: &SimError) -> Result<(), String> {
    let message = error.to_string();
    let chars = message.chars().count();
    if chars == 0 || chars > MAX_ERROR_CHARS {
        return Err(format!(
            "an error of {chars} characters (1 to {MAX_ERROR_CHARS} allowed): {}",
            shorten(&message)
        ));
    }
    let mentions = |needle: &str| -> Result<(), String> {
        if message.contains(needle) {
            Ok(())
        } else {
            Err(format!("the error {message:?} does not mention {needle:?}"))
        }
    };
    match error {
        SimError::UnknownNode { given, .. } => mentions(&shorten(given)),
        SimError::UnknownMessage { id, .. }
        | SimError::AlreadyHeld { id }
        | SimError::NotHeld { id } => mentions(&format!("#{id}")),
        SimError::EmptyValue | SimError::ValueTooLong { .. } => mentions("value"),
        SimError::ValueHasControlCharacter => mentions("control character"),
        SimError::NodeDown { node }
        | SimError::AlreadyDown { node }
        | SimError::AlreadyUp { node }
        | SimError::NotAProposer { node, .. }
        | SimError::RoundsExhausted { node }
        | SimError::SelfLink { node } => mentions(node),
        SimError::LinkAlreadyCut { from, to } | SimError::LinkNotCut { from, to } => {
            mentions(&format!("{from} → {to}"))
        }
        SimError::UnknownScenario { given, .. } => mentions(&shorten(given)),
        SimError::NothingCut => mentions("no link is cut"),
        SimError::NetworkFull { .. } => mentions("network"),
        SimError::BadPartition { .. } => mentions("partition"),
        SimError::NoSuchStep { step, .. } => mentions(&format!("step {step}")),
        SimError::BadRun { .. } => match operation {
            Operation::RunText(_) | Operation::RunFile(_) => mentions("run"),
            other => Err(format!("{} refused as a bad run: {message}", other.kind())),
        },
        SimError::BadConfig { .. } => match operation {
            Operation::Settings(..) | Operation::RunText(_) | Operation::RunFile(_) => {
                mentions("cluster")
            }
            other => Err(format!(
                "{} refused as a bad cluster: {message}",
                other.kind()
            )),
        },
    }
}

/// `text` quoted as the errors quote a name they were given (see [`SimError`]'s Display).
fn shorten(text: &str) -> String {
    crate::sim::quoted(text)
}

/// A whole number below `n` (n > 0); 0 once the data runs out.
fn pick(u: &mut Unstructured<'_>, n: usize) -> usize {
    u.choose_index(n).unwrap_or(0)
}

fn seed(u: &mut Unstructured<'_>) -> u64 {
    match pick(u, 4) {
        0 => 1,
        1 => u64::MAX,
        _ => u.arbitrary().unwrap_or(0),
    }
}

/// The next operation: mostly actions a user could take, with a share of hostile ones.
fn operation(u: &mut Unstructured<'_>, playground: &Playground) -> Operation {
    match pick(u, 100) {
        0..=69 => Operation::Act(action(u, playground)),
        70..=79 => Operation::ActAt(time(u, playground), action(u, playground)),
        80..=82 => Operation::Seek(match pick(u, 3) {
            0 => usize::MAX,
            _ => pick(u, playground.timeline.actions().len() + 2),
        }),
        83 => Operation::Back,
        84 => Operation::Forward,
        85 => Operation::SeekStep(match pick(u, 3) {
            0 => u.arbitrary().unwrap_or(0),
            _ => pick(u, playground.timeline.world().steps() as usize + 2) as u64,
        }),
        86..=87 => Operation::Reset,
        88 => Operation::Scenario(scenario_name(u), seed(u)),
        89 => Operation::Settings(Box::new(settings(u)), seed(u)),
        90..=95 => Operation::RunText(run_text(u, playground)),
        _ => Operation::RunFile(run_file(u, playground)),
    }
}

/// A logical time: now, soon, long ago, the end of time or any.
fn time(u: &mut Unstructured<'_>, playground: &Playground) -> u64 {
    let now = playground.timeline.world().now();
    match pick(u, 5) {
        0 => now.saturating_sub(pick(u, 10) as u64),
        1 => now + pick(u, 10) as u64,
        2 => MAX_TIME,
        3 => u64::MAX,
        _ => u.arbitrary().unwrap_or(0),
    }
}

fn action(u: &mut Unstructured<'_>, playground: &Playground) -> Action {
    match pick(u, 14) {
        0..=1 => Action::Propose {
            node: node(u, playground),
            value: value(u),
        },
        2..=4 => Action::Step,
        5 => Action::AdvanceTo {
            time: time(u, playground),
        },
        6 => Action::Deliver {
            id: message(u, playground),
        },
        7 => Action::Drop {
            id: message(u, playground),
        },
        8 => Action::Crash {
            node: node(u, playground),
        },
        9 => Action::Restart {
            node: node(u, playground),
        },
        10 => match pick(u, 3) {
            0 => Action::Duplicate {
                id: message(u, playground),
            },
            1 => Action::Hold {
                id: message(u, playground),
            },
            _ => Action::Release {
                id: message(u, playground),
            },
        },
        11 => match pick(u, 2) {
            0 => Action::Cut {
                from: node(u, playground),
                to: node(u, playground),
            },
            _ => Action::Heal {
                from: node(u, playground),
                to: node(u, playground),
            },
        },
        12 => Action::Partition {
            groups: match pick(u, 2) {
                0 => split(u, playground),
                _ => (0..pick(u, 4))
                    .map(|_| (0..pick(u, 5)).map(|_| node(u, playground)).collect())
                    .collect(),
            },
        },
        _ => Action::HealAll,
    }
}

/// A node's name: mostly one that exists (crashed or not), else a hostile string.
fn node(u: &mut Unstructured<'_>, playground: &Playground) -> String {
    let names = &playground.timeline.world().names().0;
    match pick(u, 10) {
        0..=7 => names[pick(u, names.len())].clone(),
        _ => hostile_text(u),
    }
}

/// Every node in one of two or three groups (a valid partition if no group is empty).
fn split(u: &mut Unstructured<'_>, playground: &Playground) -> Vec<Vec<String>> {
    let mut groups = vec![Vec::new(); 2 + pick(u, 2)];
    for name in &playground.timeline.world().names().0 {
        let group = pick(u, groups.len());
        groups[group].push(name.clone());
    }
    groups
}

/// A value: mostly a short one, else empty, blank, too long, non-ASCII or with a control
/// character.
fn value(u: &mut Unstructured<'_>) -> String {
    const VALUES: [&str; 6] = ["Hello", "World", "Paxos", "é", "値 ✓", "<b>x</b>"];
    match pick(u, 10) {
        0..=6 => VALUES[pick(u, VALUES.len())].to_string(),
        _ => hostile_text(u),
    }
}

/// Text a user, a link or a file could carry: empty, blank, markup, non-ASCII, control
/// characters, one character past the limit, a megabyte, or arbitrary.
fn hostile_text(u: &mut Unstructured<'_>) -> String {
    match pick(u, 9) {
        0 => String::new(),
        1 => " \t ".to_string(),
        2 => "<img src=x onerror=alert(1)>".to_string(),
        3 => "\u{202e}🦀 Ünïcödé \u{0}".to_string(),
        4 => "a\nb".to_string(),
        5 => "x".repeat(MAX_VALUE_CHARS + 1),
        6 => "é".repeat(if pick(u, 8) == 0 { 1_000_000 } else { 10_000 }),
        _ => u.arbitrary().unwrap_or_default(),
    }
}

/// A message id: mostly one in flight (held or not), else one just delivered, 0, the largest
/// JavaScript integer, the largest u64 or any.
fn message(u: &mut Unstructured<'_>, playground: &Playground) -> u64 {
    let in_flight: Vec<u64> = playground
        .timeline
        .world()
        .network()
        .in_flight()
        .iter()
        .map(|e| e.id)
        .collect();
    match pick(u, 10) {
        0..=5 if !in_flight.is_empty() => in_flight[pick(u, in_flight.len())],
        0..=6 => pick(u, 64) as u64,
        7 => 0,
        8 => (1 << 53) - 1,
        _ => match pick(u, 2) {
            0 => u64::MAX,
            _ => u.arbitrary().unwrap_or(0),
        },
    }
}

fn scenario_name(u: &mut Unstructured<'_>) -> String {
    let scenarios = Scenario::all();
    match pick(u, 3) {
        0 => hostile_text(u),
        _ => scenarios[pick(u, scenarios.len())].name.to_string(),
    }
}

/// The settings form: half the time as a user fills it in, else with hostile numbers and
/// values (most of which the form refuses).
fn settings(u: &mut Unstructured<'_>) -> Settings {
    if pick(u, 2) == 0 {
        let proposers = 1 + pick(u, 5);
        let delay_min = 1 + pick(u, 5) as u64;
        let retries = pick(u, 2) == 0;
        return Settings {
            acceptors: 1 + pick(u, 9),
            proposers,
            values: (0..proposers).map(|_| value(u)).collect(),
            separate_learners: !retries && pick(u, 2) == 0,
            delay_min,
            delay_max: delay_min + pick(u, 6) as u64,
            loss_percent: pick(u, 51) as u8,
            duplicate_percent: pick(u, 51) as u8,
            retry_timeout: retries.then(|| 5 + pick(u, 36) as u64),
            retry_backoff: pick(u, 21) as u64,
        };
    }
    let small = |u: &mut Unstructured<'_>, n: usize| -> usize {
        match pick(u, 6) {
            0 => usize::MAX,
            1 => 0,
            _ => pick(u, n + 1),
        }
    };
    let ticks = |u: &mut Unstructured<'_>| -> u64 {
        match pick(u, 6) {
            0 => u64::MAX,
            1 => 0,
            _ => pick(u, 210) as u64,
        }
    };
    let proposers = small(u, 6);
    let values = (0..proposers.min(7) + pick(u, 2))
        .map(|_| value(u))
        .collect();
    Settings {
        acceptors: small(u, 10),
        proposers,
        values,
        separate_learners: pick(u, 2) == 0,
        delay_min: ticks(u),
        delay_max: ticks(u),
        loss_percent: u.arbitrary().unwrap_or(0),
        duplicate_percent: u.arbitrary().unwrap_or(0),
        retry_timeout: if pick(u, 2) == 0 {
            None
        } else {
            Some(ticks(u))
        },
        retry_backoff: ticks(u),
    }
}

/// A shared run's text: the current run itself, mutated (a byte of its payload changed,
/// dropped or added; the text cut short; another version) or garbage.
fn run_text(u: &mut Unstructured<'_>, playground: &Playground) -> String {
    let text = Run::of(&playground.timeline).encode();
    let (prefix, payload) = text.split_once('.').expect("a run has a version");
    let mut bytes = base64::decode(payload).expect("a run's own payload decodes");
    match pick(u, 9) {
        0 => text,
        1..=3 if !bytes.is_empty() => {
            let at = pick(u, bytes.len());
            match pick(u, 3) {
                0 => bytes[at] = u.arbitrary().unwrap_or(0xff),
                1 => {
                    bytes.remove(at);
                }
                _ => bytes.insert(at, u.arbitrary().unwrap_or(0x80)),
            }
            format!("{prefix}.{}", base64::encode(&bytes))
        }
        4 => text[..pick(u, text.len() + 1)].to_string(),
        5 => format!("v{}.{payload}", pick(u, 4)),
        6 => {
            let random: Vec<u8> = u.arbitrary().unwrap_or_default();
            format!("v2.{}", base64::encode(&random))
        }
        7 => format!("{text}{}", hostile_text(u)),
        _ => hostile_text(u),
    }
}

/// A run file's JSON: the current run's file, with a field changed or removed, or garbage.
fn run_file(u: &mut Unstructured<'_>, playground: &Playground) -> String {
    let file = RunFile::new(Run::of(&playground.timeline));
    let mut json = serde_json::to_value(&file).expect("a run file is JSON");
    match pick(u, 8) {
        0 => {}
        1 => json["format"] = serde_json::Value::String(hostile_text(u)),
        2 => json["version"] = serde_json::json!(u.arbitrary::<i64>().unwrap_or(-1)),
        3 => json["run"]["seed"] = serde_json::json!(-1.5),
        4 => json["run"]["position"] = serde_json::json!(u.arbitrary::<u64>().unwrap_or(0)),
        5 => json["run"]["config"]["nodes"] = serde_json::json!([]),
        6 => {
            if let Some(run) = json.get_mut("run").and_then(|r| r.as_object_mut()) {
                run.remove("actions");
            }
        }
        _ => return hostile_text(u),
    }
    json.to_string()
}
