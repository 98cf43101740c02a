//! `apex bench pipeline`: the processor against a raw transactional copy on the same broker.
//!
//! 1. Preloads a realistic workload (`apex::workload`) into fresh topics (random prefix).
//! 2. Baseline: consume → produce each record unchanged → `send_offsets_to_transaction` →
//!    commit, in batches like the processor's (no decoding, no fold).
//! 3. APEX: the processor folds the same envelopes (decode, decide, encode events, commands,
//!    outcomes, snapshots) in transactions.
//! 4. Latency: goals produced at half the measured APEX rate; envelope→command latency is
//!    the time from a goal's timestamp to its `PlanGoal` command reaching a consumer.
//!
//! Rates are measured from the first record processed to the last (group joins excluded).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::Message;
use rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use rdkafka::{Offset, TopicPartitionList};

use crate::codec::wire::WireCodec;
use crate::config::Config;
use crate::core::builder::InputBuilder;
use crate::core::envelope::Envelope;
use crate::core::ids::{TenantId, WorkflowId};
use crate::core::message::Message as AnyMessage;
use crate::core::time::Timestamp;
use crate::kafka::topics::Topics;
use crate::workload::{histories_at, interleave};

/// Options of `apex bench pipeline`.
#[derive(Debug, Clone, clap::Args)]
pub struct PipelineArgs {
    /// Workflows in the preloaded workload (≈13 envelopes each).
    #[arg(long, default_value_t = 20_000)]
    pub workflows: usize,
    /// Partitions of the benchmark topics.
    #[arg(long, default_value_t = 4)]
    pub partitions: i32,
    /// Seconds of the latency phase.
    #[arg(long, default_value_t = 10)]
    pub latency_seconds: u64,
    /// Goals per second in the latency phase; default: half the measured APEX rate.
    #[arg(long)]
    pub latency_rate: Option<f64>,
}

