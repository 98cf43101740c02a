//! One envelope of every catalog type, with realistic values, for codec tests.

use apex::core::command::{Command, CompensateStep, DiscardCachedPlan, ExecuteStep, PlanGoal, RequestApproval};
use apex::core::envelope::{Envelope, SCHEMA_VERSION, Trace};
use apex::core::ids::{CommandId, EventId, IdempotencyKey, StepId, TenantId, TimerId, ToolName, WorkflowId};
use apex::core::input::*;
use apex::core::json::{Json, StepOutputs};
use apex::core::message::Message;
use apex::core::outcome::*;
use apex::core::time::Timestamp;
use serde_json::json;
use uuid::Uuid;

fn id(n: u128) -> Uuid {
    Uuid::from_u128(0x7b0c_2f1e_0000_4000_8000_0000_0000_0000 + n)
}

fn step(s: &str) -> StepId {
    StepId::parse(s).unwrap()
}

fn tool(s: &str) -> ToolName {
    ToolName::parse(s).unwrap()
}

pub fn envelope(n: u128, payload: Message) -> Envelope<Message> {
    Envelope {
        event_id: EventId::from_uuid(id(n)),
        correlation_id: WorkflowId::from_uuid(id(1000)),
        idempotency_key: IdempotencyKey::parse(&format!("user-1-workflow-{n}")).unwrap(),
        tenant_id: TenantId::parse("user-1").unwrap(),
        timestamp: Timestamp::parse_rfc3339("2026-11-25T10:00:00.123Z").unwrap(),
        source: "omnihub".into(),
        trace: Trace { trace_id: id(2000).to_string().into(), span_id: id(3000).to_string().into() },
        schema_version: SCHEMA_VERSION.into(),
        payload,
    }
}

pub fn plan() -> apex::core::plan::Plan {
    serde_json::from_value(json!({"steps": [
        {"id": "search", "tool": "search_flights", "input": {"to": "Paris", "date": "2026-11-26"}},
        {"id": "book", "tool": "book_flight", "depends_on": ["search"], "timeout_ms": 10000,
         "compensation": {"tool": "cancel_flight", "input": {"reason": "saga"}},
         "retry": {"max_attempts": 5, "initial_backoff_ms": 250, "multiplier": 1.5, "max_backoff_ms": 4000}},
        {"id": "mail", "tool": "send_email", "depends_on": ["book"], "requires_approval": true,
         "input": {"to": "john@example.com", "nested": [1, 2.5, null, true, {"k": "v"}]}}
    ]}))
    .unwrap()
}

