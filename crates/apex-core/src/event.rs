//! Events: the aggregate's own history, past tense, one per fact (`apex.events`).
//!
//! Folding these with [`super::evolve`] rebuilds a workflow exactly; nothing else is needed.
//! Every accepted input leaves an [`EventKind::InputAccepted`] first, so the history is a
//! complete audit trail and carries the de-duplication memory with it.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::envelope::Trace;
use super::ids::{CommandId, EventId, IdempotencyKey, StepId, TenantId, WorkflowId};
use super::json::{Json, StepOutputs};
use super::plan::SharedPlan;
use super::state::Status;
use super::time::Timestamp;

/// One recorded fact and when it was decided (the deciding input's timestamp).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The deciding input's timestamp.
    pub at: Timestamp,
    /// What happened.
    #[serde(flatten)]
    pub kind: EventKind,
}

/// What a [`EventKind::WorkflowStarted`] records. Boxed there: it is by far the largest
/// event and happens once per workflow, while every event pays for the enum's size each time
/// it is moved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkflowStart {
    pub workflow_id: WorkflowId,
    pub tenant_id: TenantId,
    pub goal: String,
    pub user_id: String,
    pub trace: Trace,
    pub deadline_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<super::input::Budget>,
}

/// Why the saga is rolling back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// A step failed for good (or was rejected).
    Failure,
    /// The workflow's deadline passed.
    Deadline,
    /// The workflow spent more than its budget allows.
    Budget,
    /// Someone cancelled it.
    Cancel,
}

/// What becomes of a success that arrived for an attempt the saga no longer awaited (it had
/// timed out, or another attempt had been dispatched since) and that the saga did not keep.
/// Every successful effect is either kept as the step's output or accounted for here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LateFate {
    /// Its output equals one already accounted for: the tool deduplicated the attempts by
    /// their shared idempotency key, so it is one effect, not two.
    SameEffect,
    /// It is the effect of the step's last attempt, whose outcome was unknown: the step's own
    /// compensation undoes it (with this output, if it has not been sent yet).
    CoveredByStep,
    /// The step's tool has no compensation: the effect stays, recorded here.
    Irreversible,
    /// It is undone by a compensation of its own (compensation events with `effect`).
    Undo,
}

impl LateFate {
    /// Snake-case name, as written in events.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SameEffect => "same_effect",
            Self::CoveredByStep => "covered_by_step",
            Self::Irreversible => "irreversible",
            Self::Undo => "undo",
        }
    }
}