/// Why a benchmark could not run.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    #[error("Kafka: {0}")]
    Kafka(#[from] rdkafka::error::KafkaError),
    #[error(transparent)]
    Topics(#[from] crate::kafka::topics::TopicsError),
    #[error(transparent)]
    Run(#[from] crate::processor::runner::RunError),
    #[error(transparent)]
    Codec(#[from] crate::codec::avro::AvroError),
    #[error("{0}")]
    Stalled(String),
}

fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

/// Runs the pipeline benchmark and prints a Markdown table.
///
/// # Errors
/// [`BenchError`] when the broker cannot be used or a phase stalls.
pub async fn pipeline(config: &Config, args: PipelineArgs) -> Result<(), BenchError> {
    let mut config = config.isolated("bench");
    config.partitions = args.partitions;
    crate::kafka::topics::create(&config).await?;
    let copy_topic = format!("{}copy", config.topic_prefix);
    create_copy_topic(&config, &copy_topic).await?;
    let handle = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || run_phases(&config, &args, &copy_topic, handle))
        .await
        .map_err(|e| BenchError::Stalled(e.to_string()))?
}

async fn create_copy_topic(config: &Config, name: &str) -> Result<(), BenchError> {
    use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
    let admin: AdminClient<rdkafka::client::DefaultClientContext> = crate::kafka::client::admin(config).create()?;
    let topic = NewTopic::new(name, config.partitions, TopicReplication::Fixed(config.replication_factor));
    admin.create_topics(&[topic], &AdminOptions::new()).await?;
    Ok(())
}

fn run_phases(
    config: &Config,
    args: &PipelineArgs,
    copy_topic: &str,
    handle: tokio::runtime::Handle,
) -> Result<(), BenchError> {
    let topics = Topics::new(&config.topic_prefix);
    let inputs = interleave(histories_at(args.workflows, 42, Timestamp::from_millis(now_ms())));
    let total = inputs.len();
    let bytes: usize = preload(config, &topics.envelopes, &inputs)?;
    eprintln!("preloaded {total} envelopes ({bytes} bytes) into {}", topics.envelopes);
    let baseline = copy(config, &topics.envelopes, copy_topic, total)?;
    eprintln!("baseline: {baseline:.0} records/s");
    let (apex, shutdown, worker) = apex(config, total, handle)?;
    eprintln!("apex: {apex:.0} envelopes/s");
    let rate = args.latency_rate.unwrap_or(apex / 2.0);
    let (p50, p99, sent) = latency(config, &topics, rate, args.latency_seconds)?;
    shutdown.store(true, Ordering::Relaxed);
    let _ = worker.join();
    println!("| measure | value |\n|---|---|");
    println!("| workload | {} workflows, {total} envelopes, {} partitions |", args.workflows, args.partitions);
    println!("| raw transactional copy (baseline) | {baseline:.0} records/s |");
    println!("| APEX processor | {apex:.0} envelopes/s |");
    println!("| ratio APEX / baseline | {:.2} |", apex / baseline);
    println!("| goal → command latency at {rate:.0} goals/s ({sent} goals) | p50 {p50:.1} ms, p99 {p99:.1} ms |");
    Ok(())
}

fn plain_producer(config: &Config) -> Result<BaseProducer, BenchError> {
    Ok(crate::kafka::client::producer(config, None).create()?)
}

fn drain(producer: &BaseProducer) {
    while producer.in_flight_count() > 0 {
        producer.poll(Duration::from_millis(1));
    }
}

fn send_retrying(producer: &BaseProducer, mut record: BaseRecord<'_, [u8], [u8]>) -> Result<(), BenchError> {
    loop {
        match producer.send(record) {
            Ok(()) => return Ok(()),
            Err((rdkafka::error::KafkaError::MessageProduction(rdkafka::types::RDKafkaErrorCode::QueueFull), back)) => {
                producer.poll(Duration::from_millis(5));
                record = back;
            }
            Err((e, _)) => return Err(e.into()),
        }
    }
}

fn preload(config: &Config, topic: &str, inputs: &[Envelope<crate::core::input::Input>]) -> Result<usize, BenchError> {
    let producer = plain_producer(config)?;
    let mut bytes = 0;
    for input in inputs {
        let key = input.correlation_id.to_string();
        let value = input.to_json();
        bytes += value.len();
        send_retrying(&producer, BaseRecord::to(topic).key(key.as_bytes()).payload(value.as_slice()))?;
    }
    drain(&producer);
    Ok(bytes)
}

/// The baseline: a transactional pass-through copy with the processor's batch settings.
fn copy(config: &Config, from: &str, to: &str, total: usize) -> Result<f64, BenchError> {
    let consumer: BaseConsumer =
        crate::kafka::client::consumer(config, &format!("{}copy", config.topic_prefix)).create()?;
    consumer.subscribe(&[from])?;
    let producer: BaseProducer =
        crate::kafka::client::producer(config, Some(&format!("{}copy-{}", config.topic_prefix, config.instance_id)))
            .create()?;
    producer.init_transactions(Duration::from_secs(30))?;
    let mut copied = 0usize;
    let mut started: Option<Instant> = None;
    let deadline = Instant::now() + Duration::from_secs(600);
    while copied < total {
        if Instant::now() > deadline {
            return Err(BenchError::Stalled(format!("baseline copied {copied} of {total}")));
        }
        let mut offsets = std::collections::HashMap::new();
        let batch_start = Instant::now();
        producer.begin_transaction()?;
        let mut n = 0;
        while n < config.batch_max_messages && batch_start.elapsed() < Duration::from_millis(config.batch_max_ms) {
            let Some(Ok(m)) = consumer.poll(if n == 0 { Duration::from_millis(100) } else { Duration::ZERO }) else {
                break;
            };
            started.get_or_insert_with(Instant::now);
            let record = BaseRecord::to(to).key(m.key().unwrap_or_default()).payload(m.payload().unwrap_or_default());
            send_retrying(&producer, record)?;
            offsets.insert(m.partition(), m.offset() + 1);
            n += 1;
        }
        drain(&producer);
        if n > 0 {
            let mut tpl = TopicPartitionList::new();
            for (p, o) in &offsets {
                tpl.add_partition_offset(from, *p, Offset::Offset(*o))?;
            }
            let metadata = consumer.group_metadata().ok_or_else(|| BenchError::Stalled("no group metadata".into()))?;
            producer.send_offsets_to_transaction(&tpl, &metadata, Duration::from_secs(30))?;
        }
        producer.commit_transaction(Duration::from_secs(30))?;
        copied += n;
    }
    Ok(copied as f64 / started.map_or(1.0, |s| s.elapsed().as_secs_f64()))
}

type Worker = std::thread::JoinHandle<Result<(), crate::processor::runner::RunError>>;

/// Runs the processor in this process and measures until `total` inputs are committed.
fn apex(
    config: &Config,
    total: usize,
    handle: tokio::runtime::Handle,
) -> Result<(f64, Arc<AtomicBool>, Worker), BenchError> {
    let codec = WireCodec::new(
        config.output_format,
        config.max_envelope_bytes,
        config.schema_registry_url.as_deref(),
        Some(handle.clone()),
    )?;
    let shutdown = Arc::new(AtomicBool::new(false));
    let counters = crate::telemetry::counters();
    let before = counters.envelopes_in.load(Ordering::Relaxed) as usize;
    let runner = crate::processor::runner::Runner::new(config.clone(), codec, shutdown.clone(), handle)?;
    let worker = std::thread::spawn(move || runner.run());
    let deadline = Instant::now() + Duration::from_secs(600);
    let mut started: Option<(Instant, usize)> = None;
    loop {
        let done = counters.envelopes_in.load(Ordering::Relaxed) as usize - before;
        if done > 0 && started.is_none() {
            started = Some((Instant::now(), done));
        }
        if done >= total {
            let (at, first) = started.unwrap_or((Instant::now(), 0));
            let rate = (done - first) as f64 / at.elapsed().as_secs_f64().max(1e-3);
            return Ok((rate, shutdown, worker));
        }
        if Instant::now() > deadline || worker.is_finished() {
            return Err(BenchError::Stalled(format!("apex processed {done} of {total}")));
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Produces goals at `rate`/s for `seconds` and measures goal → `PlanGoal` latency.
fn latency(config: &Config, topics: &Topics, rate: f64, seconds: u64) -> Result<(f64, f64, usize), BenchError> {
    let reader: BaseConsumer = crate::kafka::client::reader(config).create()?;
    let mut tpl = TopicPartitionList::new();
    for p in 0..config.partitions {
        tpl.add_partition_offset(&topics.commands, p, Offset::End)?;
    }
    reader.assign(&tpl)?;
    let producer = plain_producer(config)?;
    let tenant = TenantId::parse("bench").map_err(|e| BenchError::Stalled(e.to_string()))?;
    let interval = Duration::from_secs_f64(1.0 / rate.max(1.0));
    let start = Instant::now();
    let mut next = start;
    let mut sent = 0usize;
    let mut latencies = Vec::new();
    let codec = WireCodec::new(crate::config::Format::Json, usize::MAX, None, None)?;
    let sample = |reader: &BaseConsumer, latencies: &mut Vec<f64>| {
        while let Some(Ok(m)) = reader.poll(Duration::ZERO) {
            if let Ok(envelope) = codec.decode::<AnyMessage>(m.payload().unwrap_or_default())
                && envelope.source == "apex-processor"
                && matches!(envelope.payload, AnyMessage::Command(crate::core::command::Command::PlanGoal(_)))
            {
                latencies.push((now_ms() - envelope.timestamp.millis()) as f64);
            }
        }
    };
    while start.elapsed() < Duration::from_secs(seconds) {
        let mut goals = InputBuilder::new(WorkflowId::from_uuid(uuid::Uuid::new_v4()), tenant.clone(), "bench");
        let goal = goals.goal(Timestamp::from_millis(now_ms()), "Book a flight to Paris tomorrow", None);
        let key = goal.correlation_id.to_string();
        send_retrying(
            &producer,
            BaseRecord::to(&topics.envelopes).key(key.as_bytes()).payload(goal.to_json().as_slice()),
        )?;
        producer.poll(Duration::ZERO);
        sent += 1;
        next += interval;
        sample(&reader, &mut latencies);
        if let Some(wait) = next.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
    }
    drain(&producer);
    let deadline = Instant::now() + Duration::from_secs(30);
    while latencies.len() < sent && Instant::now() < deadline {
        sample(&reader, &mut latencies);
        std::thread::sleep(Duration::from_millis(1));
    }
    latencies.sort_by(f64::total_cmp);
    let at = |q: f64| {
        latencies
            .get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or(f64::NAN)
    };
    Ok((at(0.50), at(0.99), sent))
}
