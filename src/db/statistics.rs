//! The year-end review's counts: per title the lines proposed and the year's awards, per unit the
//! year's awards, within scope patterns (LIKE on unit paths).

pub use crate::domain::rows::GroupStat;
use crate::domain::statistics::TitleStat;
use chrono::{DateTime, Utc};
use sqlx::PgExecutor;

/// A campaign and the year whose awards its counts set beside its lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CampaignYear {
    pub campaign: i64,
    pub year: i32,
}

/// Per title of campaign `campaign_id`'s regime: the lines units under `patterns` proposed in it
/// (any status but a draft), of those the council passed and did not pass, and the awards of `year`
/// in the registry to their people and units.
pub async fn titles(
    db: impl PgExecutor<'_>,
    CampaignYear {
        campaign: campaign_id,
        year,
    }: CampaignYear,
    patterns: &[String],
) -> Result<Vec<TitleStat>, sqlx::Error> {
    sqlx::query_as!(
        TitleStat,
        r#"WITH proposed AS (
               SELECT l.title_id, count(*) AS n,
                      count(*) FILTER (WHERE a.result = 'passed') AS passed,
                      count(*) FILTER (WHERE a.result = 'failed') AS failed
                 FROM proposal_lines l JOIN proposals p ON p.id = l.proposal_id
                 JOIN units u ON u.id = p.unit_id
                 LEFT JOIN council_agenda a ON a.line_id = l.id
                WHERE p.campaign_id = $1 AND l.status <> 'draft' AND u.path LIKE ANY($3)
                GROUP BY l.title_id),
           awarded AS (
               SELECT h.title_code, count(*) AS n
                 FROM award_history h LEFT JOIN people pe ON pe.id = h.person_id
                 JOIN units u ON u.id = coalesce(pe.unit_id, h.unit_id)
                WHERE h.year = $2 AND u.path LIKE ANY($3)
                GROUP BY h.title_code)
           SELECT t.code, t.name_vi, t.name_en, coalesce(pr.n, 0) AS "proposed!",
                  coalesce(aw.n, 0) AS "awarded!", t.decided_by,
                  coalesce(pr.passed, 0) AS "passed!", coalesce(pr.failed, 0) AS "failed!"
             FROM titles t JOIN campaigns c ON c.rule_set_id = t.rule_set_id
             LEFT JOIN proposed pr ON pr.title_id = t.id
             LEFT JOIN awarded aw ON aw.title_code = t.code
            WHERE c.id = $1
            ORDER BY t.position, t.id"#,
        campaign_id,
        year,
        patterns
    )
    .fetch_all(db)
    .await
}

/// The awards of `year` per unit path under `patterns` (a person's counted in their unit), each
/// unit's own.
pub async fn awards_by_unit(
    db: impl PgExecutor<'_>,
    year: i32,
    patterns: &[String],
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT u.path, count(*) AS "n!"
             FROM award_history h LEFT JOIN people pe ON pe.id = h.person_id
             JOIN units u ON u.id = coalesce(pe.unit_id, h.unit_id)
            WHERE h.year = $1 AND u.path LIKE ANY($2)
            GROUP BY u.path"#,
        year,
        patterns
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.path, r.n)).collect())
}

/// The active people under `patterns` by gender and employment category, with their registrations
/// sent in campaign `campaign_id` and their awards of `year`.
pub async fn by_group(
    db: impl PgExecutor<'_>,
    CampaignYear {
        campaign: campaign_id,
        year,
    }: CampaignYear,
    patterns: &[String],
) -> Result<Vec<GroupStat>, sqlx::Error> {
    sqlx::query_as!(
        GroupStat,
        r#"WITH ppl AS (
               SELECT p.id, p.gender, p.category FROM people p JOIN units u ON u.id = p.unit_id
                WHERE p.active AND u.path LIKE ANY($3)),
           reg AS (
               SELECT DISTINCT r.person_id FROM registrations r
                WHERE r.campaign_id = $1 AND r.person_id IS NOT NULL
                  AND r.status IN ('submitted', 'confirmed', 'returned')),
           aw AS (
               SELECT h.person_id, count(*) AS n FROM award_history h
                WHERE h.year = $2 AND h.person_id IS NOT NULL GROUP BY h.person_id)
           SELECT ppl.gender, ppl.category, count(*) AS "people!", count(reg.person_id) AS "registered!",
                  coalesce(sum(aw.n), 0)::int8 AS "awarded!"
             FROM ppl LEFT JOIN reg ON reg.person_id = ppl.id LEFT JOIN aw ON aw.person_id = ppl.id
            GROUP BY ppl.gender, ppl.category
            ORDER BY ppl.gender, ppl.category"#,
        campaign_id,
        year,
        patterns
    )
    .fetch_all(db)
    .await
}

