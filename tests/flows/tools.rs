//! Tools as users plug them in (`APEX_TOOLS`), and the concurrent worker runtime, on the real
//! broker and Redis: the `http` kind's protocol against a local service (success, 4xx, 5xx
//! then success on retry, timeout, the idempotency key, compensation through the catalog), a
//! bad catalog refused at start, hundreds of slow calls in flight at once, kill -9 with calls
//! in flight, an unreachable schema registry, rebalances between executors, and large outputs
//! by claim check.

use crate::support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use apex::core::command::{Command, CompensateStep, ExecuteStep};
use apex::core::envelope::{Envelope, SCHEMA_VERSION, Trace};
use apex::core::ids::{CommandId, EventId, IdempotencyKey, StepId, TenantId, ToolName, WorkflowId};
use apex::core::input::Input;
use apex::core::json::{Json, StepOutputs};
use apex::core::message::Message as AnyMessage;
use apex::executor::Executor;
use apex::kafka::topics::Topics;
use apex::tools::Tools;
use apex::tools::demo::DemoSettings;
use apex::worker::Reply;
use serde_json::json;
use support::http::{Request, Response, serve};
use support::kafka::*;

fn execute(workflow: WorkflowId, step: &str, tool: &str, attempt: u32, timeout_ms: u64) -> Envelope<Command> {
    let id = uuid::Uuid::new_v4();
    envelope(
        workflow,
        id,
        Command::ExecuteStep(ExecuteStep {
            command_id: CommandId::from_uuid(id),
            step_id: StepId::parse(step).unwrap(),
            attempt,
            tool: ToolName::parse(tool).unwrap(),
            input: Json::new(json!({"to": "Paris"})),
            context: StepOutputs::default(),
            timeout_ms,
        }),
    )
}

fn envelope(workflow: WorkflowId, id: uuid::Uuid, payload: Command) -> Envelope<Command> {
    Envelope {
        event_id: EventId::from_uuid(id),
        correlation_id: workflow,
        idempotency_key: IdempotencyKey::from_uuid(id),
        tenant_id: TenantId::parse("acme").unwrap(),
        timestamp: apex::clock::wall_clock(),
        source: "apex-processor".into(),
        trace: Trace { trace_id: "4bf92f3577b34da6a3ce929d0e0e4736".into(), span_id: "00f067aa0ba902b7".into() },
        schema_version: SCHEMA_VERSION.into(),
        payload,
    }
}

fn catalog(yaml: &str) -> Tools {
    let env = |name: &str| (name == "BOOKING_TOKEN").then(|| "s3cret".to_owned());
    let specs = apex::tools::spec::parse("test.yaml", yaml, false, env).unwrap();
    Tools::from_specs(specs, &DemoSettings::default(), env).unwrap()
}

fn catalog_file(yaml: &str) -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("catalogs");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{}.yaml", uuid::Uuid::new_v4().simple()));
    std::fs::write(&file, yaml).unwrap();
    file
}

