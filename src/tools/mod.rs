//! Tools: what an executor runs for a saga step, and how it undoes it.
//!
//! - [`Tool`] is the async trait every tool implements (people who embed the crate write
//!   their own; see `examples/custom_executor.rs`);
//! - [`spec`] reads a tool catalog file (`APEX_TOOLS`, YAML or JSON) into [`ToolSpec`]s;
//! - [`http`] is the `http` kind: a POST to the user's service;
//! - [`demo`] is the `builtin` kind: a simulated travel domain for demos and benchmarks;
//! - [`Tools`] is a loaded catalog: the tools by name plus their specs, shared by the planner
//!   (names, descriptions, schemas, defaults) and the executor (the tools themselves).

pub mod cli;
pub mod demo;
pub mod http;
pub mod schema;
pub mod spec;

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;

use crate::core::ids::{CommandId, StepId, TenantId, WorkflowId};
use crate::core::input::TokenUsage;
use crate::core::json::StepOutputs;
pub use spec::{Kind, SpecError, ToolSpec};

/// A failed tool call.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct ToolError {
    pub message: String,
    /// Whether another attempt may succeed.
    pub retryable: bool,
    /// LLM usage the failed call still spent (an LLM-backed tool that failed after its call).
    pub usage: Option<TokenUsage>,
}

impl ToolError {
    /// A failure another attempt may cure (timeouts, 5xx, connection errors).
    pub fn retryable(message: impl Into<String>) -> Self {
        Self { message: message.into(), retryable: true, usage: None }
    }

    /// A failure that will happen again (bad input, 4xx).
    pub fn permanent(message: impl Into<String>) -> Self {
        Self { message: message.into(), retryable: false, usage: None }
    }

    /// The failure, with the LLM usage reported in `body` (a tool's error answer), if any.
    pub fn spent(self, body: &Value) -> Self {
        Self { usage: reported_usage(body), ..self }
    }
}

/// The LLM usage an LLM-backed tool reports in its answer, success or error, as `usage` in the
/// OpenAI shape (`{"model"?, "prompt_tokens", "completion_tokens", "calls"?}`); the model may
/// also be the answer's own `model`.
pub fn reported_usage(answer: &Value) -> Option<TokenUsage> {
    #[derive(serde::Deserialize)]
    struct Reported {
        prompt_tokens: u64,
        completion_tokens: u64,
        #[serde(default)]
        model: Option<String>,
        #[serde(default)]
        calls: Option<u32>,
    }
    let reported: Reported = serde_json::from_value(answer.get("usage")?.clone()).ok()?;
    Some(TokenUsage {
        calls: reported.calls.unwrap_or(1),
        prompt_tokens: reported.prompt_tokens,
        completion_tokens: reported.completion_tokens,
        model: reported.model.or_else(|| answer.get("model").and_then(|m| m.as_str()).map(str::to_owned)),
        cost: None,
    })
}

/// Everything a tool is told about one call.
#[derive(Debug, Clone)]
pub struct ToolCall<'a> {
    /// Unique per attempt: the executor runs a command id at most once.
    pub command_id: CommandId,
    pub workflow_id: WorkflowId,
    pub tenant_id: &'a TenantId,
    pub step_id: &'a StepId,
    /// 1-based attempt of this step (or of its compensation).
    pub attempt: u32,
    /// The same for every attempt of one step (another for its compensation): a tool that
    /// deduplicates by it acts once even when a timed-out attempt and its retry both reach it.
    pub idempotency_key: uuid::Uuid,
    /// W3C `traceparent` of the command.
    pub traceparent: &'a str,
    /// The step's parameters.
    pub input: &'a Value,
    /// Outputs of the steps this one depends on.
    pub context: &'a StepOutputs,
}

impl ToolCall<'_> {
    /// The idempotency key of a call about `step` of `workflow`: UUIDv5 of both and of what
    /// the call does, so it is stable across attempts, executors and restarts.
    pub fn key_for(workflow: WorkflowId, step: &StepId, purpose: Purpose) -> uuid::Uuid {
        match purpose {
            Purpose::Execute => workflow.derive_fmt(format_args!("tool-call/execute/{step}")),
            Purpose::Compensate => workflow.derive_fmt(format_args!("tool-call/compensate/{step}")),
            Purpose::CompensateLate(attempt) => {
                workflow.derive_fmt(format_args!("tool-call/compensate/{step}/late/{attempt}"))
            }
        }
    }
}

