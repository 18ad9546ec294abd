//! The fuzz harness (`paxos_playground::fuzz`, feature "fuzz") driven by proptest: byte strings read as hostile operations
//! on a playground (invalid ids, crashed and unknown nodes, huge and non-ASCII values, seeks,
//! resets, hostile settings, random and mutated shared runs and run files). Always: nothing
//! panics, a refused operation changes nothing and its error names the problem briefly, an
//! accepted one keeps safety. Sometimes: the operations did reach every part of the API, both
//! sides of each check (see `the_fuzz_reaches_every_kind_of_operation_and_refusal`).
//!
//! A failure is shrunk by proptest to a short byte string; the message names the operation and
//! the property. The million-operation run is `cargo run --release --features fuzz --bin fuzz`
//! (`npm run bench`).

use paxos_playground::fuzz::{fuzz_one, FuzzTally};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::cell::RefCell;

/// Cases, and operations per case at most: about 25,000 operations in a debug build.
const CASES: u32 = 96;
const OPERATIONS_PER_CASE: u64 = 300;

/// Runs the fuzz over proptest's byte vectors (a fixed seed, so the "sometimes" counts do not
/// flake; the benchmark's million operations vary the bytes) and returns the summed tally.
fn fuzz_with_proptest() -> FuzzTally {
    let mut runner = TestRunner::new_with_rng(
        Config {
            cases: CASES,
            failure_persistence: None,
            ..Config::default()
        },
        proptest::test_runner::TestRng::deterministic_rng(
            proptest::test_runner::RngAlgorithm::ChaCha,
        ),
    );
    let total = RefCell::new(FuzzTally::default());
    let result = runner.run(&vec(any::<u8>(), 0..6000), |data| {
        let tally = fuzz_one(&data, OPERATIONS_PER_CASE)
            .map_err(|failure| TestCaseError::fail(failure.to_string()))?;
        total.borrow_mut().add(&tally);
        Ok(())
    });
    if let Err(error) = result {
        panic!("the fuzz broke a property: {error}");
    }
    total.into_inner()
}

#[test]
fn the_fuzz_reaches_every_kind_of_operation_and_refusal() {
    let tally = fuzz_with_proptest();
    // Always (checked inside, per operation) ... and sometimes: the run did something.
    assert!(
        tally.operations >= 10_000,
        "only {} operations",
        tally.operations
    );
    let accepted = tally.accepted_total();
    let refused = tally.refused_total();
    assert!(
        accepted * 5 > tally.operations && refused * 10 > tally.operations,
        "a useful fuzz both acts and is refused: {accepted} accepted, {refused} refused of {}",
        tally.operations
    );
    for kind in [
        "propose",
        "step",
        "deliver",
        "drop",
        "crash",
        "restart",
        "duplicate",
        "hold",
        "release",
        "cut",
        "heal",
        "partition",
        "heal all",
        "seek",
        "reset",
        "scenario",
        "run text",
        "run file",
        "settings",
        "advance",
        "back",
        "forward",
        "seek step",
        "flood",
        "rules",
        "reseed",
    ] {
        assert!(
            tally.accepted.contains_key(kind),
            "no {kind} was ever accepted: {:?}",
            tally.accepted
        );
    }
    for kind in [
        "unknown node",
        "unknown message",
        "empty value",
        "value too long",
        "control character",
        "node down",
        "already down",
        "already up",
        "self link",
        "link not cut",
        "bad partition",
        "unknown scenario",
        "bad run",
        "bad config",
        "bad field",
        "no such step",
        "not a proposer",
        "nothing cut",
        "link already cut",
        "not held",
        "network full",
    ] {
        assert!(
            tally.refused.contains_key(kind),
            "no operation was refused with {kind}: {:?}",
            tally.refused
        );
    }
    assert!(tally.steps > 1_000, "only {} steps", tally.steps);
    assert!(tally.chosen > 0, "no value was ever chosen");
    assert!(tally.forks > 0, "no action forked the run");
}
