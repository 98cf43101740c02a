//! Command-line entry: parses arguments, sets up telemetry and runs the chosen role.
//! `anyhow` lives here and nowhere deeper.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::codec::{avro::ENVELOPE_SCHEMA, json_schema::envelope_schema_text};
use crate::config::Config;

/// APEX Orchestrator: event-sourced saga orchestration for AI-agent goals, on Kafka.
#[derive(Debug, Parser)]
#[command(name = "apex", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print a schema of the envelope contract.
    Schema {
        #[command(subcommand)]
        which: SchemaKind,
    },
    /// Create the topics (partitions and cleanup policies from the configuration).
    Topics {
        #[command(subcommand)]
        action: TopicsAction,
    },
    /// Apply the database migrations (APEX_DATABASE_URL).
    Migrate,
    /// Run the stream processor: fold envelopes into workflows, publish commands and outcomes.
    Processor,
    /// Run the HTTP API (APEX_API_ADDR): submit goals, read workflows, signal, cancel; the UI.
    Api,
    /// Run the projector: fold the event log into PostgreSQL (event store and projections).
    Projector,
    /// Run the planner role: answer plan commands (plan cache, then the LLM or the built-in planner).
    Planner,
    /// Run the executor role: run steps and compensations with the catalog's tools (APEX_TOOLS, else the demo tools).
    Executor {
        /// Make this built-in tool fail (repeatable).
        #[arg(long)]
        fail: Vec<String>,
        /// Simulated latency of every built-in tool call, in milliseconds.
        #[arg(long, default_value_t = 0)]
        latency_ms: u64,
        /// Share of tool calls (0.0–1.0) that fail retryably.
        #[arg(long, default_value_t = 0.0)]
        failure_rate: f64,
    },
    /// Run every role in one process, submit a goal and show the saga as it unfolds.
    Demo(crate::demo::DemoArgs),
    /// Submit a goal to the deployment's topics and follow it to its outcome.
    Submit {
        /// The goal in natural language.
        goal: String,
        /// The tenant (and user) the goal is for.
        #[arg(long, default_value = "demo-user")]
        tenant: String,
        /// Give up following after this many seconds.
        #[arg(long, default_value_t = 120)]
        timeout_s: u64,
    },
    /// Read workflows from the projections (APEX_DATABASE_URL).
    Workflows {
        #[command(subcommand)]
        action: WorkflowsAction,
    },
    /// The replay gate: re-decide a workflow's inputs with this build and compare every event.
    Replay {
        /// The workflow id.
        id: String,
        #[arg(long)]
        tenant: String,
    },
    /// Send the operator's `resume` signal to a parked workflow.
    Resume {
        /// The workflow id.
        id: String,
        #[arg(long)]
        tenant: String,
    },
    /// The semantic plan cache.
    Cache {
        #[command(subcommand)]
        action: CacheAction,
    },
    /// Distributed locks and workflow leases in Redis.
    Locks {
        #[command(subcommand)]
        action: LocksAction,
    },
    /// The tool catalog: list it, or check a catalog file.
    Tools {
        #[command(subcommand)]
        action: crate::tools::cli::ToolsAction,
    },
    /// Check every dependency and the configuration; say exactly what is wrong.
    Doctor,
    /// Print the effective configuration, secrets masked.
    Config,
    /// Benchmarks against the configured broker.
    #[cfg(feature = "bench")]
    Bench {
        #[command(subcommand)]
        which: BenchKind,
    },
}

#[derive(Debug, Subcommand)]
enum SchemaKind {
    /// JSON Schema (draft 2020-12) of envelopes and payloads, for publishers.
    Json,
    /// The Avro schema (`schemas/apex.envelope.avsc`).
    Avro,
}

