//! Given/when/then tests of budgets: LLM usage reported by answers is counted, a warning is
//! recorded at 80% of a limit, and crossing one is decided like a deadline.

use serde_json::json;

use super::*;
use crate::command::Command;
use crate::input::{Budget, GoalReceived, TokenUsage};
use crate::outcome::Outcome;
use crate::plan::Plan;
use crate::replay::verify;
use crate::saga_under_test::{SagaUnderTest, T0, names};

fn usage(tokens: u64) -> TokenUsage {
    TokenUsage {
        calls: 1,
        prompt_tokens: tokens / 2,
        completion_tokens: tokens - tokens / 2,
        model: Some("m".into()),
        cost: Some(tokens as f64 / 1000.0),
    }
}

/// Goal (with `budget`) and a two-step plan whose answer spent `plan_tokens`; returns the
/// decision on the plan.
fn planned(saga: &mut SagaUnderTest, budget: Budget, plan_tokens: u64) -> Decision {
    planned_with(saga, |g| g.budget = Some(budget), plan_tokens)
}

/// Goal (as `stamp` makes it) and the same plan.
fn planned_with(saga: &mut SagaUnderTest, stamp: impl FnOnce(&mut GoalReceived), plan_tokens: u64) -> Decision {
    let mut goal = saga.inputs.goal(saga.now, "Research and summarise", None);
    if let Input::GoalReceived(g) = &mut goal.payload {
        stamp(g);
    }
    let d = saga.when(goal);
    let Some(Command::PlanGoal(ask)) = d.commands().next().cloned() else { panic!("no PlanGoal") };
    let plan: Plan = serde_json::from_value(json!({"steps": [
        {"id": "research", "tool": "ask_llm", "compensation": {"tool": "forget"}},
        {"id": "draft", "tool": "ask_llm", "compensation": {"tool": "forget"}},
        {"id": "publish", "tool": "send_email", "depends_on": ["research", "draft"]}
    ]}))
    .unwrap();
    let mut answer = saga.inputs.plan(saga.now, ask.command_id, plan);
    if let Input::PlanGenerated(p) = &mut answer.payload {
        p.usage = Some(usage(plan_tokens));
    }
    saga.when(answer)
}

/// `command` answered 100 ms later, reporting `tokens` spent.
fn answered(saga: &mut SagaUnderTest, command: &Command, tokens: Option<u64>) -> Decision {
    let Command::ExecuteStep(step) = command else { panic!("not a step: {command:?}") };
    let mut answer = saga.inputs.step_done(Timestamp::from_millis(T0 + 100), step, json!({"text": "…"}));
    if let Input::ToolResultReceived(r) = &mut answer.payload {
        r.usage = tokens.map(usage);
    }
    saga.when(answer)
}

#[test]
fn given_a_budget_when_answers_spend_past_it_then_nothing_more_runs_and_what_ran_is_undone() {
    let mut saga = SagaUnderTest::of("acme");
    let budget = Budget { max_tokens: Some(1_000), ..Budget::default() };
    let d = planned(&mut saga, budget, 300);
    assert_eq!(&names(&d)[..3], ["InputAccepted", "UsageRecorded", "PlanAccepted"]);
    let steps: Vec<Command> = d.commands().cloned().collect();
    assert_eq!(steps.len(), 2, "research and draft run at once");

    let d = answered(&mut saga, &steps[0], Some(550));
    assert!(names(&d).contains(&"BudgetWarned"), "850 of 1,000 tokens: {:?}", names(&d));
    assert_eq!(saga.state.status(), Status::Running);

    let d = answered(&mut saga, &steps[1], Some(200));
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
    assert_eq!(saga.state.saga.spent.tokens, 1_050);

    for c in d.commands().cloned().collect::<Vec<_>>() {
        let Command::CompensateStep(comp) = &c else { continue };
        let answer = saga.inputs.compensated(Timestamp::from_millis(T0 + 200), comp);
        saga.when(answer);
    }
    assert_eq!(saga.state.status(), Status::Compensated);
    let Some(last) = saga.history.last() else { panic!() };
    let Ok(decision) = &last.decision else { panic!() };
    let Some(Outcome::WorkflowCompensated(end)) = decision.outcomes().next() else { panic!("no outcome") };
    assert!(end.reason.starts_with("budget_exceeded: 1050 tokens of 1000"), "{}", end.reason);

    // Replay decides the same, byte for byte.
    assert_eq!(verify(&saga.history).expect("same decisions").status(), Status::Compensated);
}

