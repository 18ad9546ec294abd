//! Whether a set of [`Rules`] can let two values be chosen, and why: the one place that decides
//! the "Break Paxos" panel's verdict and the hints beside the model checker's.
//!
//! Agreement needs two things of correct Paxos: every phase-1 quorum meets every phase-2 quorum
//! (so some acceptor that accepted a chosen value promises the next proposer, and its promise
//! carries the value), and the proposer that hears of an accepted value proposes it. Each
//! switch takes one of these away, and each needs something of the run to show it: two values
//! proposed, two proposers, or crashes of the acceptors in both quorums. The verdict is exact
//! for the model checker's runs (a test sweeps every combination of switches and quorum sizes
//! on 1 to 4 acceptors against the checker) and for the page's, where any number of rounds,
//! crashes and values are allowed.

use super::rules::Rules;
use serde::Serialize;
use std::fmt;

/// The runs a verdict is about: the cluster, and what its runs may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Runs {
    /// How many acceptors.
    pub acceptors: usize,
    /// How many proposers.
    pub proposers: usize,
    /// Whether a proposer may propose another value in a later round. On the page a person
    /// types any value; in the model checker each proposer has one value of its own.
    pub any_value: bool,
    /// Rounds each proposer may start; `None` for as many as wanted.
    pub rounds: Option<u32>,
    /// Crashes a run may have; `None` for as many as wanted.
    pub crashes: Option<u32>,
}

impl Runs {
    /// The page's runs on a cluster: any value, any number of rounds and crashes.
    pub fn page(acceptors: usize, proposers: usize) -> Runs {
        Runs {
            acceptors,
            proposers,
            any_value: true,
            rounds: None,
            crashes: None,
        }
    }

    /// Whether two different values can be proposed: by two proposers, or by one proposer
    /// that proposes again with another value.
    fn two_values(&self) -> bool {
        self.proposers >= 2
            || (self.proposers == 1 && self.any_value && self.rounds.is_none_or(|r| r >= 2))
    }
}

/// One reason in a verdict: a way the rules break agreement in these runs, or a switch that
/// is on but cannot break anything in them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Reason {
    /// Correct Paxos' quorums: every phase-1 quorum meets every phase-2 quorum in at least
    /// `overlap` acceptors.
    QuorumsMeet {
        /// Promises a proposer waits for.
        q1: usize,
        /// Acceptances that choose a value.
        q2: usize,
        /// Acceptors.
        acceptors: usize,
        /// The fewest acceptors any two such quorums share: `q1 + q2 - acceptors`.
        overlap: usize,
        /// Whether the minority-promises switch set `q1`.
        minority: bool,
    },
    /// A phase-1 quorum can miss a phase-2 quorum: `q1 + q2 <= acceptors`.
    QuorumsMiss {
        /// Promises a proposer waits for.
        q1: usize,
        /// Acceptances that choose a value.
        q2: usize,
        /// Acceptors.
        acceptors: usize,
        /// Whether the minority-promises switch set `q1`.
        minority: bool,
    },
    /// A switch that breaks agreement in these runs.
    Breaks {
        /// The switch's name.
        switch: &'static str,
    },
    /// A switch that needs two different values proposed, and these runs propose one.
    NeedsTwoValues {
        /// The switch's name, or "the quorums".
        switch: &'static str,
    },
    /// A switch that needs two proposers, and these runs have one.
    NeedsTwoProposers {
        /// The switch's name.
        switch: &'static str,
    },
    /// Forget-on-crash needs `needed` crashes (one per acceptor in both quorums), and these
    /// runs allow `allowed`.
    NeedsCrashes {
        /// The crashes that would break agreement.
        needed: usize,
        /// The crashes these runs allow.
        allowed: u32,
    },
}

