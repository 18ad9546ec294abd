//! The facade's JSON writer (src/json.rs) writes exactly what serde_json writes for the same
//! values, so the page gets the same objects as through serde: every scenario at every step
//! (state, log, rules, run file), under every switch, with faults, strange values and every
//! kind of action.
#![cfg(not(target_arch = "wasm32"))]

use paxos_playground::json::{to_json, ToJson};
use paxos_playground::paxos::Rules;
use paxos_playground::sim::{Action, Faults, Retry, Run, RunFile, Scenario, Timeline};
use paxos_playground::view;
use serde::Serialize;

fn same<T: ToJson + Serialize + ?Sized>(value: &T) {
    let expected = serde_json::to_string(value).expect("serializes");
    assert_eq!(to_json(value), expected);
}

fn check_timeline(timeline: &Timeline) {
    same(&view::state(timeline));
    same(timeline.world().log());
    same(&view::rules_view(timeline.config()));
    same(&RunFile::new(Run::of(timeline)));
}

fn run_through(mut timeline: Timeline, extra: &[Action]) {
    check_timeline(&timeline);
    for action in extra {
        // Some of the extra actions are refused in some scenarios; that is fine here.
        let _ = timeline.apply(action);
        check_timeline(&timeline);
    }
    for _ in 0..120 {
        if timeline.world().next_event_at().is_none() {
            break;
        }
        timeline.apply(&Action::Step).expect("steps");
        check_timeline(&timeline);
    }
    // Back in time, too.
    for position in (0..timeline.actions().len()).step_by(7) {
        timeline.seek(position);
        check_timeline(&timeline);
    }
}

#[test]
fn the_writer_matches_serde_json_for_every_scenario_and_step() {
    let extra = [
        Action::Hold { id: 1 },
        Action::Duplicate { id: 2 },
        Action::Drop { id: 3 },
        Action::Release { id: 1 },
        Action::Deliver { id: 2 },
        Action::AdvanceTo { time: 3 },
        Action::Cut {
            from: "A".into(),
            to: "P".into(),
        },
        Action::Heal {
            from: "A".into(),
            to: "P".into(),
        },
        Action::Crash { node: "A".into() },
        Action::Partition {
            groups: vec![vec!["P".into(), "A".into()], vec!["B".into(), "C".into()]],
        },
        Action::Propose {
            node: "P".into(),
            value: "q\"uo\\te\u{1}\u{8}\u{c}\n\r\t\u{1f}/ é 🐙 \u{7f}".into(),
        },
        Action::Restart { node: "A".into() },
        Action::HealAll,
    ];
    for scenario in Scenario::all() {
        for seed in [1, 8, 42] {
            let timeline = Timeline::from_scenario(&scenario, seed).expect("valid");
            run_through(timeline, &extra);
        }
    }
}

#[test]
fn the_writer_matches_serde_json_under_every_rule_and_fault() {
    let all_rules = [
        Rules {
            ignore_accepted_values: true,
            ..Rules::default()
        },
        Rules {
            round_only_numbers: true,
            forget_on_crash: true,
            ..Rules::default()
        },
        Rules {
            minority_promises: true,
            accept_below_promise: true,
            ..Rules::default()
        },
        Rules {
            phase1_quorum: Some(1),
            phase2_quorum: Some(2),
            ..Rules::default()
        },
        Rules {
            phase1_quorum: Some(3),
            ..Rules::default()
        },
    ];
    for rules in all_rules {
        let mut scenario = Scenario::two_proposers();
        scenario.config.rules = rules;
        scenario.config.faults = Faults {
            loss_percent: 20,
            duplicate_percent: 20,
            retry: Some(Retry {
                timeout_ticks: 9,
                backoff_ticks_max: 6,
            }),
        };
        let timeline = Timeline::from_scenario(&scenario, 7).expect("valid");
        run_through(timeline, &[Action::Crash { node: "B".into() }]);
    }
}

#[test]
fn the_writer_matches_serde_json_for_the_static_lists_and_numbers() {
    same(&view::scenarios());
    same(&view::pseudocode());
    for n in [0u64, 9, 10, 99, 1 << 53, u64::MAX] {
        same(&n);
    }
    same(&u8::MAX);
    same(&u32::MAX);
    same(&usize::MAX);
    let every_char: String = (0u32..0x300).filter_map(char::from_u32).collect();
    same(&every_char);
    same(&[Some(true), None, Some(false)][..]);
}
