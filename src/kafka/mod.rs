//! The Kafka shell: client settings, topics, headers. No saga logic lives here.

pub mod client;
pub mod delivery;
pub mod headers;
pub mod rebalance;
pub mod topics;
