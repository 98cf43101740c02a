//! Configuration from environment variables (12-factor). Every variable the binary reads is
//! listed in [`VARIABLES`]; `README.md` documents them and the deployment tests check that
//! compose and Helm set them.

use crate::secret::Secret;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

/// Every variable [`Config::from_env`] reads, with its default (`""` when it has none).
pub const VARIABLES: &[(&str, &str)] = &[
    ("APEX_KAFKA_BROKERS", "127.0.0.1:9092"),
    ("APEX_TOPIC_PREFIX", "apex."),
    ("APEX_GROUP_ID", "apex-processor"),
    ("APEX_INSTANCE_ID", "apex-0"),
    ("APEX_PROCESSING_GUARANTEE", "exactly_once"),
    ("APEX_BATCH_MAX_MESSAGES", "5000"),
    ("APEX_BATCH_MAX_MS", "50"),
    ("APEX_PARTITIONS", "4"),
    ("APEX_REPLICATION_FACTOR", "1"),
    ("APEX_OUTPUT_FORMAT", "json"),
    ("APEX_SCHEMA_REGISTRY_URL", ""),
    ("APEX_SESSION_TIMEOUT_MS", "10000"),
    ("APEX_STATIC_MEMBERSHIP", "off"),
    ("APEX_MAX_ENVELOPE_BYTES", "1048576"),
    ("APEX_CLAIM_CHECK_BYTES", "131072"),
    ("APEX_CLAIM_TTL_SECS", "2592000"),
    ("APEX_MAX_RECORD_BYTES", "16777216"),
    ("APEX_LOG_FORMAT", "text"),
    ("APEX_FAULT_DELAY_COMMIT_MS", "0"),
    ("APEX_FAULT_RESTORE_FAILURES", "0"),
    ("APEX_FAULT_RESTORE_HOLD_MS", "0"),
    ("APEX_STALL_SECONDS", "300"),
    ("APEX_DATABASE_URL", ""),
    ("APEX_MIGRATE_ON_START", "off"),
    ("APEX_REDIS_URL", "redis://127.0.0.1:6380"),
    ("APEX_REGION", ""),
    ("APEX_LEASE_TTL_MS", "10000"),
    ("APEX_EMBEDDER", "builtin"),
    ("APEX_EMBEDDINGS_BASE_URL", ""),
    ("APEX_EMBEDDINGS_MODEL", "text-embedding-3-small"),
    ("APEX_EMBEDDINGS_MODEL_DIR", ""),
    ("APEX_LLM_BASE_URL", ""),
    ("APEX_LLM_API_KEY", ""),
    ("APEX_LLM_MODEL", "gpt-4o-mini"),
    ("APEX_LLM_TIMEOUT_MS", "30000"),
    ("APEX_LLM_MAX_ATTEMPTS", "3"),
    ("APEX_PLAN_CACHE", "on"),
    ("APEX_PLAN_CACHE_THRESHOLD", "0.9"),
    ("APEX_PLAN_CACHE_SCOPE", "tenant"),
    ("APEX_PLAN_CACHE_OPT_OUT", ""),
    ("APEX_PLAN_CACHE_TTL_SECS", "604800"),
    ("APEX_API_ADDR", "0.0.0.0:8000"),
    ("APEX_API_HEADER_TIMEOUT_MS", "10000"),
    ("APEX_TENANT_GOALS_PER_SECOND", "50"),
    ("APEX_TENANT_GOAL_BURST", "100"),
    ("APEX_TENANT_MAX_IN_FLIGHT", "1000"),
    ("APEX_TENANT_ADMISSION", "api"),
    ("APEX_TENANT_DAILY_TOKENS", "0"),
    ("APEX_TENANT_DAILY_COST", "0"),
    ("APEX_API_TOKENS", ""),
    ("APEX_METRICS_ADDR", ""),
    ("APEX_TOOLS", ""),
    ("APEX_WORKER_CONCURRENCY", "256"),
    ("APEX_SHUTDOWN_GRACE_MS", "30000"),
    ("APEX_LLM_CONCURRENCY", "16"),
    ("APEX_LLM_PRICES", ""),
    ("APEX_LLM_CURRENCY", "USD"),
    ("APEX_TENANT_BUDGETS", ""),
];

