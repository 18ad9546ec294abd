//! The native integration tests, as one binary of modules: the crate and the shared helpers
//! (`common/`) are compiled and linked once, not once per test file. One module per subject;
//! the stories of the protocol live as scenario scripts in `tests/scenarios/*.txt`, which the
//! `scripts` module runs.
//!
//! Run one module with a filter, e.g. `cargo test --test it faults::`; rewrite the scripts'
//! transcripts with `UPDATE_EXPECT=1 cargo test --test it scripts`.
// Native only: `cargo test --target wasm32-unknown-unknown` (what `wasm-pack test` runs)
// builds every test target for wasm32, where proptest, stateright, the file system and the
// paxos-check program are missing; tests/web.rs is the wasm32 suite.
#![cfg(not(target_arch = "wasm32"))]

mod common;
// benches/common/stateright_spec.rs, included by `spec`, names the twin `crate::spec_twin`,
// as the benchmark that shares it declares it.
use common::spec_twin;

mod architecture;
mod article;
mod cli;
mod determinism;
mod determinism_digests;
mod fault_properties;
mod faults;
// The fuzz harness is behind the crate's feature "fuzz" (npm test turns it on).
#[cfg(feature = "fuzz")]
mod fuzz;
mod golden_links;
mod invariants;
mod playground_check;
// The stateright peer of playground mode (benches/common/stateright_playground.rs).
mod playground_peer;
mod properties;
mod run;
mod safety_search;
mod scenarios;
mod scripts;
mod settings;
mod spec;
mod timeline;
mod verdict_sweep;
