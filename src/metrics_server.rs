//! `/metrics` and `/healthz` (liveness: [`crate::health`]) for the roles that have no HTTP API of their own (processor,
//! planner, executor, projector), on `APEX_METRICS_ADDR` when it is set. The API routes its
//! `/metrics` to the same handler.

use axum::Router;
use std::time::Duration;

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

/// `GET /metrics`: every counter, gauge and histogram in the OpenMetrics text format.
pub async fn metrics() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, crate::telemetry::CONTENT_TYPE)], crate::telemetry::render_prometheus())
}

/// `GET /healthz`: 200 `ok`, or 503 naming the stall once one has lasted `stall_limit`
/// (see [`crate::health`]).
pub async fn healthz(stall_limit: Duration) -> Response {
    match crate::health::check(stall_limit) {
        Ok(()) => "ok".into_response(),
        Err(why) => (StatusCode::SERVICE_UNAVAILABLE, why).into_response(),
    }
}

/// Serves until the process ends.
///
/// # Errors
/// The listener's error when `addr` cannot be bound.
pub async fn serve(addr: &str, stall_limit: Duration) -> std::io::Result<()> {
    let router = Router::new().route("/metrics", get(metrics)).route("/healthz", get(move || healthz(stall_limit)));
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(addr, "metrics listening");
    axum::serve(listener, router).await
}
