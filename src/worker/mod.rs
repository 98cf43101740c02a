//! The command worker runtime shared by planners and executors: consumes `apex.commands` in a
//! consumer group, works on up to `APEX_WORKER_CONCURRENCY` commands at once, publishes each
//! answer on `apex.envelopes`, and commits a partition's offset only up to its oldest command
//! not yet answered ([`offsets`]).
//!
//! - **Backpressure**: when every slot is busy, the worker stops taking records; librdkafka's
//!   own prefetch queue is bounded, so nothing grows without limit.
//! - **At-least-once, deduplicated downstream**: an answer's `eventId` is derived from the
//!   command id, so a redelivered command yields the same answer and the processor drops it;
//!   handlers keep tools from running twice ([`crate::executor::guard`]).
//! - **Nothing dropped on a transient failure**: an unreachable schema registry, a broker
//!   that does not take the answer, or a handler that asks to be called [`Reply::Later`]
//!   (e.g. Redis down) keeps the command and its offset until it can be answered.
//! - **Rebalances are normal**: commit errors (`IllegalGeneration`, `UnknownMemberId`,
//!   `RebalanceInProgress`, …) are logged and the next commit covers them; revoked partitions
//!   are forgotten and their unanswered commands redelivered to the new owner.
//! - **Graceful stop**: on shutdown the worker stops fetching, lets commands in flight finish
//!   for up to `APEX_SHUTDOWN_GRACE_MS`, commits, and returns.

pub mod offsets;

use std::borrow::Cow;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use rdkafka::consumer::{CommitMode, Consumer, StreamConsumer};
use rdkafka::message::{Header, Message, OwnedHeaders, OwnedMessage};
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::util::Timeout;
use rdkafka::{Offset, TopicPartitionList};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc};

use crate::clock::wall_clock;
use crate::codec::wire::WireCodec;
use crate::config::Config;
use crate::core::command::Command;
use crate::core::envelope::{Envelope, SCHEMA_VERSION, Trace};
use crate::core::ids::{EventId, IdempotencyKey};
use crate::core::input::Input;
use crate::core::message::Message as AnyMessage;
use crate::core::span::SpanId;
use crate::kafka::headers::{TRACEPARENT, traceparent};
use crate::kafka::rebalance::{Change, RebalanceLog};
use crate::kafka::topics::Topics;
use crate::retry::{Backoff, pause};
use crate::telemetry;
use offsets::{Offsets, Ticket};

/// Why a worker stopped.
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    #[error("Kafka: {0}")]
    Kafka(#[from] rdkafka::error::KafkaError),
}

/// What a handler makes of a command.
#[derive(Debug)]
pub enum Reply {
    /// Publish this answer.
    Answer(Box<Envelope<Input>>),
    /// Not this role's command (or one to leave alone): nothing to publish.
    NotOurs,
    /// Infrastructure it needs is down: ask again after exactly this long (the handler paces
    /// itself: it may have a deadline to keep), keeping the offset uncommitted and the slot
    /// taken (when every slot waits, fetching pauses: backpressure).
    Later(Duration),
    /// Another worker is running it: ask again after about this long for that worker's
    /// answer, keeping the offset uncommitted but giving the slot up meanwhile, so commands
    /// a dead worker had locked do not starve the ones behind them.
    Elsewhere(Duration),
}

/// A role's logic: answers one command. Called concurrently, so it takes `&self`.
#[async_trait::async_trait]
pub trait Handler: Send + Sync + 'static {
    /// Answers `command`, stamped by the processor with fencing token `fence` (if leased).
    async fn handle(&self, command: &Envelope<Command>, fence: Option<u64>) -> Reply;
}

/// The answer envelope to `command`, with an id derived from the command id.
pub fn answer(command: &Envelope<Command>, source: &'static str, payload: Input) -> Envelope<Input> {
    let id = command.correlation_id.derive_fmt(format_args!("answer/{}", command.payload.command_id()));
    Envelope {
        event_id: EventId::from_uuid(id),
        correlation_id: command.correlation_id,
        idempotency_key: IdempotencyKey::from_uuid(id),
        tenant_id: command.tenant_id.clone(),
        timestamp: wall_clock(),
        source: Cow::Borrowed(source),
        trace: Trace { trace_id: command.trace.trace_id.clone(), span_id: SpanId::derived(id) },
        schema_version: Cow::Borrowed(SCHEMA_VERSION),
        payload,
    }
}

