//! The wasm-bindgen facade: one handle, [`Playground`], with small methods. State stays in
//! Rust; plain objects (see [`crate::view`]) cross to JavaScript through serde-wasm-bindgen,
//! and the page's objects (settings, rules, run files) come in through it as serde types.
//! Every argument arrives as a `JsValue` and is checked here or by the one validation pass of
//! its type, so a wrong type, NaN or a fraction gets a `JsError` that names the field and what
//! is allowed, never a panic, and the world is unchanged.

use crate::sim::{
    parse_groups, whole_number, Action, RuleSettings, Run, RunFile, Scenario, Session, Settings,
    SimError, Timeline, MAX_SEED, MAX_VALUE_CHARS,
};
use crate::view;
use read::{from_js, to_js};
use wasm_bindgen::prelude::*;

mod read;
#[cfg(feature = "checker")]
mod verifier;
#[cfg(feature = "checker")]
pub use verifier::Verifier;

/// The seed used when the page gives none.
const DEFAULT_SEED: u64 = 1;
/// JavaScript's largest exactly representable integer, 2^53 - 1, the upper bound for ids,
/// times and positions.
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// Installs the panic hook so that a bug, should one slip through, is reported readably.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// One running simulation: where it started (a scenario, or a shared run's config), a seed,
/// and the timeline of the run (a [`Session`], which the fuzz target drives too).
#[wasm_bindgen]
pub struct Playground {
    session: Session,
}

#[wasm_bindgen]
impl Playground {
    /// A playground for the built-in `scenario` (default `"article"`) with message delays
    /// drawn from `seed` (default 1; a whole number from 0 to 2^53 - 1).
    #[wasm_bindgen(constructor)]
    pub fn new(scenario: JsValue, seed: JsValue) -> Result<Playground, JsError> {
        let name = optional_string(&scenario, "scenario")?.unwrap_or_else(|| "article".to_string());
        let scenario = Scenario::named(&name).map_err(sim_error)?;
        Playground::starting(scenario, &seed)
    }

    /// A playground for a cluster from the settings form: `{ acceptors, proposers, values,
    /// separateLearners, delayMin, delayMax, lossPercent, duplicatePercent, retryTimeout,
    /// retryBackoff }`, with `seed` as in the constructor.
    #[wasm_bindgen(js_name = withSettings)]
    pub fn with_settings(settings: JsValue, seed: JsValue) -> Result<Playground, JsError> {
        let settings: Settings = from_js(&settings, "settings").map_err(|e| JsError::new(&e))?;
        let scenario = settings.scenario().map_err(sim_error)?;
        Playground::starting(scenario, &seed)
    }

    /// A new run from the same start (scenario, settings or shared cluster) and seed, under
    /// other "Break Paxos" rules: `{ ignoreAcceptedValues, nonUniqueNumbers, forgetOnCrash,
    /// minorityPromises, acceptBelowPromise, phase1Quorum, phase2Quorum }` (all optional; the
    /// quorums are 1 to the number of acceptors, or null for a majority; `roundOnlyNumbers` is
    /// still read as `nonUniqueNumbers`, its older name).
    #[wasm_bindgen(js_name = withRules)]
    pub fn with_rules(&self, rules: JsValue) -> Result<Playground, JsError> {
        let rules: RuleSettings = from_js(&rules, "rules").map_err(|e| JsError::new(&e))?;
        let rules = rules
            .rules(self.timeline().config().acceptor_count())
            .map_err(sim_error)?;
        let session = self.session.with_rules(rules).map_err(sim_error)?;
        Ok(Playground { session })
    }

    /// The run's rules: `{ rules, acceptors, phase1Quorum, phase2Quorum, quorumsIntersect,
    /// verdict: { safe, reasons }, brokenLines: [{ line, code, how }] }`, `line` indexing
    /// `pseudocode()` and `code` the code that runs in its place.
    pub fn rules(&self) -> Result<JsValue, JsError> {
        to_js(&view::rules_view(self.timeline().config()))
    }

