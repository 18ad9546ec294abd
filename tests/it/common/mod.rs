//! Helpers shared by the modules of the native test binary: finding nodes and messages by
//! name, delivering them, and running a world until it is quiet with safety checked at every
//! step; and, as modules of their own, the scenario-script runner, the determinism runs, the
//! reference explorer and the plain twin of the Lamport-spec model.

pub mod determinism_runs;
pub mod script;

use paxos_playground::check::check_safety;
use paxos_playground::paxos::{MessageKind, Node, NodeId, Value};
use paxos_playground::sim::World;

/// The id of node `name`; panics if there is none.
pub fn id_of(world: &World, name: &str) -> NodeId {
    world.node_id(name).unwrap_or_else(|e| panic!("{e}"))
}

/// Node `name`.
pub fn node<'w>(world: &'w World, name: &str) -> &'w Node {
    &world.nodes()[usize::from(id_of(world, name).0)]
}

/// What learner `name` learned, if anything; panics if `name` is not a learner.
pub fn learned<'w>(world: &'w World, name: &str) -> Option<&'w Value> {
    node(world, name)
        .roles
        .learner
        .as_ref()
        .expect("a learner")
        .learned
        .as_ref()
        .map(|(_, v)| v)
}

/// Ids of the in-flight messages of `kind` from `src` to `dst` (names; `*` for any).
pub fn in_flight(world: &World, kind: MessageKind, src: &str, dst: &str) -> Vec<u64> {
    let names = world.names();
    world
        .network()
        .in_flight()
        .iter()
        .filter(|e| e.msg.kind() == kind)
        .filter(|e| src == "*" || names.node(e.src) == src)
        .filter(|e| dst == "*" || names.node(e.dst) == dst)
        .map(|e| e.id)
        .collect()
}

/// Delivers the one in-flight message of `kind` from `src` to `dst`, checking safety after.
pub fn deliver_one(world: &mut World, kind: MessageKind, src: &str, dst: &str) {
    let ids = in_flight(world, kind, src, dst);
    assert_eq!(
        ids.len(),
        1,
        "expected one {kind:?} from {src} to {dst} in flight, found {ids:?}"
    );
    world.deliver(ids[0]).expect("in flight");
    check_safety(world).expect("safe");
}

/// Steps until quiet, checking safety after every step; returns the kinds delivered, in order.
pub fn run_until_quiet(world: &mut World) -> Vec<MessageKind> {
    let mut kinds = Vec::new();
    for _ in 0..10_000 {
        let Some(next) = world.network().next_due() else {
            assert!(
                !world.step().expect("step never fails"),
                "step on a quiet network must report false"
            );
            return kinds;
        };
        kinds.push(next.msg.kind());
        assert!(world.step().expect("step never fails"));
        check_safety(world).unwrap_or_else(|v| panic!("seed {}: {v}", world.seed()));
    }
    panic!("the network never went quiet");
}

// The reference explorer and the plain twin of the Lamport-spec model (spec.rs); the reference
// explorer is generic, for any model the fast explorer checks.
pub mod reference;
pub mod spec_twin;
