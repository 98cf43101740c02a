//! Bearer-token authentication: each configured token acts for one tenant
//! (`APEX_API_TOKENS`), and every handler sees only that tenant's workflows.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use super::AppState;
use super::error::ApiError;
use crate::core::ids::TenantId;

/// The tenant the request's token acts for.
#[derive(Debug, Clone)]
pub struct Tenant(pub TenantId);

impl FromRequestParts<Arc<AppState>> for Tenant {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<Self, ApiError> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or(ApiError::Unauthorized)?;
        state.tokens.get(token.trim()).cloned().map(Tenant).ok_or(ApiError::Unauthorized)
    }
}
