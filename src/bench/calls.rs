//! `apex bench calls`: one executor process with N slow tool calls in flight at once, the
//! concurrency a user's LLM and HTTP tools need (first command sent → last answer seen).

use std::collections::HashSet;
use std::time::{Duration, Instant};

use rdkafka::message::Message;
use rdkafka::producer::BaseRecord;

use super::BenchError;
use super::saga::{Roles, SagaArgs, ToolsKind};
use crate::clock::wall_clock;
use crate::codec::wire::WireCodec;
use crate::config::Config;
use crate::core::command::{Command, ExecuteStep};
use crate::core::envelope::{Envelope, SCHEMA_VERSION, Trace};
use crate::core::ids::{CommandId, EventId, IdempotencyKey, StepId, TenantId, ToolName, WorkflowId};
use crate::core::input::Input;
use crate::core::json::{Json, StepOutputs};
use crate::core::message::Message as AnyMessage;
use crate::kafka::delivery;

/// Options of `apex bench calls`.
#[derive(Debug, Clone, clap::Args)]
pub struct CallsArgs {
    /// Tool calls sent at once.
    #[arg(long, default_value_t = 1_000)]
    pub calls: usize,
    /// Latency of each call, in milliseconds.
    #[arg(long, default_value_t = 1_000)]
    pub latency_ms: u64,
    /// The executor's APEX_WORKER_CONCURRENCY.
    #[arg(long, default_value_t = 2048)]
    pub concurrency: usize,
}

fn command(id: uuid::Uuid) -> Result<Envelope<Command>, BenchError> {
    let bad = |e: crate::core::ids::IdError| BenchError::Stalled(e.to_string());
    Ok(Envelope {
        event_id: EventId::from_uuid(id),
        correlation_id: WorkflowId::from_uuid(id),
        idempotency_key: IdempotencyKey::from_uuid(id),
        tenant_id: TenantId::parse("bench").map_err(bad)?,
        timestamp: wall_clock(),
        source: "apex-bench".into(),
        trace: Trace { trace_id: id.simple().to_string().into(), span_id: "00f067aa0ba902b7".into() },
        schema_version: SCHEMA_VERSION.into(),
        payload: Command::ExecuteStep(ExecuteStep {
            command_id: CommandId::from_uuid(id),
            step_id: StepId::parse("search").map_err(bad)?,
            attempt: 1,
            tool: ToolName::parse("search_flights").map_err(bad)?,
            input: Json::new(serde_json::json!({"to": "Paris"})),
            context: StepOutputs::default(),
            timeout_ms: 60_000,
        }),
    })
}

/// Runs the benchmark and prints the time for all calls.
///
/// # Errors
/// [`BenchError`] when the stack cannot be used or the executor does not answer in time.
pub async fn run(config: &Config, args: CallsArgs) -> Result<(), BenchError> {
    let config = config.isolated("bench-calls");
    crate::kafka::topics::create(&config).await?;
    let options = SagaArgs {
        goals: 0,
        rate: None,
        seconds: 0,
        latency_ms: args.latency_ms,
        tools: ToolsKind::Builtin,
        fail: Vec::new(),
        concurrency: args.concurrency,
        partitions: config.partitions,
        timeout_s: 120,
        json: false,
    };
    let roles = Roles::start_some(&config, &options, None, &["executor"])?;
    let codec = WireCodec::from_config(&config)?;
    let shared = args.clone();
    let elapsed = tokio::task::spawn_blocking(move || measure(&config, &shared, &codec, roles))
        .await
        .map_err(|e| BenchError::Stalled(e.to_string()))??;
    println!(
        "{} calls of {} ms in one executor (concurrency {}): all answered in {:.2} s",
        args.calls,
        args.latency_ms,
        args.concurrency,
        elapsed.as_secs_f64()
    );
    Ok(())
}

fn measure(config: &Config, args: &CallsArgs, codec: &WireCodec, mut roles: Roles) -> Result<Duration, BenchError> {
    let (topics, producer, reader) = super::saga::clients(config, |t| &t.envelopes)?;
    let send = |id: uuid::Uuid| -> Result<(), BenchError> {
        let value = codec.encode(&topics.commands, &command(id)?).map_err(|e| BenchError::Stalled(e.to_string()))?;
        let key = id.to_string();
        delivery::send(&producer, BaseRecord::to(&topics.commands).key(key.as_bytes()).payload(value.as_slice()))?;
        Ok(())
    };
    let answered = |message: &rdkafka::message::BorrowedMessage<'_>| -> Option<CommandId> {
        match codec.decode::<AnyMessage>(message.payload().unwrap_or_default()).ok()?.payload {
            AnyMessage::Input(Input::ToolResultReceived(a)) => Some(a.command_id),
            _ => None,
        }
    };
    let wait = |ids: &HashSet<CommandId>, roles: &mut Roles, limit: Duration| -> Result<(), BenchError> {
        let deadline = Instant::now() + limit;
        let mut seen = HashSet::new();
        while seen.len() < ids.len() {
            roles.check_alive()?;
            delivery::serve_ready(&producer);
            while let Some(Ok(message)) = reader.poll(Duration::from_millis(1)) {
                if let Some(id) = answered(&message).filter(|id| ids.contains(id)) {
                    seen.insert(id);
                }
            }
            if Instant::now() > deadline {
                return Err(BenchError::Stalled(format!("{} of {} calls answered", seen.len(), ids.len())));
            }
        }
        Ok(())
    };
    let warm = uuid::Uuid::new_v4();
    send(warm)?;
    wait(&HashSet::from([CommandId::from_uuid(warm)]), &mut roles, Duration::from_secs(120))?;
    let ids: Vec<uuid::Uuid> = (0..args.calls).map(|_| uuid::Uuid::new_v4()).collect();
    let started = Instant::now();
    for id in &ids {
        send(*id)?;
    }
    delivery::drain(&producer, Duration::from_secs(30))?;
    wait(&ids.iter().map(|id| CommandId::from_uuid(*id)).collect(), &mut roles, Duration::from_secs(120))?;
    Ok(started.elapsed())
}
