//! Lamport-spec mode: exactly the state space of Lamport's `Paxos.tla` (tlaplus/Examples,
//! `specifications/PaxosHowToWinATuringAward`), as a [`Model`] for the explorer.
//!
//! # The spec, as modelled
//!
//! Variables (per acceptor `a`): `maxBal[a]` and `maxVBal[a]` in `-1..MaxBallot`, `maxVal[a]` a
//! value or `None`; and `msgs`, the set of every message ever sent (never removed, so a message
//! can be received any number of times, or never). Messages: `1a(b)`, `1b(a, b, mbal, mval)`,
//! `2a(b, v)`, `2b(a, b, v)`. Initially `maxBal = maxVBal = -1`, `maxVal = None`, `msgs = {}`.
//! Actions, for every ballot `b` in `0..=MaxBallot`, value `v` and acceptor `a`:
//! - `Phase1a(b)`: send `1a(b)` (again if already sent: a stuttering step);
//! - `Phase1b(a)`: for a sent `1a(b)` with `b > maxBal[a]`: `maxBal[a] := b`, send
//!   `1b(a, b, maxVBal[a], maxVal[a])`;
//! - `Phase2a(b, v)`: if no `2a(b, _)` was sent and some quorum `Q` all sent a `1b` for `b`,
//!   and either none of those reported a vote or the one with the highest `mbal` reported `v`:
//!   send `2a(b, v)`;
//! - `Phase2b(a)`: for a sent `2a(b, v)` with `b >= maxBal[a]`: `maxBal[a] := maxVBal[a] := b`,
//!   `maxVal[a] := v`, send `2b(a, b, v)`.
//!
//! Quorums are the sets of exactly `acceptors / 2 + 1` acceptors, as in the spec's own model
//! (`MCPaxos.tla`: `{{a1, a2}, {a1, a3}, {a2, a3}}` for three acceptors). Larger majorities
//! would enable the same steps (a larger set that all sent 1b contains a smallest one whose
//! highest vote is the same), so they change no state, only TLC's count of generated states.
//!
//! `v` is chosen when some quorum all sent `2b(_, b, v)` for one ballot `b`.
//!
//! # Properties
//!
//! What TLC checks on the spec's own models: `TypeOK` and the inductive invariant `Inv` on
//! every state, and on every step that Paxos refines Voting (`V!Spec`, under the mapping
//! `votes`, `maxBal`); with them "at most one value chosen" (always; not applicable with one
//! value) and "a value is chosen" (sometimes, so the search cannot pass vacuously). How each is
//! evaluated on the encoding is told in `src/check/spec/properties.rs`.
//!
//! # Counting as TLC does
//!
//! Distinct states are states of the four variables. Generated states count the initial state
//! once, then one successor per way the next-state relation can be satisfied, the way TLC
//! enumerates it: one per `Phase1a(b)` (stuttering included), one per `1a` message a `Phase1b(a)`
//! can answer, one per `2a` message a `Phase2b(a)` can vote for (a repeated vote is a
//! stuttering step), and for `Phase2a(b, v)` one per witness of its existential quantifiers: per
//! quorum `Q` that enables it and, when some of `Q` reported votes, per `1b` message `m` of `Q`
//! with the highest `mbal` (TLC enumerates `\E m \in Q1bv` even though it has no primes). With
//! this count, 3 acceptors, 2 values and MaxBallot 1 give TLC's published figures for the
//! spec's `MCPaxosTiny` model: 3,921 distinct states, 23,563 generated, depth 17.
//!
//! # The encoding
//!
//! A state is one `u64`: a bitset over the messages that reachable states can contain, and
//! nothing else, because in every reachable state the acceptor variables are functions of
//! `msgs` (proved by induction over the actions; the tests' plain twin, which stores them,
//! checks it on every small configuration):
//! - `maxBal[a]` is the highest ballot of a `1b` or `2b` that `a` sent (`-1` if none):
//!   `Phase1b` raises it to the ballot of the `1b` it sends, `Phase2b` to that of its `2b`, and
//!   nothing lowers it;
//! - `maxVBal[a]` is the highest ballot of a `2b` that `a` sent: only `Phase2b` sets it, to
//!   `m.bal >= maxBal[a] >= maxVBal[a]`;
//! - `maxVal[a]` is the value of the `2a` for ballot `maxVBal[a]`: at most one `2a` is ever
//!   sent per ballot (the first conjunct of `Phase2a`), and `Phase2b` copies its value.
//!
//! For the same reasons a `2b(a, b, v)` is one bit per `(b, a)` (its `v` is that of `2a(b)`),
//! a `2a(b, v)` is a small field per ballot holding `v + 1` or 0, and a
//! `1b(a, b, mbal, mval)` is one bit per `(a, b, mbal)` with `-1 <= mbal < b` only (`mval` is
//! that of `2a(mbal)`; `mbal >= b` is impossible since `mbal = maxVBal[a] <= maxBal[a] < b`).
//! Configurations whose universe exceeds 64 bits are refused by [`SpecModel::new`].

