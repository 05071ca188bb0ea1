//! Registrations (đăng ký thi đua): a person's or a unit's, with commitments and initiatives;
//! reopenings; coverage counts.

use crate::domain::campaign::{Commitment, Initiative, RegStatus};
pub use crate::domain::rows::{CampaignInitiative, MemberRow};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Value, json};
use sqlx::{PgExecutor, Postgres, Transaction};

super::numbered::status_column!(RegStatus, "registration status");

#[derive(Clone, Debug, serde::Deserialize)]
pub struct RegRow {
    pub id: i64,
    pub campaign_id: i64,
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    pub unit_id: i64,
    pub unit_name: String,
    pub unit_path: String,
    pub title_id: Option<i64>,
    pub title_code: Option<String>,
    pub title_vi: Option<String>,
    pub title_en: Option<String>,
    pub status: RegStatus,
    pub submitted_at: Option<DateTime<Utc>>,
    pub late: bool,
    pub reviewed_by_name: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub review_comment: String,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

// Each lookup is a query of its own with fixed conditions, so that PostgreSQL keeps one plan for
// it. (One query with optional filters, `$1 IS NULL OR ...`, was planned again on every call, for
// about a third of the database's time in a form post.)

fn decode<T: serde::de::DeserializeOwned>(v: Value) -> Result<T, sqlx::Error> {
    serde_json::from_value(v).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

pub async fn get(db: impl PgExecutor<'_>, id: i64) -> Result<Option<RegRow>, sqlx::Error> {
    let row = sqlx::query_scalar!(
        r#"SELECT to_jsonb(v) AS "row!" FROM registration_rows v WHERE v.id = $1"#,
        id
    )
    .fetch_optional(db)
    .await?;
    row.map(decode).transpose()
}

pub async fn for_person(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
    person_id: i64,
) -> Result<Option<RegRow>, sqlx::Error> {
    let row = sqlx::query_scalar!(
        r#"SELECT to_jsonb(v) AS "row!" FROM registration_rows v
           WHERE v.campaign_id = $1 AND v.person_id = $2"#,
        campaign_id,
        person_id
    )
    .fetch_optional(db)
    .await?;
    row.map(decode).transpose()
}

/// The unit's own (collective) registration.
pub async fn for_unit(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
    unit_id: i64,
) -> Result<Option<RegRow>, sqlx::Error> {
    let row = sqlx::query_scalar!(
        r#"SELECT to_jsonb(v) AS "row!" FROM registration_rows v
           WHERE v.campaign_id = $1 AND v.unit_id = $2 AND v.person_id IS NULL
           LIMIT 1"#,
        campaign_id,
        unit_id
    )
    .fetch_optional(db)
    .await?;
    row.map(decode).transpose()
}

/// A person's registration with its commitments and initiatives, and the reopening deadlines that
/// apply to them (theirs, or a unit's above `unit_path`), in one round trip.
#[derive(Clone)]
pub struct Full {
    pub reg: Option<RegRow>,
    pub commitments: Vec<CommitmentRow>,
    pub initiatives: Vec<InitiativeRow>,
    pub reopenings: Vec<NaiveDate>,
}

impl Full {
    /// The saved content as [`content_json`] writes it (an audit entry's "before").
    pub fn content_json(&self) -> Value {
        let commitments: Vec<Commitment> = self
            .commitments
            .iter()
            .map(|c| Commitment {
                target: c.target.clone(),
                measure: c.measure.clone(),
            })
            .collect();
        let initiatives: Vec<Initiative> = self
            .initiatives
            .iter()
            .map(|i| Initiative {
                title: i.title.clone(),
                field: i.field.clone(),
                expected_benefit: i.expected_benefit.clone(),
                coauthors: i.coauthors.iter().map(|c| c.0).collect(),
            })
            .collect();
        let reg = self.reg.as_ref();
        content_json(
            reg.and_then(|r| r.title_code.as_deref()),
            reg.map(|r| r.status),
            &commitments,
            &initiatives,
        )
    }
}

pub async fn for_person_full(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
    person_id: i64,
    unit_path: &str,
) -> Result<Full, sqlx::Error> {
    let r = sqlx::query!(
        r#"WITH reg AS (SELECT * FROM registration_rows v WHERE v.campaign_id = $1 AND v.person_id = $2)
           SELECT (SELECT to_jsonb(reg) FROM reg) AS "reg?",
             (SELECT coalesce(json_agg(json_build_object('position', c.position, 'target', c.target,
                       'measure', c.measure, 'progress', c.progress, 'progress_note', c.progress_note,
                       'progress_at', c.progress_at) ORDER BY c.position), '[]'::json)
                FROM registration_commitments c JOIN reg ON c.registration_id = reg.id) AS "commitments!",
             (SELECT coalesce(json_agg(json_build_object('id', i.id, 'position', i.position, 'title', i.title,
                       'field', i.field, 'expected_benefit', i.expected_benefit,
                       'coauthors', (SELECT coalesce(json_agg(json_build_array(p.id, p.full_name)
                                                              ORDER BY p.given_name, p.full_name), '[]'::json)
                                     FROM initiative_coauthors a JOIN people p ON p.id = a.person_id
                                     WHERE a.initiative_id = i.id)) ORDER BY i.position), '[]'::json)
                FROM registered_initiatives i JOIN reg ON i.registration_id = reg.id) AS "initiatives!",
             (SELECT coalesce(array_agg(o.until), '{}') FROM registration_reopenings o
                LEFT JOIN units ou ON ou.id = o.unit_id
               WHERE o.campaign_id = $1
                 AND (o.person_id = $2 OR (o.unit_id IS NOT NULL AND $3 LIKE ou.path || '%'))) AS "reopenings!""#,
        campaign_id,
        person_id,
        unit_path
    )
    .fetch_one(db)
    .await?;
    Ok(Full {
        reg: r.reg.map(decode).transpose()?,
        commitments: decode(r.commitments)?,
        initiatives: decode(r.initiatives)?,
        reopenings: r.reopenings,
    })
}

#[derive(Clone, Debug, serde::Deserialize)]
pub struct CommitmentRow {
    pub position: i32,
    pub target: String,
    pub measure: String,
    pub progress: Option<i32>,
    pub progress_note: String,
    pub progress_at: Option<DateTime<Utc>>,
}

pub async fn commitments(
    db: impl PgExecutor<'_>,
    reg_id: i64,
) -> Result<Vec<CommitmentRow>, sqlx::Error> {
    sqlx::query_as!(
        CommitmentRow,
        "SELECT position, target, measure, progress, progress_note, progress_at
         FROM registration_commitments WHERE registration_id = $1 ORDER BY position",
        reg_id
    )
    .fetch_all(db)
    .await
}

#[derive(Clone, Debug, serde::Deserialize)]
pub struct InitiativeRow {
    pub id: i64,
    pub position: i32,
    pub title: String,
    pub field: String,
    pub expected_benefit: String,
    /// (person id, full name)
    pub coauthors: Vec<(i64, String)>,
}

pub async fn initiatives(
    db: impl PgExecutor<'_>,
    reg_id: i64,
) -> Result<Vec<InitiativeRow>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT i.id, i.position, i.title, i.field, i.expected_benefit,
                  coalesce(array_agg(c.person_id ORDER BY p.given_name, p.full_name) FILTER (WHERE c.person_id IS NOT NULL), '{}') AS "ids!",
                  coalesce(array_agg(p.full_name::text ORDER BY p.given_name, p.full_name) FILTER (WHERE c.person_id IS NOT NULL), '{}') AS "names!"
           FROM registered_initiatives i
           LEFT JOIN initiative_coauthors c ON c.initiative_id = i.id
           LEFT JOIN people p ON p.id = c.person_id
           WHERE i.registration_id = $1
           GROUP BY i.id ORDER BY i.position"#,
        reg_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| InitiativeRow {
            id: r.id,
            position: r.position,
            title: r.title,
            field: r.field,
            expected_benefit: r.expected_benefit,
            coauthors: r.ids.into_iter().zip(r.names).collect(),
        })
        .collect())
}

