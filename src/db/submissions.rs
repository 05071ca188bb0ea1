//! Submissions upward (tờ trình): drafts from a notice's lines a higher authority decides, the
//! register's numbers taken when sent, the dossier pack's progress, and the higher authority's
//! decision recorded per line (the awarded lines entering the registry).

use crate::domain::numbered::{Kind, PackStatus, Signer, SubmissionStatus, number_text};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgExecutor;

#[derive(Clone, Debug)]
pub struct Submission {
    pub id: i64,
    pub campaign_id: i64,
    pub issuer_unit_id: i64,
    pub notice_id: i64,
    pub meeting_id: i64,
    pub status: SubmissionStatus,
    pub submitted_on: NaiveDate,
    pub doc_code: String,
    pub recipient: String,
    pub year: Option<i32>,
    pub number: Option<i32>,
    pub signer_deputy: bool,
    pub signer_name: String,
    pub pack_status: PackStatus,
    pub pack_done: i32,
    pub pack_total: i32,
    pub pack_error: String,
    pub pack_started_at: Option<DateTime<Utc>>,
    pub pack_document_id: Option<i64>,
    pub version: i32,
    /// the missing papers the Office confirmed sending without (one per line), or empty
    pub missing_confirmed: String,
}

impl Submission {
    /// "03/TTr-STNMT", or "     /TTr-STNMT" before it is sent.
    pub fn number_text(&self) -> String {
        number_text(self.number, &self.doc_code)
    }
    /// Who signs (signed) it.
    pub fn signer(&self) -> Signer {
        Signer::from_deputy(self.signer_deputy)
    }
    /// Whether it is at status `s`.
    pub fn is(&self, s: SubmissionStatus) -> bool {
        self.status == s
    }
}

pub async fn get(db: impl PgExecutor<'_>, id: i64) -> Result<Option<Submission>, sqlx::Error> {
    sqlx::query_as!(
        Submission,
        r#"SELECT s.id, s.campaign_id, s.issuer_unit_id, s.notice_id, n.meeting_id,
                  s.status AS "status: SubmissionStatus",
                  s.submitted_on, s.doc_code, s.recipient, s.year, s.number, s.signer_deputy,
                  s.signer_name, s.pack_status AS "pack_status: PackStatus", s.pack_done, s.pack_total, s.pack_error,
                  s.pack_started_at, s.pack_document_id, s.version, s.missing_confirmed
           FROM submissions s JOIN notices n ON n.id = s.notice_id WHERE s.id = $1"#,
        id
    )
    .fetch_optional(db)
    .await
}

/// The submissions of a notice, the latest first: (id, number text, status, date, lines).
pub async fn of_notice(
    db: impl PgExecutor<'_>,
    notice_id: i64,
) -> Result<Vec<(i64, String, SubmissionStatus, NaiveDate, i64)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT s.id, s.number, s.doc_code, s.status AS "status: SubmissionStatus", s.submitted_on,
                  (SELECT count(*) FROM submission_lines l WHERE l.submission_id = s.id) AS "lines!"
           FROM submissions s WHERE s.notice_id = $1 ORDER BY s.id DESC"#,
        notice_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let no = number_text(r.number, &r.doc_code);
            (r.id, no, r.status, r.submitted_on, r.lines)
        })
        .collect())
}

/// The lines of notice `notice_id` ready for a submission on `today`: passed and posted, the period
/// over, not withdrawn, no objection open, a title a higher authority decides, on no submission yet.
pub async fn ready_lines(
    db: impl PgExecutor<'_>,
    notice_id: i64,
    today: NaiveDate,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT nl.line_id FROM notice_lines nl
           JOIN proposal_lines l ON l.id = nl.line_id
           JOIN titles t ON t.id = l.title_id
          WHERE nl.notice_id = $1 AND NOT nl.withdrawn AND nl.ends_on < $2 AND t.decided_by <> 'director'
            AND NOT EXISTS (SELECT 1 FROM notice_comments c WHERE c.notice_id = nl.notice_id
                            AND c.line_id = nl.line_id AND c.kind = 'objection' AND c.outcome IS NULL)
            AND NOT EXISTS (SELECT 1 FROM submission_lines s WHERE s.line_id = nl.line_id)
          ORDER BY t.position, l.id",
        notice_id,
        today
    )
    .fetch_all(db)
    .await
}

