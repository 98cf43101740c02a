//! `/workflows`: submit a goal (the TypeScript client's `POST`), read workflows and their event
//! histories from the projections, and send signals and cancellations. Writes go to Kafka
//! (`apex.envelopes`) and are answered 202 once the broker has them; the processor decides.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use serde_json::{Value, json};

use super::AppState;
use super::auth::Tenant;
use super::error::ApiError;
use crate::core::envelope::{Envelope, Payload};
use crate::core::ids::{IdempotencyKey, StepId};
use crate::core::input::{CancelRequested, Input, SignalName, SignalReceived};
use crate::core::json::Json as JsonValue;
use crate::core::state::Status;
use crate::store::queries;

/// `source` of envelopes the API makes.
const SOURCE: &str = "apex-api";

/// Produces `envelope` to `apex.envelopes` and waits for the broker.
async fn publish(state: &AppState, envelope: &Envelope<Input>) -> Result<(), ApiError> {
    crate::kafka::client::produce_input(&state.producer, &state.topics.envelopes, envelope)
        .await
        .map_err(|e| ApiError::Unavailable(format!("the broker did not take the envelope: {e}")))
}

/// `POST /workflows`: an EventEnvelope exactly as the TypeScript client sends it.
pub async fn submit(
    State(state): State<Arc<AppState>>,
    Tenant(tenant): Tenant,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    // The processor dead-letters larger envelopes: refuse them here rather than accept and lose them.
    if body.len() > state.config.max_envelope_bytes {
        return Err(ApiError::TooLarge(format!(
            "the envelope is {} bytes; at most {} are accepted (APEX_MAX_ENVELOPE_BYTES)",
            body.len(),
            state.config.max_envelope_bytes
        )));
    }
    let envelope = Envelope::<Input>::from_json(&body)
        .map_err(|e| ApiError::BadRequest { field: e.field(), message: e.to_string() })?;
    if !matches!(envelope.payload, Input::GoalReceived(_)) {
        return Err(ApiError::bad(format!(
            "POST /workflows takes orchestrator:agent.goal_received envelopes, not {}; use /workflows/{{id}}/signals or /cancel",
            envelope.payload.event_type()
        )));
    }
    if envelope.tenant_id != tenant {
        return Err(ApiError::Forbidden(format!(
            "the envelope's tenantId `{}` is not this token's tenant",
            envelope.tenant_id
        )));
    }
    state.quotas.admit(&tenant, &state.pool).await?;
    publish(&state, &envelope).await?;
    Ok((StatusCode::ACCEPTED, Json(json!({ "workflowId": envelope.correlation_id, "eventId": envelope.event_id }))))
}

/// Query of `GET /workflows`.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

/// `GET /workflows?status=&limit=&offset=`: newest first.
pub async fn list(
    State(state): State<Arc<AppState>>,
    Tenant(tenant): Tenant,
    Query(q): Query<ListQuery>,
) -> Result<Json<Value>, ApiError> {
    if let Some(status) = q.status.as_deref()
        && let Err(e) = Status::parse_stored(status)
    {
        return Err(ApiError::BadRequest {
            message: format!("unknown status `{status}`; {e}"),
            field: Some("status".into()),
        });
    }
    let limit = q.limit.unwrap_or(50);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::BadRequest {
            message: "limit must be between 1 and 500".into(),
            field: Some("limit".into()),
        });
    }
    let offset = q.offset.unwrap_or(0).max(0);
    let rows = queries::list(&state.pool, tenant.as_str(), q.status.as_deref(), limit + 1, offset).await?;
    let more = rows.len() as i64 > limit;
    let rows: Vec<_> = rows.into_iter().take(limit as usize).collect();
    Ok(Json(json!({ "workflows": rows, "nextOffset": more.then_some(offset + limit) })))
}

/// The path's workflow id, parsed: a UUID in any case, written as the store writes it. Anything
/// else is a 400 naming the field, before the database sees it (a NUL byte used to reach
/// PostgreSQL and come back as a 503).
fn workflow_id(id: &str) -> Result<String, ApiError> {
    crate::core::ids::WorkflowId::parse(id).map(|w| w.to_string()).map_err(|e| ApiError::BadRequest {
        message: format!("workflow id {}: {e}", crate::text::quoted(id)),
        field: Some("id".into()),
    })
}

/// `GET /workflows/{id}`.
pub async fn show(
    State(state): State<Arc<AppState>>,
    Tenant(tenant): Tenant,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id = workflow_id(&id)?;
    let row = queries::show(&state.pool, tenant.as_str(), &id).await?.ok_or_else(|| ApiError::NotFound(id.clone()))?;
    let mut body = json!(row);
    body["spend"] = json!(queries::spend(&state.pool, tenant.as_str(), Some(&id), None).await?);
    Ok(Json(body))
}

/// Query of `GET /spend`.
#[derive(Debug, serde::Deserialize)]
pub struct SpendQuery {
    /// RFC 3339; default: the start of today (UTC).
    since: Option<String>,
}

