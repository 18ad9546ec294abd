//! The paxos-check command line, run as a program: its JSON report agrees with the library,
//! a violation exits with 1 and lists the counterexample, and every usage mistake exits with 2
//! and a message that names it.

use paxos_playground::check::explore::{explore, Options};
use paxos_playground::check::playground::{Bounds, PlaygroundModel};
use paxos_playground::sim::{Config, NodeSpec};
use serde_json::Value;
use std::process::Command;

/// Runs paxos-check with `args`: exit status, the JSON on stdout (Null if none), stderr.
fn paxos_check(args: &[&str]) -> (i32, Value, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_paxos-check"))
        .args(args)
        .output()
        .expect("paxos-check runs");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let json = if stdout.trim().is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
    };
    let stderr = String::from_utf8(output.stderr).unwrap();
    (output.status.code().expect("an exit code"), json, stderr)
}

#[test]
fn a_playground_report_has_every_field_and_the_library_counts() {
    let (status, json, _) = paxos_check(&[
        "playground",
        "--acceptors",
        "3",
        "--proposers",
        "1",
        "--rounds",
        "1",
    ]);
    assert_eq!(status, 0, "{json}");
    for field in [
        "model",
        "options",
        "distinct_states",
        "generated_states",
        "depth",
        "seconds",
        "states_per_sec",
        "verdict",
        "sometimes",
        "counterexample",
    ] {
        assert!(json.get(field).is_some(), "{field} missing from {json}");
    }
    assert_eq!(json["model"], "playground");
    assert_eq!(json["verdict"], "no violation");
    assert!(json["counterexample"].is_null());
    let options = &json["options"];
    assert_eq!(options["acceptors"], 3);
    assert_eq!(options["rounds"], 1);
    assert_eq!(
        (options["q1"].as_u64(), options["q2"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(options["symmetry"], false);
    assert_eq!(options["strategy"], "bfs");
    assert_eq!(
        json["sometimes"],
        serde_json::json!([{ "property": "a value is chosen", "found": true }])
    );

    // The same cluster through the library: P proposes and learns, A, B, C accept.
    let config = Config {
        nodes: vec![
            NodeSpec::new("P", true, false, true),
            NodeSpec::new("A", false, true, false),
            NodeSpec::new("B", false, true, false),
            NodeSpec::new("C", false, true, false),
        ],
        delay_ticks_min: 1,
        delay_ticks_max: 1,
        faults: Default::default(),
        rules: Default::default(),
    };
    let bounds = Bounds {
        rounds: 1,
        ..Bounds::default()
    };
    let values = [("P".to_string(), "Hello".to_string())];
    let model = PlaygroundModel::new(&config, &values, bounds).unwrap();
    let report = explore(&model, Options::default());
    assert_eq!(json["distinct_states"], report.progress.distinct_states);
    assert_eq!(json["generated_states"], report.progress.generated_states);
    assert_eq!(json["depth"], report.progress.depth);
    assert_eq!(
        report.progress.distinct_states, 290,
        "as tests/it/playground_check.rs pins"
    );

    // Symmetry: fewer states, the same verdict and depth.
    let (status, reduced, _) = paxos_check(&[
        "playground",
        "--acceptors",
        "3",
        "--proposers",
        "1",
        "--rounds",
        "1",
        "--symmetry",
    ]);
    assert_eq!(status, 0);
    assert_eq!(reduced["verdict"], "no violation");
    assert_eq!(reduced["depth"], json["depth"]);
    assert!(reduced["distinct_states"].as_u64() < json["distinct_states"].as_u64());
}

#[test]
fn a_broken_switch_exits_with_1_and_lists_the_counterexample() {
    let (status, json, _) = paxos_check(&[
        "playground",
        "--acceptors",
        "1",
        "--proposers",
        "2",
        "--rounds",
        "1",
        "--bug",
        "ignore-accepted",
    ]);
    assert_eq!(status, 1, "{json}");
    assert_eq!(json["verdict"], "violation of agreement");
    assert_eq!(
        json["options"]["bugs"],
        serde_json::json!(["ignore-accepted"])
    );
    let steps: Vec<&str> = json["counterexample"]
        .as_array()
        .expect("a counterexample list")
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    // The smallest failure (tests/it/playground_check.rs): P's "Hello" is chosen at A, Q's
    // promise reports it, Q proposes "World" anyway.
    assert_eq!(steps.len(), 8, "{steps:?}");
    assert!(steps[0].ends_with("proposes \"Hello\"") || steps[0].ends_with("proposes \"World\""));
    assert!(
        steps.iter().any(|s| s.starts_with("deliver Accept(")),
        "{steps:?}"
    );
    // A spec run still works and is safe.
    let (status, spec, _) = paxos_check(&["spec", "--acceptors", "2", "--max-ballot", "1"]);
    assert_eq!(status, 0);
    assert_eq!(spec["model"], "spec");
}

#[test]
fn usage_mistakes_exit_with_2_and_name_the_problem() {
    for (args, named) in [
        (&["playground", "--fast"][..], "--fast"),
        (&["playground", "--acceptors", "0"][..], "--acceptors"),
        (&["playground", "--bug", "nonsense"][..], "nonsense"),
        (&["playground", "--q1"][..], "--q1 needs a number"),
        (&["playground", "--q1", "two"][..], "\"two\""),
        (&["playground", "--acceptors", "3", "--q2", "4"][..], "--q2"),
        (&["playground", "--max-ballot", "2"][..], "--max-ballot"),
        (&["spec", "--symmetry"][..], "--symmetry"),
        (&["spec", "--bug", "ignore-accepted"][..], "--bug"),
        (&["playground", "--bfs", "--dfs"][..], "--bfs and --dfs"),
        (&["tla"][..], "\"tla\""),
        (&[][..], "spec or playground"),
    ] {
        let (status, json, stderr) = paxos_check(args);
        assert_eq!(status, 2, "{args:?}: {stderr}");
        assert!(json.is_null(), "{args:?}: nothing on stdout");
        assert!(stderr.contains(named), "{args:?}: {stderr}");
        assert!(stderr.contains("usage:"), "{args:?}: {stderr}");
    }
}
