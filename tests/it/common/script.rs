//! Scenario scripts: a small command language that drives a [`World`] and writes a transcript.
//!
//! A script is text, one command a line; `#` starts a comment line. It first creates the world,
//! then acts on it and states what must hold:
//!
//! ```text
//! # The article's example, delivered in due order.
//! cluster P:pl A:a B:a C:a delay 2..4 seed 1
//! propose P Hello
//! run
//! expect chosen Hello
//! expect learned P Hello
//! expect safe
//! ```
//!
//! Creating the world:
//! - `scenario <name> [seed N]`: a built-in preset with its setup actions applied.
//! - `cluster <Name:roles>... [delay MIN..MAX] [loss PCT] [dup PCT] [retry TICKS [backoff TICKS]]
//!   [seed N]`: roles are letters `p` (proposer), `a` (acceptor), `l` (learner). The delay
//!   defaults to 2..4, the seed to 0.
//!
//! Acting (each an [`Action`] of the world, except `step` and `run`):
//! - `propose P Hello` (the value is the rest of the line), `deliver <id>`, `drop <id>`,
//!   `duplicate <id>`, `hold <id>`, `release <id>`, `crash A`, `restart A`, `cut A B`,
//!   `heal A B`, `heal all`, `partition A,B | C`.
//! - `step [N]`: deliver the next due message (or fire the next retry timer), N times;
//!   an error if nothing more can happen.
//! - `run`: step until nothing more can happen (at most [`RUN_LIMIT`] steps).
//!
//! Stating what must hold (a failed expectation fails the script):
//! - `expect chosen <value>` / `expect chosen none`
//! - `expect learned <node> <value>` / `expect learned <node> none`
//! - `expect node <node> <text>`: the node's one-sentence summary (as the page shows it)
//!   contains the text, e.g. `expect node A promised 2.P`.
//! - `expect event <text>`: an event the last acting command logged contains the text.
//!   `expect event [<kind>] <text>`: and that event is of this kind, as the page gets it
//!   (one of [`EVENT_KINDS`]), e.g. `expect event [lost] Prepare(1.P) from P to A is lost`.
//!   The transcript shows only the texts; this is how a script states an event's kind.
//! - `expect events <count>`: how many events the last acting command logged (0 for a refused
//!   one: a refusal changes nothing).
//! - `expect inflight <count>`: how many messages are in flight.
//! - `expect error <text>`: the command just before failed, with a message containing the text.
//!   A command that fails without this line right after it fails the script.
//! - `expect safe`: every safety invariant holds ([`check_safety`]). Safety is also checked after
//!   every command and every step of `run`; a violation always fails the script.
//!
//! The transcript echoes each line of the script; after a command come, indented, the events it
//! logged (`t=<time> <text>`), the messages it put in flight (`+ #id src → dst label, due t=N`)
//! and, if it failed, `error: <message>`. It ends with the final state: the messages in flight,
//! every node's summary, pending retry timers, cut links and the chosen value.

use paxos_playground::check::check_safety;
use paxos_playground::sim::{
    parse_groups, Action, Config, Event, Faults, NodeSpec, Retry, Scenario, World,
};
use paxos_playground::view::world_view;
use std::fmt::{self, Write as _};

/// The most steps one `run` takes before the script fails for a run that never goes quiet.
pub const RUN_LIMIT: usize = 10_000;

/// The kinds an `expect event [<kind>]` may name: the names of
/// [`EventKind`](paxos_playground::sim::EventKind) as the page receives them.
pub const EVENT_KINDS: [&str; 11] = [
    "propose",
    "deliver",
    "lost",
    "drop",
    "crash",
    "restart",
    "chosen",
    "duplicate",
    "hold",
    "cut",
    "heal",
];

/// The commands a line may start with, for error messages.
const COMMANDS: &str = "scenario, cluster, propose, step, run, deliver, drop, duplicate, hold, \
                        release, crash, restart, cut, heal, partition, expect";

