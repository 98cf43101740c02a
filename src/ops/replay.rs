//! `apex replay <id>`: the replay gate. The workflow's inputs are read back from
//! `apex.envelopes` (its Kafka key), re-decided one by one by this build's core from the
//! initial state, and every event it decides is compared with the stored history in
//! PostgreSQL, in canonical JSON, in order. An upgrade that changes a decision for a live
//! workflow fails here before it is rolled out.
//!
//! Inputs the processor dead-lettered (rejected) or dropped as duplicates decide no events,
//! here as then. Commands are not stored in PostgreSQL, so the gate compares events (the
//! commands follow from them deterministically).

use std::borrow::Cow;
use std::time::{Duration, Instant};

use rdkafka::consumer::BaseConsumer;
use rdkafka::message::Message;

use super::OpsError;
use crate::codec::wire::WireCodec;
use crate::config::Config;
use crate::core::decide::decide;
use crate::core::envelope::{Envelope, Payload};
use crate::core::event::Event;
use crate::core::input::{Admission, Input};
use crate::core::message::Message as AnyMessage;
use crate::core::state::Workflow;
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

/// The admission the processor established for the workflow's goal, read back from the
/// stored history (see [`crate::core::replay::recorded_admission`]).
fn recorded_admission(stored: &[crate::store::queries::StoredEvent]) -> Admission {
    let refusals: Vec<Event> = stored
        .iter()
        .filter(|e| e.kind == "GoalRefused")
        .filter_map(|e| serde_json::from_value(e.payload.clone()).ok())
        .collect();
    crate::core::replay::recorded_admission(&refusals)
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
    let admission = recorded_admission(&stored);
    let mut state = Workflow::default();
    let mut next = 0usize;
    for (index, input) in inputs.iter().enumerate() {
        let mut input = Cow::Borrowed(input);
        if let Input::GoalReceived(goal) = &mut input.to_mut().payload {
            goal.admission = admission;
        }
        let Ok(decision) = decide(&state, &input) else { continue };
        for event in &decision.events {
            let now = serde_json::to_value(event).map_err(|e| OpsError::Failed(e.to_string()))?;
            let Some(recorded) = stored.get(next) else {
                return Err(OpsError::Failed(format!(
                    "input #{index} ({}) decides event #{next} ({}), which the store does not have",
                    input.payload.event_type(),
                    event.kind.name()
                )));
            };
            if recorded.payload != now {
                return Err(OpsError::Failed(format!(
                    "input #{index} ({}) decides event #{next} differently\n recorded: {}\n now:      {}",
                    input.payload.event_type(),
                    recorded.payload,
                    now
                )));
            }
            next += 1;
        }
        for event in &decision.events {
            state.apply(event);
        }
    }
    if next != stored.len() {
        return Err(OpsError::Failed(format!(
            "the store holds {} events but the {} inputs found decide only {next}; inputs past the topic's retention cannot be replayed",
            stored.len(),
            inputs.len()
        )));
    }
    println!(
        "replay gate passed: {} inputs re-decided, {next} events identical to the store; status {:?}",
        inputs.len(),
        state.status()
    );
    Ok(())
}
