//! The projection, pure: an `apex.events` record becomes event rows (one per event, keyed by
//! workflow id and sequence number) and a change to the workflow's `workflow_instances` row.
//! Changes carry the version they bring the row to, so applying an older one again (a
//! redelivery) cannot move a workflow backwards.

use serde_json::{Value, json};

use crate::core::event::{Ending, Event, EventKind};
use crate::core::time::Timestamp;
use crate::kafka::records::EventsRecord;
use crate::store::rows::{EventRow, InstanceChange, Started};

/// The status a workflow is in after `kind`, if `kind` changes it.
pub fn status_after(kind: &EventKind) -> Option<&'static str> {
    kind.transition().map(|t| t.status.as_str())
}

/// What the instance row keeps of how a workflow ended or parked.
fn result_of(kind: &EventKind) -> Option<Value> {
    kind.transition().and_then(|t| t.ending).map(|ending| match ending {
        Ending::Results(results) => json!({ "results": results.to_value() }),
        Ending::Reason(reason) => json!({ "reason": reason }),
    })
}

/// The rows and the instance change of one record.
pub fn project(record: &EventsRecord) -> (Vec<EventRow>, InstanceChange) {
    let workflow_id = record.workflow_id.to_string();
    let mut change = InstanceChange {
        workflow_id: workflow_id.clone(),
        started: None,
        status: None,
        current_step: None,
        result: None,
        version: record.first_seq as i64 + record.events.len() as i64,
        at: record.events.last().map_or(Timestamp::from_millis(0), |e| e.at),
    };
    let rows = record
        .events
        .iter()
        .enumerate()
        .map(|(i, event): (usize, &Event)| {
            if let EventKind::WorkflowStarted(start) = &event.kind {
                change.started = Some(Started {
                    tenant_id: start.tenant_id.to_string(),
                    input: json!({ "goal": start.goal, "user_id": start.user_id }),
                    trace_id: start.trace.trace_id.to_string(),
                });
            }
            if let Some(status) = status_after(&event.kind) {
                change.status = Some(status);
            }
            if let EventKind::StepDispatched { step_id, .. } = &event.kind {
                change.current_step = Some(step_id.to_string());
            }
            if let Some(result) = result_of(&event.kind) {
                change.result = Some(result);
            }
            EventRow {
                workflow_id: workflow_id.clone(),
                sequence: record.first_seq as i64 + i as i64,
                kind: event.kind.name(),
                payload: serde_json::to_value(event).unwrap_or(Value::Null),
                recorded_at: event.at,
            }
        })
        .collect();
    (rows, change)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::builder::InputBuilder;
    use crate::core::ids::{TenantId, WorkflowId};
    use crate::core::state::Workflow;

    /// The record the processor would write for a goal arriving.
    fn goal_record() -> EventsRecord {
        let id = WorkflowId::from_uuid(uuid::Uuid::from_u128(9));
        let mut inputs = InputBuilder::new(id, TenantId::parse("acme").unwrap(), "test");
        let goal = inputs.goal(Timestamp::from_millis(1_764_064_800_000), "Book a flight to Paris", None);
        let decision = crate::core::decide::decide(&Workflow::default(), &goal).unwrap();
        EventsRecord { workflow_id: id, input_offset: 7, first_seq: 0, events: decision.events }
    }

    #[test]
    fn a_goal_opens_the_row_with_its_input_and_tenant() {
        let (rows, change) = project(&goal_record());
        assert_eq!(rows.iter().map(|r| r.sequence).collect::<Vec<_>>(), (0..rows.len() as i64).collect::<Vec<_>>());
        assert_eq!(rows[0].kind, "InputAccepted");
        assert!(rows.iter().any(|r| r.kind == "WorkflowStarted"));
        assert_eq!(rows[0].payload["type"], "InputAccepted");
        let started = change.started.as_ref().unwrap();
        assert_eq!(started.tenant_id, "acme");
        assert_eq!(started.input, json!({"goal": "Book a flight to Paris", "user_id": "acme"}));
        assert_eq!(change.status, Some("planning"));
        assert_eq!(change.version, rows.len() as i64);
    }

    #[test]
    fn later_changes_win_and_versions_only_grow() {
        let (_, first) = project(&goal_record());
        let later = InstanceChange {
            started: None,
            status: Some("running"),
            current_step: Some("book".into()),
            version: 9,
            ..first.clone()
        };
        let merged = first.clone().then(later);
        assert_eq!((merged.status, merged.current_step.as_deref(), merged.version), (Some("running"), Some("book"), 9));
        assert!(merged.started.is_some(), "the goal's input is kept");
        let stale = InstanceChange { version: 1, status: None, ..first };
        assert_eq!(merged.clone().then(stale).version, 9);
    }

    #[test]
    fn terminal_events_set_status_and_result() {
        let kind = EventKind::WorkflowCompensated { reason: "send_email failed".into() };
        assert_eq!(status_after(&kind), Some("compensated"));
        assert_eq!(result_of(&kind), Some(json!({"reason": "send_email failed"})));
        assert_eq!(status_after(&EventKind::WorkflowResumed), Some("compensating"));
    }
}
