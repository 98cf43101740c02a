//! Invariants of the saga core under random plans and random interleavings of answers,
//! failures, `not_run` answers (outages), timeouts, redeliveries, stale answers, cancels and
//! signals:
//! - replaying the recorded events gives the live state; re-deciding the recorded inputs
//!   gives the recorded outputs byte for byte;
//! - a redelivered input changes nothing and emits nothing;
//! - every run ends in a valid terminal state once the world behaves;
//! - compensation waits for in-flight steps and respects reverse dependency order;
//! - no command id is ever published twice;
//! - every successful effect, late ones included, is kept as its step's output or accounted
//!   for exactly once (undone by a compensation of its own, carried by the step's, the same
//!   effect as one already counted, or irreversible).

use std::collections::HashSet;

use apex::core::builder::InputBuilder;
use apex::core::command::Command;
use apex::core::envelope::Envelope;
use apex::core::event::{Event, EventKind, LateFate};
use apex::core::ids::{TenantId, WorkflowId};
use apex::core::input::Input;
use apex::core::plan::{Limits, Plan, ValidPlan};
use apex::core::replay::{Recorded, verify};
use apex::core::state::{CompPhase, Phase};
use apex::core::time::Timestamp;
use apex::core::{Decision, Rejection, Status, Workflow, decide, replay};
use proptest::prelude::*;
use serde_json::json;
use uuid::Uuid;

#[derive(Debug, Clone)]
struct StepSpec {
    deps: Vec<usize>,
    compensable: bool,
    attempts: u32,
    comp_attempts: u32,
    approval: bool,
}

fn plan_strategy() -> impl Strategy<Value = Vec<StepSpec>> {
    (1usize..7).prop_flat_map(|n| {
        (0..n)
            .map(|i| {
                (
                    proptest::collection::vec(0..i.max(1), 0..=i.min(3)),
                    any::<bool>(),
                    1u32..4,
                    1u32..3,
                    prop::bool::weighted(0.1),
                )
                    .prop_map(move |(deps, compensable, attempts, comp_attempts, approval)| StepSpec {
                        deps: if i == 0 { vec![] } else { deps },
                        compensable,
                        attempts,
                        comp_attempts,
                        approval,
                    })
            })
            .collect::<Vec<_>>()
    })
}

fn to_plan(specs: &[StepSpec]) -> Plan {
    let steps: Vec<_> = specs
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut deps: Vec<String> = s.deps.iter().map(|d| format!("s{d}")).collect();
            deps.sort();
            deps.dedup();
            let retry =
                |n: u32| json!({"max_attempts": n, "initial_backoff_ms": 10, "multiplier": 2.0, "max_backoff_ms": 100});
            let mut step = json!({"id": format!("s{i}"), "tool": "t", "depends_on": deps, "timeout_ms": 1000,
                                  "retry": retry(s.attempts), "requires_approval": s.approval});
            if s.compensable {
                step["compensation"] = json!({"tool": "undo", "timeout_ms": 500, "retry": retry(s.comp_attempts)});
            }
            step
        })
        .collect();
    serde_json::from_value(json!({ "steps": steps })).unwrap()
}

#[derive(Debug, Clone, Copy)]
enum Action {
    Answer {
        pick: usize,
        ok: bool,
        retryable: bool,
    },
    Redeliver {
        pick: usize,
    },
    AnswerStale {
        pick: usize,
    },
    /// The executor could not run it (an outage): answered `not_run`.
    NotRun {
        pick: usize,
    },
    FireTimer,
    Cancel,
    Resume,
}

fn action_strategy() -> impl Strategy<Value = Action> {
    prop_oneof![
        10 => (any::<usize>(), prop::bool::weighted(0.7), any::<bool>())
            .prop_map(|(pick, ok, retryable)| Action::Answer { pick, ok, retryable }),
        2 => any::<usize>().prop_map(|pick| Action::Redeliver { pick }),
        2 => any::<usize>().prop_map(|pick| Action::AnswerStale { pick }),
        2 => any::<usize>().prop_map(|pick| Action::NotRun { pick }),
        3 => Just(Action::FireTimer),
        1 => Just(Action::Cancel),
        1 => Just(Action::Resume),
    ]
}

/// Runs a workflow and records everything that crossed the core.
struct World {
    state: Workflow,
    /// The same workflow driven through `Workflow::handle` (the processor's in-place path).
    handled: Workflow,
    inputs: InputBuilder,
    now: Timestamp,
    history: Vec<Recorded>,
    events: Vec<Event>,
    pending: Vec<Command>,
    /// Commands answered, and whether the answer was a success the core took in.
    answered: Vec<(Command, bool)>,
    published: Vec<Uuid>,
    /// Whether the tools deduplicate attempts (same output for every attempt of a step).
    dedupes: bool,
    /// Every step attempt answered with success: step, attempt, output.
    effects: Vec<(String, u32, serde_json::Value)>,
}

