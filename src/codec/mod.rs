//! Codecs between envelopes and bytes: JSON (the TypeScript contract) and Avro (schema in
//! `schemas/`). The Confluent wire format around Avro lives with the Kafka shell.

pub mod avro;
pub mod json_schema;
pub mod wire;
