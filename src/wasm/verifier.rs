//! The model checker's facade, for the page's Verify worker (built only with the `checker`
//! feature, into its own wasm module, so the page itself downloads no checker).
//!
//! One handle, [`Verifier`], made for the run the page shows ([`Verifier::for_run`]) or for
//! Lamport's specification ([`Verifier::spec`]); [`Verifier::check`] runs the search to the
//! end, reporting progress through a callback. The worker runs it; Cancel terminates the
//! worker, so the search needs no way to be interrupted from outside.

use super::read::{from_js, to_js};
use super::{optional_number, required_string, sim_error, type_name, whole};
use crate::check::explore::{explore, Expectation, Options, Outcome, Report, Strategy};
use crate::check::playground::{Bounds, Compact, PlaygroundModel, MAX_CRASHES, MAX_ROUNDS};
use crate::check::spec::{SpecConfig, SpecModel, MAX_ACCEPTORS, MAX_VALUES};
use crate::paxos::{verdict, Reason, Runs};
use crate::sim::{whole_number, Action, Run};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The most distinct states a playground search may store, and its default: a compact
/// playground state takes a hundred bytes or two, so this stays well inside a worker's memory.
const MAX_PLAYGROUND_STATES: usize = 5_000_000;
const DEFAULT_PLAYGROUND_STATES: usize = 2_000_000;
/// The same for Lamport's spec, whose states are 8 bytes (MaxBallot 3 has 8,220,065).
const MAX_SPEC_STATES: usize = 50_000_000;
const DEFAULT_SPEC_STATES: usize = 20_000_000;
/// How often (in distinct states) progress is reported by default.
const DEFAULT_PROGRESS_EVERY: usize = 20_000;

/// Which model a verifier explores.
enum Checked {
    /// Compact: the same states stored as fixed-width records (see `Compact`).
    Playground(Box<Compact>),
    Spec(Box<SpecModel>),
}

/// A model checker set up for one model and its bounds.
#[wasm_bindgen]
pub struct Verifier {
    checked: Checked,
    bounds: String,
    strategy: Strategy,
    max_states: usize,
    /// The exact reductions this search uses (see `CheckResult::reductions`).
    reductions: Vec<&'static str>,
    /// Why these bounds cannot show a bug that the run's rules have on the page (empty when
    /// the rules are safe on the page, or when these bounds can show every bug they have).
    limits: Vec<Limit>,
}

/// Why the model checker's runs cannot show a bug the page's runs can: one of
/// [`paxos::verdict`](crate::paxos::verdict)'s reasons of kind `needsTwoValues`,
/// `needsTwoProposers` or `needsCrashes` (the page picks what to suggest from the kind and
/// its fields), with its sentence.
#[derive(Serialize)]
struct Limit {
    #[serde(flatten)]
    reason: Reason,
    text: String,
}

/// The options of [`Verifier::for_run`], as the page's Verify form sends them (every field
/// optional; numbers as JavaScript numbers, checked by [`PlaygroundOptions::bounds`]).
#[derive(Default, serde::Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct PlaygroundOptions {
    rounds: Option<f64>,
    loss: bool,
    duplicate: bool,
    crashes: Option<f64>,
    /// The symmetry reduction, exact, so on unless turned off (`symmetry: false`).
    symmetry: Option<bool>,
    /// The partial-order reduction, exact, so on unless turned off (`partialOrder: false`).
    partial_order: Option<bool>,
    max_states: Option<f64>,
    dfs: bool,
}

impl PlaygroundOptions {
    /// The search's bounds, or an error naming the option out of range.
    fn bounds(&self) -> Result<Bounds, JsError> {
        let number = |field, given: Option<f64>, min, max: u8, default| match given {
            None => Ok(default),
            Some(n) => whole_number(field, n, min, u64::from(max))
                .map(|n| n as u8)
                .map_err(sim_error),
        };
        Ok(Bounds {
            rounds: number(
                "options.rounds",
                self.rounds,
                1,
                MAX_ROUNDS,
                Bounds::default().rounds,
            )?,
            loss: self.loss,
            duplicate: self.duplicate,
            crashes: number("options.crashes", self.crashes, 0, MAX_CRASHES, 0)?,
            symmetry: self.symmetry.unwrap_or(true),
            partial_order: self.partial_order.unwrap_or(true),
        })
    }
}

