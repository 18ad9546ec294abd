//! Plain, serializable snapshots of the world for the page: names instead of ids, numbers
//! written as `1.P`, and a sentence per node for screen readers. Pure Rust, so it is tested
//! natively; the wasm facade only hands these to JavaScript.

use crate::check::{invariants, InvariantStatus};
use crate::paxos::{
    changed_lines, verdict, ChangedLine, Line, MessageKind, Node, ProposerPhase, Rules, Runs,
    Verdict, PSEUDOCODE,
};
use crate::sim::{short_value, Config, Scenario, Timeline, World};
use serde::Serialize;

/// Everything the page draws for one moment of the run.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorldView {
    /// Logical time, in ticks.
    pub time: u64,
    /// Actions applied so far.
    pub steps: u64,
    /// The nodes, in ring order.
    pub nodes: Vec<NodeView>,
    /// Messages in flight, in sending order.
    pub messages: Vec<MessageView>,
    /// The chosen value, once a majority accepted one proposal.
    pub chosen: Option<ChosenView>,
    /// The node that ran a handler in the last action, if any.
    pub last_node: Option<String>,
    /// Indices into [`PSEUDOCODE`] of the lines the last action executed.
    pub last_lines: Vec<usize>,
    /// The acceptor that last handled a Prepare or an Accept up to this moment of the run, if
    /// any has (the pseudocode panel shows its variables). Unlike `last_node`, a crash, a
    /// restart or a lost message since does not clear it.
    pub last_acceptor: Option<String>,
    /// When the next thing happens on its own (a message due or a retry), if anything will.
    pub next_due_at: Option<u64>,
    /// Links that are cut.
    pub cut_links: Vec<LinkView>,
    /// How many events the log holds.
    pub log_length: usize,
    /// When no message is in flight: why nothing more can happen, and what the user can do.
    pub quiet_reason: Option<String>,
}

/// A moment of a run with time travel: the world shown and where it is in the run.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StateView {
    /// The world at the cursor.
    #[serde(flatten)]
    pub world: WorldView,
    /// How many actions of the run the world shows.
    pub position: usize,
    /// How many actions the run has (the end of its current branch).
    pub length: usize,
    /// The safety invariants: whether each holds, and the step that broke it if one did.
    pub invariants: Vec<InvariantStatus>,
}

/// One node.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeView {
    /// Its name.
    pub name: String,
    /// Its roles: `proposer`, `acceptor`, `learner`.
    pub roles: Vec<&'static str>,
    /// Whether it is crashed.
    pub crashed: bool,
    /// Its proposer's state, if it proposes.
    pub proposer: Option<ProposerView>,
    /// Its acceptor's state, if it votes.
    pub acceptor: Option<AcceptorView>,
    /// What its learner learned, if it learns and has learned.
    pub learned: Option<String>,
    /// A sentence describing the node, its roles and its state (its accessible name).
    pub summary: String,
    /// Short lines drawn beside the node, e.g. `phase 1: 1.P, 1/2 promises`.
    pub details: Vec<String>,
}

/// A proposer's state.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProposerView {
    /// `idle`, `preparing` (phase 1) or `accepting` (phase 2).
    pub phase: &'static str,
    /// The current proposal number, e.g. `1.P`.
    pub number: Option<String>,
    /// The value it is proposing now (its own in phase 1; possibly adopted in phase 2).
    pub value: Option<String>,
    /// Promises counted in phase 1.
    pub promises: usize,
    /// Promises needed: a majority of acceptors, unless the rules set another quorum.
    pub needed: usize,
    /// The value it proposed last, its own (typed, or given by the scenario; not one it
    /// adopted), or None before it first proposes: the page's Propose field starts with it.
    pub own_value: Option<String>,
}

/// An acceptor's state, named as in the pseudocode.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AcceptorView {
    /// `promisedNumber`, `0` for none.
    pub promised_number: String,
    /// `acceptedNumber`, `0` for none.
    pub accepted_number: String,
    /// `acceptedValue`, None for null.
    pub accepted_value: Option<String>,
}

