//! The fuzz target over the simulation's public API and the shared-run decoders: a byte string
//! is read as a sequence of operations on a [`Session`] (the type the wasm facade holds):
//! actions with valid and invalid ids, crashed and unknown nodes, huge, empty, non-ASCII,
//! escape-heavy and control-character values, partitions typed as text, a flooded network,
//! clock moves, seeks, resets, other rules and seeds, new starts from hostile settings, and
//! shared runs as random bytes, random text or a mutated copy of the current run or its file.
//! Each is applied the way the page applies it and checked:
//!
//! - nothing panics (the caller runs [`fuzz_one`] under `catch_unwind` or a test harness);
//! - a refused operation leaves the session exactly as it was (run text, page state, log,
//!   start and seed), its error is about what the operation gave (the same node, message id,
//!   value, step, scenario name; checked against the operation, not the error's own fields)
//!   and its message names it in at most [`MAX_ERROR_CHARS`] characters, however large the
//!   input;
//! - an accepted operation keeps every safety invariant while the rules are correct Paxos, and
//!   a run loaded from text or a file is shown as exactly that run, whose link loads as it.
//!
//! Reading operations from bytes (with the `arbitrary` crate, as cargo-fuzz targets do) lets
//! any byte source drive it: `tests/it/fuzz.rs` gives proptest's byte vectors (which it shrinks
//! to a small failing case), the fuzz command (`src/bin/fuzz.rs`) a million operations of
//! seeded random bytes, and a libFuzzer harness could give its corpus unchanged.

use crate::check::check_safety;
use crate::paxos::Rules;
use crate::sim::{
    number_text, parse_groups, quoted, Action, Run, RunFile, Scenario, Session, Settings, SimError,
    MAX_ERROR_CHARS, MAX_IN_FLIGHT, MAX_TIME, MAX_VALUE_CHARS,
};
use crate::view;
use arbitrary::Unstructured;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use std::collections::BTreeMap;

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
    /// Duplicates of a message in flight until the network is full (then a duplicate is
    /// refused with "network full").
    Flood,
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
    /// The same start and seed under other rules (Break Paxos, quorums).
    Rules(Rules),
    /// The same start with another seed.
    Reseed(u64),
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
            Operation::Flood => "flood",
            Operation::Seek(_) => "seek",
            Operation::Back => "back",
            Operation::Forward => "forward",
            Operation::SeekStep(_) => "seek step",
            Operation::Reset => "reset",
            Operation::Rules(_) => "rules",
            Operation::Reseed(_) => "reseed",
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
        SimError::SetupRefused { .. } => "setup refused",
        SimError::BadRun { .. } => "bad run",
        SimError::BadConfig { .. } => "bad config",
        SimError::BadField { .. } => "bad field",
    }
}

/// Everything of a session that a refused operation must leave as it was: the run, what the
/// page shows, the log, and where Reset goes.
#[derive(PartialEq, Eq)]
struct Fingerprint {
    run: String,
    state: String,
    log_len: usize,
    start: String,
    seed: u64,
}

impl Fingerprint {
    fn of(session: &Session) -> Fingerprint {
        let timeline = session.timeline();
        Fingerprint {
            run: Run::of(timeline).encode(),
            state: serde_json::to_string(&view::state(timeline)).expect("a view is JSON"),
            log_len: timeline.world().log().len(),
            start: format!("{:?}", session.start()),
            seed: session.seed(),
        }
    }
}

