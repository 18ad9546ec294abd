//! [`Compact`]: the playground model with its states as byte strings of fixed-width records.
//!
//! Why: when its states were postcard bytes (a generic packing this replaced), every successor
//! of a state cost a whole decoded copy of it (nodes with their vectors, maps and strings), a
//! run of the handler, and a whole new encoding. Here a state is a byte string laid out once per model:
//!
//! - a header: which nodes are down (2 bytes), crashes so far (1), rounds started per node (1
//!   each);
//! - one fixed-width block per node, in id order: its acceptor (promise, accepted number and
//!   value), its proposer (round, highest round seen, phase, number, value, and one slot per
//!   acceptor for the promises counted) and what its learner learned;
//! - then the sorted lists, each with its count: per learner its counts (`acceptedBy`), the
//!   messages in flight (8 bytes each), and the votes (every acceptance so far, 4 bytes each).
//!
//! A proposal number is 2 bytes (round, owner), a value 1 byte (its index among the values the
//! proposers propose). A step changes one node and the lists: its successor decodes that node
//! alone into the page's own [`Node`], runs the very same handler on it, encodes it back, and
//! copies every other block as bytes. The encoding is one to one: [`Compact::to_plain`] turns a
//! compact state into the [`PlaygroundState`] it stands for, [`Compact::from_plain`] back, and
//! the tests prove that both models reach the same states, state for state.

use super::{Envelope, PlaygroundAction, PlaygroundModel, PlaygroundState};
use crate::check::explore::{Model, NotApplicable, Property};
use crate::paxos::{
    Acceptor, Message, Node, NodeId, Note, Out, ProposalNumber, ProposerPhase, Request, Value,
};
use crate::sim::MAX_NODES;
use std::collections::{BTreeMap, BTreeSet};

/// A state of the playground model, compact (see the module's documentation).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CompactState(Box<[u8]>);

impl CompactState {
    /// Its size in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether it is empty (never, for a real state).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A message in flight as 8 bytes: source, destination, kind, the number's round and owner,
/// then three bytes whose meaning depends on the kind (see [`Compact::encode_message`]).
/// Sorting these sorts the network.
type MessageCode = [u8; 8];

/// A step of the compact model: a [`PlaygroundAction`] that costs no allocation to make.
/// [`Compact::action`] turns it into the [`PlaygroundAction`] it stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompactAction {
    /// A proposer starts a new round for its value.
    Propose(NodeId),
    /// A message in flight arrives (or is lost, if its receiver is down).
    Deliver(MessageCode),
    /// The network loses a message.
    Drop(MessageCode),
    /// A node crashes.
    Crash(NodeId),
    /// A crashed node restarts.
    Restart(NodeId),
}

/// Sizes of the fixed-width records, in bytes.
const ACCEPTOR: usize = 5; // promise (2), accepted number (2), accepted value (1)
const PROPOSER_HEAD: usize = 8; // round, highest round seen, phase, number (2), value, mask (2)
const SLOT: usize = 3; // a promise counted: the accepted number (2) and value (1) it reported
const LEARNED: usize = 3; // the number (2) and value (1) learned
const ENTRY: usize = 5; // a learner's count: number (2), value (1), the acceptors (2, a mask)
const VOTE: usize = 4; // number (2), value (1), acceptor (1)
/// The header before the node blocks: down (2), crashes (1), then one byte per node.
const HEADER: usize = 3;

/// The value code of a value no proposer proposes (only a broken handler could make one):
/// every such value is stored as this one code, which fails validity where it is chosen.
const FOREIGN: u8 = u8::MAX;

/// Where one node's records sit in its block, as offsets from the state's start.
#[derive(Clone, Copy, Debug, Default)]
struct Block {
    start: usize,
    end: usize,
    acceptor: Option<usize>,
    proposer: Option<usize>,
    learner: Option<usize>,
}

/// The playground model, with compact states. Its actions convert to the playground model's
/// ([`Compact::action`]), so counterexamples describe and replay as that model's do.
pub struct Compact {
    model: PlaygroundModel,
    /// The values proposers propose; value code `i + 1` is `values[i]` (0 is none).
    values: Vec<Value>,
    /// Each node's block.
    blocks: Vec<Block>,
    /// Where the node blocks end and the lists begin.
    fixed_len: usize,
    /// The learners, in id order: the order of their lists.
    learners: Vec<usize>,
    /// The acceptor at each promise slot of a proposer's block.
    slots: Vec<NodeId>,
    /// The promise slot of each node id (only acceptors have one).
    slot_of: [u8; MAX_NODES],
    /// The nodes in a group of interchangeable nodes (symmetry reduction), in id order.
    grouped: Vec<usize>,
    /// The index in [`Compact::learners`] of each learner, by node id.
    learner_index: [u8; MAX_NODES],
}

/// A compact state read into its parts (borrowed, no copy).
struct Parts<'a> {
    fixed: &'a [u8],
    /// Each learner's counts, in the order of [`Compact::learners`].
    entries: [&'a [u8]; MAX_NODES],
    network: &'a [u8],
    votes: &'a [u8],
}

