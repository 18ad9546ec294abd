//! Determinism: a config, a seed and a list of actions fix the run, byte for byte.

use paxos_playground::check::check_safety;
use paxos_playground::sim::{Action, Config, Faults, NodeSpec, Scenario, World};
use paxos_playground::view::world_view;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn config() -> Config {
    Config {
        nodes: vec![
            NodeSpec::new("P", true, false, true),
            NodeSpec::new("Q", true, true, true),
            NodeSpec::new("A", false, true, false),
            NodeSpec::new("B", false, true, false),
            NodeSpec::new("C", false, true, false),
            NodeSpec::new("L", false, false, true),
        ],
        delay_ticks_min: 1,
        delay_ticks_max: 9,
        faults: Faults::default(),
        rules: Default::default(),
    }
}

/// A random action, valid or not, picked from the world's current state by `rng`.
fn pick(world: &World, rng: &mut ChaCha8Rng) -> Action {
    let names = world.names().0.clone();
    let in_flight: Vec<u64> = world.network().in_flight().iter().map(|e| e.id).collect();
    let any_id = |rng: &mut ChaCha8Rng| match in_flight.len() {
        0 => 1 + rng.random_range(0..5u64),
        len => in_flight[rng.random_range(0..len)],
    };
    match rng.random_range(0..20) {
        0..=1 => Action::Propose {
            node: ["P", "Q", "A"][rng.random_range(0..3)].to_string(),
            value: ["Hello", "World", "x", ""][rng.random_range(0..4)].to_string(),
        },
        2..=11 => Action::Step,
        12..=14 => Action::Deliver { id: any_id(rng) },
        15 => Action::Drop { id: any_id(rng) },
        16..=17 => Action::Crash {
            node: names[rng.random_range(0..names.len())].clone(),
        },
        _ => Action::Restart {
            node: names[rng.random_range(0..names.len())].clone(),
        },
    }
}

/// Runs `count` random actions on a fresh world; returns the world, the actions and each
/// action's outcome (errors as text).
fn random_run(
    config: &Config,
    seed: u64,
    schedule_seed: u64,
    count: usize,
) -> (World, Vec<Action>, Vec<Result<(), String>>) {
    let mut world = World::new(config.clone(), seed).expect("valid");
    let mut rng = ChaCha8Rng::seed_from_u64(schedule_seed);
    let mut actions = Vec::new();
    let mut outcomes = Vec::new();
    for _ in 0..count {
        let action = pick(&world, &mut rng);
        outcomes.push(world.apply(&action).map_err(|e| e.to_string()));
        check_safety(&world).expect("safe");
        actions.push(action);
    }
    (world, actions, outcomes)
}

fn replay(config: &Config, seed: u64, actions: &[Action]) -> (World, Vec<Result<(), String>>) {
    let mut world = World::new(config.clone(), seed).expect("valid");
    let outcomes = actions
        .iter()
        .map(|a| world.apply(a).map_err(|e| e.to_string()))
        .collect();
    (world, outcomes)
}

fn log_json(world: &World) -> String {
    serde_json::to_string(world.log()).expect("serializable")
}

#[test]
fn same_config_seed_and_actions_give_a_byte_identical_log() {
    for seed in 0..20 {
        let (original, actions, outcomes) = random_run(&config(), seed, 1000 + seed, 300);
        assert!(
            original.log().len() > 50,
            "seed {seed}: the run did too little to be a test"
        );
        assert!(
            outcomes.iter().any(Result::is_err),
            "seed {seed}: the run should include refused actions"
        );

        // Store the actions as the page would (JSON) and replay them.
        let stored = serde_json::to_string(&actions).expect("serializable");
        let restored: Vec<Action> = serde_json::from_str(&stored).expect("deserializable");
        assert_eq!(restored, actions);
        let (replayed, replayed_outcomes) = replay(&config(), seed, &restored);

        assert_eq!(
            log_json(&replayed),
            log_json(&original),
            "seed {seed}: logs differ"
        );
        assert_eq!(replayed_outcomes, outcomes, "seed {seed}: outcomes differ");
        assert_eq!(world_view(&replayed), world_view(&original));
        assert_eq!(replayed.chosen_proposals(), original.chosen_proposals());
        assert_eq!(
            replayed.nodes(),
            original.nodes(),
            "seed {seed}: node states differ"
        );
    }
}

