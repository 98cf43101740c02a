//! Given/when/then tests of the saga rules, one rule per test.

use serde_json::json;
use uuid::Uuid;

use super::*;
use crate::builder::InputBuilder;
use crate::dead_letter::DeadLetterReason;
use crate::ids::TenantId;
use crate::outcome::Outcome;
use crate::saga_under_test::{SagaUnderTest, T0, names, outcome, steps};

fn travel_plan() -> serde_json::Value {
    json!({"steps": [
        {"id": "flight", "tool": "book_flight", "input": {"to": "Paris"}, "compensation": {"tool": "cancel_flight"}},
        {"id": "hotel", "tool": "book_hotel", "compensation": {"tool": "cancel_hotel"}},
        {"id": "pay", "tool": "charge_payment", "depends_on": ["flight", "hotel"],
         "compensation": {"tool": "refund_payment"}},
        {"id": "mail", "tool": "send_email", "depends_on": ["pay"],
         "retry": {"max_attempts": 2, "initial_backoff_ms": 100, "multiplier": 2.0, "max_backoff_ms": 1000}}
    ]})
}

#[test]
fn given_nothing_when_a_goal_arrives_then_a_plan_is_requested() {
    let mut saga = SagaUnderTest::new();
    let goal = saga.inputs.goal(saga.now, "Book a flight to Paris", Some(60_000));
    let d = saga.when(goal);
    assert_eq!(names(&d), ["InputAccepted", "WorkflowStarted", "PlanRequested"]);
    assert_eq!(steps(&d.commands().cloned().collect::<Vec<_>>()), ["plan #1"]);
    assert_eq!(saga.state.status(), Status::Planning);
    assert_eq!(saga.state.timers().len(), 2, "plan timeout and deadline");
}

#[test]
fn given_a_tenant_at_its_limit_when_a_goal_arrives_then_the_workflow_fails_at_once_and_replays_so() {
    let mut saga = SagaUnderTest::new();
    let mut goal = saga.inputs.goal(saga.now, "Book a flight to Paris", Some(60_000));
    if let Input::GoalReceived(g) = &mut goal.payload {
        g.admission = crate::input::Admission::Refused(crate::input::Refusal::InFlight { in_flight: 5, limit: 5 });
    }
    let d = saga.when(goal.clone());
    assert_eq!(names(&d), ["InputAccepted", "WorkflowStarted", "GoalRefused", "WorkflowFailed"]);
    assert_eq!(d.commands().count(), 0, "nothing is planned");
    let Some(Outcome::WorkflowFailed(failed)) = d.outcomes().next() else { panic!("no outcome") };
    assert!(failed.reason.contains("has 5 workflows in flight and may have 5"), "{}", failed.reason);
    assert!(failed.reason.contains("APEX_TENANT_MAX_IN_FLIGHT"), "names the setting: {}", failed.reason);
    assert_eq!(saga.state.status(), Status::Failed);
    assert!(saga.state.timers().is_empty(), "no deadline left to fire");

    // The replay gate reads the input log, which does not carry the verdict: it comes back
    // from the recorded history.
    let mut logged = goal;
    if let Input::GoalReceived(g) = &mut logged.payload {
        g.admission = crate::input::Admission::Admitted;
    }
    let history = [crate::replay::Recorded { input: logged, decision: Ok(d) }];
    let replayed = crate::replay::verify(&history).expect("same decision");
    assert_eq!(replayed.status(), Status::Failed);
}

#[test]
fn given_a_plan_when_accepted_then_every_ready_step_is_dispatched_at_once() {
    let mut saga = SagaUnderTest::new();
    let first = saga.running(travel_plan());
    assert_eq!(steps(&first), ["execute flight #1", "execute hotel #1"]);
    assert_eq!(saga.state.status(), Status::Running);
}

