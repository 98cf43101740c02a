//! When a batch ends: the collection policy shared by the processor and the benchmark's
//! pass-through baseline, so the two are compared on equal terms.

use std::time::{Duration, Instant};

use rdkafka::consumer::{BaseConsumer, ConsumerContext};
use rdkafka::message::BorrowedMessage;

/// A poll that waits this long without input ends the batch.
pub const IDLE_GAP: Duration = Duration::from_millis(1);

/// How a batch is collected.
#[derive(Debug, Clone, Copy)]
pub struct BatchPolicy {
    /// Most inputs in one batch (one transaction).
    pub max_messages: usize,
    /// Longest a batch stays open once its first input arrived.
    pub window: Duration,
}

impl BatchPolicy {
    /// The configured policy (`APEX_BATCH_MAX_MESSAGES`, `APEX_BATCH_MAX_MS`).
    pub fn of(config: &crate::config::Config) -> Self {
        Self { max_messages: config.batch_max_messages, window: Duration::from_millis(config.batch_max_ms) }
    }

    /// Starts a batch whose first poll waits up to `first_wait` (until the next timer is
    /// due, say).
    pub fn start(&self, first_wait: Duration) -> Batch {
        Batch { policy: *self, first_wait, opened: None, taken: 0 }
    }

    /// Collects a whole batch before any of it is processed.
    pub fn collect<'c, C: ConsumerContext>(
        &self,
        consumer: &'c BaseConsumer<C>,
        first_wait: Duration,
    ) -> Vec<BorrowedMessage<'c>> {
        let mut batch = self.start(first_wait);
        std::iter::from_fn(|| batch.next(consumer)).collect()
    }
}

/// One batch being collected, message by message, so that a caller may process each input
/// while the next ones are still being fetched.
#[derive(Debug)]
pub struct Batch {
    policy: BatchPolicy,
    first_wait: Duration,
    opened: Option<Instant>,
    taken: usize,
}

impl Batch {
    /// The next input of this batch, or `None` when the batch is over: it is full, its window
    /// closed, or no input arrived for [`IDLE_GAP`] (under load one commit covers a full
    /// batch; at low load a lone input is committed after one idle gap, not a whole window).
    /// A rebalance also ends it: the consumer's poll returns nothing then.
    pub fn next<'c, C: ConsumerContext>(&mut self, consumer: &'c BaseConsumer<C>) -> Option<BorrowedMessage<'c>> {
        while self.taken < self.policy.max_messages {
            let timeout = match self.opened {
                None => self.first_wait,
                Some(at) => self.policy.window.checked_sub(at.elapsed())?.min(IDLE_GAP),
            };
            match consumer.poll(timeout)? {
                Ok(message) => {
                    self.opened.get_or_insert_with(Instant::now);
                    self.taken += 1;
                    return Some(message);
                }
                Err(e) => crate::telemetry::consumer_failed(&e.to_string()),
            }
        }
        None
    }

    /// Inputs taken so far.
    pub fn len(&self) -> usize {
        self.taken
    }

    /// Whether no input was taken.
    pub fn is_empty(&self) -> bool {
        self.taken == 0
    }
}