#[test]
fn a_cloned_world_continues_exactly_like_the_original() {
    let (mut world, _, _) = random_run(&config(), 42, 7, 100);
    let mut twin = world.clone();
    let mut rng = ChaCha8Rng::seed_from_u64(8);
    for _ in 0..200 {
        let action = pick(&world, &mut rng);
        assert_eq!(world.apply(&action), twin.apply(&action));
    }
    assert_eq!(log_json(&world), log_json(&twin));
}

#[test]
fn different_seeds_give_different_delivery_times() {
    let scenario = Scenario::two_proposers();
    let (min, max) = (
        scenario.config.delay_ticks_min,
        scenario.config.delay_ticks_max,
    );
    let mut schedules = std::collections::BTreeSet::new();
    for seed in 0..32 {
        let at_once = |seed| {
            let mut world = World::new(scenario.config.clone(), seed).expect("valid");
            world.propose("P", "Hello").expect("P proposes");
            world.propose("Q", "World").expect("Q proposes");
            world
        };
        let world = at_once(seed);
        let times: Vec<u64> = world
            .network()
            .in_flight()
            .iter()
            .map(|e| e.deliver_at)
            .collect();
        assert_eq!(times.len(), 6);
        assert!(
            times.iter().all(|t| (min..=max).contains(t)),
            "seed {seed}: {times:?} outside {min}..={max}"
        );
        // The same seed again gives the same times.
        assert_eq!(
            at_once(seed).network().in_flight(),
            world.network().in_flight()
        );
        schedules.insert(times);
    }
    assert!(
        schedules.len() >= 16,
        "32 seeds gave only {} different delay schedules",
        schedules.len()
    );
}

#[test]
fn different_seeds_sometimes_give_different_logs() {
    let logs: std::collections::BTreeSet<String> = (0..16)
        .map(|seed| {
            let mut world = World::from_scenario(&Scenario::two_proposers(), seed).expect("valid");
            while world.step().expect("step") {}
            log_json(&world)
        })
        .collect();
    assert!(logs.len() > 1, "the seed had no effect on the run");
}

#[test]
fn delays_use_the_whole_configured_range() {
    let mut config = config();
    config.delay_ticks_min = 3;
    config.delay_ticks_max = 6;
    let mut seen = std::collections::BTreeSet::new();
    for seed in 0..20 {
        let mut world = World::new(config.clone(), seed).expect("valid");
        world.propose("P", "Hello").expect("P proposes");
        for e in world.network().in_flight() {
            seen.insert(e.deliver_at - e.sent_at);
        }
    }
    assert_eq!(seen.into_iter().collect::<Vec<_>>(), vec![3, 4, 5, 6]);
}

#[test]
fn the_seed_only_affects_timing_a_run_of_explicit_deliveries_is_the_same_for_every_seed() {
    // Delivering by id never advances the clock, so nothing seeded shows in the log.
    let actions =
        |world: &World| -> Vec<u64> { world.network().in_flight().iter().map(|e| e.id).collect() };
    let run = |seed: u64| {
        let mut world = World::from_scenario(&Scenario::article(), seed).expect("valid");
        for _ in 0..4 {
            for id in actions(&world) {
                world.deliver(id).expect("in flight");
            }
        }
        assert_eq!(world.chosen().map(|(_, v)| v.as_str()), Some("Hello"));
        log_json(&world)
    };
    let first = run(0);
    for seed in 1..10 {
        assert_eq!(run(seed), first, "seed {seed}");
    }
}
