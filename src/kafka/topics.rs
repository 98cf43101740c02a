//! The topics of a deployment and their provisioning.
//!
//! | topic | key | cleanup | content |
//! |---|---|---|---|
//! | `<prefix>envelopes` | workflow id | delete | inputs (goals, results, timers…) |
//! | `<prefix>commands` | workflow id | delete | saga commands for planners/executors |
//! | `<prefix>outcomes` | workflow id | delete | how workflows ended |
//! | `<prefix>events` | workflow id | delete | the aggregates' event log |
//! | `<prefix>state` | workflow id | compact | snapshots for restore (changelog) |
//! | `<prefix>dlq` | original key | delete | refused inputs, reason in headers |

use std::time::Duration;

use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{BaseConsumer, Consumer};

use crate::config::Config;

/// Topic names for one prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topics {
    pub envelopes: String,
    pub commands: String,
    pub outcomes: String,
    pub events: String,
    pub state: String,
    pub dlq: String,
}

impl Topics {
    /// The names under `prefix` (e.g. `apex.`).
    pub fn new(prefix: &str) -> Self {
        Self {
            envelopes: format!("{prefix}envelopes"),
            commands: format!("{prefix}commands"),
            outcomes: format!("{prefix}outcomes"),
            events: format!("{prefix}events"),
            state: format!("{prefix}state"),
            dlq: format!("{prefix}dlq"),
        }
    }

    /// Every topic with its cleanup policy.
    pub fn all(&self) -> [(&str, &str); 6] {
        [
            (&self.envelopes, "delete"),
            (&self.commands, "delete"),
            (&self.outcomes, "delete"),
            (&self.events, "delete"),
            (&self.state, "compact"),
            (&self.dlq, "delete"),
        ]
    }
}

/// Why topics could not be provisioned or are missing.
#[derive(Debug, thiserror::Error)]
pub enum TopicsError {
    #[error("Kafka: {0}")]
    Kafka(#[from] rdkafka::error::KafkaError),
    #[error("could not create topic {topic}: {reason}")]
    Create { topic: String, reason: String },
    #[error("missing topics: {} (run `apex topics create`)", .0.join(", "))]
    Missing(Vec<String>),
}

/// Creates the missing topics with `config.partitions` partitions; returns those created.
///
/// # Errors
/// [`TopicsError`] when the broker refuses a topic for another reason than "exists".
pub async fn create(config: &Config) -> Result<Vec<String>, TopicsError> {
    let admin: AdminClient<DefaultClientContext> = super::client::admin(config).create()?;
    let topics = Topics::new(&config.topic_prefix);
    let max_bytes = config.max_record_bytes.to_string();
    let new: Vec<NewTopic<'_>> = topics
        .all()
        .iter()
        .map(|(name, cleanup)| {
            NewTopic::new(name, config.partitions, TopicReplication::Fixed(config.replication_factor))
                .set("cleanup.policy", cleanup)
                .set("max.message.bytes", &max_bytes)
        })
        .collect();
    let options = AdminOptions::new().operation_timeout(Some(Duration::from_secs(30)));
    let mut created = Vec::new();
    for result in admin.create_topics(&new, &options).await? {
        match result {
            Ok(name) => created.push(name),
            Err((_, rdkafka::types::RDKafkaErrorCode::TopicAlreadyExists)) => {}
            Err((topic, code)) => return Err(TopicsError::Create { topic, reason: code.to_string() }),
        }
    }
    Ok(created)
}

/// Waits until every topic exists (a broker restarted without them, or roles started before
/// `apex topics create`), saying what is missing every 10 s, instead of exiting and
/// crash-looping; returns the envelope topic's partition count. Stop it with a signal.
///
/// # Errors
/// [`TopicsError::Kafka`] when the client cannot even be created (a bad `APEX_KAFKA_CONF_*`
/// setting): waiting cannot cure that. Missing topics and an unreachable broker are waited out.
pub async fn wait(config: &Config) -> Result<i32, TopicsError> {
    let mut last_said: Option<std::time::Instant> = None;
    loop {
        let settings = config.clone();
        let found = tokio::task::spawn_blocking(move || check(&settings))
            .await
            .unwrap_or_else(|e| Err(TopicsError::Missing(vec![e.to_string()])));
        match found {
            Ok(partitions) => return Ok(partitions),
            Err(e @ TopicsError::Kafka(rdkafka::error::KafkaError::ClientCreation(_))) => return Err(e),
            Err(e) => {
                if last_said.is_none_or(|at| at.elapsed() >= Duration::from_secs(10)) {
                    crate::telemetry::topics_awaited(&e.to_string());
                    last_said = Some(std::time::Instant::now());
                }
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        }
    }
}

/// Checks that every topic exists; the envelope topic's partition count.
///
/// # Errors
/// [`TopicsError::Missing`] naming the missing topics, or a Kafka error.
pub fn check(config: &Config) -> Result<i32, TopicsError> {
    let consumer: BaseConsumer = super::client::reader(config).create()?;
    let metadata = consumer.fetch_metadata(None, Duration::from_secs(10))?;
    let topics = Topics::new(&config.topic_prefix);
    let partitions = |name: &str| {
        metadata.topics().iter().find(|t| t.name() == name && t.error().is_none()).map(|t| t.partitions().len() as i32)
    };
    let missing: Vec<String> = topics
        .all()
        .iter()
        .filter(|(name, _)| partitions(name).unwrap_or(0) == 0)
        .map(|(n, _)| (*n).to_owned())
        .collect();
    if !missing.is_empty() {
        return Err(TopicsError::Missing(missing));
    }
    Ok(partitions(&topics.envelopes).unwrap_or(0))
}
