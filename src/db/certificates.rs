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
    super::keys::At {
        id: unit_id,
        version,
    }: super::keys::At,
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
    /// the registry entry, its line of the award register, the title's certificate setting, the
    /// person's gender code and position
    pub award_id: i64,
    pub register_no: Option<i32>,
    pub certificate: String,
    pub gender: Option<String>,
    pub position: Option<String>,
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
                  h.year, h.decision_no, h.decided_on, h.verification_code, h.id AS award_id,
                  h.register_no, t.certificate, pe.gender AS "gender?", pe.position AS "position?"
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

/// Takes `n` lines of the award register of issuer `unit_id` for `year`: the first of them (the
/// counter row is locked until the transaction ends, so two issues never share a line).
pub async fn take_register_lines(
    tx: &mut super::Tx<'_>,
    super::keys::IssuerYear {
        issuer: unit_id,
        year,
    }: super::keys::IssuerYear,
    n: i32,
) -> Result<i32, sqlx::Error> {
    let last = sqlx::query_scalar!(
        "INSERT INTO award_register_counters (issuer_unit_id, year, last) VALUES ($1, $2, $3)
         ON CONFLICT (issuer_unit_id, year) DO UPDATE SET last = award_register_counters.last + $3
         RETURNING last",
        unit_id,
        year,
        n
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok(last - n + 1)
}

/// Gives the registry entries of issued decision `id` their lines of the award register, from
/// `first` on, in the decision's order.
pub async fn number_decision(
    tx: &mut super::Tx<'_>,
    id: i64,
    first: i32,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query!(
        "WITH n AS (
            SELECT h.id, row_number() OVER (ORDER BY dl.position, dl.line_id) - 1 AS k
              FROM award_history h
              JOIN decision_lines dl ON dl.decision_id = h.decision_id
              JOIN proposal_lines l ON l.id = dl.line_id
              JOIN proposals p ON p.id = l.proposal_id
              JOIN titles t ON t.id = l.title_id AND t.code = h.title_code
             WHERE h.decision_id = $1
               AND (h.person_id = l.person_id OR (l.person_id IS NULL AND h.unit_id = p.unit_id)))
         UPDATE award_history h SET register_no = $2 + n.k::int FROM n WHERE n.id = h.id",
        id,
        first
    )
    .execute(&mut **tx)
    .await?
    .rows_affected())
}

/// A certificate issued again.
pub struct Reissue {
    pub id: i64,
    pub award_id: i64,
    pub decision_id: Option<i64>,
    /// "reissue" (lost) or "exchange" (damaged)
    pub kind: String,
    pub reason: String,
    pub register_no: i32,
    pub issued_on: NaiveDate,
    pub subject: String,
    pub title_name: String,
}

/// Which award's certificate is issued again, how ("reissue" or "exchange") and why.
pub struct ReissueOf<'a> {
    pub award: i64,
    pub kind: &'a str,
    pub reason: &'a str,
}

/// Records that award `award_id`'s certificate is issued again on `on` (register line `no` of
/// issuer `unit_id`'s year): its id.
pub async fn reissue(
    tx: &mut super::Tx<'_>,
    ReissueOf {
        award: award_id,
        kind,
        reason,
    }: ReissueOf<'_>,
    (unit_id, on, no): (i64, NaiveDate, i32),
    by_user: i64,
) -> Result<i64, sqlx::Error> {
    use chrono::Datelike;
    sqlx::query_scalar!(
        "INSERT INTO certificate_reissues (award_id, kind, reason, issuer_unit_id, year, register_no,
                                           issued_on, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        award_id,
        kind,
        reason,
        unit_id,
        on.year(),
        no,
        on,
        by_user
    )
    .fetch_one(&mut **tx)
    .await
}

/// The certificates of decision `decision_id` issued again, the latest first; or, with `id`, that
/// one.
pub async fn reissues(
    db: impl PgExecutor<'_>,
    decision_id: Option<i64>,
    id: Option<i64>,
) -> Result<Vec<Reissue>, sqlx::Error> {
    sqlx::query_as!(
        Reissue,
        r#"SELECT r.id, r.award_id, h.decision_id, r.kind, r.reason, r.register_no, r.issued_on,
                  coalesce(pe.full_name, u.name)::text AS "subject!", h.title_name
             FROM certificate_reissues r
             JOIN award_history h ON h.id = r.award_id
             LEFT JOIN people pe ON pe.id = h.person_id
             LEFT JOIN units u ON u.id = h.unit_id
            WHERE ($1::int8 IS NULL OR h.decision_id = $1) AND ($2::int8 IS NULL OR r.id = $2)
            ORDER BY r.id DESC"#,
        decision_id,
        id
    )
    .fetch_all(db)
    .await
}
