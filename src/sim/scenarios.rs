//! The built-in scenarios: named starting points, each a cluster and the opening moves that
//! set the stage for one lesson.

use super::action::Action;
use super::config::{Config, Faults, NodeSpec, Retry};
use super::error::SimError;

/// A named starting point: a config and the actions that set the stage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    /// Short id used by the page and in URLs, e.g. `article`.
    pub name: &'static str,
    /// Title for people.
    pub title: &'static str,
    /// What it shows, in a sentence or two.
    pub description: &'static str,
    /// The cluster.
    pub config: Config,
    /// Actions applied at the start.
    pub setup: Vec<Action>,
}

impl Scenario {
    /// Every built-in scenario; the first is the default.
    pub fn all() -> Vec<Scenario> {
        vec![
            Scenario::article(),
            Scenario::two_proposers(),
            Scenario::proposer_crash(),
            Scenario::minority_fails(),
            Scenario::partition_heals(),
            Scenario::lossy(),
            Scenario::dueling(),
            Scenario::backoff(),
            Scenario::every_role(),
        ]
    }

    /// The built-in scenario called `name`, or an error listing the names allowed.
    pub fn named(name: &str) -> Result<Scenario, SimError> {
        Scenario::all()
            .into_iter()
            .find(|s| s.name == name)
            .ok_or_else(|| SimError::UnknownScenario {
                given: name.to_string(),
                known: Scenario::all().iter().map(|s| s.name.to_string()).collect(),
            })
    }

    /// The article's example: proposer P (which also learns) and acceptors A, B and C;
    /// P has just proposed "Hello".
    pub fn article() -> Scenario {
        Scenario {
            name: "article",
            title: "The article's example",
            description: "Proposer P wants \"Hello\" chosen by acceptors A, B and C. Press Play.",
            config: Config {
                nodes: vec![
                    NodeSpec::new("P", true, false, true),
                    NodeSpec::new("A", false, true, false),
                    NodeSpec::new("B", false, true, false),
                    NodeSpec::new("C", false, true, false),
                ],
                delay_ticks_min: 2,
                delay_ticks_max: 4,
                faults: Faults::default(),
                rules: Default::default(),
            },
            setup: vec![Action::Propose {
                node: "P".into(),
                value: "Hello".into(),
            }],
        }
    }

    /// Two proposers: P proposes "Hello"; five deliveries later, while P is between its
    /// phases, Q proposes "World" with the higher number 1.Q. Depending on the seed, Q's
    /// majority includes an acceptor that already accepted "Hello", so Q must propose "Hello"
    /// itself; or Q cuts P off and "World" is chosen. Never are two values chosen.
    pub fn two_proposers() -> Scenario {
        Scenario {
            name: "two-proposers",
            title: "Two proposers",
            description: "P proposed \"Hello\"; a few messages later Q proposes \"World\" with a \
                          higher number. With most seeds Q must adopt \"Hello\"; with some (try \
                          seed 8) Q cuts P off and \"World\" wins. Never are two values chosen.",
            config: Config {
                nodes: vec![
                    NodeSpec::new("P", true, false, true),
                    NodeSpec::new("Q", true, false, true),
                    NodeSpec::new("A", false, true, false),
                    NodeSpec::new("B", false, true, false),
                    NodeSpec::new("C", false, true, false),
                ],
                delay_ticks_min: 2,
                delay_ticks_max: 5,
                faults: Faults::default(),
                rules: Default::default(),
            },
            setup: vec![
                Action::Propose {
                    node: "P".into(),
                    value: "Hello".into(),
                },
                Action::Step,
                Action::Step,
                Action::Step,
                Action::Step,
                Action::Step,
                Action::Propose {
                    node: "Q".into(),
                    value: "World".into(),
                },
            ],
        }
    }

    /// Three processes that each hold all three roles, as the article allows: A proposes
    /// "Hello", and its messages to itself are real messages that travel, can be dropped and
    /// are counted like any other.
    pub fn every_role() -> Scenario {
        Scenario {
            name: "every-role",
            title: "Every node holds every role",
            description:
                "A, B and C are each proposer, acceptor and learner. A proposes \"Hello\"; \
                          watch its messages to itself loop back, and every node learn.",
            config: Config {
                nodes: vec![
                    NodeSpec::new("A", true, true, true),
                    NodeSpec::new("B", true, true, true),
                    NodeSpec::new("C", true, true, true),
                ],
                delay_ticks_min: 2,
                delay_ticks_max: 4,
                faults: Faults::default(),
                rules: Default::default(),
            },
            setup: vec![Action::Propose {
                node: "A".into(),
                value: "Hello".into(),
            }],
        }
    }

    /// P gets "Hello" accepted by A and B (a majority: it is chosen), then crashes before
    /// anyone learns it. Q proposes "World", and any majority it hears from includes A or B,
    /// so Q must propose "Hello".
    pub fn proposer_crash() -> Scenario {
        let mut setup = vec![Action::Propose {
            node: "P".into(),
            value: "Hello".into(),
        }];
        // Ids follow the order of sending: #1-#3 Prepare to A, B, C; #4, #5 the Promises of
        // A and B; #6-#8 Accept to A, B, C.
        for id in [1, 2, 4, 5, 6, 7] {
            setup.push(Action::Deliver { id });
        }
        setup.extend([
            Action::Drop { id: 8 },
            Action::Crash { node: "P".into() },
            Action::Propose {
                node: "Q".into(),
                value: "World".into(),
            },
        ]);
        Scenario {
            name: "proposer-crash",
            title: "A proposer crashes; the next must adopt",
            description:
                "A and B accepted \"Hello\" from P, so it is chosen, but P crashed before \
                          anyone learned it. Q now proposes \"World\". Press Play: every majority \
                          Q can hear from includes A or B, so Q must propose \"Hello\".",
            config: cluster(&["P", "Q"], &["A", "B", "C"], 2, 4, Faults::default()),
            setup,
        }
    }

