//! The rows the store writes: what the projector makes of an `apex.events` record, in the
//! shape of the tables (`workflow_events`, `workflow_instances`, `agent_checkpoints`).

use serde_json::Value;

use crate::core::time::Timestamp;

/// One row of `workflow_events`.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub workflow_id: String,
    pub sequence: i64,
    pub kind: &'static str,
    pub payload: Value,
    pub recorded_at: Timestamp,
}

/// One row of `agent_checkpoints`: a workflow's full state after `version` events.
#[derive(Debug, Clone, PartialEq)]
pub struct Checkpoint {
    pub workflow_id: String,
    pub version: i64,
    pub state: Value,
}

/// What a workflow's goal brings to its row.
#[derive(Debug, Clone, PartialEq)]
pub struct Started {
    pub tenant_id: String,
    pub input: Value,
    pub trace_id: String,
}

/// A change to one `workflow_instances` row; `None` fields stay as they are.
#[derive(Debug, Clone, PartialEq)]
pub struct InstanceChange {
    pub workflow_id: String,
    pub started: Option<Started>,
    pub status: Option<&'static str>,
    pub current_step: Option<String>,
    pub result: Option<Value>,
    /// Events folded into the row once applied (last sequence number + 1).
    pub version: i64,
    pub at: Timestamp,
}

impl InstanceChange {
    /// Folds a later change for the same workflow into this one.
    pub fn then(self, later: Self) -> Self {
        Self {
            workflow_id: later.workflow_id,
            started: later.started.or(self.started),
            status: later.status.or(self.status),
            current_step: later.current_step.or(self.current_step),
            result: later.result.or(self.result),
            version: later.version.max(self.version),
            at: later.at,
        }
    }
}
