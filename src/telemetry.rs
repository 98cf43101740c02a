//! Telemetry as named events: each function below logs one thing and counts it, so logs and
//! metrics can never disagree. Counters are exposed in the Prometheus text format by
//! [`render_prometheus`].

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{LazyLock, Mutex};

use tracing_subscriber::EnvFilter;

use crate::core::DeadLetterReason;

/// Installs the tracing subscriber (`RUST_LOG` filters; `json` or `text` output).
pub fn init(format: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = if format == "json" { builder.json().try_init() } else { builder.try_init() };
}

/// The currency costs are counted in (`APEX_LLM_CURRENCY`), for the cost metric's label.
static COST_CURRENCY: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Sets the currency costs are counted in (once, at start).
pub fn set_cost_currency(currency: &crate::prices::Currency) {
    let _ = COST_CURRENCY.set(currency.as_str().to_owned());
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
    pub records_out: AtomicU64,
    pub plan_cache_hits: AtomicU64,
    pub plan_cache_misses: AtomicU64,
    pub plan_cache_errors: AtomicU64,
    pub llm_calls: AtomicU64,
    pub llm_calls_avoided: AtomicU64,
    pub llm_prompt_tokens: AtomicU64,
    pub llm_completion_tokens: AtomicU64,
    pub plan_lookup_latency: Histogram,
    pub events_projected: AtomicU64,
    pub batch_process_latency: Histogram,
    pub batch_commit_latency: Histogram,
    pub projection_failures: AtomicU64,
    pub projected_without_nul: AtomicU64,
    pub snapshots_skipped: AtomicU64,
    pub outputs_claimed: AtomicU64,
    pub commit_failures: AtomicU64,
    pub commands_skipped: AtomicU64,
    pub commands_expired: AtomicU64,
    pub cached_plans_discarded: AtomicU64,
    pub attempts_not_spent: AtomicU64,
    pub tool_calls: AtomicU64,
    pub restore_failures: AtomicU64,
    pub partitions_pending: AtomicU64,
    worker_waits: Mutex<BTreeMap<&'static str, u64>>,
    late_successes: Mutex<BTreeMap<&'static str, u64>>,
    dead_lettered: Mutex<BTreeMap<&'static str, u64>>,
    outcomes: Mutex<BTreeMap<&'static str, u64>>,
    plans: Mutex<BTreeMap<&'static str, u64>>,
    rejected_hits: Mutex<BTreeMap<&'static str, u64>>,
    policy_refusals: Mutex<BTreeMap<&'static str, u64>>,
    lag: Mutex<BTreeMap<i32, i64>>,
    /// LLM tokens and cost by (tenant, model), from the usage workflows recorded.
    llm_spend: Mutex<SpendByTenantAndModel>,
}

/// Upper bounds (seconds) of the latency histogram's buckets.
const LATENCY_BUCKETS: [f64; 10] = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2.5];

/// A Prometheus histogram of latencies with fixed buckets.
#[derive(Debug, Default)]
pub struct Histogram {
    buckets: [AtomicU64; LATENCY_BUCKETS.len()],
    count: AtomicU64,
    sum_micros: AtomicU64,
}

impl Histogram {
    /// Records one observation.
    pub fn observe(&self, elapsed: std::time::Duration) {
        let seconds = elapsed.as_secs_f64();
        if let Some(i) = LATENCY_BUCKETS.iter().position(|b| seconds <= *b) {
            self.buckets[i].fetch_add(1, Relaxed);
        }
        self.count.fetch_add(1, Relaxed);
        self.sum_micros.fetch_add(elapsed.as_micros() as u64, Relaxed);
    }

    /// Observations so far.
    pub fn count(&self) -> u64 {
        self.count.load(Relaxed)
    }

