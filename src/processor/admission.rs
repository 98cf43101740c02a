//! Per-tenant admission in the processor (`APEX_TENANT_ADMISSION=processor`): every new
//! workflow is admitted against an exact count of its tenant's workflows in flight, whoever
//! published the goal (the API's own check only sees goals sent through it).
//!
//! Why the count lives in Redis and not in the partitions' state: a tenant's workflows are
//! spread over every partition (they are keyed by workflow id) and over processor replicas,
//! so no partition knows the tenant's total. Why this stays deterministic anyway: the verdict
//! enters the core with the goal ([`GoalReceived::admission`]), and a refusal is recorded as
//! `GoalRefused`, so replay reads it from the history and never asks Redis.
//!
//! - **Admit**: a script per goal, all of a batch in one round trip: a workflow already
//!   counted is admitted; otherwise it is counted if the tenant is under its limit, else
//!   refused. The first verdict for a workflow is remembered for [`VERDICT_TTL`], so a goal
//!   decided again (a batch retried after a crash, another region folding the same log)
//!   gets the same answer.
//! - **Release**: a workflow that ends leaves the count in the same batch, before its
//!   offsets are committed. A batch that fails after releasing ends the workflow again when
//!   it is retried (removing twice changes nothing), so no slot leaks through a crash.
//! - An outage fails the batch, which is retried: no goal starts unchecked.
//!
//! [`GoalReceived::admission`]: crate::core::input::GoalReceived::admission

use std::time::Duration;

use crate::core::ids::{TenantId, WorkflowId};
use crate::core::input::Admission;
use crate::lock::{LockError, Locks};

/// How long the first verdict for a workflow is kept: longer than a batch is retried for, and
/// than regions of an active-active deployment lag behind each other.
pub const VERDICT_TTL: Duration = Duration::from_secs(15 * 60);

/// `KEYS[1]` the tenant's set of workflows in flight, `KEYS[2]` the workflow's verdict;
/// `ARGV[1]` the workflow, `ARGV[2]` the limit, `ARGV[3]` the verdict's lifetime (s).
/// Returns 0 (admitted) or the count that refused it.
const ADMIT: &str = r"
local verdict = redis.call('GET', KEYS[2])
if verdict then return tonumber(verdict) end
verdict = 0
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 0 then
  local running = redis.call('SCARD', KEYS[1])
  if running < tonumber(ARGV[2]) then
    redis.call('SADD', KEYS[1], ARGV[1])
  else
    verdict = running
  end
end
redis.call('SET', KEYS[2], verdict, 'EX', ARGV[3])
return verdict
";

/// Why admission could not be decided.
#[derive(Debug, thiserror::Error)]
#[error("tenant admission needs Redis: {0}")]
pub struct AdmissionError(#[from] LockError);

impl From<redis::RedisError> for AdmissionError {
    fn from(e: redis::RedisError) -> Self {
        Self(e.into())
    }
}

/// The processor's admission of new workflows.
pub struct Admissions {
    redis: Locks,
    runtime: tokio::runtime::Handle,
    limit: u64,
}

impl Admissions {
    /// Admission against `limit` workflows in flight per tenant, counted in Redis through
    /// `redis` (its key prefix keeps deployments apart). `runtime` runs the calls from the
    /// processor's thread.
    pub fn new(redis: Locks, runtime: tokio::runtime::Handle, limit: u64) -> Self {
        Self { redis, runtime, limit }
    }

    /// The verdict for each new workflow of `goals`, in order, in one round trip.
    ///
    /// # Errors
    /// [`AdmissionError`] when Redis cannot be asked: nothing may start unchecked.
    pub fn admit(&self, goals: &[(TenantId, WorkflowId)]) -> Result<Vec<Admission>, AdmissionError> {
        if goals.is_empty() {
            return Ok(Vec::new());
        }
        let mut pipe = redis::pipe();
        for (tenant, workflow) in goals {
            pipe.cmd("EVAL")
                .arg(ADMIT)
                .arg(2)
                .arg(self.in_flight_key(tenant))
                .arg(self.verdict_key(tenant, workflow))
                .arg(workflow.to_string())
                .arg(self.limit)
                .arg(VERDICT_TTL.as_secs());
        }
        let counts: Vec<u64> = self.runtime.block_on(async {
            let mut conn = self.redis.conn().await?;
            Ok::<_, AdmissionError>(pipe.query_async(&mut conn).await?)
        })?;
        Ok(counts
            .into_iter()
            .map(|running| match running {
                0 => Admission::Admitted,
                in_flight => Admission::Refused { in_flight, limit: self.limit },
            })
            .collect())
    }

    /// Takes workflows that have ended out of their tenants' counts, in one round trip.
    ///
    /// # Errors
    /// [`AdmissionError`] when Redis cannot be told: the batch must be retried, or the slots
    /// would stay taken.
    pub fn release(&self, ended: &[(TenantId, WorkflowId)]) -> Result<(), AdmissionError> {
        if ended.is_empty() {
            return Ok(());
        }
        let mut pipe = redis::pipe();
        for (tenant, workflow) in ended {
            pipe.cmd("SREM").arg(self.in_flight_key(tenant)).arg(workflow.to_string()).ignore();
        }
        self.runtime.block_on(async {
            let mut conn = self.redis.conn().await?;
            Ok::<_, AdmissionError>(pipe.query_async::<()>(&mut conn).await?)
        })
    }

    /// The tenant's workflows in flight, as counted (for tests and `apex doctor`).
    ///
    /// # Errors
    /// [`AdmissionError`] when Redis cannot be asked.
    pub fn in_flight(&self, tenant: &TenantId) -> Result<u64, AdmissionError> {
        self.runtime.block_on(async {
            let mut conn = self.redis.conn().await?;
            Ok::<_, AdmissionError>(redis::cmd("SCARD").arg(self.in_flight_key(tenant)).query_async(&mut conn).await?)
        })
    }

    fn in_flight_key(&self, tenant: &TenantId) -> String {
        self.redis.key("admission", &format!("{{{}}}:in-flight", tenant_tag(tenant)))
    }

    fn verdict_key(&self, tenant: &TenantId, workflow: &WorkflowId) -> String {
        self.redis.key("admission", &format!("{{{}}}:verdict:{workflow}", tenant_tag(tenant)))
    }
}

/// The tenant id in hex: exact (a count shared by two tenants would be wrong), and nothing a
/// tenant id holds can change the key's meaning. The braces around it in keys make it the
/// Redis Cluster hash tag, so a tenant's keys share a slot as the script needs.
fn tenant_tag(tenant: &TenantId) -> String {
    tenant.as_str().bytes().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenant_tags_are_hex_and_tell_tenants_apart() {
        let tags: Vec<String> = ["acme", "ACME", "mallory,acme", "a}b{", "ünï"]
            .iter()
            .map(|t| tenant_tag(&TenantId::parse(t).expect("valid id")))
            .collect();
        for tag in &tags {
            assert!(tag.chars().all(|c| c.is_ascii_hexdigit()), "{tag}");
        }
        let distinct: std::collections::BTreeSet<&String> = tags.iter().collect();
        assert_eq!(distinct.len(), tags.len());
    }
}
