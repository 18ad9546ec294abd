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