/// Headers and wrapping a record may add to the payload it carries (DLQ headers, event
/// framing): kept free in [`Config::max_record_bytes`].
pub const RECORD_OVERHEAD: usize = 64 * 1024;

/// What an answer's envelope adds to the output it carries (ids, names, trace), kept free
/// below the envelope limit for outputs of [`Config::claim_check_bytes`].
pub const ANSWER_OVERHEAD: usize = 4 * 1024;

/// Variables holding secrets: masked when printed, and set from a Secret in deployments.
pub const SECRETS: &[&str] = &["APEX_DATABASE_URL", "APEX_LLM_API_KEY", "APEX_API_TOKENS"];

/// Prefix of pass-through librdkafka properties: `APEX_KAFKA_CONF_SECURITY_PROTOCOL=SASL_SSL`
/// sets `security.protocol`.
pub const KAFKA_PASSTHROUGH_PREFIX: &str = "APEX_KAFKA_CONF_";

/// A variable with a value that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{name}: {reason}")]
pub struct ConfigError {
    pub name: String,
    pub reason: String,
}

/// How outputs are made durable together with input offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guarantee {
    /// Transactions: outputs and offsets commit atomically (read_committed consumers).
    ExactlyOnce,
    /// Idempotent producer; offsets committed after every output is acknowledged. For
    /// brokers without transactions. Duplicates are recognised by their deterministic ids.
    AtLeastOnce,
}

/// Wire format of the envelopes the processor publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// camelCase JSON, the TypeScript contract.
    Json,
    /// Avro in the Confluent wire format (needs a schema registry).
    Avro,
}

/// Which embedder the plan cache uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmbedderKind {
    /// Deterministic feature hashing; no model, no network.
    Builtin,
    /// An OpenAI-compatible `/embeddings` endpoint.
    OpenAi,
    /// all-MiniLM-L6-v2 through candle, from a local model directory (cargo feature `minilm`).
    MiniLm,
}

/// The planner role's settings.
#[derive(Debug, Clone)]
pub struct PlannerConfig {
    pub embedder: EmbedderKind,
    /// Base URL of the embeddings endpoint; defaults to the LLM's.
    pub embeddings_base_url: Option<Secret>,
    pub embeddings_model: String,
    /// Directory of the local sentence-transformer (`APEX_EMBEDDER=minilm`).
    pub embeddings_model_dir: Option<String>,
    /// Base URL of an OpenAI-compatible chat API; unset: the built-in planner plans misses.
    pub llm_base_url: Option<Secret>,
    pub llm_api_key: Option<Secret>,
    pub llm_model: String,
    pub llm_timeout_ms: u64,
    /// Answers the model may give per plan (validation errors are fed back between them).
    pub llm_max_attempts: u32,
    /// Most LLM calls in flight at once, per provider.
    pub llm_concurrency: usize,
    /// Whether to use the semantic plan cache (needs Redis Stack).
    pub cache: bool,
    /// Lowest cosine similarity of a reusable plan.
    pub cache_threshold: f64,
    /// How long an unused cached plan lives.
    pub cache_ttl_secs: u64,
    /// `APEX_PLAN_CACHE_SCOPE=shared`: every tenant reuses every tenant's plans (for a
    /// deployment that serves one organisation); by default each tenant has its own.
    pub cache_shared: bool,
    /// Tenants whose goals never read or write the plan cache (`APEX_PLAN_CACHE_OPT_OUT`, a
    /// JSON array of tenant ids).
    pub cache_opt_out: BTreeSet<String>,
}

