//! The workflows of one partition and their durable timers.
//!
//! State is restored from the changelog by two rules that make it safe against records of
//! aborted or uncommitted transactions (which some brokers expose): only records of inputs
//! *below the committed offset* are applied, and an event is applied only if its sequence
//! number is the next one the workflow expects. Duplicated records are skipped the same way.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::core::envelope::{Envelope, SCHEMA_VERSION, Trace};
use crate::core::hash::{KeyedHashMap, KeyedHashSet};
use crate::core::ids::{EventId, IdempotencyKey, TimerId, WorkflowId};
use crate::core::input::{Input, TimerFired};
use crate::core::plan::Limits;
use crate::core::span::SpanId;
use crate::core::time::Timestamp;
use crate::core::{Decision, Rejection, Workflow};

use crate::kafka::records::{EventsRecord, SnapshotRecord};

/// `source` of the envelopes the timer wheel produces.
pub const TIMER_SOURCE: &str = "apex-timer";

/// How long after firing a timer that is still pending in its workflow's state is fired
/// again. A `timer_fired` record is produced in the processor's transaction and read back;
/// should it never be decided (the local broker was seen to skip one committed transactional
/// record while reading it back live), the workflow would otherwise wait for ever. The second
/// firing carries the same id, so when both arrive the core drops the copy.
pub const REFIRE_AFTER_MS: u64 = 5_000;

/// Workflows of one partition.
#[derive(Debug, Default)]
pub struct PartitionStore {
    workflows: KeyedHashMap<WorkflowId, Workflow>,
    /// Due time, timer, workflow; entries of timers no longer pending are dropped when popped.
    wheel: BinaryHeap<Reverse<(Timestamp, TimerId, WorkflowId)>>,
    scheduled: KeyedHashSet<TimerId>,
    /// When each timer still pending first fired: a timer fired again carries the same
    /// timestamp, so both copies are the same input and whichever is decided, the history and
    /// the replay gate (which reads every copy from the log) agree.
    first_fired: KeyedHashMap<TimerId, Timestamp>,
    /// Events folded since the workflow's last snapshot.
    unsnapshotted: KeyedHashMap<WorkflowId, u64>,
}

/// What handling one input produced.
#[derive(Debug)]
pub struct Handled<'a> {
    pub decision: Decision,
    /// Sequence number of the decision's first event.
    pub first_seq: u64,
    pub workflow: &'a Workflow,
    /// Whether a snapshot is due now.
    pub snapshot_due: bool,
}

impl PartitionStore {
    /// Workflows held.
    pub fn len(&self) -> usize {
        self.workflows.len()
    }

    /// Whether no workflow is held.
    pub fn is_empty(&self) -> bool {
        self.workflows.is_empty()
    }

    /// Workflows that have not ended.
    pub fn active(&self) -> impl Iterator<Item = (&WorkflowId, &Workflow)> {
        self.workflows.iter().filter(|(_, w)| !w.status().is_terminal())
    }

    /// A workflow's state.
    pub fn workflow(&self, id: &WorkflowId) -> Option<&Workflow> {
        self.workflows.get(id)
    }

