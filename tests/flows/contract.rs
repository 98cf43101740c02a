//! The wire contract: the TypeScript envelope, field-naming errors, Avro and JSON encodings
//! of every catalog type, Avro schema evolution, and the checked-in JSON Schema.

use crate::support;

use apex::codec::avro::{AvroSchema, ENVELOPE_SCHEMA};
use apex::codec::json_schema::{SCHEMA_PATH, envelope_schema_text};
use apex::core::envelope::{Envelope, EnvelopeError, Payload};
use apex::core::input::Input;
use apex::core::message::Message;
use proptest::prelude::*;
use serde_json::{Value, json};

/// The README example of the original TypeScript client, with real UUIDs.
const TS_ENVELOPE: &str = r#"{"eventId":"7b0c2f1e-8d4a-4f7e-9c1b-2a3d4e5f6a7b","correlationId":"0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a","idempotencyKey":"user-1-workflow-1732520000000","tenantId":"user-1","eventType":"orchestrator:agent.goal_received","payload":{"goal":"Book flight to Paris tomorrow and send confirmation to john@example.com","user_id":"user-1"},"timestamp":"2026-11-25T10:00:00.000Z","source":"omnihub","trace":{"traceId":"3c2b1a0f-8e7d-4c6b-a5a4-93827160f5e4","spanId":"a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"},"schemaVersion":"1.0.0"}"#;

#[test]
fn the_typescript_envelope_parses_and_round_trips() {
    let envelope = Envelope::<Input>::from_json(TS_ENVELOPE.as_bytes()).expect("parses");
    let Input::GoalReceived(goal) = &envelope.payload else { panic!("not a goal") };
    assert_eq!(goal.user_id, "user-1");
    assert_eq!(envelope.tenant_id.as_str(), "user-1");
    let original: Value = serde_json::from_str(TS_ENVELOPE).unwrap();
    let written: Value = serde_json::from_slice(&envelope.to_json()).unwrap();
    assert_eq!(written, original);
    assert_eq!(String::from_utf8(envelope.to_json()).unwrap(), TS_ENVELOPE, "same bytes, same field order");
}

#[test]
fn data_after_the_envelope_is_refused_not_ignored() {
    for tail in [TS_ENVELOPE, "{}", "x", "]"] {
        let bytes = format!("{TS_ENVELOPE}{tail}");
        let error = Envelope::<Input>::from_json(bytes.as_bytes()).expect_err("two envelopes are not one");
        assert!(matches!(&error, EnvelopeError::Syntax(e) if e.contains("trailing characters")), "{tail}: {error}");
    }
    let padded = format!(" \n{TS_ENVELOPE}\n ");
    assert!(Envelope::<Input>::from_json(padded.as_bytes()).is_ok(), "whitespace around it is fine");
}

#[test]
fn text_that_is_not_an_object_of_fields_names_no_field() {
    let truncated = &TS_ENVELOPE[..TS_ENVELOPE.len() / 2];
    let fields: Vec<Value> = serde_json::from_str::<serde_json::Map<String, Value>>(TS_ENVELOPE)
        .unwrap()
        .into_iter()
        .map(|(_, v)| v)
        .collect();
    let positional = serde_json::to_string(&fields).unwrap();
    for text in [truncated, positional.as_str(), "[]", "\"a string\"", "{\"eventId\": \"7b0c"] {
        let error = Envelope::<Input>::from_json(text.as_bytes()).expect_err(text);
        assert!(matches!(error, EnvelopeError::Syntax(_)), "{text}: {error:?}");
        assert_eq!(error.field(), None, "{text}: no `?` or `[0]` in the DLQ's field header");
    }
}

/// A change to the TypeScript envelope.
type Mutation = Box<dyn FnOnce(&mut Value)>;

fn error_for(mutate: impl FnOnce(&mut Value)) -> EnvelopeError {
    let mut value: Value = serde_json::from_str(TS_ENVELOPE).unwrap();
    mutate(&mut value);
    Envelope::<Input>::from_json(&serde_json::to_vec(&value).unwrap()).unwrap_err()
}

