//! The processor loop: poll a batch → decode → core → encode → produce → commit, with
//! rebalances, timers, dead letters and rollback handled between batches.
//!
//! No transaction is open while the consumer polls, so a rebalance never interrupts one: a
//! batch is collected, then processed and committed as a whole.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rdkafka::consumer::{BaseConsumer, Consumer, ConsumerContext};
use rdkafka::message::{BorrowedMessage, Message};
use rdkafka::{Offset, TopicPartitionList};

use super::admission::{Admissions, Goal, Spent, TenantLimits};
use super::batch::BatchPolicy;
use super::encoder::{Decided, Encoder, Fence, Job};
use super::lag::LagProbe;
use super::restore::{RestoreError, restore};
use super::sink::{Record, Sink, SinkError, Target};
use super::store::PartitionStore;
use crate::clock::wall_clock;
use crate::codec::wire::WireCodec;
use crate::config::{Config, TenantAdmission};
use crate::core::DeadLetterReason;
use crate::core::decision::Outbound;
use crate::core::envelope::{Envelope, Payload};
use crate::core::hash::FxHashMap;
use crate::core::ids::{TenantId, WorkflowId};
use crate::core::input::Input;
use crate::core::plan::Limits;
use crate::core::time::Timestamp;
use crate::kafka::dlq::DeadLetter;
use crate::kafka::headers::{self, traceparent};
use crate::kafka::rebalance::{Change, RebalanceLog, partition_list};
use crate::kafka::records::SnapshotRecordRef;
use crate::kafka::topics::Topics;
use crate::retry::Backoff;
use crate::telemetry;

/// Events folded into a workflow between two snapshots.
pub const SNAPSHOT_EVERY: u64 = 64;

