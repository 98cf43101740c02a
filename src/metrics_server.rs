//! `/metrics` and `/healthz` for the roles that have no HTTP API of their own (processor,
//! planner, executor, projector), on `APEX_METRICS_ADDR` when it is set. The API routes its
//! `/metrics` to the same handler.

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

/// `GET /metrics`: every counter, gauge and histogram in the Prometheus text format.
pub async fn metrics() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], crate::telemetry::render_prometheus())
}

/// Serves until the process ends.
///
/// # Errors
/// The listener's error when `addr` cannot be bound.
pub async fn serve(addr: &str) -> std::io::Result<()> {
    let router = Router::new().route("/metrics", get(metrics)).route("/healthz", get(|| async { "ok" }));
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(addr, "metrics listening");
    axum::serve(listener, router).await
}
