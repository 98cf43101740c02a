//! The tool catalog file (`APEX_TOOLS`): YAML, or JSON when the file name ends in `.json`.
//!
//! ```yaml
//! tools:
//!   - name: book_flight
//!     description: Books a seat on a flight; returns a booking reference.
//!     kind: http
//!     url: http://flights.internal/book
//!     auth: { env: FLIGHTS_TOKEN }            # sent as `Authorization: Bearer <value>`
//!     parameters: { type: object, properties: { to: { type: string } }, required: [to] }
//!     intent: book:flight                    # what a goal must ask for before a plan may use it
//!     compensation: cancel_flight
//!     timeout_ms: 10000
//!     retry: { max_attempts: 3, initial_backoff_ms: 500, multiplier: 2.0, max_backoff_ms: 5000 }
//!   - name: cancel_flight
//!     kind: http
//!     url: http://flights.internal/cancel
//!   - name: send_email
//!     kind: builtin                          # one of the demo tools
//! ```
//!
//! The file is parsed into [`ToolSpec`]s once, at start; every error names the tool and the
//! field, and a bad file stops the role before it consumes anything. Secrets never appear in
//! the file: `auth.env` names the variable that holds one.

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::core::ids::ToolName;
use crate::core::plan::{Limits, RetryPolicy};

/// One tool as the catalog declares it. Serialised (canonically) for `apex tools list` and
/// for the catalog version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ToolSpec {
    pub name: String,
    /// What the tool does, for the LLM planner's prompt.
    pub description: String,
    pub kind: Kind,
    /// JSON Schema of the parameters.
    pub parameters: Value,
    /// The catalog tool that undoes this one, given its output; planners add it to steps that
    /// name none.
    pub compensation: Option<String>,
    /// Limit of one attempt; planners put it on every step that uses the tool.
    pub timeout_ms: Option<u64>,
    /// Retry policy planners put on every step that uses the tool.
    pub retry: Option<RetryPolicy>,
    /// What a goal must ask for before an LLM plan may use this tool (`action:object`, e.g.
    /// `pay:payment`); none: the plan policy does not check the tool's intent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intent: Option<String>,
}

/// How a tool runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Kind {
    /// One of the demo tools compiled into the binary.
    Builtin,
    /// Implemented in Rust by a custom executor built on the crate (`examples/custom_executor.rs`);
    /// the file describes it to planners.
    Custom,
    /// A POST to `url`, with the credential `auth` names (see [`super::http`]).
    Http { url: String, auth: Option<Auth> },
}

/// Where an HTTP tool's credential comes from: never the file itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Auth {
    /// The environment variable that holds the secret.
    pub env: String,
    /// The header it is sent in.
    #[serde(default = "default_auth_header")]
    pub header: String,
    /// Put before the value (`Bearer`); empty for none.
    #[serde(default = "default_auth_scheme")]
    pub scheme: String,
}

fn default_auth_header() -> String {
    "Authorization".to_owned()
}

fn default_auth_scheme() -> String {
    "Bearer".to_owned()
}

impl ToolSpec {
    /// A spec with nothing but a name and a schema (tools built in code).
    pub fn plain(name: &str, parameters: Value) -> Self {
        Self {
            name: name.to_owned(),
            description: String::new(),
            kind: Kind::Builtin,
            parameters,
            compensation: None,
            timeout_ms: None,
            retry: None,
            intent: None,
        }
    }
}

/// The catalog version of `specs`: a hash of their canonical content (sorted by name), so any
/// change to names, schemas, descriptions or defaults changes it, and nothing else does.
pub fn version<'a>(specs: impl IntoIterator<Item = &'a ToolSpec>) -> String {
    let mut sorted: Vec<&ToolSpec> = specs.into_iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    let text = serde_json::to_string(&sorted).unwrap_or_default();
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, text.as_bytes()).simple().to_string()[..12].to_owned()
}

