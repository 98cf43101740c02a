//! The EventEnvelope: the one wire contract every publisher and consumer shares, exactly as
//! the TypeScript client writes it (camelCase JSON):
//!
//! `eventId, correlationId, idempotencyKey, tenantId, eventType, payload, timestamp, source,
//! trace {traceId, spanId}, schemaVersion`.
//!
//! [`Envelope::from_json`] parses once into types that cannot be wrong; every refusal names
//! the field and says why.

use std::borrow::Cow;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::catalog::PayloadError;
use super::ids::{EventId, IdempotencyKey, TenantId, WorkflowId};
use super::span::SpanId;
use super::time::Timestamp;

/// The schema version this build writes; it reads every `1.x.y`.
pub const SCHEMA_VERSION: &str = "1.0.0";

/// A payload class that can ride in an envelope: it knows its `eventType` and how to decode
/// the payload of each of its types.
pub trait Payload: Sized + Serialize {
    /// The `eventType` the payload travels under.
    fn event_type(&self) -> &'static str;
    /// The payload's Avro record name (namespace `apex.payload`).
    fn record_name(&self) -> &'static str;
    /// Decodes `payload` (JSON text) of `event_type`; `None` when the type is not in this class.
    fn decode(event_type: &str, payload: &str) -> Option<Result<Self, PayloadError>>;
}

/// W3C-style trace context as the publishers send it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Trace {
    /// Trace id (the TypeScript client sends a UUID; 32 hex digits are accepted too).
    /// Shared: every message of a workflow carries the same one.
    pub trace_id: Arc<str>,
    /// Span id of the producing operation.
    pub span_id: SpanId,
}

/// One message on the wire, with a typed payload.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope<P> {
    /// Unique per message; redeliveries keep it.
    pub event_id: EventId,
    /// The workflow the message belongs to; the Kafka key.
    pub correlation_id: WorkflowId,
    /// The publisher's de-duplication key.
    pub idempotency_key: IdempotencyKey,
    /// Owner of the workflow.
    pub tenant_id: TenantId,
    /// When the publisher produced it; the core's "now" for inputs.
    pub timestamp: Timestamp,
    /// Who produced it, e.g. `omnihub`.
    pub source: Cow<'static, str>,
    /// Trace context.
    pub trace: Trace,
    /// The contract version it was written with (major 1).
    pub schema_version: Cow<'static, str>,
    /// The typed payload; its `eventType` follows from it.
    pub payload: P,
}

/// Why an envelope was refused. [`Self::field`] names the field for DLQ headers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvelopeError {
    /// The bytes are not a JSON object.
    #[error("not a JSON envelope: {0}")]
    Syntax(String),
    /// A top-level field is missing or wrong.
    #[error("field `{field}`: {reason}")]
    Field { field: String, reason: String },
    /// The `eventType` is not in the catalog (or not in the class expected here).
    #[error("field `eventType`: `{0}` is not a known event type here")]
    UnknownEventType(String),
    /// The payload does not match its event type.
    #[error("{event_type}: {error}")]
    Payload { event_type: String, error: PayloadError },
}

impl EnvelopeError {
    /// The offending field (`payload.…` for payload errors), if one is known.
    pub fn field(&self) -> Option<String> {
        match self {
            Self::Syntax(_) => None,
            Self::Field { field, .. } => Some(field.clone()),
            Self::UnknownEventType(_) => Some("eventType".to_owned()),
            Self::Payload { error, .. } => Some(error.path.clone()),
        }
    }

    fn field_error(field: &str, reason: impl ToString) -> Self {
        Self::Field { field: field.to_owned(), reason: reason.to_string() }
    }
}

/// The envelope as text, before any field is trusted.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawEnvelope<'a> {
    #[serde(borrow)]
    event_id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    correlation_id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    idempotency_key: Option<Cow<'a, str>>,
    #[serde(borrow)]
    tenant_id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    event_type: Option<Cow<'a, str>>,
    #[serde(borrow)]
    payload: Option<&'a RawValue>,
    #[serde(borrow)]
    timestamp: Option<Cow<'a, str>>,
    #[serde(borrow)]
    source: Option<Cow<'a, str>>,
    trace: Option<Trace>,
    #[serde(borrow)]
    schema_version: Option<Cow<'a, str>>,
}

