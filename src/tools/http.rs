//! The `http` tool kind: a step is a POST of JSON to the user's service.
//!
//! Request body: `{commandId, workflowId, tenantId, stepId, attempt, input, context}`, plus
//! `output` (what the step returned) when the call undoes a step. Headers: `Idempotency-Key`
//! (the same for every attempt of one step, see [`ToolCall::key_for`]), `Apex-Attempt`,
//! `traceparent`, and the credential named by the catalog (`auth.env`).
//!
//! Answers: 2xx → the body is the step's output (JSON; empty → `null`); 408, 425 and 429 →
//! retryable; any other 4xx → a permanent failure carrying the body's message; 5xx, a
//! timeout or a connection error → retryable.

use std::time::Duration;

use serde_json::{Value, json};

use super::spec::{Kind, SpecError};
use super::{Tool, ToolCall, ToolError, ToolSpec};

/// Longest error message kept from a response body.
const MAX_MESSAGE: usize = 500;

/// A credential header; its value never prints.
#[derive(Clone)]
struct Credential {
    header: reqwest::header::HeaderName,
    value: reqwest::header::HeaderValue,
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: [redacted]", self.header)
    }
}

/// One HTTP tool of the catalog.
#[derive(Debug, Clone)]
pub struct HttpTool {
    name: String,
    url: reqwest::Url,
    parameters: Value,
    credential: Option<Credential>,
    client: reqwest::Client,
}

impl HttpTool {
    /// The tool `spec` describes (it must be of the `http` kind), calling through `client`
    /// (shared: one connection pool for all tools). `env` reads the credential's variable.
    ///
    /// # Errors
    /// [`SpecError::Invalid`] when the spec is not an HTTP tool or its credential is unusable.
    pub fn new(
        spec: &ToolSpec,
        client: reqwest::Client,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, SpecError> {
        let invalid = |field, reason: String| SpecError::Invalid { tool: spec.name.clone(), field, reason };
        let Kind::Http { url, auth } = &spec.kind else { return Err(invalid("kind", "not an http tool".into())) };
        let url = reqwest::Url::parse(url).map_err(|e| invalid("url", e.to_string()))?;
        let credential = match auth {
            Some(auth) => {
                let secret = env(&auth.env).ok_or_else(|| invalid("auth.env", format!("{} is not set", auth.env)))?;
                let text = if auth.scheme.is_empty() { secret } else { format!("{} {secret}", auth.scheme) };
                let mut value = reqwest::header::HeaderValue::from_str(&text)
                    .map_err(|_| invalid("auth.env", format!("{} is not a valid header value", auth.env)))?;
                value.set_sensitive(true);
                let header = reqwest::header::HeaderName::from_bytes(auth.header.as_bytes())
                    .map_err(|e| invalid("auth.header", e.to_string()))?;
                Some(Credential { header, value })
            }
            None => None,
        };
        Ok(Self { name: spec.name.clone(), url, parameters: spec.parameters.clone(), credential, client })
    }

    async fn post(&self, call: &ToolCall<'_>, output: Option<&Value>) -> Result<Value, ToolError> {
        let mut body = json!({
            "commandId": call.command_id,
            "workflowId": call.workflow_id,
            "tenantId": call.tenant_id,
            "stepId": call.step_id,
            "attempt": call.attempt,
            "input": call.input,
            "context": call.context,
        });
        if let Some(output) = output {
            body["output"] = output.clone();
        }
        let mut request = self
            .client
            .post(self.url.clone())
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header("Idempotency-Key", call.idempotency_key.to_string())
            .header("Apex-Attempt", call.attempt.to_string())
            .body(body.to_string());
        if !call.traceparent.is_empty() {
            request = request.header("traceparent", call.traceparent);
        }
        if let Some(credential) = &self.credential {
            request = request.header(credential.header.clone(), credential.value.clone());
        }
        let response = request.send().await.map_err(|e| self.transport(&e))?;
        let status = response.status().as_u16();
        let text = response.text().await.map_err(|e| self.transport(&e))?;
        match status {
            200..=299 if text.trim().is_empty() => Ok(Value::Null),
            200..=299 => serde_json::from_str(&text).map_err(|e| {
                ToolError::permanent(format!("{}: HTTP {status} with a body that is not JSON: {e}", self.name))
            }),
            _ => {
                let failure = format!("{}: HTTP {status}: {}", self.name, message(&text));
                let error = match status {
                    400..=499 if !matches!(status, 408 | 425 | 429) => ToolError::permanent(failure),
                    _ => ToolError::retryable(failure),
                };
                // An LLM-backed tool that failed may still have spent tokens: they count.
                Err(match serde_json::from_str::<Value>(&text) {
                    Ok(body) => error.spent(&body),
                    Err(_) => error,
                })
            }
        }
    }

    fn transport(&self, error: &reqwest::Error) -> ToolError {
        let what = if error.is_timeout() { "timed out" } else { "unreachable" };
        // reqwest's message names the URL, which may carry a credential in its query.
        let mut text = error.to_string();
        if let Some(url) = error.url() {
            text = text.replace(url.as_str(), &crate::secret::redact_url(url.as_str()));
        }
        let error = text;
        ToolError::retryable(format!("{}: {what}: {error}", self.name))
    }
}

/// The error message in a response body: `message`, `error` or `error.message` of a JSON
/// body, else the text itself; clipped.
fn message(text: &str) -> String {
    let parsed: Option<Value> = serde_json::from_str(text).ok();
    let found = parsed.as_ref().and_then(|v| {
        v.get("message").or_else(|| v.get("error").and_then(|e| e.get("message").or(Some(e)))).and_then(Value::as_str)
    });
    crate::text::clip(found.unwrap_or(text).trim(), MAX_MESSAGE).into_owned()
}

#[async_trait::async_trait]
impl Tool for HttpTool {
    fn name(&self) -> &str {
        &self.name
    }

