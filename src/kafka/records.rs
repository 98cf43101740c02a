//! What the processor writes besides envelopes: the event log (`apex.events`, also the
//! changelog state is restored from) and snapshots (`apex.state`).

use serde::{Deserialize, Serialize};

use crate::core::event::Event;
use crate::core::ids::WorkflowId;
use crate::core::state::Workflow;

/// One decision's events for one workflow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventsRecord {
    pub workflow_id: WorkflowId,
    /// Offset of the input (on the envelopes partition) that was decided.
    pub input_offset: i64,
    /// Sequence number of the first event: events are numbered from 0 per workflow.
    pub first_seq: u64,
    pub events: Vec<Event>,
}

/// Borrowed form of [`EventsRecord`] for writing without copying the events.
#[derive(Serialize)]
pub struct EventsRecordRef<'a> {
    pub workflow_id: WorkflowId,
    pub input_offset: i64,
    pub first_seq: u64,
    pub events: &'a [Event],
}

/// A workflow's full state as of an input offset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapshotRecord {
    pub workflow_id: WorkflowId,
    pub input_offset: i64,
    pub state: Workflow,
}

/// Borrowed form of [`SnapshotRecord`].
#[derive(Serialize)]
pub struct SnapshotRecordRef<'a> {
    pub workflow_id: WorkflowId,
    pub input_offset: i64,
    pub state: &'a Workflow,
}