impl World {
    fn new(dedupes: bool) -> Self {
        Self {
            dedupes,
            effects: Vec::new(),
            state: Workflow::default(),
            handled: Workflow::default(),
            inputs: InputBuilder::new(
                WorkflowId::from_uuid(Uuid::from_u128(42)),
                TenantId::parse("t").unwrap(),
                "prop",
            ),
            now: Timestamp::from_millis(1_000_000),
            history: Vec::new(),
            events: Vec::new(),
            pending: Vec::new(),
            answered: Vec::new(),
            published: Vec::new(),
        }
    }

    fn feed(&mut self, input: Envelope<Input>) -> Decision {
        let decided = decide(&self.state, &input);
        let in_place = self.handled.handle(&input, &Limits::default());
        assert_eq!(in_place, decided, "handle decides exactly as decide");
        let decision = match decided {
            Ok(decision) => decision,
            Err(rejection @ Rejection::WorkflowEnded { .. }) => {
                // An ended workflow refuses what it would only ignore: nothing is recorded.
                assert!(self.state.status().is_terminal(), "{rejection}");
                assert_eq!(self.handled, self.state, "a refused input changes nothing");
                self.history.push(Recorded { input, decision: Err(rejection) });
                return Decision::default();
            }
            Err(other) => panic!("no other rejection in this world: {other}"),
        };
        if decision.commands().any(|c| matches!(c, Command::CompensateStep(c) if c.effect.is_none())) {
            let mut after = self.state.clone();
            decision.events.iter().for_each(|e| after.apply(e));
            assert!(
                after.saga().steps.iter().all(|s| s.phase != Phase::Running),
                "compensation dispatched while a step is in flight"
            );
        }
        for e in &decision.events {
            self.state.apply(e);
            // The projector's status column reads the transition; evolve must agree with it.
            if let Some(transition) = e.kind.transition() {
                assert_eq!(self.state.status(), transition.status, "after {}", e.kind.name());
            }
        }
        assert_eq!(self.handled, self.state, "handle leaves the state decide + apply leaves");
        self.events.extend(decision.events.iter().cloned());
        self.published.extend(decision.outbound.iter().map(|e| e.event_id.as_uuid()));
        self.pending.extend(decision.commands().filter(|c| !matches!(c, Command::PlanGoal(_))).cloned());
        self.history.push(Recorded { input, decision: Ok(decision.clone()) });
        decision
    }

    fn answer(&mut self, command: &Command, ok: bool, retryable: bool) -> Envelope<Input> {
        let now = self.now;
        match command {
            Command::ExecuteStep(c) if ok => {
                let output = match self.dedupes {
                    true => json!({"step": c.step_id.as_str()}),
                    false => json!({"step": c.step_id.as_str(), "attempt": c.attempt}),
                };
                self.effects.push((c.step_id.to_string(), c.attempt, output.clone()));
                self.inputs.step_done(now, c, output)
            }
            Command::ExecuteStep(c) => self.inputs.step_failed(now, c, "tool error", retryable),
            Command::CompensateStep(c) if ok => self.inputs.compensated(now, c),
            Command::CompensateStep(c) => self.inputs.compensation_failed(now, c, retryable),
            Command::RequestApproval(c) => {
                self.inputs.signal(now, if ok || retryable { "approve" } else { "reject" }, Some(c.step_id.clone()))
            }
            Command::PlanGoal(_) | Command::DiscardCachedPlan(_) => {
                unreachable!("plans are answered up front, uncached")
            }
        }
    }

    fn fire_timer(&mut self) -> bool {
        let Some(timer) = self.state.timers().iter().min_by_key(|t| t.due_at).cloned() else { return false };
        self.now = self.now.max(timer.due_at);
        let input = self.inputs.timer(self.now, timer.id);
        self.feed(input);
        true
    }

