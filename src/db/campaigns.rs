//! Campaigns (plans), their numbered items and published versions; rule sets and titles.

use crate::domain::campaign::{Criterion, Plan, Responsibility, Stage, Timeline};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;
use sqlx::{PgExecutor, Postgres, Transaction};

/// A campaign's row: the plan's header fields and its state.
#[derive(Clone, Debug)]
pub struct CampaignRow {
    pub id: i64,
    pub issuer_unit_id: i64,
    pub issuer_unit_path: String,
    pub issuer_unit_name: String,
    pub rule_set_id: i64,
    pub rule_set_name: String,
    pub stage: String,
    pub published_at: Option<DateTime<Utc>>,
    pub amendment: i32,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
    pub plan: Plan,
}

impl CampaignRow {
    /// The council that decides the campaign's lines: its issuer's, for the plan's year.
    pub fn council(&self) -> super::keys::IssuerYear {
        super::keys::IssuerYear {
            issuer: self.issuer_unit_id,
            year: self.plan.year,
        }
    }
    pub fn manual_stage(&self) -> Stage {
        Stage::parse(&self.stage).unwrap_or(Stage::Draft)
    }
    pub fn stage_on(&self, today: NaiveDate) -> Stage {
        crate::domain::campaign::effective_stage(self.manual_stage(), &self.plan.timeline, today)
    }
}

/// A line of the campaigns list.
#[derive(Clone, Debug)]
pub struct CampaignListRow {
    pub id: i64,
    pub year: i32,
    pub kind: String,
    pub doc_number: String,
    pub doc_code: String,
    pub title: String,
    pub stage: String,
    pub issuer_unit_name: String,
    pub issuer_unit_path: String,
    pub timeline: Timeline,
    pub amendment: i32,
}

/// Campaigns whose issuer lies on `unit_path` (reaching the unit) or whose issuer is within the
/// LIKE patterns `manage` (drafts included there), newest year first.
pub async fn list(
    db: impl PgExecutor<'_>,
    unit_path: Option<&str>,
    manage: &[String],
) -> Result<Vec<CampaignListRow>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT c.id, c.year, c.kind, c.doc_number, c.doc_code, c.title, c.stage, c.amendment,
                  u.name::text AS "unit_name!", u.path AS unit_path,
                  c.registration_opens, c.registration_closes, c.midyear_review, c.proposal_deadline,
                  c.council_meeting, c.decision_date
           FROM campaigns c JOIN units u ON u.id = c.issuer_unit_id
           WHERE u.path LIKE ANY($2)
              OR (c.stage <> 'draft' AND $1::text IS NOT NULL AND $1 LIKE u.path || '%')
           ORDER BY c.year DESC, c.id DESC"#,
        unit_path,
        manage,
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CampaignListRow {
            id: r.id,
            year: r.year,
            kind: r.kind,
            doc_number: r.doc_number,
            doc_code: r.doc_code,
            title: r.title,
            stage: r.stage,
            issuer_unit_name: r.unit_name,
            issuer_unit_path: r.unit_path,
            amendment: r.amendment,
            timeline: Timeline {
                registration_opens: r.registration_opens,
                registration_closes: r.registration_closes,
                midyear_review: r.midyear_review,
                proposal_deadline: r.proposal_deadline,
                council_meeting: r.council_meeting,
                decision_date: r.decision_date,
            },
        })
        .collect())
}