/// The options of [`Verifier::spec`] (numbers as JavaScript numbers, checked in `spec`).
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct SpecOptions {
    acceptors: f64,
    values: f64,
    max_ballot: f64,
    #[serde(default)]
    max_states: Option<f64>,
    #[serde(default)]
    dfs: bool,
}

/// What a search found, as the page shows it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CheckResult {
    /// `complete`, `violation` or `stateLimit`.
    outcome: &'static str,
    /// One sentence: "No violation in N states (bounds ...)", or what was violated.
    verdict: String,
    distinct_states: usize,
    generated_states: u64,
    depth: usize,
    /// The violated property, if any.
    violated: Option<&'static str>,
    /// The counterexample's steps in words.
    counterexample: Vec<String>,
    /// The counterexample as a shared run (`Playground.fromRun` opens it), playground only.
    run: Option<String>,
    /// Whether each "sometimes" property was seen, e.g. that a value is chosen.
    sometimes: Vec<Sometimes>,
    /// Every property checked, "always" and "sometimes", by name.
    checked: Vec<&'static str>,
    /// The properties that cannot fail in this model, so were not checked, and why.
    not_applicable: Vec<NotApplicableOut>,
    /// When no violation was found: why these bounds cannot show a bug that the rules have
    /// on the page (see [`Limit`]).
    limits: Vec<Limit>,
    /// The exact reductions the search used, by name (`symmetry`, `partial-order`), so the
    /// page can say which were on in its verdict: each keeps every verdict the plain search
    /// would give.
    reductions: Vec<&'static str>,
}

#[derive(Serialize)]
struct Sometimes {
    property: &'static str,
    found: bool,
}

#[derive(Serialize)]
struct NotApplicableOut {
    property: &'static str,
    why: String,
}

#[wasm_bindgen]
impl Verifier {
    /// A verifier for the cluster and rules of a shared run (the text `Playground.run()`
    /// makes); each proposer proposes the first value it proposed in that run. `options`:
    /// `{ rounds (1-5, default 2), loss, duplicate, crashes (0-3), symmetry (default on),
    /// partialOrder (default on), maxStates, dfs }`.
    #[wasm_bindgen(js_name = forRun)]
    pub fn for_run(run: JsValue, options: JsValue) -> Result<Verifier, JsError> {
        let text = required_string(&run, "the run")?;
        let run = Run::decode(&text).map_err(sim_error)?;
        let options: PlaygroundOptions = from_options(&options)?;
        let bounds = options.bounds()?;
        let values = proposed_values(&run);
        let model = PlaygroundModel::new(&run.config, &values, bounds).map_err(sim_error)?;
        let proposals: Vec<String> = values
            .iter()
            .map(|(name, value)| format!("{name} proposes {value:?}"))
            .collect();
        let acceptors = run.config.acceptor_count();
        let limits = limits(&run, &bounds);
        let enabled = run.config.rules.enabled();
        let rules = if enabled.is_empty() {
            "correct Paxos".to_string()
        } else {
            format!("broken: {}", enabled.join(", "))
        };
        let description = format!(
            "{acceptors} acceptor{}, {}, {} round{} per proposer, {}, {}, {}, {rules}{}",
            plural(acceptors),
            proposals.join(", "),
            bounds.rounds,
            plural(usize::from(bounds.rounds)),
            if bounds.loss {
                "messages may be lost"
            } else {
                "no message loss"
            },
            if bounds.duplicate {
                "messages may be duplicated"
            } else {
                "no duplication"
            },
            match bounds.crashes {
                0 => "no crashes".to_string(),
                1 => "up to 1 crash".to_string(),
                k => format!("up to {k} crashes"),
            },
            if model.symmetry_factor() > 1 {
                format!(", acceptor symmetry (x{})", model.symmetry_factor())
            } else {
                String::new()
            },
        );
        let mut reductions = Vec::new();
        if model.symmetry_factor() > 1 {
            reductions.push("symmetry");
        }
        if bounds.partial_order {
            reductions.push("partial-order");
        }
        Ok(Verifier {
            checked: Checked::Playground(Box::new(Compact::new(model))),
            reductions,
            bounds: description,
            strategy: strategy(options.dfs),
            max_states: max_states(
                options.max_states,
                DEFAULT_PLAYGROUND_STATES,
                MAX_PLAYGROUND_STATES,
            )?,
            limits,
        })
    }

