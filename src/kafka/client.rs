//! librdkafka settings shared by every role, tuned for this workload (measurements in
//! `BENCHMARKS.md` and the notes on the local broker).

use rdkafka::ClientConfig;

use crate::config::Config;

/// Base settings: brokers, Java-compatible key partitioning, and the pass-through properties
/// (`APEX_KAFKA_CONF_*`, e.g. SASL/TLS), which win over everything set here.
pub fn base(config: &Config) -> ClientConfig {
    let mut c = ClientConfig::new();
    c.set("bootstrap.servers", &config.brokers);
    c.set("client.id", format!("apex-{}", config.instance_id));
    c
}

fn finish(mut c: ClientConfig, config: &Config) -> ClientConfig {
    for (key, value) in &config.kafka_properties {
        c.set(key, value);
    }
    c
}

/// A consumer of a group: manual offsets, read_committed, quick fetches.
pub fn consumer(config: &Config, group_id: &str) -> ClientConfig {
    let mut c = base(config);
    c.set("group.id", group_id)
        .set("enable.auto.commit", "false")
        .set("enable.auto.offset.store", "false")
        .set("auto.offset.reset", "earliest")
        .set("isolation.level", "read_committed")
        .set("session.timeout.ms", config.session_timeout_ms.to_string())
        .set("heartbeat.interval.ms", (config.session_timeout_ms / 5).max(100).to_string())
        .set("partition.assignment.strategy", "range")
        // librdkafka waits up to a second after a full local queue by default, and a fetch
        // waits out fetch.wait.max.ms even when data is there: both cap throughput and latency.
        .set("fetch.queue.backoff.ms", "5")
        .set("fetch.wait.max.ms", "10");
    // Static membership: a member restarted under the same id takes its partitions back at
    // once instead of waiting for the group to expire the dead one (measured: 18.8 s → 8.7 s
    // here, BENCHMARKS.md). Only for stable ids (a StatefulSet): a member that goes away for
    // good keeps its partitions until the session times out, since static members do not
    // leave the group on close.
    if config.static_membership && !config.instance_id.is_empty() {
        c.set("group.instance.id", format!("{group_id}.{}", config.instance_id));
    }
    finish(c, config)
}

/// A consumer outside any group (state restore, tests, tools).
pub fn reader(config: &Config) -> ClientConfig {
    let mut c = base(config);
    c.set("group.id", format!("apex-reader-{}", config.instance_id))
        .set("enable.auto.commit", "false")
        .set("isolation.level", "read_committed")
        .set("fetch.queue.backoff.ms", "5")
        .set("fetch.wait.max.ms", "10");
    finish(c, config)
}

/// Assigns every partition of `topic` to `consumer`, from the beginning (readers that follow
/// or scan a whole topic: one partition alone misses every key that hashes elsewhere).
///
/// # Errors
/// [`rdkafka::error::KafkaError`] when the topic's metadata cannot be fetched.
pub fn assign_whole_topic<C: rdkafka::consumer::ConsumerContext>(
    consumer: &rdkafka::consumer::BaseConsumer<C>,
    topic: &str,
) -> Result<(), rdkafka::error::KafkaError> {
    use rdkafka::consumer::Consumer;
    let metadata = consumer.fetch_metadata(Some(topic), std::time::Duration::from_secs(10))?;
    let partitions = metadata.topics().first().map_or(0, |t| t.partitions().len());
    let mut tpl = rdkafka::TopicPartitionList::new();
    for p in 0..partitions as i32 {
        tpl.add_partition_offset(topic, p, rdkafka::Offset::Beginning)?;
    }
    consumer.assign(&tpl)
}

/// Produces an input envelope to `topic` (keyed by its workflow, with its `traceparent`) and
/// waits for the broker to take it: what the API and operator commands send.
///
/// # Errors
/// [`rdkafka::error::KafkaError`] when the broker does not take it within 10 s.
pub async fn produce_input(
    producer: &rdkafka::producer::FutureProducer,
    topic: &str,
    envelope: &crate::core::envelope::Envelope<crate::core::input::Input>,
) -> Result<(), rdkafka::error::KafkaError> {
    use rdkafka::message::{Header, OwnedHeaders};
    let key = envelope.correlation_id.to_string();
    let value = envelope.to_json();
    let trace = crate::kafka::headers::traceparent(&envelope.trace);
    let headers =
        OwnedHeaders::new().insert(Header { key: crate::kafka::headers::TRACEPARENT, value: Some(trace.as_bytes()) });
    let record = rdkafka::producer::FutureRecord::to(topic).key(&key).payload(&value).headers(headers);
    producer.send(record, std::time::Duration::from_secs(10)).await.map(|_| ()).map_err(|(e, _)| e)
}

/// An idempotent producer; transactional when `transactional_id` is given.
pub fn producer(config: &Config, transactional_id: Option<&str>) -> ClientConfig {
    let mut c = base(config);
    c.set("enable.idempotence", "true")
        .set("acks", "all")
        .set("linger.ms", "5")
        .set("batch.num.messages", "10000")
        .set("batch.size", "1000000")
        .set("queue.buffering.max.messages", "1000000")
        // The broker shares the machine: lz4 halves the bytes it stores and serves for little
        // client CPU (measured: the pass-through copy 219k → 380k records/s, APEX +13%).
        .set("compression.type", "lz4")
        .set("partitioner", "murmur2_random")
        // librdkafka refuses records over 1,000,000 bytes by default, below what the processor
        // accepts (`APEX_MAX_ENVELOPE_BYTES`): every output of an accepted input must fit.
        .set("message.max.bytes", config.max_record_bytes.to_string());
    if let Some(id) = transactional_id {
        // A producer that dies mid-transaction blocks read_committed readers of its partitions
        // until the broker aborts it: keep that window short (batches take well under 1 s).
        c.set("transactional.id", id).set("transaction.timeout.ms", "15000");
    }
    finish(c, config)
}

/// An admin client.
pub fn admin(config: &Config) -> ClientConfig {
    finish(base(config), config)
}
