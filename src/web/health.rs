//! Liveness and readiness for load balancers.

use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use std::time::Duration;

/// 200 without touching the database.
pub async fn healthz() -> (StatusCode, &'static str) {
    (StatusCode::OK, "ok")
}

/// 200 only when the database answers within a second.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    let ping = crate::db::instance::ping(&state.db);
    match tokio::time::timeout(Duration::from_secs(1), ping).await {
        Ok(Ok(_)) => (StatusCode::OK, "ready"),
        _ => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}
