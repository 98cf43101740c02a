//! Tools: what an executor runs for a step, and how it undoes it. The demo tools simulate a
//! travel domain (search/book/cancel flight and hotel, charge/refund payment, send email) with
//! configurable latency and forced failures, so compensation paths can be shown and tested.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

use crate::core::ids::CommandId;
use crate::core::json::StepOutputs;

/// A failed tool call.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ToolError {
    pub message: String,
    /// Whether another attempt may succeed.
    pub retryable: bool,
}

/// A tool an executor can run.
pub trait Tool: Send + Sync {
    /// The name plans refer to.
    fn name(&self) -> &'static str;

    /// JSON Schema of the parameters (planners and the plan cache check plans against it).
    fn parameters(&self) -> Value {
        json!({ "type": "object" })
    }

    /// Runs the step.
    ///
    /// # Errors
    /// [`ToolError`] when the step did not happen.
    fn execute(&self, command: CommandId, input: &Value, context: &StepOutputs) -> Result<Value, ToolError>;

    /// Undoes what `execute` did, given its `output`, for plans that name this tool itself as
    /// the compensation. `None`: the tool cannot undo itself (a plan names another tool).
    fn compensate(&self, _command: CommandId, _input: &Value, _output: &Value) -> Option<Result<Value, ToolError>> {
        None
    }
}

/// The demo catalog's behaviour.
#[derive(Debug, Clone, Default)]
pub struct DemoSettings {
    /// Tools that fail (not retryable) on every call.
    pub fail: BTreeSet<String>,
    /// Share of calls (0.0–1.0) that fail retryably, chosen by command id, so a retried
    /// attempt (a new id) may succeed and the same command always behaves the same.
    pub failure_rate: f64,
    /// Simulated latency of every call.
    pub latency: Duration,
}

struct DemoTool {
    name: &'static str,
    settings: DemoSettings,
}

fn reference(prefix: &str, command: CommandId) -> String {
    format!("{prefix}-{}", &command.to_string()[..8].to_uppercase())
}

/// The parameter schema of a demo tool: what the built-in planner fills in and what the plan
/// cache and the LLM planner are checked against.
fn demo_parameters(name: &str) -> Value {
    let text = json!({"type": "string"});
    let (properties, required): (Value, &[&str]) = match name {
        "search_flights" | "book_flight" => {
            (json!({"to": text, "from": text, "date": text, "time": text, "passengers": {"type": "integer"}}), &["to"])
        }
        "book_hotel" => (json!({"city": text, "date": text, "nights": {"type": "integer"}, "guest": text}), &["city"]),
        "cancel_flight" | "cancel_hotel" => (json!({"booking": text}), &[]),
        "charge_payment" => (json!({"amount": {"type": "number"}, "currency": text}), &[]),
        "refund_payment" => (json!({"payment": text, "amount": {"type": "number"}, "currency": text}), &[]),
        "send_email" => (json!({"to": text, "subject": text, "body": text}), &["to"]),
        _ => (json!({}), &[]),
    };
    json!({"type": "object", "properties": properties, "required": required, "additionalProperties": false})
}

impl Tool for DemoTool {
    fn name(&self) -> &'static str {
        self.name
    }

    fn parameters(&self) -> Value {
        demo_parameters(self.name)
    }

    fn execute(&self, command: CommandId, input: &Value, context: &StepOutputs) -> Result<Value, ToolError> {
        if !self.settings.latency.is_zero() {
            std::thread::sleep(self.settings.latency);
        }
        if self.settings.fail.contains(self.name) {
            return Err(ToolError { message: format!("{} failed (forced by --fail)", self.name), retryable: false });
        }
        // The low 62 bits of a UUID are random; the two above them are its variant, fixed.
        let random = (command.as_uuid().as_u128() as u64) & ((1 << 62) - 1);
        let draw = random as f64 / (1u64 << 62) as f64;
        if draw < self.settings.failure_rate {
            return Err(ToolError {
                message: format!("{} is temporarily unavailable (simulated)", self.name),
                retryable: true,
            });
        }
        let to = input.get("to").or_else(|| input.get("city")).cloned().unwrap_or(Value::Null);
        Ok(match self.name {
            "search_flights" => json!({"flights": [{"flight": "AF1234", "to": to, "price": 420}]}),
            "book_flight" => {
                let flight = context
                    .get("search_flights")
                    .and_then(|o| o.value()["flights"][0]["flight"].as_str().map(str::to_owned));
                json!({"booking": reference("FL", command), "flight": flight.unwrap_or_else(|| "AF1234".into()), "to": to})
            }
            "book_hotel" => json!({"booking": reference("HT", command), "city": to, "nights": 2}),
            "charge_payment" => json!({"payment": reference("PM", command), "amount": 840, "currency": "EUR"}),
            "send_email" => json!({"message_id": reference("EM", command), "to": to}),
            "cancel_flight" | "cancel_hotel" => json!({"cancelled": true}),
            "refund_payment" => json!({"refunded": true}),
            other => return Err(ToolError { message: format!("unknown tool {other}"), retryable: false }),
        })
    }
}

/// Every demo tool, with `settings`.
pub fn demo_catalog(settings: &DemoSettings) -> Vec<Arc<dyn Tool>> {
    [
        "search_flights",
        "book_flight",
        "cancel_flight",
        "book_hotel",
        "cancel_hotel",
        "charge_payment",
        "refund_payment",
        "send_email",
    ]
    .into_iter()
    .map(|name| Arc::new(DemoTool { name, settings: settings.clone() }) as Arc<dyn Tool>)
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_rate_fails_that_share_of_commands_retryably() {
        let settings = DemoSettings { failure_rate: 0.3, ..DemoSettings::default() };
        let catalog = demo_catalog(&settings);
        let failed = (0..1000u128)
            .filter(|n| {
                let id = CommandId::from_uuid(uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, &n.to_le_bytes()));
                catalog[0].execute(id, &json!({}), &StepOutputs::default()).is_err_and(|e| e.retryable)
            })
            .count();
        assert!((250..350).contains(&failed), "{failed} of 1000");
    }

    #[test]
    fn demo_tools_answer_and_fail_on_request() {
        let settings = DemoSettings { fail: ["send_email".to_owned()].into(), ..DemoSettings::default() };
        let catalog = demo_catalog(&settings);
        let tool = |n: &str| catalog.iter().find(|t| t.name() == n).unwrap();
        let id = CommandId::from_uuid(uuid::Uuid::from_u128(7));
        let booked = tool("book_flight").execute(id, &json!({"to": "Paris"}), &StepOutputs::default()).unwrap();
        assert_eq!(booked["to"], "Paris");
        assert!(booked["booking"].as_str().unwrap().starts_with("FL-"));
        let err = tool("send_email").execute(id, &json!({}), &StepOutputs::default()).unwrap_err();
        assert!(!err.retryable);
    }
}
