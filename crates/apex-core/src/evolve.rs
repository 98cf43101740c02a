//! `evolve`: folds one event into the state. Total and infallible: an event is a fact.

use std::sync::Arc;

use super::event::LateFate;
use super::event::{Event, EventKind};
use super::ids::StepId;
use super::state::{CompPhase, CompRun, LateEffect, Meta, Phase, Saga, Status, TimerKind, Workflow};

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
            EventKind::InputAccepted { .. } => {}
            EventKind::GoalRefused { .. } => {}
            EventKind::UsageRecorded { tokens, calls, cost, .. } => {
                self.spent.tokens = self.spent.tokens.saturating_add(*tokens);
                self.spent.calls = self.spent.calls.saturating_add(*calls);
                self.spent.cost += cost.unwrap_or(0.0);
            }
            EventKind::BudgetWarned { .. } => self.spent.warned = true,
            EventKind::BudgetExceeded { .. } => self.spent.exceeded = true,
            EventKind::InputIgnored { .. } => self.ignored = self.ignored.saturating_add(1),
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
                    budget: start.budget.clone(),
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
            EventKind::PlanAccepted { plan, cache_entry, .. } => {
                self.steps = vec![Default::default(); plan.steps().len()];
                self.plan = Some(plan.clone());
                self.plan_entry = cache_entry.clone();
                self.plan_request = None;
                self.status = Status::Running;
                self.timers.retain(|t| !matches!(t.kind, TimerKind::Plan { .. }));
            }
            EventKind::CachedPlanDiscarded { .. } => self.plan_entry = None,
            // Every kind is named here (no catch-all), so a new one does not compile unfolded.
            kind @ (EventKind::StepAwaitingApproval { .. }
            | EventKind::StepApproved { .. }
            | EventKind::StepDispatched { .. }
            | EventKind::StepSucceeded { .. }
            | EventKind::StepSucceededLate { .. }
            | EventKind::StepAttemptFailed { .. }
            | EventKind::StepAttemptNotRun { .. }
            | EventKind::StepRetryScheduled { .. }
            | EventKind::StepFailed { .. }
            | EventKind::StepSkipped { .. }) => self.apply_step_event(kind),
            kind @ (EventKind::CompensationStarted { .. }
            | EventKind::CompensationDispatched { .. }
            | EventKind::CompensationSucceeded { .. }
            | EventKind::CompensationAttemptFailed { .. }
            | EventKind::CompensationRetryScheduled { .. }
            | EventKind::CompensationExhausted { .. }
            | EventKind::WorkflowResumed
            | EventKind::LateCompensationResumed { .. }
            | EventKind::WorkflowParked { .. }
            | EventKind::WorkflowCompleted { .. }
            | EventKind::WorkflowFailed { .. }
            | EventKind::WorkflowCompensated { .. }
            | EventKind::WorkflowCancelled { .. }) => self.apply_saga_event(kind),
        }
    }

    /// The step events of [`Saga::apply`] (it names which).
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
            EventKind::StepSucceeded { step_id, attempt, output } => {
                if let Some(i) = self.position(step_id) {
                    let run = &mut self.steps[i];
                    run.phase = Phase::Succeeded;
                    run.output = output.clone();
                    run.kept = *attempt;
                    self.drop_step_timers(i, |k| {
                        matches!(k, TimerKind::StepTimeout { .. } | TimerKind::StepBackoff { .. })
                    });
                }
            }
            EventKind::StepSucceededLate { step_id, attempt, output, fate } => {
                if let Some(i) = self.position(step_id) {
                    let run = &mut self.steps[i];
                    if *fate == LateFate::CoveredByStep && run.comp.phase == CompPhase::Idle {
                        run.output = output.clone();
                    }
                    run.late.push(LateEffect {
                        attempt: *attempt,
                        output: output.clone(),
                        fate: *fate,
                        comp: CompRun::default(),
                    });
                }
            }
            EventKind::StepAttemptFailed { step_id, attempt, not_run, .. } => {
                if let Some(i) = self.position(step_id) {
                    if *not_run {
                        self.steps[i].not_run.push(*attempt);
                    }
                    self.drop_step_timers(i, |k| matches!(k, TimerKind::StepTimeout { .. }));
                }
            }
            EventKind::StepAttemptNotRun { step_id, attempt } => {
                self.with_step(step_id, |s| s.not_run.push(*attempt));
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
            _ => {}
        }
    }

    /// The compensation and ending events of [`Saga::apply`] (it names which).
    fn apply_saga_event(&mut self, kind: &EventKind) {
        match kind {
            EventKind::CompensationStarted { cause, reason } => {
                self.status = Status::Compensating;
                self.ending = Some((*cause, reason.clone()));
                self.timers.retain(|t| t.kind != TimerKind::Deadline);
            }
            EventKind::CompensationDispatched { step_id, attempt, command_id, timeout_at, effect } => {
                if let Some(i) = self.position(step_id)
                    && let Some(comp) = self.steps[i].comp_of_mut(*effect)
                {
                    comp.phase = CompPhase::Running;
                    comp.attempt = *attempt;
                    comp.command = Some(*command_id);
                    self.drop_comp_timers(i, *effect, |k| matches!(k, TimerKind::CompBackoff { .. }));
                    let kind = TimerKind::CompTimeout { step: i, attempt: *attempt, effect: *effect };
                    self.add_timer(kind, *timeout_at, Some(*command_id));
                }
            }
            EventKind::CompensationSucceeded { step_id, effect, .. } => {
                if let Some(i) = self.position(step_id)
                    && let Some(comp) = self.steps[i].comp_of_mut(*effect)
                {
                    comp.phase = CompPhase::Done;
                    if effect.is_none() {
                        self.compensated.push(step_id.clone());
                    }
                    self.drop_comp_timers(i, *effect, |_| true);
                }
            }
            EventKind::CompensationAttemptFailed { step_id, effect, not_run, .. } => {
                if let Some(i) = self.position(step_id) {
                    if let Some(comp) = self.steps[i].comp_of_mut(*effect) {
                        comp.budget_from += u32::from(*not_run);
                    }
                    self.drop_comp_timers(i, *effect, |k| matches!(k, TimerKind::CompTimeout { .. }));
                }
            }
            EventKind::CompensationRetryScheduled { step_id, attempt, due_at, effect } => {
                if let Some(i) = self.position(step_id)
                    && let Some(comp) = self.steps[i].comp_of_mut(*effect)
                {
                    comp.phase = CompPhase::BackingOff;
                    let failed = comp.command;
                    let kind = TimerKind::CompBackoff { step: i, attempt: *attempt, effect: *effect };
                    self.add_timer(kind, *due_at, failed);
                }
            }
            EventKind::CompensationExhausted { step_id, effect, .. } => {
                if let Some(i) = self.position(step_id)
                    && let Some(comp) = self.steps[i].comp_of_mut(*effect)
                {
                    comp.phase = CompPhase::Exhausted;
                }
            }
            EventKind::WorkflowResumed => {
                self.status = Status::Compensating;
                for run in &mut self.steps {
                    for comp in std::iter::once(&mut run.comp).chain(run.late.iter_mut().map(|l| &mut l.comp)) {
                        if comp.phase == CompPhase::Exhausted {
                            comp.phase = CompPhase::Idle;
                            comp.budget_from = comp.attempt;
                        }
                    }
                }
            }
            EventKind::LateCompensationResumed { step_id, effect } => {
                if let Some(i) = self.position(step_id)
                    && let Some(comp) = self.steps[i].comp_of_mut(Some(*effect))
                {
                    comp.phase = CompPhase::Idle;
                    comp.budget_from = comp.attempt;
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

    /// Ends the workflow. Timers of late effects' compensations stay: an effect that happened
    /// is undone even after the outcome was published.
    fn finish(&mut self, status: Status) {
        self.status = status;
        self.plan_request = None;
        self.timers.retain(|t| t.kind.effect().is_some());
    }

    /// Drops the compensation timers of step `step` for `effect` that match `f`.
    fn drop_comp_timers(&mut self, step: usize, effect: Option<u32>, f: impl Fn(&TimerKind) -> bool) {
        self.drop_step_timers(step, |k| {
            matches!(k, TimerKind::CompTimeout { .. } | TimerKind::CompBackoff { .. }) && k.effect() == effect && f(k)
        });
    }
}