use super::explore::{Expectation, Model, NotApplicable, Property, StepProperty};
use std::fmt;

mod properties;

/// The name of `TypeOK`, as reports give it.
pub const TYPE_OK: &str = "TypeOK";
/// The name of Paxos.tla's inductive invariant `Inv`.
pub const INV: &str = "Inv";
/// The name of the property that Paxos refines Voting (`V!Spec`), a property of steps.
pub const REFINEMENT: &str = "refinement of Voting";
/// The name of agreement: at most one value is chosen.
pub const AGREEMENT: &str = "at most one value chosen";
/// The name of the "sometimes" property: some reachable state has a value chosen.
pub const CHOSEN: &str = "a value is chosen";

/// A deliberate bug the spec can be explored with, to watch the checks catch it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpecBug {
    /// Its name on the command line.
    pub name: &'static str,
    /// What it changes, in one sentence.
    pub summary: &'static str,
}

/// The spec's bugs: [`SpecModel::with_phase2a_ignoring_votes`].
pub const SPEC_BUGS: [SpecBug; 1] = [SpecBug {
    name: "phase2a-any-value",
    summary: "Phase2a ignores the votes reported in the 1b messages: the leader of a ballot \
              may ask for any value, not the one of the highest vote reported (TypeOK still \
              holds; Inv, the refinement of Voting and agreement fail)",
}];

/// The most acceptors the encoding supports (quorums are bytes).
pub const MAX_ACCEPTORS: usize = 8;
/// The most values the encoding supports (a `2a` field is at most 3 bits).
pub const MAX_VALUES: usize = 7;
/// The bits of a state: the message universe must fit.
pub const STATE_BITS: u32 = 64;

/// The constants of the spec: `Acceptor = {a1..aN}`, `Value = {v1..vV}`,
/// `Ballot = 0..MaxBallot`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpecConfig {
    /// How many acceptors (1 to [`MAX_ACCEPTORS`]); quorums are all sets of a bare majority.
    pub acceptors: usize,
    /// How many values (1 to [`MAX_VALUES`]).
    pub values: usize,
    /// The highest ballot: ballots are `0..=max_ballot`.
    pub max_ballot: u8,
}

impl SpecConfig {
    /// The bits one state needs for this configuration (see the module's encoding notes).
    pub fn state_bits(&self) -> u64 {
        let n = self.acceptors as u64;
        let ballots = u64::from(self.max_ballot) + 1;
        let field = u64::from(value_field_bits(self.values));
        // 1a, 2a, 2b, 1b (mbal in -1..b-1: b+1 bits for ballot b).
        ballots + ballots * field + ballots * n + n * ballots * (ballots + 1) / 2
    }
}

impl fmt::Display for SpecConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} acceptors, {} values, MaxBallot {}",
            self.acceptors, self.values, self.max_ballot
        )
    }
}

/// Bits of a `2a` field: enough for `0` (none) and `1..=values`.
fn value_field_bits(values: usize) -> u32 {
    usize::BITS - values.leading_zeros()
}

/// Why a [`SpecConfig`] was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpecError {
    /// The number of acceptors is out of range.
    Acceptors(usize),
    /// The number of values is out of range.
    Values(usize),
    /// The message universe does not fit in a state.
    TooLarge {
        /// The refused configuration.
        config: SpecConfig,
        /// The bits it would need.
        bits: u64,
        /// The largest MaxBallot that fits with the same acceptors and values, if any.
        largest_max_ballot: Option<u8>,
    },
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SpecError::Acceptors(n) => write!(
                f,
                "Lamport-spec mode: {n} acceptors is out of range; use 1 to {MAX_ACCEPTORS}"
            ),
            SpecError::Values(v) => write!(
                f,
                "Lamport-spec mode: {v} values is out of range; use 1 to {MAX_VALUES}"
            ),
            SpecError::TooLarge {
                config,
                bits,
                largest_max_ballot,
            } => {
                write!(
                    f,
                    "Lamport-spec mode: {config} needs {bits} bits of state, at most \
                     {STATE_BITS} are supported; "
                )?;
                match largest_max_ballot {
                    Some(b) => write!(
                        f,
                        "with {} acceptors and {} values use MaxBallot 0 to {b}",
                        config.acceptors, config.values
                    ),
                    None => write!(f, "use fewer acceptors or values"),
                }
            }
        }
    }
}