async fn answer_of(executor: &Executor, command: &Envelope<Command>) -> Input {
    match executor.handle(command, None).await {
        Reply::Answer(answer) => answer.payload,
        other => panic!("expected an answer, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_tools_follow_the_protocol_success_4xx_5xx_timeout_and_compensation() {
    let seen: Arc<Mutex<Vec<Request>>> = Arc::default();
    let log = seen.clone();
    let base = serve(move |request| {
        log.lock().unwrap().push(request.clone());
        match request.path.as_str() {
            "/book" if request.header("apex-attempt") == Some("1") => Response::json(500, json!({"error": "db down"})),
            "/book" => Response::json(200, json!({"booking": "B-1"})),
            // An LLM-backed tool that refuses after its model call: the tokens were spent.
            "/reject" => Response::json(
                422,
                json!({"error": "no seats left", "usage": {"model": "gpt-test", "prompt_tokens": 300, "completion_tokens": 20}}),
            ),
            "/slow" => {
                std::thread::sleep(Duration::from_secs(3));
                Response::json(200, json!({}))
            }
            "/cancel" => Response::json(200, json!({"cancelled": true})),
            _ => Response::json(404, json!({"error": "no such tool"})),
        }
    });
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let tools = catalog(&format!(
        "tools:
  - name: book
    kind: http
    url: {base}/book
    auth: {{ env: BOOKING_TOKEN }}
    compensation: cancel
  - name: cancel
    kind: http
    url: {base}/cancel
  - name: reject
    kind: http
    url: {base}/reject
  - name: slow
    kind: http
    url: {base}/slow
  - name: gone
    kind: http
    url: http://{closed}/gone
"
    ));
    let prices: apex::prices::Prices = r#"{"gpt-test": {"input_per_1k": 1.0, "output_per_1k": 2.0}}"#.parse().unwrap();
    let executor = Executor::new(tools).with_prices(prices);
    let workflow = WorkflowId::from_uuid(uuid::Uuid::new_v4());

    let first = answer_of(&executor, &execute(workflow, "book", "book", 1, 5_000)).await;
    let Input::StepFailed(failed) = first else { panic!("{first:?}") };
    assert!(failed.retryable && failed.error.contains("HTTP 500: db down"), "5xx is retryable: {}", failed.error);
    let second = answer_of(&executor, &execute(workflow, "book", "book", 2, 5_000)).await;
    let Input::ToolResultReceived(done) = second else { panic!("{second:?}") };
    assert_eq!(done.output.value(), &json!({"booking": "B-1"}));

    let requests = seen.lock().unwrap().clone();
    let books: Vec<&Request> = requests.iter().filter(|r| r.path == "/book").collect();
    assert_eq!(books.len(), 2);
    let keys: BTreeSet<&str> = books.iter().map(|r| r.header("idempotency-key").unwrap()).collect();
    assert_eq!(keys.len(), 1, "one Idempotency-Key for every attempt of the step");
    assert_eq!(books[1].header("apex-attempt"), Some("2"));
    assert_eq!(books[0].header("authorization"), Some("Bearer s3cret"), "the credential from auth.env");
    assert!(books[0].header("traceparent").is_some_and(|t| t.contains("4bf92f3577b34da6a3ce929d0e0e4736")));
    let body = books[1].json();
    for field in ["commandId", "workflowId", "tenantId", "stepId", "attempt", "input", "context"] {
        assert!(body.get(field).is_some(), "the request body has {field}: {body}");
    }
    assert_eq!(
        (body["workflowId"].as_str(), body["input"]["to"].as_str()),
        (Some(workflow.to_string().as_str()), Some("Paris"))
    );

    let rejected = answer_of(&executor, &execute(workflow, "r", "reject", 1, 5_000)).await;
    let Input::StepFailed(failed) = rejected else { panic!("{rejected:?}") };
    assert!(!failed.retryable && failed.error.contains("HTTP 422: no seats left"), "4xx is final: {}", failed.error);
    let spent = failed.usage.expect("the failed call's usage is reported");
    assert_eq!((spent.prompt_tokens, spent.completion_tokens, spent.model.as_deref()), (300, 20, Some("gpt-test")));
    assert!((spent.cost.unwrap() - 0.34).abs() < 1e-9, "priced where it was spent: {spent:?}");

    let slow = answer_of(&executor, &execute(workflow, "s", "slow", 1, 300)).await;
    let Input::StepFailed(failed) = slow else { panic!("{slow:?}") };
    let error = "slow did not answer within its timeout of 300 ms and as long again";
    assert!(failed.retryable && failed.error == error, "{}", failed.error);

    let gone = answer_of(&executor, &execute(workflow, "g", "gone", 1, 5_000)).await;
    let Input::StepFailed(failed) = gone else { panic!("{gone:?}") };
    assert!(failed.retryable && failed.error.starts_with("gone: unreachable"), "{}", failed.error);

    let id = uuid::Uuid::new_v4();
    let undo = envelope(
        workflow,
        id,
        Command::CompensateStep(CompensateStep {
            command_id: CommandId::from_uuid(id),
            step_id: StepId::parse("book").unwrap(),
            attempt: 1,
            tool: ToolName::parse("cancel").unwrap(),
            input: Json::null(),
            step_output: Json::new(json!({"booking": "B-1"})),
            timeout_ms: 5_000,
            effect: None,
        }),
    );
    let undone = answer_of(&executor, &undo).await;
    assert!(matches!(undone, Input::CompensationCompleted(_)), "{undone:?}");
    let requests = seen.lock().unwrap().clone();
    let cancel = requests.iter().find(|r| r.path == "/cancel").expect("the compensation was called");
    assert_eq!(cancel.json()["output"], json!({"booking": "B-1"}), "compensations get the step's output");
    assert_ne!(cancel.header("idempotency-key"), books[0].header("idempotency-key"), "undoing has its own key");
}

#[test]
fn a_bad_catalog_file_stops_the_role_at_start_naming_tool_and_field() {
    let bad = catalog_file("tools:\n  - name: book\n    kind: http\n    compensation: cancel\n");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_apex"))
        .arg("executor")
        .env("APEX_TOOLS", &bad)
        .output()
        .expect("apex runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "the executor refuses to start");
    assert!(stderr.contains("tool `book`, field `url`: http tools need one"), "{stderr}");

    let check =
        std::process::Command::new(env!("CARGO_BIN_EXE_apex")).args(["tools", "check"]).arg(&bad).output().unwrap();
    assert!(!check.status.success());
    assert!(String::from_utf8_lossy(&check.stderr).contains("tool `book`, field `url`"));

    let good =
        catalog_file("tools:\n  - name: send_email\n    kind: builtin\n  - name: book_hotel\n    kind: builtin\n");
    let check =
        std::process::Command::new(env!("CARGO_BIN_EXE_apex")).args(["tools", "check"]).arg(&good).output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    assert!(String::from_utf8_lossy(&check.stdout).contains(": 2 tools, version "));
    let list = std::process::Command::new(env!("CARGO_BIN_EXE_apex"))
        .args(["tools", "list"])
        .env("APEX_TOOLS", &good)
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&list.stdout);
    assert!(
        listed.contains("- book_hotel (builtin), undone by cancel_hotel") || listed.contains("- book_hotel (builtin)"),
        "{listed}"
    );
    assert!(listed.contains("- send_email (builtin)"), "{listed}");
}

/// A tool service that holds every call until `release` is set (or a minute passes), and
/// records calls per command id and the most calls it held at once.
#[derive(Clone, Default)]
struct Held {
    in_flight: Arc<AtomicUsize>,
    most: Arc<AtomicUsize>,
    release: Arc<AtomicBool>,
    calls: Arc<Mutex<BTreeMap<String, usize>>>,
}

impl Held {
    fn serve(&self, release_at: usize) -> String {
        let held = self.clone();
        serve(move |request| {
            let command = request.json()["commandId"].as_str().unwrap_or_default().to_owned();
            *held.calls.lock().unwrap().entry(command).or_default() += 1;
            let now = held.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            held.most.fetch_max(now, Ordering::SeqCst);
            if now >= release_at {
                held.release.store(true, Ordering::SeqCst);
            }
            let deadline = support::deadline(60);
            while !held.release.load(Ordering::SeqCst) && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(5));
            }
            held.in_flight.fetch_sub(1, Ordering::SeqCst);
            Response::json(200, json!({"done": true}))
        })
    }
}

fn publish_commands(config: &apex::config::Config, commands: &[Envelope<Command>]) {
    let topics = Topics::new(&config.topic_prefix);
    let records: Vec<(String, Vec<u8>)> =
        commands.iter().map(|c| (c.correlation_id.to_string(), c.to_json())).collect();
    Publisher::new(config).send_all(&topics.commands, records.iter().map(|(k, v)| (k.as_bytes(), v.as_slice())));
}

/// Answers seen on the envelopes topic, by the command id they answer.
fn answers(seen: &[Seen]) -> BTreeMap<CommandId, Input> {
    let mut out = BTreeMap::new();
    for s in seen {
        if let Some(envelope) = s.envelope()
            && let AnyMessage::Input(input) = envelope.payload
        {
            let id = match &input {
                Input::ToolResultReceived(a) => a.command_id,
                Input::StepFailed(a) => a.command_id,
                _ => continue,
            };
            out.insert(id, input);
        }
    }
    out
}

fn many(n: usize, tool: &str, timeout_ms: u64) -> Vec<Envelope<Command>> {
    (0..n)
        .map(|i| execute(WorkflowId::from_uuid(uuid::Uuid::new_v4()), &format!("s{i}"), tool, 1, timeout_ms))
        .collect()
}

