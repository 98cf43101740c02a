//! Given/when/then tests of late successes: an answer for an attempt the saga no longer
//! awaited is never dropped. It is kept if the step still needs it, and otherwise recorded
//! and compensated unless it is an effect already accounted for.

use serde_json::json;

use super::travel_plan;
use crate::command::Command;
use crate::event::{EventKind, LateFate};
use crate::saga_under_test::{SagaUnderTest, names, steps};
use crate::state::{CompPhase, Phase, Status};

/// A travel plan whose flight times out after 500 ms; returns the flight's first command.
fn timed_out_flight(saga: &mut SagaUnderTest) -> Command {
    let plan = json!({"steps": [
        {"id": "flight", "tool": "book_flight", "timeout_ms": 500, "compensation": {"tool": "cancel_flight"},
         "retry": {"max_attempts": 3, "initial_backoff_ms": 100, "multiplier": 2.0, "max_backoff_ms": 1000}},
        {"id": "mail", "tool": "send_email", "depends_on": ["flight"]}
    ]});
    let first = saga.running(plan);
    saga.fire_next_timer(); // attempt 1 times out
    first[0].clone()
}

fn late_fate(d: &crate::Decision) -> Option<LateFate> {
    d.events.iter().find_map(|e| match &e.kind {
        EventKind::StepSucceededLate { fate, .. } => Some(*fate),
        _ => None,
    })
}

#[test]
fn given_a_timed_out_attempt_backing_off_when_it_succeeds_late_then_its_output_is_kept() {
    let mut saga = SagaUnderTest::new();
    let attempt1 = timed_out_flight(&mut saga);
    assert_eq!(saga.state.saga().steps[0].phase, Phase::BackingOff);
    let d = saga.done(&attempt1, json!({"booking": "F-1"}));
    assert_eq!(names(&d), ["InputAccepted", "StepSucceeded", "StepDispatched"]);
    assert_eq!(steps(&d.commands().cloned().collect::<Vec<_>>()), ["execute mail #1"]);
    let run = &saga.state.saga().steps[0];
    assert_eq!((run.phase, run.kept, run.output.value()), (Phase::Succeeded, 1, &json!({"booking": "F-1"})));
    assert!(saga.state.timers().iter().all(|t| t.kind.step() != Some(0)), "the backoff timer of the step is gone");
}

#[test]
fn given_a_retry_in_flight_when_the_timed_out_attempt_succeeds_then_it_is_kept_and_the_retry_is_undone() {
    let mut saga = SagaUnderTest::new();
    let attempt1 = timed_out_flight(&mut saga);
    let retry = saga.fire_next_timer().commands().cloned().collect::<Vec<_>>();
    assert_eq!(steps(&retry), ["execute flight #2"]);
    let d = saga.done(&attempt1, json!({"booking": "F-1"}));
    assert_eq!(names(&d), ["InputAccepted", "StepSucceeded", "StepDispatched"], "kept: the step needed it");

    let d = saga.done(&retry[0], json!({"booking": "F-2"}));
    assert_eq!(late_fate(&d), Some(LateFate::Undo));
    let undo: Vec<_> = d.commands().cloned().collect();
    let [Command::CompensateStep(c)] = undo.as_slice() else { panic!("{undo:?}") };
    assert_eq!((c.attempt, c.effect, c.step_output.value()), (1, Some(2), &json!({"booking": "F-2"})));
    assert_eq!(saga.state.saga().steps[0].output.value(), &json!({"booking": "F-1"}), "the kept output stays");

    let d = saga.done(&undo[0], json!(null));
    assert!(matches!(&d.events[1].kind, EventKind::CompensationSucceeded { effect: Some(2), .. }));
    assert!(saga.state.saga().compensated.is_empty(), "undoing a duplicate is not a rollback of the step");
    assert_eq!(saga.state.status(), Status::Running);
}

#[test]
fn given_a_completed_workflow_when_a_superseded_attempt_succeeds_then_its_effect_is_undone_after_the_outcome() {
    let mut saga = SagaUnderTest::new();
    let attempt1 = timed_out_flight(&mut saga);
    let retry = saga.fire_next_timer().commands().cloned().collect::<Vec<_>>();
    let mail = saga.done(&retry[0], json!({"booking": "F-2"})).commands().cloned().collect::<Vec<_>>();
    saga.done(&mail[0], json!({"sent": true}));
    assert_eq!(saga.state.status(), Status::Completed);

    let d = saga.done(&attempt1, json!({"booking": "F-1"}));
    assert_eq!(late_fate(&d), Some(LateFate::Undo));
    assert_eq!(steps(&d.commands().cloned().collect::<Vec<_>>()), ["compensate flight #1"]);
    assert_eq!(saga.state.status(), Status::Completed, "the outcome stands");
    assert_eq!(saga.state.timers().len(), 1, "the late compensation's timeout survives the end");

    let d = saga.fire_next_timer(); // the compensation times out and is retried
    assert_eq!(names(&d), ["InputAccepted", "CompensationAttemptFailed", "CompensationRetryScheduled"]);
    let d = saga.fire_next_timer();
    let again: Vec<_> = d.commands().cloned().collect();
    assert_eq!(steps(&again), ["compensate flight #2"]);
    saga.done(&again[0], json!(null));
    assert!(saga.state.timers().is_empty());
    assert_eq!(saga.state.saga().steps[0].late[0].comp.phase, CompPhase::Done);
}

