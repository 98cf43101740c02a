//! Span ids: the `spanId` of an envelope's trace.
//!
//! The core derives one for every envelope it publishes (sixteen hex digits of the message
//! id), so those are kept inline: no allocation per published envelope. A publisher's span id
//! may be any text and is shared like the rest of the envelope's strings.

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

/// A span id; compares, hashes and serialises as its text.
#[derive(Clone)]
pub struct SpanId(Repr);

#[derive(Clone)]
enum Repr {
    /// Sixteen lowercase hex digits (ASCII).
    Hex([u8; 16]),
    Text(Arc<str>),
}

const HEX: &[u8; 16] = b"0123456789abcdef";

impl SpanId {
    /// The span id of a message: the low 64 bits of its id, in hex.
    pub fn derived(id: Uuid) -> Self {
        let low = id.as_u128() as u64;
        let mut digits = [0u8; 16];
        for (i, digit) in digits.iter_mut().enumerate() {
            *digit = HEX[((low >> (60 - 4 * i)) & 0xf) as usize];
        }
        Self(Repr::Hex(digits))
    }

    /// The id's text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Only ever built from HEX, so always ASCII.
            Repr::Hex(digits) => std::str::from_utf8(digits).unwrap_or_default(),
            Repr::Text(text) => text,
        }
    }
}

impl Deref for SpanId {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for SpanId {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for SpanId {}

impl std::hash::Hash for SpanId {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for SpanId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for SpanId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for SpanId {
    fn from(text: &str) -> Self {
        Self(Repr::Text(Arc::from(text)))
    }
}

impl From<String> for SpanId {
    fn from(text: String) -> Self {
        Self(Repr::Text(Arc::from(text)))
    }
}

impl Serialize for SpanId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for SpanId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Arc::<str>::deserialize(d).map(|text| Self(Repr::Text(text)))
    }
}

impl schemars::JsonSchema for SpanId {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "SpanId".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_derived_span_id_is_the_low_64_bits_in_hex_and_equals_the_same_text() {
        let id = Uuid::from_u128(0x0123_4567_89ab_cdef_fedc_ba98_7654_3210);
        let derived = SpanId::derived(id);
        assert_eq!(derived.as_str(), "fedcba9876543210");
        assert_eq!(derived, SpanId::from("fedcba9876543210"));
        assert_eq!(serde_json::to_string(&derived).unwrap(), "\"fedcba9876543210\"");
        let read: SpanId = serde_json::from_str("\"fedcba9876543210\"").unwrap();
        assert_eq!(read, derived);
    }
}
