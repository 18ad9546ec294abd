//! [`Packed`]: any model whose states serialize, explored with its states stored as compact
//! bytes.
//!
//! A model built from the page's own handlers (the playground model) has states made of
//! nested vectors, maps and strings: a few kilobytes each in memory, slow to hash and to
//! compare. Packed, the same state is a few hundred bytes (postcard's varint encoding), hashed
//! and compared as one byte string. Each stored state is unpacked once, when it is expanded;
//! each successor is packed once. The explored state space is the same, state for state.

use super::explore::{Model, NotApplicable, Property, StepProperty};
use serde::{de::DeserializeOwned, Serialize};

/// The most properties a packed model can have (one bit each in [`PackedState`]).
const MAX_PROPERTIES: usize = 8;

/// A state of `M`, packed: its bytes, and which of `M`'s properties hold in it (bit `i` for
/// property `i`), judged when it was packed so that checking a property needs no unpacking.
/// The bits are a function of the bytes, so equality and hashing stay exact.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PackedState {
    bytes: Box<[u8]>,
    holds: u8,
}

impl PackedState {
    /// The size of the packed state, in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the packed state is empty (never, for a real state).
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

/// The model `M` with packed states; its actions, properties (by name and expectation) and
/// symmetry are `M`'s.
pub struct Packed<M: Model> {
    inner: M,
    properties: Vec<Property<M>>,
    step_properties: Vec<StepProperty<M>>,
}

impl<M: Model> Packed<M>
where
    M::State: Serialize + DeserializeOwned,
{
    /// `inner`, packed. Panics if it has more than eight properties of states, or of steps
    /// (a programming error).
    pub fn new(inner: M) -> Packed<M> {
        let properties = inner.properties();
        let step_properties = inner.step_properties();
        assert!(
            properties.len() <= MAX_PROPERTIES && step_properties.len() <= MAX_PROPERTIES,
            "a packed model has at most {MAX_PROPERTIES} properties of each kind"
        );
        Packed {
            inner,
            properties,
            step_properties,
        }
    }

    /// The model inside.
    pub fn inner(&self) -> &M {
        &self.inner
    }

    /// Packs `state` (already in canonical form).
    pub fn pack(&self, state: &M::State) -> PackedState {
        let mut holds = 0u8;
        for (i, property) in self.properties.iter().enumerate() {
            if (property.condition)(&self.inner, state) {
                holds |= 1 << i;
            }
        }
        // Into a buffer on the stack first, so the stored bytes are one allocation of the exact
        // size (growing a vector would reallocate, and shrinking it again copies).
        let mut buffer = [0u8; 2048];
        let bytes: Box<[u8]> = match postcard::to_slice(state, &mut buffer) {
            Ok(used) => Box::from(&*used),
            Err(_) => postcard::to_allocvec(state)
                .expect("a model state serializes")
                .into_boxed_slice(),
        };
        PackedState { bytes, holds }
    }

    /// Unpacks `state`.
    pub fn unpack(&self, state: &PackedState) -> M::State {
        postcard::from_bytes(&state.bytes).expect("a packed state unpacks: it was packed here")
    }
}

impl<M: Model> Model for Packed<M>
where
    M::State: Serialize + DeserializeOwned,
{
    type State = PackedState;
    type Action = M::Action;

    fn init_states(&self) -> Vec<PackedState> {
        self.inner
            .init_states()
            .into_iter()
            .map(|s| self.pack(&s))
            .collect()
    }

    fn next_states(&self, state: &PackedState, emit: &mut dyn FnMut(M::Action, PackedState)) {
        // Successors are packed as they are, concrete: the explorer asks for their canonical
        // form, and rebuilds a counterexample by replaying concrete states, so its actions name
        // the real nodes of one run.
        let state = self.unpack(state);
        self.inner.next_states(&state, &mut |action, next| {
            emit(action, self.pack(&next));
        });
    }

    fn canonical(&self, state: PackedState) -> PackedState {
        if self.inner.reduces_symmetry() {
            self.pack(&self.inner.canonical(self.unpack(&state)))
        } else {
            state
        }
    }

    fn reduces_symmetry(&self) -> bool {
        self.inner.reduces_symmetry()
    }

    fn properties(&self) -> Vec<Property<Self>> {
        let bits: [fn(&Self, &PackedState) -> bool; MAX_PROPERTIES] = [
            holds::<M, 0>,
            holds::<M, 1>,
            holds::<M, 2>,
            holds::<M, 3>,
            holds::<M, 4>,
            holds::<M, 5>,
            holds::<M, 6>,
            holds::<M, 7>,
        ];
        self.properties
            .iter()
            .zip(bits)
            .map(|(p, condition)| Property {
                name: p.name,
                expectation: p.expectation,
                condition,
            })
            .collect()
    }

    fn step_properties(&self) -> Vec<StepProperty<Self>> {
        // A step's two states are unpacked to judge it: no bit can be kept for a pair.
        let steps: [fn(&Self, &PackedState, &PackedState) -> bool; MAX_PROPERTIES] = [
            step_holds::<M, 0>,
            step_holds::<M, 1>,
            step_holds::<M, 2>,
            step_holds::<M, 3>,
            step_holds::<M, 4>,
            step_holds::<M, 5>,
            step_holds::<M, 6>,
            step_holds::<M, 7>,
        ];
        self.step_properties
            .iter()
            .zip(steps)
            .map(|(p, condition)| StepProperty {
                name: p.name,
                condition,
            })
            .collect()
    }

    fn not_applicable(&self) -> Vec<NotApplicable> {
        self.inner.not_applicable()
    }
}

/// Whether the step from `from` to `to` satisfies the inner model's step property `I`.
fn step_holds<M: Model, const I: usize>(
    packed: &Packed<M>,
    from: &PackedState,
    to: &PackedState,
) -> bool
where
    M::State: Serialize + DeserializeOwned,
{
    (packed.step_properties[I].condition)(&packed.inner, &packed.unpack(from), &packed.unpack(to))
}

/// Whether property `I` held in `state` when it was packed.
fn holds<M: Model, const I: u8>(_: &Packed<M>, state: &PackedState) -> bool {
    state.holds & (1 << I) != 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::explore::{explore, Expectation, Options};

    /// A counter to 5 in steps of 1 or 2; "never a step of 2 from 3" of steps, always.
    struct Hops;

    impl Model for Hops {
        type State = u8;
        type Action = u8;
        fn init_states(&self) -> Vec<u8> {
            vec![0]
        }
        fn next_states(&self, &n: &u8, emit: &mut dyn FnMut(u8, u8)) {
            for hop in 1..=2 {
                if n + hop <= 5 {
                    emit(hop, n + hop);
                }
            }
        }
        fn properties(&self) -> Vec<Property<Self>> {
            vec![Property {
                name: "reaches 5",
                expectation: Expectation::Sometimes,
                condition: |_, &n| n == 5,
            }]
        }
        fn step_properties(&self) -> Vec<StepProperty<Self>> {
            vec![StepProperty {
                name: "no hop of 2 from 3",
                condition: |_, &from, &to| !(from == 3 && to == 5),
            }]
        }
        fn not_applicable(&self) -> Vec<NotApplicable> {
            vec![NotApplicable {
                property: "stays a byte",
                why: "it is one".to_string(),
            }]
        }
    }

    #[test]
    fn packed_steps_and_inapplicable_properties_are_the_inner_models() {
        let plain = explore(&Hops, Options::default());
        let packed = explore(&Packed::new(Hops), Options::default());
        assert_eq!(plain.findings, packed.findings);
        assert_eq!(plain.not_applicable, packed.not_applicable);
        let violation = packed.violation().expect("a hop of 2 from 3");
        assert_eq!(violation.path.as_deref(), Some(&[1, 2, 2][..]));
    }
}
