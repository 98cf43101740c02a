//! `apex workflows list|show|stop`, `apex resume`, `apex cache stats` and `apex locks list`:
//! what an operator looks at, read from the projections and Redis, and the operator's inputs.

use rdkafka::producer::FutureProducer;

use super::OpsError;
use crate::config::Config;
use crate::core::input::{CancelRequested, Input, SignalName, SignalReceived};
use crate::core::state::Status;
use crate::kafka::topics::Topics;
use crate::store::queries;

async fn pool(config: &Config) -> Result<sqlx::PgPool, OpsError> {
    let url = config
        .database_url
        .as_ref()
        .map(crate::secret::Secret::expose)
        .ok_or(crate::store::StoreError::NotConfigured)?;
    Ok(crate::store::connect(url).await?)
}

fn time(t: Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string()).unwrap_or_default()
}

/// `apex workflows list`: newest first.
///
/// # Errors
/// [`OpsError`] for an unknown status or an unreachable database.
pub async fn list(config: &Config, tenant: &str, status: Option<&str>, limit: i64) -> Result<(), OpsError> {
    if let Some(Err(e)) = status.map(Status::parse_stored) {
        return Err(OpsError::Invalid(format!("--status {}: {e}", status.unwrap_or_default())));
    }
    let rows = queries::list(&pool(config).await?, tenant, status, limit, 0).await?;
    println!("{:<36}  {:<12}  {:<19}  goal", "workflow", "status", "created");
    for row in &rows {
        let goal = crate::text::printable(row.input["goal"].as_str().unwrap_or_default());
        println!("{:<36}  {:<12}  {:<19}  {goal}", row.workflow_id, row.status, time(row.created_at));
    }
    println!("({} workflow(s) of tenant {tenant})", rows.len());
    Ok(())
}

/// `apex workflows show <id>`: the row and its timeline.
///
/// # Errors
/// [`OpsError::NotFound`] when the tenant has no such workflow.
pub async fn show(config: &Config, tenant: &str, id: &str) -> Result<(), OpsError> {
    let id = &super::workflow_id(id)?;
    let pool = pool(config).await?;
    let row = queries::show(&pool, tenant, id).await?.ok_or_else(|| OpsError::NotFound(id.to_owned()))?;
    println!(
        "workflow  {}\nstatus    {}\ngoal      {}",
        row.workflow_id,
        row.status,
        crate::text::printable(row.input["goal"].as_str().unwrap_or_default())
    );
    println!(
        "version   {} events\ncreated   {}\nupdated   {}",
        row.version,
        time(row.created_at),
        time(row.updated_at)
    );
    if let Some(result) = &row.result {
        println!("result    {}", crate::text::printable(&result.to_string()));
    }
    let spent = queries::spend(&pool, tenant, Some(id), None).await?;
    if spent.llm_calls > 0 {
        println!("spend     {} tokens, {} LLM calls, cost {:.6}", spent.tokens, spent.llm_calls, spent.cost);
    }
    println!();
    for event in queries::events(&pool, tenant, id).await? {
        let p = &event.payload;
        let detail: Vec<String> = ["step_id", "attempt", "source", "error", "reason"]
            .iter()
            .filter_map(|k| p.get(*k).map(|v| format!("{k}={v}")))
            .collect();
        println!(
            "#{:<4} {}  {:<26} {}",
            event.sequence,
            event.recorded_at.format("%H:%M:%S%.3f"),
            event.kind,
            crate::text::printable(&detail.join(" "))
        );
    }
    Ok(())
}