/// The effective configuration of a role.
#[derive(Debug, Clone)]
pub struct Config {
    pub brokers: String,
    pub topic_prefix: String,
    pub group_id: String,
    pub instance_id: String,
    pub guarantee: Guarantee,
    pub batch_max_messages: usize,
    pub batch_max_ms: u64,
    pub partitions: i32,
    pub replication_factor: i32,
    pub output_format: Format,
    pub schema_registry_url: Option<Secret>,
    pub session_timeout_ms: u64,
    /// Consumer groups use static membership (`group.instance.id` from `APEX_INSTANCE_ID`):
    /// for instances whose id survives a restart.
    pub static_membership: bool,
    pub max_envelope_bytes: usize,
    /// Largest record any role writes (producers' `message.max.bytes`, the topics'
    /// `max.message.bytes`): room for every output of an input of `max_envelope_bytes`
    /// (a DLQ copy with its headers, events and snapshots carrying a goal, plan or output).
    pub max_record_bytes: usize,
    /// Step outputs whose JSON is larger go to the claim store; the answer carries a reference.
    pub claim_check_bytes: usize,
    /// How long claimed outputs are kept.
    pub claim_ttl_secs: u64,
    pub log_format: String,
    /// Fault injection for tests: wait this long between producing a batch's outputs and
    /// committing, so a kill lands inside an open transaction. 0 in production.
    pub fault_delay_commit_ms: u64,
    /// Fault injection for tests: the first this many partition restores fail, as when the
    /// broker stalls mid-restore. 0 in production.
    pub fault_restore_failures: u32,
    /// Fault injection for tests: every partition restore pauses this long between reading
    /// the snapshots and reading the changelog, so a test can stall the broker while a
    /// restore is open. 0 in production.
    pub fault_restore_hold_ms: u64,
    /// Region of an active-active deployment; when set, the processor leases workflows in
    /// Redis and publishes only for the workflows it owns.
    pub region: Option<String>,
    /// Length of a workflow lease.
    pub lease_ttl_ms: u64,
    /// Redis (locks, executor answers); empty to run executors without it.
    pub redis_url: Option<Secret>,
    /// PostgreSQL URL of the event store and projections.
    pub database_url: Option<Secret>,
    /// Whether roles that use PostgreSQL apply pending migrations at start.
    pub migrate_on_start: bool,
    /// Extra librdkafka properties from `APEX_KAFKA_CONF_*`.
    pub kafka_properties: BTreeMap<String, String>,
    /// The planner role's settings.
    pub planner: PlannerConfig,
    /// Where `apex api` listens.
    pub api_addr: String,
    /// How long a client may take to send a request's headers before the API closes the
    /// connection (a client trickling them in would otherwise hold it for ever).
    pub api_header_timeout_ms: u64,
    /// Goals a tenant may submit through the API per second, per API replica (0: no limit),
    /// with bursts of up to `tenant_goal_burst`.
    pub tenant_goals_per_second: u32,
    pub tenant_goal_burst: u32,
    /// Workflows of one tenant that may be in flight before the API refuses new goals (0: no
    /// limit).
    pub tenant_max_in_flight: u64,
    /// Where that limit is enforced: at the API only, or also by the processor for every goal,
    /// whoever published it.
    pub tenant_admission: TenantAdmission,
    /// LLM tokens a tenant's workflows may spend per day (UTC) before its new goals are refused
    /// (0: no limit): by the API (429, from the projection), and exactly by the processor with
    /// `APEX_TENANT_ADMISSION=processor`.
    pub tenant_daily_tokens: u64,
    /// The same for cost, in the price table's currency.
    pub tenant_daily_cost: f64,
    /// What LLM tokens cost, by model (`APEX_LLM_PRICES`).
    pub llm_prices: crate::prices::Prices,
    /// The currency of those prices (`APEX_LLM_CURRENCY`), a label of the cost metric.
    pub llm_currency: crate::prices::Currency,
    /// Tenants' default workflow budgets, for goals that name none (`APEX_TENANT_BUDGETS`).
    pub tenant_budgets: crate::budgets::TenantBudgets,
    /// Bearer tokens of the API and the tenant each acts for.
    pub api_tokens: BTreeMap<Secret, String>,
    /// Where the other roles serve `/metrics`; unset: they do not.
    pub metrics_addr: Option<String>,
    /// How long a stall (work failing for a reason not tied to one record) may last before
    /// `/healthz` answers 503 and the orchestrator restarts the role.
    pub stall_seconds: u64,
    /// The tool catalog file (YAML or JSON); unset: the built-in demo tools.
    pub tools_file: Option<String>,
    /// Most commands a planner or executor process works on at once.
    pub worker_concurrency: usize,
    /// How long a stopping worker lets its commands in flight finish.
    pub shutdown_grace_ms: u64,
}