/// Who decides the titles of proposal lines `lines` (`titles.decided_by`), each once.
pub async fn deciders(db: impl PgExecutor<'_>, lines: &[i64]) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT DISTINCT t.decided_by FROM proposal_lines l JOIN titles t ON t.id = l.title_id
          WHERE l.id = ANY($1)",
        lines
    )
    .fetch_all(db)
    .await
}

/// A new draft.
pub struct NewSubmission<'a> {
    pub campaign_id: i64,
    pub issuer_unit_id: i64,
    pub notice_id: i64,
    pub submitted_on: NaiveDate,
    pub doc_code: &'a str,
    pub recipient: &'a str,
}

/// Drafts a submission of `lines`; None when another took them meanwhile (a line is on one
/// submission only).
pub async fn create(
    tx: &mut super::Tx<'_>,
    s: &NewSubmission<'_>,
    lines: &[i64],
    by_user: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let id = sqlx::query_scalar!(
        "INSERT INTO submissions (campaign_id, issuer_unit_id, notice_id, submitted_on, doc_code,
                                  recipient, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        s.campaign_id,
        s.issuer_unit_id,
        s.notice_id,
        s.submitted_on,
        s.doc_code,
        s.recipient,
        by_user
    )
    .fetch_one(&mut **tx)
    .await?;
    let n = sqlx::query!(
        "INSERT INTO submission_lines (submission_id, line_id, position)
         SELECT $1, l, i FROM UNNEST($2::int8[]) WITH ORDINALITY AS u(l, i)
         ON CONFLICT (line_id) DO NOTHING",
        id,
        lines
    )
    .execute(&mut **tx)
    .await?;
    Ok((n.rows_affected() as usize == lines.len()).then_some(id))
}

/// A line of a submission: who, which title, the council's count, the higher decision.
#[derive(Clone, Debug)]
pub struct SubmissionLine {
    pub line_id: i64,
    pub person_id: Option<i64>,
    pub subject: String,
    pub unit_name: String,
    pub position_name: String,
    pub title_code: String,
    pub title_vi: String,
    pub title_en: String,
    pub level: String,
    /// "title" (a danh hiệu, written “in quotes”) or "commendation"
    pub form: String,
    pub decided_by: String,
    pub votes_for: Option<i32>,
    pub counted_over: Option<i32>,
    pub outcome: String,
    pub authority: String,
    pub decision_no: String,
    pub decided_on: Option<NaiveDate>,
    pub verification_code: Option<String>,
    /// the person's gender code (none for a collective)
    pub gender: Option<String>,
    /// the exceptional achievement of an ad-hoc line (khen thưởng đột xuất)
    pub achievement: Option<String>,
    /// the papers its title's dossier asks for (an ad-hoc line's, the shorter list), whether its achievement report was written in the
    /// app, its proposal and unit, whether the unit's review was held and its signed minutes' scan
    pub required: Vec<String>,
    pub report_saved: bool,
    pub proposal_id: i64,
    pub unit_id: i64,
    pub review_held: bool,
    pub review_scan: Option<i64>,
    pub review_scan_name: Option<String>,
}

