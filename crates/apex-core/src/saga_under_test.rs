//! The one harness the core's rule tests share (given/when/then, as esrs and fmodel-rust write
//! them): a workflow, a clock and an input builder. The inputs a test decides first are its
//! *given*, [`SagaUnderTest::when`] decides the input under test, and the events, commands and
//! outcomes it returns are the *then*. Every decision is kept as the processor records it, so a
//! test can also check that replay and the replay gate decide the same.

use serde_json::Value;
use uuid::Uuid;

use crate::builder::InputBuilder;
use crate::command::Command;
use crate::decide::decide;
use crate::decision::Decision;
use crate::envelope::Envelope;
use crate::ids::{TenantId, WorkflowId};
use crate::input::Input;
use crate::outcome::Outcome;
use crate::plan::Plan;
use crate::replay::Recorded;
use crate::state::Workflow;
use crate::time::Timestamp;

/// 2025-11-25T10:00:00Z, when every test's clock starts.
pub(crate) const T0: i64 = 1_764_064_800_000;

/// A workflow under test, with a clock, an input builder and its recorded history.
pub(crate) struct SagaUnderTest {
    pub state: Workflow,
    pub inputs: InputBuilder,
    pub now: Timestamp,
    pub history: Vec<Recorded>,
}

impl SagaUnderTest {
    /// A new workflow of tenant `user-1`.
    pub fn new() -> Self {
        Self::of("user-1")
    }

    /// A new workflow of `tenant`.
    pub fn of(tenant: &str) -> Self {
        let id = WorkflowId::from_uuid(Uuid::from_u128(0xA9E5));
        Self {
            state: Workflow::default(),
            inputs: InputBuilder::new(id, TenantId::parse(tenant).expect("a valid tenant id"), "test"),
            now: Timestamp::from_millis(T0),
            history: Vec::new(),
        }
    }

    /// Decides `input` and folds its events; panics if it is rejected.
    pub fn when(&mut self, input: Envelope<Input>) -> Decision {
        let decision = decide(&self.state, &input).expect("accepted");
        for e in &decision.events {
            self.state.apply(e);
        }
        // The log holds the goal as published: without what the processor stamped on it.
        let mut logged = input;
        if let Input::GoalReceived(goal) = &mut logged.payload {
            goal.default_budget = None;
        }
        self.history.push(Recorded { input: logged, decision: Ok(decision.clone()) });
        decision
    }

    /// The inputs accepted so far, in order: the input log as the replay gate reads it.
    pub fn accepted(&self) -> Vec<Envelope<Input>> {
        self.history.iter().map(|r| r.input.clone()).collect()
    }

    /// The events recorded so far, as stored.
    pub fn stored(&self) -> Vec<Value> {
        self.history
            .iter()
            .filter_map(|r| r.decision.as_ref().ok())
            .flat_map(|d| &d.events)
            .map(|e| serde_json::to_value(e).expect("an event serializes"))
            .collect()
    }

    pub fn tick(&mut self, ms: u64) {
        self.now = self.now.plus_millis(ms);
    }

    /// Goal in; returns the command asking for a plan.
    pub fn goal(&mut self, text: &str) -> Command {
        let goal = self.inputs.goal(self.now, text, None);
        let d = self.when(goal);
        let Some(command @ Command::PlanGoal(_)) = d.commands().next().cloned() else { panic!("no PlanGoal") };
        command
    }

    /// Goal in, plan answered: returns the first commands the plan dispatches.
    pub fn running(&mut self, plan: Value) -> Vec<Command> {
        let answer = self.plan_answer(plan);
        self.when(answer).commands().cloned().collect()
    }

    /// Goal in; returns the planner's answer carrying `plan`, not yet decided.
    pub fn plan_answer(&mut self, plan: Value) -> Envelope<Input> {
        let Command::PlanGoal(request) = self.goal("Book a flight to Paris") else { unreachable!("goal() checks") };
        let plan: Plan = serde_json::from_value(plan).expect("a valid plan");
        self.inputs.plan(self.now, request.command_id, plan)
    }

    /// Answers `c` with success (`output` for a step).
    pub fn done(&mut self, c: &Command, output: Value) -> Decision {
        let input = match c {
            Command::ExecuteStep(c) => self.inputs.step_done(self.now, c, output),
            Command::CompensateStep(c) => self.inputs.compensated(self.now, c),
            other => panic!("not answerable: {other:?}"),
        };
        self.when(input)
    }

    /// Answers `c` with a failure saying `error`.
    pub fn fail_with(&mut self, c: &Command, error: &str, retryable: bool) -> Decision {
        let input = match c {
            Command::ExecuteStep(c) => self.inputs.step_failed(self.now, c, error, retryable),
            Command::CompensateStep(c) => self.inputs.compensation_failed(self.now, c, retryable),
            other => panic!("not answerable: {other:?}"),
        };
        self.when(input)
    }

    /// Answers `c` with a failure saying "boom".
    pub fn fail(&mut self, c: &Command, retryable: bool) -> Decision {
        self.fail_with(c, "boom", retryable)
    }

    /// Fires the earliest pending timer.
    pub fn fire_next_timer(&mut self) -> Decision {
        let timer = self.state.timers().iter().min_by_key(|t| t.due_at).cloned().expect("a timer");
        self.now = self.now.max(timer.due_at);
        let input = self.inputs.timer(self.now, timer.id);
        self.when(input)
    }
}

/// The kinds of the events decided, in order.
pub(crate) fn names(d: &Decision) -> Vec<&'static str> {
    d.events.iter().map(|e| e.kind.name()).collect()
}

/// Commands as short words: `execute flight #1`, `compensate hotel #2`, `plan #1`.
pub(crate) fn steps(c: &[Command]) -> Vec<String> {
    c.iter()
        .map(|c| match c {
            Command::ExecuteStep(e) => format!("execute {} #{}", e.step_id, e.attempt),
            Command::CompensateStep(e) => format!("compensate {} #{}", e.step_id, e.attempt),
            Command::RequestApproval(e) => format!("approve? {}", e.step_id),
            Command::PlanGoal(p) => format!("plan #{}", p.attempt),
            Command::DiscardCachedPlan(d) => format!("discard {}", d.entry),
        })
        .collect()
}

/// The decision's outcome; panics if it has none.
pub(crate) fn outcome(d: &Decision) -> Outcome {
    d.outcomes().next().cloned().expect("an outcome")
}
