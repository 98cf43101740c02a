//! Claim check for large step outputs. An output whose JSON is larger than
//! `APEX_CLAIM_CHECK_BYTES` does not travel in the executor's answer: it is stored in Redis
//! under its SHA-256 (content-addressed: the same output stored twice is one entry) and the
//! answer carries a reference, `{"$claim": {"sha256": "…", "bytes": N}}`. The workflow's
//! events, state, snapshots and commands then hold the reference, never the content, so no
//! record grows with a tool's output and no workflow fails because an output is large.
//! Executors resolve references before they call a tool (a later step's `context`, the output
//! a compensation undoes), so tools always see the content.
//!
//! Why Redis and not PostgreSQL: executors already depend on Redis (the guard) and not on the
//! database. The cost, documented: content is kept `APEX_CLAIM_TTL_SECS` (30 days by default),
//! and a workflow still running after that gets a clear failure when it needs the content.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::core::json::Json;
use crate::lock::{LockError, Locks};

/// The one key of a reference object.
pub const CLAIM_KEY: &str = "$claim";

/// What an answer carries instead of a large output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimRef {
    /// SHA-256 of the output's JSON, lower-case hex.
    pub sha256: String,
    /// Size of the output's JSON.
    pub bytes: u64,
}

impl ClaimRef {
    /// The reference in `value`, if `value` is one (an object whose only key is `$claim`).
    pub fn of(value: &Value) -> Option<Self> {
        let object = value.as_object().filter(|o| o.len() == 1)?;
        serde_json::from_value(object.get(CLAIM_KEY)?.clone()).ok()
    }

    /// The reference as the JSON an answer carries.
    pub fn to_value(&self) -> Value {
        serde_json::json!({ CLAIM_KEY: self })
    }
}

/// Why a claim could not be stored or fetched.
#[derive(Debug, thiserror::Error)]
pub enum ClaimError {
    /// Redis could not be reached: an outage, retried.
    #[error("the claim store is unavailable: {0}")]
    Unavailable(#[from] LockError),
    /// The content is gone (expired): the step that needs it cannot run.
    #[error("the output claimed as sha256:{sha256} ({bytes} bytes) is no longer stored (APEX_CLAIM_TTL_SECS)")]
    Missing { sha256: String, bytes: u64 },
    /// What is stored does not hash to its key.
    #[error("the output stored as sha256:{sha256} does not match its hash")]
    Corrupt { sha256: String },
}

impl From<redis::RedisError> for ClaimError {
    fn from(e: redis::RedisError) -> Self {
        Self::Unavailable(e.into())
    }
}

/// The claim store.
pub struct Claims {
    redis: Locks,
    /// Outputs whose JSON is larger than this are claimed.
    threshold: usize,
    ttl: Duration,
}

impl Claims {
    /// Claims over `redis` (its key prefix keeps deployments apart).
    pub fn new(redis: Locks, threshold: usize, ttl: Duration) -> Self {
        Self { redis, threshold, ttl }
    }

    /// Outputs whose JSON is larger than this are claimed.
    pub fn threshold(&self) -> usize {
        self.threshold
    }

    /// `output` as an answer carries it: itself, or a reference once it is stored.
    ///
    /// # Errors
    /// [`ClaimError::Unavailable`] when a large output cannot be stored.
    pub async fn check(&self, output: Value) -> Result<Value, ClaimError> {
        let bytes = serde_json::to_vec(&output).unwrap_or_default();
        if bytes.len() <= self.threshold {
            return Ok(output);
        }
        let claim = ClaimRef { sha256: hex(&Sha256::digest(&bytes)), bytes: bytes.len() as u64 };
        let mut conn = self.redis.conn().await?;
        // Content-addressed: an entry already there holds the same bytes; its life is renewed.
        redis::cmd("SET")
            .arg(self.key(&claim.sha256))
            .arg(bytes)
            .arg("EX")
            .arg(self.ttl.as_secs().max(1))
            .query_async::<()>(&mut conn)
            .await?;
        crate::telemetry::output_claimed(claim.bytes);
        Ok(claim.to_value())
    }

    /// `value` with its content in place of a reference (the same value when it is none).
    ///
    /// # Errors
    /// [`ClaimError`] when the content cannot be fetched.
    pub async fn resolve(&self, value: &Json) -> Result<Json, ClaimError> {
        let Some(claim) = ClaimRef::of(value.value()) else { return Ok(value.clone()) };
        let mut conn = self.redis.conn().await?;
        let stored: Option<Vec<u8>> = redis::cmd("GET").arg(self.key(&claim.sha256)).query_async(&mut conn).await?;
        let ClaimRef { sha256, bytes } = claim;
        let stored = stored.ok_or_else(|| ClaimError::Missing { sha256: sha256.clone(), bytes })?;
        if hex(&Sha256::digest(&stored)) != sha256 {
            return Err(ClaimError::Corrupt { sha256 });
        }
        serde_json::from_slice::<Value>(&stored).map(Json::new).map_err(|_| ClaimError::Corrupt { sha256 })
    }

    fn key(&self, sha256: &str) -> String {
        self.redis.key("claim", sha256)
    }
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_is_an_object_with_one_claim_key_only() {
        let claim = ClaimRef { sha256: "ab".repeat(32), bytes: 3_000_000 };
        assert_eq!(ClaimRef::of(&claim.to_value()), Some(claim.clone()));
        let mut more = claim.to_value();
        more["other"] = Value::Bool(true);
        assert_eq!(ClaimRef::of(&more), None, "a tool's own output with more keys is not a reference");
        assert_eq!(ClaimRef::of(&serde_json::json!({"$claim": "x"})), None);
        assert_eq!(ClaimRef::of(&serde_json::json!([1, 2])), None);
    }

    #[test]
    fn hashes_are_lower_case_hex_of_sha256() {
        assert_eq!(hex(&Sha256::digest(b"abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
