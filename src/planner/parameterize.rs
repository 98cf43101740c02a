//! Plans with placeholders. A plan made for "Book a flight to Paris tomorrow" is stored with
//! `{{LOCATION_0}}` where it said `Paris` and `{{DATE_0}}` where it said the date; reusing it
//! for "Book a flight to Rome on Friday" puts the new values in. A placeholder is the slot kind
//! and its index among slots of that kind, so templates with the same slot kinds line up.

use serde_json::Value;

use super::template::{SlotKind, Template};
use crate::core::json::Json;
use crate::core::plan::Plan;

/// A placeholder the new goal has no value for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the goal has no value for placeholder {{{{{0}}}}}")]
pub struct MissingSlot(pub String);

fn placeholder(kind: SlotKind, n: usize) -> String {
    format!("{{{{{}_{n}}}}}", kind.name())
}

fn numeric(kind: SlotKind) -> bool {
    matches!(kind, SlotKind::Number | SlotKind::Amount)
}

/// Every parameter of `plan` (steps and compensations).
fn inputs_mut(plan: &mut Plan) -> impl Iterator<Item = &mut Json> {
    plan.steps
        .iter_mut()
        .flat_map(|s| std::iter::once(&mut s.input).chain(s.compensation.as_mut().map(|c| &mut c.input)))
}

fn map_strings(value: &Value, f: &mut impl FnMut(&Value) -> Option<Value>) -> Value {
    if let Some(replaced) = f(value) {
        return replaced;
    }
    match value {
        Value::Array(items) => Value::Array(items.iter().map(|v| map_strings(v, f)).collect()),
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), map_strings(v, f))).collect()),
        other => other.clone(),
    }
}

/// `plan` with every slot value of `template` replaced by its placeholder, or `None` when two
/// slots hold the same value ("a room for two for 2 nights"): which one the plan meant cannot
/// be known, and a guess would put the wrong value into every goal that reuses it.
pub fn parameterize(plan: &Plan, template: &Template) -> Option<Plan> {
    let mut slots: Vec<(String, String, SlotKind)> = Vec::new();
    for kind in template.slots.iter().map(|s| s.kind) {
        let n = slots.iter().filter(|(_, _, k)| *k == kind).count();
        if let Some(slot) = template.slot(kind, n) {
            slots.push((slot.value.clone(), placeholder(kind, n), kind));
        }
    }
    let same = |(a, _, a_kind): &(String, String, SlotKind), (b, _, b_kind): &(String, String, SlotKind)| {
        a == b || (numeric(*a_kind) && numeric(*b_kind) && a.parse::<f64>().ok() == b.parse::<f64>().ok())
    };
    if slots.iter().enumerate().any(|(i, a)| slots[i + 1..].iter().any(|b| same(a, b))) {
        return None;
    }
    // Longest values first, so "New York City" is replaced before "York".
    slots.sort_by_key(|s| std::cmp::Reverse(s.0.len()));
    let mut out = plan.clone();
    for input in inputs_mut(&mut out) {
        let replaced = map_strings(input.value(), &mut |v| match v {
            Value::String(s) => {
                let mut text = s.clone();
                for (value, name, _) in slots.iter().filter(|(value, _, _)| value.len() > 1) {
                    text = text.replace(value.as_str(), name);
                }
                Some(Value::String(text))
            }
            Value::Number(n) => slots
                .iter()
                .find(|(value, _, kind)| numeric(*kind) && value.parse::<f64>().ok() == n.as_f64())
                .map(|(_, name, _)| Value::String(name.clone())),
            _ => None,
        });
        *input = Json::new(replaced);
    }
    Some(out)
}

/// `plan` (with placeholders) filled with the slot values of `template`.
///
/// # Errors
/// [`MissingSlot`] when a placeholder has no value in `template`.
pub fn instantiate(plan: &Plan, template: &Template) -> Result<Plan, MissingSlot> {
    let mut missing = None;
    let mut out = plan.clone();
    for input in inputs_mut(&mut out) {
        let filled = map_strings(input.value(), &mut |v| {
            let Value::String(s) = v else { return None };
            Some(fill(s, template, &mut missing))
        });
        *input = Json::new(filled);
    }
    missing.map_or(Ok(out), Err)
}