#[derive(Debug, Subcommand)]
enum WorkflowsAction {
    /// Newest first.
    List {
        #[arg(long)]
        tenant: String,
        /// Only this status (planning, running, compensating, parked, completed, compensated, failed, cancelled).
        #[arg(long)]
        status: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// One workflow and its event timeline.
    Show {
        id: String,
        #[arg(long)]
        tenant: String,
    },
    /// Cancel every workflow of a tenant that has not ended (e.g. its budget is spent): each
    /// compensates what it did.
    Stop {
        #[arg(long)]
        tenant: String,
        /// Why: the workflows' outcomes carry it.
        #[arg(long, default_value = "stopped by an operator")]
        reason: String,
    },
}

#[derive(Debug, Subcommand)]
enum CacheAction {
    /// Entries and hits of the plan cache.
    Stats,
    /// Every entry: its id, tenant, hits, origin (planner and version), intents and template.
    List {
        /// Only this tenant's entries.
        #[arg(long)]
        tenant: Option<String>,
    },
    /// Stops a cached plan from being reused: by the id `apex cache list` shows, or by its
    /// template text (every tenant's entry of it).
    Evict {
        /// An entry id, or a template such as `Book a flight to {LOCATION} {DATE}`.
        selector: String,
    },
}

#[derive(Debug, Subcommand)]
enum LocksAction {
    /// Every lock and lease with holder, TTL and fencing token.
    List,
}

#[derive(Debug, Subcommand)]
enum TopicsAction {
    /// Create missing topics; existing ones are left as they are.
    Create,
    /// Say which topics exist and which are missing.
    Check,
}

#[cfg(feature = "bench")]
#[derive(Debug, Subcommand)]
enum BenchKind {
    /// End-to-end processor throughput and latency, with a raw transactional copy as baseline.
    Pipeline(crate::bench::PipelineArgs),
    /// Plan cache: LLM calls avoided and wrong reuses (guarded vs similarity-only), lookup latency at scale.
    Cache(crate::bench::cache::CacheArgs),
    /// The built-in planner on a labelled held-out corpus: right, wrong (unsafe, incomplete, values) and refused plans per intent.
    Plan(crate::bench::plan::PlanArgs),
    /// Sagas end to end: processor, planner and executor as processes, N goals, sagas/s and goal→outcome latency.
    Saga(crate::bench::saga::SagaArgs),
    /// One executor with N slow tool calls at once: the time until all are answered.
    Calls(crate::bench::calls::CallsArgs),
    /// PostgreSQL: projection events/s (batched vs per record) and replay of the stored events.
    Store(crate::bench::store::StoreArgs),
}

/// Runs the binary; errors are printed with their causes and turn into exit code 1.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Schema { which: SchemaKind::Json } => print!("{}", envelope_schema_text()),
        Command::Schema { which: SchemaKind::Avro } => print!("{ENVELOPE_SCHEMA}"),
        Command::Config => {
            let vars: std::collections::BTreeMap<String, String> = std::env::vars().collect();
            for line in crate::ops::settings::lines(|n| vars.get(n).cloned(), vars.keys().cloned()) {
                println!("{line}");
            }
            Config::from_env()?;
        }
        command => {
            let config = Config::from_env()?;
            crate::telemetry::init(&config.log_format);
            crate::telemetry::set_cost_currency(&config.llm_currency);
            let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
            runtime.block_on(run_role(command, config))?;
        }
    }
    Ok(())
}

