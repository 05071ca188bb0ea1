//! Award proposals (đề nghị khen thưởng): a unit's proposal per campaign, its lines (a person or
//! the unit, for a title), and every step from submission to acceptance, timestamped.

use crate::domain::proposal::{LineStatus, ProposalStatus};
use chrono::{DateTime, Utc};
use sqlx::PgExecutor;

#[derive(Clone, Debug)]
pub struct Proposal {
    pub id: i64,
    pub campaign_id: i64,
    pub unit_id: i64,
    pub unit_name: String,
    pub unit_code: String,
    pub unit_path: String,
    pub review_id: Option<i64>,
    pub status: ProposalStatus,
    pub submissions: i32,
    pub submitted_at: Option<DateTime<Utc>>,
    pub late: bool,
    pub returned_at: Option<DateTime<Utc>>,
    pub return_reason: String,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

super::numbered::status_column!(ProposalStatus, "proposal status");
super::numbered::status_column!(LineStatus, "proposal line status");

/// Proposal `id`.
pub async fn get(db: impl PgExecutor<'_>, id: i64) -> Result<Option<Proposal>, sqlx::Error> {
    sqlx::query_as!(
        Proposal,
        r#"SELECT p.id, p.campaign_id, p.unit_id, u.name::text AS "unit_name!", u.code AS unit_code,
                  u.path AS unit_path, p.review_id, p.status AS "status: ProposalStatus", p.submissions, p.submitted_at, p.late,
                  p.returned_at, p.return_reason, p.version, p.updated_at
           FROM proposals p JOIN units u ON u.id = p.unit_id WHERE p.id = $1"#,
        id
    )
    .fetch_optional(db)
    .await
}

/// The proposal of unit `unit_id` in campaign `campaign_id`.
pub async fn of_unit(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
    unit_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT id FROM proposals WHERE campaign_id = $1 AND unit_id = $2",
        campaign_id,
        unit_id
    )
    .fetch_optional(db)
    .await
}

/// Creates the unit's proposal (a draft); `None` when it already has one.
pub async fn create(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
    unit_id: i64,
    review_id: Option<i64>,
    by_user: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO proposals (campaign_id, unit_id, review_id, created_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (campaign_id, unit_id) DO NOTHING RETURNING id",
        campaign_id,
        unit_id,
        review_id,
        by_user
    )
    .fetch_optional(db)
    .await
}

