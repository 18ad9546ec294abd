//! What TLC checks on the spec's own models (`MCPaxosTiny.cfg` and `MCPaxosSmall.cfg` name
//! `Inv` as the invariant and `V!Spec`, Paxos refining Voting, as the property), evaluated on
//! the encoded state with bit operations, plus agreement.
//!
//! - `TypeOK`: every variable in its set. In the encoding the acceptor variables are read from
//!   `msgs` and fall in their sets by construction; what can fail is `msgs \subseteq Message`:
//!   a bit outside the message universe, a `2a` whose value is not in `Value`, or a `2b` whose
//!   ballot has no `2a` (the encoding reads a `2b`'s value from it: without one it has none).
//! - `Inv` (Paxos.tla): `TypeOK` and, for every acceptor and message, eight more conjuncts.
//!   Six hold in every encoded state by construction, since the variables they relate are
//!   read from the same bits: `maxBal[a] >= maxVBal[a]` (the highest of the `1b`s and `2b`s
//!   against the highest `2b`); `<<maxVBal[a], maxVal[a]>> \in votes[a]` (both read from the
//!   `2b` of ballot `maxVBal[a]` and its `2a`); a `1b`'s `maxBal[m.acc] >= m.bal` and a `2b`'s
//!   `maxVBal[m.acc] >= m.bal` (the message is one of those the maximum is taken over); one
//!   value per ballot among the `2a`s (one field per ballot); a `2b`'s matching `2a` (that is
//!   `TypeOK` here). The two that can fail are checked: a `1b` that reports a vote
//!   `<<mbal, mval>>` has it in `votes[m.acc]`, and every `2a` has a quorum `Q` with
//!   `V!ShowsSafeAt(Q, m.bal, m.val)`. The tests' plain twin evaluates all of them, literally,
//!   on its plain variables, and must agree on every state.
//! - Refinement of Voting: every step, mapped by `votes` (the `<<bal, val>>` of each
//!   acceptor's `2b`s) and `maxBal`, is a step of Voting's `Next`, `IncreaseMaxBal(a, b)` or
//!   `VoteFor(a, b, v)` with all its guards, or leaves `<<votes, maxBal>>` unchanged. Voting's
//!   `Init` is Paxos' `Init` mapped (no votes, every `maxBal` -1), so this is `V!Spec`.
//! - Agreement: at most one value chosen, as before.

use super::{SpecModel, SpecState};

impl SpecModel {
    /// The bit of the pair `<<b, v>>` in a set of votes (bit `b * values + v`).
    fn pair(&self, b: u32, v: u32) -> u64 {
        1 << (b * self.config.values as u32 + v)
    }

    /// Every pair of ballot `b` (`<<b, v>>` for each value).
    fn pairs_at(&self, b: u32) -> u64 {
        let values = self.config.values as u32;
        ((1 << values) - 1) << (b * values)
    }

    /// The value field of `2a(b)` if it holds a value of `Value` (1-based), or 0.
    fn valid_two_a(&self, s: u64, b: u32) -> u64 {
        match self.two_a(s, b) {
            value if value <= self.config.values as u64 => value,
            _ => 0,
        }
    }

    /// The acceptors (a bit each) that sent a `2b` in ballot `b`.
    fn voters(&self, s: u64, b: u32) -> u64 {
        (s >> (self.off_2b + b * self.n)) & ((1 << self.n) - 1)
    }

    /// `votes[a]`: the pairs `<<b, v>>` of the `2b`s `a` sent, a `2b`'s value being that of
    /// the `2a` of its ballot. A `2b` without a `2a` of a value in `Value` stands for no
    /// message (`TypeOK` is false there), so it counts as no vote.
    fn votes_of(&self, s: u64, a: usize) -> u64 {
        let mut votes = 0;
        let mut sent = s & self.mask_2b[a];
        while sent != 0 {
            let b = self.ballot_of_bit[sent.trailing_zeros() as usize] as u32;
            let value = self.valid_two_a(s, b);
            if value != 0 {
                votes |= self.pair(b, value as u32 - 1);
            }
            sent &= sent - 1;
        }
        votes
    }