impl std::error::Error for SpecError {}

/// One step of the spec: the TLA+ action and its parameters (and, for `Phase2a`, the quorum
/// and the `1b` message that witness it, since TLC counts one successor per witness).
/// Acceptors and values are 0-based here and printed 1-based (`a1`, `v1`) as in `MCPaxos`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SpecAction {
    /// `Phase1a(b)`: the leader of ballot `b` sends `1a(b)`.
    Phase1a {
        /// `b`.
        ballot: u8,
    },
    /// `Phase1b(a)` on `1a(ballot)`: `a` promises `ballot` and reports its latest vote.
    Phase1b {
        /// `a`.
        acceptor: u8,
        /// The ballot of the `1a` answered.
        ballot: u8,
    },
    /// `Phase2a(b, v)`: the leader of ballot `b` asks for votes for `v`.
    Phase2a {
        /// `b`.
        ballot: u8,
        /// `v`.
        value: u8,
        /// The quorum `Q` whose `1b` messages enable it, as a bit per acceptor.
        quorum: u8,
        /// The acceptor of `Q` whose reported vote (the highest) forces `v`; `None` when no
        /// acceptor of `Q` had voted (any value is allowed).
        forced_by: Option<u8>,
    },
    /// `Phase2b(a)` on `2a(ballot, value)`: `a` votes for `value` in `ballot`.
    Phase2b {
        /// `a`.
        acceptor: u8,
        /// The ballot of the `2a` voted for.
        ballot: u8,
        /// Its value.
        value: u8,
    },
}

impl fmt::Display for SpecAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            SpecAction::Phase1a { ballot } => write!(f, "Phase1a({ballot})"),
            SpecAction::Phase1b { acceptor, ballot } => {
                write!(f, "Phase1b(a{}) answering 1a({ballot})", acceptor + 1)
            }
            SpecAction::Phase2a {
                ballot,
                value,
                quorum,
                forced_by,
            } => {
                write!(f, "Phase2a({ballot}, v{}) with quorum {{", value + 1)?;
                let mut first = true;
                for a in 0..8 {
                    if quorum & (1 << a) != 0 {
                        write!(f, "{}a{}", if first { "" } else { ", " }, a + 1)?;
                        first = false;
                    }
                }
                match forced_by {
                    Some(a) => write!(f, "}}, forced by a{}'s vote", a + 1),
                    None => write!(f, "}}, no votes reported"),
                }
            }
            SpecAction::Phase2b {
                acceptor,
                ballot,
                value,
            } => write!(
                f,
                "Phase2b(a{}) voting for 2a({ballot}, v{})",
                acceptor + 1,
                value + 1
            ),
        }
    }
}

/// A state of the spec, encoded (see the module's notes): compare, hash and copy it; read it
/// with [`SpecModel::decode`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SpecState(u64);

impl SpecState {
    /// The state whose encoding is `bits`: any `u64` is one, reachable or not (`TypeOK` says
    /// whether its bits are messages). For tests and tools that build states by hand.
    pub fn from_bits(bits: u64) -> SpecState {
        SpecState(bits)
    }

    /// The encoding.
    pub fn bits(&self) -> u64 {
        self.0
    }
}

/// A message of the spec, decoded. Acceptors and values are 0-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SpecMessage {
    /// `[type |-> "1a", bal |-> bal]`.
    OneA {
        /// `bal`.
        bal: u8,
    },
    /// `[type |-> "1b", acc, bal, mbal, mval]`; `mbal = -1` and `mval = None` for no vote.
    OneB {
        /// `acc`.
        acc: u8,
        /// `bal`.
        bal: u8,
        /// `mbal`.
        mbal: i8,
        /// `mval`.
        mval: Option<u8>,
    },
    /// `[type |-> "2a", bal, val]`.
    TwoA {
        /// `bal`.
        bal: u8,
        /// `val`.
        val: u8,
    },
    /// `[type |-> "2b", acc, bal, val]`.
    TwoB {
        /// `acc`.
        acc: u8,
        /// `bal`.
        bal: u8,
        /// `val`.
        val: u8,
    },
}