/// Every fact the aggregate records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum EventKind {
    /// An input was taken in; its ids are remembered so a redelivery changes nothing.
    InputAccepted { event_id: EventId, idempotency_key: IdempotencyKey, event_type: Cow<'static, str> },
    /// An input was taken in but had no effect (stale attempt, unknown step, too late).
    InputIgnored { event_id: EventId, reason: String },
    /// A goal arrived (the original `GoalReceived`).
    WorkflowStarted(Box<WorkflowStart>),
    /// The tenant had as many workflows running as it may: this one does not start (a
    /// recorded side effect: replay reads the admission back from it).
    GoalRefused { refusal: super::input::Refusal },
    /// An answer reported LLM usage (the planner's: `step_id` none); the workflow's spend grows
    /// by it.
    UsageRecorded { step_id: Option<StepId>, model: Option<String>, tokens: u64, calls: u32, cost: Option<f64> },
    /// The workflow's spend reached 80% of a limit of its budget.
    BudgetWarned { reason: String },
    /// The workflow's spend crossed a limit of its budget: it rolls back (or fails, planning).
    BudgetExceeded { reason: String },
    /// A planner was asked for a plan.
    PlanRequested { command_id: CommandId, attempt: u32, timeout_at: Timestamp },
    /// A plan passed validation and the saga runs it (the original `PlanGenerated`).
    /// `origin` and `catalog`: what made the plan (model and prompt, or the built-in planner's
    /// version) and for which tool catalog, so the history shows what was spent on what.
    PlanAccepted {
        command_id: CommandId,
        source: String,
        plan: SharedPlan,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        origin: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        catalog: Option<String>,
        /// The plan cache entry it came from or was stored as.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cache_entry: Option<String>,
    },
    /// The workflow showed its cached plan wrong (the plan was invalid, or a tool refused a
    /// step for good): planners are asked to stop reusing the entry.
    CachedPlanDiscarded { entry: String, reason: String },
    /// No usable plan could be had.
    PlanRejected { reason: String },
    /// A step waits for a human's `approve` signal.
    StepAwaitingApproval { step_id: StepId, command_id: CommandId },
    /// A step was approved (possibly before it was ready).
    StepApproved { step_id: StepId },
    /// An attempt of a step was sent to executors (the original `ToolCallRequested`).
    StepDispatched { step_id: StepId, attempt: u32, command_id: CommandId, timeout_at: Timestamp },
    /// A step attempt succeeded (the original `ToolResultReceived`).
    StepSucceeded { step_id: StepId, attempt: u32, output: Json },
    /// A superseded attempt succeeded and the saga did not keep its output; `fate` says what
    /// is done about the effect.
    StepSucceededLate { step_id: StepId, attempt: u32, output: Json, fate: LateFate },
    /// A step attempt failed or timed out; `not_run` when the tool never ran (not counted
    /// against the retry policy).
    StepAttemptFailed {
        step_id: StepId,
        attempt: u32,
        error: String,
        timed_out: bool,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        not_run: bool,
    },
    /// The executor reported that an attempt the saga had already timed out never ran (an
    /// outage held it): it no longer counts against the retry policy.
    StepAttemptNotRun { step_id: StepId, attempt: u32 },
    /// Another attempt will start when the backoff timer fires.
    StepRetryScheduled { step_id: StepId, attempt: u32, due_at: Timestamp },
    /// A step failed for good; `outcome_unknown` when its last attempt timed out (it may
    /// have had its effect, so it is compensated like a success).
    StepFailed { step_id: StepId, error: String, outcome_unknown: bool },
    /// A step that had not run will not run: the saga is rolling back.
    StepSkipped { step_id: StepId },
    /// The saga rolls back.
    CompensationStarted { cause: Cause, reason: String },
    /// A compensation attempt was sent to executors.
    CompensationDispatched {
        step_id: StepId,
        attempt: u32,
        command_id: CommandId,
        timeout_at: Timestamp,
        /// The attempt whose unkept late effect this undoes; absent for the step's own effect.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        effect: Option<u32>,
    },
    /// A step was undone.
    CompensationSucceeded {
        step_id: StepId,
        attempt: u32,
        /// The attempt whose unkept late effect this undoes; absent for the step's own effect.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        effect: Option<u32>,
    },
    /// A compensation attempt failed or timed out.
    CompensationAttemptFailed {
        step_id: StepId,
        attempt: u32,
        error: String,
        timed_out: bool,
        /// The compensation never ran (not counted against its retry policy).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        not_run: bool,
        /// The attempt whose unkept late effect this undoes; absent for the step's own effect.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        effect: Option<u32>,
    },
    /// Another compensation attempt will start when the backoff timer fires.
    CompensationRetryScheduled {
        step_id: StepId,
        attempt: u32,
        due_at: Timestamp,
        /// The attempt whose unkept late effect this undoes; absent for the step's own effect.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        effect: Option<u32>,
    },
    /// A compensation ran out of attempts.
    CompensationExhausted {
        step_id: StepId,
        error: String,
        /// The attempt whose unkept late effect this undoes; absent for the step's own effect.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        effect: Option<u32>,
    },
    /// An operator resumed a parked workflow: exhausted compensations get fresh attempts.
    WorkflowResumed,
    /// An operator's `resume` gave the compensation of a late effect that had run out of
    /// attempts fresh ones (in any status: the effect is undone even after the outcome).
    LateCompensationResumed { step_id: StepId, effect: u32 },
    /// Every step succeeded.
    WorkflowCompleted { results: StepOutputs },
    /// The workflow failed with nothing to compensate.
    WorkflowFailed { reason: String },
    /// The workflow failed and was rolled back.
    WorkflowCompensated { reason: String },
    /// The workflow was cancelled (and rolled back, if it had done anything).
    WorkflowCancelled { reason: String },
    /// Rolling back could not finish; waiting for an operator.
    WorkflowParked { reason: String },
}