/// Replaces the placeholders in `text`; a string that is one numeric placeholder becomes a number.
fn fill(text: &str, template: &Template, missing: &mut Option<MissingSlot>) -> Value {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start..].find("}}") else { break };
        let name = &rest[start + 2..start + len];
        let slot = name
            .rsplit_once('_')
            .and_then(|(kind, n)| Some((SlotKind::from_name(kind)?, n.parse::<usize>().ok()?)))
            .map(|(kind, n)| (kind, template.slot(kind, n)));
        match slot {
            Some((kind, Some(slot))) => {
                if numeric(kind)
                    && start == 0
                    && len + 2 == rest.len()
                    && out.is_empty()
                    && let Ok(n) = slot.value.parse::<serde_json::Number>()
                {
                    return Value::Number(n);
                }
                out.push_str(&rest[..start]);
                out.push_str(&slot.value);
            }
            Some((_, None)) => {
                missing.get_or_insert_with(|| MissingSlot(name.to_owned()));
                out.push_str(&rest[..start + len + 2]);
            }
            None => out.push_str(&rest[..start + len + 2]),
        }
        rest = &rest[start + len + 2..];
    }
    out.push_str(rest);
    Value::String(out)
}

/// Whether any parameter of `plan` still holds a placeholder.
pub fn has_placeholders(plan: &Plan) -> bool {
    plan.steps.iter().any(|s| {
        s.input.value().to_string().contains("{{")
            || s.compensation.as_ref().is_some_and(|c| c.input.value().to_string().contains("{{"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::time::Timestamp;
    use crate::planner::template::extract;
    use serde_json::json;

    fn now() -> Timestamp {
        Timestamp::parse_rfc3339("2026-11-25T10:00:00Z").unwrap()
    }

    fn plan(steps: Value) -> Plan {
        serde_json::from_value(json!({ "steps": steps })).unwrap()
    }

    #[test]
    fn a_plan_made_for_one_goal_serves_another_with_the_same_template() {
        let paris = extract("Book a hotel in Paris tomorrow for 2 nights and email ann@example.org", now());
        let made = plan(json!([
            {"id": "h", "tool": "book_hotel", "input": {"city": "Paris", "date": "2026-11-26", "nights": 2}},
            {"id": "m", "tool": "send_email", "input": {"to": "ann@example.org", "subject": "Your stay in Paris"}}
        ]));
        let template = parameterize(&made, &paris).unwrap();
        assert_eq!(
            template.steps[0].input.value(),
            &json!({"city": "{{LOCATION_0}}", "date": "{{DATE_0}}", "nights": "{{NUMBER_0}}"})
        );
        assert_eq!(template.steps[1].input.value()["subject"], "Your stay in {{LOCATION_0}}");
        assert!(has_placeholders(&template));

        let rome = extract("Book a hotel in Rome next Friday for 4 nights and email bob@example.com", now());
        let reused = instantiate(&template, &rome).unwrap();
        assert_eq!(reused.steps[0].input.value(), &json!({"city": "Rome", "date": "2026-12-04", "nights": 4}));
        assert_eq!(reused.steps[1].input.value(), &json!({"to": "bob@example.com", "subject": "Your stay in Rome"}));
        assert!(!has_placeholders(&reused));
    }

    #[test]
    fn a_value_two_slots_share_makes_the_plan_unfit_for_reuse() {
        let goal = extract("Book a room for two in Oslo for 2 nights", now());
        let made = plan(json!([{"id": "h", "tool": "book_hotel", "input": {"city": "Oslo", "nights": 2}}]));
        assert_eq!(parameterize(&made, &goal), None, "nights could be either number");
        let goal = extract("Book a room for two in Oslo for 3 nights", now());
        let made = plan(json!([{"id": "h", "tool": "book_hotel", "input": {"city": "Oslo", "nights": 3}}]));
        assert_eq!(parameterize(&made, &goal).unwrap().steps[0].input.value()["nights"], "{{NUMBER_1}}");
    }

    #[test]
    fn a_missing_value_is_reported() {
        let template =
            plan(json!([{"id": "f", "tool": "book_flight", "input": {"to": "{{LOCATION_0}}", "date": "{{DATE_0}}"}}]));
        let goal = extract("Book a flight to Rome", now());
        assert_eq!(instantiate(&template, &goal), Err(MissingSlot("DATE_0".into())));
    }

    #[test]
    fn second_slots_of_a_kind_keep_their_order() {
        let goal = extract("Fly from London to Oslo", now());
        let made = plan(json!([{"id": "f", "tool": "book_flight", "input": {"from": "London", "to": "Oslo"}}]));
        let template = parameterize(&made, &goal).unwrap();
        assert_eq!(template.steps[0].input.value(), &json!({"from": "{{LOCATION_0}}", "to": "{{LOCATION_1}}"}));
        let other = extract("Fly from Lisbon to Riga", now());
        assert_eq!(
            instantiate(&template, &other).unwrap().steps[0].input.value(),
            &json!({"from": "Lisbon", "to": "Riga"})
        );
    }
}
