//! `decide`: the saga's rules. Given the state and one input, which facts to record and
//! which commands and outcomes to publish. Pure: the input's timestamp is "now", every id is
//! derived from the workflow's history.
//!
//! The rules in brief (README: "Saga semantics"):
//! - a goal asks for a plan; a valid plan starts every step whose dependencies succeeded;
//! - a failed attempt retries after a backoff timer until its policy is exhausted; then the
//!   saga rolls back: steps not yet running are skipped, in-flight steps are awaited (or time
//!   out), then every step that may have had an effect and has a compensation is undone, a step
//!   only after every step that depends on it;
//! - compensations retry too; when they are exhausted the workflow parks until `resume`;
//! - a redelivered input (same `eventId` or `idempotencyKey`) changes nothing; a result for
//!   a stale attempt or unknown step is recorded as ignored.

use std::borrow::Cow;
use std::sync::Arc;

use uuid::Uuid;

use super::command::{Command, CompensateStep, DiscardCachedPlan, ExecuteStep, PlanGoal, RequestApproval};
use super::decision::{Decision, Outbound, Rejection};
use super::envelope::{Envelope, SCHEMA_VERSION, Trace};
use super::event::{Cause, Event, EventKind, LateFate, WorkflowStart};
use super::ids::{CommandId, EventId, IdempotencyKey, StepId, TimerId};
use super::input::{Admission, Input, SignalName, SignalReceived};
use super::json::{Json, StepOutputs};
use super::outcome::{
    Outcome, WorkflowCancelled, WorkflowCompensated, WorkflowCompleted, WorkflowFailed, WorkflowParked,
};
use super::plan::{Limits, ValidPlan};
use super::span::SpanId;
use super::state::{CompPhase, MAX_IGNORED_INPUTS, Meta, Phase, Saga, Status, TimerKind, Workflow};
use super::time::Timestamp;

/// How long a planner may take before it is asked again.
pub const PLAN_TIMEOUT_MS: u64 = 120_000;
/// How often a planner is asked before the workflow fails.
pub const PLAN_ATTEMPTS: u32 = 3;
/// What the budget says after an answer's usage is counted.
enum Budgeted {
    /// Within it (or none): decide the answer as usual.
    Within,
    /// Crossed while planning: the workflow failed.
    Ended,
    /// Crossed while running: the saga rolls back.
    RollingBack,
}

/// The share of a budget limit at which a workflow records a warning.
pub const BUDGET_WARNING: f64 = 0.8;
/// The `source` of every envelope the core publishes.
pub const SOURCE: &str = "apex-processor";

/// Decides `input` against `state` with the default plan [`Limits`].
///
/// # Errors
/// [`Rejection`] when the input cannot belong to this workflow (unknown workflow, other
/// tenant); such inputs go to the dead-letter queue.
pub fn decide(state: &Workflow, input: &Envelope<Input>) -> Result<Decision, Rejection> {
    decide_with(state, input, &Limits::default())
}

/// [`decide`] with explicit plan limits.
///
/// # Errors
/// As [`decide`].
pub fn decide_with(state: &Workflow, input: &Envelope<Input>, limits: &Limits) -> Result<Decision, Rejection> {
    if !admit(state, input)? {
        return Ok(Decision::default());
    }
    let mut scratch = state.saga.clone();
    let decision = run_rules(&mut scratch, input, limits);
    refuse_if_ignored_and_unkept(&state.saga, input, decision)
}

/// An input that would only be recorded as ignored is refused instead when the workflow has
/// ended ([`Rejection::WorkflowEnded`], dead-lettered `workflow_ended`: it records only inputs
/// that still change something, a late success to undo, a late compensation's answer or timer,
/// a `resume` for one) or has already recorded [`MAX_IGNORED_INPUTS`] such inputs
/// ([`Rejection::InputLimit`]). Neither its history, its de-duplication memory nor its
/// snapshots grow however much is sent to it.
fn refuse_if_ignored_and_unkept(
    saga: &Saga,
    input: &Envelope<Input>,
    decision: Decision,
) -> Result<Decision, Rejection> {
    // Ignored: nothing but the input's acceptance, its usage and the ignore itself (usage
    // alone changes no step, so a stream of stale answers reporting usage stays bounded too).
    let only_noted = decision.events.iter().all(|e| {
        matches!(
            e.kind,
            EventKind::InputAccepted { .. }
                | EventKind::UsageRecorded { .. }
                | EventKind::BudgetWarned { .. }
                | EventKind::InputIgnored { .. }
        )
    });
    let ignored = decision
        .events
        .iter()
        .find_map(|e| match &e.kind {
            EventKind::InputIgnored { reason, .. } => Some(reason.clone()),
            _ => None,
        })
        .filter(|_| only_noted);
    let (Some(reason), Some(meta)) = (ignored, saga.meta.as_deref()) else { return Ok(decision) };
    let event_type = super::envelope::Payload::event_type(&input.payload);
    if saga.status.is_terminal() {
        Err(Rejection::WorkflowEnded {
            workflow_id: meta.workflow_id,
            status: saga.status.as_str(),
            event_type,
            reason,
        })
    } else if saga.ignored >= MAX_IGNORED_INPUTS {
        Err(Rejection::InputLimit { workflow_id: meta.workflow_id, limit: MAX_IGNORED_INPUTS, event_type, reason })
    } else {
        Ok(decision)
    }
}

