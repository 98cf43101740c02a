//! Envelopes on Kafka: JSON (the TypeScript contract) or Avro in the Confluent wire format
//! (magic byte 0, 4-byte big-endian schema id, Avro datum), detected per message.
//!
//! Avro schemas are registered under TopicNameStrategy subjects (`<topic>-value`) and fetched
//! by id through `schema_registry_converter`; both are cached, so the registry is asked once
//! per schema id and subject, not per message.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use schema_registry_converter::async_impl::schema_registry::{SrSettings, get_schema_by_id, post_schema};
use schema_registry_converter::schema_registry_common::{SchemaType, SuppliedSchema, get_payload};

use super::avro::{AvroError, AvroSchema};
use crate::config::Format;
use crate::core::DeadLetterReason;
use crate::core::envelope::{Envelope, EnvelopeError, Payload};

/// First byte of a Confluent-framed message.
const MAGIC: u8 = 0;

/// Why bytes from Kafka did not become an envelope.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    #[error("empty message")]
    Empty,
    #[error("{size} bytes; at most {max} are accepted")]
    Oversize { size: usize, max: usize },
    #[error(transparent)]
    Json(#[from] EnvelopeError),
    #[error("Avro message: {0}")]
    Avro(AvroError),
    #[error("Avro message with schema id {id}, but no schema registry is configured")]
    NoRegistry { id: u32 },
    /// The registry could not be reached or failed; retrying later may succeed.
    #[error("schema registry: {0}")]
    Registry(String),
    /// The registry answered that it has no such schema: the message cannot be read.
    #[error("schema id {id} is unknown to the registry: {reason}")]
    UnknownSchema { id: u32, reason: String },
}

impl DecodeError {
    /// Why the record is dead-lettered, for DLQ headers and metrics; `None` for a registry
    /// that could not be asked, which is never a reason to dead-letter (retry instead).
    pub fn reason(&self) -> Option<DeadLetterReason> {
        Some(match self {
            Self::Empty | Self::Json(EnvelopeError::Syntax(_)) => DeadLetterReason::Undecodable,
            Self::Oversize { .. } => DeadLetterReason::Oversize,
            Self::Json(EnvelopeError::UnknownEventType(_)) => DeadLetterReason::UnknownEventType,
            Self::Json(_) | Self::Avro(AvroError::Envelope(_)) => DeadLetterReason::SchemaViolation,
            Self::Avro(_) => DeadLetterReason::Undecodable,
            Self::NoRegistry { .. } | Self::UnknownSchema { .. } => DeadLetterReason::UnknownSchema,
            Self::Registry(_) => return None,
        })
    }

    /// The offending field, if known.
    pub fn field(&self) -> Option<String> {
        match self {
            Self::Json(e) | Self::Avro(AvroError::Envelope(e)) => e.field(),
            Self::Avro(AvroError::Shape { path, .. }) => Some(path.clone()),
            _ => None,
        }
    }
}

/// Why an envelope could not be encoded.
#[derive(Debug, thiserror::Error)]
pub enum EncodeError {
    #[error(transparent)]
    Avro(#[from] AvroError),
    #[error("schema registry: {0}")]
    Registry(String),
}

/// Encodes and decodes envelopes for one process. Cheap to clone.
#[derive(Clone)]
pub struct WireCodec {
    ours: Arc<AvroSchema>,
    format: Format,
    max_bytes: usize,
    registry: Option<SrSettings>,
    runtime: Option<tokio::runtime::Handle>,
    writers: Arc<Mutex<HashMap<u32, Arc<AvroSchema>>>>,
    subjects: Arc<Mutex<HashMap<String, u32>>>,
}

impl std::fmt::Debug for WireCodec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WireCodec").field("format", &self.format).field("max_bytes", &self.max_bytes).finish()
    }
}

impl WireCodec {
    /// A codec writing `format`, reading both. `registry_url` is needed for Avro;
    /// `runtime` runs registry calls from synchronous code.
    ///
    /// # Errors
    /// Only if the bundled Avro schema were broken.
    pub fn new(
        format: Format,
        max_bytes: usize,
        registry_url: Option<&str>,
        runtime: Option<tokio::runtime::Handle>,
    ) -> Result<Self, AvroError> {
        Ok(Self {
            ours: Arc::new(AvroSchema::envelope()?),
            format,
            max_bytes,
            registry: registry_url.map(|url| SrSettings::new(url.to_owned())),
            runtime,
            writers: Arc::default(),
            subjects: Arc::default(),
        })
    }

