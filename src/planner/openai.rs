//! A client for OpenAI-compatible HTTP APIs: chat completions and embeddings. OpenAI, Azure
//! OpenAI, a LiteLLM proxy, Ollama and vLLM all speak this protocol; they differ only in the
//! base URL (`…/v1`, or an Azure deployment path with `?api-version=`) and the key.

use std::time::Duration;

use futures::future::BoxFuture;
use serde_json::{Value, json};

use super::embed::{EmbedError, Embedder, normalise};

/// Why a call failed.
#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    #[error("no answer within {0:?}")]
    Timeout(Duration),
    #[error("rate limited (HTTP 429){}", .retry_after.map(|d| format!("; retry after {d:?}")).unwrap_or_default())]
    RateLimited { retry_after: Option<Duration> },
    #[error("HTTP {status}: {body}")]
    Status { status: u16, body: String },
    #[error("cannot reach {url}: {reason}")]
    Unreachable { url: String, reason: String },
    #[error("unexpected answer: {0}")]
    Protocol(String),
}

/// Token counts of one or more calls.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
}

/// One chat completion.
#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    pub content: String,
    pub usage: Usage,
}

/// Connection settings of one endpoint.
#[derive(Debug, Clone)]
pub struct Endpoint {
    /// e.g. `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1`.
    pub base_url: String,
    pub api_key: Option<crate::secret::Secret>,
    pub model: String,
    pub timeout: Duration,
    /// Most calls in flight at once to this provider.
    pub concurrency: usize,
}

/// The longest a `Retry-After` is honoured: a provider (or a proxy) that asks for more is
/// asked again after this, rather than stalling planning for hours (or overflowing a clock).
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// What every clone of one client shares: the provider's concurrency limit and, after a 429,
/// the moment before which no call to that provider starts.
#[derive(Debug)]
struct Gate {
    permits: tokio::sync::Semaphore,
    paused_until: std::sync::Mutex<Option<tokio::time::Instant>>,
}

impl Gate {
    /// Waits out a pause and takes a permit.
    async fn enter(&self) -> Option<tokio::sync::SemaphorePermit<'_>> {
        loop {
            let until = self.paused_until.lock().ok().and_then(|p| *p);
            match until {
                Some(until) if until > tokio::time::Instant::now() => tokio::time::sleep_until(until).await,
                _ => break,
            }
        }
        self.permits.acquire().await.ok()
    }

    /// Holds every call back for `wait` (a 429 is about the provider, not one call).
    fn pause(&self, wait: Duration) {
        let until = tokio::time::Instant::now() + wait;
        if let Ok(mut paused) = self.paused_until.lock() {
            *paused = Some(paused.map_or(until, |p| p.max(until)));
        }
    }
}

/// Parses a `Retry-After` in seconds, clamped to [`MAX_RETRY_AFTER`]; `None` if unusable.
pub fn retry_after(value: &str) -> Option<Duration> {
    let seconds: f64 = value.trim().parse().ok()?;
    (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds.min(MAX_RETRY_AFTER.as_secs_f64())))
}

/// The client. Cheap to clone; clones share the provider's [`Gate`].
#[derive(Debug, Clone)]
pub struct OpenAi {
    http: reqwest::Client,
    endpoint: Endpoint,
    gate: std::sync::Arc<Gate>,
}

impl OpenAi {
    /// A client of `endpoint`.
    ///
    /// # Errors
    /// [`ProviderError::Unreachable`] when the HTTP client cannot be built (TLS setup).
    pub fn new(endpoint: Endpoint) -> Result<Self, ProviderError> {
        let http =
            reqwest::Client::builder().timeout(endpoint.timeout).build().map_err(|e| ProviderError::Unreachable {
                url: crate::secret::redact_url(&endpoint.base_url).into_owned(),
                reason: e.without_url().to_string(),
            })?;
        let gate = Gate {
            permits: tokio::sync::Semaphore::new(endpoint.concurrency.max(1)),
            paused_until: Default::default(),
        };
        Ok(Self { http, endpoint, gate: std::sync::Arc::new(gate) })
    }

    /// The model it asks.
    pub fn model(&self) -> &str {
        &self.endpoint.model
    }

    /// `base/path`, keeping a query string (Azure's `api-version`) at the end.
    fn url(&self, path: &str) -> String {
        let base = self.endpoint.base_url.trim_end_matches('/');
        match base.split_once('?') {
            Some((base, query)) => format!("{}/{path}?{query}", base.trim_end_matches('/')),
            None => format!("{base}/{path}"),
        }
    }

    async fn post(&self, path: &str, body: &Value) -> Result<Value, ProviderError> {
        let url = self.url(path);
        let mut request = self.http.post(&url).header("content-type", "application/json").body(body.to_string());
        if let Some(key) = &self.endpoint.api_key {
            // OpenAI and most proxies read the bearer token; Azure reads `api-key`.
            request = request.bearer_auth(key.expose()).header("api-key", key.expose());
        }
        let _permit = self.gate.enter().await;
        let response = request.send().await.map_err(|e| {
            if e.is_timeout() {
                ProviderError::Timeout(self.endpoint.timeout)
            } else {
                // The URL may carry a key (`?api-key=`): never in an error.
                let url = crate::secret::redact_url(&url).into_owned();
                ProviderError::Unreachable { url, reason: e.without_url().to_string() }
            }
        })?;
        let status = response.status().as_u16();
        let retry_after = response.headers().get("retry-after").and_then(|v| retry_after(v.to_str().ok()?));
        let text = response.text().await.map_err(|e| {
            if e.is_timeout() {
                ProviderError::Timeout(self.endpoint.timeout)
            } else {
                ProviderError::Protocol(e.without_url().to_string())
            }
        })?;
        match status {
            200..=299 => serde_json::from_str(&text)
                .map_err(|e| ProviderError::Protocol(format!("not JSON ({e}): {}", clip(&text)))),
            429 => {
                self.gate.pause(retry_after.unwrap_or(Duration::from_secs(1)));
                Err(ProviderError::RateLimited { retry_after })
            }
            _ => Err(ProviderError::Status { status, body: clip(&text) }),
        }
    }

