//! Executors: run saga steps with tools and answer the commands.

pub mod guard;
pub mod tools;

use crate::core::command::Command;
use crate::core::envelope::Envelope;
use crate::core::input::{CompensationCompleted, CompensationFailed, Input, StepFailed, ToolResultReceived};
use crate::core::json::{Json, StepOutputs};
use crate::worker::answer;
use tools::Tool;

/// An executor over `tools`, guarded by Redis when `APEX_REDIS_URL` is set.
///
/// # Errors
/// [`crate::lock::LockError`] when Redis is configured but unreachable at start.
pub async fn build(
    config: &crate::config::Config,
    tools: Vec<std::sync::Arc<dyn Tool>>,
) -> Result<Executor, crate::lock::LockError> {
    match &config.redis_url {
        Some(url) => {
            let prefix = format!("{}exec:", config.redis_namespace());
            let locks = crate::lock::Locks::connect(url, &prefix).await?;
            let owner = format!("{}-{}", config.instance_id, uuid::Uuid::new_v4().simple());
            Ok(Executor::guarded(tools, guard::Guard::new(locks, tokio::runtime::Handle::current(), &owner)))
        }
        None => {
            tracing::warn!("APEX_REDIS_URL is empty: a redelivered command may run its tool again");
            Ok(Executor::new(tools))
        }
    }
}

/// `source` of the executor's answers.
pub const SOURCE: &str = "apex-executor";

/// Runs steps and compensations with a tool catalog.
pub struct Executor {
    tools: Vec<std::sync::Arc<dyn Tool>>,
    guard: Option<guard::Guard>,
}

impl Executor {
    /// An executor over `tools`, without Redis: a redelivered command runs its tool again.
    pub fn new(tools: Vec<std::sync::Arc<dyn Tool>>) -> Self {
        Self { tools, guard: None }
    }

    /// An executor whose tools run once per command id (see [`guard`]).
    pub fn guarded(tools: Vec<std::sync::Arc<dyn Tool>>, guard: guard::Guard) -> Self {
        Self { tools, guard: Some(guard) }
    }

    /// Answers a command through the guard: a stored answer is replayed, a stale or busy
    /// command is left alone, and Redis being down fails the attempt (retryable) without
    /// running the tool.
    pub fn handle_fenced(&self, command: &Envelope<Command>, fence: Option<u64>) -> Option<Envelope<Input>> {
        let Some(guard) = &self.guard else { return self.handle(command) };
        let (id, timeout_ms, compensation, step_id, attempt) = match &command.payload {
            Command::ExecuteStep(c) => (c.command_id, c.timeout_ms, false, &c.step_id, c.attempt),
            Command::CompensateStep(c) => (c.command_id, c.timeout_ms, true, &c.step_id, c.attempt),
            Command::PlanGoal(_) | Command::RequestApproval(_) => return None,
        };
        let ttl = std::time::Duration::from_millis(timeout_ms.saturating_add(5_000));
        match guard.admit(command.correlation_id, id, fence, ttl) {
            Ok(guard::Admission::Run) => {
                let answer = self.handle(command)?;
                if let Err(e) = guard.finish(id, &answer) {
                    tracing::warn!(error = %e, command = %id, "answer not stored");
                }
                Some(answer)
            }
            Ok(guard::Admission::Answered(stored)) => Some(*stored),
            Ok(guard::Admission::Busy) => None,
            Ok(guard::Admission::Stale) => {
                tracing::warn!(command = %id, fence, "command from a fenced-off processor refused");
                None
            }
            Err(e) => {
                let (error, step_id, retryable) = (format!("not run: {e}"), step_id.clone(), true);
                let payload = if compensation {
                    Input::CompensationFailed(CompensationFailed { command_id: id, step_id, attempt, error, retryable })
                } else {
                    Input::StepFailed(StepFailed { command_id: id, step_id, attempt, error, retryable })
                };
                Some(answer(command, SOURCE, payload))
            }
        }
    }

    /// Runs tool `name` within `timeout`: on its own thread, abandoned (and the attempt
    /// failed, retryably) if it overruns; the saga would time the attempt out anyway, this
    /// answers at once. With `undo`, the tool's own `compensate` is preferred.
    fn run(
        &self,
        name: &str,
        command: crate::core::ids::CommandId,
        input: &Json,
        context: &StepOutputs,
        undo: Option<&Json>,
        timeout: std::time::Duration,
    ) -> Result<serde_json::Value, tools::ToolError> {
        let Some(tool) = self.tools.iter().find(|t| t.name() == name).cloned() else {
            return Err(tools::ToolError { message: format!("no tool named {name}"), retryable: false });
        };
        let (input, context, undo) = (input.value().clone(), context.clone(), undo.map(|o| o.value().clone()));
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let result = match &undo {
                Some(output) => {
                    tool.compensate(command, &input, output).unwrap_or_else(|| tool.execute(command, &input, &context))
                }
                None => tool.execute(command, &input, &context),
            };
            let _ = tx.send(result);
        });
        rx.recv_timeout(timeout).unwrap_or_else(|_| {
            Err(tools::ToolError {
                message: format!("{name} timed out after {} ms", timeout.as_millis()),
                retryable: true,
            })
        })
    }

    /// Answers `ExecuteStep` and `CompensateStep`; other commands are not ours.
    pub fn handle(&self, command: &Envelope<Command>) -> Option<Envelope<Input>> {
        let payload = match &command.payload {
            Command::ExecuteStep(c) => match self.run(
                c.tool.as_str(),
                c.command_id,
                &c.input,
                &c.context,
                None,
                std::time::Duration::from_millis(c.timeout_ms),
            ) {
                Ok(output) => Input::ToolResultReceived(ToolResultReceived {
                    command_id: c.command_id,
                    step_id: c.step_id.clone(),
                    attempt: c.attempt,
                    output: Json::new(output),
                }),
                Err(e) => Input::StepFailed(StepFailed {
                    command_id: c.command_id,
                    step_id: c.step_id.clone(),
                    attempt: c.attempt,
                    error: e.message,
                    retryable: e.retryable,
                }),
            },
            Command::CompensateStep(c) => {
                let context = StepOutputs(vec![(c.step_id.clone(), c.step_output.clone())]);
                let timeout = std::time::Duration::from_millis(c.timeout_ms);
                match self.run(c.tool.as_str(), c.command_id, &c.input, &context, Some(&c.step_output), timeout) {
                    Ok(_) => Input::CompensationCompleted(CompensationCompleted {
                        command_id: c.command_id,
                        step_id: c.step_id.clone(),
                        attempt: c.attempt,
                    }),
                    Err(e) => Input::CompensationFailed(CompensationFailed {
                        command_id: c.command_id,
                        step_id: c.step_id.clone(),
                        attempt: c.attempt,
                        error: e.message,
                        retryable: e.retryable,
                    }),
                }
            }
            Command::PlanGoal(_) | Command::RequestApproval(_) => return None,
        };
        Some(answer(command, SOURCE, payload))
    }
}