impl Reason {
    /// Whether this reason is a way agreement breaks.
    pub fn breaks(&self) -> bool {
        matches!(self, Reason::QuorumsMiss { .. } | Reason::Breaks { .. })
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::QuorumsMeet {
                q1,
                q2,
                acceptors,
                overlap,
                minority,
            } => {
                if *minority && 2 * q1 >= *acceptors {
                    write!(
                        f,
                        "minority-promises: {acceptors} acceptor{} ha{} no minority to wait \
                         for, so a proposer waits for {q1} promise{}. ",
                        plural(*acceptors),
                        if *acceptors == 1 { "s" } else { "ve" },
                        plural(*q1)
                    )?;
                } else if *minority {
                    write!(
                        f,
                        "minority-promises: a proposer waits for {q1} of {acceptors} promises, \
                         a minority, but a value is chosen only by {q2}. "
                    )?;
                }
                write!(
                    f,
                    "Every phase-1 quorum ({q1} of {acceptors}) meets every phase-2 quorum \
                     ({q2} of {acceptors}) in at least {overlap} acceptor{} ({q1} + {q2} > \
                     {acceptors}), whose promise carries any value chosen to the next proposer.",
                    plural(*overlap)
                )
            }
            Reason::QuorumsMiss {
                q1,
                q2,
                acceptors,
                minority,
            } => {
                if *minority {
                    write!(
                        f,
                        "minority-promises: a proposer waits for {q1} of {acceptors} promises, \
                         a minority. "
                    )?;
                }
                write!(
                    f,
                    "A phase-1 quorum ({q1} of {acceptors}) can miss a phase-2 quorum ({q2} of \
                     {acceptors}), since {q1} + {q2} ≤ {acceptors}: a proposer can hear only \
                     from acceptors that accepted nothing, and choose a second value."
                )
            }
            Reason::Breaks { switch } => f.write_str(match *switch {
                "ignore-accepted" => {
                    "ignore-accepted: a proposer that hears of an accepted value (perhaps a \
                     chosen one) proposes its own instead, and a quorum accepts it."
                }
                "non-unique-numbers" => {
                    "non-unique-numbers: two proposers use the same number, acceptors promise \
                     it to both, and each gets its own value accepted under it."
                }
                "forget-on-crash" => {
                    "forget-on-crash: an acceptor that accepted a chosen value crashes, forgets \
                     it, and promises the next proposer without reporting it."
                }
                "accept-below-promise" => {
                    "accept-below-promise: a late Accept of a lower number is accepted after a \
                     higher proposal was chosen, so its value is chosen too."
                }
                other => other,
            }),
            Reason::NeedsTwoValues { switch } => write!(
                f,
                "{switch} needs two different values proposed, and these runs propose one \
                 (one proposer, with one value)."
            ),
            Reason::NeedsTwoProposers { switch } => write!(
                f,
                "{switch} needs two proposers: one proposer never uses a number twice."
            ),
            Reason::NeedsCrashes { needed, allowed } => write!(
                f,
                "forget-on-crash needs {needed} crash{} (one for each acceptor in both \
                 quorums); here a run has at most {allowed}.",
                if *needed == 1 { "" } else { "es" }
            ),
        }
    }
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

/// Whether two values can be chosen under some rules in some runs, and every reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// True when no run of these can choose two values.
    pub safe: bool,
    /// Why: the ways agreement breaks (when unsafe), the switches that are on but harmless
    /// in these runs, and the quorums.
    pub reasons: Vec<Reason>,
}

impl Verdict {
    /// The reasons in words, one sentence or two each.
    pub fn sentences(&self) -> Vec<String> {
        self.reasons.iter().map(ToString::to_string).collect()
    }
}

