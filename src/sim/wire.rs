//! The binary layout of a shared run, written and read by hand: byte for byte what `postcard`
//! writes for a [`Run`] (and wrote for a version 1 run), and on bad bytes the error postcard
//! gave, at the same byte (tests/wire.rs compares the two on every truncation and on many
//! corruptions). By hand, because postcard's serde code per type was about a tenth of the
//! page's wasm module.
//!
//! The layout: fields in declaration order; `u8` as one byte; `bool` as 0 or 1; other
//! integers as LEB128 varints; a string or a list as its varint length and then its bytes or
//! items; an `Option` as 0, or 1 and the value; an enum as its variant's varint index and then
//! its fields.

use super::action::Action;
use super::config::{Config, Faults, NodeSpec, Retry};
use super::run::Run;
use crate::paxos::Rules;
use std::fmt;

/// Why bytes are not a run, worded as postcard words it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WireError {
    /// The bytes end in the middle of a value.
    UnexpectedEnd,
    /// A varint is too long for its type.
    BadVarint,
    /// A bool byte is neither 0 nor 1.
    BadBool,
    /// A string is not UTF-8.
    BadUtf8,
    /// An Option byte is neither 0 nor 1.
    BadOption,
    /// A value out of its type's range (an action index, a `usize` on a 32-bit platform).
    OutOfRange,
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            WireError::UnexpectedEnd => "Hit the end of buffer, expected more data",
            WireError::BadVarint => {
                "Found a varint that didn't terminate. Is the usize too big for this platform?"
            }
            WireError::BadBool => "Found a bool that wasn't 0 or 1",
            WireError::BadUtf8 => "Tried to parse invalid utf-8",
            WireError::BadOption => "Found an Option discriminant that wasn't 0 or 1",
            WireError::OutOfRange => "Serde Deserialization Error",
        })
    }
}

type Read<T> = Result<T, WireError>;

/// Writes `run` as postcard does.
pub fn encode(run: &Run) -> Vec<u8> {
    let mut w = Writer(Vec::new());
    let config = &run.config;
    w.varint(config.nodes.len() as u64);
    for node in &config.nodes {
        w.str(&node.name);
        w.bools(&[node.proposer, node.acceptor, node.learner]);
    }
    w.varint(config.delay_ticks_min);
    w.varint(config.delay_ticks_max);
    let faults = &config.faults;
    w.0.extend([faults.loss_percent, faults.duplicate_percent]);
    match &faults.retry {
        None => w.0.push(0),
        Some(retry) => {
            w.0.push(1);
            w.varint(retry.timeout_ticks);
            w.varint(retry.backoff_ticks_max);
        }
    }
    let rules = &config.rules;
    w.bools(&[
        rules.ignore_accepted_values,
        rules.round_only_numbers,
        rules.forget_on_crash,
        rules.minority_promises,
        rules.accept_below_promise,
    ]);
    for quorum in [rules.phase1_quorum, rules.phase2_quorum] {
        match quorum {
            None => w.0.push(0),
            Some(q) => w.0.extend([1, q]),
        }
    }
    w.varint(run.seed);
    w.varint(run.actions.len() as u64);
    for action in &run.actions {
        w.action(action);
    }
    w.varint(run.position as u64);
    w.0
}

/// Reads a run as postcard did: version 1 (no rules) or 2. Returns it and the bytes after it.
pub fn decode(bytes: &[u8], version: u32) -> Read<(Run, &[u8])> {
    let mut r = Reader(bytes);
    let nodes = r.list(|r| {
        Ok(NodeSpec {
            name: r.string()?,
            proposer: r.bool()?,
            acceptor: r.bool()?,
            learner: r.bool()?,
        })
    })?;
    let delay_ticks_min = r.u64()?;
    let delay_ticks_max = r.u64()?;
    let faults = Faults {
        loss_percent: r.byte()?,
        duplicate_percent: r.byte()?,
        retry: r.option(|r| {
            Ok(Retry {
                timeout_ticks: r.u64()?,
                backoff_ticks_max: r.u64()?,
            })
        })?,
    };
    let rules = if version == 1 {
        Rules::default()
    } else {
        Rules {
            ignore_accepted_values: r.bool()?,
            round_only_numbers: r.bool()?,
            forget_on_crash: r.bool()?,
            minority_promises: r.bool()?,
            accept_below_promise: r.bool()?,
            phase1_quorum: r.option(Reader::byte)?,
            phase2_quorum: r.option(Reader::byte)?,
        }
    };
    let run = Run {
        config: Config {
            nodes,
            delay_ticks_min,
            delay_ticks_max,
            faults,
            rules,
        },
        seed: r.u64()?,
        actions: r.list(Reader::action)?,
        position: r.usize()?,
    };
    Ok((run, r.0))
}

struct Writer(Vec<u8>);

