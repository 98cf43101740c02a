//! Per-tenant admission in the processor (`APEX_TENANT_ADMISSION=processor`): every new
//! workflow is admitted against an exact count of its tenant's workflows in flight and against
//! its daily LLM budget, whoever published the goal (the API's own check only sees goals sent
//! through it).
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
//! - **Spend**: every `UsageRecorded` a batch decides adds to the tenant's spend of that day
//!   (UTC, of the answer's timestamp), once per input: a set of the inputs counted makes the
//!   increment idempotent, so a retried batch or a redelivery counts nothing twice. A goal of a
//!   tenant whose day's spend reached `APEX_TENANT_DAILY_TOKENS` or `APEX_TENANT_DAILY_COST` is
//!   refused; running workflows finish.
//! - An outage fails the batch, which is retried: no goal starts unchecked.
//!
//! [`GoalReceived::admission`]: crate::core::input::GoalReceived::admission

use std::time::Duration;

use crate::core::ids::{EventId, TenantId, WorkflowId};
use crate::core::input::{Admission, Refusal};
use crate::core::time::Timestamp;
use crate::lock::{LockError, Locks};

/// How long the first verdict for a workflow is kept: longer than a batch is retried for, and
/// than regions of an active-active deployment lag behind each other.
pub const VERDICT_TTL: Duration = Duration::from_secs(15 * 60);

/// `KEYS[1]` the tenant's set of workflows in flight, `KEYS[2]` the workflow's verdict,
/// `KEYS[3]` the tenant's spend of the goal's day; `ARGV[1]` the workflow, `ARGV[2]` the
/// in-flight limit, `ARGV[3]` the verdict's lifetime (s), `ARGV[4]` the daily token budget,
/// `ARGV[5]` the daily cost budget in millionths (0: none). Returns `admitted`,
/// `in_flight:<count>` or `budget:<tokens>:<cost millionths>`.
const ADMIT: &str = r"
local verdict = redis.call('GET', KEYS[2])
if verdict then return verdict end
verdict = 'admitted'
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 0 then
  local tokens = tonumber(redis.call('HGET', KEYS[3], 'tokens') or '0')
  local cost = tonumber(redis.call('HGET', KEYS[3], 'cost_micros') or '0')
  local running = redis.call('SCARD', KEYS[1])
  local tokens_max, cost_max, running_max = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[2])
  if (tokens_max > 0 and tokens >= tokens_max) or (cost_max > 0 and cost >= cost_max) then
    verdict = 'budget:' .. tokens .. ':' .. cost
  elseif running_max > 0 and running >= running_max then
    verdict = 'in_flight:' .. running
  else
    redis.call('SADD', KEYS[1], ARGV[1])
  end
end
redis.call('SET', KEYS[2], verdict, 'EX', ARGV[3])
return verdict
";

/// `KEYS[1]` the inputs counted that day, `KEYS[2]` the day's spend; `ARGV[1]` the input's
/// event id, `ARGV[2]` tokens, `ARGV[3]` cost in millionths, `ARGV[4]` how long the day is kept.
const SPEND: &str = r"
if redis.call('SADD', KEYS[1], ARGV[1]) == 1 then
  redis.call('HINCRBY', KEYS[2], 'tokens', ARGV[2])
  redis.call('HINCRBY', KEYS[2], 'cost_micros', ARGV[3])
end
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[4])
return 1
";

/// How long a day's spend is kept: the day, and one more for goals stamped late.
const SPEND_TTL: Duration = Duration::from_secs(2 * 24 * 3600);

/// A tenant's limits.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TenantLimits {
    /// Workflows in flight (0: none).
    pub in_flight: u64,
    /// LLM tokens per day (0: none).
    pub daily_tokens: u64,
    /// LLM cost per day, in the price table's currency (0: none).
    pub daily_cost: f64,
}

impl TenantLimits {
    /// Whether any limit is set.
    pub fn any(&self) -> bool {
        self.in_flight > 0 || self.daily_tokens > 0 || self.daily_cost > 0.0
    }
}

/// A goal to admit.
#[derive(Debug, Clone)]
pub struct Goal {
    pub tenant: TenantId,
    pub workflow: WorkflowId,
    /// When it was published: its day is the one whose spend counts.
    pub at: Timestamp,
}

/// Usage a decided input recorded.
#[derive(Debug, Clone)]
pub struct Spent {
    pub tenant: TenantId,
    pub input: EventId,
    pub at: Timestamp,
    pub tokens: u64,
    pub cost: f64,
}

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
    limits: TenantLimits,
}

