//! A Confluent-compatible schema registry **test double**: no real registry server can be
//! installed on these machines (see the README), so this speaks the real REST protocol that
//! `schema_registry_converter` uses, over real HTTP/1.1 on loopback:
//!
//! - `POST /subjects/{subject}/versions` → `{"id": N}` (same schema text, same id)
//! - `POST /subjects/{subject}` (lookup) → `{"subject", "version", "id", "schema"}` or 404
//! - `GET /schemas/ids/{id}` → `{"schema": "…"}`
//! - `GET /subjects/{subject}/versions/latest` → `{"subject", "version", "id", "schema"}`
//!
//! Every request is logged so tests can check which endpoints were used.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use super::http::{Response, serve};

#[derive(Default)]
struct State {
    /// While set, every request is answered 503 (an outage).
    down: bool,
    refused: usize,
    schemas: Vec<String>,
    subjects: BTreeMap<String, Vec<u32>>,
    requests: Vec<String>,
}

/// The running double.
pub struct Registry {
    pub url: String,
    state: Arc<Mutex<State>>,
}

impl Registry {
    pub fn start() -> Self {
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        let url = serve(move |request| {
            let (status, body) = route(&request.method, &request.path, &request.body, &shared);
            Response { status, content_type: "application/vnd.schemaregistry.v1+json", headers: Vec::new(), body }
        });
        Self { url, state }
    }

    /// `METHOD path` of every request so far.
    pub fn requests(&self) -> Vec<String> {
        self.state.lock().unwrap().requests.clone()
    }

    /// Starts (`true`) or ends an outage: every request answered 503 meanwhile.
    pub fn set_down(&self, down: bool) {
        self.state.lock().unwrap().down = down;
    }

    /// Requests answered 503 during outages.
    pub fn refused(&self) -> usize {
        self.state.lock().unwrap().refused
    }

    /// The subjects registered so far.
    pub fn subjects(&self) -> Vec<String> {
        self.state.lock().unwrap().subjects.keys().cloned().collect()
    }
}

fn route(method: &str, path: &str, body: &[u8], state: &Mutex<State>) -> (u16, String) {
    let mut s = state.lock().unwrap();
    s.requests.push(format!("{method} {path}"));
    if s.down {
        s.refused += 1;
        return (503, r#"{"error_code": 50301, "message": "unavailable"}"#.to_owned());
    }
    let path = path.split('?').next().unwrap_or_default();
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let schema_of = |body: &[u8]| -> String {
        serde_json::from_slice::<serde_json::Value>(body)
            .ok()
            .and_then(|v| v["schema"].as_str().map(str::to_owned))
            .unwrap_or_default()
    };
    let not_found = (404, r#"{"error_code":40403,"message":"Schema not found"}"#.to_owned());
    match (method, segments.as_slice()) {
        ("POST", ["subjects", subject, "versions"]) => {
            let schema = schema_of(body);
            let id = match s.schemas.iter().position(|x| *x == schema) {
                Some(i) => i as u32 + 1,
                None => {
                    s.schemas.push(schema);
                    s.schemas.len() as u32
                }
            };
            let versions = s.subjects.entry(subject.to_string()).or_default();
            if !versions.contains(&id) {
                versions.push(id);
            }
            (200, serde_json::json!({ "id": id }).to_string())
        }
        ("POST", ["subjects", subject]) => {
            let schema = schema_of(body);
            let Some(versions) = s.subjects.get(*subject) else { return not_found };
            match versions.iter().position(|id| s.schemas[*id as usize - 1] == schema) {
                Some(v) => {
                    let id = versions[v];
                    (
                        200,
                        serde_json::json!({"subject": subject, "version": v + 1, "id": id, "schema": schema})
                            .to_string(),
                    )
                }
                None => not_found,
            }
        }
        ("GET", ["schemas", "ids", id]) => {
            match id.parse::<usize>().ok().and_then(|i| s.schemas.get(i.wrapping_sub(1))) {
                Some(schema) => (200, serde_json::json!({ "schema": schema }).to_string()),
                None => not_found,
            }
        }
        ("GET", ["subjects", subject, "versions", "latest"]) => match s.subjects.get(*subject).and_then(|v| v.last()) {
            Some(&id) => {
                let version = s.subjects[*subject].len();
                let schema = s.schemas[id as usize - 1].clone();
                (
                    200,
                    serde_json::json!({"subject": subject, "version": version, "id": id, "schema": schema}).to_string(),
                )
            }
            None => not_found,
        },
        _ => not_found,
    }
}