/// One parsed line.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// A `#` comment or a blank line: echoed, nothing else.
    Comment,
    /// `scenario <name> [seed N]`.
    Scenario {
        /// The preset's name.
        name: String,
        /// The seed.
        seed: u64,
    },
    /// `cluster ...`.
    Cluster {
        /// The cluster.
        config: Config,
        /// The seed.
        seed: u64,
    },
    /// `step [N]`.
    Step(u32),
    /// `run`.
    Run,
    /// Any other acting command: one world action.
    Act(Action),
    /// `expect ...`.
    Expect(Expectation),
}

/// What an `expect` line states.
#[derive(Clone, Debug, PartialEq)]
pub enum Expectation {
    /// `expect chosen <value>|none`.
    Chosen(Option<String>),
    /// `expect learned <node> <value>|none`.
    Learned {
        /// The learner.
        node: String,
        /// What it learned.
        value: Option<String>,
    },
    /// `expect node <node> <text>`.
    Node {
        /// The node.
        node: String,
        /// Text its summary contains.
        text: String,
    },
    /// `expect event [<kind>] <text>`.
    Event {
        /// The kind the event must have, if the line names one.
        kind: Option<String>,
        /// Text the event contains.
        text: String,
    },
    /// `expect events <count>`.
    Events(usize),
    /// `expect inflight <count>`.
    InFlight(usize),
    /// `expect error <text>`.
    Error(String),
    /// `expect safe`.
    Safe,
}

/// A line of a script: its number (from 1), its text and its command.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// Line number, counting from 1.
    pub number: usize,
    /// The line as written, without surrounding whitespace.
    pub text: String,
    /// What it says.
    pub command: Command,
}

/// A line the parser could not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// Line number, counting from 1.
    pub line: usize,
    /// What is wrong and what is allowed.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Parses a whole script; the first malformed line is an error.
pub fn parse(source: &str) -> Result<Vec<Line>, ParseError> {
    source
        .lines()
        .enumerate()
        .map(|(index, raw)| {
            let text = raw.trim();
            parse_line(text)
                .map(|command| Line {
                    number: index + 1,
                    text: text.to_string(),
                    command,
                })
                .map_err(|message| ParseError {
                    line: index + 1,
                    message,
                })
        })
        .collect()
}

/// Parses one line (already trimmed).
pub fn parse_line(text: &str) -> Result<Command, String> {
    if text.is_empty() || text.starts_with('#') {
        return Ok(Command::Comment);
    }
    let (word, rest) = split_word(text);
    let mut words = rest.split_whitespace();
    let command = match word {
        "scenario" => {
            let name = need(words.next(), "scenario", "a preset name, e.g. article")?;
            let seed = parse_seed(&mut words, "scenario")?;
            Command::Scenario {
                name: name.to_string(),
                seed,
            }
        }
        "cluster" => return parse_cluster(rest),
        "propose" => {
            let (node, value) = split_word(rest);
            let node = need(Some(node).filter(|n| !n.is_empty()), "propose", "a node")?;
            let value = need(
                Some(value).filter(|v| !v.is_empty()),
                "propose",
                "a value after the node, e.g. propose P Hello",
            )?;
            return Ok(Command::Act(Action::Propose {
                node: node.to_string(),
                value: value.to_string(),
            }));
        }
        "step" => match words.next() {
            None => Command::Step(1),
            Some(count) => {
                let count: u32 = number(count, "step count")?;
                if count == 0 {
                    return Err("step count must be at least 1".to_string());
                }
                Command::Step(count)
            }
        },
        "run" => Command::Run,
        "deliver" | "drop" | "duplicate" | "hold" | "release" => {
            let id = need(words.next(), word, "a message id, e.g. 3")?;
            let id: u64 = number(id.trim_start_matches('#'), "message id")?;
            Command::Act(match word {
                "deliver" => Action::Deliver { id },
                "drop" => Action::Drop { id },
                "duplicate" => Action::Duplicate { id },
                "hold" => Action::Hold { id },
                _ => Action::Release { id },
            })
        }
        "crash" | "restart" => {
            let node = need(words.next(), word, "a node")?.to_string();
            Command::Act(if word == "crash" {
                Action::Crash { node }
            } else {
                Action::Restart { node }
            })
        }
        "heal" if rest == "all" => return Ok(Command::Act(Action::HealAll)),
        "cut" | "heal" => {
            let hint = "two nodes, the sender then the receiver, e.g. cut A B";
            let from = need(words.next(), word, hint)?.to_string();
            let to = need(words.next(), word, hint)?.to_string();
            Command::Act(if word == "cut" {
                Action::Cut { from, to }
            } else {
                Action::Heal { from, to }
            })
        }
        "partition" => {
            need(
                Some(rest).filter(|r| !r.is_empty()),
                "partition",
                "groups, e.g. partition A,B | C",
            )?;
            return Ok(Command::Act(Action::Partition {
                groups: parse_groups(rest),
            }));
        }
        "expect" => return parse_expect(rest).map(Command::Expect),
        _ => {
            return Err(format!(
                "unknown command {word:?}; the commands are {COMMANDS}"
            ))
        }
    };
    match words.next() {
        Some(extra) => Err(format!("unexpected {extra:?} after `{word}`")),
        None => Ok(command),
    }
}

