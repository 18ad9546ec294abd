//! The wasm facade, tested in a real browser (headless Chromium and Firefox; see
//! scripts/test.sh). Each bad input must come back as a JS Error whose message says what was
//! wrong, with the simulation unchanged.
#![cfg(target_arch = "wasm32")]

use paxos_playground::wasm::Playground;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn article() -> Playground {
    Playground::new(JsValue::from_str("article"), JsValue::from_f64(1.0))
        .expect("the article scenario loads")
}

/// The state as JSON text, to compare snapshots exactly.
fn snapshot(pg: &Playground) -> String {
    let state = pg.state().expect("state is serializable");
    js_sys::JSON::stringify(&state)
        .expect("state is JSON")
        .as_string()
        .unwrap()
}

fn get(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(key)).expect("property exists")
}

/// The message of the error a facade call returned.
fn error_message(result: Result<impl Sized, JsError>) -> String {
    let Err(error) = result else {
        panic!("expected an error")
    };
    let value: JsValue = error.into();
    get(&value, "message")
        .as_string()
        .expect("errors carry a message")
}

#[wasm_bindgen_test]
fn runs_in_a_real_browser() {
    let agent = web_sys::window()
        .expect("a window")
        .navigator()
        .user_agent()
        .expect("a user agent");
    assert!(
        agent.contains("Chrome") || agent.contains("Firefox"),
        "unexpected browser: {agent}"
    );
}

#[wasm_bindgen_test]
fn the_article_example_chooses_hello() {
    let mut pg = article();
    let start = pg.state().unwrap();
    assert_eq!(
        get(&start, "messages")
            .dyn_into::<js_sys::Array>()
            .unwrap()
            .length(),
        3,
        "P sent Prepare to A, B, C"
    );
    assert!(get(&start, "chosen").is_null());
    let mut steps = 0;
    while pg.step().unwrap() {
        steps += 1;
        assert!(steps < 100, "the example must go quiet");
    }
    let end = pg.state().unwrap();
    let chosen = get(&end, "chosen");
    assert_eq!(get(&chosen, "value").as_string().as_deref(), Some("Hello"));
    assert_eq!(get(&chosen, "number").as_string().as_deref(), Some("1.P"));
    assert_eq!(steps, 12, "3 Prepare + 3 Promise + 3 Accept + 3 Accepted");
    let log = pg
        .log(JsValue::UNDEFINED)
        .unwrap()
        .dyn_into::<js_sys::Array>()
        .unwrap();
    let texts: Vec<String> = log
        .iter()
        .map(|e| get(&e, "text").as_string().unwrap())
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t.contains("promised 1.P to P; A had accepted nothing")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("P learned that \"Hello\" is chosen")),
        "{texts:?}"
    );
}

#[wasm_bindgen_test]
fn same_seed_same_log_and_reset_replays_it() {
    let run = |pg: &mut Playground| {
        pg.crash(JsValue::from_str("C"), JsValue::UNDEFINED)
            .unwrap();
        while pg.step().unwrap() {}
        js_sys::JSON::stringify(&pg.log(JsValue::UNDEFINED).unwrap())
            .unwrap()
            .as_string()
            .unwrap()
    };
    let mut a = article();
    let mut b = article();
    let first = run(&mut a);
    assert_eq!(first, run(&mut b));
    a.reset().unwrap();
    assert_eq!(first, run(&mut a));
}

