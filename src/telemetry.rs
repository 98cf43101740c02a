//! Telemetry as named events: each function below logs one thing and counts it, so logs and
//! metrics can never disagree. The metrics live in a private registry of the maintained
//! `prometheus-client` crate, exposed in the OpenMetrics text format by [`render_prometheus`];
//! the README's metrics table lists every name, and a test checks each is served.

use std::sync::LazyLock;
use std::sync::atomic::AtomicU64;

use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

use tracing_subscriber::EnvFilter;

use crate::core::DeadLetterReason;

/// Installs the tracing subscriber (`RUST_LOG` filters; `json` or `text` output). Colours only
/// on a terminal: piped into a file, a log collector or another program, escape codes are noise
/// (and `apex submit`'s output promises no raw control characters).
pub fn init(format: &str) {
    use std::io::IsTerminal;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    let _ = if format == "json" { builder.json().try_init() } else { builder.try_init() };
}

/// The currency costs are counted in (`APEX_LLM_CURRENCY`), for the cost metric's label.
static COST_CURRENCY: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Sets the currency costs are counted in (once, at start).
pub fn set_cost_currency(currency: &crate::prices::Currency) {
    let _ = COST_CURRENCY.set(currency.as_str().to_owned());
}

/// The process's metrics, each registered once in [`Metrics::registry`]. Private: a metric
/// moves only through the named events below, which log what they count.
struct Metrics {
    registry: Registry,
    envelopes_in: Counter,
    duplicates: Counter,
    events_out: Counter,
    commands_out: Counter,
    outcomes_out: Counter,
    timers_fired: Counter,
    transactions_committed: Counter,
    transactions_aborted: Counter,
    workflows_restored: Counter,
    produce_retries: Counter,
    records_out: Counter,
    plan_cache_hits: Counter,
    plan_cache_misses: Counter,
    plan_cache_errors: Counter,
    llm_calls: Counter,
    llm_calls_avoided: Counter,
    llm_prompt_tokens: Counter,
    llm_completion_tokens: Counter,
    plan_lookup_latency: Histogram,
    events_projected: Counter,
    batch_process_latency: Histogram,
    batch_commit_latency: Histogram,
    projection_failures: Counter,
    projected_without_nul: Counter,
    snapshots_skipped: Counter,
    outputs_claimed: Counter,
    commit_failures: Counter,
    commands_skipped: Counter,
    commands_expired: Counter,
    cached_plans_discarded: Counter,
    attempts_not_spent: Counter,
    tool_calls: Counter,
    restore_failures: Counter,
    partitions_pending: Gauge,
    worker_waits: Family<[(&'static str, String); 1], Counter>,
    late_successes: Family<[(&'static str, String); 1], Counter>,
    dead_lettered: Family<[(&'static str, String); 1], Counter>,
    outcomes: Family<[(&'static str, String); 1], Counter>,
    plans: Family<[(&'static str, String); 1], Counter>,
    second_opinions: Family<[(&'static str, String); 1], Counter>,
    rejected_hits: Family<[(&'static str, String); 1], Counter>,
    policy_refusals: Family<[(&'static str, String); 1], Counter>,
    lag: Family<[(&'static str, String); 1], Gauge>,
    llm_tokens: Family<[(&'static str, String); 2], Counter>,
    llm_cost: Family<[(&'static str, String); 2], Counter<f64, AtomicU64>>,
    plan_cache_foreign: Counter,
    answers_not_stored: Family<[(&'static str, String); 1], Counter>,
    commands_fenced: Counter,
    llm_rate_limited: Counter,
    llm_plans_retried: Counter,
    consumer_errors: Counter,
    abort_failures: Counter,
    changelog_skipped: Counter,
    changelog_read_errors: Counter,
    pause_failures: Counter,
    rebalances: Family<[(&'static str, String); 1], Counter>,
    api_accept_failures: Counter,
}

/// Upper bounds (seconds) of the latency histograms' buckets.
const LATENCY_BUCKETS: [f64; 10] = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2.5];

/// One label of a family: `label("reason", "oversize")`. Values may hold any character
/// (tenant ids, model names): the encoder escapes them.
fn label(name: &'static str, value: impl Into<String>) -> [(&'static str, String); 1] {
    [(name, value.into())]
}

impl Metrics {
    fn new() -> Self {
        let latency = || Histogram::new(LATENCY_BUCKETS);
        let mut m = Self {
            registry: Registry::default(),
            envelopes_in: Counter::default(),
            duplicates: Counter::default(),
            events_out: Counter::default(),
            commands_out: Counter::default(),
            outcomes_out: Counter::default(),
            timers_fired: Counter::default(),
            transactions_committed: Counter::default(),
            transactions_aborted: Counter::default(),
            workflows_restored: Counter::default(),
            produce_retries: Counter::default(),
            records_out: Counter::default(),
            plan_cache_hits: Counter::default(),
            plan_cache_misses: Counter::default(),
            plan_cache_errors: Counter::default(),
            llm_calls: Counter::default(),
            llm_calls_avoided: Counter::default(),
            llm_prompt_tokens: Counter::default(),
            llm_completion_tokens: Counter::default(),
            plan_lookup_latency: latency(),
            events_projected: Counter::default(),
            batch_process_latency: latency(),
            batch_commit_latency: latency(),
            projection_failures: Counter::default(),
            projected_without_nul: Counter::default(),
            snapshots_skipped: Counter::default(),
            outputs_claimed: Counter::default(),
            commit_failures: Counter::default(),
            commands_skipped: Counter::default(),
            commands_expired: Counter::default(),
            cached_plans_discarded: Counter::default(),
            attempts_not_spent: Counter::default(),
            tool_calls: Counter::default(),
            restore_failures: Counter::default(),
            partitions_pending: Gauge::default(),
            worker_waits: Family::default(),
            late_successes: Family::default(),
            dead_lettered: Family::default(),
            outcomes: Family::default(),
            plans: Family::default(),
            second_opinions: Family::default(),
            rejected_hits: Family::default(),
            policy_refusals: Family::default(),
            lag: Family::default(),
            llm_tokens: Family::default(),
            llm_cost: Family::default(),
            plan_cache_foreign: Counter::default(),
            answers_not_stored: Family::default(),
            commands_fenced: Counter::default(),
            llm_rate_limited: Counter::default(),
            llm_plans_retried: Counter::default(),
            consumer_errors: Counter::default(),
            abort_failures: Counter::default(),
            changelog_skipped: Counter::default(),
            changelog_read_errors: Counter::default(),
            pause_failures: Counter::default(),
            rebalances: Family::default(),
            api_accept_failures: Counter::default(),
        };
        m.register_all();
        m
    }

    /// Registers every metric under its exposed name (counters gain `_total` when encoded)
    /// and help text: the one list of what `/metrics` serves (the README's table mirrors it).
    fn register_all(&mut self) {
        let r = &mut self.registry;
        r.register("apex_envelopes_in", "Envelopes consumed and decided", self.envelopes_in.clone());
        r.register("apex_duplicates", "Redelivered envelopes dropped", self.duplicates.clone());
        r.register("apex_events_out", "Aggregate events published", self.events_out.clone());
        r.register("apex_commands_out", "Saga commands published", self.commands_out.clone());
        r.register("apex_outcomes_out", "Workflow outcomes published", self.outcomes_out.clone());
        r.register("apex_timers_fired", "Durable timers fired", self.timers_fired.clone());
        r.register("apex_transactions_committed", "Batches committed", self.transactions_committed.clone());
        r.register("apex_transactions_aborted", "Batches rolled back", self.transactions_aborted.clone());
        r.register("apex_workflows_restored", "Workflows restored from the changelog", self.workflows_restored.clone());
        r.register("apex_produce_retries", "Produce attempts refused and retried", self.produce_retries.clone());
        r.register("apex_records_produced", "Records handed to the producer, every topic", self.records_out.clone());
        r.register("apex_plan_cache_hits", "Plans reused from the cache", self.plan_cache_hits.clone());
        r.register("apex_plan_cache_misses", "Goals with no reusable cached plan", self.plan_cache_misses.clone());
        r.register(
            "apex_plan_cache_errors",
            "Cache or embedder failures (planned without the cache)",
            self.plan_cache_errors.clone(),
        );
        r.register("apex_llm_calls", "LLM chat completions made", self.llm_calls.clone());
        r.register("apex_llm_calls_avoided", "Plans reused instead of asking the LLM", self.llm_calls_avoided.clone());
        r.register("apex_llm_prompt_tokens", "LLM prompt tokens", self.llm_prompt_tokens.clone());
        r.register("apex_llm_completion_tokens", "LLM completion tokens", self.llm_completion_tokens.clone());
        r.register("apex_events_projected", "Events written to PostgreSQL", self.events_projected.clone());
        r.register(
            "apex_projection_failures",
            "Projection batch writes that failed and were retried",
            self.projection_failures.clone(),
        );
        r.register(
            "apex_projected_without_nul",
            "Records PostgreSQL refused for NUL characters, projected with U+FFFD instead",
            self.projected_without_nul.clone(),
        );
        r.register(
            "apex_snapshots_skipped",
            "Snapshots too large to write, left out (restores replay the events)",
            self.snapshots_skipped.clone(),
        );
        r.register(
            "apex_outputs_claimed",
            "Step outputs too large for an answer, stored in the claim store",
            self.outputs_claimed.clone(),
        );
        r.register(
            "apex_commit_failures",
            "Offset commits that failed (covered by the next)",
            self.commit_failures.clone(),
        );
        r.register("apex_commands_skipped", "Unreadable records on the commands topic", self.commands_skipped.clone());
        r.register("apex_commands_expired", "Commands answered expired without running", self.commands_expired.clone());
        r.register(
            "apex_cached_plans_discarded",
            "Plan cache entries deleted because a workflow showed the plan wrong",
            self.cached_plans_discarded.clone(),
        );
        r.register(
            "apex_attempts_not_spent",
            "Commands answered not_run because infrastructure was down",
            self.attempts_not_spent.clone(),
        );
        r.register("apex_tool_calls", "Tool calls made by executors", self.tool_calls.clone());
        r.register(
            "apex_restore_failures",
            "Partition restores that failed and were retried",
            self.restore_failures.clone(),
        );
        r.register(
            "apex_partitions_pending",
            "Assigned partitions waiting for their state",
            self.partitions_pending.clone(),
        );
        r.register(
            "apex_worker_waits",
            "Commands held (no attempt spent) while infrastructure was down, by what",
            self.worker_waits.clone(),
        );
        r.register(
            "apex_late_successes",
            "Successes of superseded attempts not kept, by fate (undo: compensated on their own)",
            self.late_successes.clone(),
        );
        r.register("apex_dlq", "Envelopes dead-lettered, by reason", self.dead_lettered.clone());
        r.register("apex_outcomes", "Workflow outcomes, by event type", self.outcomes.clone());
        r.register("apex_plans", "Plans answered, by source", self.plans.clone());
        r.register(
            "apex_plan_second_opinions",
            "The built-in planner's classifier, by what its opinion did (agreed, disputed, told, kept, unsure, unavailable)",
            self.second_opinions.clone(),
        );
        r.register("apex_plan_hits_rejected", "Similar cached plans not reused, by reason", self.rejected_hits.clone());
        r.register("apex_plans_refused", "LLM plans refused by the plan policy, by rule", self.policy_refusals.clone());
        r.register("apex_consumer_lag", "Inputs beyond the processor's position, by partition", self.lag.clone());
        r.register("apex_llm_tokens", "LLM tokens workflows recorded, by tenant and model", self.llm_tokens.clone());
        r.register(
            "apex_llm_cost",
            "LLM cost workflows recorded, by tenant and currency (APEX_LLM_CURRENCY)",
            self.llm_cost.clone(),
        );
        r.register(
            "apex_batch_fold_seconds",
            "Time to decide a batch and produce its outputs",
            self.batch_process_latency.clone(),
        );
        r.register(
            "apex_batch_commit_seconds",
            "Time to commit a batch (transaction or offsets)",
            self.batch_commit_latency.clone(),
        );
        r.register(
            "apex_plan_lookup_seconds",
            "Plan cache lookup latency (embedding and KNN)",
            self.plan_lookup_latency.clone(),
        );
        r.register(
            "apex_plan_cache_foreign_refused",
            "Cache entries of another tenant or catalog returned by a search and refused",
            self.plan_cache_foreign.clone(),
        );
        r.register(
            "apex_answers_not_stored",
            "Answers published but not stored for redeliveries (Redis down), by role",
            self.answers_not_stored.clone(),
        );
        r.register(
            "apex_commands_fenced",
            "Commands from a fenced-off processor refused",
            self.commands_fenced.clone(),
        );
        r.register("apex_llm_rate_limited", "LLM calls answered 429 and waited out", self.llm_rate_limited.clone());
        r.register(
            "apex_llm_plans_retried",
            "LLM plans refused as invalid and asked again",
            self.llm_plans_retried.clone(),
        );
        r.register("apex_consumer_errors", "Errors a consumer reported while polling", self.consumer_errors.clone());
        r.register(
            "apex_abort_failures",
            "Transaction aborts that timed out or failed (the producer is replaced)",
            self.abort_failures.clone(),
        );
        r.register(
            "apex_changelog_records_skipped",
            "Changelog records that did not decode during a restore",
            self.changelog_skipped.clone(),
        );
        r.register(
            "apex_changelog_read_errors",
            "Changelog read errors during a restore (retried)",
            self.changelog_read_errors.clone(),
        );
        r.register("apex_pause_failures", "Partitions the consumer could not pause", self.pause_failures.clone());
        r.register("apex_rebalances", "Partition assignments and revocations, by change", self.rebalances.clone());
        r.register(
            "apex_api_accept_failures",
            "API connections that could not be accepted",
            self.api_accept_failures.clone(),
        );
    }
}

static METRICS: LazyLock<Metrics> = LazyLock::new(Metrics::new);

/// Records handed to the producer so far, in this process (for benchmarks).
pub fn records_produced() -> u64 {
    METRICS.records_out.get()
}

/// Envelopes decided so far, in this process (for benchmarks).
pub fn envelopes_decided() -> u64 {
    METRICS.envelopes_in.get()
}

/// Cache or embedder failures so far, in this process.
pub fn plan_cache_errors() -> u64 {
    METRICS.plan_cache_errors.get()
}

/// An envelope could not be processed and went to the DLQ.
pub fn dead_lettered(reason: DeadLetterReason, error: &str, topic: &str, partition: i32, offset: i64) {
    let reason = reason.as_str();
    METRICS.dead_lettered.get_or_create(&label("reason", reason)).inc();
    tracing::warn!(reason, error, topic, partition, offset, "envelope dead-lettered");
}

/// A decision's events were written to the event log.
pub fn events_folded(count: usize) {
    METRICS.events_out.inc_by(count as u64);
}

/// A superseded step attempt succeeded and the saga did not keep it; `fate` says what is
/// done about its effect (`undo`: compensated on its own).
pub fn late_success(workflow: &str, step: &str, attempt: u32, fate: &'static str) {
    METRICS.late_successes.get_or_create(&label("fate", fate)).inc();
    tracing::info!(workflow, step, attempt, fate, "late success of a superseded attempt");
}

/// A saga command was published.
pub fn command_published() {
    METRICS.commands_out.inc();
}

/// A record was handed to the producer (any topic).
pub fn record_produced() {
    METRICS.records_out.inc();
}

/// A redelivered envelope was recognised and dropped.
pub fn duplicate_dropped() {
    METRICS.duplicates.inc();
}

/// A workflow reached an outcome.
pub fn outcome_published(event_type: &'static str) {
    METRICS.outcomes_out.inc();
    METRICS.outcomes.get_or_create(&label("event_type", event_type)).inc();
}

/// A plan was made or reused; `source` is `cache`, `llm` or `builtin`.
pub fn plan_generated(source: &'static str, template: &str, similarity: Option<f64>) {
    METRICS.plans.get_or_create(&label("source", source)).inc();
    if source == "cache" {
        METRICS.plan_cache_hits.inc();
        METRICS.llm_calls_avoided.inc();
    }
    tracing::info!(source, template, similarity, "plan generated");
}

/// The classifier gave the built-in planner its opinion of a goal; `verdict` is what came of it:
/// `agreed`, `disputed` (the plan was refused), `told` (it named the tools the lexicon could
/// not), `kept` (it named tools, but the lexicon's refusal stood), `unsure` (not confident
/// enough to count) or `unavailable` (the embedder failed).
pub fn plan_second_opinion(verdict: &'static str, template: &str) {
    METRICS.second_opinions.get_or_create(&label("verdict", verdict)).inc();
    tracing::debug!(verdict, template, "second opinion on a built-in plan");
}

/// No cached plan could be used for a goal.
pub fn plan_cache_missed(template: &str, candidates: usize) {
    METRICS.plan_cache_misses.inc();
    tracing::debug!(template, candidates, "plan cache miss");
}

/// A similar cached plan was not reused, for `reason`.
pub fn plan_hit_rejected(reason: &'static str, detail: &str, similarity: f64) {
    METRICS.rejected_hits.get_or_create(&label("reason", reason)).inc();
    tracing::info!(reason, detail, similarity, "cached plan rejected");
}

/// A workflow showed a cached plan wrong and the planner deleted its entry (`existed`: it was
/// still there).
pub fn cached_plan_discarded(entry: &str, reason: &str, existed: bool) {
    METRICS.cached_plans_discarded.inc_by(u64::from(existed));
    tracing::info!(entry, reason, existed, "cached plan discarded");
}

/// An LLM plan did something the goal did not ask for; the LLM is asked again.
pub fn plan_refused_by_policy(reason: &'static str, detail: &str) {
    METRICS.policy_refusals.get_or_create(&label("reason", reason)).inc();
    tracing::warn!(reason, detail, "LLM plan refused by the plan policy");
}

/// The plan cache (or the embedder) failed; the planner went on without it.
pub fn plan_cache_failed(error: &str) {
    METRICS.plan_cache_errors.inc();
    tracing::warn!(error, "plan cache unavailable; planning without it");
}

/// A plan was made but not stored in the cache: it could not be reused safely (`why`).
pub fn plan_not_cached(template: &str, why: &'static str) {
    tracing::info!(template, why, "plan not cached");
}

/// A cache lookup (embedding + KNN search) took `elapsed`.
pub fn plan_lookup_timed(elapsed: std::time::Duration) {
    METRICS.plan_lookup_latency.observe(elapsed.as_secs_f64());
}

/// The LLM answered `calls` chat completions for one plan.
pub fn llm_called(calls: u32, prompt_tokens: u64, completion_tokens: u64) {
    METRICS.llm_calls.inc_by(u64::from(calls));
    METRICS.llm_prompt_tokens.inc_by(prompt_tokens);
    METRICS.llm_completion_tokens.inc_by(completion_tokens);
    tracing::info!(calls, prompt_tokens, completion_tokens, "LLM planned");
}

/// The processor's consumer is `lag` inputs behind on `partition` (a gauge). The local broker
/// under-reports high watermarks after multi-record batches, so there it can read low.
pub fn consumer_lag(partition: i32, lag: i64) {
    METRICS.lag.get_or_create(&label("partition", partition.to_string())).set(lag);
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
    METRICS.events_projected.inc_by(events as u64);
    tracing::debug!(events, workflows, "events projected");
}

/// Writing a projection batch failed; it is retried after `backoff`, never skipped.
pub fn projection_write_failed(error: &str, backoff: std::time::Duration) {
    crate::health::stalled(PROJECTION, error);
    METRICS.projection_failures.inc();
    tracing::warn!(error, backoff_ms = backoff.as_millis() as u64, "projection write failed; retrying the batch");
}

/// PostgreSQL refused a record's data (a NUL character); it was projected with U+FFFD instead.
pub fn projected_without_nul(topic: &str, partition: i32, offset: i64) {
    METRICS.projected_without_nul.inc();
    tracing::warn!(topic, partition, offset, "record projected with its NUL characters replaced by U+FFFD");
}

/// A workflow's snapshot was too large to write and was left out (restores replay its events).
pub fn snapshot_skipped(workflow: &str, bytes: usize) {
    METRICS.snapshots_skipped.inc();
    tracing::warn!(workflow, bytes, "snapshot too large to write; left out (the event log rebuilds the state)");
}

/// A step's output was too large to travel in its answer and was stored in the claim store.
pub fn output_claimed(bytes: u64) {
    METRICS.outputs_claimed.inc();
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
    METRICS.transactions_committed.inc();
    METRICS.batch_process_latency.observe(t.process_us as f64 / 1e6);
    METRICS.batch_commit_latency.observe(t.commit_us as f64 / 1e6);
    METRICS.envelopes_in.inc_by(inputs as u64);
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
    METRICS.transactions_aborted.inc();
    tracing::warn!(error, "batch aborted; state is restored and inputs reprocessed");
}

/// A produce was refused (queue full, broker down) and is retried.
pub fn produce_retried(error: &str) {
    if METRICS.produce_retries.inc().is_multiple_of(1000) {
        tracing::warn!(error, "produce refused; retrying");
    }
}

/// The consumer reported an error (the client reconnects by itself).
pub fn consumer_failed(error: &str) {
    METRICS.consumer_errors.inc();
    tracing::warn!(error, "consumer error");
}

/// An offset commit failed, usually because a rebalance is under way; the next commit covers it.
pub fn commit_failed(error: &str) {
    METRICS.commit_failures.inc();
    tracing::info!(error, "offset commit failed; the next one covers it");
}

/// A record on the commands topic that is not a readable envelope: skipped (no role can answer it).
pub fn command_skipped(reason: DeadLetterReason, error: &str, partition: i32, offset: i64) {
    let reason = reason.as_str();
    METRICS.commands_skipped.inc();
    tracing::warn!(reason, error, partition, offset, "command record skipped");
}

/// A worker holds a command because infrastructure it needs (`what`) is unavailable; no
/// attempt is spent, the command is retried.
pub fn worker_waited(what: &'static str, error: &str) {
    crate::health::stalled(waiting_for(what), error);
    METRICS.worker_waits.get_or_create(&label("what", what)).inc();
    tracing::warn!(what, error, "waiting for infrastructure; the command is held, not failed");
}

/// A command held through an outage was given back before its deadline, answered `not_run`:
/// the saga retries it without counting the attempt.
pub fn attempt_given_back(what: &'static str, command: &str) {
    METRICS.attempts_not_spent.inc();
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
    METRICS.commands_expired.inc();
    tracing::info!(command, late_ms, "command expired before it ran");
}

/// A tool ran for a command (execution or compensation).
pub fn tool_called(tool: &str, elapsed: std::time::Duration, ok: bool) {
    crate::health::recovered(&waiting_for("redis"));
    METRICS.tool_calls.inc();
    tracing::debug!(tool, elapsed_ms = elapsed.as_millis() as u64, ok, "tool called");
}

/// A stopping worker's grace period ran out; these commands stay uncommitted and are redelivered.
pub fn worker_stopped_with_commands_in_flight(count: usize) {
    tracing::warn!(count, "grace period over; unanswered commands will be redelivered");
}

/// A partition's restore failed; it stays paused and is tried again.
pub fn partition_restore_failed(partition: i32, error: &str) {
    crate::health::stalled(format!("restore of partition {partition}"), error);
    METRICS.restore_failures.inc();
    tracing::warn!(partition, error, "partition restore failed; it stays paused and is retried");
}

/// Assigned partitions still waiting for their state (a gauge: 0 when all make progress).
pub fn partitions_pending(count: usize) {
    METRICS.partitions_pending.set(i64::try_from(count).unwrap_or(i64::MAX));
}

/// Workflow state was restored from the changelog for a partition.
pub fn partition_restored(topic: &str, partition: i32, workflows: usize, millis: u128) {
    crate::health::recovered(&format!("restore of partition {partition}"));
    METRICS.workflows_restored.inc_by(workflows as u64);
    tracing::info!(topic, partition, workflows, millis, "partition restored");
}

/// A workflow recorded LLM usage (the processor, once per decided answer: a redelivery records
/// none, so nothing is counted twice).
pub fn llm_spent(tenant: &str, model: Option<&str>, tokens: u64, cost: Option<f64>) {
    let model = model.unwrap_or("unknown");
    METRICS.llm_tokens.get_or_create(&[("tenant", tenant.to_owned()), ("model", model.to_owned())]).inc_by(tokens);
    let currency = COST_CURRENCY.get().map_or("USD", String::as_str);
    METRICS
        .llm_cost
        .get_or_create(&[("tenant", tenant.to_owned()), ("currency", currency.to_owned())])
        .inc_by(cost.unwrap_or(0.0));
}

/// A plan cache search returned entries of another tenant or catalog, which were refused.
pub fn cache_entries_refused(count: usize) {
    METRICS.plan_cache_foreign.inc_by(count as u64);
    tracing::warn!(count, "plan cache entries of another scope refused");
}

/// An answer was published but could not be stored for redeliveries (Redis down): a
/// redelivered command runs its work again.
pub fn answer_not_stored(role: &'static str, command: &str, error: &str) {
    METRICS.answers_not_stored.get_or_create(&label("role", role)).inc();
    tracing::warn!(role, command, error, "answer not stored");
}

/// A command from a processor that lost its lease was refused.
pub fn command_fenced(command: &str, fence: Option<u64>) {
    METRICS.commands_fenced.inc();
    tracing::warn!(command, ?fence, "command from a fenced-off processor refused");
}

/// The LLM answered 429; the planner waits `wait` before asking again.
pub fn llm_rate_limited(wait: std::time::Duration) {
    METRICS.llm_rate_limited.inc();
    tracing::info!(wait_ms = wait.as_millis() as u64, "LLM rate limited; waiting");
}

/// The LLM's plan was invalid; the planner asks again with the problem.
pub fn llm_plan_retried(attempt: u32, problem: &str) {
    METRICS.llm_plans_retried.inc();
    tracing::info!(attempt, problem, "LLM plan rejected; asking again");
}

/// A transaction abort timed out (`replaced`: failed for good, the producer is replaced).
pub fn abort_failed(error: &str, attempt: u32, replaced: bool) {
    METRICS.abort_failures.inc();
    if replaced {
        tracing::warn!(error, attempt, "abort_transaction failed; the producer is replaced");
    } else {
        tracing::warn!(error, attempt, "abort_transaction timed out; asked again");
    }
}

/// Changelog records of a partition did not decode during its restore and were skipped.
pub fn changelog_records_skipped(partition: i32, count: usize) {
    METRICS.changelog_skipped.inc_by(count as u64);
    tracing::warn!(partition, count, "changelog records that did not decode were skipped");
}

/// Reading a changelog failed during a restore; the read is retried.
pub fn changelog_read_failed(topic: &str, partition: i32, error: &str) {
    METRICS.changelog_read_errors.inc();
    tracing::warn!(error, topic, partition, "changelog read error; retrying");
}

/// Partitions could not be paused: their input may be fetched before their state is restored.
pub fn pause_failed(partitions: &[i32], error: &str) {
    METRICS.pause_failures.inc();
    tracing::warn!(error, ?partitions, "pausing partitions failed; their input is dropped until restored");
}

/// The group assigned or revoked partitions (`change`: `assigned`, `revoked` or `error`).
pub fn rebalanced(change: &'static str, detail: &str) {
    METRICS.rebalances.get_or_create(&label("change", change)).inc();
    if change == "error" {
        tracing::warn!(error = detail, "rebalance error; the group will retry");
    } else {
        tracing::info!(change, partitions = detail, "rebalance");
    }
}

/// The API could not accept a connection (out of descriptors, a reset): it accepts again.
pub fn api_accept_failed(error: &str) {
    METRICS.api_accept_failures.inc();
    tracing::warn!(error, "accepting a connection failed");
}

/// Every metric in the OpenMetrics text format (what Prometheus scrapes as
/// [`CONTENT_TYPE`]).
pub fn render_prometheus() -> String {
    let mut out = String::new();
    // Writing to a String cannot fail; an encoding error would leave a partial page.
    if let Err(e) = prometheus_client::encoding::text::encode(&mut out, &METRICS.registry) {
        tracing::error!(error = %e, "metrics could not be encoded");
    }
    out
}

/// The content type of [`render_prometheus`]'s text.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// Durable timers came due and were fired as inputs.
pub fn timers_fired(count: usize) {
    METRICS.timers_fired.inc_by(count as u64);
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
