//! The run text's hand-written base64 (src/sim/base64.rs) writes what the `base64` crate's
//! URL_SAFE_NO_PAD engine writes, and reads any text to the same bytes or the same error.
#![cfg(not(target_arch = "wasm32"))]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use paxos_playground::sim::base64 as ours;

fn same_decode(text: &str) {
    let theirs = URL_SAFE_NO_PAD.decode(text).map_err(|e| e.to_string());
    let mine = ours::decode(text).map_err(|e| e.to_string());
    assert_eq!(mine, theirs, "text {text:?}");
}

#[test]
fn encodes_as_the_crate_does() {
    let bytes: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
    for start in 0..8 {
        for end in start..bytes.len() {
            let slice = &bytes[start..end];
            assert_eq!(ours::encode(slice), URL_SAFE_NO_PAD.encode(slice));
        }
    }
}

#[test]
fn decodes_as_the_crate_does() {
    // Every text of up to 3 characters from a set with symbols, padding and junk.
    let chars = [
        'A', 'Q', 'g', 'w', '_', '-', '9', '=', '+', '/', ' ', '.', 'é',
    ];
    let mut texts = vec![String::new()];
    for _ in 0..3 {
        let longer: Vec<String> = texts
            .iter()
            .flat_map(|t| chars.iter().map(move |c| format!("{t}{c}")))
            .collect();
        texts.extend(longer);
    }
    // And each of them after one to three whole groups, and with more after them.
    let mut seed = 12345u64;
    for text in &texts {
        for prefix in ["", "AAAA", "SGVsbG8g", "V29ybGQhIQ-_"] {
            same_decode(&format!("{prefix}{text}"));
            same_decode(&format!("{text}{prefix}"));
        }
        // A pseudo-random junk character somewhere in a valid text.
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let valid = URL_SAFE_NO_PAD.encode(seed.to_le_bytes());
        let at = (seed >> 40) as usize % (valid.len() + 1);
        same_decode(&format!("{}{text}{}", &valid[..at], &valid[at..]));
    }
    for len in 0..40 {
        let valid = URL_SAFE_NO_PAD.encode(vec![0xa5u8; len]);
        same_decode(&valid);
        for end in 0..valid.len() {
            same_decode(&valid[..end]);
        }
    }
}
