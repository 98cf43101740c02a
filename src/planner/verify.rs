//! The guard in front of plan reuse. A wrong plan reused is worse than an LLM call, so a
//! cache hit is used only if, in this order:
//!
//! 1. it is similar enough (cosine ≥ the threshold);
//! 2. its slot kinds are the goal's, in order (every placeholder will get a value of its type);
//! 3. its intent signature is the goal's ("book" is not "cancel", "do not …" is not "…");
//! 4. its plan parses and every placeholder is filled from the goal;
//! 5. every tool exists in the current catalog and accepts the parameters;
//! 6. the instantiated plan validates (DAG, limits).
//!
//! Each failed check is a [`ReuseRefusal`] with a reason that is logged and counted.

use super::cache::Candidate;
use super::catalog::ToolCatalog;
use super::intent::Signature;
use super::parameterize::instantiate;
use super::template::{SlotKind, Template};
use crate::core::plan::{Limits, Plan, ValidPlan};

/// Why a cache hit was not used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReuseRefusal {
    #[error("similarity {similarity:.3} is below the threshold {threshold:.3}")]
    BelowThreshold { similarity: f64, threshold: f64 },
    #[error("slot kinds differ: cached `{cached}`, goal `{goal}`")]
    SlotMismatch { cached: String, goal: String },
    #[error("intents differ: cached `{cached}`, goal `{goal}`")]
    IntentMismatch { cached: String, goal: String },
    #[error("the cached plan is unreadable: {0}")]
    Corrupt(String),
    #[error("{0}")]
    MissingSlot(String),
    #[error("{0}")]
    Catalog(String),
    #[error("the instantiated plan is invalid: {0}")]
    Invalid(String),
    #[error("made by {cached}, an older built-in planner than {current}")]
    Outdated { cached: String, current: String },
    /// The goal says "not" about something no intent places ("…, can't wait"): a plan made
    /// for a goal without it could do what was refused.
    #[error("the goal says \"{0}\" about something its intents do not place")]
    UnclearNegation(String),
    /// The built-in planner's classifier, confident, tells other tools than the cached plan
    /// has: the plan would be refused if made afresh, so it is not reused either.
    #[error("the cached plan calls {cached}, but goals worded like this one need {told}")]
    Disputed { cached: String, told: String },
}

impl ReuseRefusal {
    /// A short label for metrics.
    pub const fn reason(&self) -> &'static str {
        match self {
            Self::BelowThreshold { .. } => "below_threshold",
            Self::SlotMismatch { .. } => "slot_mismatch",
            Self::IntentMismatch { .. } => "intent_mismatch",
            Self::Corrupt(_) => "corrupt",
            Self::MissingSlot(_) => "missing_slot",
            Self::Outdated { .. } => "outdated",
            Self::Catalog(_) => "catalog",
            Self::Invalid(_) => "invalid_plan",
            Self::UnclearNegation(_) => "unclear_negation",
            Self::Disputed { .. } => "disputed",
        }
    }
}

/// The slot kinds of a template as stored with a cache entry. A place introduced by "from"
/// is marked as an origin: "to Oslo from London" must not reuse the plan of "from London to
/// Oslo", whose placeholders are in the other order.
pub fn slot_kinds(template: &Template) -> String {
    let kinds: Vec<String> = template
        .slots
        .iter()
        .map(|s| match (s.kind, s.after.as_deref()) {
            (SlotKind::Location, Some("from")) => "LOCATION<from>".to_owned(),
            (kind, _) => kind.name().to_owned(),
        })
        .collect();
    kinds.join(" ")
}

/// What a goal is checked against, read once per goal rather than once per candidate.
#[derive(Debug, Clone, Copy)]
pub struct GoalShape<'a> {
    pub template: &'a Template,
    pub signature: &'a Signature,
    /// A "not" of the goal its signature cannot place ([`super::intent::unexplained_negation`]).
    pub unplaced_negation: Option<&'a str>,
}

/// How much of the guard runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Checks {
    /// Every check above (production).
    #[default]
    All,
    /// Similarity and placeholders only, as semantic caches without verification do: the
    /// benchmark's baseline, to show what the other checks prevent.
    SimilarityOnly,
}