/// Progress on the commitments of the registrations sent in campaign `campaign_id`, and the
/// initiatives registered with them (and how many of those were recognised), per unit path under
/// `patterns`, each unit's own: `[commitments, reported, sum of the reported percentages, at 100 %,
/// 50–99 %, below 50 %, initiatives, recognised]`.
pub async fn progress_by_unit(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
    patterns: &[String],
) -> Result<Vec<(String, [i64; 8])>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"WITH sent AS (
               SELECT r.id, u.path FROM registrations r JOIN units u ON u.id = r.unit_id
                WHERE r.campaign_id = $1 AND r.status IN ('submitted', 'confirmed', 'returned')
                  AND u.path LIKE ANY($2)),
           c AS (
               SELECT s.path, count(*) AS commitments, count(c.progress) AS reported,
                      coalesce(sum(c.progress), 0)::int8 AS progress_sum,
                      count(*) FILTER (WHERE c.progress = 100) AS done,
                      count(*) FILTER (WHERE c.progress >= 50 AND c.progress < 100) AS half,
                      count(*) FILTER (WHERE c.progress < 50) AS low
                 FROM sent s JOIN registration_commitments c ON c.registration_id = s.id
                GROUP BY s.path),
           i AS (
               SELECT s.path, count(*) AS initiatives,
                      count(*) FILTER (WHERE EXISTS (SELECT 1 FROM initiative_recognitions x
                                                      WHERE x.registered_initiative_id = i.id)) AS recognised
                 FROM sent s JOIN registered_initiatives i ON i.registration_id = s.id
                GROUP BY s.path)
           SELECT coalesce(c.path, i.path) AS "path!",
                  coalesce(c.commitments, 0) AS "commitments!", coalesce(c.reported, 0) AS "reported!",
                  coalesce(c.progress_sum, 0) AS "progress_sum!", coalesce(c.done, 0) AS "done!",
                  coalesce(c.half, 0) AS "half!", coalesce(c.low, 0) AS "low!",
                  coalesce(i.initiatives, 0) AS "initiatives!", coalesce(i.recognised, 0) AS "recognised!"
             FROM c FULL JOIN i ON i.path = c.path"#,
        campaign_id,
        patterns
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.path,
                [
                    r.commitments,
                    r.reported,
                    r.progress_sum,
                    r.done,
                    r.half,
                    r.low,
                    r.initiatives,
                    r.recognised,
                ],
            )
        })
        .collect())
}

/// One year of one unit (each unit's own, not rolled up) for the multi-year comparison.
#[derive(Clone, Debug)]
pub struct TrendRow {
    pub path: String,
    pub year: i32,
    pub registered: i64,
    pub proposed: i64,
    pub awarded: i64,
}