/// The spec's variables in a state, decoded: what a page or a test shows.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SpecVars {
    /// `maxBal[a]` per acceptor (`-1` initially).
    pub max_bal: Vec<i8>,
    /// `maxVBal[a]` per acceptor (`-1` if `a` never voted).
    pub max_vbal: Vec<i8>,
    /// `maxVal[a]` per acceptor (`None` if `a` never voted).
    pub max_val: Vec<Option<u8>>,
    /// `msgs`, sorted.
    pub msgs: Vec<SpecMessage>,
}

/// Lamport's Paxos.tla for one [`SpecConfig`], ready to explore.
#[derive(Clone, Debug)]
pub struct SpecModel {
    config: SpecConfig,
    /// The phase2a-any-value bug: `Phase2a` without its value conjunct (ignores reported votes).
    ignore_votes: bool,
    n: u32,
    ballots: u32,
    quorum_size: u32,
    /// Every quorum, a bit per acceptor.
    quorums: Vec<u8>,
    /// Width of a `2a` field, and its mask.
    field: u32,
    field_mask: u64,
    /// Where each message kind starts.
    off_2a: u32,
    off_2b: u32,
    off_1b: u32,
    /// Bits of one acceptor's `1b` block: sum over b of (b + 1).
    block_1b: u32,
    /// Per acceptor: its `1b` bits and its `2b` bits.
    mask_1b: [u64; MAX_ACCEPTORS],
    mask_2b: [u64; MAX_ACCEPTORS],
    /// For a `1b` or `2b` bit: its ballot (so the highest set bit of an acceptor's mask gives
    /// its `maxBal` or `maxVBal` in one step).
    ballot_of_bit: [i8; 64],
    /// Every bit that stands for a message.
    universe: u64,
    /// Every `2a` field's bits.
    fields_2a: u64,
    /// Every `1b` and `2b` bit: what `maxBal` and the votes are read from.
    acceptor_bits: u64,
    /// At `a * ballots + c`: the bits of acceptor `a`'s `1b`s that report a vote in ballot `c`.
    reports_vote: Vec<u64>,
    /// At `c`: the bits of every `1b` that reports a vote in ballot `c`.
    reports_vote_any: Vec<u64>,
    /// Every `2b` bit.
    all_2b: u64,
    /// At `b`: the `2b` bits of ballot `b`.
    ballot_2b: Vec<u64>,
    /// At `b`: the `2b` bits of the ballots below `b`.
    below_2b: Vec<u64>,
    /// At `[b][a]`: acceptor `a`'s `1b` and `2b` bits of ballot `b` or above.
    from_ballot: Vec<[u64; MAX_ACCEPTORS]>,
    /// Per quorum: its acceptors (a bit each) and their `2b` bits.
    quorum_2b: Vec<(u64, u64)>,
}

