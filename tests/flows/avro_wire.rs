//! Avro in the Confluent wire format through the processor, with schemas in a registry
//! (a test double speaking the real REST API; see `support/registry.rs`). Inputs may mix
//! formats per message; outputs follow `APEX_OUTPUT_FORMAT`.

use crate::support;

use apex::codec::wire::WireCodec;
use apex::config::Format;
use apex::core::builder::InputBuilder;
use apex::core::command::Command;
use apex::core::envelope::Envelope;
use apex::core::ids::{TenantId, WorkflowId};
use apex::core::message::Message;
use apex::core::time::Timestamp;
use apex::kafka::topics::Topics;
use serde_json::json;
use support::kafka::*;
use support::registry::Registry;

fn now() -> Timestamp {
    Timestamp::from_millis(
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64
    )
}

#[test]
fn avro_inputs_in_avro_commands_out_with_json_inputs_mixed_in() {
    let registry = Registry::start();
    let config = test_config(&[("APEX_OUTPUT_FORMAT", "avro"), ("APEX_SCHEMA_REGISTRY_URL", &registry.url)]);
    create_topics(&config);
    let topics = Topics::new(&config.topic_prefix);
    let _processor = RoleProcess::start(&config, "a");
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let codec = WireCodec::new(Format::Avro, usize::MAX, Some(&registry.url), Some(runtime.handle().clone())).unwrap();
    let collector = Collector::start(&config, &[&topics.commands, &topics.dlq]);
    let publisher = Publisher::new(&config);

    let id = WorkflowId::from_uuid(uuid::Uuid::new_v4());
    let mut inputs = InputBuilder::new(id, TenantId::parse("user-1").unwrap(), "avro-client");
    let goal = inputs.goal(now(), "Book a flight to Paris", None);
    let bytes = codec.encode(&topics.envelopes, &goal).unwrap();
    assert_eq!(bytes[0], 0, "Confluent magic byte");
    publisher.send(&topics.envelopes, Some(id.to_string().as_bytes()), &bytes);

    let decode = |s: &Seen| -> Option<Envelope<Message>> { codec.decode(&s.value).ok() };
    let seen = collector.wait_until(60, "a PlanGoal command", |s| s.iter().any(|r| decode(r).is_some()));
    let seen: Vec<Seen> = seen.into_iter().filter(|r| r.topic == topics.commands).collect();
    let command = seen.iter().find_map(decode).unwrap();
    assert_eq!(seen[0].value[0], 0, "the processor publishes Avro in the wire format");
    let Message::Command(Command::PlanGoal(plan_goal)) = command.payload else { panic!("{:?}", command.payload) };
    assert_eq!(command.correlation_id, id);

    let plan = serde_json::from_value(json!({"steps": [{"id": "search", "tool": "search_flights"}]})).unwrap();
    let answer = inputs.plan(now(), plan_goal.command_id, plan);
    publisher.send(&topics.envelopes, Some(id.to_string().as_bytes()), &answer.to_json());
    let seen = collector.wait_until(60, "an ExecuteStep command after a JSON input", |s| {
        s.iter().filter_map(decode).any(|e| matches!(e.payload, Message::Command(Command::ExecuteStep(_))))
    });
    assert!(seen.iter().filter(|r| r.topic == topics.commands).all(|s| s.value[0] == 0));

    let unknown_schema = [0u8, 0, 0, 0, 99, 2, 4, 6];
    publisher.send(&topics.envelopes, Some(id.to_string().as_bytes()), &unknown_schema);
    let seen =
        collector.wait_until(60, "a dead letter for an unknown schema id", |s| s.iter().any(|r| r.topic == topics.dlq));
    let dead = seen.iter().find(|r| r.topic == topics.dlq).unwrap();
    assert_eq!(dead.headers["apex.dlq.reason"], "unknown_schema");
    assert_eq!(dead.value, unknown_schema);

    let subjects = registry.subjects();
    assert!(subjects.contains(&format!("{}-value", topics.envelopes)), "{subjects:?}");
    assert!(subjects.contains(&format!("{}-value", topics.commands)), "TopicNameStrategy subject for commands");
    assert!(
        registry.requests().iter().any(|r| r.starts_with("GET /schemas/ids/")),
        "the processor fetched the writer schema by id"
    );
}

/// A processor that cannot reach the schema registry holds its Avro inputs (nothing is
/// dead-lettered: an outage is not the record's fault), stops promptly on SIGTERM while it
/// waits, and decides every input once the registry is back.
#[test]
fn a_processor_holds_avro_inputs_while_the_registry_is_down_and_decides_them_after() {
    let registry = Registry::start();
    let config = test_config(&[("APEX_OUTPUT_FORMAT", "avro"), ("APEX_SCHEMA_REGISTRY_URL", &registry.url)]);
    create_topics(&config);
    let topics = Topics::new(&config.topic_prefix);
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let codec = WireCodec::new(Format::Avro, usize::MAX, Some(&registry.url), Some(runtime.handle().clone())).unwrap();
    let publisher = Publisher::new(&config);
    for _ in 0..5 {
        let id = WorkflowId::from_uuid(uuid::Uuid::new_v4());
        let goal = InputBuilder::new(id, TenantId::parse("user-1").unwrap(), "avro-client").goal(
            now(),
            "Book a flight to Paris",
            None,
        );
        publisher.send(
            &topics.envelopes,
            Some(id.to_string().as_bytes()),
            &codec.encode(&topics.envelopes, &goal).unwrap(),
        );
    }
    registry.set_down(true);
    let collector = Collector::start(&config, &[&topics.commands, &topics.dlq]);

    let wait_for_refusals = |at_least: usize| {
        let deadline = support::deadline(60);
        while registry.refused() < at_least {
            assert!(std::time::Instant::now() < deadline, "the processor never asked the registry");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    };
    let mut first = RoleProcess::start(&config, "a");
    wait_for_refusals(3);
    assert!(first.terminate().success(), "a processor waiting for the registry stops on SIGTERM");
    assert!(collector.snapshot().is_empty(), "nothing decided, nothing dead-lettered while the registry is down");

    let refused = registry.refused();
    let _second = RoleProcess::start(&config, "b");
    wait_for_refusals(refused + 2);
    registry.set_down(false);
    let seen = collector
        .wait_until(90, "5 PlanGoal commands", |s| s.iter().filter(|r| r.topic == topics.commands).count() >= 5);
    assert!(seen.iter().all(|r| r.topic != topics.dlq), "no input was dead-lettered");
}