/// The plan `candidate` yields for `goal`, if every check passes.
///
/// # Errors
/// The first [`ReuseRefusal`].
pub fn verify(
    candidate: &Candidate,
    goal: GoalShape<'_>,
    catalog: &ToolCatalog,
    threshold: f64,
    checks: Checks,
) -> Result<Plan, ReuseRefusal> {
    if candidate.similarity < threshold {
        return Err(ReuseRefusal::BelowThreshold { similarity: candidate.similarity, threshold });
    }
    let current = super::builtin::provenance();
    if candidate.entry.origin.starts_with("builtin") && candidate.entry.origin != current {
        return Err(ReuseRefusal::Outdated { cached: candidate.entry.origin.clone(), current });
    }
    if checks == Checks::SimilarityOnly {
        let plan: Plan =
            serde_json::from_str(&candidate.entry.plan).map_err(|e| ReuseRefusal::Corrupt(e.to_string()))?;
        return instantiate(&plan, goal.template).map_err(|e| ReuseRefusal::MissingSlot(e.to_string()));
    }
    let kinds = slot_kinds(goal.template);
    if candidate.entry.slots != kinds {
        return Err(ReuseRefusal::SlotMismatch { cached: candidate.entry.slots.clone(), goal: kinds });
    }
    let signature = goal.signature.to_string();
    if candidate.entry.signature != signature {
        return Err(ReuseRefusal::IntentMismatch { cached: candidate.entry.signature.clone(), goal: signature });
    }
    if let Some(word) = goal.unplaced_negation {
        return Err(ReuseRefusal::UnclearNegation(word.to_owned()));
    }
    let plan: Plan = serde_json::from_str(&candidate.entry.plan).map_err(|e| ReuseRefusal::Corrupt(e.to_string()))?;
    let plan = instantiate(&plan, goal.template).map_err(|e| ReuseRefusal::MissingSlot(e.to_string()))?;
    catalog.check(&plan).map_err(|e| ReuseRefusal::Catalog(e.to_string()))?;
    ValidPlan::new(plan.clone(), &Limits::default()).map_err(|e| ReuseRefusal::Invalid(e.to_string()))?;
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::time::Timestamp;
    use crate::planner::builtin;
    use crate::planner::cache::Entry;
    use crate::planner::intent::{signature, unexplained_negation};
    use crate::planner::parameterize::parameterize;
    use crate::planner::template::extract;
    use crate::tools::Tools;
    use crate::tools::demo::DemoSettings;

    fn now() -> Timestamp {
        Timestamp::parse_rfc3339("2026-11-25T10:00:00Z").unwrap()
    }

    /// A cache entry as the planner would store it for `goal`.
    fn cached(goal: &str, similarity: f64) -> Candidate {
        let t = extract(goal, now());
        let plan = parameterize(&builtin::plan(&t).unwrap(), &t).unwrap();
        Candidate {
            key: "k".into(),
            tenant: "acme".into(),
            catalog: "v1".into(),
            similarity,
            hits: 0,
            entry: Entry {
                template: t.text.clone(),
                slots: slot_kinds(&t),
                signature: signature(&t).to_string(),
                plan: serde_json::to_string(&plan).unwrap(),
                origin: crate::planner::builtin::provenance(),
            },
        }
    }

    fn check(candidate: &Candidate, goal: &str) -> Result<Plan, ReuseRefusal> {
        let t = extract(goal, now());
        let s = signature(&t);
        let unplaced = unexplained_negation(&t, &s);
        let catalog = ToolCatalog::of(&Tools::demo(&DemoSettings::default()));
        let goal = GoalShape { template: &t, signature: &s, unplaced_negation: unplaced.as_deref() };
        verify(candidate, goal, &catalog, 0.9, Checks::All)
    }

    #[test]
    fn a_matching_hit_yields_the_plan_with_the_new_values() {
        let hit = cached("Book a flight to Paris tomorrow and email ann@example.org", 0.97);
        let plan = check(&hit, "Reserve a plane ticket to Rome on Friday and email bob@example.com").unwrap();
        assert_eq!(plan.steps[1].input.value()["to"], "Rome");
        assert_eq!(plan.steps[1].input.value()["date"], "2026-11-27");
        assert_eq!(plan.steps[2].input.value()["to"], "bob@example.com");
    }

    #[test]
    fn plans_of_an_older_built_in_planner_are_not_reused_and_llm_plans_are() {
        for older in ["builtin", "builtin/1"] {
            let mut hit = cached("Book a flight to Paris tomorrow", 0.97);
            hit.entry.origin = older.into();
            assert_eq!(check(&hit, "Book a flight to Rome tomorrow").unwrap_err().reason(), "outdated", "{older}");
        }
        let mut llm = cached("Book a flight to Paris tomorrow", 0.97);
        llm.entry.origin = "llm/gpt-4o-mini/prompt-1".into();
        assert!(check(&llm, "Book a flight to Rome tomorrow").is_ok());
    }

    #[test]
    fn each_check_rejects_with_its_reason() {
        let hit = cached("Book a flight to Paris tomorrow", 0.97);
        let reason = |goal: &str| check(&hit, goal).unwrap_err().reason();
        assert_eq!(
            check(&cached("Book a flight to Paris tomorrow", 0.5), "Book a flight to Rome today").unwrap_err().reason(),
            "below_threshold"
        );
        assert_eq!(reason("Book a flight to Rome"), "slot_mismatch");
        let from_to = cached("Fly from London to Oslo tomorrow", 0.99);
        assert_eq!(check(&from_to, "Fly to Oslo from London tomorrow").unwrap_err().reason(), "slot_mismatch");
        assert!(check(&from_to, "Fly from Lisbon to Riga tomorrow").is_ok());
        assert_eq!(reason("Cancel a flight to Rome tomorrow"), "intent_mismatch");
        assert_eq!(reason("Book a flight to Rome tomorrow but not a hotel"), "intent_mismatch");
        assert_eq!(reason("Book a flight to Rome tomorrow, can't wait"), "unclear_negation");
        let mut corrupt = hit.clone();
        corrupt.entry.plan = "{".into();
        assert_eq!(check(&corrupt, "Book a flight to Rome tomorrow").unwrap_err().reason(), "corrupt");
        let mut foreign = hit.clone();
        foreign.entry.plan = foreign.entry.plan.replace("book_flight\"", "teleport\"");
        assert_eq!(check(&foreign, "Book a flight to Rome tomorrow").unwrap_err().reason(), "catalog");
        let mut unfilled = hit;
        unfilled.entry.plan = unfilled.entry.plan.replace("DATE_0", "DATE_1");
        assert_eq!(check(&unfilled, "Book a flight to Rome tomorrow").unwrap_err().reason(), "missing_slot");
    }
}
