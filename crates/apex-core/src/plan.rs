//! The plan model: steps forming a DAG, each with a tool, parameters, an optional
//! compensation, a retry policy and a timeout. [`Plan`] is what planners send;
//! [`ValidPlan`] is what the saga runs, and only [`ValidPlan::new`] makes one.

use std::fmt;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::adjacency::Adjacency;
use super::hash::FxHashMap;
use super::ids::{StepId, ToolName};
use super::json::Json;

/// A plan as a planner produces it. Unchecked: see [`ValidPlan`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// The steps, in the planner's order. Dispatch order among ready steps follows it.
    pub steps: Vec<Step>,
}

/// One tool call of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Unique within the plan.
    pub id: StepId,
    /// The tool that performs the step.
    pub tool: ToolName,
    /// Parameters for the tool.
    #[serde(default)]
    pub input: Json,
    /// Steps that must succeed before this one starts.
    #[serde(default)]
    pub depends_on: Vec<StepId>,
    /// How to undo the step when the saga rolls back; `None` when nothing needs undoing.
    #[serde(default)]
    pub compensation: Option<Compensation>,
    /// How often and how patiently to retry a failed attempt.
    #[serde(default)]
    pub retry: RetryPolicy,
    /// How long one attempt may run before it counts as failed (and possibly done: see
    /// the README on timeouts).
    #[serde(default = "default_timeout_ms")]
    pub timeout_ms: u64,
    /// When set, the step waits for an `approve` signal before it is dispatched.
    #[serde(default)]
    pub requires_approval: bool,
}

/// The undo action of a step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Compensation {
    /// The tool that undoes the step, e.g. `cancel_flight`.
    pub tool: ToolName,
    /// Parameters for it; the step's own output is sent alongside.
    #[serde(default)]
    pub input: Json,
    /// Compensations retry too; exhausting them parks the workflow.
    #[serde(default)]
    pub retry: RetryPolicy,
    /// Limit for one compensation attempt.
    #[serde(default = "default_timeout_ms")]
    pub timeout_ms: u64,
}

/// Exponential backoff: attempt `n + 1` starts `min(initial * multiplier^(n-1), max)` after
/// attempt `n` failed. No jitter: the core is deterministic.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RetryPolicy {
    /// Attempts in all, including the first.
    pub max_attempts: u32,
    /// Delay before the second attempt.
    pub initial_backoff_ms: u64,
    /// Growth factor per further attempt (≥ 1).
    pub multiplier: f64,
    /// Upper bound of any delay.
    pub max_backoff_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self { max_attempts: 3, initial_backoff_ms: 1_000, multiplier: 2.0, max_backoff_ms: 60_000 }
    }
}

impl RetryPolicy {
    /// The delay before attempt `failed + 1`, given that attempt `failed` (1-based) failed.
    pub fn backoff_ms(&self, failed: u32) -> u64 {
        let exp = i32::try_from(failed.saturating_sub(1)).unwrap_or(i32::MAX);
        let delay = self.initial_backoff_ms as f64 * self.multiplier.powi(exp);
        if delay.is_finite() && delay < self.max_backoff_ms as f64 { delay as u64 } else { self.max_backoff_ms }
    }
}

const fn default_timeout_ms() -> u64 {
    30_000
}

/// Bounds a plan must respect. The defaults suit agent plans; they exist so that a runaway
/// planner cannot make a workflow's state unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most steps in one plan.
    pub max_steps: usize,
    /// Most bytes of one step's parameters (compact JSON).
    pub max_input_bytes: usize,
    /// Most attempts a retry policy may ask for.
    pub max_attempts: u32,
    /// Longest timeout or backoff, in milliseconds.
    pub max_duration_ms: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self { max_steps: 64, max_input_bytes: 64 * 1024, max_attempts: 20, max_duration_ms: 24 * 3_600_000 }
    }
}