pub async fn lines(db: impl PgExecutor<'_>, id: i64) -> Result<Vec<SubmissionLine>, sqlx::Error> {
    sqlx::query_as!(
        SubmissionLine,
        r#"SELECT sl.line_id, l.person_id, coalesce(pe.full_name, u.name)::text AS "subject!",
                  u.name::text AS "unit_name!", coalesce(pe.position, '')::text AS "position_name!",
                  t.code AS title_code, t.name_vi AS title_vi, t.name_en AS title_en, t.level,
                  t.form, t.decided_by, a.votes_for, a.counted_over, sl.outcome, sl.authority,
                  sl.decision_no, sl.decided_on, h.verification_code AS "verification_code?",
                  pe.gender AS "gender?", l.achievement,
                  CASE WHEN l.achievement IS NULL THEN t.documents ELSE coalesce(t.adhoc_documents, t.documents) END AS "required!",
                  l.report IS NOT NULL AS "report_saved!",
                  p.id AS proposal_id, p.unit_id, coalesce(r.held_on IS NOT NULL, false) AS "review_held!",
                  r.minutes_document_id AS "review_scan?", md.name AS "review_scan_name?"
           FROM submission_lines sl
           JOIN submissions s ON s.id = sl.submission_id
           JOIN notices n ON n.id = s.notice_id
           JOIN proposal_lines l ON l.id = sl.line_id
           JOIN proposals p ON p.id = l.proposal_id
           JOIN units u ON u.id = p.unit_id
           JOIN titles t ON t.id = l.title_id
           LEFT JOIN people pe ON pe.id = l.person_id
           LEFT JOIN council_agenda a ON a.meeting_id = n.meeting_id AND a.line_id = sl.line_id
           LEFT JOIN award_history h ON h.submission_id = sl.submission_id AND h.title_code = t.code
                AND (h.person_id = l.person_id OR (l.person_id IS NULL AND h.unit_id = p.unit_id))
           LEFT JOIN unit_reviews r ON r.id = p.review_id
           LEFT JOIN documents md ON md.id = r.minutes_document_id
           WHERE sl.submission_id = $1
           ORDER BY sl.position, sl.line_id"#,
        id
    )
    .fetch_all(db)
    .await
}

/// Changes a draft's date and recipient; false when it changed or was sent meanwhile.
pub async fn update(
    db: impl PgExecutor<'_>,
    super::keys::At { id, version }: super::keys::At,
    on: NaiveDate,
    recipient: &str,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query!(
        "UPDATE submissions SET submitted_on = $3, recipient = $4, version = version + 1
         WHERE id = $1 AND version = $2 AND status = 'draft'",
        id,
        version,
        on,
        recipient
    )
    .execute(db)
    .await?;
    Ok(n.rows_affected() == 1)
}

/// Sends draft `s` signed by `signer_name` (`Signer`): the next number of the
/// issuer's register of submissions for its year. None when it was sent or changed meanwhile (the
/// caller rolls back, so no number is taken).
pub async fn send(
    tx: &mut super::Tx<'_>,
    s: &Submission,
    (signer, signer_name): (Signer, &str),
    by_user: i64,
) -> Result<Option<i32>, sqlx::Error> {
    use chrono::Datelike;
    let year = s.submitted_on.year();
    let number = super::numbered::take_number(tx, Kind::Submission, s.issuer_unit_id, year).await?;
    let n = sqlx::query!(
        "UPDATE submissions SET status = 'sent', year = $3, number = $4, signer_deputy = $5,
                signer_name = $6, sent_by = $7, sent_at = now(), version = version + 1
         WHERE id = $1 AND version = $2 AND status = 'draft'",
        s.id,
        s.version,
        year,
        number,
        signer.is_deputy(),
        signer_name,
        by_user
    )
    .execute(&mut **tx)
    .await?;
    Ok((n.rows_affected() == 1).then_some(number))
}

/// Marks the pack of submission `id` as being built with `total` steps, unless a build started less
/// than `stale_after` ago is still running (another request or server builds it). True when this
/// caller is to build it.
pub async fn start_pack(
    db: impl PgExecutor<'_>,
    id: i64,
    total: i32,
    stale_after_secs: f64,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query!(
        "UPDATE submissions SET pack_status = 'building', pack_done = 0, pack_total = $2,
                pack_error = '', pack_started_at = now()
         WHERE id = $1 AND (pack_status <> 'building'
                            OR pack_started_at < now() - make_interval(secs => $3))",
        id,
        total,
        stale_after_secs
    )
    .execute(db)
    .await?;
    Ok(n.rows_affected() == 1)
}