impl Compact {
    /// `model` with compact states.
    pub fn new(model: PlaygroundModel) -> Compact {
        let mut values: Vec<Value> = Vec::new();
        for value in model.values.iter().flatten() {
            if !values.contains(value) {
                values.push(value.clone());
            }
        }
        assert!(values.len() < usize::from(FOREIGN), "a code per value");
        let slots: Vec<NodeId> = model
            .initial
            .iter()
            .filter(|n| n.roles.acceptor.is_some())
            .map(|n| n.id)
            .collect();
        let mut slot_of = [u8::MAX; MAX_NODES];
        for (slot, id) in slots.iter().enumerate() {
            slot_of[usize::from(id.0)] = slot as u8;
        }
        let mut at = HEADER + model.initial.len();
        let mut blocks = Vec::new();
        for node in &model.initial {
            let mut block = Block {
                start: at,
                ..Block::default()
            };
            if node.roles.acceptor.is_some() {
                block.acceptor = Some(at);
                at += ACCEPTOR;
            }
            if node.roles.proposer.is_some() {
                block.proposer = Some(at);
                at += PROPOSER_HEAD + SLOT * slots.len();
            }
            if node.roles.learner.is_some() {
                block.learner = Some(at);
                at += LEARNED;
            }
            block.end = at;
            blocks.push(block);
        }
        let learners: Vec<usize> = (0..model.initial.len())
            .filter(|&i| blocks[i].learner.is_some())
            .collect();
        let mut grouped: Vec<usize> = model
            .groups
            .iter()
            .flatten()
            .map(|id| usize::from(id.0))
            .collect();
        grouped.sort_unstable();
        let mut learner_index = [u8::MAX; MAX_NODES];
        for (index, &learner) in learners.iter().enumerate() {
            learner_index[learner] = index as u8;
        }
        Compact {
            learner_index,
            model,
            values,
            grouped,
            blocks,
            fixed_len: at,
            learners,
            slots,
            slot_of,
        }
    }

    /// The playground model inside.
    pub fn inner(&self) -> &PlaygroundModel {
        &self.model
    }

    /// The playground action that `action` stands for.
    pub fn action(&self, action: &CompactAction) -> PlaygroundAction {
        match *action {
            CompactAction::Propose(node) => PlaygroundAction::Propose {
                node,
                value: self.model.values[usize::from(node.0)]
                    .clone()
                    .expect("a proposer has a value"),
            },
            CompactAction::Deliver(code) => PlaygroundAction::Deliver(self.decode_message(&code)),
            CompactAction::Drop(code) => PlaygroundAction::Drop(self.decode_message(&code)),
            CompactAction::Crash(node) => PlaygroundAction::Crash(node),
            CompactAction::Restart(node) => PlaygroundAction::Restart(node),
        }
    }

    /// The playground actions that `path` stands for.
    pub fn actions(&self, path: &[CompactAction]) -> Vec<PlaygroundAction> {
        path.iter().map(|a| self.action(a)).collect()
    }

    // ---- numbers and values ----

    fn encode_number(n: Option<ProposalNumber>) -> [u8; 2] {
        match n {
            None => [0, 0],
            Some(n) => {
                let round = u8::try_from(n.round)
                    .ok()
                    .filter(|&r| r > 0)
                    .expect("a round of the model is 1 to 255: at most 5 per proposer");
                [round, n.proposer.0]
            }
        }
    }

    fn decode_number(bytes: &[u8]) -> Option<ProposalNumber> {
        (bytes[0] != 0).then(|| ProposalNumber::new(u32::from(bytes[0]), NodeId(bytes[1])))
    }

    fn encode_value(&self, value: Option<&Value>) -> u8 {
        match value {
            None => 0,
            Some(value) => match self.values.iter().position(|v| v == value) {
                Some(i) => i as u8 + 1,
                None => FOREIGN,
            },
        }
    }

    fn decode_value(&self, code: u8) -> Option<Value> {
        match code {
            0 => None,
            FOREIGN => Some("(a value no proposer proposed)".to_string()),
            code => Some(self.values[usize::from(code - 1)].clone()),
        }
    }

    // ---- messages ----

    /// `envelope` as 8 bytes: source, destination, kind, number (2), and for a Promise the
    /// accepted number (2) and value reported, for an Accept or Accepted `0, 0` and the value,
    /// for a Nack the promise (2) and which request it refuses.
    fn encode_message(&self, (src, dst, msg): &Envelope) -> MessageCode {
        let (kind, n, rest) = match msg {
            Message::Prepare { n } => (0, n, [0; 3]),
            Message::Promise { n, accepted } => {
                let [r, o] = Self::encode_number(accepted.as_ref().map(|a| a.0));
                (
                    1,
                    n,
                    [r, o, self.encode_value(accepted.as_ref().map(|a| &a.1))],
                )
            }
            Message::Accept { n, value } => (2, n, [0, 0, self.encode_value(Some(value))]),
            Message::Accepted { n, value } => (3, n, [0, 0, self.encode_value(Some(value))]),
            Message::Nack {
                n,
                promised,
                refused,
            } => {
                let [r, o] = Self::encode_number(Some(*promised));
                (4, n, [r, o, u8::from(*refused == Request::Accept)])
            }
        };
        let [r, o] = Self::encode_number(Some(*n));
        [src.0, dst.0, kind, r, o, rest[0], rest[1], rest[2]]
    }