/// What is wrong with a plan; the message names the step and the field.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanError {
    #[error("the plan has no steps")]
    Empty,
    #[error("the plan has {count} steps; at most {max} are allowed")]
    TooManySteps { count: usize, max: usize },
    #[error("step `{0}` appears more than once")]
    DuplicateStep(StepId),
    #[error("step `{step}` depends on unknown step `{missing}`")]
    UnknownDependency { step: StepId, missing: StepId },
    #[error("step `{0}` depends on itself")]
    SelfDependency(StepId),
    #[error("steps {0} form a dependency cycle")]
    Cycle(StepList),
    #[error("step `{step}`: {field} is {bytes} bytes; at most {max} are allowed")]
    InputTooLarge { step: StepId, field: &'static str, bytes: usize, max: usize },
    #[error("step `{step}`: {field} {reason}")]
    BadValue { step: StepId, field: &'static str, reason: String },
}

/// A list of step ids, printed as `` `a`, `b` ``.
#[derive(Debug, Clone, PartialEq)]
pub struct StepList(pub Vec<StepId>);

impl fmt::Display for StepList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "`{s}`")?;
        }
        Ok(())
    }
}

/// Up to this many steps, finding a step by comparing a few short ids beats hashing one.
const LINEAR_SEARCH_MAX: usize = 16;

/// A plan that passed [`ValidPlan::new`]: ids unique, dependencies known and acyclic, values
/// within [`Limits`]. Carries the dependency graph as indices for the saga's hot path.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidPlan {
    /// Shared with the `PlanGenerated` input it came from: accepting a plan copies no step.
    plan: Arc<Plan>,
    /// Step positions by id, built only for plans too long for a linear search.
    index: Option<FxHashMap<StepId, usize>>,
    deps: Adjacency,
    dependents: Adjacency,
}

impl ValidPlan {
    /// Checks `plan` against `limits`.
    ///
    /// # Errors
    /// The first [`PlanError`] found, in step order.
    pub fn new(plan: impl Into<Arc<Plan>>, limits: &Limits) -> Result<Self, PlanError> {
        let plan = plan.into();
        let count = plan.steps.len();
        if count == 0 {
            return Err(PlanError::Empty);
        }
        if count > limits.max_steps {
            return Err(PlanError::TooManySteps { count, max: limits.max_steps });
        }
        let mut index = (count > LINEAR_SEARCH_MAX).then(FxHashMap::default);
        for (i, step) in plan.steps.iter().enumerate() {
            let duplicate = match &mut index {
                Some(index) => index.insert(step.id.clone(), i).is_some(),
                None => plan.steps[..i].iter().any(|s| s.id == step.id),
            };
            if duplicate {
                return Err(PlanError::DuplicateStep(step.id.clone()));
            }
            check_step(step, limits)?;
        }
        let position = |id: &StepId| match &index {
            Some(index) => index.get(id).copied(),
            None => plan.steps.iter().position(|s| s.id == *id),
        };
        let mut deps = Adjacency::with_capacity(count);
        for step in &plan.steps {
            for dep in &step.depends_on {
                if *dep == step.id {
                    return Err(PlanError::SelfDependency(step.id.clone()));
                }
                let j = position(dep)
                    .ok_or_else(|| PlanError::UnknownDependency { step: step.id.clone(), missing: dep.clone() })?;
                deps.push_unique(j);
            }
            deps.finish_node();
        }
        let dependents = deps.reversed();
        check_acyclic(&plan, &deps, &dependents)?;
        Ok(Self { plan, index, deps, dependents })
    }

    /// The plan as the planner sent it.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The steps, in plan order.
    pub fn steps(&self) -> &[Step] {
        &self.plan.steps
    }

    /// Position of a step in [`Self::steps`].
    pub fn position(&self, id: &StepId) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(id).copied(),
            None => self.plan.steps.iter().position(|s| s.id == *id),
        }
    }

    /// Positions of the steps that step `i` depends on.
    pub fn deps(&self, i: usize) -> &[usize] {
        self.deps.of(i)
    }

    /// Positions of the steps that depend on step `i`.
    pub fn dependents(&self, i: usize) -> &[usize] {
        self.dependents.of(i)
    }
}