fn parse_expect(text: &str) -> Result<Expectation, String> {
    let (what, rest) = split_word(text);
    let value_or_none = |v: &str| (v != "none").then(|| v.to_string());
    let kinds = "chosen, learned, node, event, events, inflight, error, safe";
    match what {
        "chosen" => {
            let value = need(nonempty(rest), "expect chosen", "a value or none")?;
            Ok(Expectation::Chosen(value_or_none(value)))
        }
        "learned" | "node" => {
            let (node, rest) = split_word(rest);
            let hint = if what == "learned" {
                "a node and a value (or none), e.g. expect learned P Hello"
            } else {
                "a node and the text its summary contains, e.g. expect node A promised 1.P"
            };
            let context = format!("expect {what}");
            let node = need(nonempty(node), &context, hint)?.to_string();
            let rest = need(nonempty(rest), &context, hint)?;
            Ok(if what == "learned" {
                Expectation::Learned {
                    node,
                    value: value_or_none(rest),
                }
            } else {
                Expectation::Node {
                    node,
                    text: rest.to_string(),
                }
            })
        }
        "event" => {
            let hint = "the text an event contains, after its kind if you name one, e.g. \
                        expect event [lost] Prepare(1.P)";
            let rest = need(nonempty(rest), "expect event", hint)?;
            let (kind, text) = match rest.strip_prefix('[') {
                Some(tail) => {
                    let (kind, text) = tail
                        .split_once(']')
                        .ok_or_else(|| "`expect event [` needs a `]` after the kind".to_string())?;
                    if !EVENT_KINDS.contains(&kind) {
                        return Err(format!(
                            "unknown event kind {kind:?}; the kinds are {}",
                            EVENT_KINDS.join(", ")
                        ));
                    }
                    (Some(kind.to_string()), text.trim())
                }
                None => (None, rest),
            };
            let text = need(nonempty(text), "expect event", hint)?.to_string();
            Ok(Expectation::Event { kind, text })
        }
        "inflight" => {
            let count = need(nonempty(rest), "expect inflight", "a count")?;
            Ok(Expectation::InFlight(number(count, "in-flight count")?))
        }
        "events" => {
            let count = need(nonempty(rest), "expect events", "a count")?;
            Ok(Expectation::Events(number(count, "event count")?))
        }
        "error" => Ok(Expectation::Error(
            need(
                nonempty(rest),
                "expect error",
                "the text the error contains",
            )?
            .to_string(),
        )),
        "safe" if rest.is_empty() => Ok(Expectation::Safe),
        "safe" => Err(format!("unexpected {rest:?} after `expect safe`")),
        "" => Err(format!("`expect` needs what to expect: one of {kinds}")),
        _ => Err(format!(
            "unknown expectation {what:?}; expect one of {kinds}"
        )),
    }
}

