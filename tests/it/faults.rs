//! Faults, one test per fault and rule: duplicated and held messages, cut links, partitions,
//! random loss and duplication, and the proposers' retry timers (including the dueling-proposers
//! livelock and its cure by random backoff). Every refused fault is checked to leave the world
//! exactly as it was.
//!
//! What stays here is checked over many seeds, field by field or as exact errors. A fault's
//! story told message by message on one seed (a duplicated Prepare, Promise, Accept or
//! Accepted; a cut link losing messages at send or on delivery; partitions and heal all; a
//! round without retries; a crashed proposer's timer) is a scenario script,
//! tests/scenarios/fault-*.txt.

use crate::common::{deliver_one, in_flight, learned, node, run_until_quiet};
use paxos_playground::check::check_safety;
use paxos_playground::paxos::MessageKind;
use paxos_playground::sim::{
    parse_groups, Action, Config, Event, EventKind, Faults, NodeSpec, Retry, SimError, World,
    MAX_RETRIES,
};
use paxos_playground::view::world_view;
use std::collections::BTreeSet;

// ---------------------------------------------------------------------------------------------
// Helpers.

/// Proposer-learners `proposers`, then acceptors `acceptors`, with `faults`.
fn cluster(proposers: &[&str], acceptors: &[&str], faults: Faults) -> Config {
    let mut nodes: Vec<NodeSpec> = proposers
        .iter()
        .map(|p| NodeSpec::new(p, true, false, true))
        .collect();
    nodes.extend(
        acceptors
            .iter()
            .map(|a| NodeSpec::new(a, false, true, false)),
    );
    Config {
        nodes,
        delay_ticks_min: 2,
        delay_ticks_max: 4,
        faults,
        rules: Default::default(),
    }
}

/// The article's cluster: P proposes and learns; A, B and C accept. No faults.
fn article(seed: u64) -> World {
    World::new(cluster(&["P"], &["A", "B", "C"], Faults::default()), seed).expect("valid")
}

fn retry(timeout_ticks: u64, backoff_ticks_max: u64) -> Faults {
    Faults {
        retry: Some(Retry {
            timeout_ticks,
            backoff_ticks_max,
        }),
        ..Faults::default()
    }
}

fn last_event(world: &World) -> &Event {
    world.log().last().expect("something was logged")
}

/// The events logged by the latest action (those stamped with the current step).
fn events_of_last_action(world: &World) -> Vec<&Event> {
    world
        .log()
        .iter()
        .filter(|e| e.step == world.steps())
        .collect()
}

fn count_events(world: &World, needle: &str) -> usize {
    world
        .log()
        .iter()
        .filter(|e| e.text.contains(needle))
        .count()
}

/// Applies `action`, expects exactly `expected` as the refusal, and checks that nothing at all
/// changed: the view (time, steps, nodes, messages, cut links, log length), the log itself and
/// the retry timers.
fn assert_refused(world: &mut World, action: Action, expected: SimError) {
    let view = world_view(world);
    let log = world.log().to_vec();
    let (now, steps) = (world.now(), world.steps());
    let timers = world.timers().to_vec();
    let cut = world.cut_links();
    let err = world
        .apply(&action)
        .expect_err(&format!("{action:?} must be refused"));
    assert_eq!(err, expected, "{action:?}");
    assert!(!err.to_string().is_empty());
    assert_eq!(world_view(world), view, "{action:?} changed the view");
    assert_eq!(world.log(), &log[..], "{action:?} logged something");
    assert_eq!((world.now(), world.steps()), (now, steps), "{action:?}");
    assert_eq!(world.timers(), &timers[..], "{action:?} touched the timers");
    assert_eq!(world.cut_links(), cut, "{action:?} touched the links");
}

/// Steps until nothing more happens on its own (messages and timers), checking safety after
/// every step; returns the number of steps taken.
fn run_with_timers(world: &mut World, max_steps: usize) -> usize {
    for taken in 0..max_steps {
        if !world.step().expect("step never fails") {
            return taken;
        }
        check_safety(world).unwrap_or_else(|v| panic!("seed {}: {v}", world.seed()));
    }
    panic!("seed {}: still busy after {max_steps} steps", world.seed());
}

/// Steps until a value is chosen or nothing more happens; returns whether one was chosen.
fn run_until_chosen(world: &mut World, max_steps: usize) -> bool {
    for _ in 0..max_steps {
        if world.chosen().is_some() {
            return true;
        }
        if !world.step().expect("step never fails") {
            return false;
        }
        check_safety(world).unwrap_or_else(|v| panic!("seed {}: {v}", world.seed()));
    }
    world.chosen().is_some()
}

fn promised(world: &World, acceptor: &str) -> Option<String> {
    let a = node(world, acceptor)
        .roles
        .acceptor
        .as_ref()
        .expect("acceptor");
    a.promised_number.map(|n| world.names().number(n))
}

fn round(world: &World, proposer: &str) -> u32 {
    node(world, proposer)
        .roles
        .proposer
        .as_ref()
        .expect("proposer")
        .round
}

fn only(ids: Vec<u64>) -> u64 {
    assert_eq!(ids.len(), 1, "expected one message, found {ids:?}");
    ids[0]
}

// ---------------------------------------------------------------------------------------------
// Duplicate. That each duplicated message is counted once is told by
// tests/scenarios/fault-duplicate-{prepare,promise,accept,accepted}.txt.

