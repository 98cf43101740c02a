//! The projector against the real broker and the real PostgreSQL, in a database of its own:
//! sagas run through the processor, the projector folds `apex.events` into the event store
//! and `workflow_instances`. The outage test makes the test's own database refuse connections
//! (and ends the projector's sessions) mid-stream, then lets it back in: the projector must
//! retry, catch up, and leave every workflow's event sequence without a gap.

use crate::support;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use apex::core::builder::InputBuilder;
use apex::core::command::Command;
use apex::core::ids::{TenantId, WorkflowId};
use apex::kafka::topics::Topics;
use serde_json::json;
use sqlx::PgPool;
use support::kafka::*;

fn plan() -> serde_json::Value {
    json!({"steps": [
        {"id": "flight", "tool": "book_flight", "compensation": {"tool": "cancel_flight"}},
        {"id": "mail", "tool": "send_email", "depends_on": ["flight"]}
    ]})
}

fn submit(config: &apex::config::Config, publisher: &Publisher, n: usize) -> Vec<WorkflowId> {
    (0..n)
        .map(|_| {
            let id = WorkflowId::from_uuid(uuid::Uuid::new_v4());
            let mut inputs = InputBuilder::new(id, TenantId::parse("acme").unwrap(), "test");
            publisher.input(config, &inputs.goal(apex::clock::wall_clock(), "Book a flight to Paris", None));
            id
        })
        .collect()
}