#[test]
fn given_running_steps_when_results_arrive_in_any_order_then_the_workflow_completes() {
    let mut saga = SagaUnderTest::new();
    let first = saga.running(travel_plan());
    assert!(saga.done(&first[1], json!({"hotel": "H1"})).commands().next().is_none(), "pay waits for flight");
    let pay: Vec<Command> = saga.done(&first[0], json!({"booking": "F1"})).commands().cloned().collect();
    assert_eq!(steps(&pay), ["execute pay #1"]);
    let Command::ExecuteStep(exec) = &pay[0] else { panic!() };
    assert_eq!(exec.context.to_value(), json!({"flight": {"booking": "F1"}, "hotel": {"hotel": "H1"}}));
    let mail: Vec<Command> = saga.done(&pay[0], json!("charged")).commands().cloned().collect();
    let d = saga.done(&mail[0], json!("sent"));
    assert_eq!(saga.state.status(), Status::Completed);
    let Outcome::WorkflowCompleted(done) = outcome(&d) else { panic!() };
    assert_eq!(done.results.get("flight").map(|j| j.value().clone()), Some(json!({"booking": "F1"})));
    assert!(saga.state.timers().is_empty());
}

#[test]
fn given_a_retryable_failure_when_the_backoff_fires_then_a_new_attempt_runs_with_a_new_id() {
    let mut saga = SagaUnderTest::new();
    let first = saga.running(travel_plan());
    let d = saga.fail(&first[0], true);
    assert_eq!(names(&d), ["InputAccepted", "StepAttemptFailed", "StepRetryScheduled"]);
    let d = saga.fire_next_timer();
    let retry: Vec<Command> = d.commands().cloned().collect();
    assert_eq!(steps(&retry), ["execute flight #2"]);
    assert_ne!(retry[0].command_id(), first[0].command_id());
    assert_eq!(saga.now, Timestamp::from_millis(T0 + 1_000), "default initial backoff");
}

#[test]
fn given_a_completed_chain_when_a_later_step_fails_for_good_then_compensation_runs_in_reverse_dependency_order() {
    let mut saga = SagaUnderTest::new();
    let first = saga.running(travel_plan());
    saga.done(&first[0], json!({"booking": "F1"}));
    let pay: Vec<Command> = saga.done(&first[1], json!({"hotel": "H1"})).commands().cloned().collect();
    let mail: Vec<Command> = saga.done(&pay[0], json!("charged")).commands().cloned().collect();
    saga.fail(&mail[0], true);
    let retry: Vec<Command> = saga.fire_next_timer().commands().cloned().collect();
    assert_eq!(steps(&retry), ["execute mail #2"]);
    let d = saga.fail(&retry[0], true);
    assert!(names(&d).contains(&"CompensationStarted"));
    let undo: Vec<Command> = d.commands().cloned().collect();
    assert_eq!(steps(&undo), ["compensate pay #1"], "pay depends on flight and hotel: it goes first");
    let Command::CompensateStep(c) = &undo[0] else { panic!() };
    assert_eq!(c.step_output.value(), &json!("charged"), "the compensation sees what the step returned");
    let undo2: Vec<Command> = saga.done(&undo[0], json!(null)).commands().cloned().collect();
    assert_eq!(steps(&undo2), ["compensate hotel #1", "compensate flight #1"]);
    saga.done(&undo2[0], json!(null));
    let d = saga.done(&undo2[1], json!(null));
    assert_eq!(saga.state.status(), Status::Compensated);
    let Outcome::WorkflowCompensated(o) = outcome(&d) else { panic!() };
    assert_eq!(o.compensated.iter().map(|s| s.as_str()).collect::<Vec<_>>(), ["pay", "hotel", "flight"]);
    assert!(o.reason.contains("step `mail` failed after 2 attempt(s)"), "{}", o.reason);
}