fn parse_cluster(text: &str) -> Result<Command, String> {
    let mut nodes = Vec::new();
    let mut config = Config {
        nodes: Vec::new(),
        delay_ticks_min: 2,
        delay_ticks_max: 4,
        faults: Faults::default(),
        rules: Default::default(),
    };
    let mut seed = 0;
    let mut words = text.split_whitespace().peekable();
    while let Some(word) = words.next() {
        match word {
            "delay" => {
                let range = need(words.next(), "delay", "a range of ticks, e.g. delay 2..4")?;
                let (min, max) = range
                    .split_once("..")
                    .ok_or_else(|| format!("bad delay {range:?}: write MIN..MAX, e.g. 2..4"))?;
                config.delay_ticks_min = number(min, "delay")?;
                config.delay_ticks_max = number(max, "delay")?;
            }
            "loss" => {
                let percent = need(words.next(), "loss", "a percentage, e.g. loss 10")?;
                config.faults.loss_percent = number(percent, "loss percentage")?;
            }
            "dup" => {
                let percent = need(words.next(), "dup", "a percentage, e.g. dup 5")?;
                config.faults.duplicate_percent = number(percent, "duplication percentage")?;
            }
            "retry" => {
                let timeout = need(words.next(), "retry", "a timeout in ticks, e.g. retry 8")?;
                let timeout_ticks = number(timeout, "retry timeout")?;
                let mut backoff_ticks_max = 0;
                if words.peek() == Some(&"backoff") {
                    words.next();
                    let backoff = need(words.next(), "backoff", "ticks, e.g. backoff 4")?;
                    backoff_ticks_max = number(backoff, "backoff")?;
                }
                config.faults.retry = Some(Retry {
                    timeout_ticks,
                    backoff_ticks_max,
                });
            }
            "seed" => {
                let value = need(words.next(), "seed", "a number")?;
                seed = number(value, "seed")?;
            }
            node => {
                let (name, roles) = node.split_once(':').ok_or_else(|| {
                    format!(
                        "bad node {node:?}: write Name:roles with roles from p (proposer), \
                         a (acceptor), l (learner), e.g. P:pl"
                    )
                })?;
                if let Some(bad) = roles.chars().find(|c| !"pal".contains(*c)) {
                    return Err(format!(
                        "bad role {bad:?} in {node:?}: roles are p (proposer), a (acceptor), \
                         l (learner)"
                    ));
                }
                nodes.push(NodeSpec::new(
                    name,
                    roles.contains('p'),
                    roles.contains('a'),
                    roles.contains('l'),
                ));
            }
        }
    }
    if nodes.is_empty() {
        return Err("`cluster` needs nodes, e.g. cluster P:pl A:a B:a C:a".to_string());
    }
    config.nodes = nodes;
    Ok(Command::Cluster { config, seed })
}

fn parse_seed<'a>(words: &mut impl Iterator<Item = &'a str>, after: &str) -> Result<u64, String> {
    match words.next() {
        None => Ok(0),
        Some("seed") => number(need(words.next(), "seed", "a number")?, "seed"),
        Some(other) => Err(format!(
            "unexpected {other:?} after `{after}`; only `seed N` may follow"
        )),
    }
}

/// The first word and the rest, trimmed.
fn split_word(text: &str) -> (&str, &str) {
    match text.split_once(char::is_whitespace) {
        Some((word, rest)) => (word, rest.trim()),
        None => (text, ""),
    }
}

fn nonempty(text: &str) -> Option<&str> {
    Some(text).filter(|t| !t.is_empty())
}

