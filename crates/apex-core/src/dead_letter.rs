//! Why a record went to the dead-letter queue: one name per reason, the one string form every
//! role writes in the `apex.dlq.reason` header and the `apex_dlq_total{reason}` label, and
//! operators filter on.
//!
//! It lives in the core because the core's own refusals ([`crate::Rejection`]) are reasons, and
//! the core is the one crate every role and tool shares.

use std::fmt;

/// A reason a record could not be processed and was dead-lettered instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DeadLetterReason {
    /// Not an envelope: empty, not JSON, or an Avro body that does not decode.
    Undecodable,
    /// Larger than the largest envelope accepted (`APEX_MAX_ENVELOPE_BYTES`).
    Oversize,
    /// An `eventType` the catalog does not know.
    UnknownEventType,
    /// An envelope whose fields break the contract (a missing or ill-typed field).
    SchemaViolation,
    /// An Avro schema id the registry does not know, or Avro without a registry.
    UnknownSchema,
    /// The record's key is not the envelope's `correlationId`.
    KeyMismatch,
    /// A tool output inline that must travel by claim check.
    OutputTooLarge,
    /// Its outputs could not be written (the broker refused them even alone).
    Unwritable,
    /// An input for a workflow that was never started.
    UnknownWorkflow,
    /// An input whose tenant is not the workflow's.
    TenantMismatch,
    /// An input for a workflow that has ended and that would change nothing.
    WorkflowEnded,
    /// One input too many that changes nothing, for a workflow that keeps only so many.
    InputLimit,
    /// At the projector: a record on the events or state topic that is not one.
    UndecodableEvent,
    /// At the projector: a record PostgreSQL refuses to store, even alone.
    Unprojectable,
}

impl DeadLetterReason {
    /// Every reason, in declaration order (for documentation and exhaustive tests).
    pub const ALL: [Self; 14] = [
        Self::Undecodable,
        Self::Oversize,
        Self::UnknownEventType,
        Self::SchemaViolation,
        Self::UnknownSchema,
        Self::KeyMismatch,
        Self::OutputTooLarge,
        Self::Unwritable,
        Self::UnknownWorkflow,
        Self::TenantMismatch,
        Self::WorkflowEnded,
        Self::InputLimit,
        Self::UndecodableEvent,
        Self::Unprojectable,
    ];

    /// The reason's one string form (snake case), as headers and metrics carry it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Undecodable => "undecodable",
            Self::Oversize => "oversize",
            Self::UnknownEventType => "unknown_event_type",
            Self::SchemaViolation => "schema_violation",
            Self::UnknownSchema => "unknown_schema",
            Self::KeyMismatch => "key_mismatch",
            Self::OutputTooLarge => "output_too_large",
            Self::Unwritable => "unwritable",
            Self::UnknownWorkflow => "unknown_workflow",
            Self::TenantMismatch => "tenant_mismatch",
            Self::WorkflowEnded => "workflow_ended",
            Self::InputLimit => "input_limit",
            Self::UndecodableEvent => "undecodable_event",
            Self::Unprojectable => "unprojectable",
        }
    }

    /// The reason a string form names, if any.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

impl fmt::Display for DeadLetterReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_has_its_own_string_form_and_reads_back() {
        let mut forms: Vec<&str> = DeadLetterReason::ALL.iter().map(|r| r.as_str()).collect();
        for reason in DeadLetterReason::ALL {
            assert_eq!(DeadLetterReason::parse(reason.as_str()), Some(reason));
        }
        forms.sort_unstable();
        forms.dedup();
        assert_eq!(forms.len(), DeadLetterReason::ALL.len());
        assert_eq!(DeadLetterReason::parse("Oversize"), None);
    }
}
