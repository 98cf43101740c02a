//! The producing side of a batch: records go out inside a transaction with the input offsets
//! (`exactly_once`), or are all acknowledged before the offsets are committed
//! (`at_least_once`). A refused produce is retried, never skipped.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use rdkafka::ClientContext;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer, ConsumerContext};
use rdkafka::error::KafkaError;
use rdkafka::message::{Header, OwnedHeaders};
use rdkafka::producer::{BaseProducer, BaseRecord, DeliveryResult, Producer, ProducerContext};
use rdkafka::topic_partition_list::TopicPartitionList;

use crate::config::{Config, Guarantee};
use crate::kafka::delivery;
use crate::kafka::topics::Topics;
use crate::telemetry;

/// Which topic a record goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Envelopes,
    Commands,
    Outcomes,
    Events,
    State,
    Dlq,
}

/// One record to produce.
#[derive(Debug)]
pub struct Record {
    pub target: Target,
    /// Explicit partition (co-partitioned outputs), or `None` for key hashing.
    pub partition: Option<i32>,
    pub key: Vec<u8>,
    pub value: Vec<u8>,
    pub headers: Vec<(&'static str, Vec<u8>)>,
}

/// Why a batch could not be made durable; the runner rolls back and reprocesses.
#[derive(Debug, thiserror::Error)]
pub enum SinkError {
    #[error("Kafka: {0}")]
    Kafka(#[from] KafkaError),
    #[error("{count} record(s) were not delivered; last error: {last}")]
    Undelivered {
        count: u64,
        last: String,
        /// The last failure was about a record itself (its size, its shape), not the broker.
        record_tied: bool,
    },
    #[error("the consumer has no group metadata (not in a group yet)")]
    NoGroupMetadata,
    #[error("the encoding thread has stopped")]
    EncoderGone,
    #[error("a record was submitted before the batch's producer was")]
    NoProducer,
    /// An envelope could not be written in the configured format (in Avro mode: the registry
    /// is unreachable). The batch is aborted and retried; it never falls back to another format.
    #[error("encoding: {0}")]
    Encode(String),
}

impl SinkError {
    /// Whether the failure is about one record (too large, refused as invalid) rather than the
    /// broker or the network: retrying the same batch would fail the same way for ever, so the
    /// processor isolates the input that made it (see `runner`).
    pub fn is_record_tied(&self) -> bool {
        match self {
            Self::Kafka(e) => record_tied(e),
            Self::Undelivered { record_tied, .. } => *record_tied,
            _ => false,
        }
    }
}

/// Kafka errors about a record itself.
fn record_tied(error: &KafkaError) -> bool {
    use rdkafka::types::RDKafkaErrorCode as Code;
    matches!(
        error.rdkafka_error_code(),
        Some(
            Code::MessageSizeTooLarge
                | Code::InvalidMessageSize
                | Code::InvalidMessage
                | Code::InvalidRecord
                | Code::MessageBatchTooLarge
        )
    )
}

/// Remembers delivery failures; the batch fails if any record failed.
#[derive(Default)]
pub struct DeliveryTracker {
    failures: Mutex<Failures>,
}

/// Delivery failures since the last drain.
#[derive(Default)]
struct Failures {
    count: u64,
    last: String,
    record_tied: bool,
}

impl ClientContext for DeliveryTracker {}

impl ProducerContext for DeliveryTracker {
    type DeliveryOpaque = ();
    fn delivery(&self, result: &DeliveryResult<'_>, _: ()) {
        if let Err((error, _)) = result
            && let Ok(mut f) = self.failures.lock()
        {
            f.count += 1;
            f.last = error.to_string();
            f.record_tied = record_tied(error);
        }
    }
}

/// The processor's producer: transactions and commits. Records reach it through the
/// [`super::encoder::Encoder`], which sends with [`produce`].
pub struct Sink {
    producer: Arc<BaseProducer<DeliveryTracker>>,
    guarantee: Guarantee,
    in_transaction: bool,
}

const TXN_TIMEOUT: Duration = Duration::from_secs(30);
/// How often a timed-out abort is asked again before the producer is replaced.
const ABORT_ATTEMPTS: u32 = 3;

/// The topic of a target.
fn topic_of(topics: &Topics, target: Target) -> &str {
    match target {
        Target::Envelopes => &topics.envelopes,
        Target::Commands => &topics.commands,
        Target::Outcomes => &topics.outcomes,
        Target::Events => &topics.events,
        Target::State => &topics.state,
        Target::Dlq => &topics.dlq,
    }
}

/// Queues one record, waiting while the local queue is full.
///
/// # Errors
/// [`SinkError::Kafka`] for a non-retriable produce error.
pub fn produce(producer: &BaseProducer<DeliveryTracker>, topics: &Topics, record: &Record) -> Result<(), SinkError> {
    let mut headers = OwnedHeaders::new_with_capacity(record.headers.len());
    for (key, value) in &record.headers {
        headers = headers.insert(Header { key, value: Some(value.as_slice()) });
    }
    let mut base = BaseRecord::to(topic_of(topics, record.target))
        .key(record.key.as_slice())
        .payload(record.value.as_slice())
        .headers(headers);
    if let Some(p) = record.partition {
        base = base.partition(p);
    }
    delivery::send(producer, base)?;
    telemetry::record_produced();
    Ok(())
}

impl Sink {
    /// Creates the producer; in `exactly_once` mode also initialises transactions (fencing any
    /// earlier producer with the same instance id and aborting its open transaction).
    ///
    /// # Errors
    /// [`SinkError::Kafka`] when the producer cannot be created or initialised.
    pub fn new(config: &Config) -> Result<Self, SinkError> {
        let txn_id = format!("{}processor-{}", config.topic_prefix, config.instance_id);
        let exactly_once = config.guarantee == Guarantee::ExactlyOnce;
        let producer: BaseProducer<DeliveryTracker> =
            crate::kafka::client::producer(config, exactly_once.then_some(txn_id.as_str()))
                .create_with_context(DeliveryTracker::default())?;
        if exactly_once {
            producer.init_transactions(TXN_TIMEOUT)?;
        }
        Ok(Self { producer: Arc::new(producer), guarantee: config.guarantee, in_transaction: false })
    }

