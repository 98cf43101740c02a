//! Given/when/then tests of cached mistakes healing: a workflow that shows its cached plan
//! wrong asks planners to discard the entry, once; failures that say nothing about the plan
//! (an outage, a timeout, a flaky tool) discard nothing.

use serde_json::json;
use uuid::Uuid;

use super::*;
use crate::builder::InputBuilder;
use crate::ids::{TenantId, WorkflowId};
use crate::plan::Plan;

const T0: i64 = 1_764_064_800_000;
const ENTRY: &str = "5f0c6f0d2a8e5b1c9d3e4f5a6b7c8d9e";

struct Cached {
    state: Workflow,
    inputs: InputBuilder,
}

impl Cached {
    fn new() -> Self {
        let id = WorkflowId::from_uuid(Uuid::from_u128(0xCAC4E));
        Self { state: Workflow::default(), inputs: InputBuilder::new(id, TenantId::parse("acme").unwrap(), "t") }
    }

    fn when(&mut self, input: Envelope<Input>) -> Decision {
        let decision = decide(&self.state, &input).expect("accepted");
        for e in &decision.events {
            self.state.apply(e);
        }
        decision
    }

    /// Goal in, `plan` answered as coming from cache entry `entry`.
    fn planned(&mut self, plan: serde_json::Value, entry: Option<&str>) -> Decision {
        let at = Timestamp::from_millis(T0);
        let goal = self.inputs.goal(at, "Book a flight to Oslo tomorrow", None);
        let d = self.when(goal);
        let Some(Command::PlanGoal(ask)) = d.commands().next().cloned() else { panic!("no PlanGoal") };
        let plan: Plan = serde_json::from_value(plan).unwrap();
        let mut answer = self.inputs.plan(at, ask.command_id, plan);
        if let Input::PlanGenerated(p) = &mut answer.payload {
            p.source = "cache".into();
            p.cache_entry = entry.map(str::to_owned);
        }
        self.when(answer)
    }

    fn fail(&mut self, command: &Command, retryable: bool) -> Decision {
        let Command::ExecuteStep(step) = command else { panic!("not a step: {command:?}") };
        let at = Timestamp::from_millis(T0 + 100);
        let answer = self.inputs.step_failed(at, step, "HTTP 422: unknown airport", retryable);
        self.when(answer)
    }
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
    let mut w = Cached::new();
    let d = w.planned(flight(), Some(ENTRY));
    let step = d.commands().next().cloned().expect("the flight is dispatched");
    let d = w.fail(&step, false);
    let names: Vec<&str> = d.events.iter().map(|e| e.kind.name()).collect();
    assert!(names.contains(&"CachedPlanDiscarded"), "{names:?}");
    let discard = discards(&d);
    assert_eq!(discard.len(), 1);
    assert_eq!(discard[0].entry, ENTRY);
    assert_eq!(discard[0].reason, "step `flight` was refused: HTTP 422: unknown airport");
    assert_eq!(w.state.status(), Status::Failed, "nothing to undo");
    assert_eq!(w.state.saga.plan_entry, None, "discarded once");
}

#[test]
fn given_a_cached_plan_when_its_step_fails_retryably_until_exhausted_then_nothing_is_discarded() {
    let mut w = Cached::new();
    let plan = json!({"steps": [{"id": "flight", "tool": "book_flight", "retry": {"max_attempts": 1, "initial_backoff_ms": 100, "multiplier": 2.0, "max_backoff_ms": 1000}}]});
    let d = w.planned(plan, Some(ENTRY));
    let step = d.commands().next().cloned().expect("dispatched");
    let d = w.fail(&step, true);
    assert!(discards(&d).is_empty(), "a flaky tool says nothing about the plan");
    assert_eq!(w.state.status(), Status::Failed);
    assert_eq!(w.state.saga.plan_entry.as_deref(), Some(ENTRY));
}

#[test]
fn given_a_plan_not_from_the_cache_when_a_step_is_refused_then_nothing_is_discarded() {
    let mut w = Cached::new();
    let d = w.planned(flight(), None);
    let step = d.commands().next().cloned().expect("dispatched");
    assert!(discards(&w.fail(&step, false)).is_empty());
}

#[test]
fn given_an_invalid_cached_plan_when_it_arrives_then_the_entry_is_discarded_and_the_workflow_fails() {
    let mut w = Cached::new();
    let cyclic = json!({"steps": [
        {"id": "a", "tool": "book_flight", "depends_on": ["b"]},
        {"id": "b", "tool": "book_hotel", "depends_on": ["a"]}
    ]});
    let d = w.planned(cyclic, Some(ENTRY));
    let names: Vec<&str> = d.events.iter().map(|e| e.kind.name()).collect();
    assert_eq!(names, ["InputAccepted", "CachedPlanDiscarded", "PlanRejected", "WorkflowFailed"]);
    assert_eq!(discards(&d)[0].entry, ENTRY);
}
