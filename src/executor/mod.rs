//! Executors: run saga steps and compensations with the catalog's tools and answer the
//! commands. Many commands run at once (the [`crate::worker`] runtime); each is bounded by
//! its step's deadline and guarded in Redis ([`guard`]) so a tool runs once per command id.
//!
//! - A command whose deadline (its timestamp plus the step's timeout) has passed is answered
//!   `expired` without running: the saga has stopped waiting for it. Unless it is running or
//!   ran: a copy of a command running in this process (`running`: its partition came back
//!   after a rebalance), or one the guard knows as running elsewhere or answered, is held and
//!   given that run's answer; "not run" is only said of a tool that did not run.
//! - A tool already running may answer up to one more timeout past the deadline: the answer
//!   is late, and the saga keeps or undoes its effect (README: "Late answers").
//! - Redis unreachable: the tool does not run and no attempt is spent; the command is held
//!   and tried again ([`Reply::Later`]). Shortly before its deadline it is given back,
//!   answered `not_run`, so the saga retries without counting the attempt (an outage longer
//!   than a step's timeout fails no saga while the workflow's deadline allows).
//! - Another executor running the same command: held, without taking a slot, until its
//!   stored answer appears (or its deadline passes), then that answer is published.

pub mod guard;
mod running;

use std::time::{Duration, Instant};

use crate::claim::{ClaimError, Claims};
use crate::clock::wall_clock;
use crate::core::command::Command;
use crate::core::envelope::Envelope;
use crate::core::ids::CommandId;
use crate::core::input::{
    CompensationCompleted, CompensationFailed, Input, StepFailed, TokenUsage, ToolResultReceived,
};
use crate::core::json::{Json, StepOutputs};
use crate::telemetry;
use crate::tools::{Purpose, ToolCall, ToolError, Tools};
use crate::worker::{Handler, Reply, answer};

/// `source` of the executor's answers.
pub const SOURCE: &str = "apex-executor";

/// How long a held command waits before it is tried again (Redis down, or busy elsewhere).
const HOLD: Duration = Duration::from_millis(200);

/// `APEX_CLAIM_CHECK_BYTES`'s default, for executors built without a configuration.
const DEFAULT_CLAIM_CHECK_BYTES: usize = 128 * 1024;

/// How long storing a large output in the claim store is retried before the attempt fails.
const CLAIM_PATIENCE: Duration = Duration::from_secs(30);

/// The least a command waits for Redis to admit it, however close its deadline.
const REDIS_WAIT_FLOOR: Duration = Duration::from_secs(1);

/// How long an expired command's lock is held while its "expired" answer is stored.
const EXPIRED_LOCK_TTL: Duration = Duration::from_secs(5);

/// An executor over `tools`, guarded by Redis when `APEX_REDIS_URL` is set. Redis being down
/// at start is not an error: commands are held until it answers.
///
/// # Errors
/// None today; kept for guards that validate their settings.
pub async fn build(config: &crate::config::Config, tools: Tools) -> Result<Executor, crate::lock::LockError> {
    match &config.redis_url {
        Some(url) => {
            let prefix = format!("{}exec:", config.redis_namespace());
            let locks = crate::lock::Locks::lazy(url.expose(), &prefix);
            let owner = format!("{}-{}", config.instance_id, uuid::Uuid::new_v4().simple());
            let claims = Claims::new(
                crate::lock::Locks::lazy(url.expose(), &config.redis_namespace()),
                config.claim_check_bytes,
                Duration::from_secs(config.claim_ttl_secs),
            );
            Ok(Executor::guarded(tools, guard::Guard::new(locks, &owner))
                .with_claims(claims)
                .with_prices(config.llm_prices.clone()))
        }
        None => {
            tracing::warn!("APEX_REDIS_URL is empty: a redelivered command may run its tool again");
            Ok(Executor::new(tools)
                .with_claim_check_bytes(config.claim_check_bytes)
                .with_prices(config.llm_prices.clone()))
        }
    }
}

/// Runs steps and compensations with a tool catalog.
pub struct Executor {
    tools: Tools,
    guard: Option<guard::Guard>,
    /// Where large outputs go; `None`: an output larger than `claim_check_bytes` fails its step.
    claims: Option<Claims>,
    claim_check_bytes: usize,
    /// What LLM tokens cost, for tools that report usage.
    prices: crate::prices::Prices,
    /// The commands running in this process, so a copy of one is held, not run or expired.
    running: running::Running,
}

/// The parts of an `ExecuteStep` or `CompensateStep` the executor needs.
struct Work<'a> {
    command_id: CommandId,
    step_id: &'a crate::core::ids::StepId,
    attempt: u32,
    tool: &'a str,
    input: &'a Json,
    timeout_ms: u64,
    /// The step's output, when undoing it.
    undo: Option<&'a Json>,
    /// The step attempt whose late effect is undone, if that is what this does.
    effect: Option<u32>,
}