impl EventKind {
    /// The variant's name, as written in the `type` field.
    pub fn name(&self) -> &'static str {
        match self {
            Self::InputAccepted { .. } => "InputAccepted",
            Self::InputIgnored { .. } => "InputIgnored",
            Self::WorkflowStarted(_) => "WorkflowStarted",
            Self::GoalRefused { .. } => "GoalRefused",
            Self::UsageRecorded { .. } => "UsageRecorded",
            Self::BudgetWarned { .. } => "BudgetWarned",
            Self::BudgetExceeded { .. } => "BudgetExceeded",
            Self::PlanRequested { .. } => "PlanRequested",
            Self::PlanAccepted { .. } => "PlanAccepted",
            Self::CachedPlanDiscarded { .. } => "CachedPlanDiscarded",
            Self::PlanRejected { .. } => "PlanRejected",
            Self::StepAwaitingApproval { .. } => "StepAwaitingApproval",
            Self::StepApproved { .. } => "StepApproved",
            Self::StepDispatched { .. } => "StepDispatched",
            Self::StepSucceeded { .. } => "StepSucceeded",
            Self::StepSucceededLate { .. } => "StepSucceededLate",
            Self::StepAttemptFailed { .. } => "StepAttemptFailed",
            Self::StepAttemptNotRun { .. } => "StepAttemptNotRun",
            Self::StepRetryScheduled { .. } => "StepRetryScheduled",
            Self::StepFailed { .. } => "StepFailed",
            Self::StepSkipped { .. } => "StepSkipped",
            Self::CompensationStarted { .. } => "CompensationStarted",
            Self::CompensationDispatched { .. } => "CompensationDispatched",
            Self::CompensationSucceeded { .. } => "CompensationSucceeded",
            Self::CompensationAttemptFailed { .. } => "CompensationAttemptFailed",
            Self::CompensationRetryScheduled { .. } => "CompensationRetryScheduled",
            Self::CompensationExhausted { .. } => "CompensationExhausted",
            Self::WorkflowResumed => "WorkflowResumed",
            Self::LateCompensationResumed { .. } => "LateCompensationResumed",
            Self::WorkflowCompleted { .. } => "WorkflowCompleted",
            Self::WorkflowFailed { .. } => "WorkflowFailed",
            Self::WorkflowCompensated { .. } => "WorkflowCompensated",
            Self::WorkflowCancelled { .. } => "WorkflowCancelled",
            Self::WorkflowParked { .. } => "WorkflowParked",
        }
    }

    /// The status a workflow is in after this event and, for an end or a parking, how it
    /// ended; `None` for an event that leaves the status as it is. What [`crate::evolve`]
    /// sets, and what the projector writes to a workflow's row: one exhaustive list of the
    /// kinds that move a workflow.
    pub fn transition(&self) -> Option<Transition<'_>> {
        let (status, ending) = match self {
            Self::WorkflowStarted(_) => (Status::Planning, None),
            Self::PlanAccepted { .. } => (Status::Running, None),
            Self::CompensationStarted { .. } | Self::WorkflowResumed => (Status::Compensating, None),
            Self::WorkflowParked { reason } => (Status::Parked, Some(Ending::Reason(reason))),
            Self::WorkflowCompleted { results } => (Status::Completed, Some(Ending::Results(results))),
            Self::WorkflowFailed { reason } => (Status::Failed, Some(Ending::Reason(reason))),
            Self::WorkflowCompensated { reason } => (Status::Compensated, Some(Ending::Reason(reason))),
            Self::WorkflowCancelled { reason } => (Status::Cancelled, Some(Ending::Reason(reason))),
            Self::InputAccepted { .. }
            | Self::InputIgnored { .. }
            | Self::GoalRefused { .. }
            | Self::UsageRecorded { .. }
            | Self::BudgetWarned { .. }
            | Self::BudgetExceeded { .. }
            | Self::PlanRequested { .. }
            | Self::CachedPlanDiscarded { .. }
            | Self::PlanRejected { .. }
            | Self::StepAwaitingApproval { .. }
            | Self::StepApproved { .. }
            | Self::StepDispatched { .. }
            | Self::StepSucceeded { .. }
            | Self::StepSucceededLate { .. }
            | Self::StepAttemptFailed { .. }
            | Self::StepAttemptNotRun { .. }
            | Self::StepRetryScheduled { .. }
            | Self::StepFailed { .. }
            | Self::StepSkipped { .. }
            | Self::CompensationDispatched { .. }
            | Self::CompensationSucceeded { .. }
            | Self::CompensationAttemptFailed { .. }
            | Self::CompensationRetryScheduled { .. }
            | Self::CompensationExhausted { .. }
            | Self::LateCompensationResumed { .. } => return None,
        };
        Some(Transition { status, ending })
    }
}

/// A change of a workflow's status ([`EventKind::transition`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Transition<'a> {
    pub status: Status,
    /// How the workflow ended or why it parked, for those transitions.
    pub ending: Option<Ending<'a>>,
}

/// How a workflow ended: its results, or the reason it failed, was compensated, cancelled or
/// parked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Ending<'a> {
    Results(&'a StepOutputs),
    Reason(&'a str),
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use serde_json::json;
    use uuid::Uuid;

    use super::*;

    #[test]
    fn a_boxed_start_is_written_flat_like_every_other_event() {
        let event = Event {
            at: Timestamp::from_millis(1_764_064_800_000),
            kind: EventKind::WorkflowStarted(Box::new(WorkflowStart {
                workflow_id: WorkflowId::from_uuid(Uuid::from_u128(7)),
                tenant_id: TenantId::parse("user-1").unwrap(),
                goal: "Book a flight".into(),
                user_id: "user-1".into(),
                trace: Trace { trace_id: Arc::from("t"), span_id: "s".into() },
                deadline_at: None,
                budget: None,
            })),
        };
        let written = serde_json::to_value(&event).unwrap();
        assert_eq!(written["type"], json!("WorkflowStarted"));
        assert_eq!(written["workflow_id"], json!("00000000-0000-0000-0000-000000000007"));
        assert_eq!(written["goal"], json!("Book a flight"));
        assert_eq!(written["trace"], json!({"traceId": "t", "spanId": "s"}));
        assert_eq!(serde_json::from_value::<Event>(written).unwrap(), event);
    }
}
