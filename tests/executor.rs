//! The executor's guard on real Redis: a redelivered command runs its tool once, a command
//! from a fenced-off processor is refused, and without Redis no tool runs (fail closed).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use apex::core::command::{Command, ExecuteStep};
use apex::core::envelope::{Envelope, SCHEMA_VERSION, Trace};
use apex::core::ids::{CommandId, EventId, IdempotencyKey, StepId, TenantId, ToolName, WorkflowId};
use apex::core::input::Input;
use apex::core::json::{Json, StepOutputs};
use apex::core::time::Timestamp;
use apex::executor::Executor;
use apex::executor::guard::Guard;
use apex::executor::tools::{Tool, ToolError};
use apex::lock::Locks;
use serde_json::{Value, json};

struct Counting(Arc<AtomicUsize>);

impl Tool for Counting {
    fn name(&self) -> &'static str {
        "charge_payment"
    }
    fn execute(&self, _: CommandId, _: &Value, _: &StepOutputs) -> Result<Value, ToolError> {
        let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        Ok(json!({ "charged": true, "run": n }))
    }
}

fn command(workflow: WorkflowId) -> Envelope<Command> {
    let id = uuid::Uuid::new_v4();
    Envelope {
        event_id: EventId::from_uuid(id),
        correlation_id: workflow,
        idempotency_key: IdempotencyKey::from_uuid(id),
        tenant_id: TenantId::parse("user-1").unwrap(),
        timestamp: Timestamp::from_millis(1_764_064_800_000),
        source: "apex-processor".into(),
        trace: Trace { trace_id: "t".into(), span_id: "s".into() },
        schema_version: SCHEMA_VERSION.into(),
        payload: Command::ExecuteStep(ExecuteStep {
            command_id: CommandId::from_uuid(id),
            step_id: StepId::parse("pay").unwrap(),
            attempt: 1,
            tool: ToolName::parse("charge_payment").unwrap(),
            input: Json::null(),
            context: StepOutputs::default(),
            timeout_ms: 5_000,
        }),
    }
}

fn executor(runtime: &tokio::runtime::Runtime, url: &str, runs: &Arc<AtomicUsize>) -> Executor {
    let prefix = format!("t{}:", &uuid::Uuid::new_v4().simple().to_string()[..10]);
    let locks = runtime.block_on(Locks::connect(url, &prefix)).expect("redis");
    let guard = Guard::new(locks, runtime.handle().clone(), "executor-1");
    Executor::guarded(vec![Arc::new(Counting(runs.clone()))], guard)
}

fn redis_url() -> String {
    std::env::var("APEX_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6380".into())
}

#[test]
fn a_redelivered_command_runs_its_tool_once_and_gets_the_same_answer() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let runs = Arc::new(AtomicUsize::new(0));
    let executor = executor(&runtime, &redis_url(), &runs);
    let cmd = command(WorkflowId::from_uuid(uuid::Uuid::new_v4()));
    let first = executor.handle_fenced(&cmd, None).expect("answered");
    let again = executor.handle_fenced(&cmd, None).expect("answered again");
    assert_eq!(runs.load(Ordering::SeqCst), 1, "the tool ran once");
    assert_eq!(first, again, "the stored answer, identical (same eventId: the processor drops it)");
    assert!(matches!(first.payload, Input::ToolResultReceived(_)));
}

#[test]
fn a_command_with_a_stale_fencing_token_is_refused() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let runs = Arc::new(AtomicUsize::new(0));
    let executor = executor(&runtime, &redis_url(), &runs);
    let workflow = WorkflowId::from_uuid(uuid::Uuid::new_v4());
    assert!(executor.handle_fenced(&command(workflow), Some(7)).is_some(), "the current owner");
    assert!(executor.handle_fenced(&command(workflow), Some(6)).is_none(), "a former owner");
    assert!(executor.handle_fenced(&command(workflow), Some(8)).is_some(), "a newer owner");
    assert_eq!(runs.load(Ordering::SeqCst), 2);
}

#[test]
fn without_redis_no_tool_runs_and_the_attempt_fails_retryably() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let runs = Arc::new(AtomicUsize::new(0));
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("redis://127.0.0.1:{port}");
    // A guard connected to a private Redis that is then killed.
    let dead = {
        let mut redis = std::process::Command::new("bash")
            .arg("-c")
            .arg(format!(
                "exec $(scripts/stack.sh redis-command) --bind 127.0.0.1 --port {port} --save '' --appendonly no"
            ))
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(std::time::Instant::now() < deadline);
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let locks = runtime.block_on(Locks::connect(&url, "t:")).unwrap();
        redis.kill().unwrap();
        redis.wait().unwrap();
        Executor::guarded(vec![Arc::new(Counting(runs.clone()))], Guard::new(locks, runtime.handle().clone(), "e"))
    };
    let answer = dead.handle_fenced(&command(WorkflowId::from_uuid(uuid::Uuid::new_v4())), None).expect("an answer");
    let Input::StepFailed(failed) = answer.payload else { panic!("{:?}", answer.payload) };
    assert!(failed.retryable && failed.error.starts_with("not run: Redis is unavailable"), "{}", failed.error);
    assert_eq!(runs.load(Ordering::SeqCst), 0, "fail closed: the tool did not run");
}

struct Slow;

impl Tool for Slow {
    fn name(&self) -> &'static str {
        "charge_payment"
    }
    fn execute(&self, _: CommandId, _: &Value, _: &StepOutputs) -> Result<Value, ToolError> {
        std::thread::sleep(std::time::Duration::from_secs(5));
        Ok(json!("too late"))
    }
}

#[test]
fn a_tool_that_overruns_the_step_timeout_fails_the_attempt_retryably_and_promptly() {
    let mut cmd = command(WorkflowId::from_uuid(uuid::Uuid::new_v4()));
    if let Command::ExecuteStep(e) = &mut cmd.payload {
        e.timeout_ms = 200;
    }
    let started = std::time::Instant::now();
    let answer = Executor::new(vec![Arc::new(Slow)]).handle(&cmd).expect("an answer");
    assert!(started.elapsed() < std::time::Duration::from_secs(2), "answered at the timeout, not when the tool ended");
    let Input::StepFailed(failed) = answer.payload else { panic!("{:?}", answer.payload) };
    assert!(failed.retryable);
    assert_eq!(failed.error, "charge_payment timed out after 200 ms");
}
