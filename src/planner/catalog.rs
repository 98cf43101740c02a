//! The tool catalog as planners see it: every tool's name and parameter schema, and a
//! version derived from both. A cached plan records the version it was made for; a plan is
//! accepted (from the cache or an LLM) only if every tool it names exists here and every step's
//! parameters satisfy that tool's schema.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;

use crate::core::plan::Plan;
use crate::executor::tools::Tool;

/// Tools by name, with their parameter schemas.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolCatalog {
    tools: BTreeMap<String, Value>,
    version: String,
}

/// Why a plan does not fit the catalog.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    #[error("step `{step}`: no tool named `{tool}` in the catalog")]
    UnknownTool { step: String, tool: String },
    #[error("step `{step}`: parameters of `{tool}`: {reason}")]
    Parameters { step: String, tool: String, reason: String },
}

impl ToolCatalog {
    /// The catalog of `tools`.
    pub fn of(tools: &[Arc<dyn Tool>]) -> Self {
        Self::new(tools.iter().map(|t| (t.name().to_owned(), t.parameters())))
    }

    /// A catalog of `(name, parameter schema)` pairs.
    pub fn new(tools: impl IntoIterator<Item = (String, Value)>) -> Self {
        let tools: BTreeMap<String, Value> = tools.into_iter().collect();
        let text = serde_json::to_string(&tools).unwrap_or_default();
        let id = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, text.as_bytes());
        Self { tools, version: id.simple().to_string()[..12].to_owned() }
    }

    /// Changes whenever a tool is added, removed or changes its schema.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Tool names and schemas, for prompts.
    pub fn tools(&self) -> &BTreeMap<String, Value> {
        &self.tools
    }

    /// Checks every step and compensation of `plan` against the catalog.
    ///
    /// # Errors
    /// The first [`CatalogError`] found, naming the step.
    pub fn check(&self, plan: &Plan) -> Result<(), CatalogError> {
        for step in &plan.steps {
            let calls = std::iter::once((step.tool.as_str(), step.input.value()))
                .chain(step.compensation.iter().map(|c| (c.tool.as_str(), c.input.value())));
            for (tool, input) in calls {
                let schema = self
                    .tools
                    .get(tool)
                    .ok_or_else(|| CatalogError::UnknownTool { step: step.id.to_string(), tool: tool.to_owned() })?;
                let input = if input.is_null() { &Value::Object(Default::default()) } else { input };
                conforms(input, schema, "").map_err(|reason| CatalogError::Parameters {
                    step: step.id.to_string(),
                    tool: tool.to_owned(),
                    reason,
                })?;
            }
        }
        Ok(())
    }
}

/// Checks `value` against the JSON Schema subset tools use: `type`, `properties`,
/// `required`, `additionalProperties: false`, `enum`, `items`.
fn conforms(value: &Value, schema: &Value, path: &str) -> Result<(), String> {
    let at = |p: &str| if p.is_empty() { "the input".to_owned() } else { format!("`{p}`") };
    if let Some(kind) = schema.get("type").and_then(Value::as_str) {
        let ok = match kind {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "null" => value.is_null(),
            _ => true,
        };
        if !ok {
            return Err(format!("{} must be of type {kind}", at(path)));
        }
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        return Err(format!("{} must be one of {}", at(path), Value::Array(allowed.clone())));
    }
    if let Some(object) = value.as_object() {
        let properties = schema.get("properties").and_then(Value::as_object);
        for name in schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
            if !object.contains_key(name) {
                return Err(format!("missing required parameter `{}`", join(path, name)));
            }
        }
        for (name, item) in object {
            match properties.and_then(|p| p.get(name)) {
                Some(sub) => conforms(item, sub, &join(path, name))?,
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    return Err(format!("unknown parameter `{}`", join(path, name)));
                }
                None => {}
            }
        }
    }
    if let (Some(items), Some(schema)) = (value.as_array(), schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            conforms(item, schema, &format!("{path}[{i}]"))?;
        }
    }
    Ok(())
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() { name.to_owned() } else { format!("{path}.{name}") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::executor::tools::{DemoSettings, demo_catalog};
    use serde_json::json;

    fn plan(steps: Value) -> Plan {
        serde_json::from_value(json!({ "steps": steps })).unwrap()
    }

    #[test]
    fn plans_over_known_tools_with_fitting_parameters_pass() {
        let catalog = ToolCatalog::of(&demo_catalog(&DemoSettings::default()));
        let ok = plan(json!([{"id": "b", "tool": "book_flight", "input": {"to": "Paris", "date": "2026-11-26"},
            "compensation": {"tool": "cancel_flight"}}]));
        assert_eq!(catalog.check(&ok), Ok(()));
    }

    #[test]
    fn unknown_tools_and_bad_parameters_are_named() {
        let catalog = ToolCatalog::of(&demo_catalog(&DemoSettings::default()));
        let unknown = plan(json!([{"id": "x", "tool": "teleport"}]));
        assert_eq!(
            catalog.check(&unknown).unwrap_err().to_string(),
            "step `x`: no tool named `teleport` in the catalog"
        );
        let missing = plan(json!([{"id": "m", "tool": "send_email", "input": {"subject": "hi"}}]));
        assert_eq!(
            catalog.check(&missing).unwrap_err().to_string(),
            "step `m`: parameters of `send_email`: missing required parameter `to`"
        );
        let typed = plan(json!([{"id": "h", "tool": "book_hotel", "input": {"city": "Rome", "nights": "two"}}]));
        assert!(catalog.check(&typed).unwrap_err().to_string().ends_with("`nights` must be of type integer"));
        let extra = plan(json!([{"id": "h", "tool": "book_hotel", "input": {"city": "Rome", "pool": true}}]));
        assert!(catalog.check(&extra).unwrap_err().to_string().ends_with("unknown parameter `pool`"));
    }

    #[test]
    fn the_version_follows_names_and_schemas() {
        let a = ToolCatalog::new([("t".to_owned(), json!({"type": "object"}))]);
        let b = ToolCatalog::new([("t".to_owned(), json!({"type": "object", "required": ["x"]}))]);
        assert_ne!(a.version(), b.version());
        assert_eq!(a.version(), ToolCatalog::new([("t".to_owned(), json!({"type": "object"}))]).version());
    }
}
