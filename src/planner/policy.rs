//! The plan policy: what an LLM's plan may do for a goal. A plan can fit the catalog and still
//! do what nobody asked: goal text (or a document quoted in it) can steer the model into adding
//! a payment or an email to someone else. Before an LLM plan is accepted, and cached for every
//! similar goal:
//!
//! 1. every step whose tool declares an intent (`intent: pay:payment` in the catalog) must be
//!    asked for by the goal's [`Signature`]: wanted and not negated. A `search` only reads, so it
//!    is allowed on anything the goal acts on;
//! 2. every parameter the tool's schema marks `sensitive: true` (amounts, recipients) must take
//!    its value from the goal: text the goal contains, or a number it states. Compensations are
//!    checked too; they are exempt from 1, since they undo their own step.
//!
//! A refusal names the step, the tool and the rule; the LLM is asked again with it, like any
//! other validation error, and each refusal is counted by rule.

use serde_json::Value;

use super::catalog::ToolCatalog;
use super::intent::{Action, Intent, Signature};
use crate::core::plan::Plan;

/// Why a plan does not fit the goal.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("step `{step}` uses `{tool}` ({intent}), which the goal does not ask for")]
    NotAsked { step: String, tool: String, intent: String },
    #[error("step `{step}` uses `{tool}` ({intent}), which the goal asks not to do")]
    Forbidden { step: String, tool: String, intent: String },
    #[error("step `{step}`: parameter `{parameter}` of `{tool}` must take its value from the goal")]
    Invented { step: String, tool: String, parameter: String },
}

impl PolicyError {
    /// A short label for metrics.
    pub const fn reason(&self) -> &'static str {
        match self {
            Self::NotAsked { .. } => "not_asked",
            Self::Forbidden { .. } => "forbidden",
            Self::Invented { .. } => "invented_value",
        }
    }
}

/// Checks `plan` against the goal it was made for (`goal`, as the user wrote it, and its
/// `signature`).
///
/// # Errors
/// The first [`PolicyError`], in step order.
pub fn check(plan: &Plan, goal: &str, signature: &Signature, catalog: &ToolCatalog) -> Result<(), PolicyError> {
    let stated = Stated::of(goal);
    for step in &plan.steps {
        let (id, tool) = (step.id.to_string(), step.tool.as_str());
        if let Some(intent) = catalog.intent(tool) {
            asked(signature, intent).map_err(|forbidden| {
                let (step, tool, intent) = (id.clone(), tool.to_owned(), intent.to_string());
                if forbidden {
                    PolicyError::Forbidden { step, tool, intent }
                } else {
                    PolicyError::NotAsked { step, tool, intent }
                }
            })?;
        }
        let calls = std::iter::once((tool, step.input.value()))
            .chain(step.compensation.iter().map(|c| (c.tool.as_str(), c.input.value())));
        for (tool, input) in calls {
            for parameter in catalog.sensitive(tool) {
                if let Some(value) = input.get(&parameter)
                    && !stated.contains(value)
                {
                    return Err(PolicyError::Invented { step: id.clone(), tool: tool.to_owned(), parameter });
                }
            }
        }
    }
    Ok(())
}

/// Whether the goal asks for `intent`; `Err(true)` when it asks not to, `Err(false)` when it
/// does not say.
fn asked(signature: &Signature, intent: Intent) -> Result<(), bool> {
    let negated = Intent { negated: true, ..intent };
    if signature.0.contains(&negated) {
        return Err(true);
    }
    let read_only =
        intent.action == Action::Search && signature.0.iter().any(|i| !i.negated && i.object == intent.object);
    if signature.wants(intent.action, intent.object) || read_only { Ok(()) } else { Err(false) }
}

/// What a goal states: its text in lower case and the numbers in it.
struct Stated {
    text: String,
    numbers: Vec<f64>,
}

