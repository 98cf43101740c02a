//! The workflow aggregate's state: what the saga knows after folding its events.
//!
//! Split in two: [`Seen`] (the de-duplication memory, only ever read by `decide`) and
//! [`Saga`] (everything the rules reason about). `decide` works on a scratch copy of the
//! saga, which is small: the plan and step outputs are shared, not copied.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::envelope::Trace;
use super::event::{Cause, LateFate};
use super::ids::{CommandId, StepId, TenantId, TimerId, WorkflowId};
use super::json::Json;
use super::plan::SharedPlan;
pub use super::seen::Seen;
use super::time::Timestamp;

/// Where a workflow stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// No goal yet.
    #[default]
    New,
    /// Waiting for a plan.
    Planning,
    /// Running steps.
    Running,
    /// Rolling back.
    Compensating,
    /// Rolling back is stuck; an operator's `resume` continues it.
    Parked,
    /// Every step succeeded.
    Completed,
    /// Failed and rolled back.
    Compensated,
    /// Failed with nothing to roll back.
    Failed,
    /// Cancelled (and rolled back).
    Cancelled,
}

impl Status {
    /// Every status, in lifecycle order.
    pub const ALL: [Self; 9] = [
        Self::New,
        Self::Planning,
        Self::Running,
        Self::Compensating,
        Self::Parked,
        Self::Completed,
        Self::Compensated,
        Self::Failed,
        Self::Cancelled,
    ];

    /// The statuses a stored workflow can have: all but `new` (a workflow is stored once
    /// its goal arrived). What status filters (CLI, API) accept.
    pub fn stored() -> impl Iterator<Item = Self> {
        Self::ALL.into_iter().filter(|s| *s != Self::New)
    }

    /// The stored status named `text`.
    ///
    /// # Errors
    /// A message naming the statuses there are, when `text` is none of them.
    pub fn parse_stored(text: &str) -> Result<Self, String> {
        Self::stored().find(|s| s.as_str() == text).ok_or_else(|| {
            let names: Vec<&str> = Self::stored().map(Self::as_str).collect();
            format!("one of {}", names.join(", "))
        })
    }

    /// Whether nothing can change the workflow any more.
    pub fn is_terminal(self) -> bool {
        matches!(self, Self::Completed | Self::Compensated | Self::Failed | Self::Cancelled)
    }

    /// Lower-case name, as stored in projections.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Planning => "planning",
            Self::Running => "running",
            Self::Compensating => "compensating",
            Self::Parked => "parked",
            Self::Completed => "completed",
            Self::Compensated => "compensated",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
        }
    }
}

/// Facts fixed when the goal arrives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub workflow_id: WorkflowId,
    pub tenant_id: TenantId,
    pub goal: String,
    pub user_id: String,
    pub trace: Trace,
    /// Limits on what the workflow may spend on LLM calls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<super::input::Budget>,
}

impl Meta {
    /// The id of command `what` of this workflow (see [`WorkflowId::derive`]).
    pub fn derive(&self, what: std::fmt::Arguments<'_>) -> uuid::Uuid {
        self.workflow_id.derive_fmt(what)
    }
}

/// Where one step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Not started; its dependencies have not all succeeded.
    #[default]
    Pending,
    /// Ready, waiting for an `approve` signal.
    AwaitingApproval,
    /// An attempt is in flight.
    Running,
    /// Waiting for the backoff timer before the next attempt.
    BackingOff,
    /// Done.
    Succeeded,
    /// Failed for good; `outcome_unknown` when the last attempt timed out.
    Failed { outcome_unknown: bool },
    /// Will not run: the saga rolled back first.
    Skipped,
}

/// Where the compensation of one step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompPhase {
    /// Not started.
    #[default]
    Idle,
    /// An attempt is in flight.
    Running,
    /// Waiting for the backoff timer.
    BackingOff,
    /// Undone.
    Done,
    /// Ran out of attempts.
    Exhausted,
}

/// A step's compensation progress.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CompRun {
    pub phase: CompPhase,
    /// Last attempt number used (attempt numbers keep growing across resumes, so command
    /// ids never repeat).
    pub attempt: u32,
    /// Attempts before this number do not count against the retry budget (set on resume).
    pub budget_from: u32,
    pub command: Option<CommandId>,
}

/// A step's progress.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct StepRun {
    pub phase: Phase,
    /// Current (or last) attempt, 1-based; 0 before the first.
    pub attempt: u32,
    /// Attempts whose tool never ran (an outage): they do not count against the retry policy.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_run: Vec<u32>,
    /// The command of the current attempt; results for any other are stale.
    pub command: Option<CommandId>,
    pub approved: bool,
    /// The step's output once it succeeded.
    pub output: Json,
    /// The attempt whose success is the output (0 before one succeeded). Not always the
    /// last one: a late success of a superseded attempt is kept if the step still needs it.
    #[serde(default)]
    pub kept: u32,
    pub comp: CompRun,
    /// Successes of superseded attempts that were not kept, each with its own compensation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub late: Vec<LateEffect>,
}