#[test]
fn given_a_budget_when_the_plan_alone_spends_past_it_then_the_workflow_fails_unplanned() {
    let mut saga = SagaUnderTest::of("acme");
    let d = planned(&mut saga, Budget { max_llm_calls: Some(0), ..Budget::default() }, 100);
    assert_eq!(names(&d), ["InputAccepted", "UsageRecorded", "BudgetExceeded", "WorkflowFailed"]);
    assert_eq!(d.commands().count(), 0);
    let Some(Outcome::WorkflowFailed(failed)) = d.outcomes().next() else { panic!("no outcome") };
    assert_eq!(failed.reason, "budget_exceeded: 1 LLM calls of 0");
}

#[test]
fn given_usage_when_its_answer_is_redelivered_then_it_is_counted_once() {
    let mut saga = SagaUnderTest::of("acme");
    let d = planned(&mut saga, Budget { max_cost: Some(10.0), ..Budget::default() }, 300);
    let step = d.commands().next().cloned().unwrap();
    let Command::ExecuteStep(e) = &step else { panic!() };
    let mut answer = saga.inputs.step_done(Timestamp::from_millis(T0 + 100), e, json!({}));
    if let Input::ToolResultReceived(r) = &mut answer.payload {
        r.usage = Some(usage(2_000));
    }
    saga.when(answer.clone());
    let again = decide(&saga.state, &answer).expect("a redelivery is not an error");
    assert!(again.events.is_empty(), "a redelivery changes nothing");
    assert_eq!(saga.state.saga.spent.tokens, 2_300);
    assert!((saga.state.saga.spent.cost - 2.3).abs() < 1e-9);
}

#[test]
fn given_a_goal_without_a_budget_when_its_tenants_default_is_crossed_then_it_fails_and_replays_from_the_record() {
    let mut saga = SagaUnderTest::of("acme");
    let tenant_default = Budget { max_tokens: Some(200), ..Budget::default() };
    let d = planned_with(&mut saga, |g| g.default_budget = Some(tenant_default.clone()), 300);
    assert_eq!(names(&d), ["InputAccepted", "UsageRecorded", "BudgetExceeded", "WorkflowFailed"]);
    let Some(Outcome::WorkflowFailed(failed)) = d.outcomes().next() else { panic!("no outcome") };
    assert_eq!(failed.reason, "budget_exceeded: 300 tokens of 200");
    let started = &saga.history[0].decision.as_ref().unwrap().events;
    assert!(
        started
            .iter()
            .any(|e| matches!(&e.kind, EventKind::WorkflowStarted(s) if s.budget == Some(tenant_default.clone()))),
        "the budget in force is recorded"
    );
    // The log's goal has no budget: replay takes the one recorded.
    assert_eq!(verify(&saga.history).expect("same decisions").status(), Status::Failed);
}

#[test]
fn given_a_goal_with_its_own_budget_when_its_tenant_has_a_default_then_the_goals_own_wins() {
    let mut saga = SagaUnderTest::of("acme");
    let d = planned_with(
        &mut saga,
        |g| {
            g.budget = Some(Budget { max_tokens: Some(10_000), ..Budget::default() });
            g.default_budget = Some(Budget { max_tokens: Some(200), ..Budget::default() });
        },
        300,
    );
    assert!(names(&d).contains(&"PlanAccepted"), "300 of the goal's 10,000 tokens: {:?}", names(&d));
    assert_eq!(verify(&saga.history).expect("same decisions").status(), Status::Running);
}

#[test]
fn given_a_budget_when_a_failed_attempt_reports_usage_then_it_counts_and_can_cross_the_budget() {
    let mut saga = SagaUnderTest::of("acme");
    let d = planned(&mut saga, Budget { max_tokens: Some(1_000), ..Budget::default() }, 300);
    let step = d.commands().next().cloned().unwrap();
    let Command::ExecuteStep(e) = &step else { panic!() };
    let mut answer = saga.inputs.step_failed(Timestamp::from_millis(T0 + 100), e, "HTTP 503", true);
    if let Input::StepFailed(f) = &mut answer.payload {
        f.usage = Some(usage(800));
    }
    let d = saga.when(answer);
    assert_eq!(&names(&d)[..3], ["InputAccepted", "UsageRecorded", "BudgetExceeded"], "{:?}", names(&d));
    assert!(!names(&d).contains(&"StepRetryScheduled"), "no retry past the budget: {:?}", names(&d));
    assert_eq!(saga.state.saga.spent.tokens, 1_100);
    assert!(verify(&saga.history).is_ok(), "replays the same");
}