/// Why the processor stopped.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("Kafka: {0}")]
    Kafka(#[from] rdkafka::error::KafkaError),
    #[error(transparent)]
    Sink(#[from] SinkError),
    #[error(transparent)]
    Restore(#[from] RestoreError),
    #[error("workflow leases: {0}")]
    Lock(#[from] crate::lock::LockError),
    #[error(transparent)]
    Admission(#[from] super::admission::AdmissionError),
    #[error("cannot start the encoding thread: {0}")]
    Thread(#[from] std::io::Error),
    #[error("decoding needs the schema registry: {0}")]
    Registry(crate::codec::wire::DecodeError),
}

impl RunError {
    /// Whether the failure is about one record the batch wrote (see
    /// [`SinkError::is_record_tied`]).
    fn is_record_tied(&self) -> bool {
        matches!(self, Self::Sink(e) if e.is_record_tied())
    }
}

/// Finding the input behind a failure tied to one record, so that it goes to the dead-letter
/// queue and not into a retry loop: the failed batch's inputs are taken one per batch until as
/// many went through, or one fails alone. That one is dead-lettered `unwritable` the next time
/// it is read, by reference (its copy may not be writable either), and is never decided.
#[derive(Debug)]
struct Isolation {
    remaining: usize,
    poison: Option<(i32, i64, String)>,
}

/// The processor of one instance.
pub struct Runner {
    config: Config,
    consumer: Arc<BaseConsumer<RebalanceLog>>,
    /// Measures consumer lag while it lives.
    _lag: LagProbe,
    sink: Sink,
    encoder: Encoder,
    fold: Fold,
    shutdown: Arc<AtomicBool>,
    jobs: Vec<Job>,
    /// When active workflows were last checked for takeover.
    last_scan: Instant,
    /// Assigned partitions whose state is not restored yet, with the epoch of their
    /// assignment: paused (their input waits at the committed offset) until a restore of that
    /// epoch succeeds.
    pending: BTreeMap<i32, u64>,
    /// Restores running in the background, by partition.
    restoring: BTreeMap<i32, Restoring>,
    /// Counts assignments (and rewinds): a restore finishing for an older epoch of its
    /// partition is stale and dropped.
    epoch: u64,
    /// No restore is started before this (backoff after a failed one).
    restore_after: Instant,
    /// Restores failed on purpose so far (`APEX_FAULT_RESTORE_FAILURES`, tests only).
    injected_failures: u32,
    /// Set after a batch failed for a reason tied to one record.
    isolation: Option<Isolation>,
    /// The inputs (partition, offset) of the batch being processed.
    last_batch: Vec<(i32, i64)>,
}

/// A partition restore on a thread of its own. Restores run beside the batch loop, so the
/// consumer keeps polling (and stays in its group) however long a changelog takes to read.
struct Restoring {
    epoch: u64,
    committed: i64,
    thread: std::thread::JoinHandle<Result<PartitionStore, RestoreError>>,
}

/// How long the processor may go between polls before librdkafka takes it out of the group;
/// it also bounds how long a JoinGroup may wait for an answer (this plus 3 s). librdkafka's
/// default, 300 s, left a member whose join the local broker never answered idle for five
/// minutes (the intermittent `two_instances…` failure); restores, the one long thing the loop
/// waited on, now run in the background.
const MAX_POLL_INTERVAL_MS: u64 = 60_000;

/// Decoding and deciding: the per-partition workflows and what turns bytes into records.
pub struct Fold {
    topics: Topics,
    codec: WireCodec,
    limits: Limits,
    /// Largest record the producer writes (`APEX_MAX_RECORD_BYTES`).
    max_record_bytes: usize,
    /// Largest step output an answer may carry inline (`APEX_CLAIM_CHECK_BYTES`).
    max_inline_output: usize,
    stores: FxHashMap<i32, PartitionStore>,
    /// Leases of an active-active deployment; `None` publishes for every workflow.
    ownership: Option<super::ownership::Ownership>,
    /// Per-tenant admission of new workflows (`APEX_TENANT_ADMISSION=processor`).
    admissions: Option<Admissions>,
    /// Tenants' default budgets (`APEX_TENANT_BUDGETS`).
    budgets: crate::budgets::TenantBudgets,
}

impl Runner {
    /// Connects, subscribes and initialises the producer. `runtime` runs Redis calls (workflow
    /// leases) from the processor's thread.
    ///
    /// # Errors
    /// [`RunError`] when the Kafka clients cannot be created or Redis (with `APEX_REGION`)
    /// cannot be reached.
    pub fn new(
        config: Config,
        codec: WireCodec,
        shutdown: Arc<AtomicBool>,
        runtime: tokio::runtime::Handle,
    ) -> Result<Self, RunError> {
        let topics = Topics::new(&config.topic_prefix);
        let context = RebalanceLog::new(&topics.envelopes);
        let consumer: BaseConsumer<RebalanceLog> = crate::kafka::client::consumer(&config, &config.group_id)
            .set("max.poll.interval.ms", MAX_POLL_INTERVAL_MS.max(config.session_timeout_ms).to_string())
            .create_with_context(context)?;
        consumer.subscribe(&[&topics.envelopes])?;
        let sink = Sink::new(&config)?;
        let encoder = Encoder::spawn(topics.clone(), codec.clone())?;
        let ownership = match (&config.region, &config.redis_url) {
            (Some(region), Some(url)) => {
                let prefix = format!("{}own:", config.redis_namespace());
                // Lazy: a processor started while Redis is down works once it is back (every
                // batch fails and is retried until then: nothing is published unleased).
                let locks = crate::lock::Locks::lazy(url.expose(), &prefix);
                let ttl = Duration::from_millis(config.lease_ttl_ms);
                Some(super::ownership::Ownership::new(locks, runtime.clone(), region, ttl))
            }
            _ => None,
        };
        let admissions = admissions(&config, &runtime)?;
        let fold = Fold {
            topics,
            codec,
            limits: Limits::default(),
            max_record_bytes: config.max_record_bytes,
            max_inline_output: config.claim_check_bytes,
            stores: FxHashMap::default(),
            ownership,
            admissions,
            budgets: config.tenant_budgets.clone(),
        };
        let consumer = Arc::new(consumer);
        let lag = LagProbe::spawn(Arc::clone(&consumer), fold.topics.envelopes.clone())?;
        Ok(Self {
            config,
            consumer,
            _lag: lag,
            sink,
            encoder,
            fold,
            shutdown,
            jobs: Vec::new(),
            last_scan: Instant::now(),
            pending: BTreeMap::new(),
            restoring: BTreeMap::new(),
            epoch: 0,
            restore_after: Instant::now(),
            injected_failures: 0,
            isolation: None,
            last_batch: Vec::new(),
        })
    }

    /// Runs until shutdown is requested; the batch in progress is committed first.
    ///
    /// # Errors
    /// [`RunError`] only for failures that retrying cannot cure.
    pub fn run(mut self) -> Result<(), RunError> {
        let mut failures = 0u32;
        let mut backoff = Backoff::default();
        while !self.shutdown.load(Ordering::Relaxed) {
            match self.step() {
                Ok(()) => {
                    failures = 0;
                    backoff = Backoff::default();
                }
                // Without its encoding thread the processor cannot write anything: stop.
                Err(error @ RunError::Sink(SinkError::EncoderGone)) => return Err(error),
                Err(error) => {
                    failures += 1;
                    telemetry::batch_aborted(&error.to_string());
                    if error.is_record_tied() {
                        self.isolate(&error);
                    }
                    // Whatever the encoder still holds belongs to the failed transaction.
                    let _ = self.encoder.flush();
                    let aborted = self.sink.abort();
                    if !aborted || failures >= 3 {
                        // A fenced producer is not always told so; start it afresh.
                        self.sink = Sink::new(&self.config)?;
                    }
                    backoff.wait_blocking(&self.shutdown);
                    self.rewind();
                }
            }
        }
        // A stopping member lets a rebalance under way finish first (local broker bug).
        let session = Duration::from_millis(self.config.session_timeout_ms);
        crate::kafka::rebalance::settle_before_leaving(&self.consumer, &self.config.group_id, session);
        self.consumer.unsubscribe();
        tracing::info!("processor stopped");
        Ok(())
    }

    /// After a failure tied to one record: start taking inputs one per batch, or, when the
    /// batch that failed held one input, name that input the poison.
    fn isolate(&mut self, error: &RunError) {
        match (&mut self.isolation, self.last_batch.as_slice()) {
            (Some(isolation), [(partition, offset)]) => {
                isolation.poison = Some((*partition, *offset, error.to_string()));
            }
            (None, batch) => self.isolation = Some(Isolation { remaining: batch.len().max(1), poison: None }),
            (Some(_), _) => {}
        }
    }

    /// One batch: collect, process, commit.
    fn step(&mut self) -> Result<(), RunError> {
        // A handle of our own: the batch borrows it while restores change `self`.
        let consumer = Arc::clone(&self.consumer);
        let consumer = &consumer;
        let started = Instant::now();
        let mut policy = BatchPolicy::of(&self.config);
        if self.isolation.is_some() {
            policy.max_messages = 1;
        }
        let mut batch = policy.collect(consumer, self.idle_wait());
        for change in consumer.context().take() {
            match change {
                Change::Revoked(partitions) => partitions.iter().for_each(|p| {
                    self.fold.stores.remove(p);
                    self.pending.remove(p);
                    // A restore still running finishes on its own and is dropped.
                    self.restoring.remove(p);
                }),
                Change::Assigned(partitions) => {
                    self.hold(&partitions);
                    self.await_restore(&partitions);
                }
            }
        }
        // Input polled for a partition before its state was restored is dropped: the restore
        // seeks it back to its committed offset, so that input is fetched again.
        let unready: Vec<i32> = self.pending.keys().copied().collect();
        self.restore_pending();
        let collected = Instant::now();
        batch.retain(|m| !unready.contains(&m.partition()) && self.fold.stores.contains_key(&m.partition()));
        self.last_batch = batch.iter().map(|m| (m.partition(), m.offset())).collect();
        let now = wall_clock();
        let mut timers = Vec::new();
        // While an input is isolated, timers fire only in batches without one, so a failing
        // batch of one input is that input's doing.
        if self.isolation.is_none() || batch.is_empty() {
            for (&partition, store) in &mut self.fold.stores {
                timers.extend(store.fire_due(now).into_iter().map(|e| (partition, e)));
            }
        }

        let takeover = take_over(&mut self.fold, &mut self.last_scan, &batch, now)?;
        if batch.is_empty() && timers.is_empty() && takeover.is_empty() {
            return Ok(());
        }
        let span = tracing::info_span!("batch", inputs = batch.len(), timers = timers.len());
        let _entered = span.enter();
        self.sink.begin()?;
        self.encoder.use_producer(self.sink.producer())?;
        for envelope in takeover {
            let fence = self.fold.fence(&envelope.correlation_id);
            self.encoder.submit(Job::Outbound(Box::new(envelope), fence))?;
        }
        let mut offsets: FxHashMap<i32, i64> = FxHashMap::default();
        let mut jobs = std::mem::take(&mut self.jobs);
        // The poison stays named until a batch that dead-letters it is committed.
        let poison = self.isolation.as_ref().and_then(|i| i.poison.clone());
        let mut inputs: Vec<Decoded> = batch
            .iter()
            .map(|message| match &poison {
                Some((p, o, error)) if (*p, *o) == (message.partition(), message.offset()) => {
                    Ok(Err(dead_letter(DeadLetter::by_reference(message, DeadLetterReason::Unwritable, error))))
                }
                _ => self.fold.decode(message),
            })
            .collect::<Result<_, _>>()?;
        self.fold.stamp_goals(&batch, &mut inputs)?;
        let (mut ended, mut spent) = (Vec::new(), Vec::new());
        for (message, input) in batch.iter().zip(inputs) {
            match input {
                Ok(envelope) => self.fold.process(message, &envelope, &mut jobs, &mut ended, &mut spent),
                Err(dead_letter) => jobs.push(dead_letter),
            }
            offsets.insert(message.partition(), message.offset() + 1);
            for job in jobs.drain(..) {
                self.encoder.submit(job)?;
            }
        }
        self.jobs = jobs;
        if let Some(admissions) = &self.fold.admissions {
            admissions.release(&ended)?;
            admissions.record(&spent)?;
        }
        for (partition, envelope) in &timers {
            let record = Record {
                target: Target::Envelopes,
                partition: Some(*partition),
                key: envelope.correlation_id.to_string().into_bytes(),
                value: envelope.to_json(),
                headers: vec![(headers::TRACEPARENT, traceparent(&envelope.trace).into_bytes())],
            };
            self.encoder.submit(Job::Record(record))?;
        }
        self.encoder.flush()?;
        telemetry::timers_fired(timers.len());
        let mut tpl = TopicPartitionList::new();
        for (partition, offset) in &offsets {
            tpl.add_partition_offset(&self.fold.topics.envelopes, *partition, Offset::Offset(*offset))?;
        }
        let processed = Instant::now();
        if self.config.fault_delay_commit_ms > 0 {
            std::thread::sleep(Duration::from_millis(self.config.fault_delay_commit_ms));
        }
        self.sink.commit(&tpl, &self.consumer)?;
        let timings = telemetry::BatchTimings {
            collect_us: (collected - started).as_micros(),
            process_us: (processed - collected).as_micros(),
            commit_us: processed.elapsed().as_micros(),
        };
        telemetry::batch_committed(batch.len(), timers.len(), timings);
        if let Some(isolation) = &mut self.isolation {
            let dead_lettered = |(p, o, _): &(i32, i64, String)| self.last_batch.contains(&(*p, *o));
            if isolation.poison.as_ref().is_some_and(dead_lettered) {
                isolation.poison = None;
            }
            isolation.remaining = isolation.remaining.saturating_sub(batch.len());
            if isolation.remaining == 0 && isolation.poison.is_none() {
                self.isolation = None;
            }
        }
        Ok(())
    }

    /// How long the first poll of a batch may wait: until the next timer is due, at most 100 ms.
    fn idle_wait(&self) -> Duration {
        let now = wall_clock();
        let next = self.fold.stores.values().filter_map(PartitionStore::next_due).min();
        let ms = next.map_or(100, |due| (due.millis() - now.millis()).clamp(0, 100));
        Duration::from_millis(ms as u64)
    }

    /// After a failed batch: forget in-memory state and restore every assigned partition from
    /// the changelog, from its committed offset (each waits, paused, until it is restored).
    fn rewind(&mut self) {
        let partitions: Vec<i32> = self.fold.stores.keys().chain(self.pending.keys()).copied().collect();
        self.fold.stores.clear();
        self.hold(&partitions);
        self.await_restore(&partitions);
        self.restore_pending();
    }

    /// Marks `partitions` as waiting for a restore of a new epoch (any restore of theirs still
    /// running is then stale).
    fn await_restore(&mut self, partitions: &[i32]) {
        for &p in partitions {
            self.epoch += 1;
            self.pending.insert(p, self.epoch);
        }
        self.restore_after = Instant::now();
    }

    /// Pauses `partitions`: nothing of theirs is fetched until [`Self::restore_pending`]
    /// restores them, seeks them back to their committed offsets and resumes them.
    fn hold(&self, partitions: &[i32]) {
        if let Err(e) = self.consumer.pause(&partition_list(&self.fold.topics.envelopes, partitions)) {
            telemetry::pause_failed(partitions, &e.to_string());
        }
    }

    /// Takes in the restores that finished and starts one for every pending partition that
    /// has none running, each on its own thread. A partition whose restore fails (the broker
    /// stalled, a timeout) stays pending and paused and is tried again after a backoff: a
    /// partition is never left assigned without state while its position moves on, a failed
    /// restore never fails a batch, and no restore holds up the loop.
    fn restore_pending(&mut self) {
        let mut failed = self.finish_restores();
        if !self.pending.is_empty() && Instant::now() >= self.restore_after {
            let idle: Vec<(i32, u64)> =
                self.pending.iter().filter(|(p, _)| !self.restoring.contains_key(p)).map(|(&p, &e)| (p, e)).collect();
            for (p, epoch) in idle {
                if let Err(e) = self.start_restore(p, epoch) {
                    failed = true;
                    telemetry::partition_restore_failed(p, &e);
                }
            }
            if failed {
                self.restore_after = Instant::now() + Duration::from_secs(1);
            }
        }
        telemetry::partitions_pending(self.pending.len());
    }

    fn start_restore(&mut self, p: i32, epoch: u64) -> Result<(), String> {
        let topics = self.fold.topics.clone();
        let committed = committed_offset(&self.consumer, &topics.envelopes, p).map_err(|e| e.to_string())?;
        let inject = self.injected_failures < self.config.fault_restore_failures;
        self.injected_failures += u32::from(inject);
        let config = self.config.clone();
        let thread = std::thread::Builder::new()
            .name(format!("apex-restore-{p}"))
            .spawn(move || if inject { Err(RestoreError::Injected) } else { restore(&config, &topics, p, committed) })
            .map_err(|e| e.to_string())?;
        self.restoring.insert(p, Restoring { epoch, committed, thread });
        Ok(())
    }

    /// Puts the restores that finished in place: seeks each partition back to its committed
    /// offset and resumes it. A restore of an epoch that is no longer its partition's (revoked
    /// or rewound meanwhile) is dropped. Returns whether one failed.
    fn finish_restores(&mut self) -> bool {
        let done: Vec<i32> = self.restoring.iter().filter(|(_, r)| r.thread.is_finished()).map(|(&p, _)| p).collect();
        let mut failed = false;
        for p in done {
            let Some(Restoring { epoch, committed, thread }) = self.restoring.remove(&p) else { continue };
            let result = thread.join().unwrap_or_else(|_| Err(RestoreError::Panicked));
            if self.pending.get(&p) != Some(&epoch) {
                continue;
            }
            let offset = if committed > 0 { Offset::Offset(committed) } else { Offset::Beginning };
            let resumed = result.map_err(|e| e.to_string()).and_then(|store| {
                self.consumer
                    .seek(&self.fold.topics.envelopes, p, offset, Duration::from_secs(10))
                    .map_err(|e| e.to_string())?;
                let resumed = partition_list(&self.fold.topics.envelopes, &[p]);
                self.consumer.resume(&resumed).map_err(|e| e.to_string())?;
                Ok(store)
            });
            match resumed {
                Ok(store) => {
                    self.fold.stores.insert(p, store);
                    self.pending.remove(&p);
                }
                Err(e) => {
                    failed = true;
                    telemetry::partition_restore_failed(p, &e);
                }
            }
        }
        failed
    }
}

/// The group's committed offset for a partition (0 when nothing is committed).
fn committed_offset<C: ConsumerContext>(
    consumer: &BaseConsumer<C>,
    topic: &str,
    partition: i32,
) -> Result<i64, RunError> {
    let mut tpl = TopicPartitionList::new();
    tpl.add_partition(topic, partition);
    let committed = consumer.committed_offsets(tpl, Duration::from_secs(10))?;
    Ok(committed.find_partition(topic, partition).and_then(|e| e.offset().to_raw()).unwrap_or(0).max(0))
}

impl Fold {
    /// The lease a command of `workflow` goes out under, when workflows are leased.
    fn fence(&self, workflow: &crate::core::ids::WorkflowId) -> Option<Fence> {
        let ownership = self.ownership.as_ref()?;
        Some(Fence { token: ownership.fence(workflow)?, region: ownership.region() })
    }

    /// Decodes one message; a record that is not an input of the workflow its key names
    /// becomes its dead letter.
    /// Decodes one input: the envelope, or the dead letter that replaces it.
    ///
    /// # Errors
    /// [`RunError::Registry`] when the schema registry cannot be asked: an outage, so the
    /// batch is retried (with backoff, until shutdown), never a reason to dead-letter.
    fn decode(&self, message: &BorrowedMessage<'_>) -> Result<Decoded, RunError> {
        let bytes = message.payload().unwrap_or_default();
        let envelope: Envelope<Input> = match self.codec.decode::<Input>(bytes) {
            Ok(envelope) => envelope,
            Err(e) => {
                let Some(reason) = e.reason() else { return Err(RunError::Registry(e)) };
                return Ok(Err(dead_letter(DeadLetter::of(message, reason, &e.to_string(), e.field().as_deref()))));
            }
        };
        // Keys compare as UUIDs (a publisher may write them in upper case); bytes first, cheaply.
        let same_id = |k: &[u8]| {
            let mut text = [0u8; uuid::fmt::Hyphenated::LENGTH];
            k == envelope.correlation_id.as_uuid().as_hyphenated().encode_lower(&mut text).as_bytes()
                || std::str::from_utf8(k).ok().and_then(|t| uuid::Uuid::parse_str(t).ok())
                    == Some(envelope.correlation_id.as_uuid())
        };
        if message.key().is_some_and(|k| !same_id(k)) {
            let error = format!("record key is not the envelope's correlationId {}", envelope.correlation_id);
            let letter = DeadLetter::of(message, DeadLetterReason::KeyMismatch, &error, Some("correlationId"));
            return Ok(Err(dead_letter(letter)));
        }
        // Outputs over the claim-check limit must travel by reference (any executor's, ours
        // do): inline, a plan's worth of them would make an outcome no record can hold.
        if let Input::ToolResultReceived(result) = &envelope.payload
            && bytes.len() > self.max_inline_output
        {
            let size = serde_json::to_vec(result.output.value()).map_or(0, |b| b.len());
            if size > self.max_inline_output {
                let error = format!(
                    "the output is {size} bytes inline; outputs over {} bytes (APEX_CLAIM_CHECK_BYTES) travel by claim check",
                    self.max_inline_output
                );
                let letter = DeadLetter::of(message, DeadLetterReason::OutputTooLarge, &error, Some("payload.output"));
                return Ok(Err(dead_letter(letter)));
            }
        }
        Ok(Ok(envelope))
    }

    /// Stamps every goal of the batch that would start a workflow with its tenant's default
    /// budget (`APEX_TENANT_BUDGETS`) and admission verdict (`APEX_TENANT_ADMISSION=processor`,
    /// all of the batch in one round trip).
    ///
    /// # Errors
    /// [`RunError::Admission`] when Redis cannot be asked: the batch is retried.
    fn stamp_goals(&self, batch: &[BorrowedMessage<'_>], inputs: &mut [Decoded]) -> Result<(), RunError> {
        if self.admissions.is_none() && !self.budgets.any() {
            return Ok(());
        }
        let mut goals: Vec<&mut Envelope<Input>> = batch
            .iter()
            .zip(inputs.iter_mut())
            .filter_map(|(message, input)| {
                let envelope = input.as_mut().ok()?;
                let known = self.stores.get(&message.partition()).and_then(|s| s.workflow(&envelope.correlation_id));
                (matches!(envelope.payload, Input::GoalReceived(_)) && known.is_none()).then_some(envelope)
            })
            .collect();
        for envelope in &mut goals {
            let default = self.budgets.of(&envelope.tenant_id).cloned();
            if let Input::GoalReceived(goal) = &mut envelope.payload {
                goal.default_budget = default;
            }
        }
        let Some(admissions) = &self.admissions else { return Ok(()) };
        let asked: Vec<Goal> = goals
            .iter()
            .map(|e| Goal { tenant: e.tenant_id.clone(), workflow: e.correlation_id, at: e.timestamp })
            .collect();
        for (envelope, verdict) in goals.iter_mut().zip(admissions.admit(&asked)?) {
            if let Input::GoalReceived(goal) = &mut envelope.payload {
                goal.admission = verdict;
            }
        }
        Ok(())
    }

    /// Decides one decoded input, appending what to write, and the workflow to `ended` when
    /// this input ended it.
    fn process(
        &mut self,
        message: &BorrowedMessage<'_>,
        envelope: &Envelope<Input>,
        out: &mut Vec<Job>,
        ended: &mut Vec<(TenantId, WorkflowId)>,
        spent: &mut Vec<Spent>,
    ) {
        let runner = self;
        let partition = message.partition();
        let _span = tracing::debug_span!(
            "envelope",
            workflow = %envelope.correlation_id,
            tenant = %envelope.tenant_id,
            event_type = envelope.payload.event_type(),
            offset = message.offset()
        )
        .entered();
        let mut id_text = [0u8; uuid::fmt::Hyphenated::LENGTH];
        let id_text = envelope.correlation_id.as_uuid().as_hyphenated().encode_lower(&mut id_text).as_bytes();
        let fence = runner.fence(&envelope.correlation_id);
        let store = runner.stores.entry(partition).or_default();
        let handled = match store.handle(envelope, &runner.limits, SNAPSHOT_EVERY) {
            Ok(handled) => handled,
            Err(rejection) => {
                return out.push(dead_letter(DeadLetter::of(
                    message,
                    rejection.reason(),
                    &rejection.to_string(),
                    None,
                )));
            }
        };
        if handled.decision.is_duplicate() {
            telemetry::duplicate_dropped();
            return;
        }
        for event in &handled.decision.events {
            if let crate::core::event::EventKind::UsageRecorded { model, tokens, cost, .. } = &event.kind {
                telemetry::llm_spent(envelope.tenant_id.as_str(), model.as_deref(), *tokens, *cost);
                spent.push(Spent {
                    tenant: envelope.tenant_id.clone(),
                    input: envelope.event_id,
                    at: envelope.timestamp,
                    tokens: *tokens,
                    cost: cost.unwrap_or(0.0),
                });
            }
        }
        // Again after a late answer to an ended workflow: removing twice changes nothing.
        if handled.workflow.status().is_terminal() && !handled.decision.events.is_empty() {
            ended.push((envelope.tenant_id.clone(), envelope.correlation_id));
        }
        let offset = message.offset();
        let snapshot = handled.snapshot_due.then(|| {
            let snapshot = SnapshotRecordRef {
                workflow_id: envelope.correlation_id,
                input_offset: offset,
                state: handled.workflow,
            };
            Record {
                target: Target::State,
                partition: Some(partition),
                key: id_text.to_vec(),
                value: serde_json::to_vec(&snapshot).unwrap_or_default(),
                headers: vec![(headers::INPUT_OFFSET, offset.to_string().into_bytes())],
            }
        });
        // A snapshot only shortens restores (the event log alone rebuilds the state): one too
        // large to write is left out rather than failing the batch for ever.
        let snapshot = snapshot.filter(|record| {
            let fits = record.value.len() + crate::config::RECORD_OVERHEAD <= runner.max_record_bytes;
            if !fits {
                telemetry::snapshot_skipped(&envelope.correlation_id.to_string(), record.value.len());
            }
            fits
        });
        // Active-active: commands (which act on the world) come only from the owner, fenced.
        // Outcomes come from every region: their ids are the same everywhere (same log, same
        // folds), so consumers drop the copies, and an outcome decided while the owner was
        // going away is not lost.
        let owned = runner.ownership.is_none() || fence.is_some();
        let outbound = handled
            .decision
            .outbound
            .into_iter()
            .filter(|o| owned || matches!(o.payload, Outbound::Outcome(_)))
            .collect();
        out.push(Job::Decided(Box::new(Decided {
            partition,
            offset,
            workflow_id: envelope.correlation_id,
            traceparent: traceparent(&envelope.trace).into_bytes(),
            first_seq: handled.first_seq,
            events: handled.decision.events,
            outbound,
            fence,
        })));
        out.extend(snapshot.map(Job::Record));
    }
}

/// An input decoded for its workflow, or the dead letter it became.
type Decoded = Result<Envelope<Input>, Job>;

/// Admission when `APEX_TENANT_ADMISSION=processor` sets a limit. It needs Redis: without
/// `REDIS_URL` the processor refuses to start rather than run unlimited in silence.
///
/// # Errors
/// [`RunError::Admission`] when admission is asked for without Redis.
fn admissions(config: &Config, runtime: &tokio::runtime::Handle) -> Result<Option<Admissions>, RunError> {
    let limits = TenantLimits {
        in_flight: config.tenant_max_in_flight,
        daily_tokens: config.tenant_daily_tokens,
        daily_cost: config.tenant_daily_cost,
    };
    if config.tenant_admission != TenantAdmission::Processor || !limits.any() {
        return Ok(None);
    }
    let Some(url) = &config.redis_url else {
        let missing = crate::lock::LockError::Unavailable("APEX_TENANT_ADMISSION=processor needs REDIS_URL".into());
        return Err(super::admission::AdmissionError::from(missing).into());
    };
    // Lazy: a processor started while Redis is down keeps trying (each batch that starts or
    // ends a workflow fails and is retried until Redis answers).
    let redis = crate::lock::Locks::lazy(url.expose(), &config.redis_namespace());
    Ok(Some(Admissions::new(redis, runtime.clone(), limits)))
}

/// A dead letter for the batch's sink.
fn dead_letter(letter: DeadLetter) -> Job {
    Job::Record(Record {
        target: Target::Dlq,
        partition: None,
        key: letter.key,
        value: letter.value,
        headers: letter.headers,
    })
}

/// Active-active: leases the workflows of this batch and, every half lease, every active
/// workflow held: the owner renews what it drives even when no input arrives, and another
/// region takes a dead region's workflows over. Returns the commands in flight of the workflows just gained,
/// which the former owner may never have sent.
fn take_over(
    fold: &mut Fold,
    last_scan: &mut Instant,
    batch: &[BorrowedMessage<'_>],
    now: Timestamp,
) -> Result<Vec<Envelope<Outbound>>, RunError> {
    let Some(ownership) = &mut fold.ownership else { return Ok(Vec::new()) };
    let mut keyed: Vec<(crate::core::ids::WorkflowId, i32)> = batch
        .iter()
        .filter_map(|m| {
            let id = crate::core::ids::WorkflowId::parse(std::str::from_utf8(m.key()?).ok()?).ok()?;
            Some((id, m.partition()))
        })
        .collect();
    if last_scan.elapsed() >= ownership.ttl() / 2 {
        *last_scan = Instant::now();
        for (&partition, store) in &fold.stores {
            keyed.extend(store.active().map(|(w, _)| (*w, partition)));
        }
    }
    let gained = ownership.refresh(keyed.iter().map(|(w, _)| *w))?;
    let mut outstanding = Vec::new();
    for workflow in gained {
        let state = keyed
            .iter()
            .find(|(w, _)| *w == workflow)
            .and_then(|(_, p)| fold.stores.get(p))
            .and_then(|store| store.workflow(&workflow));
        if let Some(state) = state {
            outstanding.extend(crate::core::decide::outstanding(state, now));
        }
    }
    Ok(outstanding)
}