/// Moves the proposal on if still at `version`: its status, and on a submission the count, the
/// time and the lateness of the first; on a return the time and reason. False when stale.
pub async fn bump(
    db: impl PgExecutor<'_>,
    id: i64,
    version: i32,
    status: ProposalStatus,
    step: Step<'_>,
) -> Result<bool, sqlx::Error> {
    let (submitted, late, returned, reason) = match step {
        Step::Edit => (false, false, false, ""),
        Step::Submit { late } => (true, late, false, ""),
        Step::Return { reason } => (false, false, true, reason),
    };
    Ok(sqlx::query!(
        "UPDATE proposals SET status = $3, version = version + 1, updated_at = now(),
             submissions = submissions + CASE WHEN $4 THEN 1 ELSE 0 END,
             submitted_at = CASE WHEN $4 THEN now() ELSE submitted_at END,
             late = CASE WHEN $4 AND submissions = 0 THEN $5 ELSE late END,
             returned_at = CASE WHEN $6 THEN now() ELSE returned_at END,
             return_reason = CASE WHEN $6 THEN $7 ELSE return_reason END
         WHERE id = $1 AND version = $2",
        id,
        version,
        status.code(),
        submitted,
        late,
        returned,
        reason
    )
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}

/// What moved a proposal on.
#[derive(Clone, Copy)]
pub enum Step<'a> {
    Edit,
    Submit { late: bool },
    Return { reason: &'a str },
}

#[derive(Clone, Debug)]
pub struct Line {
    pub id: i64,
    pub person_id: Option<i64>,
    /// the person's or the unit's name
    pub subject: String,
    pub title_id: i64,
    pub title_code: String,
    pub title_name_vi: String,
    pub title_name_en: String,
    /// who decides the title: "director" (the Department) or a higher authority
    pub decided_by: String,
    /// "title" (a danh hiệu) or "commendation"
    pub title_form: String,
    /// the documents the title's dossier needs
    pub required: Vec<String>,
    pub status: LineStatus,
    pub eligibility: String,
    pub failed: String,
    pub justification: Option<String>,
    /// the exceptional achievement an ad-hoc line (khen thưởng đột xuất) is proposed for
    pub achievement: Option<String>,
    pub return_reason: String,
    pub report: Option<serde_json::Value>,
    pub report_updated_at: Option<DateTime<Utc>>,
    pub version: i32,
}

/// The lines of proposal `id`: the unit's first, then people by given name, then title.
pub async fn lines(db: impl PgExecutor<'_>, id: i64) -> Result<Vec<Line>, sqlx::Error> {
    sqlx::query_as!(
        Line,
        r#"SELECT l.id, l.person_id, coalesce(pe.full_name, u.name)::text AS "subject!", l.title_id,
                  t.code AS title_code, t.name_vi AS title_name_vi, t.name_en AS title_name_en,
                  t.decided_by, t.form AS title_form, CASE WHEN l.achievement IS NULL THEN t.documents ELSE coalesce(t.adhoc_documents, t.documents) END AS "required!",
                  l.status AS "status: LineStatus", l.eligibility, l.failed,
                  l.justification, l.achievement, l.return_reason, l.report, l.report_updated_at, l.version
           FROM proposal_lines l
           JOIN proposals p ON p.id = l.proposal_id
           JOIN units u ON u.id = p.unit_id
           JOIN titles t ON t.id = l.title_id
           LEFT JOIN people pe ON pe.id = l.person_id
           WHERE l.proposal_id = $1
           ORDER BY l.person_id IS NOT NULL, pe.given_name, pe.full_name, t.position, l.id"#,
        id
    )
    .fetch_all(db)
    .await
}

/// A new line: who, for what, and its eligibility answer now.
pub struct NewLine<'a> {
    pub person_id: Option<i64>,
    pub title_id: i64,
    pub eligibility: &'a str,
    pub failed: &'a str,
    /// the exceptional achievement of an ad-hoc line
    pub achievement: Option<&'a str>,
}

/// Adds lines to proposal `id` (a line already there for the same subject and title is kept, and a
/// person already proposed for the title in the campaign by any unit is not added: a unique index
/// holds that under concurrent inserts).
pub async fn add_lines(
    db: impl PgExecutor<'_>,
    id: i64,
    lines: &[NewLine<'_>],
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query!(
        "INSERT INTO proposal_lines (proposal_id, person_id, title_id, eligibility, failed, achievement)
         SELECT $1, p, t, e, f, a
           FROM UNNEST($2::int8[], $3::int8[], $4::text[], $5::text[], $6::text[]) AS x(p, t, e, f, a)
         ON CONFLICT DO NOTHING",
        id,
        &lines.iter().map(|l| l.person_id).collect::<Vec<_>>() as &[Option<i64>],
        &lines.iter().map(|l| l.title_id).collect::<Vec<_>>(),
        &lines
            .iter()
            .map(|l| l.eligibility.to_string())
            .collect::<Vec<_>>(),
        &lines
            .iter()
            .map(|l| l.failed.to_string())
            .collect::<Vec<_>>(),
        &lines
            .iter()
            .map(|l| l.achievement.map(str::to_string))
            .collect::<Vec<_>>() as &[Option<String>],
    )
    .execute(db)
    .await?
    .rows_affected())
}

