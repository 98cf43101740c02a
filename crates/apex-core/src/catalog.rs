//! The event catalog: which `eventType` names which payload, and in which class it belongs.
//!
//! - **inputs** arrive on `apex.envelopes` and are decided by the aggregate;
//! - **commands** are published on `apex.commands` for planners, executors and approvers;
//! - **outcomes** are published on `apex.outcomes` for downstream consumers.
//!
//! The aggregate's own history (`apex.events`) is [`super::event::Event`], not listed here.
//! Each class is declared once with [`catalog!`], which generates the enum, its `eventType`
//! strings, its Avro record names and the per-type payload decoder.

use serde::de::DeserializeOwned;

/// Why a payload did not decode: the JSON path inside the payload and serde's reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct PayloadError {
    /// Path inside `payload`, e.g. `payload.plan.steps[1].tool`.
    pub path: String,
    /// What was wrong there.
    pub reason: String,
}

/// Decodes one payload, keeping the path of the first error.
///
/// # Errors
/// [`PayloadError`] naming where and why decoding failed.
pub fn decode_payload<T: DeserializeOwned>(json: &str) -> Result<T, PayloadError> {
    // The fast path tracks no paths; only a failure is parsed again to say where it failed.
    if let Ok(value) = serde_json::from_str(json) {
        return Ok(value);
    }
    let de = &mut serde_json::Deserializer::from_str(json);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let inner = e.path().to_string();
        let path = if inner == "." { "payload".to_owned() } else { format!("payload.{inner}") };
        PayloadError { path, reason: strip_position(&e.into_inner().to_string()) }
    })
}

/// Drops serde_json's " at line L column C" suffix: the path says where already.
fn strip_position(reason: &str) -> String {
    match reason.rfind(" at line ") {
        Some(i) => reason[..i].to_owned(),
        None => reason.to_owned(),
    }
}

/// Declares one class of messages: `Variant(Type) = "event:type";` per row.
macro_rules! catalog {
    ($(#[$doc:meta])* $enum:ident { $( $(#[$vdoc:meta])* $variant:ident($ty:ty) = $name:literal; )* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        pub enum $enum {
            $( $(#[$vdoc])* $variant($ty), )*
        }

        impl $enum {
            /// Every `(eventType, Avro record name)` of this class, in declaration order.
            pub const TYPES: &'static [(&'static str, &'static str)] = &[ $( ($name, stringify!($variant)), )* ];

            /// JSON Schemas of every payload, keyed by `eventType`.
            pub fn payload_schemas(generator: &mut schemars::SchemaGenerator) -> Vec<(&'static str, schemars::Schema)> {
                vec![ $( ($name, generator.subschema_for::<$ty>()), )* ]
            }
        }

        impl $crate::envelope::Payload for $enum {
            fn event_type(&self) -> &'static str {
                match self { $( Self::$variant(_) => $name, )* }
            }

            fn record_name(&self) -> &'static str {
                match self { $( Self::$variant(_) => stringify!($variant), )* }
            }

            fn decode(event_type: &str, payload: &str) -> Option<Result<Self, $crate::catalog::PayloadError>> {
                match event_type {
                    $( $name => Some($crate::catalog::decode_payload::<$ty>(payload).map(Self::$variant)), )*
                    _ => None,
                }
            }
        }

        $( impl From<$ty> for $enum {
            fn from(payload: $ty) -> Self { Self::$variant(payload) }
        } )*
    };
}

pub(crate) use catalog;