impl<'a> Work<'a> {
    fn of(command: &'a Command) -> Option<Self> {
        match command {
            Command::ExecuteStep(c) => Some(Self {
                command_id: c.command_id,
                step_id: &c.step_id,
                attempt: c.attempt,
                tool: c.tool.as_str(),
                input: &c.input,
                timeout_ms: c.timeout_ms,
                undo: None,
                effect: None,
            }),
            Command::CompensateStep(c) => Some(Self {
                command_id: c.command_id,
                step_id: &c.step_id,
                attempt: c.attempt,
                tool: c.tool.as_str(),
                input: &c.input,
                timeout_ms: c.timeout_ms,
                undo: Some(&c.step_output),
                effect: c.effect,
            }),
            Command::PlanGoal(_) | Command::RequestApproval(_) | Command::DiscardCachedPlan(_) => None,
        }
    }

    fn purpose(&self) -> Purpose {
        match (self.undo, self.effect) {
            (None, _) => Purpose::Execute,
            (Some(_), None) => Purpose::Compensate,
            (Some(_), Some(attempt)) => Purpose::CompensateLate(attempt),
        }
    }

    /// The tool ran and failed.
    fn failed(&self, error: String, retryable: bool) -> Input {
        self.failure(error, retryable, false, None)
    }

    /// The tool ran and failed, having spent `usage` on LLM calls.
    fn failed_spending(&self, error: String, retryable: bool, usage: Option<TokenUsage>) -> Input {
        self.failure(error, retryable, false, usage)
    }

    /// The tool did not run (expired, or infrastructure down): the saga does not count the
    /// attempt against its retry policy.
    fn not_run(&self, error: String) -> Input {
        self.failure(error, true, true, None)
    }

    /// A failed step, or a failed compensation (whose answer carries no usage).
    fn failure(&self, error: String, retryable: bool, not_run: bool, usage: Option<TokenUsage>) -> Input {
        let (command_id, step_id, attempt) = (self.command_id, self.step_id.clone(), self.attempt);
        match self.undo {
            Some(_) => Input::CompensationFailed(CompensationFailed {
                command_id,
                step_id,
                attempt,
                error,
                retryable,
                not_run,
            }),
            None => Input::StepFailed(StepFailed { command_id, step_id, attempt, error, retryable, not_run, usage }),
        }
    }

    /// How long before its deadline a command held through an outage is given back, so the
    /// saga hears "not run" before it times the attempt out (which would count it).
    fn give_back_ms(&self) -> i64 {
        let timeout = self.timeout_ms as i64;
        (timeout / 5).max(2 * HOLD.as_millis() as i64).min(2_000).min(timeout / 2)
    }

    fn succeeded(&self, output: serde_json::Value, usage: Option<TokenUsage>) -> Input {
        let (command_id, step_id, attempt) = (self.command_id, self.step_id.clone(), self.attempt);
        match self.undo {
            Some(_) => Input::CompensationCompleted(CompensationCompleted { command_id, step_id, attempt }),
            None => Input::ToolResultReceived(ToolResultReceived {
                command_id,
                step_id,
                attempt,
                output: Json::new(output),
                usage,
            }),
        }
    }
}

impl Executor {
    /// An executor over `tools`, without Redis: a redelivered command runs its tool again.
    pub fn new(tools: Tools) -> Self {
        Self {
            tools,
            guard: None,
            claims: None,
            claim_check_bytes: DEFAULT_CLAIM_CHECK_BYTES,
            prices: Default::default(),
            running: running::Running::default(),
        }
    }

    /// An executor whose tools run once per command id (see [`guard`]).
    pub fn guarded(tools: Tools, guard: guard::Guard) -> Self {
        Self { guard: Some(guard), ..Self::new(tools) }
    }

    /// Outputs larger than the claims' threshold go to `claims` (see [`crate::claim`]).
    pub fn with_claims(self, claims: Claims) -> Self {
        Self { claim_check_bytes: claims.threshold(), claims: Some(claims), ..self }
    }

    /// Prices LLM usage that tools report.
    pub fn with_prices(self, prices: crate::prices::Prices) -> Self {
        Self { prices, ..self }
    }

    /// Without a claim store, outputs larger than `bytes` fail their step.
    pub fn with_claim_check_bytes(self, bytes: usize) -> Self {
        Self { claim_check_bytes: bytes, ..self }
    }

