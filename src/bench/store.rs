//! `apex bench store`: the PostgreSQL side, in databases of its own (created and dropped).
//!
//! 1. **Projection.** A realistic workload (`apex::workload`) is decided by the core into the
//!    events records the processor writes. They are written as the projector writes them
//!    (batches of 2,000 records, one transaction each) and, side by side as the baseline, one
//!    transaction per record, as a naive projector would.
//! 2. **Replay.** Every stored event (≥ 1M by default) is read back in order and folded by the
//!    core per workflow, against a baseline that only reads the rows. The replayed status of
//!    every workflow is compared with the projection's.
//!
//! Kafka is not involved: this measures what PostgreSQL and the fold cost, which is what bounds
//! the projector once records arrive.

use std::collections::HashMap;
use std::time::Instant;

use futures::TryStreamExt;
use serde_json::json;
use sqlx::{PgPool, Row};

use crate::config::Config;
use crate::core::event::Event;
use crate::core::plan::Limits;
use crate::core::state::Workflow;
use crate::kafka::records::EventsRecord;
use crate::projector::ProjectionBatch;
use crate::store::StoreError;

/// Options of `apex bench store`.
#[derive(Debug, Clone, clap::Args)]
pub struct StoreArgs {
    /// Workflows in the workload (≈ 20 events each: 50,000 give ≈ 1M events).
    #[arg(long, default_value_t = 50_000)]
    pub workflows: usize,
    /// Records written one transaction each for the baseline.
    #[arg(long, default_value_t = 5_000)]
    pub naive_records: usize,
    /// Records per batch transaction (the projector's batch size).
    #[arg(long, default_value_t = 2_000)]
    pub batch_records: usize,
}

/// The events records the processor would write for `workflows` generated workflows.
fn records(workflows: usize) -> Vec<EventsRecord> {
    let limits = Limits::default();
    let mut out = Vec::new();
    for history in crate::workload::histories(workflows, 7) {
        let mut state = Workflow::default();
        let mut next = 0u64;
        for (offset, input) in history.iter().enumerate() {
            let Ok(decision) = state.handle(input, &limits) else { continue };
            if decision.events.is_empty() {
                continue;
            }
            let count = decision.events.len() as u64;
            out.push(EventsRecord {
                workflow_id: input.correlation_id,
                input_offset: offset as i64,
                first_seq: next,
                events: decision.events,
            });
            next += count;
        }
    }
    out
}

async fn fresh_database(admin: &PgPool, base_url: &str, name: &str) -> Result<(PgPool, String), StoreError> {
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(admin).await?;
    let url = format!("{}/{name}", base_url.rsplit_once('/').map_or(base_url, |(b, _)| b));
    let pool = crate::store::connect(&url).await?;
    crate::store::migrate(&pool).await?;
    Ok((pool, name.to_owned()))
}

async fn drop_database(admin: &PgPool, pool: PgPool, name: &str) -> Result<(), StoreError> {
    pool.close().await;
    sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE {name} WITH (FORCE)"))).execute(admin).await?;
    Ok(())
}

/// Streams every stored event in replay order (workflow, sequence) through `each`; returns how many.
async fn each_event(
    pool: &PgPool,
    mut each: impl FnMut(String, serde_json::Value) -> Result<(), StoreError>,
) -> Result<usize, StoreError> {
    let mut rows =
        sqlx::query("SELECT workflow_id, payload FROM workflow_events ORDER BY workflow_id, sequence").fetch(pool);
    let mut count = 0;
    while let Some(row) = rows.try_next().await? {
        each(row.try_get("workflow_id")?, row.try_get("payload")?)?;
        count += 1;
    }
    Ok(count)
}

fn events_in(records: &[EventsRecord]) -> usize {
    records.iter().map(|r| r.events.len()).sum()
}

/// Runs the benchmark and prints a table and one JSON line.
///
/// # Errors
/// [`StoreError`] when PostgreSQL is unusable.
pub async fn run(config: &Config, args: StoreArgs) -> Result<(), StoreError> {
    let url = config.database_url.as_ref().map(crate::secret::Secret::expose).ok_or(StoreError::NotConfigured)?;
    let admin = crate::store::connect(url).await?;
    let suffix = &uuid::Uuid::new_v4().simple().to_string()[..8];
    let records = records(args.workflows);
    let total = events_in(&records);
    println!("apex bench store: {} workflows, {} events records, {total} events", args.workflows, records.len());

    let (naive_pool, naive_db) = fresh_database(&admin, url, &format!("bench_naive_{suffix}")).await?;
    let naive = &records[..args.naive_records.min(records.len())];
    let started = Instant::now();
    for record in naive {
        let mut batch = ProjectionBatch::default();
        batch.add(record);
        batch.write(&naive_pool).await?;
    }
    let naive_rate = events_in(naive) as f64 / started.elapsed().as_secs_f64();
    drop_database(&admin, naive_pool, &naive_db).await?;

    let (pool, db) = fresh_database(&admin, url, &format!("bench_batched_{suffix}")).await?;
    let started = Instant::now();
    for chunk in records.chunks(args.batch_records.max(1)) {
        let mut batch = ProjectionBatch::default();
        chunk.iter().for_each(|r| batch.add(r));
        batch.write(&pool).await?;
    }
    let batched_secs = started.elapsed().as_secs_f64();
    let batched_rate = total as f64 / batched_secs;
    println!(
        "  projection, one transaction per record (baseline): {naive_rate:>9.0} events/s ({} events)",
        events_in(naive)
    );
    println!(
        "  projection, batches of {} records:              {batched_rate:>9.0} events/s ({total} events in {batched_secs:.1}s)",
        args.batch_records
    );
    println!("  ratio batched / per-record: {:.1}x", batched_rate / naive_rate);

    let started = Instant::now();
    let read = each_event(&pool, |_, payload| {
        std::hint::black_box(payload);
        Ok(())
    })
    .await?;
    let read_rate = read as f64 / started.elapsed().as_secs_f64();

    let started = Instant::now();
    let mut states: HashMap<String, Workflow> = HashMap::new();
    let folded = each_event(&pool, |workflow, payload| {
        let event: Event =
            serde_json::from_value(payload).map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))?;
        states.entry(workflow).or_default().apply(&event);
        Ok(())
    })
    .await?;
    let fold_secs = started.elapsed().as_secs_f64();
    let fold_rate = folded as f64 / fold_secs;
    let projected: Vec<(String, String)> =
        sqlx::query_as("SELECT workflow_id, status FROM workflow_instances").fetch_all(&pool).await?;
    let mismatches = projected
        .iter()
        .filter(|(id, status)| {
            states.get(id).map(|s| format!("{:?}", s.status()).to_lowercase()) != Some(status.clone())
        })
        .count();
    println!("  replay baseline, read rows only: {read_rate:>9.0} events/s ({read} events)");
    println!(
        "  replay, read + decode + fold:    {fold_rate:>9.0} events/s ({folded} events in {fold_secs:.1}s, {} workflows)",
        states.len()
    );
    println!("  replayed status differs from the projection for {mismatches} of {} workflows", projected.len());
    drop_database(&admin, pool, &db).await?;
    println!(
        "{}",
        json!({"events": total, "records": records.len(), "naive_events_per_s": naive_rate, "batched_events_per_s": batched_rate,
            "replay_read_events_per_s": read_rate, "replay_fold_events_per_s": fold_rate, "replayed_events": folded,
            "status_mismatches": mismatches})
    );
    Ok(())
}