    fn act(&mut self, action: Action) {
        self.now = self.now.plus_millis(3);
        match action {
            Action::Answer { pick, ok, retryable } if !self.pending.is_empty() => {
                let command = self.pending.remove(pick % self.pending.len());
                let input = self.answer(&command, ok, retryable);
                let d = self.feed(input);
                let taken = ok && d.events.last().is_some_and(|e| !matches!(e.kind, EventKind::InputIgnored { .. }));
                self.answered.push((command, taken));
            }
            Action::NotRun { pick } if !self.pending.is_empty() => {
                let command = self.pending.remove(pick % self.pending.len());
                let mut input = self.answer(&command, false, true);
                match &mut input.payload {
                    Input::StepFailed(f) => f.not_run = true,
                    Input::CompensationFailed(f) => f.not_run = true,
                    _ => {}
                }
                self.answered.push((command, false));
                self.feed(input);
            }
            Action::Redeliver { pick } if !self.history.is_empty() => {
                let recorded = &self.history[pick % self.history.len()];
                let (input, refused) = (recorded.input.clone(), recorded.decision.is_err());
                let before = self.state.clone();
                // An input refused by an ended workflow was never recorded: sent again, it is
                // decided afresh (a `resume` may matter now that a late compensation is stuck).
                match decide(&self.state, &input) {
                    Ok(d) if !refused => {
                        assert!(d.is_duplicate() && d.outbound.is_empty(), "a redelivery emitted something")
                    }
                    Ok(_) => {}
                    Err(rejection) => assert!(refused, "only a refused input is refused again: {rejection}"),
                }
                assert_eq!(self.state, before);
            }
            Action::AnswerStale { pick } if !self.answered.is_empty() => {
                let (command, was_taken) = self.answered[pick % self.answered.len()].clone();
                let steps_before = self.state.saga().steps.clone();
                let status_before = self.state.status();
                let input = self.answer(&command, true, true);
                let d = self.feed(input);
                // A success after a failure (or after an ignored answer) may be a late effect
                // (kept or undone); a second success of one attempt is a duplicate and
                // changes nothing.
                if was_taken && let Command::ExecuteStep(_) | Command::CompensateStep(_) = command {
                    let refused = d.events.is_empty() && status_before.is_terminal();
                    assert!(
                        refused || matches!(d.events.last().map(|e| &e.kind), Some(EventKind::InputIgnored { .. })),
                        "{command:?} answered again in {status_before:?}: {:?}",
                        d.events.iter().map(|e| &e.kind).collect::<Vec<_>>()
                    );
                    assert_eq!(self.state.saga().steps, steps_before);
                    assert_eq!(self.state.status(), status_before);
                }
            }
            Action::FireTimer => {
                self.fire_timer();
            }
            Action::Cancel => {
                let input = self.inputs.cancel(self.now, "random cancel");
                self.feed(input);
            }
            Action::Resume => {
                let input = self.inputs.signal(self.now, "resume", None);
                self.feed(input);
            }
            _ => {}
        }
    }

    /// From here on every tool works and every command gets its answer, superseded attempts
    /// included; returns once the workflow has ended and nothing is left in flight.
    fn settle(&mut self) {
        for _ in 0..1000 {
            let exhausted_late =
                self.state.saga().steps.iter().any(|s| s.late.iter().any(|l| l.comp.phase == CompPhase::Exhausted));
            if self.state.status().is_terminal()
                && !exhausted_late
                && self.pending.is_empty()
                && self.state.timers().is_empty()
            {
                return;
            }
            if self.state.status() == Status::Parked || exhausted_late {
                let input = self.inputs.signal(self.now, "resume", None);
                self.feed(input);
            } else if let Some(command) = self.pending.pop() {
                let input = self.answer(&command, true, true);
                self.answered.push((command, true));
                self.feed(input);
            } else if !self.fire_timer() {
                panic!("stuck in {:?} with nothing pending", self.state.status());
            }
        }
        panic!("did not settle: {:?}", self.state.status());
    }
}

fn run(specs: &[StepSpec], script: &[Action]) -> (World, ValidPlan) {
    run_with(specs, script, false)
}