impl Config {
    /// Reads the process environment.
    ///
    /// # Errors
    /// [`ConfigError`] naming the first variable whose value is unusable.
    pub fn from_env() -> Result<Self, ConfigError> {
        let vars: BTreeMap<String, String> = std::env::vars().collect();
        Self::from_lookup(|name| vars.get(name).cloned(), vars.keys().cloned())
    }

    /// Reads from `lookup`; `names` lists every variable present (for the pass-through).
    ///
    /// # Errors
    /// As [`Self::from_env`].
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
        names: impl Iterator<Item = String>,
    ) -> Result<Self, ConfigError> {
        let get = |name: &str| {
            lookup(name).filter(|v| !v.is_empty()).unwrap_or_else(|| {
                VARIABLES.iter().find(|(n, _)| *n == name).map(|(_, d)| (*d).to_owned()).unwrap_or_default()
            })
        };
        let kafka_properties = names
            .filter_map(|name| {
                let key = name.strip_prefix(KAFKA_PASSTHROUGH_PREFIX)?.to_ascii_lowercase().replace('_', ".");
                Some((key, lookup(&name)?))
            })
            .collect();
        Ok(Self {
            brokers: get("APEX_KAFKA_BROKERS"),
            topic_prefix: get("APEX_TOPIC_PREFIX"),
            group_id: get("APEX_GROUP_ID"),
            instance_id: get("APEX_INSTANCE_ID"),
            guarantee: parse("APEX_PROCESSING_GUARANTEE", &get("APEX_PROCESSING_GUARANTEE"))?,
            batch_max_messages: parse("APEX_BATCH_MAX_MESSAGES", &get("APEX_BATCH_MAX_MESSAGES"))?,
            batch_max_ms: parse("APEX_BATCH_MAX_MS", &get("APEX_BATCH_MAX_MS"))?,
            partitions: parse("APEX_PARTITIONS", &get("APEX_PARTITIONS"))?,
            replication_factor: parse("APEX_REPLICATION_FACTOR", &get("APEX_REPLICATION_FACTOR"))?,
            output_format: parse("APEX_OUTPUT_FORMAT", &get("APEX_OUTPUT_FORMAT"))?,
            schema_registry_url: secret(get("APEX_SCHEMA_REGISTRY_URL")),
            session_timeout_ms: parse("APEX_SESSION_TIMEOUT_MS", &get("APEX_SESSION_TIMEOUT_MS"))?,
            static_membership: parse_switch("APEX_STATIC_MEMBERSHIP", &get("APEX_STATIC_MEMBERSHIP"))?,
            max_envelope_bytes: parse("APEX_MAX_ENVELOPE_BYTES", &get("APEX_MAX_ENVELOPE_BYTES"))?,
            max_record_bytes: parse("APEX_MAX_RECORD_BYTES", &get("APEX_MAX_RECORD_BYTES"))?,
            claim_check_bytes: parse("APEX_CLAIM_CHECK_BYTES", &get("APEX_CLAIM_CHECK_BYTES"))?,
            claim_ttl_secs: parse("APEX_CLAIM_TTL_SECS", &get("APEX_CLAIM_TTL_SECS"))?,
            log_format: get("APEX_LOG_FORMAT"),
            fault_delay_commit_ms: parse("APEX_FAULT_DELAY_COMMIT_MS", &get("APEX_FAULT_DELAY_COMMIT_MS"))?,
            fault_restore_failures: parse("APEX_FAULT_RESTORE_FAILURES", &get("APEX_FAULT_RESTORE_FAILURES"))?,
            fault_restore_hold_ms: parse("APEX_FAULT_RESTORE_HOLD_MS", &get("APEX_FAULT_RESTORE_HOLD_MS"))?,
            database_url: secret(get("APEX_DATABASE_URL")),
            migrate_on_start: parse_switch("APEX_MIGRATE_ON_START", &get("APEX_MIGRATE_ON_START"))?,
            redis_url: secret(get("APEX_REDIS_URL")),
            region: Some(get("APEX_REGION")).filter(|r| !r.is_empty()),
            lease_ttl_ms: parse("APEX_LEASE_TTL_MS", &get("APEX_LEASE_TTL_MS"))?,
            kafka_properties,
            planner: PlannerConfig {
                embedder: parse("APEX_EMBEDDER", &get("APEX_EMBEDDER"))?,
                embeddings_base_url: secret(get("APEX_EMBEDDINGS_BASE_URL")),
                embeddings_model: get("APEX_EMBEDDINGS_MODEL"),
                embeddings_model_dir: Some(get("APEX_EMBEDDINGS_MODEL_DIR")).filter(|d| !d.is_empty()),
                llm_base_url: secret(get("APEX_LLM_BASE_URL")),
                llm_api_key: secret(get("APEX_LLM_API_KEY")),
                llm_model: get("APEX_LLM_MODEL"),
                llm_timeout_ms: parse("APEX_LLM_TIMEOUT_MS", &get("APEX_LLM_TIMEOUT_MS"))?,
                llm_max_attempts: parse("APEX_LLM_MAX_ATTEMPTS", &get("APEX_LLM_MAX_ATTEMPTS"))?,
                llm_concurrency: parse("APEX_LLM_CONCURRENCY", &get("APEX_LLM_CONCURRENCY"))?,
                cache: parse_switch("APEX_PLAN_CACHE", &get("APEX_PLAN_CACHE"))?,
                cache_threshold: parse("APEX_PLAN_CACHE_THRESHOLD", &get("APEX_PLAN_CACHE_THRESHOLD"))?,
                cache_ttl_secs: parse("APEX_PLAN_CACHE_TTL_SECS", &get("APEX_PLAN_CACHE_TTL_SECS"))?,
                cache_shared: parse_scope(&get("APEX_PLAN_CACHE_SCOPE"))?,
                cache_opt_out: parse_tenants("APEX_PLAN_CACHE_OPT_OUT", &get("APEX_PLAN_CACHE_OPT_OUT"))?,
            },
            api_addr: get("APEX_API_ADDR"),
            api_header_timeout_ms: parse("APEX_API_HEADER_TIMEOUT_MS", &get("APEX_API_HEADER_TIMEOUT_MS"))?,
            tenant_goals_per_second: parse("APEX_TENANT_GOALS_PER_SECOND", &get("APEX_TENANT_GOALS_PER_SECOND"))?,
            tenant_goal_burst: parse("APEX_TENANT_GOAL_BURST", &get("APEX_TENANT_GOAL_BURST"))?,
            tenant_max_in_flight: parse("APEX_TENANT_MAX_IN_FLIGHT", &get("APEX_TENANT_MAX_IN_FLIGHT"))?,
            tenant_admission: parse("APEX_TENANT_ADMISSION", &get("APEX_TENANT_ADMISSION"))?,
            tenant_daily_tokens: parse("APEX_TENANT_DAILY_TOKENS", &get("APEX_TENANT_DAILY_TOKENS"))?,
            tenant_daily_cost: parse("APEX_TENANT_DAILY_COST", &get("APEX_TENANT_DAILY_COST"))?,
            llm_prices: parse("APEX_LLM_PRICES", &get("APEX_LLM_PRICES"))?,
            llm_currency: parse("APEX_LLM_CURRENCY", &get("APEX_LLM_CURRENCY"))?,
            tenant_budgets: parse("APEX_TENANT_BUDGETS", &get("APEX_TENANT_BUDGETS"))?,
            api_tokens: parse_tokens(&get("APEX_API_TOKENS"))?,
            metrics_addr: Some(get("APEX_METRICS_ADDR")).filter(|a| !a.is_empty()),
            stall_seconds: parse("APEX_STALL_SECONDS", &get("APEX_STALL_SECONDS"))?,
            tools_file: Some(get("APEX_TOOLS")).filter(|f| !f.is_empty()),
            worker_concurrency: parse("APEX_WORKER_CONCURRENCY", &get("APEX_WORKER_CONCURRENCY"))?,
            shutdown_grace_ms: parse("APEX_SHUTDOWN_GRACE_MS", &get("APEX_SHUTDOWN_GRACE_MS"))?,
        })
        .and_then(Self::checked)
    }

    /// A copy on topics and groups of its own (`<kind>-xxxxxxxx.`), for tools that must not
    /// touch a deployment's topics (demo, benchmarks); short group sessions so joins are quick.
    pub fn isolated(&self, kind: &str) -> Self {
        let mut c = self.clone();
        c.topic_prefix = format!("{kind}-{}.", &uuid::Uuid::new_v4().simple().to_string()[..8]);
        c.group_id = format!("{}processor", c.topic_prefix);
        c.session_timeout_ms = c.session_timeout_ms.min(6_000);
        c
    }

    /// The deployment's Redis key namespace (`apex.` → `apex:`): locks, leases, stored answers
    /// and the plan cache all live under it, so deployments sharing a Redis stay apart.
    pub fn redis_namespace(&self) -> String {
        self.topic_prefix.replace('.', ":")
    }

    fn checked(self) -> Result<Self, ConfigError> {
        let err = |name: &str, reason: &str| Err(ConfigError { name: name.into(), reason: reason.into() });
        if self.output_format == Format::Avro && self.schema_registry_url.is_none() {
            return err("APEX_SCHEMA_REGISTRY_URL", "must be set when APEX_OUTPUT_FORMAT=avro");
        }
        if self.region.is_some() && self.redis_url.is_none() {
            return err("APEX_REDIS_URL", "must be set when APEX_REGION is (leases live in Redis)");
        }
        if self.partitions < 1 {
            return err("APEX_PARTITIONS", "must be at least 1");
        }
        if self.max_record_bytes < 4 * self.max_envelope_bytes + RECORD_OVERHEAD {
            return err(
                "APEX_MAX_RECORD_BYTES",
                "must be at least 4 × APEX_MAX_ENVELOPE_BYTES + 64 KiB, so every output of an accepted input fits",
            );
        }
        if self.claim_check_bytes + ANSWER_OVERHEAD > self.max_envelope_bytes {
            return err(
                "APEX_CLAIM_CHECK_BYTES",
                "must be at most APEX_MAX_ENVELOPE_BYTES - 4 KiB, so an answer carrying an output that size fits",
            );
        }
        let steps = crate::core::plan::Limits::default().max_steps;
        if steps * self.claim_check_bytes + RECORD_OVERHEAD > self.max_record_bytes {
            return err(
                "APEX_CLAIM_CHECK_BYTES",
                "times the most steps of a plan (64), plus 64 KiB, must fit APEX_MAX_RECORD_BYTES: an outcome \
                 carries every step's output",
            );
        }
        if self.batch_max_messages == 0 {
            return err("APEX_BATCH_MAX_MESSAGES", "must be at least 1");
        }
        let planner = &self.planner;
        if !(0.0..=1.0).contains(&planner.cache_threshold) {
            return err("APEX_PLAN_CACHE_THRESHOLD", "must be between 0 and 1 (a cosine similarity)");
        }
        if planner.llm_max_attempts == 0 {
            return err("APEX_LLM_MAX_ATTEMPTS", "must be at least 1");
        }
        if planner.llm_concurrency == 0 {
            return err("APEX_LLM_CONCURRENCY", "must be at least 1");
        }
        if self.worker_concurrency == 0 {
            return err("APEX_WORKER_CONCURRENCY", "must be at least 1");
        }
        if planner.embedder == EmbedderKind::OpenAi
            && planner.embeddings_base_url.is_none()
            && planner.llm_base_url.is_none()
        {
            return err("APEX_EMBEDDINGS_BASE_URL", "must be set (or APEX_LLM_BASE_URL) when APEX_EMBEDDER=openai");
        }
        Ok(self)
    }
}

