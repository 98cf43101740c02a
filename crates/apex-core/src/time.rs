//! Time as data. The core never reads a clock: every input carries its `timestamp`, which
//! the core uses as "now". Millisecond precision, as the TypeScript publishers produce.

use std::fmt;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Milliseconds since the Unix epoch, UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(i64);

/// Why a timestamp was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("is not an RFC 3339 timestamp ({0})")]
pub struct TimestampError(String);

impl Timestamp {
    /// A timestamp from milliseconds since the epoch.
    pub const fn from_millis(ms: i64) -> Self {
        Self(ms)
    }

    /// Milliseconds since the epoch.
    pub const fn millis(self) -> i64 {
        self.0
    }

    /// This instant plus `ms` milliseconds, saturating instead of overflowing.
    pub const fn plus_millis(self, ms: u64) -> Self {
        let ms = if ms > i64::MAX as u64 { i64::MAX } else { ms as i64 };
        Self(self.0.saturating_add(ms))
    }

    /// Parses RFC 3339 (`2026-11-25T10:00:00.000Z`, any offset); sub-millisecond digits are
    /// truncated.
    ///
    /// # Errors
    /// [`TimestampError`] when the text is not RFC 3339.
    pub fn parse_rfc3339(text: &str) -> Result<Self, TimestampError> {
        DateTime::parse_from_rfc3339(text)
            .map(|t| Self(t.timestamp_millis()))
            .map_err(|e| TimestampError(e.to_string()))
    }

    /// The instant as `YYYY-MM-DDTHH:MM:SS.mmmZ`, exactly like JavaScript's `toISOString()`.
    pub fn to_rfc3339(self) -> String {
        DateTime::<Utc>::from_timestamp_millis(self.0)
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
            .to_rfc3339_opts(SecondsFormat::Millis, true)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_rfc3339())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(d)?;
        Self::parse_rfc3339(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_javascript_iso_strings() {
        let text = "2026-11-25T10:00:00.000Z";
        let t = Timestamp::parse_rfc3339(text).unwrap();
        assert_eq!(t.to_rfc3339(), text);
        assert_eq!(t.plus_millis(1500).to_rfc3339(), "2026-11-25T10:00:01.500Z");
    }

    #[test]
    fn offsets_are_normalised_to_utc() {
        let t = Timestamp::parse_rfc3339("2026-11-25T11:00:00+01:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-25T10:00:00.000Z");
    }

    #[test]
    fn garbage_is_refused() {
        assert!(Timestamp::parse_rfc3339("yesterday").is_err());
    }
}