/// What is wrong with a catalog file: where, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpecError {
    #[error("{path}: cannot read: {reason}")]
    Unreadable { path: String, reason: String },
    #[error("{path}: {at}: {reason}")]
    Syntax { path: String, at: String, reason: String },
    #[error("tool `{tool}`, field `{field}`: {reason}")]
    Invalid { tool: String, field: &'static str, reason: String },
}

/// The file as written, before it is checked.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    tools: Vec<RawTool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTool {
    name: String,
    #[serde(default)]
    description: String,
    kind: RawKind,
    url: Option<String>,
    auth: Option<Auth>,
    parameters: Option<Value>,
    compensation: Option<String>,
    timeout_ms: Option<u64>,
    retry: Option<RetryPolicy>,
    intent: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum RawKind {
    Builtin,
    Custom,
    Http,
}

/// Reads and checks the catalog file at `path`.
///
/// # Errors
/// [`SpecError`] naming the file position, or the tool and field, that is wrong.
pub fn load(path: &Path, env: impl Fn(&str) -> Option<String>) -> Result<Vec<ToolSpec>, SpecError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| SpecError::Unreadable { path: shown.clone(), reason: e.to_string() })?;
    let json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    parse(&shown, &text, json, env)
}

/// Parses and checks catalog `text` (`json`, else YAML); `origin` names it in errors.
///
/// # Errors
/// [`SpecError`] as for [`load`].
pub fn parse(
    origin: &str,
    text: &str,
    json: bool,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Vec<ToolSpec>, SpecError> {
    let syntax = |at: String, reason: String| SpecError::Syntax { path: origin.to_owned(), at, reason };
    let raw: RawFile = if json {
        serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_str(text))
            .map_err(|e| syntax(e.path().to_string(), e.into_inner().to_string()))?
    } else {
        serde_path_to_error::deserialize(serde_yaml_ng::Deserializer::from_str(text))
            .map_err(|e| syntax(e.path().to_string(), e.into_inner().to_string()))?
    };
    let names: BTreeSet<&str> = raw.tools.iter().map(|t| t.name.as_str()).collect();
    let mut seen = BTreeSet::new();
    let mut specs = Vec::with_capacity(raw.tools.len());
    for tool in &raw.tools {
        if !seen.insert(tool.name.as_str()) {
            return Err(invalid(&tool.name, "name", "declared twice".to_owned()));
        }
        specs.push(check(tool, &names, &env)?);
    }
    if specs.is_empty() {
        return Err(SpecError::Syntax { path: origin.to_owned(), at: "tools".into(), reason: "no tools".into() });
    }
    Ok(specs)
}

fn invalid(tool: &str, field: &'static str, reason: String) -> SpecError {
    SpecError::Invalid { tool: tool.to_owned(), field, reason }
}

