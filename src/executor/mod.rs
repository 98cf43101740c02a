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

    fn run(
        &self,
        name: &str,
        command: crate::core::ids::CommandId,
        input: &Json,
        context: &StepOutputs,
    ) -> Result<serde_json::Value, tools::ToolError> {
        match self.tools.iter().find(|t| t.name() == name) {
            Some(tool) => tool.execute(command, input.value(), context),
            None => Err(tools::ToolError { message: format!("no tool named {name}"), retryable: false }),
        }
    }

    /// Answers `ExecuteStep` and `CompensateStep`; other commands are not ours.
    pub fn handle(&self, command: &Envelope<Command>) -> Option<Envelope<Input>> {
        let payload = match &command.payload {
            Command::ExecuteStep(c) => match self.run(c.tool.as_str(), c.command_id, &c.input, &c.context) {
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
                match self.run(c.tool.as_str(), c.command_id, &c.input, &context) {
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
