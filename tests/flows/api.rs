//! `apex api` end to end on the real stack: the processor, a scripted executor, the projector
//! and the API run as real processes over the real broker and a PostgreSQL database of the
//! test's own. Goals go in through `POST /workflows` exactly as the TypeScript client sends
//! them; reads, tenant isolation, signals, cancellation, health, readiness, metrics, the
//! OpenAPI document and the timeline UI (in headless Chromium) are checked.

use crate::support;

use std::time::{Duration, Instant};

use apex::core::command::Command;
use reqwest::StatusCode;
use serde_json::{Value, json};
use support::kafka::*;

const ACME: &str = "acme-token-0123456789";
const GLOBEX: &str = "globex-token-0123456789";

/// The stack of processes one test needs, torn down on drop.
struct Stack {
    base: String,
    /// The environment `apex` needs to act as an operator on this stack.
    cli: Vec<(String, String)>,
    _processes: Vec<RoleProcess>,
    _executor: TestExecutor,
}

async fn stack() -> Stack {
    stack_with(&[]).await
}

/// The stack with `settings` added to the roles' environment.
async fn stack_with(settings: &[(&str, &str)]) -> Stack {
    let url = support::postgres::fresh("apex_api").await.url;
    let config = test_config(&[]);
    apex::kafka::topics::create(&config).await.expect("topics");
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let addr = format!("127.0.0.1:{port}");
    let tokens = json!({ ACME: "acme", GLOBEX: "globex" }).to_string();
    let extra = [
        ("APEX_DATABASE_URL", url.as_str()),
        ("APEX_MIGRATE_ON_START", "on"),
        ("APEX_API_ADDR", &addr),
        ("APEX_API_TOKENS", &tokens),
        ("APEX_API_HEADER_TIMEOUT_MS", "2000"),
    ];
    let extra: Vec<(&str, &str)> = extra.iter().chain(settings).copied().collect();
    let processes = vec![
        RoleProcess::start(&config, "p"),
        RoleProcess::start_role(&config, "projector", "projector", &extra),
        RoleProcess::start_role(&config, "api", "api", &extra),
    ];
    let executor = TestExecutor::start(&config, |command| match command {
        Command::PlanGoal(p) if p.goal.contains("approval") => Reply::Done(json!({"steps": [
            {"id": "pay", "tool": "charge_payment", "requires_approval": true, "compensation": {"tool": "refund_payment"}}]})),
        // The timeline UI's goal is planned "by an LLM" that spent tokens.
        Command::PlanGoal(p) if p.goal.contains("Rome") => Reply::Spent(trip(), 1_234),
        Command::PlanGoal(_) => Reply::Done(trip()),
        Command::RequestApproval(_) => Reply::Ignore,
        _ => Reply::Done(json!({"ok": true})),
    });
    let base = format!("http://{addr}");
    let deadline = support::deadline(30);
    while reqwest::get(format!("{base}/healthz")).await.is_err() {
        assert!(Instant::now() < deadline, "the API did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut cli = env_of(&config, "cli");
    cli.push(("APEX_DATABASE_URL".into(), url.clone()));
    Stack { base, cli, _processes: processes, _executor: executor }
}

/// The scripted planner's plan for goals without "approval".
fn trip() -> Value {
    json!({"steps": [
        {"id": "flight", "tool": "book_flight", "compensation": {"tool": "cancel_flight"}},
        {"id": "mail", "tool": "send_email", "depends_on": ["flight"]}]})
}

/// The README's envelope, as the TypeScript client writes it.
fn envelope(tenant: &str, goal: &str) -> (String, Value) {
    let workflow = uuid::Uuid::new_v4().to_string();
    let body = json!({
        "eventId": uuid::Uuid::new_v4(), "correlationId": workflow, "idempotencyKey": format!("{tenant}-{workflow}"),
        "tenantId": tenant, "eventType": "orchestrator:agent.goal_received",
        "payload": {"goal": goal, "user_id": tenant},
        "timestamp": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true), "source": "omnihub",
        "trace": {"traceId": uuid::Uuid::new_v4(), "spanId": uuid::Uuid::new_v4()}, "schemaVersion": "1.0.0"
    });
    (workflow, body)
}

async fn call(method: reqwest::Method, url: &str, token: Option<&str>, body: Option<&Value>) -> (StatusCode, Value) {
    let mut request = reqwest::Client::new().request(method, url);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.header("content-type", "application/json").body(body.to_string());
    }
    let response = request.send().await.expect("the API answers");
    let status = response.status();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

/// Polls acme's workflow until `done` holds for it.
async fn wait_for(base: &str, workflow: &str, what: &str, done: impl Fn(&Value) -> bool) -> Value {
    wait_for_as(ACME, base, workflow, what, done).await
}

/// Polls the workflow, as the tenant of `token`, until `done` holds for it.
async fn wait_for_as(token: &str, base: &str, workflow: &str, what: &str, done: impl Fn(&Value) -> bool) -> Value {
    let deadline = support::deadline(90);
    loop {
        let (status, body) =
            call(reqwest::Method::GET, &format!("{base}/workflows/{workflow}"), Some(token), None).await;
        if status == StatusCode::OK && done(&body) {
            return body;
        }
        assert!(Instant::now() < deadline, "{what}: last answer {status} {body}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn goals_submitted_over_http_run_and_can_be_followed_by_their_tenant_only() {
    use reqwest::Method;
    let s = stack().await;
    let (id, goal) = envelope("acme", "Book flight to Paris tomorrow and send confirmation to john@example.com");

    let (status, body) = call(Method::POST, &format!("{}/workflows", s.base), None, Some(&goal)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    let (status, body) = call(Method::POST, &format!("{}/workflows", s.base), Some(GLOBEX), Some(&goal)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "another tenant's envelope: {body}");
    let mut bad = goal.clone();
    bad["eventId"] = json!("not-a-uuid");
    let (status, body) = call(Method::POST, &format!("{}/workflows", s.base), Some(ACME), Some(&bad)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["field"], "eventId", "{body}");
    assert!(body["error"].as_str().unwrap().contains("not a UUID"), "{body}");

    let mut huge = goal.clone();
    huge["payload"]["goal"] = json!("x".repeat(1_100_000));
    let (status, body) = call(Method::POST, &format!("{}/workflows", s.base), Some(ACME), Some(&huge)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "an envelope the processor would dead-letter is refused");
    assert!(body["error"].as_str().unwrap().contains("APEX_MAX_ENVELOPE_BYTES"), "{body}");
    // Between librdkafka's default record limit and APEX_MAX_ENVELOPE_BYTES: accepted, since
    // every producer is configured to write what the processor accepts.
    let mut near = goal.clone();
    let near_id = uuid::Uuid::new_v4().to_string();
    near["eventId"] = json!(uuid::Uuid::new_v4().to_string());
    near["idempotencyKey"] = json!(uuid::Uuid::new_v4().to_string());
    near["correlationId"] = json!(near_id);
    near["payload"]["goal"] = json!(format!("Book a flight to Paris tomorrow {}", "x".repeat(1_020_000)));
    let (status, body) = call(Method::POST, &format!("{}/workflows", s.base), Some(ACME), Some(&near)).await;
    assert_eq!(status, StatusCode::ACCEPTED, "1,000,001–1,048,576 bytes are accepted: {body}");

    let (status, body) = call(Method::POST, &format!("{}/workflows", s.base), Some(ACME), Some(&goal)).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert_eq!(body["workflowId"], id);

    let done = wait_for(&s.base, &id, "completion", |w| w["status"] == "completed").await;
    assert_eq!(done["input"]["goal"], goal["payload"]["goal"]);
    assert_eq!(done["tenantId"], "acme");
    assert_eq!(done["result"]["results"]["mail"]["ok"], true);

    let (status, history) = call(Method::GET, &format!("{}/workflows/{id}/events", s.base), Some(ACME), None).await;
    assert_eq!(status, StatusCode::OK);
    let events = history["events"].as_array().unwrap();
    let sequences: Vec<i64> = events.iter().map(|e| e["sequence"].as_i64().unwrap()).collect();
    assert_eq!(sequences, (0..events.len() as i64).collect::<Vec<_>>(), "the whole history, in order");
    assert!(events.iter().any(|e| e["type"] == "WorkflowCompleted"));

    let (status, page) = call(Method::GET, &format!("{}/workflows?status=completed", s.base), Some(ACME), None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page["workflows"].as_array().unwrap().iter().any(|w| w["workflowId"] == id));
    let (status, body) = call(Method::GET, &format!("{}/workflows?status=done", s.base), Some(ACME), None).await;
    assert_eq!((status, body["field"].clone()), (StatusCode::BAD_REQUEST, json!("status")));

    for path in [format!("/workflows/{id}"), format!("/workflows/{id}/events")] {
        let (status, _) = call(Method::GET, &format!("{}{path}", s.base), Some(GLOBEX), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "globex cannot see acme's {path}");
    }
    let (status, _) =
        call(Method::POST, &format!("{}/workflows/{id}/cancel", s.base), Some(GLOBEX), Some(&json!({}))).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "nor cancel it");
    let (status, page) = call(Method::GET, &format!("{}/workflows", s.base), Some(GLOBEX), None).await;
    assert_eq!((status, page["workflows"].as_array().unwrap().len()), (StatusCode::OK, 0));

    // Ids are UUIDs: another spelling finds the same workflow; anything else is a 400 naming
    // the field, before the database sees it (a NUL used to come back as a 503).
    let upper = id.to_uppercase();
    let (status, same) = call(Method::GET, &format!("{}/workflows/{upper}", s.base), Some(ACME), None).await;
    assert_eq!((status, same["workflowId"].clone()), (StatusCode::OK, json!(id)));
    for bad in ["%00", "not-a-uuid", "%1B%5B2J"] {
        for path in [format!("/workflows/{bad}"), format!("/workflows/{bad}/events")] {
            let (status, body) = call(Method::GET, &format!("{}{path}", s.base), Some(ACME), None).await;
            assert_eq!((status, body["field"].clone()), (StatusCode::BAD_REQUEST, json!("id")), "{path}: {body}");
            assert!(!body.to_string().contains('\u{0}'), "{body}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signals_and_cancellation_reach_the_saga() {
    use reqwest::Method;
    let s = stack().await;
    let (id, goal) = envelope("acme", "Pay the invoice after approval");
    assert_eq!(
        call(Method::POST, &format!("{}/workflows", s.base), Some(ACME), Some(&goal)).await.0,
        StatusCode::ACCEPTED
    );
    wait_for(&s.base, &id, "waiting for approval", |w| w["status"] == "running").await;

    let (status, body) = call(
        Method::POST,
        &format!("{}/workflows/{id}/signals", s.base),
        Some(ACME),
        Some(&json!({"name": "approve"})),
    )
    .await;
    assert_eq!((status, body["field"].clone()), (StatusCode::BAD_REQUEST, json!("step_id")), "{body}");
    let (status, body) =
        call(Method::POST, &format!("{}/workflows/{id}/signals", s.base), Some(ACME), Some(&json!({"name": "pause"})))
            .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let approve = json!({"name": "approve", "step_id": "pay"});
    let (status, body) =
        call(Method::POST, &format!("{}/workflows/{id}/signals", s.base), Some(ACME), Some(&approve)).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    wait_for(&s.base, &id, "completion after approval", |w| w["status"] == "completed").await;

    let (other, goal) = envelope("acme", "Pay again after approval");
    call(Method::POST, &format!("{}/workflows", s.base), Some(ACME), Some(&goal)).await;
    wait_for(&s.base, &other, "waiting for approval", |w| w["status"] == "running").await;
    let (status, _) = call(
        Method::POST,
        &format!("{}/workflows/{other}/cancel", s.base),
        Some(ACME),
        Some(&json!({"reason": "changed my mind"})),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let cancelled = wait_for(&s.base, &other, "cancellation", |w| w["status"] == "cancelled").await;
    assert_eq!(cancelled["result"]["reason"], "changed my mind");

    // An operator stops every running workflow of acme (its budget is spent); globex's runs on.
    let mut acme = Vec::new();
    for goal in ["Pay the rent after approval", "Pay the gas bill after approval"] {
        let (id, goal) = envelope("acme", goal);
        call(Method::POST, &format!("{}/workflows", s.base), Some(ACME), Some(&goal)).await;
        acme.push(id);
    }
    let (theirs, goal) = envelope("globex", "Pay the globex invoice after approval");
    call(Method::POST, &format!("{}/workflows", s.base), Some(GLOBEX), Some(&goal)).await;
    for id in &acme {
        wait_for(&s.base, id, "waiting for approval", |w| w["status"] == "running").await;
    }
    wait_for_as(GLOBEX, &s.base, &theirs, "waiting for approval", |w| w["status"] == "running").await;
    let stop = |reason: &'static str| {
        let cli = s.cli.clone();
        tokio::task::spawn_blocking(move || {
            support::apex(&cli, &["workflows", "stop", "--tenant", "acme", "--reason", reason])
        })
    };
    let stopped = stop("the daily budget is spent").await.unwrap();
    let out = String::from_utf8_lossy(&stopped.stdout).into_owned();
    assert!(stopped.status.success(), "{out}{}", String::from_utf8_lossy(&stopped.stderr));
    assert!(out.contains("2 workflow(s) of tenant acme asked to stop"), "only the unfinished ones: {out}");
    for id in &acme {
        let cancelled = wait_for(&s.base, id, "stopped", |w| w["status"] == "cancelled").await;
        assert_eq!(cancelled["result"]["reason"], "the daily budget is spent");
    }
    let again = stop("the daily budget is spent").await.unwrap();
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 workflow(s)"), "nothing left to stop");
    let (_, body) = call(Method::GET, &format!("{}/workflows/{theirs}", s.base), Some(GLOBEX), None).await;
    assert_eq!(body["status"], "running", "another tenant's workflow runs on: {body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_readiness_metrics_the_openapi_document_and_a_header_deadline() {
    use reqwest::Method;
    let s = stack().await;
    let (status, ready) = call(Method::GET, &format!("{}/readyz", s.base), None, None).await;
    assert_eq!(status, StatusCode::OK, "{ready}");
    assert_eq!(ready, json!({"kafka": "ok", "postgres": "ok", "redis": "ok"}));
    let (status, metrics) = call(Method::GET, &format!("{}/metrics", s.base), None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(metrics.as_str().unwrap().contains("# TYPE apex_envelopes_in counter"), "{metrics}");
    let (status, doc) = call(Method::GET, &format!("{}/openapi.json", s.base), None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(doc["openapi"], "3.1.0");
    for path in [
        "/workflows",
        "/workflows/{id}",
        "/workflows/{id}/events",
        "/workflows/{id}/signals",
        "/workflows/{id}/cancel",
        "/healthz",
        "/readyz",
        "/metrics",
        "/spend",
    ] {
        assert!(doc["paths"].get(path).is_some(), "OpenAPI documents {path}");
    }
    // A tenant's LLM spend (none here: the built-in planner and demo tools spend nothing).
    let (status, spend) =
        call(Method::GET, &format!("{}/spend?since=2026-01-01T00:00:00Z", s.base), Some(ACME), None).await;
    assert_eq!(status, StatusCode::OK, "{spend}");
    assert_eq!(spend["spend"], json!({"tokens": 0, "llm_calls": 0, "cost": 0.0}));
    let (status, bad) = call(Method::GET, &format!("{}/spend?since=yesterday", s.base), Some(ACME), None).await;
    assert_eq!((status, bad["field"].as_str()), (StatusCode::BAD_REQUEST, Some("since")), "{bad}");

    // A client trickling its headers in, a byte a second (slowloris), is cut off after
    // APEX_API_HEADER_TIMEOUT_MS (2 s here) however long it keeps going; others are served.
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    // The clock starts before the connection: the server's cannot start earlier.
    let (started, deadline) = (Instant::now(), support::deadline(30));
    let mut slow = tokio::net::TcpStream::connect(s.base.trim_start_matches("http://")).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: apex\r\nX-Slow: ").await.unwrap();
    let mut buf = [0u8; 256];
    loop {
        match tokio::time::timeout(Duration::from_secs(1), slow.read(&mut buf)).await {
            Ok(Ok(0) | Err(_)) => break,
            Ok(Ok(n)) => {
                let answer = String::from_utf8_lossy(&buf[..n]).into_owned();
                assert!(answer.starts_with("HTTP/1.1 408"), "the only answer is a timeout: {answer:?}");
                break;
            }
            Err(_) => {
                assert!(Instant::now() < deadline, "a client sending a header byte a second is never cut off");
                if slow.write_all(b"x").await.is_err() {
                    break;
                }
            }
        }
    }
    assert!(started.elapsed() >= Duration::from_secs(2), "cut off by the deadline, not at once");
    let (status, _) = call(Method::GET, &format!("{}/healthz", s.base), None, None).await;
    assert_eq!(status, StatusCode::OK, "the API serves others all along");
}

/// `POST /workflows` of a goal of `tenant`: the status and the `Retry-After` header.
async fn submit(base: &str, token: &str, tenant: &str, goal: &str) -> (StatusCode, Option<u64>, String) {
    let (id, body) = envelope(tenant, goal);
    let response = reqwest::Client::new()
        .post(format!("{base}/workflows"))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .expect("the API answers");
    let retry_after = response.headers().get("retry-after").and_then(|v| v.to_str().ok()?.parse().ok());
    let status = response.status();
    let text = response.text().await.unwrap();
    (status, retry_after, if status == StatusCode::ACCEPTED { id } else { text })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tenant_flooding_the_api_is_held_back_while_another_is_served() {
    let quotas =
        [("APEX_TENANT_GOALS_PER_SECOND", "1"), ("APEX_TENANT_GOAL_BURST", "3"), ("APEX_TENANT_MAX_IN_FLIGHT", "1")];
    let s = stack_with(&quotas).await;
    // globex floods: past its burst, goals are refused with when to come back.
    let (mut refused, mut accepted, flood) = (Vec::new(), 0u64, Instant::now());
    for _ in 0..30 {
        let (status, retry_after, text) = submit(&s.base, GLOBEX, "globex", "Book flight to Oslo").await;
        if status == StatusCode::TOO_MANY_REQUESTS {
            assert!(text.contains("APEX_TENANT_GOALS_PER_SECOND"), "the refusal names the quota: {text}");
            refused.push(retry_after.expect("429 carries Retry-After"));
        } else {
            assert_eq!(status, StatusCode::ACCEPTED, "{text}");
            accepted += 1;
        }
    }
    // The burst, then one a second for as long as the flood lasted (however slow this machine).
    let allowed = 3 + flood.elapsed().as_secs() + 1;
    assert!(accepted <= allowed, "{accepted} accepted; the quota allows {allowed}");
    assert!(!refused.is_empty() && refused.iter().all(|&s| s >= 1), "the flood is held back: {refused:?}");

    // acme is served as before: its goal is accepted at once and completes.
    let (status, _, id) = submit(&s.base, ACME, "acme", "Book flight to Rome").await;
    assert_eq!(status, StatusCode::ACCEPTED, "{id}");
    wait_for(&s.base, &id, "acme's goal completes during globex's flood", |w| w["status"] == "completed").await;

    // In flight: acme's workflow waiting for an approval is its one allowed; the next is refused.
    let (status, _, waiting) = submit(&s.base, ACME, "acme", "Pay the invoice after approval").await;
    assert_eq!(status, StatusCode::ACCEPTED, "{waiting}");
    wait_for(&s.base, &waiting, "waiting for approval", |w| w["status"] == "running").await;
    let (status, retry_after, text) = submit(&s.base, ACME, "acme", "Book flight to Lima").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{text}");
    assert!(text.contains("APEX_TENANT_MAX_IN_FLIGHT") && retry_after.is_some(), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tenant_over_its_daily_llm_budget_gets_429_until_midnight_while_another_is_served() {
    let s = stack_with(&[("APEX_TENANT_DAILY_TOKENS", "1000")]).await;
    // The scripted planner spends 1,234 tokens on a goal to Rome.
    let (status, _, id) = submit(&s.base, ACME, "acme", "Book flight to Rome").await;
    assert_eq!(status, StatusCode::ACCEPTED, "under its budget: {id}");
    wait_for(&s.base, &id, "the goal completes", |w| w["status"] == "completed").await;
    let deadline = support::deadline(60);
    loop {
        let (_, spend) = call(reqwest::Method::GET, &format!("{}/spend", s.base), Some(ACME), None).await;
        if spend["spend"]["tokens"].as_i64() >= Some(1_000) {
            break;
        }
        assert!(Instant::now() < deadline, "the spend never reached the projection: {spend}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let (status, retry_after, text) = submit(&s.base, ACME, "acme", "Book flight to Lima").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{text}");
    assert!(
        text.contains("spent its daily LLM budget: 1234 tokens") && text.contains("APEX_TENANT_DAILY_TOKENS"),
        "{text}"
    );
    let wait = retry_after.expect("429 carries Retry-After");
    assert!((1..=86_400).contains(&wait), "until the next UTC midnight: {wait}");
    let (status, _, text) = submit(&s.base, GLOBEX, "globex", "Book flight to Lima").await;
    assert_eq!(status, StatusCode::ACCEPTED, "another tenant is served: {text}");
}

/// Headless Chromium, as the environment notes prescribe (no sandbox as root, no background networking).
fn chromium() -> Option<std::path::PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"].iter().map(std::path::PathBuf::from).find(|p| p.exists())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_timeline_ui_shows_a_workflow_and_its_steps_in_chromium() {
    let browser = chromium().expect("Chromium is installed by scripts/test.sh (Debian package `chromium`)");
    let s = stack().await;
    let (id, goal) = envelope("acme", "Book flight to Rome and email ann@example.org");
    call(reqwest::Method::POST, &format!("{}/workflows", s.base), Some(ACME), Some(&goal)).await;
    wait_for(&s.base, &id, "completion", |w| w["status"] == "completed").await;

    let profile = tempdir();
    let url = format!("{}/#token={ACME}&workflow={id}", s.base);
    let out = tokio::process::Command::new(&browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=10000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(["--dump-dom", &url])
        .output()
        .await
        .expect("chromium runs");
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(dom.contains("Book flight to Rome and email ann@example.org"), "the list shows the goal:\n{dom}");
    assert!(dom.contains(r#"class="status completed""#), "and its status:\n{dom}");
    assert!(
        dom.contains(r#"<tr class="step"><td>flight</td><td>1</td>"#),
        "the steps table has the flight, one attempt:\n{dom}"
    );
    assert!(dom.contains("<b>WorkflowCompleted</b>"), "the timeline ends with the outcome:\n{dom}");
    assert!(dom.contains("spend 1234 tokens, 1 LLM calls"), "the summary shows the spend:\n{dom}");
    assert!(
        dom.contains(r#"<b>UsageRecorded</b> <code>model="gpt-test" tokens=1234"#),
        "the timeline shows what was spent where:\n{dom}"
    );
    let _ = std::fs::remove_dir_all(profile);
}

fn tempdir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("apex-chromium-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
