//! `apex bench pipeline`: the processor against a raw transactional copy on the same broker.
//!
//! 1. Preloads a realistic workload (`apex::workload`) into fresh topics (random prefix).
//! 2. Baseline: consume → produce each record unchanged → `send_offsets_to_transaction` →
//!    commit, batched by the processor's own [`BatchPolicy`] (no decoding, no fold). Then the
//!    same copy writing every record to two topics: the processor writes about two records per
//!    input, and this shows what the broker allows for that much output.
//! 3. APEX: the processor folds the same envelopes (decode, decide, encode events, commands,
//!    outcomes, snapshots) in transactions.
//! 4. Latency, side by side at the same rate (default: half the measured APEX rate): goal →
//!    `PlanGoal` through the processor, and goal → copied goal through the baseline copy.
//!
//! Rates are measured from the first record processed to the last (group joins excluded).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
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
use crate::kafka::delivery;
use crate::kafka::topics::Topics;
use crate::processor::batch::BatchPolicy;
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
    for suffix in ["", "-a", "-b", "-lat-in", "-lat-out"] {
        create_copy_topic(&config, &format!("{copy_topic}{suffix}")).await?;
    }
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
    let baseline = Copier::start(config, &topics.envelopes, &[copy_topic.to_owned()]).rate_until(total)?;
    eprintln!("baseline: {baseline:.0} records/s");
    let double_targets = [format!("{copy_topic}-a"), format!("{copy_topic}-b")];
    let double = Copier::start(config, &topics.envelopes, &double_targets).rate_until(total)?;
    eprintln!("baseline writing two records per input: {double:.0} inputs/s");
    let records_before = crate::telemetry::records_produced();
    let (apex, shutdown, worker) = apex(config, total, handle)?;
    let per_input = (crate::telemetry::records_produced() - records_before) as f64 / total as f64;
    eprintln!("apex: {apex:.0} envelopes/s, {per_input:.2} records written per input");
    let rate = args.latency_rate.unwrap_or(apex / 2.0);
    let apex_latency =
        latency(config, (&topics.envelopes, &topics.commands), rate, args.latency_seconds, is_plan_goal)?;
    eprintln!("apex latency: {apex_latency}");
    shutdown.store(true, Ordering::Relaxed);
    let _ = worker.join();
    let (lat_in, lat_out) = (format!("{copy_topic}-lat-in"), format!("{copy_topic}-lat-out"));
    let mut copier = Copier::start(config, &lat_in, std::slice::from_ref(&lat_out));
    let copy_latency = latency(config, (&lat_in, &lat_out), rate, args.latency_seconds, is_goal)?;
    copier.stop()?;
    eprintln!("baseline latency: {copy_latency}");
    println!("| measure | value |\n|---|---|");
    println!("| workload | {} workflows, {total} envelopes, {} partitions |", args.workflows, args.partitions);
    println!("| raw transactional copy (baseline) | {baseline:.0} records/s |");
    println!("| copy writing two records per input | {double:.0} inputs/s |");
    println!("| APEX processor | {apex:.0} envelopes/s ({per_input:.2} records written per input) |");
    println!("| ratio APEX / baseline | {:.2} |", apex / baseline);
    println!("| ratio APEX / two-record copy | {:.2} |", apex / double);
    println!("| goal → `PlanGoal` latency at {rate:.0} goals/s, {} s | {apex_latency} |", args.latency_seconds);
    println!("| baseline: goal → copied goal, same rate | {copy_latency} |");
    Ok(())
}

fn plain_producer(config: &Config) -> Result<BaseProducer, BenchError> {
    Ok(crate::kafka::client::producer(config, None).create()?)
}

fn drain(producer: &BaseProducer) -> Result<(), BenchError> {
    Ok(delivery::drain(producer, Duration::from_secs(60))?)
}

fn preload(config: &Config, topic: &str, inputs: &[Envelope<crate::core::input::Input>]) -> Result<usize, BenchError> {
    let producer = plain_producer(config)?;
    let mut bytes = 0;
    for input in inputs {
        let key = input.correlation_id.to_string();
        let value = input.to_json();
        bytes += value.len();
        delivery::send(&producer, BaseRecord::to(topic).key(key.as_bytes()).payload(value.as_slice()))?;
    }
    drain(&producer)?;
    Ok(bytes)
}

