//! `apex bench saga`: sagas end to end, every role its own process, as users run them.
//!
//! 1. Starts `apex processor`, `apex planner` and `apex executor` (this binary) on a fresh topic
//!    prefix; with `--tools http`, the tools are the built-in ones behind a local HTTP service
//!    ([`super::stub`]) reached through the catalog's `http` kind, as a user's tools would be.
//! 2. Warms up: one goal, until its outcome arrives (every group has joined).
//! 3. Sends N goals of the 5-step travel saga (search_flights → book_flight; book_hotel;
//!    charge_payment after both; send_email after it), in a burst or at a fixed rate, and
//!    reads `apex.outcomes` until every saga has ended.
//! 4. Reports sagas/s (first goal sent → last outcome seen), p50/p99 goal → outcome, the
//!    outcomes by kind, and the CPU each process used (roles, broker, Redis) in that window.
//!
//! `--json` prints one line for `bench/peers/run.sh`, which runs the same saga on Temporal
//! and Restate and prints the three side by side.

use std::collections::{BTreeMap, HashMap};
use std::process::{Child, Command as Process, Stdio};
use std::time::{Duration, Instant};

use rdkafka::consumer::BaseConsumer;
use rdkafka::message::Message;
use rdkafka::producer::{BaseProducer, BaseRecord};
use serde_json::json;

use super::BenchError;
use super::cpu;
use crate::clock::wall_clock;
use crate::codec::wire::WireCodec;
use crate::config::Config;
use crate::core::builder::InputBuilder;
use crate::core::envelope::Payload;
use crate::core::ids::{TenantId, WorkflowId};
use crate::core::message::Message as AnyMessage;
use crate::kafka::delivery;
use crate::kafka::topics::Topics;
use crate::tools::demo::DemoSettings;

/// How the benchmark's tools run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ToolsKind {
    /// In the executor process (the demo tools).
    Builtin,
    /// Behind a local HTTP service, through the catalog's `http` kind.
    Http,
}

/// Options of `apex bench saga`.
#[derive(Debug, Clone, clap::Args)]
pub struct SagaArgs {
    /// Goals sent in one burst (ignored with --rate).
    #[arg(long, default_value_t = 1_000)]
    pub goals: usize,
    /// Send goals at this rate per second for --seconds instead of a burst.
    #[arg(long)]
    pub rate: Option<f64>,
    /// Length of the fixed-rate run.
    #[arg(long, default_value_t = 10)]
    pub seconds: u64,
    /// Latency of every tool call, in milliseconds.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,
    /// Where tools run.
    #[arg(long, value_enum, default_value = "builtin")]
    pub tools: ToolsKind,
    /// Make this tool fail (the failure variant: `--fail send_email` compensates every saga).
    #[arg(long)]
    pub fail: Vec<String>,
    /// Commands in flight per planner and executor process (APEX_WORKER_CONCURRENCY): by
    /// Little's law, N sagas/s of 5 calls of L seconds need 5·N·L slots.
    #[arg(long, default_value_t = 2048)]
    pub concurrency: usize,
    /// Partitions of the benchmark's topics.
    #[arg(long, default_value_t = 4)]
    pub partitions: i32,
    /// Stop waiting for outcomes after this many seconds.
    #[arg(long, default_value_t = 600)]
    pub timeout_s: u64,
    /// One JSON line instead of the table.
    #[arg(long)]
    pub json: bool,
}

/// Cities the goals travel to, so the plan cache sees the same saga with new values.
const CITIES: [&str; 12] =
    ["Paris", "Rome", "Berlin", "Madrid", "Vienna", "Prague", "Lisbon", "Oslo", "Dublin", "Athens", "Warsaw", "Zurich"];

/// The goal of saga `n`: the 5-step travel saga.
fn goal(n: usize) -> String {
    let city = CITIES[n % CITIES.len()];
    format!(
        "Book a flight and a hotel in {city} tomorrow, charge my card and email the confirmation to user{n}@example.com"
    )
}

/// The roles as child processes; stopped with SIGTERM (then killed) when dropped.
pub(super) struct Roles {
    children: Vec<(&'static str, Child)>,
    logs: std::path::PathBuf,
}

impl Roles {
    fn start(config: &Config, args: &SagaArgs, catalog: Option<&std::path::Path>) -> Result<Self, BenchError> {
        Self::start_some(config, args, catalog, &["processor", "planner", "executor"])
    }