    /// A verifier for Lamport's Paxos.tla: `{ acceptors, values, maxBallot, maxStates, dfs }`.
    pub fn spec(options: JsValue) -> Result<Verifier, JsError> {
        let options: SpecOptions = from_options(&options)?;
        let number = |field, given, min, max: usize| {
            whole_number(field, given, min, max as u64)
                .map(|n| n as usize)
                .map_err(sim_error)
        };
        let config = SpecConfig {
            acceptors: number("options.acceptors", options.acceptors, 1, MAX_ACCEPTORS)?,
            values: number("options.values", options.values, 1, MAX_VALUES)?,
            // The spec's own check says which largest ballot fits its state encoding.
            max_ballot: number("options.maxBallot", options.max_ballot, 0, 255)? as u8,
        };
        let model = SpecModel::new(config).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(Verifier {
            checked: Checked::Spec(Box::new(model)),
            reductions: Vec::new(),
            bounds: format!(
                "Paxos.tla, {} acceptors, {} values, ballots 0 to {}",
                config.acceptors, config.values, config.max_ballot
            ),
            strategy: strategy(options.dfs),
            max_states: max_states(options.max_states, DEFAULT_SPEC_STATES, MAX_SPEC_STATES)?,
            limits: Vec::new(),
        })
    }

    /// The bounds of the search, in words.
    #[wasm_bindgen(getter)]
    pub fn bounds(&self) -> String {
        self.bounds.clone()
    }

    /// The most distinct states the search stores before it stops without a verdict.
    #[wasm_bindgen(getter, js_name = maxStates)]
    pub fn max_states(&self) -> usize {
        self.max_states
    }