#[test]
fn two_hundred_slow_tool_calls_are_in_flight_at_once_in_one_executor() {
    let held = Held::default();
    let base = held.serve(200);
    let tools = catalog_file(&format!("tools:\n  - name: slow\n    kind: http\n    url: {base}/slow\n"));
    let config = test_config(&[]);
    create_topics(&config);
    let topics = Topics::new(&config.topic_prefix);
    let collector = Collector::start(&config, &[&topics.envelopes]);
    let tools_path = tools.display().to_string();
    let _executor = RoleProcess::start_role(&config, "executor", "e1", &[("APEX_TOOLS", &tools_path)]);
    let commands = many(200, "slow", 120_000);
    publish_commands(&config, &commands);
    collector.wait_until(120, "200 answers", |seen| answers(seen).len() == 200);
    assert_eq!(held.most.load(Ordering::SeqCst), 200, "every call was in flight at the same time");
    assert!(held.calls.lock().unwrap().values().all(|n| *n == 1), "each tool ran once per command");
}

#[test]
fn kill_9_with_calls_in_flight_leaves_every_command_answered_and_no_tool_run_twice() {
    let held = Held::default();
    let base = held.serve(usize::MAX);
    let tools = catalog_file(&format!("tools:\n  - name: slow\n    kind: http\n    url: {base}/slow\n"));
    let tools_path = tools.display().to_string();
    let config = test_config(&[]);
    create_topics(&config);
    let topics = Topics::new(&config.topic_prefix);
    let collector = Collector::start(&config, &[&topics.envelopes]);
    let mut first = RoleProcess::start_role(&config, "executor", "e1", &[("APEX_TOOLS", &tools_path)]);
    // Deadlines far beyond a group rejoin: the commands the killed executor never started run
    // on the second one; those it held run out their deadline (its lock outlives it) and are
    // answered expired, never run twice.
    let commands = many(300, "slow", 30_000);
    publish_commands(&config, &commands);
    let deadline = support::deadline(90);
    while held.in_flight.load(Ordering::SeqCst) < 250 {
        assert!(Instant::now() < deadline, "the executor never had 250 calls in flight");
        std::thread::sleep(Duration::from_millis(20));
    }
    first.kill9();
    held.release.store(true, Ordering::SeqCst);
    let _second = RoleProcess::start_role(&config, "executor", "e2", &[("APEX_TOOLS", &tools_path)]);
    let seen = collector.wait_until(120, "300 answers", |seen| answers(seen).len() == 300);
    let answered = answers(&seen);
    let ids: BTreeSet<CommandId> = commands.iter().map(|c| c.payload.command_id()).collect();
    assert_eq!(answered.keys().copied().collect::<BTreeSet<_>>(), ids, "every command answered");
    let calls = held.calls.lock().unwrap().clone();
    assert!(calls.values().all(|n| *n == 1), "no tool ran twice for one command id: {:?}", calls.values().max());
    let expired =
        answered.values().filter(|a| matches!(a, Input::StepFailed(f) if f.error.starts_with("expired"))).count();
    let done = answered.values().filter(|a| matches!(a, Input::ToolResultReceived(_))).count();
    let other = answered.values().find(|a| {
        !matches!(a, Input::ToolResultReceived(_))
            && !matches!(a, Input::StepFailed(f) if f.error.starts_with("expired"))
    });
    assert_eq!(expired + done, 300, "a result, or expired (held by the killed executor past the deadline): {other:?}");
    assert!(expired >= 250, "the calls in flight at the kill expired: {expired}");
    assert!(done >= 300 - 256, "commands the killed executor never started ran afterwards: {done}");
}