/// `apex resume <id>`: the operator's `resume` signal for a parked workflow.
///
/// # Errors
/// [`OpsError`] when the workflow is unknown or the broker does not take the signal.
pub async fn resume(config: &Config, tenant: &str, id: &str) -> Result<(), OpsError> {
    let id = &super::workflow_id(id)?;
    let row =
        queries::show(&pool(config).await?, tenant, id).await?.ok_or_else(|| OpsError::NotFound(id.to_owned()))?;
    if row.status != "parked" {
        println!("note: the workflow is {}, not parked; the saga will record the signal and ignore it", row.status);
    }
    let signal =
        Input::SignalReceived(SignalReceived { name: SignalName::Resume.as_str().into(), step_id: None, data: None });
    let envelope = row
        .input("apex-cli", None, crate::clock::wall_clock(), signal)
        .map_err(|e| OpsError::Invalid(format!("{id}: {e}")))?;
    let producer: FutureProducer = crate::kafka::client::producer(config, None).create()?;
    crate::kafka::client::produce_input(&producer, &Topics::new(&config.topic_prefix).envelopes, &envelope).await?;
    let event = envelope.event_id;
    println!("resume sent to {id} (event {event})");
    Ok(())
}

/// How many workflows `apex workflows stop` reads from the projection at a time.
const STOP_PAGE: i64 = 500;

/// `apex workflows stop --tenant T`: asks every workflow of `tenant` that has not ended to
/// cancel, with `reason` (e.g. the tenant spent its day's budget). Each saga decides it like a
/// cancel from the API: what ran is compensated. The cancels' ids derive from the workflow and
/// the reason, so running the command again sends nothing new to a workflow it reached.
///
/// # Errors
/// [`OpsError`] when the database or the broker is unreachable.
pub async fn stop(config: &Config, tenant: &str, reason: &str) -> Result<(), OpsError> {
    let pool = pool(config).await?;
    let producer: FutureProducer = crate::kafka::client::producer(config, None).create()?;
    let topic = Topics::new(&config.topic_prefix).envelopes;
    let key = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, format!("apex-workflows-stop/{reason}").as_bytes());
    let (mut after, mut sent) = (None, 0usize);
    loop {
        let rows = queries::unfinished(&pool, tenant, after, STOP_PAGE).await?;
        let Some(last) = rows.last() else { break };
        after = Some(last.id);
        for row in &rows {
            let cancel = Input::CancelRequested(CancelRequested { reason: reason.to_owned() });
            let key = crate::core::ids::IdempotencyKey::from_uuid(key);
            let envelope = row
                .input("apex-cli", Some(key), crate::clock::wall_clock(), cancel)
                .map_err(|e| OpsError::Invalid(format!("{}: {e}", row.workflow_id)))?;
            crate::kafka::client::produce_input(&producer, &topic, &envelope).await?;
            println!("cancel sent to {} ({})", row.workflow_id, row.status);
            sent += 1;
        }
    }
    println!("{sent} workflow(s) of tenant {tenant} asked to stop: {}", crate::text::printable(reason));
    Ok(())
}

/// `apex cache stats`: entries and hits of the configured embedder's plan cache.
///
/// # Errors
/// [`OpsError`] when Redis or the embedder is unusable.
pub async fn cache_stats(config: &Config) -> Result<(), OpsError> {
    let planner = crate::planner::build(config).await?;
    let cache = planner
        .cache
        .ok_or_else(|| OpsError::Failed("the plan cache is off or Redis is unreachable (see `apex doctor`)".into()))?;
    let stats = cache.stats().await?;
    println!("embedder       {}", planner.embedder.id());
    println!("catalog        {}", planner.catalog.version());
    println!("entries        {}", stats.entries);
    println!("hits (stored)  {}", stats.hits);
    Ok(())
}

/// Most entries `apex cache list` and `apex cache evict` look at.
const CACHE_LISTING: usize = 10_000;