    /// Starts `roles` of this binary on `config`'s topics.
    pub(super) fn start_some(
        config: &Config,
        args: &SagaArgs,
        catalog: Option<&std::path::Path>,
        roles: &[&'static str],
    ) -> Result<Self, BenchError> {
        let logs = std::env::temp_dir().join(format!("apex-bench-{}", config.topic_prefix.trim_end_matches('.')));
        std::fs::create_dir_all(&logs).map_err(|e| BenchError::Stalled(format!("{}: {e}", logs.display())))?;
        let exe = std::env::current_exe().map_err(|e| BenchError::Stalled(e.to_string()))?;
        let mut children = Vec::new();
        for &role in roles {
            let log = std::fs::File::create(logs.join(format!("{role}.log")))
                .map_err(|e| BenchError::Stalled(format!("{role} log: {e}")))?;
            let mut command = Process::new(&exe);
            command
                .arg(role)
                .env("APEX_TOPIC_PREFIX", &config.topic_prefix)
                .env("APEX_GROUP_ID", &config.group_id)
                .env("APEX_INSTANCE_ID", format!("bench-{role}"))
                .env("APEX_PARTITIONS", config.partitions.to_string())
                .env("APEX_SESSION_TIMEOUT_MS", config.session_timeout_ms.to_string())
                .env("APEX_WORKER_CONCURRENCY", args.concurrency.to_string())
                .env_remove("APEX_METRICS_ADDR")
                .env("RUST_LOG", std::env::var("RUST_LOG").unwrap_or_else(|_| "warn".into()))
                .stdout(Stdio::null())
                .stderr(log);
            if role == "executor" {
                match catalog {
                    Some(file) => {
                        command.env("APEX_TOOLS", file);
                    }
                    None => {
                        command.env_remove("APEX_TOOLS").arg("--latency-ms").arg(args.latency_ms.to_string());
                        for tool in &args.fail {
                            command.arg("--fail").arg(tool);
                        }
                    }
                }
            }
            if role == "planner"
                && let Some(file) = catalog
            {
                command.env("APEX_TOOLS", file);
            }
            let child = command.spawn().map_err(|e| BenchError::Stalled(format!("apex {role}: {e}")))?;
            children.push((role, child));
        }
        Ok(Self { children, logs })
    }

    /// Fails if a role has exited (it would never answer).
    pub(super) fn check_alive(&mut self) -> Result<(), BenchError> {
        for (role, child) in &mut self.children {
            if let Ok(Some(status)) = child.try_wait() {
                let log = self.logs.join(format!("{role}.log"));
                return Err(BenchError::Stalled(format!("apex {role} exited ({status}); see {}", log.display())));
            }
        }
        Ok(())
    }
}

impl Drop for Roles {
    fn drop(&mut self) {
        for (_, child) in &self.children {
            let _ = Process::new("kill").arg("-TERM").arg(child.id().to_string()).status();
        }
        let deadline = Instant::now() + Duration::from_secs(20);
        for (_, child) in &mut self.children {
            while Instant::now() < deadline && matches!(child.try_wait(), Ok(None)) {
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// What one run measured.
#[derive(Debug)]
struct Measured {
    sent: usize,
    ended: usize,
    wall: Duration,
    latencies_ms: Vec<f64>,
    outcomes: BTreeMap<&'static str, usize>,
    cpu: Vec<(String, Duration)>,
}

/// Runs the benchmark and prints its result.
///
/// # Errors
/// [`BenchError`] when the stack cannot be used, a role exits, or sagas do not end in time.
pub async fn run(config: &Config, args: SagaArgs) -> Result<(), BenchError> {
    let mut config = config.isolated("bench-saga");
    config.partitions = args.partitions;
    crate::kafka::topics::create(&config).await?;
    let catalog = match args.tools {
        ToolsKind::Builtin => None,
        ToolsKind::Http => {
            let settings = DemoSettings {
                fail: args.fail.iter().cloned().collect(),
                latency: Duration::from_millis(args.latency_ms),
                failure_rate: 0.0,
            };
            let stub = super::stub::serve(settings).await.map_err(|e| BenchError::Stalled(e.to_string()))?;
            let file = std::env::temp_dir().join(format!("{}tools.yaml", config.topic_prefix));
            std::fs::write(&file, super::stub::catalog_yaml(&stub.url))
                .map_err(|e| BenchError::Stalled(e.to_string()))?;
            Some(file)
        }
    };
    let roles = Roles::start(&config, &args, catalog.as_deref())?;
    let codec = WireCodec::from_config(&config)?;
    let (config2, args2) = (config.clone(), args.clone());
    let measured = tokio::task::spawn_blocking(move || measure(&config2, &args2, &codec, roles))
        .await
        .map_err(|e| BenchError::Stalled(e.to_string()))??;
    report(&args, &measured);
    Ok(())
}

/// A benchmark's Kafka clients: a producer, and a reader of the whole topic `read` names.
pub(super) fn clients(
    config: &Config,
    read: impl Fn(&Topics) -> &String,
) -> Result<(Topics, BaseProducer, BaseConsumer), BenchError> {
    let topics = Topics::new(&config.topic_prefix);
    let producer: BaseProducer = crate::kafka::client::producer(config, None).create()?;
    let reader: BaseConsumer = crate::kafka::client::reader(config).create()?;
    crate::kafka::client::assign_whole_topic(&reader, read(&topics))?;
    Ok((topics, producer, reader))
}

fn measure(config: &Config, args: &SagaArgs, codec: &WireCodec, mut roles: Roles) -> Result<Measured, BenchError> {
    let (topics, producer, reader) = clients(config, |t| &t.outcomes)?;
    let tenant = TenantId::parse("bench").map_err(|e| BenchError::Stalled(e.to_string()))?;
    let send = |n: usize, workflow: WorkflowId| -> Result<(), BenchError> {
        let mut inputs = InputBuilder::new(workflow, tenant.clone(), "apex-bench");
        let envelope = inputs.goal(wall_clock(), &goal(n), Some(args.timeout_s * 1000));
        let key = workflow.to_string();
        let value = codec.encode(&topics.envelopes, &envelope).map_err(|e| BenchError::Stalled(e.to_string()))?;
        delivery::send(&producer, BaseRecord::to(&topics.envelopes).key(key.as_bytes()).payload(value.as_slice()))?;
        Ok(())
    };
    let ended = |message: &rdkafka::message::BorrowedMessage<'_>| -> Option<(WorkflowId, &'static str)> {
        let envelope = codec.decode::<AnyMessage>(message.payload().unwrap_or_default()).ok()?;
        Some((envelope.correlation_id, envelope.payload.event_type()))
    };

    // Warm-up: one saga end to end, so every role has joined its group.
    let warm = WorkflowId::from_uuid(uuid::Uuid::new_v4());
    send(0, warm)?;
    let deadline = Instant::now() + Duration::from_secs(180);
    'warm: loop {
        roles.check_alive()?;
        delivery::serve_ready(&producer);
        while let Some(Ok(message)) = reader.poll(Duration::from_millis(50)) {
            if ended(&message).is_some_and(|(w, _)| w == warm) {
                break 'warm;
            }
        }
        if Instant::now() > deadline {
            return Err(BenchError::Stalled(format!("the warm-up saga did not end; logs in {}", roles.logs.display())));
        }
    }

    let total = match args.rate {
        Some(rate) => (rate * args.seconds as f64).round() as usize,
        None => args.goals,
    };
    let interval = args.rate.map(|r| Duration::from_secs_f64(1.0 / r));
    let ids: Vec<WorkflowId> = (0..total).map(|_| WorkflowId::from_uuid(uuid::Uuid::new_v4())).collect();
    let index: HashMap<WorkflowId, usize> = ids.iter().enumerate().map(|(i, w)| (*w, i)).collect();
    let mut sent_at: Vec<Option<Instant>> = vec![None; total];
    let mut ended_at: Vec<Option<Instant>> = vec![None; total];
    let mut outcomes: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut watched = vec![("processor".to_owned(), 0), ("planner".to_owned(), 0), ("executor".to_owned(), 0)];
    for (i, (_, child)) in roles.children.iter().enumerate() {
        watched[i].1 = child.id();
    }
    watched.extend(cpu::find("tansu").into_iter().map(|pid| ("broker".to_owned(), pid)));
    watched.extend(cpu::find("redis-server").into_iter().map(|pid| ("redis".to_owned(), pid)));
    let before: Vec<Duration> = watched.iter().map(|(_, pid)| cpu::used(*pid).unwrap_or_default()).collect();

    let started = Instant::now();
    let deadline = started + Duration::from_secs(args.timeout_s);
    let (mut next, mut done, mut last_end) = (0usize, 0usize, started);
    while done < total && Instant::now() < deadline {
        let now = Instant::now();
        while next < total && interval.is_none_or(|i| started + i * next as u32 <= now) {
            send(next, ids[next])?;
            sent_at[next] = Some(Instant::now());
            next += 1;
        }
        delivery::serve_ready(&producer);
        while let Some(Ok(message)) = reader.poll(Duration::from_millis(1)) {
            let Some((workflow, kind)) = ended(&message) else { continue };
            let Some(&i) = index.get(&workflow) else { continue };
            if ended_at[i].is_none() {
                let at = Instant::now();
                ended_at[i] = Some(at);
                last_end = at;
                done += 1;
                *outcomes.entry(short(kind)).or_default() += 1;
            }
        }
        roles.check_alive()?;
    }
    let wall = last_end - started;
    let after: Vec<Duration> = watched.iter().map(|(_, pid)| cpu::used(*pid).unwrap_or_default()).collect();
    let mut cpu: BTreeMap<String, Duration> = BTreeMap::new();
    for ((name, _), (b, a)) in watched.iter().zip(before.iter().zip(&after)) {
        *cpu.entry(name.clone()).or_default() += a.saturating_sub(*b);
    }
    let mut latencies_ms: Vec<f64> = sent_at
        .iter()
        .zip(&ended_at)
        .filter_map(|(s, e)| Some((e.as_ref()?.duration_since(*s.as_ref()?)).as_secs_f64() * 1000.0))
        .collect();
    latencies_ms.sort_by(f64::total_cmp);
    Ok(Measured { sent: total, ended: done, wall, latencies_ms, outcomes, cpu: cpu.into_iter().collect() })
}

fn short(event_type: &'static str) -> &'static str {
    event_type.rsplit("workflow_").next().unwrap_or(event_type)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn report(args: &SagaArgs, m: &Measured) {
    let rate = m.ended as f64 / m.wall.as_secs_f64().max(1e-9);
    let (p50, p99) = (percentile(&m.latencies_ms, 50.0), percentile(&m.latencies_ms, 99.0));
    let wall = m.wall.as_secs_f64();
    let cpu: serde_json::Map<String, serde_json::Value> =
        m.cpu.iter().map(|(name, d)| (name.clone(), json!((d.as_secs_f64() * 100.0).round() / 100.0))).collect();
    let mode = match args.rate {
        Some(r) => format!("{r}/s for {} s", args.seconds),
        None => "burst".to_owned(),
    };
    if args.json {
        let line = json!({
            "system": "apex",
            "tools": format!("{:?}", args.tools).to_lowercase(),
            "mode": mode,
            "latency_ms": args.latency_ms,
            "fail": args.fail,
            "concurrency": args.concurrency,
            "n": m.sent,
            "ended": m.ended,
            "seconds": (wall * 1000.0).round() / 1000.0,
            "sagas_per_s": (rate * 10.0).round() / 10.0,
            "p50_ms": (p50 * 10.0).round() / 10.0,
            "p99_ms": (p99 * 10.0).round() / 10.0,
            "outcomes": m.outcomes,
            "cpu_seconds": cpu,
        });
        println!("{line}");
        return;
    }
    let cpu_text: Vec<String> = m
        .cpu
        .iter()
        .map(|(name, d)| format!("{name} {:.1} s ({:.0}%)", d.as_secs_f64(), 100.0 * d.as_secs_f64() / wall.max(1e-9)))
        .collect();
    println!("| tools | mode | latency | N | ended | sagas/s | p50 ms | p99 ms | outcomes | CPU in the window |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    println!(
        "| {:?} | {mode} | {} ms | {} | {} | {rate:.1} | {p50:.1} | {p99:.1} | {:?} | {} |",
        args.tools,
        args.latency_ms,
        m.sent,
        m.ended,
        m.outcomes,
        cpu_text.join(", ")
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let sorted: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&sorted, 50.0), 50.0);
        assert_eq!(percentile(&sorted, 99.0), 99.0);
        assert_eq!(percentile(&[7.0], 99.0), 7.0);
        assert!(percentile(&[], 50.0).is_nan());
    }

    #[test]
    fn the_goal_is_the_five_step_travel_saga() {
        let template = crate::planner::template::extract(&goal(3), crate::core::time::Timestamp::from_millis(0));
        let plan = crate::planner::builtin::plan(&template).unwrap();
        let steps: Vec<(&str, Vec<&str>)> =
            plan.steps.iter().map(|s| (s.tool.as_str(), s.depends_on.iter().map(|d| d.as_str()).collect())).collect();
        assert_eq!(
            steps,
            vec![
                ("search_flights", vec![]),
                ("book_flight", vec!["search_flights"]),
                ("book_hotel", vec![]),
                ("charge_payment", vec!["book_flight", "book_hotel"]),
                ("send_email", vec!["charge_payment"]),
            ]
        );
    }
}
