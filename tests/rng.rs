//! The world's hand-written ChaCha8 (src/sim/rng.rs) gives, for every seed, the stream
//! `rand_chacha::ChaCha8Rng` gives: words, 64-bit words across buffer boundaries, bytes and
//! `random_range` draws, mixed in varied orders.
#![cfg(not(target_arch = "wasm32"))]

use paxos_playground::sim::rng::ChaCha8Rng as Ours;
use rand::{Rng, RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng as Theirs;

#[test]
fn every_seed_gives_rand_chachas_stream() {
    let seeds = [0, 1, 2, 5, 8, 42, 1 << 32, (1 << 53) - 1, u64::MAX];
    for (n, seed) in seeds.into_iter().chain(1000..1040).enumerate() {
        let mut ours = Ours::seed_from_u64(seed);
        let mut theirs = Theirs::seed_from_u64(seed);
        for i in 0..3000u64 {
            // A call pattern that varies with the seed and the step, so 64-bit reads fall on
            // every offset of the 64-word buffer, including across its end.
            match (i * 7 + n as u64) % 6 {
                0 => assert_eq!(ours.next_u32(), theirs.next_u32()),
                1 => assert_eq!(ours.next_u64(), theirs.next_u64()),
                2 => assert_eq!(ours.random_range(0..100u8), theirs.random_range(0..100u8)),
                3 => assert_eq!(
                    ours.random_range(3..=1000u64),
                    theirs.random_range(3..=1000u64)
                ),
                4 => assert_eq!(ours.random_range(0..=i), theirs.random_range(0..=i)),
                _ => {
                    let (mut a, mut b) = ([0u8; 13], [0u8; 13]);
                    ours.fill_bytes(&mut a);
                    theirs.fill_bytes(&mut b);
                    assert_eq!(a, b);
                }
            }
        }
        // Clones go on with the same stream.
        let (mut a, mut b) = (ours.clone(), theirs.clone());
        assert_eq!(a.next_u64(), b.next_u64());
    }
}