#[test]
fn a_worker_holds_commands_while_the_schema_registry_is_down_and_loses_none() {
    let registry = support::registry::Registry::start();
    let config = test_config(&[("APEX_OUTPUT_FORMAT", "avro"), ("APEX_SCHEMA_REGISTRY_URL", &registry.url)]);
    create_topics(&config);
    let topics = Topics::new(&config.topic_prefix);
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let codec = apex::codec::wire::WireCodec::new(
        apex::config::Format::Avro,
        usize::MAX,
        Some(&registry.url),
        Some(runtime.handle().clone()),
    )
    .unwrap();
    let commands = many(20, "send_email", 120_000);
    let records: Vec<(String, Vec<u8>)> =
        commands.iter().map(|c| (c.correlation_id.to_string(), codec.encode(&topics.commands, c).unwrap())).collect();
    Publisher::new(&config).send_all(&topics.commands, records.iter().map(|(k, v)| (k.as_bytes(), v.as_slice())));
    registry.set_down(true);
    let collector = Collector::start(&config, &[&topics.envelopes]);
    let shutdown = Arc::new(AtomicBool::new(false));
    let executor: Arc<dyn apex::worker::Handler> = Arc::new(Executor::new(Tools::demo(&DemoSettings::default())));
    let worker = {
        let (config, shutdown) = (config.clone(), shutdown.clone());
        let group = format!("{}executor", config.topic_prefix);
        runtime.spawn(async move {
            let codec = apex::codec::wire::WireCodec::from_config(&config).unwrap();
            apex::worker::run(&config, &group, codec, shutdown, executor).await
        })
    };
    let deadline = support::deadline(60);
    while registry.refused() < 3 {
        assert!(Instant::now() < deadline, "the worker never asked the registry");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(collector.snapshot().is_empty(), "nothing answered (nor skipped) while the registry is down");
    registry.set_down(false);
    let seen = collector.wait_until(60, "20 answers", |seen| seen.len() >= 20);
    let codec_json = |s: &Seen| -> Option<CommandId> {
        let envelope = codec.decode::<AnyMessage>(&s.value).ok()?;
        match envelope.payload {
            AnyMessage::Input(Input::ToolResultReceived(a)) => Some(a.command_id),
            _ => None,
        }
    };
    let answered: BTreeSet<CommandId> = seen.iter().filter_map(codec_json).collect();
    assert_eq!(answered, commands.iter().map(|c| c.payload.command_id()).collect(), "no command lost");
    assert!(seen.iter().all(|s| s.value.first() == Some(&0)), "answers are Avro (magic byte 0), never JSON");
    shutdown.store(true, Ordering::Relaxed);
    runtime.block_on(worker).unwrap().unwrap();
}

#[test]
fn executors_survive_rebalances_and_a_stopped_one_drains_and_exits_cleanly() {
    let config = test_config(&[]);
    create_topics(&config);
    let topics = Topics::new(&config.topic_prefix);
    let collector = Collector::start(&config, &[&topics.envelopes]);
    // 300 ms calls, 8 at a time per executor: the second executor's arrival and the first's
    // departure both happen while work is queued.
    let base = serve(|_| {
        std::thread::sleep(Duration::from_millis(300));
        Response::json(200, json!({"sent": true}))
    });
    let tools = catalog_file(&format!("tools:\n  - name: mail\n    kind: http\n    url: {base}/mail\n"));
    let tools_path = tools.display().to_string();
    let slow = [("APEX_TOOLS", tools_path.as_str()), ("APEX_WORKER_CONCURRENCY", "8")];
    let mut first = RoleProcess::start_role(&config, "executor", "e1", &slow);
    let commands = many(400, "mail", 120_000);
    publish_commands(&config, &commands);
    collector.wait_until(120, "some answers", |seen| answers(seen).len() >= 20);
    let mut second = RoleProcess::start_role(&config, "executor", "e2", &slow);
    collector.wait_until(120, "more answers", |seen| answers(seen).len() >= 150);
    assert!(first.terminate().success(), "SIGTERM: drains, commits and exits 0");
    let seen = collector.wait_until(120, "400 answers", |seen| answers(seen).len() == 400);
    assert_eq!(answers(&seen).len(), 400);
    assert!(second.child.try_wait().unwrap().is_none(), "the second executor is still running");
    let log = std::fs::read_to_string(&first.log).unwrap();
    assert!(!log.contains("ERROR"), "no errors through the rebalances: {log}");
}

#[test]
fn goals_from_a_publisher_on_librdkafkas_default_partitioner_get_their_answers() {
    let config = test_config(&[]);
    create_topics(&config);
    let topics = Topics::new(&config.topic_prefix);
    let collector = Collector::start(&config, &[&topics.outcomes]);
    let _processor = RoleProcess::start(&config, "p1");
    let _planner = RoleProcess::start_role(&config, "planner", "pl1", &[]);
    let _executor = RoleProcess::start_role(&config, "executor", "e1", &[]);
    // A Python, Go or .NET client on defaults: CRC32 of the key, not Java's murmur2, so most of
    // these goals sit on a partition other than the one their key hashes to in Java clients.
    let mut settings = apex::kafka::client::producer(&config, None);
    settings.set("partitioner", "consistent_random");
    let producer: rdkafka::producer::BaseProducer = settings.create().unwrap();
    let mut ids = BTreeSet::new();
    for n in 0..8 {
        let workflow = WorkflowId::from_uuid(uuid::Uuid::new_v4());
        let mut inputs =
            apex::core::builder::InputBuilder::new(workflow, TenantId::parse("acme").unwrap(), "py-client");
        let goal =
            inputs.goal(apex::clock::wall_clock(), &format!("Book a hotel in Rome tomorrow for guest {n}"), None);
        let key = workflow.to_string();
        let value = goal.to_json();
        let record = rdkafka::producer::BaseRecord::to(&topics.envelopes).key(key.as_bytes()).payload(value.as_slice());
        apex::kafka::delivery::send(&producer, record).unwrap();
        ids.insert(key);
    }
    apex::kafka::delivery::drain(&producer, Duration::from_secs(30)).unwrap();
    let seen = collector.wait_until(120, "8 outcomes", |seen| outcomes(seen, &topics).len() >= 8);
    let ended = outcomes(&seen, &topics);
    assert_eq!(ended.keys().cloned().collect::<BTreeSet<_>>(), ids);
    assert!(ended.values().all(|kinds| kinds == &["orchestrator:agent.workflow_completed"]), "{ended:?}");
}

#[test]
fn an_executor_started_while_redis_is_down_holds_its_commands_and_answers_once_it_is_back() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("redis://127.0.0.1:{port}");
    let config = test_config(&[]);
    create_topics(&config);
    let topics = Topics::new(&config.topic_prefix);
    let collector = Collector::start(&config, &[&topics.envelopes]);
    let executor = RoleProcess::start_role(&config, "executor", "e1", &[("APEX_REDIS_URL", &url)]);
    let commands = many(20, "send_email", 120_000);
    publish_commands(&config, &commands);
    let deadline = support::deadline(90);
    while !std::fs::read_to_string(&executor.log).unwrap_or_default().contains("the command is held, not failed") {
        assert!(Instant::now() < deadline, "the executor never reported waiting for Redis");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(answers(&collector.snapshot()).is_empty(), "nothing answered, nothing failed, while Redis is down");
    let _redis = support::redis::PrivateRedis::start_on(port);
    let seen = collector.wait_until(90, "20 answers", |seen| answers(seen).len() == 20);
    assert!(
        answers(&seen).values().all(|a| matches!(a, Input::ToolResultReceived(_))),
        "every tool ran once Redis was back"
    );
}

#[test]
fn a_saga_runs_on_a_users_http_tools_from_goal_to_outcome() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let stub = runtime.block_on(apex::bench::stub::serve(DemoSettings::default())).unwrap();
    let tools = catalog_file(&apex::bench::stub::catalog_yaml(&stub.url));
    let tools_path = tools.display().to_string();
    let config = test_config(&[]);
    create_topics(&config);
    let topics = Topics::new(&config.topic_prefix);
    let collector = Collector::start(&config, &[&topics.outcomes]);
    let _processor = RoleProcess::start(&config, "p1");
    let _planner = RoleProcess::start_role(&config, "planner", "pl1", &[("APEX_TOOLS", &tools_path)]);
    let _executor = RoleProcess::start_role(&config, "executor", "e1", &[("APEX_TOOLS", &tools_path)]);
    let workflow = WorkflowId::from_uuid(uuid::Uuid::new_v4());
    let mut inputs = apex::core::builder::InputBuilder::new(workflow, TenantId::parse("acme").unwrap(), "ts-client");
    let goal =
        "Book a flight and a hotel in Paris tomorrow, charge my card and email the confirmation to ann@example.com";
    Publisher::new(&config).input(&config, &inputs.goal(apex::clock::wall_clock(), goal, None));
    let seen = collector.wait_until(120, "the outcome", |seen| !outcomes(seen, &topics).is_empty());
    let outcome = seen.iter().find_map(Seen::envelope).expect("an outcome");
    let AnyMessage::Outcome(apex::core::outcome::Outcome::WorkflowCompleted(done)) = outcome.payload else {
        panic!("{:?}", outcome.payload)
    };
    let booking = done.results.get("book_flight").expect("book_flight's output").value()["booking"].clone();
    assert!(booking.as_str().is_some_and(|b| b.starts_with("FL-")), "{booking}");
    assert_eq!(stub.calls.load(Ordering::Relaxed), 5, "all five steps went to the user's HTTP service");
}

