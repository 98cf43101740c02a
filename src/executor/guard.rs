//! Exactly-once tool runs on top of at-least-once commands, kept in Redis:
//!
//! 1. a stored answer for the command id is returned instead of running the tool again
//!    (answers are kept `RESULT_TTL`);
//! 2. a command stamped with a fencing token older than one already admitted for its workflow
//!    comes from a former owner and is refused;
//! 3. a per-command lock keeps two executors from running the same command at once.
//!
//! If Redis is unavailable the tool does not run (fail closed); the executor answers with a
//! retryable failure so the saga tries again later.

use std::time::Duration;

use crate::core::envelope::Envelope;
use crate::core::ids::{CommandId, WorkflowId};
use crate::core::input::Input;
use crate::lock::{LockError, Locks};

/// How long answers are kept for redeliveries.
pub const RESULT_TTL: Duration = Duration::from_secs(24 * 3600);

/// What the guard says about a command before the tool runs.
#[derive(Debug)]
pub enum Admission {
    /// Run the tool; the per-command lock is held until [`Guard::finish`].
    Run,
    /// Answered before: publish this stored answer again.
    Answered(Box<Envelope<Input>>),
    /// Another executor is running it right now; it will answer.
    Busy,
    /// The command comes from a fenced-off former owner.
    Stale,
}

/// The executor's Redis guard. Synchronous: executors run on blocking threads.
pub struct Guard {
    locks: Locks,
    runtime: tokio::runtime::Handle,
    owner: String,
}

impl Guard {
    /// A guard using `locks`, calling Redis through `runtime`; `owner` names this executor.
    pub fn new(locks: Locks, runtime: tokio::runtime::Handle, owner: &str) -> Self {
        Self { locks, runtime, owner: owner.to_owned() }
    }

    /// Decides whether `command` (of `workflow`, stamped with `fence` if the processor
    /// leases workflows) may run now.
    ///
    /// # Errors
    /// [`LockError::Unavailable`]: do not run the tool.
    pub fn admit(
        &self,
        workflow: WorkflowId,
        command: CommandId,
        fence: Option<u64>,
        ttl: Duration,
    ) -> Result<Admission, LockError> {
        self.runtime.block_on(async {
            if let Some(stored) = self.locks.get_value("result", &command.to_string()).await?
                && let Ok(answer) = Envelope::<Input>::from_json(&stored)
            {
                return Ok(Admission::Answered(Box::new(answer)));
            }
            if let Some(fence) = fence
                && !self.locks.admit_fence(&format!("wf:{workflow}"), fence).await?
            {
                return Ok(Admission::Stale);
            }
            match self.locks.acquire(&format!("cmd:{command}"), &self.owner, ttl).await? {
                Some(_) => Ok(Admission::Run),
                None => Ok(Admission::Busy),
            }
        })
    }

    /// Stores the answer and releases the command's lock.
    ///
    /// # Errors
    /// [`LockError::Unavailable`]: the answer is still published; a redelivery may then run
    /// the tool again, which idempotent tools tolerate.
    pub fn finish(&self, command: CommandId, answer: &Envelope<Input>) -> Result<(), LockError> {
        self.runtime.block_on(async {
            self.locks.set_value("result", &command.to_string(), &answer.to_json(), RESULT_TTL).await?;
            self.locks.release(&format!("cmd:{command}"), &self.owner).await?;
            Ok(())
        })
    }
}