#[wasm_bindgen_test]
fn bad_inputs_are_errors_that_change_nothing() {
    let mut pg = article();
    let before = snapshot(&pg);
    let cases: Vec<(Result<bool, JsError>, &str)> = vec![
        (
            pg.propose(
                JsValue::from_str("Z"),
                JsValue::from_str("x"),
                JsValue::UNDEFINED,
            ),
            "there is no node \"Z\"; the nodes are P, A, B, C",
        ),
        (
            pg.propose(
                JsValue::from_str("A"),
                JsValue::from_str("x"),
                JsValue::UNDEFINED,
            ),
            "A is not a proposer; the proposers are P",
        ),
        (
            pg.propose(
                JsValue::from_str("P"),
                JsValue::from_str(""),
                JsValue::UNDEFINED,
            ),
            "the value is empty",
        ),
        (
            pg.propose(
                JsValue::from_str("P"),
                JsValue::from_str("   "),
                JsValue::UNDEFINED,
            ),
            "the value is empty",
        ),
        (
            pg.propose(
                JsValue::from_str("P"),
                JsValue::from_str(&"x".repeat(33)),
                JsValue::UNDEFINED,
            ),
            "33 characters long; at most 32",
        ),
        (
            pg.propose(
                JsValue::from_str("P"),
                JsValue::from_str("a\nb"),
                JsValue::UNDEFINED,
            ),
            "control character",
        ),
        (
            pg.propose(
                JsValue::from_f64(1.0),
                JsValue::from_str("x"),
                JsValue::UNDEFINED,
            ),
            "node must be a string, not number",
        ),
        (
            pg.propose(JsValue::from_str("P"), JsValue::NULL, JsValue::UNDEFINED),
            "value must be a string, not object",
        ),
        (
            pg.deliver(JsValue::from_f64(99.0), JsValue::UNDEFINED),
            "there is no message #99 in flight; in flight are #1, #2, #3",
        ),
        (
            pg.deliver(JsValue::from_f64(f64::NAN), JsValue::UNDEFINED),
            "message id must be a whole number",
        ),
        (
            pg.deliver(JsValue::from_f64(1.5), JsValue::UNDEFINED),
            "message id must be a whole number",
        ),
        (
            pg.deliver(JsValue::from_f64(-1.0), JsValue::UNDEFINED),
            "message id must be a whole number",
        ),
        (
            pg.deliver(JsValue::from_f64(1e300), JsValue::UNDEFINED),
            "message id must be a whole number",
        ),
        (
            pg.deliver(JsValue::from_str("1"), JsValue::UNDEFINED),
            "message id must be a number, not string",
        ),
        (
            pg.drop_message(JsValue::UNDEFINED, JsValue::UNDEFINED),
            "a message id is required",
        ),
        (
            pg.restart(JsValue::from_str("A"), JsValue::UNDEFINED),
            "A is running; only a crashed node can restart",
        ),
        (
            pg.crash(JsValue::from_str(""), JsValue::UNDEFINED),
            "there is no node \"\"",
        ),
    ];
    for (result, expected) in cases {
        let message = error_message(result);
        assert!(
            message.contains(expected),
            "error {message:?} should contain {expected:?}"
        );
    }
    assert_eq!(
        before,
        snapshot(&pg),
        "rejected actions must leave the state unchanged"
    );
    assert!(error_message(pg.log(JsValue::from_f64(-3.0))).contains("from must be a whole number"));
}

#[wasm_bindgen_test]
fn a_crashed_proposer_cannot_propose_until_restarted() {
    let mut pg = article();
    pg.crash(JsValue::from_str("P"), JsValue::UNDEFINED)
        .unwrap();
    let before = snapshot(&pg);
    let message = error_message(pg.propose(
        JsValue::from_str("P"),
        JsValue::from_str("World"),
        JsValue::UNDEFINED,
    ));
    assert_eq!(message, "P is crashed; restart it before it can act");
    assert_eq!(before, snapshot(&pg));
    assert!(
        error_message(pg.crash(JsValue::from_str("P"), JsValue::UNDEFINED))
            .contains("already crashed")
    );
    pg.restart(JsValue::from_str("P"), JsValue::UNDEFINED)
        .unwrap();
    pg.propose(
        JsValue::from_str("P"),
        JsValue::from_str("World"),
        JsValue::UNDEFINED,
    )
    .unwrap();
    let state = pg.state().unwrap();
    let nodes = get(&state, "nodes").dyn_into::<js_sys::Array>().unwrap();
    let proposer = get(&nodes.get(0), "proposer");
    assert_eq!(
        get(&proposer, "number").as_string().as_deref(),
        Some("2.P"),
        "a restarted proposer never reuses 1.P"
    );
}

