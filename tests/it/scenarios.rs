//! Scenario tests: the built-in scenarios over many seeds, scripted schedules with two
//! proposers over many seeds, and every refused action (with its message and an unchanged
//! world). The contrast story, where Q's majority saw no accepted value and keeps "World", is
//! the script tests/scenarios/two-proposers-q-keeps-world.txt.

use crate::common::{deliver_one, id_of, learned, run_until_quiet};
use paxos_playground::check::check_safety;
use paxos_playground::paxos::{MessageKind, NodeId, Out, ProposeError, Proposer};
use paxos_playground::sim::{
    Action, Config, EventKind, NodeSpec, Scenario, SimError, World, MAX_VALUE_CHARS,
};
use paxos_playground::view::{world_view, WorldView};

fn chosen_value(world: &World) -> Option<&str> {
    world.chosen().map(|(_, v)| v.as_str())
}

fn index_of_nth(kinds: &[MessageKind], kind: MessageKind, nth: usize) -> usize {
    kinds
        .iter()
        .enumerate()
        .filter(|(_, k)| **k == kind)
        .nth(nth)
        .map(|(i, _)| i)
        .expect("present")
}

// ---------------------------------------------------------------------------------------------
// The article's example.

#[test]
fn article_example_chooses_hello_on_every_seed_with_three_messages_of_each_kind() {
    use MessageKind::*;
    let mut strictly_in_article_order = 0;
    for seed in 0..100 {
        let mut world = World::from_scenario(&Scenario::article(), seed).expect("valid");
        let kinds = run_until_quiet(&mut world);
        assert_eq!(chosen_value(&world), Some("Hello"), "seed {seed}");
        assert_eq!(
            learned(&world, "P").map(String::as_str),
            Some("Hello"),
            "seed {seed}"
        );
        assert_eq!(kinds.len(), 12, "seed {seed}: {kinds:?}");
        for kind in [Prepare, Promise, Accept, Accepted] {
            assert_eq!(
                kinds.iter().filter(|k| **k == kind).count(),
                3,
                "seed {seed}: {kind:?} in {kinds:?}"
            );
        }
        assert!(!kinds.contains(&Nack));
        // Causality: all Prepares arrive first; Accept needs two promises; Accepted needs an Accept.
        assert_eq!(&kinds[..3], &[Prepare, Prepare, Prepare], "seed {seed}");
        assert!(
            index_of_nth(&kinds, Accept, 0) > index_of_nth(&kinds, Promise, 1),
            "seed {seed}: {kinds:?}"
        );
        for i in 0..3 {
            assert!(
                index_of_nth(&kinds, Accepted, i) > index_of_nth(&kinds, Accept, i),
                "seed {seed}: {kinds:?}"
            );
        }
        if kinds == [[Prepare; 3], [Promise; 3], [Accept; 3], [Accepted; 3]].concat() {
            strictly_in_article_order += 1;
        }
        assert_eq!(world.chosen_proposals().len(), 1);
        assert_eq!(
            world
                .log()
                .iter()
                .filter(|e| e.kind == EventKind::Chosen)
                .count(),
            1
        );
    }
    // Random delays may let an Accept overtake the third Promise, but often they do not.
    assert!(
        strictly_in_article_order >= 10,
        "only {strictly_in_article_order} of 100 seeds kept the article's order"
    );
}

#[test]
fn article_example_with_equal_delays_runs_exactly_in_the_articles_order() {
    use MessageKind::*;
    let mut config = Scenario::article().config;
    config.delay_ticks_min = 3;
    config.delay_ticks_max = 3;
    for seed in 0..10 {
        let mut world = World::new(config.clone(), seed).expect("valid");
        world.propose("P", "Hello").expect("P proposes");
        let kinds = run_until_quiet(&mut world);
        assert_eq!(
            kinds,
            [[Prepare; 3], [Promise; 3], [Accept; 3], [Accepted; 3]].concat()
        );
        assert_eq!(world.now(), 12, "four message delays of 3 ticks");
        assert_eq!(chosen_value(&world), Some("Hello"));
    }
}

// ---------------------------------------------------------------------------------------------
// Two proposers.

/// P finishes phase 1 and gets "Hello" accepted by A only; its other Accepts stay in flight.
fn p_has_hello_accepted_by_a(seed: u64) -> World {
    let mut world = World::new(Scenario::two_proposers().config, seed).expect("valid");
    world.propose("P", "Hello").expect("P proposes");
    for name in ["A", "B", "C"] {
        deliver_one(&mut world, MessageKind::Prepare, "P", name);
    }
    for name in ["A", "B", "C"] {
        deliver_one(&mut world, MessageKind::Promise, name, "P");
    }
    deliver_one(&mut world, MessageKind::Accept, "P", "A");
    assert_eq!(
        world.chosen(),
        None,
        "one acceptance of three chooses nothing"
    );
    world
}

