//! Any message of the catalog, whatever its class: what a generic consumer (the CLI, the
//! DLQ inspector, the codecs' tests) reads when it does not know which topic it is on.

use serde::Serialize;

use super::catalog::PayloadError;
use super::command::Command;
use super::envelope::Payload;
use super::input::Input;
use super::outcome::Outcome;

/// A payload of any class.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Message {
    /// Decided by the aggregate.
    Input(Input),
    /// Published for planners, executors and approvers.
    Command(Command),
    /// Published for downstream consumers.
    Outcome(Outcome),
}

impl Message {
    /// Every `(eventType, Avro record name)` in the catalog: inputs, commands, outcomes.
    pub fn all_types() -> impl Iterator<Item = (&'static str, &'static str)> {
        Input::TYPES.iter().chain(Command::TYPES).chain(Outcome::TYPES).copied()
    }
}

impl Payload for Message {
    fn event_type(&self) -> &'static str {
        match self {
            Self::Input(p) => p.event_type(),
            Self::Command(p) => p.event_type(),
            Self::Outcome(p) => p.event_type(),
        }
    }

    fn record_name(&self) -> &'static str {
        match self {
            Self::Input(p) => p.record_name(),
            Self::Command(p) => p.record_name(),
            Self::Outcome(p) => p.record_name(),
        }
    }

    fn decode(event_type: &str, payload: &str) -> Option<Result<Self, PayloadError>> {
        Input::decode(event_type, payload)
            .map(|r| r.map(Self::Input))
            .or_else(|| Command::decode(event_type, payload).map(|r| r.map(Self::Command)))
            .or_else(|| Outcome::decode(event_type, payload).map(|r| r.map(Self::Outcome)))
    }
}

impl From<Input> for Message {
    fn from(p: Input) -> Self {
        Self::Input(p)
    }
}

impl From<Command> for Message {
    fn from(p: Command) -> Self {
        Self::Command(p)
    }
}

impl From<Outcome> for Message {
    fn from(p: Outcome) -> Self {
        Self::Outcome(p)
    }
}