fn check_step(step: &Step, limits: &Limits) -> Result<(), PlanError> {
    let bad = |field: &'static str, reason: String| PlanError::BadValue { step: step.id.clone(), field, reason };
    let size = |field: &'static str, json: &Json| {
        let bytes = json.encoded_len();
        if bytes > limits.max_input_bytes {
            Err(PlanError::InputTooLarge { step: step.id.clone(), field, bytes, max: limits.max_input_bytes })
        } else {
            Ok(())
        }
    };
    let duration = |field: &'static str, ms: u64, zero_ok: bool| {
        if (!zero_ok && ms == 0) || ms > limits.max_duration_ms {
            Err(bad(field, format!("is {ms} ms; it must be between 1 and {} ms", limits.max_duration_ms)))
        } else {
            Ok(())
        }
    };
    let retry = |prefix: &'static [&'static str; 4], r: &RetryPolicy| {
        if r.max_attempts == 0 || r.max_attempts > limits.max_attempts {
            return Err(bad(
                prefix[0],
                format!("is {}; it must be between 1 and {}", r.max_attempts, limits.max_attempts),
            ));
        }
        if !(r.multiplier.is_finite() && r.multiplier >= 1.0) {
            return Err(bad(prefix[1], format!("is {}; it must be a finite number ≥ 1", r.multiplier)));
        }
        duration(prefix[2], r.initial_backoff_ms, true)?;
        duration(prefix[3], r.max_backoff_ms, true)
    };
    size("input", &step.input)?;
    duration("timeout_ms", step.timeout_ms, false)?;
    retry(
        &["retry.max_attempts", "retry.multiplier", "retry.initial_backoff_ms", "retry.max_backoff_ms"],
        &step.retry,
    )?;
    if let Some(c) = &step.compensation {
        size("compensation.input", &c.input)?;
        duration("compensation.timeout_ms", c.timeout_ms, false)?;
        retry(
            &[
                "compensation.retry.max_attempts",
                "compensation.retry.multiplier",
                "compensation.retry.initial_backoff_ms",
                "compensation.retry.max_backoff_ms",
            ],
            &c.retry,
        )?;
    }
    Ok(())
}

/// Kahn's algorithm; whatever cannot be ordered lies on or behind a cycle.
fn check_acyclic(plan: &Plan, deps: &Adjacency, dependents: &Adjacency) -> Result<(), PlanError> {
    let mut missing: Vec<usize> = (0..deps.len()).map(|i| deps.of(i).len()).collect();
    let mut ready: Vec<usize> = (0..deps.len()).filter(|&i| missing[i] == 0).collect();
    let mut ordered = 0;
    while let Some(i) = ready.pop() {
        ordered += 1;
        for &d in dependents.of(i) {
            missing[d] -= 1;
            if missing[d] == 0 {
                ready.push(d);
            }
        }
    }
    if ordered == deps.len() {
        return Ok(());
    }
    let stuck = (0..deps.len()).filter(|&i| missing[i] > 0).map(|i| plan.steps[i].id.clone()).collect();
    Err(PlanError::Cycle(StepList(stuck)))
}

impl Serialize for ValidPlan {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.plan.serialize(s)
    }
}

impl<'de> Deserialize<'de> for ValidPlan {
    /// Recorded plans are checked again on the way in (with default limits), so a corrupted
    /// event log cannot smuggle an invalid plan into a workflow.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let plan = Plan::deserialize(d)?;
        ValidPlan::new(plan, &Limits::default()).map_err(serde::de::Error::custom)
    }
}