    /// Decides and applies one input. A snapshot is due every `snapshot_every` events and when
    /// the workflow ends.
    ///
    /// # Errors
    /// The core's [`Rejection`]; nothing changes then.
    pub fn handle(
        &mut self,
        input: &Envelope<Input>,
        limits: &Limits,
        snapshot_every: u64,
    ) -> Result<Handled<'_>, Rejection> {
        let id = input.correlation_id;
        let workflow = match self.workflows.entry(id) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                let mut fresh = Workflow::default();
                let decision = fresh.handle(input, limits)?;
                let workflow = e.insert(fresh);
                let count = decision.events.len() as u64;
                schedule(&mut self.wheel, &mut self.scheduled, id, workflow);
                self.unsnapshotted.insert(id, count);
                return Ok(Handled { decision, first_seq: 0, workflow, snapshot_due: count >= snapshot_every });
            }
        };
        let first_seq = workflow.version();
        let decision = workflow.handle(input, limits)?;
        schedule(&mut self.wheel, &mut self.scheduled, id, workflow);
        let pending = self.unsnapshotted.entry(id).or_default();
        *pending += decision.events.len() as u64;
        let snapshot_due =
            !decision.events.is_empty() && (*pending >= snapshot_every || workflow.status().is_terminal());
        if snapshot_due {
            *pending = 0;
        }
        Ok(Handled { decision, first_seq, workflow, snapshot_due })
    }

    /// Applies a snapshot read back from `apex.state`, if it reflects committed input and is
    /// newer than what is held.
    pub fn restore_snapshot(&mut self, record: SnapshotRecord, committed: i64) {
        if record.input_offset >= committed {
            return;
        }
        let held = self.workflows.get(&record.workflow_id).map_or(0, Workflow::version);
        if record.state.version() >= held {
            self.workflows.insert(record.workflow_id, record.state);
        }
    }

    /// Applies an event record read back from `apex.events` (see the module docs for the rules).
    pub fn restore_events(&mut self, record: EventsRecord, committed: i64) {
        if record.input_offset >= committed {
            return;
        }
        let workflow = self.workflows.entry(record.workflow_id).or_default();
        for (i, event) in record.events.iter().enumerate() {
            if record.first_seq + i as u64 == workflow.version() {
                workflow.apply(event);
            }
        }
    }

    /// Rebuilds the timer wheel from the restored workflows.
    pub fn finish_restore(&mut self) {
        self.wheel.clear();
        self.scheduled.clear();
        for (id, workflow) in &self.workflows {
            schedule(&mut self.wheel, &mut self.scheduled, *id, workflow);
        }
    }

    /// Envelopes for every timer due at `now` that is still pending. Each gets an id derived
    /// from the timer, so a timer fired twice (after a restart, or again after
    /// [`REFIRE_AFTER_MS`] because the first firing was not decided yet) is deduplicated by
    /// the core.
    pub fn fire_due(&mut self, now: Timestamp) -> Vec<Envelope<Input>> {
        let mut fired = Vec::new();
        while let Some(Reverse((due, timer, workflow_id))) = self.wheel.peek().copied() {
            if due > now {
                break;
            }
            self.wheel.pop();
            let pending = self.workflows.get(&workflow_id).filter(|w| w.timers().iter().any(|t| t.id == timer));
            let Some(meta) = pending.and_then(|w| w.meta()) else {
                self.scheduled.remove(&timer);
                self.first_fired.remove(&timer);
                continue;
            };
            let at = *self.first_fired.entry(timer).or_insert(now);
            self.wheel.push(Reverse((now.plus_millis(REFIRE_AFTER_MS), timer, workflow_id)));
            let id = workflow_id.derive_fmt(format_args!("fire/{timer}"));
            fired.push(Envelope {
                event_id: EventId::from_uuid(id),
                correlation_id: workflow_id,
                idempotency_key: IdempotencyKey::from_uuid(id),
                tenant_id: meta.tenant_id.clone(),
                timestamp: at,
                source: Cow::Borrowed(TIMER_SOURCE),
                trace: Trace { trace_id: meta.trace.trace_id.clone(), span_id: SpanId::derived(id) },
                schema_version: Cow::Borrowed(SCHEMA_VERSION),
                payload: Input::TimerFired(TimerFired { timer_id: TimerId::from_uuid(timer.as_uuid()) }),
            });
        }
        fired
    }

    /// The earliest pending due time, if any (to bound how long the runner may sleep).
    pub fn next_due(&self) -> Option<Timestamp> {
        self.wheel.peek().map(|Reverse((due, _, _))| *due)
    }
}

