//! The preview-then-import jobs shared by every import (people, ratings, award history): the checked
//! rows wait in `import_jobs`, so any server can serve the next step.

use serde::de::DeserializeOwned;
use sqlx::PgExecutor;

/// The bad rows (all of them) and the first 20 good ones of a job in preview, taken apart in SQL.
pub async fn preview<T: DeserializeOwned>(
    db: impl PgExecutor<'_>,
    id: i64,
) -> anyhow::Result<(Vec<T>, Vec<T>)> {
    let r = sqlx::query!(
        r#"SELECT coalesce((SELECT jsonb_agg(e) FROM jsonb_array_elements(rows) e WHERE jsonb_array_length(e->'errors') > 0), '[]') AS "bad!",
                  coalesce((SELECT jsonb_agg(e) FROM (SELECT e FROM jsonb_array_elements(rows) e WHERE jsonb_array_length(e->'errors') = 0 LIMIT 20) s), '[]') AS "sample!"
           FROM import_jobs WHERE id = $1"#,
        id
    )
    .fetch_one(db)
    .await?;
    Ok((
        serde_json::from_value(r.bad)?,
        serde_json::from_value(r.sample)?,
    ))
}

/// Marks a job in preview as running; false when it was started already (by any server).
pub async fn start(db: impl PgExecutor<'_>, id: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query_scalar!(
        "UPDATE import_jobs SET status = 'running', processed_rows = 0 WHERE id = $1 AND status = 'preview' RETURNING id",
        id
    )
    .fetch_optional(db)
    .await?
    .is_some())
}

pub async fn progress(db: impl PgExecutor<'_>, id: i64, processed: i32) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE import_jobs SET processed_rows = $2 WHERE id = $1",
        id,
        processed
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Records how a job ended ("done" or "failed"), logging rather than failing when it cannot.
pub async fn finish(db: impl PgExecutor<'_>, id: i64, outcome: anyhow::Result<(i32, i32)>) {
    let (status, message, (written, unchanged)) = match outcome {
        Ok(n) => ("done", None, n),
        Err(e) => {
            tracing::error!(error = %e, job = id, "import failed");
            ("failed", Some(e.to_string()), (0, 0))
        }
    };
    if let Err(e) = sqlx::query!(
        "UPDATE import_jobs SET status = $2, message = $3, imported_rows = $4, unchanged_rows = $5,
                finished_at = now() WHERE id = $1",
        id,
        status,
        message,
        written,
        unchanged
    )
    .execute(db)
    .await
    {
        tracing::error!(error = %e, job = id, "could not record the import outcome");
    }
}

pub async fn cancel(db: impl PgExecutor<'_>, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE import_jobs SET status = 'cancelled', rows = '[]'::jsonb, finished_at = now() WHERE id = $1 AND status = 'preview'",
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// How far a running job is, in percent of its good rows.
pub fn percent(processed: i32, good: i32) -> i32 {
    if good > 0 {
        (processed * 100 / good).clamp(0, 100)
    } else {
        100
    }
}

/// Every checked row of a job.
pub async fn rows<T: DeserializeOwned>(db: impl PgExecutor<'_>, id: i64) -> anyhow::Result<Vec<T>> {
    let json = sqlx::query_scalar!("SELECT rows FROM import_jobs WHERE id = $1", id)
        .fetch_one(db)
        .await?;
    Ok(serde_json::from_value(json)?)
}
