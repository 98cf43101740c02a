//! Builds input envelopes for one workflow: what tests, benchmarks, the demo and test
//! executors need to talk to the core without hand-writing envelopes.
//!
//! Ids are derived from the workflow id and a counter, so a builder is deterministic too.

use std::sync::Arc;

use uuid::Uuid;

use super::command::{CompensateStep, ExecuteStep};
use super::envelope::{Envelope, SCHEMA_VERSION, Trace};
use super::ids::{CommandId, EventId, IdempotencyKey, StepId, TenantId, TimerId, WorkflowId};
use super::input::{
    CancelRequested, CompensationCompleted, CompensationFailed, GoalReceived, Input, PlanGenerated, SignalReceived,
    StepFailed, TimerFired, ToolResultReceived,
};
use super::json::Json;
use super::plan::Plan;
use super::span::SpanId;
use super::time::Timestamp;

/// Who sends an input from outside the saga (an operator, the API) and under which ids.
#[derive(Debug, Clone)]
pub struct External<'a> {
    pub workflow_id: WorkflowId,
    pub tenant_id: TenantId,
    /// The workflow's trace, so the input joins it.
    pub trace_id: &'a str,
    pub source: &'a str,
    /// A fresh id, or one derived from the caller's idempotency key (retries then dedupe).
    pub event_id: Uuid,
    pub idempotency_key: IdempotencyKey,
    pub at: Timestamp,
}

impl External<'_> {
    /// The envelope carrying `payload`.
    pub fn envelope(&self, payload: Input) -> Envelope<Input> {
        Envelope {
            event_id: EventId::from_uuid(self.event_id),
            correlation_id: self.workflow_id,
            idempotency_key: self.idempotency_key.clone(),
            tenant_id: self.tenant_id.clone(),
            timestamp: self.at,
            source: self.source.to_owned().into(),
            trace: Trace { trace_id: self.trace_id.into(), span_id: SpanId::derived(self.event_id) },
            schema_version: SCHEMA_VERSION.into(),
            payload,
        }
    }
}

/// Makes envelopes for one workflow and tenant.
#[derive(Debug, Clone)]
pub struct InputBuilder {
    workflow_id: WorkflowId,
    tenant_id: TenantId,
    source: String,
    counter: u64,
}

impl InputBuilder {
    /// A builder for `workflow_id`, owned by `tenant_id`, writing `source`.
    pub fn new(workflow_id: WorkflowId, tenant_id: TenantId, source: &str) -> Self {
        Self { workflow_id, tenant_id, source: source.to_owned(), counter: 0 }
    }

    /// The workflow the envelopes belong to.
    pub fn workflow_id(&self) -> WorkflowId {
        self.workflow_id
    }

    /// Wraps `payload` in an envelope stamped `at`, with fresh derived ids.
    pub fn envelope(&mut self, at: Timestamp, payload: impl Into<Input>) -> Envelope<Input> {
        self.counter += 1;
        let id = self.workflow_id.derive(&format!("input/{}/{}", self.source, self.counter));
        Envelope {
            event_id: EventId::from_uuid(id),
            correlation_id: self.workflow_id,
            idempotency_key: IdempotencyKey::from_uuid(id),
            tenant_id: self.tenant_id.clone(),
            timestamp: at,
            source: self.source.clone().into(),
            trace: Trace {
                trace_id: self.workflow_id.as_uuid().simple().to_string().into(),
                span_id: SpanId::derived(id),
            },
            schema_version: SCHEMA_VERSION.into(),
            payload: payload.into(),
        }
    }

    /// A goal.
    pub fn goal(&mut self, at: Timestamp, goal: &str, timeout_ms: Option<u64>) -> Envelope<Input> {
        let user_id = self.tenant_id.to_string();
        self.envelope(
            at,
            GoalReceived {
                goal: goal.to_owned(),
                user_id,
                timeout_ms,
                budget: None,
                admission: Default::default(),
                default_budget: None,
            },
        )
    }

    /// A planner's answer to `command_id`.
    pub fn plan(&mut self, at: Timestamp, command_id: CommandId, plan: Plan) -> Envelope<Input> {
        let answer = PlanGenerated {
            command_id,
            plan: Arc::new(plan),
            source: "builtin".to_owned(),
            template: None,
            similarity: None,
            parameters: None,
            usage: None,
            origin: None,
            catalog: None,
            cache_entry: None,
        };
        self.envelope(at, answer)
    }

    /// A successful step result for `command`.
    pub fn step_done(&mut self, at: Timestamp, command: &ExecuteStep, output: serde_json::Value) -> Envelope<Input> {
        self.envelope(
            at,
            ToolResultReceived {
                command_id: command.command_id,
                step_id: command.step_id.clone(),
                attempt: command.attempt,
                output: Json::new(output),
                usage: None,
            },
        )
    }

    /// A failed step attempt for `command`.
    pub fn step_failed(
        &mut self,
        at: Timestamp,
        command: &ExecuteStep,
        error: &str,
        retryable: bool,
    ) -> Envelope<Input> {
        self.envelope(
            at,
            StepFailed {
                not_run: false,
                command_id: command.command_id,
                step_id: command.step_id.clone(),
                attempt: command.attempt,
                error: error.to_owned(),
                retryable,
                usage: None,
            },
        )
    }

    /// A completed compensation for `command`.
    pub fn compensated(&mut self, at: Timestamp, command: &CompensateStep) -> Envelope<Input> {
        let done = CompensationCompleted {
            command_id: command.command_id,
            step_id: command.step_id.clone(),
            attempt: command.attempt,
        };
        self.envelope(at, done)
    }

    /// A failed compensation attempt for `command`.
    pub fn compensation_failed(&mut self, at: Timestamp, command: &CompensateStep, retryable: bool) -> Envelope<Input> {
        let failed = CompensationFailed {
            not_run: false,
            command_id: command.command_id,
            step_id: command.step_id.clone(),
            attempt: command.attempt,
            error: "compensation failed".to_owned(),
            retryable,
        };
        self.envelope(at, failed)
    }

    /// A timer that came due.
    pub fn timer(&mut self, at: Timestamp, timer_id: TimerId) -> Envelope<Input> {
        self.envelope(at, TimerFired { timer_id })
    }

    /// A cancel request.
    pub fn cancel(&mut self, at: Timestamp, reason: &str) -> Envelope<Input> {
        self.envelope(at, CancelRequested { reason: reason.to_owned() })
    }

    /// A signal, optionally about a step.
    pub fn signal(&mut self, at: Timestamp, name: &str, step_id: Option<StepId>) -> Envelope<Input> {
        self.envelope(at, SignalReceived { name: name.to_owned(), step_id, data: None })
    }
}
