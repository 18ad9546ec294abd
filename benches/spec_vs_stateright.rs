//! Placeholder: the Lamport-spec benchmark against stateright is being written.
fn main() {}