/// Everything a command's task needs, shared.
struct Shared {
    codec: WireCodec,
    producer: FutureProducer,
    answers_topic: String,
    handler: Arc<dyn Handler>,
    shutdown: Arc<AtomicBool>,
}

/// Runs until `shutdown` is set, then drains (see the module docs).
///
/// # Errors
/// [`WorkerError`] when the Kafka clients cannot be created or subscribed.
pub async fn run(
    config: &Config,
    group: &str,
    codec: WireCodec,
    shutdown: Arc<AtomicBool>,
    handler: Arc<dyn Handler>,
) -> Result<(), WorkerError> {
    let topics = Topics::new(&config.topic_prefix);
    let consumer: Arc<StreamConsumer<RebalanceLog>> = Arc::new(
        crate::kafka::client::consumer(config, group).create_with_context(RebalanceLog::new(&topics.commands))?,
    );
    consumer.subscribe(&[&topics.commands])?;
    let mut producer = crate::kafka::client::producer(config, None);
    // An answer is one record that a saga waits on: linger 1 ms, not the 5 ms that suits the
    // processor's large batches. A pass-through `APEX_KAFKA_CONF_LINGER_MS` still wins.
    if !config.kafka_properties.contains_key("linger.ms") {
        producer.set("linger.ms", "1");
    }
    let shared = Arc::new(Shared {
        codec,
        producer: producer.create()?,
        answers_topic: topics.envelopes.clone(),
        handler,
        shutdown: shutdown.clone(),
    });
    let concurrency = config.worker_concurrency;
    let permits = Arc::new(Semaphore::new(concurrency));
    let (done_tx, mut done_rx) = mpsc::unbounded_channel::<Ticket>();
    let mut offsets = Offsets::default();
    let mut tick = tokio::time::interval(Duration::from_millis(100));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut slot: Option<OwnedSemaphorePermit> = None;
    while !shutdown.load(Ordering::Relaxed) {
        tokio::select! {
            biased;
            Some(ticket) = done_rx.recv() => offsets.finish(ticket),
            _ = tick.tick() => {
                forget_revoked(&consumer, &mut offsets);
                commit(&consumer, &topics.commands, &mut offsets, CommitMode::Async);
            }
            permit = permits.clone().acquire_owned(), if slot.is_none() => slot = permit.ok(),
            received = consumer.recv(), if slot.is_some() => match received {
                Ok(message) => {
                    let ticket = offsets.start(message.partition(), message.offset());
                    let (shared, done, mut permit) = (shared.clone(), done_tx.clone(), slot.take());
                    let (message, permits) = (message.detach(), permits.clone());
                    tokio::spawn(async move {
                        if work(&shared, &message, &permits, &mut permit).await {
                            let _ = done.send(ticket);
                        }
                        drop(permit);
                    });
                }
                Err(e) => telemetry::consumer_failed(&e.to_string()),
            },
        }
    }
    drop(slot);
    drain(&permits, concurrency, &mut done_rx, &mut offsets, Duration::from_millis(config.shutdown_grace_ms)).await;
    forget_revoked(&consumer, &mut offsets);
    commit(&consumer, &topics.commands, &mut offsets, CommitMode::Sync);
    // A stopping member lets a rebalance under way finish first (local broker bug).
    let session = Duration::from_millis(config.session_timeout_ms);
    crate::kafka::rebalance::settle_stream_before_leaving(consumer, group, session).await;
    Ok(())
}

/// Lets the commands in flight finish for up to `grace`, recording what they finish.
async fn drain(
    permits: &Arc<Semaphore>,
    concurrency: usize,
    done_rx: &mut mpsc::UnboundedReceiver<Ticket>,
    offsets: &mut Offsets,
    grace: Duration,
) {
    let all = u32::try_from(concurrency).unwrap_or(u32::MAX);
    let deadline = tokio::time::Instant::now() + grace;
    let idle = permits.acquire_many(all);
    tokio::pin!(idle);
    loop {
        tokio::select! {
            Some(ticket) = done_rx.recv() => offsets.finish(ticket),
            _ = &mut idle => break,
            _ = tokio::time::sleep_until(deadline) => {
                telemetry::worker_stopped_with_commands_in_flight(offsets.in_flight());
                break;
            }
        }
    }
    while let Ok(ticket) = done_rx.try_recv() {
        offsets.finish(ticket);
    }
}

fn forget_revoked(consumer: &StreamConsumer<RebalanceLog>, offsets: &mut Offsets) {
    for change in consumer.context().take() {
        if let Change::Revoked(partitions) = change {
            partitions.into_iter().for_each(|p| offsets.forget(p));
        }
    }
}

