//! A small JSON writer for what the wasm facade hands to the page. It writes exactly what
//! `serde_json::to_string` writes for the same types (tests/json.rs checks this), but with
//! one non-generic writer and a list of fields per type instead of serde's code per type and
//! format, which made the page's wasm module 13 KB (4.7 KB gzipped) smaller. The facade parses
//! the text with `JSON.parse`, which gives the page the same objects as before.

use crate::check::InvariantStatus;
use crate::paxos::{MessageKind, Rules};
use crate::sim::{
    Action, Config, Event, EventKind, Faults, MessageRef, NodeSpec, Retry, Run, RunFile,
};
use crate::view::{
    AcceptorView, BrokenLine, ChosenView, LinkView, MessageView, NodeView, ProposerView,
    PseudocodeLine, RulesView, ScenarioView, StateView, WorldView,
};

/// Something that writes itself as JSON.
pub trait ToJson {
    /// Appends this value's JSON to `out`.
    fn write_json(&self, out: &mut String);
}

/// The JSON text of `value`, as `serde_json::to_string` would write it.
pub fn to_json<T: ToJson + ?Sized>(value: &T) -> String {
    let mut out = String::new();
    value.write_json(&mut out);
    out
}

type Fields<'a> = [(&'a str, Option<&'a dyn ToJson>)];

/// Writes an object with `fields` in order; a field whose value is None is left out.
fn object(out: &mut String, fields: &Fields<'_>) {
    out.push('{');
    write_fields(out, fields, true);
    out.push('}');
}

/// Writes `fields` (key and value, separated by commas), `first` when none was written yet.
/// Returns whether still none was written.
fn write_fields(out: &mut String, fields: &Fields<'_>, mut first: bool) -> bool {
    for (key, value) in fields {
        let Some(value) = value else { continue };
        if !first {
            out.push(',');
        }
        first = false;
        key.write_json(out);
        out.push(':');
        value.write_json(out);
    }
    first
}

/// A field that is always written.
fn f<'a>(key: &'a str, value: &'a dyn ToJson) -> (&'a str, Option<&'a dyn ToJson>) {
    (key, Some(value))
}

/// Writes a unit enum variant: its name as a string.
fn unit(out: &mut String, name: &str) {
    name.write_json(out);
}

/// Writes an externally tagged struct variant: `{"name":{fields}}`.
fn variant(out: &mut String, name: &str, fields: &Fields<'_>) {
    out.push('{');
    name.write_json(out);
    out.push(':');
    object(out, fields);
    out.push('}');
}

fn number(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(d as char);
    }
}

impl ToJson for str {
    /// Escapes as serde_json does: `"`, `\`, and control characters (short forms where JSON
    /// has them, else `\u00XX` in lower-case hex).
    fn write_json(&self, out: &mut String) {
        out.push('"');
        for c in self.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\u{8}' => out.push_str("\\b"),
                '\u{c}' => out.push_str("\\f"),
                c if (c as u32) < 0x20 => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    out.push_str("\\u00");
                    out.push(HEX[(c as usize) >> 4] as char);
                    out.push(HEX[(c as usize) & 0xf] as char);
                }
                c => out.push(c),
            }
        }
        out.push('"');
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut String) {
        self.as_str().write_json(out);
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

macro_rules! unsigned {
    ($($t:ty),*) => {$(
        impl ToJson for $t {
            fn write_json(&self, out: &mut String) {
                number(out, *self as u64);
            }
        }
    )*};
}
unsigned!(u8, u32, u64, usize);

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, out: &mut String) {
        (**self).write_json(out);
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut String) {
        match self {
            Some(value) => value.write_json(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            item.write_json(out);
        }
        out.push(']');
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        self.as_slice().write_json(out);
    }
}

impl WorldView {
    fn fields(&self) -> [(&str, Option<&dyn ToJson>); 11] {
        [
            f("time", &self.time),
            f("steps", &self.steps),
            f("nodes", &self.nodes),
            f("messages", &self.messages),
            f("chosen", &self.chosen),
            f("lastNode", &self.last_node),
            f("lastLines", &self.last_lines),
            f("nextDueAt", &self.next_due_at),
            f("cutLinks", &self.cut_links),
            f("logLength", &self.log_length),
            f("quietReason", &self.quiet_reason),
        ]
    }
}

impl ToJson for WorldView {
    fn write_json(&self, out: &mut String) {
        object(out, &self.fields());
    }
}