/// The content of a registration as JSON (audit before/after).
pub fn content_json(
    title_code: Option<&str>,
    status: Option<RegStatus>,
    commitments: &[Commitment],
    initiatives: &[Initiative],
) -> Value {
    json!({
        "title": title_code,
        "status": status.map_or("", RegStatus::code),
        "commitments": commitments.iter().map(|c| json!({"target": c.target, "measure": c.measure})).collect::<Vec<_>>(),
        "initiatives": initiatives.iter().map(|i| json!({
            "title": i.title, "field": i.field, "expected_benefit": i.expected_benefit, "coauthors": i.coauthors
        })).collect::<Vec<_>>(),
    })
}

/// Creates an empty registration row (status draft) and returns its id and version.
pub async fn create(
    tx: &mut Transaction<'_, Postgres>,
    campaign_id: i64,
    person_id: Option<i64>,
    unit_id: i64,
) -> Result<(i64, i32), sqlx::Error> {
    let r = sqlx::query!(
        "INSERT INTO registrations (campaign_id, person_id, unit_id) VALUES ($1, $2, $3)
         RETURNING id, version",
        campaign_id,
        person_id,
        unit_id
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok((r.id, r.version))
}

/// What a save writes.
pub struct Save<'a> {
    pub title_id: Option<i64>,
    pub status: RegStatus,
    /// set `submitted_at` now (a submission) and mark it late or not
    pub submitted: Option<bool>,
    pub unit_id: i64,
    pub commitments: &'a [Commitment],
    pub initiatives: &'a [Initiative],
}