fn schedule(
    wheel: &mut BinaryHeap<Reverse<(Timestamp, TimerId, WorkflowId)>>,
    scheduled: &mut KeyedHashSet<TimerId>,
    id: WorkflowId,
    workflow: &Workflow,
) {
    for timer in workflow.timers() {
        if scheduled.insert(timer.id) {
            wheel.push(Reverse((timer.due_at, timer.id, id)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::builder::InputBuilder;
    use crate::core::ids::TenantId;
    use crate::core::state::Status;

    fn setup() -> (PartitionStore, InputBuilder, Timestamp) {
        let inputs =
            InputBuilder::new(WorkflowId::from_uuid(uuid::Uuid::from_u128(5)), TenantId::parse("t").unwrap(), "test");
        (PartitionStore::default(), inputs, Timestamp::from_millis(1_000_000))
    }

    #[test]
    fn due_timers_fire_once_with_ids_derived_from_the_timer() {
        let (mut store, mut inputs, now) = setup();
        let goal = inputs.goal(now, "g", Some(1_000));
        store.handle(&goal, &Limits::default(), 64).unwrap();
        assert!(store.fire_due(now).is_empty());
        let fired = store.fire_due(now.plus_millis(1_000));
        assert_eq!(fired.len(), 1, "the deadline; the plan timeout is later");
        assert!(store.fire_due(now.plus_millis(1_000)).is_empty(), "popped once");
        let undecided = store.fire_due(now.plus_millis(1_000 + REFIRE_AFTER_MS));
        assert_eq!(undecided.len(), 1, "fired again while the first firing is not decided");
        assert_eq!(undecided[0], fired[0], "the same input: same id and timestamp");
        let again = {
            store.finish_restore();
            store.fire_due(now.plus_millis(1_000))
        };
        assert_eq!(again[0].event_id, fired[0].event_id, "a re-fired timer has the same id");
        store.handle(&fired[0], &Limits::default(), 64).unwrap();
        assert_eq!(store.workflow(&inputs.workflow_id()).unwrap().status(), Status::Failed);
        assert!(store.handle(&again[0], &Limits::default(), 64).unwrap().decision.is_duplicate());
    }

    #[test]
    fn restore_applies_only_committed_records_in_sequence() {
        let (mut live, mut inputs, now) = setup();
        let goal = inputs.goal(now, "g", None);
        let cancel = inputs.cancel(now, "stop");
        let mut records = Vec::new();
        for (offset, input) in [goal, cancel].iter().enumerate() {
            let h = live.handle(input, &Limits::default(), 64).unwrap();
            records.push(EventsRecord {
                workflow_id: inputs.workflow_id(),
                input_offset: offset as i64,
                first_seq: h.first_seq,
                events: h.decision.events,
            });
        }
        let id = inputs.workflow_id();
        let mut restored = PartitionStore::default();
        for r in records.iter().chain(records.iter()) {
            restored.restore_events(r.clone(), 1);
        }
        assert_eq!(restored.workflow(&id).unwrap().status(), Status::Planning, "offset 1 is not committed yet");
        for r in records.iter().chain(records.iter()) {
            restored.restore_events(r.clone(), 2);
        }
        assert_eq!(restored.workflow(&id), live.workflow(&id), "duplicates skipped by sequence number");
    }

    #[test]
    fn snapshots_are_due_every_n_events_and_at_the_end() {
        let (mut store, mut inputs, now) = setup();
        let goal = inputs.goal(now, "g", None);
        assert!(!store.handle(&goal, &Limits::default(), 64).unwrap().snapshot_due);
        let cancel = inputs.cancel(now, "stop");
        assert!(store.handle(&cancel, &Limits::default(), 64).unwrap().snapshot_due, "terminal");
        let (mut store, mut inputs, now) = setup();
        let goal = inputs.goal(now, "g", None);
        assert!(store.handle(&goal, &Limits::default(), 2).unwrap().snapshot_due);
    }
}
