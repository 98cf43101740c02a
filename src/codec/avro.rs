//! Avro encoding of envelopes (`schemas/apex.envelope.avsc`).
//!
//! The conversion walks the envelope's JSON form and the Avro schema together, in both
//! directions, so JSON and Avro share one parser ([`Envelope::from_json`]) and one set of
//! error messages. Free-form JSON (tool parameters, outputs) travels as the record
//! `apex.Json { text }`; timestamps as `timestamp-millis`; ids as `uuid` strings. Decoding
//! takes the writer's schema and resolves it to ours, so older and newer writers that only
//! add optional fields are read (Avro schema evolution).

use std::collections::HashMap;
use std::io::Cursor;

use apache_avro::Schema;
use apache_avro::schema::{ResolvedSchema, UnionSchema};
use apache_avro::types::Value;
use serde_json::{Map, Number, Value as Json};

use crate::core::envelope::{Envelope, EnvelopeError, Payload};
use crate::core::time::Timestamp;

/// The envelope schema this build reads and writes.
pub const ENVELOPE_SCHEMA: &str = include_str!("../../schemas/apex.envelope.avsc");

/// Full name of the record that carries free-form JSON as text.
const JSON_RECORD: &str = "apex.Json";

/// Why an Avro envelope could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum AvroError {
    /// The schema text does not parse.
    #[error("Avro schema: {0}")]
    Schema(String),
    /// Binary encoding or decoding failed (truncated data, incompatible writer schema…).
    #[error("Avro data: {0}")]
    Data(String),
    /// A value does not have the shape the schema asks for.
    #[error("Avro field `{path}`: {reason}")]
    Shape { path: String, reason: String },
    /// The decoded envelope is not valid.
    #[error(transparent)]
    Envelope(#[from] EnvelopeError),
}

fn shape(path: &str, reason: impl Into<String>) -> AvroError {
    AvroError::Shape { path: path.to_owned(), reason: reason.into() }
}

/// A parsed envelope schema with its named types resolved.
#[derive(Debug, Clone)]
pub struct AvroSchema {
    schema: Schema,
    names: HashMap<String, Schema>,
}

impl AvroSchema {
    /// The schema in `schemas/apex.envelope.avsc`.
    ///
    /// # Errors
    /// Only if the bundled schema were broken; a test guards it.
    pub fn envelope() -> Result<Self, AvroError> {
        Self::parse(ENVELOPE_SCHEMA)
    }

    /// Parses an envelope schema (e.g. another version, for evolution tests).
    ///
    /// # Errors
    /// [`AvroError::Schema`] when the text is not a valid Avro schema.
    pub fn parse(text: &str) -> Result<Self, AvroError> {
        let schema = Schema::parse_str(text).map_err(|e| AvroError::Schema(e.to_string()))?;
        let names = ResolvedSchema::try_from(&schema)
            .map_err(|e| AvroError::Schema(e.to_string()))?
            .get_names()
            .iter()
            .map(|(name, schema)| (name.fullname(None), (*schema).clone()))
            .collect();
        Ok(Self { schema, names })
    }

    /// The parsed schema.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// Encodes an envelope as a bare Avro datum (no container, no wire-format header).
    ///
    /// # Errors
    /// [`AvroError::Shape`] when the envelope does not fit the schema (a field the schema
    /// lacks, for instance); [`AvroError::Data`] if encoding fails.
    pub fn encode<P: Payload>(&self, envelope: &Envelope<P>) -> Result<Vec<u8>, AvroError> {
        let value = self.to_value(envelope)?;
        apache_avro::writer::datum::GenericDatumWriter::builder(&self.schema)
            .build()
            .and_then(|w| w.write_value_to_vec(value))
            .map_err(|e| AvroError::Data(e.to_string()))
    }

    /// The envelope as an Avro value of this schema.
    ///
    /// # Errors
    /// As [`Self::encode`].
    pub fn to_value<P: Payload>(&self, envelope: &Envelope<P>) -> Result<Value, AvroError> {
        let branch = format!("apex.payload.{}", envelope.payload.record_name());
        self.json_to_avro(&envelope.to_json_value(), &self.schema, "", &branch)
    }

    /// Decodes a datum written with `writer` and reads it as this schema.
    ///
    /// Resolution follows the Avro rules, matching union branches and records by name:
    /// fields only the writer has are dropped, fields only the reader has take their default.
    ///
    /// # Errors
    /// [`AvroError::Data`] for undecodable bytes; [`AvroError::Shape`] for a writer schema
    /// that cannot be read as this one; [`AvroError::Envelope`] for an invalid envelope.
    pub fn decode<P: Payload>(&self, writer: &AvroSchema, bytes: &[u8]) -> Result<Envelope<P>, AvroError> {
        let mut reader = Cursor::new(bytes);
        let value = apache_avro::reader::datum::GenericDatumReader::builder(&writer.schema)
            .build()
            .and_then(|r| r.read_value(&mut reader))
            .map_err(|e| AvroError::Data(e.to_string()))?;
        if reader.position() != bytes.len() as u64 {
            return Err(AvroError::Data(format!(
                "{} trailing bytes after the envelope",
                bytes.len() as u64 - reader.position()
            )));
        }
        let json = Resolution { writer, reader: self }.to_json(&value, &writer.schema, &self.schema, "")?;
        let bytes = serde_json::to_vec(&json).map_err(|e| shape("", e.to_string()))?;
        Ok(Envelope::from_json(&bytes)?)
    }