impl SpecModel {
    /// The spec for `config`, or why the configuration cannot be explored.
    pub fn new(config: SpecConfig) -> Result<SpecModel, SpecError> {
        if !(1..=MAX_ACCEPTORS).contains(&config.acceptors) {
            return Err(SpecError::Acceptors(config.acceptors));
        }
        if !(1..=MAX_VALUES).contains(&config.values) {
            return Err(SpecError::Values(config.values));
        }
        let bits = config.state_bits();
        if bits > u64::from(STATE_BITS) {
            let largest_max_ballot = (0..config.max_ballot).rev().find(|&b| {
                SpecConfig {
                    max_ballot: b,
                    ..config
                }
                .state_bits()
                    <= u64::from(STATE_BITS)
            });
            return Err(SpecError::TooLarge {
                config,
                bits,
                largest_max_ballot,
            });
        }
        let n = config.acceptors as u32;
        let ballots = u32::from(config.max_ballot) + 1;
        let field = value_field_bits(config.values);
        let quorum_size = n / 2 + 1;
        let quorums = (0u32..1 << n)
            .filter(|q| q.count_ones() == quorum_size)
            .map(|q| q as u8)
            .collect();
        let off_2a = ballots; // 1a bits come first
        let off_2b = off_2a + ballots * field;
        let off_1b = off_2b + ballots * n;
        let block_1b = ballots * (ballots + 1) / 2;
        // Voting's votes are a bit per (ballot, value) pair; the smallest 2a field (1 bit, one
        // value) leaves at most 8 ballots, and 7 values at most 7 ballots: 49 pairs.
        debug_assert!(ballots as usize * config.values <= 64);
        let mut model = SpecModel {
            config,
            ignore_votes: false,
            n,
            ballots,
            quorum_size,
            quorums,
            field,
            field_mask: (1 << field) - 1,
            off_2a,
            off_2b,
            off_1b,
            block_1b,
            mask_1b: [0; MAX_ACCEPTORS],
            mask_2b: [0; MAX_ACCEPTORS],
            ballot_of_bit: [-1; 64],
            universe: u64::MAX >> (64 - bits),
            fields_2a: ((1u64 << (ballots * field)) - 1) << off_2a,
            acceptor_bits: 0,
            reports_vote_any: vec![0; ballots as usize],
            all_2b: 0,
            ballot_2b: vec![0; ballots as usize],
            below_2b: vec![0; ballots as usize],
            from_ballot: vec![[0; MAX_ACCEPTORS]; ballots as usize],
            quorum_2b: Vec::new(),
            reports_vote: vec![0; (n * ballots) as usize],
        };
        for a in 0..n {
            for b in 0..ballots {
                let bit = model.bit_2b(a, b);
                model.mask_2b[a as usize] |= 1 << bit;
                model.ballot_of_bit[bit as usize] = b as i8;
                for mbal in -1..b as i32 {
                    let bit = model.bit_1b(a, b, mbal);
                    model.mask_1b[a as usize] |= 1 << bit;
                    model.ballot_of_bit[bit as usize] = b as i8;
                    if mbal >= 0 {
                        model.reports_vote[(a * ballots) as usize + mbal as usize] |= 1 << bit;
                        model.reports_vote_any[mbal as usize] |= 1 << bit;
                    }
                }
            }
            model.acceptor_bits |= model.mask_1b[a as usize] | model.mask_2b[a as usize];
            model.all_2b |= model.mask_2b[a as usize];
        }
        for bit in 0..64 {
            let ballot = model.ballot_of_bit[bit];
            let acceptor =
                (0..n as usize).find(|&a| (model.mask_1b[a] | model.mask_2b[a]) & 1 << bit != 0);
            let Some(a) = acceptor else { continue };
            for b in 0..=ballot as usize {
                model.from_ballot[b][a] |= 1 << bit;
            }
            if model.all_2b & 1 << bit != 0 {
                model.ballot_2b[ballot as usize] |= 1 << bit;
                for b in ballot as usize + 1..ballots as usize {
                    model.below_2b[b] |= 1 << bit;
                }
            }
        }
        model.quorum_2b = model
            .quorums
            .iter()
            .map(|&q| {
                let members = (0..n as usize).filter(|a| q & 1 << a != 0);
                let bits = members.fold(0, |bits, a| bits | model.mask_2b[a]);
                (u64::from(q), bits)
            })
            .collect();
        debug_assert!(u64::from(model.off_1b + n * block_1b) == bits);
        Ok(model)
    }

    /// The spec with the phase2a-any-value bug (see [`SPEC_BUGS`]): `Phase2a(b, v)` keeps its
    /// first conjunct and needs a quorum of `1b` messages, but ignores the votes they report
    /// (the classic bug: a leader proposing its own value). Two values can then be chosen;
    /// `Inv` and the refinement of Voting fail before that, at the `2a` and at the vote for it.
    pub fn with_phase2a_ignoring_votes(config: SpecConfig) -> Result<SpecModel, SpecError> {
        let mut model = SpecModel::new(config)?;
        model.ignore_votes = true;
        Ok(model)
    }

    /// The configuration.
    pub fn config(&self) -> SpecConfig {
        self.config
    }

    /// Whether this is the spec with the phase2a-any-value bug.
    pub fn ignores_votes(&self) -> bool {
        self.ignore_votes
    }