/// Commits the positions that moved. A failure (usually a rebalance under way) is logged and
/// counted; the next commit, by this member or the partition's new owner, covers it.
fn commit(consumer: &StreamConsumer<RebalanceLog>, topic: &str, offsets: &mut Offsets, mode: CommitMode) {
    let positions = offsets.take_committable();
    if positions.is_empty() {
        return;
    }
    let mut list = TopicPartitionList::new();
    for (partition, offset) in positions {
        if list.add_partition_offset(topic, partition, Offset::Offset(offset)).is_err() {
            return;
        }
    }
    if let Err(e) = consumer.commit(&list, mode) {
        telemetry::commit_failed(&e.to_string());
    }
}

/// Decodes, handles and answers one record, in the slot `permit` of `permits`; `false` if it
/// must stay uncommitted (the worker is stopping before it could be answered).
async fn work(
    shared: &Shared,
    message: &OwnedMessage,
    permits: &Arc<Semaphore>,
    permit: &mut Option<OwnedSemaphorePermit>,
) -> bool {
    let mut backoff = Backoff::default();
    let envelope = loop {
        match shared.codec.decode::<AnyMessage>(message.payload().unwrap_or_default()) {
            Ok(envelope) => break envelope,
            Err(e) => match e.reason() {
                Some(reason) => {
                    telemetry::command_skipped(reason, &e.to_string(), message.partition(), message.offset());
                    return true;
                }
                None => {
                    telemetry::worker_waited("schema registry", &e.to_string());
                    if !backoff.wait(&shared.shutdown).await {
                        return false;
                    }
                }
            },
        }
    };
    let Some(command) = envelope.try_map(|m| match m {
        AnyMessage::Command(c) => Some(c),
        _ => None,
    }) else {
        return true;
    };
    let fence = header_of(message, crate::kafka::headers::FENCE);
    let partition: Option<i32> = header_of(message, crate::kafka::headers::WORKFLOW_PARTITION);
    let reply = loop {
        match shared.handler.handle(&command, fence).await {
            Reply::Later(after) => {
                if !pause(after, &shared.shutdown).await {
                    return false;
                }
            }
            Reply::Elsewhere(after) => {
                drop(permit.take());
                if !backoff.wait_at_least(after, &shared.shutdown).await {
                    return false;
                }
                *permit = permits.clone().acquire_owned().await.ok();
            }
            other => break other,
        }
    };
    match reply {
        Reply::Answer(reply) => publish(shared, &reply, partition).await,
        Reply::NotOurs | Reply::Later(_) | Reply::Elsewhere(_) => true,
    }
}

/// Publishes `reply` (to `partition`, the workflow's, when the command named it) until the
/// broker takes it; `false` if the worker stopped first.
async fn publish(shared: &Shared, reply: &Envelope<Input>, partition: Option<i32>) -> bool {
    let mut backoff = Backoff::default();
    let value = loop {
        // In Avro mode the answer is Avro or nothing: a JSON fallback would change the wire
        // format under the processor's feet.
        match shared.codec.encode(&shared.answers_topic, reply) {
            Ok(value) => break value,
            Err(e) => {
                telemetry::worker_waited("schema registry", &e.to_string());
                if !backoff.wait(&shared.shutdown).await {
                    return false;
                }
            }
        }
    };
    let key = reply.correlation_id.to_string();
    let trace = traceparent(&reply.trace);
    loop {
        let headers = OwnedHeaders::new().insert(Header { key: TRACEPARENT, value: Some(trace.as_bytes()) });
        let mut record = FutureRecord::to(&shared.answers_topic).key(&key).payload(&value).headers(headers);
        if let Some(partition) = partition {
            record = record.partition(partition);
        }
        match shared.producer.send(record, Timeout::After(Duration::from_secs(30))).await {
            Ok(_) => {
                telemetry::answer_published();
                return true;
            }
            Err((e, _)) => {
                telemetry::worker_waited("broker", &e.to_string());
                if !backoff.wait(&shared.shutdown).await {
                    return false;
                }
            }
        }
    }
}

/// A number the processor stamped on a command (`apex.fence`, `apex.workflow.partition`), if any.
fn header_of<M: Message, T: std::str::FromStr>(message: &M, name: &str) -> Option<T> {
    use rdkafka::message::Headers;
    let headers = message.headers()?;
    headers.iter().find(|h| h.key == name).and_then(|h| std::str::from_utf8(h.value?).ok()?.parse().ok())
}