#[wasm_bindgen_test]
fn constructor_rejects_unknown_scenarios_and_bad_seeds() {
    let unknown = error_message(Playground::new(
        JsValue::from_str("nope"),
        JsValue::UNDEFINED,
    ));
    assert!(
        unknown.contains(
            "there is no scenario \"nope\"; the scenarios are article, two-proposers, proposer-crash"
        ),
        "{unknown}"
    );
    for seed in [
        JsValue::from_f64(-1.0),
        JsValue::from_f64(0.5),
        JsValue::from_f64(f64::INFINITY),
    ] {
        assert!(error_message(Playground::new(JsValue::UNDEFINED, seed))
            .contains("seed must be a whole number"));
    }
    assert!(error_message(Playground::new(
        JsValue::UNDEFINED,
        JsValue::from_str("abc")
    ))
    .contains("seed must be a number"));
    let default = Playground::new(JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap();
    assert_eq!(default.scenario().as_deref(), Some("article"));
    assert_eq!(default.seed(), 1.0);
}

#[wasm_bindgen_test]
fn dropping_and_delivering_by_id() {
    let mut pg = article();
    pg.drop_message(JsValue::from_f64(1.0), JsValue::UNDEFINED)
        .unwrap();
    assert!(
        error_message(pg.drop_message(JsValue::from_f64(1.0), JsValue::UNDEFINED))
            .contains("there is no message #1 in flight")
    );
    pg.deliver(JsValue::from_f64(3.0), JsValue::UNDEFINED)
        .unwrap();
    let state = pg.state().unwrap();
    let ids: Vec<f64> = get(&state, "messages")
        .dyn_into::<js_sys::Array>()
        .unwrap()
        .iter()
        .map(|m| get(&m, "id").as_f64().unwrap())
        .collect();
    assert_eq!(
        ids,
        vec![2.0, 4.0],
        "#1 dropped, #3 delivered, #4 is C's Promise"
    );
}

#[wasm_bindgen_test]
fn actions_happen_at_the_time_given_and_a_refused_one_moves_nothing() {
    let mut pg = article();
    let time = |pg: &Playground| get(&pg.state().unwrap(), "time").as_f64().unwrap();
    let due = get(&pg.state().unwrap(), "nextDueAt").as_f64().unwrap();
    assert!(due >= 2.0);
    // Refused: the clock stays at 0 although `at` asked for 1.
    let message = error_message(pg.propose(
        JsValue::from_str("P"),
        JsValue::from_str(""),
        JsValue::from_f64(1.0),
    ));
    assert!(message.contains("the value is empty"));
    assert_eq!(time(&pg), 0.0);
    // Accepted: the clock moves to `at`, but never past the next due message.
    pg.crash(JsValue::from_str("C"), JsValue::from_f64(1.0))
        .unwrap();
    assert_eq!(time(&pg), 1.0);
    pg.restart(JsValue::from_str("C"), JsValue::from_f64(1e9))
        .unwrap();
    assert_eq!(time(&pg), due);
    assert!(
        error_message(pg.crash(JsValue::from_str("C"), JsValue::from_f64(f64::NAN)))
            .contains("at must be a whole number")
    );
    assert!(
        error_message(pg.crash(JsValue::from_str("C"), JsValue::from_str("soon")))
            .contains("at must be a number")
    );
    assert_eq!(Playground::max_value_chars(), 32);
}

#[wasm_bindgen_test]
fn back_seek_step_through_the_past_and_fork() {
    let mut pg = article();
    while pg.step().unwrap() {}
    let number = |pg: &Playground, key: &str| get(&pg.state().unwrap(), key).as_f64().unwrap();
    let length = number(&pg, "length");
    assert_eq!(number(&pg, "position"), length);
    let end = snapshot(&pg);
    assert!(pg.back());
    assert_eq!(number(&pg, "position"), length - 1.0);
    pg.seek(JsValue::from_f64(0.0)).unwrap();
    assert_eq!(number(&pg, "position"), 0.0);
    assert!(!pg.back(), "nothing before the start");
    // Stepping in the past follows the recorded run without changing it.
    assert!(pg.step().unwrap());
    assert_eq!(
        (number(&pg, "position"), number(&pg, "length")),
        (1.0, length)
    );
    pg.seek(JsValue::from_f64(length)).unwrap();
    assert_eq!(
        snapshot(&pg),
        end,
        "seeking the end shows the same world again"
    );
    // An action in the past forks: the old future is gone.
    pg.seek(JsValue::from_f64(1.0)).unwrap();
    assert!(
        pg.crash(JsValue::from_str("A"), JsValue::UNDEFINED)
            .unwrap(),
        "forked"
    );
    assert_eq!((number(&pg, "position"), number(&pg, "length")), (2.0, 2.0));
    assert!(
        !pg.crash(JsValue::from_str("B"), JsValue::UNDEFINED)
            .unwrap(),
        "at the end: no fork"
    );
    assert!(error_message(pg.seek(JsValue::from_str("end"))).contains("position must be a number"));
}

/// The golden run of tests/run.rs: the URL text a native build made, and the log the native
/// build replays it to. This browser must replay it to the very same log.
#[wasm_bindgen_test]
fn a_shared_run_replays_here_to_the_same_log_as_natively() {
    let golden = include_str!("runs/busy.run");
    let mut lines = golden.lines();
    let text = lines.next().expect("the run text");
    let expected: Vec<&str> = lines.collect();
    let pg = Playground::from_run(JsValue::from_str(text)).expect("the golden run loads");
    let log = pg
        .log(JsValue::UNDEFINED)
        .unwrap()
        .dyn_into::<js_sys::Array>()
        .unwrap();
    let actual: Vec<String> = log
        .iter()
        .map(|e| {
            let time = get(&e, "time").as_f64().unwrap();
            let kind = get(&e, "kind").as_string().unwrap();
            format!("{time} {kind} {}", get(&e, "text").as_string().unwrap())
        })
        .collect();
    assert_eq!(actual, expected);
    assert_eq!(
        pg.run(),
        text,
        "encoding the replayed run gives the same text"
    );
    assert!(pg.scenario().is_none());
}

#[wasm_bindgen_test]
fn broken_shared_runs_and_files_are_errors() {
    for (text, expected) in [
        ("", "it is empty"),
        ("v9.AAAA", "format \"v9\""),
        ("v2.AAAA", "truncated or corrupted"),
        ("v1.%%%", "not valid URL-safe base64"),
    ] {
        let message = error_message(Playground::from_run(JsValue::from_str(text)));
        assert!(
            message.contains(expected),
            "{message:?} should contain {expected:?}"
        );
    }
    assert!(error_message(Playground::from_run(JsValue::from_f64(3.0)))
        .contains("the run must be a string"));
    let mut pg = article();
    pg.crash(JsValue::from_str("C"), JsValue::UNDEFINED)
        .unwrap();
    let file = pg.export_run().unwrap();
    let copy = Playground::import_run(file.clone()).expect("an exported run imports");
    assert_eq!(snapshot(&copy), snapshot(&pg));
    js_sys::Reflect::set(
        &file,
        &JsValue::from_str("version"),
        &JsValue::from_f64(3.0),
    )
    .unwrap();
    assert!(error_message(Playground::import_run(file)).contains("version 3"));
    let junk = js_sys::JSON::parse("{\"hello\": 1}").unwrap();
    assert!(error_message(Playground::import_run(junk)).contains("not a Paxos Playground run"));
}

#[wasm_bindgen_test]
fn pseudocode_and_scenarios_are_plain_objects() {
    let lines = Playground::pseudocode()
        .unwrap()
        .dyn_into::<js_sys::Array>()
        .unwrap();
    let texts: Vec<String> = lines
        .iter()
        .map(|l| get(&l, "text").as_string().unwrap())
        .collect();
    assert!(texts
        .iter()
        .any(|t| t.contains("function receivePrepare(from, n)")));
    assert!(texts.iter().any(|t| t.contains("if (n > promisedNumber)")));
    let scenarios = Playground::scenarios()
        .unwrap()
        .dyn_into::<js_sys::Array>()
        .unwrap();
    assert!(scenarios.length() >= 2);
}