/// Saves the content if `version` is current (false: someone else saved first). Progress recorded on
/// a commitment stays with its position.
pub async fn save(
    tx: &mut Transaction<'_, Postgres>,
    id: i64,
    version: i32,
    s: &Save<'_>,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query!(
        "UPDATE registrations SET title_id = $3, status = $4, unit_id = $5,
             submitted_at = CASE WHEN $6::bool IS NULL THEN submitted_at ELSE now() END,
             late = CASE WHEN $6::bool IS NULL THEN late ELSE $6 END,
             version = version + 1, updated_at = now()
         WHERE id = $1 AND version = $2",
        id,
        version,
        s.title_id,
        s.status.code(),
        s.unit_id,
        s.submitted,
    )
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if n == 0 {
        return Ok(false);
    }
    let targets: Vec<String> = s.commitments.iter().map(|c| c.target.clone()).collect();
    let measures: Vec<String> = s.commitments.iter().map(|c| c.measure.clone()).collect();
    sqlx::query!(
        "DELETE FROM registration_commitments WHERE registration_id = $1 AND position > $2",
        id,
        targets.len() as i32
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        r#"INSERT INTO registration_commitments (registration_id, position, target, measure)
           SELECT $1, t.ord::int4, t.target, t.measure
           FROM UNNEST($2::text[], $3::text[]) WITH ORDINALITY AS t(target, measure, ord)
           ON CONFLICT (registration_id, position)
           DO UPDATE SET target = EXCLUDED.target, measure = EXCLUDED.measure"#,
        id,
        &targets,
        &measures
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "DELETE FROM registered_initiatives WHERE registration_id = $1",
        id
    )
    .execute(&mut **tx)
    .await?;
    for (i, ini) in s.initiatives.iter().enumerate() {
        let iid = sqlx::query_scalar!(
            "INSERT INTO registered_initiatives (registration_id, position, title, field, expected_benefit)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
            id,
            i as i32 + 1,
            ini.title,
            ini.field,
            ini.expected_benefit
        )
        .fetch_one(&mut **tx)
        .await?;
        sqlx::query!(
            "INSERT INTO initiative_coauthors (initiative_id, person_id)
             SELECT $1, unnest($2::int8[]) ON CONFLICT DO NOTHING",
            iid,
            &ini.coauthors
        )
        .execute(&mut **tx)
        .await?;
    }
    Ok(true)
}