/// What a tool call does, as far as its idempotency key is concerned: one effect, one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Runs the step (every attempt of the step).
    Execute,
    /// Undoes the step's kept effect (every attempt of that compensation).
    Compensate,
    /// Undoes the late, unkept effect of this step attempt: another effect, another key.
    CompensateLate(u32),
}

/// A tool an executor can run. Calls run concurrently: a tool must be `Send + Sync` and
/// should not block its thread (use async IO, or `tokio::task::spawn_blocking`).
#[async_trait::async_trait]
pub trait Tool: Send + Sync {
    /// The name plans refer to.
    fn name(&self) -> &str;

    /// JSON Schema of the parameters (planners and the plan cache check plans against it).
    fn parameters(&self) -> Value {
        serde_json::json!({ "type": "object" })
    }

    /// Runs the step.
    ///
    /// # Errors
    /// [`ToolError`] when the step did not happen.
    async fn execute(&self, call: &ToolCall<'_>) -> Result<Value, ToolError>;

    /// Undoes what `execute` did, given its `output`, for plans that name this tool itself as
    /// the compensation. `None`: the tool has no undo of its own (a plan names another tool,
    /// which then runs with the step's output in its context).
    async fn compensate(&self, _call: &ToolCall<'_>, _output: &Value) -> Option<Result<Value, ToolError>> {
        None
    }
}

/// The specs of the catalog `config` names (`APEX_TOOLS`), else of the demo tools: what
/// planners need (they describe tools, they do not run them).
///
/// # Errors
/// [`SpecError`] when the file cannot be read or is wrong.
pub fn specs(config: &crate::config::Config) -> Result<Vec<ToolSpec>, SpecError> {
    match &config.tools_file {
        Some(path) => spec::load(std::path::Path::new(path), |name| std::env::var(name).ok()),
        None => Ok(demo::NAMES.into_iter().map(demo::spec).collect()),
    }
}

/// A loaded catalog: each tool with its spec. Cheap to clone.
#[derive(Clone)]
pub struct Tools {
    tools: BTreeMap<String, (Arc<dyn Tool>, ToolSpec)>,
    version: String,
}

impl std::fmt::Debug for Tools {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tools").field("names", &self.tools.keys()).field("version", &self.version).finish()
    }
}

impl Tools {
    /// A catalog of `tools` with their `specs`; the version is the hash of the specs'
    /// canonical content, so any change to names, schemas, descriptions or defaults changes it.
    pub fn new(entries: impl IntoIterator<Item = (Arc<dyn Tool>, ToolSpec)>) -> Self {
        let tools: BTreeMap<String, (Arc<dyn Tool>, ToolSpec)> =
            entries.into_iter().map(|(tool, spec)| (spec.name.clone(), (tool, spec))).collect();
        let version = spec::version(tools.values().map(|(_, spec)| spec));
        Self { tools, version }
    }

    /// Tools written in Rust, each described by its own name and schema only (no
    /// description, compensation or defaults): what embedders pass who build their catalog
    /// in code.
    pub fn of(tools: impl IntoIterator<Item = Arc<dyn Tool>>) -> Self {
        Self::new(tools.into_iter().map(|tool| {
            let spec = ToolSpec::plain(tool.name(), tool.parameters());
            (tool, spec)
        }))
    }

    /// The built-in demo tools with `settings`, as `APEX_TOOLS` unset gives.
    pub fn demo(settings: &demo::DemoSettings) -> Self {
        Self::new(demo::catalog(settings).into_iter().map(|tool| {
            let spec = demo::spec(tool.name());
            (tool, spec)
        }))
    }