/// The verdict for `rules` in `runs`: safe, or unsafe and how.
pub fn verdict(rules: &Rules, runs: &Runs) -> Verdict {
    let n = runs.acceptors;
    let (q1, q2) = (rules.phase1_quorum(n), rules.phase2_quorum(n));
    let overlap = (q1 + q2).saturating_sub(n);
    let two_values = runs.two_values();
    let mut reasons = Vec::new();

    // What needs two values: the quorums and switches 1, 3 and 5.
    let minority = rules.minority_promises;
    if overlap == 0 {
        reasons.push(match two_values {
            true => Reason::QuorumsMiss {
                q1,
                q2,
                acceptors: n,
                minority,
            },
            false => Reason::NeedsTwoValues {
                switch: if minority {
                    "minority-promises"
                } else {
                    "quorums that miss each other"
                },
            },
        });
    } else if minority || rules.phase1_quorum.is_some() || rules.phase2_quorum.is_some() {
        reasons.push(Reason::QuorumsMeet {
            q1,
            q2,
            acceptors: n,
            overlap,
            minority,
        });
    }
    let mut switch = |on: bool, name: &'static str, needs: Option<Reason>| {
        if on {
            reasons.push(needs.unwrap_or(Reason::Breaks { switch: name }));
        }
    };
    let values = |name| (!two_values).then_some(Reason::NeedsTwoValues { switch: name });
    switch(
        rules.ignore_accepted_values,
        "ignore-accepted",
        values("ignore-accepted"),
    );
    switch(
        rules.non_unique_numbers,
        "non-unique-numbers",
        (runs.proposers < 2).then_some(Reason::NeedsTwoProposers {
            switch: "non-unique-numbers",
        }),
    );
    let crashes = match runs.crashes {
        Some(allowed) if (allowed as usize) < overlap => Some(Reason::NeedsCrashes {
            needed: overlap,
            allowed,
        }),
        _ => None,
    };
    switch(
        rules.forget_on_crash,
        "forget-on-crash",
        values("forget-on-crash").or(crashes),
    );
    switch(
        rules.accept_below_promise,
        "accept-below-promise",
        values("accept-below-promise"),
    );
    Verdict {
        safe: !reasons.iter().any(Reason::breaks),
        reasons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checker(acceptors: usize, proposers: usize, crashes: u32) -> Runs {
        Runs {
            acceptors,
            proposers,
            any_value: false,
            rounds: Some(1),
            crashes: Some(crashes),
        }
    }

    fn with(switch: &str) -> Rules {
        let mut rules = Rules::default();
        rules.enable(switch).unwrap();
        rules
    }

    #[test]
    fn correct_paxos_is_safe_and_says_nothing_of_switches() {
        let verdict = verdict(&Rules::default(), &Runs::page(3, 2));
        assert!(verdict.safe);
        assert!(verdict.reasons.is_empty());
    }

    #[test]
    fn every_switch_breaks_the_textbook_cluster() {
        for switch in super::super::SWITCHES {
            let crashes = u32::from(switch.name == "forget-on-crash");
            let v = verdict(&with(switch.name), &checker(3, 2, crashes));
            assert!(!v.safe, "{}: {:?}", switch.name, v);
            assert!(v.sentences()[0].starts_with(switch.name), "{:?}", v);
        }
        assert!(!verdict(&with("minority-promises"), &checker(4, 2, 0)).safe);
    }

    #[test]
    fn one_proposer_with_one_value_breaks_nothing_and_says_what_is_missing() {
        for switch in super::super::SWITCHES {
            let v = verdict(&with(switch.name), &checker(3, 1, 3));
            assert!(v.safe, "{}", switch.name);
            let text = v.sentences().join(" ");
            assert!(text.contains("needs two"), "{text}");
        }
        // On the page one proposer may propose again with another value: all but
        // non-unique numbers can break.
        for switch in super::super::SWITCHES {
            let safe = verdict(&with(switch.name), &Runs::page(3, 1)).safe;
            assert_eq!(safe, switch.name == "non-unique-numbers", "{}", switch.name);
        }
    }

    #[test]
    fn forget_on_crash_needs_a_crash_per_acceptor_in_both_quorums() {
        let rules = with("forget-on-crash");
        assert!(verdict(&rules, &checker(3, 2, 0)).safe);
        assert!(!verdict(&rules, &checker(3, 2, 1)).safe);
        let four = verdict(&rules, &checker(4, 2, 1));
        assert!(four.safe, "3 + 3 - 4 = 2 acceptors are in both quorums");
        assert!(four.sentences().join(" ").contains("needs 2 crashes"));
        assert!(!verdict(&rules, &checker(4, 2, 2)).safe);
    }

    #[test]
    fn minority_promises_with_one_or_two_acceptors_still_meet_a_majority() {
        let rules = with("minority-promises");
        for n in 1..=2 {
            let v = verdict(&rules, &Runs::page(n, 2));
            assert!(v.safe, "{n}");
            assert!(v.sentences()[0].contains("no minority"), "{:?}", v);
        }
        for n in 3..=9 {
            assert!(!verdict(&rules, &Runs::page(n, 2)).safe, "{n}");
        }
    }
}
