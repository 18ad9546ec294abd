//! The article's JavaScript-like pseudocode, completed, with a tag on every line that a
//! handler can execute. Handlers report [`Line`]s; the page highlights them in [`PSEUDOCODE`].
//! This table is the single copy of the pseudocode: the page renders it from here.

/// A line of [`PSEUDOCODE`] that a handler can execute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)] // Each variant is documented by its line of pseudocode in the table.
pub enum Line {
    ProposeNextRound,
    ProposeNumber,
    ProposeRemember,
    ProposeSendPrepare,
    PromiseCheckCurrent,
    PromiseIgnoreStale,
    PromiseRecord,
    PromiseMajority,
    PromisePickHighest,
    PromisePickValue,
    PromiseSendAccept,
    NackCurrentRequest,
    NackCheckCurrent,
    NackIgnoreStale,
    NackRememberHigher,
    NackGiveUp,
    PrepareCompare,
    PrepareUpdate,
    PrepareSendPromise,
    PrepareSendNack,
    AcceptCompare,
    AcceptPromise,
    AcceptSetNumber,
    AcceptSetValue,
    AcceptSendAccepted,
    AcceptSendNack,
    AcceptedRecord,
    AcceptedMajority,
    AcceptedLearn,
}

impl Line {
    /// Every line tag, in declaration order (kept complete by a test with an exhaustive match).
    pub const ALL: [Line; 29] = [
        Line::ProposeNextRound,
        Line::ProposeNumber,
        Line::ProposeRemember,
        Line::ProposeSendPrepare,
        Line::PromiseCheckCurrent,
        Line::PromiseIgnoreStale,
        Line::PromiseRecord,
        Line::PromiseMajority,
        Line::PromisePickHighest,
        Line::PromisePickValue,
        Line::PromiseSendAccept,
        Line::NackCurrentRequest,
        Line::NackCheckCurrent,
        Line::NackIgnoreStale,
        Line::NackRememberHigher,
        Line::NackGiveUp,
        Line::PrepareCompare,
        Line::PrepareUpdate,
        Line::PrepareSendPromise,
        Line::PrepareSendNack,
        Line::AcceptCompare,
        Line::AcceptPromise,
        Line::AcceptSetNumber,
        Line::AcceptSetValue,
        Line::AcceptSendAccepted,
        Line::AcceptSendNack,
        Line::AcceptedRecord,
        Line::AcceptedMajority,
        Line::AcceptedLearn,
    ];
}

