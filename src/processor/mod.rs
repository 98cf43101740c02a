//! `apex processor`: consumes envelopes, folds them into per-partition workflows through the
//! core, and publishes events, commands, outcomes, snapshots and timer inputs, committing
//! input offsets with its outputs (transactions) or after them (at-least-once).

pub mod admission;
pub mod batch;
pub mod encoder;
pub mod lag;
pub mod ownership;
pub mod restore;
pub mod runner;
pub mod sink;
pub mod store;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::codec::wire::WireCodec;
use crate::config::Config;

/// Why the processor could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ProcessorError {
    #[error(transparent)]
    Topics(#[from] crate::kafka::topics::TopicsError),
    #[error(transparent)]
    Run(#[from] runner::RunError),
    #[error(transparent)]
    Codec(#[from] crate::codec::avro::AvroError),
    #[error("the processor thread panicked")]
    Panicked,
}

/// Runs the processor until SIGINT/SIGTERM. The loop runs on its own thread (librdkafka
/// calls block); this task only waits for signals.
///
/// # Errors
/// [`ProcessorError`] when topics are missing or Kafka cannot be used.
pub async fn run(config: Config) -> Result<(), ProcessorError> {
    let partitions = crate::kafka::topics::wait(&config).await?;
    tracing::info!(partitions, group = %config.group_id, instance = %config.instance_id,
        guarantee = ?config.guarantee, "processor starting");
    let codec = WireCodec::from_config(&config)?;
    let shutdown = Arc::new(AtomicBool::new(false));
    let flag = shutdown.clone();
    let runtime = tokio::runtime::Handle::current();
    let worker = std::thread::Builder::new()
        .name("apex-processor".into())
        .spawn(move || runner::Runner::new(config, codec, flag, runtime)?.run())
        .map_err(|_| ProcessorError::Panicked)?;
    let signals = tokio::spawn(async move {
        crate::shutdown::wait_for_signal().await;
        shutdown.store(true, Ordering::Relaxed);
    });
    let result = tokio::task::spawn_blocking(move || worker.join()).await;
    signals.abort();
    match result {
        Ok(Ok(outcome)) => Ok(outcome?),
        _ => Err(ProcessorError::Panicked),
    }
}
