//! Every shared link that opened before the run format went through the postcard and base64
//! crates still opens, as the same run: `tests/fixtures/golden-links.tsv` holds links of both
//! versions (every built-in scenario, random faults, Break Paxos rules and quorums, user
//! actions, the largest seed, non-ASCII values), each with the run the earlier decoder read
//! from it, as JSON. Version 3 has version 2's layout, so a version 2 link is written again
//! byte for byte after its prefix.

use paxos_playground::sim::Run;

/// The fixture's (link, run) pairs.
fn golden() -> Vec<(&'static str, Run)> {
    include_str!("../fixtures/golden-links.tsv")
        .lines()
        .map(|line| {
            let (link, json) = line.split_once('\t').expect("link TAB run");
            (link, serde_json::from_str(json).expect("the run as JSON"))
        })
        .collect()
}

#[test]
fn every_golden_link_opens_as_the_same_run() {
    let links = golden();
    let versions = |prefix| links.iter().filter(|(l, _)| l.starts_with(prefix)).count();
    // Sometimes: both versions, runs with and without rules, are in the fixture.
    assert!(versions("v1.") >= 5 && versions("v2.") >= 12, "{links:?}");
    assert!(links
        .iter()
        .any(|(_, r)| r.config.rules != Default::default()));
    for (link, run) in &links {
        assert_eq!(Run::decode(link).as_ref(), Ok(run), "{link}");
        run.replay()
            .unwrap_or_else(|e| panic!("{link} decodes but does not replay: {e}"));
    }
}

#[test]
fn version_2_links_are_written_again_as_version_3_byte_for_byte() {
    for (link, run) in golden().iter().filter(|(l, _)| l.starts_with("v2.")) {
        assert_eq!(run.encode(), link.replacen("v2.", "v3.", 1));
    }
}

#[test]
fn a_version_1_link_is_written_again_as_version_3_of_the_same_run() {
    for (link, run) in golden().iter().filter(|(l, _)| l.starts_with("v1.")) {
        let again = run.encode();
        assert!(again.starts_with("v3."), "{again}");
        assert_eq!(Run::decode(&again).as_ref(), Ok(run), "{link}");
    }
}