    /// The state whose `msgs` are `msgs` (the acceptor variables are read from them), for
    /// tests and tools that build states by hand; the inverse of [`SpecModel::decode`]. Refuses
    /// a message the encoding cannot hold, saying which: a field out of this configuration's
    /// range, a `1b` whose `mbal` is not below its ballot, two `2a`s for one ballot, or a `1b`
    /// or `2b` whose value differs from that of the `2a` of its ballot (the encoding reads it
    /// from there). A `2a` value beyond `Value` is held when its field has room (so `TypeOK`
    /// can be shown false).
    pub fn encode(&self, msgs: &[SpecMessage]) -> Result<SpecState, String> {
        let refuse = |m: &SpecMessage, why: &str| Err(format!("{m:?}: {why}"));
        let (n, ballots) = (self.n as u8, self.ballots as u8);
        let mut s = 0u64;
        // The 2as first: the other messages' values are checked against them.
        for m in msgs {
            if let SpecMessage::TwoA { bal, val } = *m {
                let field = u64::from(val) + 1;
                if bal >= ballots || field > self.field_mask {
                    return refuse(m, "a ballot or value out of range");
                }
                match self.two_a(s, u32::from(bal)) {
                    0 => s |= field << (self.off_2a + u32::from(bal) * self.field),
                    old if old == field => {}
                    _ => return refuse(m, "a second 2a for its ballot"),
                }
            }
        }
        let value_of = |s: u64, b: u8| (self.two_a(s, u32::from(b)) as u8).checked_sub(1);
        for m in msgs {
            match *m {
                SpecMessage::OneA { bal } if bal < ballots => s |= 1 << bal,
                SpecMessage::TwoA { .. } => {}
                SpecMessage::TwoB { acc, bal, val } if acc < n && bal < ballots => {
                    if value_of(s, bal) != Some(val) {
                        return refuse(m, "its value is not that of the 2a of its ballot");
                    }
                    s |= 1 << self.bit_2b(u32::from(acc), u32::from(bal));
                }
                SpecMessage::OneB {
                    acc,
                    bal,
                    mbal,
                    mval,
                } if acc < n && bal < ballots && mbal >= -1 && i16::from(mbal) < i16::from(bal) => {
                    let reported = if mbal < 0 {
                        None
                    } else {
                        value_of(s, mbal as u8)
                    };
                    if mval != reported {
                        return refuse(m, "its mval is not that of the 2a of ballot mbal");
                    }
                    s |= 1 << self.bit_1b(u32::from(acc), u32::from(bal), i32::from(mbal));
                }
                _ => return refuse(m, "a field out of range (or mbal not below bal)"),
            }
        }
        Ok(SpecState(s))
    }

    fn bit_2b(&self, a: u32, b: u32) -> u32 {
        self.off_2b + b * self.n + a
    }

    /// The bit of `1b(a, b, mbal, _)`; within an acceptor's block, ballots ascend.
    fn bit_1b(&self, a: u32, b: u32, mbal: i32) -> u32 {
        self.off_1b + a * self.block_1b + b * (b + 1) / 2 + (mbal + 1) as u32
    }

    /// The value field of `2a(b)`: 0 if none was sent, else its value + 1.
    #[inline]
    fn two_a(&self, s: u64, b: u32) -> u64 {
        (s >> (self.off_2a + b * self.field)) & self.field_mask
    }

    /// The ballot of the highest bit of `s & mask`, or -1.
    #[inline]
    fn highest_ballot(&self, s: u64, mask: u64) -> i8 {
        let bits = s & mask;
        if bits == 0 {
            -1
        } else {
            self.ballot_of_bit[(63 - bits.leading_zeros()) as usize]
        }
    }

    #[inline]
    fn max_bal(&self, s: u64, a: usize) -> i8 {
        self.highest_ballot(s, self.mask_1b[a])
            .max(self.highest_ballot(s, self.mask_2b[a]))
    }

    #[inline]
    fn max_vbal(&self, s: u64, a: usize) -> i8 {
        self.highest_ballot(s, self.mask_2b[a])
    }

    /// The values chosen in `state`, as a bit per value: some quorum all sent `2b` for one
    /// ballot (whose `2a` fixes the value).
    #[inline]
    fn chosen_mask(&self, s: u64) -> u32 {
        let acceptors = (1u64 << self.n) - 1;
        let mut chosen = 0;
        for b in 0..self.ballots {
            let value = self.two_a(s, b);
            if value != 0
                && ((s >> (self.off_2b + b * self.n)) & acceptors).count_ones() >= self.quorum_size
            {
                chosen |= 1 << (value - 1);
            }
        }
        chosen
    }

    /// How many values are chosen in `state` (more than one is the violation).
    pub fn chosen_count(&self, state: &SpecState) -> u32 {
        self.chosen_mask(state.0).count_ones()
    }

    /// The values chosen in `state` (0-based), in order.
    pub fn chosen_values(&self, state: &SpecState) -> Vec<u8> {
        let mask = self.chosen_mask(state.0);
        (0..self.config.values as u8)
            .filter(|v| mask & (1 << v) != 0)
            .collect()
    }

