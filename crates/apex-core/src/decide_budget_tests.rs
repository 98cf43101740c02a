//! Given/when/then tests of budgets: LLM usage reported by answers is counted, a warning is
//! recorded at 80% of a limit, and crossing one is decided like a deadline.

use serde_json::json;
use uuid::Uuid;

use super::*;
use crate::builder::InputBuilder;
use crate::command::Command;
use crate::ids::{TenantId, WorkflowId};
use crate::input::{Budget, GoalReceived, TokenUsage};
use crate::outcome::Outcome;
use crate::plan::Plan;
use crate::replay::{Recorded, verify};

const T0: i64 = 1_764_064_800_000;

fn usage(tokens: u64) -> TokenUsage {
    TokenUsage {
        calls: 1,
        prompt_tokens: tokens / 2,
        completion_tokens: tokens - tokens / 2,
        model: Some("m".into()),
        cost: Some(tokens as f64 / 1000.0),
    }
}

/// A workflow with a budget, its inputs, and every decision recorded for replay.
struct Budgeted {
    state: Workflow,
    inputs: InputBuilder,
    history: Vec<Recorded>,
}

impl Budgeted {
    fn new() -> Self {
        let id = WorkflowId::from_uuid(Uuid::from_u128(0xB0D6));
        Self {
            state: Workflow::default(),
            inputs: InputBuilder::new(id, TenantId::parse("acme").unwrap(), "t"),
            history: Vec::new(),
        }
    }

    fn when(&mut self, input: Envelope<Input>) -> Decision {
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

    /// Goal (with `budget`) and a two-step plan whose answer spent `plan_tokens`; returns the
    /// decision on the plan.
    fn planned(&mut self, budget: Budget, plan_tokens: u64) -> Decision {
        self.planned_with(|g| g.budget = Some(budget), plan_tokens)
    }

    /// Goal (as `stamp` makes it) and the same plan.
    fn planned_with(&mut self, stamp: impl FnOnce(&mut GoalReceived), plan_tokens: u64) -> Decision {
        let at = Timestamp::from_millis(T0);
        let mut goal = self.inputs.goal(at, "Research and summarise", None);
        if let Input::GoalReceived(g) = &mut goal.payload {
            stamp(g);
        }
        let d = self.when(goal);
        let Some(Command::PlanGoal(ask)) = d.commands().next().cloned() else { panic!("no PlanGoal") };
        let plan: Plan = serde_json::from_value(json!({"steps": [
            {"id": "research", "tool": "ask_llm", "compensation": {"tool": "forget"}},
            {"id": "draft", "tool": "ask_llm", "compensation": {"tool": "forget"}},
            {"id": "publish", "tool": "send_email", "depends_on": ["research", "draft"]}
        ]}))
        .unwrap();
        let mut answer = self.inputs.plan(at, ask.command_id, plan);
        if let Input::PlanGenerated(p) = &mut answer.payload {
            p.usage = Some(usage(plan_tokens));
        }
        self.when(answer)
    }

    fn done(&mut self, command: &Command, tokens: Option<u64>) -> Decision {
        let Command::ExecuteStep(step) = command else { panic!("not a step: {command:?}") };
        let mut answer = self.inputs.step_done(Timestamp::from_millis(T0 + 100), step, json!({"text": "…"}));
        if let Input::ToolResultReceived(r) = &mut answer.payload {
            r.usage = tokens.map(usage);
        }
        self.when(answer)
    }
}

fn names(d: &Decision) -> Vec<&'static str> {
    d.events.iter().map(|e| e.kind.name()).collect()
}

#[test]
fn given_a_budget_when_answers_spend_past_it_then_nothing_more_runs_and_what_ran_is_undone() {
    let mut w = Budgeted::new();
    let budget = Budget { max_tokens: Some(1_000), ..Budget::default() };
    let d = w.planned(budget, 300);
    assert_eq!(&names(&d)[..3], ["InputAccepted", "UsageRecorded", "PlanAccepted"]);
    let steps: Vec<Command> = d.commands().cloned().collect();
    assert_eq!(steps.len(), 2, "research and draft run at once");

    let d = w.done(&steps[0], Some(550));
    assert!(names(&d).contains(&"BudgetWarned"), "850 of 1,000 tokens: {:?}", names(&d));
    assert_eq!(w.state.status(), Status::Running);

    let d = w.done(&steps[1], Some(200));
    assert_eq!(
        &names(&d)[..5],
        ["InputAccepted", "UsageRecorded", "BudgetExceeded", "StepSkipped", "CompensationStarted"],
        "publish, not started, is skipped"
    );
    let commands: Vec<String> = d
        .commands()
        .map(|c| match c {
            Command::ExecuteStep(e) => format!("execute {}", e.step_id),
            Command::CompensateStep(e) => format!("compensate {}", e.step_id),
            other => format!("{other:?}"),
        })
        .collect();
    assert!(!commands.iter().any(|c| c.starts_with("execute")), "publish is never dispatched: {commands:?}");
    assert_eq!(commands.len(), 2, "both LLM steps are undone: {commands:?}");
    assert_eq!(w.state.saga.spent.tokens, 1_050);

    for c in d.commands().cloned().collect::<Vec<_>>() {
        let Command::CompensateStep(comp) = &c else { continue };
        let answer = w.inputs.compensated(Timestamp::from_millis(T0 + 200), comp);
        w.when(answer);
    }
    assert_eq!(w.state.status(), Status::Compensated);
    let Some(last) = w.history.last() else { panic!() };
    let Ok(decision) = &last.decision else { panic!() };
    let Some(Outcome::WorkflowCompensated(end)) = decision.outcomes().next() else { panic!("no outcome") };
    assert!(end.reason.starts_with("budget_exceeded: 1050 tokens of 1000"), "{}", end.reason);

    // Replay decides the same, byte for byte.
    assert_eq!(verify(&w.history).expect("same decisions").status(), Status::Compensated);
}

