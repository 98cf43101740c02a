//! The envelope's JSON Schema, generated from the Rust types, for publishers (TypeScript and
//! others) to validate against. Kept in `schemas/envelope.schema.json`; a test fails when the
//! file drifts from the types (`apex schema json > schemas/envelope.schema.json` renews it).

use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

use crate::core::command::Command;
use crate::core::envelope::Trace;
use crate::core::input::Input;
use crate::core::outcome::Outcome;

/// Path of the checked-in schema, relative to the repository root.
pub const SCHEMA_PATH: &str = "schemas/envelope.schema.json";

/// The JSON Schema (draft 2020-12) of an envelope of any catalog type: the envelope fields,
/// and for each `eventType` the schema its `payload` must match.
pub fn envelope_schema() -> Value {
    let mut generator = SchemaSettings::draft2020_12().into_generator();
    let trace = generator.subschema_for::<Trace>();
    let payloads: Vec<(&str, schemars::Schema)> = Input::payload_schemas(&mut generator)
        .into_iter()
        .chain(Command::payload_schemas(&mut generator))
        .chain(Outcome::payload_schemas(&mut generator))
        .collect();
    let event_types: Vec<&str> = payloads.iter().map(|(t, _)| *t).collect();
    let branches: Vec<Value> = payloads
        .into_iter()
        .map(|(event_type, schema)| {
            json!({
                "if": { "properties": { "eventType": { "const": event_type } } },
                "then": { "properties": { "payload": schema } }
            })
        })
        .collect();
    let defs = generator.take_definitions(true);
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "EventEnvelope",
        "description": "An APEX Orchestrator envelope (camelCase). The payload's schema depends on eventType.",
        "type": "object",
        "required": ["eventId", "correlationId", "idempotencyKey", "tenantId", "eventType", "payload",
                     "timestamp", "source", "trace", "schemaVersion"],
        "properties": {
            "eventId": { "type": "string", "format": "uuid" },
            "correlationId": { "type": "string", "format": "uuid", "description": "The workflow id." },
            "idempotencyKey": { "type": "string", "minLength": 1, "maxLength": 256 },
            "tenantId": { "type": "string", "minLength": 1, "maxLength": 128 },
            "eventType": { "enum": event_types },
            "payload": { "type": "object" },
            "timestamp": { "type": "string", "format": "date-time" },
            "source": { "type": "string", "minLength": 1, "maxLength": 128 },
            "trace": trace,
            "schemaVersion": { "type": "string", "pattern": "^1\\.[0-9]+\\.[0-9]+$" }
        },
        "allOf": branches,
        "$defs": defs
    })
}

/// [`envelope_schema`] as the pretty-printed text kept in the repository.
pub fn envelope_schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&envelope_schema()).unwrap_or_default();
    text.push('\n');
    text
}
