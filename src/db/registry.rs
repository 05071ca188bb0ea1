//! The award registry (award_history): a decision's lines entered when it is issued, each with a
//! verification code; the public check of a code, rate-limited per address; the registry as the API
//! lists it.

use super::keys::{At, IssuerYear};
pub use crate::domain::rows::{Listed, NationalRow};
use chrono::NaiveDate;
use sqlx::PgExecutor;

/// Issues approved decision `at.id` (still at `at.version`): keeps the signed PDF and its signature, and enters every line in
/// the registry (a record the history already held for that person or unit, year and title takes
/// the decision). `codes` are fresh verification codes, one per line at least. False when the
/// decision was issued (or changed) meanwhile.
pub async fn issue(
    tx: &mut super::Tx<'_>,
    at: At,
    (document_id, signature): (i64, &serde_json::Value),
    codes: &[String],
    by_user: i64,
) -> Result<bool, sqlx::Error> {
    if !mark_issued(tx, (at, false), (document_id, signature), by_user).await? {
        return Ok(false);
    }
    let id = at.id;
    // people, then units (each has its own unique index); the issuer as the registry names every
    // decision's: who signs it and the body in full ("Giám đốc Sở Tài nguyên và Môi trường tỉnh Sóc
    // Trăng")
    sqlx::query!(
        "WITH l AS (
            SELECT l.person_id, p.unit_id, t.code, t.name_vi, t.level, dl.amount, c.year,
                   CASE WHEN l.achievement IS NULL THEN 'annual' ELSE 'unexpected' END AS kind,
                   'Giám đốc ' || iu.name AS issuer_name,
                   row_number() OVER (ORDER BY dl.position, dl.line_id) AS i
              FROM decision_lines dl
              JOIN proposal_lines l ON l.id = dl.line_id
              JOIN proposals p ON p.id = l.proposal_id
              JOIN titles t ON t.id = l.title_id
              JOIN decisions d ON d.id = dl.decision_id
              JOIN campaigns c ON c.id = d.campaign_id
              JOIN units iu ON iu.id = d.issuer_unit_id
             WHERE dl.decision_id = $1)
         INSERT INTO award_history (year, person_id, unit_id, title_code, title_name, decision_no,
                                    decided_on, issuer, source, decision_id, level, cash, verification_code, kind)
         SELECT l.year, l.person_id, CASE WHEN l.person_id IS NULL THEN l.unit_id END, l.code, l.name_vi,
                lpad(d.number::text, 2, '0') || '/' || d.doc_code, d.decided_on, l.issuer_name, 'app',
                d.id, l.level, l.amount, ($2::text[])[l.i], l.kind
           FROM l, decisions d WHERE d.id = $1 AND l.person_id IS NOT NULL
         ON CONFLICT (person_id, year, title_code) WHERE person_id IS NOT NULL DO UPDATE
            SET decision_no = EXCLUDED.decision_no, decided_on = EXCLUDED.decided_on,
                issuer = EXCLUDED.issuer, source = 'app', decision_id = EXCLUDED.decision_id,
                level = EXCLUDED.level, cash = EXCLUDED.cash, kind = EXCLUDED.kind,
                verification_code = coalesce(award_history.verification_code, EXCLUDED.verification_code)",
        id,
        codes
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "WITH l AS (
            SELECT l.person_id, p.unit_id, t.code, t.name_vi, t.level, dl.amount, c.year,
                   CASE WHEN l.achievement IS NULL THEN 'annual' ELSE 'unexpected' END AS kind,
                   'Giám đốc ' || iu.name AS issuer_name,
                   row_number() OVER (ORDER BY dl.position, dl.line_id) AS i
              FROM decision_lines dl
              JOIN proposal_lines l ON l.id = dl.line_id
              JOIN proposals p ON p.id = l.proposal_id
              JOIN titles t ON t.id = l.title_id
              JOIN decisions d ON d.id = dl.decision_id
              JOIN campaigns c ON c.id = d.campaign_id
              JOIN units iu ON iu.id = d.issuer_unit_id
             WHERE dl.decision_id = $1)
         INSERT INTO award_history (year, person_id, unit_id, title_code, title_name, decision_no,
                                    decided_on, issuer, source, decision_id, level, cash, verification_code, kind)
         SELECT l.year, NULL, l.unit_id, l.code, l.name_vi,
                lpad(d.number::text, 2, '0') || '/' || d.doc_code, d.decided_on, l.issuer_name, 'app',
                d.id, l.level, l.amount, ($2::text[])[l.i], l.kind
           FROM l, decisions d WHERE d.id = $1 AND l.person_id IS NULL
         ON CONFLICT (unit_id, year, title_code) WHERE unit_id IS NOT NULL DO UPDATE
            SET decision_no = EXCLUDED.decision_no, decided_on = EXCLUDED.decided_on,
                issuer = EXCLUDED.issuer, source = 'app', decision_id = EXCLUDED.decision_id,
                level = EXCLUDED.level, cash = EXCLUDED.cash, kind = EXCLUDED.kind,
                verification_code = coalesce(award_history.verification_code, EXCLUDED.verification_code)",
        id,
        codes
    )
    .execute(&mut **tx)
    .await?;
    // each award takes the next line of the issuer's award register of the year
    let d = sqlx::query!(
        r#"SELECT d.issuer_unit_id, extract(year FROM d.decided_on)::int AS "year!",
                  (SELECT count(*) FROM award_history h WHERE h.decision_id = d.id)::int AS "n!"
             FROM decisions d WHERE d.id = $1"#,
        id
    )
    .fetch_one(&mut **tx)
    .await?;
    if d.n > 0 {
        let register = IssuerYear {
            issuer: d.issuer_unit_id,
            year: d.year,
        };
        let first = super::certificates::take_register_lines(tx, register, d.n).await?;
        super::certificates::number_decision(tx, id, first).await?;
    }
    Ok(true)
}