/// Changes only the status (withdraw, confirm, return) if `version` is current.
pub async fn set_status(
    tx: &mut Transaction<'_, Postgres>,
    id: i64,
    version: i32,
    status: RegStatus,
    reviewer: Option<i64>,
    comment: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query!(
        "UPDATE registrations SET status = $3,
             reviewed_by = CASE WHEN $4::int8 IS NULL THEN reviewed_by ELSE $4 END,
             reviewed_at = CASE WHEN $4::int8 IS NULL THEN reviewed_at ELSE now() END,
             review_comment = coalesce($5, review_comment),
             version = version + 1, updated_at = now()
         WHERE id = $1 AND version = $2",
        id,
        version,
        status.code(),
        reviewer,
        comment
    )
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// The progress form's change and its audit entry in one statement (one round trip, atomic as a
/// statement is): the person's registration in the campaign is found by its owner and a registered
/// status, its commitments updated, and the entry written only if a row changed (with its unit's path,
/// which the audit trigger would otherwise look up). No notification is sent (migration 39). Returns how many commitments changed; 0
/// means nothing was written (no such registration, not sent, or nothing new): the caller explains.
pub async fn save_progress_audited(
    db: impl PgExecutor<'_>,
    actor: &crate::db::audit::Actor,
    campaign_id: i64,
    person_id: i64,
    statuses: &[&str],
    rows: &[(i32, Option<i32>, String)],
    summary: &str,
) -> Result<i64, sqlx::Error> {
    let positions: Vec<i32> = rows.iter().map(|r| r.0).collect();
    let progress: Vec<Option<i32>> = rows.iter().map(|r| r.1).collect();
    let notes: Vec<String> = rows.iter().map(|r| r.2.clone()).collect();
    let statuses: Vec<String> = statuses.iter().map(|s| s.to_string()).collect();
    let after = super::progress_batch::after_json(rows);
    sqlx::query_scalar!(
        r#"WITH reg AS (
             SELECT r.id, u.path FROM registrations r LEFT JOIN units u ON u.id = r.unit_id
              WHERE r.campaign_id = $1 AND r.person_id = $2 AND r.status = ANY($3::text[])),
           upd AS (
             UPDATE registration_commitments c SET progress = t.progress, progress_note = t.note,
                    progress_at = now()
               FROM reg, UNNEST($4::int4[], $5::int4[], $6::text[]) AS t(pos, progress, note)
              WHERE c.registration_id = reg.id AND c.position = t.pos
                AND (c.progress IS DISTINCT FROM t.progress OR c.progress_note <> t.note)
             RETURNING c.registration_id),
           entry AS (
             INSERT INTO audit_log (actor_user_id, actor_username, action, entity, entity_id, summary, after, ip, unit_path)
             SELECT $7, $8, 'progress', 'registration', reg.id::text, $9, $10, $11, reg.path FROM reg
              WHERE EXISTS (SELECT 1 FROM upd)
             RETURNING id)
           SELECT (SELECT count(*) FROM upd) + 0 * (SELECT count(*) FROM entry) AS "changed!""#,
        campaign_id,
        person_id,
        &statuses,
        &positions,
        &progress as &[Option<i32>],
        &notes,
        actor.user_id,
        actor.username,
        summary,
        after,
        actor.ip
    )
    .fetch_one(db)
    .await
}

/// Reopening deadlines that apply to a person in the unit at `unit_path` (theirs, or a unit's above).
pub async fn reopenings_for(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
    person_id: Option<i64>,
    unit_path: &str,
) -> Result<Vec<NaiveDate>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT o.until FROM registration_reopenings o LEFT JOIN units u ON u.id = o.unit_id
           WHERE o.campaign_id = $1
             AND (($2::int8 IS NOT NULL AND o.person_id = $2) OR (o.unit_id IS NOT NULL AND $3 LIKE u.path || '%'))"#,
        campaign_id,
        person_id,
        unit_path
    )
    .fetch_all(db)
    .await
}