#[test]
fn duplicate_puts_a_copy_with_a_new_id_and_its_own_delay_in_flight() {
    for seed in 0..20 {
        let mut world = article(seed);
        world.propose("P", "Hello").unwrap();
        // Let time pass first, so the copy's own delay is visibly measured from now.
        let original = only(in_flight(&world, MessageKind::Prepare, "P", "A"));
        deliver_one(&mut world, MessageKind::Prepare, "P", "B");
        world.advance_to(1);
        let now = world.now();
        let steps = world.steps();
        let before: Vec<u64> = world.network().in_flight().iter().map(|e| e.id).collect();
        world.duplicate(original).unwrap();

        let ids = in_flight(&world, MessageKind::Prepare, "P", "A");
        assert_eq!(ids.len(), 2, "seed {seed}: original and copy");
        let copy = *ids.iter().find(|id| **id != original).unwrap();
        assert!(
            copy > *before.iter().max().unwrap(),
            "seed {seed}: the copy has a new, highest id"
        );
        let (orig, dup) = (
            world.network().get(original).unwrap(),
            world.network().get(copy).unwrap(),
        );
        assert_eq!(
            (dup.src, dup.dst, &dup.msg),
            (orig.src, orig.dst, &orig.msg)
        );
        assert_eq!(dup.sent_at, now, "seed {seed}: the copy is sent now");
        assert!(
            (now + 2..=now + 4).contains(&dup.deliver_at),
            "seed {seed}: the copy's own delay from now: {dup:?}"
        );
        assert!(!dup.held);
        assert_eq!(world.steps(), steps + 1, "a duplicate is one action");
        let event = last_event(&world);
        assert_eq!(event.kind, EventKind::Duplicate);
        assert_eq!(
            event.text,
            format!("Prepare(1.P) from P to A is duplicated: copy #{copy} is in flight too.")
        );
        assert_eq!(
            event.copy_id,
            Some(copy),
            "seed {seed}: the event names the copy"
        );
        assert_eq!((event.step, event.time), (world.steps(), now));
    }
}

#[test]
fn copies_get_independent_delays() {
    // Over many seeds a copy's delay is drawn afresh, not copied from the original.
    let mut different = 0;
    for seed in 0..40 {
        let mut world = article(seed);
        world.propose("P", "Hello").unwrap();
        let original = only(in_flight(&world, MessageKind::Prepare, "P", "A"));
        world.duplicate(original).unwrap();
        let ids = in_flight(&world, MessageKind::Prepare, "P", "A");
        let at: BTreeSet<u64> = ids
            .iter()
            .map(|id| world.network().get(*id).unwrap().deliver_at)
            .collect();
        different += usize::from(at.len() == 2);
    }
    assert!(
        different >= 10,
        "copies differed in delay in only {different} of 40 seeds"
    );
}

#[test]
fn duplicate_of_an_unknown_message_is_refused_and_changes_nothing() {
    let mut world = article(5);
    world.propose("P", "Hello").unwrap();
    assert_refused(
        &mut world,
        Action::Duplicate { id: 99 },
        SimError::UnknownMessage {
            id: 99,
            in_flight: vec![1, 2, 3],
        },
    );
}

// ---------------------------------------------------------------------------------------------
// Hold and release.

#[test]
fn a_held_message_is_never_delivered_by_step_even_past_its_time() {
    for seed in 0..20 {
        let mut world = article(seed);
        world.propose("P", "Hello").unwrap();
        let held = only(in_flight(&world, MessageKind::Prepare, "P", "A"));
        let due = world.network().get(held).unwrap().deliver_at;
        world.hold(held).unwrap();
        let event = last_event(&world);
        assert_eq!(event.kind, EventKind::Hold);
        assert_eq!(
            event.text,
            format!("#{held} Prepare(1.P) is held in flight.")
        );
        assert!(world.network().get(held).unwrap().held);
        assert_ne!(world.network().next_due().map(|e| e.id), Some(held));

        run_until_quiet(&mut world);
        assert!(
            !world.step().unwrap(),
            "seed {seed}: only a held message is left"
        );
        assert!(
            world.now() >= due,
            "seed {seed}: time went past its due time"
        );
        let left: Vec<u64> = world.network().in_flight().iter().map(|e| e.id).collect();
        assert_eq!(left, vec![held], "seed {seed}");
        assert_eq!(
            count_events(&world, "A receives Prepare"),
            0,
            "seed {seed}: A never got it"
        );
        assert_eq!(world.next_event_at(), None);
        let reason = world_view(&world).quiet_reason.expect("quiet");
        assert!(reason.contains("1 held message is in flight"), "{reason}");
        // P still got its value chosen through B and C.
        assert_eq!(learned(&world, "P").map(String::as_str), Some("Hello"));
    }
}

#[test]
fn release_makes_a_held_message_deliverable_at_once_if_its_time_passed() {
    for seed in 0..20 {
        let mut world = article(seed);
        world.propose("P", "Hello").unwrap();
        let held = only(in_flight(&world, MessageKind::Prepare, "P", "A"));
        let due = world.network().get(held).unwrap().deliver_at;
        world.hold(held).unwrap();
        run_until_quiet(&mut world);
        let now = world.now();
        assert!(now > due, "seed {seed}");

        world.release(held).unwrap();
        let event = last_event(&world);
        assert_eq!(event.text, format!("#{held} Prepare(1.P) is released."));
        assert!(!world.network().get(held).unwrap().held);
        assert_eq!(world.network().next_due().map(|e| e.id), Some(held));
        assert_eq!(world.next_event_at(), Some(due));
        assert!(
            world.step().unwrap(),
            "seed {seed}: released, it is delivered"
        );
        assert_eq!(world.now(), now, "seed {seed}: the clock never goes back");
        assert_eq!(promised(&world, "A").as_deref(), Some("1.P"));
        assert!(
            world
                .log()
                .iter()
                .any(|e| e.kind == EventKind::Deliver
                    && e.text.starts_with("A receives Prepare(1.P)"))
        );
    }
}