#[test]
fn two_proposers_q_must_adopt_hello_when_its_majority_includes_an_acceptor_that_accepted_it() {
    for seed in 0..20 {
        let mut world = p_has_hello_accepted_by_a(seed);
        world.propose("Q", "World").expect("Q proposes");
        deliver_one(&mut world, MessageKind::Prepare, "Q", "A");
        assert!(world
            .log()
            .last()
            .expect("logged")
            .text
            .contains("A had accepted \"Hello\" under 1.P, and says so."));
        deliver_one(&mut world, MessageKind::Prepare, "Q", "B");
        deliver_one(&mut world, MessageKind::Promise, "A", "Q");
        deliver_one(&mut world, MessageKind::Promise, "B", "Q");
        assert!(world.log().last().expect("logged").text.ends_with(
            "Q has the promises it needs; the highest accepted proposal among them is 1.P, \
             so Q must send Accept(1.Q, \"Hello\") with that value instead of its own."
        ));
        let labels: Vec<String> = world
            .network()
            .in_flight()
            .iter()
            .filter(|e| e.msg.kind() == MessageKind::Accept && world.names().node(e.src) == "Q")
            .map(|e| world.names().message(&e.msg))
            .collect();
        assert_eq!(labels, vec!["Accept(1.Q, \"Hello\")"; 3]);

        run_until_quiet(&mut world);
        assert_eq!(chosen_value(&world), Some("Hello"), "seed {seed}");
        assert!(world.chosen_proposals().iter().all(|(_, v)| v == "Hello"));
        for name in ["P", "Q"] {
            assert_eq!(
                learned(&world, name).map(String::as_str),
                Some("Hello"),
                "seed {seed}: learner {name}"
            );
        }
    }
}

#[test]
fn two_proposers_scenario_always_agrees_and_q_adopts_hello_exactly_when_it_must() {
    // Q proposes last with 1.Q, above P's 1.P, and no one goes higher, so Q is never refused
    // and always gets a value chosen. Which value depends on timing (the seed): "Hello" when
    // one of the promises Q counted reported "Hello" accepted, else Q's own "World".
    let mut wins = std::collections::BTreeMap::<String, u32>::new();
    for seed in 0..300 {
        let mut world = World::from_scenario(&Scenario::two_proposers(), seed).expect("valid");
        run_until_quiet(&mut world); // checks safety after every step
        let v = chosen_value(&world)
            .unwrap_or_else(|| panic!("seed {seed}: Q's 1.Q is never refused, so it succeeds"))
            .to_string();
        assert!(
            world.chosen_proposals().iter().all(|(_, w)| *w == v),
            "seed {seed}: two values chosen"
        );
        for name in ["P", "Q"] {
            assert_eq!(
                learned(&world, name),
                Some(&v),
                "seed {seed}: learner {name}"
            );
        }
        let q_adopted = world.log().iter().any(|e| {
            e.text.contains(
                "Q has the promises it needs; the highest accepted proposal among them is 1.P",
            )
        });
        assert_eq!(
            q_adopted,
            v == "Hello",
            "seed {seed}: \"Hello\" is chosen exactly when Q had to adopt it"
        );
        *wins.entry(v).or_default() += 1;
    }
    // Sometimes each: the scenario shows both adoption and a proposer being cut off.
    assert!(wins.get("Hello").copied().unwrap_or(0) >= 30, "{wins:?}");
    assert!(wins.get("World").copied().unwrap_or(0) >= 30, "{wins:?}");
}

