//! What `decide` returns: the events to record and the envelopes to publish, or why the
//! input was refused.

use super::command::Command;
use super::dead_letter::DeadLetterReason;
use super::envelope::{Envelope, Payload};
use super::event::Event;
use super::ids::{TenantId, WorkflowId};
use super::outcome::Outcome;

/// A message the aggregate publishes: a command (`apex.commands`) or an outcome
/// (`apex.outcomes`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum Outbound {
    Command(Command),
    Outcome(Outcome),
}

impl Payload for Outbound {
    fn event_type(&self) -> &'static str {
        match self {
            Self::Command(c) => c.event_type(),
            Self::Outcome(o) => o.event_type(),
        }
    }

    fn record_name(&self) -> &'static str {
        match self {
            Self::Command(c) => c.record_name(),
            Self::Outcome(o) => o.record_name(),
        }
    }

    fn decode(event_type: &str, payload: &str) -> Option<Result<Self, super::catalog::PayloadError>> {
        Command::decode(event_type, payload)
            .map(|r| r.map(Self::Command))
            .or_else(|| Outcome::decode(event_type, payload).map(|r| r.map(Self::Outcome)))
    }
}

impl From<Command> for Outbound {
    fn from(c: Command) -> Self {
        Self::Command(c)
    }
}

impl From<Outcome> for Outbound {
    fn from(o: Outcome) -> Self {
        Self::Outcome(o)
    }
}

/// The result of deciding one input. Empty when the input was a redelivery.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Decision {
    /// Facts to append to the workflow's history, in order.
    pub events: Vec<Event>,
    /// Envelopes to publish, in order.
    pub outbound: Vec<Envelope<Outbound>>,
}

impl Decision {
    /// Whether the input had been seen before (nothing recorded, nothing published).
    pub fn is_duplicate(&self) -> bool {
        self.events.is_empty()
    }

    /// The commands among the envelopes to publish.
    pub fn commands(&self) -> impl Iterator<Item = &Command> {
        self.outbound.iter().filter_map(|e| match &e.payload {
            Outbound::Command(c) => Some(c),
            Outbound::Outcome(_) => None,
        })
    }

    /// The outcomes among the envelopes to publish.
    pub fn outcomes(&self) -> impl Iterator<Item = &Outcome> {
        self.outbound.iter().filter_map(|e| match &e.payload {
            Outbound::Outcome(o) => Some(o),
            Outbound::Command(_) => None,
        })
    }
}

/// An input the aggregate refuses outright: it belongs in the dead-letter queue.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    /// Only a goal can start a workflow.
    #[error("workflow {workflow_id} does not exist; `{event_type}` cannot start one")]
    UnknownWorkflow { workflow_id: WorkflowId, event_type: &'static str },
    /// The input's tenant is not the workflow's.
    #[error("workflow {workflow_id} belongs to tenant `{owner}`, not `{sender}`")]
    TenantMismatch { workflow_id: WorkflowId, owner: TenantId, sender: TenantId },
    /// The workflow has ended and the input would change nothing: it is not recorded, so a
    /// finished workflow does not grow however much is sent to it.
    #[error("workflow {workflow_id} has ended ({status}); `{event_type}` changes nothing: {reason}")]
    WorkflowEnded { workflow_id: WorkflowId, status: &'static str, event_type: &'static str, reason: String },
    /// The input would change nothing and the workflow has recorded as many such inputs as it
    /// keeps ([`super::state::MAX_IGNORED_INPUTS`]).
    #[error(
        "workflow {workflow_id} has recorded {limit} inputs that changed nothing; `{event_type}` is refused: {reason}"
    )]
    InputLimit { workflow_id: WorkflowId, limit: u32, event_type: &'static str, reason: String },
}

impl Rejection {
    /// Why the input is dead-lettered, for DLQ headers and metrics.
    pub fn reason(&self) -> DeadLetterReason {
        match self {
            Self::UnknownWorkflow { .. } => DeadLetterReason::UnknownWorkflow,
            Self::TenantMismatch { .. } => DeadLetterReason::TenantMismatch,
            Self::WorkflowEnded { .. } => DeadLetterReason::WorkflowEnded,
            Self::InputLimit { .. } => DeadLetterReason::InputLimit,
        }
    }
}
