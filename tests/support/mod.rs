//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod kafka;
pub mod registry;
pub mod samples;