fn parse<T: FromStr>(name: &str, value: &str) -> Result<T, ConfigError>
where
    T::Err: fmt::Display,
{
    value.parse().map_err(|e: T::Err| ConfigError { name: name.into(), reason: format!("`{value}`: {e}") })
}

/// Where `APEX_TENANT_MAX_IN_FLIGHT` is enforced (`APEX_TENANT_ADMISSION`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TenantAdmission {
    /// `api`: the API refuses goals over the limit (429), counted in the projection. Goals
    /// published to Kafka directly are not limited.
    Api,
    /// `processor`: also the processor admits every goal against an exact count in Redis,
    /// whoever published it; a goal over the limit fails at once with the reason. A Redis
    /// outage pauses the processor's batches that start or end workflows until it returns.
    Processor,
}

impl FromStr for TenantAdmission {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value {
            "api" => Ok(Self::Api),
            "processor" => Ok(Self::Processor),
            _ => Err("expected `api` or `processor`".into()),
        }
    }
}

/// A variable's value as a secret, `None` when empty.
fn secret(value: String) -> Option<Secret> {
    Some(value).filter(|v| !v.is_empty()).map(Secret::new)
}

/// `tenant` (each tenant its own plans) or `shared`.
fn parse_scope(value: &str) -> Result<bool, ConfigError> {
    match value {
        "tenant" => Ok(false),
        "shared" => Ok(true),
        _ => Err(ConfigError { name: "APEX_PLAN_CACHE_SCOPE".into(), reason: format!("`{value}`: tenant or shared") }),
    }
}

