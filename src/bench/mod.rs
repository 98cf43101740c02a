//! `apex bench …`: measurements against the real stack, each with its baseline in the same run.

pub mod cache;
pub mod calls;
pub mod cpu;
pub mod pipeline;
pub mod plan;
pub mod saga;
pub mod store;
pub mod stub;

pub use pipeline::{BenchError, PipelineArgs, pipeline};
