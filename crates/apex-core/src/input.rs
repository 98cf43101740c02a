//! Inputs: what arrives on `apex.envelopes` for the aggregate to decide on.

use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::catalog::catalog;
use super::ids::{CommandId, StepId, TimerId};
use super::json::Json;
use super::plan::Plan;

catalog! {
    /// Payload of an envelope the aggregate decides on.
    Input {
        /// A user's goal; starts the workflow (the original `GoalReceived`).
        GoalReceived(GoalReceived) = "orchestrator:agent.goal_received";
        /// The planner's answer to a `PlanGoal` command.
        PlanGenerated(PlanGenerated) = "orchestrator:agent.plan_generated";
        /// The planner could not produce a plan.
        PlanFailed(PlanFailed) = "orchestrator:agent.plan_failed";
        /// An executor finished a step attempt.
        ToolResultReceived(ToolResultReceived) = "orchestrator:agent.tool_result_received";
        /// An executor's step attempt failed.
        StepFailed(StepFailed) = "orchestrator:agent.step_failed";
        /// An executor finished a compensation attempt.
        CompensationCompleted(CompensationCompleted) = "orchestrator:agent.compensation_completed";
        /// An executor's compensation attempt failed.
        CompensationFailed(CompensationFailed) = "orchestrator:agent.compensation_failed";
        /// A durable timer held in the workflow's state came due.
        TimerFired(TimerFired) = "orchestrator:agent.timer_fired";
        /// Someone asked to cancel the workflow; it compensates what it did.
        CancelRequested(CancelRequested) = "orchestrator:agent.cancel_requested";
        /// A named signal: `approve`/`reject` a step, `resume` a parked workflow.
        SignalReceived(SignalReceived) = "orchestrator:agent.signal_received";
    }
}

/// `orchestrator:agent.goal_received`, exactly as the TypeScript client sends it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GoalReceived {
    /// The goal in natural language.
    pub goal: String,
    /// The user the goal is for.
    pub user_id: String,
    /// Optional overall deadline, relative to the envelope's timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_ms: Option<u64>,
    /// Optional limits on what the workflow may spend on LLM calls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<Budget>,
    /// Whether the tenant may start another workflow. Established by the processor before the
    /// goal is decided and never read from the publisher: a side effect recorded in the
    /// history (a refusal is the `GoalRefused` event), which replay reads back from there, as
    /// time comes in with the envelope's timestamp.
    #[serde(skip)]
    #[schemars(skip)]
    pub admission: Admission,
    /// The tenant's default budget (`APEX_TENANT_BUDGETS`), in force when the goal names none.
    /// Stamped by the processor, never read from the publisher; the budget in force is
    /// recorded on `WorkflowStarted`, and replay reads it back from there.
    #[serde(skip)]
    #[schemars(skip)]
    pub default_budget: Option<Budget>,
}

/// Limits on what a workflow may spend on LLM calls: its planning and its LLM-backed tools.
/// Crossing one is decided like a deadline: nothing more is dispatched and what was done is
/// compensated. At 80% of a limit the workflow records a warning first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Budget {
    /// Most tokens (prompt and completion) over the whole workflow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_tokens: Option<u64>,
    /// Most LLM calls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_llm_calls: Option<u32>,
    /// Most cost, in the currency of the price table (`APEX_LLM_PRICES`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_cost: Option<f64>,
}

/// The tenant's admission of a new workflow (`APEX_TENANT_ADMISSION=processor`).
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Admission {
    /// The workflow may start (also: no limit is enforced).
    #[default]
    Admitted,
    /// The tenant may not start another workflow now.
    Refused(Refusal),
}

/// Why a tenant may not start another workflow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Refusal {
    /// It already has `in_flight` workflows running, at or over its `limit`
    /// (`APEX_TENANT_MAX_IN_FLIGHT`).
    InFlight { in_flight: u64, limit: u64 },
    /// Its workflows spent its daily LLM budget on `day` (UTC): `tokens` and `cost` so far
    /// against `APEX_TENANT_DAILY_TOKENS` / `APEX_TENANT_DAILY_COST`.
    DailyBudget { day: String, tokens: u64, cost: f64 },
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::InFlight { in_flight, limit } => write!(
                f,
                "has {in_flight} workflows in flight and may have {limit} (APEX_TENANT_MAX_IN_FLIGHT); \
                 submit it again when some have ended"
            ),
            Self::DailyBudget { day, tokens, cost } => write!(
                f,
                "spent its daily LLM budget on {day}: {tokens} tokens, a cost of {cost} \
                 (APEX_TENANT_DAILY_TOKENS, APEX_TENANT_DAILY_COST)"
            ),
        }
    }
}

