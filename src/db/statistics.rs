//! The year-end review's counts: per title the lines proposed and the year's awards, per unit the
//! year's awards, within scope patterns (LIKE on unit paths).

use crate::domain::statistics::TitleStat;
use sqlx::PgExecutor;

/// Per title of campaign `campaign_id`'s regime: the lines units under `patterns` proposed in it
/// (any status but a draft) and the awards of `year` in the registry to their people and units.
pub async fn titles(
    db: impl PgExecutor<'_>,
    (campaign_id, year): (i64, i32),
    patterns: &[String],
) -> Result<Vec<TitleStat>, sqlx::Error> {
    sqlx::query_as!(
        TitleStat,
        r#"WITH proposed AS (
               SELECT l.title_id, count(*) AS n
                 FROM proposal_lines l JOIN proposals p ON p.id = l.proposal_id
                 JOIN units u ON u.id = p.unit_id
                WHERE p.campaign_id = $1 AND l.status <> 'draft' AND u.path LIKE ANY($3)
                GROUP BY l.title_id),
           awarded AS (
               SELECT h.title_code, count(*) AS n
                 FROM award_history h LEFT JOIN people pe ON pe.id = h.person_id
                 JOIN units u ON u.id = coalesce(pe.unit_id, h.unit_id)
                WHERE h.year = $2 AND u.path LIKE ANY($3)
                GROUP BY h.title_code)
           SELECT t.code, t.name_vi, t.name_en, coalesce(pr.n, 0) AS "proposed!",
                  coalesce(aw.n, 0) AS "awarded!"
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

/// People of one gender and employment category: how many (active, under the patterns), how many
/// sent a registration in the campaign, and their awards of the year.
#[derive(Clone, Debug)]
pub struct GroupStat {
    pub gender: String,
    pub category: String,
    pub people: i64,
    pub registered: i64,
    pub awarded: i64,
}

/// The active people under `patterns` by gender and employment category, with their registrations
/// sent in campaign `campaign_id` and their awards of `year`.
pub async fn by_group(
    db: impl PgExecutor<'_>,
    (campaign_id, year): (i64, i32),
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