#[test]
fn given_a_step_in_flight_when_another_fails_then_compensation_waits_for_it() {
    let mut saga = SagaUnderTest::new();
    let first = saga.running(travel_plan());
    saga.done(&first[1], json!({"hotel": "H1"}));
    let d = saga.fail(&first[0], false);
    assert_eq!(
        names(&d),
        [
            "InputAccepted",
            "StepAttemptFailed",
            "StepFailed",
            "StepSkipped",
            "StepSkipped",
            "CompensationStarted",
            "CompensationDispatched"
        ]
    );
    assert_eq!(steps(&d.commands().cloned().collect::<Vec<_>>()), ["compensate hotel #1"]);

    let mut saga = SagaUnderTest::new();
    let first = saga.running(travel_plan());
    let d = saga.fail(&first[0], false);
    assert_eq!(d.commands().count(), 0, "hotel is still in flight");
    assert_eq!(saga.state.status(), Status::Compensating);
    let d = saga.done(&first[1], json!({"hotel": "H1"}));
    assert_eq!(
        steps(&d.commands().cloned().collect::<Vec<_>>()),
        ["compensate hotel #1"],
        "its late success is undone"
    );
}

#[test]
fn given_a_step_that_times_out_for_good_then_it_is_compensated_because_its_effect_is_unknown() {
    let mut saga = SagaUnderTest::new();
    saga.running(json!({"steps": [
        {"id": "flight", "tool": "book_flight", "timeout_ms": 500, "compensation": {"tool": "cancel_flight"},
         "retry": {"max_attempts": 1, "initial_backoff_ms": 0, "multiplier": 1.0, "max_backoff_ms": 0}}
    ]}));
    let d = saga.fire_next_timer();
    assert_eq!(saga.now, Timestamp::from_millis(T0 + 500));
    assert!(matches!(&d.events[1].kind, EventKind::StepAttemptFailed { timed_out: true, .. }));
    assert!(matches!(&d.events[2].kind, EventKind::StepFailed { outcome_unknown: true, .. }));
    assert_eq!(steps(&d.commands().cloned().collect::<Vec<_>>()), ["compensate flight #1"]);
}

#[test]
fn given_a_failure_with_nothing_to_undo_then_the_workflow_fails() {
    let mut saga = SagaUnderTest::new();
    let first = saga.running(json!({"steps": [{"id": "search", "tool": "search_flights"}]}));
    let d = saga.fail(&first[0], false);
    assert_eq!(saga.state.status(), Status::Failed);
    assert!(matches!(outcome(&d), Outcome::WorkflowFailed(_)));
}

#[test]
fn given_exhausted_compensation_then_the_workflow_parks_and_resume_retries_it() {
    let mut saga = SagaUnderTest::new();
    let first = saga.running(json!({"steps": [
        {"id": "flight", "tool": "book_flight",
         "compensation": {"tool": "cancel_flight",
                          "retry": {"max_attempts": 2, "initial_backoff_ms": 10, "multiplier": 1.0, "max_backoff_ms": 10}}},
        {"id": "mail", "tool": "send_email", "depends_on": ["flight"]}
    ]}));
    let mail: Vec<Command> = saga.done(&first[0], json!({"booking": "F1"})).commands().cloned().collect();
    let undo: Vec<Command> = saga.fail(&mail[0], false).commands().cloned().collect();
    saga.fail(&undo[0], true);
    let retry: Vec<Command> = saga.fire_next_timer().commands().cloned().collect();
    assert_eq!(steps(&retry), ["compensate flight #2"]);
    let d = saga.fail(&retry[0], true);
    assert_eq!(saga.state.status(), Status::Parked);
    let Outcome::WorkflowParked(parked) = outcome(&d) else { panic!() };
    assert_eq!(parked.stuck.len(), 1);

    let resume = saga.inputs.signal(saga.now, "resume", None);
    let d = saga.when(resume);
    let again: Vec<Command> = d.commands().cloned().collect();
    assert_eq!(steps(&again), ["compensate flight #3"], "attempt numbers keep growing: ids never repeat");
    let d = saga.done(&again[0], json!(null));
    assert_eq!(saga.state.status(), Status::Compensated);
    assert!(matches!(outcome(&d), Outcome::WorkflowCompensated(_)));
}

