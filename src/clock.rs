//! The wall clock, read only by the shells: the core takes time in with its inputs
//! ([`crate::core::time`]), so this is the one place a role turns "now" into a timestamp.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::core::time::Timestamp;

/// The current time as a timestamp (milliseconds since the epoch; 0 before it).
pub fn wall_clock() -> Timestamp {
    Timestamp::from_millis(SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64))
}
