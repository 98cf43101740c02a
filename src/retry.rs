//! One backoff for every wait on infrastructure that is down (a broker, the schema registry,
//! Redis, PostgreSQL, an LLM provider): exponential, capped, and cut short by shutdown.
//!
//! Hand-written on purpose: crates such as `backon` own the retried call, while our waits sit
//! inside loops that also decide *what* to retry (a batch, a decode, a write) and must stop
//! when the role's shutdown flag is set, from blocking threads (processor, projector) and from
//! async tasks (workers) alike. A small type does both; one place decides the curve.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Exponential backoff: `initial`, doubling each wait, capped at `max`.
#[derive(Debug, Clone)]
pub struct Backoff {
    next: Duration,
    max: Duration,
}

/// How finely a wait checks for shutdown.
const SLICE: Duration = Duration::from_millis(50);

impl Default for Backoff {
    /// 100 ms doubling to 5 s: an outage is noticed within seconds of its end, and a long one
    /// costs a retry every 5 s.
    fn default() -> Self {
        Self::new(Duration::from_millis(100), Duration::from_secs(5))
    }
}

impl Backoff {
    pub fn new(initial: Duration, max: Duration) -> Self {
        Self { next: initial.min(max), max }
    }

    /// The next delay; the one after it doubles (up to the cap).
    pub fn next_delay(&mut self) -> Duration {
        let delay = self.next;
        self.next = (self.next * 2).min(self.max);
        delay
    }

    /// Sleeps the next delay; `false` if shutdown came first.
    pub async fn wait(&mut self, shutdown: &AtomicBool) -> bool {
        self.wait_at_least(Duration::ZERO, shutdown).await
    }

    /// Sleeps at least `floor` (and the next delay); `false` if shutdown came first.
    pub async fn wait_at_least(&mut self, floor: Duration, shutdown: &AtomicBool) -> bool {
        pause(self.next_delay().max(floor), shutdown).await
    }

    /// [`Self::wait`] for a blocking thread.
    pub fn wait_blocking(&mut self, shutdown: &AtomicBool) -> bool {
        pause_blocking(self.next_delay(), shutdown)
    }
}

/// Sleeps `left`, cut short by shutdown; `false` if shutdown came first.
pub async fn pause(mut left: Duration, shutdown: &AtomicBool) -> bool {
    while !left.is_zero() {
        if shutdown.load(Ordering::Relaxed) {
            return false;
        }
        let step = left.min(SLICE);
        tokio::time::sleep(step).await;
        left -= step;
    }
    !shutdown.load(Ordering::Relaxed)
}

/// [`pause`] for a blocking thread.
pub fn pause_blocking(mut left: Duration, shutdown: &AtomicBool) -> bool {
    while !left.is_zero() {
        if shutdown.load(Ordering::Relaxed) {
            return false;
        }
        let step = left.min(SLICE);
        std::thread::sleep(step);
        left -= step;
    }
    !shutdown.load(Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_up_to_the_cap() {
        let mut backoff = Backoff::new(Duration::from_millis(100), Duration::from_millis(500));
        let delays: Vec<u128> = (0..5).map(|_| backoff.next_delay().as_millis()).collect();
        assert_eq!(delays, [100, 200, 400, 500, 500]);
    }

    #[test]
    fn a_wait_ends_at_once_when_shutdown_is_set() {
        let shutdown = AtomicBool::new(true);
        let mut backoff = Backoff::new(Duration::from_secs(3600), Duration::from_secs(3600));
        assert!(!backoff.wait_blocking(&shutdown));
    }

    #[test]
    fn a_wait_without_shutdown_reports_it_slept() {
        let shutdown = AtomicBool::new(false);
        assert!(pause_blocking(Duration::from_millis(1), &shutdown));
    }
}