/// A JSON array of tenant ids (ids may hold any character, commas included); empty: none.
fn parse_tenants(name: &str, value: &str) -> Result<BTreeSet<String>, ConfigError> {
    if value.trim().is_empty() {
        return Ok(BTreeSet::new());
    }
    let tenants: BTreeSet<String> = serde_json::from_str(value).map_err(|e| ConfigError {
        name: name.into(),
        reason: format!("expected a JSON array of tenant ids, e.g. [\"acme\"]: {e}"),
    })?;
    if let Some(bad) = tenants.iter().find(|t| crate::core::ids::TenantId::parse(t).is_err()) {
        return Err(ConfigError { name: name.into(), reason: format!("`{bad}` is not a tenant id") });
    }
    Ok(tenants)
}

/// `{"token": "tenant", …}`; empty means no tokens (every API call but health is refused).
fn parse_tokens(value: &str) -> Result<BTreeMap<Secret, String>, ConfigError> {
    if value.trim().is_empty() {
        return Ok(BTreeMap::new());
    }
    let tokens: BTreeMap<String, String> = serde_json::from_str(value).map_err(|e| ConfigError {
        name: "APEX_API_TOKENS".into(),
        reason: format!("expected a JSON object of token to tenant, e.g. {{\"s3cret\": \"acme\"}}: {e}"),
    })?;
    if let Some((token, tenant)) =
        tokens.iter().find(|(t, n)| t.len() < 16 || crate::core::ids::TenantId::parse(n).is_err())
    {
        let reason = if token.len() < 16 {
            "a token is shorter than 16 characters".to_owned()
        } else {
            format!("`{tenant}` is not a valid tenant id")
        };
        return Err(ConfigError { name: "APEX_API_TOKENS".into(), reason });
    }
    Ok(tokens.into_iter().map(|(token, tenant)| (Secret::new(token), tenant)).collect())
}