    /// The spec's variables in `state`. Panics if a `2b` has no `2a` for its ballot (then
    /// `TypeOK` is false: every reachable state has one).
    pub fn decode(&self, state: &SpecState) -> SpecVars {
        let s = state.0;
        let mut msgs = Vec::new();
        let value_of = |b: i32| (self.two_a(s, b as u32) as u8).checked_sub(1);
        for b in 0..self.ballots {
            if s & (1 << b) != 0 {
                msgs.push(SpecMessage::OneA { bal: b as u8 });
            }
            if let Some(val) = value_of(b as i32) {
                msgs.push(SpecMessage::TwoA { bal: b as u8, val });
            }
            for a in 0..self.n {
                if s & (1 << self.bit_2b(a, b)) != 0 {
                    let val = value_of(b as i32).expect("a 2b follows its 2a");
                    msgs.push(SpecMessage::TwoB {
                        acc: a as u8,
                        bal: b as u8,
                        val,
                    });
                }
                for mbal in -1..b as i32 {
                    if s & (1 << self.bit_1b(a, b, mbal)) != 0 {
                        msgs.push(SpecMessage::OneB {
                            acc: a as u8,
                            bal: b as u8,
                            mbal: mbal as i8,
                            mval: if mbal < 0 { None } else { value_of(mbal) },
                        });
                    }
                }
            }
        }
        msgs.sort();
        let acceptors = 0..self.n as usize;
        SpecVars {
            max_bal: acceptors.clone().map(|a| self.max_bal(s, a)).collect(),
            max_vbal: acceptors.clone().map(|a| self.max_vbal(s, a)).collect(),
            max_val: acceptors
                .map(|a| match self.max_vbal(s, a) {
                    -1 => None,
                    b => value_of(i32::from(b)),
                })
                .collect(),
            msgs,
        }
    }
}

impl Model for SpecModel {
    type State = SpecState;
    type Action = SpecAction;

    fn init_states(&self) -> Vec<SpecState> {
        vec![SpecState(0)]
    }

    fn next_states(&self, state: &SpecState, emit: &mut dyn FnMut(SpecAction, SpecState)) {
        let s = state.0;
        let n = self.n as usize;
        let mut max_bal = [-1i8; MAX_ACCEPTORS];
        let mut max_vbal = [-1i8; MAX_ACCEPTORS];
        for a in 0..n {
            max_bal[a] = self.max_bal(s, a);
            max_vbal[a] = self.max_vbal(s, a);
        }

        for b in 0..self.ballots {
            // Phase1a(b): always enabled; a repeat is a stuttering step, counted like TLC.
            emit(
                SpecAction::Phase1a { ballot: b as u8 },
                SpecState(s | 1 << b),
            );

            // Phase2a(b, v): no 2a for b yet, and a quorum of 1b(b) messages.
            if self.two_a(s, b) == 0 {
                self.phase2a(s, b, emit);
            }
        }

        for a in 0..n {
            // Phase1b(a): one successor per 1a(b) with b > maxBal[a].
            for b in (max_bal[a] + 1) as u32..self.ballots {
                if s & (1 << b) != 0 {
                    let bit = self.bit_1b(a as u32, b, i32::from(max_vbal[a]));
                    let action = SpecAction::Phase1b {
                        acceptor: a as u8,
                        ballot: b as u8,
                    };
                    emit(action, SpecState(s | 1 << bit));
                }
            }
            // Phase2b(a): one successor per 2a(b, v) with b >= maxBal[a] (a repeated vote
            // changes nothing: a stuttering step, counted like TLC).
            for b in max_bal[a].max(0) as u32..self.ballots {
                let value = self.two_a(s, b);
                if value != 0 {
                    let action = SpecAction::Phase2b {
                        acceptor: a as u8,
                        ballot: b as u8,
                        value: (value - 1) as u8,
                    };
                    emit(action, SpecState(s | 1 << self.bit_2b(a as u32, b)));
                }
            }
        }
    }

    fn properties(&self) -> Vec<Property<Self>> {
        let mut properties: Vec<Property<Self>> = vec![
            Property {
                name: TYPE_OK,
                expectation: Expectation::Always,
                condition: |m, s| m.type_ok(s),
            },
            Property {
                name: INV,
                expectation: Expectation::Always,
                condition: |m, s| m.inv(s),
            },
            Property {
                name: AGREEMENT,
                expectation: Expectation::Always,
                condition: |m, s| m.chosen_mask(s.0).count_ones() <= 1,
            },
            Property {
                name: CHOSEN,
                expectation: Expectation::Sometimes,
                condition: |m, s| m.chosen_mask(s.0) != 0,
            },
        ];
        let left_out = self.not_applicable();
        properties.retain(|p| left_out.iter().all(|n| n.property != p.name));
        properties
    }

    fn step_properties(&self) -> Vec<StepProperty<Self>> {
        vec![StepProperty {
            name: REFINEMENT,
            condition: |m, s, t| m.refines_voting(s, t),
        }]
    }

