//! The Department's award decisions: drafts from the lines ready for one, the register's numbers
//! taken at approval, the lines with their cash.

use crate::domain::numbered::{DecisionStatus, Kind, Signer, number_text};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgExecutor;

#[derive(Clone, Debug)]
pub struct Decision {
    pub id: i64,
    pub campaign_id: i64,
    pub issuer_unit_id: i64,
    pub status: DecisionStatus,
    pub decided_on: NaiveDate,
    pub year: Option<i32>,
    pub number: Option<i32>,
    pub doc_code: String,
    pub proposer: String,
    pub signer_deputy: bool,
    pub signer_name: String,
    pub base_salary: Option<i64>,
    pub approved_at: Option<DateTime<Utc>>,
    pub version: i32,
    pub signed_document_id: Option<i64>,
    pub signature: Option<serde_json::Value>,
    pub issued_at: Option<DateTime<Utc>>,
    /// the issued decision this one amends, and what it corrects
    pub amends_id: Option<i64>,
    pub correction: String,
    /// who drafted it, and who approved it (and signs it)
    pub created_by: Option<i64>,
    pub approved_by: Option<i64>,
    /// a deputy's approval: the basis of the signing delegation it was made under
    pub delegation_basis: Option<String>,
}

impl Decision {
    /// "05/QĐ-STNMT" (a leading zero below 10), or "     /QĐ-STNMT" before it has a number.
    pub fn number_text(&self) -> String {
        number_text(self.number, &self.doc_code)
    }
    /// Who signs (signed) it.
    pub fn signer(&self) -> Signer {
        Signer::from_deputy(self.signer_deputy)
    }
    /// Whether it is at status `s`.
    pub fn is(&self, s: DecisionStatus) -> bool {
        self.status == s
    }
}

pub async fn get(db: impl PgExecutor<'_>, id: i64) -> Result<Option<Decision>, sqlx::Error> {
    sqlx::query_as!(
        Decision,
        r#"SELECT id, campaign_id, issuer_unit_id, status AS "status: DecisionStatus", decided_on, year, number, doc_code,
                  proposer, signer_deputy, signer_name, base_salary::int8 AS base_salary,
                  approved_at, version, signed_document_id, signature, issued_at, amends_id,
                  correction, created_by, approved_by,
                  (SELECT g.basis FROM signing_delegations g WHERE g.id = delegation_id) AS delegation_basis
           FROM decisions WHERE id = $1"#,
        id
    )
    .fetch_optional(db)
    .await
}

/// The decisions of a campaign, the latest first: (id, number text, status, date, lines).
pub async fn of_campaign(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
) -> Result<Vec<(i64, String, DecisionStatus, NaiveDate, i64)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT d.id, d.number, d.doc_code, d.status AS "status: DecisionStatus", d.decided_on,
                  (SELECT count(*) FROM decision_lines l WHERE l.decision_id = d.id) AS "lines!"
           FROM decisions d WHERE d.campaign_id = $1 ORDER BY d.id DESC"#,
        campaign_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            // a draft has no number to show
            let no = match r.number {
                Some(_) => number_text(r.number, &r.doc_code),
                None => String::new(),
            };
            (r.id, no, r.status, r.decided_on, r.lines)
        })
        .collect())
}

/// The lines of notice `notice_id` ready for a decision of the Department on `today`: the notice
/// over, not withdrawn, no objection open, the title decided by the Director, in no decision yet.
pub async fn ready_lines(
    db: impl PgExecutor<'_>,
    notice_id: i64,
    today: NaiveDate,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT nl.line_id FROM notice_lines nl
           JOIN proposal_lines l ON l.id = nl.line_id
           JOIN titles t ON t.id = l.title_id
          WHERE nl.notice_id = $1 AND NOT nl.withdrawn AND nl.ends_on < $2 AND t.decided_by = 'director'
            AND NOT EXISTS (SELECT 1 FROM notice_comments c WHERE c.notice_id = nl.notice_id
                            AND c.line_id = nl.line_id AND c.kind = 'objection' AND c.outcome IS NULL)
            AND NOT EXISTS (SELECT 1 FROM decision_lines d WHERE d.line_id = nl.line_id)
          ORDER BY t.position, l.id",
        notice_id,
        today
    )
    .fetch_all(db)
    .await
}