    /// Answers a command: a copy of one running here is held; otherwise through the guard when
    /// there is one, after checking its deadline.
    pub async fn handle(&self, command: &Envelope<Command>, fence: Option<u64>) -> Reply {
        let Some(work) = Work::of(&command.payload) else { return Reply::NotOurs };
        let Some(_running) = self.running.enter(work.command_id) else {
            // Its run's answer is stored (or published, without a guard) when it ends.
            return Reply::Elsewhere(HOLD);
        };
        let deadline_ms = command.timestamp.millis().saturating_add(work.timeout_ms as i64);
        let left_ms = deadline_ms - wall_clock().millis();
        if left_ms <= 0 {
            return self.expired(command, &work, fence, -left_ms).await;
        }
        // The tool may answer up to one more timeout past the deadline: the saga has retried
        // by then, but an effect reported late is kept or undone, while a call cut off
        // mid-way leaves an effect nobody knows about.
        let limit = Duration::from_millis(left_ms.unsigned_abs().saturating_add(work.timeout_ms));
        let Some(guard) = &self.guard else {
            return Reply::Answer(Box::new(answer(command, SOURCE, self.run(command, &work, limit).await)));
        };
        // The lock outlives the attempt a little, so a slow answer is stored before another
        // executor may take the command over.
        let ttl = limit + Duration::from_secs(5);
        // Waiting for Redis may not eat into the time the saga needs to hear "not run", but
        // it gets at least one fair round trip: in the give-back window the wait left was as
        // little as 1 ms, so a command merely busy on a killed executor was answered "not run"
        // on a slow (not down) Redis instead of being held until it expired. A "not run" that
        // arrives after the saga timed the attempt out is still taken (the attempt is not
        // counted).
        let wait = Duration::from_millis((left_ms - work.give_back_ms()).max(0).unsigned_abs()).max(REDIS_WAIT_FLOOR);
        let admitted = tokio::time::timeout(wait, guard.admit(command.correlation_id, work.command_id, fence, ttl))
            .await
            .unwrap_or_else(|_| Err(crate::lock::LockError::Unavailable("Redis did not answer in time".into())));
        match admitted {
            Ok(guard::Ruling::Run) => {
                let reply = answer(command, SOURCE, self.run(command, &work, limit).await);
                if let Err(e) = guard.finish(work.command_id, &reply).await {
                    telemetry::answer_not_stored("executor", &work.command_id.to_string(), &e.to_string());
                }
                Reply::Answer(Box::new(reply))
            }
            Ok(guard::Ruling::Answered(stored)) => Reply::Answer(stored),
            Ok(guard::Ruling::Busy) => Reply::Elsewhere(HOLD),
            Ok(guard::Ruling::Stale) => {
                telemetry::command_fenced(&work.command_id.to_string(), fence);
                Reply::NotOurs
            }
            Err(e) if left_ms > work.give_back_ms() => {
                telemetry::worker_waited("redis", &e.to_string());
                let until_give_back = Duration::from_millis((left_ms - work.give_back_ms()).unsigned_abs());
                Reply::Later(HOLD.min(until_give_back))
            }
            Err(e) => {
                telemetry::attempt_given_back("redis", &work.command_id.to_string());
                let error = format!("not run: Redis is unavailable ({e}); no attempt is spent");
                Reply::Answer(Box::new(answer(command, SOURCE, work.not_run(error))))
            }
        }
    }

    /// Answers a command whose deadline passed `late_ms` ago: "expired, not run", unless the
    /// guard knows better. A copy of a command another executor is running (or ran) is not
    /// answered "not run": that would tell the saga an effect under way never happened.
    async fn expired(&self, command: &Envelope<Command>, work: &Work<'_>, fence: Option<u64>, late_ms: i64) -> Reply {
        let error = format!("expired: its deadline passed {late_ms} ms before it could run; the tool did not run");
        let reply = answer(command, SOURCE, work.not_run(error));
        if let Some(guard) = &self.guard {
            let admitted = tokio::time::timeout(
                REDIS_WAIT_FLOOR,
                guard.admit(command.correlation_id, work.command_id, fence, EXPIRED_LOCK_TTL),
            )
            .await;
            match admitted {
                Ok(Ok(guard::Ruling::Answered(stored))) => return Reply::Answer(stored),
                Ok(Ok(guard::Ruling::Busy)) => return Reply::Elsewhere(HOLD),
                Ok(Ok(guard::Ruling::Stale)) => return Reply::NotOurs,
                // Stored, so that every later copy gets this same answer.
                Ok(Ok(guard::Ruling::Run)) => {
                    if let Err(e) = guard.finish(work.command_id, &reply).await {
                        telemetry::answer_not_stored("executor", &work.command_id.to_string(), &e.to_string());
                    }
                }
                // Redis unreachable: no other executor can be asked; the tool did not run here.
                Ok(Err(_)) | Err(_) => {}
            }
        }
        telemetry::command_expired(&work.command_id.to_string(), late_ms);
        Reply::Answer(Box::new(reply))
    }

