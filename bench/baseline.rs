//! Benchmark baseline: a bare axum + sqlx + askama server in the TechEmpower "fortunes" shape.
//! `GET /` reads the `units` table and renders it; nothing else (no sessions, no middleware).
//! It gives `bench/run.sh` a ceiling to compare the real app's pages against.
//!
//! Usage: `DATABASE_URL=postgres://... bench-baseline [BIND]` (BIND defaults to 127.0.0.1:8090).

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

#[derive(Template)]
#[template(
    source = "<!doctype html>
<html><head><meta charset=\"utf-8\"><title>Units</title></head><body>
<table><tr><th>id</th><th>code</th><th>name</th></tr>
{% for (id, code, name) in units %}<tr><td>{{ id }}</td><td>{{ code }}</td><td>{{ name }}</td></tr>
{% endfor %}</table></body></html>",
    ext = "html"
)]
struct UnitsPage {
    units: Vec<(i64, String, String)>,
}

async fn units(State(db): State<PgPool>) -> Response {
    let rows = sqlx::query_as::<_, (i64, String, String)>(
        "SELECT id, code, name FROM units ORDER BY name",
    )
    .fetch_all(&db)
    .await;
    let page = match rows {
        Ok(units) => UnitsPage { units }.render(),
        Err(e) => return (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    };
    match page {
        Ok(html) => Html(html).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> anyhow::Result<()> {
    let bind = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8090".to_string());
    let url =
        std::env::var("DATABASE_URL").map_err(|_| anyhow::anyhow!("DATABASE_URL is not set"))?;
    let db = PgPoolOptions::new()
        .max_connections(16)
        .connect(&url)
        .await?;
    let app = Router::new().route("/", get(units)).with_state(db);
    let listener = tokio::net::TcpListener::bind(&bind).await?;
    println!(
        "bench-baseline listening on http://{}",
        listener.local_addr()?
    );
    axum::serve(listener, app).await?;
    Ok(())
}
