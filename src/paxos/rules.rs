//! The "Break Paxos" switches and quorum sizes: real code paths in the handlers, off by
//! default, so the page, the simulator and the model checker all run the same (broken) code.

use super::majority;
use serde::{Deserialize, Serialize};

/// How the handlers behave. The default is correct Paxos with majority quorums; every switch
/// is a deliberate deviation that a reader can turn on to see what it breaks.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Rules {
    /// Switch 1: a proposer ignores the values reported in promises and proposes its own.
    pub ignore_accepted_values: bool,
    /// Switch 2: non-unique proposal numbers. A number is the round alone, so two proposers
    /// use the same one, and an acceptor answers a Prepare whose number equals its promise
    /// (`n >= promisedNumber`, as an implementation that answers retransmissions does). Read
    /// from `roundOnlyNumbers` too, its name in runs written before it had this meaning.
    #[serde(alias = "roundOnlyNumbers")]
    pub non_unique_numbers: bool,
    /// Switch 3: an acceptor forgets its promise and accepted value when it crashes.
    pub forget_on_crash: bool,
    /// Switch 4: a proposer goes to phase 2 with promises from a minority: the largest one,
    /// `(N - 1) / 2` of `N` acceptors, and at least one (with 1 or 2 acceptors no minority is
    /// that large, so one promise). It replaces the phase-1 quorum.
    pub minority_promises: bool,
    /// Switch 5: an acceptor accepts a proposal numbered below its promise.
    pub accept_below_promise: bool,
    /// Flexible Paxos: promises a proposer needs (phase 1); `None` means a majority.
    pub phase1_quorum: Option<u8>,
    /// Flexible Paxos: acceptances that make a value chosen (phase 2); `None` means a majority.
    pub phase2_quorum: Option<u8>,
}

/// A "Break Paxos" switch as the command line and run files name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Switch {
    /// Its name, e.g. `ignore-accepted`.
    pub name: &'static str,
    /// An older name still accepted, if any.
    pub alias: Option<&'static str>,
    /// What it changes, in one sentence (for `--help` and the like).
    pub summary: &'static str,
}

/// The switches, in their order on the page (switch 1 first).
pub const SWITCHES: [Switch; 5] = [
    Switch {
        name: "ignore-accepted",
        alias: None,
        summary: "a proposer ignores the values reported in promises and proposes its own",
    },
    Switch {
        name: "non-unique-numbers",
        alias: Some("round-only-numbers"),
        summary: "a proposal number is the round alone, so two proposers share it, and an \
                  acceptor answers a Prepare equal to its promise",
    },
    Switch {
        name: "forget-on-crash",
        alias: None,
        summary: "an acceptor forgets its promise and accepted value when it crashes",
    },
    Switch {
        name: "minority-promises",
        alias: None,
        summary: "a proposer goes to phase 2 with promises from the largest minority, \
                  (N - 1) / 2 of N acceptors (at least one)",
    },
    Switch {
        name: "accept-below-promise",
        alias: None,
        summary: "an acceptor accepts a proposal numbered below its promise",
    },
];

/// The largest minority of `acceptors`: `(acceptors - 1) / 2`, fewer than half.
pub fn largest_minority(acceptors: usize) -> usize {
    acceptors.saturating_sub(1) / 2
}

impl Rules {
    /// The promises a proposer waits for before phase 2, out of `acceptors`.
    pub fn phase1_quorum(&self, acceptors: usize) -> usize {
        if self.minority_promises {
            largest_minority(acceptors).max(1)
        } else {
            self.phase1_quorum.map_or(majority(acceptors), usize::from)
        }
    }

    /// The acceptances of one proposal that make its value chosen, out of `acceptors`.
    pub fn phase2_quorum(&self, acceptors: usize) -> usize {
        self.phase2_quorum.map_or(majority(acceptors), usize::from)
    }

    /// Whether every phase-1 quorum meets every phase-2 quorum, as Paxos' safety needs: with
    /// `acceptors` acceptors, exactly when phase 1 + phase 2 > acceptors.
    pub fn quorums_intersect(&self, acceptors: usize) -> bool {
        self.phase1_quorum(acceptors) + self.phase2_quorum(acceptors) > acceptors
    }

