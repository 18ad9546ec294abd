//! The network: an inspectable list of in-flight envelopes with stable ids.

use crate::paxos::{Message, NodeId};

/// A message in flight from `src` to `dst`, sent at `sent_at` and due at `deliver_at` (ticks).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope {
    /// Stable id, unique within a run, in sending order.
    pub id: u64,
    /// Sender.
    pub src: NodeId,
    /// Receiver (may equal `src`: a node's message to itself is a real message).
    pub dst: NodeId,
    /// The message.
    pub msg: Message,
    /// Logical time it was sent.
    pub sent_at: u64,
    /// Logical time it is due.
    pub deliver_at: u64,
    /// Held by the user: it stays in flight, never due, until released.
    pub held: bool,
}

/// All messages in flight, in sending order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Network {
    in_flight: Vec<Envelope>,
    next_id: u64,
}

impl Network {
    /// Puts a message in flight and returns its id.
    pub fn send(
        &mut self,
        src: NodeId,
        dst: NodeId,
        msg: Message,
        sent_at: u64,
        deliver_at: u64,
    ) -> u64 {
        self.next_id += 1;
        let id = self.next_id;
        self.in_flight.push(Envelope {
            id,
            src,
            dst,
            msg,
            sent_at,
            deliver_at,
            held: false,
        });
        id
    }

    /// The messages in flight, in sending order.
    pub fn in_flight(&self) -> &[Envelope] {
        &self.in_flight
    }

    /// The ids of the messages in flight, held or not, in sending order.
    pub fn ids(&self) -> Vec<u64> {
        self.in_flight.iter().map(|e| e.id).collect()
    }

    /// The ids of the held messages, in sending order.
    pub fn held_ids(&self) -> Vec<u64> {
        self.in_flight
            .iter()
            .filter(|e| e.held)
            .map(|e| e.id)
            .collect()
    }

    /// The envelope due first: earliest `deliver_at`, then lowest id; held ones are skipped.
    pub fn next_due(&self) -> Option<&Envelope> {
        self.in_flight
            .iter()
            .filter(|e| !e.held)
            .min_by_key(|e| (e.deliver_at, e.id))
    }

    /// Message `id`, if it is in flight.
    pub fn get(&self, id: u64) -> Option<&Envelope> {
        self.in_flight.iter().find(|e| e.id == id)
    }

    /// Holds or releases message `id`; false if it is not in flight.
    pub fn set_held(&mut self, id: u64, held: bool) -> bool {
        match self.in_flight.iter_mut().find(|e| e.id == id) {
            Some(envelope) => {
                envelope.held = held;
                true
            }
            None => false,
        }
    }

    /// Takes message `id` out of the network, if it is in flight.
    pub fn take(&mut self, id: u64) -> Option<Envelope> {
        let index = self.in_flight.iter().position(|e| e.id == id)?;
        Some(self.in_flight.remove(index))
    }
}