#[test]
fn given_a_deadline_when_it_passes_then_the_saga_rolls_back() {
    let mut saga = SagaUnderTest::new();
    let goal = saga.inputs.goal(saga.now, "Book", Some(5_000));
    let d = saga.when(goal);
    let Some(Command::PlanGoal(request)) = d.commands().next().cloned() else { panic!() };
    let plan = serde_json::from_value(json!({"steps": [
        {"id": "flight", "tool": "book_flight", "timeout_ms": 60000, "compensation": {"tool": "cancel_flight"}},
        {"id": "mail", "tool": "send_email", "depends_on": ["flight"], "timeout_ms": 60000}
    ]}))
    .unwrap();
    let answer = saga.inputs.plan(saga.now, request.command_id, plan);
    let first: Vec<Command> = saga.when(answer).commands().cloned().collect();
    saga.tick(1_000);
    saga.done(&first[0], json!({"booking": "F1"}));
    let d = saga.fire_next_timer();
    assert_eq!(saga.now, Timestamp::from_millis(T0 + 5_000));
    assert!(names(&d).contains(&"CompensationStarted"));
    assert_eq!(d.commands().count(), 0, "mail is in flight; wait for it");
    let d = saga.fire_next_timer();
    assert_eq!(steps(&d.commands().cloned().collect::<Vec<_>>()), ["compensate flight #1"]);
}

#[test]
fn given_planning_when_cancelled_then_the_workflow_is_cancelled_and_a_late_plan_is_refused() {
    let mut saga = SagaUnderTest::new();
    let goal = saga.inputs.goal(saga.now, "Book", None);
    let Some(Command::PlanGoal(request)) = saga.when(goal).commands().next().cloned() else { panic!() };
    let cancel = saga.inputs.cancel(saga.now, "changed my mind");
    let d = saga.when(cancel);
    assert_eq!(saga.state.status(), Status::Cancelled);
    assert!(matches!(outcome(&d), Outcome::WorkflowCancelled(_)));
    let plan = serde_json::from_value(travel_plan()).unwrap();
    let late = saga.inputs.plan(saga.now, request.command_id, plan);
    let before = saga.state.clone();
    let refused = decide(&saga.state, &late).unwrap_err();
    assert_eq!(refused.reason(), DeadLetterReason::WorkflowEnded, "{refused}");
    assert!(refused.to_string().contains("is not awaited"), "the reason says why: {refused}");
    assert_eq!(saga.state.handle(&late, &Limits::default()), Err(refused), "handle refuses it too");
    assert_eq!(saga.state, before, "an ended workflow does not grow");
}

#[test]
fn given_an_ended_workflow_when_ten_thousand_signals_arrive_then_nothing_grows() {
    let mut saga = SagaUnderTest::new();
    let first = saga.running(json!({"steps": [{"id": "mail", "tool": "send_email"}]}));
    saga.done(&first[0], json!({"sent": true}));
    assert_eq!(saga.state.status(), Status::Completed);
    let before = saga.state.clone();
    let size = serde_json::to_vec(&saga.state).unwrap().len();
    for _ in 0..10_000 {
        let signal = saga.inputs.signal(saga.now, "approve", None);
        let refused = saga.state.handle(&signal, &Limits::default()).unwrap_err();
        assert_eq!(refused.reason(), DeadLetterReason::WorkflowEnded);
    }
    assert_eq!(saga.state, before);
    assert_eq!(serde_json::to_vec(&saga.state).unwrap().len(), size, "the snapshot stays the same size");
}