/// Issues approved decision `at.id` (still at `at.version`), which amends issued decision `amends`: keeps the signed PDF and
/// its signature; the registry entries of `amends` for the lines this one revokes leave the
/// registry (returned, for the audit log), and those of the lines it corrects name it. `None` when
/// the decision was issued (or changed) meanwhile.
pub async fn amend(
    tx: &mut super::Tx<'_>,
    (at, amends): (At, i64),
    (document_id, signature): (i64, &serde_json::Value),
    by_user: i64,
) -> Result<Option<Vec<serde_json::Value>>, sqlx::Error> {
    if !mark_issued(tx, (at, true), (document_id, signature), by_user).await? {
        return Ok(None);
    }
    let id = at.id;
    // a line's entry: the amended decision's, for the line's person (or unit), year and title
    let revoked = sqlx::query_scalar!(
        r#"DELETE FROM award_history h
           USING decision_lines dl
           JOIN proposal_lines l ON l.id = dl.line_id
           JOIN proposals p ON p.id = l.proposal_id
           JOIN titles t ON t.id = l.title_id
           WHERE dl.decision_id = $1 AND dl.revoked AND h.decision_id = $2 AND h.title_code = t.code
             AND (h.person_id = l.person_id OR (l.person_id IS NULL AND h.unit_id = p.unit_id))
           RETURNING to_jsonb(h.*) AS "entry!""#,
        id,
        amends
    )
    .fetch_all(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE award_history h SET amended_by = $1
           FROM decision_lines dl
           JOIN proposal_lines l ON l.id = dl.line_id
           JOIN proposals p ON p.id = l.proposal_id
           JOIN titles t ON t.id = l.title_id
          WHERE dl.decision_id = $1 AND NOT dl.revoked AND h.decision_id = $2 AND h.title_code = t.code
            AND (h.person_id = l.person_id OR (l.person_id IS NULL AND h.unit_id = p.unit_id))",
        id,
        amends
    )
    .execute(&mut **tx)
    .await?;
    Ok(Some(revoked))
}

/// Marks approved decision `id` (at `version`, amending another or not) issued with its signed
/// PDF and signature; false when it was issued (or changed) meanwhile.
async fn mark_issued(
    tx: &mut super::Tx<'_>,
    (At { id, version }, amending): (At, bool),
    (document_id, signature): (i64, &serde_json::Value),
    by_user: i64,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query!(
        "UPDATE decisions SET status = 'issued', signed_document_id = $3, signature = $4,
                issued_by = $5, issued_at = now(), version = version + 1
         WHERE id = $1 AND version = $2 AND status = 'approved' AND (amends_id IS NOT NULL) = $6",
        id,
        version,
        document_id,
        signature,
        by_user,
        amending
    )
    .execute(&mut **tx)
    .await?;
    Ok(n.rows_affected() == 1)
}