#[test]
fn two_proposers_scenario_with_retries_always_chooses_and_either_value_can_win() {
    let mut wins = std::collections::BTreeMap::<String, u32>::new();
    let mut adoptions = 0;
    for seed in 0..200 {
        let mut world = World::from_scenario(&Scenario::two_proposers(), seed).expect("valid");
        // Whichever proposer is refused retries at once, until a value is chosen.
        let mut retries = 0;
        loop {
            let stepped = world.step().expect("step");
            check_safety(&world).unwrap_or_else(|v| panic!("seed {seed}: {v}"));
            if world.chosen().is_some() {
                run_until_quiet(&mut world);
                break;
            }
            let mut retried = false;
            for (name, value) in [("P", "Hello"), ("Q", "World")] {
                let proposer = world.nodes()[usize::from(id_of(&world, name).0)]
                    .roles
                    .proposer
                    .as_ref();
                if proposer.is_some_and(|p| p.current_number().is_none()) {
                    world.propose(name, value).expect("up");
                    retries += 1;
                    retried = true;
                }
            }
            assert!(
                stepped || retried,
                "seed {seed}: stuck with nothing in flight and nothing chosen"
            );
            assert!(
                retries <= 60,
                "seed {seed}: nothing chosen after {retries} retries"
            );
        }
        let (_, v) = world.chosen().expect("chosen");
        *wins.entry(v.clone()).or_default() += 1;
        adoptions += u32::from(
            world
                .log()
                .iter()
                .any(|e| e.text.contains("must send Accept")),
        );
        for name in ["P", "Q"] {
            assert_eq!(
                learned(&world, name),
                Some(v),
                "seed {seed}: learner {name}"
            );
        }
    }
    assert_eq!(
        wins.keys().collect::<Vec<_>>(),
        ["Hello", "World"],
        "both values should win sometimes: {wins:?}"
    );
    assert!(
        adoptions >= 10,
        "only {adoptions} runs had a proposer adopt the other's value"
    );
}

// ---------------------------------------------------------------------------------------------
// Refused actions: each names the problem and what is allowed, and leaves the world unchanged.

#[derive(Debug, PartialEq)]
struct Snapshot {
    log_len: usize,
    log_json: String,
    now: u64,
    steps: u64,
    in_flight: Vec<u64>,
    view: WorldView,
}

fn snapshot(world: &World) -> Snapshot {
    Snapshot {
        log_len: world.log().len(),
        log_json: serde_json::to_string(world.log()).expect("serializable"),
        now: world.now(),
        steps: world.steps(),
        in_flight: world.network().in_flight().iter().map(|e| e.id).collect(),
        view: world_view(world),
    }
}

/// Applies `action`, expects exactly `expected`, checks its text contains each of `words`, and
/// that the world is exactly as before. Also checks the world still works afterwards.
fn assert_refused(world: &mut World, action: Action, expected: SimError, words: &[&str]) {
    let before = snapshot(world);
    let mut twin = world.clone();
    let err = world
        .apply(&action)
        .expect_err("the action should be refused");
    assert_eq!(err, expected, "{action:?}");
    let text = err.to_string();
    for word in words {
        assert!(
            text.contains(word),
            "{action:?}: {text:?} does not mention {word:?}"
        );
    }
    assert_eq!(snapshot(world), before, "{action:?} changed the world");
    // Nothing hidden changed either (e.g. the RNG): the world and an untouched clone evolve alike.
    for _ in 0..6 {
        world.step().expect("step");
        twin.step().expect("step");
    }
    assert_eq!(
        snapshot(world),
        snapshot(&twin),
        "{action:?} changed hidden state"
    );
}

/// The two-proposers world after a few steps, with B crashed.
fn busy_world() -> World {
    let mut world = World::from_scenario(&Scenario::two_proposers(), 11).expect("valid");
    for _ in 0..3 {
        world.step().expect("step");
    }
    world.crash("B").expect("B is up");
    world
}