impl ToJson for StateView {
    fn write_json(&self, out: &mut String) {
        out.push('{');
        let first = write_fields(out, &self.world.fields(), true);
        write_fields(
            out,
            &[
                f("position", &self.position),
                f("length", &self.length),
                f("invariants", &self.invariants),
            ],
            first,
        );
        out.push('}');
    }
}

impl ToJson for NodeView {
    fn write_json(&self, out: &mut String) {
        object(
            out,
            &[
                f("name", &self.name),
                f("roles", &self.roles),
                f("crashed", &self.crashed),
                f("proposer", &self.proposer),
                f("acceptor", &self.acceptor),
                f("learned", &self.learned),
                f("summary", &self.summary),
                f("details", &self.details),
            ],
        );
    }
}

impl ToJson for ProposerView {
    fn write_json(&self, out: &mut String) {
        object(
            out,
            &[
                f("phase", &self.phase),
                f("number", &self.number),
                f("value", &self.value),
                f("promises", &self.promises),
                f("needed", &self.needed),
            ],
        );
    }
}

impl ToJson for AcceptorView {
    fn write_json(&self, out: &mut String) {
        object(
            out,
            &[
                f("promisedNumber", &self.promised_number),
                f("acceptedNumber", &self.accepted_number),
                f("acceptedValue", &self.accepted_value),
            ],
        );
    }
}

impl ToJson for MessageView {
    fn write_json(&self, out: &mut String) {
        object(
            out,
            &[
                f("id", &self.id),
                f("src", &self.src),
                f("dst", &self.dst),
                f("kind", &self.kind),
                f("label", &self.label),
                f("shortLabel", &self.short_label),
                f("sentAt", &self.sent_at),
                f("deliverAt", &self.deliver_at),
                f("held", &self.held),
            ],
        );
    }
}

impl ToJson for MessageKind {
    fn write_json(&self, out: &mut String) {
        let name = match self {
            MessageKind::Prepare => "Prepare",
            MessageKind::Promise => "Promise",
            MessageKind::Accept => "Accept",
            MessageKind::Accepted => "Accepted",
            MessageKind::Nack => "Nack",
        };
        unit(out, name);
    }
}

impl ToJson for LinkView {
    fn write_json(&self, out: &mut String) {
        object(out, &[f("from", &self.from), f("to", &self.to)]);
    }
}

impl ToJson for ChosenView {
    fn write_json(&self, out: &mut String) {
        object(out, &[f("value", &self.value), f("number", &self.number)]);
    }
}

impl ToJson for InvariantStatus {
    fn write_json(&self, out: &mut String) {
        object(
            out,
            &[
                f("property", &self.property),
                f("rule", &self.rule),
                f("brokenAt", &self.broken_at),
                f("detail", &self.detail),
            ],
        );
    }
}

impl ToJson for PseudocodeLine {
    fn write_json(&self, out: &mut String) {
        object(
            out,
            &[f("text", &self.text), f("executable", &self.executable)],
        );
    }
}

impl ToJson for ScenarioView {
    fn write_json(&self, out: &mut String) {
        object(
            out,
            &[
                f("name", &self.name),
                f("title", &self.title),
                f("description", &self.description),
            ],
        );
    }
}

impl ToJson for BrokenLine {
    fn write_json(&self, out: &mut String) {
        object(out, &[f("line", &self.line), f("how", &self.how)]);
    }
}

impl ToJson for RulesView {
    fn write_json(&self, out: &mut String) {
        object(
            out,
            &[
                f("rules", &self.rules),
                f("acceptors", &self.acceptors),
                f("phase1Quorum", &self.phase1_quorum),
                f("phase2Quorum", &self.phase2_quorum),
                f("quorumsIntersect", &self.quorums_intersect),
                f("brokenLines", &self.broken_lines),
            ],
        );
    }
}

impl ToJson for Rules {
    fn write_json(&self, out: &mut String) {
        object(
            out,
            &[
                f("ignoreAcceptedValues", &self.ignore_accepted_values),
                f("roundOnlyNumbers", &self.round_only_numbers),
                f("forgetOnCrash", &self.forget_on_crash),
                f("minorityPromises", &self.minority_promises),
                f("acceptBelowPromise", &self.accept_below_promise),
                f("phase1Quorum", &self.phase1_quorum),
                f("phase2Quorum", &self.phase2_quorum),
            ],
        );
    }
}

