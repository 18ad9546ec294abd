//! Reads the objects the page passes in (settings, rules, run files) from JavaScript values.
//! It accepts and refuses exactly what `serde_wasm_bindgen::from_value` did, with the same
//! error messages (tests/web.rs compares the two on many odd inputs), in far less code: one
//! reader per type instead of serde's visitors per type and format, and no Rust float
//! formatting (numbers are written with JavaScript's help).
//!
//! An error is the message as the facade printed serde_wasm_bindgen's error: `Error: ` and
//! serde's text, or a JavaScript exception as `String(e)` gives it.

use crate::paxos::Rules;
use crate::sim::{Action, Config, Faults, NodeSpec, Retry, Run, RunFile, Settings};
use js_sys::{Array, ArrayBuffer, Number, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

type Read<T> = Result<T, String>;

#[wasm_bindgen]
extern "C" {
    /// JavaScript's `String(value)`.
    #[wasm_bindgen(js_name = String)]
    fn js_string(value: &JsValue) -> String;
    /// A JavaScript number.
    type JsNumber;
    /// `number.toExponential()`: the shortest digits that read back as the same number.
    #[wasm_bindgen(method, js_name = toExponential)]
    fn to_exponential(this: &JsNumber) -> String;
}

/// An error as serde's `Error::custom(message)`, printed by the facade.
fn custom(message: String) -> String {
    format!("Error: {message}")
}

/// What serde calls a value of the wrong type, as serde_wasm_bindgen described it.
fn unexpected(value: &JsValue) -> String {
    if value.loose_eq(&JsValue::NULL) {
        "unit value".to_string()
    } else if let Some(b) = value.as_bool() {
        format!("boolean `{b}`")
    } else if let Some(x) = value.as_f64() {
        let mut text = display_f64(x);
        if x.is_finite() && !text.contains('.') {
            text.push_str(".0");
        }
        format!("floating point `{text}`")
    } else if let Some(s) = value.as_string() {
        format!("string {s:?}")
    } else if value.is_instance_of::<Uint8Array>() || value.is_instance_of::<ArrayBuffer>() {
        "byte array".to_string()
    } else {
        format!("{value:?}")
    }
}

fn invalid_type(value: &JsValue, expected: &str) -> String {
    custom(format!(
        "invalid type: {}, expected {expected}",
        unexpected(value)
    ))
}

/// `x` (positive and finite) as JavaScript's `x.toExponential()` writes it, e.g. `1.25e+21`.
fn exponential(x: f64) -> String {
    JsValue::from_f64(x)
        .unchecked_into::<JsNumber>()
        .to_exponential()
}

/// `x` as Rust's `{}` writes it: the shortest digits that read back as `x`, never with an
/// exponent (`1000000000000000000000`, `0.0000001`), `NaN`, `inf`, `-inf`, `-0`.
pub(super) fn display_f64(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_string();
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x.is_infinite() {
        return format!("{sign}inf");
    }
    if x == 0.0 {
        return format!("{sign}0");
    }
    // JavaScript writes e.g. `-1.25e+21`: split it into digits and a power of ten.
    let exp = exponential(x.abs());
    let (mantissa, power) = exp.split_once('e').unwrap_or((&exp, "0"));
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let point = power.trim_start_matches('+').parse::<i64>().unwrap_or(0) + 1;
    let len = digits.len() as i64;
    let text = if point <= 0 {
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    } else if point >= len {
        format!("{digits}{}", "0".repeat((point - len) as usize))
    } else {
        let (int, frac) = digits.split_at(point as usize);
        format!("{int}.{frac}")
    };
    format!("{sign}{text}")
}

/// `x` as Rust's `{:e}` writes it: `2e99`, `-1.5e20`, `inf`.
pub(super) fn lower_exp_f64(x: f64) -> String {
    if !x.is_finite() {
        return display_f64(x);
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    let exp = exponential(x.abs()).replace("e+", "e");
    format!("{sign}{exp}")
}

/// A whole number from 0 to `max`, named `name` as serde names the type (`u8`, `usize`).
fn unsigned(value: &JsValue, max: u64, name: &str) -> Read<u64> {
    if Number::is_safe_integer(value) {
        let n = value.unchecked_into_f64() as i64;
        if n >= 0 {
            if n as u64 > max {
                return Err(custom(format!(
                    "invalid value: integer `{n}`, expected {name}"
                )));
            }
            return Ok(n as u64);
        }
    }
    Err(invalid_type(value, name))
}

/// A whole number read as serde reads a `u64` (a BigInt too) and then checks it is at most
/// `max` (serde reads a `usize` this way).
fn wide(value: &JsValue, max: u64, name: &str) -> Read<u64> {
    if value.is_bigint() {
        let n = u64::try_from(value.clone()).map_err(|_| {
            custom(
                "Couldn't deserialize u64 from a BigInt outside u64::MIN..u64::MAX bounds"
                    .to_string(),
            )
        })?;
        if n > max {
            return Err(custom(format!(
                "invalid value: integer `{n}`, expected {name}"
            )));
        }
        return Ok(n);
    }
    unsigned(value, max, name)
}

fn u64_(value: &JsValue) -> Read<u64> {
    wide(value, u64::MAX, "u64")
}

fn u32_(value: &JsValue) -> Read<u32> {
    unsigned(value, u32::MAX.into(), "u32").map(|n| n as u32)
}

fn u8_(value: &JsValue) -> Read<u8> {
    unsigned(value, u8::MAX.into(), "u8").map(|n| n as u8)
}

fn usize_(value: &JsValue) -> Read<usize> {
    wide(value, usize::MAX as u64, "usize").map(|n| n as usize)
}

fn bool_(value: &JsValue) -> Read<bool> {
    value
        .as_bool()
        .ok_or_else(|| invalid_type(value, "a boolean"))
}

fn string(value: &JsValue) -> Read<String> {
    value
        .as_string()
        .ok_or_else(|| invalid_type(value, "a string"))
}

fn option<T>(value: &JsValue, read: impl Fn(&JsValue) -> Read<T>) -> Read<Option<T>> {
    if value.loose_eq(&JsValue::NULL) {
        Ok(None)
    } else {
        read(value).map(Some)
    }
}

/// An array, or any other iterable, read item by item.
fn seq<T>(value: &JsValue, read: impl Fn(&JsValue) -> Read<T>) -> Read<Vec<T>> {
    if Array::is_array(value) {
        let array: &Array = value.unchecked_ref();
        return array.iter().map(|item| read(&item)).collect();
    }
    match js_sys::try_iter(value) {
        Err(e) => Err(js_string(&e)),
        Ok(Some(items)) => items
            .map(|item| read(&item.map_err(|e| js_string(&e))?))
            .collect(),
        Ok(None) => Err(invalid_type(value, "a sequence")),
    }
}

/// An object read as a struct with named fields: the fields present are read in the struct's
/// order (an error in one is reported first); then the first required field missing is.
struct Fields {
    object: JsValue,
    missing: Option<&'static str>,
}

impl Fields {
    fn of(value: &JsValue, what: &str) -> Read<Fields> {
        if !value.is_object() {
            return Err(invalid_type(value, what));
        }
        Ok(Fields {
            object: value.clone(),
            missing: None,
        })
    }

    /// The field's value, or None if the object has no such property.
    fn get(&self, key: &str) -> Read<Option<JsValue>> {
        let key = JsValue::from_str(key);
        let value = Reflect::get(&self.object, &key).map_err(|e| js_string(&e))?;
        if value.is_undefined() && !Reflect::has(&self.object, &key).map_err(|e| js_string(&e))? {
            return Ok(None);
        }
        Ok(Some(value))
    }

    /// A required field (its default while missing; `done` reports it).
    fn req<T: Default>(
        &mut self,
        key: &'static str,
        read: impl Fn(&JsValue) -> Read<T>,
    ) -> Read<T> {
        match self.get(key)? {
            Some(value) => read(&value),
            None => {
                self.missing.get_or_insert(key);
                Ok(T::default())
            }
        }
    }

    /// A field that takes its default when missing (an `Option`, or `#[serde(default)]`).
    fn or_default<T: Default>(
        &mut self,
        key: &'static str,
        read: impl Fn(&JsValue) -> Read<T>,
    ) -> Read<T> {
        match self.get(key)? {
            Some(value) => read(&value),
            None => Ok(T::default()),
        }
    }

    fn done(self) -> Read<()> {
        match self.missing {
            Some(key) => Err(custom(format!("missing field `{key}`"))),
            None => Ok(()),
        }
    }
}

/// The settings form's object (see [`Settings`]).
pub(super) fn settings(value: &JsValue) -> Read<Settings> {
    let mut o = Fields::of(value, "struct Settings")?;
    let settings = Settings {
        acceptors: o.req("acceptors", usize_)?,
        proposers: o.req("proposers", usize_)?,
        values: o.req("values", |v| seq(v, string))?,
        separate_learners: o.req("separateLearners", bool_)?,
        delay_min: o.req("delayMin", u64_)?,
        delay_max: o.req("delayMax", u64_)?,
        loss_percent: o.req("lossPercent", u8_)?,
        duplicate_percent: o.req("duplicatePercent", u8_)?,
        retry_timeout: o.or_default("retryTimeout", |v| option(v, u64_))?,
        retry_backoff: o.req("retryBackoff", u64_)?,
    };
    o.done()?;
    Ok(settings)
}

/// The "Break Paxos" rules (see [`Rules`]); every field is optional.
pub(super) fn rules(value: &JsValue) -> Read<Rules> {
    let mut o = Fields::of(value, "struct Rules")?;
    Ok(Rules {
        ignore_accepted_values: o.or_default("ignoreAcceptedValues", bool_)?,
        round_only_numbers: o.or_default("roundOnlyNumbers", bool_)?,
        forget_on_crash: o.or_default("forgetOnCrash", bool_)?,
        minority_promises: o.or_default("minorityPromises", bool_)?,
        accept_below_promise: o.or_default("acceptBelowPromise", bool_)?,
        phase1_quorum: o.or_default("phase1Quorum", |v| option(v, u8_))?,
        phase2_quorum: o.or_default("phase2Quorum", |v| option(v, u8_))?,
    })
}

/// A run file's object, as `exportRun` makes it (see [`RunFile`]).
pub(super) fn run_file(value: &JsValue) -> Read<RunFile> {
    let mut o = Fields::of(value, "struct RunFile")?;
    let format = o.req("format", string)?;
    let version = o.req("version", u32_)?;
    let run = o.req("run", |v| run(v).map(Some))?;
    o.done()?;
    Ok(RunFile {
        format,
        version,
        run: run.ok_or_else(String::new)?,
    })
}

fn run(value: &JsValue) -> Read<Run> {
    let mut o = Fields::of(value, "struct Run")?;
    let config = o.req("config", |v| config(v).map(Some))?;
    let seed = o.req("seed", u64_)?;
    let actions = o.req("actions", |v| seq(v, action))?;
    let position = o.req("position", usize_)?;
    o.done()?;
    Ok(Run {
        config: config.ok_or_else(String::new)?,
        seed,
        actions,
        position,
    })
}

fn config(value: &JsValue) -> Read<Config> {
    let mut o = Fields::of(value, "struct Config")?;
    let config = Config {
        nodes: o.req("nodes", |v| seq(v, node))?,
        delay_ticks_min: o.req("delay_ticks_min", u64_)?,
        delay_ticks_max: o.req("delay_ticks_max", u64_)?,
        faults: o.or_default("faults", faults)?,
        rules: o.or_default("rules", rules)?,
    };
    o.done()?;
    Ok(config)
}

fn node(value: &JsValue) -> Read<NodeSpec> {
    let mut o = Fields::of(value, "struct NodeSpec")?;
    let node = NodeSpec {
        name: o.req("name", string)?,
        proposer: o.req("proposer", bool_)?,
        acceptor: o.req("acceptor", bool_)?,
        learner: o.req("learner", bool_)?,
    };
    o.done()?;
    Ok(node)
}

fn faults(value: &JsValue) -> Read<Faults> {
    let mut o = Fields::of(value, "struct Faults")?;
    let faults = Faults {
        loss_percent: o.req("loss_percent", u8_)?,
        duplicate_percent: o.req("duplicate_percent", u8_)?,
        retry: o.or_default("retry", |v| option(v, retry))?,
    };
    o.done()?;
    Ok(faults)
}

fn retry(value: &JsValue) -> Read<Retry> {
    let mut o = Fields::of(value, "struct Retry")?;
    let retry = Retry {
        timeout_ticks: o.req("timeout_ticks", u64_)?,
        backoff_ticks_max: o.req("backoff_ticks_max", u64_)?,
    };
    o.done()?;
    Ok(retry)
}

/// The actions' names in a run file, in the order serde lists them.
const ACTIONS: [&str; 14] = [
    "propose",
    "step",
    "advanceTo",
    "deliver",
    "drop",
    "crash",
    "restart",
    "duplicate",
    "hold",
    "release",
    "cut",
    "heal",
    "partition",
    "healAll",
];

/// An action: `"step"` or `"healAll"`, or an object with one key, the action's name, whose
/// value holds its fields, e.g. `{ "crash": { "node": "A" } }`.
fn action(value: &JsValue) -> Read<Action> {
    let (tag, payload) = if value.is_string() {
        (value.clone(), JsValue::UNDEFINED)
    } else if value.is_object() {
        let entries = js_sys::Object::entries(value.unchecked_ref());
        if entries.length() != 1 {
            return Err(custom(format!(
                "invalid length {}, expected 1",
                entries.length()
            )));
        }
        let entry: Array = entries.get(0).unchecked_into();
        (entry.get(0), entry.get(1))
    } else {
        return Err(invalid_type(value, "enum Action"));
    };
    let tag = tag
        .as_string()
        .ok_or_else(|| invalid_type(&tag, "variant identifier"))?;
    let Some(index) = ACTIONS.iter().position(|name| *name == tag) else {
        let names: Vec<String> = ACTIONS.iter().map(|name| format!("`{name}`")).collect();
        return Err(custom(format!(
            "unknown variant `{tag}`, expected one of {}",
            names.join(", ")
        )));
    };
    let name = ACTIONS[index];
    if name == "step" || name == "healAll" {
        if !payload.loose_eq(&JsValue::NULL) {
            return Err(invalid_type(&payload, "unit"));
        }
        return Ok(if name == "step" {
            Action::Step
        } else {
            Action::HealAll
        });
    }
    // The variant's name as serde's messages write it, e.g. `Action::AdvanceTo`.
    let what = format!(
        "struct variant Action::{}{}",
        name[..1].to_ascii_uppercase(),
        &name[1..]
    );
    let mut o = Fields::of(&payload, &what)?;
    let id = |o: &mut Fields| o.req("id", u64_);
    let node = |o: &mut Fields| o.req("node", string);
    let action = match name {
        "propose" => Action::Propose {
            node: node(&mut o)?,
            value: o.req("value", string)?,
        },
        "advanceTo" => Action::AdvanceTo {
            time: o.req("time", u64_)?,
        },
        "deliver" => Action::Deliver { id: id(&mut o)? },
        "drop" => Action::Drop { id: id(&mut o)? },
        "crash" => Action::Crash {
            node: node(&mut o)?,
        },
        "restart" => Action::Restart {
            node: node(&mut o)?,
        },
        "duplicate" => Action::Duplicate { id: id(&mut o)? },
        "hold" => Action::Hold { id: id(&mut o)? },
        "release" => Action::Release { id: id(&mut o)? },
        "cut" | "heal" => {
            let from = o.req("from", string)?;
            let to = o.req("to", string)?;
            if name == "cut" {
                Action::Cut { from, to }
            } else {
                Action::Heal { from, to }
            }
        }
        _ => Action::Partition {
            groups: o.req("groups", |v| seq(v, |g| seq(g, string)))?,
        },
    };
    o.done()?;
    Ok(action)
}
