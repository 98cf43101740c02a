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
    Planner(#[from] crate::planner::PlannerStartError),
    #[error("{0}")]
    Invalid(String),
    #[error("no workflow {0} for this tenant")]
    NotFound(String),
    #[error("{0}")]
    Failed(String),
}

/// A workflow id as the operator typed it, parsed (a UUID in any case) and written as the
/// store writes it.
///
/// # Errors
/// [`OpsError::Invalid`] naming the argument.
pub fn workflow_id(id: &str) -> Result<String, OpsError> {
    crate::core::ids::WorkflowId::parse(id)
        .map(|w| w.to_string())
        .map_err(|e| OpsError::Invalid(format!("workflow id {}: {e}", crate::text::quoted(id))))
}

#[cfg(test)]
mod tests {
    #[test]
    fn workflow_ids_are_parsed_before_any_query() {
        let id = "0F8E7D6C-5B4A-4392-8170-6F5E4D3C2B1A";
        assert_eq!(super::workflow_id(id).unwrap(), id.to_lowercase());
        let error = super::workflow_id("\u{0}\u{1b}[2J").unwrap_err().to_string();
        assert!(error.starts_with("workflow id `\\u{0}\\u{1b}[2J`:"), "{error}");
    }
}