/// Every year up to campaign `campaign_id`'s: the registrations sent and the lines proposed in the
/// campaigns its issuer ran that year, and the awards of the year in the registry, per unit under
/// `patterns`. A unit closed into another (`merged_into_id`, followed along a chain of merges) counts
/// under the unit it ended in, so a merged unit's past is its successor's; a renamed or moved unit
/// keeps its id and counts as it is now. A registration or a proposal counts in the unit it was made
/// in, a person's award in the person's unit, a collective award in its unit.
pub async fn trends(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
    patterns: &[String],
) -> Result<Vec<TrendRow>, sqlx::Error> {
    sqlx::query_as!(
        TrendRow,
        r#"WITH RECURSIVE succ(id, target, hops) AS (
               SELECT id, id, 0 FROM units WHERE merged_into_id IS NULL
               UNION ALL
               SELECT u.id, s.target, s.hops + 1 FROM units u JOIN succ s ON u.merged_into_id = s.id
                WHERE s.hops < 64),
           issuer AS (SELECT issuer_unit_id AS id, year FROM campaigns WHERE id = $1),
           camp AS (SELECT c.id, c.year FROM campaigns c, issuer i
                     WHERE c.issuer_unit_id = i.id AND c.year <= i.year),
           reg AS (
               SELECT c.year, r.unit_id, count(*) AS n
                 FROM registrations r JOIN camp c ON c.id = r.campaign_id
                WHERE r.status IN ('submitted', 'confirmed', 'returned') GROUP BY 1, 2),
           prop AS (
               SELECT c.year, p.unit_id, count(*) AS n
                 FROM proposal_lines l JOIN proposals p ON p.id = l.proposal_id
                 JOIN camp c ON c.id = p.campaign_id
                WHERE l.status <> 'draft' GROUP BY 1, 2),
           aw AS (
               SELECT h.year, coalesce(pe.unit_id, h.unit_id) AS unit_id, count(*) AS n
                 FROM award_history h LEFT JOIN people pe ON pe.id = h.person_id, issuer i
                WHERE h.year <= i.year GROUP BY 1, 2),
           own AS (
               SELECT year, unit_id, n AS r, 0::int8 AS p, 0::int8 AS a FROM reg
               UNION ALL SELECT year, unit_id, 0, n, 0 FROM prop
               UNION ALL SELECT year, unit_id, 0, 0, n FROM aw)
           SELECT u.path, o.year AS "year!", sum(o.r)::int8 AS "registered!",
                  sum(o.p)::int8 AS "proposed!", sum(o.a)::int8 AS "awarded!"
             FROM own o JOIN succ s ON s.id = o.unit_id JOIN units u ON u.id = s.target
            WHERE u.path LIKE ANY($2)
            GROUP BY u.path, o.year
            ORDER BY o.year, u.path"#,
        campaign_id,
        patterns
    )
    .fetch_all(db)
    .await
}

/// A registration sent in the campaign, and how far it went: the line the unit proposed for its
/// title (if any), the council's result on that line, and whether the registry holds the award.
#[derive(Clone, Debug)]
pub struct Journey {
    pub person_id: i64,
    pub full_name: String,
    pub unit_name: String,
    pub unit_path: String,
    pub title_code: String,
    pub title_vi: String,
    pub title_en: String,
    pub line_status: Option<String>,
    pub council: Option<String>,
    pub awarded: bool,
}

/// Every person's registration sent in campaign `campaign_id` under `patterns`, with its title,
/// the line proposed for that person and title, the council's result on it and the award of the
/// campaign's year in the registry; by unit, then given name.
pub async fn journeys(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
    patterns: &[String],
) -> Result<Vec<Journey>, sqlx::Error> {
    sqlx::query_as!(
        Journey,
        r#"SELECT r.person_id AS "person_id!", pe.full_name::text AS "full_name!", u.name::text AS "unit_name!",
                  u.path AS unit_path, t.code AS title_code, t.name_vi AS title_vi, t.name_en AS title_en,
                  l.status AS "line_status?", a.result AS "council?",
                  EXISTS (SELECT 1 FROM award_history h
                           WHERE h.person_id = r.person_id AND h.year = c.year AND h.title_code = t.code)
                      AS "awarded!"
             FROM registrations r
             JOIN campaigns c ON c.id = r.campaign_id
             JOIN people pe ON pe.id = r.person_id
             JOIN units u ON u.id = r.unit_id
             JOIN titles t ON t.id = r.title_id
             LEFT JOIN LATERAL (
                 SELECT l.id, l.status FROM proposal_lines l
                  WHERE l.campaign_id = r.campaign_id AND l.person_id = r.person_id AND l.title_id = r.title_id
                  ORDER BY l.id DESC LIMIT 1) l ON true
             LEFT JOIN council_agenda a ON a.line_id = l.id
            WHERE r.campaign_id = $1 AND r.person_id IS NOT NULL
              AND r.status IN ('submitted', 'confirmed', 'returned') AND u.path LIKE ANY($2)
            ORDER BY u.path, pe.given_name, pe.full_name, r.id"#,
        campaign_id,
        patterns
    )
    .fetch_all(db)
    .await
}

/// The proposals' way to the registry over a scope: lines sent, accepted, returned and refused by
/// the Office, passed and not passed by the council, and the cash of the year's awards.
#[derive(Clone, Debug, Default)]
pub struct Pipeline {
    pub sent: i64,
    pub accepted: i64,
    pub returned: i64,
    pub rejected: i64,
    pub passed: i64,
    pub failed: i64,
    pub cash: i64,
}

