//! Determinism across platforms (issue 6), the native half: 60 seeded runs with random faults
//! and user actions (tests/it/common/determinism_runs.rs), each digested with SHA-256, must match
//! the checked-in fixture line for line. tests/web.rs computes the same digests in Chromium
//! and in Firefox and compares them with the same fixture, so native == Chromium == Firefox.
//!
//! After a deliberate change of the simulation, the event texts or the run format, regenerate
//! the fixture natively and commit it:
//!
//! ```sh
//! UPDATE_DIGESTS=1 cargo test --test it determinism_digests
//! ```

use crate::common::determinism_runs::{self, digest, RunDigest, RUNS};
use std::collections::BTreeSet;

/// The fixture: one line per run, as [`RunDigest::line`] writes it.
const FIXTURE: &str = "tests/fixtures/determinism-digests.txt";

/// The fixture's text for runs `0..RUNS`.
fn fixture_text() -> String {
    (0..RUNS).map(|i| digest(i).line() + "\n").collect()
}

fn fixture_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE)
}

#[test]
fn native_digests_match_the_checked_in_fixture() {
    let computed = fixture_text();
    if std::env::var_os("UPDATE_DIGESTS").is_some() {
        std::fs::write(fixture_path(), &computed).expect("the fixture is writable");
        return;
    }
    let stored = std::fs::read_to_string(fixture_path()).unwrap_or_else(|e| {
        panic!(
            "{FIXTURE}: {e}; make it with UPDATE_DIGESTS=1 cargo test --test it \
             determinism_digests"
        )
    });
    for (i, (want, got)) in stored.lines().zip(computed.lines()).enumerate() {
        assert_eq!(
            got, want,
            "run {i} differs from {FIXTURE}; if the change is deliberate, regenerate it with \
             UPDATE_DIGESTS=1 cargo test --test it determinism_digests"
        );
    }
    assert_eq!(
        stored.lines().count(),
        computed.lines().count(),
        "{FIXTURE} has another number of runs"
    );
}

#[test]
fn a_run_digests_the_same_twice_and_its_shared_run_replays_to_it() {
    for index in [0, 1, 2, 31, 59] {
        let (timeline, _) = determinism_runs::play(index);
        assert_eq!(digest(index), digest(index), "run {index}");
        // The shared run (the URL text) replays to the very same log.
        let run = paxos_playground::sim::Run::of(&timeline);
        let replayed = paxos_playground::sim::Run::decode(&run.encode())
            .expect("decodes")
            .replay()
            .expect("replays");
        assert_eq!(
            replayed.world().log(),
            timeline.world().log(),
            "run {index}"
        );
    }
}

/// The runs are worth comparing: they all differ, values are chosen in many, faults happen
/// in most, every kind of start is there, and most go quiet.
#[test]
fn the_runs_differ_choose_values_and_have_faults() {
    let runs: Vec<RunDigest> = (0..RUNS).map(digest).collect();
    assert!(runs.len() >= 50);
    let distinct: BTreeSet<&str> = runs.iter().map(|r| r.digest.as_str()).collect();
    assert_eq!(distinct.len(), runs.len(), "two runs have one digest");
    let chosen = runs.iter().filter(|r| r.chosen.is_some()).count();
    let faulty = runs.iter().filter(|r| r.faults > 0).count();
    let quiet = runs.iter().filter(|r| r.quiet).count();
    let values: BTreeSet<&str> = runs.iter().filter_map(|r| r.chosen.as_deref()).collect();
    let starts: BTreeSet<&str> = runs
        .iter()
        .map(|r| r.start.split(':').next().unwrap())
        .collect();
    let scenarios: BTreeSet<&str> = runs.iter().map(|r| r.start.as_str()).collect();
    eprintln!(
        "{} runs: {chosen} chose a value ({values:?}), {faulty} had faults, {quiet} went quiet, \
         {} starts",
        runs.len(),
        scenarios.len()
    );
    assert!(chosen >= runs.len() / 3, "only {chosen} runs chose a value");
    assert!(chosen < runs.len(), "every run chose a value");
    assert!(values.len() >= 2, "only one value was ever chosen");
    assert!(
        faulty * 4 >= runs.len() * 3,
        "only {faulty} runs had faults"
    );
    assert!(quiet * 4 >= runs.len() * 3, "only {quiet} runs went quiet");
    assert_eq!(starts, BTreeSet::from(["scenario", "schedule", "settings"]));
    assert!(scenarios.len() >= 11, "every built-in scenario is a start");
}