    /// Asks for one chat completion; with `schema`, under a JSON Schema (structured output).
    ///
    /// # Errors
    /// [`ProviderError`] on transport, status or shape problems.
    pub async fn chat(&self, messages: &[Value], schema: Option<&Value>) -> Result<Completion, ProviderError> {
        let mut body = json!({"model": self.endpoint.model, "messages": messages, "temperature": 0});
        if let Some(schema) = schema {
            body["response_format"] =
                json!({"type": "json_schema", "json_schema": {"name": "plan", "strict": false, "schema": schema}});
        }
        let answer = self.post("chat/completions", &body).await?;
        let content = answer["choices"][0]["message"]["content"]
            .as_str()
            .ok_or_else(|| {
                ProviderError::Protocol(format!("no choices[0].message.content in {}", clip(&answer.to_string())))
            })?
            .to_owned();
        let tokens = |name: &str| answer["usage"][name].as_u64().unwrap_or(0);
        Ok(Completion {
            content,
            usage: Usage { prompt_tokens: tokens("prompt_tokens"), completion_tokens: tokens("completion_tokens") },
        })
    }

    /// Embeds `texts` (one request).
    ///
    /// # Errors
    /// [`ProviderError`] on transport, status or shape problems.
    pub async fn embeddings(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, ProviderError> {
        let answer = self.post("embeddings", &json!({"model": self.endpoint.model, "input": texts})).await?;
        let data = answer["data"].as_array().ok_or_else(|| ProviderError::Protocol("no `data` array".into()))?;
        let mut vectors: Vec<(u64, Vec<f32>)> = Vec::with_capacity(data.len());
        for (i, item) in data.iter().enumerate() {
            let vector = item["embedding"]
                .as_array()
                .ok_or_else(|| ProviderError::Protocol(format!("data[{i}] has no `embedding` array")))?
                .iter()
                .map(|x| x.as_f64().map(|x| x as f32))
                .collect::<Option<Vec<f32>>>()
                .ok_or_else(|| ProviderError::Protocol(format!("data[{i}].embedding holds a non-number")))?;
            vectors.push((item["index"].as_u64().unwrap_or(i as u64), vector));
        }
        if vectors.len() != texts.len() {
            return Err(ProviderError::Protocol(format!("{} embeddings for {} texts", vectors.len(), texts.len())));
        }
        vectors.sort_by_key(|(i, _)| *i);
        Ok(vectors.into_iter().map(|(_, v)| v).collect())
    }
}

fn clip(text: &str) -> String {
    crate::text::clip(text, 300).into_owned()
}

/// An embedder backed by an OpenAI-compatible `/embeddings` endpoint.
#[derive(Debug, Clone)]
pub struct ApiEmbedder {
    client: OpenAi,
    dimensions: usize,
}

impl ApiEmbedder {
    /// Connects and learns the model's dimension from one probe call.
    ///
    /// # Errors
    /// [`ProviderError`] when the endpoint does not answer the probe.
    pub async fn connect(client: OpenAi) -> Result<Self, ProviderError> {
        let probe = client.embeddings(&["dimension probe".to_owned()]).await?;
        let dimensions = probe.first().map_or(0, Vec::len);
        if dimensions == 0 {
            return Err(ProviderError::Protocol("the probe embedding is empty".into()));
        }
        Ok(Self { client, dimensions })
    }
}

impl Embedder for ApiEmbedder {
    fn id(&self) -> String {
        let model: String =
            self.client.model().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
        format!("api_{model}_{}", self.dimensions)
    }

    fn dimensions(&self) -> usize {
        self.dimensions
    }

    fn embed<'a>(&'a self, texts: &'a [String]) -> BoxFuture<'a, Result<Vec<Vec<f32>>, EmbedError>> {
        Box::pin(async move {
            let vectors = self.client.embeddings(texts).await.map_err(|e| EmbedError::Http(e.to_string()))?;
            if let Some(bad) = vectors.iter().find(|v| v.len() != self.dimensions) {
                return Err(EmbedError::Protocol(format!(
                    "a vector of {} dimensions; expected {}",
                    bad.len(),
                    self.dimensions
                )));
            }
            Ok(vectors.into_iter().map(normalise).collect())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_clamped_and_never_panics() {
        assert_eq!(retry_after("2"), Some(Duration::from_secs(2)));
        assert_eq!(retry_after(" 0.5 "), Some(Duration::from_millis(500)));
        assert_eq!(retry_after("1e20"), Some(MAX_RETRY_AFTER));
        assert_eq!(retry_after("inf"), None);
        assert_eq!(retry_after("-1"), None);
        assert_eq!(retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }
}