#[test]
fn given_a_kept_output_when_a_late_success_returns_the_same_output_then_it_is_one_effect() {
    let mut saga = SagaUnderTest::new();
    let attempt1 = timed_out_flight(&mut saga);
    let retry = saga.fire_next_timer().commands().cloned().collect::<Vec<_>>();
    saga.done(&retry[0], json!({"booking": "F-1"}));
    let d = saga.done(&attempt1, json!({"booking": "F-1"}));
    assert_eq!(late_fate(&d), Some(LateFate::SameEffect), "the tool deduplicated by idempotency key");
    assert_eq!(d.commands().count(), 0);
}

#[test]
fn given_a_step_without_compensation_when_it_succeeds_late_then_the_effect_is_recorded_as_irreversible() {
    let mut saga = SagaUnderTest::new();
    let plan = json!({"steps": [
        {"id": "mail", "tool": "send_email", "timeout_ms": 500,
         "retry": {"max_attempts": 2, "initial_backoff_ms": 100, "multiplier": 2.0, "max_backoff_ms": 1000}}
    ]});
    let first = saga.running(plan);
    saga.fire_next_timer();
    let retry = saga.fire_next_timer().commands().cloned().collect::<Vec<_>>();
    saga.done(&retry[0], json!({"sent": 2}));
    let d = saga.done(&first[0], json!({"sent": 1}));
    assert_eq!(late_fate(&d), Some(LateFate::Irreversible));
    assert_eq!(d.commands().count(), 0);
}

#[test]
fn given_a_last_attempt_of_unknown_outcome_when_it_succeeds_late_then_the_steps_own_compensation_carries_it() {
    let mut saga = SagaUnderTest::new();
    let plan = json!({"steps": [
        {"id": "flight", "tool": "book_flight", "timeout_ms": 500, "compensation": {"tool": "cancel_flight"},
         "retry": {"max_attempts": 1, "initial_backoff_ms": 100, "multiplier": 2.0, "max_backoff_ms": 1000}},
        {"id": "hotel", "tool": "book_hotel", "timeout_ms": 60000}
    ]});
    let first = saga.running(plan);
    saga.fire_next_timer(); // the flight's only attempt times out: outcome unknown, roll back
    assert_eq!(saga.state.status(), Status::Compensating, "waits for the hotel in flight");
    let d = saga.done(&first[0], json!({"booking": "F-1"}));
    assert_eq!(late_fate(&d), Some(LateFate::CoveredByStep));
    assert_eq!(d.commands().count(), 0, "no second undo of the same effect");
    let d = saga.done(&first[1], json!({"booking": "H-1"}));
    let undo: Vec<_> = d.commands().cloned().collect();
    let [Command::CompensateStep(c)] = undo.as_slice() else { panic!("{undo:?}") };
    assert_eq!((c.effect, c.step_output.value()), (None, &json!({"booking": "F-1"})), "it knows what to cancel");
}

#[test]
fn given_a_late_effect_when_its_success_is_redelivered_with_a_new_id_then_nothing_more_is_undone() {
    let mut saga = SagaUnderTest::new();
    let attempt1 = timed_out_flight(&mut saga);
    let retry = saga.fire_next_timer().commands().cloned().collect::<Vec<_>>();
    saga.done(&retry[0], json!({"booking": "F-2"}));
    saga.done(&attempt1, json!({"booking": "F-1"}));
    let d = saga.done(&attempt1, json!({"booking": "F-1"}));
    assert_eq!(names(&d), ["InputAccepted", "InputIgnored"]);
    assert_eq!(saga.state.saga().steps[0].late.len(), 1);
}

#[test]
fn given_an_attempt_never_dispatched_when_it_answers_then_it_is_ignored() {
    let mut saga = SagaUnderTest::new();
    let first = saga.running(travel_plan());
    let Command::ExecuteStep(mut forged) = first[0].clone() else { panic!() };
    forged.attempt = 5;
    forged.command_id = crate::ids::CommandId::from_uuid(uuid::Uuid::from_u128(5));
    let d = saga.done(&Command::ExecuteStep(forged), json!({"booking": "X"}));
    assert_eq!(names(&d), ["InputAccepted", "InputIgnored"]);
    assert!(matches!(&d.events[1].kind, EventKind::InputIgnored { reason, .. } if reason.contains("never dispatched")));
}

