//! The tool catalog as planners see it: every tool's name, description, parameter schema and
//! step defaults, and the catalog's version. A cached plan records the version it was made
//! for; a plan is accepted (from the cache or an LLM) only if every tool it names exists here
//! and every step's parameters satisfy that tool's schema (checked in full:
//! [`crate::tools::schema`]).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::core::ids::ToolName;
use crate::core::json::Json;
use crate::core::plan::{Compensation, Plan, RetryPolicy};
use crate::tools::schema::ParameterSchema;
use crate::tools::{ToolSpec, Tools};

/// Tools by name, with their parameter schemas.
#[derive(Debug, Clone)]
pub struct ToolCatalog {
    tools: BTreeMap<String, Value>,
    /// The schemas of `tools`, compiled.
    compiled: BTreeMap<String, ParameterSchema>,
    specs: BTreeMap<String, ToolSpec>,
    version: String,
}

impl PartialEq for ToolCatalog {
    /// The compiled schemas follow from `tools`.
    fn eq(&self, other: &Self) -> bool {
        (&self.tools, &self.specs, &self.version) == (&other.tools, &other.specs, &other.version)
    }
}

fn compile(tools: &BTreeMap<String, Value>) -> BTreeMap<String, ParameterSchema> {
    tools.iter().map(|(name, schema)| (name.clone(), ParameterSchema::compile(schema))).collect()
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
    /// The planners' view of a loaded catalog; its version is the catalog's.
    pub fn of(tools: &Tools) -> Self {
        Self::of_specs(tools.specs().cloned())
    }

    /// The planners' view of catalog `specs` (no implementations needed).
    pub fn of_specs(specs: impl IntoIterator<Item = ToolSpec>) -> Self {
        let specs: BTreeMap<String, ToolSpec> = specs.into_iter().map(|s| (s.name.clone(), s)).collect();
        let schemas = specs.iter().map(|(name, spec)| (name.clone(), spec.parameters.clone())).collect();
        let version = crate::tools::spec::version(specs.values());
        Self { compiled: compile(&schemas), tools: schemas, specs, version }
    }

    /// A catalog of `(name, parameter schema)` pairs with no descriptions or defaults.
    pub fn new(tools: impl IntoIterator<Item = (String, Value)>) -> Self {
        let specs = tools.into_iter().map(|(name, schema)| {
            let spec = ToolSpec::plain(&name, schema);
            (name, spec)
        });
        let specs: BTreeMap<String, ToolSpec> = specs.collect();
        let tools: BTreeMap<String, Value> = specs.iter().map(|(n, s)| (n.clone(), s.parameters.clone())).collect();
        let text = serde_json::to_string(&tools).unwrap_or_default();
        let id = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, text.as_bytes());
        Self { compiled: compile(&tools), tools, specs, version: id.simple().to_string()[..12].to_owned() }
    }

    /// What a goal must ask for before a plan may use tool `name`, when the catalog says.
    pub fn intent(&self, name: &str) -> Option<crate::planner::intent::Intent> {
        self.specs.get(name)?.intent.as_deref()?.parse().ok()
    }

    /// The parameters of tool `name` whose values must come from the goal (`sensitive: true`
    /// in its schema's properties).
    pub fn sensitive(&self, name: &str) -> Vec<String> {
        let properties = self.tools.get(name).and_then(|s| s.get("properties")).and_then(Value::as_object);
        properties
            .into_iter()
            .flatten()
            .filter(|(_, schema)| schema.get("sensitive") == Some(&Value::Bool(true)))
            .map(|(name, _)| name.clone())
            .collect()
    }

    /// What tool `name` does, for prompts (empty when the catalog does not say).
    pub fn description(&self, name: &str) -> &str {
        self.specs.get(name).map_or("", |s| s.description.as_str())
    }

    /// Puts the catalog's defaults on `plan`: each step's tool's timeout and retry policy
    /// (the operator knows a tool's latency better than a planner), and its compensation
    /// where the step names none.
    pub fn apply_defaults(&self, plan: &mut Plan) {
        let defaults = |tool: &str, timeout_ms: &mut u64, retry: &mut RetryPolicy| {
            if let Some(spec) = self.specs.get(tool) {
                *timeout_ms = spec.timeout_ms.unwrap_or(*timeout_ms);
                *retry = spec.retry.unwrap_or(*retry);
            }
        };
        for step in &mut plan.steps {
            defaults(step.tool.as_str(), &mut step.timeout_ms, &mut step.retry);
            if step.compensation.is_none()
                && let Some(undo) = self.specs.get(step.tool.as_str()).and_then(|s| s.compensation.as_deref())
                && let Ok(tool) = ToolName::parse(undo)
            {
                let mut compensation = Compensation {
                    tool,
                    input: Json::null(),
                    retry: RetryPolicy::default(),
                    timeout_ms: step.timeout_ms,
                };
                defaults(undo, &mut compensation.timeout_ms, &mut compensation.retry);
                step.compensation = Some(compensation);
            } else if let Some(compensation) = &mut step.compensation {
                let tool = compensation.tool.clone();
                defaults(tool.as_str(), &mut compensation.timeout_ms, &mut compensation.retry);
            }
        }
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
                    .compiled
                    .get(tool)
                    .ok_or_else(|| CatalogError::UnknownTool { step: step.id.to_string(), tool: tool.to_owned() })?;
                schema.check(input).map_err(|reason| CatalogError::Parameters {
                    step: step.id.to_string(),
                    tool: tool.to_owned(),
                    reason,
                })?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tools::demo::DemoSettings;
    use serde_json::json;

    fn plan(steps: Value) -> Plan {
        serde_json::from_value(json!({ "steps": steps })).unwrap()
    }

    #[test]
    fn plans_over_known_tools_with_fitting_parameters_pass() {
        let catalog = ToolCatalog::of(&Tools::demo(&DemoSettings::default()));
        let ok = plan(json!([{"id": "b", "tool": "book_flight", "input": {"to": "Paris", "date": "2026-11-26"},
            "compensation": {"tool": "cancel_flight"}}]));
        assert_eq!(catalog.check(&ok), Ok(()));
    }

    #[test]
    fn unknown_tools_and_bad_parameters_are_named() {
        let catalog = ToolCatalog::of(&Tools::demo(&DemoSettings::default()));
        let unknown = plan(json!([{"id": "x", "tool": "teleport"}]));
        assert_eq!(
            catalog.check(&unknown).unwrap_err().to_string(),
            "step `x`: no tool named `teleport` in the catalog"
        );
        let missing = plan(json!([{"id": "m", "tool": "send_email", "input": {"subject": "hi"}}]));
        assert_eq!(
            catalog.check(&missing).unwrap_err().to_string(),
            "step `m`: parameters of `send_email`: \"to\" is a required property"
        );
        let typed = plan(json!([{"id": "h", "tool": "book_hotel", "input": {"city": "Rome", "nights": "two"}}]));
        let typed = catalog.check(&typed).unwrap_err().to_string();
        assert!(typed.contains("at `/nights`") && typed.contains("\"integer\""), "{typed}");
        let extra = plan(json!([{"id": "h", "tool": "book_hotel", "input": {"city": "Rome", "pool": true}}]));
        let extra = catalog.check(&extra).unwrap_err().to_string();
        assert!(extra.contains("Additional properties are not allowed"), "{extra}");
    }

    #[test]
    fn catalog_defaults_go_on_steps() {
        let specs = crate::tools::spec::parse(
            "t.yaml",
            "tools:
  - name: book_flight
    kind: builtin
    compensation: cancel_flight
    timeout_ms: 1500
    retry: { max_attempts: 5, initial_backoff_ms: 10, multiplier: 1.0, max_backoff_ms: 10 }
  - name: cancel_flight
    kind: builtin
    timeout_ms: 700
",
            false,
            |_| None,
        )
        .unwrap();
        let catalog = ToolCatalog::of(&Tools::from_specs(specs, &DemoSettings::default(), |_| None).unwrap());
        let mut p = plan(json!([{"id": "b", "tool": "book_flight", "input": {"to": "Paris"}}]));
        catalog.apply_defaults(&mut p);
        let step = &p.steps[0];
        assert_eq!((step.timeout_ms, step.retry.max_attempts), (1500, 5));
        let undo = step.compensation.as_ref().expect("the catalog's compensation");
        assert_eq!((undo.tool.as_str(), undo.timeout_ms), ("cancel_flight", 700));
        assert_eq!(catalog.description("book_flight"), crate::tools::demo::description("book_flight"));
    }

    #[test]
    fn the_version_follows_names_and_schemas() {
        let a = ToolCatalog::new([("t".to_owned(), json!({"type": "object"}))]);
        let b = ToolCatalog::new([("t".to_owned(), json!({"type": "object", "required": ["x"]}))]);
        assert_ne!(a.version(), b.version());
        assert_eq!(a.version(), ToolCatalog::new([("t".to_owned(), json!({"type": "object"}))]).version());
    }
}