/// A hotel service whose first booking answers only once released; it books for real every
/// time it is called (no deduplication), so a late answer is a second booking.
#[derive(Clone, Default)]
struct LateHotel {
    booked: Arc<Mutex<Vec<String>>>,
    cancelled: Arc<Mutex<Vec<String>>>,
    /// The first booking request has arrived (and waits for `release`).
    arrived: Arc<AtomicBool>,
    release: Arc<AtomicBool>,
}

impl LateHotel {
    fn serve(&self) -> String {
        let hotel = self.clone();
        serve(move |request| match request.path.as_str() {
            "/book" => {
                let booking = {
                    let mut booked = hotel.booked.lock().unwrap();
                    let booking = format!("HT-{}", booked.len() + 1);
                    booked.push(booking.clone());
                    booking
                };
                if booking == "HT-1" {
                    hotel.arrived.store(true, Ordering::SeqCst);
                    let deadline = support::deadline(60);
                    while !hotel.release.load(Ordering::SeqCst) && Instant::now() < deadline {
                        std::thread::sleep(Duration::from_millis(5));
                    }
                }
                Response::json(200, json!({ "booking": booking }))
            }
            "/cancel" => {
                let booking = request.json()["output"]["booking"].as_str().unwrap_or("?").to_owned();
                hotel.cancelled.lock().unwrap().push(booking);
                Response::json(200, json!({"cancelled": true}))
            }
            _ => Response::json(404, json!({"error": "no such tool"})),
        })
    }
}

/// How the first booking comes to answer after its step timed out.
enum Lateness {
    /// The service answers the first call only once the retry has been dispatched (the step timed
    /// out), well within the executor's grace of one more timeout.
    SlowService,
    /// The executor is stopped (SIGSTOP) while the call is in flight, past the step's timeout,
    /// until the retry has been dispatched; the service answers meanwhile.
    StoppedExecutor,
}

