//! `apex demo "<goal>"`: the whole system in one process on the local stack. The processor,
//! the planner (plan cache, built-in planner) and the demo executor run as they would as separate roles (own
//! consumer groups, real topics under a fresh prefix); the goal goes in as an envelope and
//! the saga is printed from the event log as it unfolds.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rdkafka::consumer::BaseConsumer;
use rdkafka::message::Message;
use rdkafka::producer::{BaseProducer, BaseRecord};

use crate::codec::wire::WireCodec;
use crate::config::Config;
use crate::core::builder::InputBuilder;
use crate::core::event::EventKind;
use crate::core::ids::{TenantId, WorkflowId};
use crate::kafka::records::EventsRecord;
use crate::kafka::topics::Topics;
use crate::tools::Tools;
use crate::tools::demo::DemoSettings;

/// Options of `apex demo`.
#[derive(Debug, Clone, clap::Args)]
pub struct DemoArgs {
    /// The goal, in natural language.
    pub goal: String,
    /// Make this tool fail (repeatable), to see compensation.
    #[arg(long)]
    pub fail: Vec<String>,
    /// Simulated latency of every tool call, in milliseconds.
    #[arg(long, default_value_t = 300)]
    pub latency_ms: u64,
    /// Share of tool calls (0.0–1.0) that fail retryably, to see retries.
    #[arg(long, default_value_t = 0.0)]
    pub failure_rate: f64,
    /// Give up after this many seconds.
    #[arg(long, default_value_t = 90)]
    pub timeout_s: u64,
}

