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
    let deadline = Instant::now() + Duration::from_secs(120);
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
