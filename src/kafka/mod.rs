//! The Kafka shell: client settings, topics, headers, dead letters. No saga logic lives here.

pub mod client;
pub mod delivery;
pub mod dlq;
pub mod headers;
pub mod rebalance;
pub mod records;
pub mod topics;