fn required<T>(field: &'static str, value: Option<T>) -> Result<T, EnvelopeError> {
    value.ok_or_else(|| EnvelopeError::field_error(field, "is missing"))
}

fn non_empty(field: &'static str, text: &str, max: usize) -> Result<(), EnvelopeError> {
    if text.is_empty() {
        Err(EnvelopeError::field_error(field, "must not be empty"))
    } else if text.len() > max {
        Err(EnvelopeError::field_error(field, format!("is {} bytes; at most {max} are allowed", text.len())))
    } else {
        Ok(())
    }
}

/// Accepts every `1.x.y`: minor versions only add optional fields.
fn check_schema_version(text: &str) -> Result<(), EnvelopeError> {
    let mut parts = text.split('.');
    let major = parts.next().unwrap_or_default();
    let well_formed =
        parts.clone().count() == 2 && parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if !well_formed || major.is_empty() || !major.bytes().all(|b| b.is_ascii_digit()) {
        let shown = crate::text::clip(text, 40);
        return Err(EnvelopeError::field_error("schemaVersion", format!("`{shown}` is not MAJOR.MINOR.PATCH")));
    }
    if major != "1" {
        return Err(EnvelopeError::field_error(
            "schemaVersion",
            format!("major version {major} is not supported; this build reads 1.x.y"),
        ));
    }
    Ok(())
}

impl<P: Payload> Envelope<P> {
    /// Parses a JSON envelope.
    ///
    /// Unknown top-level fields are ignored (a newer publisher may add optional ones).
    ///
    /// # Errors
    /// [`EnvelopeError`] naming the first field that is missing or wrong.
    pub fn from_json(bytes: &[u8]) -> Result<Self, EnvelopeError> {
        // serde would also read a struct from an array of its fields in order: an envelope is
        // an object, nothing else.
        if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
            return Err(EnvelopeError::Syntax("expected a JSON object".into()));
        }
        let raw: RawEnvelope<'_> = match serde_json::from_slice(bytes) {
            Ok(raw) => raw,
            Err(_) => Self::explain(bytes)?,
        };
        let event_type = required("eventType", raw.event_type)?;
        let payload = required("payload", raw.payload)?;
        Self::from_parts(RawParts {
            event_id: required("eventId", raw.event_id)?,
            correlation_id: required("correlationId", raw.correlation_id)?,
            idempotency_key: required("idempotencyKey", raw.idempotency_key)?,
            tenant_id: required("tenantId", raw.tenant_id)?,
            timestamp: required("timestamp", raw.timestamp)?,
            source: required("source", raw.source)?,
            trace: required("trace", raw.trace)?,
            schema_version: required("schemaVersion", raw.schema_version)?,
            event_type,
            payload_json: Cow::Borrowed(payload.get()),
        })
    }

    /// Parses again, tracking the path, to say which field made the fast parse fail.
    fn explain(bytes: &[u8]) -> Result<RawEnvelope<'_>, EnvelopeError> {
        let de = &mut serde_json::Deserializer::from_slice(bytes);
        let raw = serde_path_to_error::deserialize(&mut *de).map_err(
            |e: serde_path_to_error::Error<serde_json::Error>| {
                let path = e.path().to_string();
                // Broken or truncated text is about the text, not a field; and a path names a field
                // only when it is one (`.` is the whole text, `?` or an index are no field names).
                let text = matches!(
                    e.inner().classify(),
                    serde_json::error::Category::Syntax | serde_json::error::Category::Eof
                );
                let reason = e.into_inner().to_string();
                if text || path == "." || path.contains('?') || path.contains('[') {
                    EnvelopeError::Syntax(reason)
                } else {
                    EnvelopeError::field_error(&path, reason)
                }
            },
        )?;
        // What failed the fast parse may be data after the envelope (`{…}{…}`): never read
        // just the first of two.
        de.end().map_err(|e| EnvelopeError::Syntax(e.to_string()))?;
        Ok(raw)
    }

    /// Builds an envelope from its fields as text (shared by the JSON and Avro decoders).
    ///
    /// # Errors
    /// [`EnvelopeError`] naming the first field that is wrong.
    pub fn from_parts(raw: RawParts<'_>) -> Result<Self, EnvelopeError> {
        let event_id = EventId::parse(&raw.event_id).map_err(|e| EnvelopeError::field_error("eventId", e))?;
        let correlation_id =
            WorkflowId::parse(&raw.correlation_id).map_err(|e| EnvelopeError::field_error("correlationId", e))?;
        let idempotency_key =
            IdempotencyKey::parse(&raw.idempotency_key).map_err(|e| EnvelopeError::field_error("idempotencyKey", e))?;
        let tenant_id = TenantId::parse(&raw.tenant_id).map_err(|e| EnvelopeError::field_error("tenantId", e))?;
        let timestamp =
            Timestamp::parse_rfc3339(&raw.timestamp).map_err(|e| EnvelopeError::field_error("timestamp", e))?;
        non_empty("source", &raw.source, 128)?;
        non_empty("trace.traceId", &raw.trace.trace_id, 64)?;
        non_empty("trace.spanId", &raw.trace.span_id, 64)?;
        check_schema_version(&raw.schema_version)?;
        let payload = match P::decode(&raw.event_type, &raw.payload_json) {
            None => return Err(EnvelopeError::UnknownEventType(raw.event_type.into_owned())),
            Some(result) => result
                .map_err(|error| EnvelopeError::Payload { event_type: raw.event_type.clone().into_owned(), error })?,
        };
        Ok(Self {
            event_id,
            correlation_id,
            idempotency_key,
            tenant_id,
            timestamp,
            source: Cow::Owned(raw.source.into_owned()),
            trace: raw.trace,
            schema_version: if raw.schema_version == SCHEMA_VERSION {
                Cow::Borrowed(SCHEMA_VERSION)
            } else {
                Cow::Owned(raw.schema_version.into_owned())
            },
            payload,
        })
    }

    /// The envelope as camelCase JSON, fields in the TypeScript client's order.
    pub fn to_json(&self) -> Vec<u8> {
        let view = EnvelopeView {
            event_id: &self.event_id,
            correlation_id: &self.correlation_id,
            idempotency_key: &self.idempotency_key,
            tenant_id: &self.tenant_id,
            event_type: self.payload.event_type(),
            payload: &self.payload,
            timestamp: &self.timestamp,
            source: &self.source,
            trace: &self.trace,
            schema_version: &self.schema_version,
        };
        // Serialising these types cannot fail: every map key is a string, every number finite
        // or already rejected at parse time.
        serde_json::to_vec(&view).unwrap_or_default()
    }

    /// The envelope as a JSON value (for codecs that walk it).
    pub fn to_json_value(&self) -> serde_json::Value {
        serde_json::from_slice(&self.to_json()).unwrap_or_default()
    }
}

