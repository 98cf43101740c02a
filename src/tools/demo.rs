//! The `builtin` tools: a simulated travel domain (search/book/cancel flight and hotel,
//! charge/refund payment, send email) with configurable latency and forced failures, so
//! sagas and their compensations can be shown, tested and benchmarked without a service.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

use super::{Tool, ToolCall, ToolError, ToolSpec};
use crate::core::ids::CommandId;

/// Every built-in tool's name.
pub const NAMES: [&str; 8] = [
    "search_flights",
    "book_flight",
    "cancel_flight",
    "book_hotel",
    "cancel_hotel",
    "charge_payment",
    "refund_payment",
    "send_email",
];

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

/// What a built-in tool does, for the LLM planner's prompt.
pub fn description(name: &str) -> &'static str {
    match name {
        "search_flights" => "Finds flights to a destination on a date; returns a list of flights.",
        "book_flight" => "Books a flight (the first found by a preceding search_flights); returns a booking reference.",
        "cancel_flight" => "Cancels a flight booking given its booking reference (or destination and date).",
        "book_hotel" => "Books a hotel room in a city; returns a booking reference.",
        "cancel_hotel" => "Cancels a hotel booking given its booking reference (or city and date).",
        "charge_payment" => "Charges the user's card; returns a payment reference.",
        "refund_payment" => "Refunds a payment given its reference.",
        "send_email" => "Sends an email to an address.",
        _ => "",
    }
}

/// The compensation planners add to a step of a built-in tool.
fn compensation(name: &str) -> Option<&'static str> {
    match name {
        "book_flight" => Some("cancel_flight"),
        "book_hotel" => Some("cancel_hotel"),
        "charge_payment" => Some("refund_payment"),
        _ => None,
    }
}

/// The catalog entry of built-in tool `name`, as `APEX_TOOLS` unset declares it.
pub fn spec(name: &str) -> ToolSpec {
    ToolSpec {
        description: description(name).to_owned(),
        compensation: compensation(name).map(str::to_owned),
        intent: intent(name).map(str::to_owned),
        ..ToolSpec::plain(name, parameters(name))
    }
}

/// What a goal must ask for before an LLM plan may use demo tool `name` (`action:object`).
pub fn intent(name: &str) -> Option<&'static str> {
    Some(match name {
        "search_flights" => "search:flight",
        "book_flight" => "book:flight",
        "cancel_flight" => "cancel:flight",
        "book_hotel" => "book:hotel",
        "cancel_hotel" => "cancel:hotel",
        "charge_payment" => "pay:payment",
        "refund_payment" => "refund:payment",
        "send_email" => "send:message",
        _ => return None,
    })
}

/// The parameter schema of a demo tool: what the built-in planner fills in and what the plan
/// cache and the LLM planner are checked against.
pub fn parameters(name: &str) -> Value {
    let text = json!({"type": "string"});
    // Values an LLM plan must take from the goal, never invent (the plan policy checks them).
    let amount = json!({"type": "number", "sensitive": true});
    let recipient = json!({"type": "string", "sensitive": true});
    let (properties, required): (Value, &[&str]) = match name {
        "search_flights" | "book_flight" => {
            (json!({"to": text, "from": text, "date": text, "time": text, "passengers": {"type": "integer"}}), &["to"])
        }
        "book_hotel" => (json!({"city": text, "date": text, "nights": {"type": "integer"}, "guest": text}), &["city"]),
        "cancel_flight" => (json!({"booking": text, "to": text, "date": text}), &[]),
        "cancel_hotel" => (json!({"booking": text, "city": text, "date": text}), &[]),
        "charge_payment" => (json!({"amount": amount, "currency": text}), &[]),
        "refund_payment" => (json!({"payment": text, "amount": amount, "currency": text}), &[]),
        "send_email" => (json!({"to": recipient, "subject": text, "body": text}), &["to"]),
        _ => (json!({}), &[]),
    };
    json!({"type": "object", "properties": properties, "required": required, "additionalProperties": false})
}

