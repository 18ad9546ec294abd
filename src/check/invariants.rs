//! Safety invariants of single-decree Paxos, judged from the facts the world recorded. Each
//! reports whether it holds and, if it ever broke, the step that first broke it.

use crate::sim::{Names, SafetyFacts, World};
use serde::Serialize;
use std::fmt;

/// A broken invariant: which one, and what was seen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The invariant's name, e.g. `agreement`.
    pub property: &'static str,
    /// What broke it, in words.
    pub detail: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} violated: {}", self.property, self.detail)
    }
}

/// One invariant as the page's panel shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InvariantStatus {
    /// Short name, e.g. `agreement`.
    pub property: &'static str,
    /// The rule, in words.
    pub rule: &'static str,
    /// The step that first broke it, if it ever broke.
    pub broken_at: Option<u64>,
    /// What broke it, if it broke.
    pub detail: Option<String>,
}

/// The invariants, in the order the panel lists them.
const RULES: [(&str, &str); 5] = [
    ("agreement", "At most one value is chosen."),
    ("validity", "The chosen value was proposed."),
    ("learner agreement", "Learners learn only the chosen value."),
    (
        "promise monotonic",
        "An acceptor's promise never decreases.",
    ),
    (
        "promise kept",
        "An acceptor never accepts below its promise.",
    ),
];

/// Every invariant judged on `facts`, naming nodes and numbers with `names`.
pub fn invariants(facts: &SafetyFacts, names: &Names) -> Vec<InvariantStatus> {
    let first_chosen = facts.chosen.first();
    let breaks: [Option<(u64, String)>; 5] = [
        first_chosen.and_then(|(_, first_n, first_v)| {
            facts
                .chosen
                .iter()
                .find(|(_, _, v)| v != first_v)
                .map(|(step, n, v)| {
                    let detail = format!(
                        "\"{first_v}\" was chosen under {} and \"{v}\" under {}",
                        names.number(*first_n),
                        names.number(*n)
                    );
                    (*step, detail)
                })
        }),
        facts
            .chosen
            .iter()
            .find(|(_, _, v)| !facts.proposed.contains(v))
            .map(|(step, _, v)| (*step, format!("\"{v}\" was chosen but never proposed"))),
        facts
            .learned
            .iter()
            .find(|(_, _, v)| first_chosen.is_none_or(|(_, _, chosen)| chosen != v))
            .map(|(step, node, v)| {
                (
                    *step,
                    format!(
                        "{} learned \"{v}\", which is not the chosen value",
                        names.node(*node)
                    ),
                )
            }),
        facts
            .promise_drops
            .first()
            .map(|(step, node, before, after)| {
                let detail = format!(
                    "{}'s promise went from {} down to {}",
                    names.node(*node),
                    names.number(*before),
                    names.number_or_zero(*after)
                );
                (*step, detail)
            }),
        facts
            .accepts_below_promise
            .first()
            .map(|(step, node, n, promised)| {
                let detail = format!(
                    "{} accepted {} although it had promised {}",
                    names.node(*node),
                    names.number(*n),
                    names.number(*promised)
                );
                (*step, detail)
            }),
    ];
    RULES
        .iter()
        .zip(breaks)
        .map(|((property, rule), broken)| InvariantStatus {
            property,
            rule,
            broken_at: broken.as_ref().map(|(step, _)| *step),
            detail: broken.map(|(_, detail)| detail),
        })
        .collect()
}

/// Checks every safety invariant on `world`; the first broken one is the error.
pub fn check_safety(world: &World) -> Result<(), Violation> {
    first_broken(world, |_| true)
}

/// Checks the invariants named in `properties` only (as the invariants panel names them).
pub fn check_only(world: &World, properties: &[&str]) -> Result<(), Violation> {
    first_broken(world, |property| properties.contains(&property))
}

/// The first broken invariant among those `judged` picks, as the error.
fn first_broken(world: &World, judged: impl Fn(&str) -> bool) -> Result<(), Violation> {
    match invariants(world.facts(), world.names())
        .into_iter()
        .find(|i| i.broken_at.is_some() && judged(i.property))
    {
        None => Ok(()),
        Some(broken) => Err(Violation {
            property: broken.property,
            detail: format!(
                "{} (step {})",
                broken.detail.unwrap_or_default(),
                broken.broken_at.unwrap_or_default()
            ),
        }),
    }
}