/// `orchestrator:agent.plan_generated`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PlanGenerated {
    /// The `PlanGoal` command this answers.
    pub command_id: CommandId,
    /// The plan; checked by the aggregate before it runs.
    pub plan: Arc<Plan>,
    /// Where the plan came from: `cache`, `llm` or `builtin`.
    pub source: String,
    /// The goal's template, e.g. `Book flight to {LOCATION} {DATE}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// Cosine similarity of a cache hit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
    /// Slot values injected into a cached plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Json>,
    /// LLM tokens spent on this plan (`source: llm`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<TokenUsage>,
    /// What made the plan, with its version: `builtin/2`, `llm/<model>/prompt-1`; for a cache
    /// hit, the origin of the entry reused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// The version (hash) of the tool catalog the plan was made for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog: Option<String>,
    /// The plan cache entry the plan was reused from, or stored as: a workflow that shows the
    /// plan wrong has it discarded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_entry: Option<String>,
}

/// LLM tokens spent on a plan or by a tool, over every call made for it (retries included).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TokenUsage {
    /// Chat completions requested.
    pub calls: u32,
    /// Prompt tokens, summed.
    pub prompt_tokens: u64,
    /// Completion tokens, summed.
    pub completion_tokens: u64,
    /// The model that spent them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// What they cost, from the price table (`APEX_LLM_PRICES`), computed where they were
    /// spent so that the core only adds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<f64>,
}

impl TokenUsage {
    /// Prompt and completion tokens.
    pub fn tokens(&self) -> u64 {
        self.prompt_tokens.saturating_add(self.completion_tokens)
    }
}

/// `orchestrator:agent.plan_failed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PlanFailed {
    /// The `PlanGoal` command this answers.
    pub command_id: CommandId,
    /// Why no plan could be made.
    pub reason: String,
}

/// `orchestrator:agent.tool_result_received`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ToolResultReceived {
    /// The `ExecuteStep` command this answers.
    pub command_id: CommandId,
    /// The step.
    pub step_id: StepId,
    /// The attempt (1-based).
    pub attempt: u32,
    /// The tool's output.
    pub output: Json,
    /// LLM tokens the tool spent, when it is LLM-backed and reports them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<TokenUsage>,
}

/// `orchestrator:agent.step_failed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StepFailed {
    /// The `ExecuteStep` command this answers.
    pub command_id: CommandId,
    /// The step.
    pub step_id: StepId,
    /// The attempt (1-based).
    pub attempt: u32,
    /// What went wrong.
    pub error: String,
    /// Whether another attempt may succeed; `false` fails the step at once.
    pub retryable: bool,
    /// The tool did not run: infrastructure the executor needs was down, or the command
    /// expired before it could start. Such an attempt does not count against the retry
    /// policy (an outage spends no attempt).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_run: bool,
    /// LLM tokens the failed attempt still spent (an LLM-backed tool that failed after its call).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<TokenUsage>,
}

/// `orchestrator:agent.compensation_completed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CompensationCompleted {
    /// The `CompensateStep` command this answers.
    pub command_id: CommandId,
    /// The compensated step.
    pub step_id: StepId,
    /// The compensation attempt (1-based).
    pub attempt: u32,
}

/// `orchestrator:agent.compensation_failed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CompensationFailed {
    /// The `CompensateStep` command this answers.
    pub command_id: CommandId,
    /// The step being compensated.
    pub step_id: StepId,
    /// The compensation attempt (1-based).
    pub attempt: u32,
    /// What went wrong.
    pub error: String,
    /// Whether another attempt may succeed.
    pub retryable: bool,
    /// The compensation did not run (see [`StepFailed::not_run`]): it does not count against
    /// the compensation's retry policy.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_run: bool,
}

/// `orchestrator:agent.timer_fired`: produced by the processor's timer wheel, through the same
/// ordered path as every other input, so replay sees timers exactly where they fired.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TimerFired {
    /// The timer, as held in the workflow's state.
    pub timer_id: TimerId,
}

/// `orchestrator:agent.cancel_requested`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CancelRequested {
    /// Why, for the audit trail and the outcome.
    pub reason: String,
}

/// The signals the saga acts on. `SignalReceived.name` stays free text on the wire (a
/// publisher may send any name: an unknown one is recorded as ignored); this is the one home of
/// the names the rules, the API and the CLI use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignalName {
    /// Lets a step that waits for approval run.
    Approve,
    /// Refuses a step that waits for approval: the saga compensates.
    Reject,
    /// Resumes a parked workflow, or compensations that exhausted their attempts.
    Resume,
}

impl SignalName {
    /// Every signal, in the order they are documented.
    pub const ALL: [Self; 3] = [Self::Approve, Self::Reject, Self::Resume];

    /// The name as it travels in `SignalReceived.name`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Reject => "reject",
            Self::Resume => "resume",
        }
    }

    /// The signal a name means, if the saga knows it.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// Whether the signal is about one step (and needs a `step_id`).
    pub fn needs_step(self) -> bool {
        !matches!(self, Self::Resume)
    }
}

impl std::fmt::Display for SignalName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `orchestrator:agent.signal_received`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SignalReceived {
    /// `approve` or `reject` (with `step_id`), or `resume`.
    pub name: String,
    /// The step an approval is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step_id: Option<StepId>,
    /// Free data, recorded with the signal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Json>,
}
