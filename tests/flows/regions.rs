//! Active-active: two processor groups ("regions") fold the same inputs against one Redis.
//! Each workflow's commands are published by exactly one region at a time, under a lease
//! whose fencing token rides on every command; when a region stops, the other takes its
//! workflows over (with higher tokens) and finishes them.

use crate::support;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use apex::core::builder::InputBuilder;
use apex::core::command::Command;
use apex::core::ids::{TenantId, WorkflowId};
use apex::core::message::Message;
use apex::core::time::Timestamp;
use apex::kafka::topics::Topics;
use serde_json::json;
use support::kafka::*;

fn now() -> Timestamp {
    Timestamp::from_millis(
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64
    )
}

#[test]
fn each_workflow_is_driven_by_one_region_and_survives_the_loss_of_a_region() {
    let base = test_config(&[("APEX_LEASE_TTL_MS", "3000")]);
    create_topics(&base);
    let topics = Topics::new(&base.topic_prefix);
    let region = |name: &str| {
        let mut c = base.clone();
        c.group_id = format!("{}{name}", base.topic_prefix);
        c.region = Some(name.to_owned());
        c
    };
    let (eu, us) = (region("eu"), region("us"));
    let eu_gone = Arc::new(AtomicBool::new(false));
    let plan = json!({"steps": [
        {"id": "book", "tool": "book_flight", "compensation": {"tool": "cancel_flight"}, "timeout_ms": 60000},
        {"id": "mail", "tool": "send_email", "depends_on": ["book"], "timeout_ms": 60000}
    ]});
    let gone = eu_gone.clone();
    // Mail is held back while eu lives, so eu's workflows are in flight when it stops.
    let _executor = TestExecutor::start(&base, move |c| match c {
        Command::PlanGoal(_) => Reply::Done(plan.clone()),
        Command::ExecuteStep(e) if e.tool.as_str() == "send_email" && !gone.load(Ordering::SeqCst) => Reply::Ignore,
        _ => Reply::Done(json!({"ok": true})),
    });
    let collector = Collector::start(&base, &[&topics.commands, &topics.outcomes]);
    let publisher = Publisher::new(&base);
    let submit = || {
        let id = WorkflowId::from_uuid(uuid::Uuid::new_v4());
        let mut inputs = InputBuilder::new(id, TenantId::parse("user-1").unwrap(), "test");
        publisher.input(&base, &inputs.goal(now(), "Book a flight", None));
        id
    };
    let mails = |s: &[Seen], region: &str| {
        s.iter()
            .filter(|r| r.topic == topics.commands && r.headers.get("apex.region").is_some_and(|x| x == region))
            .filter(|r| matches!(r.envelope().map(|e| e.payload), Some(Message::Command(Command::ExecuteStep(e))) if e.tool.as_str() == "send_email"))
            .count()
    };

    // eu alone takes the first workflows and drives them up to the mail.
    let mut eu_process = RoleProcess::start(&eu, "eu");
    let mut workflows: Vec<WorkflowId> = (0..15).map(|_| submit()).collect();
    collector.wait_until(90, "eu to send every first mail", |s| mails(s, "eu") >= 15);
    let _us_process = RoleProcess::start(&us, "us");
    workflows.extend((0..5).map(|_| submit()));
    // eu stops (SIGTERM) and never comes back; its leases lapse after the TTL. A kill -9
    // here would leave eu's transaction open on the partitions both test regions share,
    // which this broker never times out (see the README); regions on separate clusters do
    // not share that fate. kill -9 itself is covered in tests/flows/processor.rs.
    assert!(eu_process.terminate().success());
    eu_gone.store(true, Ordering::SeqCst);
    workflows.extend((0..5).map(|_| submit()));
    let seen = collector.wait_until(120, "every workflow to finish after eu stopped", |s| {
        let o = outcomes(s, &topics);
        workflows.iter().all(|w| o.contains_key(&w.to_string()))
    });

    // Per workflow: the (region, fence) of each command, in the order published.
    let mut drivers: BTreeMap<String, Vec<(String, u64)>> = BTreeMap::new();
    for s in seen.iter().filter(|s| s.topic == topics.commands) {
        // Commands only: outcomes come from every region, with the same id.
        let region = s.headers.get("apex.region").cloned().expect("every command names its region");
        let fence: u64 = s.headers["apex.fence"].parse().unwrap();
        drivers.entry(String::from_utf8_lossy(&s.key).into_owned()).or_default().push((region, fence));
    }
    let mut taken_over = 0;
    for (workflow, published) in &drivers {
        let regions: BTreeSet<&str> = published.iter().map(|(r, _)| r.as_str()).collect();
        if regions.len() == 2 {
            // A takeover: eu first, then us only, with a higher token.
            let switch = published.iter().position(|(r, _)| r == "us").unwrap();
            assert!(published[..switch].iter().all(|(r, _)| r == "eu"), "{workflow}: {published:?}");
            assert!(
                published[switch..].iter().all(|(r, _)| r == "us"),
                "{workflow}: interleaved drivers {published:?}"
            );
            assert!(published[switch].1 > published[switch - 1].1, "{workflow}: the new owner's token is higher");
            taken_over += 1;
        }
        let outcomes: BTreeSet<String> = seen
            .iter()
            .filter(|s| s.topic == topics.outcomes && s.key == workflow.as_bytes())
            .filter_map(|s| s.envelope().map(|e| e.event_id.to_string()))
            .collect();
        assert!(outcomes.len() <= 1, "{workflow} has several distinct outcomes");
    }
    assert!(taken_over >= 15, "us took over every workflow eu left in flight ({taken_over})");
    assert!(mails(&seen, "us") >= 15, "us sent eu's pending mails again");
}

#[test]
fn a_region_started_while_redis_is_down_drives_its_workflows_once_redis_is_back() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("redis://127.0.0.1:{port}");
    let config = test_config(&[("APEX_LEASE_TTL_MS", "3000"), ("APEX_REGION", "eu"), ("APEX_REDIS_URL", &url)]);
    create_topics(&config);
    let topics = Topics::new(&config.topic_prefix);
    let plan = json!({"steps": [{"id": "look", "tool": "search_flights"}]});
    let _executor = TestExecutor::start(&config, move |c| match c {
        Command::PlanGoal(_) => Reply::Done(plan.clone()),
        _ => Reply::Done(json!({"flights": 2})),
    });
    let collector = Collector::start(&config, &[&topics.outcomes]);
    let mut processor = RoleProcess::start(&config, "eu");
    let id = WorkflowId::from_uuid(uuid::Uuid::new_v4());
    let mut inputs = InputBuilder::new(id, TenantId::parse("user-1").unwrap(), "test");
    Publisher::new(&config).input(&config, &inputs.goal(now(), "Find flights", None));

    // Without Redis no lease can be taken: the batch fails and is retried, the process lives.
    let deadline = support::deadline(60);
    while !std::fs::read_to_string(&processor.log).unwrap_or_default().contains("batch aborted") {
        assert!(processor.child.try_wait().unwrap().is_none(), "the processor exited while Redis was down");
        assert!(std::time::Instant::now() < deadline, "the goal's batch never needed Redis");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(collector.snapshot().is_empty(), "nothing is decided without a lease");
    let _redis = support::redis::PrivateRedis::start_on(port);
    let seen = collector.wait_until(60, "the outcome once Redis is back", |s| !s.is_empty());
    assert_eq!(outcomes(&seen, &topics)[&id.to_string()], ["orchestrator:agent.workflow_completed"]);
}
