//! One-time tokens of the forms that create something, so that a second submit creates nothing.

use sqlx::{PgExecutor, Postgres, Transaction};

/// Records, in the transaction that creates something, that the form with `token` led to
/// `outcome` (a path). `Ok(None)`: this is the first submit. `Ok(Some(outcome))`: the form was
/// submitted before (a double click waits here for the first to commit) and led there: roll back.
pub async fn claim(
    tx: &mut Transaction<'_, Postgres>,
    token: &str,
    user_id: i64,
    outcome: &str,
) -> Result<Option<String>, sqlx::Error> {
    let inserted = sqlx::query_scalar!(
        "INSERT INTO form_submissions (token, user_id, outcome) VALUES ($1, $2, $3)
         ON CONFLICT (token) DO NOTHING RETURNING token",
        token,
        user_id,
        outcome
    )
    .fetch_optional(&mut **tx)
    .await?;
    if inserted.is_some() {
        return Ok(None);
    }
    Ok(Some(
        sqlx::query_scalar!(
            "SELECT outcome FROM form_submissions WHERE token = $1 AND user_id = $2",
            token,
            user_id
        )
        .fetch_optional(&mut **tx)
        .await?
        // someone else's token: treat as used, lead nowhere in particular
        .unwrap_or_else(|| "/".to_string()),
    ))
}

/// Where an earlier submit of the form with `token` led, if it was submitted.
pub async fn outcome(
    db: impl PgExecutor<'_>,
    token: &str,
    user_id: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT outcome FROM form_submissions WHERE token = $1 AND user_id = $2",
        token,
        user_id
    )
    .fetch_optional(db)
    .await
}

/// Forgets tokens older than `days` (the housekeeping task).
pub async fn purge(db: impl PgExecutor<'_>, days: i32) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query!(
        "DELETE FROM form_submissions WHERE at < now() - make_interval(days => $1)",
        days
    )
    .execute(db)
    .await?
    .rows_affected())
}