/// `apex cache list`: every entry of the plan cache (of `tenant`), most used first.
///
/// # Errors
/// [`OpsError`] when Redis or the embedder is unusable.
pub async fn cache_list(config: &Config, tenant: Option<&str>) -> Result<(), OpsError> {
    let cache = plan_cache(config).await?;
    let mut entries: Vec<_> =
        cache.list(CACHE_LISTING).await?.into_iter().filter(|c| tenant.is_none_or(|t| c.tenant == t)).collect();
    entries.sort_by(|a, b| b.hits.cmp(&a.hits).then_with(|| a.entry.template.cmp(&b.entry.template)));
    println!("{:<32}  {:<16}  {:>6}  {:<24}  {:<28}  template", "id", "tenant", "hits", "origin", "intents");
    for c in &entries {
        println!(
            "{:<32}  {:<16}  {:>6}  {:<24}  {:<28}  {}",
            cache.id_of(&c.key),
            crate::text::quoted(&c.tenant),
            c.hits,
            crate::text::quoted(&c.entry.origin),
            c.entry.signature,
            crate::text::quoted(&c.entry.template)
        );
    }
    println!("{} entries", entries.len());
    Ok(())
}

/// `apex cache evict <id|template>`: deletes the entry with that id, or every entry of that
/// template, so the plan is made afresh next time.
///
/// # Errors
/// [`OpsError::NotFound`] when nothing matches; [`OpsError`] when Redis is unusable.
pub async fn cache_evict(config: &Config, selector: &str) -> Result<(), OpsError> {
    let cache = plan_cache(config).await?;
    let keys: Vec<String> = cache
        .list(CACHE_LISTING)
        .await?
        .into_iter()
        .filter(|c| cache.id_of(&c.key) == selector || c.entry.template == selector)
        .map(|c| c.key)
        .collect();
    if keys.is_empty() {
        return Err(OpsError::NotFound(format!(
            "no plan cache entry has the id or template {}",
            crate::text::quoted(selector)
        )));
    }
    let evicted = cache.evict(&keys).await?;
    println!("evicted {evicted} entr{}", if evicted == 1 { "y" } else { "ies" });
    Ok(())
}

async fn plan_cache(config: &Config) -> Result<crate::planner::cache::PlanCache, OpsError> {
    let planner = crate::planner::build(config).await?;
    planner
        .cache
        .ok_or_else(|| OpsError::Failed("the plan cache is off or Redis is unreachable (see `apex doctor`)".into()))
}

/// `apex locks list`: every lock under this deployment's namespace, its holder, TTL and
/// fencing token (executor command locks and processor workflow leases).
///
/// # Errors
/// [`OpsError::Redis`].
pub async fn locks(config: &Config) -> Result<(), OpsError> {
    let url = config
        .redis_url
        .as_ref()
        .map(crate::secret::Secret::expose)
        .ok_or_else(|| OpsError::Invalid("APEX_REDIS_URL is empty".into()))?;
    let mut conn = redis::Client::open(url)?.get_multiplexed_async_connection().await?;
    let namespace = config.redis_namespace();
    let mut keys: Vec<String> = Vec::new();
    let mut cursor = 0u64;
    loop {
        let (next, batch): (u64, Vec<String>) = redis::cmd("SCAN")
            .arg(cursor)
            .arg("MATCH")
            .arg(format!("{namespace}*lock:*"))
            .arg("COUNT")
            .arg(1000)
            .query_async(&mut conn)
            .await?;
        keys.extend(batch);
        if next == 0 {
            break;
        }
        cursor = next;
    }
    keys.sort();
    println!("{:<60}  {:<30}  {:>8}  fence", "lock", "holder", "ttl ms");
    for key in &keys {
        let holder: Option<String> = redis::cmd("GET").arg(key).query_async(&mut conn).await?;
        let ttl: i64 = redis::cmd("PTTL").arg(key).query_async(&mut conn).await?;
        let fence: Option<String> =
            redis::cmd("GET").arg(key.replacen("lock:", "fence:", 1)).query_async(&mut conn).await?;
        println!("{key:<60}  {:<30}  {ttl:>8}  {}", holder.unwrap_or_default(), fence.unwrap_or_default());
    }
    println!("({} lock(s) held)", keys.len());
    Ok(())
}