#[test]
fn a_released_message_waits_for_its_time_if_that_is_still_ahead() {
    let mut world = article(7);
    world.propose("P", "Hello").unwrap();
    let held = only(in_flight(&world, MessageKind::Prepare, "P", "A"));
    let due = world.network().get(held).unwrap().deliver_at;
    world.hold(held).unwrap();
    world.release(held).unwrap();
    // Back to normal: it is delivered in order of its time, not first.
    let mut order = Vec::new();
    while let Some(next) = world.network().next_due() {
        order.push((next.deliver_at, next.id));
        world.step().unwrap();
    }
    let position = order.iter().position(|(_, id)| *id == held).unwrap();
    assert_eq!(order[position].0, due);
    assert!(order.windows(2).all(|w| w[0] <= w[1]), "{order:?}");
}

#[test]
fn hold_and_release_refusals_change_nothing() {
    let mut world = article(8);
    world.propose("P", "Hello").unwrap();
    world.hold(2).unwrap();
    assert_refused(
        &mut world,
        Action::Hold { id: 2 },
        SimError::AlreadyHeld { id: 2 },
    );
    assert_refused(
        &mut world,
        Action::Release { id: 1 },
        SimError::NotHeld { id: 1 },
    );
    assert_refused(
        &mut world,
        Action::Hold { id: 42 },
        SimError::UnknownMessage {
            id: 42,
            in_flight: vec![1, 2, 3],
        },
    );
    assert_refused(
        &mut world,
        Action::Release { id: 42 },
        SimError::UnknownMessage {
            id: 42,
            in_flight: vec![1, 2, 3],
        },
    );
    assert_eq!(
        SimError::AlreadyHeld { id: 2 }.to_string(),
        "message #2 is already held; release it instead"
    );
    // A delivered message is no longer in flight: holding it is refused too.
    world.deliver(1).unwrap();
    assert_refused(
        &mut world,
        Action::Hold { id: 1 },
        SimError::UnknownMessage {
            id: 1,
            in_flight: vec![2, 3, 4],
        },
    );
    // Acting at a later time with a refused action leaves the clock alone too.
    let mut timeline = paxos_playground::sim::Timeline::from_scenario(
        &paxos_playground::sim::Scenario::article(),
        10,
    )
    .unwrap();
    timeline.apply(&Action::Hold { id: 2 }).unwrap();
    let (now, recorded) = (timeline.world().now(), timeline.actions().len());
    assert!(timeline.apply_at(now + 1, &Action::Hold { id: 2 }).is_err());
    assert_eq!(
        (timeline.world().now(), timeline.actions().len()),
        (now, recorded)
    );
}

// ---------------------------------------------------------------------------------------------
// Cut and heal. Losses at send and on delivery, one-way cuts and healing are the scripts
// tests/scenarios/fault-cut-*.txt.

#[test]
fn cut_and_heal_refusals_change_nothing() {
    let mut world = article(14);
    world.propose("P", "Hello").unwrap();
    world.cut_link("P", "A").unwrap();
    let cut = |from: &str, to: &str| Action::Cut {
        from: from.into(),
        to: to.into(),
    };
    let heal = |from: &str, to: &str| Action::Heal {
        from: from.into(),
        to: to.into(),
    };
    assert_refused(
        &mut world,
        cut("P", "A"),
        SimError::LinkAlreadyCut {
            from: "P".into(),
            to: "A".into(),
        },
    );
    assert_refused(
        &mut world,
        heal("A", "P"),
        SimError::LinkNotCut {
            from: "A".into(),
            to: "P".into(),
        },
    );
    assert_refused(
        &mut world,
        cut("B", "B"),
        SimError::SelfLink { node: "B".into() },
    );
    assert_refused(
        &mut world,
        heal("P", "P"),
        SimError::SelfLink { node: "P".into() },
    );
    let unknown = |given: &str| SimError::UnknownNode {
        given: given.into(),
        known: vec!["P".into(), "A".into(), "B".into(), "C".into()],
    };
    assert_refused(&mut world, cut("X", "A"), unknown("X"));
    assert_refused(&mut world, cut("A", "X"), unknown("X"));
    assert_refused(&mut world, heal("P", "Z"), unknown("Z"));
    assert_eq!(
        SimError::LinkAlreadyCut {
            from: "P".into(),
            to: "A".into()
        }
        .to_string(),
        "the link P → A is already cut"
    );
}

// ---------------------------------------------------------------------------------------------
// Partitions. What each side can choose, before and after heal all, is told by
// tests/scenarios/fault-partition-*.txt.

#[test]
fn parse_groups_reads_the_page_syntax() {
    assert_eq!(
        parse_groups("A,B | C D,E"),
        vec![vec!["A", "B"], vec!["C", "D", "E"]]
    );
    assert_eq!(
        parse_groups(" P ,A,,B|  Q\tC "),
        vec![vec!["P", "A", "B"], vec!["Q", "C"]]
    );
    assert_eq!(parse_groups("A,B"), vec![vec!["A", "B"]]);
    assert_eq!(parse_groups("A |"), vec![vec!["A".to_string()], vec![]]);
}

fn five() -> World {
    World::new(
        cluster(&["P", "Q"], &["A", "B", "C", "D", "E"], Faults::default()),
        21,
    )
    .expect("valid")
}

