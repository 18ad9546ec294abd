//! Shareable runs: the URL text and the JSON file reproduce the same run at the same step,
//! and every broken text or file is refused with a message that says what is wrong.

use paxos_playground::sim::{
    Action, Faults, Retry, Run, RunFile, Scenario, SimError, Timeline, MAX_RUN_CHARS,
};
use paxos_playground::view::world_view;

/// A run with every kind of action, random faults and retries.
fn busy_timeline() -> Timeline {
    let mut scenario = Scenario::two_proposers();
    scenario.config.faults = Faults {
        loss_percent: 10,
        duplicate_percent: 10,
        retry: Some(Retry {
            timeout_ticks: 9,
            backoff_ticks_max: 6,
        }),
    };
    let mut timeline = Timeline::from_scenario(&scenario, 42).expect("valid");
    let extra = [
        Action::Crash { node: "C".into() },
        Action::Partition {
            groups: vec![
                vec!["P".into(), "A".into()],
                vec!["Q".into(), "B".into(), "C".into()],
            ],
        },
        Action::Step,
        Action::HealAll,
        Action::Restart { node: "C".into() },
        Action::Propose {
            node: "P".into(),
            value: "Hé 🐙".into(),
        },
    ];
    for action in extra {
        timeline.apply(&action).expect("applies");
    }
    for _ in 0..200 {
        if timeline.world().next_event_at().is_none() {
            break;
        }
        timeline.apply(&Action::Step).expect("steps");
    }
    timeline
}

fn refusal(result: Result<impl std::fmt::Debug, SimError>) -> String {
    match result {
        Err(SimError::BadRun { reason }) => reason,
        other => panic!("expected BadRun, got {other:?}"),
    }
}

#[test]
fn the_url_text_reproduces_the_same_run_at_the_same_step() {
    let mut timeline = busy_timeline();
    let length = timeline.actions().len();
    assert!(length > 20, "the run does something: {length} actions");
    timeline.seek(length / 2);
    let text = Run::of(&timeline).encode();
    assert!(text.starts_with("v3."));
    assert!(
        text.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)),
        "URL-safe: {text}"
    );
    let restored = Run::decode(&text)
        .expect("decodes")
        .replay()
        .expect("replays");
    assert_eq!(restored.cursor(), length / 2);
    assert_eq!(restored.actions(), timeline.actions());
    assert_eq!(world_view(restored.world()), world_view(timeline.world()));
    assert_eq!(restored.world().log(), timeline.world().log());
}

#[test]
fn the_json_file_reproduces_the_same_run() {
    let timeline = busy_timeline();
    let json = serde_json::to_string_pretty(&RunFile::new(Run::of(&timeline))).expect("serializes");
    assert!(
        json.contains("\"format\": \"paxos-playground-run\"") && json.contains("\"version\": 3")
    );
    let file: RunFile = serde_json::from_str(&json).expect("parses");
    let restored = file
        .into_run()
        .expect("this version")
        .replay()
        .expect("replays");
    assert_eq!(restored.world().log(), timeline.world().log());
}

#[test]
fn broken_texts_are_refused_with_what_is_wrong() {
    let text = Run::of(&busy_timeline()).encode();
    assert_eq!(refusal(Run::decode("")), "it is empty");
    // Cut where base64 is still well formed, so the binary itself is short.
    let cut = 3 + (text.len() - 3) / 2 / 4 * 4;
    assert!(refusal(Run::decode(&text[..cut])).contains("truncated or corrupted"));
    assert!(refusal(Run::decode(&text[..cut + 1])).contains("not valid URL-safe base64"));
    assert!(refusal(Run::decode(&format!("v4{}", &text[2..])))
        .contains("format \"v4\", and this playground reads v1 to v3"));
    assert!(refusal(Run::decode("hello")).contains("does not start with a version"));
    assert!(refusal(Run::decode("v1.***")).contains("not valid URL-safe base64"));
    assert!(refusal(Run::decode(&format!("{text}AAAA"))).contains("garbage at the end"));
    let huge = format!("v3.{}", "A".repeat(MAX_RUN_CHARS));
    assert!(refusal(Run::decode(&huge)).contains("at most 200000 are allowed"));
    // Corrupting bytes in the middle: refused, or (if it still parses) refused on replay,
    // or it is a different but valid run; it never panics. Count the refusals.
    let mut refused = 0;
    for i in (4..text.len()).step_by(7) {
        let mut bytes = text.clone().into_bytes();
        bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
        let corrupted = String::from_utf8(bytes).expect("ASCII");
        if Run::decode(&corrupted)
            .and_then(|run| run.replay())
            .is_err()
        {
            refused += 1;
        }
    }
    assert!(refused > 0, "some corruptions must be caught");
}

