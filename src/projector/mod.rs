//! `apex projector`: folds the event log (`apex.events`, read_committed) into PostgreSQL, the
//! queryable event store (`workflow_events`) and projection (`workflow_instances`), and the
//! snapshots (`apex.state`) into `agent_checkpoints`.
//!
//! Source → decode → [`projection`] (pure) → batch write → commit offsets. A batch is written
//! in one transaction, and its offsets are committed only after it is: when PostgreSQL is down,
//! the projector retries the same batch with backoff (never skips it), then catches up, so each
//! workflow's events stay contiguous. Writes are idempotent, so a redelivered batch is harmless.
//! A record that is not an events record goes to the DLQ with the reason in its headers.
//!
//! When PostgreSQL refuses the *data* of a batch (a NUL character, which `jsonb` and `text`
//! cannot hold, or a value over a limit), retrying cannot help: the batch's records are written
//! one by one to find the one refused; that record is written again with every NUL replaced by
//! U+FFFD (counted and logged), and dead-lettered `unprojectable` if even that is refused. Every
//! other record goes on.

pub mod projection;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer};
use rdkafka::message::Message;
use rdkafka::producer::{BaseProducer, BaseRecord};
use rdkafka::{Offset, TopicPartitionList};
use sqlx::PgPool;

use crate::config::Config;
use crate::core::DeadLetterReason;
use crate::kafka::dlq::DeadLetter;
use crate::kafka::rebalance::RebalanceLog;
use crate::kafka::records::{EventsRecord, SnapshotRecord};
use crate::kafka::topics::Topics;
use crate::retry::Backoff;
use crate::store::rows::{Checkpoint, EventRow, InstanceChange};
use crate::telemetry;
use projection::project;

/// Records per batch at most.
const BATCH_RECORDS: usize = 2_000;
/// How long a batch collects at most.
const BATCH_WINDOW: Duration = Duration::from_millis(100);

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
        _ = crate::shutdown::wait_for_signal() => shutdown.store(true, Ordering::Relaxed),
        result = worker => return result.map_err(|_| ProjectorError::Panicked)?,
    }
    Ok(())
}

/// A record read from the log, kept with its message until its batch is written.
struct Item {
    decoded: Decoded,
    message: rdkafka::message::OwnedMessage,
}

/// What a record holds.
#[derive(Clone)]
enum Decoded {
    Events(EventsRecord),
    /// Boxed: a workflow's whole state is much larger than an events record.
    Snapshot(Box<SnapshotRecord>),
}

impl Decoded {
    /// The same record with every NUL character in its strings replaced by U+FFFD: what
    /// PostgreSQL refuses in `text` and `jsonb`.
    fn without_nul(&self) -> Option<Self> {
        fn clean<T: serde::Serialize + serde::de::DeserializeOwned>(record: &T) -> Option<T> {
            let mut value = serde_json::to_value(record).ok()?;
            replace_nul(&mut value);
            serde_json::from_value(value).ok()
        }
        match self {
            Self::Events(r) => clean(r).map(Self::Events),
            Self::Snapshot(r) => clean(r.as_ref()).map(|r| Self::Snapshot(Box::new(r))),
        }
    }
}

fn replace_nul(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::String(s) if s.contains('\0') => *s = s.replace('\0', "\u{FFFD}"),
        Value::Array(items) => items.iter_mut().for_each(replace_nul),
        Value::Object(map) => {
            let old = std::mem::take(map);
            for (key, mut item) in old {
                replace_nul(&mut item);
                map.insert(key.replace('\0', "\u{FFFD}"), item);
            }
        }
        _ => {}
    }
}

/// Event rows, instance changes and checkpoints of many records, written in one transaction.
#[derive(Debug, Default)]
pub struct ProjectionBatch {
    pub rows: Vec<EventRow>,
    /// One change per workflow, in first-seen order.
    pub changes: Vec<InstanceChange>,
    /// Snapshots from `apex.state` for `agent_checkpoints`.
    pub checkpoints: Vec<Checkpoint>,
    index: std::collections::HashMap<String, usize>,
}

