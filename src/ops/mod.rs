//! Operator commands: `apex config`, `doctor`, `submit`, `workflows list|show`, `resume`,
//! `replay`, `cache stats`, `locks list`. Each is a thin shell over the same modules the roles
//! use; errors name what is wrong and where.

pub mod doctor;
pub mod inspect;
pub mod replay;
pub mod settings;

/// Why an operator command failed.
#[derive(Debug, thiserror::Error)]
pub enum OpsError {
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("Kafka: {0}")]
    Kafka(#[from] rdkafka::error::KafkaError),
    #[error("Redis: {0}")]
    Redis(#[from] redis::RedisError),
    #[error(transparent)]
    Cache(#[from] crate::planner::cache::CacheError),
    #[error(transparent)]
    Planner(#[from] crate::planner::PlannerError),
    #[error("{0}")]
    Invalid(String),
    #[error("no workflow {0} for this tenant")]
    NotFound(String),
    #[error("{0}")]
    Failed(String),
}