    /// The catalog of `specs`: built-in tools with `demo` settings, HTTP tools calling
    /// through one shared client; `env` reads credentials.
    ///
    /// # Errors
    /// [`SpecError`] naming the tool whose credential or client is unusable.
    pub fn from_specs(
        specs: Vec<ToolSpec>,
        demo: &demo::DemoSettings,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, SpecError> {
        Self::with_custom(specs, demo, env, Vec::new())
    }

    /// [`Self::from_specs`] where the `custom` tools of `specs` are implemented by `custom`
    /// (matched by name): what a custom executor built on the crate loads.
    ///
    /// # Errors
    /// [`SpecError`] as for [`Self::from_specs`], or naming a `custom` tool with no
    /// implementation here.
    pub fn with_custom(
        specs: Vec<ToolSpec>,
        demo: &demo::DemoSettings,
        env: impl Fn(&str) -> Option<String>,
        custom: Vec<Arc<dyn Tool>>,
    ) -> Result<Self, SpecError> {
        let client = std::sync::OnceLock::new();
        let mut entries = Vec::with_capacity(specs.len());
        for spec in specs {
            let tool: Arc<dyn Tool> = match &spec.kind {
                Kind::Custom => {
                    custom.iter().find(|t| t.name() == spec.name).cloned().ok_or_else(|| SpecError::Invalid {
                        tool: spec.name.clone(),
                        field: "kind",
                        reason: "a custom tool, and this executor does not implement it (run the custom \
                                 executor that does; see examples/custom_executor.rs)"
                            .into(),
                    })?
                }
                Kind::Builtin => demo::tool(&spec.name, demo).ok_or_else(|| SpecError::Invalid {
                    tool: spec.name.clone(),
                    field: "kind",
                    reason: "no built-in tool has this name".into(),
                })?,
                Kind::Http { .. } => {
                    let client = match client.get() {
                        Some(c) => Ok(c),
                        None => http::client().map(|c| client.get_or_init(|| c)),
                    }
                    .map_err(|e| SpecError::Invalid {
                        tool: spec.name.clone(),
                        field: "url",
                        reason: e.to_string(),
                    })?;
                    Arc::new(http::HttpTool::new(&spec, client.clone(), &env)?)
                }
            };
            entries.push((tool, spec));
        }
        Ok(Self::new(entries))
    }

    /// The catalog `config` names (`APEX_TOOLS`), else the demo tools; built-in tools get
    /// `demo` settings.
    ///
    /// # Errors
    /// [`SpecError`] when the file cannot be read or is wrong.
    pub fn load(config: &crate::config::Config, demo: &demo::DemoSettings) -> Result<Self, SpecError> {
        Self::load_with(config, demo, Vec::new())
    }

    /// [`Self::load`] with implementations of the catalog's `custom` tools.
    ///
    /// # Errors
    /// As [`Self::with_custom`].
    pub fn load_with(
        config: &crate::config::Config,
        demo: &demo::DemoSettings,
        custom: Vec<Arc<dyn Tool>>,
    ) -> Result<Self, SpecError> {
        match &config.tools_file {
            Some(_) => Self::with_custom(specs(config)?, demo, |name| std::env::var(name).ok(), custom),
            None => Ok(Self::demo(demo)),
        }
    }

    /// The tool named `name`.
    pub fn get(&self, name: &str) -> Option<&Arc<dyn Tool>> {
        self.tools.get(name).map(|(tool, _)| tool)
    }

    /// Every spec, by name.
    pub fn specs(&self) -> impl Iterator<Item = &ToolSpec> {
        self.tools.values().map(|(_, spec)| spec)
    }

    /// Changes whenever the catalog's content does; the plan cache filters on it.
    pub fn version(&self) -> &str {
        &self.version
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Weather;

    #[async_trait::async_trait]
    impl Tool for Weather {
        fn name(&self) -> &str {
            "get_weather"
        }
        async fn execute(&self, _: &ToolCall<'_>) -> Result<Value, ToolError> {
            Ok(serde_json::json!({"forecast": "sunny"}))
        }
    }

    fn specs() -> Vec<ToolSpec> {
        spec::parse(
            "t.yaml",
            "tools:\n  - name: get_weather\n    kind: custom\n  - name: send_email\n    kind: builtin\n",
            false,
            |_| None,
        )
        .unwrap()
    }

    #[test]
    fn custom_tools_are_implemented_by_the_executor_that_loads_them() {
        let settings = demo::DemoSettings::default();
        let tools = Tools::with_custom(specs(), &settings, |_| None, vec![Arc::new(Weather)]).unwrap();
        assert!(tools.get("get_weather").is_some() && tools.get("send_email").is_some());
        let error = Tools::from_specs(specs(), &settings, |_| None).unwrap_err();
        assert!(error.to_string().starts_with("tool `get_weather`, field `kind`: a custom tool"), "{error}");
    }

    #[test]
    fn planners_and_executors_agree_on_the_version() {
        let tools =
            Tools::with_custom(specs(), &demo::DemoSettings::default(), |_| None, vec![Arc::new(Weather)]).unwrap();
        assert_eq!(tools.version(), crate::planner::catalog::ToolCatalog::of_specs(specs()).version());
        assert_eq!(Tools::demo(&demo::DemoSettings::default()).version(), spec::version(&demo::NAMES.map(demo::spec)));
    }
}
