//! The hasher of the analysis stages' word sets and maps.
//!
//! The sets hold lexicon words and are looked up several times per token with short folded
//! words, where SipHash's setup dominates; documents only look keys up (or key per-document
//! maps with their own words), so hash flooding cannot grow anything that matters.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// FxHash: a multiply-rotate per 8-byte word of input.
#[derive(Clone, Copy, Debug, Default)]
pub struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            self.add(tail(rest) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

/// The 1 to 7 bytes of `rest` as a little-endian word padded with zeros, read as two
/// overlapping loads instead of a copy of variable length (a call to `memcpy`).
#[inline]
fn tail(rest: &[u8]) -> u64 {
    let n = rest.len();
    let le = |b: &[u8]| b.iter().rev().fold(0u64, |w, &x| (w << 8) | u64::from(x));
    if n >= 4 {
        let lo = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]);
        let hi = u32::from_le_bytes([rest[n - 4], rest[n - 3], rest[n - 2], rest[n - 1]]);
        u64::from(lo) | (u64::from(hi) << (8 * (n - 4)))
    } else {
        le(rest)
    }
}

/// The fast hasher, for maps and sets of other keys.
pub type FxBuild = BuildHasherDefault<FxHasher>;
/// A set of folded words with the fast hasher.
pub type WordSet = HashSet<String, BuildHasherDefault<FxHasher>>;
/// A map from folded words with the fast hasher.
pub type WordMap<V> = HashMap<String, V, BuildHasherDefault<FxHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tail_is_the_zero_padded_word() {
        let bytes = [0x81u8, 0xa6, 0x0b, 0xf0, 0x35, 0xda, 0x7f];
        for n in 1..=7 {
            let rest = &bytes[..n];
            let mut w = [0u8; 8];
            w[..n].copy_from_slice(rest);
            assert_eq!(tail(rest), u64::from_le_bytes(w), "{n}");
        }
    }
}