#[test]
fn a_malformed_envelope_names_the_field_and_why() {
    let cases: Vec<(Mutation, &str)> = vec![
        (
            Box::new(|v| {
                v.as_object_mut().unwrap().remove("tenantId");
            }),
            "field `tenantId`: is missing",
        ),
        (Box::new(|v| v["eventId"] = json!("7b0c2f1e-...")), "field `eventId`: is not a UUID"),
        (Box::new(|v| v["eventId"] = json!(5)), "field `eventId`: invalid type: integer `5`, expected a string"),
        (Box::new(|v| v["timestamp"] = json!("tomorrow")), "field `timestamp`: is not an RFC 3339 timestamp"),
        (Box::new(|v| v["tenantId"] = json!("")), "field `tenantId`: must not be empty"),
        (Box::new(|v| v["schemaVersion"] = json!("2.0.0")), "field `schemaVersion`: major version 2 is not supported"),
        (Box::new(|v| v["trace"] = json!({"traceId": "t"})), "field `trace`: missing field `spanId`"),
        (
            Box::new(|v| v["eventType"] = json!("orchestrator:agent.nope")),
            "field `eventType`: `orchestrator:agent.nope` is not a known event type here",
        ),
        (
            Box::new(|v| {
                v["payload"].as_object_mut().unwrap().remove("goal");
            }),
            "orchestrator:agent.goal_received: payload: missing field `goal`",
        ),
        (
            Box::new(|v| v["payload"]["user_id"] = json!(7)),
            "orchestrator:agent.goal_received: payload.user_id: invalid type: integer `7`, expected a string",
        ),
    ];
    for (mutate, expected) in cases {
        let message = error_for(mutate).to_string();
        assert!(message.starts_with(expected), "expected `{expected}…`, got `{message}`");
    }
    let err = Envelope::<Input>::from_json(b"\x00garbage").unwrap_err();
    assert!(matches!(err, EnvelopeError::Syntax(_)), "{err}");
}

#[test]
fn a_command_is_not_an_input() {
    let command = support::samples::all().into_iter().find(|e| matches!(e.payload, Message::Command(_))).unwrap();
    let err = Envelope::<Input>::from_json(&command.to_json()).unwrap_err();
    assert_eq!(err.field().as_deref(), Some("eventType"));
}

#[test]
fn plan_errors_carry_the_json_path() {
    let mut value: Value = serde_json::to_value(json!({
        "command_id": "7b0c2f1e-8d4a-4f7e-9c1b-2a3d4e5f6a7b", "source": "llm",
        "plan": {"steps": [{"id": "a", "tool": "t"}, {"id": "b"}]}
    }))
    .unwrap();
    let mut envelope: Value = serde_json::from_str(TS_ENVELOPE).unwrap();
    envelope["eventType"] = json!("orchestrator:agent.plan_generated");
    envelope["payload"] = value.take();
    let err = Envelope::<Input>::from_json(&serde_json::to_vec(&envelope).unwrap()).unwrap_err();
    assert_eq!(err.field().as_deref(), Some("payload.plan.steps[1]"));
    assert!(err.to_string().contains("missing field `tool`"), "{err}");
}

#[test]
fn every_catalog_type_has_a_sample_and_a_schema_branch() {
    let samples = support::samples::all();
    for (event_type, record) in Message::all_types() {
        assert!(samples.iter().any(|s| s.payload.event_type() == event_type), "no sample of {event_type}");
        assert!(ENVELOPE_SCHEMA.contains(&format!("\"name\": \"{record}\"")), "no Avro record {record}");
        assert!(
            ENVELOPE_SCHEMA.contains(&format!("\"doc\": \"{event_type}\"")),
            "record {record} does not name {event_type}"
        );
    }
}

#[test]
fn json_and_avro_encodings_of_every_envelope_decode_to_equal_values() {
    let schema = AvroSchema::envelope().expect("the bundled schema parses");
    for envelope in support::samples::all() {
        let from_json = Envelope::<Message>::from_json(&envelope.to_json()).expect("json");
        let bytes = schema.encode(&envelope).unwrap_or_else(|e| panic!("{}: {e}", envelope.payload.event_type()));
        let from_avro: Envelope<Message> = schema.decode(&schema, &bytes).expect("avro");
        assert_eq!(from_json, envelope);
        assert_eq!(from_avro, envelope, "{}", envelope.payload.event_type());
    }
}

#[test]
fn every_schema_file_parses() {
    let mut count = 0;
    for entry in std::fs::read_dir("schemas").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "avsc") {
            AvroSchema::parse(&std::fs::read_to_string(&path).unwrap()).unwrap_or_else(|e| panic!("{path:?}: {e}"));
            count += 1;
        }
    }
    assert!(count >= 1);
}