impl<P> Envelope<P> {
    /// The same envelope with the payload `f` extracts, or `None` (e.g. the command inside
    /// a message of any class).
    pub fn try_map<Q>(self, f: impl FnOnce(P) -> Option<Q>) -> Option<Envelope<Q>> {
        let mut extracted = None;
        let envelope = self.map(|p| extracted = f(p));
        extracted.map(|payload| envelope.map(|()| payload))
    }

    /// The same envelope with another payload class (e.g. an input viewed as a message).
    pub fn map<Q>(self, f: impl FnOnce(P) -> Q) -> Envelope<Q> {
        Envelope {
            event_id: self.event_id,
            correlation_id: self.correlation_id,
            idempotency_key: self.idempotency_key,
            tenant_id: self.tenant_id,
            timestamp: self.timestamp,
            source: self.source,
            trace: self.trace,
            schema_version: self.schema_version,
            payload: f(self.payload),
        }
    }
}

/// The fields of an envelope as text, before parsing; the payload as JSON text.
#[derive(Debug, Clone)]
pub struct RawParts<'a> {
    pub event_id: Cow<'a, str>,
    pub correlation_id: Cow<'a, str>,
    pub idempotency_key: Cow<'a, str>,
    pub tenant_id: Cow<'a, str>,
    pub event_type: Cow<'a, str>,
    pub payload_json: Cow<'a, str>,
    pub timestamp: Cow<'a, str>,
    pub source: Cow<'a, str>,
    pub trace: Trace,
    pub schema_version: Cow<'a, str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EnvelopeView<'a, P> {
    event_id: &'a EventId,
    correlation_id: &'a WorkflowId,
    idempotency_key: &'a IdempotencyKey,
    tenant_id: &'a TenantId,
    event_type: &'static str,
    payload: &'a P,
    timestamp: &'a Timestamp,
    source: &'a str,
    trace: &'a Trace,
    schema_version: &'a str,
}
