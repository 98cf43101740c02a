//! Given a recorded history, when the gate re-decides the input log, then it passes or names
//! the first difference.

use serde_json::json;

use super::*;
use crate::builder::InputBuilder;
use crate::command::Command;
use crate::ids::TenantId;
use crate::plan::Plan;
use crate::saga_under_test::{SagaUnderTest, T0};
use crate::state::TimerKind;
use crate::time::Timestamp;

/// The processor accepts `input`; returns the commands it decided.
fn accept(run: &mut SagaUnderTest, input: Envelope<Input>) -> Vec<Command> {
    run.when(input).commands().cloned().collect()
}

/// A step that times out after 1 s, retried once; returns the history so far (goal, plan, step
/// dispatched), the step's command, and the id of its timeout timer.
fn dispatched() -> (SagaUnderTest, Command, crate::ids::TimerId) {
    let at = Timestamp::from_millis(T0);
    let mut run = SagaUnderTest::of("acme");
    let goal = run.inputs.goal(at, "Find flights to Oslo", None);
    let Some(Command::PlanGoal(ask)) = accept(&mut run, goal).pop() else { panic!("no PlanGoal") };
    let plan: Plan = serde_json::from_value(json!({"steps": [{"id": "look", "tool": "search_flights",
        "timeout_ms": 1000, "retry": {"max_attempts": 2, "initial_backoff_ms": 100, "multiplier": 1.0,
        "max_backoff_ms": 100}}]}))
    .unwrap();
    let answer = run.inputs.plan(at, ask.command_id, plan);
    let step = accept(&mut run, answer).pop().expect("the step is dispatched");
    let timeout =
        run.state.timers().iter().find(|t| matches!(t.kind, TimerKind::StepTimeout { .. })).expect("timeout").id;
    (run, step, timeout)
}

#[test]
fn given_inputs_accepted_in_log_order_when_replayed_then_the_gate_passes() {
    let (mut run, step, _) = dispatched();
    let Command::ExecuteStep(step) = step else { panic!("not a step") };
    let done = run.inputs.step_done(Timestamp::from_millis(T0 + 200), &step, json!({"flights": 2}));
    accept(&mut run, done);
    let verified = verify_log(&run.accepted(), &run.stored()).expect("passes");
    assert_eq!((verified.inputs, verified.events), (3, run.stored().len()));
    assert_eq!(verified.state, run.state);
}

#[test]
fn given_a_timer_the_processor_took_after_a_later_input_when_replayed_then_acceptance_order_rules() {
    // The log holds the timeout before the step's failure, but the processor skipped that
    // record and took the wheel's second firing (same event id) after the failure.
    let (mut run, step, timeout) = dispatched();
    let Command::ExecuteStep(step) = step else { panic!("not a step") };
    let fired = run.inputs.timer(Timestamp::from_millis(T0 + 1000), timeout);
    let failed = run.inputs.step_failed(Timestamp::from_millis(T0 + 1100), &step, "boom", true);
    let mut log = run.accepted();
    log.extend([fired.clone(), failed.clone(), fired.clone()]);
    accept(&mut run, failed);
    accept(&mut run, fired);

    let verified = verify_log(&log, &run.stored()).expect("the gate follows the order of acceptance");
    assert_eq!(verified.events, run.stored().len());
    assert_eq!(verified.state, run.state);
    // In log order the timeout would have been decided first, and differently.
    let mut in_log_order = Workflow::default();
    let mut decided = 0;
    for input in &log {
        for event in decide(&in_log_order, input).map(|d| d.events).unwrap_or_default() {
            in_log_order.apply(&event);
            decided += 1;
        }
    }
    assert!(decided != run.stored().len() || in_log_order != run.state, "the orders must differ to test anything");
}

#[test]
fn given_a_dead_lettered_input_when_replayed_then_it_must_still_decide_nothing() {
    let (run, _, _) = dispatched();
    let mut stranger = InputBuilder::new(run.inputs.workflow_id(), TenantId::parse("mallory").unwrap(), "stranger");
    let mut log = run.accepted();
    log.insert(1, stranger.cancel(Timestamp::from_millis(T0 + 50), "not yours"));
    let verified = verify_log(&log, &run.stored()).expect("another tenant's cancel is still refused");
    assert_eq!(verified.inputs, 3);

    // An input the processor never accepted, which this build would accept, fails the gate.
    let (mut run, _, _) = dispatched();
    let mut log = run.accepted();
    log.push(run.inputs.cancel(Timestamp::from_millis(T0 + 50), "changed my mind"));
    let error = verify_log(&log, &run.stored()).expect_err("the cancel was never accepted");
    assert!(matches!(error, GateError::NowAccepted { index: 2, .. }), "{error}");
}

#[test]
fn given_a_changed_history_when_replayed_then_the_first_difference_is_named() {
    let (run, _, _) = dispatched();
    let mut stored = run.stored();
    let last = stored.len() - 1;
    stored[last]["attempt"] = json!(7);
    let error = verify_log(&run.accepted(), &stored).expect_err("tampered");
    assert!(matches!(&error, GateError::Differs { index: 1, event, .. } if *event == last), "{error}");
    assert!(error.to_string().contains("decides event #"), "{error}");

    let (run, _, _) = dispatched();
    let error = verify_log(&run.accepted()[..1], &run.stored()).expect_err("the plan is past retention");
    assert!(matches!(error, GateError::InputMissing { .. }), "{error}");

    let (run, _, _) = dispatched();
    let stored = run.stored();
    let error = verify_log(&run.accepted(), &stored[..stored.len() - 1]).expect_err("an event went missing");
    assert!(matches!(error, GateError::Extra { index: 1, .. }), "{error}");
}
