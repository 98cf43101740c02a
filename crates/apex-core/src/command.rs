//! Commands: what the aggregate asks planners, executors and approvers to do
//! (`apex.commands`). Every command's id is derived from the workflow's history, and the
//! envelope's `eventId` and `idempotencyKey` are that id: consumers deduplicate on it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::catalog::catalog;
use super::ids::{CommandId, StepId, ToolName};
use super::json::{Json, StepOutputs};

catalog! {
    /// Payload of a command envelope.
    Command {
        /// Make a plan for a goal.
        PlanGoal(PlanGoal) = "orchestrator:saga.plan_goal";
        /// Run one attempt of a step (the original `ToolCallRequested`).
        ExecuteStep(ExecuteStep) = "orchestrator:agent.tool_call_requested";
        /// Undo a step that succeeded.
        CompensateStep(CompensateStep) = "orchestrator:saga.compensate_step";
        /// Ask a human to approve a step before it runs.
        RequestApproval(RequestApproval) = "orchestrator:saga.approval_requested";
        /// Stop reusing a cached plan that a workflow showed wrong.
        DiscardCachedPlan(DiscardCachedPlan) = "orchestrator:saga.cached_plan_discarded";
    }
}

impl Command {
    /// The id consumers deduplicate on.
    pub fn command_id(&self) -> CommandId {
        match self {
            Self::PlanGoal(c) => c.command_id,
            Self::ExecuteStep(c) => c.command_id,
            Self::CompensateStep(c) => c.command_id,
            Self::RequestApproval(c) => c.command_id,
            Self::DiscardCachedPlan(c) => c.command_id,
        }
    }
}

/// `orchestrator:saga.plan_goal`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PlanGoal {
    /// Answer with this id in `PlanGenerated`/`PlanFailed`.
    pub command_id: CommandId,
    /// Planning attempt (1-based); a planner that did not answer in time is asked again.
    pub attempt: u32,
    /// The goal in natural language.
    pub goal: String,
    /// The user the goal is for.
    pub user_id: String,
}

/// `orchestrator:agent.tool_call_requested`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ExecuteStep {
    /// Answer with this id; run the tool at most once per id.
    pub command_id: CommandId,
    /// The step.
    pub step_id: StepId,
    /// Attempt (1-based).
    pub attempt: u32,
    /// The tool to run.
    pub tool: ToolName,
    /// The step's parameters.
    pub input: Json,
    /// Outputs of the steps this one depends on, keyed by step id.
    pub context: StepOutputs,
    /// How long the attempt may take before the saga stops waiting.
    pub timeout_ms: u64,
}

/// `orchestrator:saga.compensate_step`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CompensateStep {
    /// Answer with this id; run the compensation at most once per id.
    pub command_id: CommandId,
    /// The step to undo.
    pub step_id: StepId,
    /// Compensation attempt (1-based).
    pub attempt: u32,
    /// The undoing tool.
    pub tool: ToolName,
    /// The compensation's parameters.
    pub input: Json,
    /// What the step returned (booking ids and the like), `null` if it timed out.
    pub step_output: Json,
    /// How long the attempt may take.
    pub timeout_ms: u64,
    /// Set when this undoes the late, unkept effect of that step attempt rather than the
    /// step's own effect: a separate effect, so the tool gets a separate idempotency key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effect: Option<u32>,
}

/// `orchestrator:saga.approval_requested`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RequestApproval {
    /// Identifies the request.
    pub command_id: CommandId,
    /// The step that waits.
    pub step_id: StepId,
    /// The tool it would run.
    pub tool: ToolName,
    /// With these parameters.
    pub input: Json,
}

/// `orchestrator:saga.cached_plan_discarded`: planners delete the plan cache entry, so the
/// next goal of its shape is planned afresh. Nothing answers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DiscardCachedPlan {
    /// Identifies the request.
    pub command_id: CommandId,
    /// The entry's id (`PlanGenerated.cache_entry`).
    pub entry: String,
    /// What showed the plan wrong.
    pub reason: String,
}