/// The checks before any rule runs: `Ok(false)` for a redelivery (answered with an empty
/// decision), an error for an input that cannot belong to the workflow.
fn admit(state: &Workflow, input: &Envelope<Input>) -> Result<bool, Rejection> {
    if state.seen.contains(&input.event_id, &input.idempotency_key) {
        return Ok(false);
    }
    match state.saga.meta.as_deref() {
        None if !matches!(input.payload, Input::GoalReceived(_)) => Err(Rejection::UnknownWorkflow {
            workflow_id: input.correlation_id,
            event_type: super::envelope::Payload::event_type(&input.payload),
        }),
        Some(meta) if meta.tenant_id != input.tenant_id => Err(Rejection::TenantMismatch {
            workflow_id: meta.workflow_id,
            owner: meta.tenant_id.clone(),
            sender: input.tenant_id.clone(),
        }),
        _ => Ok(true),
    }
}

/// Runs the rules for an admitted input on `saga`, applying each event as it is emitted.
fn run_rules(saga: &mut Saga, input: &Envelope<Input>, limits: &Limits) -> Decision {
    let mut rules = Rules {
        input: Some(input),
        now: input.timestamp,
        saga,
        limits,
        events: Vec::with_capacity(4),
        outbound: Vec::new(),
    };
    rules.emit(EventKind::InputAccepted {
        event_id: input.event_id,
        idempotency_key: input.idempotency_key.clone(),
        event_type: Cow::Borrowed(super::envelope::Payload::event_type(&input.payload)),
    });
    // Usage is counted before the input's rules run: a crossed budget dispatches nothing more.
    match rules.account() {
        Budgeted::Within => rules.on_input(),
        Budgeted::Ended => {}
        Budgeted::RollingBack => {
            rules.on_input();
            // The answer may have been ignored (a stale attempt): compensation starts anyway.
            rules.advance();
        }
    }
    Decision { events: rules.events, outbound: rules.outbound }
}

/// The commands of every attempt still in flight (planning, running steps, running
/// compensations, approvals awaited), rebuilt from the state with their original ids.
///
/// A region that takes over a workflow publishes these: it folded the decisions that made
/// them but, not owning the workflow then, did not publish them. Consumers deduplicate them
/// by command id like any redelivery.
pub fn outstanding(state: &Workflow, now: Timestamp) -> Vec<Envelope<Outbound>> {
    let mut saga = state.saga.clone();
    let limits = Limits::default();
    let mut rules =
        Rules { input: None, now, saga: &mut saga, limits: &limits, events: Vec::new(), outbound: Vec::new() };
    rules.resend_outstanding();
    rules.outbound
}

impl Workflow {
    /// Decides `input` and applies the resulting events: what the processor does per input.
    ///
    /// # Errors
    /// As [`decide`]; the state is unchanged then.
    ///
    /// Equivalent to [`decide`] followed by [`Workflow::apply`] of each event (the property
    /// tests check it), but the rules run on the live state instead of a copy: every rule
    /// changes the saga only by emitting an event, which is applied as it is emitted.
    pub fn handle(&mut self, input: &Envelope<Input>, limits: &Limits) -> Result<Decision, Rejection> {
        if self.saga.status.is_terminal() || self.saga.ignored >= MAX_IGNORED_INPUTS {
            // Rare and possibly refused: decide on a copy, apply only what is recorded.
            let decision = decide_with(self, input, limits)?;
            decision.events.iter().for_each(|e| self.apply(e));
            return Ok(decision);
        }
        if !admit(self, input)? {
            return Ok(Decision::default());
        }
        self.seen.insert(input.event_id, input.idempotency_key.clone());
        Ok(run_rules(&mut self.saga, input, limits))
    }
}

/// One decision in progress: every emitted event is applied to `saga` at once, so each rule
/// sees the state its predecessors left.
struct Rules<'a> {
    /// The input decided; `None` when only the commands in flight are re-derived
    /// ([`outstanding`]): no rule for an input runs then.
    input: Option<&'a Envelope<Input>>,
    now: Timestamp,
    saga: &'a mut Saga,
    limits: &'a Limits,
    events: Vec<Event>,
    outbound: Vec<Envelope<Outbound>>,
}

/// A step attempt's or compensation attempt's result.
enum Answer<'a> {
    Done(&'a Json),
    /// `not_run`: the tool never ran, so the attempt is not counted.
    Failed {
        error: &'a str,
        retryable: bool,
        not_run: bool,
    },
}

