//! Processor faults on a broker of the test's own (the stack's tansu on a free port), with the
//! real planner and executor: the broker stalled (SIGSTOP) while a restarted processor restores,
//! and a processor killed every 10 s for two minutes under load. Every goal completes once.

use crate::support;

use std::collections::BTreeSet;

use apex::core::builder::InputBuilder;
use apex::core::ids::{TenantId, WorkflowId};
use apex::core::time::Timestamp;
use apex::kafka::topics::Topics;
use support::broker::PrivateBroker;
use support::kafka::*;

fn now() -> Timestamp {
    Timestamp::from_millis(
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64
    )
}

/// Goals with ids, as (key, value) records for the envelopes topic.
fn goal_records(n: usize) -> Vec<(String, Vec<u8>)> {
    (0..n)
        .map(|_| {
            let id = WorkflowId::from_uuid(uuid::Uuid::new_v4());
            let mut inputs = InputBuilder::new(id, TenantId::parse("user-1").unwrap(), "load");
            (id.to_string(), inputs.goal(now(), "Book a flight to Paris tomorrow", None).to_json())
        })
        .collect()
}

fn publish(publisher: &Publisher, topics: &Topics, goals: &[(String, Vec<u8>)]) {
    publisher.send_all(&topics.envelopes, goals.iter().map(|(k, v)| (k.as_bytes(), v.as_slice())));
}

/// Waits until every goal of `ids` has an outcome (read from record keys, cheaply), then checks
/// that each completed once and that nothing was decided twice.
fn every_goal_completes(collector: &Collector, topics: &Topics, ids: &BTreeSet<String>, seconds: u64) {
    let seen = collector.wait_until(seconds, "an outcome for every goal", |seen| {
        let ended: BTreeSet<&[u8]> =
            seen.iter().filter(|s| s.topic == topics.outcomes).map(|s| s.key.as_slice()).collect();
        ids.iter().all(|id| ended.contains(id.as_bytes()))
    });
    let ended = outcomes(&seen, topics);
    for id in ids {
        assert_eq!(ended[id].first(), Some(&"orchestrator:agent.workflow_completed"), "{id}: {:?}", ended[id]);
    }
    assert_no_double_decisions(&seen, topics);
}

#[test]
fn a_broker_stalled_while_partitions_restore_loses_no_goal() {
    // A broker of its own, to stall with SIGSTOP; every restore pauses 2 s between snapshots
    // and changelog, so the stall lands inside one (a small restore takes milliseconds).
    let broker = PrivateBroker::start();
    let config = test_config(&[("APEX_KAFKA_BROKERS", &broker.address()), ("APEX_FAULT_RESTORE_HOLD_MS", "2000")]);
    create_topics(&config);
    let topics = Topics::new(&config.topic_prefix);
    let mut processor = RoleProcess::start(&config, "a");
    let _planner = RoleProcess::start_role(&config, "planner", "pl", &[("APEX_PLAN_CACHE", "off")]);
    let _executor = RoleProcess::start_role(&config, "executor", "ex", &[]);
    let collector = Collector::start(&config, &[&topics.outcomes, &topics.commands]);
    let publisher = Publisher::new(&config);
    let before = goal_records(40);
    publish(&publisher, &topics, &before);
    let ids: BTreeSet<String> = before.iter().map(|(k, _)| k.clone()).collect();
    every_goal_completes(&collector, &topics, &ids, 120);

    // Killed and restarted with input waiting; the broker stalls while the restore is open.
    processor.kill9();
    let after = goal_records(40);
    publish(&publisher, &topics, &after);
    // Both runs append to one log: only what the restarted one writes counts.
    let written_before = std::fs::read_to_string(&processor.log).unwrap().len();
    let processor = RoleProcess::start(&config, "a");
    let since_restart = || std::fs::read_to_string(&processor.log).unwrap()[written_before..].to_owned();
    let deadline = support::deadline(60);
    while !since_restart().contains("restore held") {
        assert!(std::time::Instant::now() < deadline, "the restarted processor never began a restore");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    broker.pause();
    // Longer than the hold plus the restore's 10 s metadata timeout: the restore fails inside
    // the stall (the injected hold only decides where the stall lands, not how it ends).
    std::thread::sleep(std::time::Duration::from_secs(15));
    broker.resume();
    let ids: BTreeSet<String> = before.iter().chain(&after).map(|(k, _)| k.clone()).collect();
    every_goal_completes(&collector, &topics, &ids, 180);
    // The restore the stall caught was given up (failed, or dropped when the stalled session
    // lost its partitions) and done again: more restores began than there are partitions.
    let began = since_restart().matches("restore held").count();
    assert!(began > PARTITIONS as usize, "the stalled restore was done again ({began} began)");
}

#[test]
fn a_processor_killed_every_10_s_for_2_minutes_under_load_completes_every_goal() {
    // Its own broker: every kill -9 leaves a transaction open there.
    let broker = PrivateBroker::start();
    let config = test_config(&[("APEX_KAFKA_BROKERS", &broker.address()), ("APEX_STATIC_MEMBERSHIP", "on")]);
    create_topics(&config);
    let topics = Topics::new(&config.topic_prefix);
    let _planner = RoleProcess::start_role(&config, "planner", "pl", &[("APEX_PLAN_CACHE", "off")]);
    let _executor = RoleProcess::start_role(&config, "executor", "ex", &[]);
    let collector = Collector::start(&config, &[&topics.outcomes, &topics.commands]);
    // 20 goals a second for the whole two minutes, from a thread of its own.
    let load = {
        let (config, topics) = (config.clone(), topics.clone());
        std::thread::spawn(move || {
            let publisher = Publisher::new(&config);
            let started = std::time::Instant::now();
            let mut ids = BTreeSet::new();
            for tick in 1..=1200u32 {
                let goals = goal_records(2);
                publish(&publisher, &topics, &goals);
                ids.extend(goals.into_iter().map(|(k, _)| k));
                let next = started + std::time::Duration::from_millis(100) * tick;
                std::thread::sleep(next.saturating_duration_since(std::time::Instant::now()));
            }
            ids
        })
    };
    let mut processor = RoleProcess::start(&config, "a");
    let mut kills = 0;
    while !load.is_finished() {
        std::thread::sleep(std::time::Duration::from_secs(10));
        processor.kill9();
        kills += 1;
        processor = RoleProcess::start(&config, "a");
    }
    let ids = load.join().unwrap();
    assert!(kills >= 12, "killed every 10 s for 2 minutes ({kills})");
    every_goal_completes(&collector, &topics, &ids, 240);
}
