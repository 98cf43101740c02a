//! Per-tenant quotas at the API, so one tenant cannot flood `POST /workflows` and the shared
//! roles behind it: a rate of new goals and a limit on workflows in flight. A tenant over
//! either gets 429 with `Retry-After`; every other tenant is served as before.
//!
//! - **Rate:** GCRA (`governor`), keyed by tenant, `APEX_TENANT_GOALS_PER_SECOND` with bursts
//!   of `APEX_TENANT_GOAL_BURST`. Kept in each API replica's memory: with N replicas a tenant
//!   gets up to N times the rate. Tenants come from tokens, so the keys are bounded.
//! - **In flight:** workflows of the tenant not ended in the projection
//!   (`APEX_TENANT_MAX_IN_FLIGHT`). The projection trails the stream by its lag, so a burst
//!   can overshoot the limit by what the rate lets through meanwhile.
//! - **Daily LLM budget:** what the tenant's workflows spent since UTC midnight, summed from
//!   the projection's `UsageRecorded` events, against `APEX_TENANT_DAILY_TOKENS` and
//!   `APEX_TENANT_DAILY_COST`; `Retry-After` is the next midnight. The processor's own check
//!   (`APEX_TENANT_ADMISSION=processor`) is exact and covers every publisher; this one answers
//!   the API's callers with a status they can act on.

use std::num::NonZeroU32;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use sqlx::PgPool;

use super::error::ApiError;
use crate::config::Config;
use crate::core::ids::TenantId;

/// How long a tenant over its in-flight limit is told to wait: workflows end on their own
/// time, so this is a polite pace, not a promise.
const IN_FLIGHT_RETRY_SECS: u64 = 5;

/// The API's per-tenant quotas.
#[derive(Debug)]
pub struct Quotas {
    rate: Option<DefaultKeyedRateLimiter<TenantId>>,
    max_in_flight: u64,
    daily_tokens: u64,
    daily_cost: f64,
}

impl Quotas {
    /// The quotas `config` sets (0 turns either off).
    pub fn of(config: &Config) -> Self {
        let rate = NonZeroU32::new(config.tenant_goals_per_second).map(|rate| {
            let burst = NonZeroU32::new(config.tenant_goal_burst).unwrap_or(rate);
            RateLimiter::keyed(Quota::per_second(rate).allow_burst(burst))
        });
        Self {
            rate,
            max_in_flight: config.tenant_max_in_flight,
            daily_tokens: config.tenant_daily_tokens,
            daily_cost: config.tenant_daily_cost,
        }
    }

    /// Admits one new goal of `tenant`, or says why not and when to try again.
    ///
    /// # Errors
    /// [`ApiError::TooMany`] over a quota; [`ApiError::Unavailable`] when the projection
    /// cannot be counted.
    pub async fn admit(&self, tenant: &TenantId, pool: &PgPool) -> Result<(), ApiError> {
        if self.max_in_flight > 0 {
            let running = crate::store::queries::in_flight(pool, tenant.as_str()).await?;
            if running >= self.max_in_flight as i64 {
                return Err(ApiError::TooMany {
                    message: format!(
                        "tenant `{tenant}` has {running} workflows in flight; at most {} (APEX_TENANT_MAX_IN_FLIGHT)",
                        self.max_in_flight
                    ),
                    retry_after_secs: IN_FLIGHT_RETRY_SECS,
                });
            }
        }
        if self.daily_tokens > 0 || self.daily_cost > 0.0 {
            self.within_daily_budget(tenant, pool).await?;
        }
        if let Some(rate) = &self.rate
            && let Err(not_until) = rate.check_key(tenant)
        {
            let wait = not_until.wait_time_from(governor::clock::Clock::now(rate.clock()));
            return Err(ApiError::TooMany {
                message: format!("tenant `{tenant}` is submitting goals faster than APEX_TENANT_GOALS_PER_SECOND"),
                retry_after_secs: wait.as_secs_f64().ceil().max(1.0) as u64,
            });
        }
        Ok(())
    }

    /// Whether `tenant`'s workflows spent less than its daily budget since UTC midnight.
    async fn within_daily_budget(&self, tenant: &TenantId, pool: &PgPool) -> Result<(), ApiError> {
        let now = chrono::Utc::now();
        let midnight = now.date_naive().and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
        let spent = crate::store::queries::spend(pool, tenant.as_str(), None, Some(midnight)).await?;
        let over_tokens = self.daily_tokens > 0 && spent.tokens >= self.daily_tokens as i64;
        let over_cost = self.daily_cost > 0.0 && spent.cost >= self.daily_cost;
        if !(over_tokens || over_cost) {
            return Ok(());
        }
        let next_midnight = midnight + chrono::Duration::days(1);
        Err(ApiError::TooMany {
            message: format!(
                "tenant `{tenant}` spent its daily LLM budget: {} tokens and a cost of {:.4} since {} \
                 (APEX_TENANT_DAILY_TOKENS = {}, APEX_TENANT_DAILY_COST = {})",
                spent.tokens,
                spent.cost,
                midnight.format("%Y-%m-%d 00:00 UTC"),
                self.daily_tokens,
                self.daily_cost
            ),
            retry_after_secs: (next_midnight - now).num_seconds().max(1) as u64,
        })
    }
}