/// Runs the operations that `data` encodes (at most `max_operations`) on a session of a
/// built-in scenario, checking every property of the module comment. Returns what was done, or
/// the first property broken.
pub fn fuzz_one(data: &[u8], max_operations: u64) -> Result<FuzzTally, FuzzFailure> {
    let mut u = Unstructured::new(data);
    let scenarios = Scenario::all();
    let first = scenarios[pick(&mut u, scenarios.len())].clone();
    let seed = seed(&mut u);
    let mut session = Session::new(first, seed).expect("a built-in scenario starts");
    let mut tally = FuzzTally::default();
    while tally.operations < max_operations && !u.is_empty() {
        let operation = operation(&mut u, &session);
        let index = tally.operations;
        let fail = |property: String| FuzzFailure {
            property,
            operation: operation.describe(),
            index,
        };
        let before = Fingerprint::of(&session);
        let steps_before = session.timeline().world().steps();
        tally.operations += 1;
        match apply(&mut session, &operation) {
            Ok(forked) => {
                *tally.accepted.entry(operation.kind()).or_default() += 1;
                tally.forks += u64::from(forked);
                if let Operation::Act(_) | Operation::ActAt(..) = operation {
                    let steps = session.timeline().world().steps();
                    tally.steps += steps.saturating_sub(steps_before);
                }
                // Break Paxos rules are meant to break safety; correct Paxos never may.
                if session.timeline().config().rules == Rules::default() {
                    check_safety(session.timeline().world()).map_err(|violation| {
                        fail(format!("safety broken under correct Paxos: {violation:?}"))
                    })?;
                }
                if session.timeline().world().chosen().is_some() {
                    tally.chosen += 1;
                }
                loads_as_given(&operation, &session).map_err(fail)?;
            }
            Err(error) => {
                *tally.refused.entry(error_kind(&error)).or_default() += 1;
                if Fingerprint::of(&session) != before {
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
fn apply(session: &mut Session, operation: &Operation) -> Result<bool, SimError> {
    let timeline = session.timeline_mut();
    match operation {
        Operation::Act(action) => timeline.apply(action),
        Operation::ActAt(time, action) => timeline.apply_at(*time, action),
        Operation::Flood => {
            // Duplicates until the network carries all it may: the next duplicate is refused.
            let mut forked = false;
            while let Some(id) = timeline.world().network().in_flight().first().map(|e| e.id) {
                if timeline.world().network().in_flight().len() >= MAX_IN_FLIGHT {
                    break;
                }
                forked |= timeline.apply(&Action::Duplicate { id })?;
            }
            Ok(forked)
        }
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
            session.reset()?;
            Ok(false)
        }
        Operation::Rules(rules) => {
            *session = session.with_rules(*rules)?;
            Ok(false)
        }
        Operation::Reseed(seed) => {
            *session = session.reseeded(*seed)?;
            Ok(false)
        }
        Operation::Scenario(name, seed) => {
            *session = Session::new(Scenario::named(name)?, *seed)?;
            Ok(false)
        }
        Operation::Settings(settings, seed) => {
            *session = Session::new(settings.scenario()?, *seed)?;
            Ok(false)
        }
        Operation::RunText(text) => {
            *session = Session::replaying(Run::decode(text)?)?;
            Ok(false)
        }
        Operation::RunFile(json) => {
            *session = Session::replaying(read_run_file(json)?)?;
            Ok(false)
        }
    }
}

/// A run file's JSON text read through serde, as the page reads the parsed object (through
/// serde-wasm-bindgen; tests/web.rs sends it hostile files).
fn read_run_file(json: &str) -> Result<Run, SimError> {
    let file: RunFile = serde_json::from_str(json).map_err(|e| SimError::BadRun {
        reason: format!("it is not a run file ({e})"),
    })?;
    file.into_run()
}

/// After a run was loaded from text or a file: the session shows exactly that run, so the
/// link the page writes back names it (not always with the same text: the decoder accepts
/// overlong varints, as postcard does).
fn loads_as_given(operation: &Operation, session: &Session) -> Result<(), String> {
    let given = match operation {
        Operation::RunText(text) => Run::decode(text),
        Operation::RunFile(json) => read_run_file(json),
        _ => return Ok(()),
    };
    let shown = Run::of(session.timeline());
    if given.as_ref() != Ok(&shown) {
        return Err(format!(
            "a loaded run is shown as another run: {}",
            quoted(&shown.encode())
        ));
    }
    if Run::decode(&shown.encode()).as_ref() != Ok(&shown) {
        return Err("a loaded run's link does not load as the same run".to_string());
    }
    Ok(())
}

/// The action an operation takes, if it is one.
fn action_of(operation: &Operation) -> Option<&Action> {
    match operation {
        Operation::Act(action) | Operation::ActAt(_, action) => Some(action),
        _ => None,
    }
}

/// The node names an operation gives.
fn nodes_of(operation: &Operation) -> Vec<&str> {
    match action_of(operation) {
        Some(Action::Propose { node, .. } | Action::Crash { node } | Action::Restart { node }) => {
            vec![node]
        }
        Some(Action::Cut { from, to } | Action::Heal { from, to }) => vec![from, to],
        Some(Action::Partition { groups }) => groups.iter().flatten().map(String::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The message id an operation gives.
fn id_of(operation: &Operation) -> Option<u64> {
    match action_of(operation)? {
        Action::Deliver { id }
        | Action::Drop { id }
        | Action::Duplicate { id }
        | Action::Hold { id }
        | Action::Release { id } => Some(*id),
        _ => None,
    }
}

/// Whether `error` is about what `operation` gave (the same node, message, value, step or
/// scenario name, checked against the operation itself, not the error's own fields), and its
/// message names it in at most [`MAX_ERROR_CHARS`] characters.
fn names_the_problem(operation: &Operation, error: &SimError) -> Result<(), String> {
    let message = error.to_string();
    let chars = message.chars().count();
    if chars == 0 || chars > MAX_ERROR_CHARS {
        return Err(format!(
            "an error of {chars} characters (1 to {MAX_ERROR_CHARS} allowed): {}",
            quoted(&message)
        ));
    }
    let mentions = |needle: &str| -> Result<(), String> {
        if message.contains(needle) {
            Ok(())
        } else {
            Err(format!("the error {message:?} does not mention {needle:?}"))
        }
    };
    let about = |holds: bool| -> Result<(), String> {
        if holds {
            Ok(())
        } else {
            Err(format!(
                "the error {message:?} is not about what the operation gave"
            ))
        }
    };
    let nodes = nodes_of(operation);
    let action = action_of(operation);
    match error {
        SimError::UnknownNode { given, known } => {
            about(nodes.contains(&given.as_str()) && !known.contains(given))?;
            mentions(&quoted(given))
        }
        SimError::NodeDown { node }
        | SimError::AlreadyDown { node }
        | SimError::AlreadyUp { node }
        | SimError::NotAProposer { node, .. }
        | SimError::RoundsExhausted { node } => {
            about(nodes.first() == Some(&node.as_str()))?;
            mentions(node)
        }
        SimError::SelfLink { node } => {
            about(nodes == [node.as_str(), node.as_str()])?;
            mentions(node)
        }
        SimError::LinkAlreadyCut { from, to } | SimError::LinkNotCut { from, to } => {
            about(nodes == [from.as_str(), to.as_str()])?;
            mentions(&format!("{from} → {to}"))
        }
        SimError::UnknownMessage { id, in_flight } => {
            about(id_of(operation) == Some(*id) && !in_flight.contains(id))?;
            mentions(&format!("#{id}"))
        }
        SimError::AlreadyHeld { id } | SimError::NotHeld { id } => {
            about(id_of(operation) == Some(*id))?;
            mentions(&format!("#{id}"))
        }
        SimError::NetworkFull { max } => {
            about(matches!(action, Some(Action::Duplicate { .. })))?;
            mentions(&max.to_string())
        }
        SimError::EmptyValue => {
            about(
                matches!(action, Some(Action::Propose { value, .. }) if value.trim().is_empty()),
            )?;
            mentions("value is empty")
        }
        SimError::ValueTooLong { chars, .. } => {
            about(
                matches!(action, Some(Action::Propose { value, .. }) if value.chars().count() == *chars),
            )?;
            mentions(&chars.to_string())
        }
        SimError::ValueHasControlCharacter => {
            about(
                matches!(action, Some(Action::Propose { value, .. }) if value.chars().any(char::is_control)),
            )?;
            mentions("control character")
        }
        SimError::NothingCut => about(matches!(action, Some(Action::HealAll))),
        SimError::BadPartition { reason } => {
            about(matches!(action, Some(Action::Partition { .. })) && !reason.is_empty())
        }
        SimError::NoSuchStep { step, .. } => {
            about(matches!(operation, Operation::SeekStep(s) if s == step))?;
            mentions(&format!("step {step}"))
        }
        SimError::UnknownScenario { given, .. } => {
            about(matches!(operation, Operation::Scenario(name, _) if name == given))?;
            mentions(&quoted(given))
        }
        SimError::SetupRefused { reason, .. } => about(
            matches!(operation, Operation::Rules(_) | Operation::Reseed(_)) && !reason.is_empty(),
        ),
        SimError::BadRun { reason } => about(
            matches!(operation, Operation::RunText(_) | Operation::RunFile(_))
                && reason.trim().len() > 5,
        ),
        SimError::BadField { field, given, .. } => {
            about(matches!(operation, Operation::Settings(settings, _)
                if settings_field(settings, field).map(number_text).as_ref() == Some(given)))?;
            mentions(field)
        }
        SimError::BadConfig { reason } => about(
            matches!(
                operation,
                Operation::Settings(..)
                    | Operation::Rules(_)
                    | Operation::RunText(_)
                    | Operation::RunFile(_)
            ) && reason.trim().len() > 5,
        ),
    }
}

/// The number a settings field named as the page names it (`settings.acceptors`) holds.
fn settings_field(settings: &Settings, field: &str) -> Option<f64> {
    Some(match field.strip_prefix("settings.")? {
        "acceptors" => settings.acceptors,
        "proposers" => settings.proposers,
        "delayMin" => settings.delay_min,
        "delayMax" => settings.delay_max,
        "lossPercent" => settings.loss_percent,
        "duplicatePercent" => settings.duplicate_percent,
        "retryTimeout" => settings.retry_timeout?,
        "retryBackoff" => settings.retry_backoff,
        _ => return None,
    })
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
fn operation(u: &mut Unstructured<'_>, session: &Session) -> Operation {
    match pick(u, 100) {
        0..=68 => Operation::Act(action(u, session)),
        69 => Operation::Flood,
        70..=78 => Operation::ActAt(time(u, session), action(u, session)),
        79 => match pick(u, 2) {
            0 => Operation::Rules(rules(u)),
            _ => Operation::Reseed(seed(u)),
        },
        80..=82 => Operation::Seek(match pick(u, 3) {
            0 => usize::MAX,
            _ => pick(u, session.timeline().actions().len() + 2),
        }),
        83 => Operation::Back,
        84 => Operation::Forward,
        85 => Operation::SeekStep(match pick(u, 3) {
            0 => u.arbitrary().unwrap_or(0),
            _ => pick(u, session.timeline().world().steps() as usize + 2) as u64,
        }),
        86..=87 => Operation::Reset,
        88 => Operation::Scenario(scenario_name(u), seed(u)),
        89 => Operation::Settings(Box::new(settings(u)), seed(u)),
        90..=95 => Operation::RunText(run_text(u, session)),
        _ => Operation::RunFile(run_file(u, session)),
    }
}

/// Break Paxos rules: mostly correct Paxos or one switch, and quorums of any size (those
/// above the number of acceptors, or 0, are refused).
fn rules(u: &mut Unstructured<'_>) -> Rules {
    let mut rules = Rules::default();
    match pick(u, 8) {
        0 => rules.ignore_accepted_values = true,
        1 => rules.non_unique_numbers = true,
        2 => rules.forget_on_crash = true,
        3 => rules.minority_promises = true,
        4 => rules.accept_below_promise = true,
        _ => {}
    }
    let quorum = |u: &mut Unstructured<'_>| match pick(u, 3) {
        0 => None,
        _ => Some(pick(u, 12) as u8),
    };
    rules.phase1_quorum = quorum(u);
    rules.phase2_quorum = quorum(u);
    rules
}

/// A logical time: now, soon, long ago, the end of time or any.
fn time(u: &mut Unstructured<'_>, session: &Session) -> u64 {
    let now = session.timeline().world().now();
    match pick(u, 5) {
        0 => now.saturating_sub(pick(u, 10) as u64),
        1 => now + pick(u, 10) as u64,
        2 => MAX_TIME,
        3 => u64::MAX,
        _ => u.arbitrary().unwrap_or(0),
    }
}

fn action(u: &mut Unstructured<'_>, session: &Session) -> Action {
    match pick(u, 14) {
        0..=1 => Action::Propose {
            node: node(u, session),
            value: value(u),
        },
        2..=4 => Action::Step,
        5 => Action::AdvanceTo {
            time: time(u, session),
        },
        6 => Action::Deliver {
            id: message(u, session),
        },
        7 => Action::Drop {
            id: message(u, session),
        },
        8 => Action::Crash {
            node: node(u, session),
        },
        9 => Action::Restart {
            node: node(u, session),
        },
        10 => match pick(u, 3) {
            0 => Action::Duplicate {
                id: message(u, session),
            },
            1 => Action::Hold {
                id: message(u, session),
            },
            _ => Action::Release {
                id: message(u, session),
            },
        },
        11 => match pick(u, 2) {
            0 => Action::Cut {
                from: node(u, session),
                to: node(u, session),
            },
            _ => Action::Heal {
                from: node(u, session),
                to: node(u, session),
            },
        },
        12 => Action::Partition {
            groups: match pick(u, 3) {
                0 => split(u, session),
                // As the page reads what the user typed, e.g. "A,B | C,D,E".
                1 => parse_groups(&match pick(u, 2) {
                    0 => split(u, session)
                        .iter()
                        .map(|g| g.join(if pick(u, 2) == 0 { "," } else { " " }))
                        .collect::<Vec<_>>()
                        .join(" | "),
                    _ => hostile_text(u),
                }),
                _ => (0..pick(u, 4))
                    .map(|_| (0..pick(u, 5)).map(|_| node(u, session)).collect())
                    .collect(),
            },
        },
        _ => Action::HealAll,
    }
}

/// A node's name: mostly one that exists (crashed or not), else a hostile string.
fn node(u: &mut Unstructured<'_>, session: &Session) -> String {
    let names = &session.timeline().world().names().0;
    match pick(u, 10) {
        0..=7 => names[pick(u, names.len())].clone(),
        _ => hostile_text(u),
    }
}

/// Every node in one of two or three groups (a valid partition if no group is empty).
fn split(u: &mut Unstructured<'_>, session: &Session) -> Vec<Vec<String>> {
    let mut groups = vec![Vec::new(); 2 + pick(u, 2)];
    for name in &session.timeline().world().names().0 {
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
    match pick(u, 10) {
        0 => String::new(),
        1 => " \t ".to_string(),
        2 => "<img src=x onerror=alert(1)>".to_string(),
        3 => "\u{202e}🦀 Ünïcödé \u{0}".to_string(),
        // Characters that `{:?}` writes ten characters long (\u{10fffd}), and combining marks.
        4 if pick(u, 2) == 0 => "\u{10fffd}".repeat(100),
        4 => "e\u{301}\u{301}\u{301}".repeat(30),
        5 => "a\nb".to_string(),
        6 => "x".repeat(MAX_VALUE_CHARS + 1),
        7 => "é".repeat(if pick(u, 8) == 0 { 1_000_000 } else { 10_000 }),
        _ => u.arbitrary().unwrap_or_default(),
    }
}

/// A message id: mostly one in flight (held or not), else a small one (often delivered
/// already, or never sent), 0, the largest JavaScript integer, the largest u64 or any.
fn message(u: &mut Unstructured<'_>, session: &Session) -> u64 {
    let in_flight = session.timeline().world().network().ids();
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

/// The settings form: half the time as a user fills it in, else with hostile numbers
/// (fractions, negatives, NaN, infinities, huge) and values, most of which the form refuses.
fn settings(u: &mut Unstructured<'_>) -> Settings {
    let whole = |u: &mut Unstructured<'_>, n: usize| pick(u, n) as f64;
    if pick(u, 2) == 0 {
        let proposers = 1 + pick(u, 5);
        let delay_min = 1.0 + whole(u, 5);
        let retries = pick(u, 2) == 0;
        return Settings {
            acceptors: 1.0 + whole(u, 9),
            proposers: proposers as f64,
            values: (0..proposers).map(|_| value(u)).collect(),
            separate_learners: !retries && pick(u, 2) == 0,
            delay_min,
            delay_max: delay_min + whole(u, 6),
            loss_percent: whole(u, 51),
            duplicate_percent: whole(u, 51),
            retry_timeout: retries.then(|| 5.0 + whole(u, 36)),
            retry_backoff: whole(u, 21),
        };
    }
    let number = |u: &mut Unstructured<'_>, n: usize| -> f64 {
        match pick(u, 10) {
            0 => f64::NAN,
            1 => f64::INFINITY,
            2 => -1.0,
            3 => 2.5,
            4 => 1e300,
            5 => 0.0,
            6 => u.arbitrary().unwrap_or(0.0),
            _ => pick(u, n + 1) as f64,
        }
    };
    let proposers = number(u, 6);
    let count = if (0.0..8.0).contains(&proposers) {
        proposers as usize
    } else {
        pick(u, 7)
    };
    let values = (0..count + pick(u, 2)).map(|_| value(u)).collect();
    Settings {
        acceptors: number(u, 10),
        proposers,
        values,
        separate_learners: pick(u, 2) == 0,
        delay_min: number(u, 210),
        delay_max: number(u, 210),
        loss_percent: number(u, 256),
        duplicate_percent: number(u, 256),
        retry_timeout: if pick(u, 2) == 0 {
            None
        } else {
            Some(number(u, 210))
        },
        retry_backoff: number(u, 210),
    }
}

/// A shared run's text: the current run itself, mutated (a byte of its payload changed,
/// dropped or added; the text cut short; another version) or garbage.
fn run_text(u: &mut Unstructured<'_>, session: &Session) -> String {
    let text = Run::of(session.timeline()).encode();
    let (prefix, payload) = text.split_once('.').expect("a run has a version");
    let mut bytes = URL_SAFE_NO_PAD
        .decode(payload)
        .expect("a run's own payload decodes");
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
            format!("{prefix}.{}", URL_SAFE_NO_PAD.encode(&bytes))
        }
        4 => text[..pick(u, text.len() + 1)].to_string(),
        5 => format!("v{}.{payload}", pick(u, 4)),
        6 => {
            let random: Vec<u8> = u.arbitrary().unwrap_or_default();
            format!("v3.{}", URL_SAFE_NO_PAD.encode(&random))
        }
        7 => format!("{text}{}", hostile_text(u)),
        _ => hostile_text(u),
    }
}

/// A run file's JSON: the current run's file, with a field changed or removed, or garbage.
fn run_file(u: &mut Unstructured<'_>, session: &Session) -> String {
    let file = RunFile::new(Run::of(session.timeline()));
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
