//! The de-duplication memory: every accepted input's `eventId` and `idempotencyKey`.
//!
//! Most workflows take a dozen inputs or fewer, so the ids live in plain vectors searched
//! linearly (one allocation each, no hashing); past [`LINEAR_MAX`] they move to hash sets.
//! The representation is canonical (vectors exactly while short), so two states that saw the
//! same inputs in the same order compare equal, however they were built. On the wire it is
//! `{"event_ids": [...], "keys": [...]}` either way.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::hash::KeyedHashSet;
use super::ids::{EventId, IdempotencyKey};

/// Up to this many inputs, a linear search beats hashing.
pub const LINEAR_MAX: usize = 16;

/// Ids of every input a workflow accepted.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Seen(Repr);

#[derive(Debug, Clone, PartialEq)]
enum Repr {
    Linear { event_ids: Vec<EventId>, keys: Vec<IdempotencyKey> },
    Hashed { event_ids: KeyedHashSet<EventId>, keys: KeyedHashSet<IdempotencyKey> },
}

impl Default for Repr {
    fn default() -> Self {
        Self::Linear { event_ids: Vec::new(), keys: Vec::new() }
    }
}

impl Seen {
    /// Whether an input with this id or key was accepted before.
    pub fn contains(&self, id: &EventId, key: &IdempotencyKey) -> bool {
        match &self.0 {
            Repr::Linear { event_ids, keys } => event_ids.contains(id) || keys.contains(key),
            Repr::Hashed { event_ids, keys } => event_ids.contains(id) || keys.contains(key),
        }
    }

    /// Number of inputs remembered.
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Linear { event_ids, .. } => event_ids.len(),
            Repr::Hashed { event_ids, .. } => event_ids.len(),
        }
    }

    /// Whether nothing was accepted yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Remembers an accepted input (the caller has checked [`Self::contains`]).
    pub(crate) fn insert(&mut self, id: EventId, key: IdempotencyKey) {
        match &mut self.0 {
            Repr::Linear { event_ids, keys } if event_ids.len() < LINEAR_MAX => {
                if event_ids.capacity() == 0 {
                    event_ids.reserve_exact(LINEAR_MAX);
                    keys.reserve_exact(LINEAR_MAX);
                }
                event_ids.push(id);
                keys.push(key);
            }
            Repr::Linear { event_ids, keys } => {
                let mut event_ids: KeyedHashSet<EventId> = std::mem::take(event_ids).into_iter().collect();
                let mut keys: KeyedHashSet<IdempotencyKey> = std::mem::take(keys).into_iter().collect();
                event_ids.insert(id);
                keys.insert(key);
                self.0 = Repr::Hashed { event_ids, keys };
            }
            Repr::Hashed { event_ids, keys } => {
                event_ids.insert(id);
                keys.insert(key);
            }
        }
    }
}

/// The wire form, shared by both representations.
#[derive(Serialize)]
struct WireRef<'a, I, K> {
    event_ids: &'a I,
    keys: &'a K,
}

#[derive(Deserialize)]
struct Wire {
    event_ids: Vec<EventId>,
    keys: Vec<IdempotencyKey>,
}

impl Serialize for Seen {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Repr::Linear { event_ids, keys } => WireRef { event_ids, keys }.serialize(s),
            // Sorted: the sets' order depends on the per-process hash seed.
            Repr::Hashed { event_ids, keys } => {
                let mut event_ids: Vec<&EventId> = event_ids.iter().collect();
                let mut keys: Vec<&IdempotencyKey> = keys.iter().collect();
                event_ids.sort_unstable();
                keys.sort_unstable();
                WireRef { event_ids: &event_ids, keys: &keys }.serialize(s)
            }
        }
    }
}

impl<'de> Deserialize<'de> for Seen {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let Wire { event_ids, keys } = Wire::deserialize(d)?;
        if event_ids.len() <= LINEAR_MAX && keys.len() <= LINEAR_MAX {
            return Ok(Self(Repr::Linear { event_ids, keys }));
        }
        Ok(Self(Repr::Hashed { event_ids: event_ids.into_iter().collect(), keys: keys.into_iter().collect() }))
    }
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;

    fn input(i: u128) -> (EventId, IdempotencyKey) {
        (EventId::from_uuid(Uuid::from_u128(i)), IdempotencyKey::parse(&format!("key-{i}")).unwrap())
    }

    #[test]
    fn given_inputs_on_both_sides_of_the_linear_limit_then_each_is_found_by_id_or_key() {
        let mut seen = Seen::default();
        for i in 0..40 {
            let (id, key) = input(i);
            assert!(!seen.contains(&id, &key));
            seen.insert(id, key);
            for j in 0..=i {
                let (id, key) = input(j);
                let (other_id, other_key) = input(1000 + j);
                assert!(seen.contains(&id, &other_key) && seen.contains(&other_id, &key), "{j} after {i}");
            }
            assert_eq!(seen.len(), i as usize + 1);
        }
    }

    #[test]
    fn the_wire_form_round_trips_and_keeps_the_representation_canonical() {
        for n in [0, 3, LINEAR_MAX, LINEAR_MAX + 1, 40] {
            let mut seen = Seen::default();
            (0..n as u128).for_each(|i| {
                let (id, key) = input(i);
                seen.insert(id, key);
            });
            let json = serde_json::to_value(&seen).unwrap();
            assert_eq!(json["event_ids"].as_array().unwrap().len(), n);
            assert_eq!(serde_json::from_value::<Seen>(json).unwrap(), seen, "{n}");
        }
    }
}