    /// The `2b` bits of `s` whose ballot has a `2a` of a value in `Value`: the votes.
    fn vote_bits(&self, s: u64) -> u64 {
        (0..self.ballots)
            .filter(|&b| self.valid_two_a(s, b) != 0)
            .fold(0, |votes, b| votes | s & self.ballot_2b[b as usize])
    }

    /// The acceptors (a bit each) with `maxBal >= b`: those that sent a `1b` or `2b` for a
    /// ballot `b` or above.
    fn promised_from(&self, s: u64, b: u32) -> u64 {
        let row = &self.from_ballot[b as usize];
        row.iter()
            .take(self.n as usize)
            .enumerate()
            .fold(0, |promised, (a, &bits)| {
                promised | u64::from(s & bits != 0) << a
            })
    }

    /// `\E Q \in Quorum : ShowsSafeAt(Q, b, v)` of Voting in `s`, with `votes` its vote bits
    /// ([`SpecModel::vote_bits`]). `ShowsSafeAt(Q, b, v)`: every acceptor of `Q` has
    /// `maxBal >= b`, and for some `c` in `-1..b-1` no acceptor of `Q` voted in a ballot
    /// between `c` and `b`, and (unless `c = -1`) one of them voted for `v` in `c`. Such a `c`
    /// can only be the highest ballot below `b` in which an acceptor of `Q` voted (or -1 if
    /// none did), so that one is tried; every vote in it is for the value of its `2a`. The
    /// `2b` bits ascend by ballot, so that ballot is the one of the highest bit.
    fn some_quorum_shows_safe_at(&self, s: u64, votes: u64, b: u32, v: u32) -> bool {
        let promised = self.promised_from(s, b);
        let below = votes & self.below_2b[b as usize];
        self.quorum_2b.iter().any(|&(q, q_2b)| {
            if q & !promised != 0 {
                return false;
            }
            let voted = below & q_2b;
            voted == 0 || {
                let c = self.ballot_of_bit[63 - voted.leading_zeros() as usize];
                self.two_a(s, c as u32) == u64::from(v) + 1
            }
        })
    }

    /// `TypeOK` in `state` (see the module's notes for what can fail in the encoding).
    pub fn type_ok(&self, state: &SpecState) -> bool {
        let s = state.0;
        s & !self.universe == 0
            && (0..self.ballots).all(|b| {
                let value = self.two_a(s, b);
                value <= self.config.values as u64 && (value != 0 || self.voters(s, b) == 0)
            })
    }

    /// Paxos.tla's `Inv` in `state`: `TypeOK`, every `1b` that reports a vote reports one its
    /// sender cast, and every `2a` is shown safe by a quorum (the other conjuncts hold in every
    /// encoded state; see the module's notes).
    pub fn inv(&self, state: &SpecState) -> bool {
        if !self.type_ok(state) {
            return false;
        }
        let s = state.0;
        // (m.type = "1b" /\ m.mbal >= 0) => <<m.mbal, m.mval>> \in votes[m.acc], where m.mval
        // is the value of the 2a of ballot m.mbal (None if there is none: never a vote).
        for c in 0..self.ballots {
            if s & self.reports_vote_any[c as usize] == 0 {
                continue; // no 1b reports a vote in ballot c
            }
            let voters = if self.two_a(s, c) != 0 {
                self.voters(s, c)
            } else {
                0
            };
            for a in 0..self.n as usize {
                let reports = self.reports_vote[a * self.ballots as usize + c as usize];
                if s & reports != 0 && voters & (1 << a) == 0 {
                    return false;
                }
            }
        }
        // m.type = "2a" => \E Q \in Quorum : V!ShowsSafeAt(Q, m.bal, m.val); with TypeOK,
        // every 2b is a vote.
        let votes = s & self.all_2b;
        (0..self.ballots).all(|b| {
            let value = self.two_a(s, b);
            value == 0 || self.some_quorum_shows_safe_at(s, votes, b, value as u32 - 1)
        })
    }