/// One booking step (8 s timeout, 3 attempts, compensation `cancel_hotel`) on a service that
/// books every call; the first call answers late. In the end one booking is the workflow's
/// output and the other was cancelled exactly once, and the history passes the replay gate.
///
/// The executor lets a call answer up to one more timeout past its deadline, then cuts it off
/// (an effect after that is one nobody hears of: README, "Late answers"). The first call must
/// answer inside that grace, so the grace is what absorbs the machine's load: with a 3 s
/// timeout, observing the retry took longer than 3 s under CI load (two other jobs on the 2
/// cores), the first call was cut off before the hotel answered, and its booking was never
/// heard of, so never cancelled.
async fn a_late_booking_is_kept_or_undone(lateness: Lateness) {
    let hotel = LateHotel::default();
    let base = hotel.serve();
    let retry = "{ max_attempts: 3, initial_backoff_ms: 200, multiplier: 2.0, max_backoff_ms: 1000 }";
    let tools = catalog_file(&format!(
        "tools:\n  - name: book_hotel\n    kind: http\n    url: {base}/book\n    compensation: cancel_hotel\n    \
         timeout_ms: 8000\n    retry: {retry}\n  - name: cancel_hotel\n    kind: http\n    url: {base}/cancel\n"
    ));
    let tools_path = tools.display().to_string();
    let db = support::postgres::fresh("apex_late").await;
    // The stopped executor must stay in its group (a 30 s session): this test is about a late
    // answer, not about a rebalance redelivering the command it is still running.
    let config = test_config(&[("APEX_SESSION_TIMEOUT_MS", "30000")]);
    apex::kafka::topics::create(&config).await.expect("topics");
    let topics = Topics::new(&config.topic_prefix);
    let collector = Collector::start(&config, &[&topics.outcomes, &topics.commands]);
    let store = [("APEX_DATABASE_URL", db.url.as_str()), ("APEX_MIGRATE_ON_START", "on")];
    let _processor = RoleProcess::start(&config, "p1");
    let executor = RoleProcess::start_role(&config, "executor", "e1", &[("APEX_TOOLS", &tools_path)]);
    let _projector = RoleProcess::start_role(&config, "projector", "pr1", &store);
    let plan = json!({"steps": [{"id": "hotel", "tool": "book_hotel", "input": {"city": "Toronto"}, "timeout_ms": 8000,
        "retry": {"max_attempts": 3, "initial_backoff_ms": 200, "multiplier": 2.0, "max_backoff_ms": 1000},
        "compensation": {"tool": "cancel_hotel"}}]});
    let _planner = TestExecutor::start(&config, move |command| match command {
        Command::PlanGoal(_) => support::kafka::Reply::Done(plan.clone()),
        _ => support::kafka::Reply::Ignore,
    });
    let workflow = WorkflowId::from_uuid(uuid::Uuid::new_v4());
    let mut inputs = apex::core::builder::InputBuilder::new(workflow, TenantId::parse("acme").unwrap(), "ts-client");
    let goal = inputs.goal(apex::clock::wall_clock(), "Book a hotel in Toronto tomorrow", None);
    tokio::task::block_in_place(|| Publisher::new(&config).input(&config, &goal));

    let deadline = support::deadline(60);
    while !hotel.arrived.load(Ordering::SeqCst) {
        assert!(Instant::now() < deadline, "the first booking never reached the service");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    match lateness {
        Lateness::SlowService => {
            // The service itself sees the retry arrive: no consumer's lag in between.
            let deadline = support::deadline(60);
            while hotel.booked.lock().unwrap().len() < 2 {
                assert!(Instant::now() < deadline, "the retry never reached the service");
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            hotel.release.store(true, Ordering::SeqCst);
        }
        Lateness::StoppedExecutor => {
            let pid = executor.child.id().to_string();
            assert!(std::process::Command::new("kill").args(["-STOP", &pid]).status().unwrap().success());
            tokio::task::block_in_place(|| {
                collector.wait_until(60, "the retry, dispatched while the executor is stopped", |seen| {
                    execute_attempts(seen).contains(&2)
                })
            });
            hotel.release.store(true, Ordering::SeqCst);
            assert!(std::process::Command::new("kill").args(["-CONT", &pid]).status().unwrap().success());
        }
    }

    let seen = tokio::task::block_in_place(|| {
        collector.wait_until(90, "the outcome", |seen| !outcomes(seen, &topics).is_empty())
    });
    let outcome = seen.iter().filter(|s| s.topic == topics.outcomes).find_map(Seen::envelope).expect("an outcome");
    let AnyMessage::Outcome(apex::core::outcome::Outcome::WorkflowCompleted(done)) = outcome.payload else {
        panic!("{:?}", outcome.payload)
    };
    let kept = done.results.get("hotel").expect("the hotel's output").value()["booking"].as_str().unwrap().to_owned();
    let deadline = support::deadline(60);
    while hotel.cancelled.lock().unwrap().is_empty() {
        assert!(Instant::now() < deadline, "the late booking was never cancelled");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let booked = hotel.booked.lock().unwrap().clone();
    assert_eq!(booked.len(), 2, "the timed-out attempt and its retry both booked: {booked:?}");
    let other: Vec<_> = booked.iter().filter(|b| **b != kept).cloned().collect();
    assert_eq!(other.len(), 1, "the kept booking is one of the two: {kept} of {booked:?}");

    // The history says so, and the core decides it again byte for byte.
    let mut env = env_of(&config, "cli");
    env.push(("APEX_DATABASE_URL".into(), db.url.clone()));
    let id = workflow.to_string();
    let apex = |args: &[&str]| {
        let out = support::apex(&env, args);
        (out.status.success(), support::printed(&out))
    };
    let deadline = support::deadline(60);
    loop {
        let (_, shown) = apex(&["workflows", "show", &id, "--tenant", "acme"]);
        if shown.contains("StepSucceededLate") && shown.contains("CompensationSucceeded") {
            break;
        }
        assert!(Instant::now() < deadline, "the projection never showed the late effect undone: {shown}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let (passed, replayed) = apex(&["replay", &id, "--tenant", "acme"]);
    assert!(passed && replayed.contains("replay gate passed"), "{replayed}");
    assert_eq!(*hotel.cancelled.lock().unwrap(), other, "exactly the booking not kept was cancelled, once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_booking_answered_after_the_step_timeout_is_kept_or_undone_never_leaked() {
    a_late_booking_is_kept_or_undone(Lateness::SlowService).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_executor_stopped_past_the_step_timeout_leaves_one_booking_kept_and_the_late_one_cancelled() {
    a_late_booking_is_kept_or_undone(Lateness::StoppedExecutor).await;
}

/// The attempt of every `ExecuteStep` seen on the commands topic.
fn execute_attempts(seen: &[Seen]) -> Vec<u32> {
    (seen.iter().filter_map(Seen::envelope))
        .filter_map(|e| match e.payload {
            AnyMessage::Command(Command::ExecuteStep(c)) => Some(c.attempt),
            _ => None,
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redis_outage_longer_than_every_attempt_fails_no_saga_and_runs_each_tool_once() {
    const GOALS: usize = 30;
    let calls: Arc<Mutex<BTreeMap<String, usize>>> = Arc::default();
    let counted = calls.clone();
    let base = serve(move |request| {
        let key = request.header("idempotency-key").unwrap_or_default().to_owned();
        *counted.lock().unwrap().entry(key).or_default() += 1;
        Response::json(200, json!({"booking": "HT-1"}))
    });
    let tools = catalog_file(&format!("tools:\n  - name: book_hotel\n    kind: http\n    url: {base}/book\n"));
    let tools_path = tools.display().to_string();
    let mut redis = support::redis::PrivateRedis::start();
    let (port, redis_url) = (redis.port, redis.url());
    let db = support::postgres::fresh("apex_outage").await;
    let config = test_config(&[]);
    apex::kafka::topics::create(&config).await.expect("topics");
    let topics = Topics::new(&config.topic_prefix);
    let collector = Collector::start(&config, &[&topics.outcomes, &topics.commands]);
    let store = [("APEX_DATABASE_URL", db.url.as_str()), ("APEX_MIGRATE_ON_START", "on")];
    let executor_env = [("APEX_TOOLS", tools_path.as_str()), ("APEX_REDIS_URL", redis_url.as_str())];
    let _roles = [
        RoleProcess::start(&config, "p1"),
        RoleProcess::start_role(&config, "executor", "e1", &executor_env),
        RoleProcess::start_role(&config, "projector", "pr1", &store),
    ];
    // Every attempt times out after 1.5 s and only two may be spent: an outage of several
    // seconds would fail every saga if waiting for Redis counted.
    let plan = json!({"steps": [{"id": "hotel", "tool": "book_hotel", "timeout_ms": 1500,
        "retry": {"max_attempts": 2, "initial_backoff_ms": 200, "multiplier": 2.0, "max_backoff_ms": 1000}}]});
    let _planner = TestExecutor::start(&config, move |command| match command {
        Command::PlanGoal(_) => support::kafka::Reply::Done(plan.clone()),
        _ => support::kafka::Reply::Ignore,
    });
    redis.kill();
    let publisher = Publisher::new(&config);
    let mut workflows = Vec::new();
    for _ in 0..GOALS {
        let workflow = WorkflowId::from_uuid(uuid::Uuid::new_v4());
        let mut inputs = apex::core::builder::InputBuilder::new(workflow, TenantId::parse("acme").unwrap(), "py");
        let goal = inputs.goal(apex::clock::wall_clock(), "Book a hotel in Lima", Some(120_000));
        tokio::task::block_in_place(|| publisher.input(&config, &goal));
        workflows.push(workflow);
    }
    tokio::task::block_in_place(|| {
        collector.wait_until(90, "attempts beyond the retry policy while Redis is down", |seen| {
            execute_attempts(seen).iter().any(|&a| a >= 4)
        })
    });
    assert!(calls.lock().unwrap().is_empty(), "no tool ran while Redis was down");
    let _redis = support::redis::PrivateRedis::start_on(port);

    let seen = tokio::task::block_in_place(|| {
        collector.wait_until(120, "every outcome", |seen| outcomes(seen, &topics).len() == GOALS)
    });
    let failed: Vec<String> = (seen.iter().filter(|s| s.topic == topics.outcomes).filter_map(Seen::envelope))
        .filter_map(|e| match e.payload {
            AnyMessage::Outcome(apex::core::outcome::Outcome::WorkflowCompleted(_)) => None,
            other => Some(format!("{}: {other:?}", e.correlation_id)),
        })
        .collect();
    assert!(failed.is_empty(), "no saga failed: {failed:#?}");
    let calls = calls.lock().unwrap().clone();
    assert_eq!(calls.len(), GOALS, "one booking per workflow");
    assert!(calls.values().all(|&n| n == 1), "each tool ran once: {calls:?}");

    let mut env = env_of(&config, "cli");
    env.push(("APEX_DATABASE_URL".into(), db.url.clone()));
    let id = workflows[0].to_string();
    let deadline = support::deadline(60);
    loop {
        let out = support::apex(&env, &["replay", &id, "--tenant", "acme"]);
        let text = support::printed(&out);
        if out.status.success() && text.contains("replay gate passed") && text.contains("status Completed") {
            break;
        }
        assert!(Instant::now() < deadline, "the history never replayed: {text}");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

#[test]
fn a_two_megabyte_output_travels_by_claim_check_and_the_next_step_gets_it_whole() {
    let report = "x".repeat(2 * 1024 * 1024);
    let read = Arc::new(Mutex::new(None::<usize>));
    let seen_by_tool = read.clone();
    let base = serve(move |request| match request.path.as_str() {
        "/fetch" => Response::json(200, json!({ "report": report })),
        "/digest" => {
            let length = request.json()["context"]["fetch"]["report"].as_str().map(str::len);
            *seen_by_tool.lock().unwrap() = length;
            Response::json(200, json!({ "read": length }))
        }
        _ => Response::json(404, json!({"error": "no such tool"})),
    });
    let tools = catalog_file(&format!(
        "tools:\n  - name: fetch_report\n    kind: http\n    url: {base}/fetch\n  - name: digest_report\n    kind: http\n    url: {base}/digest\n"
    ));
    let tools_path = tools.display().to_string();
    let redis = std::env::var("APEX_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6380".into());
    let config = test_config(&[("APEX_REDIS_URL", &redis)]);
    create_topics(&config);
    let topics = Topics::new(&config.topic_prefix);
    let collector = Collector::start(&config, &[&topics.outcomes, &topics.envelopes]);
    let _processor = RoleProcess::start(&config, "p1");
    let _executor = RoleProcess::start_role(&config, "executor", "e1", &[("APEX_TOOLS", &tools_path)]);
    let plan = json!({"steps": [
        {"id": "fetch", "tool": "fetch_report"},
        {"id": "digest", "tool": "digest_report", "depends_on": ["fetch"]}
    ]});
    // Plans only; the steps go to the real executor.
    let _planner = TestExecutor::start(&config, move |command| match command {
        Command::PlanGoal(_) => support::kafka::Reply::Done(plan.clone()),
        _ => support::kafka::Reply::Ignore,
    });
    let workflow = WorkflowId::from_uuid(uuid::Uuid::new_v4());
    let mut inputs = apex::core::builder::InputBuilder::new(workflow, TenantId::parse("acme").unwrap(), "ts-client");
    Publisher::new(&config).input(&config, &inputs.goal(apex::clock::wall_clock(), "Digest the report", None));
    let seen = collector.wait_until(120, "the outcome", |seen| !outcomes(seen, &topics).is_empty());
    assert_eq!(outcomes(&seen, &topics)[&workflow.to_string()], ["orchestrator:agent.workflow_completed"]);
    assert_eq!(*read.lock().unwrap(), Some(2 * 1024 * 1024), "the next step's tool got the whole output");
    let claimed = answers(&seen)
        .into_values()
        .find_map(|answer| match answer {
            Input::ToolResultReceived(r) if r.step_id.as_str() == "fetch" => Some(r.output),
            _ => None,
        })
        .expect("fetch's answer");
    let claim = apex::claim::ClaimRef::of(claimed.value()).expect("the answer carries a reference");
    assert!(claim.bytes > 2 * 1024 * 1024 && claim.sha256.len() == 64, "{claim:?}");
    let largest = seen.iter().map(|s| s.value.len()).max().unwrap_or(0);
    assert!(largest < 64 * 1024, "no record carries the output: the largest is {largest} bytes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_output_without_a_claim_store_and_a_claim_gone_from_it_fail_their_step_with_the_reason() {
    let base = serve(|_| Response::json(200, json!({ "report": "y".repeat(300 * 1024) })));
    let tools = catalog(&format!("tools:\n  - name: fetch_report\n    kind: http\n    url: {base}/fetch\n"));
    let command = execute(WorkflowId::from_uuid(uuid::Uuid::new_v4()), "fetch", "fetch_report", 1, 10_000);
    let Input::StepFailed(failed) = answer_of(&Executor::new(tools), &command).await else { panic!("not a failure") };
    assert!(!failed.retryable && !failed.not_run, "the tool ran; retrying cannot shrink its output");
    assert!(
        failed.error.contains("APEX_CLAIM_CHECK_BYTES") && failed.error.contains("APEX_REDIS_URL"),
        "{}",
        failed.error
    );

    // A later step whose context names content the store no longer holds.
    let redis = std::env::var("APEX_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6380".into());
    let prefix = format!("t{}:", uuid::Uuid::new_v4().simple());
    let claims = apex::claim::Claims::new(apex::lock::Locks::lazy(&redis, &prefix), 1024, Duration::from_secs(60));
    let tools = catalog(&format!("tools:\n  - name: digest_report\n    kind: http\n    url: {base}/digest\n"));
    let executor = Executor::new(tools).with_claims(claims);
    let mut command = execute(WorkflowId::from_uuid(uuid::Uuid::new_v4()), "digest", "digest_report", 1, 10_000);
    let gone = apex::claim::ClaimRef { sha256: "0".repeat(64), bytes: 5_000_000 };
    if let Command::ExecuteStep(step) = &mut command.payload {
        step.context = StepOutputs(vec![(StepId::parse("fetch").unwrap(), Json::new(gone.to_value()))]);
    }
    let Input::StepFailed(failed) = answer_of(&executor, &command).await else { panic!("not a failure") };
    assert!(
        failed.error.contains("no longer stored") && failed.error.contains("APEX_CLAIM_TTL_SECS"),
        "{}",
        failed.error
    );
    assert!(!failed.retryable, "the content will not come back");
}

/// An LLM-backed tool: it answers with text and the tokens it spent, in the OpenAI shape.
fn llm_tool(calls: Arc<Mutex<Vec<String>>>) -> String {
    serve(move |request| {
        calls.lock().unwrap().push(request.path.clone());
        match request.path.as_str() {
            "/llm" => Response::json(
                200,
                json!({"text": "a paragraph", "usage": {"model": "gpt-test", "prompt_tokens": 400, "completion_tokens": 200}}),
            ),
            _ => Response::json(200, json!({"ok": true})),
        }
    })
}

/// The budget is the tenant's default (`APEX_TENANT_BUDGETS`; the goal names none), so the
/// shell's stamp is covered too; replay reads it back from the history.
#[test]
fn a_workflow_whose_planner_and_llm_tool_spend_past_its_budget_is_compensated_with_the_figures() {
    let calls = Arc::new(Mutex::new(Vec::new()));
    let base = llm_tool(calls.clone());
    let tools = catalog_file(&format!(
        "tools:\n  - name: ask_llm\n    kind: http\n    url: {base}/llm\n    compensation: forget\n\
         \x20 - name: forget\n    kind: http\n    url: {base}/forget\n\
         \x20 - name: post_note\n    kind: http\n    url: {base}/post\n"
    ));
    let tools_path = tools.display().to_string();
    let plan = json!({"steps": [
        {"id": "research", "tool": "ask_llm"},
        {"id": "draft", "tool": "ask_llm", "depends_on": ["research"]},
        {"id": "publish", "tool": "post_note", "depends_on": ["draft"]}
    ]});
    let llm =
        support::openai::FakeOpenAi::start(Some("sk-test"), vec![support::openai::Reply::Content(plan.to_string())]);
    let prices = r#"{"gpt-test": {"input_per_1k": 1.0, "output_per_1k": 2.0}}"#;
    let config = test_config(&[]);
    create_topics(&config);
    let topics = Topics::new(&config.topic_prefix);
    let collector = Collector::start(&config, &[&topics.outcomes, &topics.events]);
    let _processor = RoleProcess::start_role(
        &config,
        "processor",
        "p1",
        &[("APEX_TENANT_BUDGETS", r#"{"acme": {"max_tokens": 1000}}"#)],
    );
    let llm_settings = [
        ("APEX_TOOLS", tools_path.as_str()),
        ("APEX_LLM_BASE_URL", llm.base_url.as_str()),
        ("APEX_LLM_API_KEY", "sk-test"),
        ("APEX_LLM_MODEL", "gpt-test"),
        ("APEX_LLM_PRICES", prices),
        ("APEX_PLAN_CACHE", "off"),
    ];
    let _planner = RoleProcess::start_role(&config, "planner", "pl1", &llm_settings);
    let _executor = RoleProcess::start_role(&config, "executor", "e1", &llm_settings);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let database = runtime.block_on(support::postgres::fresh("apex_budget"));
    let store = [("APEX_DATABASE_URL", database.url.as_str()), ("APEX_MIGRATE_ON_START", "on")];
    let _projector = RoleProcess::start_role(&config, "projector", "pr1", &store);
    let workflow = WorkflowId::from_uuid(uuid::Uuid::new_v4());
    let mut inputs = apex::core::builder::InputBuilder::new(workflow, TenantId::parse("acme").unwrap(), "ts-client");
    // The plan costs a few hundred tokens; each tool call 600: the draft crosses 1,000.
    let goal = inputs.goal(apex::clock::wall_clock(), "Summarise the research on solar roofs", None);
    Publisher::new(&config).input(&config, &goal);
    let seen =
        collector.wait_until(120, "the outcome", |seen| outcomes(seen, &topics).contains_key(&workflow.to_string()));
    let outcome = seen.iter().filter(|s| s.topic == topics.outcomes).find_map(Seen::envelope).expect("an outcome");
    let AnyMessage::Outcome(apex::core::outcome::Outcome::WorkflowCompensated(end)) = outcome.payload else {
        panic!("{:?}", outcome.payload)
    };
    assert!(end.reason.starts_with("budget_exceeded: ") && end.reason.contains("tokens of 1000"), "{}", end.reason);
    let calls = calls.lock().unwrap().clone();
    assert!(!calls.contains(&"/post".to_owned()), "nothing runs past the budget: {calls:?}");
    assert_eq!(calls.iter().filter(|c| *c == "/forget").count(), 2, "both LLM steps are undone: {calls:?}");
    let recorded: Vec<serde_json::Value> = seen
        .iter()
        .filter(|s| s.topic == topics.events)
        .flat_map(|s| serde_json::from_slice::<serde_json::Value>(&s.value).ok()?["events"].as_array().cloned())
        .flatten()
        .filter(|e| e["type"] == "UsageRecorded")
        .collect();
    assert_eq!(recorded.len(), 3, "the plan and both tool calls: {recorded:?}");
    assert!(recorded.iter().all(|e| e["model"] == "gpt-test" && e["cost"].as_f64().is_some_and(|c| c > 0.0)));
    let tokens: u64 = recorded.iter().filter_map(|e| e["tokens"].as_u64()).sum();

    // The spend shows where operators look: `apex workflows show` (the API's `spend` reads the
    // same projection).
    let mut env = env_of(&config, "cli");
    env.push(("APEX_DATABASE_URL".into(), database.url.clone()));
    let deadline = support::deadline(60);
    loop {
        let shown = support::apex(&env, &["workflows", "show", &workflow.to_string(), "--tenant", "acme"]);
        let out = String::from_utf8_lossy(&shown.stdout).into_owned();
        if out.contains("compensated") && out.contains("spend ") {
            assert!(out.contains(&format!("spend     {tokens} tokens, 3 LLM calls, cost")), "{out}");
            break;
        }
        assert!(Instant::now() < deadline, "the projection never showed the spend: {out}");
        std::thread::sleep(Duration::from_millis(300));
    }
    // The replay gate decides the same without the configuration: the budget is on the record.
    let replay = support::apex(&env, &["replay", &workflow.to_string(), "--tenant", "acme"]);
    let out = support::printed(&replay);
    assert!(replay.status.success() && out.contains("replay gate passed"), "{out}");
}
