//! Exactly-once tool runs on top of at-least-once commands, kept in Redis:
//!
//! 1. a stored answer for the command id is returned instead of running the tool again
//!    (answers are kept `RESULT_TTL`);
//! 2. a command stamped with a fencing token older than one already admitted for its workflow
//!    comes from a former owner and is refused;
//! 3. a per-command lock keeps two executors from running the same command at once.
//!
//! All three are one Lua script, so admitting a command is one round trip, and finishing one
//! (store the answer, release the lock) another. Executors run commands concurrently over one
//! multiplexed connection, so the round trips of all commands in flight are pipelined.
//! If Redis is unavailable the tool does not run (fail closed), and the caller holds the
//! command rather than spending an attempt on an outage.
//!
//! The keys of one command live in different hash slots: this needs a single Redis (or a
//! primary with replicas), not Redis Cluster.

use std::time::Duration;

use redis::Script;

use crate::core::envelope::Envelope;
use crate::core::ids::{CommandId, WorkflowId};
use crate::core::input::Input;
use crate::lock::{LockError, Locks};

/// How long answers are kept for redeliveries.
pub const RESULT_TTL: Duration = Duration::from_secs(24 * 3600);

/// What the guard says about a command before the tool runs.
#[derive(Debug)]
pub enum Ruling {
    /// Run the tool; the per-command lock is held until [`Guard::finish`].
    Run,
    /// Answered before: publish this stored answer again.
    Answered(Box<Envelope<Input>>),
    /// Another executor is running it right now; its answer will be stored.
    Busy,
    /// The command comes from a fenced-off former owner.
    Stale,
}

/// KEYS: stored answer, fence seen for the workflow, the command's lock.
/// ARGV: fence (empty: none), owner, lock TTL in ms.
/// Returns the stored answer, or 0 (run), 2 (stale) or 3 (busy).
const ADMIT: &str = r"
local stored = redis.call('GET', KEYS[1])
if stored then return stored end
if ARGV[1] ~= '' then
  local seen = tonumber(redis.call('GET', KEYS[2]) or '0')
  local token = tonumber(ARGV[1])
  if token < seen then return 2 end
  if token > seen then redis.call('SET', KEYS[2], token) end
end
local holder = redis.call('GET', KEYS[3])
if holder == false then
  redis.call('SET', KEYS[3], ARGV[2], 'PX', ARGV[3])
  return 0
elseif holder == ARGV[2] then
  redis.call('PEXPIRE', KEYS[3], ARGV[3])
  return 0
end
return 3
";

/// KEYS: stored answer, the command's lock. ARGV: answer, its TTL in ms, owner.
const FINISH: &str = r"
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
if redis.call('GET', KEYS[2]) == ARGV[3] then redis.call('DEL', KEYS[2]) end
return 1
";

/// The executor's Redis guard.
pub struct Guard {
    locks: Locks,
    owner: String,
    admit: Script,
    finish: Script,
}

impl Guard {
    /// A guard using `locks`; `owner` names this executor.
    pub fn new(locks: Locks, owner: &str) -> Self {
        Self { locks, owner: owner.to_owned(), admit: Script::new(ADMIT), finish: Script::new(FINISH) }
    }

    /// Decides whether `command` (of `workflow`, stamped with `fence` if the processor
    /// leases workflows) may run now.
    ///
    /// # Errors
    /// [`LockError::Unavailable`]: do not run the tool.
    pub async fn admit(
        &self,
        workflow: WorkflowId,
        command: CommandId,
        fence: Option<u64>,
        ttl: Duration,
    ) -> Result<Ruling, LockError> {
        let id = command.to_string();
        let answer: redis::Value = self
            .admit
            .key(self.locks.key("result", &id))
            .key(self.locks.key("fence-seen", &format!("wf:{workflow}")))
            .key(self.locks.key("lock", &format!("cmd:{id}")))
            .arg(fence.map(|f| f.to_string()).unwrap_or_default())
            .arg(&self.owner)
            .arg(ttl.as_millis() as u64)
            .invoke_async(&mut self.locks.conn().await?)
            .await?;
        Ok(match answer {
            redis::Value::BulkString(stored) => match Envelope::<Input>::from_json(&stored) {
                Ok(answer) => Ruling::Answered(Box::new(answer)),
                // An unreadable stored answer (another version's) is not trusted: run again.
                Err(_) => Ruling::Run,
            },
            redis::Value::Int(2) => Ruling::Stale,
            redis::Value::Int(3) => Ruling::Busy,
            _ => Ruling::Run,
        })
    }

    /// Stores the answer and releases the command's lock, in one round trip.
    ///
    /// # Errors
    /// [`LockError::Unavailable`]: the answer is still published; a redelivery may then run
    /// the tool again, which tools deduplicating by idempotency key tolerate.
    pub async fn finish(&self, command: CommandId, answer: &Envelope<Input>) -> Result<(), LockError> {
        let id = command.to_string();
        let _: i64 = self
            .finish
            .key(self.locks.key("result", &id))
            .key(self.locks.key("lock", &format!("cmd:{id}")))
            .arg(answer.to_json())
            .arg(RESULT_TTL.as_millis() as u64)
            .arg(&self.owner)
            .invoke_async(&mut self.locks.conn().await?)
            .await?;
        Ok(())
    }
}