    /// A new run from the same start (scenario, settings or shared cluster) with another seed.
    pub fn reseeded(&self, seed: JsValue) -> Result<Playground, JsError> {
        let session = self
            .session
            .reseeded(seed_or_default(&seed)?)
            .map_err(sim_error)?;
        Ok(Playground { session })
    }

    /// What this run starts from, in a sentence or two, for the page's caption.
    #[wasm_bindgen(getter)]
    pub fn description(&self) -> String {
        self.session.start().description.to_string()
    }

    /// A playground for a shared run: the text after `#run=` in a URL, as made by `run()`.
    #[wasm_bindgen(js_name = fromRun)]
    pub fn from_run(text: JsValue) -> Result<Playground, JsError> {
        let text = required_string(&text, "the run")?;
        let run = Run::decode(&text).map_err(sim_error)?;
        Playground::replaying(run)
    }

    /// A playground for a run file's contents (the object `exportRun()` made, after
    /// `JSON.parse`).
    #[wasm_bindgen(js_name = importRun)]
    pub fn import_run(file: JsValue) -> Result<Playground, JsError> {
        let file: RunFile = from_js(&file, "file")
            .map_err(|e| JsError::new(&format!("this file is not a Paxos Playground run: {e}")))?;
        Playground::replaying(file.into_run().map_err(sim_error)?)
    }

    /// The run as text for a URL fragment (`v3.` and URL-safe base64 of postcard bytes): the
    /// config, the seed, every action and the step shown.
    pub fn run(&self) -> String {
        Run::of(self.timeline()).encode()
    }

    /// The run as an object to save as a JSON file: `{ format, version, run }`.
    #[wasm_bindgen(js_name = exportRun)]
    pub fn export_run(&self) -> Result<JsValue, JsError> {
        let run = Run::of(self.timeline());
        // A JSON number holds whole numbers exactly only up to 2^53 - 1.
        if run.seed > MAX_SEED {
            return Err(JsError::new(&format!(
                "this run's seed, {}, is larger than {MAX_SEED}, the largest whole number a \
                 JSON file holds exactly, so it cannot be saved as a file; share its link",
                run.seed
            )));
        }
        to_js(&RunFile::new(run))
    }

    /// The built-in scenarios: `[{ name, title, description }]`.
    pub fn scenarios() -> Result<JsValue, JsError> {
        to_js(&view::scenarios())
    }

    /// The pseudocode panel: `[{ text, executable }]`; `lastLines` in the state index it.
    pub fn pseudocode() -> Result<JsValue, JsError> {
        to_js(&view::pseudocode())
    }

    /// The built-in scenario's name, or undefined for a shared run.
    #[wasm_bindgen(getter)]
    pub fn scenario(&self) -> Option<String> {
        self.session.scenario().map(str::to_string)
    }

    /// The seed.
    #[wasm_bindgen(getter)]
    pub fn seed(&self) -> f64 {
        self.session.seed() as f64
    }

    /// Starts again from the beginning, with the same seed: the scenario's first actions, or
    /// for a shared run its cluster with no actions.
    pub fn reset(&mut self) -> Result<(), JsError> {
        self.session.reset().map_err(sim_error)
    }

    /// A snapshot: time, nodes, messages in flight, the chosen value, the last step's lines.
    pub fn state(&self) -> Result<JsValue, JsError> {
        to_js(&view::state(self.timeline()))
    }

    /// The events of the log from index `from` (default 0) on: `[{ step, time, kind, text }]`,
    /// plus `message`, `node`, `copyId` and `safetyBroken` where they apply.
    pub fn log(&self, from: JsValue) -> Result<JsValue, JsError> {
        let from = match optional_number(&from, "from")? {
            None => 0,
            Some(from) => whole("from", from, 0)?,
        };
        let start = usize::try_from(from)
            .unwrap_or(usize::MAX)
            .min(self.timeline().world().log().len());
        to_js(&self.timeline().world().log()[start..])
    }

    /// The most characters a proposed value may have.
    #[wasm_bindgen(js_name = maxValueChars)]
    pub fn max_value_chars() -> u32 {
        MAX_VALUE_CHARS as u32
    }