    fn decode_message(&self, code: &MessageCode) -> Envelope {
        let n = Self::decode_number(&code[3..5]).expect("a message has a number");
        let value = || self.decode_value(code[7]).expect("a value");
        let msg = match code[2] {
            0 => Message::Prepare { n },
            1 => Message::Promise {
                n,
                accepted: Self::decode_number(&code[5..7])
                    .map(|number| (number, self.decode_value(code[7]).expect("a value"))),
            },
            2 => Message::Accept { n, value: value() },
            3 => Message::Accepted { n, value: value() },
            _ => Message::Nack {
                n,
                promised: Self::decode_number(&code[5..7]).expect("a promise"),
                refused: if code[7] == 1 {
                    Request::Accept
                } else {
                    Request::Prepare
                },
            },
        };
        (NodeId(code[0]), NodeId(code[1]), msg)
    }

    // ---- nodes ----

    /// Node `i` of the state read into `parts`, decoded into the page's own [`Node`].
    fn decode_node(&self, parts: &Parts<'_>, i: usize) -> Node {
        let s = parts.fixed;
        let block = &self.blocks[i];
        let mut node = self.model.initial[i].clone();
        if let Some(at) = block.acceptor {
            node.roles.acceptor = Some(Acceptor {
                promised_number: Self::decode_number(&s[at..]),
                accepted_number: Self::decode_number(&s[at + 2..]),
                accepted_value: self.decode_value(s[at + 4]),
            });
        }
        if let Some(at) = block.proposer {
            let proposer = node.roles.proposer.as_mut().expect("a proposer block");
            proposer.round = u32::from(s[at]);
            proposer.highest_round_seen = u32::from(s[at + 1]);
            let n = Self::decode_number(&s[at + 3..]);
            let value = self.decode_value(s[at + 5]);
            proposer.phase = match s[at + 2] {
                0 => ProposerPhase::Idle,
                1 => {
                    let mask = u16::from_le_bytes([s[at + 6], s[at + 7]]);
                    let mut promises = BTreeMap::new();
                    for (slot, acceptor) in self.slots.iter().enumerate() {
                        if mask & (1 << acceptor.0) != 0 {
                            let r = at + PROPOSER_HEAD + SLOT * slot;
                            let accepted = Self::decode_number(&s[r..]).map(|number| {
                                (number, self.decode_value(s[r + 2]).expect("a value"))
                            });
                            promises.insert(*acceptor, accepted);
                        }
                    }
                    ProposerPhase::Preparing {
                        n: n.expect("a number"),
                        my_value: value.expect("a value"),
                        promises,
                    }
                }
                _ => ProposerPhase::Accepting {
                    n: n.expect("a number"),
                    value: value.expect("a value"),
                },
            };
        }
        if let Some(at) = block.learner {
            let learner = node.roles.learner.as_mut().expect("a learner block");
            learner.learned = Self::decode_number(&s[at..])
                .map(|n| (n, self.decode_value(s[at + 2]).expect("a value")));
            let index = self
                .learners
                .iter()
                .position(|&l| l == i)
                .expect("a learner");
            learner.accepted_by = parts.entries[index]
                .chunks_exact(ENTRY)
                .map(|e| {
                    let mask = u16::from_le_bytes([e[3], e[4]]);
                    let acceptors = (0..MAX_NODES as u8)
                        .filter(|a| mask & (1 << a) != 0)
                        .map(NodeId)
                        .collect::<BTreeSet<_>>();
                    let n = Self::decode_number(e).expect("a number");
                    ((n, self.decode_value(e[2]).expect("a value")), acceptors)
                })
                .collect();
        }
        node
    }

    /// Writes node `i`'s block into `block` (its bytes only), and its learner's counts, sorted,
    /// into `entries`.
    fn encode_node(&self, node: &Node, i: usize, block: &mut [u8], entries: &mut Vec<[u8; ENTRY]>) {
        let base = self.blocks[i].start;
        let offsets = &self.blocks[i];
        if let (Some(at), Some(acceptor)) = (offsets.acceptor, &node.roles.acceptor) {
            let at = at - base;
            block[at..at + 2].copy_from_slice(&Self::encode_number(acceptor.promised_number));
            block[at + 2..at + 4].copy_from_slice(&Self::encode_number(acceptor.accepted_number));
            block[at + 4] = self.encode_value(acceptor.accepted_value.as_ref());
        }
        if let (Some(at), Some(proposer)) = (offsets.proposer, &node.roles.proposer) {
            let at = at - base;
            let record = &mut block[at..at + PROPOSER_HEAD + SLOT * self.slots.len()];
            record.fill(0);
            record[0] = u8::try_from(proposer.round).expect("a round below 256");
            record[1] = u8::try_from(proposer.highest_round_seen).expect("a round below 256");
            match &proposer.phase {
                ProposerPhase::Idle => {}
                ProposerPhase::Preparing {
                    n,
                    my_value,
                    promises,
                } => {
                    record[2] = 1;
                    record[3..5].copy_from_slice(&Self::encode_number(Some(*n)));
                    record[5] = self.encode_value(Some(my_value));
                    let mut mask = 0u16;
                    for (acceptor, accepted) in promises {
                        mask |= 1 << acceptor.0;
                        let slot = usize::from(self.slot_of[usize::from(acceptor.0)]);
                        let r = PROPOSER_HEAD + SLOT * slot;
                        record[r..r + 2]
                            .copy_from_slice(&Self::encode_number(accepted.as_ref().map(|a| a.0)));
                        record[r + 2] = self.encode_value(accepted.as_ref().map(|a| &a.1));
                    }
                    record[6..8].copy_from_slice(&mask.to_le_bytes());
                }
                ProposerPhase::Accepting { n, value } => {
                    record[2] = 2;
                    record[3..5].copy_from_slice(&Self::encode_number(Some(*n)));
                    record[5] = self.encode_value(Some(value));
                }
            }
        }
        entries.clear();
        if let (Some(at), Some(learner)) = (offsets.learner, &node.roles.learner) {
            let at = at - base;
            let learned = learner.learned.as_ref();
            block[at..at + 2].copy_from_slice(&Self::encode_number(learned.map(|l| l.0)));
            block[at + 2] = self.encode_value(learned.map(|l| &l.1));
            for ((n, value), acceptors) in &learner.accepted_by {
                let [r, o] = Self::encode_number(Some(*n));
                let mask = acceptors.iter().fold(0u16, |m, a| m | 1 << a.0);
                let [m0, m1] = mask.to_le_bytes();
                entries.push([r, o, self.encode_value(Some(value)), m0, m1]);
            }
            entries.sort_unstable();
        }
    }