/// Removes line `line_id` of proposal `id` while the unit may still change it.
pub async fn delete_line(
    db: impl PgExecutor<'_>,
    id: i64,
    line_id: i64,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query!(
        "DELETE FROM proposal_lines WHERE id = $2 AND proposal_id = $1 AND status IN ('draft', 'returned')",
        id,
        line_id
    )
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}

/// Sets the justifications of lines of proposal `id` the unit may still change (line, text or none).
pub async fn set_justifications(
    db: impl PgExecutor<'_>,
    id: i64,
    texts: &[(i64, Option<String>)],
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE proposal_lines l SET justification = x.j, version = l.version + 1, updated_at = now()
         FROM UNNEST($2::int8[], $3::text[]) AS x(id, j)
         WHERE l.id = x.id AND l.proposal_id = $1 AND l.status IN ('draft', 'returned')",
        id,
        &texts.iter().map(|t| t.0).collect::<Vec<_>>(),
        &texts.iter().map(|t| t.1.clone()).collect::<Vec<_>>() as &[Option<String>],
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Sets lines' eligibility answers (line, outcome, conditions not met), evaluated on submission.
pub async fn set_eligibilities(
    db: impl PgExecutor<'_>,
    answers: &[(i64, &str, String)],
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE proposal_lines l SET eligibility = x.e, failed = x.f
         FROM UNNEST($1::int8[], $2::text[], $3::text[]) AS x(id, e, f) WHERE l.id = x.id",
        &answers.iter().map(|a| a.0).collect::<Vec<_>>(),
        &answers.iter().map(|a| a.1.to_string()).collect::<Vec<_>>(),
        &answers.iter().map(|a| a.2.clone()).collect::<Vec<_>>(),
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Moves the lines `line_ids` of proposal `id` that are in one of `from` to `to`, with the Office's
/// `reason` (kept on a return). Returns how many moved.
pub async fn move_lines(
    db: impl PgExecutor<'_>,
    id: i64,
    line_ids: &[i64],
    from: &[LineStatus],
    to: LineStatus,
    reason: &str,
) -> Result<u64, sqlx::Error> {
    let from: Vec<String> = from.iter().map(|s| s.code().to_string()).collect();
    Ok(sqlx::query!(
        "UPDATE proposal_lines SET status = $4, version = version + 1, updated_at = now(),
             return_reason = CASE WHEN $4 IN ('returned', 'rejected') THEN $5 ELSE return_reason END
         WHERE proposal_id = $1 AND id = ANY($2) AND status = ANY($3)",
        id,
        line_ids,
        &from,
        to.code(),
        reason
    )
    .execute(db)
    .await?
    .rows_affected())
}

/// Saves a line's achievement report (sections as JSON) while the unit may change the line.
pub async fn set_report(
    db: impl PgExecutor<'_>,
    line_id: i64,
    version: i32,
    report: &serde_json::Value,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query!(
        "UPDATE proposal_lines SET report = $3, report_updated_at = now(), version = version + 1,
             updated_at = now()
         WHERE id = $1 AND version = $2 AND status IN ('draft', 'returned')",
        line_id,
        version,
        report
    )
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}

/// Records a step of proposal `id`.
pub async fn add_event(
    db: impl PgExecutor<'_>,
    id: i64,
    line_id: Option<i64>,
    kind: &str,
    reason: &str,
    snapshot: Option<&serde_json::Value>,
    by_user: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO proposal_events (proposal_id, line_id, kind, reason, snapshot, by_user)
         VALUES ($1, $2, $3, $4, $5, $6)",
        id,
        line_id,
        kind,
        reason,
        snapshot,
        by_user
    )
    .execute(db)
    .await?;
    Ok(())
}

pub struct Event {
    pub kind: String,
    pub line_id: Option<i64>,
    pub reason: String,
    pub snapshot: Option<serde_json::Value>,
    pub by_name: String,
    pub at: DateTime<Utc>,
}

/// Every step of proposal `id`, oldest first.
pub async fn events(db: impl PgExecutor<'_>, id: i64) -> Result<Vec<Event>, sqlx::Error> {
    sqlx::query_as!(
        Event,
        r#"SELECT e.kind, e.line_id, e.reason, e.snapshot, coalesce(u.display_name, '') AS "by_name!", e.at
           FROM proposal_events e LEFT JOIN users u ON u.id = e.by_user
           WHERE e.proposal_id = $1 ORDER BY e.id"#,
        id
    )
    .fetch_all(db)
    .await
}

/// A line of the Office's list across units.
#[derive(Clone, Debug)]
pub struct OfficeLine {
    pub id: i64,
    pub proposal_id: i64,
    pub unit_id: i64,
    pub unit_code: String,
    pub unit_name: String,
    pub person_id: Option<i64>,
    pub subject: String,
    pub title_code: String,
    pub title_name_vi: String,
    pub title_name_en: String,
    pub required: Vec<String>,
    pub status: LineStatus,
    pub eligibility: String,
    pub failed: String,
    pub justification: Option<String>,
    pub achievement: Option<String>,
    pub report_written: bool,
    /// the kinds of the documents attached to the line
    pub attached: Vec<String>,
    pub minutes_signed: bool,
    pub submitted_at: Option<DateTime<Utc>>,
    pub returned_at: Option<DateTime<Utc>>,
    pub proposal_status: ProposalStatus,
    pub late: bool,
    pub documents: serde_json::Value,
}

/// Which lines a list shows: a title code, a unit, a line status (empty: any).
#[derive(Clone, Debug, Default)]
pub struct LineFilter {
    pub title: String,
    pub unit: Option<i64>,
    pub status: String,
}

/// The lines of campaign `campaign_id` whose unit lies under `patterns` (LIKE) and that pass
/// `filter`, in unit order, `limit` from `offset`, with what each dossier holds.
pub async fn campaign_lines(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
    patterns: &[String],
    filter: &LineFilter,
    super::keys::Page { limit, offset }: super::keys::Page,
) -> Result<Vec<OfficeLine>, sqlx::Error> {
    sqlx::query_as!(
        OfficeLine,
        r#"SELECT l.id, p.id AS proposal_id, u.id AS unit_id, u.code AS unit_code,
                  u.name::text AS "unit_name!", l.person_id,
                  coalesce(pe.full_name, u.name)::text AS "subject!", t.code AS title_code,
                  t.name_vi AS title_name_vi, t.name_en AS title_name_en, CASE WHEN l.achievement IS NULL THEN t.documents ELSE coalesce(t.adhoc_documents, t.documents) END AS "required!",
                  l.status AS "status: LineStatus", l.eligibility, l.failed, l.justification,
                  l.achievement, (l.report IS NOT NULL) AS "report_written!",
                  coalesce((SELECT array_agg(DISTINCT d.kind) FROM documents d WHERE d.line_id = l.id), '{}') AS "attached!",
                  (r.minutes_document_id IS NOT NULL) AS "minutes_signed!",
                  p.submitted_at, p.returned_at, p.status AS "proposal_status: ProposalStatus", p.late,
                  coalesce((SELECT jsonb_agg(jsonb_build_object('kind', d.kind, 'name', d.name, 'sha256', d.sha256) ORDER BY d.id)
                            FROM documents d WHERE d.line_id = l.id), '[]'::jsonb)
                    || coalesce((SELECT jsonb_build_array(jsonb_build_object('kind', m.kind, 'name', m.name, 'sha256', m.sha256))
                                 FROM documents m WHERE m.id = r.minutes_document_id), '[]'::jsonb) AS "documents!"
           FROM proposal_lines l
           JOIN proposals p ON p.id = l.proposal_id
           JOIN units u ON u.id = p.unit_id
           JOIN titles t ON t.id = l.title_id
           LEFT JOIN people pe ON pe.id = l.person_id
           LEFT JOIN unit_reviews r ON r.id = p.review_id
           WHERE p.campaign_id = $1 AND u.path LIKE ANY($2)
             AND ($3 = '' OR t.code = $3) AND ($4::int8 IS NULL OR u.id = $4) AND ($5 = '' OR l.status = $5)
           ORDER BY u.path, l.person_id IS NOT NULL, pe.given_name, pe.full_name, t.position, l.id
           LIMIT $6 OFFSET $7"#,
        campaign_id,
        patterns,
        filter.title,
        filter.unit,
        filter.status,
        limit,
        offset
    )
    .fetch_all(db)
    .await
}

/// The statuses of proposal `id`'s lines and how many times it was submitted.
pub async fn line_statuses(
    db: impl PgExecutor<'_>,
    id: i64,
) -> Result<(Vec<LineStatus>, i32), sqlx::Error> {
    let r = sqlx::query!(
        r#"SELECT p.submissions,
                  coalesce((SELECT array_agg(l.status) FROM proposal_lines l WHERE l.proposal_id = p.id), '{}') AS "statuses!"
           FROM proposals p WHERE p.id = $1"#,
        id
    )
    .fetch_one(db)
    .await?;
    let statuses = r
        .statuses
        .iter()
        .map(|s| {
            LineStatus::parse(s)
                .ok_or_else(|| sqlx::Error::Decode(format!("proposal line status {s:?}").into()))
        })
        .collect::<Result<_, _>>()?;
    Ok((statuses, r.submissions))
}

/// Sets the status of proposal `id` (read off its lines), bumping its version.
pub async fn set_status(
    db: impl PgExecutor<'_>,
    id: i64,
    status: ProposalStatus,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE proposals SET status = $2, version = version + 1, updated_at = now() WHERE id = $1",
        id,
        status.code()
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The working days the Office has to check a proposal and a unit to supplement one, by the rule
/// set.
pub async fn rule_set_periods(
    db: impl PgExecutor<'_>,
    rule_set_id: i64,
) -> Result<(u32, u32), sqlx::Error> {
    let r = sqlx::query!(
        "SELECT check_days, supplement_days FROM rule_sets WHERE id = $1",
        rule_set_id
    )
    .fetch_one(db)
    .await?;
    Ok((r.check_days.max(0) as u32, r.supplement_days.max(0) as u32))
}

/// Locks line `line_id` of proposal `id` for the rest of the transaction if the unit may still
/// change it (its documents), and bumps the proposal's version; false otherwise.
pub async fn lock_editable_line(
    tx: &mut super::Tx<'_>,
    id: i64,
    line_id: i64,
) -> Result<bool, sqlx::Error> {
    let locked = sqlx::query_scalar!(
        "SELECT id FROM proposal_lines WHERE id = $2 AND proposal_id = $1
            AND status IN ('draft', 'returned') FOR UPDATE",
        id,
        line_id
    )
    .fetch_optional(&mut **tx)
    .await?
    .is_some();
    if locked {
        sqlx::query!(
            "UPDATE proposals SET version = version + 1, updated_at = now() WHERE id = $1",
            id
        )
        .execute(&mut **tx)
        .await?;
    }
    Ok(locked)
}

/// What the unit's proposal holds its review to: (frozen: a line is with the Office or decided;
/// waiting: a line is with the Office, so the signed minutes may not change either).
pub async fn review_locks(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
    unit_id: i64,
) -> Result<(bool, bool), sqlx::Error> {
    let r = sqlx::query!(
        r#"SELECT coalesce(bool_or(l.status IN ('submitted', 'accepted', 'rejected')), false) AS "frozen!",
                  coalesce(bool_or(l.status = 'submitted'), false) AS "waiting!"
           FROM proposal_lines l JOIN proposals p ON p.id = l.proposal_id
           WHERE p.campaign_id = $1 AND p.unit_id = $2"#,
        campaign_id,
        unit_id
    )
    .fetch_one(db)
    .await?;
    Ok((r.frozen, r.waiting))
}