    /// Runs the tool of `work` within `limit` (its deadline plus one timeout of grace): its
    /// answer, late or not, or a retryable failure when it overruns even the grace.
    async fn run(&self, command: &Envelope<Command>, work: &Work<'_>, limit: Duration) -> Input {
        let Some(tool) = self.tools.get(work.tool) else {
            return work.failed(format!("no tool named {} in this executor's catalog", work.tool), false);
        };
        let traceparent = crate::kafka::headers::traceparent(&command.trace);
        let context = match work.undo {
            Some(output) => StepOutputs(vec![(work.step_id.clone(), output.clone())]),
            None => match &command.payload {
                Command::ExecuteStep(c) => c.context.clone(),
                _ => StepOutputs::default(),
            },
        };
        // Tools see content, never claim references.
        let context = match self.resolve(context).await {
            Ok(context) => context,
            Err(ClaimError::Unavailable(e)) => {
                return work.not_run(format!("not run: the claim store is unavailable ({e}); no attempt is spent"));
            }
            Err(e) => return work.failed(format!("not run: {e}"), false),
        };
        let undo = work.undo.and_then(|_| context.get(work.step_id.as_str()));
        let call = ToolCall {
            command_id: work.command_id,
            workflow_id: command.correlation_id,
            tenant_id: &command.tenant_id,
            step_id: work.step_id,
            attempt: work.attempt,
            idempotency_key: ToolCall::key_for(command.correlation_id, work.step_id, work.purpose()),
            traceparent: &traceparent,
            input: work.input.value(),
            context: &context,
        };
        let started = Instant::now();
        let call_tool = async {
            match undo {
                Some(output) => match tool.compensate(&call, output.value()).await {
                    Some(result) => result,
                    None => tool.execute(&call).await,
                },
                None => tool.execute(&call).await,
            }
        };
        let result = tokio::time::timeout(limit, call_tool).await.unwrap_or_else(|_| {
            Err(ToolError::retryable(format!(
                "{} did not answer within its timeout of {} ms and as long again",
                work.tool, work.timeout_ms
            )))
        });
        telemetry::tool_called(work.tool, started.elapsed(), result.is_ok());
        match result {
            Ok(output) => self.claim(work, output).await,
            Err(e) => work.failed_spending(e.message, e.retryable, e.usage.map(|u| self.prices.priced(u))),
        }
    }

    /// The context with the content of every claimed output in place of its reference.
    async fn resolve(&self, context: StepOutputs) -> Result<StepOutputs, ClaimError> {
        let Some(claims) = &self.claims else { return Ok(context) };
        let mut resolved = Vec::with_capacity(context.0.len());
        for (step, output) in context.0 {
            resolved.push((step, claims.resolve(&output).await?));
        }
        Ok(StepOutputs(resolved))
    }

    /// The answer for a tool's `output`: itself when small, else a reference to it in the claim
    /// store. The tool has run, so storing is retried through a short outage
    /// ([`CLAIM_PATIENCE`]) before the attempt is failed (retryably: the tool's idempotency
    /// key lets it recognise the repeat).
    async fn claim(&self, work: &Work<'_>, output: serde_json::Value) -> Input {
        let usage = crate::tools::reported_usage(&output).map(|usage| self.prices.priced(usage));
        let Some(claims) = &self.claims else {
            let bytes = serde_json::to_vec(&output).map_or(0, |b| b.len());
            if bytes > self.claim_check_bytes {
                return work.failed(
                    format!(
                        "the output is {bytes} bytes, more than an answer carries (APEX_CLAIM_CHECK_BYTES = {}), \
                         and without APEX_REDIS_URL there is no claim store",
                        self.claim_check_bytes
                    ),
                    false,
                );
            }
            return work.succeeded(output, usage);
        };
        let started = Instant::now();
        loop {
            match claims.check(output.clone()).await {
                Ok(carried) => return work.succeeded(carried, usage.clone()),
                Err(e) if started.elapsed() >= CLAIM_PATIENCE => {
                    return work.failed(format!("the tool ran, but its output could not be stored: {e}"), true);
                }
                Err(e) => {
                    telemetry::worker_waited("redis", &e.to_string());
                    tokio::time::sleep(HOLD).await;
                }
            }
        }
    }
}

#[async_trait::async_trait]
impl Handler for Executor {
    async fn handle(&self, command: &Envelope<Command>, fence: Option<u64>) -> Reply {
        Executor::handle(self, command, fence).await
    }
}
