//! The settings form: every setting in range makes the cluster it describes; every setting
//! out of range is refused with a message that names it and its range.

use paxos_playground::sim::{Settings, SimError, World};

fn settings() -> Settings {
    Settings {
        acceptors: 5.0,
        proposers: 2.0,
        values: vec!["Hello".into(), "World".into()],
        separate_learners: false,
        delay_min: 2.0,
        delay_max: 5.0,
        loss_percent: 10.0,
        duplicate_percent: 5.0,
        retry_timeout: Some(12.0),
        retry_backoff: 6.0,
    }
}

/// Why `settings` are refused: the message of a field out of range, or the reason a cluster
/// cannot be made.
fn refusal(settings: Settings) -> String {
    match settings.scenario() {
        Err(SimError::BadConfig { reason }) => reason,
        Err(error @ SimError::BadField { .. }) => error.to_string(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn the_settings_make_the_cluster_they_describe() {
    let scenario = settings().scenario().expect("valid");
    let names: Vec<&str> = scenario
        .config
        .nodes
        .iter()
        .map(|n| n.name.as_str())
        .collect();
    assert_eq!(names, ["P", "Q", "A", "B", "C", "D", "E"]);
    assert!(scenario.config.nodes[..2]
        .iter()
        .all(|n| n.proposer && n.learner && !n.acceptor));
    assert!(scenario.config.nodes[2..]
        .iter()
        .all(|n| n.acceptor && !n.proposer && !n.learner));
    assert_eq!(
        scenario
            .config
            .faults
            .retry
            .as_ref()
            .map(|r| (r.timeout_ticks, r.backoff_ticks_max)),
        Some((12, 6))
    );
    let world = World::from_scenario(&scenario, 1).expect("starts");
    assert_eq!(
        world.network().in_flight().len(),
        10 - lost(&world),
        "both proposers sent Prepare to 5 acceptors"
    );
    // Separate learners: L1 and L2 learn, the proposers don't.
    let apart = Settings {
        separate_learners: true,
        retry_timeout: None,
        ..settings()
    };
    let scenario = apart.scenario().expect("valid");
    let learners: Vec<&str> = scenario
        .config
        .nodes
        .iter()
        .filter(|n| n.learner)
        .map(|n| n.name.as_str())
        .collect();
    assert_eq!(learners, ["L1", "L2"]);
    assert!(scenario.config.faults.retry.is_none());
}

/// Prepares lost to random loss as they were sent.
fn lost(world: &World) -> usize {
    world
        .log()
        .iter()
        .filter(|e| e.text.contains("is lost by the network"))
        .count()
}

#[test]
fn out_of_range_settings_name_the_setting_and_its_range() {
    type Change = fn(&mut Settings, f64);
    let fields: [(&str, Change, &str); 8] = [
        ("acceptors", |s, n| s.acceptors = n, "1 to 9"),
        ("proposers", |s, n| s.proposers = n, "1 to 5"),
        ("delayMin", |s, n| s.delay_min = n, "1 to 200"),
        // The longest delay is at least the shortest (2 here).
        ("delayMax", |s, n| s.delay_max = n, "2 to 200"),
        ("lossPercent", |s, n| s.loss_percent = n, "0 to 90"),
        (
            "duplicatePercent",
            |s, n| s.duplicate_percent = n,
            "0 to 90",
        ),
        ("retryTimeout", |s, n| s.retry_timeout = Some(n), "1 to 200"),
        ("retryBackoff", |s, n| s.retry_backoff = n, "0 to 200"),
    ];
    for (field, change, range) in fields {
        let (low, high) = range.split_once(" to ").expect("a range");
        let below: f64 = low.parse::<f64>().expect("a number") - 1.0;
        let above: f64 = high.parse::<f64>().expect("a number") + 1.0;
        for (given, text) in [
            (below, below.to_string()),
            (above, above.to_string()),
            (2.5, "2.5".to_string()),
            (f64::NAN, "NaN".to_string()),
            (f64::INFINITY, "Infinity".to_string()),
        ] {
            let mut wrong = settings();
            change(&mut wrong, given);
            assert_eq!(
                refusal(wrong),
                format!("settings.{field} must be a whole number from {range}, not {text}")
            );
        }
        // Sometimes: the ends of the range are taken (the proposers need as many values, the
        // longest delay is at least the shortest).
        for end in [low, high] {
            let mut right = settings();
            change(&mut right, end.parse().expect("a number"));
            right.delay_max = right.delay_max.max(right.delay_min);
            let values = right.proposers as usize;
            right.values = (0..values).map(|i| format!("v{i}")).collect();
            right
                .scenario()
                .unwrap_or_else(|e| panic!("{field} = {end}: {e}"));
        }
    }
    assert_eq!(
        refusal(Settings {
            values: vec!["x".into()],
            ..settings()
        }),
        "give one value per proposer: 2 proposers, 1 value"
    );
    assert!(refusal(Settings {
        values: vec!["".into(), "x".into()],
        ..settings()
    })
    .starts_with("P's value: the value is empty"));
    assert!(refusal(Settings {
        separate_learners: true,
        ..settings()
    })
    .starts_with("retries need the proposers to learn"));
}
