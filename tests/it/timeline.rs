//! Time travel: any step of a run can be shown again, exactly as it was, and acting in the
//! past forks a new branch.

use paxos_playground::sim::{Action, Scenario, Timeline, World, CHECKPOINT_INTERVAL};
use paxos_playground::view::world_view;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A long random run on the two-proposer scenario: proposals, steps, drops, crashes.
fn random_timeline(seed: u64, length: usize) -> Timeline {
    let scenario = Scenario::two_proposers();
    let mut timeline = Timeline::from_scenario(&scenario, seed).expect("valid");
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    while timeline.actions().len() < length {
        let world = timeline.world();
        let ids: Vec<u64> = world.network().in_flight().iter().map(|e| e.id).collect();
        let node = ["P", "Q", "A", "B", "C"][rng.random_range(0..5)].to_string();
        let action = match rng.random_range(0..20) {
            0 => Action::Propose {
                node,
                value: format!("v{}", rng.random_range(0..3)),
            },
            1 if !ids.is_empty() => Action::Drop {
                id: ids[rng.random_range(0..ids.len())],
            },
            2 if !ids.is_empty() => Action::Duplicate {
                id: ids[rng.random_range(0..ids.len())],
            },
            3 => Action::Crash { node },
            4 => Action::Restart { node },
            _ => Action::Step,
        };
        // Refused actions (crash a crashed node...) and idle steps are simply not recorded.
        let _ = timeline.apply(&action);
        if world_is_quiet(&timeline) {
            let _ = timeline.apply(&Action::Propose {
                node: "P".into(),
                value: "again".into(),
            });
        }
    }
    timeline
}

fn world_is_quiet(timeline: &Timeline) -> bool {
    timeline.world().next_event_at().is_none()
}

/// The world after `n` actions, computed from scratch.
fn replayed(timeline: &Timeline, n: usize) -> World {
    let mut world = World::new(timeline.config().clone(), timeline.seed()).expect("valid");
    for action in &timeline.actions()[..n] {
        world.apply(action).expect("recorded actions replay");
    }
    world
}

fn same(a: &World, b: &World) -> bool {
    world_view(a) == world_view(b) && a.log() == b.log()
}

#[test]
fn seeking_any_position_shows_exactly_the_world_replayed_from_scratch() {
    let mut timeline = random_timeline(7, 5 * CHECKPOINT_INTERVAL + 17);
    let length = timeline.actions().len();
    let mut rng = ChaCha8Rng::seed_from_u64(99);
    let mut positions: Vec<usize> = (0..40).map(|_| rng.random_range(0..=length)).collect();
    // Checkpoint boundaries and the ends, both ways.
    positions.extend([
        0,
        length,
        CHECKPOINT_INTERVAL,
        CHECKPOINT_INTERVAL - 1,
        2 * CHECKPOINT_INTERVAL + 1,
        length - 1,
        1,
    ]);
    for position in positions {
        timeline.seek(position);
        assert_eq!(timeline.cursor(), position);
        assert!(
            same(timeline.world(), &replayed(&timeline, position)),
            "position {position}"
        );
    }
}

#[test]
fn back_and_forward_walk_the_run_and_stop_at_its_ends() {
    let mut timeline = Timeline::from_scenario(&Scenario::article(), 1).expect("valid");
    while timeline.apply(&Action::Step).is_ok() && !world_is_quiet(&timeline) {}
    let end = timeline.cursor();
    assert!(end > 10, "the example takes more than ten actions");
    let chosen_at_end = timeline.world().chosen().cloned();
    assert!(chosen_at_end.is_some());
    let mut backs = 0;
    while timeline.back() {
        backs += 1;
    }
    assert_eq!((timeline.cursor(), backs), (0, end));
    assert!(timeline.world().chosen().is_none() && timeline.world().log().is_empty());
    assert!(!timeline.back(), "nothing before the start");
    while timeline.forward() {}
    assert_eq!(timeline.cursor(), end);
    assert_eq!(timeline.world().chosen().cloned(), chosen_at_end);
    assert!(!timeline.forward(), "nothing after the end");
}

#[test]
fn acting_in_the_past_forks_and_discards_the_old_future() {
    let mut timeline = Timeline::from_scenario(&Scenario::article(), 1).expect("valid");
    for _ in 0..12 {
        timeline.apply(&Action::Step).expect("steps");
    }
    assert!(timeline.world().chosen().is_some());
    timeline.seek(1); // just after P's proposal
                      // A refused action in the past changes nothing and does not fork.
    assert!(timeline
        .apply(&Action::Restart { node: "A".into() })
        .is_err());
    assert_eq!(timeline.actions().len(), 13);
    // Crashing two acceptors there forks: the twelve steps are gone, and with them "Hello".
    assert_eq!(
        timeline.apply(&Action::Crash { node: "A".into() }),
        Ok(true)
    );
    assert_eq!(
        timeline.apply(&Action::Crash { node: "B".into() }),
        Ok(false),
        "forks once"
    );
    assert_eq!(timeline.actions().len(), 3);
    while timeline.apply(&Action::Step).expect("steps") {
        if world_is_quiet(&timeline) {
            break;
        }
    }
    assert!(
        timeline.world().chosen().is_none(),
        "no majority after the fork"
    );
    assert!(same(
        timeline.world(),
        &replayed(&timeline, timeline.cursor())
    ));
}

#[test]
fn acting_at_a_later_time_records_the_wait_and_back_skips_it() {
    let mut timeline = Timeline::from_scenario(&Scenario::article(), 1).expect("valid");
    let due = timeline
        .world()
        .next_event_at()
        .expect("Prepares in flight");
    // Refused at a later time: nothing recorded, clock unchanged.
    assert!(timeline
        .apply_at(1, &Action::Restart { node: "A".into() })
        .is_err());
    assert_eq!((timeline.actions().len(), timeline.world().now()), (1, 0));
    timeline
        .apply_at(1, &Action::Crash { node: "C".into() })
        .expect("crash at t=1");
    assert_eq!(timeline.world().now(), 1.min(due));
    assert_eq!(
        timeline.actions().len(),
        3,
        "propose, wait until t=1, crash"
    );
    assert!(timeline.back());
    assert_eq!(timeline.cursor(), 1, "back skips the bare wait");
    // Replaying the recorded run gives the same world.
    timeline.seek(3);
    assert!(same(timeline.world(), &replayed(&timeline, 3)));
}

#[test]
fn every_event_step_maps_to_the_position_that_shows_it() {
    let mut timeline = random_timeline(3, 300);
    let events = timeline.world().log().to_vec();
    assert!(events.len() > 100);
    for event in events.iter().step_by(7) {
        let position = timeline
            .position_of_step(event.step)
            .expect("a step of this run");
        timeline.seek(position);
        assert_eq!(timeline.world().steps(), event.step);
        assert!(
            timeline.world().log().contains(event),
            "the event happened by then"
        );
    }
    let last = timeline.world().steps();
    timeline.seek(timeline.actions().len());
    assert_eq!(
        timeline.position_of_step(timeline.world().steps() + 1),
        None
    );
    assert!(last > 0);
}