    // ---- states ----

    /// Reads `state` into its parts.
    fn parts<'a>(&self, state: &'a CompactState) -> Parts<'a> {
        let bytes = &state.0;
        let fixed = &bytes[..self.fixed_len];
        let mut at = self.fixed_len;
        let mut entries: [&[u8]; MAX_NODES] = [&[]; MAX_NODES];
        for slot in entries.iter_mut().take(self.learners.len()) {
            let count = usize::from(bytes[at]);
            *slot = &bytes[at + 1..at + 1 + count * ENTRY];
            at += 1 + count * ENTRY;
        }
        let count = usize::from(u16::from_le_bytes([bytes[at], bytes[at + 1]]));
        let network = &bytes[at + 2..at + 2 + count * 8];
        at += 2 + count * 8;
        let count = usize::from(u16::from_le_bytes([bytes[at], bytes[at + 1]]));
        let votes = &bytes[at + 2..at + 2 + count * VOTE];
        Parts {
            fixed,
            entries,
            network,
            votes,
        }
    }

    /// The compact form of `state`.
    pub fn from_plain(&self, state: &PlaygroundState) -> CompactState {
        let mut bytes = vec![0u8; self.fixed_len];
        bytes[0..2].copy_from_slice(&state.down.to_le_bytes());
        bytes[2] = state.crashes;
        bytes[HEADER..HEADER + state.rounds.len()].copy_from_slice(&state.rounds);
        let mut entries = Vec::new();
        let mut learner_entries = Vec::new();
        for (i, node) in state.nodes.iter().enumerate() {
            let Block { start, end, .. } = self.blocks[i];
            self.encode_node(node, i, &mut bytes[start..end], &mut entries);
            if self.blocks[i].learner.is_some() {
                learner_entries.push(entries.clone());
            }
        }
        for entries in &learner_entries {
            bytes.push(u8::try_from(entries.len()).expect("fewer than 256 counts"));
            bytes.extend(entries.iter().flatten());
        }
        let mut network: Vec<MessageCode> = state
            .network
            .iter()
            .map(|e| self.encode_message(e))
            .collect();
        network.sort_unstable();
        push_list(&mut bytes, &network);
        let mut votes: Vec<[u8; VOTE]> = state
            .votes
            .iter()
            .map(|(n, value, acceptor)| {
                let [r, o] = Self::encode_number(Some(*n));
                [r, o, self.encode_value(Some(value)), acceptor.0]
            })
            .collect();
        votes.sort_unstable();
        push_list(&mut bytes, &votes);
        CompactState(bytes.into_boxed_slice())
    }

    /// The playground state that `state` stands for.
    pub fn to_plain(&self, state: &CompactState) -> PlaygroundState {
        let parts = self.parts(state);
        let s = parts.fixed;
        let n = self.blocks.len();
        let mut network: Vec<Envelope> = parts
            .network
            .chunks_exact(8)
            .map(|c| self.decode_message(c.try_into().expect("8 bytes")))
            .collect();
        network.sort();
        let mut votes: Vec<(ProposalNumber, Value, NodeId)> = parts
            .votes
            .chunks_exact(VOTE)
            .map(|v| {
                (
                    Self::decode_number(v).expect("a number"),
                    self.decode_value(v[2]).expect("a value"),
                    NodeId(v[3]),
                )
            })
            .collect();
        votes.sort();
        PlaygroundState {
            nodes: (0..n).map(|i| self.decode_node(&parts, i)).collect(),
            down: u16::from_le_bytes([s[0], s[1]]),
            crashes: s[2],
            rounds: s[HEADER..HEADER + n].to_vec(),
            network,
            votes,
        }
    }

    /// The value codes chosen in a state, as a set (bit `c` of word `c / 64` for code `c`):
    /// those a phase-2 quorum of acceptors voted for under one number. Votes are sorted by
    /// number and value, so the votes for one proposal are one run.
    fn chosen(&self, votes: &[u8]) -> [u64; 4] {
        let quorum = self.model.phase2_quorum;
        let mut chosen = [0u64; 4];
        let mut run = 0;
        let mut previous: Option<&[u8]> = None;
        for vote in votes.chunks_exact(VOTE) {
            if previous == Some(&vote[..3]) {
                run += 1;
            } else {
                run = 1;
                previous = Some(&vote[..3]);
            }
            if run == quorum {
                chosen[usize::from(vote[2] / 64)] |= 1 << (vote[2] % 64);
            }
        }
        chosen
    }

    /// How many distinct values are chosen in `state`.
    fn chosen_count(&self, state: &CompactState) -> u32 {
        self.chosen(self.parts(state).votes)
            .iter()
            .map(|w| w.count_ones())
            .sum()
    }

    /// Writes the successor of `state` (read into `parts`) into `out`: its header and blocks
    /// are `fixed` (already edited), learner `changed`'s counts are `entries`, message
    /// `removed` leaves the network, `sent` joins it (a set when the network duplicates), and
    /// `votes` join the votes.
    #[allow(clippy::too_many_arguments)]
    fn successor(
        &self,
        parts: &Parts<'_>,
        fixed: &[u8],
        changed: Option<(usize, &[[u8; ENTRY]])>,
        removed: Option<usize>,
        sent: &mut [MessageCode],
        votes: &mut [[u8; VOTE]],
        out: &mut Vec<u8>,
    ) -> CompactState {
        out.clear();
        out.extend_from_slice(fixed);
        for (index, &learner) in self.learners.iter().enumerate() {
            match changed {
                Some((node, entries)) if node == learner => {
                    out.push(entries.len() as u8);
                    out.extend(entries.iter().flatten());
                }
                _ => {
                    out.push((parts.entries[index].len() / ENTRY) as u8);
                    out.extend_from_slice(parts.entries[index]);
                }
            }
        }
        merge(
            out,
            parts.network,
            removed,
            sent,
            self.model.bounds.duplicate,
        );
        merge(out, parts.votes, None, votes, true);
        CompactState(out.as_slice().into())
    }
}