#[test]
fn given_a_budget_when_the_plan_alone_spends_past_it_then_the_workflow_fails_unplanned() {
    let mut w = Budgeted::new();
    let d = w.planned(Budget { max_llm_calls: Some(0), ..Budget::default() }, 100);
    assert_eq!(names(&d), ["InputAccepted", "UsageRecorded", "BudgetExceeded", "WorkflowFailed"]);
    assert_eq!(d.commands().count(), 0);
    let Some(Outcome::WorkflowFailed(failed)) = d.outcomes().next() else { panic!("no outcome") };
    assert_eq!(failed.reason, "budget_exceeded: 1 LLM calls of 0");
}

#[test]
fn given_usage_when_its_answer_is_redelivered_then_it_is_counted_once() {
    let mut w = Budgeted::new();
    let d = w.planned(Budget { max_cost: Some(10.0), ..Budget::default() }, 300);
    let step = d.commands().next().cloned().unwrap();
    let Command::ExecuteStep(e) = &step else { panic!() };
    let mut answer = w.inputs.step_done(Timestamp::from_millis(T0 + 100), e, json!({}));
    if let Input::ToolResultReceived(r) = &mut answer.payload {
        r.usage = Some(usage(2_000));
    }
    w.when(answer.clone());
    let again = decide(&w.state, &answer).expect("a redelivery is not an error");
    assert!(again.events.is_empty(), "a redelivery changes nothing");
    assert_eq!(w.state.saga.spent.tokens, 2_300);
    assert!((w.state.saga.spent.cost - 2.3).abs() < 1e-9);
}

#[test]
fn given_a_goal_without_a_budget_when_its_tenants_default_is_crossed_then_it_fails_and_replays_from_the_record() {
    let mut w = Budgeted::new();
    let tenant_default = Budget { max_tokens: Some(200), ..Budget::default() };
    let d = w.planned_with(|g| g.default_budget = Some(tenant_default.clone()), 300);
    assert_eq!(names(&d), ["InputAccepted", "UsageRecorded", "BudgetExceeded", "WorkflowFailed"]);
    let Some(Outcome::WorkflowFailed(failed)) = d.outcomes().next() else { panic!("no outcome") };
    assert_eq!(failed.reason, "budget_exceeded: 300 tokens of 200");
    let started = &w.history[0].decision.as_ref().unwrap().events;
    assert!(
        started
            .iter()
            .any(|e| matches!(&e.kind, EventKind::WorkflowStarted(s) if s.budget == Some(tenant_default.clone()))),
        "the budget in force is recorded"
    );
    // The log's goal has no budget: replay takes the one recorded.
    assert_eq!(verify(&w.history).expect("same decisions").status(), Status::Failed);
}

#[test]
fn given_a_goal_with_its_own_budget_when_its_tenant_has_a_default_then_the_goals_own_wins() {
    let mut w = Budgeted::new();
    let d = w.planned_with(
        |g| {
            g.budget = Some(Budget { max_tokens: Some(10_000), ..Budget::default() });
            g.default_budget = Some(Budget { max_tokens: Some(200), ..Budget::default() });
        },
        300,
    );
    assert!(names(&d).contains(&"PlanAccepted"), "300 of the goal's 10,000 tokens: {:?}", names(&d));
    assert_eq!(verify(&w.history).expect("same decisions").status(), Status::Running);
}

#[test]
fn given_a_budget_when_a_failed_attempt_reports_usage_then_it_counts_and_can_cross_the_budget() {
    let mut w = Budgeted::new();
    let d = w.planned(Budget { max_tokens: Some(1_000), ..Budget::default() }, 300);
    let step = d.commands().next().cloned().unwrap();
    let Command::ExecuteStep(e) = &step else { panic!() };
    let mut answer = w.inputs.step_failed(Timestamp::from_millis(T0 + 100), e, "HTTP 503", true);
    if let Input::StepFailed(f) = &mut answer.payload {
        f.usage = Some(usage(800));
    }
    let d = w.when(answer);
    assert_eq!(&names(&d)[..3], ["InputAccepted", "UsageRecorded", "BudgetExceeded"], "{:?}", names(&d));
    assert!(!names(&d).contains(&"StepRetryScheduled"), "no retry past the budget: {:?}", names(&d));
    assert_eq!(w.state.saga.spent.tokens, 1_100);
    assert!(verify(&w.history).is_ok(), "replays the same");
}