impl Writer {
    fn varint(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.0.push(n as u8 | 0x80);
            n >>= 7;
        }
        self.0.push(n as u8);
    }

    fn str(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }

    fn bools(&mut self, bools: &[bool]) {
        self.0.extend(bools.iter().map(|b| u8::from(*b)));
    }

    fn action(&mut self, action: &Action) {
        match action {
            Action::Propose { node, value } => {
                self.varint(0);
                self.str(node);
                self.str(value);
            }
            Action::Step => self.varint(1),
            Action::AdvanceTo { time } => self.indexed(2, *time),
            Action::Deliver { id } => self.indexed(3, *id),
            Action::Drop { id } => self.indexed(4, *id),
            Action::Crash { node } => {
                self.varint(5);
                self.str(node);
            }
            Action::Restart { node } => {
                self.varint(6);
                self.str(node);
            }
            Action::Duplicate { id } => self.indexed(7, *id),
            Action::Hold { id } => self.indexed(8, *id),
            Action::Release { id } => self.indexed(9, *id),
            Action::Cut { from, to } | Action::Heal { from, to } => {
                self.varint(if matches!(action, Action::Cut { .. }) {
                    10
                } else {
                    11
                });
                self.str(from);
                self.str(to);
            }
            Action::Partition { groups } => {
                self.varint(12);
                self.varint(groups.len() as u64);
                for group in groups {
                    self.varint(group.len() as u64);
                    for name in group {
                        self.str(name);
                    }
                }
            }
            Action::HealAll => self.varint(13),
        }
    }

    /// An action with one number: its index, then the number.
    fn indexed(&mut self, index: u64, n: u64) {
        self.varint(index);
        self.varint(n);
    }
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn byte(&mut self) -> Read<u8> {
        let (&first, rest) = self.0.split_first().ok_or(WireError::UnexpectedEnd)?;
        self.0 = rest;
        Ok(first)
    }

    /// A LEB128 varint of a type of `bits` bits, as postcard reads it: at most as many bytes
    /// as the type needs, the last within the type's range.
    fn varint(&mut self, bits: u32) -> Read<u64> {
        let max_bytes = bits.div_ceil(7);
        let last_max = (1u8 << (bits % 7)) - 1;
        let mut out = 0u64;
        for i in 0..max_bytes {
            let byte = self.byte()?;
            out |= u64::from(byte & 0x7f) << (7 * i);
            if byte & 0x80 == 0 {
                if i == max_bytes - 1 && byte > last_max {
                    return Err(WireError::BadVarint);
                }
                return Ok(out);
            }
        }
        Err(WireError::BadVarint)
    }

    fn u64(&mut self) -> Read<u64> {
        self.varint(64)
    }

    /// A `usize` field: written as a u64, out of range above the platform's `usize`.
    fn usize(&mut self) -> Read<usize> {
        usize::try_from(self.u64()?).map_err(|_| WireError::OutOfRange)
    }

    /// A length: a varint of the platform's `usize`.
    fn len(&mut self) -> Read<usize> {
        Ok(self.varint(usize::BITS)? as usize)
    }

    fn bool(&mut self) -> Read<bool> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(WireError::BadBool),
        }
    }

    fn string(&mut self) -> Read<String> {
        let len = self.len()?;
        if self.0.len() < len {
            return Err(WireError::UnexpectedEnd);
        }
        let (bytes, rest) = self.0.split_at(len);
        self.0 = rest;
        std::str::from_utf8(bytes)
            .map(str::to_string)
            .map_err(|_| WireError::BadUtf8)
    }

    fn option<T>(&mut self, read: impl FnOnce(&mut Self) -> Read<T>) -> Read<Option<T>> {
        match self.byte()? {
            0 => Ok(None),
            1 => read(self).map(Some),
            _ => Err(WireError::BadOption),
        }
    }

    fn list<T>(&mut self, mut read: impl FnMut(&mut Self) -> Read<T>) -> Read<Vec<T>> {
        let len = self.len()?;
        // Never trust the length for more than the bytes left could hold.
        let mut items = Vec::with_capacity(len.min(self.0.len()));
        for _ in 0..len {
            items.push(read(self)?);
        }
        Ok(items)
    }

    fn action(&mut self) -> Read<Action> {
        let index = self.varint(32)?;
        Ok(match index {
            0 => Action::Propose {
                node: self.string()?,
                value: self.string()?,
            },
            1 => Action::Step,
            2 => Action::AdvanceTo { time: self.u64()? },
            3 => Action::Deliver { id: self.u64()? },
            4 => Action::Drop { id: self.u64()? },
            5 => Action::Crash {
                node: self.string()?,
            },
            6 => Action::Restart {
                node: self.string()?,
            },
            7 => Action::Duplicate { id: self.u64()? },
            8 => Action::Hold { id: self.u64()? },
            9 => Action::Release { id: self.u64()? },
            10 => Action::Cut {
                from: self.string()?,
                to: self.string()?,
            },
            11 => Action::Heal {
                from: self.string()?,
                to: self.string()?,
            },
            12 => Action::Partition {
                groups: self.list(|r| r.list(Reader::string))?,
            },
            13 => Action::HealAll,
            _ => return Err(WireError::OutOfRange),
        })
    }
}