pub async fn get(db: &mut sqlx::PgConnection, id: i64) -> Result<Option<CampaignRow>, sqlx::Error> {
    let Some(r) = sqlx::query!(
        r#"SELECT c.*, u.path AS unit_path, u.name::text AS "unit_name!", r.name AS rule_set_name
           FROM campaigns c JOIN units u ON u.id = c.issuer_unit_id
           JOIN rule_sets r ON r.id = c.rule_set_id
           WHERE c.id = $1"#,
        id
    )
    .fetch_optional(&mut *db)
    .await?
    else {
        return Ok(None);
    };
    let items = sqlx::query!(
        r#"SELECT section, heading, body, max_score::float8 AS max_score, weight::float8 AS weight
           FROM campaign_items WHERE campaign_id = $1 ORDER BY section, position"#,
        id
    )
    .fetch_all(&mut *db)
    .await?;
    let mut plan = Plan {
        kind: r.kind,
        year: r.year,
        starts_on: r.starts_on,
        ends_on: r.ends_on,
        doc_number: r.doc_number,
        doc_code: r.doc_code,
        parent_body: r.parent_body,
        issuer_name: r.issuer_name,
        place: r.place,
        doc_date: r.doc_date,
        title: r.title,
        legal_bases: r.legal_bases,
        introduction: r.introduction,
        theme: r.theme,
        closing: r.closing,
        recipients: r.recipients,
        signer_title: r.signer_title,
        signer_name: r.signer_name,
        timeline: Timeline {
            registration_opens: r.registration_opens,
            registration_closes: r.registration_closes,
            midyear_review: r.midyear_review,
            proposal_deadline: r.proposal_deadline,
            council_meeting: r.council_meeting,
            decision_date: r.decision_date,
        },
        ..Default::default()
    };
    for it in items {
        match it.section.as_str() {
            "content" => plan.content.push(it.body),
            "criteria_collective" => plan.criteria_collective.push(Criterion {
                body: it.body,
                max_score: it.max_score,
                weight: it.weight,
            }),
            "criteria_individual" => plan.criteria_individual.push(Criterion {
                body: it.body,
                max_score: it.max_score,
                weight: it.weight,
            }),
            _ => plan.responsibilities.push(Responsibility {
                addressee: it.heading,
                body: it.body,
            }),
        }
    }
    Ok(Some(CampaignRow {
        id: r.id,
        issuer_unit_id: r.issuer_unit_id,
        issuer_unit_path: r.unit_path,
        issuer_unit_name: r.unit_name,
        rule_set_id: r.rule_set_id,
        rule_set_name: r.rule_set_name,
        stage: r.stage,
        published_at: r.published_at,
        amendment: r.amendment,
        version: r.version,
        updated_at: r.updated_at,
        plan,
    }))
}

/// The plan as JSON (audit before/after, published versions).
pub fn plan_json(plan: &Plan) -> Value {
    serde_json::to_value(plan).unwrap_or(Value::Null)
}