    /// Two of five acceptors are down before P proposes: three still form a majority.
    pub fn minority_fails() -> Scenario {
        Scenario {
            name: "minority-fails",
            title: "A minority of acceptors fails",
            description:
                "D and E, two of five acceptors, have crashed. Press Play: A, B and C are \
                          still a majority, so \"Hello\" is chosen. Crash one more and propose \
                          again to see progress stop.",
            config: cluster(&["P"], &["A", "B", "C", "D", "E"], 2, 4, Faults::default()),
            setup: vec![
                Action::Crash { node: "D".into() },
                Action::Crash { node: "E".into() },
                Action::Propose {
                    node: "P".into(),
                    value: "Hello".into(),
                },
            ],
        }
    }

    /// P is cut off with a minority; it retries in vain until the partition heals.
    pub fn partition_heals() -> Scenario {
        Scenario {
            name: "partition-heals",
            title: "A partition heals",
            description: "P, A and B are cut off from C, D and E, so P reaches only a minority of \
                          the five acceptors and its rounds fail; it retries after a timeout. \
                          Press Play, watch, then press Heal all: the next retry succeeds (P gives up after 25 retries, so heal before long).",
            config: cluster(
                &["P"],
                &["A", "B", "C", "D", "E"],
                2,
                4,
                Faults {
                    retry: Some(Retry { timeout_ticks: 18, backoff_ticks_max: 6 }),
                    ..Faults::default()
                },
            ),
            setup: vec![
                Action::Partition {
                    groups: vec![
                        vec!["P".into(), "A".into(), "B".into()],
                        vec!["C".into(), "D".into(), "E".into()],
                    ],
                },
                Action::Propose {
                    node: "P".into(),
                    value: "Hello".into(),
                },
            ],
        }
    }

    /// A quarter of messages are lost and some duplicated; P retries until it gets through.
    pub fn lossy() -> Scenario {
        Scenario {
            name: "lossy",
            title: "A lossy network with retries",
            description: "A quarter of all messages are lost and one in ten arrives twice. Press \
                          Play: P retries with higher numbers until a majority answers; duplicates \
                          are counted once.",
            config: cluster(
                &["P"],
                &["A", "B", "C"],
                2,
                4,
                Faults {
                    loss_percent: 25,
                    duplicate_percent: 10,
                    retry: Some(Retry {
                        timeout_ticks: 18,
                        backoff_ticks_max: 6,
                    }),
                },
            ),
            setup: vec![Action::Propose {
                node: "P".into(),
                value: "Hello".into(),
            }],
        }
    }

    /// Dueling proposers without backoff: a livelock.
    pub fn dueling() -> Scenario {
        Scenario {
            name: "dueling",
            title: "Dueling proposers (livelock)",
            description: "P and Q retry after exactly 5 ticks, with no random backoff. Each new \
                          Prepare arrives after the other's Prepare and before its Accept, so every \
                          Accept is refused: Paxos stays safe, but nothing is chosen for as long as \
                          they duel (here until one gives up after 25 retries). Compare with \
                          \"Dueling proposers with backoff\".",
            config: cluster(
                &["P", "Q"],
                &["A", "B", "C"],
                2,
                2,
                Faults { retry: Some(Retry { timeout_ticks: 5, backoff_ticks_max: 0 }), ..Faults::default() },
            ),
            setup: dueling_setup(),
        }
    }

    /// The same duel with a random backoff: one proposer soon gets through.
    pub fn backoff() -> Scenario {
        Scenario {
            name: "backoff",
            title: "Dueling proposers with backoff",
            description: "The same duel, but each retry waits a random extra 0 to 12 ticks. Soon \
                          one proposer's round finishes before the other interrupts it, and a \
                          value is chosen: randomized backoff is the usual cure for the livelock.",
            config: cluster(
                &["P", "Q"],
                &["A", "B", "C"],
                2,
                2,
                Faults {
                    retry: Some(Retry {
                        timeout_ticks: 5,
                        backoff_ticks_max: 12,
                    }),
                    ..Faults::default()
                },
            ),
            setup: dueling_setup(),
        }
    }
}

/// Proposers (which also learn) and acceptors, with message delays and faults.
fn cluster(
    proposers: &[&str],
    acceptors: &[&str],
    delay_min: u64,
    delay_max: u64,
    faults: Faults,
) -> Config {
    let proposer_nodes = proposers
        .iter()
        .map(|name| NodeSpec::new(name, true, false, true));
    let acceptor_nodes = acceptors
        .iter()
        .map(|name| NodeSpec::new(name, false, true, false));
    Config {
        nodes: proposer_nodes.chain(acceptor_nodes).collect(),
        delay_ticks_min: delay_min,
        delay_ticks_max: delay_max,
        faults,
        rules: Default::default(),
    }
}

/// P proposes, and one delivery later Q proposes: the start of a duel.
fn dueling_setup() -> Vec<Action> {
    vec![
        Action::Propose {
            node: "P".into(),
            value: "Hello".into(),
        },
        Action::Step,
        Action::Propose {
            node: "Q".into(),
            value: "World".into(),
        },
    ]
}