#[async_trait::async_trait]
impl Tool for DemoTool {
    fn name(&self) -> &str {
        self.name
    }

    fn parameters(&self) -> Value {
        parameters(self.name)
    }

    async fn execute(&self, call: &ToolCall<'_>) -> Result<Value, ToolError> {
        if !self.settings.latency.is_zero() {
            tokio::time::sleep(self.settings.latency).await;
        }
        let (command, input, context) = (call.command_id, call.input, call.context);
        if self.settings.fail.contains(self.name) {
            return Err(ToolError::permanent(format!("{} failed (forced by --fail)", self.name)));
        }
        // The low 62 bits of a UUID are random; the two above them are its variant, fixed.
        let random = (command.as_uuid().as_u128() as u64) & ((1 << 62) - 1);
        let draw = random as f64 / (1u64 << 62) as f64;
        if draw < self.settings.failure_rate {
            return Err(ToolError::retryable(format!("{} is temporarily unavailable (simulated)", self.name)));
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
            other => return Err(ToolError::permanent(format!("unknown tool {other}"))),
        })
    }
}

/// Every demo tool, with `settings`.
pub fn catalog(settings: &DemoSettings) -> Vec<Arc<dyn Tool>> {
    NAMES.into_iter().map(|name| Arc::new(DemoTool { name, settings: settings.clone() }) as Arc<dyn Tool>).collect()
}

/// The built-in tool `name` with `settings`, if there is one.
pub fn tool(name: &str, settings: &DemoSettings) -> Option<Arc<dyn Tool>> {
    let name = NAMES.into_iter().find(|n| *n == name)?;
    Some(Arc::new(DemoTool { name, settings: settings.clone() }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ids::{StepId, TenantId, WorkflowId};
    use crate::core::json::StepOutputs;

    fn run(tool: &dyn Tool, id: CommandId, input: Value) -> Result<Value, ToolError> {
        let (tenant, step, context) =
            (TenantId::parse("t").unwrap(), StepId::parse("s").unwrap(), StepOutputs::default());
        let call = ToolCall {
            command_id: id,
            workflow_id: WorkflowId::from_uuid(uuid::Uuid::nil()),
            tenant_id: &tenant,
            step_id: &step,
            attempt: 1,
            idempotency_key: uuid::Uuid::nil(),
            traceparent: "",
            input: &input,
            context: &context,
        };
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(tool.execute(&call))
    }

    #[test]
    fn a_failure_rate_fails_that_share_of_commands_retryably() {
        let settings = DemoSettings { failure_rate: 0.3, ..DemoSettings::default() };
        let catalog = catalog(&settings);
        let failed = (0..1000u128)
            .filter(|n| {
                let id = CommandId::from_uuid(uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, &n.to_le_bytes()));
                run(catalog[0].as_ref(), id, json!({})).is_err_and(|e| e.retryable)
            })
            .count();
        assert!((250..350).contains(&failed), "{failed} of 1000");
    }

    #[test]
    fn demo_tools_answer_and_fail_on_request() {
        let settings = DemoSettings { fail: ["send_email".to_owned()].into(), ..DemoSettings::default() };
        let id = CommandId::from_uuid(uuid::Uuid::from_u128(7));
        let booked = run(tool("book_flight", &settings).unwrap().as_ref(), id, json!({"to": "Paris"})).unwrap();
        assert_eq!(booked["to"], "Paris");
        assert!(booked["booking"].as_str().unwrap().starts_with("FL-"));
        let err = run(tool("send_email", &settings).unwrap().as_ref(), id, json!({})).unwrap_err();
        assert!(!err.retryable);
    }

    #[test]
    fn every_built_in_tool_has_a_spec_whose_compensation_is_built_in() {
        for name in NAMES {
            let spec = spec(name);
            assert!(!spec.description.is_empty(), "{name}");
            assert!(spec.compensation.is_none_or(|c| NAMES.contains(&c.as_str())), "{name}");
        }
    }
}