    /// The producer, for the encoder to send with.
    pub fn producer(&self) -> Arc<BaseProducer<DeliveryTracker>> {
        Arc::clone(&self.producer)
    }

    /// Starts a batch.
    ///
    /// # Errors
    /// [`SinkError::Kafka`] if a transaction cannot begin.
    pub fn begin(&mut self) -> Result<(), SinkError> {
        if self.guarantee == Guarantee::ExactlyOnce && !self.in_transaction {
            self.producer.begin_transaction()?;
            self.in_transaction = true;
        }
        Ok(())
    }

    /// Waits until every queued record is acknowledged. Done before `commit_transaction`,
    /// whose own flush waits in 100 ms slices: measured, draining first made a transactional
    /// copy 4× faster.
    fn drain(&self) -> Result<(), SinkError> {
        delivery::drain(&self.producer, TXN_TIMEOUT)?;
        let mut failures = self.producer.context().failures.lock().map_err(|_| SinkError::Undelivered {
            count: 1,
            last: "delivery tracker poisoned".into(),
            record_tied: false,
        })?;
        if failures.count > 0 {
            let Failures { count, last, record_tied } = std::mem::take(&mut *failures);
            return Err(SinkError::Undelivered { count, last, record_tied });
        }
        Ok(())
    }

    /// Makes the batch durable together with `offsets` (next offsets to read).
    ///
    /// # Errors
    /// [`SinkError`]; the caller must [`Self::abort`] and reprocess from the committed offsets.
    pub fn commit<C: ConsumerContext>(
        &mut self,
        offsets: &TopicPartitionList,
        consumer: &BaseConsumer<C>,
    ) -> Result<(), SinkError> {
        self.drain()?;
        match self.guarantee {
            Guarantee::ExactlyOnce => {
                if offsets.count() > 0 {
                    let metadata = consumer.group_metadata().ok_or(SinkError::NoGroupMetadata)?;
                    self.producer.send_offsets_to_transaction(offsets, &metadata, TXN_TIMEOUT)?;
                }
                self.producer.commit_transaction(TXN_TIMEOUT)?;
                self.in_transaction = false;
            }
            Guarantee::AtLeastOnce => {
                if offsets.count() > 0 {
                    consumer.commit(offsets, CommitMode::Sync)?;
                }
            }
        }
        Ok(())
    }

    /// Rolls back an open transaction (outputs already acknowledged in at-least-once mode
    /// stay; their deterministic ids make them recognisable duplicates).
    ///
    /// An abort that times out is retriable and asked again (librdkafka's contract: until then
    /// the transaction is still being aborted and every other call conflicts with it). Returns
    /// `false` when the transaction could not be aborted: the producer must be replaced.
    pub fn abort(&mut self) -> bool {
        let mut aborted = true;
        if self.in_transaction {
            // librdkafka's abort waits for the records in flight, whose delivery reports only
            // a poll serves: serve them first, or the abort times out waiting for itself.
            let _ = self.drain();
            for attempt in 1..=ABORT_ATTEMPTS {
                match self.producer.abort_transaction(TXN_TIMEOUT) {
                    Ok(()) => break,
                    Err(KafkaError::Transaction(e)) if e.is_retriable() && attempt < ABORT_ATTEMPTS => {
                        telemetry::abort_failed(&e.to_string(), attempt, false);
                    }
                    Err(e) => {
                        telemetry::abort_failed(&e.to_string(), attempt, true);
                        aborted = false;
                        break;
                    }
                }
            }
            self.in_transaction = false;
        }
        let _ = self.drain();
        aborted
    }
}
