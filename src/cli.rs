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
    /// Run the stream processor: fold envelopes into workflows, publish commands and outcomes.
    Processor,
    /// Benchmarks against the configured broker.
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
enum TopicsAction {
    /// Create missing topics; existing ones are left as they are.
    Create,
    /// Say which topics exist and which are missing.
    Check,
}

#[derive(Debug, Subcommand)]
enum BenchKind {
    /// End-to-end processor throughput and latency, with a raw transactional copy as baseline.
    Pipeline(crate::bench::PipelineArgs),
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
        command => {
            let config = Config::from_env()?;
            crate::telemetry::init(&config.log_format);
            let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
            runtime.block_on(run_role(command, config))?;
        }
    }
    Ok(())
}

async fn run_role(command: Command, config: Config) -> anyhow::Result<()> {
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
        Command::Processor => crate::processor::run(config).await?,
        Command::Bench { which: BenchKind::Pipeline(args) } => crate::bench::pipeline(&config, args).await?,
        Command::Schema { .. } => {}
    }
    Ok(())
}
