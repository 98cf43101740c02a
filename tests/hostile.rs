//! Hostile input thrown at the real roles (processor, planner, executor, projector) on the real
//! stack: the offending record is handled (dead-lettered with its reason, or projected safely),
//! later records keep flowing, and the role is the same process afterwards.

mod support;

use std::time::{Duration, Instant};

use apex::core::builder::InputBuilder;
use apex::core::ids::{TenantId, WorkflowId};
use support::kafka::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_goal_with_nul_characters_never_stops_the_projector() {
    let db = support::postgres::fresh("apex_hostile").await;
    let config = test_config(&[]);
    apex::kafka::topics::create(&config).await.expect("topics");
    let store = [("APEX_DATABASE_URL", db.url.as_str()), ("APEX_MIGRATE_ON_START", "on")];
    let mut projector = RoleProcess::start_role(&config, "projector", "pr", &store);
    let _roles = [
        RoleProcess::start(&config, "p"),
        RoleProcess::start_role(&config, "planner", "pl", &[]),
        RoleProcess::start_role(&config, "executor", "ex", &[]),
    ];
    let goals = [
        "Book a flight to Pa\0ris tomorrow",
        "Book a hotel in \0\0Lima tomorrow \u{1b}]0;owned\u{7}",
        "Book a flight to Oslo tomorrow",
    ];
    let publisher = Publisher::new(&config);
    let mut ids = Vec::new();
    for goal in goals {
        let id = WorkflowId::from_uuid(uuid::Uuid::new_v4());
        let mut inputs = InputBuilder::new(id, TenantId::parse("acme").unwrap(), "hostile");
        let envelope = inputs.goal(apex::worker::wall_clock(), goal, None);
        tokio::task::block_in_place(|| publisher.input(&config, &envelope));
        ids.push(id.to_string());
    }
    let pool = apex::store::connect(&db.url).await.unwrap();
    let deadline = support::deadline(120);
    let done = loop {
        let rows: Vec<(String, String, serde_json::Value)> = sqlx::query_as(
            "SELECT workflow_id, status, input FROM workflow_instances WHERE workflow_id = ANY($1)
             AND status IN ('completed', 'failed', 'compensated')",
        )
        .bind(&ids)
        .fetch_all(&pool)
        .await
        .unwrap();
        if rows.len() == ids.len() {
            break rows;
        }
        assert!(Instant::now() < deadline, "only {} of {} workflows projected to their end", rows.len(), ids.len());
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let stored: Vec<String> =
        done.iter().map(|(_, _, input)| input["goal"].as_str().unwrap_or("").to_owned()).collect();
    assert!(
        stored.contains(&"Book a flight to Pa\u{FFFD}ris tomorrow".to_owned()),
        "NUL replaced, nothing else: {stored:?}"
    );
    assert!(stored.contains(&"Book a flight to Oslo tomorrow".to_owned()));
    let oslo = done.iter().find(|(_, _, input)| input["goal"] == "Book a flight to Oslo tomorrow").unwrap();
    assert_eq!(oslo.1, "completed", "the workflow behind them ran as usual");
    assert!(projector.child.try_wait().unwrap().is_none(), "the projector is the same process");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn records_near_and_over_the_size_limits_never_stop_the_processor() {
    let config = test_config(&[]);
    apex::kafka::topics::create(&config).await.expect("topics");
    let topics = apex::kafka::topics::Topics::new(&config.topic_prefix);
    let collector = Collector::start(&config, &[&topics.outcomes, &topics.dlq]);
    let mut processor = RoleProcess::start(&config, "p");
    let _roles = [
        RoleProcess::start_role(&config, "planner", "pl", &[]),
        RoleProcess::start_role(&config, "executor", "ex", &[]),
    ];
    let publisher = Publisher::new(&config);
    let envelope = |goal: &str| {
        let id = WorkflowId::from_uuid(uuid::Uuid::new_v4());
        let mut inputs = InputBuilder::new(id, TenantId::parse("acme").unwrap(), "hostile");
        (id, inputs.goal(apex::worker::wall_clock(), goal, None))
    };
    // Just under APEX_MAX_ENVELOPE_BYTES (1 MiB): accepted, and every output of it (the event
    // log, the snapshot, the plan command) is larger than librdkafka's default 1,000,000 bytes.
    let (near, goal) = envelope(&format!("Book a flight to Paris tomorrow {}", "x".repeat(1_040_000)));
    tokio::task::block_in_place(|| publisher.input(&config, &goal));
    // Over it: dead-lettered as oversize (the dead letter itself is over 1,000,000 bytes).
    let (over, goal) = envelope(&format!("Book a flight to Rome tomorrow {}", "y".repeat(1_200_000)));
    tokio::task::block_in_place(|| publisher.input(&config, &goal));
    // A 600 kB schemaVersion: dead-lettered with an error header that does not quote it all.
    let (odd, goal) = envelope("Book a flight to Oslo tomorrow");
    let mut json: serde_json::Value = serde_json::from_slice(&goal.to_json()).unwrap();
    json["schemaVersion"] = serde_json::Value::String("9".repeat(600_000));
    let key = odd.to_string();
    tokio::task::block_in_place(|| {
        publisher.send(&topics.envelopes, Some(key.as_bytes()), &serde_json::to_vec(&json).unwrap())
    });
    // And after them all, an ordinary goal.
    let (normal, goal) = envelope("Book a flight to Lima tomorrow");
    tokio::task::block_in_place(|| publisher.input(&config, &goal));

    let ended = |seen: &[Seen], id: &WorkflowId| outcomes(seen, &topics).contains_key(&id.to_string());
    let dead = |seen: &[Seen], id: &WorkflowId| {
        seen.iter().filter(|s| s.topic == topics.dlq && s.key == id.to_string().as_bytes()).cloned().collect::<Vec<_>>()
    };
    let seen = tokio::task::block_in_place(|| {
        collector.wait_until(120, "every record handled", |seen| {
            ended(seen, &near) && ended(seen, &normal) && !dead(seen, &over).is_empty() && !dead(seen, &odd).is_empty()
        })
    });
    let over_dead = &dead(&seen, &over)[0];
    assert_eq!(
        over_dead.headers.get("apex.dlq.reason").map(String::as_str),
        Some("oversize"),
        "{:?}",
        over_dead.headers
    );
    assert!(over_dead.value.len() > 1_200_000, "the dead letter carries the whole record");
    let odd_dead = &dead(&seen, &odd)[0];
    let error = odd_dead.headers.get("apex.dlq.error").cloned().unwrap_or_default();
    assert!(
        error.contains("schemaVersion") || odd_dead.headers.get("apex.dlq.field").is_some_and(|f| f == "schemaVersion")
    );
    assert!(error.chars().count() <= apex::kafka::headers::DLQ_ERROR_CHARS + 1, "the error header is clipped");
    assert!(processor.child.try_wait().unwrap().is_none(), "the processor is the same process");
    let log = std::fs::read_to_string(&processor.log).unwrap();
    assert!(!log.contains("batch aborted"), "no batch failed:\n{log}");
}
