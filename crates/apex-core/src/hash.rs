//! Hashers for the core's and the processor's maps.
//!
//! - [`KeyedHashMap`] / [`KeyedHashSet`]: for keys a publisher chooses (workflow ids, event ids,
//!   idempotency keys). foldhash with a per-process random seed: fast, and a hostile publisher
//!   cannot craft ids that collide (with a fixed hash it could, and every lookup would crawl).
//!   The seed is the one source of randomness the core holds. It changes memory layout only:
//!   no decision iterates these maps, and the de-duplication memory is written sorted.
//! - [`FxHashMap`] / [`FxHashSet`]: rustc's Fx hash with a finaliser, for keys the process
//!   controls (partition numbers).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// The Fx hasher: multiply-rotate over machine words.
#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    #[inline]
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    /// Mixes the high bits down and the low bits up: hashbrown picks buckets from the low
    /// bits and tags from the top seven, and sequential keys would otherwise share tags.
    #[inline]
    fn finish(&self) -> u64 {
        let x = (self.0 ^ (self.0 >> 32)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        x ^ (x >> 29)
    }
}

/// `HashMap` keyed per process (see the module docs), for publisher-chosen keys.
pub type KeyedHashMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;
/// `HashSet` keyed per process, for publisher-chosen keys.
pub type KeyedHashSet<T> = HashSet<T, foldhash::fast::RandomState>;

/// `HashMap` with [`FxHasher`].
pub type FxHashMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
/// `HashSet` with [`FxHasher`].
pub type FxHashSet<T> = HashSet<T, BuildHasherDefault<FxHasher>>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::Hash;

    fn hash(value: impl Hash) -> u64 {
        let mut h = FxHasher::default();
        value.hash(&mut h);
        h.finish()
    }

    #[test]
    fn equal_values_hash_equal_and_different_values_differ() {
        assert_eq!(hash("book_flight"), hash("book_flight"));
        assert_ne!(hash("book_flight"), hash("book_hotel"));
        assert_ne!(hash(uuid::Uuid::from_u128(1)), hash(uuid::Uuid::from_u128(2)));
        let set: FxHashSet<u64> = (0..1000).collect();
        assert_eq!(set.len(), 1000);
    }
}