/// The completed pseudocode, one entry per line: the text and, for lines a handler executes,
/// its tag. The article's example names are kept (`promisedNumber`, `receivePrepare`, ...).
pub const PSEUDOCODE: &[(&str, Option<Line>)] = &[
    (
        "// Proposer. Numbers are (round, proposerId) pairs, e.g. 1.P:",
        None,
    ),
    ("// unique across proposers and totally ordered.", None),
    ("let round = 0;               // kept across a crash", None),
    ("let highestRoundSeen = 0;    // from Nack replies", None),
    ("let proposalNumber, myValue, promises, phase;", None),
    ("", None),
    ("function propose(value) {", None),
    (
        "  round = max(round, highestRoundSeen) + 1;",
        Some(Line::ProposeNextRound),
    ),
    (
        "  proposalNumber = { round, proposerId: me };",
        Some(Line::ProposeNumber),
    ),
    (
        "  myValue = value; promises = {}; phase = 1;",
        Some(Line::ProposeRemember),
    ),
    (
        "  send Prepare(proposalNumber) to all acceptors;",
        Some(Line::ProposeSendPrepare),
    ),
    ("}", None),
    ("", None),
    ("function receivePromise(from, n, accepted) {", None),
    (
        "  if (phase != 1 || n != proposalNumber)",
        Some(Line::PromiseCheckCurrent),
    ),
    (
        "    return;                  // old round or late reply",
        Some(Line::PromiseIgnoreStale),
    ),
    (
        "  promises[from] = accepted; // accepted: {number, value} or null",
        Some(Line::PromiseRecord),
    ),
    (
        "  if (size(promises) >= majority) {   // majorityPromised",
        Some(Line::PromiseMajority),
    ),
    (
        "    let highest = accepted with the highest number in promises;",
        Some(Line::PromisePickHighest),
    ),
    (
        "    let v = highest ? highest.value : myValue; phase = 2;",
        Some(Line::PromisePickValue),
    ),
    (
        "    send Accept(proposalNumber, v) to all acceptors;",
        Some(Line::PromiseSendAccept),
    ),
    ("  }", None),
    ("}", None),
    ("", None),
    ("function receiveNack(from, n, promised, refused) {", None),
    (
        "  highestRoundSeen = max(highestRoundSeen, promised.round);",
        Some(Line::NackRememberHigher),
    ),
    (
        "  let current = [0, \"prepare\", \"accept\"][phase];",
        Some(Line::NackCurrentRequest),
    ),
    (
        "  if (n != proposalNumber || refused != current || promised == n)",
        Some(Line::NackCheckCurrent),
    ),
    (
        "    return;  // old round or phase, or a reply to a duplicate",
        Some(Line::NackIgnoreStale),
    ),
    (
        "  phase = 0;   // give up; propose again to retry higher",
        Some(Line::NackGiveUp),
    ),
    ("}", None),
    ("", None),
    (
        "// Acceptor. These three survive a crash (stable storage).",
        None,
    ),
    ("let promisedNumber = 0;", None),
    ("let acceptedValue = null;", None),
    ("let acceptedNumber = 0;", None),
    ("", None),
    ("function receivePrepare(from, n) {", None),
    ("  if (n > promisedNumber) {", Some(Line::PrepareCompare)),
    ("    promisedNumber = n;", Some(Line::PrepareUpdate)),
    (
        "    send Promise(n, acceptedNumber, acceptedValue) to from;",
        Some(Line::PrepareSendPromise),
    ),
    ("  } else {", None),
    (
        "    send Nack(n, promisedNumber, \"prepare\") to from;",
        Some(Line::PrepareSendNack),
    ),
    ("  }", None),
    ("}", None),
    ("", None),
    ("function receiveAccept(from, n, v) {", None),
    (
        "  if (n >= promisedNumber) { // not promised to ignore n",
        Some(Line::AcceptCompare),
    ),
    (
        "    promisedNumber = n;      // accepting n also promises n",
        Some(Line::AcceptPromise),
    ),
    ("    acceptedNumber = n;", Some(Line::AcceptSetNumber)),
    ("    acceptedValue = v;", Some(Line::AcceptSetValue)),
    (
        "    send Accepted(n, v) to all learners;",
        Some(Line::AcceptSendAccepted),
    ),
    ("  } else {", None),
    (
        "    send Nack(n, promisedNumber, \"accept\") to from;",
        Some(Line::AcceptSendNack),
    ),
    ("  }", None),
    ("}", None),
    ("", None),
    ("// Learner. Forgets everything on a crash.", None),
    (
        "let acceptedBy = {};  // proposal number -> acceptors",
        None,
    ),
    ("let learned = null;", None),
    ("", None),
    ("function receiveAccepted(from, n, v) {", None),
    ("  acceptedBy[n].add(from);", Some(Line::AcceptedRecord)),
    (
        "  if (size(acceptedBy[n]) >= majority && !learned)",
        Some(Line::AcceptedMajority),
    ),
    (
        "    learned = v;             // v is chosen",
        Some(Line::AcceptedLearn),
    ),
    ("}", None),
];

/// A line of [`PSEUDOCODE`] that some [`Rules`](super::Rules) change: the code that runs in
/// its place, and why.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ChangedLine {
    /// Its index in [`PSEUDOCODE`].
    pub line: usize,
    /// The code that actually runs under the rules, in place of the line as written.
    pub code: String,
    /// What the rules do to it, in a sentence.
    pub how: String,
}

/// The index in [`PSEUDOCODE`] of the line tagged `line`.
fn index_of(line: Line) -> usize {
    PSEUDOCODE
        .iter()
        .position(|(_, tag)| *tag == Some(line))
        .expect("every tag is on a line")
}

