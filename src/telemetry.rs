//! Telemetry as named events: each function below logs one thing and counts it, so logs and
//! metrics can never disagree. Counters are exposed in the Prometheus text format by
//! [`render_prometheus`].

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{LazyLock, Mutex};

use tracing_subscriber::EnvFilter;

/// Installs the tracing subscriber (`RUST_LOG` filters; `json` or `text` output).
pub fn init(format: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = if format == "json" { builder.json().try_init() } else { builder.try_init() };
}

/// Process-wide counters.
#[derive(Debug, Default)]
pub struct Counters {
    pub envelopes_in: AtomicU64,
    pub duplicates: AtomicU64,
    pub events_out: AtomicU64,
    pub commands_out: AtomicU64,
    pub outcomes_out: AtomicU64,
    pub timers_fired: AtomicU64,
    pub transactions_committed: AtomicU64,
    pub transactions_aborted: AtomicU64,
    pub workflows_restored: AtomicU64,
    pub produce_retries: AtomicU64,
    dead_lettered: Mutex<BTreeMap<&'static str, u64>>,
    outcomes: Mutex<BTreeMap<&'static str, u64>>,
}

static COUNTERS: LazyLock<Counters> = LazyLock::new(Counters::default);

/// The process's counters.
pub fn counters() -> &'static Counters {
    &COUNTERS
}

impl Counters {
    /// Envelopes sent to the dead-letter queue, by reason.
    pub fn dead_lettered(&self) -> BTreeMap<&'static str, u64> {
        self.dead_lettered.lock().map(|m| m.clone()).unwrap_or_default()
    }
}

fn bump(map: &Mutex<BTreeMap<&'static str, u64>>, key: &'static str) {
    if let Ok(mut m) = map.lock() {
        *m.entry(key).or_default() += 1;
    }
}

/// An envelope could not be processed and went to the DLQ.
pub fn dead_lettered(reason: &'static str, error: &str, topic: &str, partition: i32, offset: i64) {
    bump(&COUNTERS.dead_lettered, reason);
    tracing::warn!(reason, error, topic, partition, offset, "envelope dead-lettered");
}

/// A redelivered envelope was recognised and dropped.
pub fn duplicate_dropped() {
    COUNTERS.duplicates.fetch_add(1, Relaxed);
}

/// A workflow reached an outcome.
pub fn outcome_published(event_type: &'static str) {
    COUNTERS.outcomes_out.fetch_add(1, Relaxed);
    bump(&COUNTERS.outcomes, event_type);
}

/// How long each phase of a batch took, in microseconds.
#[derive(Debug, Clone, Copy, Default)]
pub struct BatchTimings {
    pub collect_us: u128,
    pub process_us: u128,
    pub commit_us: u128,
}

/// A batch was committed.
pub fn batch_committed(inputs: usize, timers: usize, t: BatchTimings) {
    COUNTERS.transactions_committed.fetch_add(1, Relaxed);
    COUNTERS.envelopes_in.fetch_add(inputs as u64, Relaxed);
    tracing::debug!(
        inputs,
        timers,
        collect_us = t.collect_us,
        process_us = t.process_us,
        commit_us = t.commit_us,
        "batch committed"
    );
}

/// A batch was rolled back; its inputs will be processed again.
pub fn batch_aborted(error: &str) {
    COUNTERS.transactions_aborted.fetch_add(1, Relaxed);
    tracing::warn!(error, "batch aborted; state is restored and inputs reprocessed");
}

/// A produce was refused (queue full, broker down) and is retried.
pub fn produce_retried(error: &str) {
    if COUNTERS.produce_retries.fetch_add(1, Relaxed).is_multiple_of(1000) {
        tracing::warn!(error, "produce refused; retrying");
    }
}

/// Workflow state was restored from the changelog for a partition.
pub fn partition_restored(topic: &str, partition: i32, workflows: usize, millis: u128) {
    COUNTERS.workflows_restored.fetch_add(workflows as u64, Relaxed);
    tracing::info!(topic, partition, workflows, millis, "partition restored");
}

/// Renders every counter in the Prometheus text format.
pub fn render_prometheus() -> String {
    let c = &*COUNTERS;
    let mut out = String::new();
    let mut counter = |name: &str, help: &str, value: u64| {
        out.push_str(&format!("# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}\n"));
    };
    counter("apex_envelopes_in_total", "Envelopes consumed and decided.", c.envelopes_in.load(Relaxed));
    counter("apex_duplicates_total", "Redelivered envelopes dropped.", c.duplicates.load(Relaxed));
    counter("apex_events_out_total", "Aggregate events published.", c.events_out.load(Relaxed));
    counter("apex_commands_out_total", "Saga commands published.", c.commands_out.load(Relaxed));
    counter("apex_timers_fired_total", "Durable timers fired.", c.timers_fired.load(Relaxed));
    counter("apex_transactions_committed_total", "Batches committed.", c.transactions_committed.load(Relaxed));
    counter("apex_transactions_aborted_total", "Batches rolled back.", c.transactions_aborted.load(Relaxed));
    counter(
        "apex_workflows_restored_total",
        "Workflows restored from the changelog.",
        c.workflows_restored.load(Relaxed),
    );
    counter("apex_produce_retries_total", "Produce attempts refused and retried.", c.produce_retries.load(Relaxed));
    out.push_str("# HELP apex_dlq_total Envelopes dead-lettered, by reason.\n# TYPE apex_dlq_total counter\n");
    for (reason, n) in c.dead_lettered() {
        out.push_str(&format!("apex_dlq_total{{reason=\"{reason}\"}} {n}\n"));
    }
    out.push_str("# HELP apex_outcomes_total Workflow outcomes, by type.\n# TYPE apex_outcomes_total counter\n");
    for (kind, n) in c.outcomes.lock().map(|m| m.clone()).unwrap_or_default() {
        out.push_str(&format!("apex_outcomes_total{{event_type=\"{kind}\"}} {n}\n"));
    }
    out
}