    /// Runs the search to its end. `on_progress`, if a function, is called with
    /// `{ distinctStates, explored, generatedStates, depth }` every `every` distinct states (default
    /// 20,000). Returns `{ outcome, verdict, distinctStates, generatedStates, depth, violated,
    /// counterexample, run, sometimes, checked, notApplicable, limits }`: `checked` names every
    /// property checked, `notApplicable` lists `{ property, why }` for those that cannot fail
    /// here, and `limits` (when no violation was found) `{ kind, ..., text }` for each reason
    /// these bounds cannot show a bug the run's rules have on the page.
    pub fn check(&self, on_progress: JsValue, every: JsValue) -> Result<JsValue, JsError> {
        let callback = match on_progress {
            v if v.is_undefined() || v.is_null() => None,
            v => Some(v.dyn_into::<js_sys::Function>().map_err(|v| {
                JsError::new(&format!(
                    "the progress callback must be a function, not {}",
                    type_name(&v)
                ))
            })?),
        };
        let every = match optional_number(&every, "every")? {
            None => DEFAULT_PROGRESS_EVERY,
            Some(n) => whole("every", n, 1)? as usize,
        };
        let mut report_progress = |p: &crate::check::explore::Progress| {
            if let Some(callback) = &callback {
                let object = to_js(&ProgressOut {
                    distinct_states: p.distinct_states,
                    explored: p.explored,
                    generated_states: p.generated_states,
                    depth: p.depth,
                });
                if let Ok(object) = object {
                    // An exception in the callback is the page's bug; the search goes on.
                    let _ = callback.call1(&JsValue::NULL, &object);
                }
            }
            true
        };
        let options = Options {
            strategy: self.strategy,
            max_states: self.max_states,
            progress: Some(&mut report_progress),
            progress_every: every,
            threads: 1,
            // The spec's search goes on to a counterexample for every property it breaks, as
            // the command line does; the playground's stops at the first, which the page plays.
            find_every_violation: matches!(self.checked, Checked::Spec(_)),
        };
        let result = match &self.checked {
            Checked::Playground(model) => {
                let report = explore(model.as_ref(), options);
                let path = report
                    .violation()
                    .and_then(|v| v.path.as_deref())
                    .map(|path| model.actions(path));
                let model = model.inner();
                let run = match &path {
                    Some(path) => Some(model.to_run(path).map_err(sim_error)?.encode()),
                    None => None,
                };
                let steps = path.iter().flatten().map(|a| model.describe(a)).collect();
                summarize(
                    &report,
                    &self.bounds,
                    steps,
                    run,
                    &self.limits,
                    &self.reductions,
                )
            }
            Checked::Spec(model) => {
                let report = explore(model.as_ref(), options);
                let steps = report
                    .violation()
                    .and_then(|v| v.path.as_ref())
                    .into_iter()
                    .flatten()
                    .map(|a| a.to_string())
                    .collect();
                summarize(&report, &self.bounds, steps, None, &[], &self.reductions)
            }
        };
        to_js(&result)
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProgressOut {
    distinct_states: usize,
    explored: usize,
    generated_states: u64,
    depth: usize,
}

/// The page's result for `report`.
fn summarize<A>(
    report: &Report<A>,
    bounds: &str,
    counterexample: Vec<String>,
    run: Option<String>,
    limits: &[Limit],
    reductions: &[&'static str],
) -> CheckResult {
    let p = report.progress;
    let states = thousands(p.distinct_states);
    let violated = report.violation().map(|v| v.name);
    let (outcome, verdict) = match (&report.outcome, violated) {
        (_, Some(name)) => (
            "violation",
            format!(
                "Violation of {name} after {} steps, found in {states} states ({bounds}).",
                counterexample.len()
            ),
        ),
        (Outcome::Complete, None) => (
            "complete",
            format!("No violation in {states} states ({bounds})."),
        ),
        (_, None) => (
            "stateLimit",
            format!(
                "No violation in the first {states} states; the search stopped at its limit \
                 before covering every state ({bounds})."
            ),
        ),
    };
    CheckResult {
        outcome,
        verdict,
        distinct_states: p.distinct_states,
        generated_states: p.generated_states,
        depth: p.depth,
        violated,
        counterexample,
        run,
        sometimes: report
            .findings
            .iter()
            .filter(|f| f.expectation == Expectation::Sometimes)
            .map(|f| Sometimes {
                property: f.name,
                found: f.path.is_some(),
            })
            .collect(),
        checked: report.checked(),
        not_applicable: report
            .not_applicable
            .iter()
            .map(|n| NotApplicableOut {
                property: n.property,
                why: n.why.clone(),
            })
            .collect(),
        limits: match violated {
            Some(_) => Vec::new(),
            None => limits
                .iter()
                .map(|l| Limit {
                    reason: l.reason.clone(),
                    text: l.text.clone(),
                })
                .collect(),
        },
        reductions: reductions.to_vec(),
    }
}

/// Why the checker's runs of `run`'s cluster within `bounds` cannot show a bug that its rules
/// have on the page, where a proposer may propose any value, any number of times, and nodes
/// crash as often as wanted: empty if the rules are safe on the page, or if these bounds can
/// show what they break. Each proposer of the model proposes one value of its own.
fn limits(run: &Run, bounds: &Bounds) -> Vec<Limit> {
    let rules = &run.config.rules;
    let acceptors = run.config.acceptor_count();
    let proposers = run.config.nodes.iter().filter(|n| n.proposer).count();
    if verdict(rules, &Runs::page(acceptors, proposers)).safe {
        return Vec::new();
    }
    let here = Runs {
        acceptors,
        proposers,
        any_value: false,
        rounds: Some(u32::from(bounds.rounds)),
        crashes: Some(u32::from(bounds.crashes)),
    };
    verdict(rules, &here)
        .reasons
        .into_iter()
        .filter(|r| {
            matches!(
                r,
                Reason::NeedsTwoValues { .. }
                    | Reason::NeedsTwoProposers { .. }
                    | Reason::NeedsCrashes { .. }
            )
        })
        .map(|reason| Limit {
            text: reason.to_string(),
            reason,
        })
        .collect()
}

/// Each proposer's first proposal in `run`; a proposer that never proposed gets a value of
/// its own, so that every proposer takes part.
fn proposed_values(run: &Run) -> Vec<(String, String)> {
    run.config
        .nodes
        .iter()
        .filter(|n| n.proposer)
        .map(|n| {
            let value = run
                .actions
                .iter()
                .find_map(|a| match a {
                    Action::Propose { node, value } if *node == n.name => Some(value.clone()),
                    _ => None,
                })
                .unwrap_or_else(|| format!("{}'s value", n.name));
            (n.name.clone(), value)
        })
        .collect()
}

fn from_options<T: serde::de::DeserializeOwned>(options: &JsValue) -> Result<T, JsError> {
    from_js(options, "options").map_err(|e| JsError::new(&e))
}

fn strategy(dfs: bool) -> Strategy {
    if dfs {
        Strategy::Dfs
    } else {
        Strategy::Bfs
    }
}

fn max_states(given: Option<f64>, default: usize, most: usize) -> Result<usize, JsError> {
    match given {
        None => Ok(default),
        Some(n) => whole_number("options.maxStates", n, 1, most as u64)
            .map(|n| n as usize)
            .map_err(sim_error),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// 1234567 as "1,234,567".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