/// A message in flight.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageView {
    /// Envelope id.
    pub id: u64,
    /// Sender's name.
    pub src: String,
    /// Receiver's name.
    pub dst: String,
    /// Message type.
    pub kind: MessageKind,
    /// Its label, e.g. `Accept(1.P, "Hello")`.
    pub label: String,
    /// A shorter label for the arrow, e.g. `Accept 1.P "Hello"` (long values shortened).
    pub short_label: String,
    /// Logical send time.
    pub sent_at: u64,
    /// Logical due time.
    pub deliver_at: u64,
    /// Held by the user until released.
    pub held: bool,
}

/// A directed link between two nodes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LinkView {
    /// Sender's name.
    pub from: String,
    /// Receiver's name.
    pub to: String,
}

/// The chosen value.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChosenView {
    /// The value.
    pub value: String,
    /// The proposal a majority accepted, e.g. `1.P`.
    pub number: String,
}

/// One line of the pseudocode panel.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PseudocodeLine {
    /// The text.
    pub text: &'static str,
    /// Whether a handler can execute it.
    pub executable: bool,
}

/// A built-in scenario, for the scenario picker.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScenarioView {
    /// Its id.
    pub name: &'static str,
    /// Its title.
    pub title: &'static str,
    /// What it shows.
    pub description: &'static str,
}

/// The index of `line` in [`PSEUDOCODE`].
pub fn line_index(line: Line) -> Option<usize> {
    PSEUDOCODE.iter().position(|(_, tag)| *tag == Some(line))
}

/// The pseudocode panel's lines.
pub fn pseudocode() -> Vec<PseudocodeLine> {
    PSEUDOCODE
        .iter()
        .map(|(text, tag)| PseudocodeLine {
            text,
            executable: tag.is_some(),
        })
        .collect()
}

/// The run's rules, as the page's "Break Paxos" panel and pseudocode panel show them.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RulesView {
    /// The switches and quorum sizes, as set (the object `withRules` takes).
    pub rules: Rules,
    /// How many acceptors the cluster has.
    pub acceptors: usize,
    /// The promises a proposer waits for.
    pub phase1_quorum: usize,
    /// The acceptances that choose a value.
    pub phase2_quorum: usize,
    /// Whether every phase-1 quorum meets every phase-2 quorum (phase 1 + phase 2 > acceptors).
    pub quorums_intersect: bool,
    /// Whether these rules can let two values be chosen on this cluster, and why (in the
    /// page's runs: any value, any number of rounds and crashes).
    pub verdict: VerdictView,
    /// The lines the rules change, in pseudocode order, with the code that runs instead.
    pub broken_lines: Vec<ChangedLine>,
}

/// A [`Verdict`] for the page: safe or not, and each reason as a sentence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VerdictView {
    /// True when no run on this cluster can choose two values.
    pub safe: bool,
    /// The reasons, in words (see [`crate::paxos::Reason`]).
    pub reasons: Vec<String>,
}

impl From<&Verdict> for VerdictView {
    fn from(verdict: &Verdict) -> Self {
        VerdictView {
            safe: verdict.safe,
            reasons: verdict.sentences(),
        }
    }
}

/// The rules of a run with `config`, their verdict, and the pseudocode lines they change.
pub fn rules_view(config: &Config) -> RulesView {
    let rules = config.rules;
    let acceptors = config.acceptor_count();
    let proposers = config.nodes.iter().filter(|n| n.proposer).count();
    RulesView {
        rules,
        acceptors,
        phase1_quorum: rules.phase1_quorum(acceptors),
        phase2_quorum: rules.phase2_quorum(acceptors),
        quorums_intersect: rules.quorums_intersect(acceptors),
        verdict: VerdictView::from(&verdict(&rules, &Runs::page(acceptors, proposers))),
        broken_lines: changed_lines(&rules, acceptors),
    }
}

/// The scenario picker's entries.
pub fn scenarios() -> Vec<ScenarioView> {
    Scenario::all()
        .into_iter()
        .map(|s| ScenarioView {
            name: s.name,
            title: s.title,
            description: s.description,
        })
        .collect()
}