impl StepRun {
    /// The compensation progress of the step's own effect (`None`) or of the late effect of
    /// attempt `effect`.
    pub fn comp_of(&self, effect: Option<u32>) -> Option<&CompRun> {
        match effect {
            None => Some(&self.comp),
            Some(a) => self.late.iter().find(|l| l.attempt == a).map(|l| &l.comp),
        }
    }

    /// Every compensation of the step with the effect it undoes: its own (`None`) first, then
    /// each late effect's.
    pub fn comps(&self) -> impl Iterator<Item = (Option<u32>, &CompRun)> {
        std::iter::once((None, &self.comp)).chain(self.late.iter().map(|l| (Some(l.attempt), &l.comp)))
    }

    pub(crate) fn comp_of_mut(&mut self, effect: Option<u32>) -> Option<&mut CompRun> {
        match effect {
            None => Some(&mut self.comp),
            Some(a) => self.late.iter_mut().find(|l| l.attempt == a).map(|l| &mut l.comp),
        }
    }
}

/// A success of a superseded attempt that the saga did not keep (see [`LateFate`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LateEffect {
    /// The attempt that succeeded.
    pub attempt: u32,
    /// What it returned: the compensation gets it, so it can find what to undo.
    pub output: Json,
    pub fate: LateFate,
    /// Progress of its own compensation (`fate: undo` only).
    pub comp: CompRun,
}

/// What a durable timer is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TimerKind {
    /// The planner's answer to attempt `attempt` is overdue.
    Plan { attempt: u32 },
    /// The workflow's deadline.
    Deadline,
    /// Attempt `attempt` of step `step` (plan position) is overdue.
    StepTimeout { step: usize, attempt: u32 },
    /// Attempt `attempt` of step `step` may start.
    StepBackoff { step: usize, attempt: u32 },
    /// Compensation attempt `attempt` of step `step` (of its late effect `effect`) is overdue.
    CompTimeout {
        step: usize,
        attempt: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        effect: Option<u32>,
    },
    /// Compensation attempt `attempt` of step `step` (of its late effect `effect`) may start.
    CompBackoff {
        step: usize,
        attempt: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        effect: Option<u32>,
    },
}

impl TimerKind {
    pub(crate) fn step(&self) -> Option<usize> {
        match *self {
            Self::Plan { .. } | Self::Deadline => None,
            Self::StepTimeout { step, .. }
            | Self::StepBackoff { step, .. }
            | Self::CompTimeout { step, .. }
            | Self::CompBackoff { step, .. } => Some(step),
        }
    }

    /// The late effect a compensation timer is about (`None` for every other timer).
    pub fn effect(&self) -> Option<u32> {
        match *self {
            Self::CompTimeout { effect, .. } | Self::CompBackoff { effect, .. } => effect,
            _ => None,
        }
    }
}

/// A durable timer: part of the state, so it survives restarts and replays.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timer {
    pub id: TimerId,
    pub due_at: Timestamp,
    pub kind: TimerKind,
}

/// The rules' view of a workflow.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Saga {
    pub status: Status,
    pub meta: Option<Arc<Meta>>,
    /// The pending plan request: command and attempt.
    pub plan_request: Option<(CommandId, u32)>,
    pub plan: Option<SharedPlan>,
    /// One entry per plan step, same positions.
    pub steps: Vec<StepRun>,
    pub timers: Vec<Timer>,
    /// Why the saga is rolling back, once it is.
    pub ending: Option<(Cause, String)>,
    /// Steps undone, in order.
    pub compensated: Vec<StepId>,
    /// Number of events folded.
    pub version: u64,
    /// Inputs recorded although they changed nothing (`InputIgnored`): at most
    /// [`MAX_IGNORED_INPUTS`], so a publisher cannot grow a workflow without limit.
    #[serde(default)]
    pub ignored: u32,
    /// What the workflow spent on LLM calls so far.
    #[serde(default)]
    pub spent: Spend,
    /// The plan cache entry the plan came from or was stored as, until it is discarded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_entry: Option<String>,
}

/// LLM usage summed over a workflow: planning and LLM-backed tools.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Spend {
    pub tokens: u64,
    pub calls: u32,
    pub cost: f64,
    /// A warning was recorded (80% of a limit).
    #[serde(default)]
    pub warned: bool,
    /// A limit was crossed.
    #[serde(default)]
    pub exceeded: bool,
}

/// Most inputs a workflow records as ignored. Past it, such inputs are refused (dead-lettered
/// `input_limit`) instead of recorded: every input the workflow keeps then changed something,
/// and those are bounded by its plan (steps × attempts), so its history, de-duplication memory
/// and snapshots stay bounded too.
pub const MAX_IGNORED_INPUTS: u32 = 256;