#[test]
fn a_run_the_world_refuses_names_the_action() {
    let mut run = Run::of(&Timeline::from_scenario(&Scenario::article(), 1).expect("valid"));
    run.actions.push(Action::Restart { node: "A".into() });
    run.position = run.actions.len();
    let reason = refusal(run.replay());
    assert_eq!(
        reason,
        "action 2 (restart A) is refused: A is running; only a crashed node can restart"
    );
    run.actions.pop();
    // A pasted megabyte in a shared run's action is named in a few words, not repeated.
    run.actions.push(Action::Propose {
        node: "P".into(),
        value: "é".repeat(1_000_000),
    });
    run.position = run.actions.len();
    let reason = refusal(run.replay());
    assert!(
        reason.starts_with(&format!(
            "action 2 (propose P \"{}\"… (1000000 characters)) is refused: the value is \
             1000000 characters long",
            "é".repeat(40)
        )),
        "{reason}"
    );
    run.actions.pop();
    run.position = 9;
    assert!(refusal(run.replay()).contains("shows step 9 of a run of 1 actions"));
    let file = RunFile {
        format: "something-else".into(),
        version: 1,
        run: run.clone(),
    };
    assert!(refusal(file.into_run()).contains("not a \"paxos-playground-run\" file"));
    let file = RunFile {
        format: "paxos-playground-run".into(),
        version: 7,
        run,
    };
    assert!(refusal(file.into_run()).contains("version 7"));
}

/// The golden run: a busy run's URL text and the event log it must replay to, one line per
/// event. tests/web.rs replays the same text in Chromium and Firefox and compares with the
/// same lines, so the native and wasm builds are proven to agree. Rewrite with
/// `UPDATE_EXPECT=1 cargo test --test it run::`.
#[test]
fn the_golden_run_replays_to_its_recorded_log() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/runs/busy.run");
    let timeline = busy_timeline();
    let text = Run::of(&timeline).encode();
    let log: Vec<String> = timeline
        .world()
        .log()
        .iter()
        .map(|e| {
            let kind = serde_json::to_value(e.kind).expect("a name");
            format!("{} {} {}", e.time, kind.as_str().expect("a string"), e.text)
        })
        .collect();
    let golden = format!("{text}\n{}\n", log.join("\n"));
    if std::env::var("UPDATE_EXPECT").as_deref() == Ok("1") {
        std::fs::write(path, &golden).expect("writes the golden run");
    }
    let expected = std::fs::read_to_string(path).expect("tests/runs/busy.run exists");
    assert_eq!(
        expected, golden,
        "rewrite with UPDATE_EXPECT=1 if the change is intended"
    );
    // And the text alone replays to the same log.
    let replayed = Run::decode(expected.lines().next().expect("a first line"))
        .and_then(|run| run.replay())
        .expect("replays");
    assert_eq!(replayed.world().log(), timeline.world().log());
}

/// Links shared before version 2 (no rules in the config) still open, as correct Paxos, and
/// replay to the same log as the same run written today.
#[test]
fn a_version_1_link_still_opens_as_correct_paxos() {
    let old = include_str!("../runs/busy-v1.run").trim();
    assert!(old.starts_with("v1."));
    let run = Run::decode(old).expect("a v1 text decodes");
    assert_eq!(run.config.rules, Default::default());
    let timeline = run.replay().expect("replays");
    assert_eq!(timeline.world().log(), busy_timeline().world().log());
    // A version 1 JSON file has no "rules" either.
    let mut json = serde_json::to_value(RunFile::new(run)).expect("serializes");
    json["version"] = 1.into();
    json["run"]["config"]
        .as_object_mut()
        .unwrap()
        .remove("rules");
    let file: RunFile = serde_json::from_value(json).expect("parses without rules");
    assert_eq!(
        file.into_run().expect("version 1 is read").config.rules,
        Default::default()
    );
}

/// Break Paxos quorums on a scenario whose opening moves name messages by id: with Q1 = 3, P
/// waits for a third promise, so the Accept #6 that "proposer-crash" delivers is never sent.
/// The error says the scenario cannot set its stage, not that the user named a bad message;
/// with the default rules the same scenario starts.
#[test]
fn a_scenario_whose_opening_moves_other_rules_refuse_says_so() {
    use paxos_playground::paxos::Rules;
    use paxos_playground::sim::Session;
    let session = Session::new(Scenario::named("proposer-crash").expect("built in"), 1)
        .expect("starts under correct Paxos");
    let rules = Rules {
        phase1_quorum: Some(3),
        ..Rules::default()
    };
    let error = session
        .with_rules(rules)
        .expect_err("its stage needs Accept #6");
    assert_eq!(
        error.to_string(),
        "the scenario \"proposer-crash\" cannot set its stage this way: its opening move 6 \
         (deliver #6) is refused (there is no message #6 in flight; in flight are #3); try \
         these rules on another scenario, or on a cluster from the settings"
    );
    assert!(session.with_rules(Rules::default()).is_ok());
}