#[test]
fn given_a_compensation_retry_when_the_timed_out_compensation_succeeds_late_then_the_step_is_undone() {
    let mut saga = SagaUnderTest::new();
    let attempt1 = timed_out_flight(&mut saga);
    let retry = saga.fire_next_timer().commands().cloned().collect::<Vec<_>>();
    saga.done(&retry[0], json!({"booking": "F-2"}));
    let undo = saga.done(&attempt1, json!({"booking": "F-1"})).commands().cloned().collect::<Vec<_>>();
    saga.fire_next_timer(); // the compensation times out; a retry is scheduled
    let d = saga.done(&undo[0], json!(null));
    assert!(matches!(&d.events[1].kind, EventKind::CompensationSucceeded { effect: Some(1), attempt: 1, .. }));
    assert!(saga.state.timers().iter().all(|t| t.kind.effect().is_none()), "its retry is called off");
}

#[test]
fn given_an_exhausted_late_compensation_when_an_operator_resumes_then_it_gets_fresh_attempts() {
    let mut saga = SagaUnderTest::new();
    let attempt1 = timed_out_flight(&mut saga);
    let retry = saga.fire_next_timer().commands().cloned().collect::<Vec<_>>();
    saga.done(&retry[0], json!({"booking": "F-2"}));
    let undo = saga.done(&attempt1, json!({"booking": "F-1"})).commands().cloned().collect::<Vec<_>>();
    saga.fail(&undo[0], false);
    assert_eq!(saga.state.saga().steps[0].late[0].comp.phase, CompPhase::Exhausted);
    let resume = saga.inputs.signal(saga.now, "resume", None);
    let d = saga.when(resume);
    assert_eq!(names(&d), ["InputAccepted", "LateCompensationResumed", "CompensationDispatched"]);
    assert_eq!(steps(&d.commands().cloned().collect::<Vec<_>>()), ["compensate flight #2"]);
    assert_eq!(saga.state.status(), Status::Running, "resuming a late compensation changes no status");
}

#[test]
fn given_an_outage_when_attempts_are_answered_not_run_then_none_counts_against_the_retry_policy() {
    let mut saga = SagaUnderTest::new();
    let plan = json!({"steps": [
        {"id": "flight", "tool": "book_flight", "timeout_ms": 500, "compensation": {"tool": "cancel_flight"},
         "retry": {"max_attempts": 1, "initial_backoff_ms": 100, "multiplier": 2.0, "max_backoff_ms": 1000}}
    ]});
    let mut command = saga.running(plan)[0].clone();
    for attempt in 1..=4 {
        let Command::ExecuteStep(c) = &command else { panic!() };
        assert_eq!(c.attempt, attempt);
        let mut held = saga.inputs.step_failed(saga.now, c, "not run: Redis is unavailable", true);
        if let crate::input::Input::StepFailed(f) = &mut held.payload {
            f.not_run = true;
        }
        let d = saga.when(held);
        assert_eq!(names(&d), ["InputAccepted", "StepAttemptFailed", "StepRetryScheduled"], "attempt {attempt}");
        command = saga.fire_next_timer().commands().next().cloned().expect("the next attempt");
    }
    let d = saga.fail(&command, true);
    assert!(names(&d).contains(&"StepFailed"), "a failure of a tool that ran counts: {:?}", names(&d));
    assert_eq!(saga.state.status(), Status::Failed);
}

#[test]
fn given_a_timed_out_attempt_when_its_executor_reports_it_never_ran_then_it_stops_counting_once() {
    let mut saga = SagaUnderTest::new();
    let plan = json!({"steps": [
        {"id": "flight", "tool": "book_flight", "timeout_ms": 500,
         "retry": {"max_attempts": 2, "initial_backoff_ms": 100, "multiplier": 2.0, "max_backoff_ms": 1000}}
    ]});
    let first = saga.running(plan);
    saga.fire_next_timer(); // attempt 1 times out: counted
    let Command::ExecuteStep(c) = &first[0] else { panic!() };
    let mut late = saga.inputs.step_failed(saga.now, c, "not run: Redis is unavailable", true);
    if let crate::input::Input::StepFailed(f) = &mut late.payload {
        f.not_run = true;
    }
    let mut again = late.clone();
    again.event_id = crate::ids::EventId::from_uuid(uuid::Uuid::from_u128(99));
    again.idempotency_key = crate::ids::IdempotencyKey::from_uuid(uuid::Uuid::from_u128(99));
    assert_eq!(names(&saga.when(late)), ["InputAccepted", "StepAttemptNotRun"]);
    assert_eq!(names(&saga.when(again)), ["InputAccepted", "InputIgnored"], "counted back once");
    let second = saga.fire_next_timer().commands().cloned().collect::<Vec<_>>();
    assert_eq!(steps(&second), ["execute flight #2"]);
    let d = saga.fire_next_timer(); // attempt 2 times out: one attempt spent, one left
    assert_eq!(names(&d), ["InputAccepted", "StepAttemptFailed", "StepRetryScheduled"]);
}