impl Stated {
    fn of(goal: &str) -> Self {
        let text = goal.to_lowercase();
        let mut numbers = Vec::new();
        for run in text.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',')) {
            let run = run.trim_matches(|c| c == '.' || c == ',');
            if run.is_empty() {
                continue;
            }
            // "1,250.50" and "89,99": a comma is a thousands separator or a decimal point.
            for reading in [run.replace(',', ""), run.replace(',', ".")] {
                numbers.extend(reading.parse::<f64>().ok());
            }
        }
        Self { text, numbers }
    }

    /// Whether `value` comes from the goal. Only text and numbers can; a list or an object
    /// under a sensitive parameter cannot be traced back, so it never does.
    fn contains(&self, value: &Value) -> bool {
        match value {
            Value::String(s) => !s.trim().is_empty() && self.text.contains(&s.trim().to_lowercase()),
            Value::Number(n) => n.as_f64().is_some_and(|n| self.numbers.iter().any(|m| (m - n).abs() < 1e-9)),
            Value::Null => true,
            Value::Bool(_) | Value::Array(_) | Value::Object(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::time::Timestamp;
    use crate::planner::intent::signature;
    use crate::planner::template::extract;
    use crate::tools::Tools;
    use crate::tools::demo::DemoSettings;
    use serde_json::json;

    fn verdict(goal: &str, steps: Value) -> Result<(), PolicyError> {
        let catalog = ToolCatalog::of(&Tools::demo(&DemoSettings::default()));
        let now = Timestamp::parse_rfc3339("2026-12-01T10:00:00Z").unwrap();
        let plan: Plan = serde_json::from_value(json!({ "steps": steps })).unwrap();
        check(&plan, goal, &signature(&extract(goal, now)), &catalog)
    }

    #[test]
    fn a_plan_that_does_what_was_asked_passes() {
        let steps = json!([
            {"id": "s", "tool": "search_flights", "input": {"to": "Paris"}},
            {"id": "b", "tool": "book_flight", "input": {"to": "Paris"}, "depends_on": ["s"],
             "compensation": {"tool": "cancel_flight"}},
            {"id": "m", "tool": "send_email", "input": {"to": "john@example.com"}, "depends_on": ["b"]}]);
        let goal = "Book a flight to Paris tomorrow and send the confirmation to john@example.com";
        assert_eq!(verdict(goal, steps), Ok(()));
        let pay = json!([{"id": "p", "tool": "charge_payment", "input": {"amount": 1250.5, "currency": "EUR"}}]);
        assert_eq!(verdict("Charge 1,250.50 EUR to my card", pay), Ok(()));
    }

    #[test]
    fn tools_the_goal_does_not_ask_for_are_refused() {
        let injected = json!([
            {"id": "b", "tool": "book_flight", "input": {"to": "Paris"}},
            {"id": "p", "tool": "charge_payment", "input": {"amount": 99999}}]);
        let error = verdict("Book a flight to Paris tomorrow", injected).unwrap_err();
        assert_eq!(error.reason(), "not_asked", "{error}");
        assert_eq!(error.to_string(), "step `p` uses `charge_payment` (pay:payment), which the goal does not ask for");
        let negated = json!([{"id": "h", "tool": "book_hotel", "input": {"city": "Paris"}}]);
        let error = verdict("Book a flight to Paris but no hotel", negated).unwrap_err();
        assert_eq!(error.reason(), "forbidden", "{error}");
        let question = json!([{"id": "b", "tool": "book_flight", "input": {"to": "Dublin"}}]);
        assert!(verdict("What flights are there to Dublin this Saturday?", question).is_err(), "look, never book");
    }

    #[test]
    fn amounts_and_recipients_must_come_from_the_goal() {
        let goal = "Book a flight to Paris and email the confirmation to john@example.com";
        let elsewhere = json!([
            {"id": "b", "tool": "book_flight", "input": {"to": "Paris"}},
            {"id": "m", "tool": "send_email", "input": {"to": "mallory@evil.example"}}]);
        let error = verdict(goal, elsewhere).unwrap_err();
        assert_eq!(error.reason(), "invented_value", "{error}");
        assert!(error.to_string().contains("parameter `to` of `send_email`"), "{error}");
        let amount = json!([{"id": "p", "tool": "charge_payment", "input": {"amount": 840, "currency": "EUR"}}]);
        assert!(verdict("Charge 84 EUR to my card", amount).is_err(), "84 is not 840");
        let hidden = json!([{"id": "m", "tool": "send_email", "input": {"to": ["john@example.com"]}}]);
        assert!(verdict(goal, hidden).is_err(), "a list cannot be traced to the goal");
    }
}
