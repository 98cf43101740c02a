//! Planning: turns a goal into a plan. This build has the offline, deterministic built-in
//! planner; the semantic cache and LLM planning come with the planner issue.

pub mod builtin;

use crate::core::command::Command;
use crate::core::envelope::Envelope;
use crate::core::input::{Input, PlanFailed, PlanGenerated};
use crate::worker::answer;

/// `source` of the planner's answers.
pub const SOURCE: &str = "apex-planner";

/// Answers a `PlanGoal` command with the built-in planner; other commands are not ours.
pub fn handle(command: &Envelope<Command>) -> Option<Envelope<Input>> {
    let Command::PlanGoal(request) = &command.payload else { return None };
    let payload = match builtin::plan(&request.goal) {
        Ok(plan) => Input::PlanGenerated(PlanGenerated {
            command_id: request.command_id,
            plan,
            source: "builtin".into(),
            template: None,
            similarity: None,
            parameters: None,
        }),
        Err(e) => Input::PlanFailed(PlanFailed { command_id: request.command_id, reason: e.to_string() }),
    };
    Some(answer(command, SOURCE, payload))
}
