//! Exemplars (gương điển hình tiên tiến): nominations by unit heads, the Office's curation and the
//! Director's choice.

use crate::domain::exemplar::ExemplarStatus;
use chrono::{DateTime, Utc};
use sqlx::PgExecutor;

#[derive(Clone, Debug)]
pub struct Exemplar {
    pub id: i64,
    pub campaign_id: i64,
    pub unit_id: i64,
    pub unit_code: String,
    pub unit_name: String,
    pub unit_path: String,
    pub person_id: Option<i64>,
    /// the person's name, or the unit's
    pub name: String,
    pub position: String,
    pub story: String,
    pub achievements: String,
    pub status: ExemplarStatus,
    pub office_note: String,
    pub praise: bool,
    pub replicate: bool,
    pub send_province: bool,
    pub decided_at: Option<DateTime<Utc>>,
    pub version: i32,
    /// the first photo, shown on the list
    pub photo_id: Option<i64>,
}

super::numbered::status_column!(ExemplarStatus, "exemplar status");

/// Every nomination of campaign `campaign_id` whose unit lies under `patterns` (LIKE), by unit
/// then name.
pub async fn list(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
    patterns: &[String],
) -> Result<Vec<Exemplar>, sqlx::Error> {
    sqlx::query_as!(
        Exemplar,
        r#"SELECT e.id, e.campaign_id, e.unit_id, u.code AS unit_code, u.name::text AS "unit_name!",
                  u.path AS unit_path, e.person_id, coalesce(p.full_name, u.name)::text AS "name!",
                  coalesce(p.position, '') AS "position!", e.story, e.achievements,
                  e.status AS "status: ExemplarStatus",
                  e.office_note, e.praise, e.replicate, e.send_province, e.decided_at, e.version,
                  (SELECT min(d.id) FROM documents d WHERE d.exemplar_id = e.id) AS photo_id
           FROM exemplars e JOIN units u ON u.id = e.unit_id LEFT JOIN people p ON p.id = e.person_id
           WHERE e.campaign_id = $1 AND u.path LIKE ANY($2)
           ORDER BY u.path, e.person_id IS NOT NULL, p.given_name, p.full_name, e.id"#,
        campaign_id,
        patterns
    )
    .fetch_all(db)
    .await
}

pub async fn get(db: impl PgExecutor<'_>, id: i64) -> Result<Option<Exemplar>, sqlx::Error> {
    sqlx::query_as!(
        Exemplar,
        r#"SELECT e.id, e.campaign_id, e.unit_id, u.code AS unit_code, u.name::text AS "unit_name!",
                  u.path AS unit_path, e.person_id, coalesce(p.full_name, u.name)::text AS "name!",
                  coalesce(p.position, '') AS "position!", e.story, e.achievements,
                  e.status AS "status: ExemplarStatus",
                  e.office_note, e.praise, e.replicate, e.send_province, e.decided_at, e.version,
                  (SELECT min(d.id) FROM documents d WHERE d.exemplar_id = e.id) AS photo_id
           FROM exemplars e JOIN units u ON u.id = e.unit_id LEFT JOIN people p ON p.id = e.person_id
           WHERE e.id = $1"#,
        id
    )
    .fetch_optional(db)
    .await
}

/// A new nomination; `None` when the person (or the unit) is already nominated in the campaign.
pub async fn insert(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
    unit_id: i64,
    person_id: Option<i64>,
    (story, achievements): (&str, &str),
    by_user: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO exemplars (campaign_id, unit_id, person_id, story, achievements, created_by)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id",
        campaign_id,
        unit_id,
        person_id,
        story,
        achievements,
        by_user
    )
    .fetch_optional(db)
    .await
}

/// The unit edits its nomination while it is still only nominated (at `version`).
pub async fn update(
    db: impl PgExecutor<'_>,
    id: i64,
    version: i32,
    (story, achievements): (&str, &str),
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query!(
        "UPDATE exemplars SET story = $3, achievements = $4, version = version + 1, updated_at = now()
         WHERE id = $1 AND version = $2 AND status = 'nominated'",
        id,
        version,
        story,
        achievements
    )
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}

/// The Office shortlists or declines a nomination not yet chosen (at `version`).
pub async fn curate(
    db: impl PgExecutor<'_>,
    id: i64,
    version: i32,
    status: ExemplarStatus,
    note: &str,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query!(
        "UPDATE exemplars SET status = $3, office_note = $4, version = version + 1, updated_at = now()
         WHERE id = $1 AND version = $2 AND status IN ('nominated', 'shortlisted', 'declined')",
        id,
        version,
        status.code(),
        note
    )
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}

/// The Director's choice for a shortlisted (or already chosen) exemplar: praise, replicate, send
/// to the province; none of them puts it back on the shortlist.
pub async fn decide(
    db: impl PgExecutor<'_>,
    id: i64,
    version: i32,
    [praise, replicate, send]: [bool; 3],
    by_user: i64,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query!(
        "UPDATE exemplars SET praise = $3, replicate = $4, send_province = $5,
             status = CASE WHEN $3 OR $4 OR $5 THEN 'chosen' ELSE 'shortlisted' END,
             decided_by = $6, decided_at = now(), version = version + 1, updated_at = now()
         WHERE id = $1 AND version = $2 AND status IN ('shortlisted', 'chosen')",
        id,
        version,
        praise,
        replicate,
        send,
        by_user
    )
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}