    /// Reads an envelope from an Avro value of this schema.
    ///
    /// # Errors
    /// [`AvroError::Shape`] or [`AvroError::Envelope`].
    pub fn from_value<P: Payload>(&self, value: &Value) -> Result<Envelope<P>, AvroError> {
        let json = Resolution { writer: self, reader: self }.to_json(value, &self.schema, &self.schema, "")?;
        let bytes = serde_json::to_vec(&json).map_err(|e| shape("", e.to_string()))?;
        Ok(Envelope::from_json(&bytes)?)
    }

    fn resolve<'a>(&'a self, schema: &'a Schema, path: &str) -> Result<&'a Schema, AvroError> {
        match schema {
            Schema::Ref { name } => {
                self.names.get(&name.fullname(None)).ok_or_else(|| shape(path, format!("unknown type {name}")))
            }
            other => Ok(other),
        }
    }

    fn json_to_avro(&self, json: &Json, schema: &Schema, path: &str, branch: &str) -> Result<Value, AvroError> {
        let schema = self.resolve(schema, path)?;
        let wrong = || shape(path, format!("expected {}, found {json}", kind(schema)));
        Ok(match schema {
            Schema::Null => json.as_null().map(|()| Value::Null).ok_or_else(wrong)?,
            Schema::Boolean => Value::Boolean(json.as_bool().ok_or_else(wrong)?),
            Schema::Int => Value::Int(json.as_i64().and_then(|n| i32::try_from(n).ok()).ok_or_else(wrong)?),
            Schema::Long => Value::Long(json.as_i64().ok_or_else(wrong)?),
            Schema::Double => Value::Double(json.as_f64().ok_or_else(wrong)?),
            Schema::String => Value::String(json.as_str().ok_or_else(wrong)?.to_owned()),
            Schema::Uuid(_) => {
                Value::Uuid(json.as_str().and_then(|s| uuid::Uuid::parse_str(s).ok()).ok_or_else(wrong)?)
            }
            Schema::TimestampMillis => {
                let text = json.as_str().ok_or_else(wrong)?;
                Value::TimestampMillis(Timestamp::parse_rfc3339(text).map_err(|e| shape(path, e.to_string()))?.millis())
            }
            Schema::Array(array) => Value::Array(
                json.as_array()
                    .ok_or_else(wrong)?
                    .iter()
                    .enumerate()
                    .map(|(i, item)| self.json_to_avro(item, &array.items, &format!("{path}[{i}]"), branch))
                    .collect::<Result<_, _>>()?,
            ),
            Schema::Record(record) if record.name.fullname(None) == JSON_RECORD => {
                Value::Record(vec![("text".to_owned(), Value::String(json.to_string()))])
            }
            Schema::Record(record) => {
                let object = json.as_object().ok_or_else(wrong)?;
                if let Some(extra) = object.keys().find(|k| !record.lookup.contains_key(*k)) {
                    return Err(shape(path, format!("field `{extra}` is not in the schema of {}", record.name)));
                }
                let mut fields = Vec::with_capacity(record.fields.len());
                for field in &record.fields {
                    let field_path =
                        if path.is_empty() { field.name.clone() } else { format!("{path}.{}", field.name) };
                    let value = match (object.get(&field.name), &field.default) {
                        (Some(v), _) => self.json_to_avro(v, &field.schema, &field_path, branch)?,
                        (None, Some(default)) => self.json_to_avro(default, &field.schema, &field_path, branch)?,
                        (None, None) => self.json_to_avro(&Json::Null, &field.schema, &field_path, branch)?,
                    };
                    fields.push((field.name.clone(), value));
                }
                Value::Record(fields)
            }
            Schema::Union(union) => self.union_to_avro(json, union, path, branch)?,
            other => return Err(shape(path, format!("schema type {} is not used by envelopes", kind(other)))),
        })
    }

