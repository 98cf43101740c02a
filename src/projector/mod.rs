//! `apex projector`: folds the event log (`apex.events`, read_committed) into PostgreSQL, the
//! queryable event store (`workflow_events`) and projection (`workflow_instances`), and the
//! snapshots (`apex.state`) into `agent_checkpoints`.
//!
//! Source → decode → [`projection`] (pure) → batch write → commit offsets. A batch is written
//! in one transaction, and its offsets are committed only after it is: when PostgreSQL is down,
//! the projector retries the same batch with backoff (never skips it), then catches up, so each
//! workflow's events stay contiguous. Writes are idempotent, so a redelivered batch is harmless.
//! A record that is not an events record goes to the DLQ with the reason in its headers.

pub mod projection;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer};
use rdkafka::message::{Header, Message, OwnedHeaders};
use rdkafka::producer::{BaseProducer, BaseRecord};
use rdkafka::{Offset, TopicPartitionList};
use sqlx::PgPool;

use crate::config::Config;
use crate::kafka::headers;
use crate::kafka::topics::Topics;
use crate::processor::records::{EventsRecord, SnapshotRecord};
use crate::telemetry;
use projection::{Checkpoint, EventRow, InstanceChange, project};

/// Records per batch at most.
const BATCH_RECORDS: usize = 2_000;
/// How long a batch collects at most.
const BATCH_WINDOW: Duration = Duration::from_millis(100);
/// Longest wait between retries of a failed write.
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// Why the projector stopped.
#[derive(Debug, thiserror::Error)]
pub enum ProjectorError {
    #[error("Kafka: {0}")]
    Kafka(#[from] rdkafka::error::KafkaError),
    #[error(transparent)]
    Topics(#[from] crate::kafka::topics::TopicsError),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("the projector thread panicked")]
    Panicked,
}

/// Runs the projector until SIGINT/SIGTERM.
///
/// # Errors
/// [`ProjectorError`] when the topics, the database or the Kafka clients are unusable at start.
pub async fn run(config: Config) -> Result<(), ProjectorError> {
    crate::kafka::topics::wait(&config).await?;
    let url = config
        .database_url
        .as_ref()
        .map(crate::secret::Secret::expose)
        .ok_or(crate::store::StoreError::NotConfigured)?;
    let pool = crate::store::connect(url).await?;
    if config.migrate_on_start {
        let applied = crate::store::migrate(&pool).await?;
        tracing::info!(applied, "migrations applied at start");
    }
    let shutdown = Arc::new(AtomicBool::new(false));
    let flag = shutdown.clone();
    let runtime = tokio::runtime::Handle::current();
    let worker = tokio::task::spawn_blocking(move || project_until(&config, &pool, &runtime, &flag));
    tokio::select! {
        _ = crate::processor::wait_for_signal() => shutdown.store(true, Ordering::Relaxed),
        result = worker => return result.map_err(|_| ProjectorError::Panicked)?,
    }
    Ok(())
}

/// Event rows, instance changes and checkpoints of many records, written in one transaction.
#[derive(Debug, Default)]
pub struct Batch {
    pub rows: Vec<EventRow>,
    /// One change per workflow, in first-seen order.
    pub changes: Vec<InstanceChange>,
    /// Snapshots from `apex.state` for `agent_checkpoints`.
    pub checkpoints: Vec<Checkpoint>,
    index: std::collections::HashMap<String, usize>,
}

impl Batch {
    /// Adds one record's rows and folds its change into its workflow's.
    pub fn add(&mut self, record: &EventsRecord) {
        let (rows, change) = project(record);
        self.rows.extend(rows);
        match self.index.get(&change.workflow_id) {
            Some(&i) => self.changes[i] = self.changes[i].clone().then(change),
            None => {
                self.index.insert(change.workflow_id.clone(), self.changes.len());
                self.changes.push(change);
            }
        }
    }

    /// Adds a snapshot as a checkpoint.
    pub fn add_snapshot(&mut self, record: &SnapshotRecord) {
        self.checkpoints.push(Checkpoint {
            workflow_id: record.workflow_id.to_string(),
            version: record.state.version() as i64,
            state: serde_json::to_value(&record.state).unwrap_or_default(),
        });
    }

    /// Writes the batch.
    ///
    /// # Errors
    /// [`crate::store::StoreError`]; nothing of the batch is written then.
    pub async fn write(&self, pool: &PgPool) -> Result<(), crate::store::StoreError> {
        crate::store::projection::write(pool, &self.rows, &self.changes, &self.checkpoints).await
    }
}

/// The consume–project–commit loop.
///
/// # Errors
/// [`ProjectorError::Kafka`] when the Kafka clients cannot be created or offsets committed.
pub fn project_until(
    config: &Config,
    pool: &PgPool,
    runtime: &tokio::runtime::Handle,
    shutdown: &AtomicBool,
) -> Result<(), ProjectorError> {
    let topics = Topics::new(&config.topic_prefix);
    let group = format!("{}projector", config.topic_prefix);
    let consumer: BaseConsumer = crate::kafka::client::consumer(config, &group).create()?;
    consumer.subscribe(&[&topics.events, &topics.state])?;
    let dlq: BaseProducer = crate::kafka::client::producer(config, None).create()?;
    tracing::info!(group, topic = %topics.events, "projector starting");
    while !shutdown.load(Ordering::Relaxed) {
        let mut batch = Batch::default();
        let mut offsets = TopicPartitionList::new();
        let started = Instant::now();
        let mut records = 0;
        while records < BATCH_RECORDS && started.elapsed() < BATCH_WINDOW {
            let Some(result) = consumer.poll(Duration::from_millis(10)) else {
                if records > 0 {
                    break;
                }
                continue;
            };
            let message = match result {
                Ok(m) => m,
                Err(e) => {
                    tracing::warn!(error = %e, "consumer error");
                    continue;
                }
            };
            records += 1;
            offsets.add_partition_offset(message.topic(), message.partition(), Offset::Offset(message.offset() + 1))?;
            let payload = message.payload().unwrap_or_default();
            let decoded = if message.topic() == topics.state {
                serde_json::from_slice::<SnapshotRecord>(payload).map(|r| batch.add_snapshot(&r))
            } else {
                serde_json::from_slice::<EventsRecord>(payload).map(|r| batch.add(&r))
            };
            if let Err(e) = decoded {
                dead_letter(&dlq, &topics, &message, &e.to_string());
            }
        }
        if records == 0 {
            continue;
        }
        if !write_until_done(pool, runtime, &batch, shutdown) {
            return Ok(());
        }
        crate::kafka::delivery::drain(&dlq, Duration::from_secs(30))?;
        // A failed commit (a rebalance under way) is covered by the next one; the rows written
        // are idempotent, so a redelivered batch changes nothing.
        if let Err(e) = consumer.commit(&offsets, CommitMode::Sync) {
            telemetry::commit_failed(&e.to_string());
        }
        telemetry::events_projected(batch.rows.len(), batch.changes.len());
    }
    Ok(())
}

/// Writes `batch`, retrying with backoff while PostgreSQL fails; `false` if stopped first.
fn write_until_done(pool: &PgPool, runtime: &tokio::runtime::Handle, batch: &Batch, shutdown: &AtomicBool) -> bool {
    let mut backoff = Duration::from_millis(100);
    loop {
        match runtime.block_on(batch.write(pool)) {
            Ok(()) => return true,
            Err(e) => {
                telemetry::projection_write_failed(&e.to_string(), backoff);
                if shutdown.load(Ordering::Relaxed) {
                    return false;
                }
                std::thread::sleep(backoff);
                backoff = (backoff * 2).min(MAX_BACKOFF);
            }
        }
    }
}

fn dead_letter<M: Message>(dlq: &BaseProducer, topics: &Topics, message: &M, error: &str) {
    let (partition, offset) = (message.partition().to_string(), message.offset().to_string());
    let headers = OwnedHeaders::new()
        .insert(Header { key: headers::DLQ_REASON, value: Some("undecodable_event".as_bytes()) })
        .insert(Header { key: headers::DLQ_ERROR, value: Some(error.as_bytes()) })
        .insert(Header { key: headers::SOURCE_TOPIC, value: Some(message.topic().as_bytes()) })
        .insert(Header { key: headers::SOURCE_PARTITION, value: Some(partition.as_bytes()) })
        .insert(Header { key: headers::SOURCE_OFFSET, value: Some(offset.as_bytes()) });
    let mut record = BaseRecord::to(&topics.dlq).payload(message.payload().unwrap_or_default()).headers(headers);
    if let Some(key) = message.key() {
        record = record.key(key);
    }
    // The local queue may be full: serve delivery reports and try again, never drop it.
    while let Err((e, refused)) = dlq.send(record) {
        telemetry::produce_retried(&e.to_string());
        dlq.poll(Duration::from_millis(100));
        record = refused;
    }
    telemetry::dead_lettered("undecodable_event", error, message.topic(), message.partition(), message.offset());
}
