//! The built-in planner: a deterministic planner over the demo tool catalog, so the whole
//! system runs with no keys and no network. It recognises intents by keywords (book/cancel a
//! flight or hotel, pay, send email) and orders them as a saga: bookings in parallel, then
//! payment, then the confirmation mail.

use serde_json::{Value, json};

use crate::core::plan::Plan;

/// Why no plan could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanningError {
    #[error("the built-in planner recognises no task in this goal (try flights, hotels, payments or email)")]
    NothingRecognised,
    #[error("the goal asks to cancel something; the built-in planner only plans new bookings")]
    Cancellation,
}

fn has(goal: &str, words: &[&str]) -> bool {
    words.iter().any(|w| goal.split(|c: char| !c.is_alphanumeric() && c != '@' && c != '.').any(|t| t == *w))
}

/// The first e-mail address in the goal.
fn email(goal: &str) -> Option<String> {
    goal.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '@' && c != '.' && c != '_' && c != '-'))
        .map(|w| w.trim_end_matches('.'))
        .find(|w| w.contains('@') && w.contains('.'))
        .map(str::to_owned)
}

/// The word after "to" or "in" that starts with a capital letter (a destination).
fn destination(goal: &str) -> Option<String> {
    let words: Vec<&str> = goal.split_whitespace().collect();
    words.windows(2).find_map(|w| {
        let place = w[1].trim_matches(|c: char| !c.is_alphanumeric());
        (matches!(w[0].to_ascii_lowercase().as_str(), "to" | "in")
            && place.chars().next().is_some_and(char::is_uppercase)
            && !place.contains('@'))
        .then(|| place.to_owned())
    })
}

/// Plans `goal`.
///
/// # Errors
/// [`PlanningError`] when no known task is recognised, or the goal is a cancellation.
pub fn plan(goal: &str) -> Result<Plan, PlanningError> {
    let lower = goal.to_lowercase();
    if has(&lower, &["cancel", "undo", "refund"]) {
        return Err(PlanningError::Cancellation);
    }
    let place = destination(goal).unwrap_or_else(|| "unspecified".into());
    let flight = has(&lower, &["flight", "fly", "plane", "flights"]);
    let hotel = has(&lower, &["hotel", "room", "stay", "hotels"]);
    let pay = has(&lower, &["pay", "charge", "payment", "purchase"]);
    let mail = email(goal);
    let mut steps: Vec<Value> = Vec::new();
    let mut bookings = Vec::new();
    if flight {
        steps.push(json!({"id": "search_flights", "tool": "search_flights", "input": {"to": place}}));
        steps.push(json!({"id": "book_flight", "tool": "book_flight", "depends_on": ["search_flights"],
            "input": {"to": place}, "compensation": {"tool": "cancel_flight"}}));
        bookings.push("book_flight");
    }
    if hotel {
        steps.push(json!({"id": "book_hotel", "tool": "book_hotel", "input": {"city": place},
            "compensation": {"tool": "cancel_hotel"}}));
        bookings.push("book_hotel");
    }
    if pay {
        steps.push(json!({"id": "charge_payment", "tool": "charge_payment", "depends_on": bookings,
            "compensation": {"tool": "refund_payment"}}));
        bookings = vec!["charge_payment"];
    }
    if let Some(to) = mail {
        steps.push(json!({"id": "send_email", "tool": "send_email", "depends_on": bookings,
            "input": {"to": to, "subject": "Your booking confirmation"}}));
    }
    if steps.is_empty() {
        return Err(PlanningError::NothingRecognised);
    }
    serde_json::from_value(json!({ "steps": steps })).map_err(|_| PlanningError::NothingRecognised)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::plan::{Limits, ValidPlan};

    fn ids(goal: &str) -> Vec<String> {
        let plan = ValidPlan::new(plan(goal).unwrap(), &Limits::default()).unwrap();
        plan.steps().iter().map(|s| s.id.to_string()).collect()
    }

    #[test]
    fn the_original_goal_books_a_flight_and_mails_the_confirmation() {
        let goal = "Book a flight to Paris tomorrow and send the confirmation to john@example.com";
        assert_eq!(ids(goal), ["search_flights", "book_flight", "send_email"]);
        let p = plan(goal).unwrap();
        assert_eq!(p.steps[1].input.value()["to"], "Paris");
        assert_eq!(p.steps[2].input.value()["to"], "john@example.com");
    }

    #[test]
    fn flight_hotel_and_payment_form_a_saga() {
        let ids = ids("Fly to Rome, book a hotel in Rome, pay with my card and email me at ann@example.org");
        assert_eq!(ids, ["search_flights", "book_flight", "book_hotel", "charge_payment", "send_email"]);
    }

    #[test]
    fn unknown_goals_and_cancellations_are_refused() {
        assert_eq!(plan("Write me a poem"), Err(PlanningError::NothingRecognised));
        assert_eq!(plan("Cancel my flight to Paris"), Err(PlanningError::Cancellation));
    }
}