/// Appends `items` to `bytes` as a list: a count (2 bytes) and the items.
fn push_list<const W: usize>(bytes: &mut Vec<u8>, items: &[[u8; W]]) {
    bytes.extend_from_slice(&(items.len() as u16).to_le_bytes());
    bytes.extend(items.iter().flatten());
}

/// Appends to `out` the sorted list of `W`-byte items `old` without item `removed`, merged with
/// `added` (sorted here); with `unique`, an item already there is not added again.
fn merge<const W: usize>(
    out: &mut Vec<u8>,
    old: &[u8],
    removed: Option<usize>,
    added: &mut [[u8; W]],
    unique: bool,
) {
    added.sort_unstable();
    let count_at = out.len();
    out.extend_from_slice(&[0, 0]);
    let mut count = 0u16;
    let mut added = added.iter().peekable();
    for (index, item) in old.chunks_exact(W).enumerate() {
        while let Some(new) = added.next_if(|new| new.as_slice() < item) {
            if !(unique && out.len() > count_at + 2 && out[out.len() - W..] == new[..]) {
                out.extend_from_slice(new);
                count += 1;
            }
        }
        if Some(index) == removed {
            continue;
        }
        if unique {
            while added.next_if(|new| new.as_slice() == item).is_some() {}
        }
        out.extend_from_slice(item);
        count += 1;
    }
    for new in added {
        if !(unique && out.len() > count_at + 2 && out[out.len() - W..] == new[..]) {
            out.extend_from_slice(new);
            count += 1;
        }
    }
    out[count_at..count_at + 2].copy_from_slice(&count.to_le_bytes());
}

impl Model for Compact {
    type State = CompactState;
    type Action = CompactAction;

    fn init_states(&self) -> Vec<CompactState> {
        self.model
            .init_states()
            .iter()
            .map(|s| self.from_plain(s))
            .collect()
    }

