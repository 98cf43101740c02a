//! The migrations against the real PostgreSQL of the local stack, in a database of their own.

use crate::support;

use std::process::Command;

#[tokio::test]
async fn migrations_create_the_original_schema_and_are_idempotent() {
    let support::postgres::TestDatabase { name: db, url, admin } = support::postgres::fresh("apex_test").await;

    let output =
        Command::new(env!("CARGO_BIN_EXE_apex")).arg("migrate").env("APEX_DATABASE_URL", &url).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "1 migration(s) applied; the schema is current");
    let again =
        Command::new(env!("CARGO_BIN_EXE_apex")).arg("migrate").env("APEX_DATABASE_URL", &url).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&again.stdout).trim(), "0 migration(s) applied; the schema is current");

    let pool = apex::store::connect(&url).await.unwrap();
    let columns: Vec<(String, String)> = sqlx::query_as(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'workflow_instances' ORDER BY ordinal_position",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let original = [
        ("id", "uuid"),
        ("workflow_id", "text"),
        ("status", "text"),
        ("input", "jsonb"),
        ("result", "jsonb"),
        ("created_at", "timestamp with time zone"),
        ("updated_at", "timestamp with time zone"),
    ];
    for (i, (name, kind)) in original.iter().enumerate() {
        assert_eq!((columns[i].0.as_str(), columns[i].1.as_str()), (*name, *kind), "original column {i}");
    }
    let id: uuid::Uuid = sqlx::query_scalar(
        "INSERT INTO workflow_instances (workflow_id, status, input) VALUES ('wf-1', 'running', '{}') RETURNING id",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(!id.is_nil(), "gen_random_uuid() default");
    let duplicate = sqlx::query("INSERT INTO workflow_events VALUES ('wf-1', 0, 'InputAccepted', '{}', now(), 't'), ('wf-1', 0, 'InputAccepted', '{}', now(), 't')")
        .execute(&pool)
        .await;
    assert!(duplicate.is_err(), "(workflow_id, sequence) is the primary key");
    let indexes: Vec<String> =
        sqlx::query_scalar("SELECT indexname FROM pg_indexes WHERE tablename = 'workflow_instances'")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert!(indexes.iter().any(|i| i == "idx_workflow_instances_status"));
    assert!(indexes.iter().any(|i| i == "idx_workflow_instances_created"));
    pool.close().await;
    sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE {db}"))).execute(&admin).await.unwrap();
}
