//! Identifier newtypes: parse once at the edge, then carry types that cannot be wrong.
//!
//! Every id the core *derives* (command, timer, outcome and span ids) is a UUIDv5 of the
//! workflow id and a stable description of what it names, so the same history always yields
//! the same ids. That is what lets a replayed batch be recognised downstream as a duplicate.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sha1::{Digest, Sha1};
use uuid::Uuid;

/// Namespace for every id the core derives (UUIDv5). Changing it changes every derived id, so
/// it is fixed forever.
const APEX_NAMESPACE: Uuid = Uuid::from_u128(0x6a1e_7c0e_52f4_4f7a_9a3b_0c5d_e2a1_9b77);

/// Why a textual id was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("must not be empty")]
    Empty,
    #[error("is {len} characters long; at most {max} are allowed")]
    TooLong { len: usize, max: usize },
    #[error("contains {0:?}; only letters, digits, '_', '-', '.' and ':' are allowed")]
    BadChar(char),
    #[error("is not a UUID: {0}")]
    NotUuid(String),
}

fn parse_uuid(text: &str) -> Result<Uuid, IdError> {
    Uuid::parse_str(text).map_err(|e| IdError::NotUuid(e.to_string()))
}

fn check_len(text: &str, max: usize) -> Result<(), IdError> {
    if text.is_empty() {
        return Err(IdError::Empty);
    }
    let len = text.chars().count();
    if len > max {
        return Err(IdError::TooLong { len, max });
    }
    Ok(())
}

macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// Wraps a UUID that is already known to name this kind of thing.
            pub const fn from_uuid(id: Uuid) -> Self {
                Self(id)
            }

            /// The underlying UUID.
            pub const fn as_uuid(&self) -> Uuid {
                self.0
            }

            /// Parses the canonical hyphenated (or any form `uuid` accepts) text.
            ///
            /// # Errors
            /// [`IdError::NotUuid`] when `text` is not a UUID.
            pub fn parse(text: &str) -> Result<Self, IdError> {
                parse_uuid(text).map(Self)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.as_hyphenated().fmt(f)
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "format": "uuid" })
            }
        }
    };
}

uuid_id!(
    /// Identifies one envelope on the wire (`eventId`). Used to drop redeliveries.
    EventId
);
uuid_id!(
    /// Identifies one workflow: the envelope's `correlationId`, and the Kafka key.
    WorkflowId
);
uuid_id!(
    /// Identifies one command the core emitted; executors and planners are idempotent on it.
    CommandId
);
uuid_id!(
    /// Identifies one durable timer held in a workflow's state.
    TimerId
);

impl WorkflowId {
    /// Derives an id from this workflow and a stable description, e.g. `step/book/2/execute`.
    pub fn derive(&self, what: &str) -> Uuid {
        self.derive_fmt(format_args!("{what}"))
    }

    /// [`Self::derive`] for a formatted description, hashed as it is formatted: no buffer,
    /// no heap allocation.
    ///
    /// Exactly RFC 9562's UUIDv5 (SHA-1 of namespace and name), computed with a SHA-1 that
    /// uses the CPU's SHA instructions where it has them: deriving ids is the core's single
    /// largest cost per input otherwise.
    pub fn derive_fmt(&self, what: fmt::Arguments<'_>) -> Uuid {
        let mut name = Sha1Writer(Sha1::new());
        name.0.update(APEX_NAMESPACE.as_bytes());
        name.0.update(self.0.as_bytes());
        let _ = fmt::Write::write_fmt(&mut name, what);
        let digest = name.0.finalize();
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        uuid::Builder::from_sha1_bytes(bytes).into_uuid()
    }
}

/// Feeds formatted text straight into a SHA-1.
struct Sha1Writer(Sha1);

impl fmt::Write for Sha1Writer {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}