/// Shared, immutable plan: workflows and events hold it without copying.
pub type SharedPlan = Arc<ValidPlan>;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn plan(value: serde_json::Value) -> Plan {
        serde_json::from_value(value).unwrap()
    }

    fn validate(value: serde_json::Value) -> Result<ValidPlan, PlanError> {
        ValidPlan::new(plan(value), &Limits::default())
    }

    #[test]
    fn given_a_dag_when_validated_then_the_graph_is_indexed() {
        let p = validate(json!({"steps": [
            {"id": "search", "tool": "search_flights"},
            {"id": "book", "tool": "book_flight", "depends_on": ["search"],
             "compensation": {"tool": "cancel_flight"}},
            {"id": "mail", "tool": "send_email", "depends_on": ["book"]}
        ]}))
        .unwrap();
        assert_eq!(p.deps(1), &[0]);
        assert_eq!(p.dependents(0), &[1]);
        assert_eq!(p.position(&StepId::parse("mail").unwrap()), Some(2));
        assert_eq!(p.steps()[0].retry, RetryPolicy::default());
        assert_eq!(p.steps()[0].timeout_ms, 30_000);
    }

    #[test]
    fn given_a_plan_longer_than_a_linear_search_then_it_is_indexed_by_id() {
        let chain = |n: usize, dup: bool| {
            let steps: Vec<_> = (0..n)
                .map(|i| {
                    let id = if dup && i == n - 1 { "s0".to_owned() } else { format!("s{i}") };
                    let deps: Vec<String> = (i > 0).then(|| format!("s{}", i - 1)).into_iter().collect();
                    json!({"id": id, "tool": "t", "depends_on": deps})
                })
                .collect();
            validate(json!({ "steps": steps }))
        };
        let p = chain(40, false).unwrap();
        assert_eq!(p.position(&StepId::parse("s39").unwrap()), Some(39));
        assert_eq!(p.position(&StepId::parse("s40").unwrap()), None);
        assert_eq!((p.deps(39), p.dependents(0)), (&[38][..], &[1][..]));
        assert!(matches!(chain(40, true), Err(PlanError::DuplicateStep(id)) if id.as_str() == "s0"));
        assert!(matches!(chain(LINEAR_SEARCH_MAX, true), Err(PlanError::DuplicateStep(_))));
    }

    #[test]
    fn given_bad_plans_then_the_error_names_the_step() {
        let cases = [
            (json!({"steps": []}), "the plan has no steps"),
            (json!({"steps": [{"id": "a", "tool": "t"}, {"id": "a", "tool": "t"}]}), "step `a` appears more than once"),
            (
                json!({"steps": [{"id": "a", "tool": "t", "depends_on": ["zz"]}]}),
                "step `a` depends on unknown step `zz`",
            ),
            (json!({"steps": [{"id": "a", "tool": "t", "depends_on": ["a"]}]}), "step `a` depends on itself"),
            (
                json!({"steps": [{"id": "a", "tool": "t", "depends_on": ["b"]}, {"id": "b", "tool": "t", "depends_on": ["a"]}, {"id": "c", "tool": "t"}]}),
                "steps `a`, `b` form a dependency cycle",
            ),
            (
                json!({"steps": [{"id": "a", "tool": "t", "timeout_ms": 0}]}),
                "step `a`: timeout_ms is 0 ms; it must be between 1 and 86400000 ms",
            ),
            (
                json!({"steps": [{"id": "a", "tool": "t", "retry": {"max_attempts": 0, "initial_backoff_ms": 1, "multiplier": 2.0, "max_backoff_ms": 5}}]}),
                "step `a`: retry.max_attempts is 0; it must be between 1 and 20",
            ),
            (
                json!({"steps": [{"id": "a", "tool": "t", "compensation": {"tool": "u", "retry": {"max_attempts": 2, "initial_backoff_ms": 1, "multiplier": 0.5, "max_backoff_ms": 5}}}]}),
                "step `a`: compensation.retry.multiplier is 0.5; it must be a finite number ≥ 1",
            ),
        ];
        for (value, expected) in cases {
            assert_eq!(validate(value).unwrap_err().to_string(), expected);
        }
    }

    #[test]
    fn limits_bound_steps_and_input_size() {
        let steps: Vec<_> = (0..65).map(|i| json!({"id": format!("s{i}"), "tool": "t"})).collect();
        assert_eq!(validate(json!({ "steps": steps })).unwrap_err(), PlanError::TooManySteps { count: 65, max: 64 });
        let big = "x".repeat(70 * 1024);
        assert!(matches!(
            validate(json!({"steps": [{"id": "a", "tool": "t", "input": {"blob": big}}]})),
            Err(PlanError::InputTooLarge { field: "input", .. })
        ));
    }

    #[test]
    fn unknown_fields_are_refused() {
        let err = serde_json::from_value::<Plan>(json!({"steps": [{"id": "a", "tool": "t", "tol": 1}]})).unwrap_err();
        assert!(err.to_string().contains("unknown field `tol`"), "{err}");
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let r = RetryPolicy { max_attempts: 5, initial_backoff_ms: 100, multiplier: 3.0, max_backoff_ms: 1_000 };
        assert_eq!([r.backoff_ms(1), r.backoff_ms(2), r.backoff_ms(3), r.backoff_ms(4)], [100, 300, 900, 1_000]);
        assert_eq!(r.backoff_ms(u32::MAX), 1_000);
    }
}