/// The pack's progress: `done` of its steps.
pub async fn pack_progress(db: impl PgExecutor<'_>, id: i64, done: i32) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE submissions SET pack_done = $2 WHERE id = $1 AND pack_status = 'building'",
        id,
        done
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The pack built: document `document_id`.
pub async fn pack_ready(
    db: impl PgExecutor<'_>,
    id: i64,
    document_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE submissions SET pack_status = 'ready', pack_done = pack_total,
                pack_document_id = $2 WHERE id = $1",
        id,
        document_id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The pack could not be built, and why.
pub async fn pack_failed(db: impl PgExecutor<'_>, id: i64, error: &str) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE submissions SET pack_status = 'failed', pack_error = $2 WHERE id = $1",
        id,
        error
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Each line's documents for the pack: (line id, document id, kind, name).
pub async fn line_documents(
    db: impl PgExecutor<'_>,
    id: i64,
) -> Result<Vec<(i64, i64, String, String)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT d.line_id AS "line_id!", d.id, d.kind, d.name FROM documents d
           JOIN submission_lines sl ON sl.line_id = d.line_id
           WHERE sl.submission_id = $1 ORDER BY sl.position, sl.line_id, d.id"#,
        id
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.line_id, r.id, r.kind, r.name))
        .collect())
}

/// The higher authority's decision on some lines.
pub struct Outcome<'a> {
    pub authority: &'a str,
    pub decision_no: &'a str,
    pub decided_on: NaiveDate,
    /// (line, "awarded" or "refused")
    pub lines: &'a [(i64, &'a str)],
}

/// Records `o` on the lines still pending of sent submission `id` (at `version`), and enters the
/// awarded ones in the registry with codes from `codes` (one per line at least). The number of
/// lines recorded, or None when the submission changed meanwhile.
pub async fn record(
    tx: &mut super::Tx<'_>,
    super::keys::At { id, version }: super::keys::At,
    o: &Outcome<'_>,
    codes: &[String],
    by_user: i64,
) -> Result<Option<u64>, sqlx::Error> {
    let n = sqlx::query!(
        "UPDATE submissions SET version = version + 1 WHERE id = $1 AND version = $2 AND status = 'sent'",
        id,
        version
    )
    .execute(&mut **tx)
    .await?;
    if n.rows_affected() != 1 {
        return Ok(None);
    }
    let ids: Vec<i64> = o.lines.iter().map(|l| l.0).collect();
    let outcomes: Vec<String> = o.lines.iter().map(|l| l.1.to_string()).collect();
    let recorded = sqlx::query!(
        "UPDATE submission_lines sl SET outcome = u.outcome, authority = $4, decision_no = $5,
                decided_on = $6, recorded_by = $7, recorded_at = now()
         FROM UNNEST($2::int8[], $3::text[]) AS u(line_id, outcome)
         WHERE sl.submission_id = $1 AND sl.line_id = u.line_id AND sl.outcome = 'pending'",
        id,
        &ids,
        &outcomes,
        o.authority,
        o.decision_no,
        o.decided_on,
        by_user
    )
    .execute(&mut **tx)
    .await?
    .rows_affected();
    // the awarded lines of this decision into the registry; codes are numbered over all the
    // submission's lines, so none is used twice
    let key = (id, o.decision_no, &ids[..]);
    let entry = (o.decided_on, o.authority);
    enter(tx, key, entry, codes).await?;
    Ok(Some(recorded))
}

