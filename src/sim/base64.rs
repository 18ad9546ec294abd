//! URL-safe base64 without padding, as the run text uses it: the same text as the `base64`
//! crate's `URL_SAFE_NO_PAD` engine writes, and for bad text the same error, worded the same,
//! at the same offset (tests/base64.rs compares the two). By hand, because the crate's
//! unrolled engine was several KB of the page's wasm module.

use std::fmt;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Why a text is not URL-safe base64 without padding, worded as the `base64` crate words it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// A byte that is not a symbol, at an offset.
    InvalidByte(usize, u8),
    /// A length that leaves one symbol over.
    InvalidLength(usize),
    /// A last symbol whose unused bits are not zero.
    InvalidLastSymbol(usize, u8),
    /// Padding, which this encoding has none of.
    InvalidPadding,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::InvalidByte(index, byte) => {
                write!(f, "Invalid symbol {byte}, offset {index}.")
            }
            Self::InvalidLength(len) => write!(f, "Invalid input length: {len}"),
            Self::InvalidLastSymbol(index, byte) => {
                write!(f, "Invalid last symbol {byte}, offset {index}.")
            }
            Self::InvalidPadding => f.write_str("Invalid padding"),
        }
    }
}

/// `bytes` in URL-safe base64, without padding.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
        }
    }
    out
}

/// A symbol's six bits, or None.
fn morsel(b: u8) -> Option<u8> {
    ALPHABET.iter().position(|&a| a == b).map(|i| i as u8)
}

/// Reads URL-safe base64 without padding, checking what the `base64` crate checks, in its
/// order: a bad last byte of a length of 4n + 1, then every symbol before the last (up to
/// four) symbols, then those (padding, symbols, length, unused bits).
pub fn decode(text: &str) -> Result<Vec<u8>, DecodeError> {
    let input = text.as_bytes();
    let rem = input.len() % 4;
    if rem == 1 {
        let last = input[input.len() - 1];
        if last != b'=' && morsel(last).is_none() {
            return Err(DecodeError::InvalidByte(input.len() - 1, last));
        }
    }
    let body = input
        .len()
        .saturating_sub(rem)
        .saturating_sub(usize::from(rem == 0) * 4);
    let mut out = Vec::with_capacity(input.len() / 4 * 3 + 3);
    for (q, quad) in input[..body].chunks(4).enumerate() {
        let mut n = 0u32;
        for (i, &b) in quad.iter().enumerate() {
            let m = morsel(b).ok_or(DecodeError::InvalidByte(q * 4 + i, b))?;
            n = n << 6 | u32::from(m);
        }
        out.extend([(n >> 16) as u8, (n >> 8) as u8, n as u8]);
    }
    // The last up to four bytes.
    let mut morsels = 0usize;
    let mut padding = 0usize;
    let mut first_padding = 0usize;
    let mut last_symbol = 0u8;
    let mut n = 0u32;
    for (i, &b) in input[body..].iter().enumerate() {
        if b == b'=' {
            if i < 2 {
                return Err(DecodeError::InvalidByte(body + i, b));
            }
            if padding == 0 {
                first_padding = i;
            }
            padding += 1;
            continue;
        }
        if padding > 0 {
            return Err(DecodeError::InvalidByte(body + first_padding, b'='));
        }
        last_symbol = b;
        let m = morsel(b).ok_or(DecodeError::InvalidByte(body + i, b))?;
        n |= u32::from(m) << (26 - 6 * morsels);
        morsels += 1;
    }
    if !input.is_empty() && morsels < 2 {
        return Err(DecodeError::InvalidLength(body + morsels));
    }
    if padding > 0 {
        return Err(DecodeError::InvalidPadding);
    }
    let bytes = morsels * 6 / 8;
    if n & (!0u32 >> (bytes * 8)) != 0 {
        return Err(DecodeError::InvalidLastSymbol(
            body + morsels - 1,
            last_symbol,
        ));
    }
    out.extend((0..bytes).map(|i| (n >> (24 - 8 * i)) as u8));
    Ok(out)
}
