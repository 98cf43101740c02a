//! Writes projection batches to PostgreSQL. One transaction per batch: the instance rows first
//! (a goal's row gives later events their tenant), then every event row in one statement, then
//! the checkpoints.
//! Both are idempotent: events by their primary key (workflow id, sequence), instance rows by
//! their version, which only grows.

use chrono::{DateTime, Utc};
use sqlx::PgPool;

use super::StoreError;
use super::rows::{Checkpoint, EventRow, InstanceChange};
use crate::core::time::Timestamp;

fn time(t: Timestamp) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(t.millis()).unwrap_or_default()
}

const UPSERT_INSTANCE: &str = "
INSERT INTO workflow_instances AS wi
  (workflow_id, status, input, result, tenant_id, version, current_step, trace_id, created_at, updated_at)
VALUES ($1, COALESCE($2, 'planning'), COALESCE($3, '{}'::jsonb), $4, COALESCE($5, ''), $6, $7, $8, $9, $9)
ON CONFLICT (workflow_id) DO UPDATE SET
  status = COALESCE($2, wi.status),
  input = COALESCE($3, wi.input),
  result = COALESCE($4, wi.result),
  tenant_id = COALESCE($5, wi.tenant_id),
  current_step = COALESCE($7, wi.current_step),
  trace_id = COALESCE($8, wi.trace_id),
  version = $6,
  updated_at = $9
WHERE wi.version < $6";

const INSERT_EVENTS: &str = "
INSERT INTO workflow_events (workflow_id, sequence, type, payload, recorded_at, tenant_id)
SELECT u.w, u.s, u.t, u.p, u.r, COALESCE(wi.tenant_id, '')
FROM UNNEST($1::text[], $2::int8[], $3::text[], $4::jsonb[], $5::timestamptz[]) AS u(w, s, t, p, r)
LEFT JOIN workflow_instances wi ON wi.workflow_id = u.w
ON CONFLICT (workflow_id, sequence) DO NOTHING";

const INSERT_CHECKPOINTS: &str = "
INSERT INTO agent_checkpoints (workflow_id, version, state)
SELECT * FROM UNNEST($1::text[], $2::int8[], $3::jsonb[])
ON CONFLICT (workflow_id, version) DO NOTHING";

/// Applies one batch.
///
/// # Errors
/// [`StoreError::Database`]; nothing of the batch is written then.
pub async fn write(
    pool: &PgPool,
    rows: &[EventRow],
    changes: &[InstanceChange],
    checkpoints: &[Checkpoint],
) -> Result<(), StoreError> {
    let mut tx = pool.begin().await?;
    for c in changes {
        let started = c.started.as_ref();
        sqlx::query(UPSERT_INSTANCE)
            .bind(&c.workflow_id)
            .bind(c.status)
            .bind(started.map(|s| &s.input))
            .bind(&c.result)
            .bind(started.map(|s| s.tenant_id.as_str()))
            .bind(c.version)
            .bind(c.current_step.as_deref())
            .bind(started.map(|s| s.trace_id.as_str()))
            .bind(time(c.at))
            .execute(&mut *tx)
            .await?;
    }
    let workflows: Vec<&str> = rows.iter().map(|r| r.workflow_id.as_str()).collect();
    let sequences: Vec<i64> = rows.iter().map(|r| r.sequence).collect();
    let kinds: Vec<&str> = rows.iter().map(|r| r.kind).collect();
    let payloads: Vec<&serde_json::Value> = rows.iter().map(|r| &r.payload).collect();
    let times: Vec<DateTime<Utc>> = rows.iter().map(|r| time(r.recorded_at)).collect();
    sqlx::query(INSERT_EVENTS)
        .bind(&workflows)
        .bind(&sequences)
        .bind(&kinds)
        .bind(&payloads)
        .bind(&times)
        .execute(&mut *tx)
        .await?;
    if !checkpoints.is_empty() {
        let workflows: Vec<&str> = checkpoints.iter().map(|c| c.workflow_id.as_str()).collect();
        let versions: Vec<i64> = checkpoints.iter().map(|c| c.version).collect();
        let states: Vec<&serde_json::Value> = checkpoints.iter().map(|c| &c.state).collect();
        sqlx::query(INSERT_CHECKPOINTS).bind(&workflows).bind(&versions).bind(&states).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}