#[test]
fn given_a_running_workflow_when_ten_thousand_idle_signals_arrive_then_only_the_first_ones_are_kept() {
    let mut saga = SagaUnderTest::new();
    let first = saga.running(json!({"steps": [{"id": "mail", "tool": "send_email"}]}));
    let kept = crate::state::MAX_IGNORED_INPUTS as usize;
    let mut refused = 0;
    let mut size_at_limit = 0;
    for n in 0..10_000 {
        let signal = saga.inputs.signal(saga.now, "approve", None);
        match saga.state.handle(&signal, &Limits::default()) {
            Ok(handled) => assert!(n < kept && names(&handled).contains(&"InputIgnored")),
            Err(rejection) => {
                assert_eq!(rejection.reason(), DeadLetterReason::InputLimit, "{rejection}");
                assert!(rejection.to_string().contains("needs a step_id"), "the reason says why: {rejection}");
                refused += 1;
            }
        }
        if n + 1 == kept {
            size_at_limit = serde_json::to_vec(&saga.state).unwrap().len();
        }
    }
    assert_eq!(refused, 10_000 - kept, "past the limit every idle signal is refused");
    assert_eq!(serde_json::to_vec(&saga.state).unwrap().len(), size_at_limit, "the snapshot stops growing");
    let d = saga.done(&first[0], json!({"sent": true}));
    assert!(matches!(outcome(&d), Outcome::WorkflowCompleted(_)), "inputs that change something are still taken");
}

#[test]
fn given_running_when_cancelled_then_done_steps_are_compensated_and_the_outcome_is_cancelled() {
    let mut saga = SagaUnderTest::new();
    let first = saga.running(travel_plan());
    saga.done(&first[0], json!({"booking": "F1"}));
    saga.done(&first[1], json!({"hotel": "H1"}));
    let cancel = saga.inputs.cancel(saga.now, "user cancelled");
    let d = saga.when(cancel);
    assert_eq!(d.commands().count(), 0, "pay is in flight");
    let pay = saga.state.saga().steps[2].command.unwrap();
    assert_ne!(pay, CommandId::from_uuid(Uuid::nil()));
    let d = saga.fire_next_timer();
    let undo: Vec<Command> = d.commands().cloned().collect();
    assert_eq!(steps(&undo), ["compensate pay #1"], "pay timed out: its effect is unknown, undo it");
    let next: Vec<Command> = saga.done(&undo[0], json!(null)).commands().cloned().collect();
    saga.done(&next[0], json!(null));
    let d = saga.done(&next[1], json!(null));
    assert_eq!(saga.state.status(), Status::Cancelled);
    let Outcome::WorkflowCancelled(o) = outcome(&d) else { panic!() };
    assert_eq!(o.reason, "user cancelled");
    assert_eq!(o.compensated.len(), 3);
}

#[test]
fn given_a_step_needing_approval_then_it_waits_for_the_signal() {
    let mut saga = SagaUnderTest::new();
    let first = saga.running(json!({"steps": [
        {"id": "pay", "tool": "charge_payment", "requires_approval": true}
    ]}));
    assert_eq!(steps(&first), ["approve? pay"]);
    let step = crate::ids::StepId::parse("pay").unwrap();
    let approve = saga.inputs.signal(saga.now, "approve", Some(step.clone()));
    let d = saga.when(approve);
    assert_eq!(steps(&d.commands().cloned().collect::<Vec<_>>()), ["execute pay #1"]);
    let again = saga.inputs.signal(saga.now, "approve", Some(step));
    assert_eq!(names(&saga.when(again)), ["InputAccepted", "InputIgnored"]);
}