fn partition(world: &mut World, text: &str) {
    world.partition(&parse_groups(text)).unwrap();
}

#[test]
fn a_partition_cuts_every_link_between_groups_both_ways_and_none_within() {
    let mut world = five();
    partition(&mut world, "P,A,B,C | Q,D,E");
    let left = ["P", "A", "B", "C"];
    let right = ["Q", "D", "E"];
    let mut expected = BTreeSet::new();
    for a in left {
        for b in right {
            expected.insert((a.to_string(), b.to_string()));
            expected.insert((b.to_string(), a.to_string()));
        }
    }
    let cut: BTreeSet<(String, String)> = world.cut_links().into_iter().collect();
    assert_eq!(cut, expected);
    assert_eq!(cut.len(), 24);
    let event = last_event(&world);
    assert_eq!(event.kind, EventKind::Cut);
    assert_eq!(
        event.text,
        "The network splits into P, A, B, C | Q, D, E: messages between groups are lost."
    );
}

#[test]
fn a_partition_replaces_earlier_cuts_and_heals_links_within_a_group() {
    let mut world = five();
    world.cut_link("P", "A").unwrap();
    world.cut_link("Q", "E").unwrap();
    partition(&mut world, "P,A,B | Q,C,D,E");
    let cut = world.cut_links();
    assert!(!cut.contains(&("P".into(), "A".into())), "within a group");
    assert!(!cut.contains(&("Q".into(), "E".into())), "within a group");
    assert!(cut.contains(&("P".into(), "Q".into())));
    assert!(cut.contains(&("C".into(), "A".into())));
    assert_eq!(cut.len(), 2 * 3 * 4);
}

#[test]
fn partition_refusals_change_nothing() {
    let mut world = five();
    world.propose("P", "Hello").unwrap();
    let groups = |text: &str| Action::Partition {
        groups: parse_groups(text),
    };
    let bad = |reason: &str| SimError::BadPartition {
        reason: reason.to_string(),
    };
    assert_refused(&mut world, Action::HealAll, SimError::NothingCut);
    assert_refused(
        &mut world,
        groups("P,A,B | Q,C,D,E,A"),
        bad("A is in more than one group"),
    );
    assert_refused(
        &mut world,
        groups("P,A,B | Q,C"),
        bad("every node must be in a group; missing: D, E"),
    );
    assert_refused(
        &mut world,
        groups("P,Q,A,B,C,D,E"),
        bad("give at least two non-empty groups, e.g. A,B | C,D; got P, Q, A, B, C, D, E"),
    );
    assert_refused(
        &mut world,
        groups("P,Q,A,B,C,D,E |"),
        bad("give at least two non-empty groups, e.g. A,B | C,D; got P, Q, A, B, C, D, E | "),
    );
    assert_refused(
        &mut world,
        Action::Partition { groups: vec![] },
        bad("give at least two non-empty groups, e.g. A,B | C,D; got no groups"),
    );
    assert_refused(
        &mut world,
        groups("P,A,B | Q,C,D,X"),
        SimError::UnknownNode {
            given: "X".into(),
            known: ["P", "Q", "A", "B", "C", "D", "E"]
                .map(String::from)
                .to_vec(),
        },
    );
    // With something cut, a bad partition leaves the existing cuts alone.
    partition(&mut world, "P,A,B,C | Q,D,E");
    assert_refused(
        &mut world,
        groups("P,A | Q"),
        bad("every node must be in a group; missing: B, C, D, E"),
    );
    assert_eq!(
        SimError::NothingCut.to_string(),
        "no link is cut, so there is nothing to heal"
    );
}

// ---------------------------------------------------------------------------------------------
// Random loss and duplication.

fn lossy(loss_percent: u8, duplicate_percent: u8) -> Config {
    cluster(
        &["P"],
        &["A", "B", "C", "D", "E"],
        Faults {
            loss_percent,
            duplicate_percent,
            retry: None,
        },
    )
}

fn run_lossy(config: &Config, seed: u64) -> World {
    let mut world = World::new(config.clone(), seed).expect("valid");
    world.propose("P", "Hello").unwrap();
    run_until_quiet(&mut world);
    world
}

#[test]
fn with_loss_some_messages_are_lost_at_about_the_configured_rate() {
    let config = lossy(30, 0);
    let (mut lost, mut delivered, mut seeds_with_loss, mut chosen) = (0, 0, 0, 0);
    for seed in 0..60 {
        let world = run_lossy(&config, seed);
        let lost_here = world
            .log()
            .iter()
            .filter(|e| e.kind == EventKind::Lost)
            .inspect(|e| assert!(e.text.ends_with("is lost by the network."), "{}", e.text))
            .count();
        lost += lost_here;
        delivered += world
            .log()
            .iter()
            .filter(|e| e.kind == EventKind::Deliver)
            .count();
        seeds_with_loss += usize::from(lost_here > 0);
        chosen += usize::from(world.chosen().is_some());
    }
    let rate = lost as f64 / (lost + delivered) as f64;
    assert!((0.2..0.4).contains(&rate), "loss rate {rate:.2} for 30%");
    assert!(
        seeds_with_loss >= 50,
        "{seeds_with_loss} of 60 seeds lost something"
    );
    // Without retries, losses sometimes stop a run and sometimes do not.
    assert!((1..60).contains(&chosen), "{chosen} of 60 chose a value");
}

