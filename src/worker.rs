//! A command worker: consumes `apex.commands` in a consumer group, gives every command it
//! handles to a handler, publishes the answer on `apex.envelopes`, and commits offsets once
//! the answers are acknowledged (at-least-once). An answer's `eventId` is derived from the
//! command id, so a redelivered command yields the same answer and the processor drops it.

use std::borrow::Cow;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer};
use rdkafka::message::Message;
use rdkafka::producer::{BaseProducer, BaseRecord};
use rdkafka::{Offset, TopicPartitionList};

use crate::codec::wire::WireCodec;
use crate::config::Config;
use crate::core::command::Command;
use crate::core::envelope::{Envelope, SCHEMA_VERSION, Trace};
use crate::core::hash::FxHashSet;
use crate::core::ids::{CommandId, EventId, IdempotencyKey};
use crate::core::input::Input;
use crate::core::message::Message as AnyMessage;
use crate::core::span::SpanId;
use crate::core::time::Timestamp;
use crate::kafka::headers::{TRACEPARENT, traceparent};
use crate::kafka::topics::Topics;

/// Why a worker stopped.
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    #[error("Kafka: {0}")]
    Kafka(#[from] rdkafka::error::KafkaError),
}

/// The current time as a timestamp (workers are shells: they may read the clock).
pub fn wall_clock() -> Timestamp {
    Timestamp::from_millis(SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64))
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

/// Runs until `shutdown`: `handler` answers the commands it handles (given the command's
/// fencing token, if stamped) and returns `None` for the others (another role's).
///
/// # Errors
/// [`WorkerError`] when Kafka clients cannot be created.
pub fn run(
    config: &Config,
    group: &str,
    codec: &WireCodec,
    shutdown: &Arc<AtomicBool>,
    mut handler: impl FnMut(&Envelope<Command>, Option<u64>) -> Option<Envelope<Input>>,
) -> Result<(), WorkerError> {
    let topics = Topics::new(&config.topic_prefix);
    let consumer: BaseConsumer = crate::kafka::client::consumer(config, group).create()?;
    consumer.subscribe(&[&topics.commands])?;
    let producer: BaseProducer = crate::kafka::client::producer(config, None).create()?;
    let mut handled: FxHashSet<CommandId> = FxHashSet::default();
    while !shutdown.load(Ordering::Relaxed) {
        let started = Instant::now();
        let mut offsets = TopicPartitionList::new();
        while started.elapsed() < Duration::from_millis(20) {
            let Some(result) = consumer.poll(Duration::from_millis(20)) else { break };
            let message = match result {
                Ok(m) => m,
                Err(e) => {
                    tracing::warn!(error = %e, "consumer error");
                    continue;
                }
            };
            offsets.add_partition_offset(message.topic(), message.partition(), Offset::Offset(message.offset() + 1))?;
            let Ok(envelope) = codec.decode::<AnyMessage>(message.payload().unwrap_or_default()) else { continue };
            let Some(command) = envelope.try_map(|m| match m {
                AnyMessage::Command(c) => Some(c),
                _ => None,
            }) else {
                continue;
            };
            if handled.contains(&command.payload.command_id()) {
                continue;
            }
            let fence = fence_of(&message);
            let Some(reply) = handler(&command, fence) else { continue };
            handled.insert(command.payload.command_id());
            let key = reply.correlation_id.to_string();
            let value = codec.encode(&topics.envelopes, &reply).unwrap_or_else(|_| reply.to_json());
            let header = traceparent(&reply.trace);
            let headers = rdkafka::message::OwnedHeaders::new()
                .insert(rdkafka::message::Header { key: TRACEPARENT, value: Some(header.as_bytes()) });
            let record =
                BaseRecord::to(&topics.envelopes).key(key.as_bytes()).payload(value.as_slice()).headers(headers);
            if let Err((e, _)) = producer.send(record) {
                tracing::warn!(error = %e, "answer not queued; the command will be redelivered");
                handled.remove(&command.payload.command_id());
            }
        }
        if offsets.count() > 0 {
            crate::kafka::delivery::drain(&producer, Duration::from_secs(30))?;
            consumer.commit(&offsets, CommitMode::Sync)?;
        }
    }
    Ok(())
}

/// The fencing token the processor stamped on a command (`apex.fence` header), if any.
fn fence_of<M: Message>(message: &M) -> Option<u64> {
    use rdkafka::message::Headers;
    let headers = message.headers()?;
    headers
        .iter()
        .find(|h| h.key == crate::kafka::headers::FENCE)
        .and_then(|h| std::str::from_utf8(h.value?).ok()?.parse().ok())
}
