//! The settings form: every setting in range makes the cluster it describes; every setting
//! out of range is refused with a message that names it and its range.

use paxos_playground::sim::{Settings, SimError, World};

fn settings() -> Settings {
    Settings {
        acceptors: 5,
        proposers: 2,
        values: vec!["Hello".into(), "World".into()],
        separate_learners: false,
        delay_min: 2,
        delay_max: 5,
        loss_percent: 10,
        duplicate_percent: 5,
        retry_timeout: Some(12),
        retry_backoff: 6,
    }
}

fn refusal(settings: Settings) -> String {
    match settings.scenario() {
        Err(SimError::BadConfig { reason }) => reason,
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
    assert_eq!(
        refusal(Settings {
            acceptors: 0,
            ..settings()
        }),
        "acceptors must be 1 to 9, not 0"
    );
    assert_eq!(
        refusal(Settings {
            acceptors: 10,
            ..settings()
        }),
        "acceptors must be 1 to 9, not 10"
    );
    assert_eq!(
        refusal(Settings {
            proposers: 6,
            ..settings()
        }),
        "proposers must be 1 to 5, not 6"
    );
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
    assert_eq!(
        refusal(Settings {
            delay_min: 0,
            ..settings()
        }),
        "the shortest delay must be 1 to 200 ticks, not 0"
    );
    assert_eq!(
        refusal(Settings {
            delay_max: 1,
            ..settings()
        }),
        "the longest delay must be 2 to 200 ticks, not 1"
    );
    assert_eq!(
        refusal(Settings {
            retry_timeout: Some(0),
            ..settings()
        }),
        "the retry timeout must be 1 to 200 ticks, not 0"
    );
    assert_eq!(
        refusal(Settings {
            retry_backoff: 500,
            ..settings()
        }),
        "the retry backoff must be 0 to 200 ticks, not 500"
    );
    assert_eq!(
        refusal(Settings {
            loss_percent: 95,
            ..settings()
        }),
        "loss must be 0 to 90 percent, not 95"
    );
    assert!(refusal(Settings {
        separate_learners: true,
        ..settings()
    })
    .starts_with("retries need the proposers to learn"));
}