/// A snapshot of the timeline's current world and its place in the run.
pub fn state(timeline: &Timeline) -> StateView {
    StateView {
        world: world_view(timeline.world()),
        position: timeline.cursor(),
        length: timeline.actions().len(),
        invariants: invariants(timeline.world().facts(), timeline.world().names()),
    }
}

/// A snapshot of `world`.
pub fn world_view(world: &World) -> WorldView {
    let names = world.names();
    let last = world.last_step();
    WorldView {
        time: world.now(),
        steps: world.steps(),
        nodes: world
            .nodes()
            .iter()
            .map(|node| node_view(world, node))
            .collect(),
        messages: world
            .network()
            .in_flight()
            .iter()
            .map(|e| MessageView {
                id: e.id,
                src: names.node(e.src).to_string(),
                dst: names.node(e.dst).to_string(),
                kind: e.msg.kind(),
                label: names.message(&e.msg),
                short_label: names.message_short(&e.msg),
                sent_at: e.sent_at,
                deliver_at: e.deliver_at,
                held: e.held,
            })
            .collect(),
        chosen: world.chosen().map(|(n, value)| ChosenView {
            value: value.clone(),
            number: names.number(*n),
        }),
        last_node: last.node.clone(),
        last_lines: last
            .lines
            .iter()
            .filter_map(|line| line_index(*line))
            .collect(),
        last_acceptor: world.last_acceptor().map(|id| names.node(id).to_string()),
        next_due_at: world.next_event_at(),
        cut_links: world
            .cut_links()
            .into_iter()
            .map(|(from, to)| LinkView { from, to })
            .collect(),
        log_length: world.log().len(),
        quiet_reason: quiet_reason(world),
    }
}

/// Why a run with nothing in flight cannot go on, in words, or None while messages fly.
fn quiet_reason(world: &World) -> Option<String> {
    if world.next_event_at().is_some() {
        return None;
    }
    let held = world.network().in_flight().len();
    if held > 0 {
        return Some(format!(
            "Nothing happens on its own: {held} held {} in flight. Release, deliver or drop \
             {} in the In flight list.",
            if held == 1 {
                "message is"
            } else {
                "messages are"
            },
            if held == 1 { "it" } else { "them" }
        ));
    }
    if let Some((_, value)) = world.chosen() {
        return Some(format!(
            "Nothing is in flight: \"{value}\" is chosen and this run is over. Propose again to \
             watch Paxos keep \"{value}\", or Reset."
        ));
    }
    let names = world.names();
    let waiting: Vec<String> = world
        .nodes()
        .iter()
        .filter(|node| !world.is_crashed(node.id))
        .filter_map(|node| {
            let who = names.node(node.id);
            match &node.roles.proposer.as_ref()?.phase {
                ProposerPhase::Idle => None,
                ProposerPhase::Preparing { promises, .. } => Some(format!(
                    "{who} waits in phase 1 with {} of the {} promises it needs",
                    promises.len(),
                    world.phase1_quorum()
                )),
                ProposerPhase::Accepting { n, .. } => Some(format!(
                    "{who} waits in phase 2 for {} acceptors to accept {}",
                    world.phase2_quorum(),
                    names.number(*n)
                )),
            }
        })
        .collect();
    if waiting.is_empty() {
        return Some(
            "Nothing is in flight: propose a value first, or Reset to start the scenario again."
                .to_string(),
        );
    }
    Some(format!(
        "Nothing is in flight, so nothing more can happen: {}. Real proposers retry after a \
         timeout; here, propose again to retry with a higher number.",
        waiting.join("; ")
    ))
}