/// The baseline: a transactional pass-through copy, collecting batches with the processor's
/// own [`BatchPolicy`]. Copies until `stop` is set; `copied` counts what is committed.
fn copy_loop(
    config: &Config,
    (from, targets): (&str, &[String]),
    stop: &AtomicBool,
    copied: &AtomicUsize,
    started: &std::sync::OnceLock<Instant>,
) -> Result<(), BenchError> {
    let name = &targets[0];
    let consumer: BaseConsumer = crate::kafka::client::consumer(config, &format!("{name}-group")).create()?;
    consumer.subscribe(&[from])?;
    let producer: BaseProducer =
        crate::kafka::client::producer(config, Some(&format!("{name}-{}", config.instance_id))).create()?;
    producer.init_transactions(Duration::from_secs(30))?;
    let policy = BatchPolicy::of(config);
    while !stop.load(Ordering::Relaxed) {
        // Streaming: each record is produced as soon as it is polled, inside a transaction
        // opened at the first one; the batch ends by the processor's own rule.
        let mut batch = policy.start(Duration::from_millis(100));
        let mut offsets = std::collections::HashMap::new();
        while let Some(m) = batch.next(&consumer) {
            if batch.len() == 1 {
                started.get_or_init(Instant::now);
                producer.begin_transaction()?;
            }
            for to in targets {
                let record =
                    BaseRecord::to(to).key(m.key().unwrap_or_default()).payload(m.payload().unwrap_or_default());
                delivery::send(&producer, record)?;
            }
            offsets.insert(m.partition(), m.offset() + 1);
        }
        if batch.is_empty() {
            continue;
        }
        drain(&producer)?;
        let mut tpl = TopicPartitionList::new();
        for (p, o) in &offsets {
            tpl.add_partition_offset(from, *p, Offset::Offset(*o))?;
        }
        let metadata = consumer.group_metadata().ok_or_else(|| BenchError::Stalled("no group metadata".into()))?;
        producer.send_offsets_to_transaction(&tpl, &metadata, Duration::from_secs(30))?;
        producer.commit_transaction(Duration::from_secs(30))?;
        copied.fetch_add(batch.len(), Ordering::Relaxed);
    }
    Ok(())
}

/// A baseline copy running in its own thread until dropped.
struct Copier {
    stop: Arc<AtomicBool>,
    copied: Arc<AtomicUsize>,
    started: Arc<std::sync::OnceLock<Instant>>,
    worker: Option<std::thread::JoinHandle<Result<(), BenchError>>>,
}

impl Copier {
    /// Copies every record of `from` to each of `targets` (one record per input, or several
    /// to write as many records as the processor does).
    fn start(config: &Config, from: &str, targets: &[String]) -> Self {
        let (stop, copied, started) = (Arc::new(AtomicBool::new(false)), Arc::default(), Arc::default());
        let (config, from, targets) = (config.clone(), from.to_owned(), targets.to_vec());
        let worker = {
            let (stop, copied, started) = (Arc::clone(&stop), Arc::clone(&copied), Arc::clone(&started));
            std::thread::Builder::new()
                .name("bench-copy".into())
                .spawn(move || copy_loop(&config, (&from, &targets), &stop, &copied, &started))
                .map_err(|e| BenchError::Stalled(e.to_string()))
        };
        Self { stop, copied, started, worker: worker.ok() }
    }

    /// Waits until `total` records are copied; returns records per second from the first.
    fn rate_until(&mut self, total: usize) -> Result<f64, BenchError> {
        let deadline = Instant::now() + Duration::from_secs(600);
        while self.copied.load(Ordering::Relaxed) < total {
            if Instant::now() > deadline || self.worker.as_ref().is_none_or(|w| w.is_finished()) {
                let copied = self.copied.load(Ordering::Relaxed);
                return Err(self
                    .stop()
                    .err()
                    .unwrap_or(BenchError::Stalled(format!("baseline copied {copied} of {total}"))));
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        let seconds = self.started.get().map_or(1.0, |s| s.elapsed().as_secs_f64());
        Ok(self.copied.load(Ordering::Relaxed) as f64 / seconds)
    }

    fn stop(&mut self) -> Result<(), BenchError> {
        self.stop.store(true, Ordering::Relaxed);
        match self.worker.take().map(std::thread::JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(BenchError::Stalled("the baseline copy panicked".into())),
            None => Ok(()),
        }
    }
}

impl Drop for Copier {
    fn drop(&mut self) {
        let _ = self.stop();
    }
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
        config.schema_registry_url.as_ref().map(crate::secret::Secret::expose),
        Some(handle.clone()),
    )?;
    let shutdown = Arc::new(AtomicBool::new(false));
    let before = crate::telemetry::envelopes_decided() as usize;
    let runner = crate::processor::runner::Runner::new(config.clone(), codec, shutdown.clone(), handle)?;
    let worker = std::thread::Builder::new()
        .name("apex-processor".into())
        .spawn(move || runner.run())
        .map_err(|e| BenchError::Stalled(e.to_string()))?;
    let deadline = Instant::now() + Duration::from_secs(600);
    let mut started: Option<(Instant, usize)> = None;
    loop {
        let done = crate::telemetry::envelopes_decided() as usize - before;
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

/// Latency percentiles of one phase, in milliseconds.
struct Latency {
    p50: f64,
    p99: f64,
    max: f64,
    sent: usize,
    seen: usize,
}

impl std::fmt::Display for Latency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "p50 {:.1} ms, p99 {:.1} ms, max {:.0} ms ({} of {} seen)",
            self.p50, self.p99, self.max, self.seen, self.sent
        )
    }
}

