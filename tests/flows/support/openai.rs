//! An OpenAI-compatible API **test double**: no LLM provider is reachable from these machines
//! (see the README), so this speaks the real protocol over real HTTP/1.1 on loopback:
//!
//! - `POST /v1/chat/completions` answers the next scripted reply: a message whose `content`
//!   is given (a plan, malformed JSON, an invalid plan…) with a `usage` block, or an HTTP error
//!   such as 429 with `Retry-After`. An exhausted script answers 500.
//! - `POST /v1/embeddings` answers deterministic bag-of-words vectors (64 dimensions), so
//!   equal texts embed equally and texts sharing words are close.
//!
//! A bearer key, when set, is required (401 otherwise). Every request body is kept so tests
//! can check what the client sent (e.g. that validation errors were fed back).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

use super::http::{Request, Response, serve};

/// One scripted answer of the chat endpoint.
#[derive(Debug, Clone)]
pub enum Reply {
    /// 200 with this message content.
    Content(String),
    /// This status, with a `Retry-After` header (seconds) if given.
    Status(u16, Option<f64>),
}

#[derive(Default)]
struct State {
    script: VecDeque<Reply>,
    chats: Vec<Value>,
    embeddings: usize,
}

/// The running double.
pub struct FakeOpenAi {
    /// Base URL as clients configure it (`http://127.0.0.1:port/v1`).
    pub base_url: String,
    state: Arc<Mutex<State>>,
}

const DIMENSIONS: usize = 64;

fn embedding(text: &str) -> Vec<f64> {
    let mut v = vec![0.0; DIMENSIONS];
    for word in text.to_lowercase().split(|c: char| !c.is_alphanumeric() && c != '{' && c != '}') {
        if word.is_empty() {
            continue;
        }
        let h = word.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
        v[(h % DIMENSIONS as u64) as usize] += 1.0;
    }
    v
}

fn handle(request: &Request, state: &Mutex<State>, key: Option<&str>) -> Response {
    if let Some(key) = key
        && request.header("authorization") != Some(&format!("Bearer {key}"))
    {
        return Response::json(
            401,
            json!({"error": {"message": "Incorrect API key provided", "type": "invalid_request_error"}}),
        );
    }
    let body = request.json();
    let mut s = state.lock().unwrap();
    match (request.method.as_str(), request.path.as_str()) {
        ("POST", "/v1/chat/completions") => {
            s.chats.push(body.clone());
            match s.script.pop_front() {
                Some(Reply::Content(content)) => {
                    let prompt_tokens = body["messages"].to_string().len() / 4;
                    let completion_tokens = content.len() / 4;
                    Response::json(
                        200,
                        json!({
                            "id": format!("chatcmpl-{}", s.chats.len()),
                            "object": "chat.completion",
                            "created": 1_764_064_800,
                            "model": body["model"],
                            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
                            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                                      "total_tokens": prompt_tokens + completion_tokens}
                        }),
                    )
                }
                Some(Reply::Status(status, retry_after)) => {
                    let mut response = Response::json(
                        status,
                        json!({"error": {"message": "scripted error", "type": "rate_limit_exceeded"}}),
                    );
                    if let Some(seconds) = retry_after {
                        response.headers.push(("Retry-After".into(), seconds.to_string()));
                    }
                    response
                }
                None => Response::json(500, json!({"error": {"message": "script exhausted"}})),
            }
        }
        ("POST", "/v1/embeddings") => {
            s.embeddings += 1;
            let inputs: Vec<String> = match &body["input"] {
                Value::String(t) => vec![t.clone()],
                Value::Array(items) => items.iter().map(|i| i.as_str().unwrap_or_default().to_owned()).collect(),
                _ => Vec::new(),
            };
            let data: Vec<Value> = inputs
                .iter()
                .enumerate()
                .map(|(i, t)| json!({"object": "embedding", "index": i, "embedding": embedding(t)}))
                .collect();
            Response::json(
                200,
                json!({"object": "list", "data": data, "model": body["model"], "usage": {"prompt_tokens": 1, "total_tokens": 1}}),
            )
        }
        _ => Response::json(404, json!({"error": {"message": "not found"}})),
    }
}

impl FakeOpenAi {
    /// A double requiring `key` (if any) that answers chats from `script`.
    pub fn start(key: Option<&str>, script: Vec<Reply>) -> Self {
        let state = Arc::new(Mutex::new(State { script: script.into(), ..State::default() }));
        let shared = state.clone();
        let key = key.map(str::to_owned);
        let url = serve(move |request| handle(request, &shared, key.as_deref()));
        Self { base_url: format!("{url}/v1"), state }
    }

    /// Appends replies to the script.
    pub fn push(&self, replies: impl IntoIterator<Item = Reply>) {
        self.state.lock().unwrap().script.extend(replies);
    }

    /// Bodies of the chat requests received so far.
    pub fn chats(&self) -> Vec<Value> {
        self.state.lock().unwrap().chats.clone()
    }

    /// Number of embedding requests received so far.
    pub fn embedding_requests(&self) -> usize {
        self.state.lock().unwrap().embeddings
    }
}