fn node_view(world: &World, node: &Node) -> NodeView {
    let names = world.names();
    let name = names.node(node.id).to_string();
    let crashed = world.is_crashed(node.id);
    let mut roles = Vec::new();
    let proposer = node.roles.proposer.as_ref().map(|p| {
        roles.push("proposer");
        let (phase, number, value, promises) = match &p.phase {
            ProposerPhase::Idle => ("idle", None, None, 0),
            ProposerPhase::Preparing {
                n,
                my_value,
                promises,
            } => (
                "preparing",
                Some(names.number(*n)),
                Some(my_value.clone()),
                promises.len(),
            ),
            ProposerPhase::Accepting { n, value } => {
                ("accepting", Some(names.number(*n)), Some(value.clone()), 0)
            }
        };
        ProposerView {
            phase,
            number,
            value,
            promises,
            needed: world.phase1_quorum(),
            own_value: world.own_value(node.id).cloned(),
        }
    });
    let acceptor = node.roles.acceptor.as_ref().map(|a| {
        roles.push("acceptor");
        AcceptorView {
            promised_number: names.number_or_zero(a.promised_number),
            accepted_number: names.number_or_zero(a.accepted_number),
            accepted_value: a.accepted_value.clone(),
        }
    });
    let learned = node.roles.learner.as_ref().and_then(|l| {
        roles.push("learner");
        l.learned.as_ref().map(|(_, v)| v.clone())
    });
    let mut summary = format!(
        "{name}, {}, {}",
        join_words(&roles),
        if crashed { "crashed" } else { "running" }
    );
    if let Some(p) = &proposer {
        match (&p.number, &p.value) {
            (Some(n), Some(v)) if p.phase == "preparing" => {
                summary += &format!(
                    ", in phase 1 with {n} for \"{v}\", {} of {} promises",
                    p.promises, p.needed
                )
            }
            (Some(n), Some(v)) => {
                summary += &format!(", in phase 2, asked acceptors to accept {n} \"{v}\"")
            }
            _ => summary += ", no round in progress",
        }
    }
    if let Some(a) = &acceptor {
        summary += &format!(", promised {}", a.promised_number);
        match &a.accepted_value {
            Some(v) => summary += &format!(", accepted \"{v}\" under {}", a.accepted_number),
            None => summary += ", accepted nothing",
        }
    }
    if let Some(v) = &learned {
        summary += &format!(", learned \"{v}\"");
    }
    let mut details = Vec::new();
    if crashed {
        details.push("crashed".to_string());
    }
    if let Some(p) = &proposer {
        details.push(match (p.phase, &p.number, &p.value) {
            ("preparing", Some(n), _) => {
                format!("phase 1: {n}, {}/{} promises", p.promises, p.needed)
            }
            ("accepting", Some(n), Some(v)) => format!("phase 2: {n} {}", short_value(v)),
            _ => "no round".to_string(),
        });
    }
    if let Some(a) = &acceptor {
        details.push(format!("promised {}", a.promised_number));
        details.push(match &a.accepted_value {
            Some(v) => format!("accepted {} {}", a.accepted_number, short_value(v)),
            None => "accepted nothing".to_string(),
        });
    }
    if let Some(v) = &learned {
        details.push(format!("learned {}", short_value(v)));
    }
    if let Some(timer) = world.timers().iter().find(|t| t.node == node.id) {
        details.push(format!("retries at t={}", timer.fires_at));
    }
    NodeView {
        name,
        roles,
        crashed,
        proposer,
        acceptor,
        learned,
        summary,
        details,
    }
}

