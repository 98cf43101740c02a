//! Planning: turns a goal into a plan.
//!
//! Goal → [`template`] with typed slots → [`embed`]ding → KNN search in the Redis [`cache`] →
//! a hit that passes the [`verify`] guard is reused with the new values ([`parameterize`]); a
//! miss is planned by an OpenAI-compatible [`llm`] or, offline, the [`builtin`] planner (with
//! the MiniLM embedder, weighed against a [`classifier`]'s second opinion), and cached.
//! [`service`] holds that flow; this module makes it a role: it answers `PlanGoal` commands,
//! once per command id.

pub mod builtin;
pub mod cache;
pub mod catalog;
pub mod classifier;
#[cfg(feature = "bench")]
pub mod corpus;
pub mod dates;
pub mod embed;
pub mod intent;
pub mod llm;
#[cfg(feature = "minilm")]
pub mod minilm;
pub mod openai;
pub mod parameterize;
pub mod policy;
pub mod service;
pub mod template;
pub mod verify;

use std::sync::Arc;
use std::time::Duration;

use crate::config::{Config, EmbedderKind};
use crate::core::command::{Command, DiscardCachedPlan};
use crate::core::envelope::Envelope;
use crate::core::input::Input;
use crate::lock::Locks;
use crate::worker::answer;
use service::{CacheSettings, Fallback, Planner};

/// `source` of the planner's answers.
pub const SOURCE: &str = "apex-planner";

/// How long answers are kept so a redelivered command gets the same plan without planning again.
pub const ANSWER_TTL: Duration = Duration::from_secs(24 * 3600);

/// How long a discard held through a Redis outage waits before it is tried again.
const DISCARD_RETRY: Duration = Duration::from_secs(1);