#[test]
fn the_same_seed_reproduces_a_lossy_run_byte_for_byte() {
    let config = lossy(30, 20);
    let mut different = 0;
    let mut previous = String::new();
    for seed in 0..20 {
        let a = run_lossy(&config, seed);
        let b = run_lossy(&config, seed);
        let (ja, jb) = (
            serde_json::to_string(a.log()).unwrap(),
            serde_json::to_string(b.log()).unwrap(),
        );
        assert_eq!(ja, jb, "seed {seed}");
        assert_eq!(world_view(&a), world_view(&b), "seed {seed}");
        different += usize::from(ja != previous);
        previous = ja;
    }
    assert!(
        different >= 15,
        "seeds matter: only {different} of 20 runs differed"
    );
}

#[test]
fn with_zero_percent_nothing_is_lost_or_duplicated() {
    let config = lossy(0, 0);
    for seed in 0..30 {
        let world = run_lossy(&config, seed);
        assert!(
            world
                .log()
                .iter()
                .all(|e| e.kind != EventKind::Lost && e.kind != EventKind::Duplicate),
            "seed {seed}"
        );
        // One proposer, five acceptors: 5 of each message, and 5 Accepted to the one learner.
        let delivered = world
            .log()
            .iter()
            .filter(|e| e.kind == EventKind::Deliver)
            .count();
        assert_eq!(delivered, 20, "seed {seed}");
        assert_eq!(learned(&world, "P").map(String::as_str), Some("Hello"));
        // And the run is the same as with the default (absent) faults.
        let plain = run_lossy(
            &cluster(&["P"], &["A", "B", "C", "D", "E"], Faults::default()),
            seed,
        );
        assert_eq!(world.log(), plain.log());
    }
}

#[test]
fn random_duplication_puts_a_visible_copy_in_flight() {
    let config = lossy(0, 50);
    let mut copies = 0;
    for seed in 0..20 {
        let mut world = World::new(config.clone(), seed).expect("valid");
        world.propose("P", "Hello").unwrap();
        // Right after the proposal: each duplication event names a copy that is in flight
        // beside an original with the same sender, receiver and message.
        for event in events_of_last_action(&world) {
            if event.kind != EventKind::Duplicate {
                continue;
            }
            let id = event.copy_id.expect("a duplication names its copy");
            assert_eq!(
                event.text,
                format!(
                    "Prepare(1.P) from P to {} is duplicated by the network: copy #{id}.",
                    world
                        .names()
                        .node(world.network().get(id).expect("in flight").dst)
                ),
            );
            let copy = world.network().get(id).expect("the copy is in flight");
            let original = world
                .network()
                .in_flight()
                .iter()
                .find(|e| e.id == id - 1)
                .expect("the original was sent just before");
            assert_eq!(
                (copy.src, copy.dst, &copy.msg),
                (original.src, original.dst, &original.msg)
            );
            copies += 1;
        }
        let prepares = in_flight(&world, MessageKind::Prepare, "P", "*").len();
        assert!(prepares >= 5, "seed {seed}");
        run_until_quiet(&mut world);
        assert_eq!(learned(&world, "P").map(String::as_str), Some("Hello"));
        assert_eq!(world.chosen_proposals().len(), 1, "seed {seed}: one choice");
    }
    // 20 runs x 5 Prepares at 50%.
    assert!((25..=75).contains(&copies), "{copies} Prepares duplicated");
}

/// Every duplication, the user's and the network's, names its copy in `copy_id` (the page's
/// diagram reads that field, never the sentence): an envelope that is new, in flight right
/// after, and the twin of another one in flight. No other event names a copy, and the JSON the
/// page gets carries the field as `copyId` exactly when it is set.
#[test]
fn a_duplication_names_its_copy_which_is_in_flight_and_no_other_event_names_one() {
    let config = lossy(10, 30);
    let (mut by_user, mut by_network, mut others) = (0, 0, 0);
    for seed in 0..20 {
        let mut world = World::new(config.clone(), seed).expect("valid");
        for turn in 0..40 {
            let before: BTreeSet<u64> = world.network().ids().into_iter().collect();
            let logged = world.log().len();
            // The proposal first; then every third turn the user duplicates the oldest message.
            let user = turn % 3 == 1 && !before.is_empty();
            if turn == 0 {
                world.propose("P", "Hello").unwrap();
            } else if user {
                world.duplicate(*before.first().unwrap()).unwrap();
            } else if !world.step().unwrap() {
                break;
            }
            for event in &world.log()[logged..] {
                let json = serde_json::to_value(event).unwrap();
                if event.kind != EventKind::Duplicate {
                    assert_eq!(event.copy_id, None, "seed {seed}: {}", event.text);
                    assert!(json.get("copyId").is_none(), "seed {seed}: {json}");
                    others += 1;
                    continue;
                }
                let copy = event.copy_id.expect("a duplication names its copy");
                assert!(!before.contains(&copy), "seed {seed}: #{copy} is new");
                let envelope = world.network().get(copy).expect("the copy is in flight");
                let twins = world
                    .network()
                    .in_flight()
                    .iter()
                    .filter(|e| {
                        (e.src, e.dst, &e.msg) == (envelope.src, envelope.dst, &envelope.msg)
                    })
                    .count();
                assert!(
                    twins >= 2,
                    "seed {seed}: #{copy} is a copy of a message in flight"
                );
                assert_eq!(json["copyId"], copy, "seed {seed}");
                assert!(
                    event.text.contains(&format!("copy #{copy}")),
                    "{}",
                    event.text
                );
                if user {
                    by_user += 1;
                } else {
                    by_network += 1;
                }
            }
        }
    }
    // Both kinds of duplication happened, among many other events.
    assert!(by_user >= 150, "{by_user} duplications by the user");
    assert!(by_network >= 60, "{by_network} duplications by the network");
    assert!(others >= 300, "{others} other events");
}

