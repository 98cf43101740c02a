//! Liveness: whether this process makes progress. Roles report a stall when work fails for a
//! reason that is not about one record (a batch that will not commit, a partition that will
//! not restore, a database or Redis that will not answer) and its end when work succeeds
//! again. `/healthz` answers 503, naming the stall, once one has lasted `APEX_STALL_SECONDS`,
//! so Kubernetes restarts a role that is stuck rather than merely busy or briefly retrying.
//!
//! Only the named telemetry events in [`crate::telemetry`] call this module: every stall is
//! also logged and counted there.

use std::collections::BTreeMap;
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

/// A stall in progress: since when, and the latest error.
struct Stall {
    since: Instant,
    why: String,
}

/// The stalls in progress, by what is stalled.
#[derive(Default)]
struct Stalls(BTreeMap<String, Stall>);

impl Stalls {
    fn stalled(&mut self, what: String, why: &str) {
        let why = crate::text::clip(why, 300).into_owned();
        self.0.entry(what).and_modify(|s| s.why.clone_from(&why)).or_insert(Stall { since: Instant::now(), why });
    }

    fn recovered(&mut self, what: &str) {
        self.0.remove(what);
    }

    fn check(&self, limit: Duration) -> Result<(), String> {
        let oldest = (self.0.iter()).filter(|(_, s)| s.since.elapsed() >= limit).max_by_key(|(_, s)| s.since.elapsed());
        match oldest {
            None => Ok(()),
            Some((what, stall)) => {
                Err(format!("stalled for {} s: {what}: {}", stall.since.elapsed().as_secs(), stall.why))
            }
        }
    }
}

static STALLS: LazyLock<Mutex<Stalls>> = LazyLock::new(Mutex::default);

/// `what` cannot make progress because of `why`. A stall already recorded keeps its start.
pub(crate) fn stalled(what: impl Into<String>, why: &str) {
    if let Ok(mut stalls) = STALLS.lock() {
        stalls.stalled(what.into(), why);
    }
}

/// `what` made progress again.
pub(crate) fn recovered(what: &str) {
    if let Ok(mut stalls) = STALLS.lock() {
        stalls.recovered(what);
    }
}

/// Ok while no stall has lasted `limit`; otherwise the oldest one, in words.
///
/// # Errors
/// The text `/healthz` answers with its 503.
pub fn check(limit: Duration) -> Result<(), String> {
    STALLS.lock().map_err(|_| "health state poisoned".to_owned())?.check(limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stall_shows_once_it_lasts_the_limit_and_clears_on_progress() {
        let mut stalls = Stalls::default();
        stalls.stalled("projection".into(), "database gone");
        assert!(stalls.check(Duration::from_secs(3600)).is_ok(), "not yet: it has not lasted the limit");
        let why = stalls.check(Duration::ZERO).unwrap_err();
        assert!(why.contains("projection: database gone"), "{why}");
        stalls.stalled("projection".into(), "still gone");
        assert!(stalls.check(Duration::ZERO).unwrap_err().contains("still gone"), "the latest error is shown");
        stalls.recovered("projection");
        assert!(stalls.check(Duration::ZERO).is_ok());
    }
}