/// Why the planner could not start.
#[derive(Debug, thiserror::Error)]
pub enum PlannerStartError {
    #[error("LLM endpoint: {0}")]
    Llm(#[from] openai::ProviderError),
    #[error("embedder: {0}")]
    Embedder(#[from] embed::EmbedError),
    #[error("tool catalog: {0}")]
    Tools(#[from] crate::tools::SpecError),
    #[error("APEX_EMBEDDER=minilm needs a build with the `minilm` feature (cargo build --release --features minilm)")]
    MiniLmNotBuilt,
    #[error(transparent)]
    Classifier(#[from] classifier::ClassifierError),
}

/// Builds the planner `config` describes. Redis being down at start is not an error: the
/// planner runs without the cache and counts it (fail open).
///
/// # Errors
/// [`PlannerStartError`] when the LLM or embeddings endpoint is configured but unusable.
pub async fn build(config: &Config) -> Result<Planner, PlannerStartError> {
    let settings = &config.planner;
    let endpoint = |base: &str, model: &str| openai::Endpoint {
        base_url: base.to_owned(),
        api_key: settings.llm_api_key.clone(),
        model: model.to_owned(),
        timeout: Duration::from_millis(settings.llm_timeout_ms),
        concurrency: settings.llm_concurrency,
    };
    let embedder: Arc<dyn embed::Embedder> = match settings.embedder {
        EmbedderKind::Builtin => Arc::new(embed::HashingEmbedder::default()),
        EmbedderKind::OpenAi => {
            let base = settings
                .embeddings_base_url
                .as_ref()
                .map(crate::secret::Secret::expose)
                .or(settings.llm_base_url.as_ref().map(crate::secret::Secret::expose))
                .unwrap_or_default();
            let client = openai::OpenAi::new(endpoint(base, &settings.embeddings_model))?;
            Arc::new(openai::ApiEmbedder::connect(client).await?)
        }
        EmbedderKind::MiniLm => minilm(settings.embeddings_model_dir.as_deref().unwrap_or_default())?,
    };
    let fallback = match &settings.llm_base_url {
        Some(base) => {
            let client = openai::OpenAi::new(endpoint(base.expose(), &settings.llm_model))?;
            let retries = llm::Retries { max_attempts: settings.llm_max_attempts, ..llm::Retries::default() };
            Fallback::Llm(llm::LlmPlanner::new(client, retries))
        }
        // The classifier's weights read MiniLM vectors only; with another embedder the built-in
        // planner goes by its lexicon alone.
        None if settings.embedder == EmbedderKind::MiniLm => {
            Fallback::Builtin(Some(Arc::new(classifier::IntentClassifier::shipped()?)))
        }
        None => Fallback::Builtin(None),
    };
    // Lazy: a planner started while Redis is down uses the cache once it is back.
    let cache = match (&config.redis_url, settings.cache) {
        (Some(url), true) => {
            let ttl = Duration::from_secs(settings.cache_ttl_secs);
            Some(cache::PlanCache::lazy(
                url.expose(),
                &config.redis_namespace(),
                &embedder.id(),
                embedder.dimensions(),
                ttl,
            ))
        }
        _ => None,
    };
    Ok(Planner {
        catalog: catalog::ToolCatalog::of_specs(crate::tools::specs(config)?),
        embedder,
        cache,
        fallback,
        settings: CacheSettings {
            threshold: settings.cache_threshold,
            shared: settings.cache_shared,
            opted_out: settings.cache_opt_out.clone(),
            ..CacheSettings::default()
        },
        prices: config.llm_prices.clone(),
    })
}

#[cfg(feature = "minilm")]
fn minilm(dir: &str) -> Result<Arc<dyn embed::Embedder>, PlannerStartError> {
    Ok(Arc::new(minilm::MiniLm::load(std::path::Path::new(dir))?))
}

#[cfg(not(feature = "minilm"))]
fn minilm(_dir: &str) -> Result<Arc<dyn embed::Embedder>, PlannerStartError> {
    Err(PlannerStartError::MiniLmNotBuilt)
}

/// The planner role: answers `PlanGoal` commands, many at once.
pub struct Role {
    planner: Planner,
    answers: Option<Locks>,
}

impl Role {
    /// The role over `planner`; with Redis, answers are stored so that redeliveries (to this
    /// or another instance) get the stored plan instead of a new LLM call.
    pub async fn new(config: &Config, planner: Planner) -> Self {
        // Lazy: a planner started while Redis is down stores and finds answers once it is back.
        let answers = config
            .redis_url
            .as_ref()
            .map(|url| Locks::lazy(url.expose(), &format!("{}planner:", config.redis_namespace())));
        Self { planner, answers }
    }

    /// Deletes the cache entry a workflow showed wrong; nothing answers the command. Redis
    /// down: held and tried again (an outage is not a reason to keep reusing a wrong plan).
    async fn discard(&self, discard: &DiscardCachedPlan) -> crate::worker::Reply {
        let Some(cache) = &self.planner.cache else { return crate::worker::Reply::NotOurs };
        match cache.evict_id(&discard.entry).await {
            Ok(existed) => {
                crate::telemetry::cached_plan_discarded(&discard.entry, &discard.reason, existed);
                crate::worker::Reply::NotOurs
            }
            Err(e) => {
                crate::telemetry::worker_waited("redis", &e.to_string());
                crate::worker::Reply::Later(DISCARD_RETRY)
            }
        }
    }

    /// Answers a `PlanGoal` command; other commands are not ours.
    pub async fn handle(&self, command: &Envelope<Command>) -> Option<Envelope<Input>> {
        let Command::PlanGoal(request) = &command.payload else { return None };
        let id = request.command_id.to_string();
        if let Some(answers) = &self.answers
            && let Ok(Some(stored)) = answers.get_value("answer", &id).await
            && let Ok(answer) = Envelope::<Input>::from_json(&stored)
        {
            return Some(answer);
        }
        let report = self.planner.plan(command.tenant_id.as_str(), request, command.timestamp).await;
        let reply = answer(command, SOURCE, report.answer);
        if let Some(answers) = &self.answers
            && let Err(e) = answers.set_value("answer", &id, &reply.to_json(), ANSWER_TTL).await
        {
            crate::telemetry::answer_not_stored("planner", &id.to_string(), &e.to_string());
        }
        Some(reply)
    }
}

#[async_trait::async_trait]
impl crate::worker::Handler for Role {
    async fn handle(&self, command: &Envelope<Command>, _fence: Option<u64>) -> crate::worker::Reply {
        if let Command::DiscardCachedPlan(discard) = &command.payload {
            return self.discard(discard).await;
        }
        match Role::handle(self, command).await {
            Some(reply) => crate::worker::Reply::Answer(Box::new(reply)),
            None => crate::worker::Reply::NotOurs,
        }
    }
}
