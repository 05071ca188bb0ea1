//! The issuers' certificate layouts, and what each certificate of an issued decision says.

use crate::domain::certificate::Layout;
use chrono::NaiveDate;
use sqlx::PgExecutor;

/// Issuer `unit_id`'s layout and its version (0 and the default layout when it has none).
pub async fn layout(db: impl PgExecutor<'_>, unit_id: i64) -> Result<(Layout, i32), sqlx::Error> {
    let row = sqlx::query!(
        "SELECT layout, version FROM certificate_layouts WHERE issuer_unit_id = $1",
        unit_id
    )
    .fetch_optional(db)
    .await?;
    Ok(match row {
        Some(r) => (
            serde_json::from_value(r.layout).unwrap_or_default(),
            r.version,
        ),
        None => (Layout::default(), 0),
    })
}

/// Saves issuer `unit_id`'s layout if it is still at `version` (0: none saved yet); the layout it
/// replaced, or None when someone saved another meanwhile.
pub async fn save_layout(
    tx: &mut super::Tx<'_>,
    (unit_id, version): (i64, i32),
    layout: &Layout,
    by_user: i64,
) -> Result<Option<Option<serde_json::Value>>, sqlx::Error> {
    let json = serde_json::to_value(layout).unwrap_or_default();
    let before = sqlx::query_scalar!(
        "SELECT layout FROM certificate_layouts WHERE issuer_unit_id = $1 FOR UPDATE",
        unit_id
    )
    .fetch_optional(&mut **tx)
    .await?;
    let n = sqlx::query!(
        "INSERT INTO certificate_layouts (issuer_unit_id, layout, updated_by)
         SELECT $1, $2, $4 WHERE $3 = 0
         ON CONFLICT (issuer_unit_id) DO NOTHING",
        unit_id,
        json,
        version,
        by_user
    )
    .execute(&mut **tx)
    .await?
    .rows_affected()
        + sqlx::query!(
            "UPDATE certificate_layouts SET layout = $2, version = version + 1, updated_by = $4,
                    updated_at = now()
             WHERE issuer_unit_id = $1 AND version = $3",
            unit_id,
            json,
            version,
            by_user
        )
        .execute(&mut **tx)
        .await?
        .rows_affected();
    Ok((n == 1).then_some(before))
}

/// A certificate's facts: the recipient, their unit, the award and the registry's code.
pub struct CertificateRow {
    pub person_id: Option<i64>,
    pub subject: String,
    pub unit_name: String,
    pub title_vi: String,
    pub form: String,
    pub year: i32,
    pub decision_no: String,
    pub decided_on: Option<NaiveDate>,
    pub verification_code: Option<String>,
}

/// The certificates of issued decision `id`, in the decision's order, from its registry entries.
pub async fn of_decision(
    db: impl PgExecutor<'_>,
    id: i64,
) -> Result<Vec<CertificateRow>, sqlx::Error> {
    sqlx::query_as!(
        CertificateRow,
        r#"SELECT l.person_id, coalesce(pe.full_name, u.name)::text AS "subject!",
                  (CASE WHEN l.person_id IS NULL THEN '' ELSE u.name END)::text AS "unit_name!", t.name_vi AS title_vi, t.form,
                  h.year, h.decision_no, h.decided_on, h.verification_code
           FROM decision_lines dl
           JOIN proposal_lines l ON l.id = dl.line_id
           JOIN proposals p ON p.id = l.proposal_id
           JOIN units u ON u.id = p.unit_id
           JOIN titles t ON t.id = l.title_id
           LEFT JOIN people pe ON pe.id = l.person_id
           JOIN award_history h ON h.decision_id = dl.decision_id AND h.title_code = t.code
                AND (h.person_id = l.person_id OR (l.person_id IS NULL AND h.unit_id = p.unit_id))
           WHERE dl.decision_id = $1
           ORDER BY dl.position, dl.line_id"#,
        id
    )
    .fetch_all(db)
    .await
}
