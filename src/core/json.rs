//! A JSON document carried inside a typed payload (tool parameters, tool output, signal data).
//!
//! Shared behind an `Arc` because the same output travels into events, the dependent steps'
//! context and compensation commands; cloning it must not copy the document.

use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// An arbitrary JSON value, cheap to clone.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Json(Arc<Value>);

impl Json {
    /// Wraps a value.
    pub fn new(value: Value) -> Self {
        Self(Arc::new(value))
    }

    /// The JSON `null`.
    pub fn null() -> Self {
        Self::default()
    }

    /// The wrapped value.
    pub fn value(&self) -> &Value {
        &self.0
    }

    /// Length of the compact JSON text, used for size limits.
    pub fn encoded_len(&self) -> usize {
        serde_json::to_vec(&*self.0).map_or(usize::MAX, |v| v.len())
    }
}

impl From<Value> for Json {
    fn from(value: Value) -> Self {
        Self::new(value)
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Value::deserialize(d).map(Self::new)
    }
}

impl schemars::JsonSchema for Json {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Json".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "description": "Any JSON value." })
    }
}