    /// Each switch's field, in [`SWITCHES`] order.
    fn switches_mut(&mut self) -> [&mut bool; 5] {
        [
            &mut self.ignore_accepted_values,
            &mut self.non_unique_numbers,
            &mut self.forget_on_crash,
            &mut self.minority_promises,
            &mut self.accept_below_promise,
        ]
    }

    /// Turns on the switch called `name` (a name or an alias of one of [`SWITCHES`]).
    pub fn enable(&mut self, name: &str) -> Result<(), String> {
        let Some(index) = SWITCHES
            .iter()
            .position(|s| s.name == name || s.alias == Some(name))
        else {
            let names: Vec<&str> = SWITCHES.iter().map(|s| s.name).collect();
            return Err(format!(
                "there is no switch {name:?}; the switches are {}",
                names.join(", ")
            ));
        };
        *self.switches_mut()[index] = true;
        Ok(())
    }

    /// The names of the switches that are on, in [`SWITCHES`] order.
    pub fn enabled(&self) -> Vec<&'static str> {
        let mut copy = *self;
        SWITCHES
            .iter()
            .zip(copy.switches_mut())
            .filter(|(_, on)| **on)
            .map(|(switch, _)| switch.name)
            .collect()
    }

    /// Checks the quorum sizes against the number of acceptors: each is 1 to `acceptors`.
    pub fn validate(&self, acceptors: usize) -> Result<(), String> {
        for (phase, quorum) in [(1, self.phase1_quorum), (2, self.phase2_quorum)] {
            if let Some(q) = quorum {
                if q == 0 || usize::from(q) > acceptors {
                    return Err(format!(
                        "the phase {phase} quorum must be 1 to {acceptors} (the number of acceptors), not {q}"
                    ));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_majorities_and_no_switch() {
        let rules = Rules::default();
        assert_eq!((rules.phase1_quorum(5), rules.phase2_quorum(5)), (3, 3));
        assert!(rules.enabled().is_empty());
        assert!(rules.quorums_intersect(5));
    }

    #[test]
    fn flexible_quorums_intersect_exactly_when_they_add_up_to_more_than_n() {
        let rules = |q1, q2| Rules {
            phase1_quorum: Some(q1),
            phase2_quorum: Some(q2),
            ..Rules::default()
        };
        assert!(rules(4, 2).quorums_intersect(5));
        assert!(!rules(3, 2).quorums_intersect(5));
        assert!(rules(1, 3).quorums_intersect(3));
        assert!(rules(2, 2).validate(3).is_ok());
        assert!(rules(4, 2).validate(3).unwrap_err().contains("1 to 3"));
    }

    #[test]
    fn a_minority_is_fewer_than_half_and_at_least_one() {
        let rules = Rules {
            minority_promises: true,
            phase1_quorum: Some(4),
            ..Rules::default()
        };
        let waits: Vec<usize> = (1..=9).map(|n| rules.phase1_quorum(n)).collect();
        assert_eq!(waits, [1, 1, 1, 1, 2, 2, 3, 3, 4]);
        for n in 3..=9 {
            assert!(2 * rules.phase1_quorum(n) < n, "a minority of {n}");
            assert!(!rules.quorums_intersect(n), "misses a majority of {n}");
        }
        assert!(rules.quorums_intersect(2), "1 + 2 > 2");
    }

    #[test]
    fn switches_are_enabled_by_name_or_alias() {
        let mut rules = Rules::default();
        for switch in SWITCHES {
            rules.enable(switch.name).unwrap();
        }
        let names: Vec<&str> = SWITCHES.iter().map(|s| s.name).collect();
        assert_eq!(rules.enabled(), names);
        let mut old = Rules::default();
        old.enable("round-only-numbers").unwrap();
        assert_eq!(old.enabled(), ["non-unique-numbers"]);
        let error = rules.enable("faster").unwrap_err();
        assert!(error.contains("\"faster\"") && error.contains("accept-below-promise"));
    }
}
