//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod broker;
pub mod http;
pub mod kafka;
pub mod openai;
pub mod postgres;
pub mod redis;
pub mod registry;
pub mod samples;
