//! The semantic plan cache on Redis Stack: a RediSearch HNSW index (cosine) over template
//! embeddings. Each entry is a hash holding the template, its slot kinds and intent signature,
//! the plan with placeholders, and hit statistics. Its one tag is the entry's **scope**, a
//! UUIDv5 (hex) of the tenant and the tool-catalog version: RediSearch TAG values split on `,`,
//! fold case and trim spaces, so a tenant id never goes into a tag as it is. Every lookup
//! filters on the scope, and every candidate is checked again against the exact tenant and
//! catalog stored beside it, so tenants never see each other's plans (`mallory,acme`, `ACME`
//! and `acme` are three tenants) and a changed catalog starts afresh. Entries expire after a TTL that every hit renews, so plans in
//! use stay and the rest age out (Redis's `maxmemory` policy bounds the total).
//!
//! Every error is an [`CacheError::Unavailable`]: the planner treats the cache as optional and
//! plans without it (fail open).

use std::time::Duration;

use redis::Value;
use redis::aio::ConnectionManager;

/// The cache could not be used.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("plan cache unavailable: {0}")]
    Unavailable(String),
}

impl From<redis::RedisError> for CacheError {
    fn from(e: redis::RedisError) -> Self {
        Self::Unavailable(e.to_string())
    }
}

/// What is stored for one template.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The template text, e.g. `Book a flight to {LOCATION} {DATE}`.
    pub template: String,
    /// Slot kinds in order, e.g. `LOCATION DATE`.
    pub slots: String,
    /// The intent signature, e.g. `book:flight`.
    pub signature: String,
    /// The plan with placeholders (JSON).
    pub plan: String,
    /// Where the plan came from, with the version that made it: `builtin/2`,
    /// `llm/<model>/prompt-1`. Entries of another built-in planner version are not reused.
    pub origin: String,
}

/// The owner of the shared scope (`APEX_PLAN_CACHE_SCOPE=shared`) where a tenant id goes:
/// no tenant id is empty, so no tenant's own scope is ever the shared one.
pub const SHARED_SCOPE: &str = "";

/// The scope tag of `tenant` and `catalog`: hex digits only, so nothing in either value can
/// change how RediSearch reads it.
fn scope(tenant: &str, catalog: &str) -> String {
    let name = format!("{}\0{tenant}\0{catalog}", tenant.len());
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, name.as_bytes()).simple().to_string()
}

/// The fields of an entry a search returns (`parse_search` reads them).
const ENTRY_FIELDS: [&str; 8] = ["template", "slots", "signature", "plan", "origin", "hits", "tenant", "catalog"];

/// A nearest neighbour.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub key: String,
    /// The tenant and catalog version the entry was stored for (checked on every lookup).
    pub tenant: String,
    pub catalog: String,
    pub entry: Entry,
    /// Cosine similarity to the query.
    pub similarity: f64,
    pub hits: u64,
}

/// Aggregate statistics of the cache.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub entries: u64,
    pub hits: u64,
}

/// The plan cache of one embedder (its id and dimension name the index).
#[derive(Clone)]
pub struct PlanCache {
    /// Made (and the index created) on first use, so a planner started while Redis is down
    /// uses the cache once it is back; reconnects by itself after.
    connection: std::sync::Arc<tokio::sync::OnceCell<ConnectionManager>>,
    url: String,
    index: String,
    prefix: String,
    dimensions: usize,
    ttl: Duration,
}