impl ProjectionBatch {
    fn of<'a>(records: impl IntoIterator<Item = &'a Decoded>) -> Self {
        let mut batch = Self::default();
        for record in records {
            match record {
                Decoded::Events(r) => batch.add(r),
                Decoded::Snapshot(r) => batch.add_snapshot(r),
            }
        }
        batch
    }

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
    let consumer: BaseConsumer<RebalanceLog> =
        crate::kafka::client::consumer(config, &group).create_with_context(RebalanceLog::new(&topics.events))?;
    consumer.subscribe(&[&topics.events, &topics.state])?;
    let dlq: BaseProducer = crate::kafka::client::producer(config, None).create()?;
    tracing::info!(group, topic = %topics.events, "projector starting");
    while !shutdown.load(Ordering::Relaxed) {
        let mut items = Vec::new();
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
                    telemetry::consumer_failed(&e.to_string());
                    continue;
                }
            };
            records += 1;
            offsets.add_partition_offset(message.topic(), message.partition(), Offset::Offset(message.offset() + 1))?;
            let payload = message.payload().unwrap_or_default();
            let decoded = if message.topic() == topics.state {
                serde_json::from_slice::<SnapshotRecord>(payload).map(|r| Decoded::Snapshot(Box::new(r)))
            } else {
                serde_json::from_slice::<EventsRecord>(payload).map(Decoded::Events)
            };
            match decoded {
                Ok(decoded) => items.push(Item { decoded, message: message.detach() }),
                Err(e) => dead_letter(&dlq, &topics, &message, DeadLetterReason::UndecodableEvent, &e.to_string()),
            }
        }
        if records == 0 {
            continue;
        }
        let batch = ProjectionBatch::of(items.iter().map(|i| &i.decoded));
        match write_until_done(pool, runtime, &batch, shutdown) {
            Written::Yes => {}
            Written::Stopped => break,
            Written::RefusedData => {
                if !write_one_by_one(pool, runtime, &items, shutdown, |item, error| {
                    dead_letter(&dlq, &topics, &item.message, DeadLetterReason::Unprojectable, error);
                }) {
                    break;
                }
            }
        }
        crate::kafka::delivery::drain(&dlq, Duration::from_secs(30))?;
        // A failed commit (a rebalance under way) is covered by the next one; the rows written
        // are idempotent, so a redelivered batch changes nothing.
        if let Err(e) = consumer.commit(&offsets, CommitMode::Sync) {
            telemetry::commit_failed(&e.to_string());
        }
        telemetry::events_projected(batch.rows.len(), batch.changes.len());
    }
    // A stopping member lets a rebalance under way finish first (local broker bug).
    let session = Duration::from_millis(config.session_timeout_ms);
    crate::kafka::rebalance::settle_before_leaving(&consumer, &group, session);
    Ok(())
}

/// How a batch write ended.
enum Written {
    Yes,
    /// Shutdown came first.
    Stopped,
    /// PostgreSQL refused the data (see [`crate::store::StoreError::is_about_data`]).
    RefusedData,
}

/// Writes `batch`, retrying with backoff while PostgreSQL is unreachable or failing for any
/// reason other than the data itself.
fn write_until_done(
    pool: &PgPool,
    runtime: &tokio::runtime::Handle,
    batch: &ProjectionBatch,
    shutdown: &AtomicBool,
) -> Written {
    let mut backoff = Backoff::default();
    loop {
        match runtime.block_on(batch.write(pool)) {
            Ok(()) => return Written::Yes,
            Err(e) if e.is_about_data() => return Written::RefusedData,
            Err(e) => {
                let delay = backoff.next_delay();
                telemetry::projection_write_failed(&e.to_string(), delay);
                if !crate::retry::pause_blocking(delay, shutdown) {
                    return Written::Stopped;
                }
            }
        }
    }
}

/// Writes a batch PostgreSQL refused, record by record, in order: a refused record is written
/// again without NUL characters, and given to `unprojectable` if even that is refused;
/// `false` if stopped first.
fn write_one_by_one(
    pool: &PgPool,
    runtime: &tokio::runtime::Handle,
    items: &[Item],
    shutdown: &AtomicBool,
    mut unprojectable: impl FnMut(&Item, &str),
) -> bool {
    for item in items {
        let alone = ProjectionBatch::of([&item.decoded]);
        match write_until_done(pool, runtime, &alone, shutdown) {
            Written::Yes => continue,
            Written::Stopped => return false,
            Written::RefusedData => {}
        }
        let cleaned = item.decoded.without_nul().map(|d| ProjectionBatch::of([&d]));
        let written = match &cleaned {
            Some(batch) => write_until_done(pool, runtime, batch, shutdown),
            None => Written::RefusedData,
        };
        match written {
            Written::Yes => {
                telemetry::projected_without_nul(item.message.topic(), item.message.partition(), item.message.offset())
            }
            Written::Stopped => return false,
            Written::RefusedData => unprojectable(item, "PostgreSQL refused the record, even without NUL characters"),
        }
    }
    true
}

fn dead_letter<M: Message>(dlq: &BaseProducer, topics: &Topics, message: &M, reason: DeadLetterReason, error: &str) {
    let letter = DeadLetter::of(message, reason, error, None);
    let headers = letter.owned_headers();
    let mut record = BaseRecord::to(&topics.dlq).payload(letter.value.as_slice()).headers(headers);
    if !letter.key.is_empty() {
        record = record.key(letter.key.as_slice());
    }
    // The local queue may be full: serve delivery reports and try again, never drop it.
    while let Err((e, refused)) = dlq.send(record) {
        telemetry::produce_retried(&e.to_string());
        dlq.poll(Duration::from_millis(100));
        record = refused;
    }
}