async fn write_items(
    tx: &mut Transaction<'_, Postgres>,
    id: i64,
    plan: &Plan,
) -> Result<(), sqlx::Error> {
    sqlx::query!("DELETE FROM campaign_items WHERE campaign_id = $1", id)
        .execute(&mut **tx)
        .await?;
    let mut sections = Vec::new();
    let mut positions = Vec::new();
    let mut headings = Vec::new();
    let mut bodies = Vec::new();
    let mut scores: Vec<Option<f64>> = Vec::new();
    let mut weights: Vec<Option<f64>> = Vec::new();
    let mut push = |section: &str, pos: usize, heading: &str, body: &str, c: Option<&Criterion>| {
        sections.push(section.to_string());
        positions.push(pos as i32 + 1);
        headings.push(heading.to_string());
        bodies.push(body.to_string());
        scores.push(c.and_then(|c| c.max_score));
        weights.push(c.and_then(|c| c.weight));
    };
    for (i, c) in plan.content.iter().enumerate() {
        push("content", i, "", c, None);
    }
    for (i, c) in plan.criteria_collective.iter().enumerate() {
        push("criteria_collective", i, "", &c.body, Some(c));
    }
    for (i, c) in plan.criteria_individual.iter().enumerate() {
        push("criteria_individual", i, "", &c.body, Some(c));
    }
    for (i, r) in plan.responsibilities.iter().enumerate() {
        push("responsibility", i, &r.addressee, &r.body, None);
    }
    sqlx::query!(
        r#"INSERT INTO campaign_items (campaign_id, section, position, heading, body, max_score, weight)
           SELECT $1, s, p, h, b, m::numeric, w::numeric
           FROM UNNEST($2::text[], $3::int4[], $4::text[], $5::text[], $6::float8[], $7::float8[]) AS t(s, p, h, b, m, w)"#,
        id,
        &sections,
        &positions,
        &headings,
        &bodies,
        &scores as &[Option<f64>],
        &weights as &[Option<f64>],
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Creates a draft; returns its id and version. The plan's text is written by [`update`], so that the
/// list of columns is in one place.
pub async fn insert(
    tx: &mut Transaction<'_, Postgres>,
    plan: &Plan,
    issuer_unit_id: i64,
    rule_set_id: i64,
    user_id: i64,
) -> Result<(i64, i32), sqlx::Error> {
    let r = sqlx::query!(
        "INSERT INTO campaigns (issuer_unit_id, rule_set_id, kind, year, doc_code, issuer_name, place,
                                title, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         RETURNING id, version",
        issuer_unit_id,
        rule_set_id,
        plan.kind,
        plan.year,
        plan.doc_code,
        plan.issuer_name,
        plan.place,
        plan.title,
        user_id,
    )
    .fetch_one(&mut **tx)
    .await?;
    update(tx, r.id, r.version, plan, issuer_unit_id, false).await?;
    Ok((r.id, r.version + 1))
}

/// Saves a new text of the plan if `version` is still current. `amendment` increments the amendment
/// number (a published plan). Returns false when someone else saved first.
pub async fn update(
    tx: &mut Transaction<'_, Postgres>,
    id: i64,
    version: i32,
    plan: &Plan,
    issuer_unit_id: i64,
    amendment: bool,
) -> Result<bool, sqlx::Error> {
    let t = &plan.timeline;
    let n = sqlx::query!(
        r#"UPDATE campaigns SET issuer_unit_id = $3, kind = $4, year = $5, starts_on = $6, ends_on = $7,
               doc_number = $8, doc_code = $9, parent_body = $10, issuer_name = $11, place = $12,
               doc_date = $13, title = $14, legal_bases = $15, introduction = $16, theme = $17,
               closing = $18, recipients = $19, signer_title = $20, signer_name = $21,
               registration_opens = $22, registration_closes = $23, midyear_review = $24,
               proposal_deadline = $25, council_meeting = $26, decision_date = $27,
               amendment = amendment + CASE WHEN $28 THEN 1 ELSE 0 END,
               version = version + 1, updated_at = now()
           WHERE id = $1 AND version = $2"#,
        id,
        version,
        issuer_unit_id,
        plan.kind,
        plan.year,
        plan.starts_on,
        plan.ends_on,
        plan.doc_number,
        plan.doc_code,
        plan.parent_body,
        plan.issuer_name,
        plan.place,
        plan.doc_date,
        plan.title,
        plan.legal_bases,
        plan.introduction,
        plan.theme,
        plan.closing,
        plan.recipients,
        plan.signer_title,
        plan.signer_name,
        t.registration_opens,
        t.registration_closes,
        t.midyear_review,
        t.proposal_deadline,
        t.council_meeting,
        t.decision_date,
        amendment,
    )
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if n == 0 {
        return Ok(false);
    }
    write_items(tx, id, plan).await?;
    Ok(true)
}

/// Records a published text: amendment 0 at publication, then one per amendment.
pub async fn record_version(
    tx: &mut Transaction<'_, Postgres>,
    id: i64,
    amendment: i32,
    reason: &str,
    plan: &Plan,
    user_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO campaign_versions (campaign_id, amendment, reason, snapshot, by_user)
         VALUES ($1, $2, $3, $4, $5)",
        id,
        amendment,
        reason,
        plan_json(plan),
        user_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Publishes a draft if `version` is current; false otherwise.
pub async fn publish(
    tx: &mut Transaction<'_, Postgres>,
    id: i64,
    version: i32,
    user_id: i64,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query!(
        "UPDATE campaigns SET stage = 'published', published_at = now(), published_by = $3,
             version = version + 1, updated_at = now()
         WHERE id = $1 AND version = $2 AND stage = 'draft'",
        id,
        version,
        user_id
    )
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// Sets the stage by hand if `version` is current.
pub async fn set_stage(
    tx: &mut Transaction<'_, Postgres>,
    id: i64,
    version: i32,
    stage: Stage,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query!(
        "UPDATE campaigns SET stage = $3, version = version + 1, updated_at = now()
         WHERE id = $1 AND version = $2 AND stage <> 'draft'",
        id,
        version,
        stage.code()
    )
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// Deletes a draft (never a published plan). True if deleted.
/// Every rule set, newest first: (id, name, effective from, effective to).
pub async fn rule_set_options(
    db: impl PgExecutor<'_>,
) -> Result<Vec<(i64, String, NaiveDate, Option<NaiveDate>)>, sqlx::Error> {
    Ok(sqlx::query!(
        "SELECT id, name, effective_from, effective_to FROM rule_sets ORDER BY effective_from DESC, id"
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| (r.id, r.name, r.effective_from, r.effective_to))
    .collect())
}

pub async fn rule_set_name(
    db: impl PgExecutor<'_>,
    id: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!("SELECT name FROM rule_sets WHERE id = $1", id)
        .fetch_optional(db)
        .await
}

/// Judges campaign `id` under another rule set, if it is still at `version`.
pub async fn set_rule_set(
    db: impl PgExecutor<'_>,
    id: i64,
    version: i32,
    rule_set_id: i64,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query_scalar!(
        "UPDATE campaigns SET rule_set_id = $3, version = version + 1, updated_at = now()
         WHERE id = $1 AND version = $2 RETURNING id",
        id,
        version,
        rule_set_id
    )
    .fetch_optional(db)
    .await?
    .is_some())
}

/// The version of campaign `id`, if it exists.
pub async fn version_of(db: impl PgExecutor<'_>, id: i64) -> Result<Option<i32>, sqlx::Error> {
    sqlx::query_scalar!("SELECT version FROM campaigns WHERE id = $1", id)
        .fetch_optional(db)
        .await
}

/// Deletes a draft nobody registered for, if it is still at `version` (the one the user saw).
pub async fn delete_draft(
    tx: &mut Transaction<'_, Postgres>,
    id: i64,
    version: i32,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query!(
        "DELETE FROM campaigns WHERE id = $1 AND version = $2 AND stage = 'draft'
           AND NOT EXISTS (SELECT 1 FROM registrations r WHERE r.campaign_id = $1)",
        id,
        version
    )
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(n == 1)
}

pub struct VersionRow {
    pub amendment: i32,
    pub reason: String,
    pub by_name: Option<String>,
    pub at: DateTime<Utc>,
}

pub async fn versions(db: impl PgExecutor<'_>, id: i64) -> Result<Vec<VersionRow>, sqlx::Error> {
    sqlx::query_as!(
        VersionRow,
        r#"SELECT v.amendment, v.reason, u.display_name AS "by_name?", v.at
           FROM campaign_versions v LEFT JOIN users u ON u.id = v.by_user
           WHERE v.campaign_id = $1 ORDER BY v.amendment DESC"#,
        id
    )
    .fetch_all(db)
    .await
}

/// The text of a published version.
pub async fn version_plan(
    db: impl PgExecutor<'_>,
    id: i64,
    amendment: i32,
) -> Result<Option<Plan>, sqlx::Error> {
    let v = sqlx::query_scalar!(
        "SELECT snapshot FROM campaign_versions WHERE campaign_id = $1 AND amendment = $2",
        id,
        amendment
    )
    .fetch_optional(db)
    .await?;
    Ok(v.and_then(|v| serde_json::from_value(v).ok()))
}

/// The rule set in force on 31 December of `year`, when the year's awards are decided (2025: ND 152,
/// which replaced ND 98 on 1/7/2025).
pub async fn rule_set_for_year(
    db: impl PgExecutor<'_>,
    year: i32,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT id FROM rule_sets
         WHERE effective_from <= make_date($1, 12, 31)
           AND (effective_to IS NULL OR effective_to >= make_date($1, 12, 31))
         ORDER BY effective_from DESC LIMIT 1",
        year
    )
    .fetch_optional(db)
    .await
}

#[derive(Clone, Debug)]
pub struct TitleRow {
    pub id: i64,
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub subject: String,
}

/// The titles one registers for in a rule set, for individuals or collectives.
pub async fn registrable_titles(
    db: impl PgExecutor<'_>,
    rule_set_id: i64,
    subject: &str,
) -> Result<Vec<TitleRow>, sqlx::Error> {
    sqlx::query_as!(
        TitleRow,
        "SELECT id, code, name_vi, name_en, subject FROM titles
         WHERE rule_set_id = $1 AND subject = $2 AND registrable ORDER BY position",
        rule_set_id,
        subject
    )
    .fetch_all(db)
    .await
}

/// A campaign as a home page shows it: where it stands for this user.
#[derive(Clone, Debug, serde::Deserialize)]
pub struct HomeCampaign {
    pub id: i64,
    pub title: String,
    pub year: i32,
    pub stage: String,
    pub issuer_path: String,
    pub timeline: Timeline,
    pub my_status: Option<String>,
    pub my_late: Option<bool>,
    /// sent registrations awaiting confirmation under `head_scope`
    pub pending: i64,
    /// individual registrations sent (submitted, returned, confirmed), all units
    pub registered: i64,
    /// active people under the issuing unit
    pub people: i64,
    /// registrations sent late (counted for the Office only)
    pub late: i64,
}

/// Administrators' figures about accounts.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct AccountCounts {
    pub accounts: i64,
    pub disabled: i64,
    pub must_change: i64,
    pub no_role: i64,
}

/// Everything a home page reads, in one round trip.
#[derive(Clone)]
pub struct HomeData {
    pub units: i64,
    pub people: i64,
    pub people_in_scope: i64,
    pub position: Option<String>,
    pub unit_name: Option<String>,
    pub accounts: AccountCounts,
    pub campaigns: Vec<HomeCampaign>,
}

/// What the home query is asked (also the key of the home pages' cache): the user's read scope
/// (LIKE patterns), person, unit and unit path, the campaigns they manage, the units they head,
/// whether the account figures and the campaigns are wanted.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct HomeQuery {
    pub read_scope: Vec<String>,
    pub person_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub unit_path: Option<String>,
    pub manage: Vec<String>,
    pub head_scope: Vec<String>,
    pub admin: bool,
    pub campaigns: bool,
}

#[allow(clippy::too_many_arguments)]
/// The home page's figures: units and headcounts, the user's position and unit, account figures
/// (`admin`), and the live campaigns (published, not closed) reaching the unit at `unit_path` or
/// run under `manage`, newest first, with the user's registration and the counts their roles need.
pub async fn home_data(db: impl PgExecutor<'_>, q: &HomeQuery) -> Result<HomeData, sqlx::Error> {
    // the query is the PL/pgSQL function home_data (migration 8), so that its plan is reused
    let r = sqlx::query!(
        r#"SELECT units AS "units!", people AS "people!", people_in_scope AS "people_in_scope!",
                  "position" AS "position?", unit_name AS "unit_name?", accounts AS "accounts?",
                  campaigns AS "campaigns?"
           FROM home_data($1, $2, $3, $4, $5, $6, $7, $8)"#,
        &q.read_scope,
        q.person_id,
        q.unit_id,
        q.unit_path.as_deref(),
        &q.manage,
        &q.head_scope,
        q.admin,
        q.campaigns,
    )
    .fetch_one(db)
    .await?;
    let decode = |e: serde_json::Error| sqlx::Error::Decode(Box::new(e));
    Ok(HomeData {
        units: r.units,
        people: r.people,
        people_in_scope: r.people_in_scope,
        position: r.position,
        unit_name: r.unit_name,
        accounts: match r.accounts {
            Some(v) => serde_json::from_value(v).map_err(decode)?,
            None => AccountCounts::default(),
        },
        campaigns: match r.campaigns {
            Some(v) => serde_json::from_value(v).map_err(decode)?,
            None => Vec::new(),
        },
    })
}

/// The place the newest campaign of issuer `unit_id` names ("Sóc Trăng"), if it has one.
pub async fn place_of_issuer(
    db: impl PgExecutor<'_>,
    unit_id: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT place FROM campaigns WHERE issuer_unit_id = $1 ORDER BY year DESC, id DESC LIMIT 1",
        unit_id
    )
    .fetch_optional(db)
    .await
}