fn bytes(vector: &[f32]) -> Vec<u8> {
    vector.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn text(value: &Value) -> String {
    match value {
        Value::BulkString(b) => String::from_utf8_lossy(b).into_owned(),
        Value::SimpleString(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        Value::Double(d) => d.to_string(),
        _ => String::new(),
    }
}

impl PlanCache {
    /// Connects and creates the index if it does not exist. `namespace` separates
    /// deployments (`apex:`); `embedder` names the vector space (`builtin256`).
    ///
    /// # Errors
    /// [`CacheError::Unavailable`] when Redis cannot be reached or has no RediSearch.
    pub async fn connect(
        url: &str,
        namespace: &str,
        embedder: &str,
        dimensions: usize,
        ttl: Duration,
    ) -> Result<Self, CacheError> {
        let cache = Self::lazy(url, namespace, embedder, dimensions, ttl);
        cache.redis().await?;
        Ok(cache)
    }

    /// The cache on `url`, connecting and creating its index on first use (each use until
    /// Redis answers fails with [`CacheError::Unavailable`], which the planner counts and
    /// plans without the cache).
    pub fn lazy(url: &str, namespace: &str, embedder: &str, dimensions: usize, ttl: Duration) -> Self {
        Self {
            connection: Default::default(),
            url: url.to_owned(),
            // `v2`: entries are scoped by a hashed tag (older indexes tagged raw tenant ids).
            index: format!("{namespace}plans:v2:{embedder}"),
            prefix: format!("{namespace}plan:v2:{embedder}:"),
            dimensions,
            ttl,
        }
    }

    /// The connection, made (with the index) now if it was not yet.
    async fn redis(&self) -> Result<ConnectionManager, CacheError> {
        let made = self
            .connection
            .get_or_try_init(|| async {
                let redis = crate::lock::connection(&self.url).await?;
                self.ensure_index(redis.clone()).await?;
                Ok::<_, CacheError>(redis)
            })
            .await?;
        Ok(made.clone())
    }

    async fn ensure_index(&self, mut redis: ConnectionManager) -> Result<(), CacheError> {
        let created: redis::RedisResult<Value> = redis::cmd("FT.CREATE")
            .arg(&self.index)
            .arg("ON")
            .arg("HASH")
            .arg("PREFIX")
            .arg(1)
            .arg(&self.prefix)
            .arg("SCHEMA")
            .arg("scope")
            .arg("TAG")
            .arg("embedding")
            .arg("VECTOR")
            .arg("HNSW")
            .arg(10)
            .arg("TYPE")
            .arg("FLOAT32")
            .arg("DIM")
            .arg(self.dimensions)
            .arg("DISTANCE_METRIC")
            .arg("COSINE")
            .arg("M")
            .arg(16)
            .arg("EF_CONSTRUCTION")
            .arg(200)
            .query_async(&mut redis)
            .await;
        match created {
            Ok(_) => Ok(()),
            Err(e) if e.to_string().contains("already exists") => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// The key of a template's entry: one entry per tenant, catalog and template text.
    fn key(&self, tenant: &str, catalog: &str, entry: &Entry) -> String {
        let id = uuid::Uuid::new_v5(
            &uuid::Uuid::NAMESPACE_OID,
            format!("{tenant}\0{catalog}\0{}\0{}", entry.template, entry.signature).as_bytes(),
        );
        self.key_of(id)
    }

    /// The key of the entry with id `id`.
    fn key_of(&self, id: uuid::Uuid) -> String {
        format!("{}{}", self.prefix, id.simple())
    }

    /// Adds the commands that write `entry` to `pipe`, returning its key.
    fn write(
        &self,
        pipe: &mut redis::Pipeline,
        tenant: &str,
        catalog: &str,
        embedding: &[f32],
        entry: &Entry,
    ) -> String {
        let key = self.key(tenant, catalog, entry);
        let scope = scope(tenant, catalog);
        pipe.hset_multiple(
            &key,
            &[
                ("scope", scope.as_str()),
                ("tenant", tenant),
                ("catalog", catalog),
                ("template", entry.template.as_str()),
                ("slots", entry.slots.as_str()),
                ("signature", entry.signature.as_str()),
                ("plan", entry.plan.as_str()),
                ("origin", entry.origin.as_str()),
            ],
        )
        .ignore()
        .hset(&key, "embedding", bytes(embedding))
        .ignore()
        .hset_nx(&key, "hits", 0)
        .ignore()
        .pexpire(&key, self.ttl.as_millis() as i64)
        .ignore();
        key
    }

    /// Stores `entry` under its embedding; storing the same template again replaces it.
    ///
    /// # Errors
    /// [`CacheError::Unavailable`].
    pub async fn store(
        &self,
        tenant: &str,
        catalog: &str,
        embedding: &[f32],
        entry: &Entry,
    ) -> Result<String, CacheError> {
        let mut pipe = redis::pipe();
        let key = self.write(pipe.atomic(), tenant, catalog, embedding, entry);
        pipe.query_async::<()>(&mut self.redis().await?).await?;
        Ok(key)
    }

    /// Stores many entries of one tenant and catalog, pipelined (for filling an index).
    ///
    /// # Errors
    /// [`CacheError::Unavailable`].
    pub async fn store_many(
        &self,
        tenant: &str,
        catalog: &str,
        entries: &[(Vec<f32>, Entry)],
    ) -> Result<(), CacheError> {
        let mut pipe = redis::pipe();
        for (embedding, entry) in entries {
            self.write(&mut pipe, tenant, catalog, embedding, entry);
        }
        pipe.query_async::<()>(&mut self.redis().await?).await?;
        Ok(())
    }

    /// Deletes the index and every entry in it (benchmarks clean up after themselves).
    ///
    /// # Errors
    /// [`CacheError::Unavailable`].
    pub async fn drop_all(&self) -> Result<(), CacheError> {
        let mut redis = self.redis().await?;
        redis::cmd("FT.DROPINDEX").arg(&self.index).arg("DD").query_async::<()>(&mut redis).await?;
        Ok(())
    }

    /// The `k` nearest entries of `tenant` and `catalog` to `embedding`, nearest first. An
    /// entry whose stored tenant or catalog is not exactly these is never returned.
    ///
    /// # Errors
    /// [`CacheError::Unavailable`].
    pub async fn nearest(
        &self,
        tenant: &str,
        catalog: &str,
        embedding: &[f32],
        k: usize,
    ) -> Result<Vec<Candidate>, CacheError> {
        let mut redis = self.redis().await?;
        let query =
            format!("(@scope:{{{}}})=>[KNN {k} @embedding $vec EF_RUNTIME 64 AS distance]", scope(tenant, catalog));
        let reply: Value = redis::cmd("FT.SEARCH")
            .arg(&self.index)
            .arg(query)
            .arg("PARAMS")
            .arg(2)
            .arg("vec")
            .arg(bytes(embedding))
            .arg("SORTBY")
            .arg("distance")
            .arg("RETURN")
            .arg(ENTRY_FIELDS.len() + 1)
            .arg("distance")
            .arg(&ENTRY_FIELDS[..])
            .arg("LIMIT")
            .arg(0)
            .arg(k)
            .arg("DIALECT")
            .arg(2)
            .query_async(&mut redis)
            .await
            .map_err(|e| {
                // A restarted Redis comes back without the index: make it again for next time.
                if e.to_string().to_lowercase().contains("no such index") {
                    let (cache, redis) = (self.clone(), redis.clone());
                    tokio::spawn(async move { cache.ensure_index(redis).await });
                }
                CacheError::from(e)
            })?;
        let (found, foreign): (Vec<_>, Vec<_>) =
            parse_search(&reply).into_iter().partition(|c| c.tenant == tenant && c.catalog == catalog);
        if !foreign.is_empty() {
            crate::telemetry::cache_entries_refused(foreign.len());
        }
        Ok(found)
    }

    /// Every entry, up to `limit` (for operators: `apex cache list`, `apex cache evict`).
    ///
    /// # Errors
    /// [`CacheError::Unavailable`].
    pub async fn list(&self, limit: usize) -> Result<Vec<Candidate>, CacheError> {
        let mut redis = self.redis().await?;
        let reply: Value = redis::cmd("FT.SEARCH")
            .arg(&self.index)
            .arg("*")
            .arg("RETURN")
            .arg(ENTRY_FIELDS.len())
            .arg(&ENTRY_FIELDS[..])
            .arg("LIMIT")
            .arg(0)
            .arg(limit)
            .arg("DIALECT")
            .arg(2)
            .query_async(&mut redis)
            .await?;
        Ok(parse_search(&reply))
    }

    /// The id `apex cache list` shows for an entry's key.
    pub fn id_of<'k>(&self, key: &'k str) -> &'k str {
        key.strip_prefix(self.prefix.as_str()).unwrap_or(key)
    }

    /// Deletes the entry with id `id` (as [`PlanCache::id_of`] gives it, and
    /// `PlanGenerated.cache_entry` carries it); returns whether it was there. An id that is not
    /// one (it came in a command: anyone who can write the topic could send it) deletes nothing.
    ///
    /// # Errors
    /// [`CacheError::Unavailable`].
    pub async fn evict_id(&self, id: &str) -> Result<bool, CacheError> {
        let Ok(id) = uuid::Uuid::try_parse(id) else { return Ok(false) };
        Ok(self.evict(&[self.key_of(id)]).await? > 0)
    }

    /// Deletes the entries under `keys`; returns how many there were.
    ///
    /// # Errors
    /// [`CacheError::Unavailable`].
    pub async fn evict(&self, keys: &[String]) -> Result<usize, CacheError> {
        if keys.is_empty() {
            return Ok(0);
        }
        let mut redis = self.redis().await?;
        Ok(redis::cmd("DEL").arg(keys).query_async(&mut redis).await?)
    }

    /// Counts a hit on `key` and renews its TTL.
    ///
    /// # Errors
    /// [`CacheError::Unavailable`].
    pub async fn record_hit(&self, key: &str) -> Result<(), CacheError> {
        let mut redis = self.redis().await?;
        redis::pipe()
            .hincr(key, "hits", 1)
            .ignore()
            .pexpire(key, self.ttl.as_millis() as i64)
            .ignore()
            .query_async::<()>(&mut redis)
            .await?;
        Ok(())
    }

    /// Number of entries and hits over all of them.
    ///
    /// # Errors
    /// [`CacheError::Unavailable`].
    pub async fn stats(&self) -> Result<Stats, CacheError> {
        let mut redis = self.redis().await?;
        let reply: Value = redis::cmd("FT.AGGREGATE")
            .arg(&self.index)
            .arg("*")
            .arg("LOAD")
            .arg(1)
            .arg("@hits")
            .arg("GROUPBY")
            .arg(0)
            .arg("REDUCE")
            .arg("COUNT")
            .arg(0)
            .arg("AS")
            .arg("entries")
            .arg("REDUCE")
            .arg("SUM")
            .arg(1)
            .arg("@hits")
            .arg("AS")
            .arg("hits")
            .query_async(&mut redis)
            .await?;
        let Value::Array(rows) = reply else { return Ok(Stats::default()) };
        let mut stats = Stats::default();
        if let Some(Value::Array(fields)) = rows.get(1) {
            for pair in fields.chunks(2) {
                let value = pair.get(1).map(text).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0) as u64;
                match pair.first().map(text).as_deref() {
                    Some("entries") => stats.entries = value,
                    Some("hits") => stats.hits = value,
                    _ => {}
                }
            }
        }
        Ok(stats)
    }
}

/// Reads an `FT.SEARCH` reply: `[total, key, [field, value, …], key, […], …]`.
fn parse_search(reply: &Value) -> Vec<Candidate> {
    let Value::Array(items) = reply else { return Vec::new() };
    items
        .iter()
        .skip(1)
        .collect::<Vec<_>>()
        .chunks(2)
        .filter_map(|pair| {
            let key = text(pair.first()?);
            let Value::Array(fields) = pair.get(1)? else { return None };
            let field = |name: &str| {
                fields
                    .chunks(2)
                    .find(|kv| kv.first().map(text).as_deref() == Some(name))
                    .and_then(|kv| kv.get(1))
                    .map(text)
            };
            // Listings (`apex cache list`) ask for no distance: similarity 0.
            let distance: f64 = field("distance").and_then(|d| d.parse().ok()).unwrap_or(1.0);
            Some(Candidate {
                key,
                tenant: field("tenant")?,
                catalog: field("catalog")?,
                similarity: 1.0 - distance,
                hits: field("hits").and_then(|h| h.parse().ok()).unwrap_or(0),
                entry: Entry {
                    template: field("template")?,
                    slots: field("slots").unwrap_or_default(),
                    signature: field("signature").unwrap_or_default(),
                    plan: field("plan")?,
                    origin: field("origin").unwrap_or_default(),
                },
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_are_hex_and_tell_every_tenant_and_catalog_apart() {
        let tenants =
            ["acme", "ACME", "Acme", "mallory,acme", "acme ", " acme", "a|b", "{acme}", "@acme", "ac\0me", "äcme"];
        let mut seen = std::collections::HashSet::new();
        for tenant in tenants {
            for catalog in ["v1", "v2"] {
                let tag = scope(tenant, catalog);
                assert!(tag.chars().all(|c| c.is_ascii_hexdigit()), "{tag}");
                assert!(seen.insert(tag), "{tenant:?} {catalog}");
            }
        }
        assert_ne!(scope("a\0b", "c"), scope("a", "b\0c"), "the lengths keep the parts apart");
    }

    #[test]
    fn search_replies_are_read() {
        let s = |t: &str| Value::BulkString(t.as_bytes().to_vec());
        let reply = Value::Array(vec![
            Value::Int(1),
            s("apex:plan:x:1"),
            Value::Array(vec![
                s("distance"),
                s("0.25"),
                s("template"),
                s("Book {LOCATION}"),
                s("plan"),
                s("{}"),
                s("tenant"),
                s("acme"),
                s("catalog"),
                s("v1"),
                s("hits"),
                s("3"),
            ]),
        ]);
        let found = parse_search(&reply);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].similarity, 0.75);
        assert_eq!(found[0].hits, 3);
        assert_eq!(found[0].entry.template, "Book {LOCATION}");
    }
}
