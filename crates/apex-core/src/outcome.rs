//! Outcomes: how a workflow ended, or that it needs an operator (`apex.outcomes`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::catalog::catalog;
use super::ids::StepId;
use super::json::StepOutputs;

catalog! {
    /// Payload of an outcome envelope.
    Outcome {
        /// Every step succeeded (the original `WorkflowCompleted`).
        WorkflowCompleted(WorkflowCompleted) = "orchestrator:agent.workflow_completed";
        /// The workflow failed and had nothing to compensate.
        WorkflowFailed(WorkflowFailed) = "orchestrator:agent.workflow_failed";
        /// The workflow failed and every completed step was compensated.
        WorkflowCompensated(WorkflowCompensated) = "orchestrator:agent.workflow_compensated";
        /// The workflow was cancelled and what it did was compensated.
        WorkflowCancelled(WorkflowCancelled) = "orchestrator:agent.workflow_cancelled";
        /// Compensation could not finish; an operator's `resume` signal retries it.
        WorkflowParked(WorkflowParked) = "orchestrator:agent.workflow_parked";
    }
}

/// `orchestrator:agent.workflow_completed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WorkflowCompleted {
    /// Each step's output, keyed by step id.
    pub results: StepOutputs,
}

/// `orchestrator:agent.workflow_failed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WorkflowFailed {
    /// Why.
    pub reason: String,
}

/// `orchestrator:agent.workflow_compensated`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WorkflowCompensated {
    /// Why the saga rolled back.
    pub reason: String,
    /// The steps undone, in the order they were undone.
    pub compensated: Vec<StepId>,
}

/// `orchestrator:agent.workflow_cancelled`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WorkflowCancelled {
    /// The cancel request's reason.
    pub reason: String,
    /// The steps undone, in the order they were undone.
    pub compensated: Vec<StepId>,
}

/// `orchestrator:agent.workflow_parked`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WorkflowParked {
    /// Why compensation stopped.
    pub reason: String,
    /// Steps whose compensation is exhausted.
    pub stuck: Vec<StepId>,
}