fn need<'a>(word: Option<&'a str>, command: &str, what: &str) -> Result<&'a str, String> {
    word.ok_or_else(|| format!("`{command}` is missing an argument: it needs {what}"))
}

fn number<T: std::str::FromStr>(text: &str, what: &str) -> Result<T, String> {
    text.parse()
        .map_err(|_| format!("bad number {text:?} for the {what}: expected a whole number"))
}

/// Runs the script `source` (called `name` in messages) and returns its transcript, or the
/// first failure: a malformed line, an unexpected error, a failed expectation or a safety
/// violation, each naming the script and the line.
pub fn run_script(name: &str, source: &str) -> Result<String, String> {
    let lines = parse(source).map_err(|e| format!("{name}:{}: {}", e.line, e.message))?;
    let mut interpreter = Interpreter::default();
    let mut transcript = String::new();
    let unexpected = |(number, text, message): (usize, String, String)| {
        format!(
            "{name}:{number}: `{text}` failed: {message} (if that is the point, say \
             `expect error ...` on the next line)"
        )
    };
    for line in &lines {
        let fail = |message: String| format!("{name}:{}: `{}`: {message}", line.number, line.text);
        transcript.push_str(&line.text);
        transcript.push('\n');
        // An error must be accounted for by the next command (comments may come between).
        if let Some(pending) = interpreter.pending_error.take() {
            match &line.command {
                Command::Comment => interpreter.pending_error = Some(pending),
                Command::Expect(Expectation::Error(want)) => {
                    let message = &pending.2;
                    if !message.contains(want.as_str()) {
                        return Err(fail(format!(
                            "the error was {message:?}, which does not contain {want:?}"
                        )));
                    }
                }
                _ => return Err(unexpected(pending)),
            }
            continue;
        }
        interpreter.execute(line, &mut transcript).map_err(fail)?;
    }
    if let Some(pending) = interpreter.pending_error {
        return Err(unexpected(pending));
    }
    let world = interpreter.world.as_ref().ok_or_else(|| {
        format!("{name}: the script never creates a world (start with scenario or cluster)")
    })?;
    transcript.push_str(&final_state(world));
    Ok(transcript)
}

/// Why an acting command did not complete.
enum Stop {
    /// The world (or the runner) refused it: an `expect error` may account for it.
    Refused(String),
    /// A safety violation: always fails the script.
    Unsafe(String),
}

impl From<String> for Stop {
    fn from(message: String) -> Self {
        Stop::Refused(message)
    }
}

#[derive(Default)]
struct Interpreter {
    world: Option<World>,
    /// The events the last acting command logged: kind (as the page names it) and text.
    last_events: Vec<(String, String)>,
    /// The last command's error, until an `expect error` accounts for it: line, text, message.
    pending_error: Option<(usize, String, String)>,
}

impl Interpreter {
    /// Runs one line, appending its output to `out`. A refused action is not returned as an
    /// error but kept pending for `expect error`; the returned error fails the script.
    fn execute(&mut self, line: &Line, out: &mut String) -> Result<(), String> {
        let command = match &line.command {
            Command::Comment => return Ok(()),
            Command::Expect(expectation) => return self.check(expectation),
            command => command,
        };
        let log_before = self.world.as_ref().map_or(0, |w| w.log().len());
        let max_id_before = self.world.as_ref().map_or(0, max_message_id);
        let result = self.act(command);
        let new_world =
            matches!(command, Command::Scenario { .. } | Command::Cluster { .. }) && result.is_ok();
        self.last_events.clear();
        if let Some(world) = &self.world {
            // A new world has its own log and ids: show everything its setup did.
            let (log_start, id_start) = if new_world {
                (0, 0)
            } else {
                (log_before, max_id_before)
            };
            let events = &world.log()[log_start..];
            self.last_events = events
                .iter()
                .map(|e| (kind_name(e), e.text.clone()))
                .collect();
            for event in events {
                writeln!(out, "  t={} {}", event.time, event.text).unwrap();
            }
            for m in world_view(world)
                .messages
                .iter()
                .filter(|m| m.id > id_start)
            {
                writeln!(
                    out,
                    "  + #{} {} → {} {}, due t={}",
                    m.id, m.src, m.dst, m.label, m.deliver_at
                )
                .unwrap();
            }
        }
        match result {
            Ok(()) => Ok(()),
            Err(Stop::Refused(message)) => {
                writeln!(out, "  error: {message}").unwrap();
                self.pending_error = Some((line.number, line.text.clone(), message));
                Ok(())
            }
            Err(Stop::Unsafe(message)) => Err(message),
        }
    }

