//! A JSON document carried inside a typed payload (tool parameters, tool output, signal data).
//!
//! Shared behind an `Arc` because the same output travels into events, the dependent steps'
//! context and compensation commands; cloning it must not copy the document.

use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::ids::StepId;

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

    /// Length of the compact JSON text, used for size limits; counted by walking the value,
    /// not by writing it (string escapes are counted as one byte).
    pub fn encoded_len(&self) -> usize {
        fn len(value: &Value) -> usize {
            match value {
                Value::Null => 4,
                Value::Bool(b) => {
                    if *b {
                        4
                    } else {
                        5
                    }
                }
                Value::Number(n) => n.as_u64().map_or(20, |n| n.checked_ilog10().unwrap_or(0) as usize + 1),
                Value::String(s) => s.len() + 2,
                Value::Array(items) => 2 + items.iter().map(len).sum::<usize>() + items.len().saturating_sub(1),
                Value::Object(map) => {
                    2 + map.iter().map(|(k, v)| k.len() + 3 + len(v)).sum::<usize>() + map.len().saturating_sub(1)
                }
            }
        }
        len(&self.0)
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

/// Outputs of several steps, in plan order, written as a JSON object keyed by step id
/// (`{"flight": {...}, "hotel": {...}}`). A list of shared documents rather than a
/// `serde_json::Map`, so building one copies no JSON.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StepOutputs(pub Vec<(StepId, Json)>);

impl StepOutputs {
    /// The output of `step`, if present.
    pub fn get(&self, step: &str) -> Option<&Json> {
        self.0.iter().find(|(id, _)| id.as_str() == step).map(|(_, json)| json)
    }

    /// As a plain JSON object.
    pub fn to_value(&self) -> Value {
        Value::Object(self.0.iter().map(|(id, json)| (id.to_string(), json.value().clone())).collect())
    }
}

impl Serialize for StepOutputs {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (id, json) in &self.0 {
            map.serialize_entry(id.as_str(), json)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for StepOutputs {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = StepOutputs;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object of step outputs keyed by step id")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<StepOutputs, A::Error> {
                let mut out = Vec::with_capacity(map.size_hint().unwrap_or(4));
                while let Some((id, json)) = map.next_entry::<StepId, Json>()? {
                    out.push((id, json));
                }
                Ok(StepOutputs(out))
            }
        }
        d.deserialize_map(Visitor)
    }
}

impl schemars::JsonSchema for StepOutputs {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "StepOutputs".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "object", "description": "Step outputs keyed by step id." })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn encoded_len_matches_the_compact_text_for_plain_values() {
        for value in [
            json!(null),
            json!(true),
            json!(false),
            json!(0),
            json!(12345),
            json!("abc"),
            json!([]),
            json!([1, "x", null]),
            json!({"to": "Paris", "n": [1, 2, {"k": false}]}),
            json!({}),
        ] {
            assert_eq!(Json::new(value.clone()).encoded_len(), serde_json::to_vec(&value).unwrap().len(), "{value}");
        }
    }
}