    /// Whether the step from `from` to `to` is a step of Voting under the mapping `votes`,
    /// `maxBal`: `IncreaseMaxBal(a, b)`, `VoteFor(a, b, v)` with all its guards, or a step
    /// that leaves `<<votes, maxBal>>` unchanged.
    pub fn refines_voting(&self, from: &SpecState, to: &SpecState) -> bool {
        let (s, t) = (from.0, to.0);
        let changed = s ^ t;
        if changed & (self.acceptor_bits | self.fields_2a) == 0 {
            return true; // only 1a messages: <<votes, maxBal>> unchanged
        }
        // The acceptors whose votes or maxBal can differ: those whose 1b or 2b bits changed
        // (maxBal is read from them, votes from the 2bs), and the voters of a ballot whose 2a
        // changed (their votes' value is read from it). None for Phase1a and Phase2a steps.
        let mut suspects = 0u64;
        for a in 0..self.n as usize {
            if changed & (self.mask_1b[a] | self.mask_2b[a]) != 0 {
                suspects |= 1 << a;
            }
        }
        if changed & self.fields_2a != 0 {
            for b in 0..self.ballots {
                if (changed >> (self.off_2a + b * self.field)) & self.field_mask != 0 {
                    suspects |= self.voters(s, b) | self.voters(t, b);
                }
            }
        }
        // Both of Voting's actions change the variables of one acceptor `a` only.
        let mut changed_one = None;
        while suspects != 0 {
            let a = suspects.trailing_zeros() as usize;
            suspects &= suspects - 1;
            // Votes are read from the 2b bits and 2a fields: unchanged ones need no reading.
            let (votes, votes_next) = match changed & (self.mask_2b[a] | self.fields_2a) {
                0 => (0, 0),
                _ => (self.votes_of(s, a), self.votes_of(t, a)),
            };
            let (max_bal, max_bal_next) = (self.max_bal(s, a), self.max_bal(t, a));
            if votes != votes_next || max_bal != max_bal_next {
                if changed_one.is_some() {
                    return false;
                }
                changed_one = Some((a, votes, votes_next, max_bal, max_bal_next));
            }
        }
        let Some((a, votes, votes_next, max_bal, max_bal_next)) = changed_one else {
            return true; // <<votes, maxBal>> unchanged
        };
        if votes == votes_next {
            // IncreaseMaxBal(a, b) for b = maxBal'[a]: b > maxBal[a] (votes[a] unchanged, or
            // not read above because nothing it is read from changed).
            return max_bal_next > max_bal;
        }
        // VoteFor(a, b, v): votes'[a] = votes[a] \cup {<<b, v>>} and maxBal'[a] = b.
        let added = votes_next & !votes;
        if votes_next & votes != votes || added.count_ones() != 1 {
            return false;
        }
        let values = self.config.values as u32;
        let (b, v) = (
            added.trailing_zeros() / values,
            added.trailing_zeros() % values,
        );
        // \A c \in Acceptor \ {a} : \A vt \in votes[c] : vt[1] = b => vt[2] = v; every vote
        // in ballot b is for the value of its 2a.
        let value = self.valid_two_a(s, b);
        let others_agree =
            self.voters(s, b) & !(1 << a) == 0 || value == 0 || value == u64::from(v) + 1;
        i32::from(max_bal_next) == b as i32
            && i32::from(max_bal) <= b as i32
            && votes & self.pairs_at(b) == 0
            && others_agree
            && self.some_quorum_shows_safe_at(s, self.vote_bits(s), b, v)
    }
}
