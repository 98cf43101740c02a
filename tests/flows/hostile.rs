//! Hostile input thrown at the real roles (processor, planner, executor, projector) on the real
//! stack: the offending record is handled (dead-lettered with its reason, or projected safely),
//! later records keep flowing, and the role is the same process afterwards. One test sends every
//! kind of poison at once from a client on librdkafka's default partitioner; other files hold
//! the cases of one role each (tests/flows/processor.rs: the DLQ reasons; tests/flows/api.rs: 413, bad ids,
//! slow clients; tests/flows/tools.rs: answers on the default partitioner, large outputs).

use crate::support;

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
        let envelope = inputs.goal(apex::clock::wall_clock(), goal, None);
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
        (id, inputs.goal(apex::clock::wall_clock(), goal, None))
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

/// Every kind of poison a foreign publisher can send, from a client on librdkafka's default
/// partitioner (CRC32, not Java's murmur2), at all four roles at once: each record is
/// dead-lettered with its reason or handled, ordinary goals on every partition complete after
/// them, every role is still the process it was, and no log shows a panic.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_foreign_publishers_poison_stops_no_role() {
    let db = support::postgres::fresh("apex_poison").await;
    let config = test_config(&[]);
    apex::kafka::topics::create(&config).await.expect("topics");
    let topics = apex::kafka::topics::Topics::new(&config.topic_prefix);
    let collector = Collector::start(&config, &[&topics.outcomes, &topics.dlq]);
    let store = [("APEX_DATABASE_URL", db.url.as_str()), ("APEX_MIGRATE_ON_START", "on")];
    let mut roles = [
        RoleProcess::start(&config, "p"),
        RoleProcess::start_role(&config, "planner", "pl", &[]),
        RoleProcess::start_role(&config, "executor", "ex", &[]),
        RoleProcess::start_role(&config, "projector", "pr", &store),
    ];
    let mut settings = apex::kafka::client::producer(&config, None);
    settings.set("partitioner", "consistent_random");
    let producer: rdkafka::producer::BaseProducer = settings.create().unwrap();
    let send = |key: Option<&str>, value: &[u8]| {
        let mut record = rdkafka::producer::BaseRecord::<[u8], [u8]>::to(&topics.envelopes).payload(value);
        if let Some(key) = key {
            record = record.key(key.as_bytes());
        }
        apex::kafka::delivery::send(&producer, record).unwrap();
        apex::kafka::delivery::drain(&producer, Duration::from_secs(30)).unwrap();
    };
    let workflow = || {
        let id = WorkflowId::from_uuid(uuid::Uuid::new_v4());
        (id, InputBuilder::new(id, TenantId::parse("acme").unwrap(), "py-client"))
    };
    let ended = |seen: &[Seen], id: &WorkflowId| outcomes(seen, &topics).contains_key(&id.to_string());

    // A workflow that finishes first, so that inputs can arrive after its end.
    let (finished, mut finished_inputs) = workflow();
    let envelope = finished_inputs.goal(apex::clock::wall_clock(), "Book a flight to Quito tomorrow", None);
    let key = finished.to_string();
    tokio::task::block_in_place(|| send(Some(&key), &envelope.to_json()));
    tokio::task::block_in_place(|| collector.wait_until(120, "the first workflow's outcome", |s| ended(s, &finished)));

    let mut expected: Vec<(&str, Vec<u8>)> = Vec::new();
    expected.push(("undecodable", b"\x7fnot an envelope".to_vec()));
    expected.push(("unknown_schema", b"\x00\x00\x00\x00\x2anot registered".to_vec()));
    let (_, mut inputs) = workflow();
    let valid = inputs.goal(apex::clock::wall_clock(), "Book a flight to Accra tomorrow", None).to_json();
    expected.push(("undecodable", [valid.clone(), valid.clone()].concat()));
    let mut unknown: serde_json::Value = serde_json::from_slice(&valid).unwrap();
    unknown["eventType"] = serde_json::json!("orchestrator:agent.teleported");
    expected.push(("unknown_event_type", serde_json::to_vec(&unknown).unwrap()));
    let mut huge = unknown.clone();
    huge["eventType"] = serde_json::json!("orchestrator:agent.goal_received");
    huge["payload"]["goal"] = serde_json::json!("z".repeat(1_100_000));
    expected.push(("oversize", serde_json::to_vec(&huge).unwrap()));
    let step = apex::core::command::ExecuteStep {
        command_id: apex::core::ids::CommandId::from_uuid(uuid::Uuid::new_v4()),
        step_id: apex::core::ids::StepId::parse("book_flight").unwrap(),
        attempt: 1,
        tool: apex::core::ids::ToolName::parse("book_flight").unwrap(),
        input: apex::core::json::Json::new(serde_json::json!({})),
        context: Default::default(),
        timeout_ms: 1000,
    };
    let output = serde_json::json!({"report": "w".repeat(200 * 1024)});
    expected.push(("output_too_large", finished_inputs.step_done(apex::clock::wall_clock(), &step, output).to_json()));
    let mut stranger = InputBuilder::new(finished, TenantId::parse("mallory").unwrap(), "evil");
    expected.push(("tenant_mismatch", stranger.cancel(apex::clock::wall_clock(), "mine now").to_json()));
    for _ in 0..50 {
        let signal = finished_inputs.signal(apex::clock::wall_clock(), "resume", None);
        expected.push(("workflow_ended", signal.to_json()));
    }
    for (_, value) in &expected {
        tokio::task::block_in_place(|| send(Some(&key), value));
    }

    // Goals the roles must still carry: keyless, keyed in upper case, full of control
    // characters, and plain ones on every partition.
    let mut normal = Vec::new();
    for (n, text) in [
        "Book a hotel in Lyon tomorrow for 2 nights",
        "Book a flight to Riga tomorrow, seat 3\0A \u{1b}]0;owned\u{7}",
        "Book a flight to Riga tomorrow",
        "Book a flight to Bergen tomorrow",
        "Book a flight to Turin tomorrow",
        "Book a flight to Bilbao tomorrow",
    ]
    .iter()
    .enumerate()
    {
        let (id, mut inputs) = workflow();
        let value = inputs.goal(apex::clock::wall_clock(), text, None).to_json();
        let key = match n {
            0 => None,
            1 => Some(id.to_string().to_uppercase()),
            _ => Some(id.to_string()),
        };
        tokio::task::block_in_place(|| send(key.as_deref(), &value));
        normal.push(id);
    }
    let seen = tokio::task::block_in_place(|| {
        collector.wait_until(180, "every goal's outcome and every dead letter", |seen| {
            normal.iter().all(|id| ended(seen, id))
                && seen.iter().filter(|s| s.topic == topics.dlq).count() >= expected.len()
        })
    });
    let letters: Vec<&Seen> = seen.iter().filter(|s| s.topic == topics.dlq).collect();
    for (reason, value) in &expected {
        let letter =
            letters.iter().find(|s| s.value == *value).unwrap_or_else(|| panic!("no dead letter for {reason}"));
        assert_eq!(letter.headers["apex.dlq.reason"], *reason);
    }
    let failed: Vec<String> = seen
        .iter()
        .filter(|s| s.topic == topics.outcomes && !String::from_utf8_lossy(&s.value).contains("workflow_completed"))
        .map(|s| String::from_utf8_lossy(&s.value).into_owned())
        .collect();
    assert!(failed.is_empty(), "every goal completes: {failed:?}");
    for role in &mut roles {
        assert!(role.child.try_wait().unwrap().is_none(), "{} exited", role.log.display());
        let log = std::fs::read_to_string(&role.log).unwrap_or_default();
        assert!(!log.contains("panicked"), "{} panicked:\n{log}", role.log.display());
    }
}
