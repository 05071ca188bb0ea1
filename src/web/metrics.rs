//! The metrics listener's one route (`GET /metrics` on `THIDUA_METRICS_BIND`): the request
//! metrics counted by `layers::metrics_layer`, and the gauges read at scrape time from this
//! server's state (`crate::metrics` writes the exposition).

use crate::metrics::Gauges;
use crate::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// Reads them now: the pool first (the scrape's own queries take a connection), then one query
/// for the import jobs and one for the outbox.
pub async fn gauges(state: &AppState) -> Gauges {
    let size = u64::from(state.db.size());
    let idle = state.db.num_idle() as u64;
    let import_jobs = crate::db::import_jobs::count_by_status(&state.db).await;
    let outbox = crate::db::notifications::email_pending(&state.db).await;
    if let Err(e) = &import_jobs {
        tracing::warn!(error = %e, "metrics: counting import jobs failed");
    }
    if let Err(e) = &outbox {
        tracing::warn!(error = %e, "metrics: counting the e-mail outbox failed");
    }
    Gauges {
        pool_idle: idle,
        pool_in_use: size.saturating_sub(idle),
        pool_max: u64::from(state.db.options().get_max_connections()),
        caches: state
            .caches
            .counts()
            .into_iter()
            .map(|c| {
                let (hits, misses) = c.read();
                (c.name(), hits, misses)
            })
            .collect(),
        notifications_up: state.caches.sessions.is_live(),
        unheard_markers: state.caches.sessions.unheard(),
        import_jobs: import_jobs.ok(),
        outbox_pending: outbox.ok(),
        pdf: state.renderer.office.load(),
        pdf_reads: state.renderer.poppler.load(),
    }
}

async fn scrape(State(state): State<AppState>) -> Response {
    let gauges = gauges(&state).await;
    let body = crate::metrics::render(&state.metrics, &gauges);
    ([(header::CONTENT_TYPE, crate::metrics::CONTENT_TYPE)], body).into_response()
}

/// The metrics listener's routes: `GET /metrics` and nothing else (404).
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/metrics", axum::routing::get(scrape))
        .with_state(state)
}
