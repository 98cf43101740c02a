//! The pure workflow core: the envelope contract, the event catalog, the plan model and the
//! saga aggregate as a Decider (`decide`, `evolve`, initial state).
//!
//! Nothing in here does IO, reads a clock or draws randomness (`builder::random_workflow_id`
//! excepted, which the core never calls). The shells (processor, planner, executors) feed
//! it inputs and publish what it decides. A test checks that no module here imports tokio,
//! rdkafka, redis or sqlx.

pub mod adjacency;
pub mod builder;
pub mod catalog;
pub mod command;
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
pub mod seen;
pub mod span;
pub mod state;
pub mod time;

pub use decide::{decide, decide_with};
pub use decision::{Decision, Outbound, Rejection};
pub use envelope::{Envelope, EnvelopeError, Payload};
pub use event::{Event, EventKind};
pub use evolve::evolve;
pub use replay::replay;
pub use state::{Status, Workflow};