impl Rules<'_> {
    fn emit(&mut self, kind: EventKind) {
        let event = Event { at: self.now, kind };
        self.saga.apply(&event);
        self.events.push(event);
    }

    fn ignore(&mut self, reason: String) {
        if let Some(input) = self.input {
            self.emit(EventKind::InputIgnored { event_id: input.event_id, reason });
        }
    }

    fn meta(&self) -> Option<Arc<Meta>> {
        self.saga.meta.clone()
    }

    fn derive(&self, what: std::fmt::Arguments<'_>) -> Uuid {
        self.saga.meta.as_ref().map_or(Uuid::nil(), |m| m.derive(what))
    }

    fn publish(&mut self, id: Uuid, payload: Outbound) {
        let Some(meta) = self.meta() else { return };
        self.outbound.push(Envelope {
            event_id: EventId::from_uuid(id),
            correlation_id: meta.workflow_id,
            idempotency_key: IdempotencyKey::from_uuid(id),
            tenant_id: meta.tenant_id.clone(),
            timestamp: self.now,
            source: Cow::Borrowed(SOURCE),
            trace: Trace { trace_id: meta.trace.trace_id.clone(), span_id: SpanId::derived(id) },
            schema_version: Cow::Borrowed(SCHEMA_VERSION),
            payload,
        });
    }

    fn publish_outcome(&mut self, outcome: Outcome) {
        let id = self.derive(format_args!("outcome/{}", self.saga.version));
        self.publish(id, Outbound::Outcome(outcome));
    }

    fn plan(&self) -> Option<Arc<ValidPlan>> {
        self.saga.plan.clone()
    }

    /// Records the LLM usage an answer reports and holds the workflow to its budget.
    fn account(&mut self) -> Budgeted {
        let Some(input) = self.input else { return Budgeted::Within };
        let (usage, step_id) = match &input.payload {
            Input::PlanGenerated(answer) => (answer.usage.as_ref(), None),
            Input::ToolResultReceived(result) => (result.usage.as_ref(), Some(result.step_id.clone())),
            Input::StepFailed(failed) => (failed.usage.as_ref(), Some(failed.step_id.clone())),
            _ => return Budgeted::Within,
        };
        let Some(usage) = usage else { return Budgeted::Within };
        if self.saga.status.is_terminal() {
            return Budgeted::Within;
        }
        self.emit(EventKind::UsageRecorded {
            step_id,
            model: usage.model.clone(),
            tokens: usage.tokens(),
            calls: usage.calls,
            cost: usage.cost,
        });
        let Some(budget) = self.saga.meta.as_ref().and_then(|m| m.budget.clone()) else { return Budgeted::Within };
        if self.saga.spent.exceeded {
            return Budgeted::Within;
        }
        let spent = &self.saga.spent;
        let over = |share: f64| {
            let past = |spent: f64, limit: f64| spent >= limit * share && (share < 1.0 || spent > limit);
            let mut found = Vec::new();
            if let Some(max) = budget.max_tokens.filter(|m| past(spent.tokens as f64, *m as f64)) {
                found.push(format!("{} tokens of {max}", spent.tokens));
            }
            if let Some(max) = budget.max_llm_calls.filter(|m| past(f64::from(spent.calls), f64::from(*m))) {
                found.push(format!("{} LLM calls of {max}", spent.calls));
            }
            if let Some(max) = budget.max_cost.filter(|m| past(spent.cost, *m)) {
                found.push(format!("a cost of {} of {max}", spent.cost));
            }
            (!found.is_empty()).then(|| found.join(", "))
        };
        if let Some(what) = over(1.0) {
            let reason = format!("budget_exceeded: {what}");
            self.emit(EventKind::BudgetExceeded { reason: reason.clone() });
            return match self.saga.status {
                Status::Planning => {
                    self.fail(reason);
                    Budgeted::Ended
                }
                Status::Running => {
                    self.roll_back(Cause::Budget, reason);
                    Budgeted::RollingBack
                }
                // Already rolling back or parked: nothing more to stop.
                _ => Budgeted::Within,
            };
        }
        if !self.saga.spent.warned
            && let Some(what) = over(BUDGET_WARNING)
        {
            self.emit(EventKind::BudgetWarned { reason: format!("{what}: {}% of the budget", BUDGET_WARNING * 100.0) });
        }
        Budgeted::Within
    }

    fn on_input(&mut self) {
        let Some(input) = self.input else { return };
        match &input.payload {
            Input::GoalReceived(goal) => {
                if self.saga.status != Status::New {
                    return self.ignore("the workflow has already started".to_owned());
                }
                self.emit(EventKind::WorkflowStarted(Box::new(WorkflowStart {
                    workflow_id: input.correlation_id,
                    tenant_id: input.tenant_id.clone(),
                    goal: goal.goal.clone(),
                    user_id: goal.user_id.clone(),
                    trace: input.trace.clone(),
                    deadline_at: goal.timeout_ms.map(|ms| self.now.plus_millis(ms)),
                    budget: goal.budget.clone().or_else(|| goal.default_budget.clone()),
                })));
                match goal.admission.clone() {
                    Admission::Admitted => self.request_plan(1),
                    Admission::Refused(refusal) => {
                        let reason = format!("refused: tenant {:?} {refusal}", input.tenant_id.as_str());
                        self.emit(EventKind::GoalRefused { refusal: refusal.clone() });
                        self.fail(reason);
                    }
                }
            }
            Input::PlanGenerated(answer) => {
                if !self.is_current_plan_request(answer.command_id) {
                    return self.ignore(format!("plan for command {} is not awaited", answer.command_id));
                }
                match ValidPlan::new(answer.plan.clone(), self.limits) {
                    Ok(plan) => {
                        self.emit(EventKind::PlanAccepted {
                            command_id: answer.command_id,
                            source: answer.source.clone(),
                            plan: Arc::new(plan),
                            origin: answer.origin.clone(),
                            catalog: answer.catalog.clone(),
                            cache_entry: answer.cache_entry.clone(),
                        });
                        self.advance();
                    }
                    Err(e) => {
                        let reason = format!("the plan is invalid: {e}");
                        if let Some(entry) = &answer.cache_entry {
                            self.discard_cached_plan(entry.clone(), reason.clone());
                        }
                        self.reject_plan(reason)
                    }
                }
            }
            Input::PlanFailed(answer) => {
                if !self.is_current_plan_request(answer.command_id) {
                    return self.ignore(format!("plan failure for command {} is not awaited", answer.command_id));
                }
                self.reject_plan(format!("the planner failed: {}", answer.reason));
            }
            Input::ToolResultReceived(r) => {
                self.on_step_answer(&r.step_id, r.attempt, r.command_id, Answer::Done(&r.output), false);
            }
            Input::StepFailed(f) => {
                let answer = Answer::Failed { error: &f.error, retryable: f.retryable, not_run: f.not_run };
                self.on_step_answer(&f.step_id, f.attempt, f.command_id, answer, false);
            }
            Input::CompensationCompleted(c) => {
                self.on_comp_answer(&c.step_id, c.attempt, c.command_id, Answer::Done(&Json::null()), false);
            }
            Input::CompensationFailed(f) => {
                let answer = Answer::Failed { error: &f.error, retryable: f.retryable, not_run: f.not_run };
                self.on_comp_answer(&f.step_id, f.attempt, f.command_id, answer, false);
            }
            Input::TimerFired(t) => self.on_timer(t.timer_id),
            Input::CancelRequested(c) => self.on_cancel(&c.reason),
            Input::SignalReceived(s) => self.on_signal(s),
        }
    }

    /// Publishes again the command of every attempt in flight, with its original id.
    fn resend_outstanding(&mut self) {
        if let (Status::Planning, Some((command_id, attempt)), Some(meta)) =
            (self.saga.status, self.saga.plan_request, self.meta())
        {
            let command = PlanGoal { command_id, attempt, goal: meta.goal.clone(), user_id: meta.user_id.clone() };
            self.publish(command_id.as_uuid(), Outbound::Command(Command::PlanGoal(command)));
        }
        let Some(plan) = self.plan() else { return };
        for (i, step) in plan.steps().iter().enumerate() {
            let run = self.saga.steps[i].clone();
            if let (Phase::Running, Some(command_id)) = (run.phase, run.command) {
                let command = self.execute_command(&plan, i, command_id, run.attempt);
                self.publish(command_id.as_uuid(), Outbound::Command(Command::ExecuteStep(command)));
            }
            for (effect, comp) in run.comps() {
                if let (CompPhase::Running, Some(command_id)) = (comp.phase, comp.command)
                    && let Some(command) = self.compensate_command(&plan, i, command_id, comp.attempt, effect)
                {
                    self.publish(command_id.as_uuid(), Outbound::Command(Command::CompensateStep(command)));
                }
            }
            if run.phase == Phase::AwaitingApproval && !run.approved {
                let command = self.approval_command(step);
                self.publish(command.command_id.as_uuid(), Outbound::Command(Command::RequestApproval(command)));
            }
        }
    }

    /// The `RequestApproval` command of a step (one per step: its id names no attempt).
    fn approval_command(&self, step: &super::plan::Step) -> RequestApproval {
        let command_id = CommandId::from_uuid(self.derive(format_args!("step/{}/approval", step.id)));
        RequestApproval { command_id, step_id: step.id.clone(), tool: step.tool.clone(), input: step.input.clone() }
    }

    /// The `CompensateStep` command of compensation attempt `attempt` of step `i`, undoing its
    /// own effect or the late effect of attempt `effect` (`None` if the step has no
    /// compensation).
    fn compensate_command(
        &self,
        plan: &ValidPlan,
        i: usize,
        command_id: CommandId,
        attempt: u32,
        effect: Option<u32>,
    ) -> Option<CompensateStep> {
        let step = &plan.steps()[i];
        let compensation = step.compensation.as_ref()?;
        let run = &self.saga.steps[i];
        let step_output = match effect {
            None => run.output.clone(),
            Some(a) => run.late.iter().find(|l| l.attempt == a)?.output.clone(),
        };
        Some(CompensateStep {
            command_id,
            step_id: step.id.clone(),
            attempt,
            tool: compensation.tool.clone(),
            input: compensation.input.clone(),
            step_output,
            timeout_ms: compensation.timeout_ms,
            effect,
        })
    }

    /// The id of attempt `attempt` of step `step`'s command.
    fn step_command_id(&self, step: &StepId, attempt: u32) -> CommandId {
        CommandId::from_uuid(self.derive(format_args!("step/{step}/{attempt}/execute")))
    }

    /// The id of compensation attempt `attempt` of step `step`'s own effect, or of its late
    /// effect `effect`.
    fn comp_command_id(&self, step: &StepId, attempt: u32, effect: Option<u32>) -> CommandId {
        CommandId::from_uuid(match effect {
            None => self.derive(format_args!("step/{step}/{attempt}/compensate")),
            Some(e) => self.derive(format_args!("step/{step}/late/{e}/{attempt}/compensate")),
        })
    }

    /// The `ExecuteStep` command of attempt `attempt` of step `i`.
    fn execute_command(&self, plan: &ValidPlan, i: usize, command_id: CommandId, attempt: u32) -> ExecuteStep {
        let step = &plan.steps()[i];
        let context = StepOutputs(
            plan.deps(i).iter().map(|&d| (plan.steps()[d].id.clone(), self.saga.steps[d].output.clone())).collect(),
        );
        ExecuteStep {
            command_id,
            step_id: step.id.clone(),
            attempt,
            tool: step.tool.clone(),
            input: step.input.clone(),
            context,
            timeout_ms: step.timeout_ms,
        }
    }

    fn is_current_plan_request(&self, command_id: CommandId) -> bool {
        self.saga.status == Status::Planning && self.saga.plan_request.is_some_and(|(c, _)| c == command_id)
    }

    fn request_plan(&mut self, attempt: u32) {
        let Some(meta) = self.meta() else { return };
        let command_id = CommandId::from_uuid(self.derive(format_args!("plan/{attempt}")));
        self.emit(EventKind::PlanRequested { command_id, attempt, timeout_at: self.now.plus_millis(PLAN_TIMEOUT_MS) });
        let command = PlanGoal { command_id, attempt, goal: meta.goal.clone(), user_id: meta.user_id.clone() };
        self.publish(command_id.as_uuid(), Outbound::Command(Command::PlanGoal(command)));
    }

    /// Asks planners to stop reusing cache entry `entry`, which this workflow showed wrong.
    fn discard_cached_plan(&mut self, entry: String, reason: String) {
        let command_id = CommandId::from_uuid(self.derive(format_args!("plan/discard/{entry}")));
        self.emit(EventKind::CachedPlanDiscarded { entry: entry.clone(), reason: reason.clone() });
        let command = DiscardCachedPlan { command_id, entry, reason };
        self.publish(command_id.as_uuid(), Outbound::Command(Command::DiscardCachedPlan(command)));
    }

    fn reject_plan(&mut self, reason: String) {
        self.emit(EventKind::PlanRejected { reason: reason.clone() });
        self.fail(reason);
    }

    fn fail(&mut self, reason: String) {
        self.emit(EventKind::WorkflowFailed { reason: reason.clone() });
        self.publish_outcome(Outcome::WorkflowFailed(WorkflowFailed { reason }));
    }

    /// The plan position of `step_id`; an answer about a step not in the plan is ignored.
    fn step_in_plan(&mut self, step_id: &StepId, what: &str) -> Option<usize> {
        let position = self.plan().and_then(|p| p.position(step_id));
        if position.is_none() {
            self.ignore(format!("{what} `{step_id}` is not in the plan"));
        }
        position
    }

    /// Whether `command_id` is the attempt of step `i` in flight.
    fn awaits_step(&self, i: usize, command_id: CommandId) -> bool {
        let run = &self.saga.steps[i];
        run.phase == Phase::Running && run.command == Some(command_id)
    }

    /// Which compensation of step `i` (its own: `None`, or a late effect's) has `command_id`
    /// in flight.
    fn awaited_comp(&self, i: usize, command_id: CommandId) -> Option<Option<u32>> {
        (self.saga.steps[i].comps())
            .find(|(_, comp)| comp.phase == CompPhase::Running && comp.command == Some(command_id))
            .map(|(effect, _)| effect)
    }

    fn on_step_answer(
        &mut self,
        step_id: &StepId,
        attempt: u32,
        command_id: CommandId,
        answer: Answer<'_>,
        timed_out: bool,
    ) {
        let Some(i) = self.step_in_plan(step_id, "step") else { return };
        if !self.awaits_step(i, command_id) {
            return match answer {
                Answer::Done(output) => self.on_late_success(i, attempt, command_id, output),
                Answer::Failed { not_run: true, .. } if self.timed_out_but_not_run(i, attempt, command_id) => {
                    self.emit(EventKind::StepAttemptNotRun { step_id: step_id.clone(), attempt });
                }
                Answer::Failed { .. } => self
                    .ignore(format!("step `{step_id}` attempt {attempt} is not awaited (stale or duplicate answer)")),
            };
        }
        match answer {
            Answer::Done(output) => {
                self.emit(EventKind::StepSucceeded { step_id: step_id.clone(), attempt, output: output.clone() });
            }
            Answer::Failed { error, retryable, not_run } => {
                self.step_attempt_failed(i, error, retryable, timed_out, not_run)
            }
        }
        self.advance();
    }

    /// Whether a `not_run` answer for attempt `attempt` of step `i` is news the saga can use:
    /// the attempt was dispatched and timed out (it counted), the step still needs an output,
    /// and no such answer was taken for it before. The executor gives a held command back
    /// before its deadline, but under load its answer may arrive after the timeout fired.
    fn timed_out_but_not_run(&self, i: usize, attempt: u32, command_id: CommandId) -> bool {
        let Some(plan) = self.plan() else { return false };
        let run = &self.saga.steps[i];
        self.saga.status == Status::Running
            && matches!(run.phase, Phase::Running | Phase::BackingOff)
            && attempt >= 1
            && attempt <= run.attempt
            && !run.not_run.contains(&attempt)
            && command_id == self.step_command_id(&plan.steps()[i].id, attempt)
    }

    /// A success for an attempt of step `i` that is not the one awaited: it timed out, or a
    /// later attempt was dispatched, or the step already ended. Its effect happened, so it is
    /// never dropped: it becomes the step's output if the step still needs one, and is
    /// otherwise recorded and, unless it is an effect already accounted for, compensated.
    fn on_late_success(&mut self, i: usize, attempt: u32, command_id: CommandId, output: &Json) {
        let Some(plan) = self.plan() else { return };
        let step = &plan.steps()[i];
        let run = &self.saga.steps[i];
        let dispatched =
            attempt >= 1 && attempt <= run.attempt && command_id == self.step_command_id(&step.id, attempt);
        if !dispatched {
            return self.ignore(format!("step `{}` attempt {attempt} was never dispatched", step.id));
        }
        let accounted =
            (run.phase == Phase::Succeeded && run.kept == attempt) || run.late.iter().any(|l| l.attempt == attempt);
        if accounted {
            return self
                .ignore(format!("step `{}` attempt {attempt} was already answered (duplicate answer)", step.id));
        }
        if self.saga.status == Status::Running && matches!(run.phase, Phase::Running | Phase::BackingOff) {
            self.emit(EventKind::StepSucceeded { step_id: step.id.clone(), attempt, output: output.clone() });
            return self.advance();
        }
        let same =
            (run.phase == Phase::Succeeded && run.output == *output) || run.late.iter().any(|l| l.output == *output);
        let fate = if same {
            LateFate::SameEffect
        } else if step.compensation.is_none() {
            LateFate::Irreversible
        } else if run.phase == (Phase::Failed { outcome_unknown: true }) && attempt == run.attempt {
            LateFate::CoveredByStep
        } else {
            LateFate::Undo
        };
        self.emit(EventKind::StepSucceededLate { step_id: step.id.clone(), attempt, output: output.clone(), fate });
        if fate == LateFate::Undo {
            self.dispatch_compensation(i, 1, Some(attempt));
        }
    }

    fn step_attempt_failed(&mut self, i: usize, error: &str, retryable: bool, timed_out: bool, not_run: bool) {
        let Some(plan) = self.plan() else { return };
        let step = &plan.steps()[i];
        let attempt = self.saga.steps[i].attempt;
        let step_id = step.id.clone();
        self.emit(EventKind::StepAttemptFailed {
            step_id: step_id.clone(),
            attempt,
            error: error.to_owned(),
            timed_out,
            not_run,
        });
        let spent = attempt - self.saga.steps[i].not_run.len() as u32;
        if self.saga.status == Status::Running && retryable && spent < step.retry.max_attempts {
            let due_at = self.now.plus_millis(step.retry.backoff_ms(attempt));
            self.emit(EventKind::StepRetryScheduled { step_id, attempt: attempt + 1, due_at });
            return;
        }
        self.emit(EventKind::StepFailed {
            step_id: step_id.clone(),
            error: error.to_owned(),
            outcome_unknown: timed_out,
        });
        // The tool refused the step for good (not an outage, a timeout or a retry budget
        // spent): the plan may have asked for the wrong thing. Rather re-plan the next goal of
        // this shape than reuse a plan that fails.
        if !retryable
            && !timed_out
            && !not_run
            && let Some(entry) = self.saga.plan_entry.clone()
        {
            self.discard_cached_plan(entry, format!("step `{step_id}` was refused: {error}"));
        }
        if self.saga.status == Status::Running {
            self.roll_back(Cause::Failure, format!("step `{step_id}` failed after {attempt} attempt(s): {error}"));
        }
    }

    fn on_comp_answer(
        &mut self,
        step_id: &StepId,
        attempt: u32,
        command_id: CommandId,
        answer: Answer<'_>,
        timed_out: bool,
    ) {
        let Some(i) = self.step_in_plan(step_id, "compensation of step") else { return };
        let effect = match (self.awaited_comp(i, command_id), &answer) {
            (Some(effect), _) => effect,
            (None, Answer::Done(_)) if let Some(effect) = self.superseded_comp(i, attempt, command_id) => effect,
            (None, _) => {
                return self.ignore(format!(
                    "compensation of step `{step_id}` attempt {attempt} is not awaited (stale or duplicate answer)"
                ));
            }
        };
        match answer {
            Answer::Done(_) => {
                self.emit(EventKind::CompensationSucceeded { step_id: step_id.clone(), attempt, effect });
            }
            Answer::Failed { error, retryable, not_run } => {
                self.comp_attempt_failed(i, effect, error, retryable, timed_out, not_run)
            }
        }
        self.advance();
    }

    /// The compensation of step `i` that `command_id` was a superseded attempt of, if that
    /// compensation is still unfinished: its late success undoes the effect all the same
    /// (every attempt of one compensation shares the tool's idempotency key).
    fn superseded_comp(&self, i: usize, attempt: u32, command_id: CommandId) -> Option<Option<u32>> {
        let plan = self.plan()?;
        let step_id = &plan.steps()[i].id;
        (self.saga.steps[i].comps())
            .find(|(effect, comp)| {
                matches!(comp.phase, CompPhase::Running | CompPhase::BackingOff)
                    && attempt >= 1
                    && attempt <= comp.attempt
                    && command_id == self.comp_command_id(step_id, attempt, *effect)
            })
            .map(|(effect, _)| effect)
    }

    fn comp_attempt_failed(
        &mut self,
        i: usize,
        effect: Option<u32>,
        error: &str,
        retryable: bool,
        timed_out: bool,
        not_run: bool,
    ) {
        let Some(plan) = self.plan() else { return };
        let step = &plan.steps()[i];
        let Some(compensation) = &step.compensation else { return };
        let Some(comp) = self.saga.steps[i].comp_of(effect) else { return };
        let attempt = comp.attempt;
        let step_id = step.id.clone();
        self.emit(EventKind::CompensationAttemptFailed {
            step_id: step_id.clone(),
            attempt,
            error: error.to_owned(),
            timed_out,
            not_run,
            effect,
        });
        let Some(comp) = self.saga.steps[i].comp_of(effect) else { return };
        let used = comp.attempt - comp.budget_from;
        if retryable && used < compensation.retry.max_attempts {
            let due_at = self.now.plus_millis(compensation.retry.backoff_ms(used));
            self.emit(EventKind::CompensationRetryScheduled { step_id, attempt: attempt + 1, due_at, effect });
        } else {
            self.emit(EventKind::CompensationExhausted { step_id, error: error.to_owned(), effect });
        }
    }

    fn on_timer(&mut self, id: TimerId) {
        let Some(timer) = self.saga.timer(id).cloned() else {
            return self.ignore(format!("timer {id} is not pending (already handled or cancelled)"));
        };
        let plan = self.plan();
        let step_of = |i: usize| plan.as_ref().map(|p| p.steps()[i].clone());
        match timer.kind {
            TimerKind::Plan { attempt } if attempt < PLAN_ATTEMPTS => self.request_plan(attempt + 1),
            TimerKind::Plan { attempt } => {
                self.reject_plan(format!(
                    "the planner did not answer {attempt} request(s) within {PLAN_TIMEOUT_MS} ms"
                ));
            }
            TimerKind::Deadline => {
                let reason = "the workflow's deadline passed".to_owned();
                if self.saga.status == Status::Planning {
                    self.fail(reason);
                } else {
                    self.roll_back(Cause::Deadline, reason);
                    self.advance();
                }
            }
            TimerKind::StepTimeout { step, attempt } => {
                let Some(s) = step_of(step) else { return };
                let command = self.saga.steps[step].command.unwrap_or(CommandId::from_uuid(Uuid::nil()));
                let error = format!("timed out after {} ms", s.timeout_ms);
                self.on_step_answer(
                    &s.id,
                    attempt,
                    command,
                    Answer::Failed { error: &error, retryable: true, not_run: false },
                    true,
                );
            }
            TimerKind::StepBackoff { step, attempt } => {
                self.dispatch(step, attempt);
            }
            TimerKind::CompTimeout { step, attempt, effect } => {
                let Some(s) = step_of(step) else { return };
                let command = self.saga.steps[step].comp_of(effect).and_then(|c| c.command);
                let command = command.unwrap_or(CommandId::from_uuid(Uuid::nil()));
                let ms = s.compensation.as_ref().map_or(0, |c| c.timeout_ms);
                let error = format!("timed out after {ms} ms");
                self.on_comp_answer(
                    &s.id,
                    attempt,
                    command,
                    Answer::Failed { error: &error, retryable: true, not_run: false },
                    true,
                );
            }
            TimerKind::CompBackoff { step, attempt, effect } => {
                self.dispatch_compensation(step, attempt, effect);
                self.advance();
            }
        }
    }

    fn on_cancel(&mut self, reason: &str) {
        match self.saga.status {
            Status::Planning => {
                self.emit(EventKind::WorkflowCancelled { reason: reason.to_owned() });
                let outcome = WorkflowCancelled { reason: reason.to_owned(), compensated: Vec::new() };
                self.publish_outcome(Outcome::WorkflowCancelled(outcome));
            }
            Status::Running => {
                self.roll_back(Cause::Cancel, reason.to_owned());
                self.advance();
            }
            status => self.ignore(format!("the workflow is {}; a cancel request has no effect", status.as_str())),
        }
    }

    fn on_signal(&mut self, signal: &SignalReceived) {
        let status = self.saga.status;
        let Some(name) = SignalName::parse(&signal.name) else {
            return self.ignore(format!("unknown signal `{}`", signal.name));
        };
        let step_id = match (name, &signal.step_id) {
            (SignalName::Resume, _) => return self.on_resume(status),
            (_, None) => return self.ignore(format!("signal `{name}` needs a step_id")),
            (_, Some(step_id)) => step_id,
        };
        let index = self.plan().and_then(|p| p.position(step_id));
        let waiting = index.map(|i| (self.saga.steps[i].phase, self.saga.steps[i].approved));
        match (name, waiting) {
            _ if status != Status::Running => {
                self.ignore(format!("the workflow is {}; signal `{name}` has no effect", status.as_str()));
            }
            (SignalName::Approve, Some((Phase::AwaitingApproval | Phase::Pending, false))) => {
                self.emit(EventKind::StepApproved { step_id: step_id.clone() });
                self.advance();
            }
            (SignalName::Reject, Some((Phase::AwaitingApproval | Phase::Pending, _))) => {
                let error = "rejected by signal".to_owned();
                self.emit(EventKind::StepFailed { step_id: step_id.clone(), error, outcome_unknown: false });
                self.roll_back(Cause::Failure, format!("step `{step_id}` was rejected"));
                self.advance();
            }
            _ => self.ignore(format!("step `{step_id}` is not waiting for signal `{name}`")),
        }
    }

    /// `resume`: a parked workflow goes on; compensations that exhausted their attempts are
    /// tried again.
    fn on_resume(&mut self, status: Status) {
        let exhausted = self.exhausted_late_compensations();
        if status == Status::Parked {
            self.emit(EventKind::WorkflowResumed);
            self.redispatch_late_compensations();
            self.advance();
        } else if !exhausted.is_empty() {
            for (step_id, effect) in exhausted {
                self.emit(EventKind::LateCompensationResumed { step_id, effect });
            }
            self.redispatch_late_compensations();
        } else {
            self.ignore(format!("the workflow is {}; only a parked workflow resumes", status.as_str()));
        }
    }

    /// Stops forward progress: steps that have not started are skipped; in-flight steps run on.
    fn roll_back(&mut self, cause: Cause, reason: String) {
        for i in 0..self.saga.steps.len() {
            if matches!(self.saga.steps[i].phase, Phase::Pending | Phase::AwaitingApproval | Phase::BackingOff) {
                let Some(plan) = self.plan() else { return };
                self.emit(EventKind::StepSkipped { step_id: plan.steps()[i].id.clone() });
            }
        }
        self.emit(EventKind::CompensationStarted { cause, reason });
    }

    /// Moves the saga forward as far as the state allows.
    fn advance(&mut self) {
        match self.saga.status {
            Status::Running => self.advance_forward(),
            Status::Compensating => self.advance_compensation(),
            _ => {}
        }
    }

    fn advance_forward(&mut self) {
        let Some(plan) = self.plan() else { return };
        if self.saga.steps.iter().all(|s| s.phase == Phase::Succeeded) {
            let results = StepOutputs(
                plan.steps()
                    .iter()
                    .zip(&self.saga.steps)
                    .map(|(step, run)| (step.id.clone(), run.output.clone()))
                    .collect(),
            );
            self.emit(EventKind::WorkflowCompleted { results: results.clone() });
            self.publish_outcome(Outcome::WorkflowCompleted(WorkflowCompleted { results }));
            return;
        }
        for i in 0..plan.steps().len() {
            let run = &self.saga.steps[i];
            let ready = matches!(run.phase, Phase::Pending | Phase::AwaitingApproval)
                && plan.deps(i).iter().all(|&d| self.saga.steps[d].phase == Phase::Succeeded);
            if !ready {
                continue;
            }
            let step = &plan.steps()[i];
            if step.requires_approval && !run.approved {
                if run.phase == Phase::Pending {
                    let command = self.approval_command(step);
                    let command_id = command.command_id;
                    self.emit(EventKind::StepAwaitingApproval { step_id: step.id.clone(), command_id });
                    self.publish(command_id.as_uuid(), Outbound::Command(Command::RequestApproval(command)));
                }
            } else {
                self.dispatch(i, 1);
            }
        }
    }

    fn dispatch(&mut self, i: usize, attempt: u32) {
        let Some(plan) = self.plan() else { return };
        let step = &plan.steps()[i];
        let command_id = self.step_command_id(&step.id, attempt);
        let timeout_at = self.now.plus_millis(step.timeout_ms);
        self.emit(EventKind::StepDispatched { step_id: step.id.clone(), attempt, command_id, timeout_at });
        let command = self.execute_command(&plan, i, command_id, attempt);
        self.publish(command_id.as_uuid(), Outbound::Command(Command::ExecuteStep(command)));
    }

    /// Whether step `i` may have had an effect and can be undone.
    fn needs_compensation(&self, plan: &ValidPlan, i: usize) -> bool {
        plan.steps()[i].compensation.is_some()
            && matches!(self.saga.steps[i].phase, Phase::Succeeded | Phase::Failed { outcome_unknown: true })
    }

    fn advance_compensation(&mut self) {
        let Some(plan) = self.plan() else { return };
        if self.saga.steps.iter().any(|s| s.phase == Phase::Running) {
            return; // wait for in-flight steps: their effects decide what must be undone
        }
        for i in (0..plan.steps().len()).rev() {
            let ready = self.needs_compensation(&plan, i)
                && self.saga.steps[i].comp.phase == CompPhase::Idle
                && plan
                    .dependents(i)
                    .iter()
                    .all(|&d| !self.needs_compensation(&plan, d) || self.saga.steps[d].comp.phase == CompPhase::Done);
            if ready {
                let attempt = self.saga.steps[i].comp.attempt + 1;
                self.dispatch_compensation(i, attempt, None);
            }
        }
        let busy = self.saga.steps.iter().any(|s| matches!(s.comp.phase, CompPhase::Running | CompPhase::BackingOff));
        if busy {
            return;
        }
        let stuck: Vec<StepId> = (0..plan.steps().len())
            .filter(|&i| self.needs_compensation(&plan, i) && self.saga.steps[i].comp.phase != CompPhase::Done)
            .map(|i| plan.steps()[i].id.clone())
            .collect();
        let (cause, reason) = self.saga.ending.clone().unwrap_or((Cause::Failure, String::new()));
        if !stuck.is_empty() {
            let why = format!("compensation could not finish ({reason})");
            self.emit(EventKind::WorkflowParked { reason: why.clone() });
            self.publish_outcome(Outcome::WorkflowParked(WorkflowParked { reason: why, stuck }));
            return;
        }
        let compensated = self.saga.compensated.clone();
        match cause {
            Cause::Cancel => {
                self.emit(EventKind::WorkflowCancelled { reason: reason.clone() });
                self.publish_outcome(Outcome::WorkflowCancelled(WorkflowCancelled { reason, compensated }));
            }
            _ if compensated.is_empty() => self.fail(reason),
            _ => {
                self.emit(EventKind::WorkflowCompensated { reason: reason.clone() });
                self.publish_outcome(Outcome::WorkflowCompensated(WorkflowCompensated { reason, compensated }));
            }
        }
    }

    /// The late effects whose compensation ran out of attempts, by step and attempt.
    fn exhausted_late_compensations(&self) -> Vec<(StepId, u32)> {
        let Some(plan) = self.plan() else { return Vec::new() };
        (plan.steps().iter().zip(&self.saga.steps))
            .flat_map(|(step, run)| {
                (run.late.iter()).filter(|l| l.comp.phase == CompPhase::Exhausted).map(|l| (step.id.clone(), l.attempt))
            })
            .collect()
    }

    /// Gives the late effects whose compensation ran out of attempts fresh ones (on resume,
    /// like the steps' own compensations).
    fn redispatch_late_compensations(&mut self) {
        for i in 0..self.saga.steps.len() {
            let idle: Vec<(u32, u32)> = (self.saga.steps[i].late.iter())
                .filter(|l| l.fate == LateFate::Undo && l.comp.phase == CompPhase::Idle)
                .map(|l| (l.attempt, l.comp.attempt + 1))
                .collect();
            for (effect, attempt) in idle {
                self.dispatch_compensation(i, attempt, Some(effect));
            }
        }
    }

    /// Sends compensation attempt `attempt` of step `i`'s own effect, or of its late effect
    /// `effect`.
    fn dispatch_compensation(&mut self, i: usize, attempt: u32, effect: Option<u32>) {
        let Some(plan) = self.plan() else { return };
        let step = &plan.steps()[i];
        let Some(compensation) = &step.compensation else { return };
        let command_id = self.comp_command_id(&step.id, attempt, effect);
        let timeout_at = self.now.plus_millis(compensation.timeout_ms);
        let step_id = step.id.clone();
        self.emit(EventKind::CompensationDispatched { step_id, attempt, command_id, timeout_at, effect });
        if let Some(command) = self.compensate_command(&plan, i, command_id, attempt, effect) {
            self.publish(command_id.as_uuid(), Outbound::Command(Command::CompensateStep(command)));
        }
    }
}

#[cfg(test)]
#[path = "decide_budget_tests.rs"]
mod budget_tests;

#[cfg(test)]
#[path = "decide_cache_tests.rs"]
mod cache_tests;

#[cfg(test)]
#[path = "decide_tests.rs"]
mod tests;
