//! Distributed locks on Redis with fencing tokens.
//!
//! A lock is a key holding its owner's token with a TTL. Acquiring it also increments a
//! per-lock counter, the **fencing token**, which only ever grows: whoever acts under a lock
//! stamps its token on what it does, and a resource that has seen a higher token rejects a
//! lower one ([`Locks::admit_fence`]). That makes a paused or partitioned former owner harmless
//! even after its lease ran out, which a lock alone cannot do.
//!
//! Everything fails closed: if Redis cannot be reached, acquiring returns
//! [`LockError::Unavailable`], never a silent success. [`Redlock`] acquires on a majority of N
//! independent instances, for deployments spanning regions.

use std::time::{Duration, Instant};

use redis::Script;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};

/// Why a lock operation could not be carried out.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Redis could not be reached or answered with an error: the lock is NOT held.
    #[error("Redis is unavailable, so the lock is not held: {0}")]
    Unavailable(String),
    /// Too few Redlock instances answered to form a majority.
    #[error("only {reached} of {total} Redis instances answered; a majority ({needed}) is needed")]
    NoQuorum { reached: usize, needed: usize, total: usize },
}

impl From<redis::RedisError> for LockError {
    fn from(e: redis::RedisError) -> Self {
        Self::Unavailable(e.to_string())
    }
}

/// A self-reconnecting Redis connection with short timeouts: callers that fail closed (locks)
/// or open (the plan cache) learn of an outage in about two seconds, not a TCP timeout.
///
/// # Errors
/// [`redis::RedisError`] when `url` is invalid or Redis cannot be reached.
pub async fn connection(url: &str) -> redis::RedisResult<ConnectionManager> {
    let config = ConnectionManagerConfig::new()
        .set_connection_timeout(Some(Duration::from_secs(2)))
        .set_response_timeout(Some(Duration::from_secs(2)))
        .set_number_of_retries(1);
    ConnectionManager::new_with_config(redis::Client::open(url)?, config).await
}

/// A held lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    pub name: String,
    pub owner: String,
    /// Fencing token: strictly greater than any earlier holder's.
    pub fence: u64,
    /// When the lease runs out unless renewed (local clock).
    pub expires: Instant,
}

const ACQUIRE: &str = r"
local holder = redis.call('GET', KEYS[1])
if holder == false then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return redis.call('INCR', KEYS[2])
elseif holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return tonumber(redis.call('GET', KEYS[2]))
end
return false
";

const RENEW: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
";

const RELEASE: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
";

const ADMIT_FENCE: &str = r"
local seen = tonumber(redis.call('GET', KEYS[1]) or '0')
local token = tonumber(ARGV[1])
if token < seen then return 0 end
if token > seen then redis.call('SET', KEYS[1], token) end
return 1
";

/// Locks on one Redis instance. Cheap to clone (a shared, self-reconnecting connection).
#[derive(Clone)]
pub struct Locks {
    /// Made on first use when the instance was created lazily; reconnects by itself after.
    conn: std::sync::Arc<tokio::sync::OnceCell<ConnectionManager>>,
    /// When the running connection attempt started, or the last one failed. Callers within
    /// [`RETRY_CONNECT`] of it fail at once instead of queueing behind one connection attempt
    /// after another: with hundreds of commands in flight during an outage, that queue alone
    /// made them miss their deadlines.
    attempt: std::sync::Arc<std::sync::Mutex<Option<Instant>>>,
    url: String,
    prefix: String,
}

/// How long after a connection attempt started or failed callers fail without trying again.
const RETRY_CONNECT: Duration = Duration::from_millis(250);

impl std::fmt::Debug for Locks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Locks").field("prefix", &self.prefix).finish()
    }
}

impl Locks {
    /// Connects to `url`; every key is put under `prefix` (e.g. `apex:`).
    ///
    /// # Errors
    /// [`LockError::Unavailable`] when Redis cannot be reached.
    pub async fn connect(url: &str, prefix: &str) -> Result<Self, LockError> {
        let locks = Self::lazy(url, prefix);
        locks.conn().await?;
        Ok(locks)
    }