fn parse_switch(name: &str, value: &str) -> Result<bool, ConfigError> {
    match value {
        "on" | "true" | "1" => Ok(true),
        "off" | "false" | "0" => Ok(false),
        _ => Err(ConfigError { name: name.into(), reason: format!("`{value}`: expected on or off") }),
    }
}

impl FromStr for EmbedderKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "builtin" => Ok(Self::Builtin),
            "openai" => Ok(Self::OpenAi),
            "minilm" => Ok(Self::MiniLm),
            _ => Err("expected builtin, openai or minilm".into()),
        }
    }
}

impl FromStr for Guarantee {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "exactly_once" => Ok(Self::ExactlyOnce),
            "at_least_once" => Ok(Self::AtLeastOnce),
            _ => Err("expected exactly_once or at_least_once".into()),
        }
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "json" => Ok(Self::Json),
            "avro" => Ok(Self::Avro),
            _ => Err("expected json or avro".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: BTreeMap<String, String> = vars.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect();
        Config::from_lookup(|n| map.get(n).cloned(), map.keys().cloned())
    }

    #[test]
    fn the_plan_cache_scope_and_opt_outs_are_read_exactly() {
        let c = config(&[]).unwrap();
        assert!(!c.planner.cache_shared && c.planner.cache_opt_out.is_empty(), "each tenant its own by default");
        let c =
            config(&[("APEX_PLAN_CACHE_SCOPE", "shared"), ("APEX_PLAN_CACHE_OPT_OUT", r#"["mallory,acme", "ACME"]"#)])
                .unwrap();
        assert!(c.planner.cache_shared);
        assert_eq!(c.planner.cache_opt_out, BTreeSet::from(["mallory,acme".to_owned(), "ACME".to_owned()]));
        assert_eq!(config(&[("APEX_PLAN_CACHE_SCOPE", "global")]).unwrap_err().name, "APEX_PLAN_CACHE_SCOPE");
        let e = config(&[("APEX_PLAN_CACHE_OPT_OUT", "acme,globex")]).unwrap_err();
        assert!(e.reason.contains("JSON array"), "{e}");
        assert!(config(&[("APEX_PLAN_CACHE_OPT_OUT", r#"[""]"#)]).is_err(), "not a tenant id");
    }

    #[test]
    fn defaults_apply_when_nothing_is_set() {
        let c = config(&[]).unwrap();
        assert_eq!(c.brokers, "127.0.0.1:9092");
        assert_eq!(c.guarantee, Guarantee::ExactlyOnce);
        assert_eq!(c.topic_prefix, "apex.");
    }

    #[test]
    fn bad_values_name_the_variable() {
        let e = config(&[("APEX_PROCESSING_GUARANTEE", "maybe")]).unwrap_err();
        assert_eq!(e.to_string(), "APEX_PROCESSING_GUARANTEE: `maybe`: expected exactly_once or at_least_once");
        let e = config(&[("APEX_BATCH_MAX_MS", "soon")]).unwrap_err();
        assert!(e.to_string().starts_with("APEX_BATCH_MAX_MS: `soon`: invalid digit"), "{e}");
        let e = config(&[("APEX_OUTPUT_FORMAT", "avro")]).unwrap_err();
        assert_eq!(e.name, "APEX_SCHEMA_REGISTRY_URL");
    }

    #[test]
    fn planner_settings_are_checked() {
        let c = config(&[]).unwrap();
        assert!(c.planner.cache && c.planner.llm_base_url.is_none());
        assert_eq!(c.planner.embedder, EmbedderKind::Builtin);
        let e = config(&[("APEX_PLAN_CACHE_THRESHOLD", "1.5")]).unwrap_err();
        assert_eq!(e.name, "APEX_PLAN_CACHE_THRESHOLD");
        let e = config(&[("APEX_EMBEDDER", "openai")]).unwrap_err();
        assert_eq!(e.name, "APEX_EMBEDDINGS_BASE_URL");
        let e = config(&[("APEX_PLAN_CACHE", "maybe")]).unwrap_err();
        assert_eq!(e.to_string(), "APEX_PLAN_CACHE: `maybe`: expected on or off");
    }

    #[test]
    fn api_tokens_map_to_tenants() {
        let c = config(&[("APEX_API_TOKENS", r#"{"0123456789abcdef": "acme"}"#)]).unwrap();
        assert_eq!(c.api_tokens.get("0123456789abcdef").map(String::as_str), Some("acme"));
        let e = config(&[("APEX_API_TOKENS", r#"{"short": "acme"}"#)]).unwrap_err();
        assert_eq!(e.to_string(), "APEX_API_TOKENS: a token is shorter than 16 characters");
        assert_eq!(config(&[("APEX_API_TOKENS", "acme=token")]).unwrap_err().name, "APEX_API_TOKENS");
    }

    #[test]
    fn kafka_properties_pass_through() {
        let c =
            config(&[("APEX_KAFKA_CONF_SECURITY_PROTOCOL", "SASL_SSL"), ("APEX_KAFKA_CONF_SASL_MECHANISMS", "PLAIN")])
                .unwrap();
        assert_eq!(c.kafka_properties.get("security.protocol").map(String::as_str), Some("SASL_SSL"));
        assert_eq!(c.kafka_properties.get("sasl.mechanisms").map(String::as_str), Some("PLAIN"));
    }
}