#[test]
fn fault_percentages_and_retry_settings_are_validated() {
    let with = |faults: Faults| World::new(cluster(&["P"], &["A"], faults), 0).map(|_| ());
    let bad = |r: Result<(), SimError>| matches!(r, Err(SimError::BadConfig { .. }));
    assert!(bad(with(Faults {
        loss_percent: 91,
        ..Faults::default()
    })));
    assert!(bad(with(Faults {
        duplicate_percent: 200,
        ..Faults::default()
    })));
    assert!(with(Faults {
        loss_percent: 90,
        duplicate_percent: 90,
        retry: None
    })
    .is_ok());
    assert!(bad(with(retry(0, 0))));
    assert!(bad(with(retry(1001, 0))));
    assert!(bad(with(retry(10, 1001))));
    assert!(with(retry(1, 0)).is_ok());
    assert!(with(retry(1000, 1000)).is_ok());
}

// ---------------------------------------------------------------------------------------------
// Retry timers. A round without retries, and a crashed proposer that never retries among other
// traffic, are the scripts tests/scenarios/fault-retry-*.txt. The proposer without a learner
// stays here: it retries 25 times, a transcript too long to read.

#[test]
fn a_proposer_whose_prepares_were_dropped_retries_higher_and_gets_its_value_chosen() {
    for seed in 0..20 {
        let mut world =
            World::new(cluster(&["P"], &["A", "B", "C"], retry(20, 10)), seed).expect("valid");
        world.propose("P", "Hello").unwrap();
        assert_eq!(world.timers().len(), 1);
        let timer = world.timers()[0].clone();
        assert_eq!(
            (timer.round, timer.attempt, timer.value.as_str()),
            (1, 0, "Hello")
        );
        assert!(
            (20..=30).contains(&timer.fires_at),
            "seed {seed}: {timer:?}"
        );
        for id in in_flight(&world, MessageKind::Prepare, "P", "*") {
            world.drop_message(id).unwrap();
        }
        assert_eq!(world.next_event_at(), Some(timer.fires_at));

        assert!(world.step().unwrap(), "seed {seed}: the timer fires");
        assert_eq!(world.now(), timer.fires_at);
        let event = last_event(&world);
        assert_eq!(event.kind, EventKind::Propose);
        assert!(
            event.text.starts_with(&format!(
                "P's retry timer fires: round 1 has not succeeded in time (retry 1 of at most {MAX_RETRIES})."
            )),
            "{}",
            event.text
        );
        assert!(event.text.contains("with number 2.P"), "{}", event.text);
        assert_eq!(round(&world, "P"), 2);
        assert_eq!(in_flight(&world, MessageKind::Prepare, "P", "*").len(), 3);
        assert_eq!(world.timers().len(), 1);
        assert_eq!((world.timers()[0].round, world.timers()[0].attempt), (2, 1));

        run_with_timers(&mut world, 1_000);
        assert_eq!(
            world.chosen().map(|(n, v)| (n.round, v.as_str())),
            Some((2, "Hello"))
        );
        assert_eq!(learned(&world, "P").map(String::as_str), Some("Hello"));
        assert_eq!(count_events(&world, "retry timer fires"), 1, "seed {seed}");
        assert!(world.timers().is_empty());
    }
}

#[test]
fn a_crashed_proposers_timer_never_fires() {
    let mut world = World::new(cluster(&["P"], &["A", "B", "C"], retry(10, 0)), 31).expect("valid");
    world.propose("P", "Hello").unwrap();
    for id in in_flight(&world, MessageKind::Prepare, "P", "*") {
        world.drop_message(id).unwrap();
    }
    assert_eq!(world.timers().len(), 1);
    world.crash("P").unwrap();
    assert!(
        world.timers().is_empty(),
        "the timer dies with the proposer"
    );
    assert_eq!(world.next_event_at(), None);
    assert!(!world.step().unwrap());
    // Restarting does not bring the old round's timer back.
    world.restart("P").unwrap();
    assert!(world.timers().is_empty());
    assert!(!world.step().unwrap());
    assert_eq!(count_events(&world, "retry timer fires"), 0);
    assert_eq!(round(&world, "P"), 1);
}

#[test]
fn a_proposer_stops_retrying_once_its_learner_learned() {
    // The timeout fires well after the round ends: once P learned, its timer is gone.
    for seed in 0..20 {
        let mut world =
            World::new(cluster(&["P"], &["A", "B", "C"], retry(30, 0)), seed).expect("valid");
        world.propose("P", "Hello").unwrap();
        while learned(&world, "P").is_none() {
            assert!(world.step().unwrap());
            if learned(&world, "P").is_none() {
                assert_eq!(world.timers().len(), 1, "seed {seed}: armed until learned");
            }
        }
        assert!(world.now() < 30, "seed {seed}: learned before the timeout");
        assert!(
            world.timers().is_empty(),
            "seed {seed}: learned, so no timer"
        );
        run_with_timers(&mut world, 100);
        assert_eq!(count_events(&world, "retry timer fires"), 0, "seed {seed}");
        assert_eq!(round(&world, "P"), 1);
    }
}

