//! `evolve`: folds one event into the state. Total and infallible: an event is a fact.

use std::sync::Arc;

use super::event::{Event, EventKind};
use super::ids::StepId;
use super::state::{CompPhase, Meta, Phase, Saga, Status, TimerKind, Workflow};

/// Returns the state after `event` (functional form of [`Workflow::apply`]).
pub fn evolve(mut state: Workflow, event: &Event) -> Workflow {
    state.apply(event);
    state
}

impl Workflow {
    /// Folds `event` into the state in place.
    pub fn apply(&mut self, event: &Event) {
        if let EventKind::InputAccepted { event_id, idempotency_key, .. } = &event.kind {
            self.seen.insert(*event_id, idempotency_key.clone());
        }
        self.saga.apply(event);
    }
}

impl Saga {
    fn position(&self, step: &StepId) -> Option<usize> {
        self.plan.as_ref().and_then(|p| p.position(step))
    }

    /// Folds the saga part of `event` (everything but the de-duplication memory).
    pub(crate) fn apply(&mut self, event: &Event) {
        self.version += 1;
        match &event.kind {
            EventKind::InputAccepted { .. } | EventKind::InputIgnored { .. } => {}
            EventKind::PlanRejected { .. } => {
                self.plan_request = None;
                self.timers.retain(|t| !matches!(t.kind, TimerKind::Plan { .. }));
            }
            EventKind::WorkflowStarted(start) => {
                self.meta = Some(Arc::new(Meta {
                    workflow_id: start.workflow_id,
                    tenant_id: start.tenant_id.clone(),
                    goal: start.goal.clone(),
                    user_id: start.user_id.clone(),
                    trace: start.trace.clone(),
                }));
                self.status = Status::Planning;
                if let Some(at) = start.deadline_at {
                    self.add_timer(TimerKind::Deadline, at, None);
                }
            }
            EventKind::PlanRequested { command_id, attempt, timeout_at } => {
                self.plan_request = Some((*command_id, *attempt));
                self.timers.retain(|t| !matches!(t.kind, TimerKind::Plan { .. }));
                self.add_timer(TimerKind::Plan { attempt: *attempt }, *timeout_at, Some(*command_id));
            }
            EventKind::PlanAccepted { plan, .. } => {
                self.steps = vec![Default::default(); plan.steps().len()];
                self.plan = Some(plan.clone());
                self.plan_request = None;
                self.status = Status::Running;
                self.timers.retain(|t| !matches!(t.kind, TimerKind::Plan { .. }));
            }
            kind => self.apply_step_event(kind),
        }
    }

    fn apply_step_event(&mut self, kind: &EventKind) {
        match kind {
            EventKind::StepAwaitingApproval { step_id, .. } => {
                self.with_step(step_id, |s| s.phase = Phase::AwaitingApproval)
            }
            EventKind::StepApproved { step_id } => self.with_step(step_id, |s| s.approved = true),
            EventKind::StepDispatched { step_id, attempt, command_id, timeout_at } => {
                if let Some(i) = self.position(step_id) {
                    let run = &mut self.steps[i];
                    run.phase = Phase::Running;
                    run.attempt = *attempt;
                    run.command = Some(*command_id);
                    self.drop_step_timers(i, |k| matches!(k, TimerKind::StepBackoff { .. }));
                    self.add_timer(
                        TimerKind::StepTimeout { step: i, attempt: *attempt },
                        *timeout_at,
                        Some(*command_id),
                    );
                }
            }
            EventKind::StepSucceeded { step_id, output, .. } => {
                if let Some(i) = self.position(step_id) {
                    self.steps[i].phase = Phase::Succeeded;
                    self.steps[i].output = output.clone();
                    self.drop_step_timers(i, |k| matches!(k, TimerKind::StepTimeout { .. }));
                }
            }
            EventKind::StepAttemptFailed { step_id, .. } => {
                if let Some(i) = self.position(step_id) {
                    self.drop_step_timers(i, |k| matches!(k, TimerKind::StepTimeout { .. }));
                }
            }
            EventKind::StepRetryScheduled { step_id, attempt, due_at } => {
                if let Some(i) = self.position(step_id) {
                    self.steps[i].phase = Phase::BackingOff;
                    let failed = self.steps[i].command;
                    self.add_timer(TimerKind::StepBackoff { step: i, attempt: *attempt }, *due_at, failed);
                }
            }
            EventKind::StepFailed { step_id, outcome_unknown, .. } => {
                self.end_step(step_id, Phase::Failed { outcome_unknown: *outcome_unknown });
            }
            EventKind::StepSkipped { step_id } => self.end_step(step_id, Phase::Skipped),
            kind => self.apply_saga_event(kind),
        }
    }

