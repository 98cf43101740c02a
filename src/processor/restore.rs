//! Rebuilds partition stores from `apex.state` (snapshots) and `apex.events` (changelog).
//!
//! Reads until caught up: the position has passed the high watermark *and* polls come back
//! empty. Both are needed because some brokers report a high watermark below the true end
//! after multi-record batches (see the notes on the local broker).

use std::time::{Duration, Instant};

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::Message;
use rdkafka::{Offset, TopicPartitionList};

use super::store::PartitionStore;
use crate::config::Config;
use crate::kafka::records::{EventsRecord, SnapshotRecord};
use crate::kafka::topics::Topics;
use crate::telemetry;

/// Why a partition could not be restored.
#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("Kafka: {0}")]
    Kafka(#[from] rdkafka::error::KafkaError),
    #[error("the restoring thread panicked")]
    Panicked,
    #[error("failed on purpose (APEX_FAULT_RESTORE_FAILURES)")]
    Injected,
}

/// Consecutive empty polls that, with the position past the watermark, mean "caught up".
const EMPTY_POLLS: u32 = 2;
/// Consecutive empty polls after which the reader stops even if the position never reached
/// the watermark (a partition whose tail is only transaction markers or aborted records).
const GIVE_UP_POLLS: u32 = 30;

/// Restores partition `partition` given the group's committed input offset `committed`
/// (records of later inputs are ignored: they belong to uncommitted or aborted batches).
///
/// # Errors
/// [`RestoreError`] when the changelog cannot be read.
pub fn restore(
    config: &Config,
    topics: &Topics,
    partition: i32,
    committed: i64,
) -> Result<PartitionStore, RestoreError> {
    let started = Instant::now();
    let reader: BaseConsumer = crate::kafka::client::reader(config).create()?;
    let mut store = PartitionStore::default();
    let mut bad = 0usize;
    read_all(&reader, &topics.state, partition, |bytes| match serde_json::from_slice::<SnapshotRecord>(bytes) {
        Ok(record) => store.restore_snapshot(record, committed),
        Err(_) => bad += 1,
    })?;
    if config.fault_restore_hold_ms > 0 {
        tracing::info!(partition, "restore held (APEX_FAULT_RESTORE_HOLD_MS)");
        std::thread::sleep(Duration::from_millis(config.fault_restore_hold_ms));
    }
    read_all(&reader, &topics.events, partition, |bytes| match serde_json::from_slice::<EventsRecord>(bytes) {
        Ok(record) => store.restore_events(record, committed),
        Err(_) => bad += 1,
    })?;
    if bad > 0 {
        crate::telemetry::changelog_records_skipped(partition, bad);
    }
    store.finish_restore();
    telemetry::partition_restored(&topics.events, partition, store.len(), started.elapsed().as_millis());
    Ok(store)
}

fn read_all(reader: &BaseConsumer, topic: &str, partition: i32, mut f: impl FnMut(&[u8])) -> Result<(), RestoreError> {
    let mut tpl = TopicPartitionList::new();
    tpl.add_partition_offset(topic, partition, Offset::Beginning)?;
    reader.assign(&tpl)?;
    let mut empty = 0;
    loop {
        match reader.poll(Duration::from_millis(100)) {
            Some(Ok(message)) => {
                empty = 0;
                if let Some(bytes) = message.payload() {
                    f(bytes);
                }
            }
            Some(Err(e)) => crate::telemetry::changelog_read_failed(topic, partition, &e.to_string()),
            None => {
                empty += 1;
                let (_, high) = reader.fetch_watermarks(topic, partition, Duration::from_secs(10))?;
                let position = reader
                    .position()?
                    .find_partition(topic, partition)
                    .and_then(|p| p.offset().to_raw())
                    .unwrap_or(-1)
                    .max(0);
                if (empty >= EMPTY_POLLS && position >= high) || empty >= GIVE_UP_POLLS {
                    return Ok(());
                }
            }
        }
    }
}