/// The bundled schema with an optional `priority` field added to `GoalReceived` (what a v1.1
/// publisher would send).
fn schema_v2() -> AvroSchema {
    let mut schema: Value = serde_json::from_str(ENVELOPE_SCHEMA).unwrap();
    let payload = schema["fields"].as_array_mut().unwrap().iter_mut().find(|f| f["name"] == "payload").unwrap();
    let goal = payload["type"].as_array_mut().unwrap().iter_mut().find(|r| r["name"] == "GoalReceived").unwrap();
    goal["fields"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "priority", "type": ["null", "string"], "default": null}));
    AvroSchema::parse(&schema.to_string()).unwrap()
}

#[test]
fn a_v1_reader_reads_v2_data_with_an_added_optional_field_and_vice_versa() {
    let v1 = AvroSchema::envelope().unwrap();
    let v2 = schema_v2();
    let goal = support::samples::all().remove(0);

    // v2 writer, with the new field set: the v1 reader skips it.
    let mut value = v2.to_value(&goal).unwrap();
    set_priority(&mut value, "high");
    let bytes = apache_avro::writer::datum::GenericDatumWriter::builder(v2.schema())
        .build()
        .unwrap()
        .write_value_to_vec(value)
        .unwrap();
    let read: Envelope<Message> = v1.decode(&v2, &bytes).expect("v1 reads v2");
    assert_eq!(read, goal);

    // v1 writer: the v2 reader fills the default.
    let bytes = v1.encode(&goal).unwrap();
    let read: Envelope<Message> = v2.decode(&v1, &bytes).expect("v2 reads v1");
    assert_eq!(read, goal);
}

fn set_priority(value: &mut apache_avro::types::Value, priority: &str) {
    use apache_avro::types::Value as A;
    let A::Record(fields) = value else { panic!() };
    let (_, A::Union(_, payload)) = fields.iter_mut().find(|(n, _)| n == "payload").unwrap() else { panic!() };
    let A::Record(goal) = payload.as_mut() else { panic!() };
    let (_, A::Union(i, v)) = goal.iter_mut().find(|(n, _)| n == "priority").unwrap() else { panic!() };
    *i = 1;
    **v = A::String(priority.into());
}

#[test]
fn avro_data_from_an_incompatible_writer_is_refused_with_a_reason() {
    let v1 = AvroSchema::envelope().unwrap();
    let other = AvroSchema::parse(
        r#"{"type":"record","name":"EventEnvelope","namespace":"apex","fields":[{"name":"x","type":"int"}]}"#,
    )
    .unwrap();
    let bytes = apache_avro::writer::datum::GenericDatumWriter::builder(other.schema())
        .build()
        .unwrap()
        .write_value_to_vec(apache_avro::types::Value::Record(vec![("x".into(), apache_avro::types::Value::Int(1))]))
        .unwrap();
    let err = v1.decode::<Message>(&other, &bytes).unwrap_err();
    assert_eq!(err.to_string(), "Avro field `eventId`: the writer lacks this field and it has no default");
}

#[test]
fn the_checked_in_json_schema_matches_the_types() {
    let on_disk = std::fs::read_to_string(SCHEMA_PATH).unwrap_or_default();
    let generated = envelope_schema_text();
    if std::env::var_os("APEX_BLESS").is_some() {
        std::fs::write(SCHEMA_PATH, &generated).unwrap();
        return;
    }
    assert!(on_disk == generated, "{SCHEMA_PATH} is stale: run `cargo run -- schema json > {SCHEMA_PATH}`");
    let schema: Value = serde_json::from_str(&on_disk).unwrap();
    assert_eq!(schema["properties"]["eventType"]["enum"].as_array().unwrap().len(), Message::all_types().count());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn no_bytes_make_the_json_decoder_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = Envelope::<Message>::from_json(&bytes);
    }

    #[test]
    fn no_bytes_make_the_avro_decoder_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let schema = AvroSchema::envelope().unwrap();
        let _ = schema.decode::<Message>(&schema, &bytes);
    }

    #[test]
    fn mutated_valid_envelopes_never_panic(index in 0usize..22, cut in 0usize..2_000, byte in any::<u8>()) {
        let samples = support::samples::all();
        let sample = &samples[index % samples.len()];
        let mut json = sample.to_json();
        let at = cut % json.len();
        json[at] = byte;
        let _ = Envelope::<Message>::from_json(&json);
        let schema = AvroSchema::envelope().unwrap();
        let mut avro = schema.encode(sample).unwrap();
        let at = cut % avro.len();
        avro[at] = byte;
        let _ = schema.decode::<Message>(&schema, &avro);
        avro.truncate(at);
        let _ = schema.decode::<Message>(&schema, &avro);
    }
}
