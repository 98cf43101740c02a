//! `apex api`: the HTTP API (axum). The TypeScript client's `POST /workflows`, reads of the
//! projections, signals and cancellation, all scoped to the bearer token's tenant; health,
//! readiness (Kafka, Redis, PostgreSQL), Prometheus metrics, the OpenAPI document and the
//! workflow timeline UI.

pub mod auth;
pub mod error;
pub mod quota;
mod serve;
pub mod workflows;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse};
use axum::routing::{get, post};
use rdkafka::producer::FutureProducer;
use serde_json::json;
use sqlx::PgPool;

use crate::config::Config;
use crate::core::ids::TenantId;
use crate::kafka::topics::Topics;

/// The OpenAPI 3.1 document of this API.
pub const OPENAPI: &str = include_str!("../../docs/openapi.json");

/// The workflow timeline UI: one static page that calls the API with the user's token.
const UI: &str = include_str!("ui.html");

/// The UI with the status filter's list filled in from [`Status::stored`], the one home of the
/// statuses a workflow row can have.
static UI_PAGE: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let statuses: Vec<&str> = crate::core::state::Status::stored().map(|s| s.as_str()).collect();
    let list = serde_json::to_string(&statuses).unwrap_or_else(|_| "[]".to_owned());
    UI.replace("/* statuses */ []", &list)
});

/// What every handler shares.
pub struct AppState {
    pub producer: FutureProducer,
    pub topics: Topics,
    pub pool: PgPool,
    pub tokens: HashMap<crate::secret::Secret, TenantId>,
    pub redis: Option<redis::Client>,
    pub quotas: quota::Quotas,
    pub config: Config,
}

/// Why the API could not start.
#[derive(Debug, thiserror::Error)]
pub enum ApiStartError {
    #[error("Kafka: {0}")]
    Kafka(#[from] rdkafka::error::KafkaError),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("Redis: {0}")]
    Redis(#[from] redis::RedisError),
    #[error("APEX_API_TOKENS: tenant `{0}` is not a valid tenant id")]
    Tenant(String),
    #[error("cannot listen on {addr}: {error}")]
    Listen { addr: String, error: std::io::Error },
}

/// The router over `state`.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(|| async { Html(UI_PAGE.as_str()) }))
        .route("/workflows", post(workflows::submit).get(workflows::list))
        .route("/workflows/{id}", get(workflows::show))
        .route("/spend", get(workflows::spend))
        .route("/workflows/{id}/events", get(workflows::events))
        .route("/workflows/{id}/signals", post(workflows::signal))
        .route("/workflows/{id}/cancel", post(workflows::cancel))
        .route(
            "/healthz",
            get(|State(state): State<Arc<AppState>>| {
                crate::metrics_server::healthz(std::time::Duration::from_secs(state.config.stall_seconds))
            }),
        )
        .route("/readyz", get(ready))
        .route("/metrics", get(crate::metrics_server::metrics))
        .route("/openapi.json", get(|| async { ([(header::CONTENT_TYPE, "application/json")], OPENAPI) }))
        .with_state(state)
}

/// `GET /readyz`: 200 when Kafka, Redis (if configured) and PostgreSQL answer, else 503 with
/// what failed.
async fn ready(State(state): State<Arc<AppState>>) -> impl IntoResponse {
    let kafka = {
        let producer = state.producer.clone();
        let topic = state.topics.envelopes.clone();
        tokio::task::spawn_blocking(move || {
            use rdkafka::producer::Producer;
            producer
                .client()
                .fetch_metadata(Some(&topic), Duration::from_secs(2))
                .map(|_| ())
                .map_err(|e| e.to_string())
        })
        .await
        .unwrap_or_else(|e| Err(e.to_string()))
    };
    let postgres = sqlx::query("SELECT 1").execute(&state.pool).await.map(|_| ()).map_err(|e| e.to_string());
    let redis = match &state.redis {
        Some(client) => {
            match tokio::time::timeout(Duration::from_secs(2), client.get_multiplexed_async_connection()).await {
                Ok(Ok(mut conn)) => {
                    redis::cmd("PING").query_async::<String>(&mut conn).await.map(|_| ()).map_err(|e| e.to_string())
                }
                Ok(Err(e)) => Err(e.to_string()),
                Err(_) => Err("no answer within 2 s".into()),
            }
        }
        None => Ok(()),
    };
    let all_ok = kafka.is_ok() && postgres.is_ok() && redis.is_ok();
    let show = |r: &Result<(), String>| r.as_ref().map_or_else(|e| format!("error: {e}"), |()| "ok".to_owned());
    let body = json!({ "kafka": show(&kafka), "postgres": show(&postgres), "redis": show(&redis) });
    (if all_ok { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE }, axum::Json(body))
}

/// Runs the API until SIGINT/SIGTERM.
///
/// # Errors
/// [`ApiStartError`] when a dependency is unusable at start or the address is taken.
pub async fn run(config: Config) -> Result<(), ApiStartError> {
    let url = config
        .database_url
        .as_ref()
        .map(crate::secret::Secret::expose)
        .ok_or(crate::store::StoreError::NotConfigured)?;
    let pool = crate::store::connect(url).await?;
    if config.migrate_on_start {
        crate::store::migrate(&pool).await?;
    }
    let tokens = config
        .api_tokens
        .iter()
        .map(|(token, tenant)| {
            TenantId::parse(tenant).map(|t| (token.clone(), t)).map_err(|_| ApiStartError::Tenant(tenant.clone()))
        })
        .collect::<Result<HashMap<_, _>, _>>()?;
    if tokens.is_empty() {
        tracing::warn!("APEX_API_TOKENS is empty: every /workflows request will be refused (401)");
    }
    let state = Arc::new(AppState {
        producer: crate::kafka::client::producer(&config, None).create()?,
        topics: Topics::new(&config.topic_prefix),
        pool,
        tokens,
        redis: config.redis_url.as_ref().map(crate::secret::Secret::expose).map(redis::Client::open).transpose()?,
        quotas: quota::Quotas::of(&config),
        config: config.clone(),
    });
    let listener = tokio::net::TcpListener::bind(&config.api_addr)
        .await
        .map_err(|error| ApiStartError::Listen { addr: config.api_addr.clone(), error })?;
    tracing::info!(addr = %config.api_addr, "api listening");
    let header_timeout = Duration::from_millis(config.api_header_timeout_ms);
    serve::serve(listener, router(state), header_timeout, crate::shutdown::wait_for_signal()).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ui_filters_by_every_stored_status_and_no_other() {
        let page = UI_PAGE.as_str();
        let line = page.lines().find(|l| l.starts_with("const STATUSES = ")).expect("the status list");
        let list: Vec<String> =
            serde_json::from_str(line.trim_start_matches("const STATUSES = ").trim_end_matches(';'))
                .expect("a JSON list");
        let stored: Vec<&str> = crate::core::state::Status::stored().map(|s| s.as_str()).collect();
        assert_eq!(list, stored);
    }
}
