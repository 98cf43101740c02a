//! A local HTTP tool service for `apex bench saga` and `examples/`: every built-in tool behind
//! `POST /<tool>`, speaking the `http` tool kind's protocol (see [`crate::tools::http`]), with
//! the latency and forced failures of [`DemoSettings`]. It answers as a real service would:
//! 200 with the output, 422 for a permanent failure, 503 for a retryable one.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::core::ids::{CommandId, StepId, TenantId, WorkflowId};
use crate::core::json::StepOutputs;
use crate::tools::ToolCall;
use crate::tools::demo::{self, DemoSettings};

/// The request body of the `http` tool kind.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Call {
    command_id: CommandId,
    workflow_id: WorkflowId,
    tenant_id: TenantId,
    step_id: StepId,
    attempt: u32,
    #[serde(default)]
    input: Value,
    #[serde(default)]
    context: StepOutputs,
    output: Option<Value>,
}

/// A running stub service.
#[derive(Debug, Clone)]
pub struct Stub {
    /// `http://127.0.0.1:port`; tool `t` is at `{url}/t`.
    pub url: String,
    /// Calls received so far.
    pub calls: Arc<AtomicU64>,
}

struct Shared {
    settings: DemoSettings,
    calls: Arc<AtomicU64>,
}

/// Serves the built-in tools on `127.0.0.1` (any free port) until the process ends.
///
/// # Errors
/// When no port can be bound.
pub async fn serve(settings: DemoSettings) -> std::io::Result<Stub> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let stub = Stub { url: format!("http://{}", listener.local_addr()?), calls: Arc::default() };
    let shared = Arc::new(Shared { settings, calls: stub.calls.clone() });
    let app = axum::Router::new().route("/{tool}", axum::routing::post(call)).with_state(shared);
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!(error = %e, "stub tool service stopped");
        }
    });
    Ok(stub)
}

async fn call(State(shared): State<Arc<Shared>>, Path(name): Path<String>, body: String) -> Response {
    shared.calls.fetch_add(1, Ordering::Relaxed);
    let Some(tool) = demo::tool(&name, &shared.settings) else {
        return (StatusCode::NOT_FOUND, axum::Json(json!({"error": format!("no tool {name}")}))).into_response();
    };
    let call: Call = match serde_json::from_str(&body) {
        Ok(call) => call,
        Err(e) => return (StatusCode::BAD_REQUEST, axum::Json(json!({"error": e.to_string()}))).into_response(),
    };
    let tool_call = ToolCall {
        command_id: call.command_id,
        workflow_id: call.workflow_id,
        tenant_id: &call.tenant_id,
        step_id: &call.step_id,
        attempt: call.attempt,
        idempotency_key: uuid::Uuid::nil(),
        traceparent: "",
        input: &call.input,
        context: &call.context,
    };
    let result = match &call.output {
        Some(output) => match tool.compensate(&tool_call, output).await {
            Some(result) => result,
            None => tool.execute(&tool_call).await,
        },
        None => tool.execute(&tool_call).await,
    };
    match result {
        Ok(output) => axum::Json(output).into_response(),
        Err(e) if e.retryable => {
            (StatusCode::SERVICE_UNAVAILABLE, axum::Json(json!({"error": e.message}))).into_response()
        }
        Err(e) => (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(json!({"error": e.message}))).into_response(),
    }
}

/// A catalog file (YAML) declaring every built-in tool as an `http` tool of the service at
/// `base`, with the built-in schemas, descriptions and compensations.
pub fn catalog_yaml(base: &str) -> String {
    let mut out = String::from("tools:\n");
    for name in demo::NAMES {
        let spec = demo::spec(name);
        out.push_str(&format!("  - name: {name}\n    kind: http\n    url: {base}/{name}\n"));
        out.push_str(&format!("    description: {}\n", serde_json::to_string(&spec.description).unwrap_or_default()));
        out.push_str(&format!("    parameters: {}\n", spec.parameters));
        if let Some(undo) = &spec.compensation {
            out.push_str(&format!("    compensation: {undo}\n"));
        }
    }
    out
}