/// The pipeline of campaign `campaign_id` (the year `year`'s cash) over units under `patterns`.
pub async fn pipeline(
    db: impl PgExecutor<'_>,
    CampaignYear {
        campaign: campaign_id,
        year,
    }: CampaignYear,
    patterns: &[String],
) -> Result<Pipeline, sqlx::Error> {
    sqlx::query_as!(
        Pipeline,
        r#"SELECT count(*) FILTER (WHERE l.status <> 'draft') AS "sent!",
                  count(*) FILTER (WHERE l.status = 'accepted') AS "accepted!",
                  count(*) FILTER (WHERE l.status = 'returned') AS "returned!",
                  count(*) FILTER (WHERE l.status = 'rejected') AS "rejected!",
                  count(*) FILTER (WHERE a.result = 'passed') AS "passed!",
                  count(*) FILTER (WHERE a.result = 'failed') AS "failed!",
                  (SELECT coalesce(sum(h.cash), 0)::int8
                     FROM award_history h LEFT JOIN people pe ON pe.id = h.person_id
                     JOIN units hu ON hu.id = coalesce(pe.unit_id, h.unit_id)
                    WHERE h.year = $2 AND hu.path LIKE ANY($3)) AS "cash!"
             FROM proposal_lines l JOIN proposals p ON p.id = l.proposal_id
             JOIN units u ON u.id = p.unit_id
             LEFT JOIN council_agenda a ON a.line_id = l.id
            WHERE l.campaign_id = $1 AND u.path LIKE ANY($3)"#,
        campaign_id,
        year,
        patterns
    )
    .fetch_one(db)
    .await
}

/// The cash of the year `year`'s awards of people and units under `patterns`, in đồng.
pub async fn cash(
    db: impl PgExecutor<'_>,
    year: i32,
    patterns: &[String],
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT coalesce(sum(h.cash), 0)::int8 AS "cash!"
             FROM award_history h LEFT JOIN people pe ON pe.id = h.person_id
             JOIN units hu ON hu.id = coalesce(pe.unit_id, h.unit_id)
            WHERE h.year = $1 AND hu.path LIKE ANY($2)"#,
        year,
        patterns
    )
    .fetch_one(db)
    .await
}

/// The Office's answers to the proposals of units under `patterns` in campaign `campaign_id`: per
/// answer (returned, accepted, rejected) its kind, when the proposal had last been sent before it,
/// and when it was answered.
pub async fn answers(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
    patterns: &[String],
) -> Result<Vec<(String, DateTime<Utc>, DateTime<Utc>)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT e.kind, s.at AS sent, e.at AS answered
             FROM proposal_events e JOIN proposals p ON p.id = e.proposal_id
             JOIN units u ON u.id = p.unit_id
             JOIN LATERAL (
                 SELECT s.at FROM proposal_events s
                  WHERE s.proposal_id = e.proposal_id AND s.kind = 'submitted' AND s.at <= e.at
                  ORDER BY s.at DESC LIMIT 1) s ON true
            WHERE p.campaign_id = $1 AND e.kind IN ('returned', 'accepted', 'rejected')
              AND u.path LIKE ANY($2)
            ORDER BY e.id"#,
        campaign_id,
        patterns
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.kind, r.sent, r.answered))
        .collect())
}

/// The exemplars nominated by units under `patterns`: how many in each status, and of the chosen
/// how many are to be praised, replicated and sent to the province.
pub async fn exemplars(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
    patterns: &[String],
) -> Result<(Vec<(String, i64)>, [i64; 3]), sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT x.status, count(*) AS "n!", count(*) FILTER (WHERE x.praise) AS "praise!",
                  count(*) FILTER (WHERE x.replicate) AS "replicate!",
                  count(*) FILTER (WHERE x.send_province) AS "province!"
             FROM exemplars x JOIN units u ON u.id = x.unit_id
            WHERE x.campaign_id = $1 AND u.path LIKE ANY($2)
            GROUP BY x.status ORDER BY x.status"#,
        campaign_id,
        patterns
    )
    .fetch_all(db)
    .await?;
    let flags = rows.iter().fold([0; 3], |a, r| {
        [a[0] + r.praise, a[1] + r.replicate, a[2] + r.province]
    });
    Ok((rows.into_iter().map(|r| (r.status, r.n)).collect(), flags))
}