pub struct ReopeningRow {
    pub id: i64,
    pub unit_name: Option<String>,
    pub person_name: Option<String>,
    pub until: NaiveDate,
    pub reason: String,
    pub by_name: Option<String>,
    pub at: DateTime<Utc>,
}

pub async fn reopenings(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
) -> Result<Vec<ReopeningRow>, sqlx::Error> {
    sqlx::query_as!(
        ReopeningRow,
        r#"SELECT o.id, u.name::text AS unit_name, p.full_name::text AS person_name, o.until, o.reason,
                  a.display_name AS "by_name?", o.at
           FROM registration_reopenings o
           LEFT JOIN units u ON u.id = o.unit_id
           LEFT JOIN people p ON p.id = o.person_id
           LEFT JOIN users a ON a.id = o.by_user
           WHERE o.campaign_id = $1 ORDER BY o.at DESC"#,
        campaign_id
    )
    .fetch_all(db)
    .await
}

pub async fn add_reopening(
    tx: &mut Transaction<'_, Postgres>,
    campaign_id: i64,
    unit_id: Option<i64>,
    person_id: Option<i64>,
    until: NaiveDate,
    reason: &str,
    user_id: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO registration_reopenings (campaign_id, unit_id, person_id, until, reason, by_user)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        campaign_id,
        unit_id,
        person_id,
        until,
        reason,
        user_id
    )
    .fetch_one(&mut **tx)
    .await
}

#[allow(clippy::too_many_arguments)]
/// Active people under any of the LIKE patterns `scope` (and in the subtree `unit_path` if given) with
/// their registration, filtered by registration status ("missing" = none sent) and title code, in
/// name order. The number of matches comes from the counters ([`unit_counts`]) or [`count_members`].
pub async fn members(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
    scope: &[String],
    unit_path: Option<&str>,
    status: Option<&str>,
    title_code: Option<&str>,
    limit: i64,
    offset: i64,
) -> Result<Vec<MemberRow>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT p.id AS person_id, p.full_name::text AS "full_name!", p.position, p.unit_id,
                  u.name::text AS "unit_name!", r.id AS "reg_id?", r.status AS "status?: RegStatus",
                  t.code AS "title_code?", t.name_vi AS "title_vi?", t.name_en AS "title_en?",
                  r.submitted_at AS "submitted_at?", r.late AS "late?",
                  (SELECT round(avg(c.progress))::int4 FROM registration_commitments c
                    WHERE c.registration_id = r.id) AS "progress?"
           FROM people p
           JOIN units u ON u.id = p.unit_id
           LEFT JOIN registrations r ON r.campaign_id = $1 AND r.person_id = p.id
           LEFT JOIN titles t ON t.id = r.title_id
           WHERE p.active AND u.path LIKE ANY($2)
             AND ($3::text IS NULL OR u.path LIKE $3 || '%')
             AND ($4::text IS NULL
                  OR ($4 = 'missing' AND (r.id IS NULL OR r.status IN ('draft', 'withdrawn')))
                  OR r.status = $4)
             AND ($5::text IS NULL OR t.code = $5)
           ORDER BY p.given_name, p.full_name, p.id
           LIMIT $6 OFFSET $7"#,
        campaign_id,
        scope,
        unit_path,
        status,
        title_code,
        limit,
        offset
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| MemberRow {
            person_id: r.person_id,
            full_name: r.full_name,
            position: r.position,
            unit_id: r.unit_id,
            unit_name: r.unit_name,
            reg_id: r.reg_id,
            status: r.status,
            title_code: r.title_code,
            title_vi: r.title_vi,
            title_en: r.title_en,
            submitted_at: r.submitted_at,
            late: r.late,
            progress: r.progress,
        })
        .collect())
}