    // The actions below take an optional last argument `at`: the logical time (whole ticks)
    // the user acted at, e.g. between two deliveries of the animation. The clock moves there
    // first (never back, never past the next due message); a refused action moves nothing.
    // Each returns true when it was taken in the past and so forked the run.

    /// `node` (a proposer's name) proposes `value` (1 to 32 printable characters).
    pub fn propose(&mut self, node: JsValue, value: JsValue, at: JsValue) -> Result<bool, JsError> {
        let node = required_string(&node, "node")?;
        let value = required_string(&value, "value")?;
        self.apply_at(&at, Action::Propose { node, value })
    }

    /// One step forward: along the recorded run when looking at the past, else the next
    /// delivery (or retry). Returns false when nothing happens.
    pub fn step(&mut self) -> Result<bool, JsError> {
        let timeline = self.timeline_mut();
        if timeline.cursor() < timeline.actions().len() {
            return Ok(timeline.forward());
        }
        let before = timeline.actions().len();
        timeline.apply(&Action::Step).map_err(sim_error)?;
        Ok(timeline.actions().len() > before)
    }

    /// One step back in time. Returns false at the start.
    pub fn back(&mut self) -> bool {
        self.timeline_mut().back()
    }

    /// Shows the run just after event step `step` (the `step` of a log event), e.g. when the
    /// user clicks an event in the space-time diagram.
    #[wasm_bindgen(js_name = seekStep)]
    pub fn seek_step(&mut self, step: JsValue) -> Result<(), JsError> {
        let step = optional_number(&step, "step")?
            .ok_or_else(|| JsError::new("a step is required, as in a log event"))?;
        let step = whole("step", step, 0)?;
        self.timeline_mut().seek_step(step).map_err(sim_error)
    }

    /// Shows the run after `position` actions (0 to the run's length, clamped).
    pub fn seek(&mut self, position: JsValue) -> Result<(), JsError> {
        let position = optional_number(&position, "position")?
            .ok_or_else(|| JsError::new("a position is required, from 0 to the run's length"))?;
        let position = whole("position", position, 0)?;
        self.timeline_mut()
            .seek(usize::try_from(position).unwrap_or(usize::MAX));
        Ok(())
    }

    /// Delivers message `id` now, ahead of its time.
    pub fn deliver(&mut self, id: JsValue, at: JsValue) -> Result<bool, JsError> {
        let id = message_id(&id)?;
        self.apply_at(&at, Action::Deliver { id })
    }

    /// Drops (loses) message `id`.
    #[wasm_bindgen(js_name = dropMessage)]
    pub fn drop_message(&mut self, id: JsValue, at: JsValue) -> Result<bool, JsError> {
        let id = message_id(&id)?;
        self.apply_at(&at, Action::Drop { id })
    }

    /// Crashes `node`.
    pub fn crash(&mut self, node: JsValue, at: JsValue) -> Result<bool, JsError> {
        let node = required_string(&node, "node")?;
        self.apply_at(&at, Action::Crash { node })
    }

    /// Restarts `node`.
    pub fn restart(&mut self, node: JsValue, at: JsValue) -> Result<bool, JsError> {
        let node = required_string(&node, "node")?;
        self.apply_at(&at, Action::Restart { node })
    }

    /// Puts a second copy of message `id` in flight.
    pub fn duplicate(&mut self, id: JsValue, at: JsValue) -> Result<bool, JsError> {
        let id = message_id(&id)?;
        self.apply_at(&at, Action::Duplicate { id })
    }

    /// Holds message `id` in flight until it is released.
    pub fn hold(&mut self, id: JsValue, at: JsValue) -> Result<bool, JsError> {
        let id = message_id(&id)?;
        self.apply_at(&at, Action::Hold { id })
    }

    /// Releases held message `id`.
    pub fn release(&mut self, id: JsValue, at: JsValue) -> Result<bool, JsError> {
        let id = message_id(&id)?;
        self.apply_at(&at, Action::Release { id })
    }

