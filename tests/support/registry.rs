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
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

#[derive(Default)]
struct State {
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
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = shared.clone();
                std::thread::spawn(move || {
                    let _ = serve(stream, &state);
                });
            }
        });
        Self { url, state }
    }

    /// `METHOD path` of every request so far.
    pub fn requests(&self) -> Vec<String> {
        self.state.lock().unwrap().requests.clone()
    }

    /// The subjects registered so far.
    pub fn subjects(&self) -> Vec<String> {
        self.state.lock().unwrap().subjects.keys().cloned().collect()
    }
}

fn serve(stream: TcpStream, state: &Mutex<State>) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let mut parts = line.split_whitespace();
        let (method, path) = (parts.next().unwrap_or("").to_owned(), parts.next().unwrap_or("").to_owned());
        let mut length = 0usize;
        let mut close = false;
        loop {
            let mut header = String::new();
            reader.read_line(&mut header)?;
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            let lower = header.to_ascii_lowercase();
            if let Some(v) = lower.strip_prefix("content-length:") {
                length = v.trim().parse().unwrap_or(0);
            }
            if lower.starts_with("connection:") && lower.contains("close") {
                close = true;
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        let (status, reply) = route(&method, &path, &body, state);
        let reason = if status == 200 { "OK" } else { "Not Found" };
        let mut out = stream.try_clone()?;
        write!(
            out,
            "HTTP/1.1 {status} {reason}\r\nContent-Type: application/vnd.schemaregistry.v1+json\r\nContent-Length: {}\r\n\r\n{reply}",
            reply.len()
        )?;
        out.flush()?;
        if close {
            return Ok(());
        }
    }
}

fn route(method: &str, path: &str, body: &[u8], state: &Mutex<State>) -> (u16, String) {
    let mut s = state.lock().unwrap();
    s.requests.push(format!("{method} {path}"));
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
