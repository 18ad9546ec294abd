//! The world's random number generator: ChaCha8 as `rand_chacha::ChaCha8Rng` computes it
//! (the same key from a `u64` seed, the same 64-bit block counter, four blocks per refill,
//! read through `rand_core`'s `BlockRng`), so every seed gives the same stream as before
//! (tests/rng.rs compares the two). Written as a loop over the rounds, because
//! rand_chacha's unrolled, vectorised code was about 5 KB of the page's wasm module.

use rand::rand_core::block::{BlockRng, BlockRngCore};
use rand::rand_core::{RngCore, SeedableRng};

/// ChaCha8, four 64-byte blocks at a time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChaCha8Core {
    /// The key, as eight little-endian words.
    key: [u32; 8],
    /// The next block's number.
    block: u64,
}

impl BlockRngCore for ChaCha8Core {
    type Item = u32;
    type Results = Results;

    fn generate(&mut self, results: &mut Results) {
        for out in results.0.chunks_exact_mut(16) {
            let mut input = [0u32; 16];
            input[..4].copy_from_slice(&[0x6170_7865, 0x3320_646e, 0x7962_2d32, 0x6b20_6574]);
            input[4..12].copy_from_slice(&self.key);
            input[12] = self.block as u32;
            input[13] = (self.block >> 32) as u32;
            let mut x = input;
            for _ in 0..4 {
                for [a, b, c, d] in [
                    [0, 4, 8, 12],
                    [1, 5, 9, 13],
                    [2, 6, 10, 14],
                    [3, 7, 11, 15],
                    [0, 5, 10, 15],
                    [1, 6, 11, 12],
                    [2, 7, 8, 13],
                    [3, 4, 9, 14],
                ] {
                    quarter_round(&mut x, a, b, c, d);
                }
            }
            for ((out, x), input) in out.iter_mut().zip(x).zip(input) {
                *out = x.wrapping_add(input);
            }
            self.block = self.block.wrapping_add(1);
        }
    }
}

/// Four blocks of output (an array of 64 has no `Default`, which `BlockRng` needs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Results([u32; 64]);

impl Default for Results {
    fn default() -> Self {
        Results([0; 64])
    }
}

impl AsRef<[u32]> for Results {
    fn as_ref(&self) -> &[u32] {
        &self.0
    }
}

impl AsMut<[u32]> for Results {
    fn as_mut(&mut self) -> &mut [u32] {
        &mut self.0
    }
}

fn quarter_round(x: &mut [u32; 16], a: usize, b: usize, c: usize, d: usize) {
    x[a] = x[a].wrapping_add(x[b]);
    x[d] = (x[d] ^ x[a]).rotate_left(16);
    x[c] = x[c].wrapping_add(x[d]);
    x[b] = (x[b] ^ x[c]).rotate_left(12);
    x[a] = x[a].wrapping_add(x[b]);
    x[d] = (x[d] ^ x[a]).rotate_left(8);
    x[c] = x[c].wrapping_add(x[d]);
    x[b] = (x[b] ^ x[c]).rotate_left(7);
}

impl SeedableRng for ChaCha8Core {
    type Seed = [u8; 32];

    fn from_seed(seed: [u8; 32]) -> Self {
        let mut key = [0u32; 8];
        for (word, bytes) in key.iter_mut().zip(seed.chunks_exact(4)) {
            *word = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        }
        ChaCha8Core { key, block: 0 }
    }
}

/// The generator: [`ChaCha8Core`] behind `rand_core`'s buffer, as `ChaCha8Rng` is.
#[derive(Clone, Debug)]
pub struct ChaCha8Rng(BlockRng<ChaCha8Core>);

impl RngCore for ChaCha8Rng {
    fn next_u32(&mut self) -> u32 {
        self.0.next_u32()
    }

    fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        self.0.fill_bytes(dest)
    }
}

impl SeedableRng for ChaCha8Rng {
    type Seed = [u8; 32];

    fn from_seed(seed: [u8; 32]) -> Self {
        ChaCha8Rng(BlockRng::new(ChaCha8Core::from_seed(seed)))
    }
}