    /// Applies an acting command. Safety is checked after it, and after every step of it.
    fn act(&mut self, command: &Command) -> Result<(), Stop> {
        match command {
            Command::Scenario { name, seed } => {
                let scenario = Scenario::named(name).map_err(|e| e.to_string())?;
                let world = World::from_scenario(&scenario, *seed).map_err(|e| e.to_string())?;
                self.world = Some(world);
            }
            Command::Cluster { config, seed } => {
                let world = World::new(config.clone(), *seed).map_err(|e| e.to_string())?;
                self.world = Some(world);
            }
            Command::Step(count) => {
                let world = self.world_mut()?;
                for done in 0..*count {
                    if !world.step().map_err(|e| e.to_string())? {
                        return Err(Stop::Refused(format!(
                            "nothing more can happen (after {done} of {count} steps): no message \
                             is due and no retry timer is pending"
                        )));
                    }
                    safe(world)?;
                }
            }
            Command::Run => {
                let world = self.world_mut()?;
                let mut quiet = false;
                for _ in 0..RUN_LIMIT {
                    if !world.step().map_err(|e| e.to_string())? {
                        quiet = true;
                        break;
                    }
                    safe(world)?;
                }
                if !quiet {
                    return Err(Stop::Refused(format!(
                        "the run did not go quiet within {RUN_LIMIT} steps"
                    )));
                }
            }
            Command::Act(action) => {
                let world = self.world_mut()?;
                world.apply(action).map_err(|e| e.to_string())?;
            }
            Command::Comment | Command::Expect(_) => unreachable!("handled by execute"),
        }
        match &self.world {
            Some(world) => safe(world),
            None => Ok(()),
        }
    }

    fn world_mut(&mut self) -> Result<&mut World, String> {
        self.world
            .as_mut()
            .ok_or_else(|| "there is no world yet: start with scenario or cluster".to_string())
    }