    /// Locks on `url` that connect on first use, and keep trying on every use until Redis
    /// answers: a role started while Redis is down works once it is back (every call until
    /// then fails with [`LockError::Unavailable`], so callers fail closed or open as before).
    pub fn lazy(url: &str, prefix: &str) -> Self {
        Self { conn: Default::default(), attempt: Default::default(), url: url.to_owned(), prefix: prefix.to_owned() }
    }

    /// The connection, made now if it was not yet.
    ///
    /// # Errors
    /// [`LockError::Unavailable`] when Redis cannot be reached.
    pub async fn conn(&self) -> Result<ConnectionManager, LockError> {
        if let Some(conn) = self.conn.get() {
            return Ok(conn.clone());
        }
        let attempt = &self.attempt;
        let busy = attempt.lock().ok().and_then(|a| *a).is_some_and(|at| at.elapsed() < RETRY_CONNECT);
        if busy {
            return Err(LockError::Unavailable("Redis was unreachable moments ago; not retried yet".into()));
        }
        let made = self.conn.get_or_try_init(|| async {
            if let Ok(mut at) = attempt.lock() {
                *at = Some(Instant::now());
            }
            let made = connection(&self.url).await;
            if let Ok(mut at) = attempt.lock() {
                *at = made.is_err().then(Instant::now);
            }
            Ok::<_, LockError>(made?)
        });
        Ok(made.await?.clone())
    }

    /// The Redis key of `name` of `kind` under this instance's prefix.
    pub fn key(&self, kind: &str, name: &str) -> String {
        format!("{}{kind}:{name}", self.prefix)
    }

    /// Takes lock `name` for `owner` for `ttl`; `None` if someone else holds it. Acquiring a
    /// lock one already holds extends it and keeps its token.
    ///
    /// # Errors
    /// [`LockError::Unavailable`]: the lock is not held.
    pub async fn acquire(&self, name: &str, owner: &str, ttl: Duration) -> Result<Option<Lease>, LockError> {
        let started = Instant::now();
        let fence: Option<u64> = Script::new(ACQUIRE)
            .key(self.key("lock", name))
            .key(self.key("fence", name))
            .arg(owner)
            .arg(ttl.as_millis() as u64)
            .invoke_async(&mut self.conn().await?)
            .await?;
        Ok(fence.map(|fence| Lease { name: name.to_owned(), owner: owner.to_owned(), fence, expires: started + ttl }))
    }

    /// [`Self::acquire`] for many locks in one round trip (a pipeline): the fencing token for
    /// each lock taken or extended, `None` for each held by someone else.
    ///
    /// # Errors
    /// [`LockError::Unavailable`]: none of the locks may be assumed held.
    pub async fn acquire_many(
        &self,
        names: &[String],
        owner: &str,
        ttl: Duration,
    ) -> Result<Vec<Option<u64>>, LockError> {
        if names.is_empty() {
            return Ok(Vec::new());
        }
        let mut pipe = redis::pipe();
        for name in names {
            pipe.cmd("EVAL")
                .arg(ACQUIRE)
                .arg(2)
                .arg(self.key("lock", name))
                .arg(self.key("fence", name))
                .arg(owner)
                .arg(ttl.as_millis() as u64);
        }
        Ok(pipe.query_async(&mut self.conn().await?).await?)
    }

    /// Extends a held lease; `false` if it was lost (expired and maybe taken by another).
    ///
    /// # Errors
    /// [`LockError::Unavailable`].
    pub async fn renew(&self, lease: &mut Lease, ttl: Duration) -> Result<bool, LockError> {
        let started = Instant::now();
        let renewed: i64 = Script::new(RENEW)
            .key(self.key("lock", &lease.name))
            .arg(&lease.owner)
            .arg(ttl.as_millis() as u64)
            .invoke_async(&mut self.conn().await?)
            .await?;
        if renewed == 1 {
            lease.expires = started + ttl;
        }
        Ok(renewed == 1)
    }

    /// Releases lock `name` if `owner` holds it; `false` (and nothing changes) otherwise.
    ///
    /// # Errors
    /// [`LockError::Unavailable`].
    pub async fn release(&self, name: &str, owner: &str) -> Result<bool, LockError> {
        let released: i64 =
            Script::new(RELEASE).key(self.key("lock", name)).arg(owner).invoke_async(&mut self.conn().await?).await?;
        Ok(released == 1)
    }