    fn next_states(&self, state: &CompactState, emit: &mut dyn FnMut(CompactAction, CompactState)) {
        let parts = self.parts(state);
        let bounds = self.model.bounds;
        let down = u16::from_le_bytes([parts.fixed[0], parts.fixed[1]]);
        let crashes = parts.fixed[2];
        let is_down = |i: usize| down & (1 << i) != 0;
        let mut fixed = parts.fixed.to_vec();
        let mut entries: Vec<[u8; ENTRY]> = Vec::new();
        let mut sent: Vec<MessageCode> = Vec::new();
        let mut votes: Vec<[u8; VOTE]> = Vec::new();
        let mut buffer = Vec::with_capacity(state.len() + 64);
        let mut out = Out::default();
        // Runs `node` (node `i`, changed by a handler that wrote `out`) into a successor, with
        // message `removed` gone and `header` applied to the copy of the fixed part.
        let mut step = |node: Option<(usize, &Node)>,
                        out: &mut Out,
                        removed: Option<usize>,
                        header: &dyn Fn(&mut [u8]),
                        fixed: &mut Vec<u8>,
                        buffer: &mut Vec<u8>| {
            fixed.copy_from_slice(parts.fixed);
            header(fixed);
            sent.clear();
            votes.clear();
            let mut changed = None;
            if let Some((i, node)) = node {
                let Block { start, end, .. } = self.blocks[i];
                self.encode_node(node, i, &mut fixed[start..end], &mut entries);
                if self.blocks[i].learner.is_some() {
                    changed = Some((i, entries.as_slice()));
                }
                let id = NodeId(i as u8);
                for (dst, msg) in out.sends.drain(..) {
                    sent.push(self.encode_message(&(id, dst, msg)));
                }
                for note in out.notes.drain(..) {
                    if let Note::Accepted { n, value } = note {
                        let [r, o] = Self::encode_number(Some(n));
                        votes.push([r, o, self.encode_value(Some(&value)), id.0]);
                    }
                }
                out.lines.clear();
            }
            self.successor(
                &parts, fixed, changed, removed, &mut sent, &mut votes, buffer,
            )
        };

        // Partial-order reduction: a delivery that commutes with every other step and changes
        // no property, when there is one, is the only step taken from here (see `ample`).
        let ample = if bounds.partial_order {
            self.ample(&parts, down, crashes)
        } else {
            None
        };

        // A proposer starts a round (a first proposal, or a retry after a timeout).
        for (i, value) in self.model.values.iter().enumerate() {
            let Some(value) = value else { continue };
            if ample.is_some() {
                break;
            }
            if is_down(i) || parts.fixed[HEADER + i] >= bounds.rounds {
                continue;
            }
            let mut node = self.decode_node(&parts, i);
            let proposer = node.roles.proposer.as_mut().expect("a proposer");
            if proposer.propose(value.clone(), &mut out).is_err() {
                out = Out::default();
                continue;
            }
            let next = step(
                Some((i, &node)),
                &mut out,
                None,
                &|f: &mut [u8]| f[HEADER + i] += 1,
                &mut fixed,
                &mut buffer,
            );
            emit(CompactAction::Propose(NodeId(i as u8)), next);
        }
        // A message arrives, or is lost. Equal copies lead to equal states: try each once.
        let mut previous: Option<&[u8]> = None;
        for (index, code) in parts.network.chunks_exact(8).enumerate() {
            if previous == Some(code) || ample.is_some_and(|a| a != index) {
                continue;
            }
            previous = Some(code);
            let code: MessageCode = code.try_into().expect("8 bytes");
            let dst = usize::from(code[1]);
            let removed = (!bounds.duplicate).then_some(index);
            if is_down(dst) {
                // Lost at a crashed node; with duplication another copy may come later.
                if !bounds.duplicate {
                    let next = step(None, &mut out, removed, &|_| {}, &mut fixed, &mut buffer);
                    emit(CompactAction::Deliver(code), next);
                }
            } else {
                let (src, _, msg) = self.decode_message(&code);
                let mut node = self.decode_node(&parts, dst);
                node.receive(src, msg, &mut out);
                let next = step(
                    Some((dst, &node)),
                    &mut out,
                    removed,
                    &|_| {},
                    &mut fixed,
                    &mut buffer,
                );
                emit(CompactAction::Deliver(code), next);
            }
            if bounds.loss {
                let next = step(
                    None,
                    &mut out,
                    Some(index),
                    &|_| {},
                    &mut fixed,
                    &mut buffer,
                );
                emit(CompactAction::Drop(code), next);
            }
        }
        // A node crashes, or restarts.
        for i in 0..self.blocks.len() {
            if ample.is_some() {
                break;
            }
            let id = NodeId(i as u8);
            if is_down(i) {
                let next = step(
                    None,
                    &mut out,
                    None,
                    &|f: &mut [u8]| f[0..2].copy_from_slice(&(down & !(1 << i)).to_le_bytes()),
                    &mut fixed,
                    &mut buffer,
                );
                emit(CompactAction::Restart(id), next);
            } else if crashes < bounds.crashes {
                let mut node = self.decode_node(&parts, i);
                node.crash();
                let next = step(
                    Some((i, &node)),
                    &mut out,
                    None,
                    &|f: &mut [u8]| {
                        f[0..2].copy_from_slice(&(down | 1 << i).to_le_bytes());
                        f[2] += 1;
                    },
                    &mut fixed,
                    &mut buffer,
                );
                emit(CompactAction::Crash(id), next);
            }
        }
    }

    fn properties(&self) -> Vec<Property<Self>> {
        // The playground model's properties, by name, in its order, judged on compact states.
        self.model
            .properties()
            .iter()
            .map(|p| Property {
                name: p.name,
                expectation: p.expectation,
                condition: match p.name {
                    "agreement" => |m: &Self, s: &CompactState| m.chosen_count(s) <= 1,
                    // Every value no proposer proposed has the one code FOREIGN.
                    "validity" => |m: &Self, s: &CompactState| {
                        m.chosen(m.parts(s).votes)[3] & 1 << (FOREIGN % 64) == 0
                    },
                    "learner agreement" => |m: &Self, s: &CompactState| {
                        let parts = m.parts(s);
                        let mut learned = None;
                        m.learners.iter().all(|&i| {
                            let at = m.blocks[i].learner.expect("a learner");
                            let value = parts.fixed[at + 2];
                            value == 0 || *learned.get_or_insert(value) == value
                        })
                    },
                    "a value is chosen" => |m: &Self, s: &CompactState| m.chosen_count(s) > 0,
                    other => unreachable!("a property of the playground model: {other}"),
                },
            })
            .collect()
    }

    fn not_applicable(&self) -> Vec<NotApplicable> {
        self.model.not_applicable()
    }