/// What the public page shows of an award: title, year, recipient, decision.
pub struct Verified {
    pub title_name: String,
    pub year: i32,
    pub recipient: String,
    pub decision_no: String,
    pub decided_on: Option<NaiveDate>,
    pub issuer: String,
    /// for an award of a decision issued here: whether the decision's signatures were verified at
    /// issue ("verified": the signer's chain to a trusted CA and pinned certificate; "unchecked":
    /// issued before those checks), whether it carries the organisation's signature, and the signer
    pub signature_state: Option<String>,
    pub org_signed: Option<bool>,
    pub signer: Option<String>,
}

pub async fn verify(db: impl PgExecutor<'_>, code: &str) -> Result<Option<Verified>, sqlx::Error> {
    sqlx::query_as!(
        Verified,
        r#"SELECT h.title_name, h.year, coalesce(p.full_name, u.name)::text AS "recipient!",
                  h.decision_no, h.decided_on, h.issuer,
                  CASE WHEN d.id IS NULL THEN NULL
                       WHEN d.signature->>'trusted' = 'true' THEN 'verified' ELSE 'unchecked' END AS signature_state,
                  CASE WHEN d.id IS NULL THEN NULL ELSE d.signature->'org' IS NOT NULL
                       AND d.signature->'org' <> 'null'::jsonb END AS org_signed,
                  d.signature->>'signer' AS signer
           FROM award_history h
           LEFT JOIN people p ON p.id = h.person_id
           LEFT JOIN units u ON u.id = h.unit_id
           LEFT JOIN decisions d ON d.id = h.decision_id AND d.status = 'issued'
           WHERE h.verification_code = $1"#,
        code
    )
    .fetch_optional(db)
    .await
}

/// Counts a request from `ip` in the current minute; the count so far this minute.
pub async fn hit(db: impl PgExecutor<'_>, ip: &str) -> Result<i32, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO verify_hits (ip, minute) VALUES ($1, date_trunc('minute', now()))
         ON CONFLICT (ip, minute) DO UPDATE SET n = verify_hits.n + 1 RETURNING n",
        ip
    )
    .fetch_one(db)
    .await
}

/// Forgets the counts of minutes past.
pub async fn sweep_hits(db: impl PgExecutor<'_>) -> Result<u64, sqlx::Error> {
    let n = sqlx::query!("DELETE FROM verify_hits WHERE minute < now() - interval '10 minutes'")
        .execute(db)
        .await?;
    Ok(n.rows_affected())
}

/// A registry entry as the API gives it.
#[derive(Clone, Debug)]
pub struct Entry {
    pub id: i64,
    pub year: i32,
    pub person_id: Option<i64>,
    pub unit_code: Option<String>,
    pub unit_path: String,
    pub title_code: String,
    pub kind: String,
    pub level: Option<String>,
    pub decision_no: String,
    pub decided_on: Option<NaiveDate>,
    pub issuer: String,
    pub verification_code: Option<String>,
}

/// Entries whose person's or unit's place lies under `patterns` (LIKE), filtered by year, person
/// and unit code, by year and id.
pub async fn entries(
    db: impl PgExecutor<'_>,
    patterns: &[String],
    (year, person, unit): (Option<i32>, Option<i64>, Option<&str>),
) -> Result<Vec<Entry>, sqlx::Error> {
    sqlx::query_as!(
        Entry,
        r#"SELECT h.id, h.year, h.person_id, coalesce(u.code, pu.code) AS "unit_code?", coalesce(pu.path, u.path) AS "unit_path!",
                  h.title_code, h.kind, h.level, h.decision_no, h.decided_on, h.issuer, h.verification_code
           FROM award_history h
           LEFT JOIN people p ON p.id = h.person_id
           LEFT JOIN units pu ON pu.id = p.unit_id
           LEFT JOIN units u ON u.id = h.unit_id
           WHERE coalesce(pu.path, u.path) LIKE ANY($1)
             AND ($2::int4 IS NULL OR h.year = $2) AND ($3::int8 IS NULL OR h.person_id = $3)
             AND ($4::text IS NULL OR coalesce(pu.code, u.code) = $4)
           ORDER BY h.year DESC, h.id
           LIMIT 5000"#,
        patterns,
        year,
        person,
        unit
    )
    .fetch_all(db)
    .await
}

/// What the registry page filters by: year, unit (its subtree), title code, a name (folded).
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub year: Option<i32>,
    pub unit_path: Option<String>,
    pub title: String,
    pub q: String,
}