impl ToJson for Event {
    fn write_json(&self, out: &mut String) {
        object(
            out,
            &[
                f("step", &self.step),
                f("time", &self.time),
                f("kind", &self.kind),
                f("text", &self.text),
                ("message", self.message.as_ref().map(|m| m as &dyn ToJson)),
                ("node", self.node.as_ref().map(|n| n as &dyn ToJson)),
                ("copyId", self.copy_id.as_ref().map(|c| c as &dyn ToJson)),
            ],
        );
    }
}

impl ToJson for EventKind {
    fn write_json(&self, out: &mut String) {
        let name = match self {
            EventKind::Propose => "propose",
            EventKind::Deliver => "deliver",
            EventKind::Lost => "lost",
            EventKind::Drop => "drop",
            EventKind::Crash => "crash",
            EventKind::Restart => "restart",
            EventKind::Chosen => "chosen",
            EventKind::Duplicate => "duplicate",
            EventKind::Hold => "hold",
            EventKind::Cut => "cut",
            EventKind::Heal => "heal",
        };
        unit(out, name);
    }
}

impl ToJson for MessageRef {
    fn write_json(&self, out: &mut String) {
        object(
            out,
            &[
                f("id", &self.id),
                f("src", &self.src),
                f("dst", &self.dst),
                f("kind", &self.kind),
                f("label", &self.label),
                f("sentAt", &self.sent_at),
            ],
        );
    }
}

impl ToJson for RunFile {
    fn write_json(&self, out: &mut String) {
        object(
            out,
            &[
                f("format", &self.format),
                f("version", &self.version),
                f("run", &self.run),
            ],
        );
    }
}

impl ToJson for Run {
    fn write_json(&self, out: &mut String) {
        object(
            out,
            &[
                f("config", &self.config),
                f("seed", &self.seed),
                f("actions", &self.actions),
                f("position", &self.position),
            ],
        );
    }
}

impl ToJson for Config {
    fn write_json(&self, out: &mut String) {
        object(
            out,
            &[
                f("nodes", &self.nodes),
                f("delay_ticks_min", &self.delay_ticks_min),
                f("delay_ticks_max", &self.delay_ticks_max),
                f("faults", &self.faults),
                f("rules", &self.rules),
            ],
        );
    }
}

impl ToJson for NodeSpec {
    fn write_json(&self, out: &mut String) {
        object(
            out,
            &[
                f("name", &self.name),
                f("proposer", &self.proposer),
                f("acceptor", &self.acceptor),
                f("learner", &self.learner),
            ],
        );
    }
}

impl ToJson for Faults {
    fn write_json(&self, out: &mut String) {
        object(
            out,
            &[
                f("loss_percent", &self.loss_percent),
                f("duplicate_percent", &self.duplicate_percent),
                f("retry", &self.retry),
            ],
        );
    }
}

impl ToJson for Retry {
    fn write_json(&self, out: &mut String) {
        object(
            out,
            &[
                f("timeout_ticks", &self.timeout_ticks),
                f("backoff_ticks_max", &self.backoff_ticks_max),
            ],
        );
    }
}

impl ToJson for Action {
    fn write_json(&self, out: &mut String) {
        match self {
            Action::Propose { node, value } => {
                variant(out, "propose", &[f("node", node), f("value", value)])
            }
            Action::Step => unit(out, "step"),
            Action::AdvanceTo { time } => variant(out, "advanceTo", &[f("time", time)]),
            Action::Deliver { id } => variant(out, "deliver", &[f("id", id)]),
            Action::Drop { id } => variant(out, "drop", &[f("id", id)]),
            Action::Crash { node } => variant(out, "crash", &[f("node", node)]),
            Action::Restart { node } => variant(out, "restart", &[f("node", node)]),
            Action::Duplicate { id } => variant(out, "duplicate", &[f("id", id)]),
            Action::Hold { id } => variant(out, "hold", &[f("id", id)]),
            Action::Release { id } => variant(out, "release", &[f("id", id)]),
            Action::Cut { from, to } => variant(out, "cut", &[f("from", from), f("to", to)]),
            Action::Heal { from, to } => variant(out, "heal", &[f("from", from), f("to", to)]),
            Action::Partition { groups } => variant(out, "partition", &[f("groups", groups)]),
            Action::HealAll => unit(out, "healAll"),
        }
    }
}