/// Polls `query` until it returns `want`, or fails after `seconds`.
async fn wait_for(pool: &PgPool, seconds: u64, what: &str, query: &str, want: i64) {
    let deadline = support::deadline(seconds);
    loop {
        let got: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(query.to_owned())).fetch_one(pool).await.unwrap_or(-1);
        if got == want {
            return;
        }
        assert!(Instant::now() < deadline, "{what}: {got}, expected {want}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Every workflow's sequence numbers are 0..n with no gap, and match the event log's count.
async fn assert_contiguous(pool: &PgPool, expected: &BTreeMap<String, i64>) {
    let rows: Vec<(String, i64, i64, i64)> = sqlx::query_as(
        "SELECT workflow_id, count(*), min(sequence), max(sequence) FROM workflow_events GROUP BY workflow_id",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert_eq!(rows.len(), expected.len(), "one history per workflow");
    for (workflow, count, min, max) in rows {
        assert_eq!((min, max + 1), (0, count), "{workflow}: sequences 0..{count} without a gap");
        assert_eq!(Some(&count), expected.get(&workflow), "{workflow}: every event of the log, once");
    }
}

/// Events per workflow in `apex.events`, counting each sequence number once.
fn log_counts(seen: &[Seen], topics: &Topics) -> BTreeMap<String, i64> {
    let mut max: BTreeMap<String, i64> = BTreeMap::new();
    for s in seen.iter().filter(|s| s.topic == topics.events) {
        let record: apex::kafka::records::EventsRecord = serde_json::from_slice(&s.value).unwrap();
        let last = record.first_seq as i64 + record.events.len() as i64;
        let entry = max.entry(record.workflow_id.to_string()).or_default();
        *entry = (*entry).max(last);
    }
    max
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_projector_catches_up_after_an_outage_without_gaps() {
    let support::postgres::TestDatabase { name: db, url, admin } = support::postgres::fresh("apex_proj").await;
    let config = test_config(&[]);
    apex::kafka::topics::create(&config).await.expect("topics");
    let topics = Topics::new(&config.topic_prefix);
    let _processor = RoleProcess::start(&config, "p");
    let _executor = TestExecutor::start(&config, |command| match command {
        Command::PlanGoal(_) => Reply::Done(plan()),
        _ => Reply::Done(json!({"ok": true})),
    });
    let mut projector = RoleProcess::start_role(
        &config,
        "projector",
        "projector",
        &[("APEX_DATABASE_URL", &url), ("APEX_MIGRATE_ON_START", "on")],
    );
    let publisher = Publisher::new(&config);
    let pool = apex::store::connect(&url).await.unwrap();

    let first = submit(&config, &publisher, 20);
    wait_for(
        &pool,
        90,
        "completed workflows",
        "SELECT count(*) FROM workflow_instances WHERE status = 'completed'",
        20,
    )
    .await;

    // Outage: the database refuses connections and the projector's sessions are ended.
    sqlx::query(sqlx::AssertSqlSafe(format!("ALTER DATABASE {db} ALLOW_CONNECTIONS false")))
        .execute(&admin)
        .await
        .unwrap();
    pool.close().await;
    sqlx::query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1")
        .bind(&db)
        .execute(&admin)
        .await
        .unwrap();
    let second = submit(&config, &publisher, 20);
    let collector = Collector::start(&config, &[&topics.events]);
    let all: Vec<String> = first.iter().chain(&second).map(ToString::to_string).collect();
    let seen = tokio::task::block_in_place(|| {
        collector.wait_until(90, "every workflow's completion in the log", |s| {
            let counts = log_counts(s, &topics);
            all.iter().all(|w| counts.contains_key(w))
                && s.iter()
                    .filter(|r| r.topic == topics.events)
                    .filter(|r| String::from_utf8_lossy(&r.value).contains("WorkflowCompleted"))
                    .count()
                    >= all.len()
        })
    });
    let deadline = support::deadline(30);
    while !std::fs::read_to_string(&projector.log).unwrap_or_default().contains("projection write failed") {
        assert!(Instant::now() < deadline, "the projector never hit the outage; log: {}", projector.log.display());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    sqlx::query(sqlx::AssertSqlSafe(format!("ALTER DATABASE {db} ALLOW_CONNECTIONS true")))
        .execute(&admin)
        .await
        .unwrap();

    let pool = apex::store::connect(&url).await.unwrap();
    wait_for(
        &pool,
        90,
        "completed workflows after the outage",
        "SELECT count(*) FROM workflow_instances WHERE status = 'completed'",
        40,
    )
    .await;
    let expected = log_counts(&seen, &topics);
    wait_for(&pool, 30, "events projected", "SELECT count(*) FROM workflow_events", expected.values().sum()).await;
    assert_contiguous(&pool, &expected).await;

    // Redelivery: every record of the log written again, oldest last, changes nothing.
    let records: Vec<apex::kafka::records::EventsRecord> =
        seen.iter().filter(|r| r.topic == topics.events).map(|r| serde_json::from_slice(&r.value).unwrap()).collect();
    for record in records.iter().rev() {
        let mut batch = apex::projector::ProjectionBatch::default();
        batch.add(record);
        batch.write(&pool).await.unwrap();
    }
    assert_contiguous(&pool, &expected).await;
    wait_for(
        &pool,
        1,
        "completed after redelivery",
        "SELECT count(*) FROM workflow_instances WHERE status = 'completed'",
        40,
    )
    .await;
    let tenants: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT tenant_id FROM workflow_events").fetch_all(&pool).await.unwrap();
    assert_eq!(tenants, ["acme"], "events carry their workflow's tenant");
    let row: (String, serde_json::Value, Option<serde_json::Value>, i64) =
        sqlx::query_as("SELECT status, input, result, version FROM workflow_instances WHERE workflow_id = $1")
            .bind(first[0].to_string())
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(row.0, "completed");
    assert_eq!(row.1, json!({"goal": "Book a flight to Paris", "user_id": "acme"}));
    assert!(row.2.unwrap()["results"]["flight"]["ok"].as_bool().unwrap());
    assert_eq!(row.3, expected[&first[0].to_string()], "version = events folded");
    let checkpoint: (i64, serde_json::Value) = sqlx::query_as(
        "SELECT version, state FROM agent_checkpoints WHERE workflow_id = $1 ORDER BY version DESC LIMIT 1",
    )
    .bind(first[0].to_string())
    .fetch_one(&pool)
    .await
    .expect("the final snapshot is a checkpoint");
    assert_eq!(checkpoint.0, row.3, "the last checkpoint holds the whole history");
    assert!(checkpoint.1.is_object());
    pool.close().await;
    projector.terminate();
    let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE {db} WITH (FORCE)"))).execute(&admin).await;
}
