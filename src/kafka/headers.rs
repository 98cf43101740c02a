//! Record headers: W3C `traceparent` on everything produced, and the DLQ's reason headers.

use std::sync::Arc;

use crate::core::envelope::Trace;

/// W3C trace context header.
pub const TRACEPARENT: &str = "traceparent";
/// DLQ: machine-readable reason (`undecodable`, `schema_violation`, `tenant_mismatch`, …).
pub const DLQ_REASON: &str = "apex.dlq.reason";
/// DLQ: the error message (clipped: [`dlq_error`]).
pub const DLQ_ERROR: &str = "apex.dlq.error";
/// DLQ: the offending field, when known.
pub const DLQ_FIELD: &str = "apex.dlq.field";
/// DLQ: where the record came from.
pub const SOURCE_TOPIC: &str = "apex.source.topic";
/// DLQ: source partition.
pub const SOURCE_PARTITION: &str = "apex.source.partition";
/// DLQ: source offset.
pub const SOURCE_OFFSET: &str = "apex.source.offset";
/// `true` on a dead letter that carries no copy of its record (the copy could not be
/// written either): the source headers say where the record is.
pub const DLQ_BY_REFERENCE: &str = "apex.dlq.by_reference";
/// Commands: the fencing token of the processor's lease on the workflow.
pub const FENCE: &str = "apex.fence";
/// Commands and outcomes: the region whose processor published them.
pub const REGION: &str = "apex.region";
/// Commands: the partition of `apex.envelopes` that holds the workflow. Answers go there, so a
/// workflow started by a publisher with any partitioner (librdkafka's CRC32 default, a keyless
/// record) gets its answers where its state lives.
pub const WORKFLOW_PARTITION: &str = "apex.workflow.partition";
/// Event and snapshot records: the offset of the input they reflect.
pub const INPUT_OFFSET: &str = "apex.input.offset";

/// The text of a DLQ error header: at most [`DLQ_ERROR_CHARS`] characters, so an error that
/// quotes its input (a huge field) never makes the dead letter larger than the record.
pub fn dlq_error(error: &str) -> Vec<u8> {
    crate::text::clip(error, DLQ_ERROR_CHARS).as_bytes().to_vec()
}

/// Longest DLQ error header, in characters.
pub const DLQ_ERROR_CHARS: usize = 1_000;

/// `hex` if it is `len` hex digits once dashes are removed (UUIDs qualify), else `None`.
fn hex_of(text: &str, len: usize) -> Option<String> {
    let hex: String = text.chars().filter(|c| *c != '-').collect::<String>().to_ascii_lowercase();
    (hex.len() == len && hex.bytes().all(|b| b.is_ascii_hexdigit())).then_some(hex)
}

/// The `traceparent` for an envelope's trace. The TypeScript client sends UUIDs: their 32 hex
/// digits are the trace id and the first 16 of the span UUID the parent id. Ids in another
/// form are hashed into shape, so every record carries a valid header.
pub fn traceparent(trace: &Trace) -> String {
    let trace_id = hex_of(&trace.trace_id, 32).unwrap_or_else(|| {
        uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, trace.trace_id.as_bytes()).simple().to_string()
    });
    let span_id = hex_of(&trace.span_id, 16)
        .or_else(|| hex_of(&trace.span_id, 32).map(|h| h[..16].to_owned()))
        .unwrap_or_else(|| {
            uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, trace.span_id.as_bytes()).simple().to_string()[..16]
                .to_owned()
        });
    format!("00-{trace_id}-{span_id}-01")
}

/// Reads a `traceparent` header (version 00) into a trace.
pub fn trace_from_traceparent(header: &str) -> Option<Trace> {
    let mut parts = header.split('-');
    let (version, trace_id, span_id) = (parts.next()?, parts.next()?, parts.next()?);
    let valid = version == "00" && hex_of(trace_id, 32).is_some() && hex_of(span_id, 16).is_some();
    valid.then(|| Trace { trace_id: Arc::from(trace_id), span_id: span_id.into() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_traces_become_w3c_traceparents_and_back() {
        let trace = Trace {
            trace_id: "3c2b1a0f-8e7d-4c6b-a5a4-93827160f5e4".into(),
            span_id: "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d".into(),
        };
        let header = traceparent(&trace);
        assert_eq!(header, "00-3c2b1a0f8e7d4c6ba5a493827160f5e4-a1b2c3d4e5f64a7b-01");
        let back = trace_from_traceparent(&header).unwrap();
        assert_eq!(&*back.trace_id, "3c2b1a0f8e7d4c6ba5a493827160f5e4");
    }

    #[test]
    fn odd_ids_still_give_a_valid_header() {
        let header = traceparent(&Trace { trace_id: "abc".into(), span_id: "x".into() });
        assert!(trace_from_traceparent(&header).is_some(), "{header}");
        assert!(trace_from_traceparent("01-xyz-00-01").is_none());
    }
}
