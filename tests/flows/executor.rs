//! The executor's guard on real Redis: a redelivered command runs its tool once, a command
//! from a fenced-off processor is refused, without Redis no tool runs (fail closed) and no
//! attempt is spent, a command past its deadline is answered without running, and a copy of a
//! command still running (here or at another executor) is held for that run's answer.

use crate::support;

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
use apex::lock::Locks;
use apex::tools::{Tool, ToolCall, ToolError, Tools};
use apex::worker::Reply;
use serde_json::{Value, json};

struct Counting(Arc<AtomicUsize>);

#[async_trait::async_trait]
impl Tool for Counting {
    fn name(&self) -> &str {
        "charge_payment"
    }
    async fn execute(&self, _: &ToolCall<'_>) -> Result<Value, ToolError> {
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
        timestamp: apex::clock::wall_clock(),
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

async fn executor(url: &str, runs: &Arc<AtomicUsize>) -> Executor {
    let prefix = format!("t{}:", &uuid::Uuid::new_v4().simple().to_string()[..10]);
    let locks = Locks::connect(url, &prefix).await.expect("redis");
    Executor::guarded(Tools::of([Arc::new(Counting(runs.clone())) as Arc<dyn Tool>]), Guard::new(locks, "executor-1"))
}

fn answered(reply: Reply) -> Option<Envelope<Input>> {
    match reply {
        Reply::Answer(answer) => Some(*answer),
        Reply::NotOurs => None,
        Reply::Later(_) | Reply::Elsewhere(_) => panic!("held, not answered"),
    }
}

fn redis_url() -> String {
    std::env::var("APEX_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6380".into())
}

#[tokio::test]
async fn a_redelivered_command_runs_its_tool_once_and_gets_the_same_answer() {
    let runs = Arc::new(AtomicUsize::new(0));
    let executor = executor(&redis_url(), &runs).await;
    let cmd = command(WorkflowId::from_uuid(uuid::Uuid::new_v4()));
    let first = answered(executor.handle(&cmd, None).await).expect("answered");
    let again = answered(executor.handle(&cmd, None).await).expect("answered again");
    assert_eq!(runs.load(Ordering::SeqCst), 1, "the tool ran once");
    assert_eq!(first, again, "the stored answer, identical (same eventId: the processor drops it)");
    assert!(matches!(first.payload, Input::ToolResultReceived(_)));
}

#[tokio::test]
async fn a_command_with_a_stale_fencing_token_is_refused() {
    let runs = Arc::new(AtomicUsize::new(0));
    let executor = executor(&redis_url(), &runs).await;
    let workflow = WorkflowId::from_uuid(uuid::Uuid::new_v4());
    assert!(answered(executor.handle(&command(workflow), Some(7)).await).is_some(), "the current owner");
    assert!(answered(executor.handle(&command(workflow), Some(6)).await).is_none(), "a former owner");
    assert!(answered(executor.handle(&command(workflow), Some(8)).await).is_some(), "a newer owner");
    assert_eq!(runs.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn without_redis_no_tool_runs_and_the_command_is_held_not_failed() {
    let runs = Arc::new(AtomicUsize::new(0));
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("redis://127.0.0.1:{port}");
    // A guard connected to a private Redis that is then killed.
    let mut redis = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!("exec $(scripts/stack.sh redis-command) --bind 127.0.0.1 --port {port} --save '' --appendonly no"))
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = support::deadline(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(std::time::Instant::now() < deadline);
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let locks = Locks::connect(&url, "t:").await.unwrap();
    redis.kill().unwrap();
    redis.wait().unwrap();
    let dead =
        Executor::guarded(Tools::of([Arc::new(Counting(runs.clone())) as Arc<dyn Tool>]), Guard::new(locks, "e"));
    let reply = dead.handle(&command(WorkflowId::from_uuid(uuid::Uuid::new_v4())), None).await;
    assert!(matches!(reply, Reply::Later(_)), "held for a later try, no attempt spent: {reply:?}");
    assert_eq!(runs.load(Ordering::SeqCst), 0, "fail closed: the tool did not run");

    // Near its deadline a held command is given back, answered `not_run`, before the saga
    // would time the attempt out and count it.
    let mut near = command(WorkflowId::from_uuid(uuid::Uuid::new_v4()));
    near.timestamp = apex::core::time::Timestamp::from_millis(apex::clock::wall_clock().millis() - 4_800);
    let answer = answered(dead.handle(&near, None).await).expect("given back");
    let Input::StepFailed(failed) = answer.payload else { panic!("{:?}", answer.payload) };
    assert!(failed.not_run && failed.retryable, "{failed:?}");
    assert!(failed.error.starts_with("not run: Redis is unavailable"), "{}", failed.error);
    assert_eq!(runs.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_command_past_its_deadline_is_answered_without_running() {
    let runs = Arc::new(AtomicUsize::new(0));
    let executor = executor(&redis_url(), &runs).await;
    let mut cmd = command(WorkflowId::from_uuid(uuid::Uuid::new_v4()));
    cmd.timestamp = Timestamp::from_millis(apex::clock::wall_clock().millis() - 6_000);
    let answer = answered(executor.handle(&cmd, None).await).expect("an answer");
    let Input::StepFailed(failed) = answer.payload else { panic!("{:?}", answer.payload) };
    assert!(failed.retryable && failed.error.starts_with("expired"), "{}", failed.error);
    assert_eq!(runs.load(Ordering::SeqCst), 0, "the tool did not run");
}

struct Slow;

#[async_trait::async_trait]
impl Tool for Slow {
    fn name(&self) -> &str {
        "charge_payment"
    }
    async fn execute(&self, _: &ToolCall<'_>) -> Result<Value, ToolError> {
        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
        Ok(json!("too late"))
    }
}

#[tokio::test]
async fn a_tool_that_overruns_its_timeout_and_the_grace_fails_the_attempt_retryably() {
    let mut cmd = command(WorkflowId::from_uuid(uuid::Uuid::new_v4()));
    if let Command::ExecuteStep(e) = &mut cmd.payload {
        e.timeout_ms = 200;
    }
    let started = std::time::Instant::now();
    let executor = Executor::new(Tools::of([Arc::new(Slow) as Arc<dyn Tool>]));
    let answer = answered(executor.handle(&cmd, None).await).expect("an answer");
    assert!(started.elapsed() < std::time::Duration::from_secs(3), "answered after the grace, not when the tool ended");
    let Input::StepFailed(failed) = answer.payload else { panic!("{:?}", answer.payload) };
    assert!(failed.retryable);
    assert_eq!(failed.error, "charge_payment did not answer within its timeout of 200 ms and as long again");
}

/// Says when it starts, then takes its time.
struct Started(Arc<std::sync::atomic::AtomicBool>);

#[async_trait::async_trait]
impl Tool for Started {
    fn name(&self) -> &str {
        "charge_payment"
    }
    async fn execute(&self, _: &ToolCall<'_>) -> Result<Value, ToolError> {
        self.0.store(true, Ordering::SeqCst);
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        Ok(json!("charged"))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_command_another_executor_is_running_is_held_without_taking_a_slot() {
    let prefix = format!("t{}:", &uuid::Uuid::new_v4().simple().to_string()[..10]);
    let started = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let executor = |owner: &'static str| {
        let (prefix, started) = (prefix.clone(), started.clone());
        async move {
            let locks = Locks::connect(&redis_url(), &prefix).await.expect("redis");
            let tools = Tools::of([Arc::new(Started(started)) as Arc<dyn Tool>]);
            Arc::new(Executor::guarded(tools, Guard::new(locks, owner)))
        }
    };
    let (first, second) = (executor("executor-1").await, executor("executor-2").await);
    let cmd = command(WorkflowId::from_uuid(uuid::Uuid::new_v4()));
    let running = {
        let (first, cmd) = (first.clone(), cmd.clone());
        tokio::spawn(async move { first.handle(&cmd, None).await })
    };
    let deadline = support::deadline(10);
    while !started.load(Ordering::SeqCst) {
        assert!(std::time::Instant::now() < deadline, "the first executor never ran the tool");
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    assert!(matches!(second.handle(&cmd, None).await, Reply::Elsewhere(_)), "held: another executor runs it");
    let answer = answered(running.await.unwrap()).expect("the first executor answers");
    assert_eq!(answered(second.handle(&cmd, None).await), Some(answer), "then the stored answer, once");
}

/// Says when it starts, and answers when it is let go.
struct Gated {
    started: Arc<std::sync::atomic::AtomicBool>,
    release: Arc<tokio::sync::Notify>,
    runs: Arc<AtomicUsize>,
}

#[async_trait::async_trait]
impl Tool for Gated {
    fn name(&self) -> &str {
        "charge_payment"
    }
    async fn execute(&self, _: &ToolCall<'_>) -> Result<Value, ToolError> {
        self.runs.fetch_add(1, Ordering::SeqCst);
        self.started.store(true, Ordering::SeqCst);
        self.release.notified().await;
        Ok(json!({ "booking": "BK-1" }))
    }
}

/// Waits until `condition` holds, for at most ten seconds.
async fn until(what: &str, condition: impl Fn() -> bool) {
    let deadline = support::deadline(10);
    while !condition() {
        assert!(std::time::Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
}

/// A copy of a command that reaches the executor still running it (its partition was revoked
/// and assigned back) is held, whether or not its deadline has passed by then, and gets the
/// run's answer: never "expired, the tool did not run", and never a second run. Likewise a
/// late copy at a second executor while the first runs it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_copy_of_a_command_still_running_is_held_for_its_answer_not_expired_or_run_again() {
    let prefix = format!("t{}:", &uuid::Uuid::new_v4().simple().to_string()[..10]);
    let (started, release, runs) = (Arc::default(), Arc::new(tokio::sync::Notify::new()), Arc::default());
    let executor = |owner: &'static str| {
        let prefix = prefix.clone();
        let tool = Gated { started: Arc::clone(&started), release: Arc::clone(&release), runs: Arc::clone(&runs) };
        async move {
            let locks = Locks::connect(&redis_url(), &prefix).await.expect("redis");
            Arc::new(Executor::guarded(Tools::of([Arc::new(tool) as Arc<dyn Tool>]), Guard::new(locks, owner)))
        }
    };
    let (first, second) = (executor("executor-1").await, executor("executor-2").await);
    let mut cmd = command(WorkflowId::from_uuid(uuid::Uuid::new_v4()));
    if let Command::ExecuteStep(e) = &mut cmd.payload {
        e.timeout_ms = 1_000;
    }
    let running = {
        let (first, cmd) = (first.clone(), cmd.clone());
        tokio::spawn(async move { first.handle(&cmd, None).await })
    };
    until("the tool runs", || started.load(Ordering::SeqCst)).await;
    assert!(matches!(first.handle(&cmd, None).await, Reply::Elsewhere(_)), "a copy in time is held, not run");

    let deadline = cmd.timestamp.millis() + 1_000;
    until("the deadline passed", || apex::clock::wall_clock().millis() > deadline).await;
    assert!(matches!(first.handle(&cmd, None).await, Reply::Elsewhere(_)), "a late copy here is held");
    assert!(matches!(second.handle(&cmd, None).await, Reply::Elsewhere(_)), "and at another executor");

    release.notify_one();
    let answer = answered(running.await.unwrap()).expect("the run answers, late");
    let Input::ToolResultReceived(result) = &answer.payload else { panic!("{:?}", answer.payload) };
    assert_eq!(result.output.value(), &json!({ "booking": "BK-1" }));
    assert_eq!(answered(first.handle(&cmd, None).await).as_ref(), Some(&answer), "the copy gets the run's answer");
    assert_eq!(answered(second.handle(&cmd, None).await).as_ref(), Some(&answer), "so does the other executor");
    assert_eq!(runs.load(Ordering::SeqCst), 1, "the tool ran once");
}
