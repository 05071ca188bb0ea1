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