/// A new draft.
pub struct NewDecision<'a> {
    pub campaign_id: i64,
    pub issuer_unit_id: i64,
    pub decided_on: NaiveDate,
    pub doc_code: &'a str,
    pub proposer: &'a str,
}

/// Drafts a decision of `lines` (those another draft took meanwhile left out); `None` when none
/// was left.
pub async fn create(
    tx: &mut super::Tx<'_>,
    d: &NewDecision<'_>,
    lines: &[i64],
    by_user: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let id = sqlx::query_scalar!(
        "INSERT INTO decisions (campaign_id, issuer_unit_id, decided_on, doc_code, proposer, created_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        d.campaign_id,
        d.issuer_unit_id,
        d.decided_on,
        d.doc_code,
        d.proposer,
        by_user
    )
    .fetch_one(&mut **tx)
    .await?;
    let n = sqlx::query!(
        "INSERT INTO decision_lines (decision_id, line_id, position)
         SELECT $1, x.l, x.p FROM UNNEST($2::int8[]) WITH ORDINALITY AS x(l, p)
         ON CONFLICT DO NOTHING",
        id,
        lines
    )
    .execute(&mut **tx)
    .await?;
    Ok((n.rows_affected() > 0).then_some(id))
}

/// A line of a decision: who, which title, the cash.
#[derive(Clone, Debug)]
pub struct DecisionLine {
    pub line_id: i64,
    pub person_id: Option<i64>,
    pub subject: String,
    pub unit_id: i64,
    pub unit_code: String,
    pub unit_name: String,
    pub title_code: String,
    pub title_vi: String,
    pub title_en: String,
    pub form: String,
    pub level: String,
    /// the multiple fixed at approval, or the title's while a draft
    pub cash_multiple: Option<String>,
    pub amount: Option<i64>,
    /// a line an amending decision names again, and whether it revokes the award
    pub amending: bool,
    pub revoked: bool,
    /// the person's gender code and position (none for a collective)
    pub gender: Option<String>,
    pub position: Option<String>,
    /// the exceptional achievement of an ad-hoc commendation
    pub achievement: Option<String>,
}

pub async fn lines(db: impl PgExecutor<'_>, id: i64) -> Result<Vec<DecisionLine>, sqlx::Error> {
    sqlx::query_as!(
        DecisionLine,
        r#"SELECT dl.line_id, l.person_id, coalesce(pe.full_name, u.name)::text AS "subject!",
                  u.id AS unit_id, u.code AS unit_code, u.name::text AS "unit_name!", t.code AS title_code,
                  t.name_vi AS title_vi, t.name_en AS title_en, t.form, t.level,
                  coalesce(dl.cash_multiple, t.cash_multiple)::text AS cash_multiple,
                  dl.amount::int8 AS amount, dl.amending, dl.revoked,
                  pe.gender AS "gender?", pe.position AS "position?", l.achievement
           FROM decision_lines dl
           JOIN proposal_lines l ON l.id = dl.line_id
           JOIN proposals p ON p.id = l.proposal_id
           JOIN units u ON u.id = p.unit_id
           JOIN titles t ON t.id = l.title_id
           LEFT JOIN people pe ON pe.id = l.person_id
           WHERE dl.decision_id = $1
           ORDER BY t.position, t.id, l.person_id IS NULL, u.path, pe.given_name, pe.full_name, l.id"#,
        id
    )
    .fetch_all(db)
    .await
}

/// What the Office edits on a draft: its date, the proposer, and for an amending decision what it
/// corrects and the lines it revokes.
pub struct Edit<'a> {
    pub decided_on: NaiveDate,
    pub proposer: &'a str,
    pub correction: &'a str,
    pub revoked: &'a [i64],
}

/// Changes a draft if it is still at `version`.
pub async fn update(
    tx: &mut super::Tx<'_>,
    super::keys::At { id, version }: super::keys::At,
    e: &Edit<'_>,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query!(
        "UPDATE decisions SET decided_on = $3, proposer = $4, correction = $5, version = version + 1
         WHERE id = $1 AND version = $2 AND status = 'draft'",
        id,
        version,
        e.decided_on,
        e.proposer,
        e.correction
    )
    .execute(&mut **tx)
    .await?;
    if n.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query!(
        "UPDATE decision_lines SET revoked = (line_id = ANY($2))
         WHERE decision_id = $1 AND amending",
        id,
        e.revoked
    )
    .execute(&mut **tx)
    .await?;
    Ok(true)
}