/// The number of rows [`members`] would give without paging (used when the counters cannot answer:
/// a title filter).
pub async fn count_members(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
    scope: &[String],
    unit_path: Option<&str>,
    status: Option<&str>,
    title_code: Option<&str>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!"
           FROM people p
           JOIN units u ON u.id = p.unit_id
           LEFT JOIN registrations r ON r.campaign_id = $1 AND r.person_id = p.id
           LEFT JOIN titles t ON t.id = r.title_id
           WHERE p.active AND u.path LIKE ANY($2)
             AND ($3::text IS NULL OR u.path LIKE $3 || '%')
             AND ($4::text IS NULL
                  OR ($4 = 'missing' AND (r.id IS NULL OR r.status IN ('draft', 'withdrawn')))
                  OR r.status = $4)
             AND ($5::text IS NULL OR t.code = $5)"#,
        campaign_id,
        scope,
        unit_path,
        status,
        title_code
    )
    .fetch_one(db)
    .await
}

pub use crate::domain::coverage::UnitCounts;

/// In no particular order: sorting 28 names with the ICU collation took most of the query's time;
/// callers order them with the directory's collation ranks (see `web::reviews::coverage::in_unit_order`).
pub async fn unit_counts(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
    scope: &[String],
) -> Result<Vec<UnitCounts>, sqlx::Error> {
    sqlx::query_as!(
        UnitCounts,
        r#"SELECT u.id AS unit_id, u.code, u.name::text AS "name!", u.path, u.depth,
                  u.active_people::int8 AS "people!",
                  coalesce(sum(c.n) FILTER (WHERE c.status = 'submitted'), 0)::int8 AS "submitted!",
                  coalesce(sum(c.n) FILTER (WHERE c.status = 'returned'), 0)::int8 AS "returned!",
                  coalesce(sum(c.n) FILTER (WHERE c.status = 'confirmed'), 0)::int8 AS "confirmed!",
                  coalesce(sum(c.n) FILTER (WHERE c.status = 'draft'), 0)::int8 AS "draft!",
                  coalesce(sum(c.n) FILTER (WHERE c.status = 'withdrawn'), 0)::int8 AS "withdrawn!",
                  cr.status AS "collective_status?: RegStatus", cr.id AS "collective_id?"
           FROM units u
           LEFT JOIN registration_counts c ON c.campaign_id = $1 AND c.unit_id = u.id
           LEFT JOIN registrations cr ON cr.campaign_id = $1 AND cr.unit_id = u.id AND cr.person_id IS NULL
           WHERE u.path LIKE ANY($2) AND (u.valid_to IS NULL OR u.valid_to >= current_date)
           GROUP BY u.id, cr.id"#,
        campaign_id,
        scope
    )
    .fetch_all(db)
    .await
}

/// Registered initiatives of a campaign under the LIKE patterns `scope`, matching the folded words.
pub async fn campaign_initiatives(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
    scope: &[String],
    words: &[String],
) -> Result<Vec<CampaignInitiative>, sqlx::Error> {
    sqlx::query_as!(
        CampaignInitiative,
        r#"SELECT i.id, i.title, i.field, i.expected_benefit, p.full_name::text AS "author!",
                  u.name::text AS "unit_name!", r.status,
                  (SELECT g.level FROM initiative_recognitions g WHERE g.registered_initiative_id = i.id
                   ORDER BY g.decided_on DESC LIMIT 1) AS "recognised?",
                  coalesce(array_agg(cp.full_name::text ORDER BY cp.given_name) FILTER (WHERE cp.id IS NOT NULL), '{}') AS "coauthors!"
           FROM registered_initiatives i
           JOIN registrations r ON r.id = i.registration_id
           JOIN people p ON p.id = r.person_id
           JOIN units u ON u.id = r.unit_id
           LEFT JOIN initiative_coauthors c ON c.initiative_id = i.id
           LEFT JOIN people cp ON cp.id = c.person_id
           WHERE r.campaign_id = $1 AND u.path LIKE ANY($2)
             AND r.status IN ('submitted', 'returned', 'confirmed')
             AND i.search_text LIKE ALL($3)
           GROUP BY i.id, p.id, u.id, r.id
           ORDER BY u.name, p.given_name, i.position"#,
        campaign_id,
        scope,
        words
    )
    .fetch_all(db)
    .await
}