#[test]
fn given_a_step_needing_approval_when_rejected_then_the_saga_rolls_back() {
    let mut saga = SagaUnderTest::new();
    let first = saga.running(json!({"steps": [
        {"id": "flight", "tool": "book_flight", "compensation": {"tool": "cancel_flight"}},
        {"id": "pay", "tool": "charge_payment", "requires_approval": true}
    ]}));
    assert_eq!(steps(&first), ["execute flight #1", "approve? pay"]);
    saga.done(&first[0], json!({"booking": "F1"}));
    let reject = saga.inputs.signal(saga.now, "reject", Some(crate::ids::StepId::parse("pay").unwrap()));
    let d = saga.when(reject);
    assert_eq!(steps(&d.commands().cloned().collect::<Vec<_>>()), ["compensate flight #1"]);
}

#[test]
fn given_any_input_when_redelivered_then_nothing_changes_and_nothing_is_emitted() {
    let mut saga = SagaUnderTest::new();
    let goal = saga.inputs.goal(saga.now, "Book", None);
    saga.when(goal.clone());
    let before = saga.state.clone();
    let d = decide(&saga.state, &goal).unwrap();
    assert!(d.is_duplicate() && d.outbound.is_empty());
    let mut same_key = saga.inputs.cancel(saga.now, "x");
    same_key.idempotency_key = goal.idempotency_key.clone();
    assert!(decide(&saga.state, &same_key).unwrap().is_duplicate(), "same idempotencyKey, new eventId");
    assert_eq!(saga.state, before);
}

#[test]
fn given_a_step_that_succeeded_when_the_same_attempt_answers_again_then_it_is_recorded_and_ignored() {
    let mut saga = SagaUnderTest::new();
    let first = saga.running(travel_plan());
    saga.done(&first[0], json!({"booking": "F-1"}));
    let before = saga.state.saga().steps.clone();
    let d = saga.done(&first[0], json!({"booking": "F-1"}));
    assert_eq!(names(&d), ["InputAccepted", "InputIgnored"]);
    assert!(matches!(&d.events[1].kind, EventKind::InputIgnored { reason, .. } if reason.contains("already answered")));
    assert_eq!(saga.state.saga().steps, before);
}

#[test]
fn given_a_result_for_an_unknown_step_then_it_is_recorded_and_ignored() {
    let mut saga = SagaUnderTest::new();
    let first = saga.running(travel_plan());
    let Command::ExecuteStep(mut bogus) = first[0].clone() else { panic!() };
    bogus.step_id = crate::ids::StepId::parse("nope").unwrap();
    let d = saga.done(&Command::ExecuteStep(bogus), json!(1));
    assert!(
        matches!(&d.events[1].kind, EventKind::InputIgnored { reason, .. } if reason.contains("`nope` is not in the plan"))
    );
}

#[test]
fn given_a_workflow_when_another_tenant_sends_input_then_it_is_rejected() {
    let mut saga = SagaUnderTest::new();
    let goal = saga.inputs.goal(saga.now, "Book", None);
    saga.when(goal);
    let mut intruder = InputBuilder::new(saga.inputs.workflow_id(), TenantId::parse("user-2").unwrap(), "evil");
    let cancel = intruder.cancel(saga.now, "mine now");
    let err = decide(&saga.state, &cancel).unwrap_err();
    assert_eq!(err.reason(), DeadLetterReason::TenantMismatch);
    assert!(err.to_string().contains("belongs to tenant `user-1`, not `user-2`"), "{err}");
}

#[test]
fn given_no_workflow_when_a_non_goal_input_arrives_then_it_is_rejected() {
    let mut saga = SagaUnderTest::new();
    let cancel = saga.inputs.cancel(saga.now, "x");
    assert_eq!(decide(&saga.state, &cancel).unwrap_err().reason(), DeadLetterReason::UnknownWorkflow);
}

