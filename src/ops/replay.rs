//! `apex replay <id>`: the replay gate. The workflow's inputs are read back from
//! `apex.envelopes` (its Kafka key) and the gate of the core ([`verify_log`]) re-decides them,
//! in the order the processor accepted them, comparing every event with the stored history in
//! PostgreSQL. An upgrade that changes a decision for a live workflow fails here before it is
//! rolled out.
//!
//! Commands are not stored in PostgreSQL, so the gate compares events (the commands follow
//! from them deterministically).

use std::time::{Duration, Instant};

use rdkafka::consumer::BaseConsumer;
use rdkafka::message::Message;

use super::OpsError;
use crate::codec::wire::WireCodec;
use crate::config::Config;
use crate::core::envelope::Envelope;
use crate::core::gate::verify_log;
use crate::core::input::Input;
use crate::core::message::Message as AnyMessage;
use crate::kafka::topics::Topics;

/// The workflow's inputs on `apex.envelopes`, in offset order (reads until caught up).
fn inputs(config: &Config, id: &str) -> Result<Vec<Envelope<Input>>, OpsError> {
    let codec = WireCodec::from_config(config).map_err(|e| OpsError::Failed(e.to_string()))?;
    let topics = Topics::new(&config.topic_prefix);
    let reader: BaseConsumer = crate::kafka::client::reader(config).create()?;
    crate::kafka::client::assign_whole_topic(&reader, &topics.envelopes)?;
    let mut found = Vec::new();
    // The local broker under-reports high watermarks: read until polls come back empty.
    let mut quiet_since = Instant::now();
    while quiet_since.elapsed() < Duration::from_secs(2) {
        let Some(message) = reader.poll(Duration::from_millis(100)) else { continue };
        let message = message?;
        quiet_since = Instant::now();
        if message.key() != Some(id.as_bytes()) {
            continue;
        }
        if let Ok(envelope) = codec.decode::<AnyMessage>(message.payload().unwrap_or_default())
            && let Some(input) = envelope.try_map(|m| match m {
                AnyMessage::Input(i) => Some(i),
                _ => None,
            })
        {
            found.push((message.partition(), message.offset(), input));
        }
    }
    found.sort_by_key(|(p, o, _)| (*p, *o));
    Ok(found.into_iter().map(|(_, _, input)| input).collect())
}

/// Runs the gate for one of `tenant`'s workflows.
///
/// # Errors
/// [`OpsError::Failed`] with the first divergence, or when inputs are missing.
pub async fn run(config: &Config, tenant: &str, id: &str) -> Result<(), OpsError> {
    let id = &super::workflow_id(id)?;
    let url = config
        .database_url
        .as_ref()
        .map(crate::secret::Secret::expose)
        .ok_or(crate::store::StoreError::NotConfigured)?;
    let pool = crate::store::connect(url).await?;
    crate::store::queries::show(&pool, tenant, id).await?.ok_or_else(|| OpsError::NotFound(id.to_owned()))?;
    let stored = crate::store::queries::events(&pool, tenant, id).await?;
    let inputs = {
        let (config, id) = (config.clone(), id.to_owned());
        tokio::task::spawn_blocking(move || inputs(&config, &id))
            .await
            .map_err(|e| OpsError::Failed(e.to_string()))??
    };
    let stored: Vec<serde_json::Value> = stored.into_iter().map(|e| e.payload).collect();
    let verified = verify_log(&inputs, &stored).map_err(|e| OpsError::Failed(e.to_string()))?;
    println!(
        "replay gate passed: {} of {} inputs re-decided, {} events identical to the store; status {:?}",
        verified.inputs,
        inputs.len(),
        verified.events,
        verified.state.status()
    );
    Ok(())
}