    /// Picks a union branch: `null` for JSON null, the only other branch of an optional,
    /// or — for the payload union — the record named after the event type.
    fn union_to_avro(&self, json: &Json, union: &UnionSchema, path: &str, branch: &str) -> Result<Value, AvroError> {
        let variants = union.variants();
        let null = variants.iter().position(|s| matches!(s, Schema::Null));
        let index = match null {
            Some(i) if json.is_null() => i,
            _ if variants.len() - usize::from(null.is_some()) == 1 => {
                variants.iter().position(|s| !matches!(s, Schema::Null)).unwrap_or(0)
            }
            _ => variants
                .iter()
                .position(|s| {
                    self.resolve(s, path).ok().and_then(|s| s.name()).is_some_and(|n| n.fullname(None) == branch)
                })
                .ok_or_else(|| shape(path, format!("no union branch named {branch}")))?,
        };
        let value = self.json_to_avro(json, &variants[index], path, branch)?;
        Ok(Value::Union(index as u32, Box::new(value)))
    }
}

/// Reads a value written with one schema as another (Avro schema resolution), producing the
/// envelope's JSON form.
struct Resolution<'a> {
    writer: &'a AvroSchema,
    reader: &'a AvroSchema,
}

impl Resolution<'_> {
    fn to_json(&self, value: &Value, w: &Schema, r: &Schema, path: &str) -> Result<Json, AvroError> {
        let w = self.writer.resolve(w, path)?;
        let r = self.reader.resolve(r, path)?;
        if let (Value::Union(index, inner), Schema::Union(union)) = (value, w) {
            let variant = union
                .variants()
                .get(*index as usize)
                .ok_or_else(|| shape(path, format!("union branch {index} does not exist")))?;
            return self.to_json(inner, variant, r, path);
        }
        if let Schema::Union(union) = r {
            let w_name = self.writer.resolve(w, path)?.name().map(|n| n.fullname(None));
            let branch = union
                .variants()
                .iter()
                .find(|v| match self.reader.resolve(v, path).ok().and_then(|s| s.name()) {
                    Some(name) => w_name.as_deref() == Some(name.fullname(None).as_str()),
                    None => {
                        w_name.is_none()
                            && apache_avro::schema::SchemaKind::from(*v) == apache_avro::schema::SchemaKind::from(w)
                    }
                })
                .ok_or_else(|| shape(path, format!("the reader's union has no branch for {}", kind(w))))?;
            return self.to_json(value, w, branch, path);
        }
        Ok(match (value, w, r) {
            (Value::Null, _, _) => Json::Null,
            (Value::Boolean(b), _, _) => Json::Bool(*b),
            (Value::Int(n), _, _) => Json::from(*n),
            (Value::Long(n), _, _) => Json::from(*n),
            (Value::Double(x), _, _) => Number::from_f64(*x).map_or(Json::Null, Json::Number),
            (Value::String(s), _, Schema::Uuid(_)) | (Value::String(s), _, Schema::String) => Json::String(s.clone()),
            (Value::Uuid(u), _, _) => Json::String(u.as_hyphenated().to_string()),
            (Value::TimestampMillis(ms), _, _) => Json::String(Timestamp::from_millis(*ms).to_rfc3339()),
            (Value::Array(items), Schema::Array(wa), Schema::Array(ra)) => Json::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| self.to_json(item, &wa.items, &ra.items, &format!("{path}[{i}]")))
                    .collect::<Result<_, _>>()?,
            ),
            (Value::Record(fields), Schema::Record(_), Schema::Record(rr)) if rr.name.fullname(None) == JSON_RECORD => {
                match fields.iter().find(|(n, _)| n == "text") {
                    Some((_, Value::String(text))) => {
                        serde_json::from_str(text).map_err(|e| shape(path, format!("not JSON text: {e}")))?
                    }
                    _ => return Err(shape(path, "apex.Json without text")),
                }
            }
            (Value::Record(fields), Schema::Record(wr), Schema::Record(rr)) => {
                if wr.name.fullname(None) != rr.name.fullname(None) {
                    return Err(shape(path, format!("record {} cannot be read as {}", wr.name, rr.name)));
                }
                let mut object = Map::with_capacity(rr.fields.len());
                for field in &rr.fields {
                    let field_path =
                        if path.is_empty() { field.name.clone() } else { format!("{path}.{}", field.name) };
                    let written = wr.lookup.get(&field.name).map(|&i| (&fields[i].1, &wr.fields[i].schema));
                    let json = match (written, &field.default) {
                        (Some((v, ws)), _) => self.to_json(v, ws, &field.schema, &field_path)?,
                        (None, Some(default)) => default.clone(),
                        (None, None) => {
                            return Err(shape(&field_path, "the writer lacks this field and it has no default"));
                        }
                    };
                    object.insert(field.name.clone(), json);
                }
                Json::Object(object)
            }
            (value, _, r) => return Err(shape(path, format!("value {value:?} cannot be read as {}", kind(r)))),
        })
    }
}

fn kind(schema: &Schema) -> String {
    match schema.name() {
        Some(name) => name.fullname(None),
        None => format!("{:?}", apache_avro::schema::SchemaKind::from(schema)).to_lowercase(),
    }
}