    /// Cuts the link from `from` to `to` (one direction).
    pub fn cut(&mut self, from: JsValue, to: JsValue, at: JsValue) -> Result<bool, JsError> {
        let from = required_string(&from, "from")?;
        let to = required_string(&to, "to")?;
        self.apply_at(&at, Action::Cut { from, to })
    }

    /// Heals the link from `from` to `to`.
    pub fn heal(&mut self, from: JsValue, to: JsValue, at: JsValue) -> Result<bool, JsError> {
        let from = required_string(&from, "from")?;
        let to = required_string(&to, "to")?;
        self.apply_at(&at, Action::Heal { from, to })
    }

    /// Partitions the cluster into groups written like `A,B | C,D,E`.
    pub fn partition(&mut self, groups: JsValue, at: JsValue) -> Result<bool, JsError> {
        let groups = parse_groups(&required_string(&groups, "groups")?);
        self.apply_at(&at, Action::Partition { groups })
    }

    /// Heals every cut link.
    #[wasm_bindgen(js_name = healAll)]
    pub fn heal_all(&mut self, at: JsValue) -> Result<bool, JsError> {
        self.apply_at(&at, Action::HealAll)
    }
}

impl Playground {
    /// A playground at the start of `scenario`, with `seed` (default 1) checked.
    fn starting(scenario: Scenario, seed: &JsValue) -> Result<Playground, JsError> {
        let session = Session::new(scenario, seed_or_default(seed)?).map_err(sim_error)?;
        Ok(Playground { session })
    }

    /// A playground showing `run`; Reset takes it to its cluster with no actions.
    fn replaying(run: Run) -> Result<Playground, JsError> {
        let session = Session::replaying(run).map_err(sim_error)?;
        Ok(Playground { session })
    }

    /// The run.
    fn timeline(&self) -> &Timeline {
        self.session.timeline()
    }

    /// The run, to act on.
    fn timeline_mut(&mut self) -> &mut Timeline {
        self.session.timeline_mut()
    }

    /// Applies `action` at time `at` (default: now), all or nothing. Returns true when acting
    /// in the past forked the run (its old future is discarded).
    fn apply_at(&mut self, at: &JsValue, action: Action) -> Result<bool, JsError> {
        let time = match optional_number(at, "at")? {
            None => self.timeline().world().now(),
            Some(at) => whole("at", at, 0)?,
        };
        self.timeline_mut()
            .apply_at(time, &action)
            .map_err(sim_error)
    }
}

/// A seed from the page (a whole number from 0 to 2^53 - 1), or the default when none is given.
fn seed_or_default(seed: &JsValue) -> Result<u64, JsError> {
    match optional_number(seed, "seed")? {
        None => Ok(DEFAULT_SEED),
        Some(seed) => whole_number("seed", seed, 0, MAX_SEED).map_err(sim_error),
    }
}

/// `number` as a whole number from `min` to 2^53 - 1, or an error naming `field`.
fn whole(field: &str, number: f64, min: u64) -> Result<u64, JsError> {
    whole_number(field, number, min, MAX_SAFE_INTEGER).map_err(sim_error)
}

fn sim_error(error: SimError) -> JsError {
    JsError::new(&error.to_string())
}

fn type_name(value: &JsValue) -> String {
    value
        .js_typeof()
        .as_string()
        .unwrap_or_else(|| "unknown".to_string())
}

fn required_string(value: &JsValue, what: &str) -> Result<String, JsError> {
    value.as_string().ok_or_else(|| {
        JsError::new(&format!(
            "{what} must be a string, not {}",
            type_name(value)
        ))
    })
}

fn optional_string(value: &JsValue, what: &str) -> Result<Option<String>, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    required_string(value, what).map(Some)
}

fn optional_number(value: &JsValue, what: &str) -> Result<Option<f64>, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value.as_f64().map(Some).ok_or_else(|| {
        JsError::new(&format!(
            "{what} must be a number, not {}",
            type_name(value)
        ))
    })
}

fn message_id(value: &JsValue) -> Result<u64, JsError> {
    let number = optional_number(value, "message id")?
        .ok_or_else(|| JsError::new("a message id is required, e.g. 3 for message #3"))?;
    whole("message id", number, 1)
}