    /// For a resource guarded by lock `name`: admits an action stamped with `fence` unless a
    /// higher token was admitted before (a newer owner has acted), and remembers the highest.
    ///
    /// # Errors
    /// [`LockError::Unavailable`]: the action must not proceed.
    pub async fn admit_fence(&self, name: &str, fence: u64) -> Result<bool, LockError> {
        let admitted: i64 = Script::new(ADMIT_FENCE)
            .key(self.key("fence-seen", name))
            .arg(fence)
            .invoke_async(&mut self.conn().await?)
            .await?;
        Ok(admitted == 1)
    }

    /// Reads a plain value stored next to the locks (e.g. an executor's stored answer).
    ///
    /// # Errors
    /// [`LockError::Unavailable`].
    pub async fn get_value(&self, kind: &str, name: &str) -> Result<Option<Vec<u8>>, LockError> {
        let mut conn = self.conn().await?;
        Ok(redis::cmd("GET").arg(self.key(kind, name)).query_async(&mut conn).await?)
    }

    /// Stores a plain value with a TTL.
    ///
    /// # Errors
    /// [`LockError::Unavailable`].
    pub async fn set_value(&self, kind: &str, name: &str, value: &[u8], ttl: Duration) -> Result<(), LockError> {
        let mut conn = self.conn().await?;
        let () = redis::cmd("SET")
            .arg(self.key(kind, name))
            .arg(value)
            .arg("PX")
            .arg(ttl.as_millis() as u64)
            .query_async(&mut conn)
            .await?;
        Ok(())
    }

    /// The current holder of lock `name`, if any.
    ///
    /// # Errors
    /// [`LockError::Unavailable`].
    pub async fn holder(&self, name: &str) -> Result<Option<String>, LockError> {
        let mut conn = self.conn().await?;
        Ok(redis::cmd("GET").arg(self.key("lock", name)).query_async(&mut conn).await?)
    }
}

/// The Redlock algorithm over independent Redis instances: a lock is held when a majority
/// granted it within the TTL (less a clock-drift margin). The fencing token is the highest
/// token among the instances that granted it.
#[derive(Debug, Clone)]
pub struct Redlock {
    instances: Vec<Locks>,
}

impl Redlock {
    /// Redlock over `instances` (use an odd number, e.g. 3 or 5, in different failure domains).
    pub fn new(instances: Vec<Locks>) -> Self {
        Self { instances }
    }

    fn quorum(&self) -> usize {
        self.instances.len() / 2 + 1
    }

    /// Takes lock `name` on a majority, or nothing at all.
    ///
    /// # Errors
    /// [`LockError::NoQuorum`] when too few instances answered (fail closed).
    pub async fn acquire(&self, name: &str, owner: &str, ttl: Duration) -> Result<Option<Lease>, LockError> {
        let started = Instant::now();
        let mut granted = Vec::new();
        let mut answered = 0;
        for instance in &self.instances {
            match instance.acquire(name, owner, ttl).await {
                Ok(Some(lease)) => {
                    answered += 1;
                    granted.push(lease.fence);
                }
                Ok(None) => answered += 1,
                Err(_) => {}
            }
        }
        let drift = ttl / 100 + Duration::from_millis(2);
        let valid = started.elapsed() + drift < ttl;
        if granted.len() >= self.quorum() && valid {
            let fence = granted.iter().copied().max().unwrap_or(0);
            return Ok(Some(Lease {
                name: name.to_owned(),
                owner: owner.to_owned(),
                fence,
                expires: started + ttl - drift,
            }));
        }
        for instance in &self.instances {
            let _ = instance.release(name, owner).await;
        }
        if answered < self.quorum() {
            return Err(LockError::NoQuorum { reached: answered, needed: self.quorum(), total: self.instances.len() });
        }
        Ok(None)
    }

    /// Releases lock `name` on every instance `owner` holds it on.
    pub async fn release(&self, name: &str, owner: &str) {
        for instance in &self.instances {
            let _ = instance.release(name, owner).await;
        }
    }
}
