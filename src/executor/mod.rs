//! Executors: run saga steps with tools and answer the commands.

pub mod tools;

use crate::core::command::Command;
use crate::core::envelope::Envelope;
use crate::core::input::{CompensationCompleted, CompensationFailed, Input, StepFailed, ToolResultReceived};
use crate::core::json::{Json, StepOutputs};
use crate::worker::answer;
use tools::Tool;

/// `source` of the executor's answers.
pub const SOURCE: &str = "apex-executor";

/// Runs steps and compensations with a tool catalog.
pub struct Executor {
    tools: Vec<Box<dyn Tool>>,
}

impl Executor {
    /// An executor over `tools`.
    pub fn new(tools: Vec<Box<dyn Tool>>) -> Self {
        Self { tools }
    }

    fn tool(&self, name: &str) -> Option<&dyn Tool> {
        self.tools.iter().find(|t| t.name() == name).map(|t| &**t)
    }

    /// Answers `ExecuteStep` and `CompensateStep`; other commands are not ours.
    pub fn handle(&self, command: &Envelope<Command>) -> Option<Envelope<Input>> {
        let payload = match &command.payload {
            Command::ExecuteStep(c) => {
                let result = match self.tool(c.tool.as_str()) {
                    Some(tool) => tool.execute(c.command_id, c.input.value(), &c.context),
                    None => Err(tools::ToolError { message: format!("no tool named {}", c.tool), retryable: false }),
                };
                match result {
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
                }
            }
            Command::CompensateStep(c) => {
                let context = StepOutputs(vec![(c.step_id.clone(), c.step_output.clone())]);
                let result = match self.tool(c.tool.as_str()) {
                    Some(tool) => tool.execute(c.command_id, c.input.value(), &context),
                    None => Err(tools::ToolError { message: format!("no tool named {}", c.tool), retryable: false }),
                };
                match result {
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