    fn parameters(&self) -> Value {
        self.parameters.clone()
    }

    async fn execute(&self, call: &ToolCall<'_>) -> Result<Value, ToolError> {
        self.post(call, None).await
    }

    async fn compensate(&self, call: &ToolCall<'_>, output: &Value) -> Option<Result<Value, ToolError>> {
        Some(self.post(call, Some(output)).await)
    }
}

/// The HTTP client tools share: pooled keep-alive connections, no overall timeout (each
/// call is bounded by its step's timeout instead).
///
/// # Errors
/// When the TLS backend cannot be initialised.
pub fn client() -> Result<reqwest::Client, reqwest::Error> {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(5))
        .pool_max_idle_per_host(1024)
        .tcp_nodelay(true)
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_come_from_json_bodies_or_the_text_clipped() {
        assert_eq!(message(r#"{"message": "no such city"}"#), "no such city");
        assert_eq!(message(r#"{"error": "sold out"}"#), "sold out");
        assert_eq!(message(r#"{"error": {"message": "bad date"}}"#), "bad date");
        assert_eq!(message(" plain text "), "plain text");
        let long = "é".repeat(2 * MAX_MESSAGE);
        assert_eq!(message(&long).chars().count(), MAX_MESSAGE + 1, "clipped on a character boundary");
    }

    #[test]
    fn credentials_never_print() {
        let spec = ToolSpec {
            kind: Kind::Http {
                url: "http://127.0.0.1:9/x".into(),
                auth: Some(super::super::spec::Auth {
                    env: "T".into(),
                    header: "Authorization".into(),
                    scheme: "Bearer".into(),
                }),
            },
            ..ToolSpec::plain("x", json!({"type": "object"}))
        };
        let tool = HttpTool::new(&spec, reqwest::Client::new(), |_| Some("s3cret".into())).unwrap();
        assert!(!format!("{tool:?}").contains("s3cret"));
    }
}