/// Enters the lines `key.2` of submission `key.0` awarded by decision `key.1` in the registry (a
/// record the history held for that person or unit, year and title takes the decision).
async fn enter(
    tx: &mut super::Tx<'_>,
    (id, decision_no, ids): (i64, &str, &[i64]),
    (decided_on, authority): (NaiveDate, &str),
    codes: &[String],
) -> Result<(), sqlx::Error> {
    let rows = sqlx::query!(
        "WITH l AS (
            SELECT sl.line_id, sl.outcome, sl.decision_no, l.person_id, p.unit_id, t.code, t.name_vi,
                   t.level, c.year, row_number() OVER (ORDER BY sl.position, sl.line_id) AS i,
                   CASE WHEN l.achievement IS NULL THEN 'annual' ELSE 'unexpected' END AS kind
              FROM submission_lines sl
              JOIN proposal_lines l ON l.id = sl.line_id
              JOIN proposals p ON p.id = l.proposal_id
              JOIN titles t ON t.id = l.title_id
              JOIN submissions s ON s.id = sl.submission_id
              JOIN campaigns c ON c.id = s.campaign_id
             WHERE sl.submission_id = $1)
         SELECT l.person_id, l.unit_id AS \"unit_id!\", l.code AS \"code!\", l.name_vi AS \"name_vi!\",
                l.level AS \"level!\", l.year AS \"year!\", ($2::text[])[l.i] AS \"code_v!\", l.kind AS \"kind!\"
           FROM l
          WHERE l.outcome = 'awarded' AND l.decision_no = $3 AND l.line_id = ANY($4::int8[])",
        id,
        codes,
        decision_no,
        ids
    )
    .fetch_all(&mut **tx)
    .await?;
    for r in rows {
        if let Some(person) = r.person_id {
            sqlx::query!(
                "INSERT INTO award_history (year, person_id, title_code, title_name, decision_no,
                        decided_on, issuer, source, submission_id, level, verification_code, kind)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 'app', $8, $9, $10, $11)
                 ON CONFLICT (person_id, year, title_code) WHERE person_id IS NOT NULL DO UPDATE
                    SET decision_no = EXCLUDED.decision_no, decided_on = EXCLUDED.decided_on,
                        issuer = EXCLUDED.issuer, source = 'app', submission_id = EXCLUDED.submission_id,
                        level = EXCLUDED.level, kind = EXCLUDED.kind,
                        verification_code = coalesce(award_history.verification_code, EXCLUDED.verification_code)",
                r.year, person, r.code, r.name_vi, decision_no, decided_on, authority, id, r.level, r.code_v, r.kind
            )
            .execute(&mut **tx)
            .await?;
        } else {
            sqlx::query!(
                "INSERT INTO award_history (year, unit_id, title_code, title_name, decision_no,
                        decided_on, issuer, source, submission_id, level, verification_code, kind)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 'app', $8, $9, $10, $11)
                 ON CONFLICT (unit_id, year, title_code) WHERE unit_id IS NOT NULL DO UPDATE
                    SET decision_no = EXCLUDED.decision_no, decided_on = EXCLUDED.decided_on,
                        issuer = EXCLUDED.issuer, source = 'app', submission_id = EXCLUDED.submission_id,
                        level = EXCLUDED.level, kind = EXCLUDED.kind,
                        verification_code = coalesce(award_history.verification_code, EXCLUDED.verification_code)",
                r.year, r.unit_id, r.code, r.name_vi, decision_no, decided_on, authority, id, r.level, r.code_v, r.kind
            )
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

/// Records that the Office sends draft `id` (still at `version`) without the papers `missing`
/// lists; false when it changed or was sent meanwhile.
pub async fn confirm_missing(
    db: impl PgExecutor<'_>,
    super::keys::At { id, version }: super::keys::At,
    missing: &str,
    by_user: i64,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query!(
        "UPDATE submissions SET missing_confirmed = $3, missing_confirmed_by = $4,
                missing_confirmed_at = now(), version = version + 1
          WHERE id = $1 AND version = $2 AND status = 'draft'",
        id,
        version,
        missing,
        by_user
    )
    .execute(db)
    .await?;
    Ok(n.rows_affected() == 1)
}
