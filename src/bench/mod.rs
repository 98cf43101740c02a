//! `apex bench …`: measurements against the real stack, each with its baseline in the same run.

pub mod cache;
pub mod pipeline;
pub mod store;

pub use pipeline::{BenchError, PipelineArgs, pipeline};