#[test]
fn a_proposer_without_a_learner_retries_after_its_timeout_and_keeps_the_chosen_value() {
    // The contrast to the test above: with no learner of its own, P cannot know its value was
    // chosen, so the timer fires; the retry adopts the chosen value and changes nothing.
    let config = Config {
        nodes: vec![
            NodeSpec::new("P", true, false, false),
            NodeSpec::new("A", false, true, false),
            NodeSpec::new("B", false, true, false),
            NodeSpec::new("C", false, true, false),
            NodeSpec::new("L", false, false, true),
        ],
        delay_ticks_min: 2,
        delay_ticks_max: 4,
        faults: retry(30, 0),
        rules: Default::default(),
    };
    let mut world = World::new(config, 33).expect("valid");
    world.propose("P", "Hello").unwrap();
    run_with_timers(&mut world, 5_000);
    assert_eq!(learned(&world, "L").map(String::as_str), Some("Hello"));
    assert!(count_events(&world, "P's retry timer fires") >= 1);
    assert!(world.chosen_proposals().iter().all(|(_, v)| v == "Hello"));
}

/// P alone, cut off from every acceptor: every round is lost at send.
fn isolated_proposer(seed: u64, timeout: u64, backoff: u64) -> World {
    let mut world = World::new(
        cluster(&["P"], &["A", "B", "C"], retry(timeout, backoff)),
        seed,
    )
    .expect("valid");
    world.partition(&parse_groups("P | A,B,C")).unwrap();
    world.propose("P", "Hello").unwrap();
    world
}

#[test]
fn max_retries_bounds_the_retries() {
    for seed in 0..5 {
        let mut world = isolated_proposer(seed, 5, 3);
        run_with_timers(&mut world, 1_000);
        assert_eq!(
            count_events(&world, "P's retry timer fires"),
            MAX_RETRIES as usize,
            "seed {seed}"
        );
        assert_eq!(
            count_events(
                &world,
                &format!("(retry {MAX_RETRIES} of at most {MAX_RETRIES})")
            ),
            1
        );
        assert_eq!(round(&world, "P"), 1 + MAX_RETRIES);
        assert!(world.chosen().is_none());
        assert!(world.timers().is_empty(), "seed {seed}: no timer left");
        assert_eq!(world.next_event_at(), None);
        // Proposing again by hand starts a fresh budget.
        world.propose("P", "Hello").unwrap();
        assert_eq!(world.timers()[0].attempt, 0);
    }
}