/// Every catalog type once (inputs, commands, outcomes), optional fields both set and unset.
pub fn all() -> Vec<Envelope<Message>> {
    let cmd = CommandId::from_uuid(id(9));
    let payloads: Vec<Message> = vec![
        Input::from(GoalReceived {
            goal: "Book flight to Paris tomorrow".into(),
            user_id: "user-1".into(),
            timeout_ms: None,
            budget: None,
            admission: Default::default(),
            default_budget: None,
        })
        .into(),
        Input::from(GoalReceived {
            goal: "Book".into(),
            user_id: "u".into(),
            timeout_ms: Some(600_000),
            budget: Some(apex::core::input::Budget {
                max_tokens: Some(5_000),
                max_llm_calls: None,
                max_cost: Some(0.25),
            }),
            admission: Default::default(),
            default_budget: None,
        })
        .into(),
        Input::from(PlanGenerated {
            command_id: cmd,
            plan: plan().into(),
            source: "llm".into(),
            template: None,
            similarity: None,
            parameters: None,
            usage: Some(TokenUsage {
                calls: 2,
                prompt_tokens: 812,
                completion_tokens: 230,
                model: Some("gpt-4o-mini".into()),
                cost: Some(0.000_26),
            }),
            origin: Some("llm/gpt-4o-mini/prompt-1".into()),
            catalog: Some("c0ffee12".into()),
            cache_entry: Some("5f0c6f0d2a8e5b1c9d3e4f5a6b7c8d9e".into()),
        })
        .into(),
        Input::from(PlanGenerated {
            command_id: cmd,
            plan: plan().into(),
            source: "cache".into(),
            template: Some("Book flight to {LOCATION} {DATE}".into()),
            similarity: Some(0.9731),
            parameters: Some(Json::new(json!({"LOCATION": "Paris", "DATE": "2026-11-26"}))),
            usage: None,
            origin: None,
            catalog: None,
            cache_entry: None,
        })
        .into(),
        Input::from(PlanFailed { command_id: cmd, reason: "LLM timed out".into() }).into(),
        Input::from(ToolResultReceived {
            command_id: cmd,
            step_id: step("book"),
            attempt: 2,
            output: Json::new(json!({"pnr": "X1"})),
            usage: None,
        })
        .into(),
        Input::from(StepFailed {
            command_id: cmd,
            step_id: step("book"),
            attempt: 1,
            error: "503".into(),
            retryable: true,
            not_run: false,
            usage: Some(TokenUsage {
                calls: 1,
                prompt_tokens: 900,
                completion_tokens: 0,
                model: Some("gpt-4o-mini".into()),
                cost: Some(0.000_135),
            }),
        })
        .into(),
        Input::from(StepFailed {
            command_id: cmd,
            step_id: step("book"),
            attempt: 2,
            error: "not run: Redis is unavailable".into(),
            retryable: true,
            not_run: true,
            usage: None,
        })
        .into(),
        Input::from(CompensationCompleted { command_id: cmd, step_id: step("book"), attempt: 1 }).into(),
        Input::from(CompensationFailed {
            command_id: cmd,
            step_id: step("book"),
            attempt: 3,
            error: "x".into(),
            retryable: false,
            not_run: false,
        })
        .into(),
        Input::from(TimerFired { timer_id: TimerId::from_uuid(id(77)) }).into(),
        Input::from(CancelRequested { reason: "user".into() }).into(),
        Input::from(SignalReceived {
            name: "approve".into(),
            step_id: Some(step("mail")),
            data: Some(Json::new(json!({"by": "ops"}))),
        })
        .into(),
        Input::from(SignalReceived { name: "resume".into(), step_id: None, data: None }).into(),
        Command::from(PlanGoal { command_id: cmd, attempt: 1, goal: "Book".into(), user_id: "user-1".into() }).into(),
        Command::from(ExecuteStep {
            command_id: cmd,
            step_id: step("book"),
            attempt: 1,
            tool: tool("book_flight"),
            input: Json::new(json!({"to": "Paris"})),
            context: StepOutputs(vec![(step("search"), Json::new(json!({"flights": ["AF1"]})))]),
            timeout_ms: 10_000,
        })
        .into(),
        Command::from(CompensateStep {
            command_id: cmd,
            step_id: step("book"),
            attempt: 1,
            tool: tool("cancel_flight"),
            input: Json::null(),
            step_output: Json::new(json!({"pnr": "X1"})),
            timeout_ms: 30_000,
            effect: None,
        })
        .into(),
        Command::from(CompensateStep {
            command_id: cmd,
            step_id: step("book"),
            attempt: 2,
            tool: tool("cancel_flight"),
            input: Json::null(),
            step_output: Json::new(json!({"pnr": "X2"})),
            timeout_ms: 30_000,
            effect: Some(1),
        })
        .into(),
        Command::from(DiscardCachedPlan {
            command_id: cmd,
            entry: "5f0c6f0d2a8e5b1c9d3e4f5a6b7c8d9e".into(),
            reason: "step `book` was refused: HTTP 422: unknown airport".into(),
        })
        .into(),
        Command::from(RequestApproval {
            command_id: cmd,
            step_id: step("mail"),
            tool: tool("send_email"),
            input: Json::new(json!({})),
        })
        .into(),
        Outcome::from(WorkflowCompleted {
            results: StepOutputs(vec![(step("book"), Json::new(json!({"pnr": "X1"})))]),
        })
        .into(),
        Outcome::from(WorkflowFailed { reason: "no plan".into() }).into(),
        Outcome::from(WorkflowCompensated { reason: "mail failed".into(), compensated: vec![step("book")] }).into(),
        Outcome::from(WorkflowCancelled { reason: "user".into(), compensated: vec![] }).into(),
        Outcome::from(WorkflowParked { reason: "refund failed".into(), stuck: vec![step("pay")] }).into(),
    ];
    payloads.into_iter().enumerate().map(|(n, p)| envelope(n as u128, p)).collect()
}
