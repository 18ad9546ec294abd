//! A node: one process holding any of the three roles, dispatching each message to its role.

use super::acceptor::Acceptor;
use super::learner::Learner;
use super::message::Message;
use super::number::NodeId;
use super::out::{Note, Out};
use super::proposer::Proposer;
use super::rules::Rules;

/// The roles a node holds; the article: "a single process can hold multiple roles".
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Roles {
    /// Present if the node proposes.
    pub proposer: Option<Proposer>,
    /// Present if the node votes.
    pub acceptor: Option<Acceptor>,
    /// Present if the node learns.
    pub learner: Option<Learner>,
}

/// A node with its roles and the learners its acceptor reports to.
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Node {
    /// This node's id.
    pub id: NodeId,
    /// Its roles and their state.
    pub roles: Roles,
    /// Where its acceptor sends Accepted: every learner.
    learners: Vec<NodeId>,
    /// The switches its acceptor and crashes follow (its proposer holds its own copy).
    rules: Rules,
}

impl Node {
    /// A node `id` with `roles`, whose acceptor (if any) notifies `learners`, following
    /// `rules`.
    pub fn new(id: NodeId, roles: Roles, learners: Vec<NodeId>, rules: Rules) -> Self {
        Node {
            id,
            roles,
            learners,
            rules,
        }
    }

    /// Hands `msg` from `from` to the role that handles its type. A message for a role this
    /// node does not hold is noted and dropped (the simulator never addresses one).
    pub fn receive(&mut self, from: NodeId, msg: Message, out: &mut Out) {
        let roles = &mut self.roles;
        match msg {
            Message::Prepare { n } => match &mut roles.acceptor {
                Some(acceptor) => acceptor.receive_prepare(from, n, &self.rules, out),
                None => out.note(Note::IgnoredStale {
                    from,
                    reason: "not an acceptor",
                }),
            },
            Message::Accept { n, value } => match &mut roles.acceptor {
                Some(acceptor) => {
                    acceptor.receive_accept(from, n, value, &self.learners, &self.rules, out)
                }
                None => out.note(Note::IgnoredStale {
                    from,
                    reason: "not an acceptor",
                }),
            },
            Message::Promise { n, accepted } => match &mut roles.proposer {
                Some(proposer) => proposer.receive_promise(from, n, accepted, out),
                None => out.note(Note::IgnoredStale {
                    from,
                    reason: "not a proposer",
                }),
            },
            Message::Nack {
                n,
                promised,
                refused,
            } => match &mut roles.proposer {
                Some(proposer) => proposer.receive_nack(from, n, promised, refused, out),
                None => out.note(Note::IgnoredStale {
                    from,
                    reason: "not a proposer",
                }),
            },
            Message::Accepted { n, value } => match &mut roles.learner {
                Some(learner) => learner.receive_accepted(from, n, value, out),
                None => out.note(Note::IgnoredStale {
                    from,
                    reason: "not a learner",
                }),
            },
        }
    }

    /// Renames this node and every node it knows, for the model checker's symmetry reduction.
    /// `rename` must be a permutation that fixes every proposer, so proposal numbers keep
    /// their meaning.
    pub fn relabel(&mut self, rename: &dyn Fn(NodeId) -> NodeId) {
        self.id = rename(self.id);
        for learner in &mut self.learners {
            *learner = rename(*learner);
        }
        self.learners.sort();
        if let Some(proposer) = &mut self.roles.proposer {
            proposer.relabel(rename);
        }
        if let Some(learner) = &mut self.roles.learner {
            learner.relabel(rename);
        }
    }

    /// A crash, applied when it happens: the acceptor keeps its stable storage (it has no
    /// other state) unless switch 3 makes it forget, the proposer loses its round in progress,
    /// the learner forgets what it counted and learned.
    pub fn crash(&mut self) {
        if let (Some(acceptor), true) = (&mut self.roles.acceptor, self.rules.forget_on_crash) {
            *acceptor = Acceptor::new();
        }
        if let Some(proposer) = &mut self.roles.proposer {
            proposer.crash();
        }
        if let Some(learner) = &mut self.roles.learner {
            learner.crash();
        }
    }
}