fn run_with(specs: &[StepSpec], script: &[Action], dedupes: bool) -> (World, ValidPlan) {
    let mut world = World::new(dedupes);
    let goal = world.inputs.goal(world.now, "random goal", Some(60_000));
    let d = world.feed(goal);
    let Some(Command::PlanGoal(request)) = d.commands().next().cloned() else { panic!("no plan request") };
    let plan = to_plan(specs);
    let valid = ValidPlan::new(plan.clone(), &Default::default()).expect("generated plans are valid");
    let answer = world.inputs.plan(world.now, request.command_id, plan);
    world.feed(answer);
    for &action in script {
        world.act(action);
    }
    world.settle();
    (world, valid)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn replay_equals_live_state_and_redeciding_reproduces_outputs(
        specs in plan_strategy(), script in proptest::collection::vec(action_strategy(), 0..60)
    ) {
        let (world, _) = run(&specs, &script);
        prop_assert_eq!(&replay(&world.events), &world.state);
        let replayed = verify(&world.history).map_err(|d| TestCaseError::fail(d.to_string()))?;
        prop_assert_eq!(replayed, world.state.clone());
        let json: Vec<u8> = world.events.iter().flat_map(|e| serde_json::to_vec(e).unwrap()).collect();
        prop_assert!(!json.is_empty());
        let decoded: Vec<Event> = world.events.iter().map(|e| serde_json::from_slice(&serde_json::to_vec(e).unwrap()).unwrap()).collect();
        prop_assert_eq!(replay(&decoded), world.state.clone(), "events survive their JSON form");
    }

    #[test]
    fn every_run_ends_in_a_valid_terminal_state(
        specs in plan_strategy(), script in proptest::collection::vec(action_strategy(), 0..60)
    ) {
        let (world, plan) = run(&specs, &script);
        let saga = world.state.saga();
        match world.state.status() {
            Status::Completed => prop_assert!(saga.steps.iter().all(|s| s.phase == Phase::Succeeded)),
            Status::Compensated | Status::Cancelled | Status::Failed => {
                for (i, run) in saga.steps.iter().enumerate() {
                    let needs = plan.steps()[i].compensation.is_some()
                        && matches!(run.phase, Phase::Succeeded | Phase::Failed { outcome_unknown: true });
                    prop_assert!(!needs || run.comp.phase == CompPhase::Done, "step {} left undone", i);
                    prop_assert!(run.phase != Phase::Running, "step {} still in flight", i);
                }
            }
            other => prop_assert!(false, "ended in {:?}", other),
        }
        prop_assert!(world.state.timers().is_empty(), "timers left after the end");
    }

    #[test]
    fn compensation_respects_reverse_dependency_order(
        specs in plan_strategy(), script in proptest::collection::vec(action_strategy(), 0..60)
    ) {
        let (world, plan) = run(&specs, &script);
        let needed: HashSet<usize> = world.state.saga().steps.iter().enumerate()
            .filter(|(i, r)| plan.steps()[*i].compensation.is_some()
                && matches!(r.phase, Phase::Succeeded | Phase::Failed { outcome_unknown: true }))
            .map(|(i, _)| i)
            .collect();
        let position = |id: &apex::core::ids::StepId| plan.position(id).unwrap();
        for (at, event) in world.events.iter().enumerate() {
            if let EventKind::CompensationDispatched { step_id, effect: None, .. } = &event.kind {
                for &d in plan.dependents(position(step_id)) {
                    if needed.contains(&d) {
                        let undone_before = world.events[..at].iter().any(|e| matches!(&e.kind,
                            EventKind::CompensationSucceeded { step_id: s, effect: None, .. } if position(s) == d));
                        prop_assert!(undone_before, "{} compensated before its dependent s{}", step_id, d);
                    }
                }
            }
        }
    }

    #[test]
    fn no_command_or_outcome_id_is_published_twice(
        specs in plan_strategy(), script in proptest::collection::vec(action_strategy(), 0..60)
    ) {
        let (world, _) = run(&specs, &script);
        let unique: HashSet<_> = world.published.iter().collect();
        prop_assert_eq!(unique.len(), world.published.len());
    }

    #[test]
    fn every_successful_effect_is_kept_or_accounted_for_exactly_once(
        specs in plan_strategy(), script in proptest::collection::vec(action_strategy(), 0..60), dedupes in any::<bool>()
    ) {
        let (world, plan) = run_with(&specs, &script, dedupes);
        let saga = world.state.saga();
        let mut seen = HashSet::new();
        for (step, attempt, output) in &world.effects {
            if !seen.insert((step.clone(), *attempt)) {
                continue; // a second success of one attempt: the same effect
            }
            let i = plan.position(&apex::core::ids::StepId::parse(step).unwrap()).unwrap();
            let run = &saga.steps[i];
            let kept = run.phase == Phase::Succeeded && run.kept == *attempt;
            let late: Vec<_> = run.late.iter().filter(|l| l.attempt == *attempt).collect();
            prop_assert!(late.len() <= 1, "{} #{} recorded late twice", step, attempt);
            prop_assert!(kept != (late.len() == 1), "{} #{} kept: {}, late: {}", step, attempt, kept, late.len());
            let Some(l) = late.first() else { continue };
            prop_assert_eq!(l.output.value(), output);
            let undone = world.events.iter().filter(|e| matches!(&e.kind,
                EventKind::CompensationSucceeded { step_id, effect: Some(a), .. } if step_id.as_str() == step && a == attempt)).count();
            match l.fate {
                LateFate::Undo => prop_assert_eq!(undone, 1, "{} #{} undone {} times", step, attempt, undone),
                LateFate::SameEffect => {
                    let others = run.late.iter().filter(|o| o.attempt != *attempt).map(|o| &o.output);
                    let same = (run.phase == Phase::Succeeded && run.output == l.output) || others.into_iter().any(|o| *o == l.output);
                    prop_assert!(same && undone == 0, "{} #{} is not the same as another effect", step, attempt);
                }
                LateFate::CoveredByStep => {
                    let unknown = run.phase == (Phase::Failed { outcome_unknown: true });
                    prop_assert!(unknown && run.comp.phase == CompPhase::Done && undone == 0, "{} #{} not covered", step, attempt);
                }
                LateFate::Irreversible => prop_assert!(plan.steps()[i].compensation.is_none()),
            }
        }
    }
}
