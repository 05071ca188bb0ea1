//! Benchmark baseline: the TechEmpower "Fortunes" test on a bare axum + sqlx + askama server, so that
//! `bench/run.sh` can give each page's throughput as a share of the page the field publishes figures
//! for. Per request, as the test's rules ask: one query for every row of the small `fortune` table,
//! one more fortune added in memory, the list sorted by message, and rendered through an askama
//! template that escapes the messages (one of them is a `<script>`). No sessions, no middleware.
//!
//! At start it creates the `fortune` table with the test's twelve rows if the database has none.
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

/// The twelve rows of the TechEmpower `Fortune` table.
const FORTUNES: [&str; 12] = [
    "fortune: No such file or directory",
    "A computer scientist is someone who fixes things that aren't broken.",
    "After enough decimal places, nobody gives a damn.",
    "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1",
    "A computer program does what you tell it to do, not what you want it to do.",
    "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen",
    "Any program using regular expressions will probably slow down by a factor of 10.",
    "Feature: A bug with seniority.",
    "Computers make very fast, very accurate mistakes.",
    "<script>alert(\"This should not be displayed in a browser alert box.\");</script>",
    "フレームワークのベンチマーク",
    "A list is only as strong as its weakest link. — Donald Knuth",
];

#[derive(Template)]
#[template(
    source = "<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>{% for f in fortunes %}<tr><td>{{ f.0 }}</td><td>{{ f.1 }}</td></tr>{% endfor %}</table></body></html>",
    ext = "html"
)]
struct FortunesPage {
    fortunes: Vec<(i32, String)>,
}

async fn fortunes(State(db): State<PgPool>) -> Response {
    let rows = sqlx::query_as::<_, (i32, String)>("SELECT id, message FROM fortune")
        .fetch_all(&db)
        .await;
    let mut fortunes = match rows {
        Ok(rows) => rows,
        Err(e) => return (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    };
    fortunes.push((0, "Additional fortune added at request time.".to_string()));
    fortunes.sort_by(|a, b| a.1.cmp(&b.1));
    match (FortunesPage { fortunes }).render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

/// Creates and fills the `fortune` table when it is missing or empty.
async fn ensure_table(db: &PgPool) -> anyhow::Result<()> {
    sqlx::query("CREATE TABLE IF NOT EXISTS fortune (id integer PRIMARY KEY, message varchar(2048) NOT NULL)")
        .execute(db)
        .await?;
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM fortune")
        .fetch_one(db)
        .await?;
    if n == 0 {
        for (i, message) in FORTUNES.iter().enumerate() {
            sqlx::query("INSERT INTO fortune (id, message) VALUES ($1, $2)")
                .bind(i as i32 + 1)
                .bind(message)
                .execute(db)
                .await?;
        }
    }
    Ok(())
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
    ensure_table(&db).await?;
    let app = Router::new().route("/", get(fortunes)).with_state(db);
    let listener = tokio::net::TcpListener::bind(&bind).await?;
    println!(
        "bench-baseline listening on http://{}",
        listener.local_addr()?
    );
    axum::serve(listener, app).await?;
    Ok(())
}