fn propose(node: &str, value: &str) -> Action {
    Action::Propose {
        node: node.into(),
        value: value.into(),
    }
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn refused_propose_by_an_unknown_node() {
    let mut world = busy_world();
    assert_refused(
        &mut world,
        propose("Z", "Hello"),
        SimError::UnknownNode {
            given: "Z".into(),
            known: names(&["P", "Q", "A", "B", "C"]),
        },
        &["\"Z\"", "the nodes are P, Q, A, B, C"],
    );
}

#[test]
fn refused_propose_by_a_node_that_is_not_a_proposer() {
    let mut world = busy_world();
    assert_refused(
        &mut world,
        propose("A", "Hello"),
        SimError::NotAProposer {
            node: "A".into(),
            proposers: names(&["P", "Q"]),
        },
        &["A is not a proposer", "the proposers are P, Q"],
    );
}

#[test]
fn refused_propose_by_a_crashed_proposer() {
    let mut world = busy_world();
    world.crash("Q").expect("Q is up");
    assert_refused(
        &mut world,
        propose("Q", "Hello"),
        SimError::NodeDown { node: "Q".into() },
        &["Q is crashed", "restart it"],
    );
}

#[test]
fn refused_propose_of_an_empty_or_blank_value() {
    let mut world = busy_world();
    for value in ["", " ", "   \t  "] {
        assert_refused(
            &mut world,
            propose("P", value),
            SimError::EmptyValue,
            &["empty", "1 to 32 characters"],
        );
    }
}

#[test]
fn refused_propose_of_a_value_longer_than_32_characters() {
    let mut world = busy_world();
    let long = "x".repeat(MAX_VALUE_CHARS + 1);
    assert_refused(
        &mut world,
        propose("P", &long),
        SimError::ValueTooLong { chars: 33, max: 32 },
        &["33 characters", "at most 32"],
    );
    // Characters, not bytes: 33 two-byte characters are also too long...
    let long = "é".repeat(33);
    assert_refused(
        &mut world,
        propose("P", &long),
        SimError::ValueTooLong { chars: 33, max: 32 },
        &["33"],
    );
    // ...and 32 of them are fine, as are 32 ASCII characters.
    world
        .propose("P", &"é".repeat(32))
        .expect("32 characters are allowed");
    world
        .propose("P", &"x".repeat(32))
        .expect("32 characters are allowed");
}

#[test]
fn refused_propose_of_a_value_with_a_newline_or_other_control_character() {
    let mut world = busy_world();
    for value in ["Hel\nlo", "Hello\r", "a\u{7}b", "\u{0}"] {
        assert_refused(
            &mut world,
            propose("P", value),
            SimError::ValueHasControlCharacter,
            &["control character", "newline", "printable"],
        );
    }
    world
        .propose("P", "Hello, World! \"quoted\" é ✓")
        .expect("printable text is fine");
}

#[test]
fn refused_deliver_or_drop_of_an_unknown_message() {
    let mut world = busy_world();
    let ids: Vec<u64> = world.network().in_flight().iter().map(|e| e.id).collect();
    assert!(!ids.is_empty());
    let listed = ids
        .iter()
        .map(|i| format!("#{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    for action in [Action::Deliver { id: 999 }, Action::Drop { id: 999 }] {
        assert_refused(
            &mut world.clone(),
            action,
            SimError::UnknownMessage {
                id: 999,
                in_flight: ids.clone(),
            },
            &["no message #999", &listed],
        );
    }
    // A message already delivered is no longer in flight.
    let delivered = ids[0];
    world.deliver(delivered).expect("in flight");
    let err = world
        .apply(&Action::Deliver { id: delivered })
        .expect_err("delivered already");
    assert!(matches!(err, SimError::UnknownMessage { id, .. } if id == delivered));
}

#[test]
fn refused_deliver_when_nothing_is_in_flight_says_so() {
    let mut world = World::new(Scenario::article().config, 0).expect("valid");
    assert_refused(
        &mut world,
        Action::Deliver { id: 1 },
        SimError::UnknownMessage {
            id: 1,
            in_flight: vec![],
        },
        &["no message #1", "no message is in flight"],
    );
    // Step on a quiet network is not an error, and changes nothing.
    let before = snapshot(&world);
    assert_eq!(world.step(), Ok(false));
    assert_eq!(snapshot(&world), before);
}

#[test]
fn refused_crash_of_a_crashed_node() {
    let mut world = busy_world();
    assert_refused(
        &mut world,
        Action::Crash { node: "B".into() },
        SimError::AlreadyDown { node: "B".into() },
        &["B is already crashed"],
    );
}

#[test]
fn refused_restart_of_a_running_node() {
    let mut world = busy_world();
    assert_refused(
        &mut world,
        Action::Restart { node: "A".into() },
        SimError::AlreadyUp { node: "A".into() },
        &["A is running", "only a crashed node can restart"],
    );
}

#[test]
fn refused_crash_or_restart_of_an_unknown_node() {
    let mut world = busy_world();
    let expected = SimError::UnknownNode {
        given: "p".into(),
        known: names(&["P", "Q", "A", "B", "C"]),
    };
    assert_refused(
        &mut world,
        Action::Crash { node: "p".into() },
        expected.clone(),
        &["\"p\"", "P, Q, A, B, C"],
    );
    assert_refused(
        &mut world,
        Action::Restart { node: "p".into() },
        expected,
        &["\"p\""],
    );
}

#[test]
fn refused_unknown_scenario_lists_the_scenarios() {
    let err = Scenario::named("paxos").expect_err("no such scenario");
    assert_eq!(
        err,
        SimError::UnknownScenario {
            given: "paxos".into(),
            known: Scenario::all().iter().map(|s| s.name.to_string()).collect()
        }
    );
    assert!(
        err.to_string().contains(
            "the scenarios are article, two-proposers, proposer-crash, minority-fails, \
             partition-heals, lossy, dueling, backoff, every-role"
        ),
        "{err}"
    );
    assert_eq!(
        Scenario::named("two-proposers").expect("exists").name,
        "two-proposers"
    );
}

#[test]
fn refused_bad_configs_say_what_is_allowed() {
    let ok = Scenario::article().config;
    let with = |f: &dyn Fn(&mut Config)| {
        let mut c = ok.clone();
        f(&mut c);
        World::new(c, 0).expect_err("a bad config").to_string()
    };
    let cases: Vec<(String, &str)> = vec![
        (with(&|c| c.nodes.clear()), "1 to 16 nodes, not 0"),
        (
            with(&|c| {
                c.nodes = (0..17)
                    .map(|i| NodeSpec::new(&format!("N{i}"), false, true, false))
                    .collect()
            }),
            "not 17",
        ),
        (
            with(&|c| c.nodes[1].name = "A B".into()),
            "letters or digits",
        ),
        (
            with(&|c| c.nodes[1].name = String::new()),
            "1 to 8 letters or digits",
        ),
        (with(&|c| c.nodes[1].name = "ABCDEFGHI".into()), "1 to 8"),
        (
            with(&|c| c.nodes[2].name = "A".into()),
            "\"A\" is used twice",
        ),
        (
            with(&|c| c.nodes[3] = NodeSpec::new("C", false, false, false)),
            "C has no role",
        ),
        (
            with(&|c| {
                c.nodes.iter_mut().for_each(|n| {
                    n.acceptor = false;
                    n.learner = true;
                })
            }),
            "at least one acceptor",
        ),
        (with(&|c| c.delay_ticks_min = 0), "1 <= min <= max <= 1000"),
        (with(&|c| c.delay_ticks_max = 1), "not 2..1"),
        (with(&|c| c.delay_ticks_max = 1001), "not 2..1001"),
    ];
    for (text, expected) in cases {
        assert!(text.starts_with("invalid cluster: "), "{text}");
        assert!(
            text.contains(expected),
            "{text:?} does not mention {expected:?}"
        );
    }
    assert!(World::new(ok, 0).is_ok());
}

#[test]
fn refused_proposal_when_every_round_number_is_used() {
    let mut proposer = Proposer::new(NodeId(0), vec![NodeId(1)]);
    proposer.round = u32::MAX;
    let before = proposer.clone();
    let mut out = Out::default();
    assert_eq!(
        proposer.propose("Hello".into(), &mut out),
        Err(ProposeError::RoundsExhausted)
    );
    assert_eq!(proposer, before);
    assert_eq!(out, Out::default(), "a refused proposal sends nothing");
    assert!(SimError::RoundsExhausted { node: "P".into() }
        .to_string()
        .contains("P has used every round number"));
}

#[test]
fn every_role_scenario_sends_real_messages_to_itself_and_every_node_learns_hello() {
    for seed in 0..50 {
        let mut world = World::from_scenario(&Scenario::every_role(), seed).expect("valid");
        let to_itself = world
            .network()
            .in_flight()
            .iter()
            .filter(|e| e.src == e.dst)
            .count();
        assert_eq!(to_itself, 1, "seed {seed}: A's Prepare to its own acceptor");
        let kinds = run_until_quiet(&mut world);
        assert_eq!(
            kinds
                .iter()
                .filter(|k| **k == MessageKind::Accepted)
                .count(),
            9,
            "seed {seed}: three acceptors tell three learners"
        );
        for name in ["A", "B", "C"] {
            assert_eq!(
                learned(&world, name).map(String::as_str),
                Some("Hello"),
                "seed {seed}: {name}"
            );
        }
    }
}

#[test]
fn two_proposers_scenario_seeds_named_on_the_page_do_what_it_says() {
    // The scenario's description and the README promise: the default seed 1 shows Q adopting
    // "Hello"; seed 8 shows Q cutting P off so that "World" wins.
    let outcome = |seed| {
        let mut world = World::from_scenario(&Scenario::two_proposers(), seed).expect("valid");
        run_until_quiet(&mut world);
        chosen_value(&world).map(str::to_string)
    };
    assert_eq!(outcome(1).as_deref(), Some("Hello"));
    assert_eq!(outcome(8).as_deref(), Some("World"));
    assert!(Scenario::two_proposers().description.contains("seed 8"));
}
