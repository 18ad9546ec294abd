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
    /// Switch 2: proposal numbers are the round alone, so two proposers can use the same one.
    pub round_only_numbers: bool,
    /// Switch 3: an acceptor forgets its promise and accepted value when it crashes.
    pub forget_on_crash: bool,
    /// Switch 4: a proposer goes to phase 2 with promises from a minority (the largest one:
    /// one fewer than a majority, and at least one).
    pub minority_promises: bool,
    /// Switch 5: an acceptor accepts a proposal numbered below its promise.
    pub accept_below_promise: bool,
    /// Flexible Paxos: promises a proposer needs (phase 1); `None` means a majority.
    pub phase1_quorum: Option<u8>,
    /// Flexible Paxos: acceptances that make a value chosen (phase 2); `None` means a majority.
    pub phase2_quorum: Option<u8>,
}

/// The switches by name, as the command line and the page call them.
pub const SWITCHES: [&str; 5] = [
    "ignore-accepted",
    "round-only-numbers",
    "forget-on-crash",
    "minority-promises",
    "accept-below-promise",
];

impl Rules {
    /// The promises a proposer waits for before phase 2, out of `acceptors`.
    pub fn phase1_quorum(&self, acceptors: usize) -> usize {
        let quorum = self.phase1_quorum.map_or(majority(acceptors), usize::from);
        if self.minority_promises {
            (quorum - 1).max(1)
        } else {
            quorum
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

    /// Turns on the switch called `name` (one of [`SWITCHES`]).
    pub fn enable(&mut self, name: &str) -> Result<(), String> {
        let switch = match name {
            "ignore-accepted" => &mut self.ignore_accepted_values,
            "round-only-numbers" => &mut self.round_only_numbers,
            "forget-on-crash" => &mut self.forget_on_crash,
            "minority-promises" => &mut self.minority_promises,
            "accept-below-promise" => &mut self.accept_below_promise,
            _ => {
                return Err(format!(
                    "there is no switch {name:?}; the switches are {}",
                    SWITCHES.join(", ")
                ))
            }
        };
        *switch = true;
        Ok(())
    }

    /// The names of the switches that are on, in [`SWITCHES`] order.
    pub fn enabled(&self) -> Vec<&'static str> {
        let on = [
            self.ignore_accepted_values,
            self.round_only_numbers,
            self.forget_on_crash,
            self.minority_promises,
            self.accept_below_promise,
        ];
        SWITCHES
            .iter()
            .zip(on)
            .filter(|(_, on)| *on)
            .map(|(name, _)| *name)
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
    fn a_minority_is_one_fewer_than_the_quorum_and_at_least_one() {
        let rules = Rules {
            minority_promises: true,
            ..Rules::default()
        };
        assert_eq!(rules.phase1_quorum(3), 1);
        assert_eq!(rules.phase1_quorum(5), 2);
        assert_eq!(rules.phase1_quorum(1), 1);
        assert!(!rules.quorums_intersect(3));
    }

    #[test]
    fn switches_are_enabled_by_name() {
        let mut rules = Rules::default();
        for name in SWITCHES {
            rules.enable(name).unwrap();
        }
        assert_eq!(rules.enabled(), SWITCHES);
        let error = rules.enable("faster").unwrap_err();
        assert!(error.contains("\"faster\"") && error.contains("accept-below-promise"));
    }
}
