//! APEX's pure core: the envelope contract, the event catalog, the plan model and the saga
//! aggregate as a Decider (`decide`, `evolve`, initial state).
//!
//! Nothing in here does IO, reads a clock or draws randomness: time and ids come in with the
//! inputs, command ids are derived. The shells (processor, planner, executors) feed it inputs
//! and publish what it decides. This is a crate of its own so the compiler holds that line: its
//! manifest names no async, Kafka, Redis, SQL or HTTP crate (and a test keeps it so).
//!
//! # Layout
//!
//! - **The contract**: [`envelope`] (the EventEnvelope), [`catalog`] (event types and their
//!   classes), [`message`] (any message of the catalog), [`ids`], [`span`], [`time`], [`json`].
//! - **What flows**: [`input`] (what arrives), [`command`] (what the saga asks), [`outcome`]
//!   (how a workflow ended), [`event`] (the aggregate's own history), [`plan`] and [`adjacency`].
//! - **The Decider**: [`state`], [`decide`] (rules; its given/when/then tests sit beside it,
//!   on one harness, `saga_under_test`),
//!   [`decision`], [`evolve`], [`seen`] (de-duplication), [`hash`]; [`dead_letter`] (why an
//!   input was refused: the DLQ's reasons).
//! - **Replay**: [`replay`] (rebuild and re-decide), [`gate`] (the replay gate on live logs).
//! - **Helpers**: [`text`] (untrusted text made safe to show), [`builder`] (input envelopes for
//!   tests, benchmarks and the demo).

pub mod adjacency;
pub mod builder;
pub mod catalog;
pub mod command;
pub mod dead_letter;
pub mod decide;
pub mod decision;
pub mod envelope;
pub mod event;
pub mod evolve;
pub mod gate;
pub mod hash;
pub mod ids;
pub mod input;
pub mod json;
pub mod message;
pub mod outcome;
pub mod plan;
pub mod replay;
#[cfg(test)]
mod saga_under_test;
pub mod seen;
pub mod span;
pub mod state;
pub mod text;
pub mod time;

pub use dead_letter::DeadLetterReason;
pub use decide::{decide, decide_with};
pub use decision::{Decision, Outbound, Rejection};
pub use envelope::{Envelope, EnvelopeError, Payload};
pub use event::{Event, EventKind};
pub use evolve::evolve;
pub use replay::replay;
pub use state::{Status, Workflow};
