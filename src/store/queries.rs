//! Reads of the projections for the API and the CLI. Every query is scoped to one tenant: a
//! workflow of another tenant is indistinguishable from one that does not exist.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgPool;

use super::StoreError;
use crate::core::builder::External;
use crate::core::envelope::Envelope;
use crate::core::ids::{IdError, IdempotencyKey, TenantId, WorkflowId};
use crate::core::input::Input;
use crate::core::state::Status;
use crate::core::time::Timestamp;

/// A `workflow_instances` row.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub struct Instance {
    pub id: uuid::Uuid,
    pub workflow_id: String,
    pub status: String,
    pub input: serde_json::Value,
    pub result: Option<serde_json::Value>,
    pub tenant_id: String,
    pub version: i64,
    pub current_step: Option<String>,
    pub trace_id: Option<String>,
    pub created_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
}

impl Instance {
    /// An input for this workflow from outside the saga (the API, an operator), joining the
    /// workflow's trace. With the caller's idempotency `key`, a retried request gets the same
    /// event id, so the saga drops it as a duplicate; without one, every call is new.
    ///
    /// # Errors
    /// [`IdError`] if the stored workflow or tenant id is not valid (a corrupt row).
    pub fn input(
        &self,
        source: &str,
        key: Option<IdempotencyKey>,
        at: Timestamp,
        payload: Input,
    ) -> Result<Envelope<Input>, IdError> {
        let workflow_id = WorkflowId::parse(&self.workflow_id)?;
        let event_id = match &key {
            Some(k) => workflow_id.derive(&format!("external/{}", k.as_str())),
            None => uuid::Uuid::new_v4(),
        };
        let trace_id = self.trace_id.clone().unwrap_or_else(|| workflow_id.as_uuid().simple().to_string());
        let external = External {
            workflow_id,
            tenant_id: TenantId::parse(&self.tenant_id)?,
            trace_id: &trace_id,
            source,
            event_id,
            idempotency_key: key.unwrap_or_else(|| IdempotencyKey::from_uuid(event_id)),
            at,
        };
        Ok(external.envelope(payload))
    }
}

/// A `workflow_events` row.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub struct StoredEvent {
    pub sequence: i64,
    #[sqlx(rename = "type")]
    #[serde(rename = "type")]
    pub kind: String,
    pub payload: serde_json::Value,
    pub recorded_at: DateTime<Utc>,
}

const COLUMNS: &str =
    "id, workflow_id, status, input, result, tenant_id, version, current_step, trace_id, created_at, updated_at";

/// A page of `tenant`'s workflows, newest first, optionally of one status.
///
/// # Errors
/// [`StoreError::Database`].
pub async fn list(
    pool: &PgPool,
    tenant: &str,
    status: Option<&str>,
    limit: i64,
    offset: i64,
) -> Result<Vec<Instance>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM workflow_instances WHERE tenant_id = $1 AND ($2::text IS NULL OR status = $2)
         ORDER BY created_at DESC, id LIMIT $3 OFFSET $4"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(tenant)
        .bind(status)
        .bind(limit)
        .bind(offset)
        .fetch_all(pool)
        .await?)
}

/// How many workflows of `tenant` have not ended (as far as the projection has seen).
///
/// # Errors
/// [`StoreError`] when PostgreSQL fails.
pub async fn in_flight(pool: &PgPool, tenant: &str) -> Result<i64, StoreError> {
    let ended = ended();
    let (count,): (i64,) =
        sqlx::query_as("SELECT count(*) FROM workflow_instances WHERE tenant_id = $1 AND NOT (status = ANY($2))")
            .bind(tenant)
            .bind(&ended)
            .fetch_one(pool)
            .await?;
    Ok(count)
}

/// Up to `limit` of `tenant`'s workflows that have not ended (as far as the projection has
/// seen), in id order after `after`: pages that stay stable while workflows end.
///
/// # Errors
/// [`StoreError`] when PostgreSQL fails.
pub async fn unfinished(
    pool: &PgPool,
    tenant: &str,
    after: Option<uuid::Uuid>,
    limit: i64,
) -> Result<Vec<Instance>, StoreError> {
    let ended = ended();
    let sql = format!(
        "SELECT {COLUMNS} FROM workflow_instances WHERE tenant_id = $1 AND NOT (status = ANY($2))
         AND ($3::uuid IS NULL OR id > $3) ORDER BY id LIMIT $4"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(tenant)
        .bind(&ended)
        .bind(after)
        .bind(limit)
        .fetch_all(pool)
        .await?)
}

/// The names of the statuses a workflow ends in.
fn ended() -> Vec<&'static str> {
    Status::ALL.into_iter().filter(|s| s.is_terminal()).map(Status::as_str).collect()
}

/// One of `tenant`'s workflows.
///
/// # Errors
/// [`StoreError::Database`].
pub async fn show(pool: &PgPool, tenant: &str, workflow_id: &str) -> Result<Option<Instance>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM workflow_instances WHERE tenant_id = $1 AND workflow_id = $2");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(workflow_id).fetch_optional(pool).await?)
}

/// LLM spend summed from `UsageRecorded` events: tokens, calls and cost (in the price table's
/// currency).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, sqlx::FromRow)]
pub struct TenantSpend {
    pub tokens: i64,
    pub llm_calls: i64,
    pub cost: f64,
}

/// What `tenant` spent on LLM calls: in one workflow, or in all of them since `since`.
///
/// # Errors
/// [`StoreError::Database`].
pub async fn spend(
    pool: &PgPool,
    tenant: &str,
    workflow_id: Option<&str>,
    since: Option<DateTime<Utc>>,
) -> Result<TenantSpend, StoreError> {
    Ok(sqlx::query_as(
        "SELECT COALESCE(SUM((payload->>'tokens')::bigint), 0)::bigint AS tokens,
                COALESCE(SUM((payload->>'calls')::bigint), 0)::bigint AS llm_calls,
                COALESCE(SUM((payload->>'cost')::float8), 0)::float8 AS cost
         FROM workflow_events
         WHERE tenant_id = $1 AND type = 'UsageRecorded'
           AND ($2::text IS NULL OR workflow_id = $2) AND ($3::timestamptz IS NULL OR recorded_at >= $3)",
    )
    .bind(tenant)
    .bind(workflow_id)
    .bind(since)
    .fetch_one(pool)
    .await?)
}

/// The history of one of `tenant`'s workflows, in order.
///
/// # Errors
/// [`StoreError::Database`].
pub async fn events(pool: &PgPool, tenant: &str, workflow_id: &str) -> Result<Vec<StoredEvent>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT sequence, type, payload, recorded_at FROM workflow_events WHERE tenant_id = $1 AND workflow_id = $2 ORDER BY sequence",
    )
    .bind(tenant)
    .bind(workflow_id)
    .fetch_all(pool)
    .await?)
}
