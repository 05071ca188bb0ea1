//! The units' review meetings (bình xét): the meeting, each member's attendance, proposed title and
//! vote, and the unit's own collective title.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgExecutor;

#[derive(Clone, Debug)]
pub struct Review {
    pub id: i64,
    pub campaign_id: i64,
    pub unit_id: i64,
    pub held_on: Option<NaiveDate>,
    pub held_at: String,
    /// when it closed ("16 giờ 00")
    pub ended_at: String,
    pub place: String,
    pub chair_id: Option<i64>,
    pub secretary_id: Option<i64>,
    pub voting: String,
    pub collective_title_id: Option<i64>,
    pub collective_for: Option<i32>,
    pub collective_against: Option<i32>,
    pub collective_abstain: Option<i32>,
    pub discussion: String,
    pub minutes_document_id: Option<i64>,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

/// The review of unit `unit_id` in campaign `campaign_id`, if one was recorded.
pub async fn get(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
    unit_id: i64,
) -> Result<Option<Review>, sqlx::Error> {
    sqlx::query_as!(
        Review,
        "SELECT id, campaign_id, unit_id, held_on, held_at, ended_at, place, chair_id, secretary_id, voting,
                collective_title_id, collective_for, collective_against, collective_abstain,
                discussion, minutes_document_id, version, updated_at
         FROM unit_reviews WHERE campaign_id = $1 AND unit_id = $2",
        campaign_id,
        unit_id
    )
    .fetch_optional(db)
    .await
}

#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub person_id: i64,
    pub present: bool,
    pub absence_reason: String,
    pub title_id: Option<i64>,
    pub votes_for: Option<i32>,
    pub votes_against: Option<i32>,
    pub votes_abstain: Option<i32>,
}

/// The members as the meeting recorded them.
pub async fn members(db: impl PgExecutor<'_>, review_id: i64) -> Result<Vec<Member>, sqlx::Error> {
    sqlx::query_as!(
        Member,
        "SELECT person_id, present, absence_reason, title_id, votes_for, votes_against, votes_abstain
         FROM review_members WHERE review_id = $1",
        review_id
    )
    .fetch_all(db)
    .await
}

/// What the head saves of a meeting.
pub struct Meeting<'a> {
    pub held_on: Option<NaiveDate>,
    pub held_at: &'a str,
    pub ended_at: &'a str,
    pub place: &'a str,
    pub chair_id: Option<i64>,
    pub secretary_id: Option<i64>,
    pub voting: &'a str,
    pub collective_title_id: Option<i64>,
    pub collective: [Option<i32>; 3],
    pub discussion: &'a str,
}

/// Records the meeting of a unit: creates the review (`version` 0: none was read) or updates it if
/// still at `version`. `None` when the form was stale (someone else saved first).
pub async fn save(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
    unit_id: i64,
    version: i32,
    m: &Meeting<'_>,
    by_user: i64,
) -> Result<Option<i64>, sqlx::Error> {
    if version == 0 {
        return sqlx::query_scalar!(
            "INSERT INTO unit_reviews (campaign_id, unit_id, held_on, held_at, place, chair_id,
                 secretary_id, voting, collective_title_id, collective_for, collective_against,
                 collective_abstain, discussion, created_by, ended_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
             ON CONFLICT (campaign_id, unit_id) DO NOTHING RETURNING id",
            campaign_id,
            unit_id,
            m.held_on,
            m.held_at,
            m.place,
            m.chair_id,
            m.secretary_id,
            m.voting,
            m.collective_title_id,
            m.collective[0],
            m.collective[1],
            m.collective[2],
            m.discussion,
            by_user,
            m.ended_at
        )
        .fetch_optional(db)
        .await;
    }
    sqlx::query_scalar!(
        "UPDATE unit_reviews SET held_on = $4, held_at = $5, place = $6, chair_id = $7,
             secretary_id = $8, voting = $9, collective_title_id = $10, collective_for = $11,
             collective_against = $12, collective_abstain = $13, discussion = $14,
             ended_at = $15, version = version + 1, updated_at = now()
         WHERE campaign_id = $1 AND unit_id = $2 AND version = $3 RETURNING id",
        campaign_id,
        unit_id,
        version,
        m.held_on,
        m.held_at,
        m.place,
        m.chair_id,
        m.secretary_id,
        m.voting,
        m.collective_title_id,
        m.collective[0],
        m.collective[1],
        m.collective[2],
        m.discussion,
        m.ended_at
    )
    .fetch_optional(db)
    .await
}