    fn not_applicable(&self) -> Vec<NotApplicable> {
        if self.config.values < 2 {
            vec![NotApplicable {
                property: AGREEMENT,
                why: "with one value (v1), no two different values can be chosen".to_string(),
            }]
        } else {
            Vec::new()
        }
    }
}

impl SpecModel {
    /// The `Phase2a(b, _)` successors of `s` (no `2a(b)` sent yet), one per witness.
    #[inline]
    fn phase2a(&self, s: u64, b: u32, emit: &mut dyn FnMut(SpecAction, SpecState)) {
        // Which acceptors sent a 1b for b, and the mbal each reported (at most one 1b per
        // acceptor and ballot: Phase1b(a) for b raises maxBal[a] to b).
        let mut promised: u8 = 0;
        let mut mbal = [-1i8; MAX_ACCEPTORS];
        let block = (1u64 << (b + 1)) - 1;
        for a in 0..self.n {
            let sent = (s >> self.bit_1b(a, b, -1)) & block;
            if sent != 0 {
                debug_assert!(sent.count_ones() == 1, "one 1b per acceptor and ballot");
                promised |= 1 << a;
                mbal[a as usize] = sent.trailing_zeros() as i8 - 1;
            }
        }
        if (promised.count_ones()) < self.quorum_size {
            return;
        }
        let next_with = |value: u64| SpecState(s | value << (self.off_2a + b * self.field));
        // Values outermost, so the successors for one value (identical states, one per
        // witness) come one after another and the explorer looks them up once.
        for v in 0..self.config.values as u8 {
            for &quorum in &self.quorums {
                if quorum & !promised != 0 {
                    continue;
                }
                let mut highest = -1i8;
                for (a, &reported) in mbal.iter().enumerate().take(self.n as usize) {
                    if quorum & (1 << a) != 0 {
                        highest = highest.max(reported);
                    }
                }
                if highest < 0 || self.ignore_votes {
                    // Q1bv = {}: every value is allowed (the broken spec allows them always).
                    let action = SpecAction::Phase2a {
                        ballot: b as u8,
                        value: v,
                        quorum,
                        forced_by: None,
                    };
                    emit(action, next_with(u64::from(v) + 1));
                    continue;
                }
                // Only the value of the highest vote reported, once per 1b that reports it.
                let value = self.two_a(s, highest as u32);
                debug_assert!(value != 0, "a reported vote has its 2a");
                if value != u64::from(v) + 1 {
                    continue;
                }
                for (a, &reported) in mbal.iter().enumerate().take(self.n as usize) {
                    if quorum & (1 << a) != 0 && reported == highest {
                        let action = SpecAction::Phase2a {
                            ballot: b as u8,
                            value: v,
                            quorum,
                            forced_by: Some(a as u8),
                        };
                        emit(action, next_with(value));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::explore::{explore, Options, Outcome};

    /// TLC's figures for the spec's own `MCPaxosTiny` model (3 acceptors, 2 values,
    /// MaxBallot 1), as the tlaplus/Examples manifest publishes them: 3,921 distinct states,
    /// 23,563 generated, depth 17. The integration tests check more against a plain twin.
    #[test]
    fn the_tiny_model_gives_tlcs_figures() {
        let model = SpecModel::new(SpecConfig {
            acceptors: 3,
            values: 2,
            max_ballot: 1,
        })
        .unwrap();
        let report = explore(&model, Options::default());
        assert_eq!(report.outcome, Outcome::Complete);
        let p = report.progress;
        assert_eq!(
            (p.distinct_states, p.generated_states, p.depth),
            (3921, 23563, 17)
        );
        assert!(report.violation().is_none());
        assert_eq!(
            report.checked(),
            [TYPE_OK, INV, AGREEMENT, CHOSEN, REFINEMENT]
        );
        assert!(report.finding(CHOSEN).unwrap().path.is_some());
    }

    #[test]
    fn the_state_fits_the_largest_configurations_it_accepts() {
        for acceptors in 1..=MAX_ACCEPTORS {
            for values in 1..=MAX_VALUES {
                for max_ballot in 0..=8 {
                    let config = SpecConfig {
                        acceptors,
                        values,
                        max_ballot,
                    };
                    if let Ok(model) = SpecModel::new(config) {
                        assert!(config.state_bits() <= 64);
                        // The last 1b bit is the highest bit in use.
                        let top = model.off_1b + model.n * model.block_1b;
                        assert_eq!(u64::from(top), config.state_bits(), "{config}");
                    }
                }
            }
        }
    }
}