macro_rules! text_id {
    ($(#[$doc:meta])* $name:ident, max = $max:expr, strict = $strict:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(Arc<str>);

        impl $name {
            /// Longest accepted value, in characters.
            pub const MAX_LEN: usize = $max;

            /// Parses and checks the text.
            ///
            /// # Errors
            /// When the text is empty, too long, or (for strict ids) has characters outside
            /// `[A-Za-z0-9_.:-]`.
            pub fn parse(text: &str) -> Result<Self, IdError> {
                check_len(text, Self::MAX_LEN)?;
                if $strict {
                    if let Some(bad) = text
                        .chars()
                        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':')))
                    {
                        return Err(IdError::BadChar(bad));
                    }
                }
                Ok(Self(Arc::from(text)))
            }

            /// The text of the id.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(text: String) -> Result<Self, IdError> {
                Self::parse(&text)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0.to_string()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                if $strict {
                    schemars::json_schema!({ "type": "string", "minLength": 1, "maxLength": $max, "pattern": "^[A-Za-z0-9_.:-]+$" })
                } else {
                    schemars::json_schema!({ "type": "string", "minLength": 1, "maxLength": $max })
                }
            }
        }
    };
}

text_id!(
    /// The tenant that owns a workflow (`tenantId`). Inputs from another tenant are refused.
    TenantId, max = 128, strict = false
);
text_id!(
    /// The publisher's de-duplication key (`idempotencyKey`).
    IdempotencyKey, max = 256, strict = false
);
text_id!(
    /// A step of a plan, unique within the plan.
    StepId, max = 64, strict = true
);
text_id!(
    /// The name of a tool an executor knows, e.g. `book_flight`.
    ToolName, max = 64, strict = true
);

impl IdempotencyKey {
    /// The key of a message the core publishes: its (derived) id, so consumers deduplicate
    /// on either field alike.
    pub fn from_uuid(id: Uuid) -> Self {
        let mut buf = [0u8; 36];
        Self(Arc::from(&*id.as_hyphenated().encode_lower(&mut buf)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_ids_are_stable_and_distinct() {
        let wf = WorkflowId::from_uuid(Uuid::from_u128(1));
        assert_eq!(wf.derive("step/a/1/execute"), wf.derive("step/a/1/execute"));
        assert_ne!(wf.derive("step/a/1/execute"), wf.derive("step/a/2/execute"));
        let other = WorkflowId::from_uuid(Uuid::from_u128(2));
        assert_ne!(wf.derive("x"), other.derive("x"));
        let long = "y".repeat(400);
        assert_eq!(wf.derive(&long), wf.derive_fmt(format_args!("{}{}", &long[..100], &long[100..])));
        assert_ne!(wf.derive(&long), wf.derive(&long[..399]));
    }

    #[test]
    fn derived_ids_are_uuid_v5_of_the_workflow_and_the_name() {
        let wf = WorkflowId::from_uuid(Uuid::from_u128(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef));
        for what in ["", "plan/1", "step/book_flight/2/execute", &"z".repeat(300)] {
            let mut name = wf.0.as_bytes().to_vec();
            name.extend_from_slice(what.as_bytes());
            assert_eq!(wf.derive(what), Uuid::new_v5(&APEX_NAMESPACE, &name), "{what}");
        }
    }

    #[test]
    fn step_ids_are_checked() {
        assert_eq!(StepId::parse(""), Err(IdError::Empty));
        assert_eq!(StepId::parse("book flight"), Err(IdError::BadChar(' ')));
        assert!(matches!(StepId::parse(&"a".repeat(65)), Err(IdError::TooLong { len: 65, max: 64 })));
        assert_eq!(StepId::parse("book_flight-1").map(|s| s.to_string()), Ok("book_flight-1".into()));
    }

    #[test]
    fn tenants_allow_any_text_but_not_empty() {
        assert!(TenantId::parse("user 1@example.com").is_ok());
        assert_eq!(TenantId::parse(""), Err(IdError::Empty));
    }

    #[test]
    fn uuid_ids_reject_garbage() {
        assert!(matches!(EventId::parse("7b0c2f1e-..."), Err(IdError::NotUuid(_))));
    }
}