async fn run_role(command: Command, config: Config) -> anyhow::Result<()> {
    let long_running =
        matches!(command, Command::Processor | Command::Planner | Command::Executor { .. } | Command::Projector);
    if let (true, Some(addr)) = (long_running, config.metrics_addr.clone()) {
        let stall_limit = std::time::Duration::from_secs(config.stall_seconds);
        tokio::spawn(async move {
            if let Err(e) = crate::metrics_server::serve(&addr, stall_limit).await {
                tracing::error!(addr, error = %e, "metrics endpoint not served");
            }
        });
    }
    match command {
        Command::Topics { action: TopicsAction::Create } => {
            let created = crate::kafka::topics::create(&config).await?;
            for topic in created {
                println!("created {topic}");
            }
        }
        Command::Topics { action: TopicsAction::Check } => {
            crate::kafka::topics::check(&config)?;
            println!("all topics exist");
        }
        Command::Migrate => {
            let url = config
                .database_url
                .as_ref()
                .map(crate::secret::Secret::expose)
                .ok_or(crate::store::StoreError::NotConfigured)?;
            let pool = crate::store::connect(url).await?;
            let applied = crate::store::migrate(&pool).await?;
            println!("{applied} migration(s) applied; the schema is current");
        }
        Command::Processor => crate::processor::run(config).await?,
        Command::Projector => crate::projector::run(config).await?,
        Command::Api => crate::api::run(config).await?,
        Command::Planner => {
            let planner = crate::planner::build(&config).await?;
            let role = crate::planner::Role::new(&config, planner).await;
            run_worker(config, "planner", std::sync::Arc::new(role)).await?
        }
        Command::Executor { fail, latency_ms, failure_rate } => {
            let settings = crate::tools::demo::DemoSettings {
                fail: fail.into_iter().collect(),
                failure_rate,
                latency: std::time::Duration::from_millis(latency_ms),
            };
            let tools = crate::tools::Tools::load(&config, &settings)?;
            tracing::info!(tools = tools.specs().count(), version = tools.version(), "tool catalog loaded");
            let executor = crate::executor::build(&config, tools).await?;
            run_worker(config, "executor", std::sync::Arc::new(executor)).await?
        }
        Command::Tools { action } => crate::tools::cli::run(&config, action)?,
        Command::Demo(args) => crate::demo::run(&config, args).await?,
        Command::Submit { goal, tenant, timeout_s } => {
            crate::kafka::topics::check(&config)?;
            let timeout = std::time::Duration::from_secs(timeout_s);
            tokio::task::spawn_blocking(move || crate::demo::submit_and_follow(&config, &tenant, &goal, timeout))
                .await??
        }
        Command::Workflows { action: WorkflowsAction::List { tenant, status, limit } } => {
            crate::ops::inspect::list(&config, &tenant, status.as_deref(), limit).await?
        }
        Command::Workflows { action: WorkflowsAction::Show { id, tenant } } => {
            crate::ops::inspect::show(&config, &tenant, &id).await?
        }
        Command::Workflows { action: WorkflowsAction::Stop { tenant, reason } } => {
            crate::ops::inspect::stop(&config, &tenant, &reason).await?
        }
        Command::Replay { id, tenant } => crate::ops::replay::run(&config, &tenant, &id).await?,
        Command::Resume { id, tenant } => crate::ops::inspect::resume(&config, &tenant, &id).await?,
        Command::Cache { action: CacheAction::Stats } => crate::ops::inspect::cache_stats(&config).await?,
        Command::Cache { action: CacheAction::List { tenant } } => {
            crate::ops::inspect::cache_list(&config, tenant.as_deref()).await?
        }
        Command::Cache { action: CacheAction::Evict { selector } } => {
            crate::ops::inspect::cache_evict(&config, &selector).await?
        }
        Command::Locks { action: LocksAction::List } => crate::ops::inspect::locks(&config).await?,
        Command::Doctor => crate::ops::doctor::run(&config).await?,
        #[cfg(feature = "bench")]
        Command::Bench { which: BenchKind::Pipeline(args) } => crate::bench::pipeline(&config, args).await?,
        #[cfg(feature = "bench")]
        Command::Bench { which: BenchKind::Cache(args) } => crate::bench::cache::run(&config, args).await?,
        #[cfg(feature = "bench")]
        Command::Bench { which: BenchKind::Plan(args) } => crate::bench::plan::run(&args)?,
        #[cfg(feature = "bench")]
        Command::Bench { which: BenchKind::Saga(args) } => crate::bench::saga::run(&config, args).await?,
        #[cfg(feature = "bench")]
        Command::Bench { which: BenchKind::Calls(args) } => crate::bench::calls::run(&config, args).await?,
        #[cfg(feature = "bench")]
        Command::Bench { which: BenchKind::Store(args) } => crate::bench::store::run(&config, args).await?,
        Command::Schema { .. } | Command::Config => {}
    }
    Ok(())
}

/// Runs a command-worker role until SIGINT/SIGTERM, then lets it drain.
async fn run_worker(
    config: Config,
    role: &'static str,
    handler: std::sync::Arc<dyn crate::worker::Handler>,
) -> anyhow::Result<()> {
    crate::kafka::topics::wait(&config).await?;
    let codec = crate::codec::wire::WireCodec::from_config(&config)?;
    let shutdown = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = shutdown.clone();
    let group = format!("{}{role}", config.topic_prefix);
    tracing::info!(role, group, concurrency = config.worker_concurrency, "starting");
    let worker = tokio::spawn(async move { crate::worker::run(&config, &group, codec, flag, handler).await });
    tokio::pin!(worker);
    tokio::select! {
        _ = crate::shutdown::wait_for_signal() => shutdown.store(true, std::sync::atomic::Ordering::Relaxed),
        result = &mut worker => return Ok(result??),
    }
    Ok(worker.await??)
}