/// The lines `rules` change on a cluster of `acceptors`, in pseudocode order, each with the
/// code that runs instead. Correct Paxos changes none.
pub fn changed_lines(rules: &super::Rules, acceptors: usize) -> Vec<ChangedLine> {
    let (q1, q2) = (
        rules.phase1_quorum(acceptors),
        rules.phase2_quorum(acceptors),
    );
    let unsafe_note = if rules.quorums_intersect(acceptors) {
        String::new()
    } else {
        format!(", and quorums need not meet ({q1} + {q2} ≤ {acceptors}): unsafe")
    };
    let mut changed = Vec::new();
    let mut change = |line: usize, code: &str, how: String| {
        changed.push(ChangedLine {
            line,
            code: code.to_string(),
            how,
        })
    };
    if rules.non_unique_numbers {
        change(
            index_of(Line::ProposeNumber),
            "  proposalNumber = round;      // the round alone: not unique",
            "Broken: the number is the round alone, so two proposers in the same round use the \
             same number."
                .to_string(),
        );
    }
    if rules.ignore_accepted_values {
        change(
            index_of(Line::PromisePickValue),
            "    let v = myValue; phase = 2;  // reported values ignored",
            "Broken: the proposer sends its own value, ignoring any value an acceptor reported."
                .to_string(),
        );
    }
    if rules.minority_promises {
        change(
            index_of(Line::PromiseMajority),
            &format!("  if (size(promises) >= {q1}) {{   // a minority: (N - 1) / 2, at least 1"),
            format!(
                "Broken: the proposer goes on with promises from the largest minority: it waits \
                 for {q1} of {acceptors}{unsafe_note}."
            ),
        );
    } else if rules.phase1_quorum.is_some() {
        change(
            index_of(Line::PromiseMajority),
            &format!("  if (size(promises) >= {q1}) {{   // Q1 = {q1} of {acceptors}"),
            format!(
                "Flexible Paxos: the phase-1 quorum is set: it waits for {q1} of {acceptors} \
                 promises{unsafe_note}."
            ),
        );
    }
    if rules.forget_on_crash {
        let heading = PSEUDOCODE
            .iter()
            .position(|(text, _)| text.starts_with("// Acceptor."))
            .expect("the acceptor's heading is in the pseudocode");
        change(
            heading,
            "// Acceptor. These three are lost in a crash (memory only).",
            "Broken: these three are not on stable storage, so a crashed acceptor forgets its \
             promise and what it accepted."
                .to_string(),
        );
    }
    if rules.non_unique_numbers {
        change(
            index_of(Line::PrepareCompare),
            "  if (n >= promisedNumber) {   // an equal number too",
            "Broken: the acceptor also promises a number equal to its promise, as one that \
             answers a retransmitted Prepare does, so two proposers sharing a number both \
             gather promises."
                .to_string(),
        );
    }
    if rules.accept_below_promise {
        change(
            index_of(Line::AcceptCompare),
            "  if (true) {                  // any number, even below the promise",
            "Broken: the acceptor accepts any number, even below its promise.".to_string(),
        );
        change(
            index_of(Line::AcceptPromise),
            "    promisedNumber = max(promisedNumber, n);",
            "The promise stays the higher of the two, so later Prepares still see it.".to_string(),
        );
    }
    if rules.phase2_quorum.is_some() {
        change(
            index_of(Line::AcceptedMajority),
            &format!("  if (size(acceptedBy[n]) >= {q2} && !learned)  // Q2 = {q2} of {acceptors}"),
            format!(
                "Flexible Paxos: a value is chosen when {q2} of {acceptors} acceptors accept \
                 it{unsafe_note}."
            ),
        );
    }
    // In line order (at most eight, already nearly sorted): an insertion sort, as the
    // standard library's sort is about 2 KB of the page's wasm module.
    for i in 1..changed.len() {
        let mut j = i;
        while j > 0 && changed[j - 1].line > changed[j].line {
            changed.swap(j - 1, j);
            j -= 1;
        }
    }
    changed
}