/// Produces goals into `into` at `rate`/s for `seconds` and measures, on a read_committed
/// consumer of `observe`, the time from each goal's timestamp to the first record there
/// that `answers` it (a `PlanGoal` for APEX, the copied goal for the baseline).
///
/// A warm-up comes first (a goal every 50 ms for a second, until all are seen): a fresh
/// producer and reader take about half a second to connect and find their offsets, and every
/// goal sent meanwhile would otherwise count that start-up as latency.
fn latency(
    config: &Config,
    (into, observe): (&str, &str),
    rate: f64,
    seconds: u64,
    answers: fn(&AnyMessage) -> bool,
) -> Result<Latency, BenchError> {
    let reader: BaseConsumer = crate::kafka::client::reader(config).create()?;
    let mut tpl = TopicPartitionList::new();
    for p in 0..config.partitions {
        tpl.add_partition_offset(observe, p, Offset::End)?;
    }
    reader.assign(&tpl)?;
    let mut probe = Probe {
        producer: plain_producer(config)?,
        reader,
        into,
        answers,
        codec: WireCodec::new(crate::config::Format::Json, usize::MAX, None, None)?,
        tenant: TenantId::parse("bench").map_err(|e| BenchError::Stalled(e.to_string()))?,
        latencies: Vec::new(),
        since: 0,
    };
    let warm_up = probe.run(20.0, Duration::from_secs(1))?;
    probe.wait_for(warm_up, Duration::from_secs(30));
    let sent = probe.run(rate, Duration::from_secs(seconds))?;
    probe.wait_for(sent, Duration::from_secs(30));
    let mut latencies = probe.latencies;
    latencies.sort_by(f64::total_cmp);
    let at = |q: f64| {
        latencies
            .get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or(f64::NAN)
    };
    Ok(Latency { p50: at(0.50), p99: at(0.99), max: at(1.0), sent, seen: latencies.len() })
}

/// The latency phase's goal producer and answer reader.
struct Probe<'a> {
    producer: BaseProducer,
    reader: BaseConsumer,
    into: &'a str,
    answers: fn(&AnyMessage) -> bool,
    codec: WireCodec,
    tenant: TenantId,
    /// Latencies of answers to the current phase's goals.
    latencies: Vec<f64>,
    /// When the current phase started (milliseconds); answers to older goals are not counted.
    since: i64,
}

impl Probe<'_> {
    /// Starts a phase: sends goals at `rate`/s for `length`, sampling answers on the way.
    /// Returns the number sent.
    fn run(&mut self, rate: f64, length: Duration) -> Result<usize, BenchError> {
        self.latencies.clear();
        self.since = now_ms();
        let interval = Duration::from_secs_f64(1.0 / rate.max(1.0));
        let start = Instant::now();
        let mut next = start;
        let mut sent = 0;
        while start.elapsed() < length {
            let workflow = WorkflowId::from_uuid(uuid::Uuid::new_v4());
            let mut goals = InputBuilder::new(workflow, self.tenant.clone(), "bench");
            let goal = goals.goal(Timestamp::from_millis(now_ms()), "Book a flight to Paris tomorrow", None);
            let key = workflow.to_string();
            let value = goal.to_json();
            delivery::send(&self.producer, BaseRecord::to(self.into).key(key.as_bytes()).payload(value.as_slice()))?;
            delivery::serve_ready(&self.producer);
            sent += 1;
            next += interval;
            self.sample();
            if let Some(wait) = next.checked_duration_since(Instant::now()) {
                std::thread::sleep(wait);
            }
        }
        drain(&self.producer)?;
        Ok(sent)
    }

    /// Keeps sampling until `count` answers are in or `timeout` passes.
    fn wait_for(&mut self, count: usize, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        while self.latencies.len() < count && Instant::now() < deadline {
            self.sample();
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    fn sample(&mut self) {
        while let Some(Ok(m)) = self.reader.poll(Duration::ZERO) {
            if let Ok(envelope) = self.codec.decode::<AnyMessage>(m.payload().unwrap_or_default())
                && (self.answers)(&envelope.payload)
                && envelope.timestamp.millis() >= self.since
            {
                self.latencies.push((now_ms() - envelope.timestamp.millis()) as f64);
            }
        }
    }
}

fn is_plan_goal(message: &AnyMessage) -> bool {
    matches!(message, AnyMessage::Command(crate::core::command::Command::PlanGoal(_)))
}

fn is_goal(message: &AnyMessage) -> bool {
    matches!(message, AnyMessage::Input(crate::core::input::Input::GoalReceived(_)))
}
