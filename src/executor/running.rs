//! The commands this executor is running right now, by command id.
//!
//! A command can reach the executor that is still running it: its partition was revoked (the
//! process stalled past its session timeout, or a rebalance moved it) and assigned back, and
//! the uncommitted command was delivered again. The Redis guard cannot tell that copy apart
//! (its lock holder is this very executor, which it lets in again), and the deadline check
//! would answer a late copy "expired, the tool did not run" while the tool is running. The
//! copy is held instead until the run's answer is stored, and that answer is published.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};

use crate::core::ids::CommandId;

/// The set of command ids running in this process.
#[derive(Debug, Default, Clone)]
pub struct Running(Arc<Mutex<HashSet<CommandId>>>);

/// A command marked running; dropping it (the run ended, however it ended) unmarks it.
#[derive(Debug)]
pub struct Entered {
    running: Running,
    command: CommandId,
}

impl Running {
    /// Marks `command` running, or `None` if it already is (this is a copy of it).
    pub fn enter(&self, command: CommandId) -> Option<Entered> {
        let fresh = self.0.lock().unwrap_or_else(PoisonError::into_inner).insert(command);
        fresh.then(|| Entered { running: self.clone(), command })
    }
}

impl Drop for Entered {
    fn drop(&mut self) {
        self.running.0.lock().unwrap_or_else(PoisonError::into_inner).remove(&self.command);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_is_entered_once_until_its_run_ends() {
        let running = Running::default();
        let id = CommandId::from_uuid(uuid::Uuid::new_v4());
        let first = running.enter(id).expect("first entry");
        assert!(running.enter(id).is_none(), "a copy is refused while it runs");
        drop(first);
        assert!(running.enter(id).is_some(), "entered again once the run ended");
    }
}