    fn check(&self, expectation: &Expectation) -> Result<(), String> {
        if let Expectation::Error(want) = expectation {
            return Err(format!(
                "expected the command before to fail with {want:?}, but it succeeded"
            ));
        }
        let world = self
            .world
            .as_ref()
            .ok_or_else(|| "there is no world yet: start with scenario or cluster".to_string())?;
        let show = |value: Option<&String>| value.map_or("none".to_string(), |v| format!("{v:?}"));
        match expectation {
            Expectation::Chosen(want) => {
                let got = world.chosen().map(|(_, v)| v);
                if got != want.as_ref() {
                    return Err(format!(
                        "expected chosen {}, but chosen is {}",
                        show(want.as_ref()),
                        show(got)
                    ));
                }
            }
            Expectation::Learned { node, value } => {
                let id = world.node_id(node).map_err(|e| e.to_string())?;
                let learner = world.nodes()[usize::from(id.0)]
                    .roles
                    .learner
                    .as_ref()
                    .ok_or_else(|| format!("{node} is not a learner"))?;
                let got = learner.learned.as_ref().map(|(_, v)| v);
                if got != value.as_ref() {
                    return Err(format!(
                        "expected {node} to have learned {}, but it learned {}",
                        show(value.as_ref()),
                        show(got)
                    ));
                }
            }
            Expectation::Node { node, text } => {
                let view = world_view(world);
                let summary = &view
                    .nodes
                    .iter()
                    .find(|n| &n.name == node)
                    .ok_or_else(|| format!("there is no node {node:?}"))?
                    .summary;
                if !summary.contains(text.as_str()) {
                    return Err(format!(
                        "expected {node}'s summary to contain {text:?}, but it is {summary:?}"
                    ));
                }
            }
            Expectation::Event { kind, text } => {
                let matches = |(event_kind, event_text): &(String, String)| {
                    event_text.contains(text.as_str())
                        && kind.as_ref().is_none_or(|kind| kind == event_kind)
                };
                if !self.last_events.iter().any(matches) {
                    let of_kind = kind
                        .as_ref()
                        .map_or(String::new(), |kind| format!(" of kind {kind}"));
                    return Err(format!(
                        "expected an event{of_kind} of the last command to contain {text:?}; its \
                         events are {:?}",
                        self.last_events
                    ));
                }
            }
            Expectation::Events(count) => {
                if self.last_events.len() != *count {
                    let texts: Vec<&String> = self.last_events.iter().map(|(_, t)| t).collect();
                    return Err(format!(
                        "expected the last command to log {count} events, but it logged {texts:?}"
                    ));
                }
            }
            Expectation::InFlight(count) => {
                let got = world.network().in_flight().len();
                if got != *count {
                    return Err(format!("expected {count} in flight, but {got} are"));
                }
            }
            Expectation::Safe => check_safety(world).map_err(|v| v.to_string())?,
            Expectation::Error(_) => unreachable!("handled above"),
        }
        Ok(())
    }
}

/// The name of `event`'s kind as the page receives it (its serde name), e.g. `lost`.
fn kind_name(event: &Event) -> String {
    let name = serde_json::to_value(event.kind).expect("an event kind serializes");
    name.as_str()
        .expect("an event kind is a string")
        .to_string()
}

/// Checks safety; a violation names the seed to replay it with.
fn safe(world: &World) -> Result<(), Stop> {
    check_safety(world)
        .map_err(|v| Stop::Unsafe(format!("{v} (replay with seed {})", world.seed())))
}

fn max_message_id(world: &World) -> u64 {
    world
        .network()
        .in_flight()
        .iter()
        .map(|e| e.id)
        .max()
        .unwrap_or(0)
}

/// The state at the end of a script, for the transcript.
fn final_state(world: &World) -> String {
    let view = world_view(world);
    let mut out = String::new();
    writeln!(
        out,
        "\n=== final state at t={} after {} actions",
        view.time, view.steps
    )
    .unwrap();
    if view.messages.is_empty() {
        writeln!(out, "in flight: none").unwrap();
    } else {
        writeln!(out, "in flight:").unwrap();
        for m in &view.messages {
            writeln!(
                out,
                "  #{} {} → {} {}, sent t={}, due t={}{}",
                m.id,
                m.src,
                m.dst,
                m.label,
                m.sent_at,
                m.deliver_at,
                if m.held { ", held" } else { "" }
            )
            .unwrap();
        }
    }
    writeln!(out, "nodes:").unwrap();
    for node in &view.nodes {
        writeln!(out, "  {}", node.summary).unwrap();
    }
    for timer in world.timers() {
        writeln!(
            out,
            "retry timer: {} retries at t={} (retry {})",
            world.names().node(timer.node),
            timer.fires_at,
            timer.attempt + 1
        )
        .unwrap();
    }
    if !view.cut_links.is_empty() {
        let links: Vec<String> = view
            .cut_links
            .iter()
            .map(|l| format!("{} → {}", l.from, l.to))
            .collect();
        writeln!(out, "cut links: {}", links.join(", ")).unwrap();
    }
    match &view.chosen {
        Some(chosen) => writeln!(out, "chosen: \"{}\" under {}", chosen.value, chosen.number),
        None => writeln!(out, "chosen: none"),
    }
    .unwrap();
    out
}
