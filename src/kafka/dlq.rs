//! The dead letter: one builder for every role that dead-letters a record, so every dead
//! letter carries the same headers (reason, error, field, where it came from) and is logged
//! and counted in one place, whichever producer then sends it.

use rdkafka::Message;
use rdkafka::message::{Header, OwnedHeaders};

use super::headers;
use crate::core::DeadLetterReason;
use crate::telemetry;

/// A record for the DLQ topic: the source's key, a copy of its payload (or none, by
/// reference), and the reason headers.
#[derive(Debug)]
pub struct DeadLetter {
    /// The source record's key (empty when it had none).
    pub key: Vec<u8>,
    /// A copy of the source record's payload; empty for a letter [by reference](Self::by_reference).
    pub value: Vec<u8>,
    pub headers: Vec<(&'static str, Vec<u8>)>,
}

impl DeadLetter {
    /// A dead letter with a copy of `message`, the reason, the error (clipped: a huge field
    /// quoted in it never makes the letter larger than the record) and, when known, the field.
    pub fn of<M: Message>(message: &M, reason: DeadLetterReason, error: &str, field: Option<&str>) -> Self {
        let mut letter = Self::letter(message, reason, error);
        letter.value = message.payload().unwrap_or_default().to_vec();
        if let Some(field) = field {
            letter.headers.push((headers::DLQ_FIELD, field.as_bytes().to_vec()));
        }
        letter
    }

    /// A dead letter without a copy of the record (the copy could not be written either): its
    /// source headers say where the record is.
    pub fn by_reference<M: Message>(message: &M, reason: DeadLetterReason, error: &str) -> Self {
        let mut letter = Self::letter(message, reason, error);
        letter.headers.push((headers::DLQ_BY_REFERENCE, b"true".to_vec()));
        letter
    }

    fn letter<M: Message>(message: &M, reason: DeadLetterReason, error: &str) -> Self {
        telemetry::dead_lettered(reason, error, message.topic(), message.partition(), message.offset());
        Self {
            key: message.key().unwrap_or_default().to_vec(),
            value: Vec::new(),
            headers: vec![
                (headers::DLQ_REASON, reason.as_str().as_bytes().to_vec()),
                (headers::DLQ_ERROR, headers::dlq_error(error)),
                (headers::SOURCE_TOPIC, message.topic().as_bytes().to_vec()),
                (headers::SOURCE_PARTITION, message.partition().to_string().into_bytes()),
                (headers::SOURCE_OFFSET, message.offset().to_string().into_bytes()),
            ],
        }
    }

    /// The headers as rdkafka sends them.
    pub fn owned_headers(&self) -> OwnedHeaders {
        self.headers.iter().fold(OwnedHeaders::new_with_capacity(self.headers.len()), |all, (key, value)| {
            all.insert(Header { key, value: Some(value.as_slice()) })
        })
    }
}