    fn render(&self, name: &str, help: &str, out: &mut String) {
        out.push_str(&format!("# HELP {name} {help}\n# TYPE {name} histogram\n"));
        let mut cumulative = 0;
        for (bound, bucket) in LATENCY_BUCKETS.iter().zip(&self.buckets) {
            cumulative += bucket.load(Relaxed);
            out.push_str(&format!("{name}_bucket{{le=\"{bound}\"}} {cumulative}\n"));
        }
        let count = self.count.load(Relaxed);
        out.push_str(&format!("{name}_bucket{{le=\"+Inf\"}} {count}\n"));
        out.push_str(&format!("{name}_sum {}\n{name}_count {count}\n", self.sum_micros.load(Relaxed) as f64 / 1e6));
    }
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
pub fn dead_lettered(reason: DeadLetterReason, error: &str, topic: &str, partition: i32, offset: i64) {
    let reason = reason.as_str();
    bump(&COUNTERS.dead_lettered, reason);
    tracing::warn!(reason, error, topic, partition, offset, "envelope dead-lettered");
}

/// A decision's events were written to the event log.
pub fn events_folded(count: usize) {
    COUNTERS.events_out.fetch_add(count as u64, Relaxed);
}

/// A superseded step attempt succeeded and the saga did not keep it; `fate` says what is
/// done about its effect (`undo`: compensated on its own).
pub fn late_success(workflow: &str, step: &str, attempt: u32, fate: &'static str) {
    bump(&COUNTERS.late_successes, fate);
    tracing::info!(workflow, step, attempt, fate, "late success of a superseded attempt");
}

/// A saga command was published.
pub fn command_published() {
    COUNTERS.commands_out.fetch_add(1, Relaxed);
}

/// A record was handed to the producer (any topic).
pub fn record_produced() {
    COUNTERS.records_out.fetch_add(1, Relaxed);
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

/// A plan was made or reused; `source` is `cache`, `llm` or `builtin`.
pub fn plan_generated(source: &'static str, template: &str, similarity: Option<f64>) {
    bump(&COUNTERS.plans, source);
    if source == "cache" {
        COUNTERS.plan_cache_hits.fetch_add(1, Relaxed);
        COUNTERS.llm_calls_avoided.fetch_add(1, Relaxed);
    }
    tracing::info!(source, template, similarity, "plan generated");
}

/// No cached plan could be used for a goal.
pub fn plan_cache_missed(template: &str, candidates: usize) {
    COUNTERS.plan_cache_misses.fetch_add(1, Relaxed);
    tracing::debug!(template, candidates, "plan cache miss");
}

/// A similar cached plan was not reused, for `reason`.
pub fn plan_hit_rejected(reason: &'static str, detail: &str, similarity: f64) {
    bump(&COUNTERS.rejected_hits, reason);
    tracing::info!(reason, detail, similarity, "cached plan rejected");
}

/// A workflow showed a cached plan wrong and the planner deleted its entry (`existed`: it was
/// still there).
pub fn cached_plan_discarded(entry: &str, reason: &str, existed: bool) {
    COUNTERS.cached_plans_discarded.fetch_add(u64::from(existed), Relaxed);
    tracing::info!(entry, reason, existed, "cached plan discarded");
}

/// An LLM plan did something the goal did not ask for; the LLM is asked again.
pub fn plan_refused_by_policy(reason: &'static str, detail: &str) {
    bump(&COUNTERS.policy_refusals, reason);
    tracing::warn!(reason, detail, "LLM plan refused by the plan policy");
}

/// The plan cache (or the embedder) failed; the planner went on without it.
pub fn plan_cache_failed(error: &str) {
    COUNTERS.plan_cache_errors.fetch_add(1, Relaxed);
    tracing::warn!(error, "plan cache unavailable; planning without it");
}

/// A cache lookup (embedding + KNN search) took `elapsed`.
pub fn plan_lookup_timed(elapsed: std::time::Duration) {
    COUNTERS.plan_lookup_latency.observe(elapsed);
}

/// The LLM answered `calls` chat completions for one plan.
pub fn llm_called(calls: u32, prompt_tokens: u64, completion_tokens: u64) {
    COUNTERS.llm_calls.fetch_add(u64::from(calls), Relaxed);
    COUNTERS.llm_prompt_tokens.fetch_add(prompt_tokens, Relaxed);
    COUNTERS.llm_completion_tokens.fetch_add(completion_tokens, Relaxed);
    tracing::info!(calls, prompt_tokens, completion_tokens, "LLM planned");
}

/// The processor's consumer is `lag` inputs behind on `partition` (a gauge). The local broker
/// under-reports high watermarks after multi-record batches, so there it can read low.
pub fn consumer_lag(partition: i32, lag: i64) {
    if let Ok(mut m) = COUNTERS.lag.lock() {
        m.insert(partition, lag);
    }
}

/// The stall a worker waiting for `what` is reported as (set and cleared by the same name).
fn waiting_for(what: &str) -> String {
    format!("waiting for {what}")
}

/// What the health of the processor's batches and the projector's writes is reported as.
const BATCHES: &str = "processor batches";
const PROJECTION: &str = "projection writes";

/// A batch of events was written to PostgreSQL.
pub fn events_projected(events: usize, workflows: usize) {
    crate::health::recovered(PROJECTION);
    COUNTERS.events_projected.fetch_add(events as u64, Relaxed);
    tracing::debug!(events, workflows, "events projected");
}

/// Writing a projection batch failed; it is retried after `backoff`, never skipped.
pub fn projection_write_failed(error: &str, backoff: std::time::Duration) {
    crate::health::stalled(PROJECTION, error);
    COUNTERS.projection_failures.fetch_add(1, Relaxed);
    tracing::warn!(error, backoff_ms = backoff.as_millis() as u64, "projection write failed; retrying the batch");
}

/// PostgreSQL refused a record's data (a NUL character); it was projected with U+FFFD instead.
pub fn projected_without_nul(topic: &str, partition: i32, offset: i64) {
    COUNTERS.projected_without_nul.fetch_add(1, Relaxed);
    tracing::warn!(topic, partition, offset, "record projected with its NUL characters replaced by U+FFFD");
}

/// A workflow's snapshot was too large to write and was left out (restores replay its events).
pub fn snapshot_skipped(workflow: &str, bytes: usize) {
    COUNTERS.snapshots_skipped.fetch_add(1, Relaxed);
    tracing::warn!(workflow, bytes, "snapshot too large to write; left out (the event log rebuilds the state)");
}

/// A step's output was too large to travel in its answer and was stored in the claim store.
pub fn output_claimed(bytes: u64) {
    COUNTERS.outputs_claimed.fetch_add(1, Relaxed);
    tracing::info!(bytes, "step output stored in the claim store; the answer carries its reference");
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
    crate::health::recovered(BATCHES);
    COUNTERS.transactions_committed.fetch_add(1, Relaxed);
    COUNTERS.batch_process_latency.observe(std::time::Duration::from_micros(t.process_us as u64));
    COUNTERS.batch_commit_latency.observe(std::time::Duration::from_micros(t.commit_us as u64));
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
    crate::health::stalled(BATCHES, error);
    COUNTERS.transactions_aborted.fetch_add(1, Relaxed);
    tracing::warn!(error, "batch aborted; state is restored and inputs reprocessed");
}

/// A produce was refused (queue full, broker down) and is retried.
pub fn produce_retried(error: &str) {
    if COUNTERS.produce_retries.fetch_add(1, Relaxed).is_multiple_of(1000) {
        tracing::warn!(error, "produce refused; retrying");
    }
}

/// The consumer reported an error (the client reconnects by itself).
pub fn consumer_failed(error: &str) {
    tracing::warn!(error, "consumer error");
}

/// An offset commit failed, usually because a rebalance is under way; the next commit covers it.
pub fn commit_failed(error: &str) {
    COUNTERS.commit_failures.fetch_add(1, Relaxed);
    tracing::info!(error, "offset commit failed; the next one covers it");
}

/// A record on the commands topic that is not a readable envelope: skipped (no role can answer it).
pub fn command_skipped(reason: DeadLetterReason, error: &str, partition: i32, offset: i64) {
    let reason = reason.as_str();
    COUNTERS.commands_skipped.fetch_add(1, Relaxed);
    tracing::warn!(reason, error, partition, offset, "command record skipped");
}

/// A worker holds a command because infrastructure it needs (`what`) is unavailable; no
/// attempt is spent, the command is retried.
pub fn worker_waited(what: &'static str, error: &str) {
    crate::health::stalled(waiting_for(what), error);
    bump(&COUNTERS.worker_waits, what);
    tracing::warn!(what, error, "waiting for infrastructure; the command is held, not failed");
}

/// A command held through an outage was given back before its deadline, answered `not_run`:
/// the saga retries it without counting the attempt.
pub fn attempt_given_back(what: &'static str, command: &str) {
    COUNTERS.attempts_not_spent.fetch_add(1, Relaxed);
    tracing::warn!(what, command, "still unavailable near the deadline: answered not_run, no attempt spent");
}

/// A worker's answer reached the broker (encoded, so the schema registry answered).
pub fn answer_published() {
    crate::health::recovered(&waiting_for("schema registry"));
}

/// A role waits for its topics (missing, or the broker unreachable) instead of exiting.
pub fn topics_awaited(reason: &str) {
    tracing::warn!(reason, "waiting for the topics (create them with `apex topics create`)");
}

/// A command reached the executor after its deadline and was answered without running.
pub fn command_expired(command: &str, late_ms: i64) {
    COUNTERS.commands_expired.fetch_add(1, Relaxed);
    tracing::info!(command, late_ms, "command expired before it ran");
}

/// A tool ran for a command (execution or compensation).
pub fn tool_called(tool: &str, elapsed: std::time::Duration, ok: bool) {
    crate::health::recovered(&waiting_for("redis"));
    COUNTERS.tool_calls.fetch_add(1, Relaxed);
    tracing::debug!(tool, elapsed_ms = elapsed.as_millis() as u64, ok, "tool called");
}

/// A stopping worker's grace period ran out; these commands stay uncommitted and are redelivered.
pub fn worker_stopped_with_commands_in_flight(count: usize) {
    tracing::warn!(count, "grace period over; unanswered commands will be redelivered");
}

/// A partition's restore failed; it stays paused and is tried again.
pub fn partition_restore_failed(partition: i32, error: &str) {
    crate::health::stalled(format!("restore of partition {partition}"), error);
    COUNTERS.restore_failures.fetch_add(1, Relaxed);
    tracing::warn!(partition, error, "partition restore failed; it stays paused and is retried");
}

/// Assigned partitions still waiting for their state (a gauge: 0 when all make progress).
pub fn partitions_pending(count: usize) {
    COUNTERS.partitions_pending.store(count as u64, Relaxed);
}

/// Workflow state was restored from the changelog for a partition.
pub fn partition_restored(topic: &str, partition: i32, workflows: usize, millis: u128) {
    crate::health::recovered(&format!("restore of partition {partition}"));
    COUNTERS.workflows_restored.fetch_add(workflows as u64, Relaxed);
    tracing::info!(topic, partition, workflows, millis, "partition restored");
}

/// A workflow recorded LLM usage (the processor, once per decided answer: a redelivery records
/// none, so nothing is counted twice).
pub fn llm_spent(tenant: &str, model: Option<&str>, tokens: u64, cost: Option<f64>) {
    if let Ok(mut spend) = COUNTERS.llm_spend.lock() {
        let entry = spend.entry((tenant.to_owned(), model.unwrap_or("unknown").to_owned())).or_default();
        entry.0 = entry.0.saturating_add(tokens);
        entry.1 += cost.unwrap_or(0.0);
    }
}

/// A label value in the Prometheus text format: tenant ids and model names may hold anything.
fn label_value(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

/// Tokens and cost by (tenant, model).
type SpendByTenantAndModel = BTreeMap<(String, String), (u64, f64)>;

fn llm_spend(out: &mut String, spend: &Mutex<SpendByTenantAndModel>) {
    let spend = spend.lock().map(|m| m.clone()).unwrap_or_default();
    out.push_str("# HELP apex_llm_tokens_total LLM tokens workflows recorded, by tenant and model.\n");
    out.push_str("# TYPE apex_llm_tokens_total counter\n");
    for ((tenant, model), (tokens, _)) in &spend {
        let (tenant, model) = (label_value(tenant), label_value(model));
        out.push_str(&format!("apex_llm_tokens_total{{tenant=\"{tenant}\",model=\"{model}\"}} {tokens}\n"));
    }
    out.push_str(
        "# HELP apex_llm_cost_total LLM cost workflows recorded, by tenant and currency (APEX_LLM_CURRENCY).\n",
    );
    out.push_str("# TYPE apex_llm_cost_total counter\n");
    let mut by_tenant: BTreeMap<&str, f64> = BTreeMap::new();
    for ((tenant, _), (_, cost)) in &spend {
        *by_tenant.entry(tenant).or_default() += cost;
    }
    let currency = label_value(COST_CURRENCY.get().map_or("USD", String::as_str));
    for (tenant, cost) in by_tenant {
        out.push_str(&format!(
            "apex_llm_cost_total{{tenant=\"{}\",currency=\"{currency}\"}} {cost}\n",
            label_value(tenant)
        ));
    }
}

fn labelled(out: &mut String, name: &str, help: &str, label: &str, map: &Mutex<BTreeMap<&'static str, u64>>) {
    out.push_str(&format!("# HELP {name} {help}\n# TYPE {name} counter\n"));
    for (value, n) in map.lock().map(|m| m.clone()).unwrap_or_default() {
        out.push_str(&format!("{name}{{{label}=\"{value}\"}} {n}\n"));
    }
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
    counter("apex_records_produced_total", "Records handed to the producer, every topic.", c.records_out.load(Relaxed));
    counter("apex_plan_cache_hits_total", "Plans reused from the cache.", c.plan_cache_hits.load(Relaxed));
    counter("apex_plan_cache_misses_total", "Goals with no reusable cached plan.", c.plan_cache_misses.load(Relaxed));
    counter(
        "apex_plan_cache_errors_total",
        "Cache or embedder failures (planned without the cache).",
        c.plan_cache_errors.load(Relaxed),
    );
    counter("apex_llm_calls_total", "LLM chat completions made.", c.llm_calls.load(Relaxed));
    counter(
        "apex_llm_calls_avoided_total",
        "Plans reused instead of asking the LLM.",
        c.llm_calls_avoided.load(Relaxed),
    );
    counter("apex_llm_prompt_tokens_total", "LLM prompt tokens.", c.llm_prompt_tokens.load(Relaxed));
    counter("apex_llm_completion_tokens_total", "LLM completion tokens.", c.llm_completion_tokens.load(Relaxed));
    counter("apex_events_projected_total", "Events written to PostgreSQL.", c.events_projected.load(Relaxed));
    counter(
        "apex_projection_failures_total",
        "Projection batch writes that failed and were retried.",
        c.projection_failures.load(Relaxed),
    );
    counter(
        "apex_projected_without_nul_total",
        "Records PostgreSQL refused for NUL characters, projected with U+FFFD instead.",
        c.projected_without_nul.load(Relaxed),
    );
    counter(
        "apex_snapshots_skipped_total",
        "Snapshots too large to write, left out (restores replay the events).",
        c.snapshots_skipped.load(Relaxed),
    );
    counter(
        "apex_outputs_claimed_total",
        "Step outputs too large for an answer, stored in the claim store (the answer carries a reference).",
        c.outputs_claimed.load(Relaxed),
    );
    counter(
        "apex_commit_failures_total",
        "Offset commits that failed (covered by the next).",
        c.commit_failures.load(Relaxed),
    );
    counter(
        "apex_commands_skipped_total",
        "Unreadable records on the commands topic.",
        c.commands_skipped.load(Relaxed),
    );
    counter(
        "apex_commands_expired_total",
        "Commands answered expired without running.",
        c.commands_expired.load(Relaxed),
    );
    counter(
        "apex_cached_plans_discarded_total",
        "Plan cache entries deleted because a workflow showed the plan wrong.",
        c.cached_plans_discarded.load(Relaxed),
    );
    counter(
        "apex_attempts_not_spent_total",
        "Commands answered not_run because infrastructure was down (the saga does not count them).",
        c.attempts_not_spent.load(Relaxed),
    );
    counter("apex_tool_calls_total", "Tool calls made by executors.", c.tool_calls.load(Relaxed));
    counter(
        "apex_restore_failures_total",
        "Partition restores that failed and were retried.",
        c.restore_failures.load(Relaxed),
    );
    out.push_str(&format!(
        "# HELP apex_partitions_pending Assigned partitions waiting for their state.\n# TYPE apex_partitions_pending gauge\napex_partitions_pending {}\n",
        c.partitions_pending.load(Relaxed)
    ));
    labelled(
        &mut out,
        "apex_worker_waits_total",
        "Commands held (no attempt spent) while infrastructure was down, by what.",
        "what",
        &c.worker_waits,
    );
    labelled(
        &mut out,
        "apex_late_successes_total",
        "Successes of superseded attempts not kept, by fate (undo: compensated on their own).",
        "fate",
        &c.late_successes,
    );
    labelled(&mut out, "apex_plans_total", "Plans answered, by source.", "source", &c.plans);
    llm_spend(&mut out, &c.llm_spend);
    labelled(
        &mut out,
        "apex_plan_hits_rejected_total",
        "Similar cached plans not reused, by reason.",
        "reason",
        &c.rejected_hits,
    );
    labelled(
        &mut out,
        "apex_plans_refused_total",
        "LLM plans refused by the plan policy, by rule.",
        "reason",
        &c.policy_refusals,
    );
    c.batch_process_latency.render(
        "apex_batch_fold_seconds",
        "Time to decide a batch and produce its outputs.",
        &mut out,
    );
    c.batch_commit_latency.render(
        "apex_batch_commit_seconds",
        "Time to commit a batch (transaction or offsets).",
        &mut out,
    );
    c.plan_lookup_latency.render(
        "apex_plan_lookup_seconds",
        "Plan cache lookup latency (embedding and KNN).",
        &mut out,
    );
    out.push_str("# HELP apex_consumer_lag Inputs beyond the processor's position, by partition.\n# TYPE apex_consumer_lag gauge\n");
    for (partition, lag) in c.lag.lock().map(|m| m.clone()).unwrap_or_default() {
        out.push_str(&format!("apex_consumer_lag{{partition=\"{partition}\"}} {lag}\n"));
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn llm_spend_is_exposed_by_tenant_and_model_with_any_characters_escaped() {
        llm_spent("tenant \"q\"\\x", Some("gpt-test"), 1_200, Some(0.25));
        llm_spent("tenant \"q\"\\x", Some("gpt-test"), 800, Some(0.5));
        let text = render_prometheus();
        assert!(text.contains(r#"apex_llm_tokens_total{tenant="tenant \"q\"\\x",model="gpt-test"} 2000"#), "{text}");
        assert!(text.contains(r#"apex_llm_cost_total{tenant="tenant \"q\"\\x",currency="USD"} 0.75"#), "{text}");
    }
}
