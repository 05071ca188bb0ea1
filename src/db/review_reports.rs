//! The draft reports' texts (báo cáo tổng kết): what the Office writes around the figures, per
//! campaign and kind, with a version for stale saves.

use crate::db::audit::{self, Actor, Entry};
pub use crate::domain::rows::ReportText;
use chrono::{DateTime, Utc};
use sqlx::PgExecutor;

pub struct SavedReport {
    pub text: ReportText,
    pub version: i32,
    pub updated_by: Option<String>,
    pub updated_at: DateTime<Utc>,
}

/// The saved text of campaign `campaign_id`'s report of `kind` ("year_end"), if any.
pub async fn get(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
    kind: &str,
) -> Result<Option<SavedReport>, sqlx::Error> {
    let r = sqlx::query!(
        r#"SELECT r.results, r.shortcomings, r.direction, r.budget, r.version, r.updated_at,
                  u.display_name AS "updated_by?"
             FROM review_reports r LEFT JOIN users u ON u.id = r.updated_by
            WHERE r.campaign_id = $1 AND r.kind = $2"#,
        campaign_id,
        kind
    )
    .fetch_optional(db)
    .await?;
    Ok(r.map(|r| SavedReport {
        text: ReportText {
            results: r.results,
            shortcomings: r.shortcomings,
            direction: r.direction,
            budget: r.budget,
        },
        version: r.version,
        updated_by: r.updated_by,
        updated_at: r.updated_at,
    }))
}

/// Saves the text when the stored version is still `version` (0: none saved yet), with its audit
/// entry, in `tx`. Returns false (and writes nothing) when someone saved in between.
pub async fn save(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    actor: &Actor,
    (campaign_id, kind, version): (i64, &str, i32),
    text: &ReportText,
    summary: &str,
) -> Result<bool, sqlx::Error> {
    let before = get(&mut **tx, campaign_id, kind).await?;
    // a first save is version 0 only when nothing was there
    if before.as_ref().map_or(0, |b| b.version) != version {
        return Ok(false);
    }
    let saved = sqlx::query_scalar!(
        r#"INSERT INTO review_reports AS r (campaign_id, kind, results, shortcomings, direction, budget, updated_by)
           VALUES ($1, $2, $3, $4, $5, $8, $6)
           ON CONFLICT (campaign_id, kind) DO UPDATE
              SET results = EXCLUDED.results, shortcomings = EXCLUDED.shortcomings,
                  direction = EXCLUDED.direction, budget = EXCLUDED.budget, updated_by = EXCLUDED.updated_by,
                  updated_at = now(), version = r.version + 1
            WHERE r.version = $7
           RETURNING r.version"#,
        campaign_id,
        kind,
        text.results,
        text.shortcomings,
        text.direction,
        actor.user_id,
        version,
        text.budget
    )
    .fetch_optional(&mut **tx)
    .await?;
    // two first saves at once: the second finds the row at version 1 and changes nothing
    if saved.is_none() {
        return Ok(false);
    }
    audit::record(
        &mut **tx,
        actor,
        Entry::new("update", "review_report", format!("{campaign_id}:{kind}"))
            .summary(summary.to_string())
            .before(before.map(|b| serde_json::json!(b.text)))
            .after(Some(serde_json::json!(text))),
    )
    .await?;
    Ok(true)
}