impl Admissions {
    /// Admission against `limits` per tenant, counted in Redis through `redis` (its key
    /// prefix keeps deployments apart). `runtime` runs the calls from the processor's thread.
    pub fn new(redis: Locks, runtime: tokio::runtime::Handle, limits: TenantLimits) -> Self {
        Self { redis, runtime, limits }
    }

    /// The verdict for each new workflow of `goals`, in order, in one round trip.
    ///
    /// # Errors
    /// [`AdmissionError`] when Redis cannot be asked: nothing may start unchecked.
    pub fn admit(&self, goals: &[Goal]) -> Result<Vec<Admission>, AdmissionError> {
        if goals.is_empty() {
            return Ok(Vec::new());
        }
        let mut pipe = redis::pipe();
        for goal in goals {
            pipe.cmd("EVAL")
                .arg(ADMIT)
                .arg(3)
                .arg(self.in_flight_key(&goal.tenant))
                .arg(self.verdict_key(&goal.tenant, &goal.workflow))
                .arg(self.spend_key(&goal.tenant, &day(goal.at)))
                .arg(goal.workflow.to_string())
                .arg(self.limits.in_flight)
                .arg(VERDICT_TTL.as_secs())
                .arg(self.limits.daily_tokens)
                .arg(micros(self.limits.daily_cost));
        }
        let verdicts: Vec<String> = self.runtime.block_on(async {
            let mut conn = self.redis.conn().await?;
            Ok::<_, AdmissionError>(pipe.query_async(&mut conn).await?)
        })?;
        Ok(goals.iter().zip(verdicts).map(|(goal, verdict)| self.verdict(&verdict, goal)).collect())
    }

    /// Reads a verdict the script returned.
    fn verdict(&self, verdict: &str, goal: &Goal) -> Admission {
        let mut parts = verdict.split(':');
        let number = |part: Option<&str>| part.and_then(|p| p.parse::<u64>().ok()).unwrap_or(0);
        match parts.next() {
            Some("in_flight") => {
                Admission::Refused(Refusal::InFlight { in_flight: number(parts.next()), limit: self.limits.in_flight })
            }
            Some("budget") => {
                let tokens = number(parts.next());
                let cost = number(parts.next()) as f64 / 1e6;
                Admission::Refused(Refusal::DailyBudget { day: day(goal.at), tokens, cost })
            }
            _ => Admission::Admitted,
        }
    }

    /// Adds what decided inputs spent to their tenants' days, each input once, in one round
    /// trip.
    ///
    /// # Errors
    /// [`AdmissionError`] when Redis cannot be told: the batch must be retried.
    pub fn record(&self, spent: &[Spent]) -> Result<(), AdmissionError> {
        if spent.is_empty() {
            return Ok(());
        }
        let mut pipe = redis::pipe();
        for s in spent {
            let day = day(s.at);
            pipe.cmd("EVAL")
                .arg(SPEND)
                .arg(2)
                .arg(self.redis.key("admission", &format!("{{{}}}:counted:{day}", tenant_tag(&s.tenant))))
                .arg(self.spend_key(&s.tenant, &day))
                .arg(s.input.to_string())
                .arg(s.tokens)
                .arg(micros(s.cost))
                .arg(SPEND_TTL.as_secs())
                .ignore();
        }
        self.runtime.block_on(async {
            let mut conn = self.redis.conn().await?;
            Ok::<_, AdmissionError>(pipe.query_async::<()>(&mut conn).await?)
        })
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

    fn spend_key(&self, tenant: &TenantId, day: &str) -> String {
        self.redis.key("admission", &format!("{{{}}}:spend:{day}", tenant_tag(tenant)))
    }

    fn verdict_key(&self, tenant: &TenantId, workflow: &WorkflowId) -> String {
        self.redis.key("admission", &format!("{{{}}}:verdict:{workflow}", tenant_tag(tenant)))
    }
}

/// The UTC day of `at`, `2026-12-02`.
fn day(at: Timestamp) -> String {
    chrono::DateTime::from_timestamp_millis(at.millis()).map(|t| t.date_naive().to_string()).unwrap_or_default()
}

/// An amount in millionths, for Redis's integer increments (exact, where floats would drift).
fn micros(amount: f64) -> u64 {
    (amount * 1e6).round().max(0.0) as u64
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
