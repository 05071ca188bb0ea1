//! The preview-then-import jobs shared by every import (people, ratings, award history): the checked
//! rows wait in `import_jobs`, so any server can serve the next step.

use crate::domain::import_job::JobStatus;
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use sqlx::PgExecutor;

/// A job as its page shows it.
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub filename: String,
    pub created_by: i64,
    /// the unit under which its rows land (the uploader's scope)
    pub scope_path: Option<String>,
    pub status: JobStatus,
    pub total_rows: i32,
    pub good_rows: i32,
    pub processed_rows: i32,
    pub imported_rows: i32,
    pub unchanged_rows: i32,
    pub message: Option<String>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

super::numbered::status_column!(JobStatus, "import job status");

/// Job `id` if it is of one of `kinds`.
pub async fn get(
    db: impl PgExecutor<'_>,
    id: i64,
    kinds: &[&str],
) -> Result<Option<Job>, sqlx::Error> {
    let kinds: Vec<String> = kinds.iter().map(|k| k.to_string()).collect();
    sqlx::query_as!(
        Job,
        r#"SELECT id, kind, filename, created_by, scope_path, status AS "status: JobStatus",
                total_rows, good_rows, processed_rows, imported_rows, unchanged_rows, message,
                created_at, finished_at
         FROM import_jobs WHERE id = $1 AND kind = ANY($2)"#,
        id,
        &kinds
    )
    .fetch_optional(db)
    .await
}

/// A line of the uploader's recent jobs.
pub struct JobLine {
    pub id: i64,
    pub kind: String,
    pub filename: String,
    pub status: JobStatus,
    pub total_rows: i32,
    pub good_rows: i32,
    pub imported_rows: i32,
    pub unchanged_rows: i32,
    pub created_at: DateTime<Utc>,
}

/// The last ten jobs of `kinds` that `user_id` uploaded, newest first.
pub async fn recent(
    db: impl PgExecutor<'_>,
    user_id: i64,
    kinds: &[&str],
) -> Result<Vec<JobLine>, sqlx::Error> {
    let kinds: Vec<String> = kinds.iter().map(|k| k.to_string()).collect();
    sqlx::query_as!(
        JobLine,
        r#"SELECT id, kind, filename, status AS "status: JobStatus", total_rows, good_rows,
                imported_rows, unchanged_rows, created_at
         FROM import_jobs WHERE created_by = $1 AND kind = ANY($2) ORDER BY id DESC LIMIT 10"#,
        user_id,
        &kinds
    )
    .fetch_all(db)
    .await
}

/// Drops an imported job's rows (in the import's transaction); `all_processed` marks every good
/// row processed.
pub async fn clear_rows(
    db: impl PgExecutor<'_>,
    id: i64,
    all_processed: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE import_jobs SET rows = '[]'::jsonb,
                processed_rows = CASE WHEN $2 THEN good_rows ELSE processed_rows END
         WHERE id = $1",
        id,
        all_processed
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Stores an uploaded file's checked rows for preview; `scope_path` is the unit under which its
/// rows may land (the uploader's scope), so that administrators of that subtree see the job and
/// its audit entries.
#[allow(clippy::too_many_arguments)]
pub async fn create(
    db: impl PgExecutor<'_>,
    kind: &str,
    filename: &str,
    created_by: i64,
    scope_path: Option<&str>,
    total: i32,
    good: i32,
    rows: serde_json::Value,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO import_jobs (kind, filename, created_by, scope_path, status, total_rows, good_rows, rows)
         VALUES ($1, $2, $3, $4, 'preview', $5, $6, $7) RETURNING id",
        kind,
        filename.chars().take(200).collect::<String>(),
        created_by,
        scope_path,
        total,
        good,
        rows
    )
    .fetch_one(db)
    .await
}

/// Removes the rows of previews nobody imported or cancelled within `hours` (the housekeeping task):
/// they become `cancelled` and keep their counts.
pub async fn purge_abandoned(db: impl PgExecutor<'_>, hours: i32) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query!(
        "UPDATE import_jobs SET status = 'cancelled', rows = '[]'::jsonb, finished_at = now(),
                message = 'abandoned'
         WHERE status = 'preview' AND created_at < now() - make_interval(hours => $1)",
        hours
    )
    .execute(db)
    .await?
    .rows_affected())
}

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

/// Records how a job ended (done or failed), logging rather than failing when it cannot. A
/// failure keeps only a reference to its log line: the page never shows a database's words.
pub async fn finish(db: impl PgExecutor<'_>, id: i64, outcome: anyhow::Result<(i32, i32)>) {
    let (status, message, (written, unchanged)) = match outcome {
        Ok(n) => (JobStatus::Done, None, n),
        Err(e) => {
            let reference = crate::error::reference();
            tracing::error!(reference = %reference, error = %e, job = id, "import failed");
            (JobStatus::Failed, Some(reference), (0, 0))
        }
    };
    if let Err(e) = sqlx::query!(
        "UPDATE import_jobs SET status = $2, message = $3, imported_rows = $4, unchanged_rows = $5,
                finished_at = now() WHERE id = $1",
        id,
        status.code(),
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

/// How many jobs are in each status (the metrics' `thidua_import_jobs{state}`): one scan of a table
/// of a few rows per import.
pub async fn count_by_status(
    db: impl PgExecutor<'_>,
) -> Result<Vec<(JobStatus, i64)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT status AS "status: JobStatus", count(*) AS "n!"
           FROM import_jobs GROUP BY status ORDER BY status"#
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.status, r.n)).collect())
}