    /// The codec a role uses: format, size limit and registry from `config`; registry calls
    /// run on the current Tokio runtime, if there is one.
    ///
    /// # Errors
    /// Only if the bundled Avro schema were broken.
    pub fn from_config(config: &crate::config::Config) -> Result<Self, AvroError> {
        Self::new(
            config.output_format,
            config.max_envelope_bytes,
            config.schema_registry_url.as_ref().map(crate::secret::Secret::expose),
            tokio::runtime::Handle::try_current().ok(),
        )
    }

    /// Decodes a message of either format.
    ///
    /// # Errors
    /// [`DecodeError`]; [`DecodeError::is_transient`] tells whether to retry.
    pub fn decode<P: Payload>(&self, bytes: &[u8]) -> Result<Envelope<P>, DecodeError> {
        if bytes.len() > self.max_bytes {
            return Err(DecodeError::Oversize { size: bytes.len(), max: self.max_bytes });
        }
        match bytes.first() {
            None => Err(DecodeError::Empty),
            Some(&MAGIC) if bytes.len() >= 5 => {
                let id = u32::from_be_bytes([bytes[1], bytes[2], bytes[3], bytes[4]]);
                let writer = self.writer_schema(id)?;
                self.ours.decode(&writer, &bytes[5..]).map_err(DecodeError::Avro)
            }
            Some(_) => Ok(Envelope::from_json(bytes)?),
        }
    }

    /// Encodes an envelope in the configured format; Avro registers the schema under
    /// `<topic>-value` once.
    ///
    /// # Errors
    /// [`EncodeError`] when Avro encoding or registration fails.
    pub fn encode<P: Payload>(&self, topic: &str, envelope: &Envelope<P>) -> Result<Vec<u8>, EncodeError> {
        match self.format {
            Format::Json => Ok(envelope.to_json()),
            Format::Avro => {
                let id = self.subject_id(topic)?;
                Ok(get_payload(id, self.ours.encode(envelope)?))
            }
        }
    }

    /// Runs a registry call from synchronous code: on a worker of a multi-threaded runtime
    /// through `block_in_place`, on a plain thread through the configured runtime handle.
    /// `None` where blocking is impossible (a current-thread runtime).
    fn block_on<T>(&self, f: impl std::future::Future<Output = T>) -> Option<T> {
        match tokio::runtime::Handle::try_current() {
            Ok(current) if current.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
                Some(tokio::task::block_in_place(|| current.block_on(f)))
            }
            Ok(_) => None,
            Err(_) => self.runtime.as_ref().map(|handle| handle.block_on(f)),
        }
    }

    fn writer_schema(&self, id: u32) -> Result<Arc<AvroSchema>, DecodeError> {
        if let Some(schema) = self.writers.lock().ok().and_then(|m| m.get(&id).cloned()) {
            return Ok(schema);
        }
        let settings = self.registry.as_ref().ok_or(DecodeError::NoRegistry { id })?;
        let registered = self
            .block_on(get_schema_by_id(id, settings))
            .ok_or_else(|| DecodeError::Registry("no async runtime to call it from".into()))?
            .map_err(|e| {
                // A definite answer (4xx) means the id does not exist; anything else may pass.
                let definite = !e.retriable && e.error.contains("status 4");
                if definite {
                    DecodeError::UnknownSchema { id, reason: e.error.clone() }
                } else {
                    DecodeError::Registry(e.to_string())
                }
            })?;
        let schema = Arc::new(AvroSchema::parse(&registered.schema).map_err(DecodeError::Avro)?);
        if let Ok(mut m) = self.writers.lock() {
            m.insert(id, schema.clone());
        }
        Ok(schema)
    }

    fn subject_id(&self, topic: &str) -> Result<u32, EncodeError> {
        let subject = format!("{topic}-value");
        if let Some(id) = self.subjects.lock().ok().and_then(|m| m.get(&subject).copied()) {
            return Ok(id);
        }
        let settings = self.registry.as_ref().ok_or_else(|| EncodeError::Registry("not configured".into()))?;
        let supplied = SuppliedSchema::new(
            Some("apex.EventEnvelope".into()),
            SchemaType::Avro,
            super::avro::ENVELOPE_SCHEMA.to_owned(),
        );
        let registered = self
            .block_on(post_schema(settings, subject.clone(), supplied))
            .ok_or_else(|| EncodeError::Registry("no async runtime to call it from".into()))?
            .map_err(|e| EncodeError::Registry(e.to_string()))?;
        if let Ok(mut m) = self.subjects.lock() {
            m.insert(subject, registered.id);
        }
        if let Ok(mut m) = self.writers.lock() {
            m.insert(registered.id, self.ours.clone());
        }
        Ok(registered.id)
    }
}
