//! Scenario scripts: every `tests/scenarios/*.txt` is run (see `tests/it/common/script.rs` for
//! the language) and its transcript compared with the `.expected` file beside it.
//!
//! To rewrite the expected transcripts after an intended change, run
//!
//! ```text
//! UPDATE_EXPECT=1 cargo test --test it scripts
//! ```
//!
//! then read the changed `.expected` files (`git diff tests/scenarios`): they are reviewed like
//! code. Without `UPDATE_EXPECT=1` a missing `.expected` file is a failure. The `expect` lines
//! inside a script are checked in both modes: rewriting never makes a wrong story pass.

use crate::common::script::{parse, parse_line, run_script, EVENT_KINDS};
use paxos_playground::sim::{EventKind, Scenario};
use std::path::{Path, PathBuf};

fn scenarios_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios")
}

/// Every script, sorted by name.
fn scripts() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(scenarios_dir())
        .expect("tests/scenarios exists")
        .map(|entry| entry.expect("readable").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    paths.sort();
    paths
}

fn relative(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Where `expected` and `actual` first differ, line by line from there (`-` expected,
/// `+` actual, unmarked where they agree), with two lines of context before.
fn first_difference(expected: &str, actual: &str) -> String {
    let (want, got): (Vec<&str>, Vec<&str>) =
        (expected.lines().collect(), actual.lines().collect());
    let first = want
        .iter()
        .zip(&got)
        .position(|(w, g)| w != g)
        .unwrap_or(want.len().min(got.len()));
    let mut out = format!("first difference at line {}:\n", first + 1);
    for line in &want[first.saturating_sub(2)..first] {
        out += &format!("  {line}\n");
    }
    for i in first..(first + 8).min(want.len().max(got.len())) {
        match (want.get(i), got.get(i)) {
            (Some(w), Some(g)) if w == g => out += &format!("  {w}\n"),
            (w, g) => {
                if let Some(w) = w {
                    out += &format!("- {w}\n");
                }
                if let Some(g) = g {
                    out += &format!("+ {g}\n");
                }
            }
        }
    }
    out
}

#[test]
fn every_script_matches_its_expected_transcript() {
    let update = std::env::var("UPDATE_EXPECT").is_ok_and(|v| v == "1");
    let paths = scripts();
    assert!(!paths.is_empty(), "no scripts in tests/scenarios");
    let mut failures = Vec::new();
    for path in &paths {
        let name = relative(path);
        let source = std::fs::read_to_string(path).expect("readable script");
        let transcript = match run_script(&name, &source) {
            Ok(transcript) => transcript,
            Err(message) => {
                failures.push(message);
                continue;
            }
        };
        let expected_path = path.with_extension("expected");
        if update {
            std::fs::write(&expected_path, &transcript).expect("writable .expected");
            continue;
        }
        match std::fs::read_to_string(&expected_path) {
            Err(_) => failures.push(format!(
                "{}: missing; run UPDATE_EXPECT=1 cargo test --test it scripts to write it, then \
                 read it",
                relative(&expected_path)
            )),
            Ok(expected) if expected != transcript => failures.push(format!(
                "{name}: the transcript differs from {}; if the change is intended, run \
                 UPDATE_EXPECT=1 cargo test --test it scripts and review the diff.\n{}",
                relative(&expected_path),
                first_difference(&expected, &transcript)
            )),
            Ok(_) => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} scripts failed:\n\n{}",
        failures.len(),
        paths.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_preset_has_a_script() {
    let sources: Vec<String> = scripts()
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("readable"))
        .collect();
    for scenario in Scenario::all() {
        let uses = |source: &String| {
            source.lines().any(|line| {
                let mut words = line.split_whitespace();
                words.next() == Some("scenario") && words.next() == Some(scenario.name)
            })
        };
        assert!(
            sources.iter().any(uses),
            "no script in tests/scenarios starts the preset {:?}; add one",
            scenario.name
        );
    }
}

#[test]
fn every_script_starts_with_a_comment_saying_what_it_shows() {
    for path in scripts() {
        let source = std::fs::read_to_string(&path).expect("readable");
        assert!(
            source.starts_with("# "),
            "{} must start with a `# ` comment saying what it shows",
            relative(&path)
        );
    }
}

#[test]
fn parser_rejects_malformed_lines_with_a_clear_message() {
    let cases = [
        (
            "fly A",
            "unknown command \"fly\"; the commands are scenario",
        ),
        (
            "propose",
            "`propose` is missing an argument: it needs a node",
        ),
        (
            "propose P",
            "`propose` is missing an argument: it needs a value",
        ),
        (
            "deliver",
            "`deliver` is missing an argument: it needs a message id",
        ),
        ("drop x", "bad number \"x\" for the message id"),
        ("step -1", "bad number \"-1\" for the step count"),
        ("step 0", "step count must be at least 1"),
        ("step 2 3", "unexpected \"3\" after `step`"),
        ("crash", "`crash` is missing an argument: it needs a node"),
        ("cut A", "`cut` is missing an argument: it needs two nodes"),
        (
            "partition",
            "`partition` is missing an argument: it needs groups",
        ),
        (
            "scenario",
            "`scenario` is missing an argument: it needs a preset name",
        ),
        ("scenario article seed", "`seed` is missing an argument"),
        (
            "scenario article seed many",
            "bad number \"many\" for the seed",
        ),
        (
            "scenario article fast",
            "unexpected \"fast\" after `scenario`",
        ),
        ("cluster", "`cluster` needs nodes"),
        ("cluster P", "bad node \"P\": write Name:roles"),
        ("cluster P:px", "bad role 'x' in \"P:px\""),
        (
            "cluster P:pl A:a delay 4",
            "bad delay \"4\": write MIN..MAX",
        ),
        (
            "cluster P:pl A:a delay 2..x",
            "bad number \"x\" for the delay",
        ),
        (
            "cluster P:pl A:a loss 300",
            "bad number \"300\" for the loss percentage",
        ),
        ("cluster P:pl A:a retry", "`retry` is missing an argument"),
        (
            "cluster P:pl A:a retry 8 backoff",
            "`backoff` is missing an argument",
        ),
        ("expect", "`expect` needs what to expect"),
        ("expect rain", "unknown expectation \"rain\""),
        (
            "expect event",
            "`expect event` is missing an argument: it needs the text",
        ),
        (
            "expect event [lost]",
            "`expect event` is missing an argument: it needs the text",
        ),
        (
            "expect event [lost Prepare",
            "`expect event [` needs a `]` after the kind",
        ),
        (
            "expect event [lsot] Prepare",
            "unknown event kind \"lsot\"; the kinds are propose, deliver, lost",
        ),
        ("expect chosen", "`expect chosen` is missing an argument"),
        (
            "expect learned P",
            "`expect learned` is missing an argument",
        ),
        (
            "expect inflight some",
            "bad number \"some\" for the in-flight count",
        ),
        ("expect error", "`expect error` is missing an argument"),
        ("expect safe now", "unexpected \"now\" after `expect safe`"),
    ];
    for (line, want) in cases {
        let message = parse_line(line).expect_err(line);
        assert!(
            message.contains(want),
            "{line:?}: the message {message:?} does not contain {want:?}"
        );
    }
    // A whole script reports the line number of the first bad line.
    let error = parse("# fine\nscenario article\n\nstep two\nfly").expect_err("bad");
    assert_eq!(error.line, 4);
    assert_eq!(
        error.to_string(),
        "line 4: bad number \"two\" for the step count: expected a whole number"
    );
}

#[test]
fn script_failures_name_the_script_and_the_line() {
    let fails = |source: &str| run_script("t.txt", source).expect_err(source);
    // A malformed line.
    assert_eq!(
        fails("# x\nscenario article\nstep two"),
        "t.txt:3: bad number \"two\" for the step count: expected a whole number"
    );
    // A refused action with no `expect error` after it, even at the end of the script.
    let message = fails("# x\nscenario article\ndeliver 99\nrun");
    assert!(
        message.starts_with("t.txt:3: `deliver 99` failed: there is no message #99 in flight"),
        "{message}"
    );
    assert!(fails("# x\nscenario article\ncrash Z").starts_with("t.txt:3: `crash Z` failed"));
    // `expect error` after a command that worked, or with the wrong text.
    assert!(fails("# x\nscenario article\nstep\nexpect error nope")
        .starts_with("t.txt:4: `expect error nope`: expected the command before to fail"));
    assert!(fails("# x\nscenario article\ncrash Z\nexpect error rain")
        .starts_with("t.txt:4: `expect error rain`: the error was"));
    // Failed expectations say what was seen.
    assert_eq!(
        fails("# x\nscenario article\nexpect chosen Hello"),
        "t.txt:3: `expect chosen Hello`: expected chosen \"Hello\", but chosen is none"
    );
    assert!(fails("# x\nscenario article\nrun\nexpect learned P World")
        .contains("expected P to have learned \"World\", but it learned \"Hello\""));
    assert!(fails("# x\nscenario article\nexpect inflight 2")
        .contains("expected 2 in flight, but 3 are"));
    assert!(fails("# x\nscenario article\nexpect node A promised 1.P")
        .contains("expected A's summary to contain \"promised 1.P\""));
    assert!(fails("# x\nscenario article\nstep\nexpect event Accept(")
        .contains("expected an event of the last command to contain \"Accept(\""));
    // An event with the text but of another kind is not the event expected.
    assert!(
        fails("# x\nscenario article\nstep\nexpect event [lost] receives Prepare(1.P)").contains(
            "expected an event of kind lost of the last command to contain \"receives Prepare(1.P)\""
        )
    );
    // Acting before a world exists, and a script that never makes one.
    assert!(fails("# x\nstep").contains("there is no world yet"));
    assert!(fails("# nothing").contains("never creates a world"));
    // A passing script with an expected error: the error is in the transcript.
    let transcript = run_script(
        "t.txt",
        "# x\nscenario article\ncrash Z\nexpect error no node \"Z\"\n",
    )
    .expect("passes");
    assert!(
        transcript.contains("crash Z\n  error: there is no node \"Z\"; the nodes are P, A, B, C\n"),
        "{transcript}"
    );
    // An event's kind, named as the page names it, passes when it is the event's.
    run_script(
        "t.txt",
        "# x\nscenario article\nstep\nexpect event [deliver] receives Prepare(1.P)\ncrash A\n\
         expect event [crash] A crashes",
    )
    .expect("passes");
}

/// Every kind of event can be named in `expect event [<kind>]`, by the name the page gets.
#[test]
fn every_event_kind_can_be_named_in_a_script() {
    use EventKind::*;
    let all = [
        Propose, Deliver, Lost, Drop, Crash, Restart, Chosen, Duplicate, Hold, Cut, Heal,
    ];
    // Exhaustive: a new kind breaks the build here, the reminder to add it to `all` and to
    // EVENT_KINDS.
    for kind in all {
        match kind {
            Propose | Deliver | Lost | Drop | Crash | Restart | Chosen | Duplicate | Hold | Cut
            | Heal => {}
        }
    }
    let names: Vec<String> = all
        .iter()
        .map(|kind| {
            serde_json::to_value(kind)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(names, EVENT_KINDS);
}