impl Saga {
    /// Adds a timer. Its id is derived from the command it guards (`anchor`: the attempt that
    /// may time out, or the attempt that failed before a backoff) by flipping bits that differ
    /// per kind, which is as deterministic as a UUIDv5 and costs no hashing; the deadline has
    /// no command and gets a UUIDv5.
    pub(crate) fn add_timer(&mut self, kind: TimerKind, due_at: Timestamp, anchor: Option<CommandId>) {
        let id = match anchor {
            Some(command) => TimerId::from_uuid(uuid::Uuid::from_u128(command.as_uuid().as_u128() ^ timer_salt(&kind))),
            None => {
                let Some(meta) = &self.meta else { return };
                TimerId::from_uuid(meta.derive(format_args!("timer/{}", timer_name(&kind))))
            }
        };
        self.timers.push(Timer { id, due_at, kind });
    }

    /// Drops the timers of step `step` that match `f`.
    pub(crate) fn drop_step_timers(&mut self, step: usize, f: impl Fn(&TimerKind) -> bool) {
        self.timers.retain(|t| !(t.kind.step() == Some(step) && f(&t.kind)));
    }

    /// The timer with this id, if it is still pending.
    pub fn timer(&self, id: TimerId) -> Option<&Timer> {
        self.timers.iter().find(|t| t.id == id)
    }
}

/// Bits flipped in the anchor command's id, per timer kind. Below 2^62, so the UUID's version
/// and variant bits stay as they are.
fn timer_salt(kind: &TimerKind) -> u128 {
    let k: u64 = match kind {
        TimerKind::Plan { .. } => 0x0a1b_2c3d_4e5f_6071,
        TimerKind::Deadline => 0x1b2c_3d4e_5f60_7182,
        TimerKind::StepTimeout { .. } => 0x2c3d_4e5f_6071_8293,
        TimerKind::StepBackoff { .. } => 0x3d4e_5f60_7182_93a4,
        TimerKind::CompTimeout { .. } => 0x0e5f_6071_8293_a4b5,
        TimerKind::CompBackoff { .. } => 0x1f60_7182_93a4_b5c6,
    };
    u128::from(k)
}

fn timer_name(kind: &TimerKind) -> String {
    match *kind {
        TimerKind::Plan { attempt } => format!("plan/{attempt}"),
        TimerKind::Deadline => "deadline".to_owned(),
        TimerKind::StepTimeout { step, attempt } => format!("step/{step}/{attempt}/timeout"),
        TimerKind::StepBackoff { step, attempt } => format!("step/{step}/{attempt}/backoff"),
        TimerKind::CompTimeout { step, attempt, effect: None } => format!("comp/{step}/{attempt}/timeout"),
        TimerKind::CompBackoff { step, attempt, effect: None } => format!("comp/{step}/{attempt}/backoff"),
        TimerKind::CompTimeout { step, attempt, effect: Some(e) } => format!("comp/{step}/late/{e}/{attempt}/timeout"),
        TimerKind::CompBackoff { step, attempt, effect: Some(e) } => format!("comp/{step}/late/{e}/{attempt}/backoff"),
    }
}

/// The workflow aggregate: start from [`Workflow::default`], fold events with
/// [`super::evolve`], decide inputs with [`super::decide`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Workflow {
    pub(crate) seen: Seen,
    pub(crate) saga: Saga,
}

impl Workflow {
    /// Where the workflow stands.
    pub fn status(&self) -> Status {
        self.saga.status
    }

    /// The rules' view (read-only).
    pub fn saga(&self) -> &Saga {
        &self.saga
    }

    /// The id, tenant, goal and trace, once the goal arrived.
    pub fn meta(&self) -> Option<&Meta> {
        self.saga.meta.as_deref()
    }

    /// Pending durable timers; the processor's timer wheel schedules exactly these.
    pub fn timers(&self) -> &[Timer] {
        &self.saga.timers
    }

    /// Number of events folded so far (the next event's sequence number).
    pub fn version(&self) -> u64 {
        self.saga.version
    }
}

#[cfg(test)]
mod tests {
    use super::Status;

    #[test]
    fn a_stored_status_parses_from_its_one_name_and_new_is_not_stored() {
        for status in Status::stored() {
            assert_eq!(Status::parse_stored(status.as_str()), Ok(status));
        }
        assert_eq!(
            Status::parse_stored("new").unwrap_err(),
            "one of planning, running, compensating, parked, completed, compensated, failed, cancelled"
        );
        let ended: Vec<&str> = Status::ALL.into_iter().filter(|s| s.is_terminal()).map(Status::as_str).collect();
        assert_eq!(ended, ["completed", "compensated", "failed", "cancelled"]);
    }
}