/// Why the demo could not run.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("Kafka: {0}")]
    Kafka(#[from] rdkafka::error::KafkaError),
    #[error(transparent)]
    Topics(#[from] crate::kafka::topics::TopicsError),
    #[error(transparent)]
    Codec(#[from] crate::codec::avro::AvroError),
    #[error("{0}")]
    Other(String),
}

/// Runs the demo and prints the saga.
///
/// # Errors
/// [`DemoError`] when the stack is not reachable or the workflow does not end in time.
pub async fn run(config: &Config, args: DemoArgs) -> Result<(), DemoError> {
    let mut config = config.isolated("demo");
    config.partitions = 1;
    config.batch_max_ms = config.batch_max_ms.min(10);
    crate::kafka::topics::create(&config).await?;
    let codec = WireCodec::from_config(&config)?;
    println!("APEX demo: \"{}\"", args.goal);
    println!("  broker {}  topics {}*", config.brokers, config.topic_prefix);
    let shutdown = Arc::new(AtomicBool::new(false));
    let mut threads = Vec::new();
    {
        let (config, codec, flag) = (config.clone(), codec.clone(), shutdown.clone());
        let runtime = tokio::runtime::Handle::current();
        threads.push(std::thread::spawn(move || {
            match crate::processor::runner::Runner::new(config, codec, flag, runtime) {
                Ok(runner) => {
                    if let Err(e) = runner.run() {
                        eprintln!("processor: {e}");
                    }
                }
                Err(e) => eprintln!("processor: {e}"),
            }
        }));
    }
    let planner = crate::planner::build(&config).await.map_err(|e| DemoError::Other(e.to_string()))?;
    let planner: Arc<dyn crate::worker::Handler> = Arc::new(crate::planner::Role::new(&config, planner).await);
    let settings = DemoSettings {
        fail: args.fail.iter().cloned().collect(),
        failure_rate: args.failure_rate,
        latency: Duration::from_millis(args.latency_ms),
    };
    let tools = Tools::load(&config, &settings).map_err(|e| DemoError::Other(e.to_string()))?;
    let executor = crate::executor::build(&config, tools).await.map_err(|e| DemoError::Other(e.to_string()))?;
    let executor: Arc<dyn crate::worker::Handler> = Arc::new(executor);
    let mut workers = Vec::new();
    for (role, handler) in [("planner", planner), ("executor", executor)] {
        let (config, codec, flag) = (config.clone(), codec.clone(), shutdown.clone());
        workers.push(tokio::spawn(async move {
            let group = format!("{}{role}", config.topic_prefix);
            if let Err(e) = crate::worker::run(&config, &group, codec, flag, handler).await {
                eprintln!("{role}: {e}");
            }
        }));
    }
    let goal = args.goal.clone();
    let timeout = Duration::from_secs(args.timeout_s);
    let result = tokio::task::spawn_blocking(move || submit_and_follow(&config, "demo-user", &goal, timeout))
        .await
        .map_err(|e| DemoError::Other(e.to_string()))?;
    shutdown.store(true, Ordering::Relaxed);
    for t in threads {
        let _ = t.join();
    }
    for w in workers {
        let _ = w.await;
    }
    result
}

/// Produces a goal of `tenant` to the envelopes topic and prints the saga from the event log
/// as it unfolds, until its outcome or `timeout` (`apex demo`, `apex submit`).
///
/// # Errors
/// [`DemoError`] when the broker is unusable, the tenant invalid, or no outcome comes in time.
pub fn submit_and_follow(config: &Config, tenant: &str, goal: &str, timeout: Duration) -> Result<(), DemoError> {
    let topics = Topics::new(&config.topic_prefix);
    let workflow = WorkflowId::from_uuid(uuid::Uuid::new_v4());
    let tenant = TenantId::parse(tenant).map_err(|e| DemoError::Other(format!("tenant: {e}")))?;
    let mut inputs = InputBuilder::new(workflow, tenant, "apex-demo");
    let envelope = inputs.goal(crate::clock::wall_clock(), goal, Some(timeout.as_millis() as u64));
    let producer: BaseProducer = crate::kafka::client::producer(config, None).create()?;
    let key = workflow.to_string();
    let value = envelope.to_json();
    producer
        .send(BaseRecord::to(&topics.envelopes).key(key.as_bytes()).payload(value.as_slice()))
        .map_err(|(e, _)| e)?;
    crate::kafka::delivery::drain(&producer, Duration::from_secs(10))?;
    println!("  workflow {workflow} submitted; starting roles (consumer groups take a few seconds to join)\n");

    let reader: BaseConsumer = crate::kafka::client::reader(config).create()?;
    crate::kafka::client::assign_whole_topic(&reader, &topics.events)?;
    let started = Instant::now();
    let mut first: Option<Instant> = None;
    while started.elapsed() < timeout + Duration::from_secs(15) {
        let Some(Ok(message)) = reader.poll(Duration::from_millis(100)) else { continue };
        let Ok(record) = serde_json::from_slice::<EventsRecord>(message.payload().unwrap_or_default()) else {
            continue;
        };
        if record.workflow_id != workflow {
            continue;
        }
        let t0 = *first.get_or_insert_with(Instant::now);
        for event in &record.events {
            if let Some(line) = describe(&event.kind) {
                println!("  {:>6.2}s  {line}", t0.elapsed().as_secs_f64());
            }
            if matches!(
                event.kind,
                EventKind::WorkflowCompleted { .. }
                    | EventKind::WorkflowFailed { .. }
                    | EventKind::WorkflowCompensated { .. }
                    | EventKind::WorkflowCancelled { .. }
                    | EventKind::WorkflowParked { .. }
            ) {
                println!(
                    "\n  {} events recorded on {}; outcome published on {}",
                    record.first_seq as usize + record.events.len(),
                    topics.events,
                    topics.outcomes
                );
                return Ok(());
            }
        }
    }
    Err(DemoError::Other(format!("the workflow did not end within {} s", timeout.as_secs())))
}

fn short(json: &crate::core::json::Json) -> String {
    let text = json.value().to_string();
    crate::text::clip(&text, 90).into_owned()
}

/// One line per event worth showing.
fn describe(kind: &EventKind) -> Option<String> {
    Some(match kind {
        EventKind::WorkflowStarted(start) => {
            format!("goal received from {}: {}", start.tenant_id, crate::text::printable(&start.goal))
        }
        EventKind::PlanRequested { attempt, .. } => format!("planning (request #{attempt})"),
        EventKind::PlanAccepted { plan, source, .. } => {
            let steps: Vec<String> = plan
                .steps()
                .iter()
                .map(|s| {
                    if s.depends_on.is_empty() {
                        s.id.to_string()
                    } else {
                        format!(
                            "{} (after {})",
                            s.id,
                            s.depends_on.iter().map(|d| d.as_str()).collect::<Vec<_>>().join(", ")
                        )
                    }
                })
                .collect();
            format!("plan from {source}: {}", steps.join(" | "))
        }
        EventKind::PlanRejected { reason } => format!("no plan: {reason}"),
        EventKind::StepDispatched { step_id, attempt, .. } => format!("-> {step_id} #{attempt} dispatched"),
        EventKind::StepSucceeded { step_id, attempt, output } => format!("ok {step_id} #{attempt} {}", short(output)),
        EventKind::StepAttemptFailed { step_id, attempt, error, .. } => {
            format!("!! {step_id} #{attempt} failed: {error}")
        }
        EventKind::StepRetryScheduled { step_id, attempt, due_at } => {
            format!("   {step_id} retry #{attempt} at {due_at}")
        }
        EventKind::StepFailed { step_id, .. } => format!("xx {step_id} failed for good"),
        EventKind::StepSkipped { step_id } => format!("   {step_id} skipped"),
        EventKind::CompensationStarted { reason, .. } => format!("<< compensating: {reason}"),
        EventKind::StepSucceededLate { step_id, attempt, output, fate } => {
            format!("   {step_id} #{attempt} succeeded late ({fate:?}): {}", short(output))
        }
        EventKind::CompensationDispatched { step_id, attempt, effect, .. } => {
            format!("<- undo {step_id}{} #{attempt} dispatched", of_effect(*effect))
        }
        EventKind::CompensationSucceeded { step_id, effect, .. } => {
            format!("ok {step_id}{} undone", of_effect(*effect))
        }
        EventKind::CompensationAttemptFailed { step_id, error, effect, .. } => {
            format!("!! undo {step_id}{} failed: {error}", of_effect(*effect))
        }
        EventKind::CompensationExhausted { step_id, effect, .. } => {
            format!("xx undo {step_id}{} exhausted", of_effect(*effect))
        }
        EventKind::WorkflowCompleted { .. } => "== workflow COMPLETED".to_owned(),
        EventKind::WorkflowFailed { reason } => format!("== workflow FAILED: {reason}"),
        EventKind::WorkflowCompensated { reason } => format!("== workflow COMPENSATED ({reason})"),
        EventKind::WorkflowCancelled { reason } => format!("== workflow CANCELLED ({reason})"),
        EventKind::WorkflowParked { reason } => format!("== workflow PARKED: {reason}"),
        _ => return None,
    })
}

/// " (late effect of #N)" for a compensation of a late effect, nothing otherwise.
fn of_effect(effect: Option<u32>) -> String {
    effect.map(|a| format!(" (late effect of #{a})")).unwrap_or_default()
}