/// Records `rows` (the members of one page) in review `id`, whose unit's members are now
/// `members`: the page's rows replace theirs, a member without a record gets the default one (present,
/// no title), and the records of those no longer members go.
pub async fn set_members(
    tx: &mut super::Tx<'_>,
    id: i64,
    rows: &[Member],
    members: &[i64],
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "DELETE FROM review_members WHERE review_id = $1 AND NOT person_id = ANY($2)",
        id,
        members
    )
    .execute(&mut **tx)
    .await?;
    let col = |f: fn(&Member) -> Option<i32>| rows.iter().map(f).collect::<Vec<_>>();
    sqlx::query!(
        "INSERT INTO review_members (review_id, person_id, present, absence_reason, title_id,
             votes_for, votes_against, votes_abstain)
         SELECT $1::int8, p, pr, r, t, vf, va, vb
         FROM UNNEST($2::int8[], $3::bool[], $4::text[], $5::int8[], $6::int4[], $7::int4[], $8::int4[])
              AS x(p, pr, r, t, vf, va, vb)
         UNION ALL
         SELECT $1::int8, m, true, '', NULL, NULL, NULL, NULL FROM UNNEST($9::int8[]) AS m
         WHERE NOT m = ANY($2)
         ON CONFLICT (review_id, person_id) DO UPDATE SET present = EXCLUDED.present,
             absence_reason = EXCLUDED.absence_reason, title_id = EXCLUDED.title_id,
             votes_for = EXCLUDED.votes_for, votes_against = EXCLUDED.votes_against,
             votes_abstain = EXCLUDED.votes_abstain
         WHERE review_members.person_id = ANY($2)",
        id,
        &rows.iter().map(|m| m.person_id).collect::<Vec<_>>(),
        &rows.iter().map(|m| m.present).collect::<Vec<_>>(),
        &rows
            .iter()
            .map(|m| m.absence_reason.clone())
            .collect::<Vec<_>>(),
        &rows.iter().map(|m| m.title_id).collect::<Vec<_>>() as &[Option<i64>],
        &col(|m| m.votes_for) as &[Option<i32>],
        &col(|m| m.votes_against) as &[Option<i32>],
        &col(|m| m.votes_abstain) as &[Option<i32>],
        members,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Sets the review's signed minutes to document `doc` (bumping the version).
pub async fn set_minutes_document(
    db: impl PgExecutor<'_>,
    id: i64,
    doc: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE unit_reviews SET minutes_document_id = $2, version = version + 1, updated_at = now()
         WHERE id = $1",
        id,
        doc
    )
    .execute(db)
    .await?;
    Ok(())
}

/// A unit's line in the list of reviews: whether it met, when, how many were proposed, and its
/// proposal's status.
pub struct ReviewLine {
    pub unit_id: i64,
    pub unit_name: String,
    pub depth: i32,
    pub held_on: Option<NaiveDate>,
    pub proposed: i64,
    pub signed: bool,
    pub proposal_id: Option<i64>,
    pub proposal_status: Option<String>,
}

/// The units under the issuer (`issuer_path`, not the issuer itself) inside `patterns`, in tree
/// order, with their review and proposal in campaign `campaign_id`.
pub async fn list(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
    issuer_path: &str,
    patterns: &[String],
) -> Result<Vec<ReviewLine>, sqlx::Error> {
    sqlx::query_as!(
        ReviewLine,
        r#"SELECT u.id AS unit_id, u.name::text AS "unit_name!", u.depth, r.held_on,
                  (SELECT count(*) FROM review_members m WHERE m.review_id = r.id AND m.title_id IS NOT NULL) AS "proposed!",
                  (r.minutes_document_id IS NOT NULL) AS "signed!",
                  p.id AS "proposal_id?", p.status AS "proposal_status?"
           FROM units u
           LEFT JOIN unit_reviews r ON r.unit_id = u.id AND r.campaign_id = $1
           LEFT JOIN proposals p ON p.unit_id = u.id AND p.campaign_id = $1
           WHERE u.path LIKE $2 || '%' AND u.path <> $2 AND u.path LIKE ANY($3)
             AND (u.valid_to IS NULL OR r.id IS NOT NULL)
           ORDER BY u.path"#,
        campaign_id,
        issuer_path,
        patterns
    )
    .fetch_all(db)
    .await
}