/// `GET /spend`: what the tenant spent on LLM calls since a time, over all its workflows.
pub async fn spend(
    State(state): State<Arc<AppState>>,
    Tenant(tenant): Tenant,
    axum::extract::Query(query): axum::extract::Query<SpendQuery>,
) -> Result<Json<Value>, ApiError> {
    let since = match &query.since {
        Some(text) => {
            chrono::DateTime::parse_from_rfc3339(text).map(|t| t.to_utc()).map_err(|e| ApiError::BadRequest {
                message: format!("since {}: {e} (RFC 3339, e.g. 2026-12-02T00:00:00Z)", crate::text::quoted(text)),
                field: Some("since".into()),
            })?
        }
        None => chrono::Utc::now().date_naive().and_time(chrono::NaiveTime::MIN).and_utc(),
    };
    let spent = queries::spend(&state.pool, tenant.as_str(), None, Some(since)).await?;
    Ok(Json(json!({ "tenantId": tenant.as_str(), "since": since.to_rfc3339(), "spend": spent })))
}

/// `GET /workflows/{id}/events`: the full history, in order.
pub async fn events(
    State(state): State<Arc<AppState>>,
    Tenant(tenant): Tenant,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id = workflow_id(&id)?;
    queries::show(&state.pool, tenant.as_str(), &id).await?.ok_or_else(|| ApiError::NotFound(id.clone()))?;
    let events = queries::events(&state.pool, tenant.as_str(), &id).await?;
    Ok(Json(json!({ "workflowId": id, "events": events })))
}

/// Body of `POST /workflows/{id}/signals`.
#[derive(Debug, Deserialize)]
pub struct SignalBody {
    name: String,
    step_id: Option<String>,
    data: Option<Value>,
}

/// Body of `POST /workflows/{id}/cancel`.
#[derive(Debug, Deserialize, Default)]
pub struct CancelBody {
    reason: Option<String>,
}

/// An input for an existing workflow of `tenant` ([`queries::Instance::input`]); the
/// `Idempotency-Key` header, when given, makes a retried request a recognised duplicate.
async fn input_for(
    state: &AppState,
    tenant: &crate::core::ids::TenantId,
    id: &str,
    headers: &HeaderMap,
    payload: Input,
) -> Result<Envelope<Input>, ApiError> {
    let id = &workflow_id(id)?;
    let row =
        queries::show(&state.pool, tenant.as_str(), id).await?.ok_or_else(|| ApiError::NotFound(id.to_owned()))?;
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .filter(|k| !k.is_empty())
        .map(IdempotencyKey::parse)
        .transpose()
        .map_err(|e| ApiError::BadRequest { message: format!("Idempotency-Key: {e}"), field: None })?;
    row.input(SOURCE, key, crate::clock::wall_clock(), payload).map_err(|_| ApiError::NotFound(id.to_owned()))
}

/// `POST /workflows/{id}/signals`: `approve`/`reject` a step, `resume` a parked workflow.
pub async fn signal(
    State(state): State<Arc<AppState>>,
    Tenant(tenant): Tenant,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<SignalBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let Some(name) = SignalName::parse(&body.name) else {
        let known: Vec<&str> = SignalName::ALL.iter().map(|s| s.as_str()).collect();
        return Err(ApiError::BadRequest {
            message: format!("unknown signal `{}`; one of {}", body.name, known.join(", ")),
            field: Some("name".into()),
        });
    };
    let step_id = body
        .step_id
        .map(|s| StepId::parse(&s))
        .transpose()
        .map_err(|e| ApiError::BadRequest { message: format!("step_id: {e}"), field: Some("step_id".into()) })?;
    if name.needs_step() && step_id.is_none() {
        return Err(ApiError::BadRequest {
            message: format!("`{name}` needs a step_id"),
            field: Some("step_id".into()),
        });
    }
    let payload =
        Input::SignalReceived(SignalReceived { name: body.name, step_id, data: body.data.map(JsonValue::new) });
    let envelope = input_for(&state, &tenant, &id, &headers, payload).await?;
    publish(&state, &envelope).await?;
    Ok((StatusCode::ACCEPTED, Json(json!({ "workflowId": id, "eventId": envelope.event_id }))))
}

/// `POST /workflows/{id}/cancel`: the saga compensates what it did.
pub async fn cancel(
    State(state): State<Arc<AppState>>,
    Tenant(tenant): Tenant,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Option<Json<CancelBody>>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let reason = body.and_then(|Json(b)| b.reason).unwrap_or_else(|| "cancelled through the API".into());
    let envelope =
        input_for(&state, &tenant, &id, &headers, Input::CancelRequested(CancelRequested { reason })).await?;
    publish(&state, &envelope).await?;
    Ok((StatusCode::ACCEPTED, Json(json!({ "workflowId": id, "eventId": envelope.event_id }))))
}
