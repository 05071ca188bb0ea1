//! The steps every import shares after its upload: the job (one's own, or one whose rows land in
//! the subtree an administrator keeps), its preview (every bad row with its reasons, a sample of the
//! good ones), the start (once, whichever server gets the request; the work runs in the background
//! and the page polls its progress) and the cancel. The people import and the facts import differ
//! only in their rows, their pages and what the work writes. Both read their upload with [`grid_of`].

use crate::auth::CurrentUser;
use crate::db;
use crate::db::import_jobs::Job;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::{Ctx, redirect_flash};
use axum::response::Response;
use serde::de::DeserializeOwned;
use std::future::Future;

/// Job `id` of one of `kinds`, if the user may act on it.
pub async fn load(state: &AppState, user: &CurrentUser, id: i64, kinds: &[&str]) -> AppResult<Job> {
    let job = db::import_jobs::get(&state.db, id, kinds)
        .await?
        .ok_or(AppError::NotFound)?;
    // one's own, or, for an administrator, one whose rows land inside their subtree
    user.require(
        job.created_by == user.user_id || user.manages_account(job.scope_path.as_deref()),
    )?;
    Ok(job)
}

/// What a job's page shows: in preview, every bad row and the first good ones; and how far it is.
pub async fn view<R: DeserializeOwned>(
    state: &AppState,
    job: &Job,
) -> AppResult<(Vec<R>, Vec<R>, i32)> {
    let (bad, sample) = if job.status.is_preview() {
        db::import_jobs::preview(&state.db, job.id).await?
    } else {
        (vec![], vec![])
    };
    Ok((
        bad,
        sample,
        db::import_jobs::percent(job.processed_rows, job.good_rows),
    ))
}

/// Starts job `id` if it is still in preview and runs `work` in the background, recording how it
/// ended ((written, unchanged) or the error's reference); back to the job's `page`.
pub async fn start<F>(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    page: &str,
    work: F,
) -> AppResult<Response>
where
    F: Future<Output = anyhow::Result<(i32, i32)>> + Send + 'static,
{
    // only one start per job, whichever server gets the request
    if !db::import_jobs::start(&state.db, id).await? {
        return Ok(redirect_flash(page, ctx.t("import.already_started")));
    }
    let db = state.db.clone();
    tokio::spawn(async move {
        let outcome = work.await;
        db::import_jobs::finish(&db, id, outcome).await;
    });
    Ok(redirect_flash(page, ctx.t("import.started")))
}

/// Cancels job `id` if still in preview (its rows are dropped); back to the upload page.
pub async fn cancel(state: &AppState, ctx: &Ctx, id: i64, upload: &str) -> AppResult<Response> {
    db::import_jobs::cancel(&state.db, id).await?;
    Ok(redirect_flash(upload, ctx.t("import.cancelled")))
}

/// The cells of an uploaded CSV or spreadsheet, read on a blocking thread (within the limits of
/// `domain::import`: a hostile file is refused, never allowed to take the server's memory).
pub async fn grid_of(
    bytes: Vec<u8>,
) -> AppResult<Result<Vec<Vec<String>>, crate::domain::import::FileError>> {
    tokio::task::spawn_blocking(move || crate::domain::import::grid_of(&bytes))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("reading the upload: {e}")))
}