fn check(tool: &RawTool, names: &BTreeSet<&str>, env: &impl Fn(&str) -> Option<String>) -> Result<ToolSpec, SpecError> {
    let name = tool.name.as_str();
    ToolName::parse(name).map_err(|e| invalid(name, "name", e.to_string()))?;
    let kind = match tool.kind {
        RawKind::Builtin => {
            if !super::demo::NAMES.contains(&name) {
                let known = super::demo::NAMES.join(", ");
                return Err(invalid(name, "kind", format!("no built-in tool has this name (built-in: {known})")));
            }
            for (field, set) in [("url", tool.url.is_some()), ("auth", tool.auth.is_some())] {
                if set {
                    return Err(invalid(name, field, "only http tools have one".to_owned()));
                }
            }
            Kind::Builtin
        }
        RawKind::Custom => {
            for (field, set) in [("url", tool.url.is_some()), ("auth", tool.auth.is_some())] {
                if set {
                    return Err(invalid(name, field, "only http tools have one".to_owned()));
                }
            }
            Kind::Custom
        }
        RawKind::Http => {
            let url = tool.url.as_deref().ok_or_else(|| invalid(name, "url", "http tools need one".to_owned()))?;
            let parsed = reqwest::Url::parse(url).map_err(|e| invalid(name, "url", format!("{url}: {e}")))?;
            if !matches!(parsed.scheme(), "http" | "https") {
                return Err(invalid(name, "url", format!("{url}: only http and https")));
            }
            if let Some(auth) = &tool.auth
                && env(&auth.env).is_none_or(|v| v.is_empty())
            {
                return Err(invalid(name, "auth.env", format!("the variable {} is not set", auth.env)));
            }
            Kind::Http { url: url.to_owned(), auth: tool.auth.clone() }
        }
    };
    let parameters = match (&tool.parameters, &kind) {
        (Some(schema), _) => {
            if !schema.is_object() || schema.get("type").is_some_and(|t| t != "object") {
                return Err(invalid(name, "parameters", "must be a JSON Schema of an object".to_owned()));
            }
            if let Some(error) = super::schema::ParameterSchema::compile(schema).error() {
                return Err(invalid(name, "parameters", format!("not a usable JSON Schema: {error}")));
            }
            schema.clone()
        }
        (None, Kind::Builtin) => super::demo::parameters(name),
        (None, Kind::Http { .. } | Kind::Custom) => serde_json::json!({ "type": "object" }),
    };
    if let Some(undo) = &tool.compensation
        && !names.contains(undo.as_str())
    {
        return Err(invalid(name, "compensation", format!("no tool named `{undo}` in the catalog")));
    }
    let limits = Limits::default();
    if let Some(ms) = tool.timeout_ms
        && (ms == 0 || ms > limits.max_duration_ms)
    {
        return Err(invalid(name, "timeout_ms", format!("{ms}: must be 1..={}", limits.max_duration_ms)));
    }
    if let Some(retry) = &tool.retry {
        let fits = (1..=limits.max_attempts).contains(&retry.max_attempts)
            && retry.multiplier.is_finite()
            && retry.multiplier >= 1.0
            && retry.initial_backoff_ms <= limits.max_duration_ms
            && retry.max_backoff_ms <= limits.max_duration_ms;
        if !fits {
            let reason = format!(
                "max_attempts must be 1..={}, multiplier ≥ 1, backoffs ≤ {} ms",
                limits.max_attempts, limits.max_duration_ms
            );
            return Err(invalid(name, "retry", reason));
        }
    }
    let intent = match (&tool.intent, &kind) {
        (Some(intent), _) => Some(intent.clone()),
        (None, Kind::Builtin) => super::demo::intent(name).map(str::to_owned),
        (None, Kind::Http { .. } | Kind::Custom) => None,
    };
    if let Some(intent) = &intent {
        intent.parse::<crate::planner::intent::Intent>().map_err(|e| invalid(name, "intent", e))?;
    }
    let description = match (&kind, tool.description.is_empty()) {
        (Kind::Builtin, true) => super::demo::description(name).to_owned(),
        _ => tool.description.clone(),
    };
    Ok(ToolSpec {
        name: name.to_owned(),
        description,
        kind,
        parameters,
        compensation: tool.compensation.clone(),
        timeout_ms: tool.timeout_ms,
        retry: tool.retry,
        intent,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Result<Vec<ToolSpec>, SpecError> {
        parse("tools.yaml", text, false, |n| (n == "TOKEN").then(|| "s3cret".to_owned()))
    }

    #[test]
    fn a_catalog_of_http_and_builtin_tools_is_read() {
        let specs = yaml(
            "tools:
  - name: book_room
    description: Books a room.
    kind: http
    url: http://127.0.0.1:9/book
    auth: { env: TOKEN }
    parameters: { type: object, required: [city] }
    compensation: cancel_room
    timeout_ms: 2000
    retry: { max_attempts: 2, initial_backoff_ms: 100, multiplier: 2.0, max_backoff_ms: 1000 }
  - name: cancel_room
    kind: http
    url: https://rooms.example/cancel
  - name: send_email
    kind: builtin
",
        )
        .unwrap();
        assert_eq!(specs.len(), 3);
        assert_eq!(specs[0].compensation.as_deref(), Some("cancel_room"));
        assert_eq!(specs[0].timeout_ms, Some(2000));
        let Kind::Http { auth: Some(auth), .. } = &specs[0].kind else { panic!("{:?}", specs[0].kind) };
        assert_eq!(
            (auth.env.as_str(), auth.header.as_str(), auth.scheme.as_str()),
            ("TOKEN", "Authorization", "Bearer")
        );
        assert_eq!(specs[1].parameters, serde_json::json!({"type": "object"}));
        assert_eq!(specs[2].parameters, crate::tools::demo::parameters("send_email"), "built-ins keep their schema");
        assert!(!specs[2].description.is_empty());
    }

    #[test]
    fn json_files_are_read_as_json() {
        let specs = parse("t.json", r#"{"tools": [{"name": "send_email", "kind": "builtin"}]}"#, true, |_| None);
        assert_eq!(specs.unwrap()[0].name, "send_email");
    }

    #[test]
    fn errors_name_the_tool_and_the_field() {
        let cases = [
            ("tools:\n  - name: a\n    kind: http\n", "tool `a`, field `url`: http tools need one"),
            (
                "tools:\n  - name: a\n    kind: http\n    url: ftp://x/\n",
                "tool `a`, field `url`: ftp://x/: only http and https",
            ),
            (
                "tools:\n  - name: a\n    kind: http\n    url: http://x/\n    auth: { env: MISSING }\n",
                "tool `a`, field `auth.env`: the variable MISSING is not set",
            ),
            (
                "tools:\n  - name: a\n    kind: http\n    url: http://x/\n    compensation: b\n",
                "tool `a`, field `compensation`: no tool named `b` in the catalog",
            ),
            ("tools:\n  - name: teleport\n    kind: builtin\n", "tool `teleport`, field `kind`: no built-in tool"),
            ("tools:\n  - name: a\n    kind: http\n    url: http://x/\n    timeout_ms: 0\n", "field `timeout_ms`: 0"),
            (
                "tools:\n  - name: send_email\n    kind: builtin\n  - name: send_email\n    kind: builtin\n",
                "declared twice",
            ),
            (
                "tools:\n  - name: a\n    kind: http\n    url: http://x/\n    parameters: { type: string }\n",
                "field `parameters`: must be a JSON Schema of an object",
            ),
            (
                "tools:\n  - name: a\n    kind: http\n    url: http://x/\n    intent: teleport:flight\n",
                "unknown action",
            ),
            (
                "tools:\n  - name: a\n    kind: http\n    url: http://x/\n    parameters: { type: object, properties: { n: { type: float } } }\n",
                "tool `a`, field `parameters`: not a usable JSON Schema",
            ),
        ];
        for (text, expected) in cases {
            let error = yaml(text).unwrap_err().to_string();
            assert!(error.contains(expected), "{text}\n→ {error}");
        }
    }

    #[test]
    fn syntax_errors_say_where() {
        let error = yaml("tools:\n  - name: a\n    kind: http\n    url: http://x/\n    timeout: 5\n").unwrap_err();
        let text = error.to_string();
        assert!(text.starts_with("tools.yaml: tools[0].timeout: "), "{text}");
        assert!(text.contains("unknown field `timeout`") && text.contains("line 5"), "{text}");
        let error = yaml("tools:\n  - name: a\n    kind: carrier-pigeon\n").unwrap_err();
        assert!(error.to_string().contains("tools[0].kind: unknown variant `carrier-pigeon`"), "{error}");
    }

    #[test]
    fn secrets_never_reach_the_spec() {
        let specs =
            yaml("tools:\n  - name: a\n    kind: http\n    url: http://x/\n    auth: { env: TOKEN }\n").unwrap();
        assert!(!serde_json::to_string(&specs).unwrap().contains("s3cret"));
        assert!(!format!("{specs:?}").contains("s3cret"));
    }
}