    fn apply_saga_event(&mut self, kind: &EventKind) {
        match kind {
            EventKind::CompensationStarted { cause, reason } => {
                self.status = Status::Compensating;
                self.ending = Some((*cause, reason.clone()));
                self.timers.retain(|t| t.kind != TimerKind::Deadline);
            }
            EventKind::CompensationDispatched { step_id, attempt, command_id, timeout_at } => {
                if let Some(i) = self.position(step_id) {
                    let comp = &mut self.steps[i].comp;
                    comp.phase = CompPhase::Running;
                    comp.attempt = *attempt;
                    comp.command = Some(*command_id);
                    self.drop_step_timers(i, |k| matches!(k, TimerKind::CompBackoff { .. }));
                    self.add_timer(
                        TimerKind::CompTimeout { step: i, attempt: *attempt },
                        *timeout_at,
                        Some(*command_id),
                    );
                }
            }
            EventKind::CompensationSucceeded { step_id, .. } => {
                if let Some(i) = self.position(step_id) {
                    self.steps[i].comp.phase = CompPhase::Done;
                    self.compensated.push(step_id.clone());
                    self.drop_step_timers(i, |k| matches!(k, TimerKind::CompTimeout { .. }));
                }
            }
            EventKind::CompensationAttemptFailed { step_id, .. } => {
                if let Some(i) = self.position(step_id) {
                    self.drop_step_timers(i, |k| matches!(k, TimerKind::CompTimeout { .. }));
                }
            }
            EventKind::CompensationRetryScheduled { step_id, attempt, due_at } => {
                if let Some(i) = self.position(step_id) {
                    self.steps[i].comp.phase = CompPhase::BackingOff;
                    let failed = self.steps[i].comp.command;
                    self.add_timer(TimerKind::CompBackoff { step: i, attempt: *attempt }, *due_at, failed);
                }
            }
            EventKind::CompensationExhausted { step_id, .. } => {
                self.with_step(step_id, |s| s.comp.phase = CompPhase::Exhausted);
            }
            EventKind::WorkflowResumed => {
                self.status = Status::Compensating;
                for run in &mut self.steps {
                    if run.comp.phase == CompPhase::Exhausted {
                        run.comp.phase = CompPhase::Idle;
                        run.comp.budget_from = run.comp.attempt;
                    }
                }
            }
            EventKind::WorkflowParked { .. } => self.status = Status::Parked,
            EventKind::WorkflowCompleted { .. } => self.finish(Status::Completed),
            EventKind::WorkflowFailed { .. } => self.finish(Status::Failed),
            EventKind::WorkflowCompensated { .. } => self.finish(Status::Compensated),
            EventKind::WorkflowCancelled { .. } => self.finish(Status::Cancelled),
            _ => {}
        }
    }

    fn with_step(&mut self, step: &StepId, f: impl FnOnce(&mut super::state::StepRun)) {
        if let Some(i) = self.position(step) {
            f(&mut self.steps[i]);
        }
    }

    fn end_step(&mut self, step: &StepId, phase: Phase) {
        if let Some(i) = self.position(step) {
            self.steps[i].phase = phase;
            self.drop_step_timers(i, |k| matches!(k, TimerKind::StepTimeout { .. } | TimerKind::StepBackoff { .. }));
        }
    }

    fn finish(&mut self, status: Status) {
        self.status = status;
        self.plan_request = None;
        self.timers.clear();
    }
}
