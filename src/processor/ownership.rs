//! Active-active ownership: several processor groups ("regions") fold the same inputs, so
//! their workflows stay identical (the core is deterministic), but only the region holding a
//! workflow's lease publishes its commands, stamped with the lease's fencing token. (Outcomes
//! act on nothing and carry the same ids in every region: all regions publish them.) Executors refuse tokens older than one they have seen, so a former owner that has
//! not noticed it lost the lease cannot act.
//!
//! Leases are taken and extended per batch in one pipelined Redis round trip, only for the
//! workflows in the batch whose lease is missing or past half its life; never per envelope.
//! When Redis cannot be reached the batch fails and is retried: nothing is published
//! without proof of ownership, and nothing is skipped.

use std::time::{Duration, Instant};

use crate::core::hash::KeyedHashMap;
use crate::core::ids::WorkflowId;
use crate::lock::{LockError, Locks};

/// This region's leases.
pub struct Ownership {
    locks: Locks,
    runtime: tokio::runtime::Handle,
    region: std::sync::Arc<str>,
    ttl: Duration,
    leases: KeyedHashMap<WorkflowId, (u64, Instant)>,
}

impl Ownership {
    /// Leases for `region` in `locks`, each lasting `ttl`.
    pub fn new(locks: Locks, runtime: tokio::runtime::Handle, region: &str, ttl: Duration) -> Self {
        Self { locks, runtime, region: region.into(), ttl, leases: KeyedHashMap::default() }
    }

    /// How long a lease lasts.
    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// The region's name (shared: every fenced command carries it).
    pub fn region(&self) -> std::sync::Arc<str> {
        std::sync::Arc::clone(&self.region)
    }

    /// Takes or extends the leases of `workflows` that need it, in one round trip. Returns the
    /// workflows this region has just gained (it did not hold a live lease on them before).
    ///
    /// # Errors
    /// [`LockError`]: ownership is unknown; the batch must not publish.
    pub fn refresh(&mut self, workflows: impl IntoIterator<Item = WorkflowId>) -> Result<Vec<WorkflowId>, LockError> {
        let now = Instant::now();
        let mut due: Vec<WorkflowId> = workflows
            .into_iter()
            .filter(|w| {
                self.leases.get(w).is_none_or(|(_, expires)| expires.saturating_duration_since(now) < self.ttl / 2)
            })
            .collect();
        due.sort_unstable();
        due.dedup();
        if due.is_empty() {
            return Ok(Vec::new());
        }
        let names: Vec<String> = due.iter().map(|w| format!("wf:{w}")).collect();
        let tokens = self.runtime.block_on(self.locks.acquire_many(&names, &self.region, self.ttl))?;
        let mut gained = Vec::new();
        for (workflow, token) in due.into_iter().zip(tokens) {
            match token {
                Some(fence) => {
                    let was_held = self.fence(&workflow).is_some();
                    self.leases.insert(workflow, (fence, now + self.ttl));
                    if !was_held {
                        gained.push(workflow);
                    }
                }
                None => {
                    self.leases.remove(&workflow);
                }
            }
        }
        Ok(gained)
    }

    /// The fencing token if this region owns `workflow` now.
    pub fn fence(&self, workflow: &WorkflowId) -> Option<u64> {
        self.leases.get(workflow).filter(|(_, expires)| *expires > Instant::now()).map(|(fence, _)| *fence)
    }
}