    /// The least renaming of `state`, as bytes, among the renamings that list each group of
    /// interchangeable nodes in the order of their signatures (see `Compact::signatures`),
    /// trying every order of the nodes whose signatures tie. Exact, as the playground model's
    /// own: a signature does not change when nodes are renamed, so two states of one orbit
    /// have the same renamings to try, up to the renaming between them, and so the same least
    /// one. Fast: nodes in different states have different signatures, so usually one
    /// renaming is left to build.
    fn canonical(&self, state: CompactState) -> CompactState {
        let groups = &self.model.groups;
        if groups.is_empty() {
            return state;
        }
        let parts = self.parts(&state);
        let signatures = self.signatures(&parts);
        let identity: [u8; MAX_NODES] = std::array::from_fn(|i| i as u8);
        // Most states have no tie: one renaming, built without allocating (or none at all
        // when it is the identity: the state's lists are sorted already).
        let mut only = identity;
        let mut tie = false;
        for group in groups {
            let mut members = [0u8; MAX_NODES];
            for (slot, id) in members.iter_mut().zip(group) {
                *slot = id.0;
            }
            let members = &mut members[..group.len()];
            members.sort_unstable_by_key(|&m| (signatures[usize::from(m)], m));
            for (rank, &member) in members.iter().enumerate() {
                only[usize::from(member)] = group[rank].0;
            }
            tie |= members
                .windows(2)
                .any(|w| signatures[usize::from(w[0])] == signatures[usize::from(w[1])]);
        }
        if !tie {
            if only == identity {
                return state;
            }
            let mut renamed = Vec::with_capacity(state.len());
            self.rename(&parts, &only, &mut renamed);
            return CompactState(renamed.into_boxed_slice());
        }
        let mut maps = vec![identity];
        for group in groups {
            let mut members: Vec<u8> = group.iter().map(|id| id.0).collect();
            members.sort_by_key(|&m| (signatures[usize::from(m)], m));
            // The member at rank k takes the k-th id of the group (ids in order); members that
            // tie take the ids of their ranks in every order.
            let mut start = 0;
            while start < members.len() {
                let mut end = start + 1;
                let signature = signatures[usize::from(members[start])];
                while end < members.len() && signatures[usize::from(members[end])] == signature {
                    end += 1;
                }
                if end - start == 1 {
                    for map in &mut maps {
                        map[usize::from(members[start])] = group[start].0;
                    }
                    start = end;
                    continue;
                }
                let orders = super::permutations_of(&group[start..end]);
                let tied = &members[start..end];
                maps = maps
                    .iter()
                    .flat_map(|map| {
                        orders.iter().map(move |order| {
                            let mut map = *map;
                            for (member, target) in tied.iter().zip(order) {
                                map[usize::from(*member)] = target.0;
                            }
                            map
                        })
                    })
                    .collect();
                start = end;
            }
        }
        if maps == [identity] {
            // Already in order, and its lists are sorted: it is its own representative.
            return state;
        }
        let mut best: Option<Vec<u8>> = None;
        let mut candidate = Vec::with_capacity(state.len());
        for map in &maps {
            self.rename(&parts, map, &mut candidate);
            if best.as_ref().is_none_or(|b| candidate < *b) {
                best = Some(candidate.clone());
            }
        }
        CompactState(best.expect("one renaming at least").into_boxed_slice())
    }
}