/// Drafts a decision amending issued decision `d` on `decided_on`, naming all its lines (none
/// revoked yet). Its id.
pub async fn amend(
    tx: &mut super::Tx<'_>,
    d: &Decision,
    decided_on: NaiveDate,
    by_user: i64,
) -> Result<i64, sqlx::Error> {
    let id = sqlx::query_scalar!(
        "INSERT INTO decisions (campaign_id, issuer_unit_id, decided_on, doc_code, proposer, amends_id,
                                created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        d.campaign_id,
        d.issuer_unit_id,
        decided_on,
        d.doc_code,
        d.proposer,
        d.id,
        by_user
    )
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query!(
        "INSERT INTO decision_lines (decision_id, line_id, position, amending)
         SELECT $1, line_id, position, true FROM decision_lines WHERE decision_id = $2 AND NOT amending",
        id,
        d.id
    )
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// The decisions amending decision `id`: (id, number text, status, date).
pub async fn amendments(
    db: impl PgExecutor<'_>,
    id: i64,
) -> Result<Vec<(i64, String, DecisionStatus, NaiveDate)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT id, number, doc_code, status AS "status: DecisionStatus", decided_on
           FROM decisions WHERE amends_id = $1 ORDER BY id"#,
        id
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let no = number_text(r.number, &r.doc_code);
            (r.id, no, r.status, r.decided_on)
        })
        .collect())
}

/// The base salary in force on `day` (VND), and its legal basis.
pub async fn base_salary_on(
    db: impl PgExecutor<'_>,
    day: NaiveDate,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    let r = sqlx::query!(
        r#"SELECT amount::int8 AS "amount!", legal_basis FROM base_salaries
           WHERE effective_from <= $1 ORDER BY effective_from DESC LIMIT 1"#,
        day
    )
    .fetch_optional(db)
    .await?;
    Ok(r.map(|r| (r.amount, r.legal_basis)))
}

/// The legal bases a decision under rule set `id` cites.
pub async fn bases(db: impl PgExecutor<'_>, id: i64) -> Result<String, sqlx::Error> {
    sqlx::query_scalar!("SELECT decision_bases FROM rule_sets WHERE id = $1", id)
        .fetch_one(db)
        .await
}

/// Approves draft `id` at `version`: takes the next number of the issuer's register for the
/// decision's year, fixes each line's cash at `base_salary`, and records the signer. `None` (and
/// nothing taken, once the caller rolls back) when the draft moved on.
pub async fn approve(
    tx: &mut super::Tx<'_>,
    d: &Decision,
    (signer, signer_name): (Signer, &str),
    (base_salary, rounding): (i64, crate::domain::cash::Rounding),
    by_user: i64,
) -> Result<Option<i32>, sqlx::Error> {
    use chrono::Datelike;
    let year = d.decided_on.year();
    let number = super::numbered::take_number(tx, Kind::Decision, d.issuer_unit_id, year).await?;
    let n = sqlx::query!(
        "UPDATE decisions SET status = 'approved', year = $3, number = $4, signer_deputy = $5,
                signer_name = $6, base_salary = $7::int8, approved_by = $8, approved_at = now(),
                version = version + 1
         WHERE id = $1 AND version = $2 AND status = 'draft'",
        d.id,
        d.version,
        year,
        number,
        signer.is_deputy(),
        signer_name,
        base_salary,
        by_user
    )
    .execute(&mut **tx)
    .await?;
    if n.rows_affected() != 1 {
        return Ok(None);
    }
    sqlx::query!(
        "UPDATE decision_lines dl SET cash_multiple = t.cash_multiple,
                amount = CASE WHEN $4 THEN ceil(coalesce(t.cash_multiple, 0) * $2::int8 / $3::int8)
                              ELSE round(coalesce(t.cash_multiple, 0) * $2::int8 / $3::int8) END * $3::int8
         FROM proposal_lines l JOIN titles t ON t.id = l.title_id
         WHERE dl.decision_id = $1 AND l.id = dl.line_id AND NOT dl.amending",
        d.id,
        base_salary,
        rounding.to.max(1),
        rounding.up
    )
    .execute(&mut **tx)
    .await?;
    Ok(Some(number))
}