#[test]
fn retry_times_follow_timeout_plus_backoff() {
    for seed in 0..10 {
        let mut world = isolated_proposer(seed, 7, 4);
        let mut fired_at = vec![0];
        for _ in 0..MAX_RETRIES {
            assert!(world.step().unwrap());
            fired_at.push(world.now());
        }
        let gaps: Vec<u64> = fired_at.windows(2).map(|w| w[1] - w[0]).collect();
        assert!(
            gaps.iter().all(|g| (7..=11).contains(g)),
            "seed {seed}: {gaps:?}"
        );
        let distinct: BTreeSet<u64> = gaps.iter().copied().collect();
        assert!(
            distinct.len() >= 3,
            "seed {seed}: backoff is random: {gaps:?}"
        );

        let mut world = isolated_proposer(seed, 7, 0);
        let mut last = 0;
        while world.step().unwrap() {
            assert_eq!(
                world.now() - last,
                7,
                "seed {seed}: no backoff, fixed period"
            );
            last = world.now();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Dueling proposers: the livelock and its cure.

/// P and Q (proposers and learners) with A, B, C. P proposes at 0; Q proposes at `stagger`,
/// while P's round is under way. Both use the same timeout.
fn duel(seed: u64, delay: (u64, u64), timeout: u64, backoff: u64, stagger: u64) -> World {
    let mut config = cluster(&["P", "Q"], &["A", "B", "C"], retry(timeout, backoff));
    (config.delay_ticks_min, config.delay_ticks_max) = delay;
    let mut world = World::new(config, seed).expect("valid");
    world.propose("P", "Hello").unwrap();
    while world.next_event_at().is_some_and(|at| at < stagger) {
        world.step().unwrap();
    }
    world.advance_to(stagger);
    world.propose("Q", "World").unwrap();
    world
}

struct Duel {
    retries: usize,
    nacks: usize,
    chosen_at: u64,
}

fn fight(mut world: World) -> Duel {
    assert!(
        run_until_chosen(&mut world, 20_000),
        "seed {}: nothing chosen",
        world.seed()
    );
    let duel = Duel {
        retries: count_events(&world, "retry timer fires"),
        nacks: world
            .log()
            .iter()
            .filter(|e| e.kind == EventKind::Deliver && e.text.contains(" receives Nack("))
            .count(),
        chosen_at: world.now(),
    };
    // Whoever won, the duel stays safe to the end.
    run_with_timers(&mut world, 20_000);
    duel
}

#[test]
fn with_fixed_delays_and_no_backoff_two_proposers_duel_until_their_retries_run_out() {
    // Delay 3, timeout 9: each retry's Prepare lands while the other is between its phases,
    // every time, so neither finishes until both have used up MAX_RETRIES.
    for seed in 0..5 {
        let duel = fight(duel(seed, (3, 3), 9, 0, 4));
        assert_eq!(duel.retries, 2 * MAX_RETRIES as usize, "seed {seed}");
        assert!(
            duel.nacks >= 2 * MAX_RETRIES as usize,
            "seed {seed}: {} Nacks",
            duel.nacks
        );
    }
    // The same duel with random backoff ends within a couple of retries.
    for seed in 0..5 {
        let duel = fight(duel(seed, (3, 3), 9, 40, 4));
        assert!(duel.retries <= 3, "seed {seed}: {} retries", duel.retries);
    }
}

#[test]
fn random_backoff_ends_the_duel_sooner_on_average() {
    // Random delays: over a batch of fixed seeds, backoff 0 keeps the proposers dueling for a
    // while in many runs; a wide backoff chooses a value with fewer retries and sooner.
    const SEEDS: u64 = 100;
    let batch = |backoff: u64| -> Vec<Duel> {
        (0..SEEDS)
            .map(|seed| fight(duel(seed, (2, 4), 10, backoff, 4)))
            .collect()
    };
    let (tight, wide) = (batch(0), batch(40));
    let total = |d: &[Duel], f: fn(&Duel) -> u64| d.iter().map(f).sum::<u64>();
    let (tight_retries, wide_retries) = (
        total(&tight, |d| d.retries as u64),
        total(&wide, |d| d.retries as u64),
    );
    let (tight_time, wide_time) = (
        total(&tight, |d| d.chosen_at),
        total(&wide, |d| d.chosen_at),
    );
    let long_duels = tight.iter().filter(|d| d.retries >= 3).count();
    let (tight_nacks, wide_nacks) = (
        total(&tight, |d| d.nacks as u64),
        total(&wide, |d| d.nacks as u64),
    );
    let summary = format!(
        "backoff 0 vs 40: retries {tight_retries} vs {wide_retries}, time {tight_time} vs {wide_time}, \
         Nacks {tight_nacks} vs {wide_nacks}, {long_duels} long duels without backoff"
    );
    eprintln!("{summary}"); // Shown with --nocapture.
    assert!(long_duels >= 5, "{summary}");
    assert!(tight_retries >= 3 * wide_retries.max(1), "{summary}");
    assert!(tight_nacks > wide_nacks, "{summary}");
    assert!(
        tight_time * 10 >= wide_time * 12,
        "at least 20% sooner: {summary}"
    );
}

#[test]
fn after_a_duel_both_proposers_learn_the_one_chosen_value() {
    // Retries go on until each proposer's own learner learned, so both end up knowing.
    for seed in 0..30 {
        let mut world = duel(seed, (1, 5), 8, 0, 3);
        run_with_timers(&mut world, 20_000);
        let chosen = world.chosen().map(|(_, v)| v.clone()).expect("chosen");
        assert!(world.chosen_proposals().iter().all(|(_, v)| *v == chosen));
        for p in ["P", "Q"] {
            assert_eq!(learned(&world, p), Some(&chosen), "seed {seed}: {p}");
        }
        assert!(world.timers().is_empty());
    }
}

// ---------------------------------------------------------------------------------------------
// Known bug: timers that can never fire are armed anyway. `World::propose` arms a timer for a
// proposer whose learner already learned, and `fire_timer` re-arms after the last allowed retry
// (attempt == MAX_RETRIES). Neither fires (both are dropped when reached), but until a step
// reaches them `next_event_at` (the view's `nextDueAt`) announces an event that never comes,
// `quiet_reason` stays empty, `advance_to` stops at the phantom time, and that step then
// returns false after all. Un-ignore once `arm_timer` refuses such timers.

#[test]
fn proposing_again_after_learning_leaves_no_phantom_event() {
    let mut world = World::new(cluster(&["P"], &["A", "B", "C"], retry(50, 0)), 40).expect("valid");
    world.propose("P", "Hello").unwrap();
    run_with_timers(&mut world, 1_000);
    assert_eq!(learned(&world, "P").map(String::as_str), Some("Hello"));
    // P, cut off, proposes again: every message is lost at send, so no handler runs after.
    world.partition(&parse_groups("P | A,B,C")).unwrap();
    world.propose("P", "Hello").unwrap();
    assert!(world.network().in_flight().is_empty());
    // Nothing will happen on its own, so nothing may be announced.
    assert!(world.timers().is_empty(), "{:?}", world.timers());
    assert_eq!(world.next_event_at(), None);
    assert!(world_view(&world).quiet_reason.is_some());
}

#[test]
fn the_last_retry_leaves_no_phantom_event() {
    let mut world = isolated_proposer(1, 5, 0);
    for _ in 0..MAX_RETRIES {
        assert!(world.step().unwrap());
    }
    assert_eq!(round(&world, "P"), 1 + MAX_RETRIES);
    assert!(world.timers().is_empty(), "{:?}", world.timers());
    assert_eq!(world.next_event_at(), None);
    assert!(world_view(&world).quiet_reason.is_some());
}

#[test]
fn the_network_carries_at_most_max_in_flight_messages_so_a_hostile_run_stays_small() {
    use paxos_playground::sim::{Action, Run, Scenario, MAX_IN_FLIGHT};
    let mut world = World::from_scenario(&Scenario::article(), 1).expect("valid");
    while world.network().in_flight().len() < MAX_IN_FLIGHT {
        world.duplicate(1).expect("room for a copy");
    }
    let before = paxos_playground::view::world_view(&world);
    let refused = world.duplicate(1).expect_err("the network is full");
    assert!(
        refused.to_string().contains("already carries 300 messages"),
        "{refused}"
    );
    assert_eq!(
        paxos_playground::view::world_view(&world),
        before,
        "refused: nothing changed"
    );
    // A shared run made of thousands of duplicates is refused at the cap, not replayed.
    let mut actions = vec![Action::Propose {
        node: "P".into(),
        value: "x".into(),
    }];
    actions.extend(std::iter::repeat_n(Action::Duplicate { id: 1 }, 5_000));
    let run = Run {
        config: Scenario::article().config,
        seed: 1,
        actions,
        position: 0,
    };
    let error = Run::decode(&run.encode())
        .expect("decodes")
        .replay()
        .expect_err("refused");
    assert!(
        error.to_string().contains("already carries 300 messages"),
        "{error}"
    );
}