impl Compact {
    /// The message in flight (its index in the network) whose delivery may be the only step
    /// taken from this state, if there is one: a partial-order reduction with singleton ample
    /// sets (Peled; Godefroid's persistent sets). The delivery `t` of such a message
    ///
    /// - commutes with every step another run from here could take first, and is never
    ///   disabled by one (persistence): it changes nothing another step reads or writes, and
    ///   stays the same step after any of them;
    /// - changes no property: not the votes, not what any learner learned (invisibility);
    /// - can never come back in a cycle (the cycle proviso): it removes a message that no run
    ///   sends twice, or adds an acceptor to a learner's counts, which only a crash empties.
    ///
    /// So every state where a property holds or fails is still reached, through another
    /// order of the same steps, and every verdict (each "always" and each "sometimes") is the
    /// plain search's. Two kinds of message qualify:
    ///
    /// 1. **A reply a proposer will ignore forever**, on a network that does not duplicate:
    ///    a Promise for a number it is not collecting promises for now (its numbers only
    ///    grow, so it never will again), or a Nack whose promise is no higher than the
    ///    highest round it has seen and that refuses a request it is no longer making (an
    ///    older number, or the Prepare of a round already in phase 2). Its delivery changes
    ///    nothing but the network, before or after any other step, crashes included (a crash
    ///    keeps a proposer's rounds). Without duplication each reply is sent once.
    /// 2. **An Accepted for a learner that has learned**, when no crash is left in the run and
    ///    the learner is up: it only adds the acceptor to the learner's counts, which nothing
    ///    else reads once a value is learned; two such deliveries commute (set insertions).
    ///    With duplication, only one that adds an acceptor not yet counted (not a stutter).
    ///
    /// With loss, the message's Drop is in the ample set too (the explorer emits both).
    fn ample(&self, parts: &Parts<'_>, down: u16, crashes: u8) -> Option<usize> {
        let bounds = self.model.bounds;
        let s = parts.fixed;
        let no_crash_left = crashes >= bounds.crashes;
        for (index, code) in parts.network.chunks_exact(8).enumerate() {
            let dst = usize::from(code[1]);
            let number = &code[3..5];
            match code[2] {
                // A Promise or a Nack to a proposer.
                kind @ (1 | 4) if !bounds.duplicate => {
                    let Some(at) = self.blocks[dst].proposer else {
                        continue;
                    };
                    let (phase, current) = (s[at + 2], &s[at + 3..at + 5]);
                    let dead = if kind == 1 {
                        !(phase == 1 && current == number)
                    } else {
                        let seen = code[5] <= s[at + 1];
                        let refused_prepare = code[7] == 0;
                        seen && (phase == 0 || current != number || (phase == 2 && refused_prepare))
                    };
                    if dead {
                        return Some(index);
                    }
                }
                // An Accepted to a learner.
                3 if no_crash_left && down & (1 << dst) == 0 => {
                    let Some(at) = self.blocks[dst].learner else {
                        continue;
                    };
                    if s[at] == 0 {
                        continue; // nothing learned yet
                    }
                    let counted = parts.entries[usize::from(self.learner_index[dst])]
                        .chunks_exact(ENTRY)
                        .find(|e| e[..2] == *number && e[2] == code[7])
                        .is_some_and(|e| u16::from_le_bytes([e[3], e[4]]) & (1 << code[0]) != 0);
                    if !(counted && bounds.duplicate) {
                        return Some(index);
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// Each node's signature: a hash of what it looks like without its name (whether it is
    /// down, its block, and the messages to and from it without their ends), which renaming
    /// the interchangeable nodes does not change. Blocks name no interchangeable node: numbers
    /// name proposers, which are never renamed, and a non-proposer's block has no promise
    /// slots. Messages count as a multiset (a sum of hashes), so their order does not matter.
    fn signatures(&self, parts: &Parts<'_>) -> [u64; MAX_NODES] {
        let down = u16::from_le_bytes([parts.fixed[0], parts.fixed[1]]);
        let mut signatures = [0u64; MAX_NODES];
        for &i in &self.grouped {
            let block = &self.blocks[i];
            let mut h = mix(u64::from(down >> i & 1));
            for word in parts.fixed[block.start..block.end].chunks(8) {
                let mut bytes = [0u8; 8];
                bytes[..word.len()].copy_from_slice(word);
                h = mix(h ^ u64::from_le_bytes(bytes));
            }
            signatures[i] = h;
        }
        for code in parts.network.chunks_exact(8) {
            let mut body = [0u8; 8];
            body[..6].copy_from_slice(&code[2..8]);
            let h = mix(u64::from_le_bytes(body));
            // Sent and received count apart: the receiver's share is another word.
            let (src, dst) = (usize::from(code[0]), usize::from(code[1]));
            signatures[src] = signatures[src].wrapping_add(h);
            signatures[dst] = signatures[dst].wrapping_add(mix(h));
        }
        signatures
    }

    /// Writes into `out` the state read into `parts` with node `i` renamed `map[i]` (a
    /// permutation within each group of interchangeable nodes), lists sorted again.
    fn rename(&self, parts: &Parts<'_>, map: &[u8; MAX_NODES], out: &mut Vec<u8>) {
        let fixed = parts.fixed;
        let rename_mask = |mut mask: u16| {
            let mut renamed = 0u16;
            while mask != 0 {
                renamed |= 1 << map[mask.trailing_zeros() as usize];
                mask &= mask - 1;
            }
            renamed
        };
        out.clear();
        out.extend_from_slice(fixed);
        let down = u16::from_le_bytes([fixed[0], fixed[1]]);
        out[0..2].copy_from_slice(&rename_mask(down).to_le_bytes());
        for (i, block) in self.blocks.iter().enumerate() {
            let to = usize::from(map[i]);
            out[HEADER + to] = fixed[HEADER + i];
            let target = &self.blocks[to];
            out[target.start..target.end].copy_from_slice(&fixed[block.start..block.end]);
            if let Some(at) = target.proposer {
                // A proposer is never renamed, but its promises name acceptors.
                let mask = u16::from_le_bytes([fixed[at + 6], fixed[at + 7]]);
                out[at + 6..at + 8].copy_from_slice(&rename_mask(mask).to_le_bytes());
                for (slot, acceptor) in self.slots.iter().enumerate() {
                    let from = at + PROPOSER_HEAD + SLOT * slot;
                    let new_slot =
                        usize::from(self.slot_of[usize::from(map[usize::from(acceptor.0)])]);
                    let into = at + PROPOSER_HEAD + SLOT * new_slot;
                    out[into..into + SLOT].copy_from_slice(&fixed[from..from + SLOT]);
                }
            }
        }
        // Each learner's counts go to the learner it is renamed to, their masks renamed.
        let mut renamed_from = [0usize; MAX_NODES];
        for (i, &to) in map.iter().enumerate().take(self.blocks.len()) {
            renamed_from[usize::from(to)] = i;
        }
        let mut entries: Vec<[u8; ENTRY]> = Vec::new();
        for &learner in &self.learners {
            let index = usize::from(self.learner_index[renamed_from[learner]]);
            entries.clear();
            for e in parts.entries[index].chunks_exact(ENTRY) {
                let [m0, m1] = rename_mask(u16::from_le_bytes([e[3], e[4]])).to_le_bytes();
                entries.push([e[0], e[1], e[2], m0, m1]);
            }
            entries.sort_unstable();
            out.push(entries.len() as u8);
            out.extend(entries.iter().flatten());
        }
        let mut network: Vec<MessageCode> = parts
            .network
            .chunks_exact(8)
            .map(|c| {
                let mut code: MessageCode = c.try_into().expect("8 bytes");
                code[0] = map[usize::from(code[0])];
                code[1] = map[usize::from(code[1])];
                code
            })
            .collect();
        network.sort_unstable();
        push_list(out, &network);
        let mut votes: Vec<[u8; VOTE]> = parts
            .votes
            .chunks_exact(VOTE)
            .map(|v| [v[0], v[1], v[2], map[usize::from(v[3])]])
            .collect();
        votes.sort_unstable();
        push_list(out, &votes);
    }
}

/// A 64-bit mix (splitmix64's finaliser): a hash of one word for the signatures.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}