/// The entries under `patterns` that pass `filter`, newest year first then by recipient's given
/// name; `limit` from `offset`; and how many pass in all.
pub async fn listing(
    db: &sqlx::PgPool,
    patterns: &[String],
    f: &Filter,
    super::keys::Page { limit, offset }: super::keys::Page,
) -> Result<(Vec<Listed>, i64), sqlx::Error> {
    let q = f.q.trim();
    let rows = sqlx::query_as!(
        Listed,
        r#"SELECT h.id, h.year, h.person_id, coalesce(p.full_name, u.name)::text AS "recipient!",
                  coalesce(pu.name, u.name)::text AS "unit_name!", h.title_code, h.title_name, h.kind,
                  h.level, h.decision_no, h.decided_on, h.issuer, h.cash::int8 AS cash, h.verification_code,
                  CASE WHEN d.id IS NULL THEN NULL
                       WHEN d.signature->>'trusted' = 'true' THEN 'verified' ELSE 'unchecked' END AS signature_state
           FROM award_history h
           LEFT JOIN people p ON p.id = h.person_id
           LEFT JOIN units pu ON pu.id = p.unit_id
           LEFT JOIN units u ON u.id = h.unit_id
           LEFT JOIN decisions d ON d.id = h.decision_id AND d.status = 'issued'
           WHERE coalesce(pu.path, u.path) LIKE ANY($1)
             AND ($2::int4 IS NULL OR h.year = $2)
             AND ($3::text IS NULL OR coalesce(pu.path, u.path) LIKE $3 || '%')
             AND ($4 = '' OR h.title_code = $4)
             AND ($5 = '' OR coalesce(p.search_text, thidua_fold(u.name)) LIKE '%' || thidua_fold($5) || '%')
           ORDER BY h.year DESC, p.given_name NULLS LAST, coalesce(p.full_name, u.name), h.id
           LIMIT $6 OFFSET $7"#,
        patterns,
        f.year,
        f.unit_path,
        f.title,
        q,
        limit,
        offset
    )
    .fetch_all(db)
    .await?;
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!"
           FROM award_history h
           LEFT JOIN people p ON p.id = h.person_id
           LEFT JOIN units pu ON pu.id = p.unit_id
           LEFT JOIN units u ON u.id = h.unit_id
           WHERE coalesce(pu.path, u.path) LIKE ANY($1)
             AND ($2::int4 IS NULL OR h.year = $2)
             AND ($3::text IS NULL OR coalesce(pu.path, u.path) LIKE $3 || '%')
             AND ($4 = '' OR h.title_code = $4)
             AND ($5 = '' OR coalesce(p.search_text, thidua_fold(u.name)) LIKE '%' || thidua_fold($5) || '%')"#,
        patterns,
        f.year,
        f.unit_path,
        f.title,
        q
    )
    .fetch_one(db)
    .await?;
    Ok((rows, total))
}

/// The people's awards under `patterns` that pass `f`, by unit and given name.
pub async fn national(
    db: impl PgExecutor<'_>,
    patterns: &[String],
    f: &Filter,
) -> Result<Vec<NationalRow>, sqlx::Error> {
    let q = f.q.trim();
    sqlx::query_as!(
        NationalRow,
        r#"SELECT p.employee_code, p.full_name::text AS "full_name!", p.birth_date, p.gender,
                  u.name::text AS "unit_name!", p.position, h.year, h.title_name,
                  coalesce((SELECT t.form FROM titles t WHERE t.code = h.title_code ORDER BY t.id DESC LIMIT 1),
                           'title') AS "form!",
                  h.level, h.kind, h.decision_no, h.decided_on, h.issuer, h.cash::int8 AS cash
           FROM award_history h
           JOIN people p ON p.id = h.person_id
           JOIN units u ON u.id = p.unit_id
           WHERE u.path LIKE ANY($1)
             AND ($2::int4 IS NULL OR h.year = $2)
             AND ($3::text IS NULL OR u.path LIKE $3 || '%')
             AND ($4 = '' OR h.title_code = $4)
             AND ($5 = '' OR p.search_text LIKE '%' || thidua_fold($5) || '%')
           ORDER BY u.path, p.given_name, p.full_name, p.id, h.year, h.title_code"#,
        patterns,
        f.year,
        f.unit_path,
        f.title,
        q
    )
    .fetch_all(db)
    .await
}