/// Words joined for reading: `a`, `a and b`, `a, b and c`.
fn join_words(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paxos::Rules;
    use crate::sim::{Action, EventKind};

    /// A timeline of the built-in `scenario` with seed 1, under `rules`.
    fn timeline(scenario: &str, rules: Rules) -> Timeline {
        let mut scenario = Scenario::named(scenario).unwrap();
        scenario.config.rules = rules;
        Timeline::from_scenario(&scenario, 1).unwrap()
    }

    /// Steps until nothing more happens on its own (at most a thousand steps).
    fn run_quiet(timeline: &mut Timeline) {
        for _ in 0..1000 {
            if timeline.world().next_event_at().is_none() {
                return;
            }
            timeline.apply(&Action::Step).unwrap();
        }
        panic!("the run did not go quiet");
    }

    fn propose(timeline: &mut Timeline, node: &str, value: &str) {
        let (node, value) = (node.to_string(), value.to_string());
        timeline.apply(&Action::Propose { node, value }).unwrap();
    }

    #[test]
    fn the_last_acceptor_survives_a_restart_and_follows_the_cursor() {
        let mut run = timeline("article", Rules::default());
        assert_eq!(
            state(&run).world.last_acceptor,
            None,
            "no acceptor has acted"
        );
        run.apply(&Action::Deliver { id: 1 }).unwrap(); // Prepare(1.P) to A
        assert_eq!(state(&run).world.last_acceptor.as_deref(), Some("A"));
        let crash_c = Action::Crash { node: "C".into() };
        run.apply(&crash_c).unwrap();
        run.apply(&Action::Restart { node: "C".into() }).unwrap();
        let shown = state(&run);
        assert_eq!(shown.world.last_node, None, "a restart runs no handler");
        assert_eq!(shown.world.last_acceptor.as_deref(), Some("A"));
        run.seek(1); // back to P's proposal: no acceptor had acted then
        assert_eq!(state(&run).world.last_acceptor, None);
        run.seek(run.actions().len());
        assert_eq!(state(&run).world.last_acceptor.as_deref(), Some("A"));
        run.apply(&Action::Deliver { id: 2 }).unwrap(); // Prepare(1.P) to B
        assert_eq!(state(&run).world.last_acceptor.as_deref(), Some("B"));
    }

    #[test]
    fn a_proposers_own_value_is_the_value_it_last_proposed() {
        let mut run = timeline("two-proposers", Rules::default());
        let own = |run: &Timeline, name: &str| {
            let view = state(run);
            let node = view.world.nodes.iter().find(|n| n.name == name).unwrap();
            node.proposer.as_ref().unwrap().own_value.clone()
        };
        assert_eq!(own(&run, "P").as_deref(), Some("Hello"));
        assert_eq!(own(&run, "Q").as_deref(), Some("World"));
        run.seek(0);
        assert_eq!(own(&run, "P"), None, "before P proposed");
        run.seek(run.actions().len());
        run_quiet(&mut run);
        // Q may have adopted "Hello"; its own value is still the one it proposed.
        assert_eq!(own(&run, "Q").as_deref(), Some("World"));
        propose(&mut run, "P", "Again");
        assert_eq!(own(&run, "P").as_deref(), Some("Again"));
    }

    #[test]
    fn only_a_second_value_chosen_is_flagged_safety_broken() {
        // Correct Paxos: proposing again chooses "Hello" again, which is no alarm.
        let mut correct = timeline("article", Rules::default());
        run_quiet(&mut correct);
        propose(&mut correct, "P", "World");
        run_quiet(&mut correct);
        let chosen: Vec<_> = correct
            .world()
            .log()
            .iter()
            .filter(|e| e.kind == EventKind::Chosen)
            .collect();
        assert_eq!(chosen.len(), 2, "chosen, then still chosen under 2.P");
        assert!(chosen.iter().all(|e| !e.safety_broken));
        // Switch 1: P's second round ignores the accepted "Hello" and gets "World" chosen.
        let rules = Rules {
            ignore_accepted_values: true,
            ..Rules::default()
        };
        let mut broken = timeline("article", rules);
        run_quiet(&mut broken);
        propose(&mut broken, "P", "World");
        run_quiet(&mut broken);
        let flags: Vec<bool> = broken
            .world()
            .log()
            .iter()
            .filter(|e| e.kind == EventKind::Chosen)
            .map(|e| e.safety_broken)
            .collect();
        assert_eq!(flags, [false, true]);
        // Only the flagged event carries the field, so other events' JSON is as before.
        let json: Vec<String> = broken
            .world()
            .log()
            .iter()
            .map(|e| serde_json::to_string(e).unwrap())
            .collect();
        assert_eq!(
            json.iter().filter(|e| e.contains("safetyBroken")).count(),
            1
        );
        assert!(json.iter().any(|e| e.contains("\"safetyBroken\":true")));
    }
}
