//! Given/when/then tests of cached mistakes healing: a workflow that shows its cached plan
//! wrong asks planners to discard the entry, once; failures that say nothing about the plan
//! (an outage, a timeout, a flaky tool) discard nothing.

use serde_json::json;

use super::*;
use crate::saga_under_test::{SagaUnderTest, names};

const ENTRY: &str = "5f0c6f0d2a8e5b1c9d3e4f5a6b7c8d9e";

/// Goal in, `plan` answered as coming from cache entry `entry`.
fn planned(saga: &mut SagaUnderTest, plan: serde_json::Value, entry: Option<&str>) -> Decision {
    let mut answer = saga.plan_answer(plan);
    if let Input::PlanGenerated(p) = &mut answer.payload {
        p.source = "cache".into();
        p.cache_entry = entry.map(str::to_owned);
    }
    saga.when(answer)
}

/// A tool answers `step` with a failure that names the plan's mistake.
fn refused(saga: &mut SagaUnderTest, step: &Command, retryable: bool) -> Decision {
    saga.fail_with(step, "HTTP 422: unknown airport", retryable)
}

fn flight() -> serde_json::Value {
    json!({"steps": [{"id": "flight", "tool": "book_flight", "input": {"to": "Oslo"}}]})
}

fn discards(d: &Decision) -> Vec<&DiscardCachedPlan> {
    d.commands()
        .filter_map(|c| match c {
            Command::DiscardCachedPlan(discard) => Some(discard),
            _ => None,
        })
        .collect()
}

#[test]
fn given_a_cached_plan_when_a_tool_refuses_its_step_for_good_then_the_entry_is_discarded() {
    let mut saga = SagaUnderTest::of("acme");
    let d = planned(&mut saga, flight(), Some(ENTRY));
    let step = d.commands().next().cloned().expect("the flight is dispatched");
    let d = refused(&mut saga, &step, false);
    assert!(names(&d).contains(&"CachedPlanDiscarded"), "{:?}", names(&d));
    let discard = discards(&d);
    assert_eq!(discard.len(), 1);
    assert_eq!(discard[0].entry, ENTRY);
    assert_eq!(discard[0].reason, "step `flight` was refused: HTTP 422: unknown airport");
    assert_eq!(saga.state.status(), Status::Failed, "nothing to undo");
    assert_eq!(saga.state.saga.plan_entry, None, "discarded once");
}

#[test]
fn given_a_cached_plan_when_its_step_fails_retryably_until_exhausted_then_nothing_is_discarded() {
    let mut saga = SagaUnderTest::of("acme");
    let plan = json!({"steps": [{"id": "flight", "tool": "book_flight", "retry": {"max_attempts": 1, "initial_backoff_ms": 100, "multiplier": 2.0, "max_backoff_ms": 1000}}]});
    let d = planned(&mut saga, plan, Some(ENTRY));
    let step = d.commands().next().cloned().expect("dispatched");
    let d = refused(&mut saga, &step, true);
    assert!(discards(&d).is_empty(), "a flaky tool says nothing about the plan");
    assert_eq!(saga.state.status(), Status::Failed);
    assert_eq!(saga.state.saga.plan_entry.as_deref(), Some(ENTRY));
}

#[test]
fn given_a_plan_not_from_the_cache_when_a_step_is_refused_then_nothing_is_discarded() {
    let mut saga = SagaUnderTest::of("acme");
    let d = planned(&mut saga, flight(), None);
    let step = d.commands().next().cloned().expect("dispatched");
    assert!(discards(&refused(&mut saga, &step, false)).is_empty());
}

#[test]
fn given_an_invalid_cached_plan_when_it_arrives_then_the_entry_is_discarded_and_the_workflow_fails() {
    let mut saga = SagaUnderTest::of("acme");
    let cyclic = json!({"steps": [
        {"id": "a", "tool": "book_flight", "depends_on": ["b"]},
        {"id": "b", "tool": "book_hotel", "depends_on": ["a"]}
    ]});
    let d = planned(&mut saga, cyclic, Some(ENTRY));
    assert_eq!(names(&d), ["InputAccepted", "CachedPlanDiscarded", "PlanRejected", "WorkflowFailed"]);
    assert_eq!(discards(&d)[0].entry, ENTRY);
}
