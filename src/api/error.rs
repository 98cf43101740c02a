//! API errors: each maps to a status and a JSON body `{"error": …, "field": …}` that says
//! what is wrong and, for bad envelopes, where.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Why a request was not served.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("missing or unknown bearer token")]
    Unauthorized,
    #[error("{0}")]
    Forbidden(String),
    #[error("{message}")]
    BadRequest { message: String, field: Option<String> },
    #[error("no workflow {0}")]
    NotFound(String),
    /// The body is larger than the pipeline accepts (413).
    #[error("{0}")]
    TooLarge(String),
    #[error("{0}")]
    Unavailable(String),
    /// The tenant is over a quota (429); it may try again after `retry_after_secs`.
    #[error("{message}")]
    TooMany { message: String, retry_after_secs: u64 },
}

impl ApiError {
    pub fn bad(message: impl Into<String>) -> Self {
        Self::BadRequest { message: message.into(), field: None }
    }
}

impl From<crate::store::StoreError> for ApiError {
    fn from(e: crate::store::StoreError) -> Self {
        Self::Unavailable(e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = match &self {
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Self::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::TooMany { .. } => StatusCode::TOO_MANY_REQUESTS,
        };
        let field = match &self {
            Self::BadRequest { field, .. } => field.clone(),
            _ => None,
        };
        let mut response = (status, Json(json!({ "error": self.to_string(), "field": field }))).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert("www-authenticate", axum::http::HeaderValue::from_static("Bearer"));
        }
        if let Self::TooMany { retry_after_secs, .. } = &self {
            response.headers_mut().insert("retry-after", axum::http::HeaderValue::from(*retry_after_secs));
        }
        response
    }
}