#[test]
fn given_an_invalid_plan_then_the_workflow_fails_with_the_reason() {
    let mut saga = SagaUnderTest::new();
    let goal = saga.inputs.goal(saga.now, "Book", None);
    let Some(Command::PlanGoal(request)) = saga.when(goal).commands().next().cloned() else { panic!() };
    let plan = serde_json::from_value(json!({"steps": [{"id": "a", "tool": "t", "depends_on": ["b"]}]})).unwrap();
    let answer = saga.inputs.plan(saga.now, request.command_id, plan);
    let d = saga.when(answer);
    let Outcome::WorkflowFailed(f) = outcome(&d) else { panic!() };
    assert_eq!(f.reason, "the plan is invalid: step `a` depends on unknown step `b`");
}

#[test]
fn given_a_silent_planner_then_it_is_asked_again_and_finally_the_workflow_fails() {
    let mut saga = SagaUnderTest::new();
    let goal = saga.inputs.goal(saga.now, "Book", None);
    saga.when(goal);
    let d = saga.fire_next_timer();
    assert_eq!(steps(&d.commands().cloned().collect::<Vec<_>>()), ["plan #2"]);
    saga.fire_next_timer();
    let d = saga.fire_next_timer();
    assert_eq!(saga.state.status(), Status::Failed);
    assert!(matches!(outcome(&d), Outcome::WorkflowFailed(f) if f.reason.contains("did not answer 3 request(s)")));
}

#[test]
fn every_published_envelope_carries_the_workflows_tenant_correlation_and_trace() {
    let mut saga = SagaUnderTest::new();
    let goal = saga.inputs.goal(saga.now, "Book", None);
    let trace_id = goal.trace.trace_id.clone();
    let d = saga.when(goal);
    let e = &d.outbound[0];
    assert_eq!(e.tenant_id.as_str(), "user-1");
    assert_eq!(e.correlation_id, saga.inputs.workflow_id());
    assert_eq!(e.trace.trace_id, trace_id);
    assert_eq!(e.event_id.as_uuid(), e.payload_command_id());
    assert_eq!(e.idempotency_key.as_str(), e.event_id.to_string());
    assert_eq!(e.timestamp, saga.now);
}

impl Envelope<Outbound> {
    fn payload_command_id(&self) -> Uuid {
        match &self.payload {
            Outbound::Command(c) => c.command_id().as_uuid(),
            Outbound::Outcome(_) => Uuid::nil(),
        }
    }
}

#[test]
fn the_same_history_yields_the_same_command_ids() {
    let run = || {
        let mut saga = SagaUnderTest::new();
        saga.running(travel_plan()).iter().map(Command::command_id).collect::<Vec<_>>()
    };
    assert_eq!(run(), run());
}

#[test]
fn outstanding_rebuilds_exactly_the_commands_in_flight() {
    let mut saga = SagaUnderTest::new();
    let goal = saga.inputs.goal(saga.now, "Book", None);
    saga.when(goal);
    let planning: Vec<String> = outstanding(&saga.state, saga.now).iter().map(|e| e.event_id.to_string()).collect();
    assert_eq!(planning.len(), 1, "the plan request");
    let mut saga = SagaUnderTest::new();
    let first = saga.running(travel_plan());
    let again: Vec<Command> = outstanding(&saga.state, saga.now)
        .into_iter()
        .filter_map(|e| match e.payload {
            Outbound::Command(c) => Some(c),
            Outbound::Outcome(_) => None,
        })
        .collect();
    assert_eq!(again, first, "same ids, same payloads");
    let undo: Vec<Command> = {
        saga.done(&first[0], json!({"booking": "F1"}));
        saga.done(&first[1], json!({"hotel": "H1"}));
        let cancel = saga.inputs.cancel(saga.now, "stop");
        saga.when(cancel);
        saga.fire_next_timer().commands().cloned().collect()
    };
    let rebuilt: Vec<CommandId> =
        outstanding(&saga.state, saga.now).iter().map(|e| CommandId::from_uuid(e.event_id.as_uuid())).collect();
    assert_eq!(rebuilt, undo.iter().map(Command::command_id).collect::<Vec<_>>(), "the compensation in flight");
}

#[path = "decide_late_tests.rs"]
mod late;
